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

/// The page must fail with exactly `expected` (one error), in `check` and `build` alike, with
/// a short body and a long one.
fn fails_with(body: &str, expected: &str) {
    let expected =
        format!("{expected}\nerror: 1 error in the site's sources; nothing was written\n");
    for body in [body.to_string(), format!("{body}{LONG}")] {
        let (code, out) = check_page(&body);
        assert_eq!(code, 1, "{out}");
        assert_eq!(out, expected);
    }
    let f = Fixture::new(&[("content/a.md", &page("A", "", body))]);
    assert_eq!(f.build_fails(), expected);
    assert!(!f.exists("public"));
}

/// A site whose `templates/page.html` is `template` must fail with exactly `expected`.
fn template_fails(body: &str, template: &str, expected: &str) {
    let f = Fixture::new(&[
        ("content/a.md", &page("A", "", body)),
        ("templates/page.html", template),
    ]);
    assert_eq!(
        f.build_fails(),
        format!("{expected}\nerror: 1 error in the site's sources; nothing was written\n")
    );
}

/// A site with this `site.yaml` must fail, its report starting with `expected`.
fn site_yaml_fails(yaml: &str, expected: &str) {
    let out = Fixture::new(&[("site.yaml", yaml)]).build_fails();
    assert!(out.starts_with(expected), "{out}");
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
    fails_with(
        "Text\n\n![](https://example.se/karta.png)\n",
        "error: content/a.md:6:1: accessibility rule `image_alt`: an image without alt text\n  hint: describe what the image shows: `![Karta över Kalmar](karta.png)`; for a purely decorative image write `![-](karta.png)`, which says so on purpose",
    );
    fails_with(
        "<p>\n<img src=\"karta.png\">\n</p>\n",
        "error: content/a.md:5:1: accessibility rule `image_alt`: an `<img>` without an `alt` attribute\n  hint: describe what the image shows in `alt=\"…\"`, or write `alt=\"\"` if it is purely decorative",
    );
    passes(
        "![Karta över Kalmar](https://example.se/karta.png)\n\n<img src=\"linje.png\" alt=\"\">\n",
    );
}

#[test]
fn skipped_heading_level() {
    fails_with(
        "## Öppettider\n\n#### Helg\n",
        "error: content/a.md:6:1: accessibility rule `heading_order`: heading level skipped: h4 after h2\n  hint: use `###` here: headings go one level deeper at a time, and the page's title is its h1",
    );
    fails_with(
        "### Öppettider\n",
        "error: content/a.md:4:1: accessibility rule `heading_order`: heading level skipped: h3 after h1\n  hint: use `##` here: headings go one level deeper at a time, and the page's title is its h1",
    );
    passes("## A\n\n### B\n\n#### C\n\n## D\n\n<h3>E</h3>\n");
}

#[test]
fn a_second_h1() {
    fails_with(
        "Text\n\n# Rubrik\n",
        "error: content/a.md:6:1: accessibility rule `single_h1`: a second h1: the page's title is already its h1\n  hint: use `##` for the sections of a page",
    );
    fails_with(
        "<h1>Rubrik</h1>\n",
        "error: content/a.md:4:1: accessibility rule `single_h1`: a second h1: the page's title is already its h1\n  hint: use `<h2>` for the sections of a page",
    );
}

#[test]
fn a_template_with_two_h1() {
    template_fails(
        "## Del\n",
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ site.title }}</h1><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n",
        "error: templates/page.html: accessibility rule `single_h1`: the page has 2 h1 headings\n  hint: a page has one h1, its title; use h2 for its sections; seen on /a/ (content/a.md), made by this template or one it extends or includes",
    );
}

#[test]
fn empty_link_or_button() {
    fails_with(
        "Se [](https://www.1177.se/).\n",
        "error: content/a.md:4:4: accessibility rule `empty_link`: a link with no text\n  hint: write what the link leads to or does; a linked image needs alt text",
    );
    fails_with(
        "<button type=\"button\"></button>\n",
        "error: content/a.md:4:1: accessibility rule `empty_link`: a button with no text\n  hint: write what the button leads to or does; a linked image needs alt text",
    );
    passes(
        "[![1177 Vårdguiden](https://www.1177.se/logo.png)](https://www.1177.se/) och <button type=\"button\">Skriv ut</button>\n",
    );
}

#[test]
fn vague_link_text() {
    fails_with(
        "Om helgöppet: [  KLICKA HÄR ](https://www.1177.se/).\n",
        "error: content/a.md:4:15: accessibility rule `vague_link_text`: vague link text `KLICKA HÄR`\n  hint: say where the link leads, e.g. `Läs mer om helgöppna hälsocentraler`, or complete the text with `<span class=\"visually-hidden\">om …</span>`",
    );
    fails_with(
        "<a href=\"https://www.1177.se/\">mer</a>\n",
        "error: content/a.md:4:1: accessibility rule `vague_link_text`: vague link text `mer`\n  hint: say where the link leads, e.g. `Läs mer om helgöppna hälsocentraler`, or complete the text with `<span class=\"visually-hidden\">om …</span>`",
    );
    passes(
        "[Läs mer <span class=\"visually-hidden\">om helgöppet</span>](https://www.1177.se/)\n\n\
         <a href=\"https://www.1177.se/\" aria-label=\"Läs mer om 1177\">Läs mer</a>\n\n\
         [Läs mer om helgöppna hälsocentraler](https://www.1177.se/) och [Hermes](https://a.se/)\n\n\
         ## Läs mer\n",
    );
}

#[test]
fn table_without_header_cells() {
    fails_with(
        "Tider:\n\n<table>\n<tr><td>Lördag</td><td>10–15</td></tr>\n</table>\n",
        "error: content/a.md:6:1: accessibility rule `table_headers`: a table without header cells\n  hint: mark the header row or column with `<th>`; or write a Markdown table, whose first row is its header",
    );
    passes(
        "<table>\n<tr><th>Dag</th><th>Tid</th></tr>\n<tr><td>Lördag</td><td>10–15</td></tr>\n</table>\n\n| Dag | Tid |\n|---|---|\n| Söndag | 10–15 |\n",
    );
}

#[test]
fn duplicate_id() {
    // The theme's <main> has the id `main`; a heading "Main" would get it too.
    fails_with(
        "Text\n\n## Main\n",
        "error: content/a.md:6:1: accessibility rule `duplicate_id`: the id `main` is used more than once on the page\n  hint: the heading's id is taken by the template too; give the heading its own: `## Rubrik {#main-1}`",
    );
    fails_with(
        "<span id=\"x\">a</span>\n<span id=\"x\">b</span>\n",
        "error: content/a.md:4:1: accessibility rule `duplicate_id`: the id `x` is used more than once on the page\n  hint: ids must be unique: links, labels and screen readers find elements by them",
    );
    passes("## Main {#huvudsak}\n\n<span id=\"x\">a</span>\n");
}

#[test]
fn missing_lang() {
    template_fails(
        "Text\n",
        "<!DOCTYPE html>\n<html><head><title>{{ page.title }}</title></head>\n<body><main><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n",
        "error: templates/page.html: accessibility rule `html_lang`: the page has no `lang` on `<html>`\n  hint: write `<html lang=\"{{ site.language }}\">`: screen readers choose their voice by it; seen on /a/ (content/a.md), made by this template or one it extends or includes",
    );
}

#[test]
fn link_to_a_missing_anchor() {
    fails_with(
        "## Öppettider\n\nSe [tiderna](#oppetider).\n",
        "error: content/a.md:6:4: accessibility rule `missing_anchor`: a link to `#oppetider`, which is not on the page\n  hint: did you mean `#oppettider`?",
    );
    // `#main` is the theme's, `#top` the top of any page.
    passes("## Öppettider\n\n[tiderna](#oppettider), [innehållet](#main), [upp](#top)\n");
}

#[test]
fn a_template_link_to_a_missing_anchor() {
    template_fails(
        "Text\n",
        "<!DOCTYPE html>\n<html lang=\"sv\"><head><title>{{ page.title }}</title></head>\n<body><a href=\"#innehall\">Till innehållet</a><main id=\"main\"><h1>{{ page.title }}</h1>{{ page.content }}</main></body></html>\n",
        "error: templates/page.html: accessibility rule `missing_anchor`: a link to `#innehall`, which is not on the page\n  hint: link to an id on the page, such as a heading's; seen on /a/ (content/a.md), made by this template or one it extends or includes",
    );
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
    assert!(r.stderr.starts_with(
        "warning: content/a.md:4:1: accessibility rule `vague_link_text`: vague link text `Läs mer`\n"
    ), "{}", r.stderr);
    assert!(f.exists("public/a/index.html"));
}

#[test]
fn an_unknown_rule_name_is_an_error() {
    site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  rules:\n    vague_link_txt: warning\n",
        "error: site.yaml:5:5: site.yaml: unknown field `vague_link_txt`\n  hint: did you mean `vague_link_text`?\n",
    );
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
    for expected in [
        "<p>Redaktionens egen text.</p>",
        "<h2 id=\"rapportera-brister\">Rapportera brister i webbplatsens tillgänglighet</h2>",
        "<li>E-post: <a href=\"mailto:a11y@example.se\">a11y@example.se</a></li>\n<li>Telefon: 031-390 06 12</li>",
        "<p><a href=\"https://www.digg.se/tdosanmalan\">Anmäl till Digg via myndighetens webbformulär</a></p>",
        "delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "<li>Kartan över hälsocentralerna saknar textalternativ.</li>",
        "Redogörelsen upprättades den <time datetime=\"2026-11-22\">22 november 2026</time>.</p>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
}

#[test]
fn the_statement_needs_status_and_date() {
    let f = Fixture::new(&[("content/tillganglighet.md", STATEMENT)]);
    assert_eq!(
        f.build_fails(),
        "error: content/tillganglighet.md:3:1: front matter field `template`: the accessibility statement needs `status` and `date` under `accessibility:` in site.yaml\n  hint: for example `accessibility: { status: partially, date: 2026-11-22 }`; status is fully, partially or not\n\
         error: 1 error in the site's sources; nothing was written\n"
    );
}

#[test]
fn statement_fields_are_checked() {
    site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  statuss: fully\n",
        "error: site.yaml:4:3: site.yaml: unknown field `statuss`\n  hint: did you mean `status`?\n",
    );
    site_yaml_fails(
        "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  date: 22 november\n",
        "error: site.yaml:3:1: site.yaml field `accessibility.date`: `22 november` is not a date\n",
    );
}
