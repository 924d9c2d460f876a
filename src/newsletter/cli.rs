//! `vardlots newsletter [ISSUE] [--out DIR]`: checks the whole site as `check` does, then
//! writes each issue's (or one issue's) `email.html`, `email.txt` and `issue.eml` to
//! `DIR/<slug>/`. `build` writes the same files beside the archive pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{DIR, EMAIL_HTML, EMAIL_TEXT, EML};
use crate::error::{Error, IoContext};
use crate::output::Sink;
use crate::pipeline::{Builder, Options, Report, Target};
use crate::source::Asset;

/// Keeps the newsletter's mail files, drops the rest of the site.
#[derive(Default)]
struct Collect {
    /// Issue folder (its slug) → file name → bytes.
    files: Mutex<BTreeMap<String, BTreeMap<String, Vec<u8>>>>,
}

impl Sink for Collect {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let Some(rest) = rel.strip_prefix(&format!("{DIR}/")) else {
            return Ok(());
        };
        let Some((slug, name)) = rest.rsplit_once('/') else {
            return Ok(());
        };
        if [EMAIL_HTML, EMAIL_TEXT, EML].contains(&name) {
            self.files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .entry(slug.to_string())
                .or_default()
                .insert(name.to_string(), bytes.to_vec());
        }
        Ok(())
    }
    fn copy(&self, _: &Asset) -> Result<(), Error> {
        Ok(())
    }
}

/// The issue number in a Message-ID made by [`super::email::message`].
fn number_of(eml: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(eml);
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("Message-ID: <nyhetsbrev-"))?;
    Some(id.split('.').next()?.to_string())
}

/// What was written: the report of the check, and each file with its size.
pub struct Written {
    pub report: Report,
    pub files: Vec<(PathBuf, usize)>,
}

/// Runs the command. `issue` is an issue's number, its slug (the last part of its address)
/// or its file (`content/nyhetsbrev/2025-12.md`).
pub fn run(opts: Options, issue: Option<&str>, out: &Path) -> Result<Written, Error> {
    let collect = Collect::default();
    let report = Builder::new(opts).build(Target::Sink(&collect), &[])?;
    let files = collect
        .files
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    let wanted: Vec<(&String, &BTreeMap<String, Vec<u8>>)> = match issue {
        None => files.iter().collect(),
        Some(want) => {
            let stem = Path::new(want)
                .file_stem()
                .map(|s| crate::slug::slugify(&s.to_string_lossy()))
                .unwrap_or_default();
            files
                .iter()
                .filter(|(slug, f)| {
                    *slug == want
                        || **slug == stem
                        || f.get(EML).and_then(|e| number_of(e)).as_deref() == Some(want)
                })
                .collect()
        }
    };
    if wanted.is_empty() {
        let known: Vec<&str> = files.keys().map(String::as_str).collect();
        return Err(Error::Refused {
            message: match issue {
                Some(i) => format!("there is no newsletter issue `{i}`"),
                None => format!("there are no newsletter issues in content/{DIR}/"),
            },
            hint: if known.is_empty() {
                format!(
                    "an issue is a Markdown file in content/{DIR}/ with `number`, `date`, `subject` and `preheader`"
                )
            } else {
                format!(
                    "name an issue by its number or one of: {}",
                    known.join(", ")
                )
            },
        });
    }
    let mut written = Vec::new();
    for (slug, f) in wanted {
        let dir = out.join(slug);
        std::fs::create_dir_all(&dir).at_path(&dir)?;
        for (name, bytes) in f {
            let path = dir.join(name);
            std::fs::write(&path, bytes).at_path(&path)?;
            written.push((path, bytes.len()));
        }
    }
    Ok(Written {
        report,
        files: written,
    })
}
