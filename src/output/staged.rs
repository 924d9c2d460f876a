//! Replacing an output folder in one step, kept apart from the ownership rules because it is
//! about speed and atomicity, not about what may be deleted.
//!
//! A build writes into a staging directory beside the output and swaps it
//! in only when the whole build succeeded, so `public/` is always the old site or the new
//! one, never half of each (mdBook, by contrast, empties its output before rebuilding).
//!
//! Rewriting 10,000 unchanged files is what makes other generators slow on a real disk: most
//! of their time goes to the kernel allocating fresh files. A manifest in the output records
//! each file's content hash, and a file whose bytes did not change is hard-linked from the
//! old output into the staging directory instead of written again: no data is copied, and
//! the old output is never modified, so an aborted build leaves it exactly as it was.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::files::Files;
use super::owned::{
    ForeignKind, JOURNAL, ManifestOut, Old, clean, mtime_of, refuse_leftovers, scan, times_path,
    write_manifest, write_times,
};
use super::{Sink, ancestors, listed};
use crate::error::{Diagnostic, Error, IoContext, Message, display_path};
use crate::msg;
use crate::source::{Asset, Origin};

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
    files: Files,
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
                message: Message::from(format!(
                    "refusing to write the site into `{}`: it contains the site's sources",
                    display_path(&output)
                )),
                hint: "choose an output folder inside or beside the site, e.g. `public`".into(),
            });
        }
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| Error::Refused {
                message: Message::from(format!(
                    "`{}` cannot be an output folder",
                    display_path(&output)
                )),
                hint: "name a folder, e.g. `public`".into(),
            })?;
        let parent = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        let times = times_path(&output).unwrap_or_else(|| parent.join(".vardlots-times.json"));
        let old = match fs::symlink_metadata(&output) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Old::default(),
            Err(e) => return Err(Error::io(&output, e)),
            Ok(meta) if !meta.is_dir() => {
                return Err(Error::Refused {
                    message: Message::from(format!(
                        "refusing to replace `{}`: it is not a folder",
                        display_path(&output)
                    )),
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
                    let mut times: Vec<(&str, u64)> = self
                        .old
                        .ours
                        .iter()
                        .map(|(k, r)| (k.as_str(), r.mtime))
                        .collect();
                    times.sort_unstable_by(|a, b| a.0.cmp(b.0));
                    write_times(&self.times, self.old.manifest_hash, &times);
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
        // By name, as the manifest and the times list them; each name once (a record).
        let mut sorted: Vec<(&str, (u64, u64))> = files.iter().collect();
        sorted.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        let times = self.times_of_staging(&sorted)?;
        let generator = format!("vardlots {}", env!("CARGO_PKG_VERSION"));
        let manifest = ManifestOut {
            generator: &generator,
            files: &sorted,
        };
        let count = sorted.len();
        let manifest_bytes = write_manifest(&self.staging, &manifest)?;
        let journal = self.staging.join(JOURNAL);
        fs::remove_file(&journal).at_path(&journal)?;
        if self.output.exists() {
            exchange(&self.staging, &self.output)?;
            // The staging path now holds the previous output.
            let left = clean(&self.staging, &self.output)?;
            if !left.is_empty() {
                let (files, more) = listed(&left);
                warnings.push(
                    Diagnostic::warning(
                        &self.staging,
                        msg!(
                            "output-left-in-staging",
                            count = left.len(),
                            files = files,
                            more = more
                        ),
                    )
                    .hint(msg!("output-left-in-staging-hint")),
                );
            }
        } else {
            fs::rename(&self.staging, &self.output).at_path(&self.output)?;
        }
        write_times(
            &self.times,
            xxhash_rust::xxh3::xxh3_64(&manifest_bytes),
            &times,
        );
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
    fn in_the_way(&self, files: &Files) -> Vec<String> {
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
            message: {
                let (files, more) = listed(paths);
                crate::msg!(
                    "output-would-overwrite",
                    folder = &self.output,
                    count = paths.len(),
                    changed = if changed { "yes" } else { "no" },
                    files = files,
                    more = more
                )
            },
            hint: crate::msg!("output-would-overwrite-hint"),
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
            let (files, more) = listed(&foreign);
            out.push(
                Diagnostic::warning(
                    &self.output,
                    msg!(
                        "output-kept-foreign",
                        count = foreign.len(),
                        files = files,
                        more = more
                    ),
                )
                .hint(msg!("output-kept-hint")),
            );
        }
        let changed = name(true);
        if !changed.is_empty() {
            let (files, more) = listed(&changed);
            out.push(
                Diagnostic::warning(
                    &self.output,
                    msg!(
                        "output-kept-changed",
                        count = changed.len(),
                        files = files,
                        more = more
                    ),
                )
                .hint(msg!("output-kept-hint")),
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
    /// the next build merely hashes that file. Returns `files` in their order, each with its
    /// time.
    fn times_of_staging<'f>(
        &self,
        files: &[(&'f str, (u64, u64))],
    ) -> Result<Vec<(&'f str, u64)>, Error> {
        files
            .par_iter()
            .map(|&(rel, (hash, len))| {
                if self.unchanged(rel, hash, len)
                    && let Some(old) = self.old.ours.get(rel)
                {
                    return Ok((rel, old.mtime));
                }
                let path = self.staging.join(rel);
                let meta = fs::symlink_metadata(&path).at_path(&path)?;
                Ok((rel, mtime_of(&meta)))
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
    fn materialize(&self, files: &Files, except: Option<&str>) -> Result<(), Error> {
        files
            .iter()
            .filter(|&(rel, _)| Some(rel) != except)
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
        if written.files.insert(rel, (hash, len)).is_some() {
            return Err(Error::Refused {
                message: crate::msg!("output-two-writers", path = rel),
                hint: crate::msg!("output-two-writers-hint"),
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

    /// In the staging folder: on the output's file system, which has room for the site.
    fn scratch(&self) -> Result<super::Scratch, Error> {
        super::Scratch::in_dir(&self.staging)
    }

    fn copy(&self, asset: &Asset) -> Result<(), Error> {
        self.store(&asset.rel, asset.hash, asset.len, |dest| {
            match &asset.origin {
                Origin::Disk(src) => fs::copy(src, dest).map(|_| ()).at_path(src),
                Origin::Builtin(bytes) => fs::write(dest, bytes).at_path(dest),
                Origin::Made(bytes) => fs::write(dest, bytes).at_path(dest),
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
