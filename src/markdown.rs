//! Markdown to HTML with pulldown-cmark, plus what a site needs on top: heading ids with
//! Swedish-safe slugs and anchor links, internal `@/path.md#anchor` links, `rel="noopener"`
//! on external links, summaries at `<!-- more -->`, and a refusal of `<script>` unless the
//! site allows it.
//!
//! A page's HTML depends on nothing but its own file: an internal link's href is written as a
//! placeholder, `NUL target NUL` (CommonMark never lets a NUL through from the source), and
//! [`fill_placeholders`] swaps in the real URL in each finished output file. So each file
//! is read, rendered and dropped in one parallel pass, its HTML is stored once, never copied
//! to patch links, and a rendered page can be cached by its own content alone.
//!
//! Over 600 lines on purpose: one pass over pulldown-cmark's events renders, collects links,
//! images and headings and feeds the linter; its state is one machine. A quarter is tests.

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::Path;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options as CmarkOptions, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::error::Diagnostic;
use crate::lint::DECORATIVE;
use crate::outline::Headings;

/// What stands in an `href` until [`fill_links`] replaces it.
pub const LINK_PLACEHOLDER: char = '\0';

#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub allow_scripts: bool,
    /// `https://host` of the site, so links to it are not treated as external.
    pub site_origin: &'a str,
    /// The accessible name of a table's scroll container.
    pub table_label: &'a str,
    /// The site's language (`sv`): the linter looks for unmarked passages in another one.
    pub language: &'a str,
}

/// An internal `@/` link, in document order, to be resolved against the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// What stands between the two NULs of its placeholder.
    pub key: String,
    /// The content path: `nyheter/a.md`.
    pub target: String,
    pub anchor: Option<String>,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub summary: Option<String>,
    pub headings: Headings,
    /// Every internal link of the page, in order.
    pub links: Vec<InternalLink>,
    /// Every local image of the page, in order.
    pub images: Vec<ImageRef>,
    pub word_count: usize,
    /// The accessibility linter's findings and what it leaves for the page's HTML pass.
    pub lint: crate::lint::PageLint,
}

/// A local image in Markdown, whose `<img>` attributes are filled in once it is processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// What stands between the two NULs of its placeholder: `!img:` (or `!img1:` for the
    /// page's first image, which is not lazy-loaded) and the path.
    pub key: String,
    /// The image as a content path (`nyheter/a/bild.jpg`) or a site path (`/bild.jpg`).
    pub path: String,
    pub line: u32,
    pub column: u32,
}

/// A heading being read: its level, explicit id, where its (already transformed) events start
/// in the output, whether it holds a link, and its `{lang=…}`.
type OpenHeading = (HeadingLevel, Option<String>, usize, bool, Option<String>);

/// The marker that ends a page's summary.
pub const MORE_MARKER: &str = "<!-- more -->";

pub fn render(
    body: &str,
    body_line: u32,
    file: &Path,
    opts: &Options<'_>,
) -> (Rendered, Vec<Diagnostic>) {
    render_parts(body, body_line, file, opts, Parts::All)
}

/// What [`render_parts`] makes: a build that releases a page's HTML once parsed (see
/// `page::Content::release`) needs everything but the HTML when it parses the page, and only
/// the HTML when it writes it. Each is a full pass less of what the other needs: the linter
/// alone was a third of the Markdown time on the 10,000-page benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parts {
    All,
    /// Everything but `html` (left empty).
    AllButHtml,
    /// `html` only; the linter does not run and `lint` is empty.
    Html,
}

/// [`render`], making only `parts`; what it makes is what `render` makes.
pub fn render_parts(
    body: &str,
    body_line: u32,
    file: &Path,
    opts: &Options<'_>,
    parts: Parts,
) -> (Rendered, Vec<Diagnostic>) {
    let cm = cmark_options();
    // No smart punctuation: it makes English quotes (“…”), and Swedish uses ”…”.

    let body = without_placeholders(body);
    let body = body.as_ref();
    let mut lines = LineIndex::new(body, body_line);
    let mut diags = Vec::new();
    // About one event for every 20 bytes of the generated sites' Markdown: grown by doubling
    // from empty, the list was copied eight times a page (0.7 % of a build's instructions).
    let mut out: Vec<Event<'_>> = Vec::with_capacity(body.len() / 16);
    let mut headings = Headings::default();
    let mut ids: HashSet<String> = HashSet::new();
    let mut internal = Vec::new();
    let mut images: Vec<ImageRef> = Vec::new();
    // The image being read: its start in `out`, source, title, position.
    let mut image: Option<(usize, String, String, u32, u32)> = None;
    let mut word_count = 0;
    let mut in_word = false;
    let mut more_at = None;
    // The heading being read: its level, explicit id, where its (already transformed) events
    // start in `out`, and whether it holds a link.
    let mut heading: Option<OpenHeading> = None;
    let mut lint =
        (parts != Parts::Html).then(|| crate::lint::markdown::MarkdownLint::new(opts.language));
    // The paragraph being read: where its events start in `out`.
    let mut paragraph: Option<usize> = None;
    // A `Tabell: …` paragraph just ended: its start in `out`, where it ended, its text.
    let mut caption: Option<(usize, usize, String)> = None;
    // What names a table's scroll region when it has no caption: the last heading's title.
    let mut last_heading: Option<String> = None;
    let mut table_labels: HashSet<String> = HashSet::new();

    for (event, range) in Parser::new_ext(body, cm).into_offset_iter() {
        if let Some(lint) = lint.as_mut() {
            lint.event(&event, range.start, &mut |o| lines.position(o));
        }
        match event {
            Event::Start(Tag::Heading {
                level, id, attrs, ..
            }) => {
                let lang = attrs
                    .iter()
                    .find(|(k, _)| k.as_ref() == "lang")
                    .and_then(|(_, v)| v.as_ref().map(|v| v.to_string()));
                heading = Some((level, id.map(|i| i.to_string()), out.len(), false, lang));
            }
            Event::End(TagEnd::Heading(_)) => {
                in_word = false;
                let Some((level, explicit, start, has_link, lang)) = heading.take() else {
                    continue;
                };
                let inner: Vec<Event<'_>> = out.drain(start..).collect();
                let title = plain_text(&inner);
                let base = explicit.unwrap_or_else(|| {
                    let s = crate::slug::slugify(&title);
                    if s.is_empty() {
                        "rubrik".to_string()
                    } else {
                        s
                    }
                });
                let mut id = base.clone();
                let mut n = 1;
                while !ids.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                let lvl = level as u8;
                // The heading's text links to the heading (as on MDN): a keyboard and screen
                // reader user can reach it, unlike a hidden "#". Not when the heading holds a
                // link already: links cannot nest.
                let linked = !has_link;
                let id_attr = attr(&id);
                let lang_attr = lang
                    .map(|l| format!(" lang=\"{}\"", attr(&l)))
                    .unwrap_or_default();
                let open = if linked {
                    format!(
                        "<h{lvl} id=\"{id_attr}\"{lang_attr}><a class=\"heading-link\" href=\"#{id_attr}\">"
                    )
                } else {
                    format!("<h{lvl} id=\"{id_attr}\"{lang_attr}>")
                };
                out.push(Event::Html(open.into()));
                out.extend(inner);
                let close = if linked {
                    format!("</a></h{lvl}>\n")
                } else {
                    format!("</h{lvl}>\n")
                };
                out.push(Event::Html(close.into()));
                headings.push(lvl, &id, &title);
                last_heading = Some(title);
            }
            Event::Start(Tag::Paragraph) => {
                paragraph = Some(out.len());
                out.push(event);
            }
            Event::End(TagEnd::Paragraph) => {
                in_word = false;
                let start = paragraph.take();
                if let Some(start) = start
                    && let Some(lang) = strip_lang_mark(&mut out[start + 1..])
                {
                    out[start] = Event::Html(format!("<p lang=\"{}\">", attr(&lang)).into());
                    out.push(Event::Html("</p>\n".into()));
                    continue;
                }
                out.push(event);
                if let Some(start) = start
                    && let Some(text) = caption_text(&out[start + 1..out.len() - 1])
                {
                    caption = Some((start, out.len(), text));
                }
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let (line, column) = lines.position(range.start);
                if let Some(h) = heading.as_mut() {
                    h.3 = true;
                }
                let mut tag = String::from("<a href=\"");
                let mut external = false;
                if let Some(target) = dest_url.strip_prefix("@/") {
                    let (path, anchor) = match target.split_once('#') {
                        Some((p, a)) => (p, Some(a.to_string())),
                        None => (target, None),
                    };
                    let key = link_key(target, opts.language);
                    tag.push(LINK_PLACEHOLDER);
                    tag.push_str(&key);
                    tag.push(LINK_PLACEHOLDER);
                    internal.push(InternalLink {
                        key,
                        target: path.to_string(),
                        anchor,
                        line,
                        column,
                    });
                } else {
                    external = is_external(&dest_url, opts.site_origin);
                    let _ = escape_href(&mut tag, &dest_url);
                }
                tag.push('"');
                if !title.is_empty() {
                    tag.push_str(" title=\"");
                    tag.push_str(&attr(&title));
                    tag.push('"');
                }
                if external {
                    tag.push_str(" rel=\"noopener\"");
                }
                tag.push('>');
                out.push(Event::Html(tag.into()));
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let (line, column) = lines.position(range.start);
                image = Some((
                    out.len(),
                    dest_url.to_string(),
                    title.to_string(),
                    line,
                    column,
                ));
            }
            Event::End(TagEnd::Image) => {
                let Some((start, src, title, line, column)) = image.take() else {
                    continue;
                };
                let inner: Vec<Event<'_>> = out.drain(start..).collect();
                let alt = plain_text(&inner);
                // Missing and file-name alt texts are the accessibility linter's to report
                // (rule `image_alt`, whose severity site.yaml can set).
                let alt_attr = if alt == DECORATIVE {
                    String::new()
                } else {
                    attr(&alt)
                };
                // A local image may become a <picture> (with a WebP source) around its <img>:
                // both are placeholders until the image is processed.
                let mut tag = String::new();
                let local = local_image(file, &src);
                let placeholder = |tag: &mut String, key: &str| {
                    tag.push(LINK_PLACEHOLDER);
                    tag.push_str(key);
                    tag.push(LINK_PLACEHOLDER);
                };
                if let Some(path) = &local {
                    placeholder(&mut tag, &format!("!pic:{path}"));
                }
                tag.push_str("<img ");
                match &local {
                    Some(path) => {
                        let key =
                            format!("!img{}:{path}", if images.is_empty() { "1" } else { "" });
                        placeholder(&mut tag, &key);
                        images.push(ImageRef {
                            key,
                            path: path.clone(),
                            line,
                            column,
                        });
                    }
                    None => {
                        tag.push_str("src=\"");
                        tag.push_str(&href(&src));
                        tag.push('"');
                    }
                }
                tag.push_str(&format!(" alt=\"{alt_attr}\""));
                if !title.is_empty() {
                    tag.push_str(&format!(" title=\"{}\"", attr(&title)));
                }
                tag.push('>');
                if let Some(path) = &local {
                    placeholder(&mut tag, &format!("!/pic:{path}"));
                }
                out.push(Event::Html(tag.into()));
            }
            Event::End(TagEnd::Link) => {
                out.push(Event::Html("</a>".into()));
            }
            Event::Start(Tag::Table(alignments)) => {
                // A `Tabell: …` paragraph right before the table is its caption.
                let caption = caption
                    .take()
                    .filter(|(start, end, _)| {
                        *end == out.len() && more_at.is_none_or(|m| m <= *start)
                    })
                    .map(|(start, _, text)| {
                        out.truncate(start);
                        text
                    });
                let name = caption.as_deref().or(last_heading.as_deref());
                let label = unique_label(opts.table_label, name, &mut table_labels);
                out.push(Event::Html(
                    format!(
                        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">",
                        attr(&label)
                    )
                    .into(),
                ));
                out.push(Event::Start(Tag::Table(alignments)));
                if let Some(c) = caption {
                    out.push(Event::Html(
                        format!("<caption>{}</caption>", attr(&c)).into(),
                    ));
                }
            }
            Event::End(TagEnd::Table) => {
                out.push(Event::End(TagEnd::Table));
                out.push(Event::Html("</div>\n".into()));
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if html.trim() == MORE_MARKER && more_at.is_none() {
                    more_at = Some(out.len());
                    continue;
                }
                if !opts.allow_scripts && contains_script(html) {
                    let (line, column) = lines.position(range.start);
                    diags.push(
                        Diagnostic::error(file, crate::msg!("markdown-script"))
                            .at(line, column)
                            .context(crate::msg!("context-html"))
                            .hint(crate::msg!("markdown-script-hint")),
                    );
                    continue;
                }
                out.push(event);
            }
            Event::Text(ref t) => {
                word_count += count_words(t, &mut in_word);
                out.push(event);
            }
            Event::End(
                TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition,
            )
            | Event::SoftBreak
            | Event::HardBreak => {
                in_word = false;
                out.push(event);
            }
            other => out.push(other),
        }
    }

    let summary = more_at.map(|at| {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, out[..at].iter().cloned());
        s
    });
    let mut html = String::new();
    if parts != Parts::AllButHtml {
        html.reserve(body.len() + body.len() / 4);
        pulldown_cmark::html::push_html(&mut html, out.into_iter());
    }
    let lint = lint.map(|l| l.finish(&headings)).unwrap_or_default();
    headings.shrink();
    // Kept until every page is rendered; growth slack would be a third of the site's size.
    html.shrink_to_fit();
    // Kept with the model to the end of the build: a page's few links grown by doubling
    // left a third of their 104-byte slots empty (about 10 MB at 100,000 pages).
    internal.shrink_to_fit();
    images.shrink_to_fit();
    (
        Rendered {
            html,
            summary,
            headings,
            links: internal,
            images,
            word_count,
            lint,
        },
        diags,
    )
}

/// The body with any NUL made U+FFFD, as CommonMark would: done first, it keeps the link
/// placeholder unique even inside raw HTML.
pub fn without_placeholders(body: &str) -> Cow<'_, str> {
    if body.contains(LINK_PLACEHOLDER) {
        Cow::Owned(body.replace(LINK_PLACEHOLDER, "\u{fffd}"))
    } else {
        Cow::Borrowed(body)
    }
}

/// Replaces every link placeholder in `text` with the href `resolve` gives for its key
/// (`#` for an unknown one); borrows when there is nothing to replace.
pub fn fill_placeholders<'t, 'r>(
    text: &'t str,
    resolve: impl Fn(&str) -> Option<Cow<'r, str>>,
) -> Cow<'t, str> {
    match fill_placeholders_bytes(text.as_bytes(), resolve) {
        Cow::Borrowed(_) => Cow::Borrowed(text),
        // Whole UTF-8 text with UTF-8 pieces swapped at ASCII NULs is UTF-8.
        Cow::Owned(bytes) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// [`fill_placeholders`] on rendered bytes, as they go to the output.
pub fn fill_placeholders_bytes<'t, 'r>(
    bytes: &'t [u8],
    resolve: impl Fn(&str) -> Option<Cow<'r, str>>,
) -> Cow<'t, [u8]> {
    let mut nuls = memchr::memchr_iter(0, bytes);
    let Some(first) = nuls.next() else {
        return Cow::Borrowed(bytes);
    };
    // memchr over the 160 MB of a 10,000-page site's output: splitting byte by byte took
    // 3 % of the whole build.
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..first]);
    let mut start = first + 1;
    while let Some(end) = nuls.next() {
        let href = std::str::from_utf8(&bytes[start..end])
            .ok()
            .and_then(&resolve);
        out.extend_from_slice(href.as_deref().unwrap_or("#").as_bytes());
        let next = nuls.next().unwrap_or(bytes.len());
        out.extend_from_slice(&bytes[end + 1..next]);
        start = next + 1;
    }
    if start <= bytes.len() {
        // A placeholder never closed (only hand-made text can have one): an inert link.
        out.extend_from_slice(b"#");
    }
    Cow::Owned(out)
}

/// A local image's path: relative to the Markdown file's folder, as a content path, or a
/// site path (`/bild.jpg`, a static file); `None` for remote and data URLs.
fn local_image(file: &Path, src: &str) -> Option<String> {
    if src.contains("://") || src.starts_with("//") || src.starts_with("data:") || src.is_empty() {
        return None;
    }
    let src = src.split(['?', '#']).next().unwrap_or(src);
    if let Some(site_path) = src.strip_prefix('/') {
        return Some(format!("/{site_path}"));
    }
    // The file is `content/<dir>/<name>.md`; the image is relative to `<dir>`.
    let mut parts: Vec<String> = file
        .parent()
        .map(|d| {
            d.components()
                .skip(1)
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    for seg in src.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    Some(parts.join("/"))
}

/// The Markdown dialect of the site, the same for its pages and the newsletter's email.
pub fn cmark_options() -> CmarkOptions {
    let mut cm = CmarkOptions::empty();
    cm.insert(CmarkOptions::ENABLE_TABLES);
    cm.insert(CmarkOptions::ENABLE_FOOTNOTES);
    cm.insert(CmarkOptions::ENABLE_STRIKETHROUGH);
    cm.insert(CmarkOptions::ENABLE_TASKLISTS);
    cm.insert(CmarkOptions::ENABLE_HEADING_ATTRIBUTES);
    cm
}

/// A link placeholder's key: the escaped `target#anchor`, and for a link without an anchor
/// also the page's language after a space (which the escaping never leaves): such a link
/// leads to the target's translation in that language, so `@/kontakt.md` on a Swedish and an
/// English page are two links, not one. `target` is what follows `@/`, with its `#anchor`
/// if it has one.
pub fn link_key(target: &str, language: &str) -> String {
    let mut key = href(target);
    if !target.contains('#') {
        key.push(' ');
        key.push_str(language);
    }
    key
}

/// An href as it goes into an attribute.
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let _ = escape_href(&mut out, url);
    out
}

/// Removes a `{lang=xx}` mark from the end of a paragraph's events and returns its language.
fn strip_lang_mark(events: &mut [Event<'_>]) -> Option<String> {
    let (i, text) = events.iter().enumerate().rev().find_map(|(i, e)| match e {
        Event::Text(t) => Some((i, t.clone())),
        _ => None,
    })?;
    // Only when nothing but line breaks follows the text.
    if events[i + 1..]
        .iter()
        .any(|e| !matches!(e, Event::SoftBreak | Event::HardBreak))
    {
        return None;
    }
    let (lang, before) = crate::lint::authoring::lang_mark(&text)?;
    let lang = lang.to_string();
    let alone = before.trim().is_empty();
    events[i] = Event::Text(before.trim_end().to_string().into());
    let from = if alone { i.saturating_sub(1) } else { i };
    for e in &mut events[from..] {
        if matches!(e, Event::SoftBreak | Event::HardBreak) {
            *e = Event::Text("".into());
        }
    }
    Some(lang)
}

/// The words that start a table caption paragraph, in the site's languages.
const CAPTION_PREFIXES: &[&str] = &["Tabell:", "Table:"];

/// The caption a paragraph of only `Tabell: …` gives the table that follows it.
fn caption_text(events: &[Event<'_>]) -> Option<String> {
    // Read only a paragraph that starts so: this runs on every paragraph.
    let starts = matches!(events.first(), Some(Event::Text(t))
        if CAPTION_PREFIXES.iter().any(|p| t.starts_with(p)));
    if !starts || !events.iter().all(|e| matches!(e, Event::Text(_))) {
        return None;
    }
    let text = plain_text(events);
    CAPTION_PREFIXES
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The accessible name of a table's scroll region: its caption or the heading above it, then
/// the theme's word for a scrolling table; numbered when another region has the same name.
fn unique_label(base: &str, name: Option<&str>, used: &mut HashSet<String>) -> String {
    let first = match name {
        Some(n) if !n.is_empty() => format!("{n} – {base}"),
        _ => base.to_string(),
    };
    let mut label = first.clone();
    let mut n = 2;
    while !used.insert(label.clone()) {
        label = format!("{first} ({n})");
        n += 1;
    }
    label
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

fn contains_script(html: &CowStr<'_>) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.contains("<script") || lower.contains("javascript:")
}

fn is_external(url: &str, site_origin: &str) -> bool {
    (url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//"))
        && !(url.starts_with(site_origin)
            && matches!(
                url.as_bytes().get(site_origin.len()),
                None | Some(b'/' | b'?' | b'#')
            ))
}

/// Escapes text for an HTML attribute value.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = escape_html(&mut out, s);
    out
}

/// Words starting in a text run: starts of runs of non-space bytes, with `in_word` carried
/// across runs so that `*fler*.` is one word. ASCII spacing is what separates words in the
/// site's text; Unicode-aware splitting cost a tenth of the whole build.
fn count_words(text: &str, in_word: &mut bool) -> usize {
    // Eight bytes are read as one number: each byte's "is ASCII space" in its top bit, a
    // word starting where a byte that is no space follows one that is. A byte at a time was
    // 2.4 % of a build's instructions (cachegrind, 1,000 pages). Only a chunk with a control
    // byte (a line break, mostly) is read a byte at a time, as 0x20 is the only space found
    // by a comparison.
    use crate::swar::{HIGH, within};
    let bytes = text.as_bytes();
    let mut words = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        // Bytes from 0x80 up are no space: masked off, then left out.
        let low = w & !HIGH;
        let at_most_space = within(low, 0, b' ') & !w;
        let control = within(low, 0, 0x1F) & !w;
        if control != 0 {
            words += count_words_bytewise(chunk, in_word);
            continue;
        }
        let space = at_most_space;
        let before = (space << 8) | u64::from(!*in_word) << 7;
        words += (!space & before & HIGH).count_ones() as usize;
        *in_word = space >> 63 == 0;
    }
    words + count_words_bytewise(chunks.remainder(), in_word)
}

fn count_words_bytewise(bytes: &[u8], in_word: &mut bool) -> usize {
    let mut words = 0;
    for &b in bytes {
        let space = b.is_ascii_whitespace();
        if !space && !*in_word {
            words += 1;
        }
        *in_word = !space;
    }
    words
}

/// Maps byte offsets in the body to 1-based file lines and columns. Offsets are asked for in
/// document order and only for links and findings, so it counts lines lazily from the last
/// answer instead of indexing every line of every page.
struct LineIndex<'a> {
    text: &'a str,
    first_line: u32,
    /// The last offset asked for, its line (0-based) and the offset that line starts at.
    cursor: (usize, u32, usize),
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str, first_line: u32) -> Self {
        LineIndex {
            text,
            first_line,
            cursor: (0, 0, 0),
        }
    }

    fn position(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let (from, mut line, mut start) = if offset >= self.cursor.0 {
            self.cursor
        } else {
            (0, 0, 0)
        };
        // memchr: the linter asks for every heading's line, so this reads every page once.
        let between = &self.text.as_bytes()[from..offset];
        if let Some(last) = memchr::memrchr(b'\n', between) {
            line += memchr::memchr_iter(b'\n', between).count() as u32;
            start = from + last + 1;
        }
        self.cursor = (offset, line, start);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count())
            + 1;
        (self.first_line + line, col as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let opts = Options {
            allow_scripts: false,
            site_origin: "https://vard.example.se",
            table_label: "Tabell",
            language: "sv",
        };
        render(body, 5, Path::new("content/x.md"), &opts)
    }

    #[test]
    fn headings_get_swedish_ids_and_anchors() {
        let (out, _) = r("## Öppettider i helgen\n\n## Öppettider i helgen\n");
        assert!(out.html.contains("<h2 id=\"oppettider-i-helgen\"><a class=\"heading-link\" href=\"#oppettider-i-helgen\">Öppettider i helgen</a></h2>"), "{}", out.html);
        assert!(out.html.contains("id=\"oppettider-i-helgen-1\""));
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id).collect();
        assert_eq!(ids, ["oppettider-i-helgen", "oppettider-i-helgen-1"]);
        assert_eq!(
            out.headings.iter().next().map(|h| (h.level, h.title)),
            Some((2, "Öppettider i helgen"))
        );
        let (out, _) = r("## Se [1177](https://www.1177.se/) {#se}\n");
        assert!(
            out.html.contains(
                "<h2 id=\"se\">Se <a href=\"https://www.1177.se/\" rel=\"noopener\">1177</a></h2>"
            ),
            "{}",
            out.html
        );
    }

    #[test]
    fn internal_links_become_placeholders_filled_later() {
        let (out, _) = r("Se [nyheten](@/nyheter/a.md#rubrik).\n\nOch [den](@/b.md).\n");
        assert_eq!(out.links.len(), 2);
        assert_eq!(out.links[0].anchor.as_deref(), Some("rubrik"));
        assert_eq!((out.links[1].line, out.links[1].column), (7, 5));
        let html = fill_placeholders(&out.html, |k| match k {
            "nyheter/a.md#rubrik" => Some("/nyheter/a/#rubrik".into()),
            // Without an anchor, the page's language picks the translation.
            "b.md sv" => Some("/b/".into()),
            _ => None,
        });
        assert!(
            html.contains("<a href=\"/nyheter/a/#rubrik\">nyheten</a>"),
            "{html}"
        );
        assert!(html.contains("<a href=\"/b/\">den</a>"));
    }

    #[test]
    fn placeholders_fill_at_every_position() {
        let r = |k: &str| (k == "a").then_some(Cow::Borrowed("/A/"));
        assert_eq!(fill_placeholders("x\0a\0y\0b\0z", r), "x/A/y#z");
        assert_eq!(fill_placeholders("\0a\0", r), "/A/");
        assert_eq!(fill_placeholders("x\0a", r), "x#");
        assert_eq!(fill_placeholders("utan", r), "utan");
    }

    #[test]
    fn nul_in_the_source_cannot_forge_a_placeholder() {
        let (out, _) = r("a\0b <span>\0</span>\n");
        assert!(!out.html.contains(LINK_PLACEHOLDER));
    }

    #[test]
    fn external_links_get_noopener() {
        let (out, _) = r("[1177](https://www.1177.se/) och [hem](https://vard.example.se/om/)");
        assert!(
            out.html
                .contains("<a href=\"https://www.1177.se/\" rel=\"noopener\">1177</a>")
        );
        assert!(
            out.html
                .contains("<a href=\"https://vard.example.se/om/\">hem</a>")
        );
    }

    #[test]
    fn words_are_counted() {
        assert_eq!(count_words("  Hej  på\tdig\n", &mut false), 3);
        assert_eq!(count_words("", &mut false), 0);
        let bytewise = |t: &str, w: &mut bool| count_words_bytewise(t.as_bytes(), w);
        let texts = [
            "Hej på dig, här är en text med fler ord än åtta bytes.",
            "  två  mellanslag\ti rad\noch radbrytning\r\n   slut ",
            "ord\u{1}ord\u{b}ord\u{c}ord\u{1f}ord\u{7f}ord",
            "ååååååååå ääääääää öööööö",
            "12345678 9abcdefgh        x",
            "\u{a0}nbsp\u{2003}em",
        ];
        for t in texts {
            for pad in 0..9 {
                let t = format!("{}{t}", "x ".repeat(pad));
                for start in [false, true] {
                    let (mut a, mut b) = (start, start);
                    assert_eq!(count_words(&t, &mut a), bytewise(&t, &mut b), "{t:?}");
                    assert_eq!(a, b, "{t:?}");
                }
            }
        }
        let (out, _) = r("## Två ord\n\nTre ord här, och *fler*.\n");
        assert_eq!(out.word_count, 7);
    }

    #[test]
    fn quotes_stay_as_typed() {
        let (out, _) = r("Hon sa ”hej” och \"hallå\".\n");
        assert!(out.html.contains("”hej”"));
        assert!(out.html.contains("\"hallå\""));
    }

    #[test]
    fn images_need_alt_text_and_get_placeholders() {
        let (out, diags) = r(
            "![Entrén med ramp](bild.jpg)\n\n![-](/monster.png)\n\n![](tom.jpg)\n\n![IMG_2041.jpg](b.jpg)\n\n![Karta](https://example.se/k.png)\n",
        );
        assert_eq!(out.images.len(), 4);
        assert_eq!(out.images[0].key, "!img1:bild.jpg");
        assert_eq!(out.images[1].path, "/monster.png");
        assert!(
            out.html
                .contains("<img \0!img1:bild.jpg\0 alt=\"Entrén med ramp\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<img \0!img:/monster.png\0 alt=\"\">\0!/pic:/monster.png\0")
        );
        assert!(
            out.html
                .contains("<img src=\"https://example.se/k.png\" alt=\"Karta\">")
        );
        assert!(diags.is_empty(), "alt texts are the linter's to check");
        let found: Vec<(u32, String)> = out
            .lint
            .findings()
            .iter()
            .map(|f| (f.line, f.message.render(crate::i18n::Lang::En)))
            .collect();
        assert_eq!(
            found,
            [
                (9, "an image without alt text".to_string()),
                (
                    11,
                    "the alt text is a file name: `IMG_2041.jpg`".to_string()
                )
            ]
        );
    }

    #[test]
    fn image_paths_resolve_against_the_page_folder() {
        assert_eq!(
            local_image(Path::new("content/nyheter/a/index.md"), "bild.jpg").as_deref(),
            Some("nyheter/a/bild.jpg")
        );
        assert_eq!(
            local_image(Path::new("content/nyheter/a.md"), "../bilder/b.png").as_deref(),
            Some("bilder/b.png")
        );
        assert_eq!(local_image(Path::new("content/a.md"), "../../x.png"), None);
        assert_eq!(
            local_image(Path::new("content/a.md"), "/static.png").as_deref(),
            Some("/static.png")
        );
    }

    #[test]
    fn scripts_are_refused() {
        let (out, diags) = r("Text\n\n<script>alert(1)</script>\n");
        assert!(!out.html.contains("<script"));
        assert_eq!(diags[0].line, Some(7));
        assert_eq!(diags[0].message.id(), Some("markdown-script"));
    }

    #[test]
    fn summary_ends_at_more_marker() {
        let (out, _) = r("Första stycket.\n\n<!-- more -->\n\nResten.\n");
        assert_eq!(out.summary.as_deref(), Some("<p>Första stycket.</p>\n"));
        assert!(out.html.contains("Resten."));
        assert!(!out.html.contains("more"));
    }

    #[test]
    fn a_caption_paragraph_cut_by_the_summary_marker_stays_a_paragraph() {
        let (out, _) = r("Tabell: Tider\n\n<!-- more -->\n\n| a |\n|---|\n| 1 |\n");
        assert_eq!(out.summary.as_deref(), Some("<p>Tabell: Tider</p>\n"));
        assert!(!out.html.contains("<caption>"), "{}", out.html);
    }

    #[test]
    fn a_lang_mark_inside_a_paragraph_is_text() {
        let (out, _) = r("Skriv {lang=en} så här.\n");
        assert!(
            out.html.contains("<p>Skriv {lang=en} så här.</p>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn tables_footnotes_tasks_strikethrough() {
        let (out, _) =
            r("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n[^1]: Not.\n\n- [x] klar\n");
        // Without a caption or a heading above it, the region has the theme's word alone.
        assert!(out.html.contains(
            "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"Tabell\"><table>"
        ));
        assert!(out.html.contains("<th>a</th>"));
        assert!(out.html.contains("<del>x</del>"));
        assert!(out.html.contains("footnote"));
        assert!(out.html.contains("checkbox"));
    }
}
