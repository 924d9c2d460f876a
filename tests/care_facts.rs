//! Care facts that stay true between builds (issue 16), on the unit fixture site built
//! through the real binary with a fixed `--date`. Which test proves which point:
//!
//! - Telephone hours as first-class hours: `phones_close_with_the_unit_on_holidays_and_
//!   during_a_closure`, `json_ld_never_says_a_phone_is_staffed_when_the_open_data_says_it_
//!   is_closed`, `a_closure_can_keep_its_phones_and_holidays_can_have_their_own_phone_hours`.
//! - Referrals by the hour: `a_referral_open_for_only_part_of_the_hours_is_an_error_naming_
//!   the_hours` (Stensö 09–22 → Nybro 10–15), `a_referral_to_the_emergency_department_warns_
//!   unless_it_is_agreed`.
//! - A year of holidays: `a_site_built_today_shows_every_holiday_of_the_coming_year_and_far_
//!   closures` (day X + 95), `eves_no_one_has_decided_follow_the_regions_default_and_still_
//!   warn_within_60_days`.
//! - A site that knows its age: `pages_with_hours_carry_the_build_time_and_when_they_go_
//!   stale`, `check_warns_when_the_build_date_is_pinned_in_the_past`; the scripts with a
//!   faked clock in `tests/js/open-now.test.mjs` ("a week after the build …", "on a stale
//!   page …") and `tests/js/guide.test.mjs` ("a week after the build …").
//! - The date of the data: `the_data_date_comes_from_uppdaterad_and_never_from_the_build`,
//!   `the_data_date_is_the_files_last_commit_when_the_site_is_a_git_checkout`.
//! - The small ones: `hours_in_the_summer_time_gap_are_an_error_naming_the_date`,
//!   `unit_lists_flag_closures_and_changed_hours_in_the_coming_week`,
//!   `the_start_page_counts_the_units_from_the_data`,
//!   `the_emergency_department_is_listed_in_every_band_of_the_guide`,
//!   `the_open_now_words_come_from_the_themes_translations`; in `tests/js/open-now.test.mjs`
//!   the minute-aligned redraw and the next opening after the data's window.

mod common;

use std::process::Command;

use common::units::{ALFA, BETA, DATE, GAMMA, units_site};
use common::{Fixture, Run};
use serde_json::Value;

fn build(site: &Fixture) -> Run {
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    r
}

/// The JSON of the `<script>` whose opening tag ends with `open`.
fn script_json(html: &str, open: &str) -> Value {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = html[start..].find("</script>").expect("script end") + start;
    serde_json::from_str(&html[start..end]).expect("script JSON parses")
}

fn json_ld(site: &Fixture, id: &str) -> Value {
    let html = site.read(&format!("public/enheter/{id}/index.html"));
    script_json(&html, "<script type=\"application/ld+json\">")
}

fn open_now(site: &Fixture, id: &str) -> Value {
    let html = site.read(&format!("public/enheter/{id}/index.html"));
    script_json(
        &html,
        "<script type=\"application/json\" id=\"oppet-data\">",
    )
}

/// One unit of `/enheter.json`.
fn open_data(site: &Fixture, id: &str) -> Value {
    let data: Value =
        serde_json::from_str(&site.read("public/enheter.json")).expect("enheter.json parses");
    data["enheter"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["id"] == id)
        .unwrap_or_else(|| panic!("{id} in the open data"))
        .clone()
}

fn day<'a>(unit: &'a Value, date: &str) -> &'a Value {
    unit["dagar"]
        .as_array()
        .expect("days")
        .iter()
        .find(|d| d["datum"] == date)
        .unwrap_or_else(|| panic!("no {date}"))
}

/// The contact point of `kind` in a unit's JSON-LD.
fn contact<'a>(ld: &'a Value, kind: &str) -> &'a Value {
    ld["contactPoint"]
        .as_array()
        .expect("contact points")
        .iter()
        .find(|c| c["contactType"] == kind)
        .unwrap_or_else(|| panic!("no contact point {kind}"))
}

/// The special-day entries of a contact point's `hoursAvailable` on `date`, as (opens, closes).
fn special_hours(point: &Value, date: &str) -> Vec<(String, String)> {
    point["hoursAvailable"]
        .as_array()
        .expect("hoursAvailable")
        .iter()
        .filter(|s| s["validFrom"] == date)
        .map(|s| {
            (
                s["opens"].as_str().expect("opens").to_string(),
                s["closes"].as_str().expect("closes").to_string(),
            )
        })
        .collect()
}

const CLOSED_ALL_DAY: (&str, &str) = ("00:00", "00:00");

fn closed() -> Vec<(String, String)> {
    vec![(CLOSED_ALL_DAY.0.to_string(), CLOSED_ALL_DAY.1.to_string())]
}

#[test]
fn phones_close_with_the_unit_on_holidays_and_during_a_closure() {
    let alfa = format!("{ALFA}akuttelefon:\n  telefon: 031-390 06 01\n").replace(
        "e_tjanster: [boka_tid, fornya_recept]",
        "e_tjanster: [boka_tid, fornya_recept, 1177_direkt]",
    );
    let site = units_site(&[("content/enheter/alfa.yaml", &alfa)]);
    build(&site);
    let ld = json_ld(&site, "alfa");
    // Julafton (region decision), juldagen, the closure 28–30 December: every line closed.
    for kind in ["telefontider", "akuttelefon", "1177 Direkt"] {
        let point = contact(&ld, kind);
        for date in [
            "2026-12-24",
            "2026-12-25",
            "2026-12-28",
            "2026-12-30",
            "2027-12-24",
        ] {
            assert_eq!(special_hours(point, date), closed(), "{kind} on {date}");
        }
        // An ordinary weekday has no special entry: the weekly hours apply.
        assert!(special_hours(point, "2026-12-22").is_empty(), "{kind}");
    }
    assert_eq!(contact(&ld, "telefontider")["telephone"], "070-174 06 50");
    assert_eq!(
        contact(&ld, "1177 Direkt")["url"],
        "https://www.1177.se/hitta-vard/kontaktkort/alfa/"
    );

    // The open data, per day: phone, chat, emergency line and the referral.
    let unit = open_data(&site, "alfa");
    assert_eq!(unit["akuttelefon"]["telefon"], "031-390 06 01");
    let weekday = day(&unit, "2026-12-22");
    assert_eq!(weekday["tider"], "07.30–17.00");
    assert_eq!(weekday["telefontider"], "08.00–16.00");
    assert_eq!(weekday["chatt_1177_direkt"], "08.00–16.00");
    assert_eq!(weekday["akuttelefon"], "07.30–17.00");
    assert!(weekday.get("hanvisning").is_none());
    let closure = day(&unit, "2026-12-29");
    assert_eq!(closure["tider"], "Stängt");
    assert_eq!(closure["telefontider"], "Stängt");
    assert_eq!(closure["chatt_1177_direkt"], "Stängt");
    assert_eq!(closure["akuttelefon"], "Stängt");
    assert_eq!(
        closure["hanvisning"],
        serde_json::json!({"till": "enhet", "enhet": "beta"})
    );
    assert_eq!(day(&unit, "2026-12-24")["telefontider"], "Stängt");

    // The holiday table has a telephone column; the closure notice says the phone is closed.
    let html = site.read("public/enheter/alfa/index.html");
    assert!(html.contains("<th scope=\"col\">Telefon</th>"), "{html}");
    assert!(html.contains(
        "<td data-label=\"Mottagningen\">Stängt</td><td data-label=\"Telefon\">Stängt</td><td data-label=\"Anledning\">julafton</td>"
    ));
    assert!(html.contains("<p>Telefon: Stängt.</p>"));
    assert!(html.contains("Chatten 1177 Direkt har samma tider som telefonen."));
}

#[test]
fn json_ld_never_says_a_phone_is_staffed_when_the_open_data_says_it_is_closed() {
    let site = units_site(&[]);
    build(&site);
    for id in ["alfa", "beta", "gamma"] {
        let ld = json_ld(&site, id);
        let point = contact(&ld, "telefontider");
        let weekly: Vec<&Value> = point["hoursAvailable"]
            .as_array()
            .expect("hours")
            .iter()
            .filter(|s| s.get("validFrom").is_none())
            .collect();
        let unit = open_data(&site, id);
        for d in unit["dagar"].as_array().expect("days") {
            let date = d["datum"].as_str().expect("date");
            if d["telefontider"] != "Stängt" {
                continue;
            }
            let weekday = jiff::civil::Date::strptime("%Y-%m-%d", date)
                .expect("date")
                .weekday();
            let schema_day = format!("https://schema.org/{weekday:?}");
            let staffed_weekly = weekly.iter().any(|s| {
                s["dayOfWeek"]
                    .as_array()
                    .expect("days")
                    .contains(&Value::from(schema_day.as_str()))
            });
            if staffed_weekly {
                assert_eq!(special_hours(point, date), closed(), "{id} on {date}");
            }
        }
    }
}

#[test]
fn a_closure_can_keep_its_phones_and_holidays_can_have_their_own_phone_hours() {
    let alfa = ALFA.replace(
        "    hanvisning: beta\n",
        "    hanvisning: beta\n    telefontider: 08.00-10.00\n",
    );
    let beta = format!("{BETA}telefontider_helgdagar: 10.00-14.00\n");
    let site = units_site(&[
        ("content/enheter/alfa.yaml", &alfa),
        ("content/enheter/beta.yaml", &beta),
    ]);
    build(&site);
    let unit = open_data(&site, "alfa");
    assert_eq!(day(&unit, "2026-12-28")["tider"], "Stängt");
    assert_eq!(day(&unit, "2026-12-28")["telefontider"], "08.00–10.00");
    assert!(
        site.read("public/enheter/alfa/index.html")
            .contains("<p>Telefon: 08.00–10.00.</p>")
    );
    assert_eq!(
        special_hours(
            contact(&json_ld(&site, "alfa"), "telefontider"),
            "2026-12-28"
        ),
        vec![("08:00".to_string(), "10:00".to_string())]
    );
    // Beta: open 09–21 on juldagen, the phones 10–14; julafton takes the holiday hours.
    let beta = open_data(&site, "beta");
    assert_eq!(day(&beta, "2026-12-25")["tider"], "09.00–21.00");
    assert_eq!(day(&beta, "2026-12-25")["telefontider"], "10.00–14.00");
    assert_eq!(day(&beta, "2026-12-24")["telefontider"], "10.00–14.00");
    assert!(site.read("public/enheter/beta/index.html").contains(
        "<td data-label=\"Mottagningen\">09.00–21.00</td><td data-label=\"Telefon\">10.00–14.00</td><td data-label=\"Anledning\">juldagen</td>"
    ));
}

/// Stensö (Saturday 09–22) closed on a Saturday, referring to Nybro (Saturday 10–15).
const STENSO: &str = "\
namn: Stensö hälsocentral
typ: helgöppen hälsocentral
hsa_id: SE0000000000-STENSO
kommun: Kalmar
telefon: 070-174 06 05
oppettider:
  lör: 09.00-22.00
  sön: 09.00-21.00
helgdagar: 09.00-21.00
aftnar:
  julafton: helgdagstider
  nyarsafton: helgdagstider
avvikelser:
  - fran: 2027-01-09
    till: 2027-01-09
    tider: stängt
    orsak: Personalbrist
    hanvisning: nybro
";

const NYBRO: &str = "\
namn: Nybro hälsocentral
typ: helgöppen hälsocentral
hsa_id: SE0000000000-NYBRO
kommun: Kalmar
telefon: 070-174 06 06
oppettider:
  lör: 10.00-15.00
  sön: 10.00-15.00
helgdagar: 10.00-15.00
aftnar:
  julafton: helgdagstider
  nyarsafton: helgdagstider
";

const AKUT: &str = "\
namn: Akutmottagningen
typ: akutmottagning
hsa_id: SE0000000000-AKUT
kommun: Kalmar
telefon: 070-174 06 20
oppettider:
  mån-sön: dygnet runt
";

#[test]
fn a_referral_open_for_only_part_of_the_hours_is_an_error_naming_the_hours() {
    let site = units_site(&[
        ("content/enheter/stenso.yaml", STENSO),
        ("content/enheter/nybro.yaml", NYBRO),
    ]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: content/enheter/stenso.yaml:18:17: the unit's field `avvikelser[0].hanvisning`: the referral `nybro` is closed 09.00–10.00, 15.00–22.00 on lör 2027-01-09, when this unit would have been open"
        ),
        "{}",
        r.stderr
    );
    assert!(!site.exists("public"));

    // Nybro open all Stensö's hours on that Saturday: no finding.
    let nybro = NYBRO.replace("  lör: 10.00-15.00\n", "  lör: 08.00-22.00\n");
    site.write("content/enheter/nybro.yaml", &nybro);
    let r = build(&site);
    assert!(!r.stderr.contains("hanvisning"), "{}", r.stderr);
}

#[test]
fn a_referral_to_the_emergency_department_warns_unless_it_is_agreed() {
    let stenso = STENSO.replace("hanvisning: nybro", "hanvisning: akut");
    let site = units_site(&[
        ("content/enheter/stenso.yaml", &stenso),
        ("content/enheter/akut.yaml", AKUT),
    ]);
    let r = build(&site);
    assert!(
        r.stderr.contains(
            "warning: content/enheter/stenso.yaml:18:17: the unit's field `avvikelser[0].hanvisning`: the referral `akut` is an emergency department"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("akut_avsedd: true"), "{}", r.stderr);
    site.write(
        "content/enheter/stenso.yaml",
        &format!("{stenso}    akut_avsedd: true\n"),
    );
    let r = build(&site);
    assert!(!r.stderr.contains("emergency department"), "{}", r.stderr);
}

#[test]
fn a_site_built_today_shows_every_holiday_of_the_coming_year_and_far_closures() {
    // A closure decided ten months ahead, and the region's eves a year ahead.
    let gamma = format!(
        "{GAMMA}  - fran: 2027-10-04\n    till: 2027-10-08\n    tider: stängt\n    orsak: Ombyggnad\n    hanvisning: alfa\n"
    );
    let site = units_site(&[("content/enheter/gamma.yaml", &gamma)]);
    build(&site);
    // Built 2026-12-21 and not rebuilt: on day X + 95, långfredagen, the unit is closed
    // in the page, the JSON-LD and the open data, not shown with its ordinary hours.
    let html = site.read("public/enheter/alfa/index.html");
    assert!(html.contains(
        "<time datetime=\"2027-03-26\">fredag 26 mars 2027</time></th><td data-label=\"Mottagningen\">Stängt</td>"
    ));
    assert!(html.contains("<time datetime=\"2027-12-24\">fredag 24 december 2027</time>"));
    assert_eq!(
        day(&open_data(&site, "alfa"), "2027-03-26")["tider"],
        "Stängt"
    );
    let special = json_ld(&site, "alfa")["specialOpeningHoursSpecification"].clone();
    assert!(
        special
            .as_array()
            .expect("special")
            .iter()
            .any(|s| s["validFrom"] == "2027-03-26" && s["closes"] == "00:00")
    );
    // The calendar runs 13 months: to 2028-01-20.
    let unit = open_data(&site, "alfa");
    let days = unit["dagar"].as_array().expect("days");
    assert_eq!(days.first().expect("first")["datum"], DATE);
    assert_eq!(days.last().expect("last")["datum"], "2028-01-20");

    // The far closure is on the page at once.
    let gamma = site.read("public/enheter/gamma/index.html");
    assert!(
        gamma.contains(
            "Stängt från och med <time datetime=\"2027-10-04\">måndag 4 oktober 2027</time>"
        ),
        "{gamma}"
    );
    // The Helgöppet page lists next year's holidays too.
    assert!(
        site.read("public/helgoppet/index.html")
            .contains("midsommardagen")
    );
}

#[test]
fn pages_with_hours_carry_the_build_time_and_when_they_go_stale() {
    let site = units_site(&[]);
    build(&site);
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let data = open_now(&site, "alfa");
    let built = data["built_ms"].as_i64().expect("built_ms");
    assert_eq!(built, 1_797_807_600_000); // 2026-12-21 00.00 CET
    assert_eq!(data["stale_ms"].as_i64(), Some(built + 7 * DAY_MS));
    assert_eq!(
        data["stale_label"],
        "Uppgifterna på sidan kan vara inaktuella. Kontrollera öppettiderna på 1177.se eller ring 070-174 06 50."
    );
    // Every page with hours says when it was built: unit pages, the Helgöppet page, the
    // start page's weekend cards and Markdown pages that embed a unit's hours.
    for page in [
        "public/enheter/alfa/index.html",
        "public/helgoppet/index.html",
        "public/index.html",
    ] {
        assert!(
            site.read(page).contains("data-byggd=\"2026-12-21\""),
            "{page}"
        );
    }

    // `stale_after_days` in site.yaml sets the limit, 1 to 60 days.
    site.write(
        "site.yaml",
        &format!("{}stale_after_days: 3\n", common::SITE_YAML),
    );
    build(&site);
    assert_eq!(
        open_now(&site, "alfa")["stale_ms"].as_i64(),
        Some(built + 3 * DAY_MS)
    );
    site.write(
        "site.yaml",
        &format!("{}stale_after_days: 0\n", common::SITE_YAML),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("site.yaml field `stale_after_days`: `stale_after_days: 0` must be 1–60"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_warns_when_the_build_date_is_pinned_in_the_past() {
    let site = units_site(&[]);
    let r = site.run(&["check", "--date", "2020-01-06"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "warning: --date 2020-01-06: the build date is pinned to 2020-01-06, before today"
        ),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("deployment section"), "{}", r.stderr);
    // Today or later is not pinned in the past (the calendars reach far enough).
    let r = site.run(&["check", "--date", "2099-01-05"]);
    assert!(!r.stderr.contains("pinned"), "{}", r.stderr);
    let r = site.run(&["check"]);
    assert!(!r.stderr.contains("pinned"), "{}", r.stderr);
}

#[test]
fn the_data_date_comes_from_uppdaterad_and_never_from_the_build() {
    let site = units_site(&[(
        "content/enheter/alfa.yaml",
        &format!("{ALFA}uppdaterad: 2026-12-01\n"),
    )]);
    build(&site);
    assert!(site.read("public/enheter/alfa/index.html").contains(
        "Uppgifterna uppdaterades <time datetime=\"2026-12-01\">tisdag 1 december 2026</time>."
    ));
    // Without the field, outside a git checkout: no line rather than the build date.
    let beta = site.read("public/enheter/beta/index.html");
    assert!(!beta.contains("Uppgifterna uppdaterades"), "{beta}");
    assert!(!beta.contains("datetime=\"2026-12-21\">måndag 21 december 2026</time>."));

    // In the future: an error; over a year old: a warning.
    site.write(
        "content/enheter/alfa.yaml",
        &format!("{ALFA}uppdaterad: 2026-12-22\n"),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "the unit's field `uppdaterad`: the date 2026-12-22 is after the build date 2026-12-21"
        ),
        "{}",
        r.stderr
    );
    site.write(
        "content/enheter/alfa.yaml",
        &format!("{ALFA}uppdaterad: 2025-12-20\n"),
    );
    let r = build(&site);
    assert!(
        r.stderr.contains(
            "warning: content/enheter/alfa.yaml:21:1: the unit's field `uppdaterad`: the unit's data was last checked on 2025-12-20, over a year ago"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_data_date_is_the_files_last_commit_when_the_site_is_a_git_checkout() {
    let site = units_site(&[]);
    let git = |args: &[&str], date: &str| {
        let out = Command::new("git")
            .args(args)
            .current_dir(site.root())
            .env("GIT_AUTHOR_NAME", "Redaktionen")
            .env("GIT_AUTHOR_EMAIL", "redaktionen@example.se")
            .env("GIT_COMMITTER_NAME", "Redaktionen")
            .env("GIT_COMMITTER_EMAIL", "redaktionen@example.se")
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", site.root())
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let now = "2026-11-02T10:00:00+01:00";
    git(&["init", "-q"], now);
    git(&["add", "."], now);
    git(&["commit", "-q", "-m", "Enheterna"], now);
    // Beta changes later, at 23.30 Swedish time: the date is the one in Stockholm.
    site.write(
        "content/enheter/beta.yaml",
        &BETA.replace("070-174 06 51", "070-174 06 59"),
    );
    let later = "2026-12-10T23:30:00+01:00";
    git(&["commit", "-q", "-am", "Nytt nummer"], later);
    build(&site);
    assert!(site.read("public/enheter/alfa/index.html").contains(
        "Uppgifterna uppdaterades <time datetime=\"2026-11-02\">måndag 2 november 2026</time>."
    ));
    assert!(site.read("public/enheter/beta/index.html").contains(
        "Uppgifterna uppdaterades <time datetime=\"2026-12-10\">torsdag 10 december 2026</time>."
    ));
}

#[test]
fn hours_in_the_summer_time_gap_are_an_error_naming_the_date() {
    // Sunday 26 March 2028 the clocks go from 02.00 to 03.00: 02.30 does not exist. (In
    // 2027 that Sunday is påskdagen, when the unit is closed anyway.)
    let gamma = GAMMA.replace(
        "avvikelser:\n",
        "oppettider:\n  sön: 02.30-06.00\navvikelser:\n",
    );
    let site = units_site(&[("content/enheter/gamma.yaml", &gamma)]);
    let r = site.run(&["build", "--date", "2027-06-01"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: content/enheter/gamma.yaml:6:1: the unit's field `oppettider`: 02.30 does not exist on 2028-03-26: the clocks go forward from 02.00 to 03.00 that night"
        ),
        "{}",
        r.stderr
    );
    // One finding for the one night, not one per Sunday.
    assert_eq!(
        r.stderr.matches("does not exist").count(),
        1,
        "{}",
        r.stderr
    );
}

#[test]
fn unit_lists_flag_closures_and_changed_hours_in_the_coming_week() {
    let site = units_site(&[]);
    // Built 2026-12-23: Alfa closes 28–30 December, within seven days.
    let r = site.run(&["build", "--date", "2026-12-23"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = site.read("public/enheter/index.html");
    assert!(list.contains(
        "<a href=\"/enheter/alfa/\">Alfa hälsocentral</a> <strong class=\"unit-flag\">Tillfälligt stängd</strong>"
    ), "{list}");
    assert!(!list.contains("Ändrade öppettider"), "{list}");
    // Built 2027-01-08: Gamma's shorter day on 13 January is within seven days.
    let r = site.run(&["build", "--date", "2027-01-08"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let list = site.read("public/enheter/index.html");
    assert!(list.contains(
        "<a href=\"/enheter/gamma/\">Gamma hälsocentral</a> <strong class=\"unit-flag\">Ändrade öppettider</strong>"
    ), "{list}");
    assert!(!list.contains("Tillfälligt stängd"), "{list}");
}

#[test]
fn the_start_page_counts_the_units_from_the_data() {
    let site = units_site(&[]);
    build(&site);
    let start = site.read("public/index.html");
    assert!(
        start.contains("3 hälsocentraler och vårdenheter finns med här."),
        "{start}"
    );
    site.write(
        "content/enheter/delta.yaml",
        &GAMMA.replace("GAMMA", "DELTA"),
    );
    build(&site);
    assert!(
        site.read("public/index.html")
            .contains("4 hälsocentraler och vårdenheter finns med här.")
    );
}

#[test]
fn eves_no_one_has_decided_follow_the_regions_default_and_still_warn_within_60_days() {
    use common::units::REGION;
    let site = units_site(&[]);
    build(&site);
    // Without a default, midsommarafton 2027 (not decided in the fixture) is ordinary.
    assert_eq!(
        day(&open_data(&site, "alfa"), "2027-06-25")["tider"],
        "07.30–17.00"
    );
    site.write(
        "content/enheter/_region.yaml",
        &format!("{REGION}aftnar_standard: helgdagstider\n"),
    );
    build(&site);
    // With `aftnar_standard: helgdagstider`: Alfa closes as on holidays, Beta keeps its
    // holiday hours.
    assert_eq!(
        day(&open_data(&site, "alfa"), "2027-06-25")["tider"],
        "Stängt"
    );
    assert_eq!(
        day(&open_data(&site, "beta"), "2027-06-25")["tider"],
        "09.00–21.00"
    );
    // Within 60 days an undecided eve is still a warning, naming what is shown.
    let r = site.run(&["build", "--date", "2027-03-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "unit `beta` has no decision for påskafton 2027-03-27; the region's `aftnar_standard` (09.00–21.00) is shown"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn the_emergency_department_is_listed_in_every_band_of_the_guide() {
    use common::guide::{LEVELS, LEVELS_PATH, SITUATIONS, SITUATIONS_PATH, guide_site};
    // The emergency department's level is recommended on weekday evenings only.
    let levels = format!(
        "{LEVELS}  - id: akut\n    namn: Akutmottagningen\n    etikett: Akut\n    text: Sök vård på akutmottagningen.\n    enheter: [akut]\n    tider_fran: enheterna\n"
    );
    let situations = SITUATIONS.replace(
        "kvall_natt: { niva: \"1177\", text: Vänta till i morgon. }",
        "kvall_natt: { niva: akut, text: Sök vård på akutmottagningen. }",
    );
    assert_ne!(situations, SITUATIONS);
    let site = guide_site(&[
        (LEVELS_PATH, &levels),
        (SITUATIONS_PATH, &situations),
        ("content/enheter/akut.yaml", AKUT),
    ]);
    build(&site);
    let html = site.read("public/vart-ska-jag-vanda-mig/index.html");
    let data = script_json(
        &html,
        "<script type=\"application/json\" id=\"guide-data\">",
    );
    let akut = data["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == "Akutmottagningen")
        .expect("the emergency department in the guide's data");
    // Open around the clock and listed in every band, so on a weekend night the guide
    // names it rather than saying that nothing is open.
    assert_eq!(
        akut["bands"],
        serde_json::json!(["helg", "kvall_natt", "vardag_dag"])
    );
    assert!(
        data["listed"]
            .as_array()
            .expect("listed")
            .contains(&Value::from("helg"))
    );
}

#[test]
fn the_open_now_words_come_from_the_themes_translations() {
    let site = units_site(&[(
        "site.yaml",
        "title: Testplats\nbase_url: https://test.example.se\nlanguage: en\n",
    )]);
    build(&site);
    let now = open_now(&site, "alfa");
    assert_eq!(now["intervals"][0]["open_label"], "Open now · closes 17.00");
    assert_eq!(
        now["intervals"][0]["before_label"],
        "Closed · opens Mon 07.30"
    );
    // After the window (60 days, to 19 February), the next opening with its date; the
    // stale notice in English too.
    assert_eq!(now["fallback_label"], "Closed · opens Fri 19 Feb 07.30");
    assert_eq!(
        now["stale_label"],
        "This information may be out of date. Check the opening hours on 1177.se or call 070-174 06 50."
    );
}
