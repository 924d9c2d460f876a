//! `site.yaml`'s `accessibility:` key: the levels of the linter's rules, and the facts of the
//! accessibility statement (Tillgänglighetsredogörelse) that lag 2018:1937 asks for.
//!
//! Unknown keys are errors with a did-you-mean, as everywhere in `site.yaml`: each nested
//! struct denies unknown fields, which the YAML layer turns into located diagnostics.

use serde::{Deserialize, Serialize};

use super::Rule;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::msg;

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
    /// The public body behind the site, named first in the statement; the site's title
    /// unless set.
    pub organisation: Option<String>,
    /// Known content that is not accessible (lag 2018:1937 11 §): what, why, which WCAG
    /// success criterion and when it will be fixed. See [`Shortcoming`].
    #[serde(default)]
    pub shortcomings: Vec<Shortcoming>,
    /// Content left inaccessible because adapting it would be a disproportionate burden
    /// (12 §), each with its assessment.
    #[serde(default)]
    pub disproportionate_burden: Vec<Burden>,
    /// Content the law does not cover (9 §): one sentence each.
    #[serde(default)]
    pub out_of_scope: Vec<String>,
    /// Whether the compliance was assessed by the body itself or by someone else.
    pub assessment: Option<Assessment>,
    /// Who assessed it: the team or the firm.
    pub assessed_by: Option<String>,
    /// How it was assessed, a sentence or two for "Hur vi testat webbplatsen".
    pub method: Option<String>,
    /// The date the statement was last updated, `YYYY-MM-DD`; `date` unless set.
    pub updated: Option<String>,
    /// How a resident reports a problem with the site's accessibility.
    #[serde(default)]
    pub report: Report,
    /// The date the statement was drawn up, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The date of the latest assessment of the site, `YYYY-MM-DD`.
    pub reviewed: Option<String>,
    /// Where to complain to the supervisory authority; Digg's form unless set.
    pub authority_url: Option<String>,
    #[serde(default)]
    pub rules: Rules,
    /// Where `accessibility:` stands in site.yaml, for warnings made after reading.
    #[serde(skip)]
    at: Option<(u32, u32)>,
}

/// Digg's form for reporting a public body's inaccessible website.
const DIGG_FORM: &str = "https://www.digg.se/tdosanmalan";

/// One known shortcoming. The plain-string form (a sentence saying what is not accessible and
/// why, as before the detailed form existed) is still read, and counts as having its reason in
/// that sentence; the detailed form must give `reason`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Shortcoming {
    Sentence(String),
    Detailed(ShortcomingDetail),
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ShortcomingDetail {
    /// What is not accessible.
    pub text: String,
    /// Why it is not accessible (yet).
    #[serde(default)]
    pub reason: Option<String>,
    /// The WCAG success criteria it fails: `1.1.1 Icke-textuellt innehåll`.
    #[serde(default)]
    pub wcag: Vec<String>,
    /// When it is planned to be fixed, `YYYY-MM-DD`.
    #[serde(default)]
    pub fix_by: Option<String>,
}

impl Shortcoming {
    fn detail(&self) -> ShortcomingDetail {
        match self {
            Shortcoming::Sentence(text) => ShortcomingDetail {
                text: text.clone(),
                ..ShortcomingDetail::default()
            },
            Shortcoming::Detailed(d) => d.clone(),
        }
    }
}

/// Content exempted as a disproportionate burden (12 § lag 2018:1937).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Burden {
    pub text: String,
    /// Why adapting it would be disproportionate: the assessment's conclusion.
    pub reason: String,
    /// The date of that assessment, `YYYY-MM-DD`.
    pub assessed: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Assessment {
    /// A self-assessment (självskattning).
    Internal,
    /// A review by an outside party.
    External,
}

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
    pub organisation: Option<&'a str>,
    pub shortcomings: Vec<ShortcomingDetail>,
    pub disproportionate_burden: &'a [Burden],
    pub out_of_scope: &'a [String],
    pub assessment: Option<Assessment>,
    pub assessed_by: Option<&'a str>,
    pub method: Option<&'a str>,
    pub report: &'a Report,
    pub date: Option<&'a str>,
    /// The last update: `updated`, or `date` when the statement was never updated.
    pub updated: Option<&'a str>,
    pub reviewed: Option<&'a str>,
    pub authority_url: &'a str,
}

impl Accessibility {
    pub fn view(&self) -> StatementView<'_> {
        StatementView {
            status: self.status,
            organisation: self.organisation.as_deref(),
            shortcomings: self.shortcomings.iter().map(Shortcoming::detail).collect(),
            disproportionate_burden: &self.disproportionate_burden,
            out_of_scope: &self.out_of_scope,
            assessment: self.assessment,
            assessed_by: self.assessed_by.as_deref(),
            method: self.method.as_deref(),
            report: &self.report,
            date: self.date.as_deref(),
            updated: self.updated.as_deref().or(self.date.as_deref()),
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
            let mut a = section.accessibility;
            let probe = config.at("accessibility", Diagnostic::warning(path, ""));
            a.at = probe.line.zip(probe.column);
            Ok(a)
        } else {
            Err(diags)
        }
    }

    /// Checks the dates, and that each shortcoming says why; `field` names each for
    /// messages (`accessibility.date`).
    fn validate(&self, path: &std::path::Path) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut dates: Vec<(String, &str)> = Vec::new();
        for (field, value) in [
            ("date", &self.date),
            ("reviewed", &self.reviewed),
            ("updated", &self.updated),
        ] {
            if let Some(v) = value {
                dates.push((field.to_string(), v));
            }
        }
        for (i, s) in self.shortcomings.iter().enumerate() {
            let Shortcoming::Detailed(d) = s else {
                continue;
            };
            if let Some(v) = &d.fix_by {
                dates.push((format!("shortcomings[{i}].fix_by"), v));
            }
            if d.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                diags.push(
                    Diagnostic::error(path, msg!("statement-no-reason", text = d.text.as_str()))
                        .context(msg!(
                            "context-field",
                            what = "site",
                            field = format!("accessibility.shortcomings[{i}]")
                        ))
                        .hint(msg!("statement-no-reason-hint")),
                );
            }
        }
        for (i, b) in self.disproportionate_burden.iter().enumerate() {
            dates.push((
                format!("disproportionate_burden[{i}].assessed"),
                &b.assessed,
            ));
        }
        for (field, v) in dates {
            if v.parse::<jiff::civil::Date>().is_err() {
                diags.push(
                    Diagnostic::error(path, msg!("not-a-date", value = v))
                        .context(msg!(
                            "context-field",
                            what = "site",
                            field = format!("accessibility.{field}")
                        ))
                        .hint(msg!("unit-date-hint")),
                );
            }
        }
        if self.assessment == Some(Assessment::External)
            && self
                .assessed_by
                .as_deref()
                .is_none_or(|b| b.trim().is_empty())
        {
            diags.push(
                Diagnostic::error(path, msg!("statement-no-assessor"))
                    .context(msg!(
                        "context-field",
                        what = "site",
                        field = "accessibility.assessment"
                    ))
                    .hint(msg!("statement-no-assessor-hint")),
            );
        }
        diags
    }

    /// Warnings for a statement older than a year on `build_date`: its latest assessment
    /// (`reviewed`) and its last update (`updated`, else `date`). The law asks for a
    /// statement kept up to date; Digg's manual asks for a yearly review.
    pub fn stale(&self, build_date: jiff::civil::Date) -> Vec<Diagnostic> {
        use jiff::ToSpan;
        let path = std::path::Path::new(crate::config::CONFIG_FILE);
        let updated = self.updated.as_ref().map(|u| ("updated", u));
        let checks = [
            self.reviewed.as_ref().map(|r| ("reviewed", r)),
            updated.or(self.date.as_ref().map(|d| ("date", d))),
        ];
        checks
            .into_iter()
            .flatten()
            .filter_map(|(field, v)| {
                let date = v.parse::<jiff::civil::Date>().ok()?;
                let due = date.checked_add(1.year()).ok()?;
                (due < build_date).then(|| {
                    let mut d = Diagnostic::warning(
                        path,
                        msg!(
                            "statement-stale",
                            field = field,
                            date = date.to_string(),
                            today = build_date.to_string()
                        ),
                    )
                    .context(msg!(
                        "context-field",
                        what = "site",
                        field = format!("accessibility.{field}")
                    ))
                    .hint(msg!("statement-stale-hint", field = field));
                    if let Some((l, c)) = self.at {
                        d = d.at(l, c);
                    }
                    d
                })
            })
            .collect()
    }
}
