//! schema.org JSON-LD for a unit page and the `/enheter.json` open-data document.
//!
//! Both are built from the resolved [`UnitCalendar`], so the page, search engines and open
//! data can never disagree about a holiday. `serde_json` keeps object keys sorted and every
//! list here is built in a fixed order, so the output is byte-for-byte reproducible.

use jiff::civil::Date;
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::hours::{Clock, Span, WEEKDAY_ABBR, Week, display_day};
use super::model::{EService, Kind, Referral, Unit};
use super::resolve::{CalendarDay, DaySource, UnitCalendar};

const SCHEMA_DAYS: [&str; 7] = [
    "https://schema.org/Monday",
    "https://schema.org/Tuesday",
    "https://schema.org/Wednesday",
    "https://schema.org/Thursday",
    "https://schema.org/Friday",
    "https://schema.org/Saturday",
    "https://schema.org/Sunday",
];

/// schema.org wants `closes` within the day; `23:59` is its documented "until midnight".
fn schema_time(c: Clock) -> String {
    if c == Clock::END_OF_DAY {
        "23:59".to_string()
    } else {
        c.iso()
    }
}

/// Days with the same hours share one specification, in the order of their first day.
fn weekly_spec(week: &Week) -> Vec<Value> {
    let mut groups: Vec<(&[Span], Vec<&str>)> = Vec::new();
    for (i, spans) in week.0.iter().enumerate() {
        if spans.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(s, _)| *s == spans.as_slice()) {
            Some((_, days)) => days.push(SCHEMA_DAYS[i]),
            None => groups.push((spans, vec![SCHEMA_DAYS[i]])),
        }
    }
    groups
        .into_iter()
        .flat_map(|(spans, days)| {
            spans.iter().map(move |s| {
                json!({
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": days,
                    "opens": schema_time(s.opens),
                    "closes": schema_time(s.closes),
                })
            })
        })
        .collect()
}

/// Days of the calendar whose hours differ from the weekly profile `week`; a closed day is
/// `00:00`–`00:00`, as schema.org specifies. `hours` picks the set of hours (the door, the
/// telephone, the emergency line) from each day.
fn special_spec<'a>(
    week: &Week,
    calendar: &'a UnitCalendar,
    hours: impl Fn(&'a CalendarDay) -> &'a [Span],
) -> Vec<Value> {
    let mut out = Vec::new();
    for day in &calendar.days {
        let ordinary = week.day(day.date.weekday().to_monday_zero_offset() as usize);
        let spans = hours(day);
        if day.source == DaySource::Ordinarie || spans == ordinary {
            continue;
        }
        let date = day.date.to_string();
        let base = |opens: String, closes: String| {
            let mut v = json!({
                "@type": "OpeningHoursSpecification",
                "validFrom": date,
                "validThrough": date,
                "opens": opens,
                "closes": closes,
            });
            if let (Some(note), Some(obj)) = (&day.note, v.as_object_mut()) {
                obj.insert("description".into(), Value::String(note.clone()));
            }
            v
        };
        if spans.is_empty() {
            out.push(base("00:00".into(), "00:00".into()));
        }
        for s in spans {
            out.push(base(schema_time(s.opens), schema_time(s.closes)));
        }
    }
    out
}

/// A contact point whose `hoursAvailable` holds the weekly hours and, like the opening
/// hours, every day that differs: a phone closed on julafton says so.
fn contact_point<'a>(
    kind: &str,
    phone: Option<&str>,
    week: &Week,
    calendar: &'a UnitCalendar,
    hours: impl Fn(&'a CalendarDay) -> &'a [Span],
) -> Value {
    let mut available = weekly_spec(week);
    available.extend(special_spec(week, calendar, hours));
    let mut v = json!({
        "@type": "ContactPoint",
        "contactType": kind,
        "hoursAvailable": available,
    });
    if let (Some(p), Some(o)) = (phone, v.as_object_mut()) {
        o.insert("telephone".into(), json!(p));
    }
    v
}

fn identifier(unit: &Unit) -> Value {
    json!({ "@type": "PropertyValue", "propertyID": "HSA-id", "value": unit.hsa_id })
}

/// The schema.org object for a unit's page. `parent` is the main unit of a branch. The caller
/// adds `url` and `@id`, which depend on the site's address.
pub fn json_ld(unit: &Unit, calendar: &UnitCalendar, parent: Option<&Unit>) -> Value {
    let mut o = Map::new();
    o.insert("@context".into(), json!("https://schema.org"));
    let (ty, specialty) = match unit.kind {
        Kind::Akutmottagning => ("Hospital", "https://schema.org/Emergency"),
        _ => ("MedicalClinic", "https://schema.org/PrimaryCare"),
    };
    o.insert("@type".into(), json!(ty));
    o.insert("medicalSpecialty".into(), json!(specialty));
    o.insert("name".into(), json!(unit.name));
    o.insert("identifier".into(), identifier(unit));
    o.insert("telephone".into(), json!(unit.phone));
    if let Some(a) = &unit.address {
        o.insert(
            "address".into(),
            json!({
                "@type": "PostalAddress",
                "streetAddress": a.street,
                "postalCode": a.postal_code,
                "addressLocality": a.town,
                "addressRegion": "Kalmar län",
                "addressCountry": "SE",
            }),
        );
    }
    if let Some(c) = unit.coordinates {
        o.insert(
            "geo".into(),
            json!({ "@type": "GeoCoordinates", "latitude": c.lat, "longitude": c.lon }),
        );
    }
    if let Some(url) = &unit.url_1177 {
        o.insert("sameAs".into(), json!(url));
    }
    o.insert(
        "openingHoursSpecification".into(),
        Value::Array(weekly_spec(&unit.opening)),
    );
    let special = special_spec(&unit.opening, calendar, |d| &d.hours);
    if !special.is_empty() {
        o.insert(
            "specialOpeningHoursSpecification".into(),
            Value::Array(special),
        );
    }
    let mut contact = vec![contact_point(
        "telefontider",
        Some(&unit.phone),
        &unit.phone_hours,
        calendar,
        |d| &d.phone,
    )];
    if let Some(e) = &unit.emergency_phone {
        contact.push(contact_point(
            "akuttelefon",
            Some(&e.phone),
            &e.hours,
            calendar,
            |d| d.emergency.as_deref().unwrap_or_default(),
        ));
    }
    if unit.e_services.contains(&EService::Direkt1177) {
        // 1177 Direkt, the chat, is staffed by the unit during its telephone hours.
        let mut chat = contact_point("1177 Direkt", None, &unit.phone_hours, calendar, |d| {
            &d.phone
        });
        if let (Some(url), Some(o)) = (&unit.url_1177, chat.as_object_mut()) {
            o.insert("url".into(), json!(url));
        }
        contact.push(chat);
    }
    o.insert("contactPoint".into(), Value::Array(contact));
    if let Some(a) = &unit.accessibility {
        let mut features = Vec::new();
        let mut feature = |name: &str, value: Value| {
            features.push(json!({
                "@type": "LocationFeatureSpecification",
                "name": name,
                "value": value,
            }));
        };
        if let Some(w) = a.wheelchair {
            feature("Rullstolsanpassade lokaler", json!(w));
        }
        if let Some(h) = a.hearing_loop {
            feature("Hörslinga", json!(h));
        }
        if let Some(p) = &a.parking {
            feature("Parkering", json!(p));
        }
        o.insert("amenityFeature".into(), Value::Array(features));
    }
    if let Some(p) = parent {
        o.insert(
            "parentOrganization".into(),
            json!({ "@type": "MedicalClinic", "name": p.name, "identifier": identifier(p) }),
        );
    }
    Value::Object(o)
}

/// The weekly profile as `{"mån": "07.30–17.00", ...}` for readers of the open data.
fn week_text(week: &Week) -> Value {
    let mut m = Map::new();
    for (i, abbr) in WEEKDAY_ABBR.iter().enumerate() {
        m.insert((*abbr).into(), json!(display_day(week.day(i))));
    }
    Value::Object(m)
}

/// One day of a unit in the open data: the opening hours, the telephone hours (and the
/// chat's, which follow them), the emergency line and where residents are referred.
fn day_data(u: &Unit, d: &CalendarDay) -> Value {
    // A year of days: fields a unit does not have are left out rather than written as null
    // 400 times, and the map is built directly (this is most of the open data's cost).
    let mut o = Map::new();
    o.insert("datum".into(), Value::String(d.date.to_string()));
    o.insert("tider".into(), Value::String(d.display.clone()));
    o.insert("telefontider".into(), Value::String(display_day(&d.phone)));
    if u.e_services.contains(&EService::Direkt1177) {
        o.insert(
            "chatt_1177_direkt".into(),
            Value::String(display_day(&d.phone)),
        );
    }
    if let Some(e) = &d.emergency {
        o.insert("akuttelefon".into(), Value::String(display_day(e)));
    }
    if let Some(r) = &d.referral {
        let r = match r {
            Referral::R1177 => json!({ "till": "1177" }),
            Referral::Unit(id) => json!({ "till": "enhet", "enhet": id }),
        };
        o.insert("hanvisning".into(), r);
    }
    if let Some(note) = &d.note {
        o.insert("anteckning".into(), Value::String(note.clone()));
    }
    Value::Object(o)
}

/// How many days the calendars hold (all units share the build date).
fn c_days(calendars: &[UnitCalendar]) -> usize {
    calendars.first().map_or(0, |c| c.days.len())
}

/// The `/enheter.json` document: every unit with its facts, its resolved days and its open
/// intervals, sorted by id.
pub fn open_data(units: &[Unit], calendars: &[UnitCalendar], build_date: Date) -> Value {
    let mut rows: Vec<(&Unit, &UnitCalendar)> = units.iter().zip(calendars).collect();
    rows.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    // Each unit's year of days is independent: one unit per task.
    let units: Vec<Value> = rows
        .into_par_iter()
        .map(|(u, c)| {
            json!({
                "id": u.id,
                "namn": u.name,
                "typ": u.kind.label(),
                "hsa_id": u.hsa_id,
                "kommun": u.municipality,
                "telefon": u.phone,
                "besoksadress": u.address.as_ref().map(|a| json!({
                    "gata": a.street, "postnummer": a.postal_code, "ort": a.town,
                })),
                "koordinater": u.coordinates.map(|c| json!({"lat": c.lat, "lon": c.lon})),
                "url_1177": u.url_1177,
                "filial_till": u.branch_of,
                "e_tjanster": u.e_services.iter().map(|e| e.key()).collect::<Vec<_>>(),
                "oppettider": week_text(&u.opening),
                "telefontider": week_text(&u.phone_hours),
                "akuttelefon": u.emergency_phone.as_ref().map(|e| json!({
                    "telefon": e.phone, "tider": week_text(&e.hours),
                })),
                "dagar": c.days.iter().map(|d| day_data(u, d)).collect::<Vec<_>>(),
                "intervall": c.intervals,
            })
        })
        .collect();
    json!({
        "genererad_for": build_date.to_string(),
        "horisont_dagar": c_days(calendars),
        "tidszon": "Europe/Stockholm",
        "enheter": units,
    })
}
