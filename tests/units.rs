//! Care units on the built site: unit pages, the directory, Helgöppet, JSON-LD and open
//! data, on small fixture sites built with a fixed `--date`.

mod common;

use common::units::{ALFA, DATE, GAMMA, REGION, units_site};
use common::{Fixture, page};

fn build(site: &Fixture) -> String {
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    r.stderr
}

/// The text of the `<script>` whose opening tag ends with `open`.
fn script<'a>(html: &'a str, open: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = html[start..].find("</script>").expect("script end") + start;
    &html[start..end]
}

#[test]
fn unit_page_has_week_table_holidays_deviation_and_contact_card() {
    let site = units_site(&[]);
    let stderr = build(&site);
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("public/enheter/alfa/index.html");

    assert_eq!(html.matches("<h1>").count(), 1);
    assert!(html.contains("<title>Alfa hälsocentral – Testplats</title>"));
    // The status line is empty and hidden until the script fills it in.
    // It carries the build date, which the script compares with the clock.
    assert!(html.contains(
        "<p id=\"oppet-status\" class=\"open-status\" data-byggd=\"2026-12-21\" hidden></p>"
    ));
    assert!(html.contains("<script src=\"/open-now.js?h="));
    assert!(html.contains("\" defer></script>"));

    // The snapshot of <main>: the week, with caption and scoped header cells, telephone hours
    // beside opening hours; the holidays and eves in the horizon, with absolute dates; the
    // closure, with its dates, its reason and the referral; the contact card (tel: link, a
    // plain map link, e-services linking to 1177).
    insta::assert_snapshot!(common::main_of(&html));
    // A Saturday holiday on which the unit is closed anyway is left out.
    assert!(!html.contains("2026-12-26\">"));
    // Static HTML never says "today" or "tomorrow".
    let lower = html.to_lowercase();
    assert!(!lower.contains("idag") && !lower.contains("imorgon") && !lower.contains("i dag"));

    // Breadcrumbs through the directory; the unit is in the sitemap.
    assert!(html.contains("<li><a href=\"/enheter/\">Hitta vård</a></li>"));
    assert!(
        site.read("public/sitemap.xml")
            .contains("<loc>https://test.example.se/enheter/alfa/</loc>")
    );
}

#[test]
fn changed_hours_with_a_referral_to_1177() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/enheter/gamma/index.html");
    insta::assert_snapshot!(common::main_of(&html));
}

#[test]
fn json_ld_and_open_data_agree_with_the_data() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/enheter/alfa/index.html");
    let ld: serde_json::Value =
        serde_json::from_str(script(&html, "<script type=\"application/ld+json\">"))
            .expect("JSON-LD parses");
    assert_eq!(ld["@type"], "MedicalClinic");
    assert_eq!(ld["name"], "Alfa hälsocentral");
    assert_eq!(ld["url"], "https://test.example.se/enheter/alfa/");
    assert_eq!(ld["@id"], "https://test.example.se/enheter/alfa/#enhet");
    assert_eq!(ld["identifier"]["value"], "SE0000000000-ALFA");
    assert_eq!(ld["openingHoursSpecification"][0]["opens"], "07:30");
    assert_eq!(ld["openingHoursSpecification"][0]["closes"], "17:00");
    assert_eq!(ld["contactPoint"][0]["hoursAvailable"][0]["opens"], "08:00");
    let special = ld["specialOpeningHoursSpecification"]
        .as_array()
        .expect("special hours");
    // The closure's three days and the weekday holidays and eves of the coming 13 months,
    // closed all day.
    for date in [
        "2026-12-24",
        "2026-12-25",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
        "2027-01-06",
        "2027-03-26",
        "2027-03-29",
        "2027-05-06",
        "2027-12-24",
        "2027-12-31",
        "2028-01-06",
    ] {
        let day = special
            .iter()
            .find(|s| s["validFrom"] == date)
            .unwrap_or_else(|| panic!("no special hours on {date}"));
        assert_eq!(
            (&day["opens"], &day["closes"]),
            (&"00:00".into(), &"00:00".into())
        );
    }
    assert_eq!(special.len(), 14);

    // The open-now data is the same calendar as the open data.
    let now: serde_json::Value = serde_json::from_str(script(
        &html,
        "<script type=\"application/json\" id=\"oppet-data\">",
    ))
    .expect("open-now data parses");
    let data: serde_json::Value =
        serde_json::from_str(&site.read("public/enheter.json")).expect("enheter.json parses");
    assert_eq!(data["genererad_for"], DATE);
    let alfa = data["enheter"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["id"] == "alfa")
        .expect("alfa in open data");
    assert_eq!(alfa["url"], "https://test.example.se/enheter/alfa/");
    // The open data holds the whole calendar; the open-now data its first 60 days.
    let all = alfa["intervall"].as_array().expect("intervals");
    let shown = now["intervals"].as_array().expect("open-now intervals");
    assert!(shown.len() < all.len(), "{} < {}", shown.len(), all.len());
    assert_eq!(
        all.last().expect("an interval")["fran"],
        "2028-01-20T07:30:00+01:00"
    );
    assert_eq!(
        now["intervals"][0]["open_label"],
        "Öppet nu · stänger 17.00"
    );
    assert_eq!(now["intervals"][0]["start_ms"], 1_797_834_600_000_i64); // 2026-12-21 07.30 CET
}

#[test]
fn json_ld_cannot_end_its_script_early() {
    let site = units_site(&[]);
    site.write(
        "content/enheter/alfa.yaml",
        &ALFA.replace("Alfa hälsocentral", "Alfa </script> hälsocentral"),
    );
    build(&site);
    let html = site.read("public/enheter/alfa/index.html");
    let ld = script(&html, "<script type=\"application/ld+json\">");
    assert!(ld.contains("Alfa \\u003c/script> hälsocentral"), "{ld}");
    let parsed: serde_json::Value = serde_json::from_str(ld).expect("still JSON");
    assert_eq!(parsed["name"], "Alfa </script> hälsocentral");
}

#[test]
fn directory_groups_by_municipality_with_a_weekend_filter() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/enheter/index.html");
    let borgholm = html
        .find("<h2 id=\"kommun-1\">Borgholm</h2>")
        .expect("Borgholm");
    let kalmar = html
        .find("<h2 id=\"kommun-2\">Kalmar</h2>")
        .expect("Kalmar");
    let (alfa, beta, gamma) = (
        html.find("/enheter/alfa/").expect("alfa"),
        html.find("/enheter/beta/").expect("beta"),
        html.find("/enheter/gamma/").expect("gamma"),
    );
    assert!(borgholm < gamma && gamma < kalmar && kalmar < alfa && alfa < beta);
    // The filter is a link to a page of its own (it works without script), in the snapshot.
    insta::assert_snapshot!(common::main_of(&html));

    let weekend = site.read("public/enheter/helgoppna/index.html");
    assert!(!weekend.contains("/enheter/alfa/\">") && !weekend.contains("Borgholm</h2>"));
    insta::assert_snapshot!(common::main_of(&weekend));
}

#[test]
fn directory_text_and_menu_weight_come_from_the_editors_index() {
    let site = units_site(&[
        (
            "content/enheter/_index.md",
            "---\ntitle: Vårdenheter\nweight: 1\n---\nAlla enheter i länet.\n",
        ),
        (
            "content/om.md",
            "---\ntitle: Om\nweight: 5\n---\nOm webbplatsen.\n",
        ),
    ]);
    build(&site);
    let html = site.read("public/enheter/index.html");
    insta::assert_snapshot!(common::main_of(&html));
    let menu = site.read("public/index.html");
    let (units, about) = (
        menu.find("<li><a href=\"/enheter/\">Vårdenheter</a></li>")
            .expect("in menu"),
        menu.find("<li><a href=\"/om/\">Om</a></li>")
            .expect("about"),
    );
    assert!(units < about);
}

#[test]
fn helgoppet_lists_the_coming_weekend_and_the_holidays() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/helgoppet/index.html");
    // Only weekend-open centres.
    assert!(!html.contains("Alfa hälsocentral") && !html.contains("Gamma hälsocentral"));
    // The coming weekend (annandag jul falls on the Saturday, so holiday hours apply) and
    // every holiday and eve in the horizon, with the eve decision applied.
    insta::assert_snapshot!(common::main_of(&html));
}

#[test]
fn markdown_pages_show_units_named_in_front_matter() {
    let site = units_site(&[(
        "content/jul.md",
        &page(
            "Vården i jul",
            "extra:\n  enheter: [beta]\n",
            "Så här har vi öppet.\n",
        ),
    )]);
    build(&site);
    let html = site.read("public/jul/index.html");
    insta::assert_snapshot!(common::main_of(&html));
}

#[test]
fn a_markdown_page_naming_an_unknown_unit_fails_located() {
    let site = units_site(&[(
        "content/jul.md",
        &page("Vården i jul", "extra:\n  enheter: [betta]\n", "Text.\n"),
    )]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn a_mistake_in_a_unit_file_fails_the_build_located() {
    let site = units_site(&[]);
    site.write(
        "content/enheter/gamma.yaml",
        &GAMMA.replace(
            "kommun: Borgholm",
            "kommun: Borgholm\noppettider:\n  mån: 7.3-17.00",
        ),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    insta::assert_snapshot!(site.report(&r));
    assert!(!site.exists("public"));
}

#[test]
fn unit_warnings_are_printed_and_the_build_goes_on() {
    let site = units_site(&[]);
    site.write(
        "content/enheter/gamma.yaml",
        &GAMMA.replace(
            "kommun: Borgholm",
            "kommun: Borgholm\noppettider:\n  fre: stängt",
        ),
    );
    let stderr = build(&site);
    insta::assert_snapshot!(site.redact(&stderr));
    assert!(site.exists("public/enheter/gamma/index.html"));
}

#[test]
fn a_site_without_units_builds_as_before() {
    let site = Fixture::new(&[("content/_index.md", "---\ntitle: Start\n---\nText.\n")]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The start page and the search page, /sok/.
    assert!(r.stderr.starts_with("Built 2 pages in "), "{}", r.stderr);
    assert!(!site.exists("public/enheter.json"));
    assert!(!site.exists("public/enheter"));
    assert!(!site.exists("public/helgoppet"));
}

#[test]
fn a_bad_date_is_a_usage_error() {
    let site = units_site(&[]);
    let r = site.run(&["build", "--date", "21/12/2026"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn the_same_date_gives_the_same_site() {
    let site = units_site(&[]);
    build(&site);
    let first = site.tree("public");
    build(&site);
    assert_eq!(first, site.tree("public"));
}

/// A unit file with a wrong value (coordinates that are not numbers) showed only that one:
/// the unknown e-service and the bad deviation date below it came a build later. Every
/// mistake is reported at once; the unreadable field is not also reported as absent.
#[test]
fn every_mistake_of_a_unit_file_is_reported_at_once() {
    let site = units_site(&[]);
    site.write(
        "content/enheter/gamma.yaml",
        &GAMMA
            .replace(
                "kommun: Borgholm",
                "kommun: Borgholm\nkoordinater:\n  lat: norr\n  lon: 16.0\noppettider: alltid\ne_tjanster:\n  - boka_tiden",
            )
            .replace("fran: 2027-01-13", "fran: 2027-13-01"),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for expected in [
        "content/enheter/gamma.yaml:6:8: the unit's field `koordinater`",
        "content/enheter/gamma.yaml:8:13: the unit's field `oppettider`",
        "content/enheter/gamma.yaml:10:5: the unit's field `e_tjanster[0]`",
        "content/enheter/gamma.yaml:13:",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing {expected:?} in:\n{}",
            r.stderr
        );
    }
    assert!(
        r.stderr.contains("error: 4 errors in the site's sources"),
        "{}",
        r.stderr
    );
    assert!(!site.exists("public"));
}

/// The region file too: a number that is not a number no longer hides a wrong time.
#[test]
fn every_mistake_of_the_region_file_is_reported_at_once() {
    let site = units_site(&[]);
    site.write(
        "content/enheter/_region.yaml",
        &format!(
            "min_veckotimmar: många\n{}",
            REGION.replace("mån-fre: 07.30-17.00", "mån-fre: 7.3-17.00")
        ),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for expected in [
        "content/enheter/_region.yaml:1:18: the region file's field `min_veckotimmar`",
        "content/enheter/_region.yaml:4:12: the region file's field `oppettider.mån-fre`",
    ] {
        assert!(
            r.stderr.contains(expected),
            "missing {expected:?} in:\n{}",
            r.stderr
        );
    }
}
