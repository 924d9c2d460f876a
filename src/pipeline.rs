//! The one place that knows the order of the stages:
//! read → parse → assemble the model → render Markdown → render templates → write.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, sort_and_dedup};
use crate::feature::{Feature, Files, Shared};
use crate::guide;
use crate::images;
use crate::newsletter;
use crate::output::{Discard, Sink, Staged};
use crate::page;
use crate::render::{self, Renderer, Translations};
use crate::search;
use crate::site::Site;
use crate::source::{self, Sources};
use crate::unit;
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
    /// The newsletter's issues: the folder of each one's files in the output
    /// (`nyhetsbrev/jul/`) and its number.
    pub issues: Vec<(String, u32)>,
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
    allow_scripts: bool,
    site_origin: String,
    table_label: String,
    language: String,
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
            language: &self.language,
        };
        let doc = page::parse(file, &md, SPECIAL).ok()?;
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
        let started = Instant::now();
        let mut timings = Timings::default();
        let mut diags: Vec<Diagnostic> = Vec::new();
        let keep_stamps = matches!(target, Target::Sink(_));

        let loaded = load(&self.opts, keep_stamps)?;
        timings.load = started.elapsed().as_secs_f64();

        let parse_started = Instant::now();
        let translations = merge_translations(&loaded.sources.translations, &mut diags);
        let markdown = MarkdownSettings::new(&loaded.config, &translations);
        let mut docs = self.parse(&loaded, &markdown, keep_stamps, &mut diags)?;
        let build_date = self.opts.date.unwrap_or_else(unit::pages::today);
        let mut features = Features::new(&loaded, build_date);
        features.add_documents(&loaded.sources, &mut docs, &translations, &mut diags);
        let (site, static_files, templates) = assemble(loaded, docs, &self.opts, &mut diags);
        timings.parse = parse_started.elapsed().as_secs_f64();
        release_free_memory();

        let prepare_started = Instant::now();
        let site = Arc::new(site);
        let prepared = prepare(
            &site,
            &mut features,
            &templates,
            translations,
            &static_files,
        );
        let (renderer, files) = prepared.map_err(|mut found| {
            diags.append(&mut found);
            content_error(std::mem::take(&mut diags))
        })?;
        if diags.iter().any(Diagnostic::is_error) {
            return Err(content_error(diags));
        }
        timings.prepare = prepare_started.elapsed().as_secs_f64();

        let output = Output {
            renderer: &renderer,
            features: &features,
            files: &files,
            static_files: &static_files,
            first,
        };
        let (files, unchanged) = output.write(target, &self.opts.root, &mut timings, &mut diags)?;
        sort_and_dedup(&mut diags);
        if keep_stamps {
            self.last = Some(Arc::new(markdown.quick(renderer, &self.opts.root)));
        }
        timings.total = started.elapsed().as_secs_f64();
        Ok(Report {
            pages: site.pages.len(),
            files,
            unchanged,
            warnings: diags,
            timings,
            issues: features.newsletter.numbers(&site),
        })
    }

    /// Every Markdown file parsed and rendered; in `serve`, only those changed since the last
    /// build are read again. Each file is read, parsed and rendered in one task, so its text
    /// is freed at once.
    fn parse(
        &mut self,
        loaded: &Loaded,
        markdown: &MarkdownSettings,
        keep_stamps: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Vec<Arc<page::Document>>, Error> {
        let sources = &loaded.sources;
        let md = markdown.options();
        if markdown.key != self.markdown_key {
            self.cache.clear();
            self.markdown_key = markdown.key.clone();
        }
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
                let parsed = page::parse(sources.read_markdown(rel)?, &md, SPECIAL).map(Arc::new);
                Ok((rel.clone(), Cached { stamp, parsed }))
            })
            .collect::<Result<_, Error>>()?;
        let mut docs = Vec::with_capacity(parsed.len());
        let mut cache = HashMap::with_capacity(if keep_stamps { parsed.len() } else { 0 });
        for (rel, cached) in parsed {
            match &cached.parsed {
                Ok(d) => {
                    // Kept with the parsed file, so a cached file reports them again.
                    let rules = &loaded.accessibility.rules;
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
        Ok(docs)
    }
}

/// What `site.yaml` and the site's files give a build.
struct Loaded {
    config: Config,
    accessibility: crate::lint::Accessibility,
    newsletter: newsletter::NewsletterConfig,
    sources: Sources,
}

/// Reads `site.yaml` (the site's settings and the features' own) and lists the site's files.
fn load(opts: &Options, keep_stamps: bool) -> Result<Loaded, Error> {
    let config_text = source::read_config(&opts.root)?;
    let (mut config, accessibility, newsletter) = read_settings(&config_text)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let sources = source::read_site(&opts.root, &config.theme, &config.language, keep_stamps)?;
    if !sources.theme_found {
        let d = Diagnostic::error("site.yaml", format!("there is no theme `{}`", config.theme))
            .context("site.yaml field `theme`")
            .hint(format!(
                "themes live in themes/<name>/; the built-in theme is `{}`",
                crate::theme::DEFAULT_NAME
            ));
        return Err(Error::Content(vec![config.at("theme", d)]));
    }
    Ok(Loaded {
        config,
        accessibility,
        newsletter,
        sources,
    })
}

/// The Markdown settings that parsed files depend on; a change clears `serve`'s cache.
struct MarkdownSettings {
    allow_scripts: bool,
    site_origin: String,
    table_label: String,
    language: String,
    key: String,
}

impl MarkdownSettings {
    fn new(config: &Config, translations: &Translations) -> MarkdownSettings {
        let allow_scripts = config.markdown.allow_scripts;
        let site_origin = origin_of(&config.base_url).to_string();
        let table_label = translations.get("table").cloned().unwrap_or_default();
        let language = config.language.clone();
        let key = format!("{allow_scripts}\0{site_origin}\0{table_label}\0{language}");
        MarkdownSettings {
            allow_scripts,
            site_origin,
            table_label,
            language,
            key,
        }
    }

    fn options(&self) -> crate::markdown::Options<'_> {
        crate::markdown::Options {
            allow_scripts: self.allow_scripts,
            site_origin: &self.site_origin,
            table_label: &self.table_label,
            language: &self.language,
        }
    }

    fn quick(self, renderer: Renderer, root: &Path) -> Quick {
        Quick {
            renderer,
            root: root.to_path_buf(),
            allow_scripts: self.allow_scripts,
            site_origin: self.site_origin,
            table_label: self.table_label,
            language: self.language,
        }
    }
}

/// The features of the site, in the order they add their pages.
struct Features {
    units: unit::pages::Units,
    newsletter: newsletter::Letters,
    guide: guide::pages::Guide,
    search: search::Search,
}

impl Features {
    fn new(loaded: &Loaded, build_date: jiff::civil::Date) -> Features {
        let units = unit::pages::Units::load(&loaded.sources, build_date);
        let data = units.data();
        Features {
            newsletter: newsletter::Letters::new(loaded.newsletter.clone(), data.clone()),
            guide: guide::pages::Guide::new(data.clone()),
            search: search::Search::new(loaded.config.search.enabled, data),
            units,
        }
    }

    fn each(&self) -> [&dyn Feature; 4] {
        [&self.units, &self.newsletter, &self.guide, &self.search]
    }

    fn each_mut(&mut self) -> [&mut dyn Feature; 4] {
        [
            &mut self.units,
            &mut self.newsletter,
            &mut self.guide,
            &mut self.search,
        ]
    }

    fn add_documents(
        &mut self,
        sources: &Sources,
        docs: &mut Vec<Arc<page::Document>>,
        translations: &Translations,
        diags: &mut Vec<Diagnostic>,
    ) {
        let build_date = self.build_date();
        let shared = Shared {
            translations,
            build_date,
        };
        for f in self.each_mut() {
            diags.append(&mut f.add_documents(sources, docs, &shared));
        }
    }

    fn build_date(&self) -> jiff::civil::Date {
        self.units.build_date()
    }
}

/// The model: the documents assembled into pages with addresses, their links checked, and
/// the images processed (or taken from the cache), their originals, which may carry where a
/// photo was taken, replaced by the processed files. Returns the model, the static files and
/// the templates.
fn assemble(
    loaded: Loaded,
    docs: Vec<Arc<page::Document>>,
    opts: &Options,
    diags: &mut Vec<Diagnostic>,
) -> (Site, Vec<source::Asset>, Vec<source::Template>) {
    let Loaded {
        config,
        accessibility,
        sources,
        ..
    } = loaded;
    let Sources {
        bundle_files,
        mut static_files,
        templates,
        ..
    } = sources;
    diags.append(&mut page::check_statement_pages(
        &accessibility,
        &docs,
        opts.date.unwrap_or_else(unit::pages::today),
    ));
    let (mut site, mut found) = Site::assemble(config, docs, bundle_files, opts.drafts);
    site.accessibility = accessibility;
    diags.append(&mut found);
    diags.append(&mut site.resolve_links());
    let originals: Vec<&source::Asset> = site
        .assets
        .iter()
        .chain(static_files.iter())
        .filter(|a| images::is_image(&a.rel))
        .collect();
    let (processed, mut found) = images::process(&opts.root, &originals, &site.config.images);
    diags.append(&mut found);
    diags.append(&mut site.resolve_images(&processed.processed, &static_files));
    site.assets.retain(|a| !images::is_image(&a.rel));
    static_files.retain(|a| !images::is_image(&a.rel));
    site.assets.extend(processed.files);
    (site, static_files, templates)
}

/// The features' template values, the compiled templates and the files the features make
/// before the pages (open data, emails); template faults are returned as findings.
fn prepare(
    site: &Arc<Site>,
    features: &mut Features,
    templates: &[source::Template],
    translations: Translations,
    static_files: &[source::Asset],
) -> Result<(Renderer, Files), Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let shared = Shared {
        translations: &translations,
        build_date: features.build_date(),
    };
    let views = render::build_views(site);
    for f in features.each_mut() {
        diags.append(&mut f.prepare(site, &shared));
    }
    let register = |tera: &mut tera::Tera| {
        for f in features.each() {
            f.register(tera);
        }
    };
    let renderer = Renderer::new(
        Arc::clone(site),
        views,
        templates,
        translations.clone(),
        static_files,
        register,
    );
    let renderer = match renderer {
        Ok(r) => r,
        Err(mut e) => {
            diags.append(&mut e);
            return Err(diags);
        }
    };
    let mut files = Vec::new();
    for f in features.each_mut() {
        let (mut made, mut found) = f.emit(&renderer);
        files.append(&mut made);
        diags.append(&mut found);
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    Ok((renderer, files))
}

/// The last stage: every page rendered and written, with the features' files.
struct Output<'a> {
    renderer: &'a Renderer,
    features: &'a Features,
    /// The features' files made before the pages.
    files: &'a [(String, Vec<u8>)],
    static_files: &'a [source::Asset],
    first: &'a [String],
}

impl Output<'_> {
    /// Writes into `sink`; the template faults found while rendering go to `diags`.
    fn render(&self, sink: &dyn Sink, diags: &mut Vec<Diagnostic>) -> Result<(), Error> {
        for (rel, bytes) in self.files {
            sink.put(rel, bytes)?;
        }
        let site = self.renderer.site();
        let (rendered, written) = rayon::join(
            || {
                self.renderer
                    .render_all(sink, self.static_files, self.first)
            },
            || {
                self.features
                    .each()
                    .iter()
                    .try_for_each(|f| f.write(site, sink))
            },
        );
        let mut found = written.and(rendered)?;
        diags.append(&mut found);
        Ok(())
    }

    /// Renders into the target: staged beside the output folder and swapped in only when no
    /// error was found, or into a sink. Returns the files written and those left unchanged.
    fn write(
        &self,
        target: Target<'_>,
        root: &Path,
        timings: &mut Timings,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(usize, usize), Error> {
        let started = Instant::now();
        let output = match target {
            Target::Output(output) => output,
            Target::Check => return self.render_only(&Discard, started, timings, diags),
            Target::Sink(sink) => return self.render_only(sink, started, timings, diags),
        };
        let staged = Staged::begin(output, root)?;
        let rendered = self.render(&staged, diags);
        timings.render = started.elapsed().as_secs_f64();
        if let Err(e) = rendered {
            // The I/O failure is the one to report; cleaning up is best effort.
            let _ = staged.abort();
            return Err(e);
        }
        if diags.iter().any(Diagnostic::is_error) {
            staged.abort()?;
            return Err(content_error(std::mem::take(diags)));
        }
        let stats = staged.commit()?;
        timings.write = stats.write_seconds;
        timings.commit = stats.commit_seconds;
        Ok((stats.files, stats.linked))
    }

    fn render_only(
        &self,
        sink: &dyn Sink,
        started: Instant,
        timings: &mut Timings,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<(usize, usize), Error> {
        self.render(sink, diags)?;
        timings.render = started.elapsed().as_secs_f64();
        if diags.iter().any(Diagnostic::is_error) {
            return Err(content_error(std::mem::take(diags)));
        }
        Ok((0, 0))
    }
}

/// `site.yaml`: the site's settings and the features' own, every finding at once.
fn read_settings(
    text: &str,
) -> Result<
    (
        Config,
        crate::lint::Accessibility,
        newsletter::NewsletterConfig,
    ),
    Error,
> {
    let mut config = Config::parse_unchecked(text).map_err(Error::Content)?;
    let mut diags = config.check();
    let newsletter =
        newsletter::NewsletterConfig::read(&config).map_err(|mut d| diags.append(&mut d));
    let accessibility =
        crate::lint::Accessibility::read(&config).map_err(|mut d| diags.append(&mut d));
    match (accessibility, newsletter) {
        (Ok(a), Ok(n)) if diags.is_empty() => Ok((config, a, n)),
        _ => Err(Error::Content(diags)),
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
