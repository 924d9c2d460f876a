//! The check that keeps every read inside the site's folder, in a file of its own because it
//! is the security boundary of reading: a site's files come from pull requests, so this is
//! the code to review whenever a link, a special file or a new source folder is handled.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use super::is_ignored;
use crate::error::{self, Diagnostic, Error, IoContext};

/// What a path turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    File,
    Dir,
}

/// The site root as the file system resolves it: every source must resolve inside it.
#[derive(Debug, Clone)]
pub(super) struct Guard {
    /// The root as given, to show paths relative to it.
    root: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

impl Guard {
    pub(super) fn new(root: &Path) -> Result<Guard, Error> {
        Ok(Guard {
            root: root.to_path_buf(),
            real: std::fs::canonicalize(root).at_path(root)?,
        })
    }

    /// The path as messages show it: relative to the site root.
    pub(super) fn display(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.root).unwrap_or(path).to_path_buf()
    }

    /// What `path` is, if it exists and may be read: `Err` when it resolves outside the site
    /// or is neither a file nor a folder (also when reached through a link).
    pub(super) fn check(&self, path: &Path) -> Result<Option<Kind>, Diagnostic> {
        if std::fs::symlink_metadata(path).is_err() {
            return Ok(None);
        }
        let shown = self.display(path);
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(error::broken_link(&shown, &link_target(path)));
            }
            Err(e) => return Err(error::unreadable_source(&shown, &e)),
        };
        if !real.starts_with(&self.real) {
            return Err(error::outside_site(&shown, &link_target(path), &real));
        }
        let meta = std::fs::metadata(&real).map_err(|e| error::unreadable_source(&shown, &e))?;
        let kind = meta.file_type();
        if kind.is_file() {
            Ok(Some(Kind::File))
        } else if kind.is_dir() {
            Ok(Some(Kind::Dir))
        } else {
            Err(error::special_file(&shown, special_kind(&kind)))
        }
    }
}

/// Where the link nearest to `path` points, as written in it; `path` itself when no link is
/// on the way (then the resolved path says the rest).
fn link_target(path: &Path) -> PathBuf {
    let mut p = path;
    loop {
        if let Ok(target) = std::fs::read_link(p) {
            return target;
        }
        match p.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => p = parent,
            _ => return path.to_path_buf(),
        }
    }
}

/// A name for a file that is neither a plain file nor a folder.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "fifo";
        }
        if kind.is_socket() {
            return "socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "device";
        }
    }
    let _ = kind;
    "other"
}

/// Files below `dir` (relative to it), sorted; an absent `dir` has none. Hidden files and
/// editors' temporary files are skipped: they are never meant for the site.
///
/// Links are followed only where they stay inside the site; a link out of it (or a fifo,
/// device or socket, or a broken link) becomes a diagnostic and is not read.
pub(super) fn walk(
    guard: &Guard,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, Error> {
    match guard.check(dir) {
        Ok(Some(Kind::Dir)) => {}
        Ok(_) => return Ok(Vec::new()),
        Err(d) => {
            diags.push(d);
            return Ok(Vec::new());
        }
    }
    let refused = RefCell::new(Vec::new());
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        // By file name, as `sort_by_file_name` sorts, but compared as whole paths: siblings
        // share their folder's path, so the order is the same, and `Path::file_name` parsed
        // both paths again on every comparison (0.8 % of a build's instructions, two walks).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if is_ignored(e.file_name().to_str().unwrap_or("")) {
                return false;
            }
            // Only a link can lead out of the site: checked before it is entered or read.
            if e.path_is_symlink()
                && let Err(d) = guard.check(e.path())
            {
                refused.borrow_mut().push(d);
                return false;
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                if e.loop_ancestor().is_some() {
                    refused
                        .borrow_mut()
                        .push(error::link_loop(&guard.display(&path)));
                    continue;
                }
                // A broken link: `check` says where it points.
                if let Err(d) = guard.check(&path) {
                    refused.borrow_mut().push(d);
                    continue;
                }
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot read"));
                return Err(Error::io(path, io));
            }
        };
        let kind = entry.file_type();
        if kind.is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        } else if !kind.is_dir() {
            refused.borrow_mut().push(error::special_file(
                &guard.display(entry.path()),
                special_kind(&kind),
            ));
        }
    }
    diags.append(&mut refused.into_inner());
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk's order decides the order pages with equal sort keys are listed in, so it is
    /// `walkdir`'s sort by file name, folder by folder, whatever the comparison is made on.
    #[test]
    fn files_come_in_the_order_of_their_names_folder_by_folder() {
        let root = tempfile::tempdir().expect("temp dir");
        let names = [
            "a.md", "a-b/x.md", "a/y.md", "a/z/w.md", "a.b.md", "B.md", "ä.md", "a/Y.md", "ab.md",
        ];
        for name in names {
            let path = root.path().join("content").join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(&path, "x").expect("file");
        }
        let content = root.path().join("content");
        let guard = Guard::new(root.path()).expect("guard");
        let mut diags = Vec::new();
        let found = walk(&guard, &content, &mut diags).expect("walk");
        assert!(diags.is_empty(), "{diags:?}");
        let expected: Vec<PathBuf> = walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&content)
                    .expect("inside")
                    .to_path_buf()
            })
            .collect();
        assert_eq!(found, expected);
        assert_eq!(found.len(), names.len());
    }
}
