//! The rules an editor's Markdown can break, checked on the parser's events while the page is
//! rendered, so each finding names the Markdown line: images without alt text, skipped
//! heading levels and a second h1 (the page's title is its h1), empty and vague link texts,
//! and raw-HTML tables without header cells. Raw HTML in the Markdown is read with the same
//! scanner as rendered pages, so `<img>`, `<a>`, `<h3>` and `<table>` written by hand are
//! held to the same rules.
//!
//! What editors get wrong after launch is checked here too (see [`super::authoring`]):
//! generic alt texts, web addresses as text, symbol-only links, documents whose link does not
//! name the format, empty header cells, ALL-CAPS runs and English passages without a
//! `{lang=en}` mark. A deliberate exception is kept with `<!-- a11y-ok: rule_name -->` on the
//! finding's line or the line before it.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::authoring::{self as au, Caps};
use super::scan::{self, Token};
use super::{Finding, Located, PageLint, Rule, is_vague};
use crate::error::Message;
use crate::msg;
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
    /// A link to a PDF or office file: its format's name and words, whether it is on the
    /// site, and the link's whole text (the kept `text` is cut short).
    document: Option<(&'static str, &'static [&'static str], bool, String)>,
}

/// The text of the block being read, for the language check.
#[derive(Default)]
struct Block {
    offset: Option<usize>,
    text: String,
    /// A `{lang=…}` heading attribute or a raw-HTML `lang` inside the block.
    marked: bool,
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
    /// The Markdown table head being read: its offset, its empty cells, and whether the
    /// current cell is empty so far.
    head: Option<(usize, usize, bool)>,
    caps: Caps,
    block: Block,
    /// Inside a code block: its text is not prose.
    code: bool,
    /// Raw-HTML elements open with a `lang` attribute: their content is marked.
    lang_open: Vec<String>,
    /// The site's language; English is flagged only where it is not English.
    english_site: bool,
    /// `<!-- a11y-ok: rule -->` markers: their line and rule name.
    exceptions: Vec<(u32, String)>,
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
            head: None,
            caps: Caps::default(),
            block: Block::default(),
            code: false,
            lang_open: Vec::new(),
            english_site: false,
            exceptions: Vec::new(),
        }
    }
}

type Position<'p> = &'p mut dyn FnMut(usize) -> (u32, u32);

impl MarkdownLint {
    /// A lint for a page of a site in `language` (`sv`, `en`).
    pub fn new(language: &str) -> MarkdownLint {
        MarkdownLint {
            english_site: language == "en",
            ..MarkdownLint::default()
        }
    }

    /// Reads one parser event, which starts at byte `offset` of the body.
    pub fn event(&mut self, event: &Event<'_>, offset: usize, pos: Position<'_>) {
        if let Some(h) = self.head.as_mut()
            && matches!(
                event,
                Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_)
            )
        {
            h.2 = false;
        }
        match event {
            Event::Start(Tag::Heading { level, attrs, .. }) => {
                let (line, _) = pos(offset);
                self.out.heading_lines.push(line);
                self.heading(*level as u8, offset, pos, "#".repeat(*level as usize));
                self.end_block(pos);
                self.block.marked = attrs.iter().any(|(k, _)| k.as_ref() == "lang");
            }
            Event::Start(Tag::Paragraph | Tag::Item) => self.end_block(pos),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                self.end_block(pos)
            }
            Event::Start(Tag::CodeBlock(_)) => self.code = true,
            Event::End(TagEnd::CodeBlock) => self.code = false,
            Event::Start(Tag::TableHead) => self.head = Some((offset, 0, false)),
            Event::Start(Tag::TableCell) => {
                if let Some(h) = self.head.as_mut() {
                    h.2 = true;
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.end_block(pos);
                if let Some(h) = self.head.as_mut()
                    && h.2
                {
                    h.1 += 1;
                    h.2 = false;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((at, empty, _)) = self.head.take()
                    && empty > 0
                {
                    self.push(
                        Rule::EmptyHeaderCell,
                        at,
                        pos,
                        msg!("lint-empty-header-cells", count = empty),
                        msg!("lint-empty-header-cells-hint"),
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(anchor) = dest_url.strip_prefix('#').filter(|a| !a.is_empty()) {
                    let (line, column) = pos(offset);
                    self.out.lists_mut().anchors.push(Located {
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
                    document: au::document(dest_url).map(|(n, w, l)| (n, w, l, String::new())),
                });
            }
            Event::End(TagEnd::Link) => self.end_link(pos),
            Event::Start(Tag::Image { .. }) => self.image = Some((offset, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take() {
                    if let Some(l) = self.link.as_mut() {
                        l.text.push_str(&alt);
                    }
                    if au::is_generic_alt(&alt) {
                        self.push(
                            Rule::GenericAlt,
                            at,
                            pos,
                            msg!("lint-generic-alt", alt = alt.trim()),
                            msg!("lint-generic-alt-hint"),
                        );
                    } else if alt.trim().is_empty() {
                        self.push(
                            Rule::ImageAlt,
                            at,
                            pos,
                            msg!("lint-image-no-alt"),
                            msg!("lint-image-no-alt-hint"),
                        );
                    } else if alt.trim() != super::DECORATIVE && super::looks_like_file_name(&alt) {
                        self.push(
                            Rule::ImageAlt,
                            at,
                            pos,
                            msg!("lint-alt-file-name", alt = alt.trim()),
                            msg!("lint-alt-file-name-hint"),
                        );
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                } else if let Some(l) = self.link.as_mut() {
                    scan::push_text(t, &mut l.text);
                    if let Some(d) = l.document.as_mut() {
                        d.3.push_str(t);
                    }
                }
                if !self.code && matches!(event, Event::Text(_)) {
                    self.prose(t, offset, pos);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.block.text.push(' '),
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
                msg!("lint-second-h1"),
                msg!(
                    "lint-second-h1-hint",
                    write = if marker.starts_with('#') {
                        "`##`"
                    } else {
                        "`<h2>`"
                    }
                ),
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
                msg!("lint-heading-skipped", level = level, prev = prev),
                msg!("lint-heading-skipped-hint", write = write),
            );
        }
    }

    /// Text of the page's prose: bare web addresses, ALL-CAPS runs, and the block's words.
    fn prose(&mut self, t: &str, offset: usize, pos: Position<'_>) {
        if self.block.offset.is_none() {
            self.block.offset = Some(offset);
        }
        self.block.text.push_str(t);
        if self.link.is_none()
            && self.image.is_none()
            && let Some((at, url)) = au::bare_url(t)
        {
            self.push(
                Rule::UrlLinkText,
                offset + at,
                pos,
                msg!("lint-bare-url", url = url),
                msg!("lint-bare-url-hint"),
            );
        }
        if let Some(at) = self.caps.text(t, offset) {
            self.push(
                Rule::AllCaps,
                at,
                pos,
                msg!("lint-all-caps", count = au::CAPS_RUN),
                msg!("lint-all-caps-hint"),
            );
        }
    }

    /// A block ended (or a new one starts): judges its language.
    fn end_block(&mut self, pos: Position<'_>) {
        // The text's buffer is kept for the next block: taken, it was allocated and grown
        // again for every paragraph (1.5 % of a build's instructions).
        let at = self.block.offset.take();
        let marked = std::mem::take(&mut self.block.marked);
        self.caps.end();
        let text = &self.block.text;
        let english = at.is_some()
            && !(self.english_site || marked || !self.lang_open.is_empty())
            && au::lang_mark(text).is_none()
            && au::looks_english(text);
        self.block.text.clear();
        if let Some(at) = at.filter(|_| english) {
            self.push(
                Rule::LanguageMark,
                at,
                pos,
                msg!("lint-english-passage"),
                msg!("lint-english-passage-hint"),
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
        if let Some((name, words, local, full)) = &link.document
            && !au::names_format(full, words)
        {
            self.push(
                Rule::DocumentLink,
                link.offset,
                pos,
                msg!("lint-document-link", format = *name),
                msg!(
                    "lint-document-link-hint",
                    format = *name,
                    local = if *local { "yes" } else { "no" }
                ),
            );
        }
        let what = if link.button { "button" } else { "link" };
        if au::only_symbols(&link.text) {
            self.push(
                Rule::SymbolLinkText,
                link.offset,
                pos,
                msg!("lint-symbol-link", what = what, text = link.text.trim()),
                msg!("lint-symbol-link-hint", what = what),
            );
        } else if au::is_url(&link.text) {
            self.push(
                Rule::UrlLinkText,
                link.offset,
                pos,
                msg!("lint-url-link-text", text = link.text.trim()),
                msg!("lint-url-link-text-hint"),
            );
        } else if link.text.trim().is_empty() {
            self.push(
                Rule::EmptyLink,
                link.offset,
                pos,
                msg!("lint-empty-link", what = what),
                msg!("lint-empty-link-hint-image", what = what),
            );
        } else if !link.in_page && is_vague(&link.text) {
            self.push(
                Rule::VagueLinkText,
                link.offset,
                pos,
                msg!("lint-vague-link", text = link.text.trim()),
                msg!("lint-vague-link-hint"),
            );
        }
    }

    fn raw_html(&mut self, html: &str, offset: usize, pos: Position<'_>) {
        if html.contains("a11y-ok:") {
            let (line, _) = pos(offset + html.find("a11y-ok:").unwrap_or(0));
            for name in au::exception_marker(html) {
                self.exceptions.push((line, name.to_string()));
            }
        }
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
                        if let Some(d) = l.document.as_mut() {
                            d.3.push_str(&String::from_utf8_lossy(t));
                        }
                    }
                    continue;
                }
                Token::Tag(tag) => tag,
            };
            let at = base + tag.offset;
            if tag.closing {
                if self
                    .lang_open
                    .last()
                    .is_some_and(|n| n.as_bytes().eq_ignore_ascii_case(tag.name))
                {
                    self.lang_open.pop();
                }
            } else if tag.has_attrs() && tag.attr("lang").is_some() {
                if tag.is("span") || tag.is("a") || tag.is("em") || tag.is("i") || tag.is("q") {
                    // An inline mark: the block has its foreign words marked.
                    self.block.marked = true;
                } else if !matches!(tag.name, b"img" | b"br" | b"hr") {
                    self.lang_open
                        .push(String::from_utf8_lossy(tag.name).to_ascii_lowercase());
                }
            }
            if !tag.closing
                && tag.has_attrs()
                && let Some(id) = tag.attr("id").filter(|id| !id.is_empty())
            {
                let (line, column) = pos(at);
                self.out.lists_mut().ids.push(Located {
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
                        let mut text = String::new();
                        scan::decode_text(alt, &mut text);
                        if au::is_generic_alt(&text) {
                            self.push(
                                Rule::GenericAlt,
                                at,
                                pos,
                                msg!("lint-generic-alt", alt = format!("alt=\"{}\"", text.trim())),
                                msg!("lint-generic-alt-hint-html"),
                            );
                        } else if super::looks_like_file_name(&text) {
                            self.push(
                                Rule::ImageAlt,
                                at,
                                pos,
                                msg!(
                                    "lint-alt-file-name",
                                    alt = format!("alt=\"{}\"", text.trim())
                                ),
                                msg!("lint-alt-file-name-hint"),
                            );
                        }
                    }
                    None => self.push(
                        Rule::ImageAlt,
                        at,
                        pos,
                        msg!("lint-img-no-alt-attribute"),
                        msg!("lint-img-no-alt-attribute-hint"),
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
                        self.out.lists_mut().anchors.push(Located {
                            name: String::from_utf8_lossy(anchor).into(),
                            line,
                            column,
                        });
                    }
                    let document = tag
                        .attr("href")
                        .and_then(|h| au::document(&String::from_utf8_lossy(h)))
                        .map(|(n, w, l)| (n, w, l, String::new()));
                    self.link = Some(Link {
                        offset: at,
                        text: String::new(),
                        named,
                        in_page: tag.attr("href").is_some_and(|h| h.starts_with(b"#")),
                        button: tag.is("button"),
                        document,
                    });
                }
            } else if tag.is("table") {
                if tag.closing {
                    if let Some((start, false)) = self.tables.pop() {
                        self.push(
                            Rule::TableHeaders,
                            start,
                            pos,
                            msg!("lint-table-no-headers"),
                            msg!("lint-table-no-headers-hint"),
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
        message: Message,
        hint: Message,
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
        self.block = Block::default();
        let exceptions = std::mem::take(&mut self.exceptions);
        if !exceptions.is_empty() {
            // The found bits stay set, so the HTML pass does not report a kept exception.
            self.out.lists_mut().findings.retain(|f| {
                !exceptions.iter().any(|(line, name)| {
                    (*line == f.line || *line + 1 == f.line) && (name == f.rule.name())
                })
            });
        }
        if !self.out.lists().anchors.is_empty() {
            self.out
                .lists_mut()
                .anchors
                .retain(|a| !headings.contains_id(&a.name));
        }
        self.out.shrink();
        self.out
    }
}
