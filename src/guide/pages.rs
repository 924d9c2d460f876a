//! The guide "Vart ska jag vända mig?" on the site. The data and its checks live in
//! [`crate::guide`]; this module makes the pages and the template values.
//!
//! The guide is a section, `/vart-ska-jag-vanda-mig/` (`content/vart-ska-jag-vanda-mig/_index.md`
//! if present gives its title, text and menu `weight`, else the theme's words do), and each
//! situation is a page of it, `/vart-ska-jag-vanda-mig/<id>/`, with the answer for every time
//! band: the whole decision path is plain links and works without JavaScript. `guide.js`
//! only marks the band that applies now and, on the guide page, lists the units open now.
//!
//! Templates read the guide through `guide()` and `guide_situation(id=...)`.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde_json::json;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::error::Diagnostic;
use crate::feature::{Feature, Shared};
use crate::guide::{self, Band, Body, GuideData, HoursFrom, Level, Situation};
use crate::page::{Document, FrontMatter, Kind as DocKind, SortBy};
use crate::site::Site;
use crate::slug::swedish_sort_key;
use crate::source::{Sources, TextFile};
use crate::unit::views::{HoursText, page_of, week_lines};
use crate::unit::{self, DayRule, UnitData};
use crate::view::{Translations, Words, obj, opt, script_json, tel_href, word};

const SECTION: &str = "vart-ska-jag-vanda-mig/_index.md";
/// The overview page: `content/vart-ska-jag-vanda-mig/oversikt.md` if the content has it.
const OVERVIEW_REL: &str = "vart-ska-jag-vanda-mig/oversikt.md";

/// Loads the guide's files; `None` for a site without them.
pub fn load(data: &[TextFile], units: Option<&UnitData>) -> Option<GuideData> {
    let files: Vec<(PathBuf, &str)> = data
        .iter()
        .filter(|f| f.rel.parent() == Some(Path::new(guide::DIR)))
        .map(|f| (Path::new("content").join(&f.rel), f.text.as_str()))
        .collect();
    (!files.is_empty()).then(|| guide::load(&files, units))
}

/// `tel:` for a number: short numbers (112, 1177) as they are, others in international form.
fn tel(phone: &str) -> String {
    let t = phone.trim_start();
    if t.starts_with('0') || t.starts_with('+') {
        tel_href(phone)
    } else {
        format!(
            "tel:{}",
            t.chars().filter(char::is_ascii_digit).collect::<String>()
        )
    }
}

fn situation_rel(id: &str) -> String {
    format!("{}/{id}.md", guide::DIR)
}

/// Adds the guide section (unless the content has its `_index.md`) and a page per situation.
pub fn add_documents(docs: &mut Vec<Arc<Document>>, g: &GuideData, t: &Translations) {
    let mut f = FrontMatter::titled(word(t, "guide_title"));
    f.template = Some("guide.html".into());
    f.sort_by = Some(SortBy::Weight);
    f.weight = Some(0);
    let display = g.levels_path.clone();
    Document::adopt_or_add(docs, SECTION, display, DocKind::Section, f, true);
    // The levels and every situation's answers, on a page of their own so the guide page
    // stays a short list of situations (issue 15: it was 14,000 px tall at 375 px).
    let mut f = FrontMatter::titled(word(t, "guide_overview_title"));
    f.template = Some("guide-overview.html".into());
    f.weight = Some(g.situations.len() as i64);
    f.description = word(t, "guide_overview_description");
    let display = g.levels_path.clone();
    Document::adopt_or_add(docs, OVERVIEW_REL, display, DocKind::Page, f, false);
    let mut seen = HashSet::from([guide::OVERVIEW]);
    for (i, s) in g.situations.iter().enumerate() {
        if !seen.insert(s.id.as_str()) {
            continue;
        }
        let mut f = FrontMatter::titled(s.title.clone());
        f.template = Some("guide-situation.html".into());
        f.weight = Some(i as i64);
        f.description = format!("{} {}", word(t, "guide_situation_description"), s.title);
        f.extra.insert("situation".into(), json!(s.id));
        docs.push(Arc::new(Document::generated(
            PathBuf::from(situation_rel(&s.id)),
            g.situations_path.clone(),
            DocKind::Page,
            f,
        )));
    }
}

fn strings(items: &[String]) -> Value {
    Value::from(
        items
            .iter()
            .map(|s| Value::from(s.as_str()))
            .collect::<Vec<_>>(),
    )
}

/// The read-only values the template functions hand out.
pub struct GuideViews {
    guide: Value,
    situations: HashMap<String, Value>,
}

struct Ctx<'a> {
    site: &'a Site,
    g: &'a GuideData,
    units: Option<&'a UnitData>,
    w: Words<'a>,
    /// Where the levels are described: their links point here.
    overview_path: String,
}

impl Ctx<'_> {
    fn band_heading(&self, b: Band) -> String {
        self.w.get(&format!("guide_band_{}", b.key()))
    }

    /// A level as a link: `{id, name, tag, href}`.
    fn level_link(&self, id: &str) -> Value {
        match self.g.level(id) {
            Some(l) => obj([
                ("id", Value::from(l.id.as_str())),
                ("name", Value::from(l.name.as_str())),
                ("tag", Value::from(l.tag.as_str())),
                (
                    "href",
                    Value::from(format!("{}#{}", self.overview_path, l.id)),
                ),
            ]),
            None => Value::none(),
        }
    }

    fn level(&self, l: &Level) -> Value {
        let region = self.units.map(|u| &u.region);
        let hours = match (l.hours_from, region) {
            (Some(HoursFrom::RegionOpening), Some(r)) => week_lines(&self.w, &r.opening),
            (Some(HoursFrom::RegionPhone), Some(r)) => week_lines(&self.w, &r.phone_hours),
            _ => Value::from(Vec::<Value>::new()),
        };
        let mut units: Vec<(String, Value)> = Vec::new();
        if let Some(data) = self.units {
            for id in &l.units {
                let (Some((u, _)), Some((path, _))) = (data.unit(id), page_of(self.site, id))
                else {
                    continue;
                };
                let holidays = match &u.holiday_rule {
                    DayRule::Tider(spans) => Some(spans.as_slice()),
                    DayRule::Stangt => Some(&[][..]),
                    DayRule::Ordinarie | DayRule::Helgdagstider => None,
                }
                .map(|spans| {
                    format!("{} {}", self.w.get("guide_holidays"), self.w.hours(spans))
                        .to_lowercase()
                });
                let show_hours = l.hours_from == Some(HoursFrom::Units);
                units.push((
                    swedish_sort_key(&u.name),
                    obj([
                        ("id", Value::from(u.id.as_str())),
                        ("name", Value::from(u.name.as_str())),
                        ("path", Value::from(path)),
                        ("municipality", Value::from(u.municipality.as_str())),
                        ("phone", Value::from(u.phone.as_str())),
                        ("phone_href", Value::from(tel_href(&u.phone))),
                        (
                            "hours",
                            if show_hours {
                                week_lines(&self.w, &u.opening)
                            } else {
                                Value::from(Vec::<Value>::new())
                            },
                        ),
                        (
                            "holidays",
                            holidays
                                .filter(|_| show_hours)
                                .map_or(Value::none(), Value::from),
                        ),
                    ]),
                ));
            }
        }
        units.sort_by(|a, b| a.0.cmp(&b.0));
        let c = &l.contact;
        obj([
            ("id", Value::from(l.id.as_str())),
            ("name", Value::from(l.name.as_str())),
            ("tag", Value::from(l.tag.as_str())),
            ("text", Value::from(l.text.as_str())),
            (
                "href",
                Value::from(format!("{}#{}", self.overview_path, l.id)),
            ),
            ("when", strings(&l.when)),
            (
                "when_not",
                Value::from(
                    l.when_not
                        .iter()
                        .map(|(text, instead)| {
                            obj([
                                ("text", Value::from(text.as_str())),
                                ("level", self.level_link(instead)),
                            ])
                        })
                        .collect::<Vec<_>>(),
                ),
            ),
            ("phone", opt(&c.phone)),
            (
                "phone_href",
                c.phone
                    .as_deref()
                    .map_or(Value::none(), |p| Value::from(tel(p))),
            ),
            (
                "link",
                c.link.as_ref().map_or(Value::none(), |k| {
                    obj([
                        ("text", Value::from(k.text.as_str())),
                        ("url", Value::from(k.url.as_str())),
                    ])
                }),
            ),
            ("contact_text", opt(&c.text)),
            ("hours_text", opt(&l.hours_text)),
            ("hours", hours),
            (
                "units",
                Value::from(units.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
            ),
        ])
    }

    fn situation_path(&self, id: &str) -> String {
        self.site
            .links
            .id_of(&situation_rel(id))
            .map(|i| self.site.pages[i].path.clone())
            .unwrap_or_default()
    }

    fn situation(&self, s: &Situation) -> Value {
        let question = match &s.body {
            Body::Question { text, choices } => obj([
                ("text", Value::from(text.as_str())),
                (
                    "choices",
                    Value::from(
                        choices
                            .iter()
                            .map(|c| {
                                obj([
                                    ("text", Value::from(c.text.as_str())),
                                    ("path", Value::from(self.situation_path(&c.target))),
                                ])
                            })
                            .collect::<Vec<_>>(),
                    ),
                ),
            ]),
            Body::Answers(_) => Value::none(),
        };
        let answers: Vec<Value> = Band::ALL
            .into_iter()
            .filter_map(|b| {
                let a = s.answer(b)?;
                Some(obj([
                    ("band", Value::from(b.key())),
                    ("heading", Value::from(self.band_heading(b))),
                    ("level", self.level_link(&a.level)),
                    ("text", Value::from(a.text.as_str())),
                ]))
            })
            .collect();
        obj([
            ("id", Value::from(s.id.as_str())),
            ("title", Value::from(s.title.as_str())),
            ("path", Value::from(self.situation_path(&s.id))),
            ("text", opt(&s.text)),
            ("danger", strings(&s.danger)),
            ("question", question),
            ("answers", Value::from(answers)),
        ])
    }

    /// The browser's data: the bands of the horizon as instants, the words to show, and
    /// (with `units`) the open intervals of the units of the levels recommended in a band.
    fn script_data(&self, build_date: Date, with_units: bool) -> serde_json::Value {
        let region = self.units.map(|u| &u.region);
        let segments = guide::segments(build_date, unit::HORIZON_DAYS, region);
        let labels: serde_json::Map<String, serde_json::Value> = Band::ALL
            .into_iter()
            .map(|b| {
                (
                    b.key().to_string(),
                    json!(format!(
                        "{}: {}",
                        self.w.get("guide_now"),
                        self.band_heading(b)
                    )),
                )
            })
            .collect();
        let seg_json: Vec<serde_json::Value> = segments
            .iter()
            .map(|s| {
                let mut v = vec![
                    json!(s.start.as_millisecond()),
                    json!(s.end.as_millisecond()),
                    json!(s.band.key()),
                ];
                if let Some(n) = &s.note {
                    v.push(json!(n));
                }
                serde_json::Value::Array(v)
            })
            .collect();
        // `units` and `listed` (the bands in which some unit is listed) are always there.
        // Past `stale_ms` the script shows `stale_label` instead of a band that may be wrong.
        let built = unit::resolve::midnight(build_date);
        let mut out = json!({
            "segments": seg_json,
            "labels": labels,
            "units": [],
            "listed": [],
            "built_ms": built.as_millisecond(),
            "stale_ms": crate::unit::views::stale_ms(self.site, built),
            "stale_label": self.w.get("guide_stale"),
        });
        let (true, Some(data)) = (with_units, self.units) else {
            return out;
        };
        // The bands in which each level is recommended by some situation.
        let mut bands_of: BTreeMap<&str, Vec<Band>> = BTreeMap::new();
        for s in &self.g.situations {
            for b in Band::ALL {
                if let Some(a) = s.answer(b) {
                    let list = bands_of.entry(a.level.as_str()).or_default();
                    if !list.contains(&b) {
                        list.push(b);
                    }
                }
            }
        }
        let mut units: Vec<serde_json::Value> = Vec::new();
        let mut seen = HashSet::new();
        let words = crate::unit::views::now_words(&self.w);
        for l in &self.g.levels {
            let Some(bands) = bands_of.get(l.id.as_str()) else {
                continue;
            };
            for id in &l.units {
                let (Some((u, cal)), Some((path, _))) = (data.unit(id), page_of(self.site, id))
                else {
                    continue;
                };
                if !seen.insert(id.as_str()) {
                    continue;
                }
                // An emergency department is open whatever the band, and is where residents
                // go at night in every band: listed in all of them, so the guide never says
                // no unit is open while it is.
                let all = Band::ALL.to_vec();
                let bands = if u.kind == unit::Kind::Akutmottagning {
                    &all
                } else {
                    bands
                };
                // Only the intervals that meet a stretch of a band the unit is listed in.
                let listed: Vec<&guide::Segment> = segments
                    .iter()
                    .filter(|s| bands.contains(&s.band))
                    .collect();
                let open: Vec<serde_json::Value> = unit::open_now(cal, &words)
                    .intervals
                    .into_iter()
                    .filter(|iv| {
                        listed.iter().any(|s| {
                            iv.start_ms < s.end.as_millisecond()
                                && s.start.as_millisecond() < iv.end_ms
                        })
                    })
                    .map(|iv| json!([iv.start_ms, iv.end_ms, iv.open_label]))
                    .collect();
                let mut bands: Vec<&str> = bands.iter().map(|b| b.key()).collect();
                bands.sort_unstable();
                units.push(json!({ "name": u.name, "path": path, "bands": bands, "open": open }));
            }
        }
        let listed: BTreeSet<&str> = units
            .iter()
            .filter_map(|u| u["bands"].as_array())
            .flatten()
            .filter_map(|b| b.as_str())
            .collect();
        out["listed"] = json!(listed);
        out["units"] = json!(units);
        out
    }
}

/// Builds the guide's template values once.
pub fn views(
    site: &Site,
    g: &GuideData,
    units: Option<&UnitData>,
    t: &Translations,
    build_date: Date,
) -> GuideViews {
    let path_of = |rel: &str| {
        site.links
            .id_of(rel)
            .map(|i| site.pages[i].path.clone())
            .unwrap_or_default()
    };
    let guide_path = path_of(SECTION);
    let overview_path = path_of(OVERVIEW_REL);
    let cx = Ctx {
        site,
        g,
        units,
        w: Words { t },
        overview_path: overview_path.clone(),
    };
    let situations: HashMap<String, Value> = g
        .situations
        .iter()
        .map(|s| (s.id.clone(), cx.situation(s)))
        .collect();
    let entries: Vec<Value> = g
        .entries()
        .into_iter()
        .filter_map(|s| situations.get(&s.id).cloned())
        .collect();
    let all: Vec<Value> = g
        .situations
        .iter()
        .filter_map(|s| situations.get(&s.id).cloned())
        .collect();
    let bands: Vec<Value> = Band::ALL
        .into_iter()
        .map(|b| {
            obj([
                ("key", Value::from(b.key())),
                ("heading", Value::from(cx.band_heading(b))),
            ])
        })
        .collect();
    let guide = obj([
        ("path", Value::from(guide_path)),
        ("overview_path", Value::from(overview_path)),
        (
            "emergency",
            g.level(&g.emergency).map_or(Value::none(), |l| cx.level(l)),
        ),
        (
            "levels",
            Value::from(g.levels.iter().map(|l| cx.level(l)).collect::<Vec<_>>()),
        ),
        ("entries", Value::from(entries)),
        ("situations", Value::from(all)),
        ("bands", Value::from(bands)),
        ("data", script_json(&cx.script_data(build_date, true))),
        ("band_data", script_json(&cx.script_data(build_date, false))),
        ("updated", cx.w.date_value(build_date)),
    ]);
    GuideViews { guide, situations }
}

/// Registers `guide()` and `guide_situation(id=...)`. Without guide data they exist (the
/// theme's templates call them) and say that the site has no guide.
pub fn register(tera: &mut Tera, views: Option<Arc<GuideViews>>) {
    fn none() -> tera::Error {
        tera::Error::message(format!(
            "this site has no guide (content/{}/{})",
            guide::DIR,
            guide::LEVELS_FILE
        ))
    }
    let v = views.clone();
    tera.register_function("guide", move |_: Kwargs, _: &State| -> TeraResult<Value> {
        Ok(v.as_ref().ok_or_else(none)?.guide.clone())
    });
    let v = views;
    tera.register_function(
        "guide_situation",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let v = v.as_ref().ok_or_else(none)?;
            let id = kwargs.must_get::<&str>("id")?;
            crate::view::by_id(&v.situations, id, "situation")
        },
    );
}

/// The guide as a feature of the site (see [`Feature`]).
pub struct Guide {
    units: Option<Arc<UnitData>>,
    data: Option<GuideData>,
    views: Option<Arc<GuideViews>>,
}

impl Guide {
    pub fn new(units: Option<Arc<UnitData>>) -> Guide {
        Guide {
            units,
            data: None,
            views: None,
        }
    }
}

impl Feature for Guide {
    fn add_documents(
        &mut self,
        sources: &Sources,
        docs: &mut Vec<Arc<Document>>,
        shared: &Shared<'_>,
    ) -> Vec<Diagnostic> {
        self.data = load(&sources.data, self.units.as_deref());
        let Some(g) = &self.data else {
            return Vec::new();
        };
        add_documents(docs, g, shared.translations);
        g.diagnostics.clone()
    }

    fn prepare(&mut self, site: &Site, shared: &Shared<'_>) -> Vec<Diagnostic> {
        self.views = self.data.as_ref().map(|g| {
            Arc::new(views(
                site,
                g,
                self.units.as_deref(),
                shared.translations,
                shared.build_date,
            ))
        });
        Vec::new()
    }

    fn register(&self, tera: &mut Tera) {
        register(tera, self.views.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_numbers_are_dialled_as_they_are() {
        assert_eq!(tel("112"), "tel:112");
        assert_eq!(tel("1177"), "tel:1177");
        assert_eq!(tel("070-174 06 05"), "tel:+46701740605");
    }
}
