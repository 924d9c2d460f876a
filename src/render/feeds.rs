//! The site's machine-read files: the sitemap, robots.txt and Atom feeds.

use tera::Value;

use super::Lookup;
use crate::error::Diagnostic;
use crate::site::{Page, PageId, Site};

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn sitemap(site: &Site) -> String {
    // The xhtml namespace only where there are alternates to name, so a site in one language
    // keeps the plain sitemap.
    let namespace = if site.config.is_multilingual() {
        " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""
    } else {
        ""
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"{namespace}>\n",
    );
    let mut pages: Vec<&Page> = site.pages.iter().map(|p| &**p).collect();
    pages.sort_by(|a, b| a.permalink().cmp(b.permalink()));
    for p in pages {
        out.push_str("<url><loc>");
        out.push_str(&xml_escape(p.permalink()));
        out.push_str("</loc>");
        if let Some(d) = p.doc.updated.or(p.doc.date) {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.date()));
        }
        // Every version, this one among them, as Google's sitemap alternates ask.
        for &t in &p.translations {
            let other = &site.pages[t];
            let code = site
                .languages
                .get(other.lang)
                .map_or("", |l| l.code.as_str());
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"{code}\" href=\"{}\"/>",
                xml_escape(other.permalink())
            ));
        }
        if let Some(&first) = p.translations.first() {
            out.push_str(&format!(
                "<xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                xml_escape(site.pages[first].permalink())
            ));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub(super) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        site.config.base_url
    )
}

/// The Atom feed of the news section: its newest `feed.limit` dated pages. Dates in front
/// matter are Swedish wall-clock times, so they are placed in Europe/Stockholm.
pub(super) fn epoch() -> atom_syndication::FixedDateTime {
    atom_syndication::FixedDateTime::default()
}

pub(super) fn atom_feed(
    site: &Site,
    section: PageId,
    lookup: &Lookup,
    filename: &str,
    limit: usize,
    body: &dyn Fn(PageId) -> Result<Value, Diagnostic>,
) -> Result<Vec<u8>, Diagnostic> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let tz = jiff::tz::TimeZone::get("Europe/Stockholm").unwrap_or(jiff::tz::TimeZone::UTC);
    let stamp = |d: jiff::civil::DateTime| -> FixedDateTime {
        let zoned = d
            .to_zoned(tz.clone())
            .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        zoned
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(epoch)
    };
    let s = &site.pages[section];
    let dated: Vec<(&Page, PageId)> = s
        .pages
        .iter()
        .map(|&i| (&*site.pages[i], i))
        .filter(|(p, _)| p.doc.date.is_some())
        .take(limit)
        .collect();
    let entries: Vec<Entry> = dated
        .iter()
        .map(|&(p, id)| {
            let mut e = Entry::default();
            e.set_title(p.doc.front.title.clone());
            e.set_id(p.permalink().to_string());
            e.set_links(vec![Link {
                href: p.permalink().to_string(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }]);
            let date = p.doc.date.unwrap_or_default();
            e.set_published(Some(stamp(date)));
            e.set_updated(stamp(p.doc.updated.unwrap_or(date)));
            // Feeds are read outside the site: their links must be absolute.
            let absolute = |html: &str| {
                crate::markdown::fill_placeholders(html, |k| lookup.fill(k, true)).into_owned()
            };
            let summary = match p.content().summary.as_ref().and_then(|v| v.as_str()) {
                Some(html) => absolute(html),
                None => crate::markdown::attr(&p.doc.front.description),
            };
            e.set_summary(Some(Text::html(summary)));
            e.set_content(Some(Content {
                value: body(id)?.as_str().map(absolute),
                content_type: Some("html".into()),
                ..Default::default()
            }));
            Ok(e)
        })
        .collect::<Result<_, Diagnostic>>()?;
    let updated = dated
        .iter()
        .filter_map(|(p, _)| p.doc.updated.or(p.doc.date))
        .max()
        .map(stamp)
        .unwrap_or_else(epoch);
    let feed_url = format!("{}/{filename}", site.config.base_url);
    let mut feed = Feed::default();
    feed.set_title(format!("{} – {}", site.config.title, s.doc.front.title));
    feed.set_id(feed_url.clone());
    feed.set_updated(updated);
    let lang = site
        .languages
        .get(site.pages[section].lang)
        .map_or(site.config.language.clone(), |l| l.code.clone());
    feed.set_lang(Some(lang));
    feed.set_links(vec![
        Link {
            href: feed_url,
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        },
        Link {
            href: s.permalink().to_string(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        },
    ]);
    feed.set_entries(entries);
    Ok(feed.to_string().into_bytes())
}
