//! From YAML text to checked [`Unit`]s, reporting every finding with file, line, column and
//! field path.
//!
//! Three stages: the region file, each unit file on its own (values, forms, vocabulary), then
//! the set (ids, HSA-ids, branches, referrals) and the calendar against the build date (eves
//! without a decision, deviations already over). Each stage carries on after a finding, so an
//! editor sees all of them in one build.
//!
//! Over 600 lines on purpose: every check of a unit file, in the order of its fields, so
//! the file reads as the unit file's specification.

use std::collections::HashMap;
use std::path::Path;

use jiff::ToSpan;
use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::hours::{Clock, Span, Week, display_day, parse_day, parse_day_key, uncovered};
use super::model::*;
use super::resolve;
use crate::calendar::{self, Eve};
use crate::error::{Diagnostic, Message, did_you_mean};
use crate::msg;
use crate::yaml::{Origin, parse_mapping_partial};

/// Where findings about one file go, with the file's name and what it is.
pub(crate) struct Sink<'a> {
    pub path: &'a Path,
    pub what: &'static str,
    pub diags: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    fn push(&mut self, d: Diagnostic, pos: Pos, field: &str) -> &mut Diagnostic {
        let d = d.at(pos.line.max(1), pos.column.max(1));
        let d = d.context(crate::yaml::field_context(self.what, field));
        self.diags.push(d);
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }
    pub(crate) fn error(
        &mut self,
        pos: Pos,
        field: &str,
        msg: impl Into<Message>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::error(self.path, msg), pos, field)
    }
    pub(crate) fn warning(
        &mut self,
        pos: Pos,
        field: &str,
        msg: impl Into<Message>,
    ) -> &mut Diagnostic {
        self.push(Diagnostic::warning(self.path, msg), pos, field)
    }
}

/// Adds a hint to the finding just made.
trait Hint {
    fn with_hint(&mut self, hint: impl Into<Message>);
}
impl Hint for &mut Diagnostic {
    fn with_hint(&mut self, hint: impl Into<Message>) {
        self.hint = Some(hint.into());
    }
}

fn did_you_mean_hint<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
) -> Message {
    match did_you_mean(unknown, known.clone()) {
        Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
        None => msg!(
            "known-values",
            known = known.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The standard profile, used to check unit files when `_region.yaml` is missing or broken
/// (that file's own findings are reported); it is not a second place to configure the region.
pub(crate) fn fallback_region() -> Region {
    let weekday = vec![Span::new(Clock::hm(7, 30), Clock::hm(17, 0))];
    let opening = Week([
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday.clone(),
        weekday,
        Vec::new(),
        Vec::new(),
    ]);
    Region {
        municipalities: Vec::new(),
        phone_hours: opening.clone(),
        opening,
        min_weekly_hours: 47.5,
        eves: Vec::new(),
        eve_default: None,
        interpreter: None,
    }
}

/// Reads a weekly mapping laid over `base`: days the mapping does not name keep `base`'s hours.
///
/// A key naming fewer days wins over a broader one whatever the order (`mån-fre: stängt`
/// with `tis: 08.00-16.00`), as editors read it; two keys of the same breadth naming the
/// same day are a mistake, since only the order in the file would decide.
fn week(raw: &RawWeek, base: &Week, sink: &mut Sink, field: &str) -> Week {
    let mut entries = Vec::new();
    for (key, value) in &raw.0 {
        let days = match parse_day_key(&key.value) {
            Ok(days) => days,
            Err(msg) => {
                sink.error(Pos::of(key), field, msg)
                    .with_hint(msg!("hours-hint"));
                continue;
            }
        };
        match parse_day(&value.value) {
            Ok(spans) => entries.push((key, days, spans)),
            Err(msg) => {
                sink.error(Pos::of(value), &format!("{field}.{}", key.value), msg)
                    .with_hint(msg!("hours-hint"));
            }
        }
    }
    entries.sort_by_key(|(_, days, _)| std::cmp::Reverse(days.len()));
    let mut out = base.clone();
    let mut set_by: [Option<(&str, usize)>; 7] = Default::default();
    for (key, days, spans) in &entries {
        for &d in days {
            if let Some((first, breadth)) = set_by[d]
                && breadth == days.len()
            {
                sink.error(
                    Pos::of(*key),
                    field,
                    msg!(
                        "hours-day-twice",
                        day = super::hours::WEEKDAY_ABBR[d],
                        first = first,
                        second = key.value.as_str()
                    ),
                );
            }
            set_by[d] = Some((key.value.as_str(), days.len()));
            out.0[d] = spans.clone();
        }
    }
    out
}

/// Reads a day rule: `stängt`, `ordinarie`, `helgdagstider` or hours.
fn rule(text: &Text, allowed_words: &[&str], sink: &mut Sink, field: &str) -> Option<DayRule> {
    let t = text.value.trim().to_lowercase();
    let word = match t.as_str() {
        "ordinarie" => Some(DayRule::Ordinarie),
        "helgdagstider" => Some(DayRule::Helgdagstider),
        _ => None,
    };
    match word {
        Some(_) if !allowed_words.contains(&t.as_str()) => {
            let allowed = if allowed_words.is_empty() {
                "none".to_string()
            } else {
                format!("`{}`", allowed_words.join("`, `"))
            };
            sink.error(
                Pos::of(text),
                field,
                msg!("hours-word-not-here", value = t.as_str(), allowed = allowed),
            );
            None
        }
        Some(w) => Some(w),
        None => match parse_day(&text.value) {
            Ok(spans) if spans.is_empty() => Some(DayRule::Stangt),
            Ok(spans) => Some(DayRule::Tider(spans)),
            Err(msg) => {
                sink.error(Pos::of(text), field, msg)
                    .with_hint(msg!("hours-hint"));
                None
            }
        },
    }
}

/// Reads an `aftnar:` mapping of eve names to day rules.
fn eve_rules(raw: &RawWeek, sink: &mut Sink) -> Vec<(Eve, DayRule)> {
    let mut out: Vec<(Eve, DayRule)> = Vec::new();
    for (key, value) in &raw.0 {
        let Some(eve) = Eve::from_key(key.value.trim()) else {
            sink.error(
                Pos::of(key),
                "aftnar",
                msg!("unit-unknown-eve", value = key.value.as_str()),
            )
            .with_hint(did_you_mean_hint(
                &key.value,
                Eve::ALL.iter().map(|e| e.key()),
            ));
            continue;
        };
        let field = format!("aftnar.{}", eve.key());
        if let Some(r) = rule(value, &["ordinarie", "helgdagstider"], sink, &field) {
            out.retain(|(e, _)| *e != eve);
            out.push((eve, r));
        }
    }
    out.sort_by_key(|(e, _)| *e);
    out
}

fn parse_date(text: &Text, sink: &mut Sink, field: &str) -> Option<Date> {
    match text.value.trim().parse::<Date>() {
        Ok(d) => Some(d),
        Err(_) => {
            sink.error(
                Pos::of(text),
                field,
                msg!("not-a-date", value = text.value.as_str()),
            )
            .with_hint(msg!("unit-date-hint"));
            None
        }
    }
}

/// `SE` + 10 digits + `-` + letters or digits, at most 31 characters (the HSA-id form).
pub fn is_hsa_id(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() <= 31
        && s.len() >= 14
        && s.starts_with("SE")
        && b[2..12].iter().all(u8::is_ascii_digit)
        && b[12] == b'-'
        && b[13..].iter().all(u8::is_ascii_alphanumeric)
}

/// Swedish numbers as editors write them: digits with spaces or hyphens, at least 7 digits.
fn is_phone(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    digits >= 7
        && s.trim()
            .trim_start_matches('+')
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
}

/// A unit id is its file stem; it becomes a URL, so it is kept to lower-case ASCII.
pub fn is_unit_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn phone(text: &Text, sink: &mut Sink, field: &str) -> String {
    let value = text.value.trim().to_string();
    if !is_phone(&value) {
        sink.error(
            Pos::of(text),
            field,
            msg!("unit-not-a-phone", value = value.as_str()),
        )
        .with_hint(msg!("unit-not-a-phone-hint"));
    }
    value
}

/// Reads `_region.yaml`. On errors the fallback profile is returned with the findings, so
/// unit files can still be checked.
pub fn parse_region(path: &Path, text: &str) -> (Region, Vec<Diagnostic>) {
    let origin = Origin {
        path,
        line_offset: 0,
        what: "region",
    };
    // As a unit file: the rest is still checked, and the standard profile stands in.
    let ((raw, keys), unread) =
        match parse_mapping_partial::<RawRegion>(text, origin, REGION_FIELDS) {
            (Some(read), unread) => (read, unread),
            (None, unread) => return (fallback_region(), unread),
        };
    let mut diags = Vec::new();
    let mut sink = Sink {
        path,
        what: "region",
        diags: &mut diags,
    };
    let empty = Week::default();
    let opening = week(&raw.oppettider, &empty, &mut sink, "oppettider");
    let phone_hours = match &raw.telefontider {
        Some(t) => week(t, &empty, &mut sink, "telefontider"),
        None => opening.clone(),
    };
    let eves = raw
        .aftnar
        .as_ref()
        .map(|a| eve_rules(a, &mut sink))
        .unwrap_or_default();
    let eve_default = raw.aftnar_standard.as_ref().and_then(|t| {
        rule(
            t,
            &["ordinarie", "helgdagstider"],
            &mut sink,
            "aftnar_standard",
        )
    });
    let municipalities: Vec<String> = raw.kommuner.iter().map(|k| k.value.clone()).collect();
    if municipalities.is_empty() {
        let (line, column) = keys.position("kommuner").unwrap_or((1, 1));
        sink.error(
            Pos { line, column },
            "kommuner",
            msg!("region-no-municipalities"),
        );
    }
    let region = Region {
        municipalities,
        opening,
        phone_hours,
        min_weekly_hours: raw.min_veckotimmar.unwrap_or(47.5),
        eves,
        eve_default,
        interpreter: raw.tolk,
    };
    if unread.is_empty() {
        (region, diags)
    } else {
        (fallback_region(), crate::yaml::with_checks(unread, diags))
    }
}

/// Reads one unit file against the region's defaults. `None` when the YAML itself could not
/// be read; otherwise a unit, possibly with findings.
pub fn parse_unit(
    id: &str,
    path: &Path,
    text: &str,
    region: &Region,
) -> (Option<Unit>, Vec<Diagnostic>) {
    let origin = Origin {
        path,
        line_offset: 0,
        what: "unit",
    };
    // A unit with a wrong value is still checked for the rest, so an editor meets every
    // mistake of the file in one build; it does not join the site.
    let ((raw, keys), unread) = match parse_mapping_partial::<RawUnit>(text, origin, UNIT_FIELDS) {
        (Some(read), unread) => (read, unread),
        (None, unread) => return (None, unread),
    };
    let mut diags = Vec::new();
    let mut sink = Sink {
        path,
        what: "unit",
        diags: &mut diags,
    };
    let at = |field: &str| {
        let (line, column) = keys.position(field).unwrap_or((1, 1));
        Pos { line, column }
    };

    if !is_unit_id(id) {
        sink.error(
            Pos { line: 1, column: 1 },
            "",
            msg!("unit-bad-file-name", id = id),
        )
        .with_hint(msg!("unit-bad-file-name-hint"));
    }

    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.label() == raw.typ.value.trim().to_lowercase());
    if kind.is_none() {
        sink.error(
            Pos::of(&raw.typ),
            "typ",
            msg!("unit-unknown-type", value = raw.typ.value.as_str()),
        )
        .with_hint(did_you_mean_hint(
            &raw.typ.value,
            Kind::ALL.iter().map(|k| k.label()),
        ));
    }
    let kind = kind.unwrap_or(Kind::Halsocentral);

    let hsa_id = raw.hsa_id.value.trim().to_string();
    if !is_hsa_id(&hsa_id) {
        sink.error(
            Pos::of(&raw.hsa_id),
            "hsa_id",
            msg!("unit-not-an-hsa-id", value = hsa_id.as_str()),
        )
        .with_hint(msg!("unit-not-an-hsa-id-hint"));
    }

    let municipality = raw.kommun.value.trim().to_string();
    if !region.municipalities.is_empty() && !region.municipalities.contains(&municipality) {
        sink.error(
            Pos::of(&raw.kommun),
            "kommun",
            msg!("unit-unknown-municipality", value = municipality.as_str()),
        )
        .with_hint(did_you_mean_hint(
            &municipality,
            region.municipalities.iter().map(String::as_str),
        ));
    }

    let phone_number = phone(&raw.telefon, &mut sink, "telefon");

    let coordinates = raw.koordinater.as_ref().map(|c| {
        let v = &c.value;
        if !(-90.0..=90.0).contains(&v.lat) || !(-180.0..=180.0).contains(&v.lon) {
            sink.error(
                Pos::of(c),
                "koordinater",
                msg!(
                    "unit-not-a-position",
                    lat = v.lat.to_string(),
                    lon = v.lon.to_string()
                ),
            )
            .with_hint(msg!("unit-not-a-position-hint"));
        } else if !(55.9..=58.2).contains(&v.lat) || !(15.2..=17.3).contains(&v.lon) {
            sink.warning(
                Pos::of(c),
                "koordinater",
                msg!(
                    "unit-outside-region",
                    lat = v.lat.to_string(),
                    lon = v.lon.to_string()
                ),
            )
            .with_hint(msg!("unit-outside-region-hint"));
        }
        Coordinates {
            lat: v.lat,
            lon: v.lon,
        }
    });

    let opening = match &raw.oppettider {
        Some(w) => week(w, &region.opening, &mut sink, "oppettider"),
        None => region.opening.clone(),
    };
    let phone_hours = match &raw.telefontider {
        Some(w) => week(w, &region.phone_hours, &mut sink, "telefontider"),
        None => region.phone_hours.clone(),
    };

    let default_holiday = if kind == Kind::Akutmottagning {
        DayRule::Ordinarie
    } else {
        DayRule::Stangt
    };
    let holiday_rule = match &raw.helgdagar {
        Some(t) => rule(t, &["ordinarie"], &mut sink, "helgdagar").unwrap_or(default_holiday),
        None => {
            if kind == Kind::HelgoppenHalsocentral {
                sink.error(
                    at("typ"),
                    "helgdagar",
                    msg!("unit-weekend-open-needs-holidays"),
                )
                .with_hint(msg!("unit-weekend-open-needs-holidays-hint"));
            }
            default_holiday
        }
    };
    if kind == Kind::HelgoppenHalsocentral && opening.day(5).is_empty() && opening.day(6).is_empty()
    {
        sink.warning(
            at("oppettider"),
            "oppettider",
            msg!("unit-weekend-open-no-weekend"),
        )
        .with_hint(msg!("unit-weekend-open-no-weekend-hint"));
    }

    let eves = raw
        .aftnar
        .as_ref()
        .map(|a| eve_rules(a, &mut sink))
        .unwrap_or_default();
    let phone_holiday_rule = raw
        .telefontider_helgdagar
        .as_ref()
        .and_then(|t| rule(t, &["ordinarie"], &mut sink, "telefontider_helgdagar"))
        .unwrap_or_else(|| holiday_rule.clone());
    let updated = raw
        .uppdaterad
        .as_ref()
        .and_then(|t| parse_date(t, &mut sink, "uppdaterad"));

    let emergency_phone = raw.akuttelefon.as_ref().map(|a| EmergencyPhone {
        phone: phone(&a.telefon, &mut sink, "akuttelefon.telefon"),
        hours: match &a.tider {
            Some(w) => week(w, &opening, &mut sink, "akuttelefon.tider"),
            None => opening.clone(),
        },
    });

    let mut e_services = Vec::new();
    for (i, s) in raw.e_tjanster.iter().enumerate() {
        let key = s.value.trim();
        match EService::ALL.into_iter().find(|e| e.key() == key) {
            Some(e) if !e_services.contains(&e) => e_services.push(e),
            Some(_) => {
                sink.warning(
                    Pos::of(s),
                    &format!("e_tjanster[{i}]"),
                    msg!("unit-e-service-twice", value = key),
                );
            }
            None => {
                sink.error(
                    Pos::of(s),
                    &format!("e_tjanster[{i}]"),
                    msg!("unit-unknown-e-service", value = key),
                )
                .with_hint(did_you_mean_hint(
                    key,
                    EService::ALL.iter().map(|e| e.key()),
                ));
            }
        }
    }

    let url_1177 = raw.url_1177.as_ref().map(|u| {
        let url = u.value.trim().to_string();
        if !url.starts_with("https://www.1177.se/") {
            sink.error(
                Pos::of(u),
                "url_1177",
                msg!("unit-not-1177", value = url.as_str()),
            )
            .with_hint(msg!("unit-not-1177-hint"));
        }
        url
    });

    let mut deviations = Vec::new();
    for (i, d) in raw.avvikelser.iter().enumerate() {
        if let Some(dev) = deviation(i, d, &mut sink) {
            deviations.push(dev);
        }
    }
    overlapping_deviations(&deviations, &mut sink);

    let unit = Unit {
        id: id.to_string(),
        path: path.to_path_buf(),
        name: raw.namn.value.trim().to_string(),
        kind,
        hsa_id,
        municipality,
        address: raw.besoksadress.map(|a| Address {
            street: a.gata,
            postal_code: a.postnummer,
            town: a.ort,
        }),
        coordinates,
        phone: phone_number,
        opening,
        holiday_rule,
        eves,
        phone_hours,
        phone_holiday_rule,
        emergency_phone,
        updated,
        e_services,
        url_1177,
        interpreter: raw.tolk.or_else(|| region.interpreter.clone()),
        accessibility: raw.tillganglighet.map(|a| Accessibility {
            wheelchair: a.rullstolsanpassat,
            hearing_loop: a.horslinga,
            parking: a.parkering,
        }),
        branch_of: raw.filial_till.as_ref().map(|f| f.value.trim().to_string()),
        deviations,
        positions: keys.clone(),
    };

    if kind.is_health_centre() && unit.branch_of.is_none() {
        let hours = unit.opening.total_hours();
        if hours + 1e-9 < region.min_weekly_hours {
            sink.warning(
                at("oppettider"),
                "oppettider",
                msg!(
                    "unit-too-few-hours",
                    hours = hours_text(hours),
                    minimum = hours_text(region.min_weekly_hours)
                ),
            )
            .with_hint(msg!("unit-too-few-hours-hint"));
        }
    }
    if unread.is_empty() {
        (Some(unit), diags)
    } else {
        (None, crate::yaml::with_checks(unread, diags))
    }
}

/// `40`, `42.5`: whole hours without decimals.
fn hours_text(h: f64) -> String {
    if h.fract().abs() < 1e-9 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

fn deviation(i: usize, d: &Spanned<RawDeviation>, sink: &mut Sink) -> Option<Deviation> {
    let field = |f: &str| format!("avvikelser[{i}].{f}");
    let raw = &d.value;
    let from = parse_date(&raw.fran, sink, &field("fran"));
    let to = parse_date(&raw.till, sink, &field("till"));
    let rule = rule(&raw.tider, &[], sink, &field("tider"));
    let phone_rule = raw
        .telefontider
        .as_ref()
        .and_then(|t| self::rule(t, &["ordinarie"], sink, &field("telefontider")));
    let referral = raw.hanvisning.as_ref().map(|h| {
        let target = h.value.trim();
        if target == "1177" {
            Referral::R1177
        } else {
            Referral::Unit(target.to_string())
        }
    });
    let (from, to, rule) = (from?, to?, rule?);
    if to < from {
        sink.error(
            Pos::of(&raw.till),
            &field("till"),
            msg!(
                "unit-deviation-backwards",
                from = from.to_string(),
                to = to.to_string()
            ),
        );
        return None;
    }
    if rule == DayRule::Stangt && referral.is_none() {
        sink.error(
            Pos::of(d),
            &format!("avvikelser[{i}]"),
            msg!("unit-closure-needs-referral"),
        )
        .with_hint(msg!("unit-closure-needs-referral-hint"));
    }
    let reason = raw
        .orsak
        .as_ref()
        .map(|o| Localized::from_raw(&o.value, true));
    let text = raw.text.as_ref().map(|t| Localized::from_raw(t, false));
    Some(Deviation {
        from,
        to,
        rule,
        reason: reason.as_ref().map(|r| r.text.clone()),
        reason_in: reason,
        referral,
        phone_rule,
        emergency_intended: raw.akut_avsedd,
        text: text.as_ref().map(|t| t.text.clone()),
        text_in: text,
        pos: Pos::of(d),
        index: i,
        referral_pos: raw.hanvisning.as_ref().map(Pos::of),
    })
}

/// Two deviations on the same day would make the page depend on their order in the file.
fn overlapping_deviations(devs: &[Deviation], sink: &mut Sink) {
    for (j, b) in devs.iter().enumerate() {
        if let Some(a) = devs[..j].iter().find(|a| a.from <= b.to && b.from <= a.to) {
            sink.error(
                b.pos,
                &format!("avvikelser[{}]", b.index),
                msg!(
                    "unit-deviations-overlap",
                    from = b.from.to_string(),
                    to = b.to.to_string(),
                    other = format!("avvikelser[{}]", a.index),
                    other_from = a.from.to_string(),
                    other_to = a.to.to_string()
                ),
            )
            .with_hint(msg!("unit-deviations-overlap-hint"));
        }
    }
}

/// Checks across units and against the build date: ids, HSA-ids, branches, referrals, eves
/// without a decision and deviations that are over.
pub fn check_set(
    units: &[Unit],
    region: &Region,
    build_date: Date,
    unreadable: &[String],
    diags: &mut Vec<Diagnostic>,
) {
    let unreadable = |id: &str| unreadable.iter().any(|u| u == id);
    let by_id: HashMap<&str, &Unit> = units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut first_id: HashMap<String, &Unit> = HashMap::new();
    let mut first_hsa: HashMap<&str, &Unit> = HashMap::new();
    for unit in units {
        let mut sink = Sink {
            path: &unit.path,
            what: "unit",
            diags,
        };
        let at = |field: &str| {
            let (line, column) = unit.positions.position(field).unwrap_or((1, 1));
            Pos { line, column }
        };
        if let Some(other) = first_id.get(&unit.id.to_lowercase()) {
            sink.error(
                Pos { line: 1, column: 1 },
                "",
                msg!(
                    "unit-duplicate-id",
                    id = unit.id.as_str(),
                    other = other.path.as_path()
                ),
            )
            .with_hint(msg!("unit-duplicate-id-hint"));
        } else {
            first_id.insert(unit.id.to_lowercase(), unit);
        }
        if let Some(other) = first_hsa.get(unit.hsa_id.as_str()) {
            sink.error(
                at("hsa_id"),
                "hsa_id",
                msg!(
                    "unit-duplicate-hsa-id",
                    value = unit.hsa_id.as_str(),
                    other = other.id.as_str()
                ),
            );
        } else {
            first_hsa.insert(&unit.hsa_id, unit);
        }
        if let Some(parent) = &unit.branch_of {
            match by_id.get(parent.as_str()) {
                // The parent's file has an error of its own; this follows from it.
                None if unreadable(parent) => {}
                None => {
                    sink.error(
                        at("filial_till"),
                        "filial_till",
                        msg!("unit-unknown-unit", id = parent.as_str()),
                    )
                    .with_hint(did_you_mean_hint(
                        parent,
                        units.iter().map(|u| u.id.as_str()),
                    ));
                }
                Some(p) if p.id == unit.id => {
                    sink.error(at("filial_till"), "filial_till", msg!("unit-own-branch"));
                }
                Some(p) if p.branch_of.is_some() => {
                    sink.error(
                        at("filial_till"),
                        "filial_till",
                        msg!("unit-branch-of-branch", id = parent.as_str()),
                    );
                }
                Some(_) => {}
            }
        }
        for dev in &unit.deviations {
            let follows = matches!(&dev.referral, Some(Referral::Unit(t)) if unreadable(t));
            if !follows {
                check_referral(unit, dev, units, &by_id, region, &mut sink);
            }
            if dev.to < build_date {
                sink.warning(
                    dev.pos,
                    &format!("avvikelser[{}]", dev.index),
                    msg!(
                        "unit-deviation-over",
                        to = dev.to.to_string(),
                        today = build_date.to_string()
                    ),
                )
                .with_hint(msg!("unit-deviation-over-hint"));
            }
        }
        undecided_eves(unit, region, build_date, &mut sink);
        if let Some(updated) = unit.updated {
            check_updated(updated, at("uppdaterad"), build_date, &mut sink);
        }
    }
}

/// `uppdaterad:` tells residents when the hours were last checked, so it may not lie ahead
/// of the build, and a date over a year old is worth a second look.
fn check_updated(updated: Date, pos: Pos, build_date: Date, sink: &mut Sink) {
    if updated > build_date {
        sink.error(
            pos,
            "uppdaterad",
            msg!(
                "unit-updated-in-future",
                date = updated.to_string(),
                today = build_date.to_string()
            ),
        )
        .with_hint(msg!("unit-updated-in-future-hint"));
    } else if build_date
        .checked_sub(1.year())
        .is_ok_and(|year_ago| updated < year_ago)
    {
        sink.warning(
            pos,
            "uppdaterad",
            msg!("unit-updated-old", date = updated.to_string()),
        )
        .with_hint(msg!("unit-updated-old-hint"));
    }
}

/// Hours written into the hour skipped when summer time begins (02.00–03.00 on the last
/// Sunday of March) name a time that does not exist; published, they would be a
/// zero-length or shifted span. An error naming the date, at the field the hours came from.
pub fn dst_gaps(unit: &Unit, calendar: &resolve::UnitCalendar, diags: &mut Vec<Diagnostic>) {
    let mut sink = Sink {
        path: &unit.path,
        what: "unit",
        diags,
    };
    let top = |field: &str| {
        let (line, column) = unit.positions.position(field).unwrap_or((1, 1));
        Pos { line, column }
    };
    for day in &calendar.days {
        // Where the day's hours were written: the weekly profile, the holiday or eve rule,
        // or the deviation.
        let (pos, field) = match day.source {
            resolve::DaySource::Ordinarie => (top("oppettider"), "oppettider".to_string()),
            resolve::DaySource::Helgdag(_) => (top("helgdagar"), "helgdagar".to_string()),
            resolve::DaySource::Afton(_) => (top("aftnar"), "aftnar".to_string()),
            resolve::DaySource::Avvikelse(i) => unit.deviations.get(i).map_or_else(
                || (top("avvikelser"), "avvikelser".to_string()),
                |d| (d.pos, format!("avvikelser[{}]", d.index)),
            ),
        };
        let phone_field = |f: &str| {
            if day.source == resolve::DaySource::Ordinarie {
                (top("telefontider"), "telefontider".to_string())
            } else {
                (pos, f.to_string())
            }
        };
        let sets = [
            ((pos, field.clone()), &day.hours),
            (phone_field(&field), &day.phone),
        ];
        for ((pos, field), spans) in sets {
            for clock in spans.iter().flat_map(|s| [s.opens, s.closes]) {
                // Only a time between 02.00 and 03.00 can fall in the gap: the time-zone
                // lookup is left for those.
                if clock.hour() == 2 && resolve::in_dst_gap(day.date, clock) {
                    sink.error(
                        pos,
                        &field,
                        msg!(
                            "unit-dst-gap",
                            time = clock.to_string(),
                            date = day.date.to_string()
                        ),
                    )
                    .with_hint(msg!("unit-dst-gap-hint", date = day.date.to_string()));
                }
            }
        }
    }
}

/// Referrals must name a known unit, not the unit itself, and one that is open for every hour
/// the closing unit would have been; an emergency department only when agreed.
fn check_referral(
    unit: &Unit,
    dev: &Deviation,
    units: &[Unit],
    by_id: &HashMap<&str, &Unit>,
    region: &Region,
    sink: &mut Sink,
) {
    let Some(Referral::Unit(target)) = &dev.referral else {
        return;
    };
    let pos = dev.referral_pos.unwrap_or(dev.pos);
    let field = format!("avvikelser[{}].hanvisning", dev.index);
    let Some(other) = by_id.get(target.as_str()) else {
        sink.error(pos, &field, msg!("unit-unknown-unit", id = target.as_str()))
            .with_hint(did_you_mean_hint(
                target,
                units.iter().map(|u| u.id.as_str()).chain(["1177"]),
            ));
        return;
    };
    if other.id == unit.id {
        sink.error(pos, &field, msg!("unit-refers-to-itself"))
            .with_hint(msg!("unit-refers-to-itself-hint"));
        return;
    }
    if other.kind == Kind::Akutmottagning && !dev.emergency_intended {
        sink.warning(
            pos,
            &field,
            msg!("unit-referral-emergency", id = target.as_str()),
        )
        .with_hint(msg!("unit-referral-emergency-hint"));
    }
    // Long deviations are checked for their first year; a referral is renewed long before.
    // By the hour: the referral must be open whenever this unit would have been and is not.
    let mut gaps: Vec<(Date, Vec<Span>)> = Vec::new();
    let mut day = dev.from;
    while day <= dev.to && day < dev.from + 366.days() {
        let would_be = resolve::without_deviations(unit, region, day).0;
        let still_open = resolve::day(unit, region, day).hours;
        let needed = uncovered(&would_be, &still_open);
        let gap = uncovered(&needed, &resolve::day(other, region, day).hours);
        if !gap.is_empty() {
            gaps.push((day, gap));
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    if let Some((first, gap)) = gaps.first() {
        let wd = super::hours::WEEKDAY_ABBR[first.weekday().to_monday_zero_offset() as usize];
        let spans: Vec<String> = gap.iter().map(Span::to_string).collect();
        let spans = match spans.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{}, {last}", rest.join(", ")),
            _ => spans.join(""),
        };
        sink.error(
            pos,
            &field,
            msg!(
                "unit-referral-closed-hours",
                id = target.as_str(),
                hours = spans,
                weekday = wd,
                day = first.to_string(),
                more = gaps.len() - 1
            ),
        )
        .with_hint(msg!("unit-referral-closed-hours-hint"));
    }
}

/// An eve within the horizon on which the unit would be open by its ordinary hours needs an
/// explicit decision; silence would show ordinary hours that may well be wrong.
fn undecided_eves(unit: &Unit, region: &Region, build_date: Date, sink: &mut Sink) {
    let mut day = build_date;
    for _ in 0..super::HORIZON_DAYS {
        if let Some(eve) = calendar::eve(day) {
            let decided = unit.deviations.iter().any(|d| d.covers(day))
                || resolve::eve_rule(unit, region, eve).is_some();
            let ordinary = unit
                .opening
                .day(day.weekday().to_monday_zero_offset() as usize);
            if !decided && !ordinary.is_empty() {
                let (line, column) = unit.positions.position("aftnar").unwrap_or((1, 1));
                let (source, hours) = match &region.eve_default {
                    Some(_) => (
                        "region",
                        display_day(&resolve::day(unit, region, day).hours),
                    ),
                    None => ("ordinary", display_day(ordinary)),
                };
                sink.warning(
                    Pos { line, column },
                    "aftnar",
                    msg!(
                        "unit-eve-undecided",
                        id = unit.id.as_str(),
                        eve = eve.name(),
                        day = day.to_string(),
                        source = source,
                        hours = hours
                    ),
                )
                .with_hint(msg!("unit-eve-undecided-hint", eve = eve.key()));
            }
        }
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
}
