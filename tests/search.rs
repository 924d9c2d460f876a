//! Site search on fixture sites: the header form, the page without JavaScript, the index
//! files, and `search:` in site.yaml.

mod common;

use common::units::{DATE, units_site};
use common::{Fixture, SITE_YAML, page};

#[test]
fn the_header_form_leads_to_the_search_page_with_a_visible_label() {
    let site = Fixture::new(&[("content/a.md", &page("A", "", "Text.\n"))]);
    site.build();
    let html = site.read("public/a/index.html");
    assert!(html.contains(
        "<form class=\"search-form site-search\" role=\"search\" action=\"/sok/\" method=\"get\" data-index=\"/search/sv/manifest.json\""
    ), "{html}");
    assert!(html.contains("<label for=\"sok-q\">Sök på webbplatsen</label> <input id=\"sok-q\" name=\"q\" type=\"search\""));
    // The only search code on an ordinary page: the loader, well under 2 KB.
    assert!(html.contains("<script src=\"/search-loader.js?h="));
    assert!(!html.contains("search.js\"></script>"));
    let loader = std::fs::metadata(site.root().join("public/search-loader.js")).expect("loader");
    assert!(
        loader.len() < 2048,
        "search-loader.js is {} bytes",
        loader.len()
    );
    for f in ["manifest.json", "filters.json", "r/0.json", "s/0.bin"] {
        assert!(site.exists(&format!("public/search/sv/{f}")), "{f}");
    }
    assert!(!site.exists("public/search/elasticlunr.json"));
}

#[test]
fn without_javascript_the_search_page_lists_units_a_to_o_by_municipality_and_topics() {
    let site = units_site(&[]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = site.read("public/sok/index.html");
    assert!(html.contains("<h1>Sök</h1>"), "{html}");
    assert!(html.contains("<noscript><p>Sökningen behöver JavaScript."));
    assert!(html.contains("<h2 id=\"sok-az\">Vårdenheter A–Ö</h2>"));
    assert!(html.contains("<h2 id=\"sok-kommun\">Vårdenheter i varje kommun</h2>"));
    assert!(html.contains("<h2 id=\"sok-amnen\">Ämnen</h2>"));
    assert!(html.contains("<a href=\"/enheter/alfa/\">"), "{html}");
}

#[test]
fn search_can_be_turned_off_and_the_plain_elasticlunr_index_asked_for() {
    let off = Fixture::new(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}search: {{ enabled: false }}\n"),
        ),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    off.build();
    assert!(!off.exists("public/search"));
    assert!(!off.exists("public/sok"));
    assert!(!off.read("public/a/index.html").contains("role=\"search\""));

    let lunr = Fixture::new(&[
        (
            "site.yaml",
            &format!("{SITE_YAML}search: {{ elasticlunr: true }}\n"),
        ),
        ("content/a.md", &page("Hälsocentralen", "", "Ring 1177.\n")),
    ]);
    lunr.build();
    let json: serde_json::Value =
        serde_json::from_str(&lunr.read("public/search/elasticlunr.json")).expect("json");
    assert_eq!(json["lang"], "Swedish");
    assert_eq!(json["ref"], "id");
    assert!(json["index"]["title"]["root"].is_object());
}

#[test]
fn an_unknown_search_key_is_an_error_with_a_suggestion() {
    let site = Fixture::new(&[(
        "site.yaml",
        &format!("{SITE_YAML}search:\n  elasticlun: true\n"),
    )]);
    let err = site.build_fails();
    insta::assert_snapshot!(err);
}

/// A site whose postings outgrow their memory budget spills them to sorted runs in a working
/// file and merges them when the index is written (`VARDLOTS_SEARCH_SPILL` makes the budget
/// one byte here, so every page spills a run): the index must come out byte for byte as
/// when every posting stays in memory, tails included, for `build` (a working file in the
/// staging folder) and `check` (one in the system's temporary folder), and no working file
/// is left in the output.
#[test]
fn postings_spilled_to_runs_give_the_same_index() {
    let mut files: Vec<(String, String)> = Vec::new();
    for n in 0..30 {
        let mut body = String::new();
        for s in 0..20 {
            body.push_str(&format!(
                "## Avsnitt {s}\n\nVård och hälsa på sida {n}, ord{} och ord{}.\n\n",
                n * 7 + s,
                s % 5
            ));
        }
        files.push((
            format!("content/sida-{n}.md"),
            page(&format!("Sida {n}"), "", &body),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(&files);
    site.build();
    let kept = site.tree("public");
    assert!(site.exists("public/search/sv/t/0.bin"), "a tail to merge");

    let run = |command: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
            .arg(command)
            .env("VARDLOTS_LANG", "en")
            .env("VARDLOTS_SEARCH_SPILL", "1")
            .env("VARDLOTS_SEARCH_STATS", "1")
            .current_dir(site.root())
            .output()
            .expect("run vardlots");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        let runs: usize = stderr
            .split_once(" runs spilled")
            .and_then(|(before, _)| before.rsplit_once('(')?.1.parse().ok())
            .unwrap_or_else(|| panic!("no runs reported: {stderr}"));
        assert!(runs > 1, "{stderr}");
    };
    run("build");
    let spilled = site.tree("public");
    assert_eq!(kept.len(), spilled.len());
    for ((a, x), (b, y)) in kept.iter().zip(&spilled) {
        assert_eq!(a, b);
        assert!(x == y, "{} differs", a.display());
    }
    run("check");
}
