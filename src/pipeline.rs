//! The one place that knows the order of the stages:
//! read → parse → assemble the model → render Markdown → render templates → write.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, sort_and_dedup};
use crate::guide_pages;
use crate::images;
use crate::newsletter;
use crate::output::{Discard, Sink, Staged};
use crate::page;
use crate::render::{self, Renderer, Translations};
use crate::search;
use crate::site::Site;
use crate::source::{self, Sources};
use crate::unit_pages;
use crate::yaml::{self, Origin};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Where `build` writes; `None` for `check`, which writes nothing.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The day the care units' calendars start; today in Europe/Stockholm when `None`.
    pub date: Option<jiff::civil::Date>,
}

/// Seconds spent in each stage, for the build summary and the benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: f64,
    pub parse: f64,
    /// Building the templates' shared views and compiling the templates.
    pub prepare: f64,
    /// Wall time of template rendering, with the writes it hands to the output.
    pub render: f64,
    /// Time spent writing files, summed over threads.
    pub write: f64,
    /// Swapping the new output in and removing the old.
    pub commit: f64,
    pub total: f64,
}

#[derive(Debug, Clone)]
pub struct Report {
    pub pages: usize,
    pub files: usize,
    /// Files unchanged since the previous build, linked instead of written.
    pub unchanged: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Runs a whole build (or a check, when `opts.output` is `None`).
pub fn run(opts: &Options) -> Result<Report, Error> {
    let target = match &opts.output {
        Some(output) => Target::Output(output),
        None => Target::Check,
    };
    Builder::new(opts.clone()).build(target, &[])
}

/// Where a build's files go.
pub enum Target<'a> {
    /// Staged beside this folder and swapped in when the build succeeded.
    Output(&'a Path),
    /// Nowhere: `check`.
    Check,
    /// Any sink, such as `serve`'s memory.
    Sink(&'a dyn Sink),
}

/// Runs builds. Between builds (in `serve`) it keeps every parsed Markdown file with the
/// size and modification time it was read at, so a rebuild reads and parses only the files
/// that changed; it does not depend on the watcher having reported every change.
pub struct Builder {
    opts: Options,
    cache: HashMap<PathBuf, Cached>,
    /// The Markdown options the cache was made with; parsed files depend on them.
    markdown_key: String,
    /// The last successful build's renderer, kept in `serve` to re-render an edited page at
    /// once (see [`Quick`]).
    last: Option<Arc<Quick>>,
}

/// What re-renders an edited page against the last good build, shared with `serve`'s quick
/// thread so it can work while the next full build runs.
pub struct Quick {
    renderer: Renderer,
    root: PathBuf,
    allow_scripts: bool,
    site_origin: String,
    table_label: String,
}

impl Quick {
    /// The page of an edited content file (relative to `content/`), rendered against this
    /// build's model. `None` when that is not safe (its front matter changed, it is new, it
    /// does not parse) or not possible; the full rebuild covers those.
    pub fn render_edited(&self, rel: &str) -> Option<(String, Vec<u8>)> {
        let file = source::read_content_file(&self.root, Path::new(rel)).ok()?;
        let md = crate::markdown::Options {
            allow_scripts: self.allow_scripts,
            site_origin: &self.site_origin,
            table_label: &self.table_label,
        };
        let doc = page::parse(file, &md).ok()?;
        self.renderer.render_edited(Arc::new(doc))
    }
}

struct Cached {
    stamp: source::Stamp,
    parsed: Result<Arc<page::Document>, Vec<Diagnostic>>,
}

impl Builder {
    pub fn new(opts: Options) -> Builder {
        Builder {
            opts,
            cache: HashMap::new(),
            markdown_key: String::new(),
            last: None,
        }
    }

    /// The page of an edited content file rendered against the last good build (see
    /// [`Quick::render_edited`]); `None` also when there was no good build yet.
    pub fn render_edited(&self, rel: &str) -> Option<(String, Vec<u8>)> {
        self.last.as_ref()?.render_edited(rel)
    }

    /// The last good build's quick re-renderer, for `serve`'s quick thread.
    pub fn quick(&self) -> Option<Arc<Quick>> {
        self.last.clone()
    }

    /// Forgets the parsed copies of these content files (relative to `content/`): the
    /// watcher saw them change. Their size and modification time alone can miss two saves
    /// within one tick of the file system's clock.
    pub fn invalidate(&mut self, changed: &[String]) {
        for rel in changed {
            self.cache.remove(Path::new(rel));
        }
    }

    /// Builds the site into `target`, rendering the pages of the content files `first`
    /// (paths relative to `content/`) before all others.
    pub fn build(&mut self, target: Target<'_>, first: &[String]) -> Result<Report, Error> {
        let opts = &self.opts;
        let started = Instant::now();
        let mut timings = Timings::default();
        let mut diags: Vec<Diagnostic> = Vec::new();

        let config_text = source::read_config(&opts.root)?;
        let (mut config, keys) = Config::parse(&config_text).map_err(Error::Content)?;
        if let Some(url) = &opts.base_url {
            config.base_url = url.trim_end_matches('/').to_string();
        }
        let keep_stamps = matches!(target, Target::Sink(_));
        let sources = source::read_site(&opts.root, &config.theme, &config.language, keep_stamps)?;
        if !sources.theme_found {
            let mut d =
                Diagnostic::error("site.yaml", format!("there is no theme `{}`", config.theme))
                    .context("site.yaml field `theme`")
                    .hint(format!(
                        "themes live in themes/<name>/; the built-in theme is `{}`",
                        crate::theme::DEFAULT_NAME
                    ));
            if let Some((l, c)) = keys.position("theme") {
                d = d.at(l, c);
            }
            return Err(Error::Content(vec![d]));
        }
        timings.load = started.elapsed().as_secs_f64();

        let parse_started = Instant::now();
        let translations = merge_translations(&sources.translations, &mut diags);
        let site_origin = origin_of(&config.base_url).to_string();
        let table_label = translations.get("table").cloned().unwrap_or_default();
        let md = crate::markdown::Options {
            allow_scripts: config.markdown.allow_scripts,
            site_origin: &site_origin,
            table_label: &table_label,
        };
        let markdown_key = format!("{}\0{site_origin}\0{table_label}", md.allow_scripts);
        if markdown_key != self.markdown_key {
            self.cache.clear();
            self.markdown_key = markdown_key;
        }
        // Read, parse and render each file in one task, so its text is freed at once.
        let cache = &self.cache;
        let parsed: Vec<(PathBuf, Cached)> = sources
            .markdown
            .par_iter()
            .enumerate()
            .map(|(i, rel)| {
                let stamp = sources.stamps.get(i).copied().unwrap_or_default();
                if let Some(hit) = cache.get(rel).filter(|c| keep_stamps && c.stamp == stamp) {
                    let parsed = match &hit.parsed {
                        Ok(doc) => Ok(Arc::clone(doc)),
                        Err(e) => Err(e.clone()),
                    };
                    return Ok((rel.clone(), Cached { stamp, parsed }));
                }
                let parsed = page::parse(sources.read_markdown(rel)?, &md).map(Arc::new);
                Ok((rel.clone(), Cached { stamp, parsed }))
            })
            .collect::<Result<_, Error>>()?;
        let mut docs = Vec::with_capacity(parsed.len());
        let mut cache = HashMap::with_capacity(if keep_stamps { parsed.len() } else { 0 });
        for (rel, cached) in parsed {
            match &cached.parsed {
                Ok(d) => {
                    // Kept with the parsed file, so a cached file reports them again.
                    let rules = &config.accessibility.rules;
                    for f in &d.content.lint.findings {
                        diags.push(f.clone().into_diagnostic(&d.display, rules));
                    }
                    docs.push(Arc::clone(d));
                }
                Err(e) => diags.extend(e.iter().cloned()),
            }
            if keep_stamps {
                cache.insert(rel, cached);
            }
        }
        self.cache = cache;
        let build_date = opts.date.unwrap_or_else(unit_pages::today);
        let units = unit_pages::load(&sources.data, build_date);
        if let Some(u) = &units {
            diags.extend(u.diagnostics.iter().cloned());
            diags.append(&mut unit_pages::add_documents(&mut docs, u, &translations));
        }
        newsletter::add_documents(&mut docs, &translations);
        let guide = guide_pages::load(&sources.data, units.as_ref());
        if let Some(g) = &guide {
            diags.extend(g.diagnostics.iter().cloned());
            guide_pages::add_documents(&mut docs, g, &translations);
        }
        if config.search.enabled {
            search::add_documents(&mut docs, &translations);
        }
        let Sources {
            bundle_files,
            mut static_files,
            templates,
            ..
        } = sources;
        diags.append(&mut config.accessibility.check_statement_pages(&docs));
        let (mut site, mut found) = Site::assemble(config, docs, bundle_files, opts.drafts);
        diags.append(&mut found);
        diags.append(&mut site.resolve_links());
        // Images: processed (or taken from the cache), and their originals, which may carry
        // where a photo was taken, replaced by the processed files.
        let originals: Vec<&source::Asset> = site
            .assets
            .iter()
            .chain(static_files.iter())
            .filter(|a| images::is_image(&a.rel))
            .collect();
        let (processed, mut found) = images::process(&opts.root, &originals, &site.config.images);
        diags.append(&mut found);
        diags.append(&mut site.resolve_images(&processed, &static_files));
        site.assets.retain(|a| !images::is_image(&a.rel));
        static_files.retain(|a| !images::is_image(&a.rel));
        site.assets.extend(processed.files);
        timings.parse = parse_started.elapsed().as_secs_f64();
        release_free_memory();

        let prepare_started = Instant::now();
        let site = Arc::new(site);
        let views = render::build_views(&site);
        let (letters, mut found) = newsletter::prepare(&site, units.as_ref(), &translations);
        diags.append(&mut found);
        let letters = Arc::new(letters);
        let (unit_views, mut unit_files) = match &units {
            Some(u) => {
                let (views, files) = rayon::join(
                    || unit_pages::views(&site, u, &translations, build_date),
                    || unit_pages::files(&site, u, build_date),
                );
                (Some(Arc::new(views)), files)
            }
            None => (None, Vec::new()),
        };
        let guide_views = guide.as_ref().map(|g| {
            Arc::new(guide_pages::views(
                &site,
                g,
                units.as_ref(),
                &translations,
                build_date,
            ))
        });
        let search_views = search::views(&site, units.as_ref()).map(Arc::new);
        let search_words = search::client_words(&translations);
        // The index reads each page as it is rendered (through `search::tap`), into the
        // same sink.
        let indexer = search::Indexer::new(&site, units.as_ref(), search_words)?;
        let renderer = match Renderer::new(
            Arc::clone(&site),
            views,
            &templates,
            translations,
            &static_files,
            |tera| {
                unit_pages::register(tera, unit_views);
                newsletter::register(tera, Arc::clone(&letters));
                guide_pages::register(tera, guide_views);
                search::register(tera, search_views);
            },
        ) {
            Ok(r) => {
                let (mut files, mut found) = newsletter::render(&r, &letters);
                unit_files.append(&mut files);
                diags.append(&mut found);
                Some(r)
            }
            Err(mut e) => {
                diags.append(&mut e);
                None
            }
        };
        let Some(renderer) = renderer.filter(|_| !diags.iter().any(Diagnostic::is_error)) else {
            return Err(content_error(diags));
        };
        timings.prepare = prepare_started.elapsed().as_secs_f64();

        let render_started = Instant::now();
        let (files, unchanged) = match target {
            Target::Check | Target::Sink(_) => {
                let sink: &dyn Sink = match target {
                    Target::Sink(sink) => sink,
                    _ => &Discard,
                };
                for (rel, bytes) in &unit_files {
                    sink.put(rel, bytes)?;
                }
                let tap = search::tap(indexer.as_ref(), sink);
                diags.append(&mut renderer.render_all(&tap, &static_files, first)?);
                indexer.map(|ix| ix.finish(sink)).transpose()?;
                timings.render = render_started.elapsed().as_secs_f64();
                (0, 0)
            }
            Target::Output(output) => {
                let staged = Staged::begin(output, &opts.root)?;
                for (rel, bytes) in &unit_files {
                    staged.put(rel, bytes)?;
                }
                let tap = search::tap(indexer.as_ref(), &staged);
                let rendered = renderer.render_all(&tap, &static_files, first);
                let indexed = indexer.map(|ix| ix.finish(&staged)).transpose();
                timings.render = render_started.elapsed().as_secs_f64();
                let rendered = indexed.and(rendered);
                match rendered {
                    Ok(mut found) if !found.iter().any(Diagnostic::is_error) => {
                        diags.append(&mut found);
                        let stats = staged.commit()?;
                        timings.write = stats.write_seconds;
                        timings.commit = stats.commit_seconds;
                        (stats.files, stats.linked)
                    }
                    Ok(mut found) => {
                        staged.abort()?;
                        diags.append(&mut found);
                        return Err(content_error(diags));
                    }
                    Err(e) => {
                        // The I/O failure is the one to report; cleaning up is best effort.
                        let _ = staged.abort();
                        return Err(e);
                    }
                }
            }
        };
        if diags.iter().any(Diagnostic::is_error) {
            return Err(content_error(diags));
        }
        sort_and_dedup(&mut diags);
        if keep_stamps {
            self.last = Some(Arc::new(Quick {
                renderer,
                root: opts.root.clone(),
                allow_scripts: site.config.markdown.allow_scripts,
                site_origin: origin_of(&site.config.base_url).to_string(),
                table_label: table_label.clone(),
            }));
        }
        timings.total = started.elapsed().as_secs_f64();
        Ok(Report {
            pages: site.pages.len(),
            files,
            unchanged,
            warnings: diags,
            timings,
        })
    }
}

fn content_error(mut diags: Vec<Diagnostic>) -> Error {
    sort_and_dedup(&mut diags);
    Error::Content(diags)
}

/// The theme's words for the language, with the site's own overrides on top.
fn merge_translations(files: &[source::Translations], diags: &mut Vec<Diagnostic>) -> Translations {
    let mut merged = BTreeMap::new();
    for f in files {
        let origin = Origin {
            path: &f.path,
            line_offset: 0,
            what: "translations",
        };
        match yaml::parse_value::<BTreeMap<String, String>>(&f.text, origin) {
            Ok(map) => merged.extend(map),
            Err(d) => diags.push(d.hint("a translations file is a list of `key: text` lines")),
        }
    }
    merged
}

/// `https://host[:port]` of a base URL.
fn origin_of(base_url: &str) -> &str {
    let after = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[after..].find('/') {
        Some(i) => &base_url[..after + i],
        None => base_url,
    }
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}

/// Gives the memory freed by the parse pass (every file's text and its parser's buffers)
/// back to the system. glibc keeps freed memory mapped; without this the holes left between
/// pages' long-lived HTML add a fifth to peak memory on the 10,000-page benchmark.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}
