//! The guide "Vart ska jag vända mig?" on a small fixture site: what the static HTML says
//! with scripts off, every decision path, and every validation error with its message.

mod common;

use std::collections::BTreeSet;

use common::guide::{LEVELS, LEVELS_PATH, SITUATIONS, SITUATIONS_PATH, guide_site};
use common::units::DATE;
use common::{Fixture, page};

fn build(site: &Fixture) -> String {
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    r.stderr
}

/// The page's `<main>`, without scripts and without what is hidden until a script shows it:
/// what a resident with scripts off gets.
fn static_main(html: &str) -> String {
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("end of main");
    let mut main = html[start..end].to_string();
    for (open, close) in [
        ("<script", "</script>"),
        ("<section id=\"just-nu\"", "</section>"),
        ("<p class=\"band-now\" hidden>", "</p>\n"),
    ] {
        while let Some(i) = main.find(open) {
            let j = i + main[i..].find(close).expect("close") + close.len();
            main.replace_range(i..j, "");
        }
    }
    main
}

/// Heading levels in document order.
fn headings(html: &str) -> Vec<u8> {
    html.match_indices("<h")
        .filter_map(|(i, _)| html.as_bytes().get(i + 2).copied())
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

fn assert_heading_outline(html: &str, what: &str) {
    let hs = headings(&static_main(html));
    assert_eq!(hs.iter().filter(|&&h| h == 1).count(), 1, "{what}: one h1");
    assert_eq!(hs[0], 1, "{what}");
    for w in hs.windows(2) {
        assert!(w[1] <= w[0] + 1, "{what}: skipped a heading level: {hs:?}");
    }
}

/// `href`s of links to the guide's situation pages, in order.
fn situation_links(html: &str) -> Vec<String> {
    let prefix = "<a href=\"/vart-ska-jag-vanda-mig/";
    html.match_indices(prefix)
        .map(|(i, _)| {
            let rest = &html[i + "<a href=\"".len()..];
            rest[..rest.find('"').unwrap()].to_string()
        })
        .filter(|h| !h.contains('#') && h != "/vart-ska-jag-vanda-mig/")
        .collect()
}

#[test]
fn with_scripts_off_the_guide_page_says_everything_emergency_first() {
    let site = guide_site(&[]);
    let stderr = build(&site);
    assert!(!stderr.contains("warning"), "{stderr}");
    let html = site.read("public/vart-ska-jag-vanda-mig/index.html");
    let main = static_main(&html);
    assert_heading_outline(&html, "guide");
    assert!(main.contains("<h1>Vart ska jag vända mig?</h1>"));

    // The page without scripts, in the snapshot: 112 first, right after the h1, with the
    // sentence on 112 and 1177, a telephone link (on a phone's first screen), then its
    // examples; the entry situations (not the follow-ups) as links; and a link to the
    // overview page.
    insta::assert_snapshot!(main);
    // Nothing is said about "now" without the script.
    assert!(!main.contains("Just nu"));
    assert!(html.contains(
        "<section id=\"just-nu\" class=\"guide-now\" aria-labelledby=\"guide-just-nu\" hidden>"
    ));
    assert!(html.contains("<script src=\"/guide.js?h="));
    assert!(html.contains("\" defer></script>"));
}

#[test]
fn the_guide_page_is_a_short_list_of_situations_and_the_overview_is_its_own_page() {
    let site = guide_site(&[]);
    build(&site);
    let guide = static_main(&site.read("public/vart-ska-jag-vanda-mig/index.html"));
    // The guide page: the situations and one link onwards, not the levels or the table.
    assert!(!guide.contains("class=\"level "), "{guide}");
    assert!(!guide.contains("<table"), "{guide}");
    assert!(guide.contains(
        "<p class=\"guide-overview-link\"><a href=\"/vart-ska-jag-vanda-mig/oversikt/\">\
         Vårdens nivåer och alla situationer i en tabell</a></p>"
    ));

    let html = site.read("public/vart-ska-jag-vanda-mig/oversikt/index.html");
    assert_heading_outline(&html, "overview");
    let main = static_main(&html);
    assert!(main.contains("<h1>Vårdens nivåer och alla situationer</h1>"));
    // The levels and a row with all three bands for every situation with answers, with the
    // levels' hours from the unit data and where to go instead as a link that names the level.
    insta::assert_snapshot!(main);
    // Every level as a card whose heading carries a text prefix, in file order.
    let cards = [
        ("112", "Akut:</span> Ring 112"),
        ("helgoppen", "Helger:</span> Helgöppen hälsocentral"),
        ("hc", "Vardagar:</span> Din hälsocentral"),
        ("1177", "Råd dygnet runt:</span> 1177 på telefon"),
    ];
    let mut last = 0;
    for (id, heading) in cards {
        let card = format!(
            "<section class=\"level level-{id}\" id=\"{id}\" aria-labelledby=\"{id}-rubrik\">\n\
             <h3 id=\"{id}-rubrik\"><span class=\"level-tag\">{heading}</h3>"
        );
        let at = main.find(&card).unwrap_or_else(|| panic!("{card}"));
        assert!(at > last, "{id} out of order");
        last = at;
    }
    // Links to a level lead to its card on the overview page, from every page.
    assert!(main.contains(
        "<a href=\"/vart-ska-jag-vanda-mig/oversikt/#hc\">Vardagar: Din hälsocentral</a>"
    ));
    let spadbarn = site.read("public/vart-ska-jag-vanda-mig/spadbarn/index.html");
    assert!(spadbarn.contains("<a href=\"/vart-ska-jag-vanda-mig/oversikt/#hc\">"));
    assert!(!spadbarn.contains("<a href=\"/vart-ska-jag-vanda-mig/#"));
    // Its way back, and its place in the breadcrumbs.
    assert!(main.contains(
        "<a href=\"/vart-ska-jag-vanda-mig/\">Tillbaka till Vart ska jag vända mig?</a>"
    ));
    assert!(
        html.contains("<li><a href=\"/vart-ska-jag-vanda-mig/\">Vart ska jag vända mig?</a></li>")
    );
}

#[test]
fn the_guides_overview_page_can_be_written_by_the_editors() {
    let site = guide_site(&[(
        "content/vart-ska-jag-vanda-mig/oversikt.md",
        &page("Alla vårdnivåer", "", "Så här hänger vården ihop.\n"),
    )]);
    build(&site);
    let main = static_main(&site.read("public/vart-ska-jag-vanda-mig/oversikt/index.html"));
    assert!(main.contains("<h1>Alla vårdnivåer</h1>"), "{main}");
    assert!(main.contains("Så här hänger vården ihop."), "{main}");
    assert!(main.contains("class=\"level level-112\""), "{main}");
    let guide = site.read("public/vart-ska-jag-vanda-mig/index.html");
    assert!(guide.contains("<a href=\"/vart-ska-jag-vanda-mig/oversikt/\">"));
}

#[test]
fn every_decision_path_ends_in_an_answer_for_every_band() {
    let site = guide_site(&[]);
    build(&site);
    let guide = site.read("public/vart-ska-jag-vanda-mig/index.html");
    let start = static_main(&guide);
    let start = &start[start.find("class=\"guide-situations\"").unwrap()..];
    let start = &start[..start.find("</ul>").unwrap()];
    // Depth-first over the links, keeping each path.
    let mut stack: Vec<Vec<String>> = situation_links(start)
        .into_iter()
        .map(|l| vec![l])
        .collect();
    let mut leaves = BTreeSet::new();
    let mut paths = 0;
    while let Some(path) = stack.pop() {
        let href = path.last().unwrap();
        let html = site.read(&format!("public{href}index.html"));
        assert_heading_outline(&html, href);
        let main = static_main(&html);
        // Every situation page puts 112 first.
        let h1_end = main.find("</h1>").unwrap();
        assert!(
            main[h1_end..].starts_with("</h1>\n<section class=\"guide-emergency\""),
            "{href}"
        );
        assert!(main.contains("<a href=\"tel:112\">Ring 112</a>"), "{href}");
        assert!(main.contains(
            "<a href=\"/vart-ska-jag-vanda-mig/\">Tillbaka till Vart ska jag vända mig?</a>"
        ));
        if main.contains("class=\"guide-choices\"") {
            let choices = &main[main.find("class=\"guide-choices\"").unwrap()..];
            let choices = &choices[..choices.find("</ul>").unwrap()];
            let next = situation_links(choices);
            assert!(!next.is_empty(), "{href}");
            for n in next {
                assert!(!path.contains(&n), "loop: {path:?} → {n}");
                let mut p = path.clone();
                p.push(n);
                stack.push(p);
            }
            continue;
        }
        paths += 1;
        for (band, heading) in [
            ("vardag_dag", "Vardagar kl. 07.30–17.00"),
            ("kvall_natt", "Vardagar kväll och natt, kl. 17.00–07.30"),
            ("helg", "Helger och helgdagar, hela dygnet"),
        ] {
            let block = format!(
                "<section class=\"guide-band\" data-band=\"{band}\" aria-labelledby=\"band-{band}\">\n\
                 <h3 id=\"band-{band}\">{heading}</h3>\n\
                 <p class=\"guide-answer\"><a href=\"/vart-ska-jag-vanda-mig/oversikt/#"
            );
            assert!(main.contains(&block), "{href}: {band}");
        }
        leaves.insert(href.clone());
    }
    assert_eq!(paths, 3);
    assert_eq!(
        leaves.into_iter().collect::<Vec<_>>(),
        [
            "/vart-ska-jag-vanda-mig/recept/",
            "/vart-ska-jag-vanda-mig/spadbarn/",
            "/vart-ska-jag-vanda-mig/storre-barn/",
        ]
    );
    // The question page and an answer page, whole.
    let feber = static_main(&site.read("public/vart-ska-jag-vanda-mig/feber/index.html"));
    insta::assert_snapshot!(feber);
    let spadbarn = static_main(&site.read("public/vart-ska-jag-vanda-mig/spadbarn/index.html"));
    insta::assert_snapshot!(spadbarn);
}

#[test]
fn the_guide_is_first_in_the_menu_and_in_the_sitemap() {
    let site = guide_site(&[]);
    build(&site);
    let html = site.read("public/index.html");
    let nav = &html[html.find("<nav class=\"site-nav\"").unwrap()..];
    assert!(
        nav.starts_with(
            "<nav class=\"site-nav\" aria-label=\"Huvudmeny\"><ul>\n\
             <li><a href=\"/vart-ska-jag-vanda-mig/\">Vart ska jag vända mig?</a></li>"
        ),
        "{nav}"
    );
    let sitemap = site.read("public/sitemap.xml");
    for p in [
        "",
        "feber/",
        "spadbarn/",
        "storre-barn/",
        "recept/",
        "oversikt/",
    ] {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://test.example.se/vart-ska-jag-vanda-mig/{p}</loc>"
            )),
            "{p}"
        );
    }
}

#[test]
fn the_guides_own_index_gives_title_text_and_weight() {
    let site = guide_site(&[(
        "content/vart-ska-jag-vanda-mig/_index.md",
        &page("Hitta rätt vård", "weight: 5\n", "Välj det som stämmer.\n"),
    )]);
    build(&site);
    let html = site.read("public/vart-ska-jag-vanda-mig/index.html");
    insta::assert_snapshot!(static_main(&html));
    // The emergency still comes before the editor's text.
    assert!(html.find("guide-emergency").unwrap() < html.find("Välj det som stämmer").unwrap());
    let spadbarn = site.read("public/vart-ska-jag-vanda-mig/spadbarn/index.html");
    assert!(spadbarn.contains("<li><a href=\"/vart-ska-jag-vanda-mig/\">Hitta rätt vård</a></li>"));
}

#[test]
fn the_script_data_has_the_bands_of_the_horizon_and_the_units_of_each_band() {
    let site = guide_site(&[]);
    build(&site);
    let html = site.read("public/vart-ska-jag-vanda-mig/index.html");
    let open = "<script type=\"application/json\" id=\"guide-data\">";
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&html[start..end]).unwrap();
    let segments = data["segments"].as_array().unwrap();
    // From midnight starting 21 December 2026 (CET) over 60 days.
    assert_eq!(segments[0][0], 1_797_807_600_000_i64);
    assert_eq!(
        segments.last().unwrap()[1],
        1_797_807_600_000_i64 + 60 * 86_400_000
    );
    assert_eq!(
        data["labels"]["helg"],
        "Just nu gäller: Helger och helgdagar, hela dygnet"
    );
    // Beta (weekend-open) is listed at weekends, where situations send people to its level;
    // Alfa under the level recommended in the evenings and at weekends.
    let units = data["units"].as_array().unwrap();
    let names: Vec<(&str, Vec<&str>)> = units
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap(),
                u["bands"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b.as_str().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("Beta hälsocentral", vec!["helg"]),
            ("Alfa hälsocentral", vec!["helg", "kvall_natt"]),
        ]
    );
    // Situation pages carry only the bands.
    let spadbarn = site.read("public/vart-ska-jag-vanda-mig/spadbarn/index.html");
    assert!(spadbarn.contains("id=\"guide-data\">{\"built_ms\""));
    assert!(spadbarn.contains("\"stale_label\":\"Uppgifterna på sidan kan vara inaktuella."));
    assert!(spadbarn.contains("\"listed\":[]"));
    assert!(spadbarn.contains("\"units\":[]"));
    assert_eq!(data["listed"], serde_json::json!(["helg", "kvall_natt"]));
}

/// Builds with the guide's files replaced and returns the error report.
fn errors(levels: &str, situations: &str) -> String {
    let site = guide_site(&[(LEVELS_PATH, levels), (SITUATIONS_PATH, situations)]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "expected exit 1:\n{}", r.stderr);
    assert!(!site.exists("public"));
    r.stderr
}

#[test]
fn a_situation_without_an_answer_for_a_band() {
    let out = errors(
        LEVELS,
        &SITUATIONS.replace(
            "      helg: { niva: hc, text: Det kan vänta till vardagen. }\n",
            "",
        ),
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_misspelt_band() {
    let out = errors(
        LEVELS,
        &SITUATIONS.replace("helg: { niva: helgoppen", "helgdag: { niva: helgoppen"),
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_situation_with_neither_answers_nor_a_question_and_a_repeated_id() {
    let situations = SITUATIONS.replace("  - id: recept\n", "  - id: spadbarn\n")
        + "  - id: tom\n    rubrik: Tom\n";
    let out = errors(LEVELS, &situations);
    insta::assert_snapshot!(out);
}

#[test]
fn an_unknown_level_in_an_answer() {
    let out = errors(
        LEVELS,
        &SITUATIONS.replace("kvall_natt: { niva: hc,", "kvall_natt: { niva: hcx,"),
    );
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_levels_units_and_unit_types_in_the_levels_file() {
    let levels = LEVELS
        .replace("nodlage: \"112\"", "nodlage: \"113\"")
        .replace("i_stallet: hc", "i_stallet: hcc")
        .replace(
            "enhetstyp: helgöppen hälsocentral",
            "enhetstyp: helgöpen hälsocentral",
        )
        .replace("enheter: [alfa]", "enheter: [alfaa]");
    let out = errors(&levels, SITUATIONS);
    insta::assert_snapshot!(out);
}

#[test]
fn hours_from_nowhere() {
    let levels = LEVELS
        .replace("tider_fran: enheterna", "tider_fran: regionens_tider")
        .replace("tider_fran: regionens_oppettider", "tider_fran: enheterna");
    let out = errors(&levels, SITUATIONS);
    insta::assert_snapshot!(out);
}

#[test]
fn an_unknown_situation_in_a_follow_up() {
    let out = errors(
        LEVELS,
        &SITUATIONS.replace("till: spadbarn", "till: spadbarnn"),
    );
    insta::assert_snapshot!(out);
}

#[test]
fn a_loop_in_the_follow_up_questions() {
    // feber → storre-barn, which now asks again and leads back to feber.
    let situations = SITUATIONS.replace(
        "  - id: storre-barn\n    rubrik: Större barn med feber\n    svar:\n      vardag_dag: { niva: hc, text: Ring om du är orolig. }\n      kvall_natt: { niva: \"1177\", text: Vänta till i morgon. }\n      helg: { niva: helgoppen, text: Gå till en helgöppen hälsocentral. }\n",
        "  - id: storre-barn\n    rubrik: Större barn med feber\n    fraga:\n      text: Igen?\n      alternativ:\n        - { text: Ja, till: feber }\n",
    );
    let out = errors(LEVELS, &situations);
    insta::assert_snapshot!(out);
}

#[test]
fn a_missing_levels_file() {
    let site = guide_site(&[]);
    site.remove(LEVELS_PATH);
    let out = site.build_fails();
    insta::assert_snapshot!(out);
}

#[test]
fn a_unit_reference_on_a_site_without_units() {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Start\n---\n"),
        (LEVELS_PATH, LEVELS),
        (SITUATIONS_PATH, SITUATIONS),
    ]);
    let out = site.build_fails();
    insta::assert_snapshot!(out);
}

#[test]
fn another_file_in_the_guides_folder_is_a_warning() {
    let site = guide_site(&[("content/vart-ska-jag-vanda-mig/extra.yaml", "a: 1\n")]);
    let stderr = build(&site);
    insta::assert_snapshot!(site.redact(&stderr));
}

#[test]
fn a_situation_may_not_take_the_overview_pages_address() {
    let out = errors(
        LEVELS,
        &SITUATIONS.replace("  - id: recept\n", "  - id: oversikt\n"),
    );
    insta::assert_snapshot!(out);
}

/// Regression: a misspelt language code in a translated text was reported at the start of
/// the text's map, a line above the code.
#[test]
fn a_misspelt_language_code_is_reported_at_the_code() {
    let situations = SITUATIONS.replace(
        "    rubrik: Mitt barn har feber\n",
        "    rubrik:\n      sv: Mitt barn har feber\n      eng: My child has a fever\n",
    );
    let site = guide_site(&[
        (
            "site.yaml",
            "title: Testplats\nbase_url: https://test.example.se\nlanguages: [{ code: en }]\n",
        ),
        (SITUATIONS_PATH, &situations),
    ]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "expected exit 1:\n{}", r.stderr);
    // `eng` is on line 5, column 7 of situationer.yaml.
    assert!(r.stderr.contains("situationer.yaml:5:7"), "{}", r.stderr);
    assert!(r.stderr.contains("`eng`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`en`"),
        "a did-you-mean hint:\n{}",
        r.stderr
    );
}
