//! The only reader of a site's files: `site.yaml`, `content/`, `templates/`, `static/`,
//! `i18n/` and `themes/<theme>/`.
//!
//! Everything is read up front, in parallel, into plain data; the later stages never touch
//! the file system. The bundled default theme is compiled into the binary, so a site without
//! a `themes/default/` folder of its own still builds (as mdBook does with its theme), and a
//! site that has one need only hold the files it changes.
//!
//! Nothing from outside the site's folder is ever read: a site's files come from pull
//! requests, and a link such as `static/env.txt -> /proc/self/environ` would otherwise put
//! the build machine's secrets on the public site. Every path is checked against the site
//! root as the file system resolves it ([`Guard`]), links that stay inside keep working, and
//! devices, fifos and sockets are refused (reading a fifo would also hang the build). Such
//! files, and text that is not UTF-8, are content errors, collected with all the others.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::CONFIG_FILE;
use crate::error::{self, Diagnostic, Error, IoContext};
use crate::theme;

mod guard;

use guard::{Guard, Kind, walk};

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
    /// Made by this build from the site's files (the icons drawn from the logo).
    Made(std::sync::Arc<[u8]>),
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
    /// When each of `data` was last committed, by path relative to `content/`, when the
    /// site is a git checkout: "the data changed on", which the build date is not.
    pub committed: std::collections::HashMap<PathBuf, jiff::Timestamp>,
    /// Non-Markdown, non-YAML files under `content/` (page bundles' files).
    pub bundle_files: Vec<Asset>,
    pub static_files: Vec<Asset>,
    pub templates: Vec<Template>,
    /// The theme's translations, then the site's, for the configured language.
    pub translations: Vec<Translations>,
    /// The same for each of the site's other languages (`languages:`), by language code.
    pub other_translations: Vec<(String, Vec<Translations>)>,
    /// False when the theme is neither built in nor a folder `themes/<theme>/`.
    pub theme_found: bool,
    /// Files that could not be used as they are: links out of the site, fifos and the like,
    /// text that is not UTF-8. Reported with the build's other content errors.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `site.yaml`. Text that is not UTF-8 comes back decoded as well as it can be, with
/// its diagnostic, so the build can still report the site's other mistakes with it.
pub fn read_config(root: &Path) -> Result<(String, Option<Diagnostic>), Error> {
    let guard = Guard::new(root)?;
    let path = root.join(CONFIG_FILE);
    match guard.check(&path) {
        Ok(Some(Kind::File)) => {}
        Ok(_) => {
            // Missing (or a folder): the I/O error names it, as before.
            return std::fs::read_to_string(&path)
                .at_path(&path)
                .map(|text| (text, None));
        }
        Err(d) => return Err(Error::Content(vec![d])),
    }
    let bytes = std::fs::read(&path).at_path(&path)?;
    Ok(decode(Path::new(CONFIG_FILE), bytes))
}

/// Text of a source file: UTF-8 without its byte-order mark. Other bytes give a diagnostic
/// at the first bad byte, and the text decoded as well as it can be, so that the file's
/// other mistakes, and other files' mistakes that depend on it, are still found without a
/// cascade of errors about mangled words: runs of valid UTF-8 as they are, each byte that
/// is not as Windows-1252 (the encoding such Swedish text nearly always is).
fn decode(display: &Path, mut bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    // Validated once, by simdutf8: std's check reads Swedish text (an å, ä or ö every few
    // words breaks its ASCII fast path) at about 4.7 instructions a byte, 2.5 % of a build's
    // instructions (cachegrind, 1,000 pages); simdutf8 reads 32 bytes a step. Only a file
    // that fails goes through std again, for the error's position.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: simdutf8 has just validated `bytes` as UTF-8.
        return (unsafe { String::from_utf8_unchecked(bytes) }, None);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let body = e.as_bytes();
            let diag = error::not_utf8(display, body, e.utf8_error());
            let mut text = String::with_capacity(body.len() + 16);
            for chunk in body.utf8_chunks() {
                text.push_str(chunk.valid());
                let (decoded, _) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(chunk.invalid());
                text.push_str(&decoded);
            }
            (text, Some(diag))
        }
    }
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
    others_languages: &[String],
    stamps: bool,
) -> Result<Sources, Error> {
    let guard = Guard::new(root)?;
    let mut diagnostics = Vec::new();
    let diags = &mut diagnostics;
    let content_dir = root.join("content");
    let mut markdown = Vec::new();
    let mut yaml = Vec::new();
    let mut others = Vec::new();
    for rel in walk(&guard, &content_dir, diags)? {
        match rel.extension().and_then(|e| e.to_str()) {
            Some("md") => markdown.push(rel),
            Some("yaml" | "yml") => yaml.push(rel),
            _ => others.push(rel),
        }
    }
    let data = read_texts(&content_dir, yaml, diags)?;
    let committed = last_commits(root, &data);
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
    // A theme folder that may not be read counts as found (its diagnostic says why) but is
    // not read.
    let (theme_on_disk, theme_readable) = match guard.check(&theme_dir) {
        Ok(kind) => (kind == Some(Kind::Dir), true),
        Err(d) => {
            diags.push(d);
            (true, false)
        }
    };
    let builtin: &[(&str, &[u8])] = if theme_name == theme::DEFAULT_NAME {
        theme::FILES
    } else {
        &[]
    };
    let theme_found = !builtin.is_empty() || theme_on_disk;
    let builtin_under = |prefix: &'static str| {
        builtin
            .iter()
            .filter_map(move |(rel, bytes)| Some((rel.strip_prefix(prefix)?, *bytes)))
    };
    let theme_templates = if theme_readable {
        read_templates(&guard, root, &theme_display.join("templates"), diags)?
    } else {
        Vec::new()
    };
    let templates = first_wins(
        [
            read_templates(&guard, root, Path::new("templates"), diags)?,
            theme_templates,
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

    let static_dir = root.join("static");
    let site_static = hash_files(&static_dir, walk(&guard, &static_dir, diags)?)?;
    let theme_static = if theme_readable {
        let dir = theme_dir.join("static");
        hash_files(&dir, walk(&guard, &dir, diags)?)?
    } else {
        Vec::new()
    };
    let static_files = first_wins(
        [
            site_static,
            theme_static,
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
    let mut read_words = |language: &str| -> Result<Vec<Translations>, Error> {
        let file = format!("i18n/{language}.yaml");
        // The theme's Arabic and Finnish words leave out the accessibility statement and
        // the newsletter, whose texts are Swedish law and Swedish mail: English fills in.
        let base = match language {
            "sv" | "en" => None,
            _ => Some("i18n/en.yaml"),
        };
        let mut translations: Vec<Translations> = builtin
            .iter()
            .filter(|(rel, _)| Some(*rel) == base)
            .chain(builtin.iter().filter(|(rel, _)| *rel == file))
            .map(|(_, bytes)| Translations {
                path: theme_display.join(&file),
                text: String::from_utf8_lossy(bytes).into_owned(),
            })
            .collect();
        let layers = [
            (theme_readable, theme_display.join(&file)),
            (true, PathBuf::from(&file)),
        ];
        for (_, display) in layers.into_iter().filter(|(readable, _)| *readable) {
            if let Some(text) = read_if_file(&guard, &root.join(&display), &display, diags)? {
                translations.push(Translations {
                    path: display,
                    text,
                });
            }
        }
        Ok(translations)
    };
    let translations = read_words(language)?;
    let other_translations = others_languages
        .iter()
        .map(|l| Ok((l.clone(), read_words(l)?)))
        .collect::<Result<_, Error>>()?;

    Ok(Sources {
        content_dir,
        markdown,
        stamps,
        data,
        committed,
        bundle_files,
        static_files,
        templates,
        translations,
        other_translations,
        theme_found,
        diagnostics,
    })
}
/// The last commit time of each data file, from the site's git history: local, read-only
/// (`git log` never touches the network), and empty when git or a checkout is missing.
/// A file with uncommitted changes keeps its last commit's time.
///
/// One `git log` over all the files, newest commit first, each file taking the first time
/// it is named: one process rather than one per file, so `serve` stays quick.
fn last_commits(
    root: &Path,
    data: &[TextFile],
) -> std::collections::HashMap<PathBuf, jiff::Timestamp> {
    use std::process::{Command, Stdio};
    let mut found = std::collections::HashMap::new();
    if data.is_empty() {
        return found;
    }
    let paths: Vec<String> = data
        .iter()
        .filter_map(|f| {
            Some(
                Path::new("content")
                    .join(&f.rel)
                    .to_str()?
                    .replace('\\', "/"),
            )
        })
        .collect();
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        // `%x00` marks a commit's time line; file names follow it, relative to the root.
        .args(["-c", "core.quotepath=off", "log", "--format=%x00%cI"])
        .args(["--name-only", "--relative", "--"])
        .args(&paths)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    let Ok(out) = out else {
        return found;
    };
    if !out.status.success() {
        return found;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut time = None;
    for line in text.lines() {
        if let Some(t) = line.strip_prefix('\0') {
            time = t.parse::<jiff::Timestamp>().ok();
        } else if let (Some(t), Some(rel)) = (time, line.strip_prefix("content/")) {
            found.entry(PathBuf::from(rel)).or_insert(t);
        }
    }
    found
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
/// It is checked as the full build checks it; any problem is an error here, and the full
/// rebuild that follows reports it properly.
pub fn read_content_file(root: &Path, rel: &Path) -> Result<TextFile, Error> {
    let guard = Guard::new(root)?;
    let content_dir = root.join("content");
    let path = content_dir.join(rel);
    match guard.check(&path) {
        Ok(Some(Kind::File)) => {}
        Ok(_) => return Err(Error::io(&path, std::io::ErrorKind::NotFound.into())),
        Err(d) => return Err(Error::Content(vec![d])),
    }
    match read_text(&content_dir, rel.to_path_buf())? {
        (file, None) => Ok(file),
        (_, Some(d)) => Err(Error::Content(vec![d])),
    }
}

impl Sources {
    /// Reads one Markdown file listed in `markdown`, with the diagnostic of its encoding when
    /// it is not UTF-8 (the text is then decoded as well as it can be).
    /// The Markdown files' total size in bytes, from their metadata (the stamps when read),
    /// before any is read: a build decides from it whether to keep the pages' bodies. A file
    /// whose metadata cannot be read counts nothing; reading it reports the error.
    pub fn markdown_bytes(&self) -> u64 {
        if self.stamps.len() == self.markdown.len() {
            return self.stamps.iter().map(|s| s.len).sum();
        }
        self.markdown
            .par_iter()
            .map(|rel| std::fs::metadata(self.content_dir.join(rel)).map_or(0, |m| m.len()))
            .sum()
    }

    pub fn read_markdown(&self, rel: &Path) -> Result<(TextFile, Option<Diagnostic>), Error> {
        // Listed by `walk`, which checked it. Not checked again: whoever can swap files
        // during a build already runs code on the build machine.
        read_text(&self.content_dir, rel.to_path_buf())
    }
}

/// Reads a Markdown file under `content_dir` again, as [`Sources::read_markdown`] read it:
/// a streamed build renders each page's body from its file when the page is written.
pub fn reread_markdown(content_dir: &Path, rel: &Path) -> Result<TextFile, Error> {
    read_text(content_dir, rel.to_path_buf()).map(|(file, _)| file)
}

fn read_text(dir: &Path, rel: PathBuf) -> Result<(TextFile, Option<Diagnostic>), Error> {
    let path = dir.join(&rel);
    let bytes = std::fs::read(&path).at_path(&path)?;
    let (text, diag) = decode(&Path::new("content").join(&rel), bytes);
    Ok((TextFile { rel, text }, diag))
}

fn read_texts(
    dir: &Path,
    rels: Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<TextFile>, Error> {
    let read: Vec<(TextFile, Option<Diagnostic>)> = rels
        .into_par_iter()
        .map(|rel| read_text(dir, rel))
        .collect::<Result<_, Error>>()?;
    Ok(read
        .into_iter()
        .map(|(file, diag)| {
            diags.extend(diag);
            file
        })
        .collect())
}

/// Reads a text file listed by `walk`, reporting an encoding problem into `diags`.
fn read_decoded(path: &Path, display: &Path, diags: &mut Vec<Diagnostic>) -> Result<String, Error> {
    let bytes = std::fs::read(path).at_path(path)?;
    let (text, diag) = decode(display, bytes);
    diags.extend(diag);
    Ok(text)
}

/// Reads a single text file the build looks for by name, if it is there and may be read.
fn read_if_file(
    guard: &Guard,
    path: &Path,
    display: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<String>, Error> {
    match guard.check(path) {
        Ok(Some(Kind::File)) => read_decoded(path, display, diags).map(Some),
        Ok(_) => Ok(None),
        Err(d) => {
            diags.push(d);
            Ok(None)
        }
    }
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
fn read_templates(
    guard: &Guard,
    root: &Path,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Template>, Error> {
    let dir = root.join(rel);
    walk(guard, &dir, diags)?
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let display = rel.join(&name);
            Ok(Template {
                text: read_decoded(&path, &display, diags)?,
                name: slash(&name),
                path: display,
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
        Origin::Made(bytes) => Ok(bytes.to_vec()),
    }
}

/// A file of vardlots' own cache below the site root (an image cache entry's description),
/// `None` when it is not there.
///
/// The cache sits in the site's folder, where a pull request could plant an entry whose
/// files are links to the build machine's files; so only plain files are read, never links.
pub fn read_cache_file(path: &Path) -> Option<Vec<u8>> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    std::fs::read(path).ok()
}

/// Whether a cached file is there whole: a plain file (not a link), with the length it was
/// written with.
pub fn cache_file_has_len(path: &Path, len: u64) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == len)
}

/// The first folder on `rel` (relative to `root`) that is a link, relative to `root`.
pub fn first_link_on_path(root: &Path, rel: &Path) -> Option<PathBuf> {
    let mut at = PathBuf::new();
    for part in rel.components() {
        at.push(part);
        if std::fs::symlink_metadata(root.join(&at)).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(at);
        }
    }
    None
}

/// Whether something that is not a folder (a file, a link) is at `path`.
pub fn exists_but_not_a_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir())
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

/// Longest quoted source line, in characters: a minified line would otherwise fill the
/// terminal and the overlay.
const QUOTED_LINE_MAX: usize = 160;

/// Puts the line each finding points at into it (`source_line`), so the report can quote the
/// line with a caret under the column. Read here because this module is the only reader of
/// site files; a file that cannot be read (or lies outside the site) is simply not quoted.
pub fn quote_lines(root: &Path, diags: &mut [Diagnostic]) {
    let Ok(guard) = Guard::new(root) else {
        return;
    };
    let mut texts: std::collections::HashMap<PathBuf, Option<String>> =
        std::collections::HashMap::new();
    for d in diags.iter_mut() {
        let Some(line) = d.line.filter(|_| d.source_line.is_none()) else {
            continue;
        };
        if d.path.as_os_str().is_empty() || d.path.is_absolute() {
            continue;
        }
        let text = texts.entry(d.path.clone()).or_insert_with(|| {
            let path = root.join(&d.path);
            match guard.check(&path) {
                Ok(Some(Kind::File)) => std::fs::read(&path)
                    .ok()
                    .map(|bytes| decode(&d.path, bytes).0),
                _ => None,
            }
        });
        let quoted = text
            .as_deref()
            .and_then(|t| t.lines().nth(line.saturating_sub(1) as usize))
            .map(|l| {
                l.trim_end()
                    .chars()
                    .take(QUOTED_LINE_MAX)
                    .collect::<String>()
            })
            .filter(|l| !l.trim().is_empty());
        d.source_line = quoted;
    }
}

/// The report settings of `site.yaml` (its language, the editor link), or the defaults
/// when it cannot be read.
pub fn report_settings(root: &Path) -> crate::config::ReportSettings {
    match read_config(root) {
        Ok((text, _)) => crate::config::ReportSettings::parse(&text),
        Err(_) => crate::config::ReportSettings::default(),
    }
}

/// The folders below the site root that a build reads files from (see [`read_site`]); the
/// whole `themes/` folder, not only the configured theme's, so that the fingerprint needs
/// no `site.yaml` parsed to know what to look at (a file of another theme merely costs a
/// rebuild when it changes).
const INPUT_DIRS: &[&str] = &["content", "templates", "static", "i18n", "themes"];

/// Everything a build reads, summed up from file names, sizes and modification times
/// without reading a file: `vardlots build` compares it with the last build's to recognise
/// an unchanged site (see `pipeline::build`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// xxh3-128 over each input's path, size and modification time, the files that could
    /// not be used, and the git commit the data files' dates come from.
    pub hash: u128,
    /// The newest modification time among the inputs: a file changed again within the same
    /// tick of a coarse file-system clock keeps its time, so a fingerprint taken that soon
    /// after a change cannot vouch for the file ("racy git").
    pub newest: Option<std::time::SystemTime>,
}

/// The site's inputs as a [`Fingerprint`]: the same files [`read_site`] lists (through the
/// same [`walk`], so ignored and refused files count alike), stat'ed in parallel. `None`
/// when the site root cannot be resolved; the build then reports why.
pub fn fingerprint(root: &Path) -> Option<Fingerprint> {
    let guard = Guard::new(root).ok()?;
    let mut refused = Vec::new();
    let mut files = vec![PathBuf::from(CONFIG_FILE)];
    for dir in INPUT_DIRS {
        let found = walk(&guard, &root.join(dir), &mut refused).ok()?;
        files.extend(found.into_iter().map(|rel| Path::new(dir).join(rel)));
    }
    let stats: Vec<(u64, Option<std::time::SystemTime>)> = files
        .par_iter()
        .map(|rel| match std::fs::metadata(root.join(rel)) {
            Ok(meta) => (meta.len(), meta.modified().ok()),
            // Absent (site.yaml), or gone since it was listed: a value no file has.
            Err(_) => (u64::MAX, None),
        })
        .collect();
    let mut bytes = Vec::with_capacity(files.len() * 64);
    for (rel, (len, modified)) in files.iter().zip(&stats) {
        bytes.extend_from_slice(slash(rel).as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.extend_from_slice(&nanos(*modified).to_le_bytes());
    }
    for d in &refused {
        bytes.extend_from_slice(format!("refused {}\0", d.path.display()).as_bytes());
    }
    // Units without `uppdaterad:` take their file's last commit date: a new commit may
    // change them without changing a file.
    let has_data = files.iter().any(|rel| {
        rel.starts_with("content")
            && matches!(
                rel.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
    });
    if has_data {
        bytes.extend_from_slice(b"git ");
        bytes.extend_from_slice(&git_head(root));
    }
    Some(Fingerprint {
        hash: xxhash_rust::xxh3::xxh3_128(&bytes),
        newest: stats.iter().filter_map(|(_, m)| *m).max(),
    })
}

fn nanos(time: Option<std::time::SystemTime>) -> u128 {
    time.and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// The commit the site's checkout is at (what [`last_commits`] reads the history from);
/// empty when git or a checkout is missing.
fn git_head(root: &Path) -> Vec<u8> {
    use std::process::{Command, Stdio};
    Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| out.stdout)
        .unwrap_or_default()
}
