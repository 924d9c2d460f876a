//! The only writer. A build writes into a staging directory beside the output and swaps it
//! in only when the whole build succeeded, so `public/` is always the old site or the new
//! one, never half of each (mdBook, by contrast, empties its output before rebuilding).
//!
//! Rewriting 10,000 unchanged files is what makes other generators slow on a real disk: most
//! of their time goes to the kernel allocating fresh files. A manifest in the output records
//! each file's content hash, and a file whose bytes did not change is hard-linked from the
//! old output into the staging directory instead of written again: no data is copied, and
//! the old output is never modified, so an aborted build leaves it exactly as it was.
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
//! The staging folder is cleaned by the same rule, never by `remove_dir_all`: see `clean`.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error, IoContext, display_path};
use crate::source::{Asset, Origin};

/// Where rendered files go. `build` stages them on disk, `check` discards them, `serve`
/// keeps them in memory.
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;
    fn copy(&self, asset: &Asset) -> Result<(), Error>;
    /// The pages asked to be rendered first are in: a live server can show them already.
    fn first_done(&self) {}
}

/// Files kept in memory, for `serve`: path → (content hash, bytes).
pub type Files = HashMap<String, (u64, Arc<[u8]>)>;

/// A sink that keeps every file in memory. An unchanged static file is taken over from the
/// previous build's files instead of being read again.
pub struct Memory {
    files: Mutex<Files>,
    previous: Arc<Files>,
}

impl Memory {
    pub fn new(previous: Arc<Files>) -> Memory {
        Memory {
            files: Mutex::new(HashMap::with_capacity(previous.len())),
            previous,
        }
    }

    /// The files put so far, cloned (their bytes are shared).
    pub fn snapshot(&self) -> Files {
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    pub fn into_files(self) -> Files {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn insert(&self, rel: &str, hash: u64, bytes: Arc<[u8]>) {
        self.files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(rel.to_string(), (hash, bytes));
    }
}

impl Sink for Memory {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        let shared = match self.previous.get(rel) {
            Some((h, old)) if *h == hash && **old == *bytes => Arc::clone(old),
            _ => Arc::from(bytes),
        };
        self.insert(rel, hash, shared);
        Ok(())
    }

    fn copy(&self, asset: &Asset) -> Result<(), Error> {
        if let Some((hash, old)) = self.previous.get(&asset.rel)
            && *hash == asset.hash
        {
            self.insert(&asset.rel, asset.hash, Arc::clone(old));
            return Ok(());
        }
        let bytes: Arc<[u8]> = match &asset.origin {
            Origin::Disk(src) => Arc::from(fs::read(src).at_path(src)?),
            Origin::Builtin(bytes) => Arc::from(*bytes),
        };
        self.insert(&asset.rel, asset.hash, bytes);
        Ok(())
    }
}

/// A sink that keeps nothing: `vardlots check` renders everything and writes nothing.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: &[u8]) -> Result<(), Error> {
        Ok(())
    }
    fn copy(&self, _: &Asset) -> Result<(), Error> {
        Ok(())
    }
}

/// The name of the manifest that records the files vardlots wrote into an output folder.
pub const MANIFEST: &str = ".vardlots-manifest.json";

/// The name of a staging folder's journal: every file vardlots writes into the folder is
/// listed here (hash, length, path) before it is written, so that what a killed build left
/// behind can be told from anything else.
const JOURNAL: &str = ".vardlots-staged";

/// How many file names a message lists before it says "and N more".
const LISTED: usize = 5;

/// What vardlots recorded about a file it wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rec {
    /// xxh3 of the bytes.
    hash: u64,
    len: u64,
    /// Modification time in nanoseconds since 1970, so that an unchanged file is recognised
    /// without reading it; 0 when unknown.
    mtime: u64,
}

/// The manifest, in the output: path → (xxh3 of the bytes, length). It holds no times, so
/// that two builds of the same sources give the same bytes.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    #[serde(default)]
    generator: String,
    files: std::collections::BTreeMap<String, (u64, u64)>,
}

/// The modification times of the output's files, kept beside the output (not in it, where
/// they would make the output differ from build to build). Only a shortcut: a file whose
/// time does not match is hashed, and times recorded for another manifest are ignored.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Times {
    /// xxh3 of the manifest these times belong to.
    manifest: u64,
    /// Output path → modification time in nanoseconds since 1970.
    files: std::collections::BTreeMap<String, u64>,
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
        .and_then(|t| fs::read(t).ok())
        .and_then(|b| serde_json::from_slice::<Times>(&b).ok())
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
fn write_times(path: &Path, manifest: &[u8], files: std::collections::BTreeMap<String, u64>) {
    let times = Times {
        manifest: xxhash_rust::xxh3::xxh3_64(manifest),
        files,
    };
    let Ok(json) = serde_json::to_vec(&times) else {
        return;
    };
    let tmp = path.with_extension("tmp");
    if fs::write(&tmp, json).is_ok() {
        let _ = fs::rename(&tmp, path);
    }
}

/// A file or folder of the output that vardlots may not delete or overwrite.
#[derive(Debug, Clone)]
struct Foreign {
    rel: String,
    kind: ForeignKind,
    /// vardlots wrote it, but its bytes changed since.
    changed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ForeignKind {
    File,
    Link,
    /// A folder holding nothing of vardlots' (empty, or only foreign files).
    Dir,
}

/// The old output, sorted into what is vardlots' own and what is not.
#[derive(Debug, Default)]
struct Old {
    /// Files vardlots wrote that still have the bytes it wrote, with their time now.
    ours: HashMap<String, Rec>,
    foreign: Vec<Foreign>,
    /// Some file's time differed from the one recorded (it had to be hashed).
    stale_times: bool,
    /// The manifest's bytes, to tell whether the times beside the output belong to it.
    manifest_bytes: Vec<u8>,
}

/// An output directory being rebuilt: files go to a staging directory until [`commit`].
///
/// [`commit`]: Staged::commit
pub struct Staged {
    output: PathBuf,
    staging: PathBuf,
    /// Where the output's file times are kept, beside it.
    times: PathBuf,
    old: Old,
    written: Mutex<Written>,
    journal: Mutex<fs::File>,
    /// Nanoseconds spent writing or linking, summed over threads: the cost of output alone.
    write_nanos: AtomicU64,
    linked: AtomicU64,
}

/// The files of the build so far, and whether the staging folder holds them yet.
///
/// Staging starts empty and lazy: while every file is byte-for-byte what the last build
/// wrote, nothing touches the disk. At the first file that differs, the unchanged files
/// seen so far are linked in, and from then on every file goes to the staging folder. A
/// rebuild in which nothing changed thus writes nothing and swaps nothing: on a real disk,
/// linking 10,000 files into a new tree and deleting the old one took 2–4 s.
#[derive(Default)]
struct Written {
    files: HashMap<String, (u64, u64)>,
    staging: bool,
}

impl Staged {
    /// Prepares to replace `output`. Refuses when `output` is a non-empty directory that
    /// vardlots did not create, or when it would swallow the site's own sources.
    pub fn begin(output: &Path, root: &Path) -> Result<Staged, Error> {
        let output = absolute(output)?;
        let root = absolute(root)?;
        if root.starts_with(&output) {
            return Err(Error::Refused {
                message: format!(
                    "refusing to write the site into `{}`: it contains the site's sources",
                    display_path(&output)
                ),
                hint: "choose an output folder inside or beside the site, e.g. `public`".into(),
            });
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Refused {
                message: format!("`{}` cannot be an output folder", display_path(&output)),
                hint: "name a folder, e.g. `public`".into(),
            })?;
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        let times = parent.join(format!(".{name}.vardlots-times.json"));
        let old = match fs::symlink_metadata(&output) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Old::default(),
            Err(e) => return Err(Error::io(&output, e)),
            Ok(meta) if !meta.is_dir() => {
                return Err(Error::Refused {
                    message: format!(
                        "refusing to replace `{}`: it is not a folder",
                        display_path(&output)
                    ),
                    hint: "choose another --output".into(),
                });
            }
            Ok(_) => scan(&output, &times)?,
        };
        fs::create_dir_all(&parent).at_path(&parent)?;
        let staging = parent.join(format!(".{name}.vardlots-staging"));
        let left = clean(&staging, &output)?;
        if !left.is_empty() {
            return Err(refuse_leftovers(&staging, &left));
        }
        fs::create_dir(&staging).at_path(&staging)?;
        // Created first, so that a build killed half-way leaves a folder whose every file
        // the next build can account for.
        let journal_path = staging.join(JOURNAL);
        let journal = fs::OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&journal_path)
            .at_path(&journal_path)?;
        Ok(Staged {
            output,
            staging,
            times,
            old,
            written: Mutex::new(Written::default()),
            journal: Mutex::new(journal),
            write_nanos: AtomicU64::new(0),
            linked: AtomicU64::new(0),
        })
    }

    /// Swaps the staging directory in place of the output, then removes what is left of the
    /// old output that vardlots wrote. Files it did not write are carried into the new
    /// output, or, when the new site needs their paths, the build is refused and the output
    /// stays as it was.
    pub fn commit(self) -> Result<CommitStats, Error> {
        let started = Instant::now();
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let in_the_way = self.in_the_way(&written.files);
        if !in_the_way.is_empty() {
            drop(written);
            let refusal = self.refuse_overwrite(&in_the_way);
            self.abort()?;
            return Err(refusal);
        }
        let mut warnings = self.kept_warnings();
        if !written.staging {
            let same_set = written.files.len() == self.old.ours.len()
                && self.old.ours.keys().all(|k| written.files.contains_key(k));
            if same_set && self.output.is_dir() {
                // The output already is this build, file for file; foreign files stay put.
                let count = written.files.len();
                drop(written);
                let left = clean(&self.staging, &self.output)?;
                if !left.is_empty() {
                    return Err(refuse_leftovers(&self.staging, &left));
                }
                if self.old.stale_times {
                    let times = self
                        .old
                        .ours
                        .iter()
                        .map(|(k, r)| (k.clone(), r.mtime))
                        .collect();
                    write_times(&self.times, &self.old.manifest_bytes, times);
                }
                return Ok(CommitStats {
                    files: count,
                    linked: count,
                    write_seconds: self.write_nanos.load(Ordering::Relaxed) as f64 / 1e9,
                    commit_seconds: started.elapsed().as_secs_f64(),
                    warnings,
                });
            }
            // Only removals: the unchanged files still have to go into the new tree.
            self.materialize(&written.files, None)?;
            written.staging = true;
        }
        let files = std::mem::take(&mut written.files);
        drop(written);
        self.carry_foreign()?;
        let times = self.times_of_staging(&files)?;
        let manifest = Manifest {
            generator: format!("vardlots {}", env!("CARGO_PKG_VERSION")),
            files: files.into_iter().collect(),
        };
        let count = manifest.files.len();
        let manifest_bytes = write_manifest(&self.staging, &manifest)?;
        let journal = self.staging.join(JOURNAL);
        fs::remove_file(&journal).at_path(&journal)?;
        if self.output.exists() {
            exchange(&self.staging, &self.output)?;
            // The staging path now holds the previous output.
            let left = clean(&self.staging, &self.output)?;
            if !left.is_empty() {
                warnings.push(
                    Diagnostic::warning(
                        &self.staging,
                        format!(
                            "{} of the previous output changed during the build and were left here: {}",
                            count_files(left.len()),
                            list(&left)
                        ),
                    )
                    .hint("look through them and delete the folder; the next build refuses to start while it holds them"),
                );
            }
        } else {
            fs::rename(&self.staging, &self.output).at_path(&self.output)?;
        }
        write_times(&self.times, &manifest_bytes, times);
        Ok(CommitStats {
            files: count,
            linked: self.linked.load(Ordering::Relaxed) as usize,
            write_seconds: self.write_nanos.load(Ordering::Relaxed) as f64 / 1e9,
            commit_seconds: started.elapsed().as_secs_f64(),
            warnings,
        })
    }

    /// Throws the staging directory away; the output stays as it was.
    pub fn abort(self) -> Result<(), Error> {
        let left = clean(&self.staging, &self.output)?;
        if left.is_empty() {
            Ok(())
        } else {
            Err(refuse_leftovers(&self.staging, &left))
        }
    }

    /// Foreign or changed files at paths the new site needs: at a file's own path, at a
    /// folder the new site needs for its files, or a folder of them where it needs a file.
    fn in_the_way(&self, files: &HashMap<String, (u64, u64)>) -> Vec<String> {
        let mut needed_dirs: HashSet<&str> = HashSet::new();
        for rel in files.keys() {
            needed_dirs.extend(ancestors(rel));
        }
        self.old
            .foreign
            .iter()
            .filter(|f| {
                let wanted_as_file = files.contains_key(&f.rel);
                let wanted_as_dir =
                    f.kind != ForeignKind::Dir && needed_dirs.contains(f.rel.as_str());
                let in_a_wanted_file = ancestors(&f.rel).any(|dir| files.contains_key(dir));
                wanted_as_file || wanted_as_dir || in_a_wanted_file
            })
            .map(|f| f.rel.clone())
            .collect()
    }

    fn refuse_overwrite(&self, paths: &[String]) -> Error {
        let changed = paths
            .iter()
            .any(|p| self.old.foreign.iter().any(|f| &f.rel == p && f.changed));
        Error::Refused {
            message: format!(
                "refusing to build into `{}`: the new site needs the place of {} that vardlots did not write{}: {}",
                display_path(&self.output),
                count_files(paths.len()),
                if changed { " or that changed since it wrote them" } else { "" },
                list(paths)
            ),
            hint: "move or delete those files yourself (vardlots never overwrites them), or choose another --output; nothing was changed".into(),
        }
    }

    /// Warnings naming the foreign files that stay in the output.
    fn kept_warnings(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let name = |changed: bool| -> Vec<String> {
            self.old
                .foreign
                .iter()
                .filter(|f| f.changed == changed && f.kind != ForeignKind::Dir)
                .map(|f| f.rel.clone())
                .collect()
        };
        let foreign = name(false);
        if !foreign.is_empty() {
            out.push(
                Diagnostic::warning(
                    &self.output,
                    format!(
                        "kept {} that vardlots did not write: {}",
                        count_files(foreign.len()),
                        list(&foreign)
                    ),
                )
                .hint("vardlots never deletes files it did not write; delete them yourself if they should go"),
            );
        }
        let changed = name(true);
        if !changed.is_empty() {
            out.push(
                Diagnostic::warning(
                    &self.output,
                    format!(
                        "kept {} that changed since vardlots wrote them: {}",
                        count_files(changed.len()),
                        list(&changed)
                    ),
                )
                .hint("vardlots never deletes files it did not write; delete them yourself if they should go"),
            );
        }
        out
    }

    /// Puts the old output's foreign files and folders into the staging folder: hard links
    /// (a copy across file systems), links as links, folders as folders.
    fn carry_foreign(&self) -> Result<(), Error> {
        self.old.foreign.par_iter().try_for_each(|f| {
            let from = self.output.join(&f.rel);
            let to = self.staging.join(&f.rel);
            match f.kind {
                ForeignKind::Dir => fs::create_dir_all(&to).at_path(&to),
                ForeignKind::Link => {
                    self.target(&f.rel)?;
                    let target = fs::read_link(&from).at_path(&from)?;
                    make_symlink(&target, &to).at_path(&to)
                }
                ForeignKind::File => {
                    self.target(&f.rel)?;
                    if fs::hard_link(&from, &to).is_ok() {
                        return Ok(());
                    }
                    fs::copy(&from, &to).map(|_| ()).at_path(&from)
                }
            }
        })
    }

    /// The modification time of each staged file (moving the folder keeps them). A file
    /// linked from the old output has the time found when the old output was checked, so
    /// only files written by this build are looked at again; should a link have been a copy,
    /// the next build merely hashes that file.
    fn times_of_staging(
        &self,
        files: &HashMap<String, (u64, u64)>,
    ) -> Result<std::collections::BTreeMap<String, u64>, Error> {
        files
            .par_iter()
            .map(|(rel, &(hash, len))| {
                if self.unchanged(rel, hash, len)
                    && let Some(old) = self.old.ours.get(rel)
                {
                    return Ok((rel.clone(), old.mtime));
                }
                let path = self.staging.join(rel);
                let meta = fs::symlink_metadata(&path).at_path(&path)?;
                Ok((rel.clone(), mtime_of(&meta)))
            })
            .collect()
    }

    fn target(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).at_path(dir)?;
        }
        Ok(path)
    }

    fn unchanged(&self, rel: &str, hash: u64, len: u64) -> bool {
        self.old
            .ours
            .get(rel)
            .is_some_and(|r| r.hash == hash && r.len == len)
    }

    /// Links the old output's copy when it has exactly these bytes; true if it did.
    fn reuse(&self, rel: &str, hash: u64, len: u64, dest: &Path) -> bool {
        if !self.unchanged(rel, hash, len) {
            return false;
        }
        let old = self.output.join(rel);
        match fs::symlink_metadata(&old) {
            Ok(m) if m.len() == len && m.is_file() => fs::hard_link(&old, dest).is_ok(),
            _ => false,
        }
    }

    /// Lists a file in the journal before it is written into the staging folder.
    fn journal(&self, rel: &str, hash: u64, len: u64) -> Result<(), Error> {
        let line = format!("{hash:016x} {len} {rel}\n");
        let mut journal = self
            .journal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let path = self.staging.join(JOURNAL);
        journal.write_all(line.as_bytes()).at_path(&path)
    }

    /// Puts the unchanged files recorded so far into the staging folder (all but `except`).
    fn materialize(
        &self,
        files: &HashMap<String, (u64, u64)>,
        except: Option<&str>,
    ) -> Result<(), Error> {
        files
            .iter()
            .filter(|(rel, _)| Some(rel.as_str()) != except)
            .collect::<Vec<_>>()
            .par_iter()
            .try_for_each(|(rel, (hash, len))| {
                let dest = self.target(rel)?;
                // Counted as unchanged when recorded; a copy only when it cannot be linked.
                if !self.reuse(rel, *hash, *len, &dest) {
                    self.journal(rel, *hash, *len)?;
                    let old = self.output.join(rel);
                    fs::copy(&old, &dest).at_path(&old)?;
                }
                Ok(())
            })
    }

    /// Records a file of this build; true if it must now be written to the staging folder.
    fn record(&self, rel: &str, hash: u64, len: u64) -> Result<bool, Error> {
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if written.files.insert(rel.to_string(), (hash, len)).is_some() {
            return Err(Error::Refused {
                message: format!("two outputs would be written to `{rel}`"),
                hint:
                    "a static file or a page bundle's file has the same path as a page; rename one"
                        .into(),
            });
        }
        if written.staging {
            return Ok(true);
        }
        if self.unchanged(rel, hash, len) {
            self.linked.fetch_add(1, Ordering::Relaxed);
            return Ok(false);
        }
        // The first change: from now on the new site is built in the staging folder.
        self.materialize(&written.files, Some(rel))?;
        written.staging = true;
        Ok(true)
    }

    /// Stores one file in the staging folder: linked from the old output when unchanged.
    fn store(
        &self,
        rel: &str,
        hash: u64,
        len: u64,
        write: impl FnOnce(&Path) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let started = Instant::now();
        if self.record(rel, hash, len)? {
            let dest = self.target(rel)?;
            if self.reuse(rel, hash, len, &dest) {
                self.linked.fetch_add(1, Ordering::Relaxed);
            } else {
                self.journal(rel, hash, len)?;
                write(&dest)?;
            }
        }
        self.write_nanos
            .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        Ok(())
    }
}

impl Sink for Staged {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        self.store(rel, hash, bytes.len() as u64, |dest| {
            let mut f = fs::File::create(dest).at_path(dest)?;
            f.write_all(bytes).at_path(dest)
        })
    }

    fn copy(&self, asset: &Asset) -> Result<(), Error> {
        self.store(&asset.rel, asset.hash, asset.len, |dest| {
            match &asset.origin {
                Origin::Disk(src) => fs::copy(src, dest).map(|_| ()).at_path(src),
                Origin::Builtin(bytes) => fs::write(dest, bytes).at_path(dest),
            }
        })
    }
}

#[derive(Debug, Clone)]
pub struct CommitStats {
    pub files: usize,
    /// Files unchanged since the last build, linked rather than written.
    pub linked: usize,
    pub write_seconds: f64,
    pub commit_seconds: f64,
    /// Files of the output that vardlots kept because it did not write them.
    pub warnings: Vec<Diagnostic>,
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).at_path(path)
}

/// `1 file` / `3 files`.
fn count_files(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// The first few names, then how many more.
fn list(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(LISTED)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        s.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    s
}

/// The folders above an output path, nearest first: `a/b/c.html` → `a/b`, `a`.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    rel.rmatch_indices('/').map(move |(i, _)| &rel[..i])
}

/// A path below `dir` as output paths are written: relative, with `/`.
fn rel_of(dir: &Path, path: &Path) -> String {
    crate::source::slash(path.strip_prefix(dir).unwrap_or(path))
}

fn mtime_of(meta: &fs::Metadata) -> u64 {
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
fn scan(output: &Path, times: &Path) -> Result<Old, Error> {
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
    old.manifest_bytes = manifest_bytes;
    let empty = old.foreign.is_empty() && dirs.is_empty();
    if !claimed && !empty {
        return Err(Error::Refused {
            message: format!(
                "refusing to replace `{}`: it is not empty and vardlots did not create it",
                display_path(output)
            ),
            hint: "choose another --output, or move the folder's files away yourself".into(),
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
fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<Vec<u8>, Error> {
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
fn clean(dir: &Path, output: &Path) -> Result<Vec<String>, Error> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
        Ok(m) if !m.is_dir() => {
            return Err(Error::Refused {
                message: format!(
                    "refusing to remove `{}`: it is not a folder vardlots made",
                    display_path(dir)
                ),
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

fn refuse_leftovers(staging: &Path, left: &[String]) -> Error {
    Error::Refused {
        message: format!(
            "refusing to use `{}`: it holds {} that vardlots cannot account for: {}",
            display_path(staging),
            count_files(left.len()),
            list(left)
        ),
        hint: "vardlots builds in this folder beside the output; move those files away (or delete the folder if they are not needed) and build again".into(),
    }
}

#[cfg(unix)]
fn make_symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn make_symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    // Without Unix links, the file it points to is copied.
    fs::copy(link.parent().unwrap_or(Path::new(".")).join(target), link).map(|_| ())
}

/// Swaps two directories in one atomic step where the kernel can (Linux `RENAME_EXCHANGE`),
/// so no reader ever finds the output missing; elsewhere, two renames.
fn exchange(a: &Path, b: &Path) -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(Error::io(b, e.into())),
        }
    }
    let aside = b.with_extension("vardlots-old");
    let left = clean(&aside, b)?;
    if !left.is_empty() {
        return Err(refuse_leftovers(&aside, &left));
    }
    fs::rename(b, &aside).at_path(b)?;
    fs::rename(a, b).at_path(b)?;
    fs::rename(&aside, a).at_path(a)
}

/// Writes files into a folder of their own, outside the site's output (the newsletter
/// command's `--out`): each (folder, file name, bytes). Returns each path and its size.
pub fn write_files(
    dir: &Path,
    files: &[(&str, &str, &[u8])],
) -> Result<Vec<(PathBuf, usize)>, Error> {
    let mut written = Vec::with_capacity(files.len());
    for (folder, name, bytes) in files {
        let folder = dir.join(folder);
        fs::create_dir_all(&folder).at_path(&folder)?;
        let path = folder.join(name);
        fs::write(&path, bytes).at_path(&path)?;
        written.push((path, bytes.len()));
    }
    Ok(written)
}

/// Writes a cache entry below the site root (not the output): its files, then its
/// description `last`, so a half-written entry is never taken for a whole one.
pub fn write_cache_entry(
    dir: &Path,
    files: &[(&str, &[u8])],
    last: (&str, &[u8]),
) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    for (name, bytes) in files {
        let path = dir.join(name);
        // Whatever is there was refused as a cache file; a link must not be written through.
        if fs::symlink_metadata(&path).is_ok() {
            fs::remove_file(&path)?;
        }
        fs::write(path, bytes)?;
    }
    let tmp = dir.join(format!("{}.tmp", last.0));
    fs::write(&tmp, last.1)?;
    fs::rename(tmp, dir.join(last.0))
}

/// Removes a cache entry vardlots wrote (the caller checks that it is one of its own).
pub fn remove_cache_entry(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
}
