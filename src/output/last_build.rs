//! Whether the output folder still holds exactly what the last build wrote, for that build's
//! inputs: then `vardlots build` has nothing to do. Kept apart from `staged` and `owned`
//! because it decides when *not* to build, and must never say "unchanged" when something is.
//!
//! What the last build read is summed up by the caller as a key (the inputs' fingerprint,
//! the options, the date, vardlots' own build); it is kept, with the build's warnings, in the
//! times file beside the output, next to the manifest hash it belongs to. The output is
//! unchanged when the manifest is the one those times were written for, every file it lists
//! is there with the length and modification time recorded, and nothing else is in the
//! folder that was not there before (a file added by hand gets the full build's warning).

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::owned::{MANIFEST, Manifest, mtime_of, read_times, store_times, times_path};
use crate::error::{Diagnostic, Lang};

/// What the last build read and reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastBuild {
    /// What the build read and how (see `pipeline::build`).
    key: String,
    pub pages: usize,
    pub files: usize,
    /// Paths in the output that vardlots did not write, as they were after that build: still
    /// there is no change.
    foreign: Vec<String>,
    /// The build's warnings as they were shown, in Swedish and English, so that an editor who
    /// builds again still sees them.
    warnings: Vec<(String, String)>,
}

impl LastBuild {
    /// The last build's warnings, each rendered as the build printed it.
    pub fn warnings(&self, lang: Lang) -> impl Iterator<Item = &str> {
        self.warnings.iter().map(move |(sv, en)| match lang {
            Lang::Sv => sv.as_str(),
            Lang::En => en.as_str(),
        })
    }
}

/// The last build into `output`, when it read what `key` describes and the output is still
/// exactly what it wrote; `None` otherwise (and whenever anything cannot be read: a build
/// then finds out properly).
pub fn last_build(output: &Path, key: &str) -> Option<LastBuild> {
    let output = std::path::absolute(output).ok()?;
    let times = read_times(&times_path(&output)?)?;
    let last = times.last_build.filter(|l| l.key == key)?;
    let manifest_bytes = fs::read(output.join(MANIFEST)).ok()?;
    if xxhash_rust::xxh3::xxh3_64(&manifest_bytes) != times.manifest {
        return None;
    }
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes).ok()?;
    let foreign: HashSet<&str> = last.foreign.iter().map(String::as_str).collect();
    let entries = non_folders(&output)?;
    // Every file the manifest lists must be among them: each is checked and counted.
    let matched = entries
        .par_iter()
        .map(|(rel, path)| {
            let Some(&(_, len)) = manifest.files.get(rel) else {
                return foreign.contains(rel.as_str()).then_some(0);
            };
            let meta = fs::symlink_metadata(path).ok()?;
            let same = meta.is_file()
                && meta.len() == len
                && times.files.get(rel) == Some(&mtime_of(&meta));
            same.then_some(1)
        })
        .try_reduce(|| 0usize, |a, b| Some(a + b))?;
    (matched == manifest.files.len()).then_some(last)
}

/// Keeps, beside the output a build has just written, what it read (`key`) and reported;
/// with no key (its inputs were too fresh to vouch for), forgets any earlier build's, so
/// the next build runs in full. Only a shortcut for the next build: a failure is not an
/// error.
pub fn remember_build(
    output: &Path,
    key: Option<&str>,
    pages: usize,
    files: usize,
    warnings: &[Diagnostic],
) {
    let Ok(output) = std::path::absolute(output) else {
        return;
    };
    let Some(path) = times_path(&output) else {
        return;
    };
    let Some(mut times) = read_times(&path) else {
        return;
    };
    let manifest_hash = fs::read(output.join(MANIFEST))
        .ok()
        .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes));
    let Some(key) = key.filter(|_| manifest_hash == Some(times.manifest)) else {
        if times.last_build.take().is_some() {
            store_times(&path, &times);
        }
        return;
    };
    let Some(entries) = non_folders(&output) else {
        return;
    };
    let mut foreign: Vec<String> = entries
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| !times.files.contains_key(rel))
        .collect();
    foreign.sort();
    times.last_build = Some(LastBuild {
        key: key.to_string(),
        pages,
        files,
        foreign,
        warnings: warnings
            .iter()
            .map(|d| (d.render(Lang::Sv), d.render(Lang::En)))
            .collect(),
    });
    store_times(&path, &times);
}

/// Every entry of the output that is not a folder (files, links), by output path, without
/// the manifest; `None` when the folder cannot be listed.
fn non_folders(output: &Path) -> Option<Vec<(String, std::path::PathBuf)>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = crate::source::slash(entry.path().strip_prefix(output).ok()?);
        if entry.depth() == 1 && rel == MANIFEST {
            continue;
        }
        found.push((rel, entry.into_path()));
    }
    Some(found)
}
