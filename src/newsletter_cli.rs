//! `vardlots newsletter [ISSUE] [--out DIR]`: checks the whole site as `check` does, then
//! writes each issue's (or one issue's) `email.html`, `email.txt` and `issue.eml` to
//! `DIR/<slug>/`. `build` writes the same files beside the archive pages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;
use crate::newsletter::email::Letter;
use crate::newsletter::{DIR, EMAIL_HTML, EMAIL_TEXT, EML};
use crate::output::{self, Sink};
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
    // The issues' numbers, by the folder of their files.
    let numbers: BTreeMap<&str, String> = report
        .issues
        .iter()
        .filter_map(|(dir, n)| {
            Some((
                dir.strip_prefix(&format!("{DIR}/"))?.trim_end_matches('/'),
                n.to_string(),
            ))
        })
        .collect();
    let files = collect
        .files
        .into_inner()
        .unwrap_or_else(|p| p.into_inner());
    let known: Vec<&str> = files.keys().map(String::as_str).collect();
    let wanted: Vec<(&String, &BTreeMap<String, Vec<u8>>)> = match issue {
        None => files.iter().collect(),
        Some(want) => files
            .iter()
            .filter(|(slug, _)| names(want, slug, &numbers))
            .collect(),
    };
    if wanted.is_empty() {
        return Err(no_issue(issue, &known));
    }
    let files: Vec<(&str, &str, &[u8])> = wanted
        .iter()
        .flat_map(|(slug, f)| {
            f.iter()
                .map(|(name, bytes)| (slug.as_str(), name.as_str(), bytes.as_slice()))
        })
        .collect();
    let files = output::write_files(out, &files)?;
    Ok(Written { report, files })
}

/// Whether `want` (a number, a slug or a file) names the issue whose folder is `slug`.
fn names(want: &str, slug: &str, numbers: &BTreeMap<&str, String>) -> bool {
    let stem = Path::new(want)
        .file_stem()
        .map(|s| crate::slug::slugify(&s.to_string_lossy()))
        .unwrap_or_default();
    slug == want || slug == stem || numbers.get(slug).map(String::as_str) == Some(want)
}

/// There is no such issue (or none at all): the issues there are, as a hint.
fn no_issue(issue: Option<&str>, known: &[&str]) -> Error {
    Error::Refused {
        message: match issue {
            Some(i) => crate::msg!("newsletter-no-issue", issue = i),
            None => crate::msg!("newsletter-no-issues", dir = DIR),
        },
        hint: if known.is_empty() {
            crate::msg!("newsletter-no-issues-hint", dir = DIR)
        } else {
            crate::msg!("newsletter-issues-known-hint", known = known.join(", "))
        },
    }
}

/// Checks the site as `check` does and returns the letter of one issue, ready to be
/// addressed (`newsletter send`, `newsletter export`), with the check's report.
pub fn letter(opts: Options, issue: &str) -> Result<(Report, Letter), Error> {
    let report = Builder::new(opts).build(Target::Sink(&Discard), &[])?;
    let slugs: Vec<(String, String)> = report
        .letters
        .iter()
        .map(|l| (slug(l).to_string(), l.number.to_string()))
        .collect();
    let numbers: BTreeMap<&str, String> =
        slugs.iter().map(|(s, n)| (s.as_str(), n.clone())).collect();
    let found = report
        .letters
        .iter()
        .find(|l| names(issue, slug(l), &numbers))
        .cloned();
    match found {
        Some(l) => Ok((report, l)),
        None => {
            let known: Vec<&str> = slugs.iter().map(|(s, _)| s.as_str()).collect();
            Err(no_issue(Some(issue), &known))
        }
    }
}

/// The folder of an issue's letter's files under `--out`: its slug.
pub fn slug(letter: &Letter) -> &str {
    letter
        .dir
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default()
}

/// A sink that keeps nothing: `send` and `export` need the report's letters only.
struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
    fn copy(&self, _: &Asset) -> Result<(), Error> {
        Ok(())
    }
}
