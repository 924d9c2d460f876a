//! The rules an editor's Markdown can break, checked on the parser's events while the page is
//! rendered, so each finding names the Markdown line: images without alt text, skipped
//! heading levels and a second h1 (the page's title is its h1), empty and vague link texts,
//! and raw-HTML tables without header cells. Raw HTML in the Markdown is read with the same
//! scanner as rendered pages, so `<img>`, `<a>`, `<h3>` and `<table>` written by hand are
//! held to the same rules.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::scan::{self, Token};
use super::{Finding, Located, PageLint, Rule, is_vague};
use crate::outline::Headings;

/// The link or button whose text is being read.
struct Link {
    offset: usize,
    text: String,
    /// It has an `aria-label` or `aria-labelledby`: its name does not come from its text.
    named: bool,
    /// An in-page link (`#rubrik`): its text is the heading it leads to, never vague.
    in_page: bool,
    button: bool,
}

/// Watches one page's Markdown events; [`MarkdownLint::finish`] hands over what it found.
pub struct MarkdownLint {
    out: PageLint,
    /// The last heading level; the page's title is its h1.
    level: u8,
    link: Option<Link>,
    /// A Markdown image being read: its offset and alt text.
    image: Option<(usize, String)>,
    /// Raw-HTML tables open: offset and whether a header cell was seen.
    tables: Vec<(usize, bool)>,
    /// The start of a raw-HTML tag cut by a line break, with its offset.
    carry: Option<(usize, String)>,
}

impl Default for MarkdownLint {
    fn default() -> Self {
        MarkdownLint {
            out: PageLint::default(),
            level: 1,
            link: None,
            image: None,
            tables: Vec::new(),
            carry: None,
        }
    }
}

type Position<'p> = &'p mut dyn FnMut(usize) -> (u32, u32);

impl MarkdownLint {
    /// Reads one parser event, which starts at byte `offset` of the body.
    pub fn event(&mut self, event: &Event<'_>, offset: usize, pos: Position<'_>) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let (line, _) = pos(offset);
                self.out.heading_lines.push(line);
                self.heading(*level as u8, offset, pos, "#".repeat(*level as usize));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(anchor) = dest_url.strip_prefix('#').filter(|a| !a.is_empty()) {
                    let (line, column) = pos(offset);
                    self.out.anchors.push(Located {
                        name: anchor.into(),
                        line,
                        column,
                    });
                }
                self.link = Some(Link {
                    offset,
                    text: String::new(),
                    named: false,
                    in_page: dest_url.starts_with('#'),
                    button: false,
                });
            }
            Event::End(TagEnd::Link) => self.end_link(pos),
            Event::Start(Tag::Image { .. }) => self.image = Some((offset, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take() {
                    if let Some(l) = self.link.as_mut() {
                        l.text.push_str(&alt);
                    }
                    if alt.trim().is_empty() {
                        self.push(Rule::ImageAlt, at, pos, "an image without alt text".into(),
                            "describe what the image shows: `![Karta över Kalmar](karta.png)`; for a purely decorative image write `![-](karta.png)`, which says so on purpose".into());
                    } else if alt.trim() != super::DECORATIVE && super::looks_like_file_name(&alt) {
                        self.push(
                            Rule::ImageAlt,
                            at,
                            pos,
                            format!("the alt text is a file name: `{}`", alt.trim()),
                            "describe what the image shows to someone who cannot see it".into(),
                        );
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                } else if let Some(l) = self.link.as_mut() {
                    scan::push_text(t, &mut l.text);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => self.raw_html(h, offset, pos),
            _ => {}
        }
    }

    fn heading(&mut self, level: u8, offset: usize, pos: Position<'_>, marker: String) {
        let prev = self.level;
        self.level = level;
        if level == 1 {
            self.push(
                Rule::SingleH1,
                offset,
                pos,
                "a second h1: the page's title is already its h1".into(),
                if marker.starts_with('#') {
                    "use `##` for the sections of a page".into()
                } else {
                    "use `<h2>` for the sections of a page".into()
                },
            );
        } else if level > prev + 1 {
            let want = prev + 1;
            let write = if marker.starts_with('#') {
                format!("`{}`", "#".repeat(want as usize))
            } else {
                format!("`<h{want}>`")
            };
            self.push(
                Rule::HeadingOrder,
                offset,
                pos,
                format!("heading level skipped: h{level} after h{prev}"),
                format!(
                    "use {write} here: headings go one level deeper at a time, and the page's title is its h1"
                ),
            );
        }
    }

    fn end_link(&mut self, pos: Position<'_>) {
        let Some(link) = self.link.take() else {
            return;
        };
        if link.named {
            return;
        }
        let what = if link.button { "button" } else { "link" };
        if link.text.trim().is_empty() {
            self.push(
                Rule::EmptyLink,
                link.offset,
                pos,
                format!("a {what} with no text"),
                format!("write what the {what} leads to or does; a linked image needs alt text"),
            );
        } else if !link.in_page && is_vague(&link.text) {
            self.push(
                Rule::VagueLinkText,
                link.offset,
                pos,
                format!("vague link text `{}`", link.text.trim()),
                "say where the link leads, e.g. `Läs mer om helgöppna hälsocentraler`, or complete the text with `<span class=\"visually-hidden\">om …</span>`".into(),
            );
        }
    }

    fn raw_html(&mut self, html: &str, offset: usize, pos: Position<'_>) {
        // A tag broken over lines arrives in pieces; join them before scanning.
        let joined;
        let (text, base) = match self.carry.take() {
            Some((at, mut start)) => {
                start.push_str(html);
                joined = start;
                (joined.as_str(), at)
            }
            None => (html, offset),
        };
        if let Some(open) = text.rfind('<')
            && !text[open..].contains('>')
            && text[open + 1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            self.carry = Some((base + open, text[open..].to_string()));
            self.scan(&text[..open], base, pos);
            return;
        }
        self.scan(text, base, pos);
    }

    fn scan(&mut self, text: &str, base: usize, pos: Position<'_>) {
        for token in scan::tokens(text.as_bytes()) {
            let tag = match token {
                Token::Text(t) => {
                    if let Some(l) = self.link.as_mut() {
                        scan::decode_text(t, &mut l.text);
                    }
                    continue;
                }
                Token::Tag(tag) => tag,
            };
            let at = base + tag.offset;
            if !tag.closing
                && tag.has_attrs()
                && let Some(id) = tag.attr("id").filter(|id| !id.is_empty())
            {
                let (line, column) = pos(at);
                self.out.ids.push(Located {
                    name: String::from_utf8_lossy(id).into(),
                    line,
                    column,
                });
            }
            if let Some(level) = tag.heading_level() {
                if !tag.closing {
                    self.heading(level, at, pos, format!("<h{level}>"));
                }
            } else if tag.is("img") {
                match tag.attr("alt") {
                    Some(alt) => {
                        if let Some(l) = self.link.as_mut() {
                            scan::decode_text(alt, &mut l.text);
                        }
                    }
                    None => self.push(
                        Rule::ImageAlt,
                        at,
                        pos,
                        "an `<img>` without an `alt` attribute".into(),
                        "describe what the image shows in `alt=\"…\"`, or write `alt=\"\"` if it is purely decorative".into(),
                    ),
                }
            } else if tag.is("a") || tag.is("button") {
                if tag.closing {
                    self.end_link(pos);
                } else if tag.is("button") || tag.attr("href").is_some() {
                    let named = ["aria-label", "aria-labelledby"]
                        .iter()
                        .any(|a| tag.attr(a).is_some_and(|v| !v.trim_ascii().is_empty()));
                    if let Some(anchor) = tag
                        .attr("href")
                        .and_then(|h| h.strip_prefix(b"#"))
                        .filter(|a| !a.is_empty())
                    {
                        let (line, column) = pos(at);
                        self.out.anchors.push(Located {
                            name: String::from_utf8_lossy(anchor).into(),
                            line,
                            column,
                        });
                    }
                    self.link = Some(Link {
                        offset: at,
                        text: String::new(),
                        named,
                        in_page: tag.attr("href").is_some_and(|h| h.starts_with(b"#")),
                        button: tag.is("button"),
                    });
                }
            } else if tag.is("table") {
                if tag.closing {
                    if let Some((start, false)) = self.tables.pop() {
                        self.push(
                            Rule::TableHeaders,
                            start,
                            pos,
                            "a table without header cells".into(),
                            "mark the header row or column with `<th>`; or write a Markdown table, whose first row is its header".into(),
                        );
                    }
                } else {
                    self.tables.push((at, false));
                }
            } else if tag.is("th")
                && let Some(t) = self.tables.last_mut()
            {
                t.1 = true;
            }
        }
    }

    fn push(
        &mut self,
        rule: Rule,
        offset: usize,
        pos: Position<'_>,
        message: String,
        hint: String,
    ) {
        let (line, column) = pos(offset);
        self.out.push(Finding {
            rule,
            line,
            column,
            message,
            hint,
        });
    }

    /// What the page's HTML pass needs. Anchors to the page's own headings are settled here.
    pub fn finish(mut self, headings: &Headings) -> PageLint {
        self.out.anchors.retain(|a| !headings.contains_id(&a.name));
        self.out.shrink();
        self.out
    }
}
