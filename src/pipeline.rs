//! The one place that knows the order of the stages:
//! read → parse → assemble the model → render Markdown → render templates → write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, sort_and_dedup};
use crate::output::{Discard, Staged};
use crate::page;
use crate::render::{self, Renderer, Translations};
use crate::site::Site;
use crate::source::{self, Sources};
use crate::yaml::{self, Origin};

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Where `build` writes; `None` for `check`, which writes nothing.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
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
    let started = Instant::now();
    let mut timings = Timings::default();
    let mut diags: Vec<Diagnostic> = Vec::new();

    let config_text = source::read_config(&opts.root)?;
    let (mut config, keys) = Config::parse(&config_text).map_err(Error::Content)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let sources = source::read_site(&opts.root, &config.theme, &config.language)?;
    if !sources.theme_found {
        let mut d = Diagnostic::error("site.yaml", format!("there is no theme `{}`", config.theme))
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
    // Read, parse and render each file in one task, so its text is freed at once.
    let parsed: Vec<Result<page::Document, Vec<Diagnostic>>> = sources
        .markdown
        .par_iter()
        .map(|rel| Ok(page::parse(sources.read_markdown(rel)?, &md)))
        .collect::<Result<_, Error>>()?;
    let mut docs = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(mut d) => {
                let rules = &config.accessibility.rules;
                for f in std::mem::take(&mut d.content.lint.findings) {
                    diags.push(f.into_diagnostic(&d.display, rules));
                }
                docs.push(d);
            }
            Err(mut e) => diags.append(&mut e),
        }
    }
    let Sources {
        bundle_files,
        static_files,
        templates,
        ..
    } = sources;
    diags.append(&mut config.accessibility.check_statement_pages(&docs));
    let (mut site, mut found) = Site::assemble(config, docs, bundle_files, opts.drafts);
    diags.append(&mut found);
    diags.append(&mut site.resolve_links());
    timings.parse = parse_started.elapsed().as_secs_f64();
    release_free_memory();

    let prepare_started = Instant::now();
    let views = render::build_views(&site);
    let renderer = match Renderer::new(&site, views, &templates, translations, &static_files) {
        Ok(r) => Some(r),
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
    let (files, unchanged) = match &opts.output {
        None => {
            diags.append(&mut renderer.render_all(&Discard, &static_files)?);
            timings.render = render_started.elapsed().as_secs_f64();
            (0, 0)
        }
        Some(output) => {
            let staged = Staged::begin(output, &opts.root)?;
            let rendered = renderer.render_all(&staged, &static_files);
            timings.render = render_started.elapsed().as_secs_f64();
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
    timings.total = started.elapsed().as_secs_f64();
    Ok(Report {
        pages: site.pages.len(),
        files,
        unchanged,
        warnings: diags,
        timings,
    })
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
