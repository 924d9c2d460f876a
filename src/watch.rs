//! Watching a site's sources for `serve`: which files changed, sorted by what a change to
//! them means for the rebuild (as Zola's `ChangeKind` does).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::error::{Error, IoContext};
use crate::source::is_ignored;

/// How long the sources must be quiet before a rebuild starts. Editors that save by writing
/// a temporary file and renaming it produce their events within a few milliseconds; 15 ms
/// batches those while keeping most of the 100 ms save-to-page budget for the build.
pub const QUIET: Duration = Duration::from_millis(15);

/// What a changed file is to the build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A Markdown file, relative to `content/`: its page is rendered first.
    Content(String),
    /// A stylesheet: open pages swap it without a reload.
    Stylesheet,
    /// Anything else the build reads: templates, data, translations, other static files.
    Other,
    /// `site.yaml`.
    Config,
}

/// The folders and files of a site that a build reads.
fn watched(root: &Path) -> Vec<(PathBuf, RecursiveMode)> {
    let mut paths: Vec<(PathBuf, RecursiveMode)> =
        ["content", "templates", "themes", "static", "i18n"]
            .iter()
            .map(|d| root.join(d))
            .filter(|p| p.is_dir())
            .map(|p| (p, RecursiveMode::Recursive))
            .collect();
    // The root itself only for site.yaml: recursively it would include public/ and target/.
    paths.push((root.to_path_buf(), RecursiveMode::NonRecursive));
    paths
}

/// Sorts one changed path; `None` for files the build does not read (editors' swap and
/// backup files, anything outside the watched folders).
pub fn classify(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.file_name()?.to_str()?;
    if rel
        .components()
        .any(|c| is_ignored(&c.as_os_str().to_string_lossy()))
    {
        return None;
    }
    let top = rel.components().next()?.as_os_str().to_str()?;
    match top {
        _ if rel == Path::new(CONFIG_FILE) => Some(ChangeKind::Config),
        "content" if name.ends_with(".md") => Some(ChangeKind::Content(crate::source::slash(
            rel.strip_prefix("content").ok()?,
        ))),
        "static" | "themes" if name.ends_with(".css") => Some(ChangeKind::Stylesheet),
        "content" | "templates" | "themes" | "static" | "i18n" => Some(ChangeKind::Other),
        _ => None,
    }
}

fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind::{Create, Modify, Remove};
    use notify::event::{MetadataKind, ModifyKind};
    match kind {
        Modify(ModifyKind::Metadata(m)) => !matches!(m, MetadataKind::AccessTime),
        Create(_) | Modify(_) | Remove(_) => true,
        _ => false,
    }
}

/// A running watcher; batches of changes arrive on `changes`.
pub struct Watcher {
    /// Kept alive for as long as the watcher is wanted; dropping it stops watching.
    pub guard: notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    pub changes: mpsc::Receiver<Vec<ChangeKind>>,
}

pub fn start(root: &Path) -> Result<Watcher, Error> {
    let root = std::path::absolute(root).at_path(root)?;
    let (tx, rx) = mpsc::channel();
    let handler_root = root.clone();
    let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            return;
        };
        let mut kinds: Vec<ChangeKind> = events
            .iter()
            // Only changes: the build's own reads of the files are events too.
            .filter(|e| is_change(&e.kind))
            .flat_map(|e| e.paths.iter())
            .filter_map(|p| classify(&handler_root, p))
            .collect();
        kinds.sort();
        kinds.dedup();
        if !kinds.is_empty() {
            let _ = tx.send(kinds);
        }
    })
    .map_err(|e| Error::io(&root, std::io::Error::other(e)))?;
    for (path, mode) in watched(&root) {
        debouncer
            .watch(&path, mode)
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
    }
    Ok(Watcher {
        guard: debouncer,
        changes: rx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_sorted_by_what_they_mean() {
        let root = Path::new("/site");
        let c = |p: &str| classify(root, &root.join(p));
        assert_eq!(
            c("content/nyheter/a.md"),
            Some(ChangeKind::Content("nyheter/a.md".into()))
        );
        assert_eq!(c("content/enheter/stenso.yaml"), Some(ChangeKind::Other));
        assert_eq!(c("site.yaml"), Some(ChangeKind::Config));
        assert_eq!(c("templates/page.html"), Some(ChangeKind::Other));
        assert_eq!(c("static/style.css"), Some(ChangeKind::Stylesheet));
        assert_eq!(
            c("themes/default/static/style.css"),
            Some(ChangeKind::Stylesheet)
        );
        assert_eq!(c("content/.a.md.swp"), None);
        assert_eq!(c("content/a.md~"), None);
        assert_eq!(c("content/#a.md#"), None);
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("target/debug/x"), None);
    }
}
