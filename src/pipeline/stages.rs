//! The stages [`Builder::build`](super::Builder::build) runs, in its order: load, parse (in
//! `Builder`), the features' documents, assemble, prepare, output.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::error::{Diagnostic, Error};
use crate::feature::{Feature, Files, Shared};
use crate::guide;
use crate::icons;
use crate::images;
use crate::msg;
use crate::newsletter;
use crate::output::{Discard, Sink, Staged};
use crate::page;
use crate::render::{self, Renderer, Translations};
use crate::search;
use crate::site::Site;
use crate::source::{self, Sources};
use crate::unit;
use crate::yaml::{self, Origin};

use super::{Options, Quick, Target, Timings, content_error};

/// What `site.yaml` and the site's files give a build.
pub(super) struct Loaded {
    pub(super) config: Config,
    pub(super) accessibility: crate::lint::Accessibility,
    pub(super) newsletter: newsletter::NewsletterConfig,
    pub(super) sources: Sources,
}

/// Reads `site.yaml` (the site's settings and the features' own) and lists the site's files.
pub(super) fn load(opts: &Options, keep_stamps: bool) -> Result<Loaded, Error> {
    let (config_text, config_encoding) = source::read_config(&opts.root)?;
    let (mut config, accessibility, mut newsletter) =
        read_settings(&config_text).map_err(|e| match e {
            // An encoding error first: it may explain the others.
            Error::Content(found) => {
                content_error(config_encoding.iter().cloned().chain(found).collect())
            }
            other => other,
        })?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    newsletter.footer_unsubscribe = opts.footer_unsubscribe.clone();
    let others: Vec<String> = config
        .languages()
        .into_iter()
        .skip(1)
        .map(|l| l.code)
        .collect();
    let mut sources = source::read_site(
        &opts.root,
        &config.theme,
        &config.language,
        &others,
        keep_stamps,
    )?;
    sources.diagnostics.extend(config_encoding);
    if !sources.theme_found {
        let d = Diagnostic::error(
            "site.yaml",
            msg!("site-no-theme", name = config.theme.as_str()),
        )
        .context(msg!("context-field", what = "site", field = "theme"))
        .hint(msg!(
            "site-no-theme-hint",
            default = crate::theme::DEFAULT_NAME
        ));
        let mut all = std::mem::take(&mut sources.diagnostics);
        all.push(config.at("theme", d));
        return Err(content_error(all));
    }
    Ok(Loaded {
        config,
        accessibility,
        newsletter,
        sources,
    })
}

/// The Markdown settings that parsed files depend on; a change clears `serve`'s cache.
#[derive(Clone)]
pub(super) struct MarkdownSettings {
    pub(super) allow_scripts: bool,
    pub(super) site_origin: String,
    pub(super) table_label: String,
    pub(super) language: String,
    /// The other languages' codes and table labels: `sida.en.md` is English Markdown.
    pub(super) others: Vec<(String, String)>,
    pub(super) key: String,
}

impl MarkdownSettings {
    pub(super) fn new(
        config: &Config,
        languages: &[(crate::config::Language, Translations)],
    ) -> MarkdownSettings {
        let allow_scripts = config.markdown.allow_scripts;
        let site_origin = origin_of(&config.base_url).to_string();
        let label = |t: &Translations| t.get("table").cloned().unwrap_or_default();
        let table_label = languages.first().map(|(_, t)| label(t)).unwrap_or_default();
        let language = config.language.clone();
        let others: Vec<(String, String)> = languages
            .iter()
            .skip(1)
            .map(|(l, t)| (l.code.clone(), label(t)))
            .collect();
        let mut key = format!("{allow_scripts}\0{site_origin}\0{table_label}\0{language}");
        for (code, label) in &others {
            key.push_str(&format!("\0{code}\0{label}"));
        }
        MarkdownSettings {
            allow_scripts,
            site_origin,
            table_label,
            language,
            others,
            key,
        }
    }

    /// The options of one content file: a translation (`sida.en.md`) is parsed in its
    /// language, so its tables are labelled and its passages linted in that language.
    pub(super) fn options_for(&self, rel: &Path) -> crate::markdown::Options<'_> {
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let other = self.others.iter().find(|(code, _)| {
            name.strip_suffix(".md")
                .and_then(|stem| stem.rsplit_once('.'))
                .is_some_and(|(_, c)| c == code)
        });
        let (language, table_label) = match other {
            Some((code, label)) => (code.as_str(), label.as_str()),
            None => (self.language.as_str(), self.table_label.as_str()),
        };
        crate::markdown::Options {
            allow_scripts: self.allow_scripts,
            site_origin: &self.site_origin,
            table_label,
            language,
        }
    }

    pub(super) fn quick(
        self,
        renderer: Renderer,
        root: &Path,
        pristine: Vec<bool>,
        drafts: bool,
    ) -> Quick {
        Quick {
            renderer,
            root: root.to_path_buf(),
            markdown: self,
            pristine,
            drafts,
        }
    }
}

/// The bodies of the pages whose HTML was released, rendered again from their files as
/// they were parsed (see [`page::render_body`]).
pub(super) struct Reread {
    pub(super) content_dir: std::path::PathBuf,
    pub(super) markdown: MarkdownSettings,
}

impl render::Bodies for Reread {
    fn body(&self, doc: &page::Document) -> Result<(String, crate::outline::Headings), Diagnostic> {
        let changed = || {
            Diagnostic::error(doc.display(), msg!("page-changed-during-build"))
                .hint(msg!("page-changed-during-build-hint"))
        };
        let file = source::reread_markdown(&self.content_dir, &doc.rel).map_err(|_| changed())?;
        page::render_body(&file, &doc.content, &self.markdown.options_for(&doc.rel))
            .ok_or_else(changed)
    }
}

/// The features of the site, in the order they add their pages.
pub(super) struct Features {
    pub(super) units: unit::pages::Units,
    pub(super) newsletter: newsletter::Letters,
    pub(super) guide: guide::pages::Guide,
    pub(super) search: search::Search,
}

impl Features {
    pub(super) fn new(loaded: &Loaded, build_date: jiff::civil::Date) -> Features {
        let units = unit::pages::Units::load(&loaded.sources, build_date);
        let data = units.data();
        Features {
            newsletter: newsletter::Letters::new(loaded.newsletter.clone(), data.clone()),
            guide: guide::pages::Guide::new(data.clone()),
            search: search::Search::new(loaded.config.search.enabled, data),
            units,
        }
    }

    pub(super) fn each(&self) -> [&dyn Feature; 4] {
        [&self.units, &self.newsletter, &self.guide, &self.search]
    }

    pub(super) fn each_mut(&mut self) -> [&mut dyn Feature; 4] {
        [
            &mut self.units,
            &mut self.newsletter,
            &mut self.guide,
            &mut self.search,
        ]
    }

    pub(super) fn add_documents(
        &mut self,
        sources: &Sources,
        docs: &mut Vec<Arc<page::Document>>,
        languages: &[(crate::config::Language, Translations)],
        diags: &mut Vec<Diagnostic>,
    ) {
        let build_date = self.build_date();
        let shared = Shared {
            translations: &languages[0].1,
            languages,
            build_date,
        };
        for f in self.each_mut() {
            diags.append(&mut f.add_documents(sources, docs, &shared));
        }
    }

    pub(super) fn build_date(&self) -> jiff::civil::Date {
        self.units.build_date()
    }
}

/// The model: the documents assembled into pages with addresses, their links checked, and
/// the images processed (or taken from the cache), their originals, which may carry where a
/// photo was taken, replaced by the processed files. Returns the model, the static files and
/// the templates. Unless `keep_model` (`serve`, which patches edits into it), the pages'
/// lists of links and images are dropped once checked (see [`Site::drop_resolved_refs`]).
pub(super) fn assemble(
    loaded: Loaded,
    docs: Vec<Arc<page::Document>>,
    rejected: &[page::Rejected],
    opts: &Options,
    keep_model: bool,
    diags: &mut Vec<Diagnostic>,
) -> (Site, Vec<source::Asset>, Vec<source::Template>) {
    let Loaded {
        mut config,
        accessibility,
        sources,
        ..
    } = loaded;
    let Sources {
        markdown,
        bundle_files,
        mut static_files,
        templates,
        ..
    } = sources;
    // The Markdown files that exist but did not parse: links to them are not errors too.
    let parsed: std::collections::HashSet<&Path> = docs.iter().map(|d| d.rel.as_path()).collect();
    let unparsed: std::collections::HashSet<String> = markdown
        .iter()
        .filter(|rel| !parsed.contains(rel.as_path()))
        .map(|rel| source::slash(rel))
        .collect();
    drop(parsed);
    diags.extend(check_logo(&mut config, &static_files));
    let icons = brand_icons(&config, &opts.root, &mut static_files, diags);
    diags.append(&mut page::check_statement_pages(
        &accessibility,
        &docs,
        opts.date.unwrap_or_else(unit::pages::today),
    ));
    let (mut site, mut found) = Site::assemble(config, docs, bundle_files, opts.drafts);
    site.accessibility = accessibility;
    diags.append(&mut found);
    diags.append(&mut site.resolve_links(&unparsed));
    let originals: Vec<&source::Asset> = site
        .assets
        .iter()
        .chain(static_files.iter())
        .filter(|a| images::is_image(&a.rel))
        .collect();
    let (processed, mut found) = images::process(
        &opts.root,
        &originals,
        &site.config.images,
        &newsletter::email::image_widths,
    );
    diags.append(&mut found);
    diags.append(&mut site.resolve_images(&processed.processed, &static_files));
    diags.append(&mut site.check_rejected(rejected, &unparsed, &static_files));
    if !keep_model {
        site.drop_resolved_refs();
    }
    site.assets.retain(|a| !images::is_image(&a.rel));
    static_files.retain(|a| !images::is_image(&a.rel));
    site.assets.extend(processed.files);
    // Drawn at their size already: not resized or re-encoded by the image stage.
    static_files.extend(icons);
    (site, static_files, templates)
}

/// The features' template values, the compiled templates and the files the features make
/// before the pages (open data, emails); findings (template faults among them) go to
/// `diags`. `None` when the templates do not compile.
pub(super) fn prepare(
    site: &Arc<Site>,
    features: &mut Features,
    templates: &[source::Template],
    languages: Vec<(crate::config::Language, Translations)>,
    static_files: &[source::Asset],
    bodies: Option<Reread>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Renderer, Files)> {
    let shared = Shared {
        translations: &languages[0].1,
        languages: &languages,
        build_date: features.build_date(),
    };
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
        templates,
        languages.iter().map(|(_, t)| t.clone()).collect(),
        static_files,
        register,
    );
    let mut renderer = match renderer {
        Ok(r) => r,
        Err(mut e) => {
            diags.append(&mut e);
            return None;
        }
    };
    if let Some(bodies) = bodies {
        renderer.set_bodies(Box::new(bodies));
    }
    let mut files = Vec::new();
    for f in features.each_mut() {
        let (mut made, mut found) = f.emit(&renderer);
        files.append(&mut made);
        diags.append(&mut found);
    }
    // The response headers for static hosts (`_headers`), from the policy `serve` sends.
    files.extend(crate::headers::emit(site, static_files));
    Some((renderer, files))
}

/// The last stage: every page rendered and written, with the features' files.
pub(super) struct Output<'a> {
    pub(super) renderer: &'a Renderer,
    pub(super) features: &'a Features,
    /// The features' files made before the pages.
    pub(super) files: &'a [(String, Vec<u8>)],
    pub(super) static_files: &'a [source::Asset],
    pub(super) first: &'a [String],
}

impl Output<'_> {
    /// Writes into `sink`; the template faults found while rendering go to `diags`.
    pub(super) fn render(&self, sink: &dyn Sink, diags: &mut Vec<Diagnostic>) -> Result<(), Error> {
        for (rel, bytes) in self.files {
            sink.put(rel, bytes)?;
        }
        let site = self.renderer.site();
        let mut found = Vec::new();
        let mut render = |sink: &dyn Sink| {
            found = self
                .renderer
                .render_all(sink, self.static_files, self.first)?;
            Ok(())
        };
        around_render(&self.features.each(), site, sink, &mut render)?;
        diags.append(&mut found);
        Ok(())
    }
    /// Renders into the target: staged beside the output folder and swapped in only when no
    /// error was found, or into a sink. Returns the files written and those left unchanged.
    pub(super) fn write(
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
        memory_probe("the pages and the features' files");
        let stats = staged.commit()?;
        diags.extend(stats.warnings);
        timings.write = stats.write_seconds;
        timings.commit = stats.commit_seconds;
        Ok((stats.files, stats.linked))
    }

    pub(super) fn render_only(
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
pub(super) fn read_settings(
    text: &str,
) -> Result<
    (
        Config,
        crate::lint::Accessibility,
        newsletter::NewsletterConfig,
    ),
    Error,
> {
    let (config, unread) = Config::parse_partial(text);
    let Some(mut config) = config else {
        return Err(Error::Content(unread));
    };
    let mut diags = config.check();
    let newsletter =
        newsletter::NewsletterConfig::read(&config).map_err(|mut d| diags.append(&mut d));
    let accessibility =
        crate::lint::Accessibility::read(&config).map_err(|mut d| diags.append(&mut d));
    match (accessibility, newsletter) {
        (Ok(a), Ok(n)) if diags.is_empty() && unread.is_empty() => Ok((config, a, n)),
        _ => Err(Error::Content(crate::yaml::with_checks(unread, diags))),
    }
}

/// Every language of the site with its words (theme's, then the site's), the default first.
pub(super) fn language_words(
    config: &Config,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(crate::config::Language, Translations)> {
    config
        .languages()
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let files = match i {
                0 => &sources.translations,
                _ => sources
                    .other_translations
                    .iter()
                    .find(|(code, _)| *code == l.code)
                    .map_or(&sources.translations, |(_, f)| f),
            };
            let words = merge_translations(files, diags);
            (l, words)
        })
        .collect()
}

/// The theme's words for the language, with the site's own overrides on top.
pub(super) fn merge_translations(
    files: &[source::Translations],
    diags: &mut Vec<Diagnostic>,
) -> Translations {
    let mut merged = BTreeMap::new();
    for f in files {
        let origin = Origin {
            path: &f.path,
            line_offset: 0,
            what: "translations",
        };
        match yaml::parse_value::<BTreeMap<String, String>>(&f.text, origin) {
            Ok(map) => merged.extend(map),
            Err(d) => diags.push(d.hint(msg!("translations-hint"))),
        }
    }
    merged
}

/// `https://host[:port]` of a base URL.
pub(super) fn origin_of(base_url: &str) -> &str {
    let after = base_url.find("://").map_or(0, |i| i + 3);
    match base_url[after..].find('/') {
        Some(i) => &base_url[..after + i],
        None => base_url,
    }
}

/// Gives the memory freed by the parse pass (every file's text and its parser's buffers)
/// back to the system. glibc keeps freed memory mapped; without this the holes left between
/// pages' long-lived HTML add a fifth to peak memory on the 10,000-page benchmark.
pub(super) fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// With `VARDLOTS_MEMORY` set, prints to stderr the process's resident memory and the
/// allocator's live heap after a stage, and every half second while writing (the peak is
/// there, not at a stage's end): the gap between them is the holes freed memory left (issue
/// 21's memory work measures each stage with it; nothing is printed otherwise).
pub(super) fn memory_probe(stage: &str) {
    if std::env::var_os("VARDLOTS_MEMORY").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |field: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (rss_kb, peak_kb) = (kb("VmRSS:"), kb("VmHWM:"));
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallinfo2 only reads the allocator's counters.
    let heap = {
        let info = unsafe { libc::mallinfo2() };
        (info.uordblks + info.hblkhd) as u64
    };
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    let heap = 0u64;
    eprintln!(
        "memory after {stage}: {} MiB resident, {} MiB live heap, {} MiB resident at most so far{}",
        rss_kb >> 10,
        heap >> 20,
        peak_kb >> 10,
        resident_by_kind()
    );
}

/// Where the resident memory is, by kind of mapping (`VARDLOTS_MEMORY=2` only: reading
/// `/proc/self/smaps` takes a few milliseconds): glibc's main arena (`[heap]`), its other
/// arenas (anonymous mappings inside their 64 MiB reservations), other anonymous mappings
/// (large blocks, stacks) and files (the binary). It tells which arena holds the holes.
fn resident_by_kind() -> String {
    if std::env::var_os("VARDLOTS_MEMORY").is_none_or(|v| v != "2") {
        return String::new();
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_stats only prints the allocator's counters to stderr.
    unsafe {
        libc::malloc_stats();
    }
    let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
        return String::new();
    };
    // [main arena, other arenas, other anonymous, files], in kB.
    let mut kinds = [0u64; 4];
    let mut kind = 3;
    for line in smaps.lines() {
        if let Some(rss) = line.strip_prefix("Rss:") {
            let kb = rss.trim().trim_end_matches("kB").trim().parse::<u64>();
            kinds[kind] += kb.unwrap_or(0);
            continue;
        }
        let mut fields = line.split_ascii_whitespace();
        let (Some(range), Some(_perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        let Some((start, end)) = range.split_once('-') else {
            continue;
        };
        let (Ok(start), Ok(end)) = (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        else {
            continue;
        };
        let path = fields.nth(3);
        kind = match path {
            Some("[heap]") => 0,
            Some(p) if p.starts_with('/') => 3,
            // A thread arena's heap starts at a 64 MiB boundary and stays inside it.
            _ if start % (64 << 20) == 0 && end - start <= 64 << 20 => 1,
            _ => 2,
        };
    }
    format!(
        " (resident: main arena {} MiB, other arenas {} MiB, other anonymous {} MiB, files {} MiB)",
        kinds[0] >> 10,
        kinds[1] >> 10,
        kinds[2] >> 10,
        kinds[3] >> 10
    )
}

/// Caps glibc's malloc at two arenas; called before any thread starts. glibc gives each
/// thread an arena of its own (up to eight per core): the parse frees each file's text and
/// parser buffers in its thread's arena between the model's long-lived allocations, and the
/// holes add up across arenas. Peak RSS of the 100,000-page benchmark: 1,033 MiB with the
/// default, 985 MiB with two arenas, 961 MiB with one; the 10,000-page build's CPU did not
/// move on two cores. Two rather than one: a single arena's lock would be contended on a
/// machine with many cores (the per-thread cache serves only small allocations).
/// `MALLOC_ARENA_MAX` in the environment still wins.
pub fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets a tuning parameter; called before other threads exist.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
        // SAFETY: as above.
        unsafe {
            libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        }
    }
}

/// Blocks from this size up get a mapping of their own, given back to the system when freed.
/// It is glibc's own starting value, fixed: glibc raises the threshold to the size of every
/// mapped block freed (up to 32 MiB), after which the search index's growing postings, the
/// encoder's lists and the section views' arrays come from the arenas and stay resident
/// until a trim, or for good when a small allocation lands after them.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 << 10;

/// Runs `render` inside every feature's [`Feature::around_render`], the first outermost.
fn around_render(
    features: &[&dyn Feature],
    site: &Site,
    sink: &dyn Sink,
    render: &mut dyn FnMut(&dyn Sink) -> Result<(), Error>,
) -> Result<(), Error> {
    match features.split_first() {
        None => render(sink),
        Some((f, rest)) => {
            f.around_render(site, sink, &mut |s| around_render(rest, site, s, render))
        }
    }
}

/// The brand logo, looked for once, where the static files are known: a missing one would
/// otherwise be reported by the header of every page. A missing logo is dropped from the
/// config, so the pages render without it while the one error is reported.
fn check_logo(config: &mut Config, static_files: &[source::Asset]) -> Option<Diagnostic> {
    let logo = &config.brand.logo;
    if logo.is_empty() || static_files.iter().any(|a| &a.rel == logo) {
        return None;
    }
    let d = Diagnostic::error("site.yaml", msg!("site-no-logo", value = logo.as_str()))
        .context(msg!("context-field", what = "site", field = "brand"))
        .hint(msg!("site-no-logo-hint", value = logo.as_str()));
    let d = config.at("brand", d);
    config.brand.logo.clear();
    Some(d)
}

/// The touch icon and `favicon.ico` drawn from the brand logo, taking the place of the
/// theme's (which are removed from `static_files`); a site's own `static/touch-icon.png` or
/// `static/favicon.ico` is kept. The touch icon's background is the brand colour.
fn brand_icons(
    config: &Config,
    root: &Path,
    static_files: &mut Vec<source::Asset>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<source::Asset> {
    let logo = &config.brand.logo;
    let Some(asset) = static_files
        .iter()
        .find(|a| !logo.is_empty() && &a.rel == logo)
    else {
        return Vec::new();
    };
    let display = match &asset.origin {
        source::Origin::Disk(p) => p.strip_prefix(root).unwrap_or(p).to_path_buf(),
        _ => Path::new("static").join(logo),
    };
    let drawn = source::read_asset(asset)
        .map_err(|e| format!("cannot read it: {e}"))
        .and_then(|svg| {
            let background = crate::config::parse_rgb(&config.brand.colour).unwrap_or([255; 3]);
            icons::from_svg(&svg, background)
        });
    let made = match drawn {
        Ok(made) => made,
        Err(e) => {
            diags.push(
                Diagnostic::error(&display, msg!("icon-not-drawn", detail = e.to_string()))
                    .context(msg!("context-field", what = "site", field = "brand"))
                    .hint(msg!("icon-not-drawn-hint")),
            );
            return Vec::new();
        }
    };
    if made.dropped_text {
        diags.push(
            Diagnostic::warning(&display, msg!("icon-text-dropped"))
                .context(msg!("context-field", what = "site", field = "brand"))
                .hint(msg!("icon-text-dropped-hint")),
        );
    }
    let own = root.join("static");
    let mut out = Vec::new();
    for (rel, bytes) in [
        (icons::TOUCH_ICON, made.touch),
        (icons::FAVICON, made.favicon),
    ] {
        let site_own = static_files.iter().any(|a| {
            a.rel == rel && matches!(&a.origin, source::Origin::Disk(p) if p.starts_with(&own))
        });
        if site_own {
            continue;
        }
        static_files.retain(|a| a.rel != rel);
        out.push(source::Asset {
            rel: rel.to_string(),
            hash: xxhash_rust::xxh3::xxh3_64(&bytes),
            len: bytes.len() as u64,
            origin: source::Origin::Made(Arc::from(bytes)),
        });
    }
    out
}
