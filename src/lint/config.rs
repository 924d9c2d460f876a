//! `site.yaml`'s `accessibility:` key: the levels of the linter's rules, and the facts of the
//! accessibility statement (Tillgänglighetsredogörelse) that lag 2018:1937 asks for.
//!
//! Unknown keys are errors with a did-you-mean, as everywhere in `site.yaml`: each nested
//! struct denies unknown fields, which the YAML layer turns into located diagnostics.

use serde::{Deserialize, Serialize};

use super::Rule;
use crate::config::Config;
use crate::error::Diagnostic;

/// `site.yaml` as the linter reads it: its one field.
#[derive(Deserialize)]
struct Section {
    #[serde(default)]
    accessibility: Accessibility,
}

/// The theme's template for the accessibility statement.
pub const STATEMENT_TEMPLATE: &str = "tillganglighet.html";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// How far the site complies with the law: `fully`, `partially` or `not`.
    pub status: Option<Status>,
    /// Known content that is not accessible, and why; each a sentence for the statement.
    #[serde(default)]
    pub shortcomings: Vec<String>,
    /// How a resident reports a problem with the site's accessibility.
    #[serde(default)]
    pub report: Report,
    /// The date the statement was drawn up, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The date of the latest review, `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    /// Where to complain to the supervisory authority; Digg's form unless set.
    pub authority_url: Option<String>,
    #[serde(default)]
    pub rules: Rules,
}

/// Digg's form for reporting a public body's inaccessible website.
const DIGG_FORM: &str = "https://www.digg.se/tdosanmalan";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fully,
    Partially,
    Not,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    #[serde(default)]
    pub email: String,
    /// The number and when it is answered: `031-390 06 12, vardagar kl. 09.00–16.00`.
    #[serde(default)]
    pub phone: String,
    /// A web form.
    #[serde(default)]
    pub url: String,
}

/// A rule's level: `error` fails the build, `warning` is printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Error,
    Warning,
}

/// The level of each rule; one field per [`Rule`], so a misspelt rule is an unknown field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub image_alt: Level,
    #[serde(default)]
    pub heading_order: Level,
    #[serde(default)]
    pub single_h1: Level,
    #[serde(default)]
    pub empty_link: Level,
    #[serde(default)]
    pub vague_link_text: Level,
    #[serde(default)]
    pub table_headers: Level,
    #[serde(default)]
    pub duplicate_id: Level,
    #[serde(default)]
    pub html_lang: Level,
    #[serde(default)]
    pub missing_anchor: Level,
    #[serde(default)]
    pub generic_alt: Level,
    #[serde(default)]
    pub url_link_text: Level,
    #[serde(default)]
    pub empty_header_cell: Level,
    #[serde(default)]
    pub all_caps: Level,
    #[serde(default)]
    pub symbol_link_text: Level,
    #[serde(default)]
    pub document_link: Level,
    /// A heuristic, so a warning unless `site.yaml` raises it.
    #[serde(default = "warning")]
    pub language_mark: Level,
}

fn warning() -> Level {
    Level::Warning
}

impl Default for Rules {
    fn default() -> Self {
        // The same levels serde fills in for `rules: {}`, so it and no `rules:` agree.
        let e = Level::Error;
        Rules {
            image_alt: e,
            heading_order: e,
            single_h1: e,
            empty_link: e,
            vague_link_text: e,
            table_headers: e,
            duplicate_id: e,
            html_lang: e,
            missing_anchor: e,
            generic_alt: e,
            url_link_text: e,
            empty_header_cell: e,
            all_caps: e,
            symbol_link_text: e,
            document_link: e,
            language_mark: warning(),
        }
    }
}

impl Rules {
    pub fn level(&self, rule: Rule) -> Level {
        match rule {
            Rule::ImageAlt => self.image_alt,
            Rule::HeadingOrder => self.heading_order,
            Rule::SingleH1 => self.single_h1,
            Rule::EmptyLink => self.empty_link,
            Rule::VagueLinkText => self.vague_link_text,
            Rule::TableHeaders => self.table_headers,
            Rule::DuplicateId => self.duplicate_id,
            Rule::HtmlLang => self.html_lang,
            Rule::MissingAnchor => self.missing_anchor,
            Rule::GenericAlt => self.generic_alt,
            Rule::UrlLinkText => self.url_link_text,
            Rule::EmptyHeaderCell => self.empty_header_cell,
            Rule::AllCaps => self.all_caps,
            Rule::SymbolLinkText => self.symbol_link_text,
            Rule::DocumentLink => self.document_link,
            Rule::LanguageMark => self.language_mark,
        }
    }
}

/// The statement's facts as templates see them: `site.accessibility`.
#[derive(Debug, Clone, Serialize)]
pub struct StatementView<'a> {
    pub status: Option<Status>,
    pub shortcomings: &'a [String],
    pub report: &'a Report,
    pub date: Option<&'a str>,
    pub reviewed: Option<&'a str>,
    pub authority_url: &'a str,
}

impl Accessibility {
    pub fn view(&self) -> StatementView<'_> {
        StatementView {
            status: self.status,
            shortcomings: &self.shortcomings,
            report: &self.report,
            date: self.date.as_deref(),
            reviewed: self.reviewed.as_deref(),
            authority_url: self.authority_url.as_deref().unwrap_or(DIGG_FORM),
        }
    }

    /// The facts the law asks every statement for that `site.yaml` does not give: the
    /// compliance status and the statement's date.
    pub fn missing_facts(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.status.is_none() {
            missing.push("`status`");
        }
        if self.date.is_none() {
            missing.push("`date`");
        }
        missing
    }

    /// Reads and checks the `accessibility:` settings of `site.yaml`.
    pub fn read(config: &Config) -> Result<Accessibility, Vec<Diagnostic>> {
        let section: Section = config.section().map_err(|d| vec![d])?;
        let path = std::path::Path::new(crate::config::CONFIG_FILE);
        let diags: Vec<Diagnostic> = section
            .accessibility
            .validate(path)
            .into_iter()
            .map(|d| config.at("accessibility", d))
            .collect();
        if diags.is_empty() {
            Ok(section.accessibility)
        } else {
            Err(diags)
        }
    }

    /// Checks the dates; `field` names each for messages (`accessibility.date`).
    fn validate(&self, path: &std::path::Path) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (field, value) in [("date", &self.date), ("reviewed", &self.reviewed)] {
            if let Some(v) = value
                && v.parse::<jiff::civil::Date>().is_err()
            {
                diags.push(
                    Diagnostic::error(path, format!("`{v}` is not a date"))
                        .context(format!("site.yaml field `accessibility.{field}`"))
                        .hint("write the date as YYYY-MM-DD, e.g. `2026-11-22`"),
                );
            }
        }
        diags
    }
}
