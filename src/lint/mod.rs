//! The accessibility linter, run by `build` and `check` on every page.
//!
//! Rules run where the mistake can be located best. What an editor writes (images, headings,
//! link texts, tables) is checked while the Markdown is rendered ([`markdown`]), so a finding
//! names the Markdown file and line. What only the whole page shows (duplicate ids, `lang`,
//! one h1, in-page anchors, anything a template makes) is checked on each rendered output
//! file ([`html`]) and named after the page's source or the template that made it.
//!
//! Every rule is an error unless `site.yaml` lowers it:
//! `accessibility: { rules: { vague_link_text: warning } }`.

pub mod authoring;
pub mod config;
pub mod html;
pub mod markdown;
pub mod scan;

use crate::error::{Diagnostic, Message};

pub use config::{Accessibility, Level, Rules};

/// One accessibility rule. Its name is what `site.yaml` uses to set its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    ImageAlt,
    HeadingOrder,
    SingleH1,
    EmptyLink,
    VagueLinkText,
    TableHeaders,
    DuplicateId,
    HtmlLang,
    MissingAnchor,
    GenericAlt,
    UrlLinkText,
    EmptyHeaderCell,
    AllCaps,
    SymbolLinkText,
    DocumentLink,
    LanguageMark,
}

impl Rule {
    pub const ALL: [Rule; 16] = [
        Rule::ImageAlt,
        Rule::HeadingOrder,
        Rule::SingleH1,
        Rule::EmptyLink,
        Rule::VagueLinkText,
        Rule::TableHeaders,
        Rule::DuplicateId,
        Rule::HtmlLang,
        Rule::MissingAnchor,
        Rule::GenericAlt,
        Rule::UrlLinkText,
        Rule::EmptyHeaderCell,
        Rule::AllCaps,
        Rule::SymbolLinkText,
        Rule::DocumentLink,
        Rule::LanguageMark,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::ImageAlt => "image_alt",
            Rule::HeadingOrder => "heading_order",
            Rule::SingleH1 => "single_h1",
            Rule::EmptyLink => "empty_link",
            Rule::VagueLinkText => "vague_link_text",
            Rule::TableHeaders => "table_headers",
            Rule::DuplicateId => "duplicate_id",
            Rule::HtmlLang => "html_lang",
            Rule::MissingAnchor => "missing_anchor",
            Rule::GenericAlt => "generic_alt",
            Rule::UrlLinkText => "url_link_text",
            Rule::EmptyHeaderCell => "empty_header_cell",
            Rule::AllCaps => "all_caps",
            Rule::SymbolLinkText => "symbol_link_text",
            Rule::DocumentLink => "document_link",
            Rule::LanguageMark => "language_mark",
        }
    }

    fn bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// A finding before its severity is known: the rule, where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub line: u32,
    pub column: u32,
    pub message: Message,
    pub hint: Message,
}

impl Finding {
    /// The finding as a diagnostic in `path`, at the level `rules` gives its rule.
    pub fn into_diagnostic(self, path: &std::path::Path, rules: &Rules) -> Diagnostic {
        let mut d = diagnostic(self.rule, path, self.message, self.hint, rules);
        if self.line > 0 {
            d = d.at(self.line, self.column);
        }
        d
    }
}

/// A located rule finding, as the CLI prints it: the context names the rule, so an editor
/// knows what to write in `site.yaml` to lower it.
pub fn diagnostic(
    rule: Rule,
    path: impl Into<std::path::PathBuf>,
    message: Message,
    hint: Message,
    rules: &Rules,
) -> Diagnostic {
    let d = match rules.level(rule) {
        Level::Error => Diagnostic::error(path, message),
        Level::Warning => Diagnostic::warning(path, message),
    };
    d.context(crate::msg!("context-rule", rule = rule.name()))
        .hint(hint)
}

/// A place in a Markdown file, for HTML-level findings traced back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub name: Box<str>,
    pub line: u32,
    pub column: u32,
}

/// What the Markdown pass leaves for the HTML pass of the same page. Every page's lives to
/// the end of the build, and most pages have no findings, no unresolved in-page links and no
/// ids in raw HTML: those lists are boxed together ([`LintLists`]), one word on such a page
/// where they were nine.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLint {
    /// The rules the Markdown pass found, so the HTML pass does not report them again.
    found: u32,
    /// The line of each heading, in the order of the page's `Headings`.
    pub heading_lines: Vec<u32>,
    lists: Option<Box<LintLists>>,
}

/// The lists of a [`PageLint`] that most pages leave empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LintLists {
    /// Findings of the Markdown pass; taken by the pipeline, which knows their levels.
    pub findings: Vec<Finding>,
    /// In-page links (`#x`) whose target is not a heading of the page: the template may
    /// have it, so the HTML pass decides, and names this line if not.
    pub anchors: Vec<Located>,
    /// Ids written in raw HTML.
    pub ids: Vec<Located>,
}

impl PageLint {
    pub fn push(&mut self, f: Finding) {
        self.found |= f.rule.bit();
        self.lists_mut().findings.push(f);
    }

    /// The rules found, as bits for [`html::Page::skip`].
    pub fn found_bits(&self) -> u32 {
        self.found
    }

    pub fn found(&self, rule: Rule) -> bool {
        self.found & rule.bit() != 0
    }

    /// The findings, the in-page links left to the HTML pass and the raw HTML's ids.
    pub fn lists(&self) -> &LintLists {
        static NONE: LintLists = LintLists {
            findings: Vec::new(),
            anchors: Vec::new(),
            ids: Vec::new(),
        };
        self.lists.as_deref().unwrap_or(&NONE)
    }

    /// [`PageLint::lists`], to add to.
    pub fn lists_mut(&mut self) -> &mut LintLists {
        self.lists.get_or_insert_default()
    }

    /// Findings of the Markdown pass.
    pub fn findings(&self) -> &[Finding] {
        &self.lists().findings
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.lists.map(|l| l.findings).unwrap_or_default()
    }

    pub fn shrink(&mut self) {
        self.heading_lines.shrink_to_fit();
        if let Some(l) = &mut self.lists {
            l.findings.shrink_to_fit();
            l.anchors.shrink_to_fit();
            l.ids.shrink_to_fit();
        }
        if self.lists.as_deref() == Some(&LintLists::default()) {
            self.lists = None;
        }
    }
}

/// Link texts that say nothing about where a link leads, compared after trimming and
/// lower-casing. A link is fine when its accessible text (a visually-hidden span, an
/// `aria-label`) completes them.
pub const VAGUE_LINK_TEXTS: &[&str] = &[
    "klicka här",
    "klicka",
    "läs mer",
    "här",
    "mer",
    "länk",
    "click here",
    "read more",
    "here",
    "more",
    "link",
];

/// Link text kept for the checks: enough to tell an empty or vague text from any other. The
/// HTML pass reads every link of every page, and copying whole texts cost a tenth of a build.
pub const LINK_TEXT_KEPT: usize = 48;

/// Whether a link's text is one of [`VAGUE_LINK_TEXTS`]: whitespace collapsed, trailing
/// punctuation and arrows dropped, case ignored. Allocates nothing: it runs on every link.
pub fn is_vague(text: &str) -> bool {
    let trimmed = text
        .trim()
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | '…' | ':' | '!' | '›' | '»' | '→' | '>')
        })
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '›' | '»' | '→'));
    if trimmed.len() > 16 {
        return false;
    }
    // Lower-cased with its whitespace collapsed once, into a buffer on the stack, then
    // compared whole: matching each listed text word by word lower-cased every word again
    // for each of them, about 1,200 instructions a link (cachegrind), 3 % of a build.
    // Sixteen bytes lower-cased are at most 48 (no character grows more than threefold).
    let mut buf = [0u8; 48];
    let mut len = 0;
    let mut space = false;
    for c in trimmed.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        for l in c.to_lowercase() {
            if len + 5 > buf.len() {
                return false;
            }
            if space {
                buf[len] = b' ';
                len += 1;
                space = false;
            }
            len += l.encode_utf8(&mut buf[len..]).len();
        }
    }
    let normal = &buf[..len];
    VAGUE_LINK_TEXTS.iter().any(|v| v.as_bytes() == normal)
}

/// The alt text that marks an image as decorative: `![-](monster.png)` gives `alt=""`.
pub const DECORATIVE: &str = "-";

/// "IMG_2041.jpg", "bild.png", "DSC00012": what a camera or an upload named the file.
pub fn looks_like_file_name(alt: &str) -> bool {
    let lower = alt.trim().to_ascii_lowercase();
    let camera = [
        "img_",
        "img-",
        "dsc",
        "pxl_",
        "photo_",
        "screenshot",
        "skärmbild",
    ];
    let ext = [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".tif", ".tiff", ".svg",
    ];
    (!lower.contains(' ') && ext.iter().any(|e| lower.ends_with(e)))
        || camera
            .iter()
            .any(|c| lower.starts_with(c) && !lower.contains(' '))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_texts() {
        assert!(is_vague("  Läs  MER… "));
        assert!(is_vague("Klicka här"));
        assert!(is_vague("här"));
        assert!(!is_vague("Läs mer om helgöppna hälsocentraler"));
        assert!(!is_vague("Hermes"));
    }

    /// The one-pass comparison against the word-by-word one it replaced.
    #[test]
    fn vague_texts_as_word_by_word() {
        let naive = |text: &str| {
            let t = text
                .trim()
                .trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '.' | '…' | ':' | '!' | '›' | '»' | '→' | '>')
                })
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '›' | '»' | '→'));
            t.len() <= 16
                && VAGUE_LINK_TEXTS.iter().any(|v| {
                    let mut words = t.split_whitespace();
                    v.split(' ').all(|w| {
                        words
                            .next()
                            .is_some_and(|t| t.chars().flat_map(char::to_lowercase).eq(w.chars()))
                    }) && words.next().is_none()
                })
        };
        for text in [
            "KLICKA\n  HÄR!",
            "» Read\tmore »",
            "→ länk",
            "Länkar",
            "mer info",
            "HERE.",
            "here here",
            "İİİİİİİİ",
            "ẞẞẞẞẞ",
            "här\u{2003}",
            "",
            " ",
            "klicka  här …",
            "Klickahär",
        ] {
            assert_eq!(is_vague(text), naive(text), "{text:?}");
        }
    }

    #[test]
    fn rule_names_are_unique() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
    }
}
