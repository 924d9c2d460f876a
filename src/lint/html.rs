//! The rules only a whole rendered page can be checked against: one h1, duplicate ids, `lang`
//! on `<html>`, in-page links to ids that exist; and the Markdown rules again, for markup the
//! templates made.
//!
//! A finding is traced back as far as it goes: an id or anchor the Markdown wrote names its
//! line; anything else came from a template and is reported once against the template file,
//! with the pages it was seen on, however many pages show it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::scan::{self, Token};
use super::{PageLint, Rule, Rules, is_vague};
use crate::error::{Diagnostic, Message, did_you_mean};
use crate::msg;
use crate::outline::Headings;

/// What the HTML pass knows about the output file it checks.
pub struct Page<'a> {
    /// The Markdown pass of the page, when the file shows one.
    pub lint: Option<&'a PageLint>,
    pub headings: Option<&'a Headings>,
    /// Rules already reported on the Markdown this file shows (its own and, on a listing,
    /// its pages'): not reported again.
    pub skip: u32,
    /// The page's source file, for messages: `content/a.md`.
    pub source: &'a Path,
    /// Its URL path, for messages.
    pub url: &'a str,
    /// The template that rendered it.
    pub template: &'a Path,
}

/// An HTML-level finding before it is located and leveled.
#[derive(Debug, Clone)]
pub struct Raw {
    rule: Rule,
    message: Message,
    hint: Message,
    /// A line in the page's Markdown, when the finding is traced there.
    at: Option<(PathBuf, u32, u32)>,
    template: PathBuf,
    url: String,
    source: PathBuf,
}

struct Link {
    text: String,
    /// Named by `aria-label` or `aria-labelledby`, not by its text.
    named: bool,
    /// An in-page link (a table of contents, a heading's own link) has the text of the
    /// heading it leads to, so a short text such as a heading `Läs mer` is not vague there.
    in_page: bool,
    button: bool,
}

/// The attributes of a tag that the rules read.
#[derive(Default)]
struct Attrs<'a> {
    id: Option<&'a [u8]>,
    href: Option<&'a [u8]>,
    alt: Option<&'a [u8]>,
    lang: Option<&'a [u8]>,
    /// It has a non-empty `aria-label` or `aria-labelledby`.
    named: bool,
}

/// The state of one page's scan, carried across the parts of the page it reads.
struct Walk<'a> {
    ids: Vec<&'a [u8]>,
    anchors: Vec<&'a [u8]>,
    seen_html: bool,
    h1s: usize,
    level: u8,
    link: Option<Link>,
    tables: Vec<bool>,
    /// (rule, message, hint) of what the template parts break.
    found: Vec<(Rule, Message, Message)>,
}

impl<'a> Walk<'a> {
    fn feed(&mut self, html: &'a [u8]) {
        for token in scan::tokens(html) {
            match token {
                Token::Text(t) => {
                    if let Some(l) = self.link.as_mut() {
                        scan::decode_text(t, &mut l.text);
                    }
                }
                Token::Tag(tag) if tag.closing => self.close(&tag),
                Token::Tag(tag) => self.open(&tag),
            }
        }
    }

    fn close(&mut self, tag: &scan::Tag<'a>) {
        if tag.is("a") || tag.is("button") {
            if let Some(l) = self.link.take().filter(|l| !l.named) {
                let what = if l.button { "button" } else { "link" };
                if l.text.trim().is_empty() {
                    self.found.push((
                        Rule::EmptyLink,
                        msg!("lint-empty-link", what = what),
                        msg!("lint-empty-link-hint", what = what),
                    ));
                } else if !l.in_page && is_vague(&l.text) {
                    self.found.push((
                        Rule::VagueLinkText,
                        msg!("lint-vague-link", text = l.text.trim()),
                        msg!("lint-vague-link-hint-template"),
                    ));
                }
            }
        } else if tag.is("table") && self.tables.pop() == Some(false) {
            self.found.push((
                Rule::TableHeaders,
                msg!("lint-table-no-headers"),
                msg!("lint-table-no-headers-hint-template"),
            ));
        }
    }

    fn open(&mut self, tag: &scan::Tag<'a>) {
        // One pass over the attributes: most tags have none, links have several.
        let mut a = Attrs::default();
        if tag.has_attrs() {
            for (name, value) in tag.attrs() {
                let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
                if is("id") {
                    a.id = Some(value);
                } else if is("href") {
                    a.href = Some(value);
                } else if is("alt") {
                    a.alt = Some(value);
                } else if is("lang") {
                    a.lang = Some(value);
                } else if is("aria-label") || is("aria-labelledby") {
                    a.named |= !value.trim_ascii().is_empty();
                }
            }
        }
        if let Some(id) = a.id {
            self.ids.push(id);
        }
        if let Some(n) = tag.heading_level() {
            self.heading(n);
        } else if tag.is("a") || tag.is("button") {
            if let Some(anchor) = a.href.and_then(|h| h.strip_prefix(b"#")) {
                self.anchors.push(anchor);
            }
            if a.href.is_some() || tag.is("button") {
                self.link = Some(Link {
                    text: String::new(),
                    named: a.named,
                    in_page: a.href.is_some_and(|h| h.starts_with(b"#")),
                    button: tag.is("button"),
                });
            }
        } else if tag.is("img") {
            match a.alt {
                Some(alt) => {
                    if let Some(l) = self.link.as_mut() {
                        scan::decode_text(alt, &mut l.text);
                    }
                }
                None => self.found.push((
                    Rule::ImageAlt,
                    msg!("lint-img-no-alt-attribute"),
                    msg!("lint-img-no-alt-attribute-hint-template"),
                )),
            }
        } else if tag.is("html") && !self.seen_html {
            self.seen_html = true;
            if a.lang.is_none_or(|l| l.trim_ascii().is_empty()) {
                self.found.push((
                    Rule::HtmlLang,
                    msg!("lint-html-lang"),
                    msg!("lint-html-lang-hint"),
                ));
            }
        } else if tag.is("table") {
            self.tables.push(false);
        } else if tag.is("th")
            && let Some(t) = self.tables.last_mut()
        {
            *t = true;
        }
    }

    fn heading(&mut self, n: u8) {
        if n == 1 {
            self.h1s += 1;
        }
        if self.level > 0 && n > self.level + 1 {
            self.found.push((
                Rule::HeadingOrder,
                msg!("lint-heading-skipped", level = n, prev = self.level),
                msg!("lint-heading-skipped-hint-template", level = self.level + 1),
            ));
        }
        self.level = n;
    }
}

/// Where the page's own Markdown HTML stands in the output, if the template shows it whole.
/// That part was checked when the Markdown was rendered, and what the HTML rules need of it
/// (its ids and in-page links) the Markdown pass kept; skipping it makes the HTML pass read a
/// quarter of each page.
fn content_range(html: &[u8], content: &[u8]) -> Option<std::ops::Range<usize>> {
    if content.len() < 64 {
        return None;
    }
    memchr::memmem::find_iter(html, &content[..64])
        .find(|&at| html[at..].starts_with(content))
        .map(|at| at..at + content.len())
}

/// Checks one rendered page; `content` is the page's own Markdown HTML, as stored.
pub fn check(html: &[u8], content: Option<&[u8]>, page: &Page<'_>) -> Vec<Raw> {
    let mut w = Walk {
        ids: Vec::new(),
        anchors: Vec::new(),
        seen_html: false,
        h1s: 0,
        level: 0,
        link: None,
        tables: Vec::new(),
        found: Vec::new(),
    };
    match content.and_then(|c| content_range(html, c)) {
        Some(range) => {
            w.feed(&html[..range.start]);
            // The content's ids are its headings' and those its raw HTML wrote.
            if let Some(h) = page.headings {
                w.ids.extend(h.iter().map(|h| h.id.as_bytes()));
                if let Some(last) = h.iter().last() {
                    w.level = last.level;
                }
            }
            if let Some(l) = page.lint {
                w.ids
                    .extend(l.lists().ids.iter().map(|x| x.name.as_bytes()));
                w.anchors
                    .extend(l.lists().anchors.iter().map(|x| x.name.as_bytes()));
            }
            w.feed(&html[range.end..]);
        }
        None => w.feed(html),
    }
    let mut out = Vec::new();
    let raw = |rule: Rule, message: Message, hint: Message| Raw {
        rule,
        message,
        hint,
        at: None,
        template: page.template.to_path_buf(),
        url: page.url.to_string(),
        source: page.source.to_path_buf(),
    };
    for (rule, message, hint) in std::mem::take(&mut w.found) {
        if page.skip & rule.bit() == 0 {
            out.push(raw(rule, message, hint));
        }
    }
    let Walk {
        mut ids,
        mut anchors,
        seen_html,
        h1s,
        ..
    } = w;
    // Only whole documents have one h1; a fragment (none has `<html>`) is not checked.
    if seen_html && h1s != 1 && page.skip & Rule::SingleH1.bit() == 0 {
        out.push(raw(
            Rule::SingleH1,
            msg!("lint-h1-count", count = h1s),
            msg!("lint-h1-count-hint"),
        ));
    }

    ids.sort_unstable();
    let mut dups: Vec<&[u8]> = ids
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    dups.dedup();
    for id in dups {
        let name = String::from_utf8_lossy(id);
        let (line, heading) = content_line_of_id(page, &name);
        let mut r = raw(
            Rule::DuplicateId,
            msg!("lint-duplicate-id", id = name.as_ref()),
            if heading {
                msg!("lint-duplicate-id-heading-hint", id = name.as_ref())
            } else {
                msg!("lint-duplicate-id-hint")
            },
        );
        r.at = line.map(|(l, c)| (page.source.to_path_buf(), l, c));
        if page.skip & Rule::DuplicateId.bit() == 0 || r.at.is_some() {
            out.push(r);
        }
    }

    anchors.sort_unstable();
    anchors.dedup();
    for a in anchors {
        // `#` and `#top` lead to the top of the page without any id.
        if a.is_empty() || a.eq_ignore_ascii_case(b"top") || ids.binary_search(&a).is_ok() {
            continue;
        }
        let name = String::from_utf8_lossy(a);
        let known: Vec<String> = ids
            .iter()
            .map(|i| String::from_utf8_lossy(i).into_owned())
            .collect();
        let hint = match did_you_mean(&name, known.iter().map(String::as_str)) {
            Some(best) => msg!("lint-missing-anchor-did-you-mean", id = best),
            None => msg!("lint-missing-anchor-hint"),
        };
        let mut r = raw(
            Rule::MissingAnchor,
            msg!("lint-missing-anchor", id = name.as_ref()),
            hint,
        );
        r.at = page.lint.and_then(|l| {
            l.lists()
                .anchors
                .iter()
                .find(|x| *x.name == *name)
                .map(|x| (page.source.to_path_buf(), x.line, x.column))
        });
        out.push(r);
    }
    out
}

/// Where the page's Markdown gave an element the id `name`: a heading's line, or raw HTML's
/// line and column; and whether it was a heading.
fn content_line_of_id(page: &Page<'_>, name: &str) -> (Option<(u32, u32)>, bool) {
    let Some(lint) = page.lint else {
        return (None, false);
    };
    if let Some(h) = page.headings
        && let Some(i) = h.iter().position(|h| h.id == name)
        && let Some(&line) = lint.heading_lines.get(i)
    {
        return (Some((line, 1)), true);
    }
    let raw = lint
        .lists()
        .ids
        .iter()
        .find(|x| *x.name == *name)
        .map(|x| (x.line, x.column));
    (raw, false)
}

/// The findings of every page as diagnostics: a finding traced to Markdown at its line, and
/// one seen on many pages once, against its template.
pub fn report(raw: Vec<Raw>, rules: &Rules) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut by_template: BTreeMap<(PathBuf, Rule, Message), Vec<Raw>> = BTreeMap::new();
    for r in raw {
        match r.at.clone() {
            Some((path, line, column)) => diags
                .push(super::diagnostic(r.rule, path, r.message, r.hint, rules).at(line, column)),
            None => by_template
                .entry((r.template.clone(), r.rule, r.message.clone()))
                .or_default()
                .push(r),
        }
    }
    for ((template, rule, message), mut seen) in by_template {
        seen.sort_by(|a, b| a.url.cmp(&b.url));
        let first = &seen[0];
        let hint = msg!(
            "lint-seen-on",
            hint = first.hint.clone(),
            count = seen.len(),
            url = first.url.as_str(),
            source = first.source.as_path()
        );
        diags.push(super::diagnostic(rule, template, message, hint, rules));
    }
    diags
}
