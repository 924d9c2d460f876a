//! An issue's front matter and its email body. Pure: runs in `page::parse`, beside the
//! ordinary Markdown rendering, while the file's text is at hand.
//!
//! The email body is rendered a second time from the same Markdown, for mail clients: no
//! heading links, no scroll containers, and every `href` and `src` a numbered placeholder
//! (`NUL n NUL`) that [`super::resolve`] fills with an absolute URL once the site is known.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::markdown::{LINK_PLACEHOLDER, attr};
use crate::msg;
use crate::page::{Document, FrontMatter};
use crate::yaml::{self, Keys, Origin};

/// The front matter of an issue, as editors write it.
#[derive(Debug, Clone, Deserialize)]
struct IssueFrontMatter {
    /// The web page's title; the subject when left out.
    title: Option<String>,
    number: Option<u32>,
    subject: Option<String>,
    preheader: Option<String>,
    #[serde(default)]
    articles: Vec<String>,
    /// Weeks of the care units' changed hours to include, from the issue's date.
    deviations: Option<u32>,
    #[serde(default)]
    description: String,
    date: Option<String>,
    updated: Option<String>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    template: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    slug: Option<String>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

/// The fields an issue's front matter may have.
pub const FIELDS: &[&str] = &[
    "title",
    "number",
    "subject",
    "preheader",
    "articles",
    "deviations",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "template",
    "aliases",
    "tags",
    "slug",
    "extra",
];

/// The most weeks of changed hours an issue can show: within the units' 60-day decision
/// window (`unit::HORIZON_DAYS`), where eves have been decided.
pub const MAX_DEVIATION_WEEKS: u32 = 8;

/// A URL of the email body, with where it stands in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailUrl {
    pub url: String,
    pub line: u32,
    pub column: u32,
    pub image: bool,
    /// In raw HTML: kept as written, so it must be absolute already.
    pub raw: bool,
}

/// A newsletter issue: its own fields and its email body.
#[derive(Debug, Clone, Default)]
pub struct Issue {
    pub number: u32,
    pub subject: String,
    pub preheader: String,
    /// Content paths of news articles to show, with their position in the front matter.
    pub articles: Vec<String>,
    pub deviation_weeks: Option<u32>,
    /// The body as email HTML; `href`/`src` are placeholders indexing `urls`.
    pub email_html: String,
    pub urls: Vec<EmailUrl>,
}

/// Parses an issue's front matter into the page fields every page has and the issue's own.
pub fn parse_front(
    text: &str,
    origin: Origin<'_>,
) -> Result<(FrontMatter, Keys, Issue), Vec<Diagnostic>> {
    let (f, keys) = yaml::parse_mapping::<IssueFrontMatter>(text, origin, FIELDS)?;
    let mut diags = Vec::new();
    let at = |field: &str, d: Diagnostic| match keys.position(field) {
        Some((l, c)) => d.at(l, c),
        None => d.at(1, 1),
    };
    let path = origin.path;
    let mut required = |field: &str, value: Option<&str>| {
        let present = value.is_some_and(|v| !v.trim().is_empty());
        if !present {
            let message = if value.is_some() {
                msg!("newsletter-empty-field", field = field)
            } else {
                msg!("newsletter-needs-field", field = field)
            };
            diags.push(at(
                field,
                Diagnostic::error(path, message)
                    .context(msg!("context-field", what = "newsletter", field = field))
                    .hint(msg!("newsletter-field-hint", field = field)),
            ));
        }
    };
    let number = f.number.map(|n| n.to_string());
    required("number", number.as_deref());
    required("subject", f.subject.as_deref());
    required("preheader", f.preheader.as_deref());
    required("date", f.date.as_deref());
    if let Some(w) = f.deviations
        && !(1..=MAX_DEVIATION_WEEKS).contains(&w)
    {
        diags.push(at(
            "deviations",
            Diagnostic::error(
                path,
                msg!("newsletter-weeks", weeks = w, limit = MAX_DEVIATION_WEEKS),
            )
            .context(msg!(
                "context-field",
                what = "newsletter",
                field = "deviations"
            ))
            .hint(msg!("newsletter-weeks-hint")),
        ));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let subject = f.subject.unwrap_or_default().trim().to_string();
    let preheader = f.preheader.unwrap_or_default().trim().to_string();
    let mut front = FrontMatter::titled(f.title.unwrap_or_else(|| subject.clone()));
    front.description = if f.description.is_empty() {
        preheader.clone()
    } else {
        f.description
    };
    front.draft = f.draft;
    front.tags = f.tags.into();
    let more = front.more_mut();
    more.date = f.date.map(Into::into);
    more.updated = f.updated.map(Into::into);
    more.weight = f.weight;
    more.template = f.template.map(Into::into);
    more.aliases = f.aliases.into();
    more.slug = f.slug.map(Into::into);
    more.extra = f.extra;
    let issue = Issue {
        number: f.number.unwrap_or_default(),
        subject,
        preheader,
        articles: f
            .articles
            .into_iter()
            .map(|a| a.trim_start_matches("@/").to_string())
            .collect(),
        deviation_weeks: f.deviations,
        email_html: String::new(),
        urls: Vec::new(),
    };
    Ok((front, keys, issue))
}

/// Renders the email body and checks what an email needs of it: alt text on every image.
/// Whether links can be made absolute is checked against the site, in [`super::resolve`].
pub fn check_issue(
    doc: &Document,
    issue: &mut Issue,
    body: &str,
    body_line: u32,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let lines = LineStarts::new(body);
    let cm = crate::markdown::cmark_options();
    let body = crate::markdown::without_placeholders(body);
    let body = body.as_ref();
    let mut out: Vec<Event<'_>> = Vec::new();
    let mut urls: Vec<EmailUrl> = Vec::new();
    // An image being read: its URL index and its alt text so far.
    let mut image: Option<(usize, String)> = None;
    let placeholder = |i: usize| format!("{LINK_PLACEHOLDER}{i}{LINK_PLACEHOLDER}");
    for (event, range) in Parser::new_ext(body, cm).into_offset_iter() {
        let (line, column) = lines.position(range.start, body_line);
        if let Some((_, alt)) = image.as_mut() {
            match &event {
                Event::End(TagEnd::Image) => {}
                Event::Text(t) | Event::Code(t) => {
                    alt.push_str(t);
                    continue;
                }
                _ => continue,
            }
        }
        match event {
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let mut tag = format!("<a href=\"{}\"", placeholder(urls.len()));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", attr(&title)));
                }
                tag.push('>');
                urls.push(EmailUrl {
                    url: dest_url.to_string(),
                    line,
                    column,
                    image: false,
                    raw: false,
                });
                out.push(Event::Html(tag.into()));
            }
            Event::End(TagEnd::Link) => out.push(Event::Html("</a>".into())),
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((urls.len(), String::new()));
                urls.push(EmailUrl {
                    url: dest_url.to_string(),
                    line,
                    column,
                    image: true,
                    raw: false,
                });
            }
            Event::End(TagEnd::Image) => {
                let Some((i, alt)) = image.take() else {
                    continue;
                };
                // A missing alt text is reported for every page, this one too, by the
                // Markdown stage; `-` marks a decorative image there as here.
                let alt = alt.trim().to_string();
                let alt = if alt == crate::lint::DECORATIVE {
                    String::new()
                } else {
                    alt
                };
                out.push(Event::Html(
                    format!(
                        "<img src=\"{}\" alt=\"{}\" class=\"image\">",
                        placeholder(i),
                        attr(&alt)
                    )
                    .into(),
                ));
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                let lower = html.to_ascii_lowercase();
                if lower.contains("<script") || lower.trim() == crate::markdown::MORE_MARKER {
                    continue;
                }
                for (tag, attr_name, has_alt) in raw_urls(html) {
                    if tag == "img" && !has_alt {
                        diags.push(
                            Diagnostic::error(doc.display(), msg!("newsletter-image-alt"))
                                .at(line, column)
                                .context(msg!("context-image"))
                                .hint(msg!("newsletter-image-alt-hint")),
                        );
                    }
                    if let Some(url) = attr_name {
                        urls.push(EmailUrl {
                            url,
                            line,
                            column,
                            image: tag == "img",
                            raw: true,
                        });
                    }
                }
                out.push(event);
            }
            other => out.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    issue.email_html = html;
    issue.urls = urls;
    diags
}

/// `(tag, src or href, whether it has alt)` of each tag in raw HTML that carries a URL.
fn raw_urls(html: &str) -> Vec<(String, Option<String>, bool)> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut rest = 0;
    while let Some(i) = lower[rest..].find('<') {
        let start = rest + i + 1;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        let tag_text = &html[start..end];
        let tag_lower = &lower[start..end];
        let name: String = tag_lower
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if name == "img" || name == "a" {
            let key = if name == "img" { "src=" } else { "href=" };
            let url = tag_lower.find(key).map(|k| {
                let v = &tag_text[k + key.len()..];
                let quote = v.chars().next().filter(|c| *c == '"' || *c == '\'');
                match quote {
                    Some(q) => v[1..].split(q).next().unwrap_or_default().to_string(),
                    None => v.split_whitespace().next().unwrap_or_default().to_string(),
                }
            });
            let has_alt = tag_lower.contains("alt=");
            found.push((name, url, has_alt));
        }
        rest = end.min(lower.len());
        if rest >= lower.len() {
            break;
        }
    }
    found
}

/// Byte offsets in the body to file lines and columns.
struct LineStarts {
    starts: Vec<usize>,
    text: String,
}

impl LineStarts {
    fn new(text: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts {
            starts,
            text: text.to_string(),
        }
    }

    fn position(&self, offset: usize, first_line: u32) -> (u32, u32) {
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (first_line + line as u32, column as u32)
    }
}

/// Whether a content file (relative to `content/`) is a newsletter issue.
pub fn is_issue(rel: &Path) -> bool {
    rel.starts_with(super::DIR)
        && rel.extension().is_some_and(|e| e == "md")
        && rel.file_name().is_some_and(|n| n != "_index.md")
}
