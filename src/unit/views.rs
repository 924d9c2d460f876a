//! The care units' template values: each unit's view (hours, closures, phones, weekly
//! tables), the A–Ö groups, the Helgöppet page, and the template functions that hand them
//! out. Every value is built once and shared.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use rayon::prelude::*;
use serde_json::json;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::calendar;
use crate::site::Site;
use crate::slug::swedish_sort_key;
use crate::unit::{self, DaySource, Kind, Referral, Span, Unit, UnitCalendar, UnitData, Week};
use crate::view::{Translations, Words, capitalise, obj, opt, script_json, tel_href};

use super::pages::{DIR, kind_key};

/// A day's hours in words: "07.30–17.00, 18.00–20.00", "Stängt" or "Dygnet runt".
pub(crate) trait HoursText {
    fn hours(&self, spans: &[Span]) -> String;
}

impl HoursText for Words<'_> {
    fn hours(&self, spans: &[Span]) -> String {
        if spans.is_empty() {
            return self.get("unit_closed");
        }
        if spans == [Span::new(unit::Clock::MIDNIGHT, unit::Clock::END_OF_DAY)] {
            return self.get("unit_around_the_clock");
        }
        spans
            .iter()
            .map(Span::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The "open now" words from the theme's translations.
pub(crate) fn now_words(w: &Words) -> unit::NowWords {
    unit::NowWords::from_lookup(|key| w.get(key))
}

/// A plain link to the place on OpenStreetMap: nothing is loaded until the resident asks.
fn map_url(c: unit::Coordinates) -> String {
    format!(
        "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}",
        lat = c.lat,
        lon = c.lon
    )
}

/// The read-only unit values the template functions hand out.
pub struct UnitViews {
    by_id: HashMap<String, Value>,
    /// Sorted A–Ö by municipality, then by name: (municipality, kind, weekend-open, view).
    ordered: Vec<(String, Kind, bool, Value)>,
    groups: Value,
    weekend_groups: Value,
    helgoppet: Value,
}

/// Page path and permalink of a unit, from the model.
pub(crate) fn page_of<'s>(site: &'s Site, id: &str) -> Option<(&'s str, &'s str)> {
    page_in(site, id, 0)
}

/// Page path and permalink of a unit's page in a language (an index into `site.languages`).
pub(crate) fn page_in<'s>(site: &'s Site, id: &str, lang: usize) -> Option<(&'s str, &'s str)> {
    let i = site.links.id_of(&format!("{DIR}/{id}.md"))?;
    let p = &site.pages[site.translation(i, lang)?];
    Some((p.path(), p.permalink()))
}

fn link(site: &Site, data: &UnitData, id: &str, lang: usize) -> Value {
    match (data.unit(id), page_in(site, id, lang)) {
        (Some((u, _)), Some((path, _))) => obj([
            ("id", Value::from(id)),
            ("name", Value::from(u.name.as_str())),
            ("path", Value::from(path)),
            ("phone", Value::from(u.phone.as_str())),
            ("phone_href", Value::from(tel_href(&u.phone))),
        ]),
        _ => Value::none(),
    }
}

/// Whether residents find the unit open at weekends: the weekend-open health centres.
fn weekend_open(u: &Unit) -> bool {
    u.kind == Kind::HelgoppenHalsocentral
}

/// Rows of a weekly table: the day, the unit's hours and its telephone hours.
fn week_rows(w: &Words, opening: &Week, phone: &Week) -> Value {
    Value::from(
        (0..7)
            .map(|i| {
                obj([
                    ("day", Value::from(capitalise(&w.weekday(i)))),
                    ("hours", Value::from(w.hours(opening.day(i)))),
                    ("phone", Value::from(w.hours(phone.day(i)))),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// "måndag–fredag 07.30–17.00" lines of a weekly profile, open days only.
pub(crate) fn week_lines(w: &Words, week: &Week) -> Value {
    Value::from(
        week.groups()
            .into_iter()
            .filter(|(_, _, spans)| !spans.is_empty())
            .map(|(a, b, spans)| {
                let days = if a == b {
                    w.weekday(a)
                } else {
                    format!("{}–{}", w.weekday(a), w.weekday(b))
                };
                Value::from(format!("{days} {}", w.hours(spans)))
            })
            .collect::<Vec<_>>(),
    )
}

/// The page's language code and the site's default one, for texts that may be translated.
#[derive(Clone, Copy)]
struct Langs<'a> {
    code: &'a str,
    default: &'a str,
}

impl<'a> Langs<'a> {
    fn of(site: &'a Site, lang: usize) -> Langs<'a> {
        let code = |i: usize| site.languages.get(i).map_or("", |l| l.code.as_str());
        Langs {
            code: code(lang),
            default: code(0),
        }
    }
}

fn day_value(w: &Words, day: &unit::CalendarDay, u: &Unit, langs: Langs) -> Value {
    let reason = match day.source {
        DaySource::Avvikelse(i) => u.deviations.get(i).and_then(|d| d.reason_in.as_ref()),
        _ => None,
    };
    let reason = reason.cloned();
    obj([
        ("date", w.date_value(day.date)),
        ("hours", Value::from(w.hours(&day.hours))),
        ("open", Value::from(!day.hours.is_empty())),
        ("phone", Value::from(w.hours(&day.phone))),
        (
            "emergency",
            day.emergency
                .as_ref()
                .map_or(Value::none(), |e| Value::from(w.hours(e))),
        ),
        ("note", note(w, day, &reason, langs)),
        (
            "note_lang",
            fallback_lang(&reason, langs.code, langs.default),
        ),
    ])
}

/// A free text in the page's language, or the unit's own (Swedish) text.
fn localized(text: &Option<unit::Localized>, code: &str) -> Value {
    text.as_ref()
        .map_or(Value::none(), |t| Value::from(t.in_language(code).0))
}

/// The language of a free text shown on a page in another language because it has no
/// translation, for its `lang` attribute; none when the text is in the page's language.
fn fallback_lang(text: &Option<unit::Localized>, code: &str, default_code: &str) -> Value {
    text.as_ref()
        .and_then(|t| t.lang_attr(code, default_code))
        .map_or(Value::none(), Value::from)
}

/// Why a day differs: a holiday's or eve's name in the page's language, or the deviation's
/// reason as the editor wrote it.
fn note(
    w: &Words,
    day: &unit::CalendarDay,
    reason: &Option<unit::Localized>,
    langs: Langs,
) -> Value {
    match day.source {
        DaySource::Helgdag(h) => Value::from(w.day_off_name(calendar::DayOff::Holiday(h))),
        DaySource::Afton(e) => Value::from(w.day_off_name(calendar::DayOff::Eve(e))),
        DaySource::Avvikelse(_) if reason.is_some() => localized(reason, langs.code),
        _ => opt(&day.note),
    }
}

/// How far ahead unit lists flag a closure or changed hours: the coming week.
const FLAG_DAYS: i64 = 7;

/// `closed` or `changed` when a deviation touches the coming week, for unit lists.
fn flag(u: &Unit, build_date: Date) -> Option<&'static str> {
    let last = build_date
        .checked_add((FLAG_DAYS - 1).days())
        .unwrap_or(build_date);
    let soon: Vec<&unit::Deviation> = u
        .deviations
        .iter()
        .filter(|d| d.from <= last && d.to >= build_date)
        .collect();
    if soon.iter().any(|d| d.rule == unit::DayRule::Stangt) {
        Some("closed")
    } else if soon.is_empty() {
        None
    } else {
        Some("changed")
    }
}

fn unit_view(
    site: &Site,
    data: &UnitData,
    u: &Unit,
    cal: &UnitCalendar,
    w: &Words,
    build_date: Date,
    lang: usize,
) -> Value {
    let (path, permalink) = page_in(site, &u.id, lang).unwrap_or(("", ""));
    let langs = Langs::of(site, lang);
    let (code, default_code) = (langs.code, langs.default);

    // Holidays and eves whose opening or telephone hours differ from the weekday's; dated
    // deviations are listed on their own, as ranges, so a three-week closure is one notice
    // and not 21 rows.
    let special: Vec<Value> = cal
        .days
        .iter()
        .filter(|d| matches!(d.source, DaySource::Helgdag(_) | DaySource::Afton(_)))
        .filter(|d| {
            let wd = d.date.weekday().to_monday_zero_offset() as usize;
            d.hours != u.opening.day(wd) || d.phone != u.phone_hours.day(wd)
        })
        .map(|d| day_value(w, d, u, langs))
        .collect();
    // Every deviation not yet over, however far ahead: a closure is news as soon as it is
    // decided.
    let deviations: Vec<Value> = u
        .deviations
        .iter()
        .filter(|d| d.to >= build_date)
        .map(|d| {
            // Hours other than a closure are shown as resolved on the first day shown.
            let first = unit::resolve::day(u, &data.region, d.from.max(build_date));
            let spans = (d.rule != unit::DayRule::Stangt).then(|| w.hours(&first.hours));
            // The phones: closed with a closure unless the deviation says otherwise.
            let phone = (d.rule != unit::DayRule::Ordinarie || d.phone_rule.is_some())
                .then(|| w.hours(&first.phone));
            let referral = match &d.referral {
                Some(Referral::R1177) => {
                    obj([("is_1177", Value::from(true)), ("unit", Value::none())])
                }
                Some(Referral::Unit(id)) => obj([
                    ("is_1177", Value::from(false)),
                    ("unit", link(site, data, id, lang)),
                ]),
                None => Value::none(),
            };
            obj([
                ("from", w.date_value(d.from)),
                ("to", w.date_value(d.to)),
                ("one_day", Value::from(d.from == d.to)),
                ("closed", Value::from(spans.is_none())),
                ("hours", spans.map_or(Value::none(), Value::from)),
                ("phone", phone.map_or(Value::none(), Value::from)),
                ("reason", localized(&d.reason_in, code)),
                (
                    "reason_lang",
                    fallback_lang(&d.reason_in, code, default_code),
                ),
                ("text", localized(&d.text_in, code)),
                ("text_lang", fallback_lang(&d.text_in, code, default_code)),
                ("referral", referral),
            ])
        })
        .collect();

    let address = u.address.as_ref().map_or(Value::none(), |a| {
        obj([
            ("street", Value::from(a.street.as_str())),
            ("postal_code", Value::from(a.postal_code.as_str())),
            ("town", Value::from(a.town.as_str())),
        ])
    });
    let card = u.url_1177.as_deref().unwrap_or("https://www.1177.se/");
    let e_services: Vec<Value> = u
        .e_services
        .iter()
        .map(|e| {
            obj([
                ("key", Value::from(e.key())),
                ("label", Value::from(e.label())),
                ("href", Value::from(card)),
            ])
        })
        .collect();
    let mut access = Vec::new();
    if let Some(a) = &u.accessibility {
        let yes_no =
            |v: Option<bool>, yes: &str, no: &str| v.map(|b| w.get(if b { yes } else { no }));
        access.extend(yes_no(
            a.wheelchair,
            "unit_wheelchair_yes",
            "unit_wheelchair_no",
        ));
        access.extend(yes_no(a.hearing_loop, "unit_loop_yes", "unit_loop_no"));
        if let Some(p) = &a.parking {
            access.push(format!("{}: {p}", w.get("unit_parking")));
        }
    }
    let emergency = u.emergency_phone.as_ref().map_or(Value::none(), |e| {
        obj([
            ("phone", Value::from(e.phone.as_str())),
            ("phone_href", Value::from(tel_href(&e.phone))),
            ("same_as_opening", Value::from(e.hours == u.opening)),
            ("hours", week_lines(w, &e.hours)),
        ])
    });
    let branches: Vec<Value> = data
        .units
        .iter()
        .filter(|b| b.branch_of.as_deref() == Some(u.id.as_str()))
        .map(|b| link(site, data, &b.id, lang))
        .collect();

    let mut ld = data.json_ld(&u.id).unwrap_or(serde_json::Value::Null);
    if let Some(o) = ld.as_object_mut() {
        o.insert("url".into(), json!(permalink));
        o.insert("@id".into(), json!(format!("{permalink}#enhet")));
    }
    let now = unit::open_now(cal, &now_words(w));
    let open_now = json!({
        "horizon_start_ms": cal.horizon_start.as_millisecond(),
        "horizon_end_ms": cal.window_end.as_millisecond(),
        "intervals": now.intervals,
        "fallback_label": now.fallback_label,
        "built_ms": cal.horizon_start.as_millisecond(),
        "stale_ms": stale_ms(site, cal.horizon_start),
        "stale_label": format!("{} {}.", w.get("unit_stale"), u.phone),
    });

    let mut m: BTreeMap<&str, Value> = BTreeMap::new();
    m.insert("id", Value::from(u.id.as_str()));
    m.insert("name", Value::from(u.name.as_str()));
    m.insert(
        "kind",
        Value::from(w.get(&format!("unit_kind_{}", kind_key(u.kind)))),
    );
    m.insert("municipality", Value::from(u.municipality.as_str()));
    m.insert("path", Value::from(path));
    m.insert("permalink", Value::from(permalink));
    m.insert("hsa_id", Value::from(u.hsa_id.as_str()));
    m.insert("phone", Value::from(u.phone.as_str()));
    m.insert("phone_href", Value::from(tel_href(&u.phone)));
    m.insert("weekend_open", Value::from(weekend_open(u)));
    m.insert("address", address);
    m.insert(
        "map_url",
        u.coordinates
            .map_or(Value::none(), |c| Value::from(map_url(c))),
    );
    m.insert("week", week_rows(w, &u.opening, &u.phone_hours));
    m.insert(
        "today",
        cal.days
            .first()
            .map_or(Value::none(), |d| day_value(w, d, u, langs)),
    );
    m.insert(
        "days",
        Value::from(
            cal.days
                .iter()
                .take(7)
                .map(|d| day_value(w, d, u, langs))
                .collect::<Vec<_>>(),
        ),
    );
    m.insert("special_days", Value::from(special));
    m.insert("deviations", Value::from(deviations));
    m.insert("emergency_phone", emergency);
    m.insert("e_services", Value::from(e_services));
    m.insert("url_1177", opt(&u.url_1177));
    m.insert("interpreter", opt(&u.interpreter));
    m.insert(
        "accessibility",
        Value::from(access.into_iter().map(Value::from).collect::<Vec<_>>()),
    );
    m.insert(
        "branch_of",
        u.branch_of
            .as_deref()
            .map_or(Value::none(), |id| link(site, data, id, lang)),
    );
    m.insert("branches", Value::from(branches));
    m.insert(
        "updated",
        u.updated.map_or(Value::none(), |d| w.date_value(d)),
    );
    m.insert("built", Value::from(build_date.to_string()));
    m.insert(
        "flag",
        flag(u, build_date).map_or(Value::none(), Value::from),
    );
    m.insert(
        "chat",
        Value::from(u.e_services.contains(&unit::EService::Direkt1177)),
    );
    m.insert("jsonld", script_json(&ld));
    m.insert("open_now", script_json(&open_now));
    Value::from(m)
}

/// The instant past which a page built at `built` (midnight of the build date) is stale:
/// `stale_after_days` in `site.yaml`. The scripts compare it with the clock.
pub(crate) fn stale_ms(site: &Site, built: jiff::Timestamp) -> i64 {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    built.as_millisecond() + i64::from(site.config.stale_after_days) * DAY_MS
}

/// `[{municipality, units: [...]}]`, A–Ö.
fn groups(ordered: &[(String, Kind, bool, Value)], weekend: bool) -> Value {
    let mut out: Vec<(String, Vec<Value>)> = Vec::new();
    for (municipality, _, open, view) in ordered {
        if weekend && !open {
            continue;
        }
        match out.last_mut() {
            Some((m, list)) if m == municipality => list.push(view.clone()),
            _ => out.push((municipality.clone(), vec![view.clone()])),
        }
    }
    Value::from(
        out.into_iter()
            .map(|(m, list)| {
                obj([
                    ("municipality", Value::from(m)),
                    ("units", Value::from(list)),
                ])
            })
            .collect::<Vec<_>>(),
    )
}

/// The coming weekend's days within the horizon: Saturday and Sunday; built on a Sunday,
/// that Sunday and the next weekend.
fn weekend_days(build_date: Date) -> Vec<usize> {
    let n = if build_date.weekday() == Weekday::Sunday {
        3
    } else {
        2
    };
    (0..8usize)
        .filter(|&i| {
            let d = build_date
                .checked_add((i as i64).days())
                .unwrap_or(build_date);
            matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
        })
        .take(n)
        .collect()
}

/// The Helgöppet page's values: each weekend-open centre's hours on the coming weekend
/// and on every holiday and eve in the horizon.
fn helgoppet(site: &Site, data: &UnitData, w: &Words, build_date: Date, lang: usize) -> Value {
    let open: Vec<(&Unit, &UnitCalendar)> = {
        let mut v: Vec<_> = data
            .units
            .iter()
            .zip(&data.calendars)
            .filter(|(u, _)| weekend_open(u))
            .collect();
        v.sort_by_cached_key(|(u, _)| swedish_sort_key(&u.name));
        v
    };
    let langs = Langs::of(site, lang);
    let cell = |u: &Unit, cal: &UnitCalendar, i: usize| {
        cal.days
            .get(i)
            .map_or(Value::none(), |d| day_value(w, d, u, langs))
    };
    let days = weekend_days(build_date);
    let weekend_rows: Vec<Value> = open
        .iter()
        .map(|(u, cal)| {
            obj([
                ("unit", link(site, data, &u.id, lang)),
                (
                    "days",
                    Value::from(days.iter().map(|&i| cell(u, cal, i)).collect::<Vec<_>>()),
                ),
            ])
        })
        .collect();
    let dates = |i: usize| {
        build_date
            .checked_add((i as i64).days())
            .unwrap_or(build_date)
    };
    let calendar_days = data.calendars.first().map_or(0, |c| c.days.len());
    let holidays: Vec<Value> = (0..calendar_days)
        .filter_map(|i| {
            let d = dates(i);
            let name = w.day_off_name(calendar::day_off(d)?);
            Some(obj([
                ("date", w.date_value(d)),
                ("name", Value::from(name)),
                (
                    "units",
                    Value::from(
                        open.iter()
                            .map(|(u, cal)| {
                                obj([
                                    ("unit", link(site, data, &u.id, lang)),
                                    ("day", cell(u, cal, i)),
                                ])
                            })
                            .collect::<Vec<_>>(),
                    ),
                ),
            ]))
        })
        .collect();
    obj([
        (
            "weekend",
            Value::from(
                days.iter()
                    .map(|&i| w.date_value(dates(i)))
                    .collect::<Vec<_>>(),
            ),
        ),
        ("rows", Value::from(weekend_rows)),
        ("built", Value::from(build_date.to_string())),
        ("holidays", Value::from(holidays)),
        // The latest change to any of the units shown, never the build date.
        (
            "updated",
            open.iter()
                .filter_map(|(u, _)| u.updated)
                .max()
                .map_or(Value::none(), |d| w.date_value(d)),
        ),
    ])
}

/// Builds every unit's template value once.
pub fn views(
    site: &Site,
    data: &UnitData,
    t: &Translations,
    build_date: Date,
    lang: usize,
) -> UnitViews {
    let w = Words { t };
    // Each view is independent and most of the cost is building JSON: one unit per task.
    let mut ordered: Vec<(String, String, &Unit, Value)> = data
        .units
        .par_iter()
        .zip(data.calendars.par_iter())
        .map(|(u, cal)| {
            let sort = (swedish_sort_key(&u.municipality), swedish_sort_key(&u.name));
            (
                sort.0,
                sort.1,
                u,
                unit_view(site, data, u, cal, &w, build_date, lang),
            )
        })
        .collect();
    ordered.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let by_id = ordered
        .iter()
        .map(|(_, _, u, v)| (u.id.clone(), v.clone()))
        .collect();
    let ordered: Vec<(String, Kind, bool, Value)> = ordered
        .into_iter()
        .map(|(_, _, u, v)| (u.municipality.clone(), u.kind, weekend_open(u), v))
        .collect();
    UnitViews {
        groups: groups(&ordered, false),
        weekend_groups: groups(&ordered, true),
        helgoppet: helgoppet(site, data, &w, build_date, lang),
        by_id,
        ordered,
    }
}

/// The unit values of every language of the site.
pub type LanguageViews = crate::view::PerLanguage<UnitViews>;

/// Registers `unit`, `units`, `unit_count`, `unit_groups` and `helgoppet`. Without unit data they exist
/// (the theme's templates call them) and say that the site has no units.
pub fn register(tera: &mut Tera, views: Option<Arc<LanguageViews>>) {
    fn none() -> tera::Error {
        tera::Error::message(format!(
            "this site has no care units (content/{DIR}/*.yaml)"
        ))
    }
    let v = views.clone();
    tera.register_function(
        "unit",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let v = v.as_ref().ok_or_else(none)?.pick(state);
            let id = kwargs.must_get::<&str>("id")?;
            crate::view::by_id(&v.by_id, id, "unit")
        },
    );
    /// The units that `kommun=`, `typ=` and `helgoppen=` select, in A–Ö order.
    fn selected(v: &UnitViews, kwargs: &Kwargs) -> TeraResult<Vec<Value>> {
        let kommun = kwargs.get::<&str>("kommun")?;
        let typ = kwargs.get::<&str>("typ")?;
        let weekend = kwargs.get::<bool>("helgoppen")?.unwrap_or(false);
        Ok(v.ordered
            .iter()
            .filter(|(m, k, open, _)| {
                kommun.is_none_or(|want| want.eq_ignore_ascii_case(m) || want == m)
                    && typ.is_none_or(|want| want == k.label() || want == kind_key(*k))
                    && (!weekend || *open)
            })
            .map(|(_, _, _, view)| view.clone())
            .collect())
    }
    let v = views.clone();
    tera.register_function(
        "units",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            Ok(Value::from(selected(
                v.as_ref().ok_or_else(none)?.pick(state),
                &kwargs,
            )?))
        },
    );
    // Counts for running text ("16 hälsocentraler"), from the data rather than typed in;
    // 0 on a site without units, so a template can leave the sentence out.
    let v = views.clone();
    tera.register_function(
        "unit_count",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            Ok(Value::from(match v.as_ref() {
                Some(v) => selected(v.pick(state), &kwargs)?.len(),
                None => 0,
            }))
        },
    );
    let v = views.clone();
    tera.register_function(
        "unit_groups",
        move |kwargs: Kwargs, state: &State| -> TeraResult<Value> {
            let v = v.as_ref().ok_or_else(none)?.pick(state);
            Ok(if kwargs.get::<bool>("helgoppen")?.unwrap_or(false) {
                v.weekend_groups.clone()
            } else {
                v.groups.clone()
            })
        },
    );
    let v = views;
    tera.register_function(
        "helgoppet",
        move |_: Kwargs, state: &State| -> TeraResult<Value> {
            Ok(v.as_ref().ok_or_else(none)?.pick(state).helgoppet.clone())
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_links_are_international() {
        assert_eq!(tel_href("070-174 06 05"), "tel:+46701740605");
        assert_eq!(tel_href("031-390 06 01"), "tel:+46313900601");
        assert_eq!(tel_href("+46 70 174 06 05"), "tel:+46701740605");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = script_json(&json!({"a": "</script><!--"}));
        assert_eq!(v.as_str(), Some(r#"{"a":"\u003c/script>\u003c!--"}"#));
    }

    #[test]
    fn coming_weekend() {
        use jiff::civil::date;
        // Monday → Saturday and Sunday; Saturday → itself and Sunday; Sunday → three days.
        assert_eq!(weekend_days(date(2026, 11, 23)), [5, 6]);
        assert_eq!(weekend_days(date(2026, 11, 28)), [0, 1]);
        assert_eq!(weekend_days(date(2026, 11, 22)), [0, 6, 7]);
    }
}
