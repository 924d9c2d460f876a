//! The guide's data as the pages use it: levels of care, situations and their answers.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::error::Diagnostic;
pub use crate::unit::Localized;

use super::bands::Band;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub text: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub phone: Option<String>,
    pub link: Option<Link>,
    pub text: Option<Localized>,
}

/// Where a level's hours come from, besides its `tider` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoursFrom {
    RegionOpening,
    RegionPhone,
    Units,
}

impl HoursFrom {
    pub(super) const ALL: [(&'static str, HoursFrom); 3] = [
        ("regionens_oppettider", HoursFrom::RegionOpening),
        ("regionens_telefontider", HoursFrom::RegionPhone),
        ("enheterna", HoursFrom::Units),
    ];
}

#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub id: String,
    /// Name, tag, text, examples and contact text may be translated; the rest is shown in
    /// the default language.
    pub name: Localized,
    pub tag: Localized,
    pub text: Localized,
    pub when: Vec<Localized>,
    /// (when not, the id of the level to turn to instead).
    pub when_not: Vec<(String, String)>,
    pub contact: Contact,
    pub hours_text: Option<String>,
    pub hours_from: Option<HoursFrom>,
    /// The level's units, by id: those of `enhetstyp`, then those named in `enheter`.
    pub units: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub level: String,
    pub text: Localized,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub text: Localized,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// One answer per band, in the order of [`Band::ALL`].
    Answers(Vec<Answer>),
    Question {
        text: Localized,
        choices: Vec<Choice>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    pub id: String,
    /// A situation is shown in the languages its title is translated into.
    pub title: Localized,
    pub text: Option<Localized>,
    pub danger: Vec<Localized>,
    pub body: Body,
}

impl Situation {
    /// Whether the situation has its page in the language `code` (the default language's
    /// code for the default language, whose text every situation has).
    pub fn in_language(&self, code: &str, default: &str) -> bool {
        code == default || self.title.in_language(code).1
    }

    pub fn answer(&self, band: Band) -> Option<&Answer> {
        match &self.body {
            Body::Answers(a) => a.get(band as usize),
            Body::Question { .. } => None,
        }
    }
}

/// Everything the site needs about the guide, with every finding.
#[derive(Debug, Clone)]
pub struct GuideData {
    /// The emergency level's id.
    pub emergency: String,
    pub levels: Vec<Level>,
    pub situations: Vec<Situation>,
    /// The files, relative to the site root, for messages about the generated pages.
    pub levels_path: PathBuf,
    pub situations_path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
}

impl GuideData {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.id == id)
    }

    pub fn situation(&self, id: &str) -> Option<&Situation> {
        self.situations.iter().find(|s| s.id == id)
    }

    /// Situations no follow-up question leads to, in file order: where residents start.
    pub fn entries(&self) -> Vec<&Situation> {
        let targets: HashSet<&str> = self
            .situations
            .iter()
            .flat_map(|s| match &s.body {
                Body::Question { choices, .. } => {
                    choices.iter().map(|c| c.target.as_str()).collect()
                }
                Body::Answers(_) => Vec::new(),
            })
            .collect();
        self.situations
            .iter()
            .filter(|s| !targets.contains(s.id.as_str()))
            .collect()
    }
}
