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
