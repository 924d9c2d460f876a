//! Whether the output folder still holds exactly what the last build wrote, for that build's
//! inputs: then `vardlots build` has nothing to do. Kept apart from `staged` and `owned`
//! because it decides when *not* to build, and must never say "unchanged" when something is.
//!
//! What the last build read is summed up by the caller as a key (the inputs' fingerprint,
//! the options, the date, vardlots' own build); it is kept, with the build's warnings, in the
//! times file beside the output, next to the manifest hash it belongs to. The output is
//! unchanged when the manifest is the one those times were written for, every file it lists
//! is there with the length and modification time recorded, and no folder of the output
//! changed its modification time: adding, removing or renaming anything in a folder changes
//! the folder's time, so a file added by hand is noticed (and gets the full build's warning)
//! without listing the output's 10,000 folders (a `stat` each instead of an open, two
//! reads and a close).

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::ancestors;
use super::owned::{MANIFEST, Manifest, mtime_of, read_times, store_times, times_path};
use crate::error::{Diagnostic, Lang};

/// What the last build read and reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastBuild {
    /// What the build read and how (see `pipeline::build`).
    key: String,
    pub pages: usize,
    pub files: usize,
    /// Folders of the output that hold no file vardlots wrote (an owner's own), so that what
    /// is added in them is noticed too.
    foreign_folders: Vec<String>,
    /// xxh3 of every folder's path and modification time (see [`folder_times`]).
    folders: u64,
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
    let as_written = manifest.files.par_iter().all(|(rel, &(_, len))| {
        fs::symlink_metadata(output.join(rel)).is_ok_and(|meta| {
            meta.is_file() && meta.len() == len && times.files.get(rel) == Some(&mtime_of(&meta))
        })
    });
    let folders = folders_of(manifest.files.keys(), &last.foreign_folders);
    (as_written && folder_times(&output, &folders) == Some(last.folders)).then_some(last)
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
    let Some(all_folders) = all_folders(&output) else {
        return;
    };
    let ours = folders_of(times.files.keys(), &[]);
    let ours: HashSet<&str> = ours.iter().map(String::as_str).collect();
    let foreign_folders: Vec<String> = all_folders
        .into_iter()
        .filter(|d| !ours.contains(d.as_str()))
        .collect();
    let Some(folders) = folder_times(&output, &folders_of(times.files.keys(), &foreign_folders))
    else {
        return;
    };
    times.last_build = Some(LastBuild {
        key: key.to_string(),
        pages,
        files,
        foreign_folders,
        folders,
        warnings: warnings
            .iter()
            .map(|d| (d.render(Lang::Sv), d.render(Lang::En)))
            .collect(),
    });
    store_times(&path, &times);
}

/// The output's folders: its root (`""`), the folders of `files`, and `extra`; sorted.
fn folders_of<'a>(files: impl Iterator<Item = &'a String>, extra: &[String]) -> Vec<String> {
    let mut set: HashSet<&str> = HashSet::from([""]);
    for rel in files {
        set.extend(ancestors(rel));
    }
    set.extend(extra.iter().map(String::as_str));
    let mut folders: Vec<String> = set.into_iter().map(String::from).collect();
    folders.sort();
    folders
}

/// xxh3 of each folder's path and modification time; `None` when one is not a folder.
fn folder_times(output: &Path, folders: &[String]) -> Option<u64> {
    let times: Vec<u64> = folders
        .par_iter()
        .map(|d| {
            let meta = fs::symlink_metadata(output.join(d)).ok()?;
            meta.is_dir().then(|| mtime_of(&meta))
        })
        .collect::<Option<_>>()?;
    let mut bytes = Vec::with_capacity(folders.len() * 48);
    for (d, t) in folders.iter().zip(times) {
        bytes.extend_from_slice(d.as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&t.to_le_bytes());
    }
    Some(xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// Every folder below the output, by output path; `None` when the output cannot be listed.
fn all_folders(output: &Path) -> Option<Vec<String>> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            found.push(crate::source::slash(
                entry.path().strip_prefix(output).ok()?,
            ));
        }
    }
    Some(found)
}
