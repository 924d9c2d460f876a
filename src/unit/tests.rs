//! Tests of the unit pipeline through its public entry, [`load`], with the exact texts
//! editors will read.
//!
//! Over 600 lines on purpose: tests only, one per message an editor can meet.

use std::path::PathBuf;

use jiff::Timestamp;
use jiff::civil::{Date, date};

use super::*;

const REGION: &str = "\
kommuner: [Kalmar, Nybro, Mörbylånga]
oppettider:
  mån-fre: 07.30-17.00
aftnar:
  julafton: stängt
  nyarsafton: stängt
";

/// A minimal valid health centre in Kalmar; `extra` starts on line 6.
fn unit_yaml(n: usize, extra: &str) -> String {
    format!(
        "namn: Enhet {n}\ntyp: hälsocentral\nhsa_id: SE1234567890-E{n}\nkommun: Kalmar\ntelefon: 070-174 06 {:02}\n{extra}",
        n + 5
    )
}

fn load_units(units: &[(&str, String)], build: Date) -> UnitData {
    let mut files: Vec<(PathBuf, String)> = vec![(
        PathBuf::from("content/enheter/_region.yaml"),
        REGION.to_string(),
    )];
    files.extend(units.iter().map(|(id, text)| {
        (
            PathBuf::from(format!("content/enheter/{id}.yaml")),
            text.clone(),
        )
    }));
    load(&files, build)
}

/// The "open now" words of the default theme's Swedish translations, as a site has them.
fn sv() -> NowWords {
    let t: std::collections::BTreeMap<String, String> =
        serde_saphyr::from_str(include_str!("../../themes/default/i18n/sv.yaml")).unwrap();
    NowWords::from_lookup(|k| t.get(k).cloned().unwrap_or_else(|| k.to_string()))
}

fn messages(data: &UnitData) -> Vec<String> {
    data.diagnostics
        .iter()
        .map(|d| d.render(crate::i18n::Lang::Sv))
        .collect()
}

/// A build date with no eve within the horizon, so eve warnings stay out of unrelated tests.
const QUIET: Date = date(2026, 2, 2);

fn one(extra: &str) -> Vec<String> {
    messages(&load_units(&[("a", unit_yaml(1, extra))], QUIET))
}

#[test]
fn a_valid_unit_has_no_findings() {
    assert_eq!(one(""), Vec::<String>::new());
}

#[test]
fn unknown_fields_top_level_and_nested() {
    insta::assert_debug_snapshot!(one("oppetider:\n  mån: 08.00-17.00\n"));
    insta::assert_debug_snapshot!(one("tillganglighet:\n  rullstol: true\n"));
}

#[test]
fn malformed_times_reversed_and_overlapping_spans_are_all_reported() {
    insta::assert_debug_snapshot!(one(
        "oppettider:\n  mån: 7.3-17.00\n  tis: 17.00-07.30\n  ons: 08.00-12.00, 11.00-16.00\n  fredag: 08.00-12.00\n"
    ));
}

#[test]
fn a_narrower_day_key_wins_and_equal_ones_clash() {
    let data = load_units(
        &[(
            "a",
            unit_yaml(
                1,
                "oppettider:\n  tis: 08.00-16.00\n  mån-fre: 07.00-18.00\n",
            ),
        )],
        QUIET,
    );
    assert_eq!(messages(&data), Vec::<String>::new());
    let week = &data.units[0].opening;
    assert_eq!(super::hours::display_day(week.day(1)), "08.00–16.00");
    assert_eq!(super::hours::display_day(week.day(2)), "07.00–18.00");
    insta::assert_debug_snapshot!(one(
        "oppettider:\n  mån-ons: 07.30-17.00\n  ons-fre: 07.30-17.00\n"
    ));
}

#[test]
fn unknown_e_service_suggests_the_closest() {
    insta::assert_debug_snapshot!(one("e_tjanster:\n  - boka_tid\n  - fornya_recpet\n"));
}

#[test]
fn hsa_id_form_and_municipality() {
    insta::assert_debug_snapshot!(messages(&load_units(
            &[(
                "a",
                "namn: A\ntyp: hälsocentral\nhsa_id: SE12345-E1\nkommun: Kalmr\ntelefon: 070-174 06 05\n".into()
            )],
            QUIET
        )));
    assert!(is_hsa_id("SE2321000089-E12345"));
    assert!(!is_hsa_id("SE2321000089-E12345-X"));
    assert!(!is_hsa_id("SE2321000089-ABCDEFGHIJKLMNOPQRST"));
    assert!(!is_hsa_id("SE2321000089-"));
}

#[test]
fn unknown_type_and_bad_phone() {
    insta::assert_debug_snapshot!(messages(&load_units(
            &[(
                "a",
                "namn: A\ntyp: vårdcentral\nhsa_id: SE1234567890-E1\nkommun: Kalmar\ntelefon: ring oss\n".into()
            )],
            QUIET
        )));
}

#[test]
fn duplicate_ids_and_hsa_ids() {
    let files = vec![
        (
            PathBuf::from("content/enheter/_region.yaml"),
            REGION.to_string(),
        ),
        (PathBuf::from("content/enheter/a.yaml"), unit_yaml(1, "")),
        (PathBuf::from("content/enheter/a.yml"), unit_yaml(2, "")),
        (PathBuf::from("content/enheter/b.yaml"), unit_yaml(1, "")),
    ];
    let data = load(&files, QUIET);
    insta::assert_debug_snapshot!(messages(&data));
}

const CLOSED_DEC: &str = "avvikelser:\n  - fran: 2026-12-01\n    till: 2026-12-04\n    tider: stängt\n    orsak: Utbildning\n";

#[test]
fn closures_need_a_referral_to_a_known_unit_that_is_open() {
    let build = date(2026, 11, 22);
    // Eves are decided region-wide, so only the referral findings remain.
    let data = load_units(
        &[
            ("a", unit_yaml(1, CLOSED_DEC)),
            (
                "b",
                unit_yaml(2, &format!("{CLOSED_DEC}    hanvisning: c\n")),
            ),
            (
                "c",
                unit_yaml(3, &format!("{CLOSED_DEC}    hanvisning: b\n")),
            ),
            (
                "d",
                unit_yaml(4, &format!("{CLOSED_DEC}    hanvisning: nybro\n")),
            ),
            (
                "e",
                unit_yaml(5, &format!("{CLOSED_DEC}    hanvisning: e\n")),
            ),
            (
                "f",
                unit_yaml(6, &format!("{CLOSED_DEC}    hanvisning: \"1177\"\n")),
            ),
        ],
        build,
    );
    insta::assert_debug_snapshot!(messages(&data));
}

#[test]
fn referral_to_a_unit_closed_only_on_the_weekend_days_is_fine() {
    // The closing unit is closed on weekends anyway, so the referral's weekend does not count.
    let data = load_units(
        &[
            (
                "a",
                unit_yaml(
                    1,
                    "avvikelser:\n  - fran: 2026-02-02\n    till: 2026-02-15\n    tider: stängt\n    hanvisning: b\n",
                ),
            ),
            ("b", unit_yaml(2, "")),
        ],
        QUIET,
    );
    assert_eq!(messages(&data), Vec::<String>::new());
}

#[test]
fn deviation_dates_order_and_overlap() {
    insta::assert_debug_snapshot!(one(
        "avvikelser:\n  - fran: 2026-02-10\n    till: 2026-02-09\n    tider: 08.00-12.00\n  - fran: 2026-13-01\n    till: 2026-02-20\n    tider: 08.00-12.00\n  - fran: 2026-02-16\n    till: 2026-02-18\n    tider: 08.00-12.00\n  - fran: 2026-02-18\n    till: 2026-02-19\n    tider: 09.00-12.00\n"
    ));
}

#[test]
fn short_weekly_hours_warn_with_the_hours() {
    insta::assert_debug_snapshot!(one("oppettider:\n  fre: 07.30-12.00\n"));
}

#[test]
fn past_deviations_can_be_removed() {
    insta::assert_debug_snapshot!(one(
        "avvikelser:\n  - fran: 2026-01-12\n    till: 2026-01-13\n    tider: 08.00-12.00\n"
    ));
}

#[test]
fn an_eve_without_a_decision_warns_with_unit_and_date() {
    // 2026-06-19 is midsommarafton, a Friday; the test region decides only julafton and
    // nyårsafton.
    let data = load_units(&[("a", unit_yaml(1, ""))], date(2026, 5, 1));
    insta::assert_debug_snapshot!(messages(&data));
    // påskafton 2026-04-04 is a Saturday, when the unit is closed anyway: no decision needed.
    let data = load_units(&[("a", unit_yaml(1, ""))], date(2026, 3, 20));
    assert_eq!(messages(&data), Vec::<String>::new());
    // A deviation on the day is a decision.
    let data = load_units(
        &[(
            "a",
            unit_yaml(
                1,
                "avvikelser:\n  - fran: 2026-06-19\n    till: 2026-06-19\n    tider: 07.30-13.00\n",
            ),
        )],
        date(2026, 5, 1),
    );
    assert_eq!(messages(&data), Vec::<String>::new());
}

#[test]
fn weekend_open_centre_needs_holiday_hours() {
    let data = load_units(
        &[(
            "a",
            "namn: A\ntyp: helgöppen hälsocentral\nhsa_id: SE1234567890-E1\nkommun: Kalmar\ntelefon: 070-174 06 05\noppettider:\n  lör-sön: 10.00-15.00\n".into(),
        )],
        QUIET,
    );
    insta::assert_debug_snapshot!(messages(&data));
}

#[test]
fn branches_name_a_known_main_unit() {
    let data = load_units(
        &[
            ("a", unit_yaml(1, "filial_till: hogsby\n")),
            ("b", unit_yaml(2, "filial_till: a\n")),
        ],
        QUIET,
    );
    insta::assert_debug_snapshot!(messages(&data));
}

// ---------------------------------------------------------------- resolution

const STENSO: &str = "oppettider:\n  lör: 09.00-22.00\n  sön: 09.00-21.00\nhelgdagar: 09.00-21.00\naftnar:\n  julafton: helgdagstider\n  nyarsafton: helgdagstider\n";

fn weekend_unit(build: Date) -> UnitData {
    let text = unit_yaml(1, STENSO).replace("typ: hälsocentral", "typ: helgöppen hälsocentral");
    load_units(&[("stenso", text)], build)
}

fn day_of(data: &UnitData, id: &str, d: Date) -> CalendarDay {
    let (_, cal) = data.unit(id).unwrap();
    cal.days.iter().find(|x| x.date == d).unwrap().clone()
}

#[test]
fn an_ordinary_centre_is_closed_on_weekday_holidays() {
    let data = load_units(&[("a", unit_yaml(1, ""))], date(2026, 12, 20));
    assert_eq!(messages(&data), Vec::<String>::new());
    let christmas = day_of(&data, "a", date(2026, 12, 25));
    assert_eq!(
        (
            christmas.display.as_str(),
            christmas.note.as_deref(),
            christmas.weekday
        ),
        ("Stängt", Some("juldagen"), "fre")
    );
    let epiphany = day_of(&data, "a", date(2027, 1, 6));
    assert_eq!(
        (epiphany.display.as_str(), epiphany.note.as_deref()),
        ("Stängt", Some("trettondedag jul"))
    );
    assert_eq!(day_of(&data, "a", date(2026, 12, 24)).display, "Stängt");
    assert_eq!(
        day_of(&data, "a", date(2026, 12, 23)).display,
        "07.30–17.00"
    );
}

#[test]
fn a_deviation_overrides_a_holiday() {
    let data = load_units(
        &[(
            "a",
            unit_yaml(
                1,
                "avvikelser:\n  - fran: 2027-01-06\n    till: 2027-01-06\n    tider: 10.00-14.00\n    orsak: Vaccinationsdag\n",
            ),
        )],
        date(2026, 12, 20),
    );
    let d = day_of(&data, "a", date(2027, 1, 6));
    assert_eq!(
        (d.display.as_str(), d.note.as_deref(), d.source),
        (
            "10.00–14.00",
            Some("Vaccinationsdag"),
            DaySource::Avvikelse(0)
        )
    );
}

#[test]
fn a_weekend_open_centre_uses_its_holiday_hours() {
    let data = weekend_unit(date(2026, 12, 20));
    assert_eq!(messages(&data), Vec::<String>::new());
    for (d, want) in [
        (date(2026, 12, 24), "09.00–21.00"), // julafton, helgdagstider
        (date(2026, 12, 25), "09.00–21.00"), // juldagen, Friday
        (date(2026, 12, 26), "09.00–21.00"), // annandag jul, Saturday: holiday hours win
        (date(2026, 12, 27), "09.00–21.00"), // ordinary Sunday
        (date(2026, 12, 28), "07.30–17.00"),
        (date(2027, 1, 2), "09.00–22.00"), // ordinary Saturday
    ] {
        assert_eq!(day_of(&data, "stenso", d).display, want, "{d}");
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn interval_on(data: &UnitData, id: &str, start: &str) -> Interval {
    let (_, cal) = data.unit(id).unwrap();
    *cal.intervals
        .iter()
        .find(|iv| iv.start == ts(start))
        .unwrap_or_else(|| panic!("no interval from {start}: {:?}", cal.intervals))
}

#[test]
fn intervals_are_right_across_daylight_saving_changes() {
    let data = weekend_unit(date(2026, 3, 23));
    // Saturday before the change, CET (UTC+1): 09–22 is 08:00Z–21:00Z.
    let sat = interval_on(&data, "stenso", "2026-03-28T08:00:00Z");
    assert_eq!(sat.end, ts("2026-03-28T21:00:00Z"));
    // Sunday 29 March, CEST from 02:00: 09–21 is 07:00Z–19:00Z.
    let sun = interval_on(&data, "stenso", "2026-03-29T07:00:00Z");
    assert_eq!(sun.end, ts("2026-03-29T19:00:00Z"));

    let data = weekend_unit(date(2026, 10, 19));
    // Saturday 24 October still CEST: 09–22 is 07:00Z–20:00Z.
    let sat = interval_on(&data, "stenso", "2026-10-24T07:00:00Z");
    assert_eq!(sat.end, ts("2026-10-24T20:00:00Z"));
    // Sunday 25 October, CET from 03:00: 09–21 is 08:00Z–20:00Z.
    let sun = interval_on(&data, "stenso", "2026-10-25T08:00:00Z");
    assert_eq!(sun.end, ts("2026-10-25T20:00:00Z"));
    assert_eq!(
        super::resolve::local_rfc3339(sun.start),
        "2026-10-25T09:00:00+01:00"
    );
}

#[test]
fn a_night_span_over_the_spring_change_is_an_hour_shorter() {
    // 00.00–06.00 on 29 March 2026 lasts five real hours (02.00 becomes 03.00).
    let data = load_units(
        &[(
            "a",
            unit_yaml(
                1,
                "avvikelser:\n  - fran: 2026-03-29\n    till: 2026-03-29\n    tider: 00.00-06.00\n",
            ),
        )],
        date(2026, 3, 23),
    );
    let iv = interval_on(&data, "a", "2026-03-28T23:00:00Z");
    assert_eq!(iv.end, ts("2026-03-29T04:00:00Z"));
}

#[test]
fn open_now_labels_are_swedish_and_ready() {
    let data = load_units(&[("a", unit_yaml(1, ""))], date(2026, 11, 20));
    let now = open_now(data.unit("a").unwrap().1, &sv());
    let fri = &now.intervals[0];
    assert_eq!(fri.start_ms, ts("2026-11-20T06:30:00Z").as_millisecond());
    assert_eq!(fri.open_label, "Öppet nu · stänger 17.00");
    assert_eq!(fri.before_label, "Stängt · öppnar fre 07.30");
    assert_eq!(now.intervals[1].before_label, "Stängt · öppnar mån 07.30");
    // Over Christmas 2026 the unit is closed Thursday 24 to Sunday 27 December, then open
    // on Monday 28; the weekday alone is enough under a week.
    let after_christmas = now
        .intervals
        .iter()
        .find(|i| i.start_ms == ts("2026-12-28T06:30:00Z").as_millisecond())
        .unwrap();
    assert_eq!(after_christmas.before_label, "Stängt · öppnar mån 07.30");
}

#[test]
fn open_now_names_the_date_after_a_long_closure() {
    let data = load_units(
        &[(
            "a",
            unit_yaml(
                1,
                "avvikelser:\n  - fran: 2026-11-23\n    till: 2026-12-04\n    tider: stängt\n    hanvisning: \"1177\"\n",
            ),
        )],
        date(2026, 11, 22),
    );
    let now = open_now(data.unit("a").unwrap().1, &sv());
    assert_eq!(
        now.intervals[0].before_label,
        "Stängt · öppnar mån 7 dec 07.30"
    );
}

#[test]
fn an_emergency_department_is_one_interval_open_around_the_clock() {
    let text = unit_yaml(1, "oppettider:\n  mån-sön: dygnet runt\n")
        .replace("typ: hälsocentral", "typ: akutmottagning");
    let data = load_units(&[("akut", text)], date(2026, 12, 20));
    assert_eq!(messages(&data), Vec::<String>::new());
    let (_, cal) = data.unit("akut").unwrap();
    assert_eq!(cal.intervals.len(), 1);
    assert_eq!(
        day_of(&data, "akut", date(2026, 12, 24)).display,
        "Dygnet runt"
    );
    assert_eq!(
        open_now(cal, &sv()).intervals[0].open_label,
        "Öppet dygnet runt"
    );
    let ld = data.json_ld("akut").unwrap();
    assert_eq!(ld["@type"], "Hospital");
    assert_eq!(ld["openingHoursSpecification"][0]["closes"], "23:59");
    assert!(ld.get("specialOpeningHoursSpecification").is_none());
}

#[test]
fn json_ld_has_hours_holidays_contact_and_identifier() {
    let text = unit_yaml(
        1,
        "akuttelefon:\n  telefon: 031-390 06 01\nfilial_till: b\navvikelser:\n  - fran: 2026-12-21\n    till: 2026-12-21\n    tider: 07.30-12.00\n    orsak: Utbildning\n",
    );
    let data = load_units(&[("a", text), ("b", unit_yaml(2, ""))], date(2026, 12, 20));
    assert_eq!(messages(&data), Vec::<String>::new());
    let ld = data.json_ld("a").unwrap();
    assert_eq!(ld["@type"], "MedicalClinic");
    assert_eq!(
        ld["identifier"],
        serde_json::json!({"@type": "PropertyValue", "propertyID": "HSA-id", "value": "SE1234567890-E1"})
    );
    assert_eq!(
        ld["openingHoursSpecification"],
        serde_json::json!([{
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["https://schema.org/Monday", "https://schema.org/Tuesday",
                "https://schema.org/Wednesday", "https://schema.org/Thursday",
                "https://schema.org/Friday"],
            "opens": "07:30", "closes": "17:00",
        }])
    );
    let special = ld["specialOpeningHoursSpecification"].as_array().unwrap();
    assert_eq!(
        special[0],
        serde_json::json!({"@type": "OpeningHoursSpecification", "validFrom": "2026-12-21",
            "validThrough": "2026-12-21", "opens": "07:30", "closes": "12:00",
            "description": "Utbildning"})
    );
    assert_eq!(
        special[1],
        serde_json::json!({"@type": "OpeningHoursSpecification", "validFrom": "2026-12-24",
            "validThrough": "2026-12-24", "opens": "00:00", "closes": "00:00",
            "description": "julafton"})
    );
    let dates: Vec<&str> = special
        .iter()
        .map(|s| s["validFrom"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "2026-12-21",
            "2026-12-24",
            "2026-12-25",
            "2026-12-31",
            "2027-01-01",
            "2027-01-06",
            // A year of holidays: public holidays are certain, decided eves too.
            "2027-03-26",
            "2027-03-29",
            "2027-05-06",
            "2027-12-24",
            "2027-12-31",
            "2028-01-06",
        ]
    );
    assert_eq!(ld["contactPoint"][0]["contactType"], "telefontider");
    assert_eq!(ld["contactPoint"][1]["telephone"], "031-390 06 01");
    assert_eq!(ld["parentOrganization"]["name"], "Enhet 2");
}

#[test]
fn open_data_is_sorted_and_deterministic() {
    let build = date(2026, 12, 20);
    let a = load_units(&[("b", unit_yaml(2, "")), ("a", unit_yaml(1, ""))], build);
    let b = load_units(&[("a", unit_yaml(1, "")), ("b", unit_yaml(2, ""))], build);
    let (ja, jb) = (a.open_data(build), b.open_data(build));
    assert_eq!(
        serde_json::to_string(&ja).unwrap(),
        serde_json::to_string(&jb).unwrap()
    );
    assert_eq!(ja["enheter"][0]["id"], "a");
    assert_eq!(ja["enheter"][1]["id"], "b");
    assert_eq!(
        ja["enheter"][0]["intervall"][0],
        serde_json::json!({"fran": "2026-12-21T07:30:00+01:00", "till": "2026-12-21T17:00:00+01:00"})
    );
    // Thirteen months: 2026-12-20 up to 2028-01-19.
    assert_eq!(ja["enheter"][0]["dagar"].as_array().unwrap().len(), 396);
}

#[test]
fn the_time_zone_comes_from_the_bundled_database() {
    let tz = jiff::tz::TimeZoneDatabase::bundled()
        .get("Europe/Stockholm")
        .unwrap();
    assert_eq!(stockholm().iana_name(), tz.iana_name());
    assert_eq!(stockholm().iana_name(), Some("Europe/Stockholm"));
}

#[test]
fn a_missing_region_file_is_an_error() {
    let files = vec![(PathBuf::from("content/enheter/a.yaml"), unit_yaml(1, ""))];
    let data = load(&files, QUIET);
    assert_eq!(
        messages(&data),
        [
            "fel: content/enheter/_region.yaml: regionfilen saknas\n  tips: den innehåller de vanliga öppettiderna, kommunerna och besluten för aftnar som varje enhetsfil kontrolleras mot"
        ]
    );
}

// ---------------------------------------------------------------- the example data

fn example_files() -> Vec<(PathBuf, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/enheter");
    let mut files: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (
                PathBuf::from("content/enheter").join(p.file_name().unwrap()),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn the_example_data_builds_without_findings() {
    let build = date(2026, 11, 22);
    let data = load(&example_files(), build);
    assert_eq!(messages(&data), Vec::<String>::new());
    assert!(data.units.len() >= 14, "{}", data.units.len());
    let mut covered: Vec<&str> = data.units.iter().map(|u| u.municipality.as_str()).collect();
    covered.sort();
    covered.dedup();
    assert_eq!(
        covered,
        data.region
            .municipalities
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .tap_sort()
    );

    let weekend: Vec<&str> = data
        .units
        .iter()
        .filter(|u| u.kind == Kind::HelgoppenHalsocentral)
        .map(|u| u.id.as_str())
        .collect();
    assert_eq!(
        weekend,
        [
            "borgholm",
            "esplanaden",
            "nybro",
            "oskarshamn-helg",
            "stenso",
            "vimmerby"
        ]
    );
    // Today (a Sunday) Mörbylånga is closed and refers to Färjestaden, which is open on the
    // weekdays of the closure.
    let (m, _) = data.unit("morbylanga").unwrap();
    assert_eq!(
        m.deviations[0].referral,
        Some(Referral::Unit("farjestaden".into()))
    );
    for (id, d, want) in [
        ("morbylanga", date(2026, 11, 23), "Stängt"),
        ("farjestaden", date(2026, 11, 23), "07.30–17.00"),
        ("stenso", date(2026, 11, 22), "09.00–21.00"),
        ("stenso", date(2026, 12, 24), "09.00–21.00"),
        ("nybro", date(2026, 12, 25), "10.00–15.00"),
        ("oskarshamn-helg", date(2026, 11, 28), "09.00–22.00"),
        ("oskarshamn-helg", date(2026, 11, 23), "Stängt"),
        ("emmaboda", date(2026, 12, 24), "Stängt"),
    ] {
        assert_eq!(day_of(&data, id, d).display, want, "{id} {d}");
    }
    assert!(data.units.iter().any(|u| u.branch_of.is_some()));
    assert!(data.units.iter().any(|u| u.kind == Kind::Akutmottagning));
}

trait TapSort {
    fn tap_sort(self) -> Self;
}
impl<T: Ord> TapSort for Vec<T> {
    fn tap_sort(mut self) -> Self {
        self.sort();
        self
    }
}
