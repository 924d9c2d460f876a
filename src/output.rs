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
//! vardlots marks the directories it creates with that manifest and refuses to replace a
//! non-empty directory without one; it never deletes anything outside its output.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, display_path};
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

/// The name of the manifest that marks a vardlots output directory.
pub const MANIFEST: &str = ".vardlots-manifest.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    generator: String,
    /// Output path → (xxh3 of the bytes, length).
    files: std::collections::BTreeMap<String, (u64, u64)>,
}

/// An output directory being rebuilt: files go to a staging directory until [`commit`].
///
/// [`commit`]: Staged::commit
pub struct Staged {
    output: PathBuf,
    staging: PathBuf,
    old: Manifest,
    written: Mutex<Written>,
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
        let old = match fs::symlink_metadata(&output) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Manifest::default(),
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
            Ok(_) => read_manifest(&output)?,
        };
        fs::create_dir_all(&parent).at_path(&parent)?;
        let staging = parent.join(format!(".{name}.vardlots-staging"));
        remove_ours(&staging)?;
        fs::create_dir(&staging).at_path(&staging)?;
        // Marked from the start, so that a build killed half-way leaves a folder the next
        // build knows it may remove.
        write_manifest(&staging, &Manifest::default())?;
        Ok(Staged {
            output,
            staging,
            old,
            written: Mutex::new(Written::default()),
            write_nanos: AtomicU64::new(0),
            linked: AtomicU64::new(0),
        })
    }

    /// Swaps the staging directory in place of the output, then removes the old output.
    pub fn commit(self) -> Result<CommitStats, Error> {
        let started = Instant::now();
        let mut written = self
            .written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if !written.staging {
            let same_set = written.files.len() == self.old.files.len()
                && self.old.files.keys().all(|k| written.files.contains_key(k));
            if same_set && self.output.is_dir() {
                // The output already is this build, file for file.
                let count = written.files.len();
                drop(written);
                remove_ours(&self.staging)?;
                return Ok(CommitStats {
                    files: count,
                    linked: count,
                    write_seconds: self.write_nanos.load(Ordering::Relaxed) as f64 / 1e9,
                    commit_seconds: started.elapsed().as_secs_f64(),
                });
            }
            // Only removals: the unchanged files still have to go into the new tree.
            self.materialize(&written.files, None)?;
            written.staging = true;
        }
        let files = std::mem::take(&mut written.files);
        drop(written);
        let manifest = Manifest {
            generator: format!("vardlots {}", env!("CARGO_PKG_VERSION")),
            files: files.into_iter().collect(),
        };
        let count = manifest.files.len();
        write_manifest(&self.staging, &manifest)?;
        if self.output.exists() {
            exchange(&self.staging, &self.output)?;
            // The staging path now holds the previous output, which was ours (or empty).
            remove_ours(&self.staging)?;
        } else {
            fs::rename(&self.staging, &self.output).at_path(&self.output)?;
        }
        Ok(CommitStats {
            files: count,
            linked: self.linked.load(Ordering::Relaxed) as usize,
            write_seconds: self.write_nanos.load(Ordering::Relaxed) as f64 / 1e9,
            commit_seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// Throws the staging directory away; the output stays as it was.
    pub fn abort(self) -> Result<(), Error> {
        remove_ours(&self.staging)
    }

    fn target(&self, rel: &str) -> Result<PathBuf, Error> {
        let path = self.staging.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).at_path(dir)?;
        }
        Ok(path)
    }

    fn unchanged(&self, rel: &str, hash: u64, len: u64) -> bool {
        self.old.files.get(rel) == Some(&(hash, len))
    }

    /// Links the old output's copy when it has exactly these bytes; true if it did.
    fn reuse(&self, rel: &str, hash: u64, len: u64, dest: &Path) -> bool {
        if !self.unchanged(rel, hash, len) {
            return false;
        }
        let old = self.output.join(rel);
        match fs::metadata(&old) {
            Ok(m) if m.len() == len && m.is_file() => fs::hard_link(&old, dest).is_ok(),
            _ => false,
        }
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

#[derive(Debug, Clone, Copy)]
pub struct CommitStats {
    pub files: usize,
    /// Files unchanged since the last build, linked rather than written.
    pub linked: usize,
    pub write_seconds: f64,
    pub commit_seconds: f64,
}

fn absolute(path: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(path).at_path(path)
}

/// The manifest of an existing output directory; refuses a non-empty folder without one.
fn read_manifest(dir: &Path) -> Result<Manifest, Error> {
    let path = dir.join(MANIFEST);
    match fs::read(&path) {
        Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries = fs::read_dir(dir).at_path(dir)?;
            if entries.next().is_none() {
                Ok(Manifest::default())
            } else {
                Err(Error::Refused {
                    message: format!(
                        "refusing to replace `{}`: it is not empty and vardlots did not create it",
                        display_path(dir)
                    ),
                    hint: "choose another --output, or move the folder's files away yourself"
                        .into(),
                })
            }
        }
        Err(e) => Err(Error::io(&path, e)),
    }
}

fn write_manifest(dir: &Path, manifest: &Manifest) -> Result<(), Error> {
    let path = dir.join(MANIFEST);
    let bytes =
        serde_json::to_vec(manifest).map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    fs::write(&path, bytes).at_path(&path)
}

/// Removes `dir` if it is a vardlots folder (or empty); refuses anything else.
fn remove_ours(dir: &Path) -> Result<(), Error> {
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
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
    if dir.join(MANIFEST).is_file() {
        fs::remove_dir_all(dir).at_path(dir)
    } else {
        fs::remove_dir(dir).map_err(|e| {
            if e.kind() == std::io::ErrorKind::DirectoryNotEmpty {
                Error::Refused {
                    message: format!(
                        "refusing to remove `{}`: vardlots did not create it",
                        display_path(dir)
                    ),
                    hint: "move it away; vardlots uses this name for its staging folder".into(),
                }
            } else {
                Error::io(dir, e)
            }
        })
    }
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
    remove_ours(&aside)?;
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
        fs::write(dir.join(name), bytes)?;
    }
    let tmp = dir.join(format!("{}.tmp", last.0));
    fs::write(&tmp, last.1)?;
    fs::rename(tmp, dir.join(last.0))
}

/// Removes a cache entry vardlots wrote (the caller checks that it is one of its own).
pub fn remove_cache_entry(dir: &Path) {
    let _ = fs::remove_dir_all(dir);
}
