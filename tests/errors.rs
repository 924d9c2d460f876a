//! Every kind of mistake an editor can make gets its own message: the file, line and column,
//! the field or construct, and a hint; and the exit code says what kind of failure it was.

mod common;

use common::{Fixture, page};

/// Builds a site that must fail with content errors and returns the report lines.
fn errors_of(files: &[(&str, &str)]) -> String {
    Fixture::new(files).build_fails()
}

#[test]
fn unknown_front_matter_field_suggests_the_right_one() {
    let out = errors_of(&[(
        "content/a.md",
        "---\ntitle: A\ntitel: B\ndatum: 2025-01-01\n---\n",
    )]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_date_that_is_not_a_date() {
    let out = errors_of(&[("content/a.md", "---\ntitle: A\ndate: 1 mars 2025\n---\n")]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_value_of_the_wrong_type() {
    let out = errors_of(&[("content/a.md", "---\ntitle: A\nweight: tio\n---\n")]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_missing_title() {
    let out = errors_of(&[("content/a.md", "---\ndate: 2025-01-01\n---\n")]);
    insta::assert_snapshot!(out);
}

#[test]
fn no_front_matter_or_an_unclosed_one() {
    let out = errors_of(&[
        ("content/a.md", "# Rubrik\n"),
        ("content/b.md", "---\ntitle: B\n"),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn broken_yaml_syntax() {
    let out = errors_of(&[("content/a.md", "---\ntitle: [A\n---\n")]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_field_that_only_sections_have() {
    let out = errors_of(&[("content/a.md", &page("A", "paginate_by: 5\n", ""))]);
    insta::assert_snapshot!(out);
}

#[test]
fn two_files_claiming_one_address() {
    let out = errors_of(&[
        ("content/om.md", &page("Om", "", "")),
        ("content/om/index.md", &page("Om oss", "", "")),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn an_alias_that_is_already_a_page() {
    let out = errors_of(&[
        ("content/a.md", &page("A", "", "")),
        ("content/b.md", &page("B", "aliases: [/a/]\n", "")),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_link_to_a_missing_page() {
    let out = errors_of(&[
        ("content/nyheter/helg.md", &page("Helg", "", "")),
        (
            "content/a.md",
            &page("A", "", "Text.\n\nSe [helgen](@/nyheter/helgen.md).\n"),
        ),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_link_to_a_missing_anchor() {
    let out = errors_of(&[
        ("content/b.md", &page("B", "", "## Öppettider\n")),
        (
            "content/a.md",
            &page("A", "", "[tider](@/b.md#oppetider)\n"),
        ),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_script_in_content() {
    let out = errors_of(&[(
        "content/a.md",
        &page("A", "", "Hej.\n\n<script>alert(1)</script>\n"),
    )]);
    insta::assert_snapshot!(out);
}

#[test]
fn scripts_are_allowed_when_the_site_says_so() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example\nmarkdown:\n  allow_scripts: true\n",
        ),
        (
            "content/a.md",
            &page("A", "", "<script>console.log(1)</script>\n"),
        ),
    ]);
    site.build();
    assert!(
        site.read("public/a/index.html")
            .contains("<script>console.log(1)</script>")
    );
}

#[test]
fn site_yaml_unknown_keys_and_bad_values() {
    let out = errors_of(&[(
        "site.yaml",
        "title: T\nbase_url: vard.example.se\nlangauge: sv\n",
    )]);
    insta::assert_snapshot!(out);
    let out = errors_of(&[("site.yaml", "title: T\nbase_url: vard.example.se\n")]);
    insta::assert_snapshot!(out);
}

#[test]
fn site_yaml_nested_unknown_key() {
    let out = errors_of(&[(
        "site.yaml",
        "title: T\nbase_url: https://t.example\nfeed:\n  sektion: nyheter\n",
    )]);
    insta::assert_snapshot!(out);
}

#[test]
fn an_unknown_theme() {
    let out = errors_of(&[(
        "site.yaml",
        "title: T\nbase_url: https://t.example\ntheme: fin\n",
    )]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_template_syntax_error_names_the_template_file_and_line() {
    let out = errors_of(&[
        ("content/a.md", &page("A", "", "")),
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title }\n{% endblock content %}\n",
        ),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_template_render_error_names_the_template_and_the_page() {
    let out = errors_of(&[
        ("content/a.md", &page("A", "", "")),
        ("content/b.md", &page("B", "", "")),
        ("templates/page.html", "<p>{{ page.extra.farg }}</p>\n"),
    ]);
    // One template fault on many pages is reported once.
    assert_eq!(out.matches("templates/page.html").count(), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_template_named_in_front_matter_that_does_not_exist() {
    let out = errors_of(&[("content/a.md", &page("A", "template: sida.html\n", ""))]);
    insta::assert_snapshot!(out);
}

#[test]
fn every_error_of_a_build_is_reported_together() {
    let out = errors_of(&[
        ("content/a.md", "---\ntitle: A\ndate: igår\n---\n"),
        ("content/b.md", "---\ntitel: B\n---\n"),
        ("content/c.md", &page("C", "", "[x](@/saknas.md)\n")),
        ("templates/section.html", "{{ oops\n"),
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn check_reports_the_same_errors_and_writes_nothing() {
    let site = Fixture::new(&[("content/a.md", "---\ntitle: A\ndate: igår\n---\n")]);
    let r = site.run(&["check"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(site.report(&r));
    assert!(!site.exists("public"));
}

#[test]
fn usage_errors_exit_with_2() {
    let site = Fixture::new(&[]);
    let r = site.run(&["build", "--utkast"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn a_missing_site_yaml_is_an_io_error_naming_the_path() {
    let site = Fixture::new(&[]);
    site.remove("site.yaml");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn text_that_is_not_utf8_names_the_file() {
    let site = Fixture::new(&[]);
    site.write_bytes("content/a.md", b"---\ntitle: \xff\n---\n");
    let r = site.run(&["build"]);
    // A content error since issue 12: located, and reported with the build's other errors.
    assert_eq!(r.code, 1);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn bad_input_never_panics() {
    // A handful of odd inputs: each must end in a report, never a crash.
    let odd: &[&str] = &[
        "---\n---\n",
        "---\n- a\n- b\n---\n",
        "---\ntitle: \n---\n",
        "---\ntitle: A\naliases: /x/\n---\n",
        "---\ntitle: A\nextra: [1, {a: }]\n---\n",
        "---\ntitle: A\nslug: Å Ä\n---\n",
        "---\ntitle: A\n---\n[](@/)\n[x](@/#)\n## \n###### {#}\n",
        "\u{feff}---\ntitle: A\n---\n\0\0\0",
    ];
    for (i, text) in odd.iter().enumerate() {
        let site = Fixture::new(&[("content/a.md", text)]);
        let r = site.run(&["build"]);
        assert!(
            r.code == 0 || r.code == 1,
            "input {i} gave {}: {}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "input {i}: {}", r.stderr);
    }
}

/// Removing `title:` from a page gave 4 errors, the first blaming a correct link to it in
/// another file; the root cause alone is reported (issue 17's cascade).
#[test]
fn a_page_that_does_not_parse_is_not_also_a_broken_link_elsewhere() {
    let site = Fixture::new(&[
        (
            "content/_index.md",
            &page("Start", "", "[Kontakt](@/kontakt.md), [Om](@/om.md)\n"),
        ),
        (
            "content/kontakt.md",
            "---\ndescription: Ingen rubrik\n---\nText.\n",
        ),
        ("content/om/index.md", "---\ntitel: Om\n---\nText.\n"),
        (
            "content/b.md",
            &page("B", "", "[Finns inte](@/saknas.md)\n"),
        ),
    ]);
    let stderr = site.build_fails();
    assert!(stderr.contains("content/kontakt.md:"), "{stderr}");
    assert!(stderr.contains("content/om/index.md:"), "{stderr}");
    assert!(!stderr.contains("content/_index.md"), "{stderr}");
    // A link to a file that is not there at all is still an error.
    assert!(
        stderr.contains(
            "content/b.md:4:1: link to another page: the link leads to a page that does not exist: `@/saknas.md`"
        ),
        "{stderr}"
    );
}

/// `titel:` for `title:` gave two errors (the unknown field and the missing title); the
/// unknown field with its "did you mean `title`?" is the one mistake.
#[test]
fn a_misspelt_required_field_is_one_error() {
    let site = Fixture::new(&[("content/a.md", "---\ntitel: Om oss\n---\nText.\n")]);
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: content/a.md:2:1: the page's settings (between the --- lines): unknown field `titel`\n  2 | titel: Om oss\n    | ^\n  hint: did you mean `title`?"),
        "{stderr}"
    );
    assert!(!stderr.contains("is missing"), "{stderr}");
    assert!(
        stderr.contains("error: 1 error in the site's sources"),
        "{stderr}"
    );
}

/// A page with a misspelt field, a wrong date, a wrong yes/no, a wrong number and a body
/// with an accessibility mistake showed only its first one or two mistakes: the typed read
/// stopped at the first wrong field and the body was never checked. Each is reported in one
/// build, in the editor's language, with its line and column.
#[test]
fn every_mistake_of_a_page_is_reported_at_once() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: Hej\nweigth: 3\ndate: 2025-13-01\ndraft: kanske\nweight: tung\n---\n\n![](bild.png)\n",
    )]);
    let stderr = site.build_fails();
    for expected in [
        "content/a.md:3:1: the page's settings (between the --- lines): unknown field `weigth`",
        "content/a.md:4:1: the page's field `date`: `2025-13-01` is not a date",
        "content/a.md:5:8: the page's field `draft`:",
        "content/a.md:6:9: the page's field `weight`:",
        "content/a.md:9:1: accessibility rule `image_alt`:",
        "content/a.md:9:1: image: the image `bild.png` does not exist",
        "error: 6 errors in the site's sources",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    // In Swedish, the editors' language, the same six.
    let stderr = site.run(&["build", "--lang", "sv"]).stderr;
    assert!(
        stderr.contains("fel: 6 fel i webbplatsens källor"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/a.md:4:1: sidans fält `date`: `2025-13-01` är inget datum"),
        "{stderr}"
    );
}

/// A page whose settings were wrong was left out of the site before its links and images
/// were checked: an editor who mended `draft: kanske` was then told, one build later, that
/// the page links to a page and a heading that do not exist and shows a missing image.
/// A link to a page that exists but is itself broken is still not reported: that page's
/// own error says why.
#[test]
fn a_rejected_page_still_reports_its_broken_links_and_missing_images() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            "---\ntitle: Om oss\ndraft: kanske\n---\nLäs [öppettider](@/oppettider.md), \
             [telefon](@/kontakt.md#telefon), [e-post](@/kontakt.md#e-post) och \
             [nyheter](@/nyheter.md).\n\n![Karta](karta.png)\n",
        ),
        (
            "content/kontakt.md",
            "---\ntitle: Kontakt\n---\n## E-post\n\nText.\n",
        ),
        ("content/nyheter.md", "---\ndraft: true\n---\nText.\n"),
    ]);
    let stderr = site.build_fails();
    for expected in [
        "content/a.md:3:8: the page's field `draft`:",
        "content/a.md:5:5: link to another page: the link leads to a page that does not exist: `@/oppettider.md`",
        "content/a.md:5:36: link to another page: the link leads to a heading that does not exist: `@/kontakt.md#telefon`",
        "hint: the headings of `@/kontakt.md` have the anchors: #e-post",
        "content/a.md:7:1: image: the image `karta.png` does not exist",
        "content/nyheter.md:",
        "error: 5 errors in the site's sources",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
    assert!(!stderr.contains("`@/nyheter.md`"), "{stderr}");
    let stderr = site.run(&["build", "--lang", "sv"]).stderr;
    assert!(stderr.contains("bilden `karta.png` finns inte"), "{stderr}");
}

/// A field left out of the typed read because its value was wrong is not reported missing
/// as well: `title: [a, b]` is one mistake.
#[test]
fn a_wrong_required_field_is_not_also_missing() {
    let stderr = errors_of(&[(
        "content/a.md",
        "---\ntitle: [a, b]\ndraft: kanske\n---\nText.\n",
    )]);
    assert!(stderr.contains("content/a.md:2:"), "{stderr}");
    assert!(
        stderr.contains("content/a.md:3:8: the page's field `draft`"),
        "{stderr}"
    );
    assert!(!stderr.contains("is missing"), "{stderr}");
    assert!(
        stderr.contains("error: 2 errors in the site's sources"),
        "{stderr}"
    );
}

/// A `site.yaml` with a value of the wrong type showed only that one; a base address
/// without https and a pagination path with a slash came a build later each.
#[test]
fn every_mistake_of_site_yaml_is_reported_at_once() {
    let stderr = errors_of(&[(
        "site.yaml",
        "title: T\nbase_url: vard.example.se\nlanguage: [sv]\npagination_path: a/b\n",
    )]);
    for expected in [
        "site.yaml:2:1: site.yaml field `base_url`",
        "site.yaml:3:11: site.yaml field `language`",
        "site.yaml:4:1: site.yaml field `pagination_path`",
        "error: 3 errors in the site's sources",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in:\n{stderr}"
        );
    }
}
