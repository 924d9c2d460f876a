//! The only writer: every file vardlots puts on disk goes through here, so that the rules
//! about what it may overwrite or delete live in one place. Three parts, because they change
//! for different reasons: this file holds the `Sink` every build writes to and the small
//! writers outside the site's output (the newsletter's `--out`, the image cache);
//! `staged` swaps a whole new output in; `owned` decides which files are vardlots' own;
//! `last_build` tells when the output already is what a build would write.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, IoContext};
use crate::source::{Asset, Origin};

mod files;
mod last_build;
mod owned;
mod staged;

pub use last_build::{LastBuild, last_build, remember_build};
pub use owned::MANIFEST;
pub use staged::{CommitStats, Staged};

/// Where rendered files go. `build` stages them on disk, `check` discards them, `serve`
/// keeps them in memory.
pub trait Sink: Sync {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error>;
    fn copy(&self, asset: &Asset) -> Result<(), Error>;
    /// A batch of the pages asked to be rendered first is in: a live server can show them
    /// already. `first` for the first batch (the edited pages and those that show them),
    /// not for later ones (their sections' other pages).
    fn first_done(&self, _first: bool) {}
    /// A working file for data a build would otherwise hold in memory to the end (the search
    /// index's postings past their budget). A sink without a folder of its own (`check`,
    /// `serve`) gets one in the system's temporary folder: `check` of a large site should
    /// stay as small as `build`, and `serve` spills only for a site past the budget.
    fn scratch(&self) -> Result<Scratch, Error> {
        Scratch::temp()
    }
}

/// A build's working file (see [`Sink::scratch`]). It has no name (`O_TMPFILE` on Linux,
/// removed as soon as it is made elsewhere), so it never shows in the output, is never
/// swapped in with the staging folder, and the system frees it when it is dropped or the
/// process ends, on an error or a kill alike: nothing is left to clean up.
pub struct Scratch {
    /// The file and its length; appends and reads say where, so one lock covers both.
    file: Mutex<(fs::File, u64)>,
    /// The folder it is in, for error messages.
    dir: PathBuf,
}

impl Scratch {
    /// A working file in `dir` (a staging folder: the output's own file system, which the
    /// site's owner gave room for).
    pub fn in_dir(dir: &Path) -> Result<Scratch, Error> {
        let file = tempfile::tempfile_in(dir).at_path(dir)?;
        Ok(Scratch {
            file: Mutex::new((file, 0)),
            dir: dir.to_path_buf(),
        })
    }

    /// A working file in the system's temporary folder.
    pub fn temp() -> Result<Scratch, Error> {
        Scratch::in_dir(&std::env::temp_dir())
    }

    /// Appends `bytes`; returns where they start.
    pub fn append(&self, bytes: &[u8]) -> Result<u64, Error> {
        use std::io::{Seek, SeekFrom, Write};
        let mut guard = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let (file, len) = &mut *guard;
        let at = *len;
        file.seek(SeekFrom::Start(at)).at_path(&self.dir)?;
        file.write_all(bytes).at_path(&self.dir)?;
        *len += bytes.len() as u64;
        Ok(at)
    }

    /// Fills `buf` with the bytes at `offset`.
    pub fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), Error> {
        use std::io::{Read, Seek, SeekFrom};
        let mut guard = self.file.lock().unwrap_or_else(|p| p.into_inner());
        let (file, _) = &mut *guard;
        file.seek(SeekFrom::Start(offset)).at_path(&self.dir)?;
        file.read_exact(buf).at_path(&self.dir)
    }

    /// The bytes from `start` to `end`, read in order through a buffer of `buffer` bytes.
    pub fn reader(&self, start: u64, end: u64, buffer: usize) -> ScratchReader<'_> {
        ScratchReader {
            scratch: self,
            next: start,
            end,
            buf: Vec::with_capacity(buffer),
            at: 0,
        }
    }
}

/// Reads a stretch of a [`Scratch`] in order.
pub struct ScratchReader<'a> {
    scratch: &'a Scratch,
    /// Where the next refill reads from.
    next: u64,
    end: u64,
    buf: Vec<u8>,
    at: usize,
}

impl ScratchReader<'_> {
    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.buf.len() && self.next == self.end
    }

    /// Fills `out` with the next bytes; an error when fewer are left.
    pub fn read_exact(&mut self, mut out: &mut [u8]) -> Result<(), Error> {
        while !out.is_empty() {
            if self.at == self.buf.len() {
                let left = self.end - self.next;
                if left == 0 {
                    let e = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
                    return Err(Error::io(&self.scratch.dir, e));
                }
                let n = (self.buf.capacity().max(1) as u64).min(left) as usize;
                self.buf.resize(n, 0);
                self.scratch.read_at(self.next, &mut self.buf)?;
                self.next += n as u64;
                self.at = 0;
            }
            let n = out.len().min(self.buf.len() - self.at);
            out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
            self.at += n;
            out = &mut out[n..];
        }
        Ok(())
    }
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
            Origin::Made(bytes) => Arc::clone(bytes),
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

/// How many file names a message lists before it says "and N more".
const LISTED: usize = 5;

/// `1 file` / `3 files`.
fn count_files(n: usize) -> String {
    if n == 1 {
        "1 file".into()
    } else {
        format!("{n} files")
    }
}

/// The first few names as `a`, `b`, and how many more there are, for a message's `files`
/// and `more`.
fn listed(names: &[String]) -> (String, usize) {
    let shown = names
        .iter()
        .take(LISTED)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    (shown, names.len().saturating_sub(LISTED))
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

/// An append-only log beside a newsletter issue's files (`newsletter send`'s journal):
/// each line is written and synced to disk before the call returns, so a line a killed
/// process leaves behind is either whole or the last, torn one.
pub struct Journal {
    file: fs::File,
    path: PathBuf,
}

impl Journal {
    /// Opens (creating it and its folder) the journal at `path` for appending, and locks it.
    pub fn open(path: &Path) -> Result<Journal, Error> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).at_path(dir)?;
        }
        let file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .at_path(path)?;
        // One writer at a time; the lock ends with the process, however it ends.
        if rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive).is_err() {
            return Err(Error::Refused {
                message: crate::msg!("send-journal-in-use", path = path),
                hint: crate::msg!("send-journal-in-use-hint"),
            });
        }
        Ok(Journal {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Appends one line (a newline is added) and waits until it is on disk.
    pub fn append(&mut self, line: &str) -> Result<(), Error> {
        use std::io::Write;
        let mut bytes = line.replace('\n', " ").into_bytes();
        bytes.push(b'\n');
        self.file.write_all(&bytes).at_path(&self.path)?;
        self.file.sync_data().at_path(&self.path)
    }
}
