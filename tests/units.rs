//! Care units on the built site: unit pages, the directory, Helgöppet, JSON-LD and open
//! data, on small fixture sites built with a fixed `--date`.

mod common;

use common::units::{ALFA, DATE, GAMMA, units_site};
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
    assert!(html.contains("<h1>Alfa hälsocentral</h1>"));
    assert!(html.contains("<title>Alfa hälsocentral – Testplats</title>"));
    // The status line is empty and hidden until the script fills it in.
    assert!(html.contains("<p id=\"oppet-status\" class=\"open-status\" hidden></p>"));
    assert!(html.contains("<script src=\"/open-now.js?h="));
    assert!(html.contains("\" defer></script>"));

    // The week, with caption and scoped header cells; telephone hours beside opening hours.
    assert!(html.contains(
        "<caption>Ordinarie öppettider och telefontider för Alfa hälsocentral</caption>\n\
         <thead><tr><th scope=\"col\">Dag</th><th scope=\"col\">Mottagningen</th><th scope=\"col\">Telefon</th></tr></thead>"
    ));
    // Each cell names its column too, for the day-by-day layout of a narrow screen.
    assert!(html.contains(
        "<tr><th scope=\"row\">Måndag</th><td data-label=\"Mottagningen\">07.30–17.00</td>\
         <td data-label=\"Telefon\">08.00–16.00</td></tr>"
    ));
    assert!(html.contains(
        "<tr><th scope=\"row\">Lördag</th><td data-label=\"Mottagningen\">Stängt</td>\
         <td data-label=\"Telefon\">Stängt</td></tr>"
    ));

    // Holidays and eves in the horizon, with absolute dates; a Saturday holiday on which the
    // unit is closed anyway is left out.
    for (iso, text, name) in [
        ("2026-12-24", "torsdag 24 december 2026", "julafton"),
        ("2026-12-25", "fredag 25 december 2026", "juldagen"),
        ("2026-12-31", "torsdag 31 december 2026", "nyårsafton"),
        ("2027-01-01", "fredag 1 januari 2027", "nyårsdagen"),
        ("2027-01-06", "onsdag 6 januari 2027", "trettondedag jul"),
    ] {
        let row = format!(
            "<tr><th scope=\"row\"><time datetime=\"{iso}\">{text}</time></th>\
             <td data-label=\"Mottagningen\">Stängt</td><td data-label=\"Anledning\">{name}</td></tr>"
        );
        assert!(html.contains(&row), "{row}");
    }
    assert!(!html.contains("2026-12-26\">"));

    // The closure, with its dates, its reason and the referral.
    assert!(html.contains(
        "<p><strong>Stängt från och med <time datetime=\"2026-12-28\">måndag 28 december 2026</time> \
         till och med <time datetime=\"2026-12-30\">onsdag 30 december 2026</time>.</strong></p>"
    ));
    assert!(html.contains("<p>Orsak: Utbildning.</p>"));
    assert!(html.contains(
        "Under tiden kan du vända dig till <a href=\"/enheter/beta/\">Beta hälsocentral</a>, \
         telefon <a href=\"tel:+46701740651\">070-174 06 51</a>."
    ));

    // The contact card: tel: link, a plain map link, e-services linking to 1177.
    assert!(html.contains("<a href=\"tel:+46701740650\">070-174 06 50</a>"));
    assert!(html.contains(
        "<a href=\"https://www.openstreetmap.org/?mlat=56.66&amp;mlon=16.36#map=17/56.66/16.36\">"
    ));
    assert!(html.contains(
        "<li><a href=\"https://www.1177.se/hitta-vard/kontaktkort/alfa/\">Boka tid</a></li>"
    ));
    assert!(html.contains(
        "Uppgifterna uppdaterades <time datetime=\"2026-12-21\">måndag 21 december 2026</time>."
    ));
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
    assert!(html.contains(
        "<p><strong>Ändrade öppettider <time datetime=\"2027-01-13\">onsdag 13 januari 2027</time>: 07.30–12.00.</strong></p>"
    ));
    assert!(html.contains("Under tiden kan du ringa 1177 eller gå till 1177.se"));
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
    // The closure's three days and the five weekday holidays and eves, closed all day.
    for date in [
        "2026-12-24",
        "2026-12-25",
        "2026-12-28",
        "2026-12-29",
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
        "2027-01-06",
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
    assert_eq!(special.len(), 8);

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
    assert_eq!(
        alfa["intervall"].as_array().map(Vec::len),
        now["intervals"].as_array().map(Vec::len)
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
    assert!(html.contains("<h1>Hitta vård</h1>"));
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
    // The filter is a link to a page of its own: it works without script.
    assert!(
        html.contains("<a href=\"/enheter/helgoppna/\">Visa bara helgöppna hälsocentraler</a>")
    );

    let weekend = site.read("public/enheter/helgoppna/index.html");
    assert!(weekend.contains("<h1>Helgöppna hälsocentraler</h1>"));
    assert!(weekend.contains("/enheter/beta/"));
    assert!(!weekend.contains("/enheter/alfa/\">") && !weekend.contains("Borgholm</h2>"));
    assert!(weekend.contains("<a href=\"/enheter/\">Visa alla vårdenheter</a>"));
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
    assert!(html.contains("<h1>Vårdenheter</h1>"));
    assert!(html.contains("<p>Alla enheter i länet.</p>"));
    assert!(html.contains("<h2 id=\"kommun-1\">Borgholm</h2>"));
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
    assert!(html.contains("<h1>Helgöppet</h1>"));
    // The coming weekend: annandag jul falls on the Saturday, so holiday hours apply.
    assert!(html.contains(
        "<thead><tr><th scope=\"col\">Hälsocentral</th>\
         <th scope=\"col\"><time datetime=\"2026-12-26\">lördag 26 december 2026</time></th>\
         <th scope=\"col\"><time datetime=\"2026-12-27\">söndag 27 december 2026</time></th></tr></thead>"
    ));
    assert!(html.contains(
        "<tr><th scope=\"row\"><a href=\"/enheter/beta/\">Beta hälsocentral</a></th>\
         <td data-label=\"Lördag 26 december 2026\">09.00–21.00 (annandag jul)</td>\
         <td data-label=\"Söndag 27 december 2026\">09.00–21.00</td></tr>"
    ));
    // Only weekend-open centres.
    assert!(!html.contains("Alfa hälsocentral") && !html.contains("Gamma hälsocentral"));
    // Every holiday and eve in the horizon, with the eve decision applied.
    assert!(html.contains(
        "<h3><time datetime=\"2026-12-24\">Torsdag 24 december 2026</time>, julafton</h3>\n<ul>\n\
         <li><a href=\"/enheter/beta/\">Beta hälsocentral</a>: 09.00–21.00</li>"
    ));
    for name in [
        "juldagen",
        "annandag jul",
        "nyårsafton",
        "nyårsdagen",
        "trettondedag jul",
    ] {
        assert!(html.contains(&format!("</time>, {name}</h3>")), "{name}");
    }
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
    assert!(html.contains("<h2 id=\"enhet-beta\">Beta hälsocentral</h2>"));
    assert!(html.contains(
        "<caption>Ordinarie öppettider och telefontider för Beta hälsocentral</caption>"
    ));
    assert!(html.contains(
        "<a href=\"/enheter/beta/\">Öppettider, adress och e-tjänster för Beta hälsocentral</a>"
    ));
}

#[test]
fn a_markdown_page_naming_an_unknown_unit_fails_located() {
    let site = units_site(&[(
        "content/jul.md",
        &page("Vården i jul", "extra:\n  enheter: [betta]\n", "Text.\n"),
    )]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: content/jul.md:3:1: front matter field `extra.enheter`: there is no unit `betta`\n  hint: did you mean `beta`?"
        ),
        "{}",
        r.stderr
    );
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
    assert_eq!(
        r.stderr,
        "error: content/enheter/gamma.yaml:6:8: unit field `oppettider.mån`: `7.3` is not a time; write hours and minutes as `07.30`\n\
         error: 1 error in the site's sources; nothing was written\n"
    );
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
    assert!(
        stderr.contains(
            "warning: content/enheter/gamma.yaml:5:1: unit field `oppettider`: the opening hours add up to 38 hours a week, short of the region's 47.5"
        ),
        "{stderr}"
    );
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
    assert!(
        r.stderr
            .contains("`21/12/2026` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_same_date_gives_the_same_site() {
    let site = units_site(&[]);
    build(&site);
    let first = site.tree("public");
    build(&site);
    assert_eq!(first, site.tree("public"));
}

/// Issue 15: on a phone the unit's answer (today's hours, the number to call) came after the
/// header, the tables and the holidays, far below the first screen.
#[test]
fn unit_page_answers_first_with_todays_hours_and_a_call_link() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/enheter/alfa/index.html");
    let answer = html
        .find("<div class=\"unit-answer\">")
        .expect("the answer block");
    assert!(html.find("<h1>").expect("h1") < answer);
    assert!(
        answer
            < html
                .find("<table class=\"unit-week\">")
                .expect("week table")
    );
    // Today's hours from the static data, dated, for readers without script; the open-now
    // line beside it takes over when the script runs.
    assert!(html.contains(
        "<p class=\"unit-today\"><strong>Öppettider <time datetime=\"2026-12-21\">måndag 21 december 2026</time>:</strong> 07.30–17.00</p>"
    ), "{html}");
    assert!(html.contains(
        "<p class=\"unit-call\"><a href=\"tel:+46701740650\">Ring 070-174 06 50</a></p>"
    ));
}

/// Issue 15: the start page began with the editor's text; on a phone the ways to care and the
/// weekend-open centres came far below the first screen.
#[test]
fn start_page_leads_with_where_to_turn_and_the_weekend_open_centres_as_cards() {
    let site = units_site(&[]);
    build(&site);
    let html = site.read("public/index.html");
    let cards = html
        .find("<h2 id=\"start-vart\">Vart ska jag vända mig?</h2>\n<ul class=\"cards\">\n\
               <li class=\"card card-emergency\"><h3><a href=\"tel:112\">Livshotande? Ring 112</a></h3>")
        .unwrap_or_else(|| panic!("{html}"));
    assert!(html.contains("<li class=\"card\"><h3><a href=\"tel:1177\">Ring 1177</a></h3>"));
    assert!(
        html.contains("<li class=\"card\"><h3><a href=\"/enheter/\">Din hälsocentral</a></h3>")
    );
    // This weekend's hours of each weekend-open centre, with the number to call.
    assert!(html.contains(
        "<li class=\"card\"><h3><a href=\"/enheter/beta/\">Beta hälsocentral</a></h3>\n\
         <ul class=\"card-hours\">\n\
         <li><time datetime=\"2026-12-26\">Lördag 26 december 2026</time>: 09.00–21.00 (annandag jul)</li>"
    ), "{html}");
    assert!(html.contains("<p><a href=\"tel:+46701740651\">Ring 070-174 06 51</a></p></li>"));
    assert!(
        cards
            < html
                .find("<div class=\"content\">")
                .expect("the editor's text")
    );
    // Without guide data there is no guide card and no guide script.
    assert!(!html.contains("guide.js"));
}
