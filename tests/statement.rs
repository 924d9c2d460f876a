//! The accessibility statement from `site.yaml` (issue 20): every part Digg's model statement
//! has, under its heading and in its order; a shortcoming without a reason is an error; an
//! assessment or update older than a year on the build date is a warning.

mod common;

use common::Fixture;

const STATEMENT: &str = "---\ntitle: Tillgänglighetsredogörelse\ntemplate: tillganglighet.html\n---\nRedaktionens egen text.\n";

const FULL: &str = "title: Vårdlotsen
base_url: https://t.example.se
accessibility:
  organisation: Region Kalmar län
  status: partially
  shortcomings:
    - text: Kartan över hälsocentralerna går inte att använda med tangentbordet.
      reason: Den kommer från en extern karttjänst som vi byter ut.
      wcag: [\"2.1.1 Tangentbord\"]
      fix_by: 2027-03-31
    - Filmen om 1177 saknar textning eftersom leverantören inte kan texta den.
  disproportionate_burden:
    - text: Äldre protokoll som inskannade PDF-filer.
      reason: Att göra om 400 protokoll skulle kosta mer än nyttan för de få som läser dem.
      assessed: 2026-06-01
  out_of_scope:
    - Nyhetsbrev som publicerades före den 23 september 2018.
  assessment: external
  assessed_by: Exempelgranskarna AB
  method: Granskningen följde Diggs granskningsmanual.
  report: { email: a11y@example.se }
  date: 2026-01-15
  updated: 2026-11-22
  reviewed: 2026-11-20
";

/// Digg's model statement, heading by heading (h1 to h3), for a site called Vårdlotsen.
const HEADINGS: &[&str] = &[
    "Tillgänglighet för Vårdlotsen",
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsynsmyndighet",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Bristande förenlighet med lagkraven",
    "Oskäligt betungande anpassning",
    "Innehåll som inte omfattas av lagstiftningen",
    "Hur vi testat webbplatsen",
];

/// The texts of the page's h1–h3 headings, in order.
fn headings(html: &str) -> Vec<String> {
    let article = &html[html.find("<article").unwrap_or(0)..];
    let mut out = Vec::new();
    let mut rest = article;
    while let Some(at) = rest.find("<h") {
        rest = &rest[at + 2..];
        if !rest.starts_with(['1', '2', '3']) {
            continue;
        }
        let start = rest.find('>').map_or(0, |i| i + 1);
        let end = rest.find("</h").unwrap_or(rest.len());
        // Strip any tags inside the heading.
        let mut text = String::new();
        let mut in_tag = false;
        for c in rest[start..end].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(text.replace("&#39;", "'"));
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_statement_has_every_part_of_diggs_model_statement() {
    let f = Fixture::new(&[
        ("site.yaml", FULL),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    let r = f.run(&["build", "--date", "2026-11-30"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let html = f.read("public/tillganglighet/index.html");
    assert_eq!(headings(&html), HEADINGS, "{html}");
    for expected in [
        "<p>Region Kalmar län står bakom den här webbplatsen.",
        "<p>Redaktionens egen text.</p>",
        "<li>Kartan över hälsocentralerna går inte att använda med tangentbordet.<br>Skäl: Den kommer från en extern karttjänst som vi byter ut.<br>WCAG-kriterium: 2.1.1 Tangentbord<br>Vi planerar att åtgärda det senast den <time datetime=\"2027-03-31\">31 mars 2027</time>.</li>",
        "<li>Filmen om 1177 saknar textning eftersom leverantören inte kan texta den.</li>",
        "enligt 12 § lagen (2018:1937)",
        "<li>Äldre protokoll som inskannade PDF-filer.<br>Skäl: Att göra om 400 protokoll skulle kosta mer än nyttan för de få som läser dem.<br>Bedömningen gjordes den <time datetime=\"2026-06-01\">1 juni 2026</time>.</li>",
        "<li>Nyhetsbrev som publicerades före den 23 september 2018.</li>",
        "<p>Webbplatsen har granskats av en extern part: Exempelgranskarna AB.</p>",
        "<p>Granskningen följde Diggs granskningsmanual.</p>",
        "<p>Den senaste bedömningen gjordes den <time datetime=\"2026-11-20\">20 november 2026</time>.</p>",
        "<p>Redogörelsen upprättades den <time datetime=\"2026-01-15\">15 januari 2026</time>.</p>",
        "<p>Redogörelsen uppdaterades senast den <time datetime=\"2026-11-22\">22 november 2026</time>.</p>",
        "delvis förenlig med lagen",
        "<a href=\"https://www.digg.se/tdosanmalan\">",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
}

#[test]
fn the_statement_says_so_when_nothing_is_declared() {
    let yaml = "title: Vårdlotsen\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  assessment: internal\n  date: 2026-11-22\n";
    let f = Fixture::new(&[
        ("site.yaml", yaml),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    f.build();
    let html = f.read("public/tillganglighet/index.html");
    assert_eq!(headings(&html), HEADINGS);
    for expected in [
        "<p>Vårdlotsen står bakom den här webbplatsen.",
        "Vi känner i dag inte till något innehåll på webbplatsen som inte är tillgängligt.",
        "Vi åberopar inte undantaget för oskäligt betungande anpassning för något innehåll.",
        "Vi känner inte till något innehåll på webbplatsen som inte omfattas av lagstiftningen.",
        "<p>Vi har gjort en självskattning (intern granskning) av webbplatsen.</p>",
        // Never updated: the last update is the day it was drawn up.
        "<p>Redogörelsen uppdaterades senast den <time datetime=\"2026-11-22\">22 november 2026</time>.</p>",
    ] {
        assert!(html.contains(expected), "{expected}\n---\n{html}");
    }
}

#[test]
fn the_statement_in_an_english_site_has_english_headings() {
    let yaml = "title: Vårdlotsen\nbase_url: https://t.example.se\nlanguage: en\naccessibility:\n  status: fully\n  date: 2026-11-22\n";
    let f = Fixture::new(&[
        ("site.yaml", yaml),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    f.build();
    let html = f.read("public/tillganglighet/index.html");
    assert_eq!(
        headings(&html),
        [
            "Accessibility of Vårdlotsen",
            "How accessible is this website?",
            "What to do if you cannot use parts of the website",
            "Report accessibility problems with this website",
            "Enforcement procedure",
            "Technical information about the website's accessibility",
            "Content that is not accessible",
            "Non-compliance with the requirements",
            "Disproportionate burden",
            "Content that is not within the scope of the legislation",
            "How we tested this website",
        ]
    );
}

#[test]
fn a_shortcoming_without_a_reason_is_an_error() {
    let yaml = "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: partially\n  date: 2026-11-22\n  shortcomings:\n    - text: Kartan saknar textalternativ.\n      wcag: [\"1.1.1\"]\n";
    let f = Fixture::new(&[
        ("site.yaml", yaml),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    let r = f.run(&["check"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "error: site.yaml:3:1: site.yaml field `accessibility.shortcomings[0]`: the shortcoming `Kartan saknar textalternativ.` has no reason\n  3 | accessibility:\n    | ^\n  hint: say why it is not accessible yet, for example `reason: Kartan kommer från en extern tjänst som vi byter ut`; Digg reads the reason of every shortcoming\n\
         error: 1 error in the site's sources; nothing was written\n"
    );
}

#[test]
fn an_external_assessment_names_who_made_it() {
    let yaml = "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  date: 2026-11-22\n  assessment: external\n";
    let out = Fixture::new(&[("site.yaml", yaml)]).build_fails();
    assert!(
        out.starts_with("error: site.yaml:3:1: site.yaml field `accessibility.assessment`: an external assessment without `assessed_by`\n"),
        "{out}"
    );
}

#[test]
fn statement_dates_are_checked() {
    let yaml = "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  date: 2026-11-22\n  updated: i går\n";
    let out = Fixture::new(&[("site.yaml", yaml)]).build_fails();
    assert!(
        out.starts_with(
            "error: site.yaml:3:1: site.yaml field `accessibility.updated`: `i går` is not a date\n"
        ),
        "{out}"
    );
}

#[test]
fn a_review_from_2019_warns_on_a_2026_build() {
    let yaml = "title: T\nbase_url: https://t.example.se\naccessibility:\n  status: fully\n  date: 2019-05-02\n  reviewed: 2019-04-30\n";
    let f = Fixture::new(&[
        ("site.yaml", yaml),
        ("content/tillganglighet.md", STATEMENT),
    ]);
    let r = f.run(&["check", "--date", "2026-11-30"]);
    assert_eq!(r.code, 0, "a warning: {}", r.stderr);
    let warnings: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning") && !pinned(l))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: site.yaml:3:1: site.yaml field `accessibility.date`: the accessibility statement's last update is from 2019-05-02, more than a year before 2026-11-30",
            "warning: site.yaml:3:1: site.yaml field `accessibility.reviewed`: the latest assessment of the site's accessibility is from 2019-04-30, more than a year before 2026-11-30",
        ]
    );
    // A year to the day is not yet stale; an update in between counts.
    let r = f.run(&["check", "--date", "2020-04-30"]);
    assert!(!statement_warning(&r.stderr), "{}", r.stderr);
    f.write(
        "site.yaml",
        &format!("{yaml}  updated: 2026-02-01\n").replace("2019-04-30", "2026-01-10"),
    );
    let r = f.run(&["check", "--date", "2026-11-30"]);
    assert!(!statement_warning(&r.stderr), "{}", r.stderr);
}

/// `check` also warns that a `--date` before today is pinned in the past; which dates
/// that is depends on the day the tests run, so it is left out here.
fn pinned(line: &str) -> bool {
    line.starts_with("warning: --date ")
}

fn statement_warning(stderr: &str) -> bool {
    stderr
        .lines()
        .any(|l| l.starts_with("warning") && !pinned(l))
}
