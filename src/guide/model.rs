//! The guide's data as the pages use it: levels of care, situations and their answers.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::error::Diagnostic;

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
    pub text: Option<String>,
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
    pub name: String,
    pub tag: String,
    pub text: String,
    pub when: Vec<String>,
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
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub text: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// One answer per band, in the order of [`Band::ALL`].
    Answers(Vec<Answer>),
    Question {
        text: String,
        choices: Vec<Choice>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Situation {
    pub id: String,
    pub title: String,
    pub text: Option<String>,
    pub danger: Vec<String>,
    pub body: Body,
}

impl Situation {
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
