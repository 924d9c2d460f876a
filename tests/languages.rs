//! Sites in several languages (`languages:` in site.yaml): translated pages beside their
//! originals, each language under its prefix, hreflang alternates, the language switcher,
//! the sitemap's alternates and feeds per language.

mod common;

use common::{Fixture, page};

const SITE: &str = "\
title: Testplats
base_url: https://test.example.se
language: sv
languages:
  - { code: sv }
  - { code: en }
  - { code: ar }
  - { code: fi, name: Suomeksi }
";

fn site() -> Fixture {
    Fixture::new(&[
        ("site.yaml", SITE),
        ("content/_index.md", &page("Start", "", "Välkommen.")),
        ("content/_index.en.md", &page("Home", "", "Welcome.")),
        (
            "content/nyheter/_index.md",
            &page("Nyheter", "sort_by: date\n", ""),
        ),
        (
            "content/nyheter/_index.en.md",
            &page("News", "sort_by: date\n", ""),
        ),
        (
            "content/nyheter/vaccin.md",
            &page(
                "Vaccin",
                "date: 2026-11-01\n",
                "Boka tid. [Kontakt](@/kontakt.md)",
            ),
        ),
        (
            "content/nyheter/vaccin.en.md",
            &page(
                "Vaccine",
                "date: 2026-11-01\naliases: [/en/old-vaccine/]\n",
                "Book a time. [Contact](@/kontakt.md)",
            ),
        ),
        (
            "content/nyheter/bara-svenska.md",
            &page("Bara svenska", "date: 2026-11-02\n", "Text."),
        ),
        ("content/kontakt.md", &page("Kontakt", "", "Ring oss.")),
        (
            "content/kontakt.en.md",
            &page(
                "Contact",
                "",
                "Call us.\n\n| What | Phone |\n|---|---|\n| Switchboard | 031-390 06 00 |\n",
            ),
        ),
        ("content/kontakt.ar.md", &page("اتصل بنا", "", "اتصل بنا.")),
        ("content/om/index.md", &page("Om oss", "", "Om.")),
        (
            "content/om/index.fi.md",
            &page("Tietoa meistä", "", "Tietoa."),
        ),
    ])
}

#[test]
fn translations_live_under_their_language_prefix_and_untranslated_pages_are_absent() {
    let f = site();
    f.build();
    for path in [
        "public/index.html",
        "public/en/index.html",
        "public/ar/index.html",
        "public/en/nyheter/vaccin/index.html",
        "public/en/kontakt/index.html",
        "public/ar/kontakt/index.html",
        "public/fi/om/index.html",
        "public/en/old-vaccine/index.html",
    ] {
        assert!(f.exists(path), "{path} is missing");
    }
    // No silent fallback: a page without a translation has no address in that language.
    for path in [
        "public/en/nyheter/bara-svenska/index.html",
        "public/ar/nyheter/vaccin/index.html",
        "public/fi/kontakt/index.html",
        "public/en/om/index.html",
    ] {
        assert!(!f.exists(path), "{path} should not exist");
    }
    // The English listing lists the English pages only.
    let news = f.read("public/en/nyheter/index.html");
    assert!(news.contains("Vaccine"), "{news}");
    assert!(!news.contains("Bara svenska"), "{news}");
    let sv = f.read("public/nyheter/index.html");
    assert!(sv.contains("Bara svenska") && !sv.contains("Vaccine"));
}

#[test]
fn pages_carry_lang_dir_hreflang_and_a_switcher_of_existing_translations() {
    let f = site();
    f.build();
    let ar = f.read("public/ar/kontakt/index.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    // Theme strings in Arabic.
    assert!(ar.contains("تخطَّ إلى المحتوى"), "{ar}");
    let en = f.read("public/en/kontakt/index.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(en.contains("Skip to content"));
    for (code, href) in [
        ("sv", "https://test.example.se/kontakt/"),
        ("en", "https://test.example.se/en/kontakt/"),
        ("ar", "https://test.example.se/ar/kontakt/"),
        ("x-default", "https://test.example.se/kontakt/"),
    ] {
        let link = format!("<link rel=\"alternate\" hreflang=\"{code}\" href=\"{href}\">");
        assert!(en.contains(&link), "{link} missing");
    }
    assert!(!en.contains("hreflang=\"fi\""), "no Finnish contact page");
    // The switcher names each language in itself and links the same page.
    assert!(
        en.contains("<a href=\"/ar/kontakt/\" hreflang=\"ar\" lang=\"ar\" dir=\"rtl\">العربية</a>"),
        "{en}"
    );
    assert!(
        en.contains("<a href=\"/kontakt/\" hreflang=\"sv\" lang=\"sv\" dir=\"ltr\">svenska</a>")
    );
    assert!(en.contains("<span lang=\"en\" dir=\"ltr\" aria-current=\"true\">English</span>"));
    // A page in one language only offers no switch and no alternates.
    let only = f.read("public/nyheter/bara-svenska/index.html");
    assert!(!only.contains("hreflang") && !only.contains("language-switch"));
    // On a site with a menu the switch opens with it, so a phone's header stays short.
    let panel = en
        .find("<div class=\"menu-panel\">")
        .expect("the menu panel");
    assert!(en[panel..].find("<nav class=\"language-switch\"") < en[panel..].find("</details>"));
    assert!(only.contains("<html lang=\"sv\" dir=\"ltr\">"));
    // A translation's Markdown is its language's: its table's label is English.
    assert!(
        en.contains("aria-label=\"Table that scrolls sideways\""),
        "{en}"
    );
    // Internal links lead to the linking page's language when there is a translation.
    let vaccine = f.read("public/en/nyheter/vaccin/index.html");
    assert!(vaccine.contains("href=\"/en/kontakt/\""), "{vaccine}");
}

/// Regression: the link table was keyed by the link's text alone, so a Swedish and an
/// English page that both wrote `@/kontakt.md` shared one entry and one of them led to the
/// other language's contact page.
#[test]
fn a_link_leads_to_the_translation_in_each_language() {
    let links = "[Kontakt](@/kontakt.md) [Ring](@/kontakt.md#ring-oss) [Om](@/om.md)";
    let f = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example.se\nlanguages:\n  - { code: sv }\n  - { code: en }\n  - { code: fi }\n",
        ),
        ("content/a.md", &page("A", "", links)),
        ("content/a.en.md", &page("A en", "", links)),
        ("content/a.fi.md", &page("A fi", "", links)),
        (
            "content/kontakt.md",
            &page("Kontakt", "", "## Ring oss\n\nText."),
        ),
        (
            "content/kontakt.en.md",
            &page("Contact", "", "## Call us {#ring-oss}\n\nText."),
        ),
        ("content/om.md", &page("Om", "", "Om.")),
        ("content/om.en.md", &page("About", "", "About.")),
    ]);
    f.build();
    let expect = [
        // Each language's own contact page; an anchor names one page's heading, so it stays.
        (
            "public/a/index.html",
            ["/kontakt/", "/kontakt/#ring-oss", "/om/"],
        ),
        (
            "public/en/a/index.html",
            ["/en/kontakt/", "/kontakt/#ring-oss", "/en/om/"],
        ),
        // No Finnish translations: the page in the default language.
        (
            "public/fi/a/index.html",
            ["/kontakt/", "/kontakt/#ring-oss", "/om/"],
        ),
    ];
    for (file, hrefs) in expect {
        let html = f.read(file);
        for (text, href) in ["Kontakt", "Ring", "Om"].iter().zip(hrefs) {
            let link = format!("<a href=\"{href}\">{text}</a>");
            assert!(html.contains(&link), "{file}: {link} missing in\n{html}");
        }
    }
}

#[test]
fn hreflang_alternates_are_reciprocal() {
    let f = site();
    f.build();
    let checked = assert_reciprocal(&f);
    assert!(checked >= 9, "only {checked} pairs");
}

/// Every page's alternates name each other, and are in the sitemap; the pairs checked.
fn assert_reciprocal(f: &Fixture) -> usize {
    let sitemap = f.read("public/sitemap.xml");
    let pages: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s[..s.find("</loc>").unwrap()].to_string())
        .collect();
    let alternates = |url: &str| -> Vec<String> {
        let rel = url.trim_start_matches("https://test.example.se/");
        let html = f.read(&format!("public/{rel}index.html"));
        html.split("<link rel=\"alternate\" hreflang=\"")
            .skip(1)
            .filter(|s| !s.starts_with("x-default"))
            .map(|s| {
                let h = s.find("href=\"").unwrap() + 6;
                s[h..h + s[h..].find('"').unwrap()].to_string()
            })
            .collect()
    };
    let mut checked = 0;
    for url in &pages {
        let mine = alternates(url);
        for other in &mine {
            assert!(pages.contains(other), "{other} is not in the sitemap");
            let mut theirs = alternates(other);
            theirs.sort();
            let mut mine = mine.clone();
            mine.sort();
            assert_eq!(mine, theirs, "{url} and {other} disagree");
            checked += 1;
        }
    }
    checked
}

#[test]
fn the_sitemap_names_alternates_and_each_language_has_its_feed() {
    let f = site();
    f.build();
    let sitemap = f.read("public/sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(
        "<url><loc>https://test.example.se/en/kontakt/</loc><xhtml:link rel=\"alternate\" hreflang=\"sv\" href=\"https://test.example.se/kontakt/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://test.example.se/en/kontakt/\"/><xhtml:link rel=\"alternate\" hreflang=\"ar\" href=\"https://test.example.se/ar/kontakt/\"/><xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://test.example.se/kontakt/\"/></url>"
    ), "{sitemap}");
    let feed = f.read("public/en/atom.xml");
    assert!(
        feed.contains("Vaccine") && !feed.contains("Bara svenska"),
        "{feed}"
    );
    assert!(feed.contains("xml:lang=\"en\""), "{feed}");
    assert!(f.read("public/atom.xml").contains("Bara svenska"));
    assert!(!f.exists("public/ar/atom.xml"), "no Arabic news section");
}

#[test]
fn a_site_in_one_language_has_no_dir_switcher_or_alternates() {
    let f = Fixture::new(&[
        ("content/_index.md", &page("Start", "", "")),
        ("content/sida.md", &page("Sida", "", "")),
        ("content/sida.en.md", &page("Page", "", "")),
    ]);
    f.build();
    let html = f.read("public/sida/index.html");
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(!html.contains("hreflang"));
    assert!(!f.read("public/sitemap.xml").contains("xhtml"));
    // Without `languages:`, `.en` is part of the file name, as it always was.
    assert!(f.exists("public/sida-en/index.html"));
}

#[test]
fn an_unknown_language_is_reported_at_its_line() {
    let f = Fixture::new(&[(
        "site.yaml",
        "title: T\nbase_url: https://a.se\nlanguages:\n  - { code: de }\n",
    )]);
    let err = f.build_fails();
    assert!(err.contains("no translations for language `de`"), "{err}");
    assert!(err.contains("site.yaml:3"), "{err}");
}

/// The units fixture in Swedish, English and Arabic.
fn units_in_three_languages() -> Fixture {
    let site = common::units::units_site(&[(
        "site.yaml",
        "title: Testplats\nbase_url: https://test.example.se\nlanguages: [{ code: en }, { code: ar }]\n",
    )]);
    let r = site.run(&["build", "--date", common::units::DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    site
}

/// The rows of a page's weekly hours table: (day, opening hours, telephone hours), the
/// `<bdi>` islands taken away.
fn week_rows(html: &str) -> Vec<String> {
    let start = html.find("<tbody>").expect("a weekly table");
    let end = html[start..].find("</tbody>").unwrap() + start;
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.replace("<bdi dir=\"ltr\">", "")
                .replace("</bdi>", "")
                .split("<td")
                .skip(1)
                .map(|cell| {
                    cell[cell.find('>').unwrap() + 1..cell.find("</td>").unwrap()].to_string()
                })
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn every_unit_has_a_page_in_every_language_with_the_same_hours() {
    let site = units_in_three_languages();
    let sv = site.read("public/enheter/alfa/index.html");
    let en = site.read("public/en/enheter/alfa/index.html");
    let ar = site.read("public/ar/enheter/alfa/index.html");
    assert!(site.exists("public/en/enheter/index.html"));
    assert!(site.exists("public/ar/helgoppet/index.html"));
    assert!(site.exists("public/en/enheter/gamma/index.html"));
    // Weekday names from the translations, hours identical to the Swedish page's.
    assert!(en.contains("<th scope=\"row\">Monday</th>"), "{en}");
    assert!(ar.contains("<th scope=\"row\">الاثنين</th>"), "{ar}");
    assert!(sv.contains("<th scope=\"row\">Måndag</th>"));
    let hours = |html: &str| -> Vec<String> {
        week_rows(html)
            .into_iter()
            .map(|r| {
                r.split(" | ")
                    .map(|c| c.chars().filter(char::is_ascii_digit).collect::<String>())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    };
    assert_eq!(hours(&sv), hours(&en));
    assert_eq!(hours(&sv), hours(&ar));
    assert!(
        hours(&sv).iter().any(|h| h.contains("07301700")),
        "{:?}",
        hours(&sv)
    );
    // Times and phone numbers are left-to-right islands on the Arabic page.
    assert!(
        ar.contains("<td data-label=\"العيادة\"><bdi dir=\"ltr\">07.30–17.00</bdi></td>"),
        "{ar}"
    );
    assert!(ar.contains("<bdi dir=\"ltr\">070-174 06 50</bdi>"), "{ar}");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"));
    // Holiday names and the contact card's labels in the page's language.
    assert!(en.contains("Christmas Eve"), "{en}");
    assert!(ar.contains("عشية عيد الميلاد"), "{ar}");
    assert!(en.contains(">Visiting address<"), "{en}");
    // The unit pages link each other's translations.
    assert!(en.contains("hreflang=\"ar\" href=\"https://test.example.se/ar/enheter/alfa/\""));
    // The English directory lists English unit pages.
    let dir = site.read("public/en/enheter/index.html");
    assert!(dir.contains("href=\"/en/enheter/alfa/\""), "{dir}");
    assert!(!dir.contains("href=\"/enheter/alfa/\""), "{dir}");
}

#[test]
fn the_theme_css_uses_logical_properties_so_arabic_pages_mirror() {
    let f = site();
    f.build();
    let css = f.read("public/style.css");
    for physical in [
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "border-left",
        "border-right",
        "text-align: left",
        "text-align: right",
        " left:",
        " right:",
        ";left:",
        ";right:",
    ] {
        assert!(!css.contains(physical), "style.css uses `{physical}`");
    }
    // Arrows that point along the text are mirrored on right-to-left pages.
    assert!(css.contains("[dir=\"rtl\"] .breadcrumbs li + li::before"));
}

#[test]
fn a_reason_in_several_languages_and_the_swedish_one_marked_where_it_stands_in() {
    let alfa = common::units::ALFA.replace(
        "orsak: Utbildning",
        "orsak: { sv: Utbildning, en: Staff training }",
    );
    let site = common::units::units_site(&[
        (
            "site.yaml",
            "title: Testplats\nbase_url: https://test.example.se\nlanguages: [{ code: en }, { code: ar }]\n",
        ),
        ("content/enheter/alfa.yaml", &alfa),
    ]);
    let r = site.run(&["build", "--date", common::units::DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    let sv = site.read("public/enheter/alfa/index.html");
    let en = site.read("public/en/enheter/alfa/index.html");
    let ar = site.read("public/ar/enheter/alfa/index.html");
    assert!(sv.contains("<p>Orsak: Utbildning.</p>"), "{sv}");
    assert!(en.contains("<p>Reason: Staff training.</p>"), "{en}");
    // No Arabic text: the Swedish one, marked as Swedish for screen readers.
    assert!(
        ar.contains("<p>السبب: <span lang=\"sv\">Utbildning</span>.</p>"),
        "{ar}"
    );
}

/// The hits of `query` in the index of `language` of the site built in `fixture`, through the
/// real client (`tests/search-js/query.mjs` runs `search.js` in Node).
fn search(fixture: &Fixture, language: &str, query: &str) -> Vec<String> {
    let out = std::process::Command::new("node")
        .arg("tests/search-js/query.mjs")
        .arg(fixture.root().join("public"))
        .args([language, query])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("could not run `node` ({e}): the search tests need Node.js"));
    assert!(
        out.status.success(),
        "query.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON list of paths")
}

fn searched_site() -> Fixture {
    let f = site();
    f.write(
        "content/oppettider.md",
        &page(
            "Öppettider",
            "",
            "Mottagningen har öppet vardagar. Läkaren tar emot på förmiddagen.",
        ),
    );
    f.write(
        "content/oppettider.en.md",
        &page(
            "Opening hours",
            "",
            "The clinic is open on weekdays for an hour in the morning.",
        ),
    );
    f.write(
        "content/oppettider.fi.md",
        &page(
            "Aukioloajat",
            "",
            "Vastaanotto on avoinna arkisin. Lääkäri ottaa vastaan aamupäivällä.",
        ),
    );
    f.write(
        "content/oppettider.ar.md",
        &page(
            "مواعيد العمل",
            "",
            "العيادة مفتوحة أيام الأسبوع. يستقبل الطبيب المرضى في المستشفى صباحًا. اتصل بالرقم ١١٧٧.",
        ),
    );
    f.build();
    f
}

/// Issue 19 (6): each language has its own index, search page and header form; an English
/// page is found in the English index and not in the Swedish one.
#[test]
fn each_language_searches_its_own_index_from_its_own_search_page() {
    let f = searched_site();
    for (prefix, code) in [("", "sv"), ("/en", "en"), ("/ar", "ar"), ("/fi", "fi")] {
        let home = f.read(&format!("public{prefix}/index.html"));
        assert!(
            home.contains(&format!(
                "action=\"{prefix}/sok/\" method=\"get\" data-index=\"/search/{code}/manifest.json\""
            )),
            "{code}: the header form submits to its own search page and index"
        );
        assert!(
            f.exists(&format!("public{prefix}/sok/index.html")),
            "{code}"
        );
        let manifest = f.read(&format!("public/search/{code}/manifest.json"));
        assert!(
            manifest.contains(&format!("\"language\":\"{code}\"")),
            "{code}"
        );
    }
    assert_eq!(search(&f, "en", "clinic"), ["/en/oppettider/"]);
    assert!(
        !search(&f, "sv", "clinic").contains(&"/en/oppettider/".to_string()),
        "{:?}",
        search(&f, "sv", "clinic")
    );
    assert_eq!(search(&f, "sv", "mottagningen"), ["/oppettider/"]);
    assert!(search(&f, "en", "mottagningen").is_empty());
    // The zero-results words come in the index's language.
    let fi = f.read("public/search/fi/manifest.json");
    assert!(fi.contains("\"none\":\"Ei tuloksia haulle\""), "{fi}");
    let ar = f.read("public/search/ar/manifest.json");
    assert!(ar.contains("\"none\":\"لا توجد نتائج للبحث عن\""), "{ar}");
    // The Swedish vocabulary stays with the Swedish index.
    assert!(
        f.read("public/search/sv/manifest.json")
            .contains("\"vardcentral\"")
    );
    assert!(
        !f.read("public/search/en/manifest.json")
            .contains("\"vardcentral\"")
    );
}

/// Issue 19 (6): English and Finnish words are stemmed, so another form of the word finds it.
#[test]
fn english_and_finnish_queries_find_other_forms_of_their_words() {
    let f = searched_site();
    assert_eq!(search(&f, "en", "hours"), ["/en/oppettider/"]);
    assert_eq!(search(&f, "en", "clinics opening"), ["/en/oppettider/"]);
    assert_eq!(search(&f, "fi", "lääkärin"), ["/fi/oppettider/"]);
    assert_eq!(search(&f, "fi", "vastaanotolla"), ["/fi/oppettider/"]);
}

/// Issue 19 (6): Arabic is found with or without diacritics, with any alef, with or without
/// the article, and with Arabic-Indic or ASCII digits.
#[test]
fn arabic_queries_find_pages_with_or_without_diacritics_and_alef_forms() {
    let f = searched_site();
    for q in [
        "المستشفى",
        "مستشفى",
        "المُسْتَشْفَى",
        "مستشفي",
        "مـواعـيـد",
        "العياده",
        "1177",
        "١١٧٧",
    ] {
        assert_eq!(
            search(&f, "ar", q).first().map(String::as_str),
            Some("/ar/oppettider/"),
            "{q}"
        );
    }
    assert_eq!(search(&f, "ar", "إتصل"), search(&f, "ar", "اتصل"));
}

/// On a site in several languages, each index names its own language's weekend page (the
/// page holiday and weekend words lift) and no other: the Swedish index also named the
/// other languages' weekend pages, by numbers past the end of its own pages, and the client's
/// intent ranking failed on them ("julafton öppet" did not reach `/helgoppet/`).
#[test]
fn each_index_names_its_own_weekend_page() {
    let f = units_in_three_languages();
    assert_eq!(search(&f, "sv", "--weekend"), ["/helgoppet/"]);
    assert_eq!(search(&f, "en", "--weekend"), ["/en/helgoppet/"]);
    assert_eq!(search(&f, "ar", "--weekend"), ["/ar/helgoppet/"]);
}

/// The guide fixture in Swedish, English and Arabic: the entry page translated into English
/// only, the question `feber` and `spadbarn` translated, `storre-barn` and `recept` not.
fn guide_in_languages(situations: &str) -> Fixture {
    use common::guide::{SITUATIONS_PATH, guide_site};
    guide_site(&[
        (
            "site.yaml",
            "title: Testplats\nbase_url: https://test.example.se\nlanguages: [{ code: sv }, { code: en }, { code: ar, dir: rtl }]\n",
        ),
        (
            "content/vart-ska-jag-vanda-mig/_index.md",
            &page("Vart ska jag vända mig?", "", "Välj."),
        ),
        (
            "content/vart-ska-jag-vanda-mig/_index.en.md",
            &page("Where should I turn?", "", "Choose."),
        ),
        (SITUATIONS_PATH, situations),
    ])
}

const TRANSLATED_SITUATIONS: &str = "\
situationer:
  - id: feber
    rubrik: { sv: Mitt barn har feber, en: My child has a fever }
    farotecken:
      - { sv: Barnet går inte att väcka., en: You cannot wake the child. }
    fraga:
      text: { sv: Hur gammalt är barnet?, en: How old is the child? }
      alternativ:
        - text: { sv: Yngre än tre månader, en: Younger than three months }
          till: spadbarn
        - text: Äldre
          till: storre-barn
  - id: spadbarn
    rubrik: { sv: Spädbarn med feber, en: A baby with a fever }
    svar:
      vardag_dag: { niva: hc, text: { sv: Ring hälsocentralen direkt., en: Call your health centre at once. } }
      kvall_natt: { niva: \"1177\", text: Ring 1177 direkt. }
      helg: { niva: \"1177\", text: { sv: Ring 1177 på helgen., en: Call 1177. } }
  - id: storre-barn
    rubrik: Större barn med feber
    svar:
      vardag_dag: { niva: hc, text: Ring om du är orolig. }
      kvall_natt: { niva: \"1177\", text: Vänta till i morgon. }
      helg: { niva: helgoppen, text: Gå till en helgöppen hälsocentral. }
  - id: recept
    rubrik: Jag behöver förnya ett recept
    svar:
      vardag_dag: { niva: hc, text: Använd e-tjänsten. }
      kvall_natt: { niva: hc, text: Det kan vänta. }
      helg: { niva: hc, text: Det kan vänta till vardagen. }
";

/// Issue 19 (7): the guide in English where its entry page is translated, with only the
/// situations translated into English; Swedish that stands in is marked `lang="sv"`.
#[test]
fn the_guide_is_built_in_english_with_only_its_translated_situations() {
    let f = guide_in_languages(TRANSLATED_SITUATIONS);
    let r = f.run(&["build", "--date", common::units::DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    let entry = f.read("public/en/vart-ska-jag-vanda-mig/index.html");
    assert!(entry.contains("<html lang=\"en\""), "{entry}");
    assert!(entry.contains("<h1>Where should I turn?</h1>"), "{entry}");
    assert!(
        entry.contains("<a href=\"/en/vart-ska-jag-vanda-mig/feber/\">My child has a fever</a>"),
        "{entry}"
    );
    assert!(
        !entry.contains("recept"),
        "an untranslated situation is not listed: {entry}"
    );
    assert!(!f.exists("public/en/vart-ska-jag-vanda-mig/recept/index.html"));
    assert!(!f.exists("public/en/vart-ska-jag-vanda-mig/storre-barn/index.html"));
    // No Arabic entry page: no Arabic guide, so no Swedish advice under /ar/.
    assert!(!f.exists("public/ar/vart-ska-jag-vanda-mig/index.html"));
    assert!(!f.exists("public/ar/vart-ska-jag-vanda-mig/feber/index.html"));

    let feber = f.read("public/en/vart-ska-jag-vanda-mig/feber/index.html");
    assert!(feber.contains("<h1>My child has a fever</h1>"), "{feber}");
    assert!(
        feber.contains("<li>You cannot wake the child.</li>"),
        "{feber}"
    );
    assert!(
        feber.contains(
            "<a href=\"/en/vart-ska-jag-vanda-mig/spadbarn/\">Younger than three months</a>"
        ),
        "{feber}"
    );
    // The untranslated follow-up: the Swedish page, said to be Swedish.
    assert!(
        feber.contains(
            "<a href=\"/vart-ska-jag-vanda-mig/storre-barn/\" hreflang=\"sv\" lang=\"sv\">Äldre</a>"
        ),
        "{feber}"
    );
    assert!(feber.contains(
        "hreflang=\"sv\" href=\"https://test.example.se/vart-ska-jag-vanda-mig/feber/\""
    ));

    let baby = f.read("public/en/vart-ska-jag-vanda-mig/spadbarn/index.html");
    assert!(
        baby.contains("<p>Call your health centre at once.</p>"),
        "{baby}"
    );
    assert!(
        baby.contains("<p lang=\"sv\">Ring 1177 direkt.</p>"),
        "{baby}"
    );
    // The levels have no English names here: Swedish, marked, linking to the English overview.
    assert!(
        baby.contains("<a href=\"/en/vart-ska-jag-vanda-mig/oversikt/#hc\" lang=\"sv\">Vardagar: Din hälsocentral</a>"),
        "{baby}"
    );
    let overview = f.read("public/en/vart-ska-jag-vanda-mig/oversikt/index.html");
    assert!(overview.contains("<html lang=\"en\""));
    assert!(
        overview.contains("A baby with a fever") && !overview.contains("recept"),
        "{overview}"
    );
    // The Swedish guide is whole.
    let sv = f.read("public/vart-ska-jag-vanda-mig/index.html");
    assert!(
        sv.contains("Mitt barn har feber") && !sv.contains(" lang=\"sv\">"),
        "{sv}"
    );
    assert!(f.exists("public/vart-ska-jag-vanda-mig/recept/index.html"));
    // A search on an English page that finds nothing points to the English guide.
    let manifest = f.read("public/search/en/manifest.json");
    assert!(
        manifest.contains("\"guide\":\"/en/vart-ska-jag-vanda-mig/\""),
        "{manifest}"
    );
    assert!(assert_reciprocal(&f) >= 4);
}

/// A translation map with a language the site does not have, or a list where a text should
/// be, is reported at its line and column.
#[test]
fn a_malformed_translation_of_the_guide_is_reported_at_its_line_and_column() {
    let f = guide_in_languages(&TRANSLATED_SITUATIONS.replace("en: A baby", "eng: A baby"));
    let err = f.build_fails();
    assert!(
        err.contains("situationer.yaml:14:39:") && err.contains("`eng`"),
        "{err}"
    );
    assert!(err.contains("did you mean `en`"), "{err}");
    let f = guide_in_languages(
        &TRANSLATED_SITUATIONS.replace("en: My child has a fever }", "en: [My child, a fever] }"),
    );
    let err = f.build_fails();
    assert!(err.contains("situationer.yaml:3:"), "{err}");
}
