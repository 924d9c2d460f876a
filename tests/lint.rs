//! The accessibility linter: each rule with a page that breaks it (the exact report) and one
//! that keeps it (a clean build); levels from `site.yaml`.

mod common;

use common::{Fixture, page};

/// The report of `vardlots check` on a site with one page `content/a.md` of `body`.
fn check_page(body: &str) -> (i32, String) {
    let f = Fixture::new(&[("content/a.md", &page("A", "", body))]);
    let r = f.run(&["check"]);
    (r.code, r.stderr)
}

/// A paragraph appended to each page body: the HTML pass skips a page's Markdown HTML when
/// it is long enough to find in the output, and the rules must hold either way.
const LONG: &str =
    "\n\nEn avslutande paragraf, lång nog för att sidans HTML ska gå att känna igen i utdata.\n";

/// The page must fail with the same report in `check` and `build` alike, with a short body
/// and a long one, and write nothing; returns the report.
fn fails_with(body: &str) -> String {
    let f = Fixture::new(&[("content/a.md", &page("A", "", body))]);
    let report = f.build_fails();
    assert!(!f.exists("public"));
    for body in [body.to_string(), format!("{body}{LONG}")] {
        let (code, out) = check_page(&body);
        assert_eq!(code, 1, "{out}");
        assert_eq!(out, report);
    }
    report
}

/// A site whose `templates/page.html` is `template` must fail; returns the report.
fn template_fails(body: &str, template: &str) -> String {
    let f = Fixture::new(&[
        ("content/a.md", &page("A", "", body)),
        ("templates/page.html", template),
    ]);
    f.build_fails()
}

/// A site with this `site.yaml` must fail; returns the report.
fn site_yaml_fails(yaml: &str) -> String {
    Fixture::new(&[("site.yaml", yaml)]).build_fails()
}

fn passes(body: &str) {
    for body in [body.to_string(), format!("{body}{LONG}")] {
        let (code, out) = check_page(&body);
        assert_eq!(code, 0, "{out}");
        assert!(!out.contains("warning"), "{out}");
    }
}

#[test]
fn image_without_alt() {
    insta::assert_snapshot!(fails_with("Text\n\n![](https://example.se/karta.png)\n"));
    insta::assert_snapshot!(fails_with("<p>\n<img src=\"karta.png\">\n</p>\n"));
    passes(
        "![Karta över Kalmar](https://example.se/karta.png)\n\n<img src=\"linje.png\" alt=\"\">\n",
    );
}

#[test]
fn skipped_heading_level() {
    insta::assert_snapshot!(fails_with("## Öppettider\n\n#### Helg\n"));
    insta::assert_snapshot!(fails_with("### Öppettider\n"));
    passes("## A\n\n### B\n\n#### C\n\n## D\n\n<h3>E</h3>\n");
}

#[test]
fn a_second_h1() {
    insta::assert_snapshot!(fails_with("Text\n\n# Rubrik\n"));
    insta::assert_snapshot!(fails_with("<h1>Rubrik</h1>\n"));
}

#[test]
fn a_template_with_two_h1() {
    insta::assert_snapshot!(template_fails(
        "## Del\n",
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ site.title }}</h1><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n"
    ));
}

#[test]
fn empty_link_or_button() {
    insta::assert_snapshot!(fails_with("Se [](https://www.1177.se/).\n"));
    insta::assert_snapshot!(fails_with("<button type=\"button\"></button>\n"));
    passes(
        "[![1177 Vårdguiden](https://www.1177.se/logo.png)](https://www.1177.se/) och <button type=\"button\">Skriv ut</button>\n",
    );
}

#[test]
fn vague_link_text() {
    insta::assert_snapshot!(fails_with(
        "Om helgöppet: [  KLICKA HÄR ](https://www.1177.se/).\n"
    ));
    insta::assert_snapshot!(fails_with("<a href=\"https://www.1177.se/\">mer</a>\n"));
    passes(
        "[Läs mer <span class=\"visually-hidden\">om helgöppet</span>](https://www.1177.se/)\n\n\
         <a href=\"https://www.1177.se/\" aria-label=\"Läs mer om 1177\">Läs mer</a>\n\n\
         [Läs mer om helgöppna hälsocentraler](https://www.1177.se/) och [Hermes](https://a.se/)\n\n\
         ## Läs mer\n",
    );
}

#[test]
fn table_without_header_cells() {
    insta::assert_snapshot!(fails_with(
        "Tider:\n\n<table>\n<tr><td>Lördag</td><td>10–15</td></tr>\n</table>\n"
    ));
    passes(
        "<table>\n<tr><th>Dag</th><th>Tid</th></tr>\n<tr><td>Lördag</td><td>10–15</td></tr>\n</table>\n\n| Dag | Tid |\n|---|---|\n| Söndag | 10–15 |\n",
    );
}

#[test]
fn duplicate_id() {
    // The theme's <main> has the id `main`; a heading "Main" would get it too.
    insta::assert_snapshot!(fails_with("Text\n\n## Main\n"));
    insta::assert_snapshot!(fails_with(
        "<span id=\"x\">a</span>\n<span id=\"x\">b</span>\n"
    ));
    passes("## Main {#huvudsak}\n\n<span id=\"x\">a</span>\n");
}

#[test]
fn missing_lang() {
    insta::assert_snapshot!(template_fails(
        "Text\n",
        "<!DOCTYPE html>\n<html><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n"
    ));
}

#[test]
fn link_to_a_missing_anchor() {
    insta::assert_snapshot!(fails_with("## Öppettider\n\nSe [tiderna](#oppetider).\n"));
    // `#main` is the theme's, `#top` the top of any page.
    passes("## Öppettider\n\n[tiderna](#oppettider), [innehållet](#main), [upp](#top)\n");
}

#[test]
fn a_template_link_to_a_missing_anchor() {
    insta::assert_snapshot!(template_fails(
        "Text\n",
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>{{ page.title }}</title></head>\n<body><a href=\"#innehall\">Till innehållet</a><main id=\"main\"><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n"
    ));
}

#[test]
fn site_yaml_lowers_a_rule_to_a_warning() {
    let f = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example.se\naccessibility:\n  rules:\n    vague_link_text: warning\n",
        ),
        (
            "content/a.md",
            &page("A", "", "[Läs mer](https://www.1177.se/)\n"),
        ),
    ]);
    let r = f.build();
    insta::assert_snapshot!(f.redact(&r.stderr));
    assert!(f.exists("public/a/index.html"));
}

#[test]
fn an_unknown_rule_name_is_an_error() {
    insta::assert_snapshot!(site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  rules:\n    vague_link_txt: warning\n"
    ));
}

#[test]
fn the_example_site_has_no_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .args(["check", "--root"])
        .arg(root)
        .output()
        .expect("run vardlots");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.starts_with("Checked "), "{stderr}");
}

const STATEMENT: &str = "---\ntitle: Tillgänglighetsredogörelse\ntemplate: tillganglighet.html\n---\nRedaktionens egen text.\n";

#[test]
fn the_accessibility_statement_comes_from_site_yaml() {
    let f = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: partially\n  shortcomings: [\"Kartan över hälsocentralerna saknar textalternativ.\"]\n  report: { email: a11y@example.se, phone: 031-390 06 12 }\n  date: 2026-11-22\n",
        ),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    f.build();
    let html = f.read("public/tillganglighet/index.html");
    insta::assert_snapshot!(common::main_of(&html));
}

#[test]
fn the_statement_needs_status_and_date() {
    let f = Fixture::new(&[("content/tillganglighet.md", STATEMENT)]);
    insta::assert_snapshot!(f.build_fails());
}

#[test]
fn statement_fields_are_checked() {
    insta::assert_snapshot!(site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  statuss: fully\n"
    ));
    insta::assert_snapshot!(site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  date: 22 november\n"
    ));
}
