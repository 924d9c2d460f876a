//! The theme is looked up file by file: the site's own `templates/`, `static/` and `i18n/`,
//! then its theme folder `themes/<theme>/`, then the built-in default theme. A site overrides
//! one template or one stylesheet and keeps the rest.

mod common;

use common::{Fixture, page};

/// A small site with a start page and one page.
fn site(extra: &[(&str, &str)]) -> Fixture {
    let mut files = vec![
        ("content/_index.md", page("Start", "", "Välkommen.\n")),
        ("content/a.md", page("Sidan A", "", "Text.\n")),
    ];
    files.extend(extra.iter().map(|(p, t)| (*p, t.to_string())));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    Fixture::new(&files)
}

const THEME_CSS: &str = "body{color:#123456}\n";

#[test]
fn a_theme_folder_with_only_a_stylesheet_uses_it_with_the_built_in_templates() {
    let site = site(&[("themes/default/static/style.css", THEME_CSS)]);
    site.build();
    assert_eq!(site.read("public/style.css"), THEME_CSS);
    let html = site.read("public/a/index.html");
    let hash = format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(THEME_CSS.as_bytes()) & 0xffff_ffff
    );
    assert!(
        html.contains(&format!("href=\"/style.css?h={hash}\"")),
        "the page links the theme folder's stylesheet: {html}"
    );
    // The built-in templates still make the page: its skip link, its <main>, its title.
    assert!(html.contains("<main id=\"main\""), "{html}");
    assert!(html.contains("<h1>Sidan A</h1>"), "{html}");
    // The built-in static files that the folder does not hold are still copied.
    assert!(site.exists("public/search.js"));
    assert!(site.exists("public/404.html"));
}

/// A `page.html` that marks its h1 with `label`, so a test sees which layer's file was used.
fn page_template(label: &str) -> String {
    "{% extends \"base.html\" %}{% block content %}<h1>LABEL: {{ page.title }}</h1>{% endblock content %}"
        .replace("LABEL", label)
}

#[test]
fn a_site_template_overrides_one_theme_template() {
    let site = site(&[
        ("templates/page.html", &page_template("Egen")),
        (
            "themes/default/templates/page.html",
            &page_template("Temats"),
        ),
    ]);
    site.build();
    let html = site.read("public/a/index.html");
    assert!(html.contains("<h1>Egen: Sidan A</h1>"), "{html}");
    // The rest is the built-in theme's: base.html around the block, index.html for the start.
    assert!(html.contains("<main id=\"main\""), "{html}");
    let start = site.read("public/index.html");
    assert!(start.contains("<h1>Start</h1>"), "{start}");
}

#[test]
fn a_theme_folder_template_overrides_the_built_in_one() {
    let site = site(&[(
        "themes/default/templates/page.html",
        &page_template("Temats"),
    )]);
    site.build();
    let html = site.read("public/a/index.html");
    assert!(html.contains("<h1>Temats: Sidan A</h1>"), "{html}");
    assert!(html.contains("<main id=\"main\""), "{html}");
}

#[test]
fn theme_folder_words_override_the_built_in_ones_and_the_site_s_override_both() {
    let site = site(&[
        (
            "themes/default/i18n/sv.yaml",
            "skip_to_content: Till huvudinnehållet\n",
        ),
        ("content/b.md", &page("B", "date: 2025-03-01\n", "")),
        ("i18n/sv.yaml", "published: Först publicerad\n"),
    ]);
    site.build();
    let html = site.read("public/b/index.html");
    assert!(html.contains("Till huvudinnehållet"), "{html}");
    assert!(html.contains("Först publicerad"), "{html}");
}

#[test]
fn a_missing_custom_template_names_the_template_and_where_it_was_looked_for() {
    let site = site(&[("content/b.md", &page("B", "template: egen.html\n", ""))]);
    insta::assert_snapshot!(site.redact(&site.build_fails()));
}

#[test]
fn a_theme_of_its_own_without_404_names_the_places_looked_in() {
    let site = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example\ntheme: fjord\n",
        ),
        (
            "themes/fjord/templates/base.html",
            "<main>{% block content %}{% endblock content %}</main>",
        ),
        (
            "themes/fjord/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.title }}{% endblock content %}",
        ),
        ("themes/fjord/templates/index.html", "start"),
        ("themes/fjord/templates/alias.html", "alias"),
        ("themes/fjord/templates/search.html", "sök"),
    ]);
    insta::assert_snapshot!(site.redact(&site.build_fails()));
}
