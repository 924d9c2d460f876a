//! The only reader of a site's files: `site.yaml`, `content/`, `templates/`, `static/`,
//! `i18n/` and `themes/<theme>/`.
//!
//! Everything is read up front, in parallel, into plain data; the later stages never touch
//! the file system. The bundled default theme is compiled into the binary, so a site without
//! a `themes/default/` folder of its own still builds (as mdBook does with its theme), and a
//! site that has one need only hold the files it changes.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::error::{Error, IoContext};
use crate::theme;

/// A text file under `content/`, with its path relative to `content/`.
#[derive(Debug, Clone)]
pub struct TextFile {
    pub rel: PathBuf,
    pub text: String,
}

/// Where a file to be copied comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    Disk(PathBuf),
    Builtin(&'static [u8]),
}

/// A file copied to the output as it is: a page bundle's file or a static file.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path in the output, relative to its root, with `/` separators.
    pub rel: String,
    pub origin: Origin,
    /// Content hash, for cache-busting URLs and for skipping unchanged copies.
    pub hash: u64,
    pub len: u64,
}

/// A template, named as templates refer to it (`page.html`, `partials/nav.html`).
#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    /// Where it came from, relative to the site root, for error messages.
    pub path: PathBuf,
    pub text: String,
}

/// A translations file for one language: theme strings first, then the site's overrides.
#[derive(Debug, Clone)]
pub struct Translations {
    pub path: PathBuf,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Sources {
    /// The `content/` folder; Markdown files are read with [`Sources::read_markdown`].
    pub content_dir: PathBuf,
    /// Markdown files under `content/`, relative to it. Listed here and read later, in the
    /// same parallel pass that parses them, so no file's text outlives its own parsing.
    pub markdown: Vec<PathBuf>,
    /// Each Markdown file's size and modification time, when asked for (for `serve`'s cache).
    pub stamps: Vec<Stamp>,
    /// YAML data under `content/` (care units and the like), relative to `content/`.
    pub data: Vec<TextFile>,
    /// Non-Markdown, non-YAML files under `content/` (page bundles' files).
    pub bundle_files: Vec<Asset>,
    pub static_files: Vec<Asset>,
    pub templates: Vec<Template>,
    /// The theme's translations, then the site's, for the configured language.
    pub translations: Vec<Translations>,
    /// False when the theme is neither built in nor a folder `themes/<theme>/`.
    pub theme_found: bool,
}

/// Reads `site.yaml`.
pub fn read_config(root: &Path) -> Result<String, Error> {
    let path = root.join(CONFIG_FILE);
    std::fs::read_to_string(&path).at_path(&path)
}

/// A file's size and modification time: a changed file changes its stamp.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub len: u64,
    pub modified: Option<std::time::SystemTime>,
}

/// Reads everything else the build needs; with `stamps`, also each Markdown file's [`Stamp`].
pub fn read_site(
    root: &Path,
    theme_name: &str,
    language: &str,
    stamps: bool,
) -> Result<Sources, Error> {
    let content_dir = root.join("content");
    let mut markdown = Vec::new();
    let mut yaml = Vec::new();
    let mut others = Vec::new();
    for rel in walk(&content_dir)? {
        match rel.extension().and_then(|e| e.to_str()) {
            Some("md") => markdown.push(rel),
            Some("yaml" | "yml") => yaml.push(rel),
            _ => others.push(rel),
        }
    }
    let data = read_texts(&content_dir, yaml)?;
    let stamps = if stamps {
        markdown
            .par_iter()
            .map(|rel| {
                let path = content_dir.join(rel);
                let meta = std::fs::metadata(&path).at_path(&path)?;
                Ok(Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                })
            })
            .collect::<Result<_, Error>>()?
    } else {
        Vec::new()
    };
    let bundle_files = hash_files(&content_dir, others)?;

    // The theme, file by file: the site's own file wins, then its theme folder's, then (for
    // the default theme) the built-in copy, so a site can override one template or one
    // stylesheet and keep the rest.
    let theme_dir = root.join("themes").join(theme_name);
    let theme_display = Path::new("themes").join(theme_name);
    let builtin: &[(&str, &[u8])] = if theme_name == theme::DEFAULT_NAME {
        theme::FILES
    } else {
        &[]
    };
    let theme_found = !builtin.is_empty() || theme_dir.is_dir();
    let builtin_under = |prefix: &'static str| {
        builtin
            .iter()
            .filter_map(move |(rel, bytes)| Some((rel.strip_prefix(prefix)?, *bytes)))
    };

    let templates = first_wins(
        [
            read_templates(root, Path::new("templates"))?,
            read_templates(root, &theme_display.join("templates"))?,
            builtin_under("templates/")
                .map(|(name, bytes)| Template {
                    name: name.to_string(),
                    path: theme_display.join("templates").join(name),
                    text: String::from_utf8_lossy(bytes).into_owned(),
                })
                .collect(),
        ],
        |t| &t.name,
    );

    let static_files = first_wins(
        [
            hash_files(&root.join("static"), walk(&root.join("static"))?)?,
            hash_files(&theme_dir.join("static"), walk(&theme_dir.join("static"))?)?,
            builtin_under("static/")
                .map(|(rel, bytes)| Asset {
                    rel: rel.to_string(),
                    origin: Origin::Builtin(bytes),
                    hash: xxhash_rust::xxh3::xxh3_64(bytes),
                    len: bytes.len() as u64,
                })
                .collect(),
        ],
        |a| &a.rel,
    );

    // Translations are merged key by key in this order, so the later layers win: the built-in
    // words, then the theme folder's, then the site's own.
    let file = format!("i18n/{language}.yaml");
    let mut translations: Vec<Translations> = builtin
        .iter()
        .filter(|(rel, _)| *rel == file)
        .map(|(_, bytes)| Translations {
            path: theme_display.join(&file),
            text: String::from_utf8_lossy(bytes).into_owned(),
        })
        .collect();
    for display in [theme_display.join(&file), PathBuf::from(&file)] {
        let path = root.join(&display);
        if path.is_file() {
            translations.push(Translations {
                text: std::fs::read_to_string(&path).at_path(&path)?,
                path: display,
            });
        }
    }

    Ok(Sources {
        content_dir,
        markdown,
        stamps,
        data,
        bundle_files,
        static_files,
        templates,
        translations,
        theme_found,
    })
}

/// Files below `dir` (relative to it), sorted; an absent `dir` has none. Hidden files and
/// editors' temporary files are skipped: they are never meant for the site.
fn walk(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name().to_str().unwrap_or("")));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            let io = e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop"));
            Error::io(path, io)
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            files.push(rel.to_path_buf());
        }
    }
    Ok(files)
}

/// Names that editors and tools leave beside real files: `.x.swp`, `x~`, `#x#`, `.DS_Store`.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads one file of `content/` on its own, for `serve`'s quick re-render of an edited page.
pub fn read_content_file(root: &Path, rel: &Path) -> Result<TextFile, Error> {
    read_text(&root.join("content"), rel.to_path_buf())
}

impl Sources {
    /// Reads one Markdown file listed in `markdown`.
    pub fn read_markdown(&self, rel: &Path) -> Result<TextFile, Error> {
        read_text(&self.content_dir, rel.to_path_buf())
    }
}

fn read_text(dir: &Path, rel: PathBuf) -> Result<TextFile, Error> {
    let path = dir.join(&rel);
    let bytes = std::fs::read(&path).at_path(&path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::io(
            &path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"),
        )
    })?;
    Ok(TextFile { rel, text })
}

fn read_texts(dir: &Path, rels: Vec<PathBuf>) -> Result<Vec<TextFile>, Error> {
    rels.into_par_iter()
        .map(|rel| read_text(dir, rel))
        .collect()
}

fn hash_files(dir: &Path, rels: Vec<PathBuf>) -> Result<Vec<Asset>, Error> {
    rels.into_par_iter()
        .map(|rel| {
            let path = dir.join(&rel);
            let bytes = std::fs::read(&path).at_path(&path)?;
            Ok(Asset {
                rel: slash(&rel),
                hash: xxhash_rust::xxh3::xxh3_64(&bytes),
                len: bytes.len() as u64,
                origin: Origin::Disk(path),
            })
        })
        .collect()
}

/// A relative path with `/` separators, as used in URLs and template names.
pub fn slash(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The templates below `rel` (a folder relative to the site root), named as templates refer
/// to them.
fn read_templates(root: &Path, rel: &Path) -> Result<Vec<Template>, Error> {
    let dir = root.join(rel);
    walk(&dir)?
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            Ok(Template {
                text: std::fs::read_to_string(&path).at_path(&path)?,
                name: slash(&name),
                path: rel.join(name),
            })
        })
        .collect()
}

/// The files of the theme's layers, first layer first, with a name only once: the first
/// layer that has it wins. Sorted by name.
fn first_wins<T, const N: usize>(layers: [Vec<T>; N], name: impl Fn(&T) -> &String) -> Vec<T> {
    let mut seen = std::collections::HashSet::new();
    let mut files: Vec<T> = layers
        .into_iter()
        .flatten()
        .filter(|f| seen.insert(name(f).clone()))
        .collect();
    files.sort_by(|a, b| name(a).cmp(name(b)));
    files
}

/// The bytes of an asset's original (an image to process).
pub fn read_asset(asset: &Asset) -> std::io::Result<Vec<u8>> {
    match &asset.origin {
        Origin::Disk(path) => std::fs::read(path),
        Origin::Builtin(bytes) => Ok(bytes.to_vec()),
    }
}

/// A file of vardlots' own cache below the site root (an image cache entry's description),
/// `None` when it is not there.
pub fn read_cache_file(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}

/// Whether a cached file is there whole: present, with the length it was written with.
pub fn cache_file_has_len(path: &Path, len: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == len)
}

/// The entries of a cache folder that hold a file `marker` (an entry's description), by
/// name; empty when there is no such folder.
pub fn cache_entries(dir: &Path, marker: &str) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| e.path().join(marker).is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect()
}
