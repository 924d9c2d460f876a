//! The one place that knows the order of the stages:
//! read → parse → assemble the model → render Markdown → render templates → write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{Diagnostic, Error, sort_and_dedup};
use crate::newsletter;
use crate::output::Sink;
use crate::page;
use crate::render::Renderer;
use crate::source::{self};
use crate::unit;

mod stages;
mod unchanged;

pub use stages::limit_allocator_arenas;
pub use unchanged::{Built, build};

use stages::Loaded;
use stages::{
    Features, MarkdownSettings, Output, assemble, language_words, load, memory_probe, prepare,
    release_free_memory,
};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Where `build` writes; `None` for `check`, which writes nothing.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// The day the care units' calendars start; today in Europe/Stockholm when `None`.
    pub date: Option<jiff::civil::Date>,
    /// The newsletter footer's unsubscribe link in place of `site.yaml`'s (see
    /// [`crate::newsletter::NewsletterConfig::footer_unsubscribe`]).
    pub footer_unsubscribe: Option<String>,
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
    /// The newsletter's issues: the folder of each one's files in the output
    /// (`nyhetsbrev/jul/`) and its number.
    pub issues: Vec<(String, u32)>,
    /// Each issue rendered and ready to be addressed (`newsletter send` and `export`).
    pub letters: Vec<crate::newsletter::email::Letter>,
}

/// The content files that features parse front matter of their own for.
const SPECIAL: &[&dyn page::Special] = &[&newsletter::Issues];

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
    markdown: MarkdownSettings,
    /// By page: whether its document is the parsed file as it is, which no feature adjusted
    /// (the newsletter gives its issues a template); only those can be swapped for an edit.
    pristine: Vec<bool>,
    drafts: bool,
}

impl Quick {
    /// The page of an edited content file (relative to `content/`), rendered against this
    /// build's model. `None` when that is not safe (its front matter changed, it is new, it
    /// does not parse) or not possible; the full rebuild covers those.
    pub fn render_edited(&self, rel: &str) -> Option<(String, Vec<u8>)> {
        self.renderer
            .render_edited(Arc::new(self.parse_edited(rel)?))
    }

    /// An edited content file read and parsed as a build parses it; `None` when it cannot
    /// be read or does not parse.
    fn parse_edited(&self, rel: &str) -> Option<page::Document> {
        let file = source::read_content_file(&self.root, Path::new(rel)).ok()?;
        let md = self.markdown.options_for(Path::new(rel));
        page::parse(file, &md, SPECIAL).ok()
    }

    /// The output files that show the edits of these content files (relative to
    /// `content/`): each edited page, its neighbours, its translations and every listing
    /// page of its section, rendered from this build's model with the edited files swapped
    /// in (see [`crate::site::Site::patch`]), so a new title, date or weight moves the page
    /// in its listing at once. `None` when the edits need the model assembled again, or a
    /// file does not parse cleanly; the full rebuild covers those.
    pub fn patch(&self, rels: &[String]) -> Option<Shown> {
        let site = self.renderer.site();
        let rules = &site.accessibility.rules;
        let mut docs = Vec::with_capacity(rels.len());
        for rel in rels {
            let id = site.links.id_of(rel)?;
            if !self.pristine.get(id).copied().unwrap_or(false) {
                return None;
            }
            let doc = self.parse_edited(rel)?;
            // A finding the site's rules make an error fails the full rebuild.
            let error = doc
                .content
                .lint
                .findings()
                .iter()
                .any(|f| f.clone().into_diagnostic(&doc.display(), rules).is_error());
            if error {
                return None;
            }
            docs.push(Arc::new(doc));
        }
        let (patched, patch) = site.patch(docs, self.drafts)?;
        let model = self.renderer.patched(Arc::new(patched));
        let files = model.render_patch(&patch)?;
        Some(Shown {
            files,
            _model: model,
        })
    }
}

/// The output files that show an edit (see [`Quick::patch`]), with the patched model they
/// were rendered from: freeing that copy of the model takes a while on a large site, so
/// `serve` drops it once the files are shown.
pub struct Shown {
    pub files: Vec<(String, Vec<u8>)>,
    /// Kept only to be dropped with the files.
    _model: Renderer,
}

struct Cached {
    stamp: source::Stamp,
    parsed: Result<Arc<page::Document>, page::Rejected>,
    /// What reading the file found (text that is not UTF-8, parsed as well as it could be).
    read: Option<Diagnostic>,
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

    /// The output files that show these edits, from the last good build's model (see
    /// [`Quick::patch`]); `None` also when there was no good build yet.
    pub fn patch_edited(&self, rels: &[String]) -> Option<Vec<(String, Vec<u8>)>> {
        self.last.as_ref()?.patch(rels).map(|shown| shown.files)
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
        let result = self.build_quiet(target, first);
        // Each finding quotes the line it is about, read once the build is over.
        match result {
            Ok(mut report) => {
                crate::source::quote_lines(&self.opts.root, &mut report.warnings);
                Ok(report)
            }
            Err(Error::Content(mut diags)) => {
                crate::source::quote_lines(&self.opts.root, &mut diags);
                Err(Error::Content(diags))
            }
            Err(other) => Err(other),
        }
    }

    fn build_quiet(&mut self, target: Target<'_>, first: &[String]) -> Result<Report, Error> {
        let started = Instant::now();
        let mut timings = Timings::default();
        let mut diags: Vec<Diagnostic> = Vec::new();
        let keep_stamps = matches!(target, Target::Sink(_));

        let mut loaded = load(&self.opts, keep_stamps)?;
        diags.append(&mut loaded.sources.diagnostics);
        timings.load = started.elapsed().as_secs_f64();

        let parse_started = Instant::now();
        let languages = language_words(&loaded.config, &loaded.sources, &mut diags);
        let markdown = MarkdownSettings::new(&loaded.config, &languages);
        // A build releases each page's HTML once parsed and renders it again when the page
        // is written, unless a template may show one page's body on another; `serve` keeps
        // every page parsed between builds, HTML and all, for speed.
        let stream = !keep_stamps && !crate::render::reads_other_bodies(&loaded.sources.templates);
        let bodies = stream.then(|| stages::Reread {
            content_dir: loaded.sources.content_dir.clone(),
            markdown: markdown.clone(),
        });
        let (mut docs, rejected) =
            self.parse(&loaded, &markdown, keep_stamps, stream, &mut diags)?;
        memory_probe("parse");
        // The parse leaves each file's text and its parser's buffers freed between the
        // documents it keeps: 188 MiB of holes over 323 MiB of heap at 100,000 pages. Given
        // back now, the model is assembled into them as they fault in again instead of
        // above them.
        let trim_started = Instant::now();
        release_free_memory();
        let trim = trim_started.elapsed().as_secs_f64() * 1000.0;
        memory_probe(&format!("the parse's trim ({trim:.1} ms)"));
        let parsed: std::collections::HashSet<*const page::Document> = match keep_stamps {
            true => docs.iter().map(Arc::as_ptr).collect(),
            false => Default::default(),
        };
        let build_date = self.opts.date.unwrap_or_else(unit::pages::today);
        let mut features = Features::new(&loaded, build_date);
        features.add_documents(&loaded.sources, &mut docs, &languages, &mut diags);
        let (site, static_files, templates) =
            assemble(loaded, docs, &rejected, &self.opts, keep_stamps, &mut diags);
        let pristine: Vec<bool> = match keep_stamps {
            true => site
                .pages
                .iter()
                .map(|p| parsed.contains(&Arc::as_ptr(&p.doc)))
                .collect(),
            false => Vec::new(),
        };
        drop(parsed);
        timings.parse = parse_started.elapsed().as_secs_f64();
        memory_probe("assemble");
        release_free_memory();
        memory_probe("trim");

        let prepare_started = Instant::now();
        let site = Arc::new(site);
        let prepared = prepare(
            &site,
            &mut features,
            &templates,
            languages,
            &static_files,
            bodies,
            &mut diags,
        );
        let Some((renderer, files)) = prepared.filter(|_| !diags.iter().any(Diagnostic::is_error))
        else {
            return Err(content_error(diags));
        };
        timings.prepare = prepare_started.elapsed().as_secs_f64();
        memory_probe("prepare");

        let output = Output {
            renderer: &renderer,
            features: &features,
            files: &files,
            static_files: &static_files,
            first,
        };
        let (files, unchanged) =
            while_trimming(|| output.write(target, &self.opts.root, &mut timings, &mut diags))?;
        memory_probe("write");
        sort_and_dedup(&mut diags);
        if keep_stamps {
            let quick = markdown.quick(renderer, &self.opts.root, pristine, self.opts.drafts);
            self.last = Some(Arc::new(quick));
        }
        timings.total = started.elapsed().as_secs_f64();
        Ok(Report {
            pages: site.pages.len(),
            files,
            unchanged,
            warnings: diags,
            timings,
            issues: features.newsletter.numbers(&site),
            letters: features.newsletter.letters().to_vec(),
        })
    }

    /// Every Markdown file parsed and rendered; in `serve`, only those changed since the last
    /// build are read again. Each file is read, parsed and rendered in one task, so its text
    /// is freed at once. With `stream`, a page's HTML is released too (see
    /// [`page::Content::release`]); a section's is kept, as its pages' templates show it.
    /// Returns the pages, and the files that could not be pages with their links and
    /// images, which are checked against the site once it is assembled.
    fn parse(
        &mut self,
        loaded: &Loaded,
        markdown: &MarkdownSettings,
        keep_stamps: bool,
        stream: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(Vec<Arc<page::Document>>, Vec<page::Rejected>), Error> {
        let sources = &loaded.sources;
        if markdown.key != self.markdown_key {
            self.cache.clear();
            self.markdown_key = markdown.key.clone();
        }
        let cache = &self.cache;
        let budget = stream.then(body_budget);
        // A site over the budget releases every body as it is parsed. Found only as the
        // parse went, the first 128 MiB of Markdown kept their bodies until it ended: the
        // live heap rose to 468 MiB at 100,000 pages, 180 MiB over the parsed model.
        let over = budget.is_some_and(|b| sources.markdown_bytes() > b as u64);
        let held = std::sync::atomic::AtomicUsize::new(0);
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
                    let read = hit.read.clone();
                    return Ok((
                        rel.clone(),
                        Cached {
                            stamp,
                            parsed,
                            read,
                        },
                    ));
                }
                let (file, read) = sources.read_markdown(rel)?;
                let md = markdown.options_for(rel);
                // Bodies are kept while they fit the budget (a page's HTML is about as long
                // as its Markdown), so a site that fits renders each body once.
                let release = over
                    || budget.is_some_and(|b| {
                        held.fetch_add(file.text.len(), std::sync::atomic::Ordering::Relaxed) >= b
                    });
                let parsed = page::parse_releasing(file, &md, SPECIAL, release).map(Arc::new);
                Ok((
                    rel.clone(),
                    Cached {
                        stamp,
                        parsed,
                        read,
                    },
                ))
            })
            .collect::<Result<_, Error>>()?;
        let mut docs = Vec::with_capacity(parsed.len());
        let mut rejected = Vec::new();
        let mut cache = HashMap::with_capacity(if keep_stamps { parsed.len() } else { 0 });
        // A body's accessibility findings are kept with the parsed file, so a cached file
        // reports them again, at the levels `site.yaml` gives them now.
        let rules = &loaded.accessibility.rules;
        let findings = |found: &[crate::lint::Finding], path: &Path| {
            found
                .iter()
                .map(|f| f.clone().into_diagnostic(path, rules))
                .collect::<Vec<_>>()
        };
        for (rel, cached) in parsed {
            diags.extend(cached.read.iter().cloned());
            match &cached.parsed {
                Ok(d) => {
                    diags.extend(findings(d.content.lint.findings(), &d.display()));
                    docs.push(Arc::clone(d));
                }
                Err(e) => {
                    diags.extend(e.diags.iter().cloned());
                    diags.extend(findings(&e.findings, &e.display));
                    if !e.links.is_empty() || !e.images.is_empty() {
                        rejected.push(page::Rejected {
                            display: e.display.clone(),
                            links: e.links.clone(),
                            images: e.images.clone(),
                            ..page::Rejected::default()
                        });
                    }
                }
            }
            if keep_stamps {
                cache.insert(rel, cached);
            }
        }
        self.cache = cache;
        // A site whose Markdown outgrew the budget keeps no body: those kept would live to
        // the end of the build (128 MiB of Markdown and its HTML at 100,000 pages, a third
        // of issue 21's 400 MiB) to spare a seventh of the second renders.
        let outgrown = budget.is_some_and(|b| held.into_inner() > b);
        if outgrown {
            for doc in &mut docs {
                // Not cached (a build that streams keeps no cache), so not shared yet.
                if let Some(doc) = Arc::get_mut(doc) {
                    doc.content.release_kept();
                }
            }
        }
        Ok((docs, rejected))
    }
}

/// Runs `write` while a thread gives the allocator's free memory back to the system every
/// [`TRIM_EVERY`]: rendering frees each page's buffers between the records it keeps (the
/// output's list of files, the search index's entries), and the holes grew the resident
/// memory to 170 MiB above the live heap by the end of a 100,000-page build.
fn while_trimming<T>(write: impl FnOnce() -> T) -> T {
    std::thread::scope(|scope| {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        scope.spawn(move || {
            while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                stopped.recv_timeout(TRIM_EVERY)
            {
                memory_probe("half a second of writing");
                release_free_memory();
            }
        });
        let out = write();
        drop(stop);
        out
    })
}

/// How often [`while_trimming`] trims. The largest trim of the 100,000-page build, after the
/// parse with 188 MiB of holes, took 49 ms (`VARDLOTS_MEMORY` prints it); those while writing
/// find only what the last half second freed. The 100,000-page build's user CPU stayed within
/// its run-to-run noise (62–69 s on the shared machine) and the 1,000-page build's
/// instructions did not move (2,569 → 2,568 M), while the resident memory at the end fell
/// by 81 MiB.
const TRIM_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Bytes of page text up to which a build keeps every page's body from parsing to writing;
/// a larger site keeps none, each rendered again when written (see
/// [`page::Content::release`]). Rendering a body twice made the 10,000-page benchmark (87 MB
/// of Markdown) a quarter slower, and keeping every body made 100,000 pages 1.8 GiB: 128 MiB
/// keeps sites of up to about 14,000 such pages at full speed. Past it, keeping the first
/// 128 MiB would spare only their second renders and hold their HTML to the end. `VARDLOTS_BODY_BUDGET` (bytes) overrides it,
/// for the benchmarks.
fn body_budget() -> usize {
    const BUDGET: usize = 128 << 20;
    std::env::var("VARDLOTS_BODY_BUDGET")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BUDGET)
}

fn content_error(mut diags: Vec<Diagnostic>) -> Error {
    sort_and_dedup(&mut diags);
    Error::Content(diags)
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
