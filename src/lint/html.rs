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
use crate::error::{Diagnostic, did_you_mean};
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
    message: String,
    hint: String,
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
    found: Vec<(Rule, String, String)>,
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
                        format!("a {what} with no text"),
                        format!("write what the {what} leads to or does"),
                    ));
                } else if !l.in_page && is_vague(&l.text) {
                    self.found.push((
                        Rule::VagueLinkText,
                        format!("vague link text `{}`", l.text.trim()),
                        "say where the link leads, or complete the text with a visually-hidden span".into(),
                    ));
                }
            }
        } else if tag.is("table") && self.tables.pop() == Some(false) {
            self.found.push((
                Rule::TableHeaders,
                "a table without header cells".into(),
                "mark the header row or column with `<th>`".into(),
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
                    "an `<img>` without an `alt` attribute".into(),
                    "describe the image in `alt=\"…\"`, or write `alt=\"\"` if it is decorative"
                        .into(),
                )),
            }
        } else if tag.is("html") && !self.seen_html {
            self.seen_html = true;
            if a.lang.is_none_or(|l| l.trim_ascii().is_empty()) {
                self.found.push((
                    Rule::HtmlLang,
                    "the page has no `lang` on `<html>`".into(),
                    "write `<html lang=\"{{ site.language }}\">`: screen readers choose their voice by it".into(),
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
                format!("heading level skipped: h{n} after h{}", self.level),
                format!(
                    "use an h{} here: headings go one level deeper at a time",
                    self.level + 1
                ),
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
                w.ids.extend(l.ids.iter().map(|x| x.name.as_bytes()));
                w.anchors
                    .extend(l.anchors.iter().map(|x| x.name.as_bytes()));
            }
            w.feed(&html[range.end..]);
        }
        None => w.feed(html),
    }
    let mut out = Vec::new();
    let raw = |rule: Rule, message: String, hint: String| Raw {
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
            if h1s == 0 {
                "the page has no h1".into()
            } else {
                format!("the page has {h1s} h1 headings")
            },
            "a page has one h1, its title; use h2 for its sections".into(),
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
            format!("the id `{name}` is used more than once on the page"),
            if heading {
                format!(
                    "the heading's id is taken by the template too; give the heading its own: `## Rubrik {{#{name}-1}}`"
                )
            } else {
                "ids must be unique: links, labels and screen readers find elements by them".into()
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
            Some(best) => format!("did you mean `#{best}`?"),
            None => "link to an id on the page, such as a heading's".into(),
        };
        let mut r = raw(
            Rule::MissingAnchor,
            format!("a link to `#{name}`, which is not on the page"),
            hint,
        );
        r.at = page.lint.and_then(|l| {
            l.anchors
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
    let mut by_template: BTreeMap<(PathBuf, Rule, String), Vec<Raw>> = BTreeMap::new();
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
        let on = if seen.len() == 1 {
            format!(
                "seen on {} ({})",
                first.url,
                crate::error::display_path(&first.source)
            )
        } else {
            format!(
                "seen on {} pages, first {} ({})",
                seen.len(),
                first.url,
                crate::error::display_path(&first.source)
            )
        };
        let hint = format!(
            "{}; {on}, made by this template or one it extends or includes",
            first.hint
        );
        diags.push(super::diagnostic(rule, template, message, hint, rules));
    }
    diags
}
