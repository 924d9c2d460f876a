//! Turns the site model into bytes: HTML through Tera 2, the Atom feed, the sitemap,
//! robots.txt and redirect pages, handed to an output [`Sink`] as they are made.
//!
//! Templates get read-only views, built when a render needs them and dropped after: a
//! page's own view when it is rendered, the small link views of the pages it shows, and a
//! section's view (its pages' full views) once for all the jobs that show it, so
//! `section.pages` on every page of a 10,000-page section, or its paginated listing, builds
//! each page's view a bounded number of times. (Zola serializes a whole section on every
//! `get_section` call; a sibling list on every page then makes the build quadratic.)

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::{Diagnostic, Error, did_you_mean};
use crate::msg;
pub use crate::view::{Translations, word};

mod feeds;
mod images;
mod views;

use crate::outline::Headings;
use crate::output::Sink;
use crate::page::{Document, Kind};
use crate::site::{Page, PageId, Site};
use crate::source::{Asset, Template};
use feeds::{atom_feed, robots, sitemap};
use views::{
    Sections, full_view, global_context, own_page_view, own_view, register_functions, site_value,
};

/// What the template functions look things up in; shared by every render call.
struct Lookup {
    /// The sections' views, kept while jobs that show them remain.
    sections: Sections,
    /// The model, for looking pages up by content path (`Links` knows page bundles).
    site: Arc<Site>,
    base_path: String,
    /// Output path of a static file or content file → its content hash; shared with the
    /// renderers of patched models (see [`Renderer::patched`]).
    assets: Arc<HashMap<String, u64>>,
    /// Image placeholder key → its markup (see [`images::markup`]).
    images: Arc<HashMap<String, (String, String)>>,
}

impl Lookup {
    /// What a placeholder in a page's HTML stands for: a link's href or an image's markup,
    /// root-relative or, for feeds, absolute.
    fn fill(&self, key: &str, absolute: bool) -> Option<std::borrow::Cow<'_, str>> {
        match self.images.get(key) {
            Some((path, url)) => Some(if absolute { url } else { path }.into()),
            None => self.site.link_href(key, absolute),
        }
    }
}

/// Renders the body of a page whose HTML the model released (see
/// [`crate::page::Content::release`]) again from its file, when the page is written; the
/// pipeline gives it, as only `source` reads files.
pub trait Bodies: Send + Sync {
    /// The body's HTML and its headings (a build drops a released page's headings once its
    /// links are checked: only the page's own render reads them again).
    fn body(&self, doc: &Document) -> Result<(String, Headings), Diagnostic>;
}

/// A released page's body rendered again (see [`Bodies`]): its HTML as the template value
/// and its headings, for the table of contents and the HTML lint.
type RenderedAgain = (Value, Headings);

pub struct Renderer {
    site: Arc<Site>,
    /// Where released bodies come from; `None` when nothing was released.
    bodies: Option<Box<dyn Bodies>>,
    tera: Tera,
    lookup: Arc<Lookup>,
    /// Template name → file it came from, for error messages.
    template_paths: HashMap<String, PathBuf>,
    /// The other languages' `site`, `t` and `lang`, by language index (the default
    /// language's are the global context); put in the context of their pages.
    languages: Vec<(Value, Value, String)>,
    /// Each language's words, for the renderer of a patched model.
    words: Vec<Translations>,
}

/// A finished output file and where it goes.
/// The fewest jobs in a batch of [`Renderer::section_batches`]: each batch ends with the
/// threads waiting for its slowest job (a page takes about 0.1–0.5 ms), so a few hundred
/// keep that wait under a percent even for a site of many small sections.
const BATCH_JOBS: usize = 256;

enum Job {
    Page(PageId),
    Listing { section: PageId, index: usize },
    Alias(usize),
    NotFound,
}

impl Renderer {
    /// Compiles the templates. Template syntax errors, templates named in
    /// front matter that do not exist, and translation errors are all reported together.
    /// `extend` registers the template functions of other data (care units), which Tera needs
    /// before it compiles the templates that call them.
    pub fn new(
        site: Arc<Site>,
        templates: &[Template],
        words: Vec<Translations>,
        static_files: &[Asset],
        extend: impl FnOnce(&mut Tera),
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut assets: HashMap<String, u64> = HashMap::new();
        for a in static_files.iter().chain(site.assets.iter()) {
            assets.insert(a.rel.clone(), a.hash);
        }
        let lookup = Arc::new(Lookup {
            sections: Sections::new(&site),
            site: Arc::clone(&site),
            base_path: site.config.base_path().to_string(),
            assets: Arc::new(assets),
            images: Arc::new(images::markup(&site)),
        });

        let mut tera = Tera::new();
        extend(&mut tera);
        let languages = model_values(&mut tera, &lookup, &words);
        let template_paths: HashMap<String, PathBuf> = templates
            .iter()
            .map(|t| (t.name.clone(), t.path.clone()))
            .collect();
        if let Err(err) =
            tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
        {
            return Err(vec![template_diagnostic(
                &err,
                &template_paths,
                Path::new("templates"),
            )]);
        }

        let mut diags = Vec::new();
        for p in &site.pages {
            let (name, field, file) = template_choice(&site, p);
            if !tera.contains_template(&name) {
                // Compare names without `.html`: the shared suffix makes every name look close.
                let mut known: Vec<&str> = tera
                    .get_template_names()
                    .filter(|n| !n.contains('/'))
                    .collect();
                known.sort_unstable();
                let stem = |n: &str| n.trim_end_matches(".html").to_string();
                let stems: Vec<String> = known.iter().map(|n| stem(n)).collect();
                let places = looked_for(&site.config.theme, &name);
                let hint = match did_you_mean(&stem(&name), stems.iter().map(String::as_str)) {
                    Some(best) => msg!(
                        "template-did-you-mean",
                        places = places,
                        suggestion = format!("{best}.html")
                    ),
                    None => msg!("template-known", places = places, known = known.join(", ")),
                };
                let d = Diagnostic::error(
                    file.doc.display(),
                    msg!("template-missing", name = name.as_str()),
                )
                .context(msg!("context-field", what = "page", field = field))
                .hint(hint);
                diags.push(file.doc.at_field(field, d));
            }
        }
        for required in ["404.html", "alias.html"] {
            if !tera.contains_template(required) {
                diags.push(
                    Diagnostic::error("templates", msg!("template-missing", name = required)).hint(
                        msg!(
                            "template-required-hint",
                            places = looked_for(&site.config.theme, required)
                        ),
                    ),
                );
            }
        }
        if diags.is_empty() {
            Ok(Renderer {
                site,
                bodies: None,
                tera,
                lookup,
                template_paths,
                languages,
                words,
            })
        } else {
            diags.dedup();
            Err(diags)
        }
    }

    /// A renderer of a patched model (see [`crate::site::Site::patch`]): these compiled
    /// templates over the patched model, whose views are built from it when its pages are
    /// rendered, so the patch costs the pages shown, not the site. For `serve`, which keeps
    /// every body, so none is released.
    pub fn patched(&self, site: Arc<Site>) -> Renderer {
        let old = &self.lookup;
        let lookup = Arc::new(Lookup {
            sections: Sections::new(&site),
            site: Arc::clone(&site),
            base_path: old.base_path.clone(),
            assets: Arc::clone(&old.assets),
            images: Arc::clone(&old.images),
        });
        // The copy's functions and global context (the menu) look at the patched model.
        let mut tera = self.tera.clone();
        let languages = model_values(&mut tera, &lookup, &self.words);
        Renderer {
            site,
            bodies: None,
            tera,
            lookup,
            template_paths: self.template_paths.clone(),
            languages,
            words: self.words.clone(),
        }
    }

    /// The output files that show a patch (see [`crate::site::Site::patch`]): the pages,
    /// every listing page of the sections, the redirects to the edited pages and the feeds
    /// of those sections; with their links filled in. `None` when a template fails: the full rebuild reports it.
    pub fn render_patch(&self, patch: &crate::site::Patch) -> Option<Vec<(String, Vec<u8>)>> {
        let site = &*self.site;
        let shows = &patch.shows;
        let mut jobs: Vec<Job> = shows.pages.iter().map(|&id| Job::Page(id)).collect();
        for &section in &shows.listings {
            jobs.extend(
                (0..site.pagers(section).len()).map(|index| Job::Listing { section, index }),
            );
        }
        jobs.extend(
            site.aliases
                .iter()
                .enumerate()
                .filter(|(_, a)| patch.edited.binary_search(&a.target).is_ok())
                .map(|(i, _)| Job::Alias(i)),
        );
        // On the calling thread, not rayon's: in `serve` the pool is busy with the full
        // rebuild of the edit before, and these few pages would wait behind its pages.
        let mut buffer = Vec::new();
        let mut files: Vec<(String, Vec<u8>)> = jobs
            .iter()
            .map(|job| {
                buffer.clear();
                let (rel, rendered) = self.render_job(job, &mut buffer);
                rendered.ok()?;
                let filled = crate::markdown::fill_placeholders_bytes(&buffer, |k| {
                    self.lookup.fill(k, false)
                });
                Some((rel, filled.into_owned()))
            })
            .collect::<Option<_>>()?;
        // A feed's section lists its newest pages, titles and dates among them.
        for lang in 0..site.languages.len() {
            let Some(section) = site.feed_section_in(lang) else {
                continue;
            };
            if shows.listings.binary_search(&section).is_ok() {
                let file = site.feed_file(lang);
                let feed = self.section_feed(section, &file, site.config.feed.limit);
                files.push((file, feed.ok()?));
            }
        }
        Some(files)
    }

    /// Gives the renderer the bodies the model released.
    pub fn set_bodies(&mut self, bodies: Box<dyn Bodies>) {
        self.bodies = Some(bodies);
    }

    /// A page's body HTML as its template value: the model's, or rendered again from its
    /// file when the model released it.
    fn body(&self, id: PageId) -> Result<Value, Diagnostic> {
        let p = &self.site.pages[id];
        match (p.content().released(), &self.bodies) {
            (Some(_), Some(bodies)) => bodies.body(&p.doc).map(|(h, _)| Value::safe_string(&h)),
            _ => Ok(p.content().html.clone()),
        }
    }

    /// The body of a page the model released, rendered again, with its headings; `None`
    /// for any other page.
    fn released_body(&self, id: PageId) -> Result<Option<RenderedAgain>, Diagnostic> {
        let p = &self.site.pages[id];
        match (p.content().released(), &self.bodies) {
            (Some(_), Some(bodies)) => bodies
                .body(&p.doc)
                .map(|(h, headings)| Some((Value::safe_string(&h), headings))),
            (Some(_), None) => self
                .body(id)
                .map(|b| Some((b, p.content().headings.clone()))),
            (None, _) => Ok(None),
        }
    }

    /// Renders every output file into `sink`, in parallel. Returns the template errors (each
    /// a diagnostic); an I/O failure of the sink stops the build.
    pub fn render_all(
        &self,
        sink: &dyn Sink,
        static_files: &[Asset],
        first: &[String],
    ) -> Result<Vec<Diagnostic>, Error> {
        let site = &*self.site;
        let mut jobs = Vec::with_capacity(site.pages.len() + site.aliases.len() + 1);
        for (id, p) in site.pages.iter().enumerate() {
            if p.is_section() {
                for index in 0..site.pagers(id).len() {
                    jobs.push(Job::Listing { section: id, index });
                }
            } else {
                jobs.push(Job::Page(id));
            }
        }
        jobs.extend((0..site.aliases.len()).map(Job::Alias));
        jobs.push(Job::NotFound);

        // The pages of the files just edited and the pages that show them (their listings,
        // neighbours, linkers) go first, then their sections' other pages, so a live server
        // can show them before the rest of the site is done.
        let deps = if first.is_empty() {
            crate::site::Dependents::default()
        } else {
            site.dependents(first)
        };
        let tier = |job: &Job| match *job {
            Job::Page(id) if deps.pages.binary_search(&id).is_ok() => 0,
            Job::Listing { section, .. } if deps.listings.binary_search(&section).is_ok() => 0,
            Job::Page(id) if deps.siblings.binary_search(&id).is_ok() => 1,
            _ => 2,
        };
        let mut tiers: [Vec<Job>; 3] = Default::default();
        for job in jobs {
            tiers[tier(&job)].push(job);
        }
        let [early, siblings, rest] = tiers;
        for job in early.iter().chain(&siblings).chain(&rest) {
            if let Some(section) = self.section_shown(job) {
                self.lookup.sections.expect(section);
            }
        }
        type Rendered = (Option<Diagnostic>, Vec<crate::lint::html::Raw>);
        let render = |buffer: &mut Vec<u8>, job: &Job| -> Result<Rendered, Error> {
            buffer.clear();
            let (rel, rendered) = self.render_job(job, buffer);
            if let Some(section) = self.section_shown(job) {
                self.lookup.sections.done(section);
            }
            match rendered {
                Ok(body) => {
                    // Before the links are filled in, the page's Markdown HTML stands in the
                    // output as it is stored, so the lint can skip it.
                    let found = self.lint_html(job, &rel, buffer, body.as_ref());
                    let filled = crate::markdown::fill_placeholders_bytes(buffer, |k| {
                        self.lookup.fill(k, false)
                    });
                    sink.put(&rel, &filled).map(|_| (None, found))
                }
                Err(d) => Ok((Some(d), Vec::new())),
            }
        };
        // Only what a job found is kept to the end: a result per job was about 250 bytes a
        // page at 100,000 pages.
        let found_something =
            |r: &Result<Rendered, Error>| !matches!(r, Ok((None, found)) if found.is_empty());
        let mut results: Vec<Result<Rendered, Error>> = Vec::new();
        // One output buffer per thread, reused: a fresh 20 KB buffer per page was a page
        // fault and an allocation per page.
        // The jobs go in batches of whole sections, one batch at a time, every thread on
        // the same batch: split across the threads at once, each thread worked in its own
        // section and held its own section's view (25–30 MiB a section of 10,000 pages).
        let mut run = |jobs: &[Job]| {
            for batch in self.section_batches(jobs) {
                results.par_extend(
                    batch
                        .par_iter()
                        .map_init(Vec::new, |buffer, job| render(buffer, job))
                        .filter(found_something),
                );
            }
        };
        for (i, jobs) in [early, siblings].iter().enumerate() {
            if !jobs.is_empty() {
                run(jobs);
                sink.first_done(i == 0);
            }
        }
        run(&rest);
        let mut diags = Vec::new();
        let mut found = Vec::new();
        for r in results {
            let (d, mut f) = r?;
            diags.extend(d);
            found.append(&mut f);
        }
        diags.extend(crate::lint::html::report(found, &site.accessibility.rules));

        let mut extra: Vec<(String, Vec<u8>)> = vec![
            ("sitemap.xml".into(), sitemap(site).into_bytes()),
            ("robots.txt".into(), robots(site).into_bytes()),
        ];
        for lang in 0..site.languages.len() {
            if let Some(section) = site.feed_section_in(lang) {
                let file = site.feed_file(lang);
                match self.section_feed(section, &file, site.config.feed.limit) {
                    Ok(feed) => extra.push((file, feed)),
                    Err(d) => diags.push(d),
                }
            }
        }
        for (rel, bytes) in extra {
            sink.put(&rel, &bytes)?;
        }
        site.assets
            .par_iter()
            .chain(static_files.par_iter())
            .try_for_each(|a| sink.copy(a))?;
        Ok(diags)
    }

    /// `jobs` cut into runs rendered one after another: a cut falls only where the section
    /// shown changes and after at least [`BATCH_JOBS`] jobs, so a section's jobs (in the
    /// model's order, a section's pages are together) share one batch and small sections
    /// share one with their neighbours.
    fn section_batches<'j>(&self, jobs: &'j [Job]) -> Vec<&'j [Job]> {
        let mut batches = Vec::new();
        let mut start = 0;
        for i in 1..jobs.len() {
            if i - start >= BATCH_JOBS
                && self.section_shown(&jobs[i]) != self.section_shown(&jobs[i - 1])
            {
                batches.push(&jobs[start..i]);
                start = i;
            }
        }
        if start < jobs.len() {
            batches.push(&jobs[start..]);
        }
        batches
    }

    /// The section whose view a job's render shows: a page's section, or the section of a
    /// listing page.
    fn section_shown(&self, job: &Job) -> Option<PageId> {
        match *job {
            Job::Page(id) => self.site.pages[id].parent,
            Job::Listing { section, .. } => Some(section),
            Job::Alias(_) | Job::NotFound => None,
        }
    }

    /// The accessibility linter's pass over one finished output file (see `lint::html`).
    /// `body` is the page's body when it was rendered again for this file.
    fn lint_html(
        &self,
        job: &Job,
        rel: &str,
        html: &[u8],
        body: Option<&RenderedAgain>,
    ) -> Vec<crate::lint::html::Raw> {
        let site = &*self.site;
        let bits = |id: PageId| site.pages[id].content().lint.found_bits();
        let (page, template, skip) = match *job {
            Job::Page(id) => (Some(id), template_choice(site, &site.pages[id]).0, bits(id)),
            Job::Listing { section, index } => {
                let listed = &site.pagers(section)[index].1;
                let skip = listed.iter().fold(bits(section), |s, &i| s | bits(i));
                (
                    Some(section),
                    template_choice(site, &site.pages[section]).0,
                    skip,
                )
            }
            Job::Alias(_) => (None, "alias.html".to_string(), 0),
            Job::NotFound => (None, "404.html".to_string(), 0),
        };
        let template = self
            .template_paths
            .get(&template)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&template));
        let page = page.map(|id| &site.pages[id]);
        let display = page.map(|p| p.doc.display());
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        crate::lint::html::check(
            html,
            body.map(|(html, _)| html)
                .or(page.map(|p| &p.content().html))
                .and_then(Value::as_str)
                .map(str::as_bytes),
            &crate::lint::html::Page {
                lint: page.map(|p| &p.content().lint),
                headings: body.map(|(_, h)| h).or(page.map(|p| &p.content().headings)),
                skip,
                source: display.as_deref().unwrap_or(template.as_path()),
                url: &url,
                template: &template,
            },
        )
    }

    /// Renders the page of an edited file against this (the previous) build's model, for
    /// `serve` to show at once while the whole site is rebuilt. Only for a page whose front
    /// matter did not change: then its address, template and place in listings are as they
    /// were, and only its own body is new. Returns the output path and the bytes.
    pub fn render_edited(&self, doc: Arc<Document>) -> Option<(String, Vec<u8>)> {
        let site = &*self.site;
        let id = site.links.id_of(&crate::source::slash(&doc.rel))?;
        let old = &site.pages[id];
        if old.is_section() || old.doc.front_hash != doc.front_hash || doc.front_hash == 0 {
            return None;
        }
        let mut page = (**old).clone();
        page.doc = doc;
        // Links the edit added are not in the previous build's table yet.
        let extra: HashMap<&str, String> = page
            .content()
            .links
            .iter()
            .filter_map(|l| Some((l.key.as_str(), site.href_of(page.lang, l)?)))
            .collect();
        let mut out = Vec::new();
        let mut ctx = Context::new();
        self.language_context(&mut ctx, page.lang);
        self.page_context(&mut ctx, id, Some(&page), None);
        let template = template_choice(site, &page).0;
        self.tera.render_to(&template, &ctx, &mut out).ok()?;
        let filled = crate::markdown::fill_placeholders_bytes(&out, |k| {
            extra
                .get(k)
                .map(|href| href.as_str().into())
                .or_else(|| self.lookup.fill(k, false))
        })
        .into_owned();
        Some((output_path(page.url()), filled))
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Renders a named template (the newsletter's email templates) with `ctx` over the
    /// global context; a fault is reported as seen while rendering `source`.
    pub fn render_template(
        &self,
        name: &str,
        ctx: &Context,
        source: &Path,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_diagnostic(&e, &self.template_paths, source))
    }

    /// The Atom feed of any section, published at `filename` (from the site root).
    pub fn section_feed(
        &self,
        section: PageId,
        filename: &str,
        limit: usize,
    ) -> Result<Vec<u8>, Diagnostic> {
        atom_feed(&self.site, section, &self.lookup, filename, limit, &|id| {
            self.body(id)
        })
    }

    /// A page in another language than the default gets that language's `site`, `t` and
    /// `lang` over the global context's.
    fn language_context(&self, ctx: &mut Context, lang: usize) {
        if lang == 0 {
            return;
        }
        if let Some((site, t, code)) = self.languages.get(lang) {
            ctx.insert_value("site", site.clone());
            ctx.insert_value("t", t.clone());
            ctx.insert("lang", code);
        }
    }

    /// The context of the page `id`'s own template; `body` is its body when rendered again.
    /// `edit` is an edit of the model's page, whose view is built from it; the model's own
    /// page takes its view from its section's, which its render needs anyway.
    fn page_context(
        &self,
        ctx: &mut Context,
        id: PageId,
        edit: Option<&Page>,
        body: Option<RenderedAgain>,
    ) {
        let site = &*self.site;
        let p = edit.unwrap_or(&site.pages[id]);
        let section = p.parent.map(|s| self.lookup.sections.get(site, s));
        let listed = match (edit, &section) {
            (None, Some(section)) => self.lookup.sections.listed(section, id),
            _ => None,
        };
        // A body rendered again brings its headings: the model dropped a released page's
        // once the links to them were checked, and its table of contents is made from these.
        let (body, headings) = match body {
            Some((html, headings)) => (Some(html), Some(headings)),
            None => (None, None),
        };
        let headings = headings.as_ref().unwrap_or(&p.content().headings);
        let view = match listed {
            Some(listed) => own_view(&listed, headings, body),
            None => own_page_view(site, &self.lookup.sections, id, p, headings, body),
        };
        ctx.insert_value("page", view.clone());
        ctx.insert_value("current", view);
        ctx.insert_value("section", section.unwrap_or_else(Value::none));
        ctx.insert("current_path", &p.path());
        ctx.insert_value("paginator", Value::none());
    }

    /// Renders one output file into `out`; returns its output path and, when it is a page
    /// whose body was rendered again from its file, that body.
    fn render_job(
        &self,
        job: &Job,
        out: &mut Vec<u8>,
    ) -> (String, Result<Option<RenderedAgain>, Diagnostic>) {
        let site = &*self.site;
        let mut ctx = Context::new();
        let lang = match *job {
            Job::Page(id) => site.pages[id].lang,
            Job::Listing { section, .. } => site.pages[section].lang,
            Job::Alias(i) => site.pages[site.aliases[i].target].lang,
            Job::NotFound => 0,
        };
        self.language_context(&mut ctx, lang);
        let mut body = None;
        let (rel, template, source): (String, String, &Path) = match *job {
            Job::Page(id) => {
                let p = &site.pages[id];
                match self.released_body(id) {
                    Ok(b) => body = b,
                    Err(d) => return (output_path(p.url()), Err(d)),
                }
                self.page_context(&mut ctx, id, None, body.clone());
                (
                    output_path(p.url()),
                    template_choice(site, p).0,
                    &p.doc.display(),
                )
            }
            Job::Listing { section, index } => {
                let s = &site.pages[section];
                let pagers = site.pagers(section);
                let (url, ids) = &pagers[index];
                match self.released_body(section) {
                    Ok(b) => body = b,
                    Err(d) => return (output_path(&pagers[index].0), Err(d)),
                }
                let shared = self.lookup.sections.get(site, section);
                let view = match body.clone() {
                    Some((html, headings)) => own_view(&shared, &headings, Some(html)),
                    None => own_view(&shared, &s.content().headings, None),
                };
                ctx.insert_value("section", view.clone());
                ctx.insert_value("current", view);
                ctx.insert_value("page", Value::none());
                ctx.insert("current_path", &format!("{}{url}", self.lookup.base_path));
                let path_of = |i: usize| format!("{}{}", self.lookup.base_path, pagers[i].0);
                let mut pg: BTreeMap<&str, Value> = BTreeMap::new();
                // This pager's slice of the section's pages, whose views the section's holds.
                let offset: usize = pagers[..index].iter().map(|(_, ids)| ids.len()).sum();
                let listed = match shared.get_from_path("pages").and_then(Value::as_array) {
                    Some(all) if all.len() >= offset + ids.len() => {
                        all[offset..offset + ids.len()].to_vec()
                    }
                    _ => ids
                        .iter()
                        .map(|&i| full_view(site, &self.lookup.sections, i))
                        .collect(),
                };
                pg.insert("pages", Value::from(listed));
                pg.insert("current_index", Value::from(index + 1));
                pg.insert("number_pagers", Value::from(pagers.len()));
                pg.insert("first", Value::from(path_of(0)));
                pg.insert("last", Value::from(path_of(pagers.len() - 1)));
                pg.insert(
                    "previous",
                    if index > 0 {
                        Value::from(path_of(index - 1))
                    } else {
                        Value::none()
                    },
                );
                pg.insert(
                    "next",
                    if index + 1 < pagers.len() {
                        Value::from(path_of(index + 1))
                    } else {
                        Value::none()
                    },
                );
                ctx.insert_value("paginator", Value::from(pg));
                (
                    output_path(url),
                    template_choice(site, s).0,
                    &s.doc.display(),
                )
            }
            Job::Alias(i) => {
                let alias = &site.aliases[i];
                let target = &site.pages[alias.target];
                ctx.insert_value(
                    "target",
                    full_view(site, &self.lookup.sections, alias.target),
                );
                ctx.insert_value("current", Value::none());
                ctx.insert("current_path", &alias.url);
                (
                    output_path(&alias.url),
                    "alias.html".into(),
                    &target.doc.display(),
                )
            }
            Job::NotFound => {
                ctx.insert_value("current", Value::none());
                ctx.insert_value("page", Value::none());
                ctx.insert_value("section", Value::none());
                ctx.insert("current_path", "");
                (
                    "404.html".into(),
                    "404.html".into(),
                    Path::new("templates/404.html"),
                )
            }
        };
        let result = self
            .tera
            .render_to(&template, &ctx, out)
            .map(|()| body)
            .map_err(|e| template_diagnostic(&e, &self.template_paths, source));
        (rel, result)
    }
}

/// Whether any template may show another page's body: through `content` on anything but
/// `page`, `current` or `section` (a listed page, `get_page(…)`, a loop variable), on those
/// names rebound by `for`, `set`, a macro's or component's arguments, or through a whole
/// context or value dumped (`__tera_context`, `json_encode`). A page's own render has its
/// body, and so has `section` (its section, whose body is kept); any other page's body
/// would be gone once the model releases it. Read from the template text, erring towards
/// `true`, which keeps every body and is always right.
pub fn reads_other_bodies(templates: &[Template]) -> bool {
    templates
        .iter()
        .any(|t| template_reads_other_bodies(&t.text))
}

/// The variables that hold a page's own body (or its section's) when it is rendered.
const OWN: [&str; 3] = ["page", "current", "section"];

fn template_reads_other_bodies(text: &str) -> bool {
    if text.contains("__tera_context") || text.contains("json_encode") {
        return true;
    }
    let mut rest = text;
    while let Some(open) = rest.find(['{']) {
        let after = &rest[open + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                rest = after;
                continue;
            }
        };
        let inner = &after[1..];
        let Some(end) = inner.find(close) else {
            // An unclosed tag: Tera refuses it; nothing to decide here.
            return false;
        };
        if tag_reads_other_bodies(&inner[..end], close == "%}") {
            return true;
        }
        rest = &inner[end + 2..];
    }
    false
}

/// One tag's inside (`tag` for `{% … %}`): see [`reads_other_bodies`].
fn tag_reads_other_bodies(inner: &str, tag: bool) -> bool {
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let words: Vec<&str> = inner
        .split(|c: char| !ident(c))
        .filter(|w| !w.is_empty())
        .collect();
    if tag {
        let binds = match words.first().copied() {
            Some("for") => words[1..]
                .iter()
                .take_while(|w| **w != "in")
                .any(|w| OWN.contains(w)),
            Some("set" | "set_global") => words.get(1).is_some_and(|w| OWN.contains(w)),
            Some("macro" | "component") => words.iter().any(|w| OWN.contains(w)),
            _ => false,
        };
        if binds {
            return true;
        }
    }
    if inner.contains("\"content\"") || inner.contains("'content'") {
        return true;
    }
    let mut from = 0;
    while let Some(at) = inner[from..].find("content") {
        let start = from + at;
        from = start + "content".len();
        if inner[..start].ends_with(ident) || inner[from..].starts_with(ident) {
            continue;
        }
        // Without a dot before it, a name of its own (a block, the email's `content`).
        let Some(owner) = inner[..start].trim_end().strip_suffix('.') else {
            continue;
        };
        let owner = owner.trim_end();
        let name_len: usize = owner
            .chars()
            .rev()
            .take_while(|c| ident(*c))
            .map(char::len_utf8)
            .sum();
        let name_at = owner.len() - name_len;
        let ahead = owner[..name_at].trim_end();
        if !OWN.contains(&&owner[name_at..]) || ahead.ends_with(['.', ']', ')']) {
            return true;
        }
    }
    false
}

/// Points the template functions and the global context (the default language's `site`,
/// with its menu, and `t`) at the model of `lookup`; returns every language's `site`, `t` and
/// code for [`Renderer::languages`].
fn model_values(
    tera: &mut Tera,
    lookup: &Arc<Lookup>,
    words: &[Translations],
) -> Vec<(Value, Value, String)> {
    let site = &lookup.site;
    register_functions(tera, lookup, words);
    let empty = Translations::new();
    *tera.global_context() = global_context(site, lookup, words.first().unwrap_or(&empty));
    site.languages
        .iter()
        .zip(words)
        .enumerate()
        .map(|(i, (l, t))| {
            (
                site_value(site, lookup, i),
                Value::from_serializable(t),
                l.code.clone(),
            )
        })
        .collect()
}

/// Which template renders `page`, which front matter field chose it, and in which file.
fn template_choice<'s>(site: &'s Site, page: &'s Page) -> (String, &'static str, &'s Page) {
    if let Some(t) = &page.doc.front.more().template {
        return (t.to_string(), "template", page);
    }
    match page.doc.kind {
        Kind::Section if page.parent.is_none() => ("index.html".into(), "template", page),
        Kind::Section => ("section.html".into(), "template", page),
        Kind::Page => match page.parent.map(|s| &site.pages[s]) {
            Some(section) if section.doc.front.more().page_template.is_some() => (
                section
                    .doc
                    .front
                    .more()
                    .page_template
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                "page_template",
                section,
            ),
            _ => ("page.html".into(), "template", page),
        },
    }
}

/// `/nyheter/a/` → `nyheter/a/index.html`; a path with a file name stays as it is.
pub(crate) fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// The places a template is looked for, as a list for a hint.
fn looked_for(theme: &str, name: &str) -> String {
    let places = crate::theme::lookup_places(theme, &format!("templates/{name}"));
    match places.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => places.join(", "),
    }
    .replace(" and ", ", ")
}

/// A Tera error as a diagnostic located in the template file.
fn template_diagnostic(
    err: &tera::Error,
    paths: &HashMap<String, PathBuf>,
    page: &Path,
) -> Diagnostic {
    let path_of = |name: &str| {
        paths
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let mut chain = String::new();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        chain.push_str(&format!(": {s}"));
        source = s.source();
    }
    // Tera's own words (English, about template syntax) are passed as `detail`: templates
    // are written by the site's developers, and the words name the construct exactly.
    let hint = msg!("template-seen-while", page = page);
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let detail = format!("{}{chain}", r.message());
            let syntax = matches!(err.kind(), tera::ErrorKind::SyntaxError(_));
            let undefined = detail.contains("not defined") || detail.contains("not found in");
            let message = if syntax {
                msg!("template-syntax", detail = detail)
            } else {
                msg!("template-rendering", detail = detail)
            };
            let d = Diagnostic::error(path_of(r.filename()), message)
                .at(r.span().start_line as u32, r.span().start_col as u32 + 1)
                .context(msg!("context-template"));
            if undefined {
                d.hint(msg!("template-undefined-hint"))
            } else if syntax {
                d.hint(msg!("template-syntax-hint"))
            } else {
                d.hint(hint)
            }
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            path_of(current),
            msg!("template-missing-parent", name = parent.as_str()),
        )
        .context(msg!("context-template"))
        .hint(msg!("template-lookup-hint")),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(page, msg!("template-missing", name = name.as_str()))
                .context(msg!("context-template"))
                .hint(msg!("template-lookup-hint"))
        }
        _ => Diagnostic::error(
            page,
            msg!("template-rendering", detail = format!("{err}{chain}")),
        )
        .context(msg!("context-template")),
    }
}

#[cfg(test)]
mod tests {
    use super::template_reads_other_bodies as reads;

    #[test]
    fn a_page_showing_its_own_body_reads_no_other() {
        assert!(!reads(
            "{% block content %}{% if page.content %}{{ page.content }}{% endif %}{{ section.content }}{{ current . content }}<p class=\"content\">.content</p>{% endblock content %}"
        ));
        assert!(!reads(
            "{% for p in section.pages %}{{ p.title }}{% endfor %}{{ content }}"
        ));
    }

    #[test]
    fn other_pages_bodies_are_seen_however_reached() {
        for t in [
            "{% for p in section.pages %}{{ p.content }}{% endfor %}",
            "{{ get_page(path=\"a.md\").content }}",
            "{{ paginator.pages[0].content }}",
            "{{ page.lower.content }}",
            "{{ p[\"content\"] }}",
            "{% for page in section.pages %}{{ page.content }}{% endfor %}",
            "{% set page = get_page(path=\"a.md\") %}",
            "{% macro card(page) %}{% endmacro card %}",
            "{{ section.pages | json_encode }}",
        ] {
            assert!(reads(t), "{t}");
        }
    }
}
