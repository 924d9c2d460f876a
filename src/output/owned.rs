//! Which files of an output folder are vardlots' own, kept in a file of its own because
//! these rules decide what vardlots may delete, and are read and reviewed on their own.
//!
//! Ownership is by file, not by folder. An output folder is often a deploy folder that
//! holds other things too (`.htpasswd`, another app), so vardlots removes or replaces only
//! the files its manifest lists *and* that still have the bytes it wrote (length and
//! modification time first, kept beside the output; the hash when the time differs).
//! Everything else is carried into the new output unchanged (hard links, links as links)
//! and named in a warning; when the new site needs the place of such a file, the build is
//! refused before the output is touched. A folder whose manifest matches none of its files
//! is not vardlots', and a non-empty folder that is not vardlots' is refused.
//!

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ancestors, count_files, list};
use crate::error::{Error, IoContext, Message, display_path};

/// The name of the manifest that records the files vardlots wrote into an output folder.
pub const MANIFEST: &str = ".vardlots-manifest.json";

/// The name of a staging folder's journal: every file vardlots writes into the folder is
/// listed here (hash, length, path) before it is written, so that what a killed build left
/// behind can be told from anything else.
pub(super) const JOURNAL: &str = ".vardlots-staged";

/// What vardlots recorded about a file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rec {
    /// xxh3 of the bytes.
    pub(super) hash: u64,
    pub(super) len: u64,
    /// Modification time in nanoseconds since 1970, so that an unchanged file is recognised
    /// without reading it; 0 when unknown.
    pub(super) mtime: u64,
}

/// The manifest, in the output: path → (xxh3 of the bytes, length). It holds no times, so
/// that two builds of the same sources give the same bytes.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Manifest {
    #[serde(default)]
    pub(super) generator: String,
    pub(super) files: std::collections::BTreeMap<String, (u64, u64)>,
}

/// The modification times of the output's files, kept beside the output (not in it, where
/// they would make the output differ from build to build). Only a shortcut: a file whose
/// time does not match is hashed, and times recorded for another manifest are ignored.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Times {
    /// xxh3 of the manifest these times belong to.
    pub(super) manifest: u64,
    /// Output path → modification time in nanoseconds since 1970.
    pub(super) files: std::collections::BTreeMap<String, u64>,
    /// What the build that wrote this output read and reported, so that the next build can
    /// tell it has nothing to do (see `last_build`). Dropped whenever the times are
    /// written anew: only the build that just finished may vouch for its output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) last_build: Option<super::last_build::LastBuild>,
}

/// Where the times of the output folder `output` (an absolute path) are kept: beside it.
pub(super) fn times_path(output: &Path) -> Option<std::path::PathBuf> {
    let name = output.file_name()?.to_string_lossy();
    let parent = output.parent().unwrap_or(Path::new("/"));
    Some(parent.join(format!(".{name}.vardlots-times.json")))
}

/// The times kept at `path`, if they parse.
pub(super) fn read_times(path: &Path) -> Option<Times> {
    let bytes = fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A manifest's records, and its bytes.
type Recorded = (HashMap<String, Rec>, Vec<u8>);

/// The manifest of `dir` as records with the times kept at `times`; `None` when there is
/// no manifest or it does not parse.
fn read_recs(dir: &Path, times: Option<&Path>) -> Result<Option<Recorded>, Error> {
    let path = dir.join(MANIFEST);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    let Ok(manifest) = serde_json::from_slice::<Manifest>(&bytes) else {
        return Ok(None);
    };
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
    let times = times
        .and_then(read_times)
        .filter(|t| t.manifest == hash)
        .unwrap_or_default();
    let recs = manifest
        .files
        .into_iter()
        .map(|(rel, (hash, len))| {
            let mtime = times.files.get(&rel).copied().unwrap_or(0);
            (rel, Rec { hash, len, mtime })
        })
        .collect();
    Ok(Some((recs, bytes)))
}

/// Writes the times of a freshly written manifest, replacing the old ones in one step. A
/// failure only costs the next build some hashing, so it is not an error.
pub(super) fn write_times(path: &Path, manifest_hash: u64, files: &[(&str, u64)]) {
    /// [`Times`] as written without the last build: the same JSON.
    #[derive(Serialize)]
    struct Written<'a> {
        manifest: u64,
        #[serde(serialize_with = "sorted_map")]
        files: &'a [(&'a str, u64)],
    }
    store_times(
        path,
        &Written {
            manifest: manifest_hash,
            files,
        },
    );
}

/// Replaces the times at `path` in one step; a failure is not an error (see `write_times`).
pub(super) fn store_times(path: &Path, times: &impl Serialize) {
    let Ok(json) = serde_json::to_vec(times) else {
        return;
    };
    let tmp = path.with_extension("tmp");
    if fs::write(&tmp, json).is_ok() {
        let _ = fs::rename(&tmp, path);
    }
}

/// A manifest as a build writes it: the JSON of [`Manifest`], from the names of the build's
/// record sorted once (as a `BTreeMap` orders them), not copied into a map of new strings
/// (200,000 of them and the map's nodes at the end of a 100,000-page build).
#[derive(Serialize)]
pub(super) struct ManifestOut<'a> {
    pub(super) generator: &'a str,
    #[serde(serialize_with = "sorted_map")]
    pub(super) files: &'a [(&'a str, (u64, u64))],
}

/// Writes `entries`, sorted by name with no name twice, as a map.
fn sorted_map<S: serde::Serializer, V: Serialize>(
    entries: &&[(&str, V)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(entries.iter().map(|(k, v)| (k, v)))
}

/// A file or folder of the output that vardlots may not delete or overwrite.
#[derive(Debug, Clone)]
pub(super) struct Foreign {
    pub(super) rel: String,
    pub(super) kind: ForeignKind,
    /// vardlots wrote it, but its bytes changed since.
    pub(super) changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ForeignKind {
    File,
    Link,
    /// A folder holding nothing of vardlots' (empty, or only foreign files).
    Dir,
}

/// The old output, sorted into what is vardlots' own and what is not.
#[derive(Debug, Default)]
pub(super) struct Old {
    /// Files vardlots wrote that still have the bytes it wrote, with their time now.
    pub(super) ours: HashMap<String, Rec>,
    pub(super) foreign: Vec<Foreign>,
    /// Some file's time differed from the one recorded (it had to be hashed).
    pub(super) stale_times: bool,
    /// The manifest's hash, to tell whether the times beside the output belong to it (not
    /// its bytes: 14 MB at 100,000 pages, held through the whole build).
    pub(super) manifest_hash: u64,
}

/// A path below `dir` as output paths are written: relative, with `/`.
fn rel_of(dir: &Path, path: &Path) -> String {
    crate::source::slash(path.strip_prefix(dir).unwrap_or(path))
}

pub(super) fn mtime_of(meta: &fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as u64)
}

fn hash_of(path: &Path) -> Option<u64> {
    fs::read(path)
        .ok()
        .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
}

/// True when a file still has the bytes recorded for it: same length and modification
/// time (nothing is read), or, when only the time differs, the same hash.
fn still_has(path: &Path, meta: &fs::Metadata, rec: &Rec) -> bool {
    meta.is_file()
        && meta.len() == rec.len
        && (mtime_of(meta) == rec.mtime || hash_of(path) == Some(rec.hash))
}

/// Sorts an existing output folder into vardlots' files and everything else.
///
/// A folder is vardlots' only if its manifest parses and at least one file it lists is
/// still there with the bytes vardlots wrote; a manifest that matches nothing (`{}`, or one
/// copied into a folder of other files) claims nothing, and such a folder is refused like
/// any folder without a manifest. Files are compared by length and modification time
/// first, so an unchanged 10,000-file output is not read; a file whose time differs is
/// hashed.
pub(super) fn scan(output: &Path, times: &Path) -> Result<Old, Error> {
    let manifest = read_recs(output, Some(times))?;
    let has_manifest = manifest.is_some();
    let (recs, manifest_bytes) = manifest.unwrap_or_default();
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(output).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_path_buf();
            Error::io(
                path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot read")),
            )
        })?;
        let rel = rel_of(output, entry.path());
        if entry.depth() == 1 && (rel == MANIFEST || rel == JOURNAL) {
            continue;
        }
        // The listing's own type: a folder needs no `lstat`.
        let is_dir = entry.file_type().is_dir();
        entries.push((rel, entry.into_path(), is_dir));
    }
    // `lstat` of every file, in parallel: the one cost of checking an unchanged output.
    let sorted: Vec<(String, Option<Foreign>, Option<Rec>)> = entries
        .into_par_iter()
        .map(|(rel, path, is_dir)| {
            if is_dir {
                return Ok((rel, None, None));
            }
            let meta = fs::symlink_metadata(&path).at_path(&path)?;
            let kind = meta.file_type();
            let rec = recs.get(&rel);
            if let Some(rec) = rec
                && still_has(&path, &meta, rec)
            {
                let rec = Rec {
                    mtime: mtime_of(&meta),
                    ..*rec
                };
                return Ok((rel, None, Some(rec)));
            }
            let foreign = Foreign {
                kind: if kind.is_symlink() {
                    ForeignKind::Link
                } else {
                    ForeignKind::File
                },
                changed: rec.is_some(),
                rel: rel.clone(),
            };
            Ok((rel, Some(foreign), None))
        })
        .collect::<Result<_, Error>>()?;
    let mut old = Old::default();
    let mut dirs = Vec::new();
    for (rel, foreign, rec) in sorted {
        match (foreign, rec) {
            (Some(f), _) => old.foreign.push(f),
            (None, Some(rec)) => {
                old.ours.insert(rel, rec);
            }
            (None, None) => dirs.push(rel),
        }
    }
    let claimed = has_manifest && !old.ours.is_empty();
    old.stale_times = old
        .ours
        .iter()
        .any(|(rel, r)| recs.get(rel).is_none_or(|old| old.mtime != r.mtime));
    old.manifest_hash = xxhash_rust::xxh3::xxh3_64(&manifest_bytes);
    drop(manifest_bytes);
    let empty = old.foreign.is_empty() && dirs.is_empty();
    if !claimed && !empty {
        return Err(Error::Refused {
            message: crate::msg!("output-not-ours", folder = output),
            hint: crate::msg!("output-not-ours-hint"),
        });
    }
    // Folders that hold nothing of vardlots' are the owner's: carried over as they are.
    let ours_dirs: HashSet<&str> = old.ours.keys().flat_map(|rel| ancestors(rel)).collect();
    let foreign_dirs: Vec<Foreign> = dirs
        .iter()
        .filter(|d| !ours_dirs.contains(d.as_str()))
        .map(|d| Foreign {
            rel: d.clone(),
            kind: ForeignKind::Dir,
            changed: false,
        })
        .collect();
    old.foreign.extend(foreign_dirs);
    old.foreign.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(old)
}

/// Writes the manifest; returns its bytes.
pub(super) fn write_manifest(dir: &Path, manifest: &ManifestOut) -> Result<Vec<u8>, Error> {
    let path = dir.join(MANIFEST);
    let bytes =
        serde_json::to_vec(manifest).map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    fs::write(&path, &bytes).at_path(&path)?;
    Ok(bytes)
}

/// The files listed in a staging folder's journal: path → (hash, length).
fn read_journal(dir: &Path) -> HashMap<String, (u64, u64)> {
    let Ok(text) = fs::read_to_string(dir.join(JOURNAL)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let len = parts.next()?.parse().ok()?;
            Some((parts.next()?.to_string(), (hash, len)))
        })
        .collect()
}

/// Removes from `dir` (a staging folder, or the previous output after the swap) everything
/// vardlots can prove is its own or is kept elsewhere, and returns what it had to leave.
///
/// Never `remove_dir_all` on the strength of a marker file: a manifest or a journal can be
/// copied, so each entry is judged on its own. An entry goes only if
/// - `output` has the same inode at the same path (a hard link vardlots made, either way
///   round), the same link, or a file with the same bytes (a copy it made across file
///   systems): nothing is lost; or
/// - the folder's journal lists it and it has the bytes listed (a file a killed build had
///   staged); or
/// - the folder's manifest lists it and it still has the bytes listed (the previous output's
///   own files after the swap).
///
/// Folders go when they are empty afterwards; the manifest and journal go last, and only
/// when nothing else is left, so a folder that cannot be emptied stays recognisable.
pub(super) fn clean(dir: &Path, output: &Path) -> Result<Vec<String>, Error> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(Error::Refused {
                message: Message::from(format!(
                    "refusing to remove `{}`: it is not a folder vardlots made",
                    display_path(dir)
                )),
                hint: "move it away; vardlots uses this name for its staging folder".into(),
            });
        }
        Ok(_) => {}
    }
    let journal = read_journal(dir);
    let manifest = read_recs(dir, None)
        .ok()
        .flatten()
        .map(|(recs, _)| recs)
        .unwrap_or_default();
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(
                path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot read")),
            )
        })?;
        let rel = rel_of(dir, entry.path());
        if entry.depth() == 1 && (rel == MANIFEST || rel == JOURNAL) {
            continue;
        }
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else {
            files.push((rel, entry.into_path()));
        }
    }
    let mut left: Vec<String> = files
        .into_par_iter()
        .filter_map(|(rel, path)| {
            let removable = kept_elsewhere(&path, &output.join(&rel))
                || journal.get(&rel).is_some_and(|&(hash, len)| {
                    fs::symlink_metadata(&path).is_ok_and(|m| m.is_file() && m.len() == len)
                        && hash_of(&path) == Some(hash)
                })
                || manifest.get(&rel).is_some_and(|rec| {
                    fs::symlink_metadata(&path).is_ok_and(|m| still_has(&path, &m, rec))
                });
            if removable && fs::remove_file(&path).is_ok() {
                None
            } else {
                Some(rel)
            }
        })
        .collect();
    // Deepest first; a folder that still holds something stays.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in &dirs {
        let _ = fs::remove_dir(d);
    }
    left.sort();
    if left.is_empty() {
        for name in [MANIFEST, JOURNAL] {
            let path = dir.join(name);
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::io(path, e));
                }
                _ => {}
            }
        }
        match fs::remove_dir(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::DirectoryNotEmpty => {
                // Something appeared meanwhile; it is reported, never removed.
                left.push(String::from("."));
            }
            Err(e) => return Err(Error::io(dir, e)),
        }
    }
    Ok(left)
}

/// True when `other` holds what `path` holds, so removing `path` loses nothing: the same
/// inode, a link to the same place, or a file with the same bytes.
fn kept_elsewhere(path: &Path, other: &Path) -> bool {
    let (Ok(a), Ok(b)) = (fs::symlink_metadata(path), fs::symlink_metadata(other)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if a.dev() == b.dev() && a.ino() == b.ino() {
            return true;
        }
    }
    if a.file_type().is_symlink() && b.file_type().is_symlink() {
        return matches!((fs::read_link(path), fs::read_link(other)), (Ok(x), Ok(y)) if x == y);
    }
    a.is_file()
        && b.is_file()
        && a.len() == b.len()
        && matches!((fs::read(path), fs::read(other)), (Ok(x), Ok(y)) if x == y)
}

pub(super) fn refuse_leftovers(staging: &Path, left: &[String]) -> Error {
    Error::Refused {
        message: Message::from(format!(
            "refusing to use `{}`: it holds {} that vardlots cannot account for: {}",
            display_path(staging),
            count_files(left.len()),
            list(left)
        )),
        hint: "vardlots builds in this folder beside the output; move those files away (or delete the folder if they are not needed) and build again".into(),
    }
}
