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

use crate::config::Language;
use crate::error::Diagnostic;
use crate::feature::{Feature, Shared};
use crate::guide::{self, Band, Body, GuideData, HoursFrom, Level, Localized, Situation};
use crate::page::{Document, FrontMatter, Kind as DocKind, SortBy};
use crate::site::Site;
use crate::slug::swedish_sort_key;
use crate::source::{Sources, TextFile};
use crate::unit::views::{HoursText, page_in, week_lines};
use crate::unit::{self, DayRule, UnitData};
use crate::view::{PerLanguage, Translations, Words, obj, opt, script_json, tel_href, word};

const SECTION: &str = "vart-ska-jag-vanda-mig/_index.md";
/// The overview page: `content/vart-ska-jag-vanda-mig/oversikt.md` if the content has it.
const OVERVIEW_REL: &str = "vart-ska-jag-vanda-mig/oversikt.md";

/// Loads the guide's files; `None` for a site without them. `languages` are the site's
/// language codes, the default first: the languages translations may be given in.
pub fn load(data: &[TextFile], units: Option<&UnitData>, languages: &[&str]) -> Option<GuideData> {
    let files: Vec<(PathBuf, &str)> = data
        .iter()
        .filter(|f| f.rel.parent() == Some(Path::new(guide::DIR)))
        .map(|f| (Path::new("content").join(&f.rel), f.text.as_str()))
        .collect();
    (!files.is_empty()).then(|| guide::load_in(&files, units, languages))
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

/// `rel` in the language whose content files end in `suffix` (`.md`, `.en.md`).
fn rel_in(rel: &str, suffix: &str) -> String {
    format!("{}{suffix}", rel.trim_end_matches(".md"))
}

/// Adds the guide in every language whose entry page is translated
/// (`vart-ska-jag-vanda-mig/_index.en.md`): its pages are the entry page, the overview and
/// the situations whose title is translated. A resident on /en/ meets English guidance or
/// none, never Swedish advice under an English address.
pub fn add_documents(
    docs: &mut Vec<Arc<Document>>,
    g: &GuideData,
    languages: &[(Language, Translations)],
) {
    let default = languages.first().map_or("sv", |(l, _)| l.code.as_str());
    for (i, (l, t)) in languages.iter().enumerate() {
        let suffix = if i == 0 {
            ".md".to_string()
        } else {
            format!(".{}.md", l.code)
        };
        let entry = rel_in(SECTION, &suffix);
        if i > 0 && !docs.iter().any(|d| d.rel == Path::new(&entry)) {
            continue;
        }
        add_language(docs, g, t, &suffix, (&l.code, default));
    }
}

/// The guide's pages of one language, whose content paths end in `suffix`; `(code,
/// default)` are its code and the default language's.
fn add_language(
    docs: &mut Vec<Arc<Document>>,
    g: &GuideData,
    t: &Translations,
    suffix: &str,
    (code, default): (&str, &str),
) {
    let mut f = FrontMatter::titled(word(t, "guide_title"));
    let more = f.more_mut();
    more.template = Some("guide.html".into());
    more.sort_by = Some(SortBy::Weight);
    more.weight = Some(0);
    let display = g.levels_path.clone();
    Document::adopt_or_add(
        docs,
        &rel_in(SECTION, suffix),
        display,
        DocKind::Section,
        f,
        true,
    );
    // The levels and every situation's answers, on a page of their own so the guide page
    // stays a short list of situations (issue 15: it was 14,000 px tall at 375 px).
    let mut f = FrontMatter::titled(word(t, "guide_overview_title"));
    let more = f.more_mut();
    more.template = Some("guide-overview.html".into());
    more.weight = Some(g.situations.len() as i64);
    f.description = word(t, "guide_overview_description");
    let display = g.levels_path.clone();
    Document::adopt_or_add(
        docs,
        &rel_in(OVERVIEW_REL, suffix),
        display,
        DocKind::Page,
        f,
        false,
    );
    let mut seen = HashSet::from([guide::OVERVIEW]);
    for (i, s) in g.situations.iter().enumerate() {
        if !seen.insert(s.id.as_str()) || !s.in_language(code, default) {
            continue;
        }
        let title = s.title.in_language(code).0;
        let mut f = FrontMatter::titled(title.to_string());
        let more = f.more_mut();
        more.template = Some("guide-situation.html".into());
        more.weight = Some(i as i64);
        more.extra.insert("situation".into(), json!(s.id));
        f.description = format!("{} {title}", word(t, "guide_situation_description"));
        docs.push(Arc::new(Document::generated(
            PathBuf::from(rel_in(&situation_rel(&s.id), suffix)),
            g.situations_path.clone(),
            DocKind::Page,
            f,
        )));
    }
}

/// The read-only values the template functions hand out, in one language.
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
    /// The language's index into `site.languages`, its code and the default's code.
    lang: usize,
    code: &'a str,
    default: &'a str,
}

impl Ctx<'_> {
    /// A text in the page's language, or the default language's when not translated.
    fn tr(&self, l: &Localized) -> Value {
        Value::from(l.in_language(self.code).0)
    }

    /// The `lang` attribute for [`Ctx::tr`]'s text: the default's code where it stands in.
    fn tr_lang(&self, l: &Localized) -> Value {
        l.lang_attr(self.code, self.default)
            .map_or(Value::none(), Value::from)
    }

    /// `lang` for several texts shown together: the default language's unless all are
    /// translated, and then all of them are shown in the default language.
    fn all_lang<'l>(&self, texts: impl IntoIterator<Item = &'l Localized>) -> Option<&str> {
        texts
            .into_iter()
            .any(|l| l.lang_attr(self.code, self.default).is_some())
            .then_some(self.default)
    }

    /// Texts shown together (a list), all in the page's language or all in the default's.
    fn tr_all(&self, texts: &[Localized]) -> (Value, Value) {
        let fallback = self.all_lang(texts);
        let shown = texts
            .iter()
            .map(|l| {
                Value::from(match fallback {
                    Some(_) => l.text.as_str(),
                    None => l.in_language(self.code).0,
                })
            })
            .collect::<Vec<_>>();
        (
            Value::from(shown),
            fallback.map_or(Value::none(), Value::from),
        )
    }

    /// A level's `tag: name` and its `lang`, in one language so the pair reads as one.
    fn level_name(&self, l: &Level) -> [(&'static str, Value); 3] {
        let fallback = self.all_lang([&l.name, &l.tag]);
        let pick = |t: &Localized| {
            Value::from(match fallback {
                Some(_) => t.text.as_str(),
                None => t.in_language(self.code).0,
            })
        };
        [
            ("name", pick(&l.name)),
            ("tag", pick(&l.tag)),
            ("name_lang", fallback.map_or(Value::none(), Value::from)),
        ]
    }

    fn band_heading(&self, b: Band) -> String {
        self.w.get(&format!("guide_band_{}", b.key()))
    }

    /// A level as a link: `{id, name, tag, href}`.
    fn level_link(&self, id: &str) -> Value {
        match self.g.level(id) {
            Some(l) => {
                let [name, tag, name_lang] = self.level_name(l);
                obj([
                    ("id", Value::from(l.id.as_str())),
                    name,
                    tag,
                    name_lang,
                    (
                        "href",
                        Value::from(format!("{}#{}", self.overview_path, l.id)),
                    ),
                ])
            }
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
                let (Some((u, _)), Some((path, _))) =
                    (data.unit(id), page_in(self.site, id, self.lang))
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
        let [name, tag, name_lang] = self.level_name(l);
        let (when, when_lang) = self.tr_all(&l.when);
        obj([
            ("id", Value::from(l.id.as_str())),
            name,
            tag,
            name_lang,
            ("text", self.tr(&l.text)),
            ("text_lang", self.tr_lang(&l.text)),
            (
                "href",
                Value::from(format!("{}#{}", self.overview_path, l.id)),
            ),
            ("when", when),
            ("when_lang", when_lang),
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
            (
                "contact_text",
                c.text.as_ref().map_or(Value::none(), |t| self.tr(t)),
            ),
            (
                "contact_text_lang",
                c.text.as_ref().map_or(Value::none(), |t| self.tr_lang(t)),
            ),
            ("hours_text", opt(&l.hours_text)),
            ("hours", hours),
            (
                "units",
                Value::from(units.into_iter().map(|(_, v)| v).collect::<Vec<_>>()),
            ),
        ])
    }

    /// The situation's page in this language, or the default language's page with its
    /// code (for `hreflang`) when the situation is not translated.
    fn situation_link(&self, id: &str) -> (String, Value) {
        let Some(i) = self.site.links.id_of(&situation_rel(id)) else {
            return (String::new(), Value::none());
        };
        match self.site.translation(i, self.lang) {
            Some(t) => (self.site.pages[t].path().to_string(), Value::none()),
            None => (
                self.site.pages[i].path().to_string(),
                Value::from(self.default),
            ),
        }
    }

    fn situation_path(&self, id: &str) -> String {
        self.situation_link(id).0
    }

    fn situation(&self, s: &Situation) -> Value {
        let question = match &s.body {
            Body::Question { text, choices } => obj([
                ("text", self.tr(text)),
                ("text_lang", self.tr_lang(text)),
                (
                    "choices",
                    Value::from(
                        choices
                            .iter()
                            .map(|c| {
                                let (path, hreflang) = self.situation_link(&c.target);
                                obj([
                                    ("text", self.tr(&c.text)),
                                    ("text_lang", self.tr_lang(&c.text)),
                                    ("path", Value::from(path)),
                                    ("hreflang", hreflang),
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
                    ("text", self.tr(&a.text)),
                    ("text_lang", self.tr_lang(&a.text)),
                ]))
            })
            .collect();
        let (danger, danger_lang) = self.tr_all(&s.danger);
        obj([
            ("id", Value::from(s.id.as_str())),
            ("title", self.tr(&s.title)),
            ("title_lang", self.tr_lang(&s.title)),
            ("path", Value::from(self.situation_path(&s.id))),
            (
                "text",
                s.text.as_ref().map_or(Value::none(), |t| self.tr(t)),
            ),
            (
                "text_lang",
                s.text.as_ref().map_or(Value::none(), |t| self.tr_lang(t)),
            ),
            ("danger", danger),
            ("danger_lang", danger_lang),
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
                let (Some((u, cal)), Some((path, _))) =
                    (data.unit(id), page_in(self.site, id, self.lang))
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

/// Builds the guide's template values once, in the language `lang` (an index into
/// `site.languages`).
pub fn views(
    site: &Site,
    g: &GuideData,
    units: Option<&UnitData>,
    t: &Translations,
    build_date: Date,
    lang: usize,
) -> GuideViews {
    // The page in this language, or the default's where the language has none.
    let path_of = |rel: &str| {
        site.links
            .id_of(rel)
            .map(|i| site.translation(i, lang).unwrap_or(i))
            .map(|i| site.pages[i].path().to_string())
            .unwrap_or_default()
    };
    let guide_path = path_of(SECTION);
    let overview_path = path_of(OVERVIEW_REL);
    let code = |i: usize| site.languages.get(i).map_or("", |l| l.code.as_str());
    let cx = Ctx {
        site,
        g,
        units,
        w: Words { t },
        overview_path: overview_path.clone(),
        lang,
        code: code(lang),
        default: code(0),
    };
    let situations: HashMap<String, Value> = g
        .situations
        .iter()
        .filter(|s| s.in_language(cx.code, cx.default))
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
        // The language of the levels' texts that cannot be translated (examples, hours,
        // contact), for their `lang` on pages in other languages.
        (
            "source_lang",
            if lang == 0 {
                Value::none()
            } else {
                Value::from(cx.default)
            },
        ),
    ]);
    GuideViews { guide, situations }
}

/// Registers `guide()` and `guide_situation(id=...)`. Without guide data they exist (the
/// theme's templates call them) and say that the site has no guide.
pub fn register(tera: &mut Tera, views: Option<Arc<PerLanguage<GuideViews>>>) {
    fn none() -> tera::Error {
        tera::Error::message(format!(
            "this site has no guide (content/{}/{})",
            guide::DIR,
            guide::LEVELS_FILE
        ))
    }
    let v = views.clone();
    tera.register_function(
        "guide",
        move |_: Kwargs, state: &State| -> TeraResult<Value> {
            Ok(v.as_ref().ok_or_else(none)?.pick(state).guide.clone())
        },
    );
    let v = views;
    tera.register_function(
        "guide_situation",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let v = v.as_ref().ok_or_else(none)?.pick(state);
            let id = kwargs.must_get::<&str>("id")?;
            crate::view::by_id(&v.situations, id, "situation")
        },
    );
}

/// The guide as a feature of the site (see [`Feature`]).
pub struct Guide {
    units: Option<Arc<UnitData>>,
    data: Option<GuideData>,
    views: Option<Arc<PerLanguage<GuideViews>>>,
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
        let codes: Vec<&str> = shared
            .languages
            .iter()
            .map(|(l, _)| l.code.as_str())
            .collect();
        self.data = load(&sources.data, self.units.as_deref(), &codes);
        let Some(g) = &self.data else {
            return Vec::new();
        };
        add_documents(docs, g, shared.languages);
        g.diagnostics.clone()
    }

    fn prepare(&mut self, site: &Site, shared: &Shared<'_>) -> Vec<Diagnostic> {
        self.views = self.data.as_ref().map(|g| {
            Arc::new(PerLanguage::build(
                shared.translations,
                shared.languages,
                |lang, t| views(site, g, self.units.as_deref(), t, shared.build_date, lang),
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
