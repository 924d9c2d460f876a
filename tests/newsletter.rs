//! The newsletter: an issue in content/nyhetsbrev/ becomes an archive page, a feed entry,
//! an email-safe HTML, a plain-text part and a ready .eml, all checked here as a mail
//! program and a reader would see them.

mod common;

use std::path::Path;
use std::process::Command;

use common::Fixture;
use common::units::{ALFA, BETA, DATE, REGION};
use mail_parser::{MessageParser, MimeHeaders};

const SITE: &str = "\
title: Testplats
base_url: https://test.example.se
organisation: { name: Testregionen, url: https://region.example.se }
newsletter:
  from: \"Testplats <nyhetsbrev@test.example.se>\"
  list_unsubscribe:
    - \"mailto:avregistrera@test.example.se\"
    - \"https://test.example.se/avregistrera/\"
";

const ARTICLE: &str = "---\ntitle: Nya öppettider\ndate: 2026-12-01\ndescription: Alla hälsocentraler har samma tider.\n---\nText.\n\n## Tider\n\nVardagar.\n";

/// An issue with every kind of link and an image from its bundle.
const ISSUE: &str = "\
---
number: 7
date: 2026-12-21 08:00
subject: \"Nyhetsbrev 7: jul och nyår\"
preheader: \"Så har hälsocentralerna öppet i jul.\"
articles: [nyheter/tider.md]
deviations: 2
---

Hej! Läs [artikeln](@/nyheter/tider.md#tider), ring [1177](https://www.1177.se/) eller
skriv till [oss](mailto:red@test.example.se). Se [kontakt](/kontakt/).

![Karta över länet](karta.png)

## Beslut

| Fråga | Beslut |
|---|---|
| Mål | 0,8 |
";

/// A real 4×4 PNG: the build processes every image.
fn png() -> Vec<u8> {
    common::png_bytes(image::RgbImage::new(4, 4))
}

fn site() -> Fixture {
    let site = Fixture::new(&[
        ("site.yaml", SITE),
        ("content/_index.md", "---\ntitle: Start\n---\nVälkommen.\n"),
        (
            "content/kontakt.md",
            "---\ntitle: Kontakt\n---\nRing oss.\n",
        ),
        ("content/nyheter/_index.md", "---\ntitle: Nyheter\n---\n"),
        ("content/nyheter/tider.md", ARTICLE),
        ("content/nyhetsbrev/jul/index.md", ISSUE),
        ("content/enheter/_region.yaml", REGION),
        ("content/enheter/alfa.yaml", ALFA),
        ("content/enheter/beta.yaml", BETA),
    ]);
    site.write_bytes("content/nyhetsbrev/jul/karta.png", &png());
    site
}

fn build(site: &Fixture) {
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
}

/// The opening tags named `name` in `html`.
fn tags<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    html.match_indices(&open)
        .filter(|(i, _)| {
            html[i + open.len()..]
                .chars()
                .next()
                .is_some_and(|c| c == ' ' || c == '>')
        })
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap() + 1])
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

#[test]
fn archive_page_index_and_feed() {
    let site = site();
    build(&site);
    let page = site.read("public/nyhetsbrev/jul/index.html");
    assert!(page.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Nyhetsbrev – Testplats\" href=\"/nyhetsbrev/atom.xml\">"
    ));
    // The issue's page: its title, lead, links to the articles, and the units' holidays in
    // the two weeks from the issue's date, Christmas grouped.
    insta::assert_snapshot!(common::main_of(&page));

    let index = site.read("public/nyhetsbrev/index.html");
    insta::assert_snapshot!(common::main_of(&index));

    let feed = site.read("public/nyhetsbrev/atom.xml");
    assert!(
        feed.contains("<title>Testplats – Nyhetsbrev</title>"),
        "{feed}"
    );
    assert!(feed.contains("<id>https://test.example.se/nyhetsbrev/jul/</id>"));
    assert!(
        feed.contains("<link href=\"https://test.example.se/nyhetsbrev/atom.xml\" rel=\"self\"")
    );
    // The news feed is not the newsletter's.
    assert!(!site.read("public/atom.xml").contains("nyhetsbrev/jul"));
}

#[test]
fn email_html_is_safe_for_mail_programs() {
    let site = site();
    build(&site);
    let html = site.read("public/nyhetsbrev/jul/email.html");
    assert!(html.len() < 90 * 1024);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"));
    assert!(!lower.contains("<link"), "no external stylesheet");
    assert!(!lower.contains("@import"));
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"sv\" dir=\"ltr\">"),
        "{html}"
    );
    assert!(html.contains("<div class=\"wrapper\" dir=\"ltr\" lang=\"sv\">"));
    // @media rules stay for dark mode and narrow screens; everything else is inlined.
    assert!(html.contains("@media (prefers-color-scheme: dark)"));
    assert!(html.contains("@media screen and (max-width: 620px)"));
    assert!(html.contains("<h1 style=\""));
    assert!(html.contains("<h2 style=\""));
    // Explicit colours on the body and the content cell.
    assert!(html.contains(
        "<body style=\"margin: 0;padding: 0;background-color: #e8eef3;color: #1b1b1b;\">"
    ));
    // The preheader, hidden, comes first in the body.
    let body = &html[html.find("<body").unwrap()..];
    assert!(body.contains("<div class=\"preheader\" style=\"display: none;"));
    assert!(body.find("preheader").unwrap() < body.find("<table").unwrap());
    assert!(html.contains(
        "<a href=\"https://test.example.se/nyhetsbrev/jul/\" style=\"color: #0a58a3;text-decoration: underline;\">Läs i webbläsaren</a>"
    ));

    // Every layout table is presentational; a Markdown table keeps its header cells.
    for t in tags(&html, "table") {
        assert!(
            attr(t, "role") == Some("presentation") || t.contains("border-collapse"),
            "{t}"
        );
    }
    assert_eq!(tags(&html, "th").len(), 2);
    // Every image has alt text and an absolute address; every link is absolute.
    let imgs = tags(&html, "img");
    assert_eq!(imgs.len(), 1);
    for img in imgs {
        assert_eq!(attr(img, "alt"), Some("Karta över länet"));
        assert_eq!(
            attr(img, "src"),
            Some("https://test.example.se/nyhetsbrev/jul/karta.png")
        );
    }
    for a in tags(&html, "a") {
        let href = attr(a, "href").unwrap();
        assert!(
            href.starts_with("https://") || href.starts_with("mailto:"),
            "{href}"
        );
    }
    for want in [
        "https://test.example.se/nyheter/tider/#tider",
        "https://test.example.se/kontakt/",
        "https://test.example.se/nyheter/tider/",
        "https://test.example.se/enheter/beta/",
        "https://test.example.se/avregistrera/",
    ] {
        assert!(html.contains(&format!("href=\"{want}\"")), "{want}");
    }
}

/// Regression: when the link table's keys gained the page's language, the issue's own
/// lookup of `@/page.md` kept the old key and the email's link became `#`.
#[test]
fn an_issue_link_without_an_anchor_is_absolute_in_the_email() {
    let site = site();
    site.write(
        "content/nyhetsbrev/jul/index.md",
        &ISSUE.replace("(@/nyheter/tider.md#tider)", "(@/kontakt.md)"),
    );
    build(&site);
    let html = site.read("public/nyhetsbrev/jul/email.html");
    let text = site.read("public/nyhetsbrev/jul/email.txt");
    // `Se [kontakt](/kontakt/)` is in the issue too: no link may be left inert.
    assert!(html.contains("https://test.example.se/kontakt/"), "{html}");
    assert!(!html.contains("href=\"#\""), "{html}");
    assert!(!text.contains("]: #"), "{text}");
}

#[test]
fn plain_text_is_the_content_with_every_link() {
    let site = site();
    build(&site);
    let html = site.read("public/nyhetsbrev/jul/email.html");
    let text = site.read("public/nyhetsbrev/jul/email.txt");
    assert!(!text.contains("<"), "no markup in the text: {text}");
    for a in tags(&html, "a") {
        let href = attr(a, "href").unwrap().replace("&amp;", "&");
        assert!(
            text.contains(&format!("]: {href}\n")),
            "{href} missing from\n{text}"
        );
    }
    // The whole text: "Läs i webbläsaren" first, the headings as Markdown, the links as
    // numbered footnotes, the first of them the issue's page.
    insta::assert_snapshot!(text);
    for line in text.lines() {
        let footnote = line.starts_with('[') && line.contains("]: ");
        assert!(footnote || line.chars().count() <= 78, "too long: {line:?}");
    }
}

#[test]
fn eml_parses_back_with_its_parts_and_headers() {
    let site = site();
    build(&site);
    let raw = std::fs::read(site.root().join("public/nyhetsbrev/jul/issue.eml")).unwrap();
    let msg = MessageParser::default().parse(&raw).expect("parses");
    let from = msg.from().unwrap().first().unwrap();
    assert_eq!(from.name(), Some("Testplats"));
    assert_eq!(from.address(), Some("nyhetsbrev@test.example.se"));
    assert_eq!(
        msg.to().unwrap().first().unwrap().address(),
        Some("mottagare@example.invalid")
    );
    assert_eq!(msg.subject(), Some("Nyhetsbrev 7: jul och nyår"));
    assert_eq!(msg.date().unwrap().to_rfc3339(), "2026-12-21T07:00:00Z");
    // From the content: a corrected issue is a new message, not a duplicate to drop.
    let id = msg.message_id().unwrap();
    let hash = id
        .strip_prefix("nyhetsbrev-7.")
        .and_then(|r| r.strip_suffix("@test.example.se"))
        .unwrap_or_else(|| panic!("{id}"));
    assert!(
        hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert_eq!(
        msg.header_raw("List-Id").map(str::trim),
        Some("Testplats <nyhetsbrev.test.example.se>")
    );
    assert_eq!(
        msg.header_raw("Content-Language").map(str::trim),
        Some("sv")
    );
    assert_eq!(msg.header_raw("Precedence").map(str::trim), Some("bulk"));
    let unsubscribe = msg.header_raw("List-Unsubscribe").unwrap();
    assert_eq!(
        unsubscribe.split_whitespace().collect::<Vec<_>>().join(" "),
        "<mailto:avregistrera@test.example.se>, <https://test.example.se/avregistrera/>"
    );
    assert!(msg.header_raw("List-Unsubscribe-Post").is_none());

    // multipart/alternative: the plain text first, the HTML last, both UTF-8.
    let root = msg.root_part();
    let ct = root.content_type().unwrap();
    assert_eq!(
        (ct.ctype(), ct.subtype()),
        ("multipart", Some("alternative"))
    );
    let parts: Vec<(String, String, String)> = root
        .sub_parts()
        .unwrap()
        .iter()
        .map(|&i| {
            let ct = msg.part(i).unwrap().content_type().unwrap();
            (
                ct.ctype().to_string(),
                ct.subtype().unwrap().to_string(),
                ct.attribute("charset").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("text".into(), "plain".into(), "utf-8".into()),
            ("text".into(), "html".into(), "utf-8".into())
        ]
    );
    let norm = |s: &str| s.replace("\r\n", "\n");
    assert_eq!(
        norm(&msg.body_text(0).unwrap()),
        site.read("public/nyhetsbrev/jul/email.txt")
    );
    assert_eq!(
        norm(&msg.body_html(0).unwrap()),
        norm(&site.read("public/nyhetsbrev/jul/email.html"))
    );
}

#[test]
fn fixed_inputs_give_a_byte_identical_eml_whatever_the_build_day() {
    let site = site();
    build(&site);
    let first = std::fs::read(site.root().join("public/nyhetsbrev/jul/issue.eml")).unwrap();
    let r = site.run(&["build", "--date", "2027-01-05"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let again = std::fs::read(site.root().join("public/nyhetsbrev/jul/issue.eml")).unwrap();
    assert!(first == again, "the .eml changed with the build date");

    // The command writes the same files.
    let r = site.run(&["newsletter", "7", "--out", "ut", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("ut/jul/issue.eml ("), "{}", r.stderr);
    for name in ["email.html", "email.txt", "issue.eml"] {
        assert_eq!(
            site.read(&format!("ut/jul/{name}")),
            site.read(&format!("public/nyhetsbrev/jul/{name}")),
            "{name}"
        );
    }
    let r = site.run(&["newsletter", "8", "--out", "ut"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
}

#[test]
fn one_click_unsubscribe_header() {
    let site = site();
    site.write("site.yaml", &format!("{SITE}  one_click: true\n"));
    build(&site);
    let eml = site.read("public/nyhetsbrev/jul/issue.eml");
    assert!(eml.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
}

/// The build's error report for a site with this issue file.
fn issue_errors(issue: &str) -> String {
    let site = site();
    site.write("content/nyhetsbrev/jul/index.md", issue);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r.stderr
}

#[test]
fn a_missing_subject_and_preheader() {
    let out = issue_errors("---\nnumber: 7\ndate: 2026-12-21\n---\nText.\n");
    insta::assert_snapshot!(out);
    let out = issue_errors("---\nnumber: 7\ndate: 2026-12-21\nsubject: \"\"\npreheader: P\n---\n");
    insta::assert_snapshot!(out);
}

#[test]
fn an_image_without_alt() {
    let issue = ISSUE.replace("![Karta över länet](karta.png)", "![](karta.png)");
    let out = issue_errors(&issue);
    insta::assert_snapshot!(out);
}

#[test]
fn a_link_that_cannot_be_made_absolute() {
    let issue = ISSUE.replace("Se [kontakt](/kontakt/).", "Se [kontakt](../kontakt/).");
    let out = issue_errors(&issue);
    insta::assert_snapshot!(out);
    let issue = ISSUE.replace("(karta.png)", "(bild.png)");
    let out = issue_errors(&issue);
    insta::assert_snapshot!(out);
}

#[test]
fn an_article_that_does_not_exist() {
    let out = issue_errors(&ISSUE.replace("[nyheter/tider.md]", "[nyheter/tid.md]"));
    insta::assert_snapshot!(out);
}

#[test]
fn the_size_budget() {
    let long =
        "Ett stycke om vården i Kalmar län som upprepas för att nyhetsbrevet ska bli för långt. "
            .repeat(12);
    let body: String = (0..90)
        .map(|i| format!("\n## Del {i}\n\n{long}\n"))
        .collect();
    let out = issue_errors(&format!("{ISSUE}{body}"));
    insta::assert_snapshot!(out);
}

#[test]
fn newsletter_settings_are_checked() {
    let site = site();
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://t.se\nnewsletter:\n  form: x@t.se\n",
    );
    let out = site.build_fails();
    insta::assert_snapshot!(out);
    site.write(
        "site.yaml",
        "title: T\nbase_url: https://t.se\nnewsletter:\n  from: inte en adress\n  list_unsubscribe: [\"http://t.se/av\"]\n",
    );
    let out = site.build_fails();
    insta::assert_snapshot!(out);
}

/// Loads `email.html` in headless Chromium, in a frame `width` CSS pixels wide (a window
/// cannot be narrower than 500 px), and returns the email's scroll width.
fn scroll_width(chromium: &Path, html: &Path, width: u32) -> u32 {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe.html");
    let email = std::fs::read_to_string(html)
        .unwrap()
        .replace('&', "&amp;")
        .replace('"', "&quot;");
    let text = format!(
        "<!DOCTYPE html><html><head><title>-</title></head><body style=\"margin:0\">\
         <iframe id=\"f\" style=\"border:0;width:{width}px;height:800px\" srcdoc=\"{email}\"></iframe>\
         <script>window.addEventListener('load', () => {{ const w = document.getElementById('f').contentWindow; \
         document.title = 'W' + w.document.documentElement.scrollWidth + 'x' + w.innerWidth; }});</script>\
         </body></html>"
    );
    std::fs::write(&probe, text).unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
            &format!("--user-data-dir={}", dir.path().join("profile").display()),
            "--window-size=800,900",
            "--dump-dom",
        ])
        .arg(format!("file://{}", probe.display()))
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    let title = dom
        .split("<title>W")
        .nth(1)
        .and_then(|s| s.split("</title>").next())
        .unwrap_or_else(|| {
            panic!(
                "no measurement:\n{}\n{}",
                &dom[..dom.len().min(500)],
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let (scroll, inner) = title.split_once('x').unwrap();
    assert_eq!(inner, width.to_string(), "viewport");
    scroll.parse().unwrap()
}

#[test]
fn email_does_not_scroll_sideways_at_600_and_320_px() {
    let chromium = Path::new("/usr/bin/chromium");
    if !chromium.exists() {
        eprintln!("skipped: /usr/bin/chromium is not installed (apt-get install chromium)");
        return;
    }
    let site = site();
    build(&site);
    let html = site.root().join("public/nyhetsbrev/jul/email.html");
    for width in [600, 320] {
        assert!(scroll_width(chromium, &html, width) <= width, "{width} px");
    }
}

#[test]
fn export_for_listmonk_with_its_merge_tag_and_as_files() {
    let site = site();
    // A service's tag in List-Unsubscribe passes once it is named as the service's tag.
    site.write(
        "site.yaml",
        &SITE.replace(
            "    - \"https://test.example.se/avregistrera/\"\n",
            "    - \"{{ UnsubscribeURL }}\"\n  merge_tags: { unsubscribe: \"{{ UnsubscribeURL }}\" }\n",
        ),
    );
    let r = site.run(&[
        "newsletter",
        "export",
        "7",
        "--format",
        "listmonk",
        "--list",
        "3",
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&site.read("utskick/jul/listmonk.json")).unwrap();
    assert_eq!(json["subject"], "Nyhetsbrev 7: jul och nyår");
    assert_eq!(json["content_type"], "html");
    assert_eq!(json["type"], "regular");
    assert_eq!(json["lists"], serde_json::json!([3]));
    assert_eq!(json["from_email"], "Testplats <nyhetsbrev@test.example.se>");
    let body = json["body"].as_str().unwrap();
    let footer_links: Vec<&str> = tags(body, "a")
        .into_iter()
        .filter_map(|a| attr(a, "href"))
        .filter(|h| h.contains("UnsubscribeURL"))
        .collect();
    assert_eq!(footer_links, ["{{ UnsubscribeURL }}"]);
    assert!(
        json["altbody"]
            .as_str()
            .unwrap()
            .contains("{{ UnsubscribeURL }}")
    );

    let r = site.run(&[
        "newsletter",
        "export",
        "jul",
        "--format",
        "files",
        "--date",
        DATE,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        site.read("utskick/jul/export/subject.txt"),
        "Nyhetsbrev 7: jul och nyår\n"
    );
    assert_eq!(
        site.read("utskick/jul/export/preheader.txt"),
        "Så har hälsocentralerna öppet i jul.\n"
    );
    assert!(
        site.read("utskick/jul/export/email.html")
            .contains("href=\"{{ UnsubscribeURL }}\"")
    );
    assert!(site.exists("utskick/jul/export/email.txt"));
}

#[test]
fn email_html_has_outlook_ghost_tables_dark_rules_and_no_html5_sectioning() {
    let site = site();
    build(&site);
    let html = site.read("public/nyhetsbrev/jul/email.html");
    for tag in [
        "header", "section", "footer", "article", "nav", "main", "time",
    ] {
        assert!(tags(&html, tag).is_empty(), "<{tag}> in the email");
    }
    // The 600 px container sits in a table only Outlook for Windows sees.
    let ghost = html
        .find("<!--[if mso]><table role=\"presentation\" width=\"600\"")
        .expect("a ghost table");
    let container = html.find("class=\"container\"").unwrap();
    let close = html
        .find("<!--[if mso]></td></tr></table><![endif]-->")
        .unwrap();
    assert!(ghost < container && container < close);
    assert!(html.contains("[data-ogsc] h1"), "Outlook.com dark rules");
    // The web page keeps its semantic elements.
    let page = site.read("public/nyhetsbrev/jul/index.html");
    assert!(!tags(&page, "time").is_empty());
}

#[test]
fn email_images_are_the_1200_px_rendition_shown_600_px_wide() {
    let site = site();
    site.write_bytes(
        "content/nyhetsbrev/jul/karta.png",
        &common::png_bytes(image::RgbImage::new(1300, 650)),
    );
    build(&site);
    let html = site.read("public/nyhetsbrev/jul/email.html");
    let imgs = tags(&html, "img");
    assert_eq!(imgs.len(), 1, "{imgs:?}");
    let src = attr(imgs[0], "src").unwrap();
    assert!(
        src.starts_with("https://test.example.se/nyhetsbrev/jul/"),
        "{src}"
    );
    assert_eq!(attr(imgs[0], "width"), Some("600"), "{}", imgs[0]);
    assert_eq!(attr(imgs[0], "height"), Some("300"), "{}", imgs[0]);
    // That rendition exists and is 1200 px wide.
    let file = src.trim_start_matches("https://test.example.se/");
    let bytes = std::fs::read(site.root().join("public").join(file)).unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 600));
}

#[test]
fn an_email_near_the_budget_as_sent_is_a_warning() {
    let long =
        "Ett stycke om vården i Kalmar län som upprepas för att nyhetsbrevet ska bli för långt. "
            .repeat(12);
    let body: String = (0..58)
        .map(|i| format!("\n## Del {i}\n\n{long}\n"))
        .collect();
    let site = site();
    site.write("content/nyhetsbrev/jul/index.md", &format!("{ISSUE}{body}"));
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Under 90 KB as written, over it as sent (quoted-printable).
    let written = site.read("public/nyhetsbrev/jul/email.html").len();
    assert!(written < 90 * 1024, "{written}");
    assert!(
        r.stderr.contains(
            "warning: content/nyhetsbrev/jul/index.md:1: the newsletter: the email's HTML part is 9"
        ) && r.stderr.contains("KB as sent"),
        "{}",
        r.stderr
    );
}
