//! `vardlots build` on small fixture sites: what a reader and a deployer get.

mod common;

use common::{Fixture, page};

fn news_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("Start", "", "Välkommen.\n")),
        (
            "content/nyheter/_index.md",
            &page("Nyheter", "sort_by: date\n", "Alla nyheter.\n"),
        ),
        (
            "content/nyheter/helgoppet.md",
            &page(
                "Helgöppet i Nybro",
                "date: 2025-10-06\ndescription: Nybro har helgöppet.\ntags: [helgöppet]\n",
                "Nybro har öppet lördag och söndag.\n\n<!-- more -->\n\n## Öppettider\n\n| Dag | Tid |\n|---|---|\n| Lördag | 10–15 |\n",
            ),
        ),
        (
            "content/nyheter/nya-tider.md",
            &page(
                "Nya öppettider",
                "date: 2025-01-08\n",
                "Se [helgöppet](@/nyheter/helgoppet.md#oppettider).\n",
            ),
        ),
    ])
}

#[test]
fn builds_pages_sections_feed_sitemap_and_robots() {
    let site = news_site();
    let run = site.build();
    assert!(
        run.stderr.starts_with("Built 5 pages in "),
        "{}",
        run.stderr
    );

    let article = site.read("public/nyheter/helgoppet/index.html");
    assert!(article.contains("<html lang=\"sv\">"));
    assert!(article.contains("<title>Helgöppet i Nybro – Testplats</title>"));
    assert!(
        article.contains(
            "<link rel=\"canonical\" href=\"https://test.example.se/nyheter/helgoppet/\">"
        )
    );
    assert!(article.contains("<meta name=\"description\" content=\"Nybro har helgöppet.\">"));
    // The article: its h1, date, linked heading and table.
    insta::assert_snapshot!(common::main_of(&article));

    let linking = site.read("public/nyheter/nya-tider/index.html");
    assert!(linking.contains("<a href=\"/nyheter/helgoppet/#oppettider\">helgöppet</a>"));

    // The listing is newest first and shows the summary, not the whole text.
    let listing = site.read("public/nyheter/index.html");
    let first = listing.find("Helgöppet i Nybro").unwrap();
    let second = listing.find("Nya öppettider").unwrap();
    assert!(first < second);
    assert!(listing.contains("<p>Nybro har öppet lördag och söndag.</p>"));
    assert!(!listing.contains("<th>Dag</th>"));

    // The feed and the sitemap, whole: every page, with its dates.
    let feed = site.read("public/atom.xml");
    insta::assert_snapshot!(feed);

    let sitemap = site.read("public/sitemap.xml");
    insta::assert_snapshot!(sitemap);
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://test.example.se/sitemap.xml\n"
    );
    assert!(
        site.read("public/404.html")
            .contains("<h1>Sidan finns inte</h1>")
    );
    assert!(site.exists("public/style.css"));
}

#[test]
fn slugs_transliterate_swedish() {
    let site = Fixture::new(&[
        (
            "content/Hälsocentral Öland.md",
            &page("Hälsocentral Öland", "", "Text.\n"),
        ),
        ("content/Vård i län/_index.md", &page("Vård", "", "")),
        ("content/Vård i län/Ålem.md", &page("Ålem", "", "")),
    ]);
    site.build();
    assert!(site.exists("public/halsocentral-oland/index.html"));
    assert!(site.exists("public/vard-i-lan/alem/index.html"));
    assert!(
        site.read("public/vard-i-lan/index.html")
            .contains("<a href=\"/vard-i-lan/alem/\">Ålem</a>")
    );
}

#[test]
fn page_bundles_copy_their_files_beside_the_page() {
    let site = Fixture::new(&[
        (
            "content/om/index.md",
            &page("Om oss", "", "Se ![Karta över länet](karta.svg).\n"),
        ),
        (
            "content/om/karta.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("content/om/filer/plan.pdf", "%PDF"),
    ]);
    site.build();
    assert!(
        site.read("public/om/index.html")
            .contains("<img src=\"/om/karta.svg\" alt=\"Karta över länet\">")
    );
    assert_eq!(
        site.read("public/om/karta.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    assert_eq!(site.read("public/om/filer/plan.pdf"), "%PDF");
}

#[test]
fn aliases_write_redirect_pages() {
    let site = Fixture::new(&[(
        "content/kontakt.md",
        &page("Kontakt", "aliases: [/gamla-kontakt/, /kontakta-oss]\n", ""),
    )]);
    site.build();
    for alias in [
        "public/gamla-kontakt/index.html",
        "public/kontakta-oss/index.html",
    ] {
        let html = site.read(alias);
        assert!(html.contains(
            "<meta http-equiv=\"refresh\" content=\"0; url=https://test.example.se/kontakt/\">"
        ));
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://test.example.se/kontakt/\">")
        );
        assert!(html.contains("<a href=\"/kontakt/\">Kontakt</a>"));
    }
}

#[test]
fn sections_paginate() {
    let mut files = vec![(
        "content/nyheter/_index.md".to_string(),
        page("Nyheter", "paginate_by: 2\n", ""),
    )];
    for day in 1..=5 {
        files.push((
            format!("content/nyheter/n{day}.md"),
            page(
                &format!("Nyhet {day}"),
                &format!("date: 2025-03-0{day}\n"),
                "",
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let site = Fixture::new(&refs);
    site.build();
    let first = site.read("public/nyheter/index.html");
    assert!(first.contains("Nyhet 5") && first.contains("Nyhet 4") && !first.contains("Nyhet 3"));
    assert!(first.contains("Sida 1 av 3"));
    assert!(first.contains("<a href=\"/nyheter/sida/2/\" rel=\"next\">Nästa sida</a>"));
    let third = site.read("public/nyheter/sida/3/index.html");
    assert!(third.contains("Nyhet 1") && !third.contains("Nyhet 2"));
    assert!(third.contains("<a href=\"/nyheter/sida/2/\" rel=\"prev\">Föregående sida</a>"));
    assert!(!site.exists("public/nyheter/sida/4/index.html"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Fixture::new(&[
        ("content/klar.md", &page("Klar", "", "")),
        ("content/utkast.md", &page("Utkast", "draft: true\n", "")),
    ]);
    site.build();
    assert!(site.exists("public/klar/index.html"));
    assert!(!site.exists("public/utkast/index.html"));
    assert!(!site.read("public/sitemap.xml").contains("utkast"));
    assert_eq!(site.run(&["build", "--drafts"]).code, 0);
    assert!(site.exists("public/utkast/index.html"));
}

#[test]
fn two_builds_are_byte_identical() {
    let site = news_site();
    assert_eq!(site.run(&["build", "--output", "a"]).code, 0);
    assert_eq!(site.run(&["build", "--output", "b"]).code, 0);
    let a = site.tree("a");
    let b = site.tree("b");
    assert!(a.len() > 8);
    assert_eq!(a, b);
}

#[test]
fn a_failed_build_leaves_the_previous_output_as_it_was() {
    let site = news_site();
    site.build();
    let before = site.tree("public");
    site.write(
        "content/nyheter/trasig.md",
        "---\ntitle: Trasig\ndate: igår\n---\n",
    );
    site.write(
        "content/nyheter/helgoppet.md",
        &page(
            "Ändrad",
            "date: 2025-10-06\n",
            "## Öppettider\n\nNy text.\n",
        ),
    );
    let stderr = site.build_fails();
    insta::assert_snapshot!(stderr);
    assert_eq!(site.tree("public"), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_create() {
    let site = news_site();
    site.write("public/eget-arbete.txt", "viktigt");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
    assert_eq!(site.read("public/eget-arbete.txt"), "viktigt");
}

#[test]
fn refuses_an_output_that_contains_the_sources() {
    let site = news_site();
    let r = site.run(&["build", "--output", "."]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!(site.report(&r));
    assert!(site.exists("content/_index.md"));
}

#[test]
fn an_empty_existing_output_folder_is_used() {
    let site = news_site();
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build();
    assert!(site.exists("public/index.html"));
}

#[test]
fn stale_files_disappear_and_unchanged_files_are_not_rewritten() {
    let site = news_site();
    site.build();
    let meta = |rel: &str| std::fs::metadata(site.root().join(rel)).unwrap();
    #[cfg(unix)]
    let inode = |rel: &str| std::os::unix::fs::MetadataExt::ino(&meta(rel));
    #[cfg(unix)]
    let css_before = inode("public/style.css");
    site.remove("content/nyheter/nya-tider.md");
    let run = site.build();
    assert!(run.stderr.contains(" unchanged)"), "{}", run.stderr);
    assert!(!site.exists("public/nyheter/nya-tider/index.html"));
    assert!(meta("public/style.css").is_file());
    #[cfg(unix)]
    assert_eq!(
        inode("public/style.css"),
        css_before,
        "an unchanged file is linked, not rewritten"
    );
}

#[test]
fn site_templates_override_the_theme_and_see_shared_views() {
    let site = Fixture::new(&[
        (
            "content/a/_index.md",
            &page(
                "Avsnitt",
                "sort_by: title\npage_template: syskon.html\n",
                "",
            ),
        ),
        ("content/a/b.md", &page("Beta", "", "")),
        ("content/a/c.md", &page("Alfa", "", "")),
        ("content/a/d.md", &page("Ödla", "", "")),
        (
            "templates/syskon.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1><ol>{% for p in section.pages %}<li>{{ p.title }}</li>{% endfor %}</ol>{% if page.higher %}NEXT={{ page.higher.title }}{% endif %} {% set b = get_page(path=\"@/a/b.md\") %}{% set s = get_section(path=\"a/_index.md\") %}{{ b.path }} {{ url_for(path=\"@/a/c.md#x\") }} {{ s.title }}{% endblock content %}",
        ),
        ("templates/404.html", "<p>egen 404</p>"),
    ]);
    site.build();
    let html = site.read("public/a/b/index.html");
    assert!(
        html.contains("<ol><li>Alfa</li><li>Beta</li><li>Ödla</li></ol>"),
        "{html}"
    );
    assert!(html.contains("NEXT=Ödla"));
    assert!(html.contains("/a/b/ /a/c/#x Avsnitt"));
    assert_eq!(site.read("public/404.html"), "<p>egen 404</p>");
}

#[test]
fn a_base_url_with_a_path_prefixes_every_link() {
    let site = news_site();
    let r = site.run(&["build", "--base-url", "https://region.example.se/vard/"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let html = site.read("public/nyheter/nya-tider/index.html");
    assert!(html.contains("<a href=\"/vard/nyheter/helgoppet/#oppettider\">"));
    assert!(html.contains("href=\"/vard/style.css?h="));
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://region.example.se/vard/nyheter/nya-tider/\">"
    ));
}

#[test]
fn static_files_are_copied_and_fingerprinted() {
    let site = news_site();
    site.write("static/favicon.svg", "<svg/>");
    site.write("static/style.css", "body{color:#000}");
    site.build();
    assert_eq!(site.read("public/favicon.svg"), "<svg/>");
    assert_eq!(
        site.read("public/style.css"),
        "body{color:#000}",
        "the site's file wins over the theme's"
    );
    let html = site.read("public/index.html");
    let hash = format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(b"body{color:#000}") & 0xffff_ffff
    );
    assert!(
        html.contains(&format!("href=\"/style.css?h={hash}\"")),
        "{html}"
    );
}

#[test]
fn english_translations_are_used_when_configured() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: Test\nbase_url: https://t.example\nlanguage: en\n",
        ),
        ("content/a.md", &page("A", "date: 2025-03-01\n", "")),
        ("i18n/en.yaml", "published: First published\n"),
    ]);
    site.build();
    let html = site.read("public/a/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Skip to content"));
    assert!(html.contains("First published <time datetime=\"2025-03-01\">1 March 2025</time>"));
}

#[test]
fn check_writes_nothing() {
    let site = news_site();
    let r = site.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.starts_with("Checked 5 pages"));
    assert!(!site.exists("public"));
}

#[test]
fn a_site_without_a_start_page_gets_one() {
    let site = Fixture::new(&[("content/a.md", &page("A", "", ""))]);
    site.build();
    let html = site.read("public/index.html");
    assert!(html.contains("<h1>Testplats</h1>"));
    assert!(html.contains("<a href=\"/a/\">A</a>"));
}

#[test]
fn an_unchanged_rebuild_touches_nothing() {
    let site = news_site();
    site.build();
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ino = |rel: &str| std::fs::metadata(site.root().join(rel)).unwrap().ino();
        let before = (
            ino("public"),
            ino("public/index.html"),
            ino("public/nyheter/helgoppet/index.html"),
        );
        // Forced: the site's files did not change either, which `build` alone would notice
        // before rendering (tests/unchanged.rs); this is the output's own check.
        let run = site.run(&["build", "--force"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stderr.contains("files, 8 unchanged)") || run.stderr.contains(" unchanged)"),
            "{}",
            run.stderr
        );
        let after = (
            ino("public"),
            ino("public/index.html"),
            ino("public/nyheter/helgoppet/index.html"),
        );
        assert_eq!(
            before, after,
            "the same folder and files, not a swapped-in copy"
        );
    }
    let run = site.run(&["build", "--force"]);
    let counts = run
        .stderr
        .split("; ")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    let (files, unchanged) = counts.split_once(" files, ").unwrap_or_default();
    assert_eq!(
        unchanged.trim_end_matches(" unchanged)\n"),
        files,
        "{}",
        run.stderr
    );
    // One changed page: the new site is staged and swapped in, the rest linked.
    site.write(
        "content/nyheter/nya-tider.md",
        &page("Nya öppettider", "date: 2025-01-08\n", "Ändrad.\n"),
    );
    let run = site.build();
    assert!(
        site.read("public/nyheter/nya-tider/index.html")
            .contains("Ändrad.")
    );
    assert!(
        site.read("public/nyheter/helgoppet/index.html")
            .contains("Helgöppet i Nybro"),
        "{}",
        run.stderr
    );
    assert!(!site.exists(".public.vardlots-staging"));
}

/// Regression: turning a page into a bundle (to give it images) broke every link to it.
#[test]
fn links_survive_a_page_becoming_a_bundle() {
    let site = Fixture::new(&[
        ("content/a/index.md", &page("A", "", "## Rubrik\n")),
        (
            "content/b.md",
            &page(
                "B",
                "",
                "[Sidan A](@/a.md) och [rubriken](@/a.md#rubrik).\n",
            ),
        ),
        ("content/c/index.md", &page("C", "", "")),
        (
            "content/d.md",
            &page("D", "", "[Sidan C](@/c.md), [igen](@/c/index.md).\n"),
        ),
    ]);
    site.build();
    let b = site.read("public/b/index.html");
    assert!(
        b.contains("<a href=\"/a/\">Sidan A</a>")
            && b.contains("<a href=\"/a/#rubrik\">rubriken</a>"),
        "{b}"
    );
    assert!(
        site.read("public/d/index.html")
            .contains("<a href=\"/c/\">Sidan C</a>")
    );
}

/// A build renders each page's body from its file when the page is written; a template that
/// shows other pages' bodies (a listing with whole articles, `get_page(…).content`) must
/// still get every one of them.
#[test]
fn templates_that_show_other_pages_bodies_get_them() {
    let site = news_site();
    site.write(
        "templates/section.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{% for p in section.pages %}<div class=\"whole\">{{ p.content }}</div>{% endfor %}{% endblock content %}",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% set other = get_page(path=\"nyheter/nya-tider.md\") %}<aside>{{ other.content }}</aside>{% endblock content %}",
    );
    build_releasing_every_body(&site);
    let listing = site.read("public/nyheter/index.html");
    assert!(listing.contains("<th>Dag</th>"), "{listing}");
    assert!(listing.contains("<a href=\"/nyheter/helgoppet/#oppettider\">helgöppet</a>"));
    let article = site.read("public/nyheter/helgoppet/index.html");
    assert!(
        article
            .contains("<aside><p>Se <a href=\"/nyheter/helgoppet/#oppettider\">helgöppet</a>.</p>")
    );
}

/// A big site's pages release their HTML once parsed and render it again from their files
/// when written (`VARDLOTS_BODY_BUDGET` makes the budget for kept bodies nothing here): the
/// site must come out byte for byte as when every body is kept.
#[test]
fn pages_rendered_again_from_their_files_are_byte_identical() {
    let site = news_site();
    site.build();
    let kept = site.tree("public");
    // Nothing kept, and a budget the site outgrows after its first page: then the bodies
    // kept so far are released as well.
    for budget in ["0", "1"] {
        build_with_body_budget(&site, budget);
        let streamed = site.tree("public");
        assert_eq!(kept.len(), streamed.len());
        for ((a, x), (b, y)) in kept.iter().zip(&streamed) {
            assert_eq!(a, b);
            assert!(x == y, "{} differs (budget {budget})", a.display());
        }
    }
}

/// A page whose body the build released loses its headings from the model once the links
/// to them are checked; its own render takes them from the body it renders again, so its
/// table of contents (and an anchor another page links to) are as when the body is kept.
#[test]
fn a_released_page_keeps_its_table_of_contents() {
    let site = Fixture::new(&[
        ("content/_index.md", &page("Start", "", "Välkommen.\n")),
        (
            "content/hitta.md",
            &page(
                "Hitta rätt vård",
                "",
                "Inledning.\n\n## Egenvård\n\nText.\n\n## Ring 1177\n\nText.\n\n### På natten\n\nText.\n\n## Akutmottagning\n\nText.\n",
            ),
        ),
        (
            "content/akut.md",
            &page("Akut", "", "Se [akuten](@/hitta.md#akutmottagning).\n"),
        ),
    ]);
    site.build();
    let kept = site.read("public/hitta/index.html");
    assert!(kept.contains("<nav class=\"toc\""), "{kept}");
    assert!(kept.contains("href=\"#pa-natten\""), "{kept}");
    build_releasing_every_body(&site);
    assert_eq!(site.read("public/hitta/index.html"), kept);
    assert!(
        site.read("public/akut/index.html")
            .contains("href=\"/hitta/#akutmottagning\"")
    );
}

/// `vardlots build` as on a site too big to keep its pages' HTML (see
/// `pages_rendered_again_from_their_files_are_byte_identical`).
fn build_releasing_every_body(site: &Fixture) {
    build_with_body_budget(site, "0");
}

/// `vardlots build` with `VARDLOTS_BODY_BUDGET` (bytes of Markdown whose bodies are kept).
fn build_with_body_budget(site: &Fixture, budget: &str) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .arg("build")
        .env("VARDLOTS_LANG", "en")
        .env("VARDLOTS_BODY_BUDGET", budget)
        .current_dir(site.root())
        .output()
        .expect("run vardlots");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Under a base URL with a path, a page's internal links are root-relative with that path
/// and the feed's are absolute with it: the model keeps only the page a link leads to and
/// makes either href from its address when a page or a feed asks (and a page its path and
/// permalink from one string).
#[test]
fn a_site_under_a_base_path_links_with_it_in_pages_and_feed() {
    let site = news_site();
    site.write(
        "site.yaml",
        "title: Testplats\nbase_url: https://test.example.se/portal/\n",
    );
    site.build();
    let linking = site.read("public/nyheter/nya-tider/index.html");
    assert!(
        linking.contains("<a href=\"/portal/nyheter/helgoppet/#oppettider\">helgöppet</a>"),
        "{linking}"
    );
    assert!(linking.contains(
        "<link rel=\"canonical\" href=\"https://test.example.se/portal/nyheter/nya-tider/\">"
    ));
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains(
            "href=&quot;https://test.example.se/portal/nyheter/helgoppet/#oppettider&quot;"
        ),
        "{feed}"
    );
    assert!(
        feed.contains("<id>https://test.example.se/portal/nyheter/nya-tider/</id>"),
        "{feed}"
    );
}

/// A link's href is made from its target page's address and the fragment of the link as
/// written: an apostrophe in the file name, escaped as `&#x27;` in the link's key, is not
/// taken for the start of the fragment, in the page or in the feed.
#[test]
fn a_link_to_a_file_named_with_an_apostrophe_keeps_its_anchor() {
    let site = news_site();
    site.write(
        "content/nyheter/anna's-tips.md",
        &page(
            "Annas tips",
            "date: 2025-02-01\n",
            "Text.\n\n## Råd & stöd\n\nMer.\n",
        ),
    );
    site.write(
        "content/nyheter/nya-tider.md",
        &page(
            "Nya öppettider",
            "date: 2025-01-08\n",
            "Se [tipsen](@/nyheter/anna's-tips.md#rad-stod) och [sidan](@/nyheter/anna's-tips.md).\n",
        ),
    );
    site.build();
    for (file, href) in [
        (
            "public/nyheter/nya-tider/index.html",
            "<a href=\"/nyheter/annas-tips/#rad-stod\">tipsen</a>",
        ),
        (
            "public/nyheter/nya-tider/index.html",
            "<a href=\"/nyheter/annas-tips/\">sidan</a>",
        ),
        (
            "public/atom.xml",
            "href=&quot;https://test.example.se/nyheter/annas-tips/#rad-stod&quot;",
        ),
    ] {
        let text = site.read(file);
        assert!(text.contains(href), "{file}: {text}");
    }
}
