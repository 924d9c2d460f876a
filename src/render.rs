//! Turns the site model into bytes: HTML through Tera 2, the Atom feed, the sitemap,
//! robots.txt and redirect pages, handed to an output [`Sink`] as they are made.
//!
//! Templates get shared, read-only views: each page and section is turned into a Tera
//! `Value` once, and those values are reference-counted, so `section.pages`, `get_page` and
//! `get_section` cost the same on a 10-page site and a 10,000-page one. (Zola serializes a
//! whole section on every `get_section` call; a sibling list on every page then makes the
//! build quadratic.)

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::error::{Diagnostic, Error, did_you_mean};
use crate::output::Sink;
use crate::page::{Document, Kind};
use crate::site::{Page, PageId, Site};
use crate::source::{Asset, Template};

/// Translated words for the site's language, as `t` in templates.
pub type Translations = BTreeMap<String, String>;

/// The translated word for `key`, or the key itself, so a missing translation shows where
/// it is missing instead of failing.
pub fn word(t: &Translations, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// What the template functions look things up in; shared by every render call.
struct Lookup {
    views: Vec<Value>,
    /// Each page's small view (title, path…), for rebuilding one page's view in `serve`.
    links: Vec<Value>,
    /// The model, for looking pages up by content path (`Links` knows page bundles).
    site: Arc<Site>,
    base_path: String,
    /// Output path of a static file or content file → its content hash.
    assets: HashMap<String, u64>,
}

pub struct Renderer {
    site: Arc<Site>,
    tera: Tera,
    lookup: Arc<Lookup>,
    /// Template name → file it came from, for error messages.
    template_paths: HashMap<String, PathBuf>,
}

/// A finished output file and where it goes.
enum Job {
    Page(PageId),
    Listing { section: PageId, index: usize },
    Alias(usize),
    NotFound,
}

impl Renderer {
    /// Builds the views and compiles the templates. Template syntax errors, templates named in
    /// front matter that do not exist, and translation errors are all reported together.
    /// `extend` registers the template functions of other data (care units), which Tera needs
    /// before it compiles the templates that call them.
    pub fn new(
        site: Arc<Site>,
        views: Views,
        templates: &[Template],
        translations: Translations,
        static_files: &[Asset],
        extend: impl FnOnce(&mut Tera),
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let Views {
            pages: views,
            links,
        } = views;
        let mut assets: HashMap<String, u64> = HashMap::new();
        for a in static_files.iter().chain(site.assets.iter()) {
            assets.insert(a.rel.clone(), a.hash);
        }
        let lookup = Arc::new(Lookup {
            views,
            links,
            site: Arc::clone(&site),
            base_path: site.config.base_path().to_string(),
            assets,
        });

        let mut tera = Tera::new();
        register_functions(&mut tera, &lookup, &translations);
        extend(&mut tera);
        *tera.global_context() = global_context(&site, &lookup, &translations);
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
                let hint = match did_you_mean(&stem(&name), stems.iter().map(String::as_str)) {
                    Some(best) => format!("did you mean `{best}.html`?"),
                    None => format!("the templates are: {}", known.join(", ")),
                };
                let d = Diagnostic::error(
                    &file.doc.display,
                    format!("template `{name}` does not exist"),
                )
                .context(format!("front matter field `{field}`"))
                .hint(hint);
                diags.push(file.doc.at_field(field, d));
            }
        }
        for required in ["404.html", "alias.html"] {
            if !tera.contains_template(required) {
                diags.push(
                    Diagnostic::error("templates", format!("template `{required}` is missing"))
                        .hint("the theme must provide it; copy it from themes/default/templates/"),
                );
            }
        }
        if diags.is_empty() {
            Ok(Renderer {
                site,
                tera,
                lookup,
                template_paths,
            })
        } else {
            diags.dedup();
            Err(diags)
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

        // The pages of the files just edited go first, so a live server can show them before
        // the rest of the site is done.
        let first_ids: Vec<PageId> = first.iter().filter_map(|s| site.links.id_of(s)).collect();
        let (early, rest): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|job| match job {
            Job::Page(id) => first_ids.contains(id),
            Job::Listing { section, index } => *index == 0 && first_ids.contains(section),
            _ => false,
        });
        type Rendered = (Option<Diagnostic>, Vec<crate::lint::html::Raw>);
        let render = |buffer: &mut Vec<u8>, job: &Job| -> Result<Rendered, Error> {
            buffer.clear();
            let (rel, rendered) = self.render_job(job, buffer);
            match rendered {
                Ok(()) => {
                    // Before the links are filled in, the page's Markdown HTML stands in the
                    // output as it is stored, so the lint can skip it.
                    let found = self.lint_html(job, &rel, buffer);
                    let filled = crate::markdown::fill_placeholders_bytes(buffer, |k| {
                        site.link_href(k, false)
                    });
                    sink.put(&rel, &filled).map(|_| (None, found))
                }
                Err(d) => Ok((Some(d), Vec::new())),
            }
        };
        let mut results: Vec<Result<Rendered, Error>> = Vec::new();
        if !early.is_empty() {
            let mut buffer = Vec::new();
            results.extend(early.iter().map(|job| render(&mut buffer, job)));
            sink.first_done();
        }
        // One output buffer per thread, reused: a fresh 20 KB buffer per page was a page
        // fault and an allocation per page.
        results.par_extend(
            rest.par_iter()
                .map_init(Vec::new, |buffer, job| render(buffer, job)),
        );
        let mut diags = Vec::new();
        let mut found = Vec::new();
        for r in results {
            let (d, mut f) = r?;
            diags.extend(d);
            found.append(&mut f);
        }
        diags.extend(crate::lint::html::report(
            found,
            &site.config.accessibility.rules,
        ));

        let mut extra: Vec<(String, Vec<u8>)> = vec![
            ("sitemap.xml".into(), sitemap(site).into_bytes()),
            ("robots.txt".into(), robots(site).into_bytes()),
        ];
        if let Some(section) = site.feed_section() {
            extra.push((
                site.config.feed.filename.clone(),
                atom_feed(
                    site,
                    section,
                    &self.lookup.views,
                    &site.config.feed.filename,
                    site.config.feed.limit,
                ),
            ));
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

    /// The accessibility linter's pass over one finished output file (see `lint::html`).
    fn lint_html(&self, job: &Job, rel: &str, html: &[u8]) -> Vec<crate::lint::html::Raw> {
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
        let url = format!("/{}", rel.trim_end_matches("index.html"));
        crate::lint::html::check(
            html,
            page.and_then(|p| p.content().html.as_str())
                .map(str::as_bytes),
            &crate::lint::html::Page {
                lint: page.map(|p| &p.content().lint),
                headings: page.map(|p| &p.content().headings),
                skip,
                source: page.map_or(template.as_path(), |p| p.doc.display.as_path()),
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
        let page = Page { doc, ..old.clone() };
        let view = Value::from(page_fields(id, &page, &self.lookup.links));
        // Links the edit added are not in the previous build's table yet.
        let extra: HashMap<&str, String> = page
            .content()
            .links
            .iter()
            .filter_map(|l| {
                let target = &site.pages[site.links.id_of(&l.target)?];
                let fragment = l.anchor.as_ref().map_or(String::new(), |a| format!("#{a}"));
                Some((
                    l.key.as_str(),
                    crate::markdown::href(&format!("{}{fragment}", target.path)),
                ))
            })
            .collect();
        let mut out = Vec::new();
        let mut ctx = Context::new();
        self.page_context(&mut ctx, &page, &view);
        let template = template_choice(site, &page).0;
        self.tera.render_to(&template, &ctx, &mut out).ok()?;
        let filled = crate::markdown::fill_placeholders_bytes(&out, |k| {
            extra
                .get(k)
                .map(String::as_str)
                .or_else(|| site.link_href(k, false))
        })
        .into_owned();
        Some((output_path(&page.url), filled))
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
    pub fn section_feed(&self, section: PageId, filename: &str, limit: usize) -> Vec<u8> {
        atom_feed(&self.site, section, &self.lookup.views, filename, limit)
    }

    /// The context of a page's own template.
    fn page_context(&self, ctx: &mut Context, p: &Page, view: &Value) {
        let view = with_toc(view, p);
        ctx.insert_value("page", view.clone());
        ctx.insert_value("current", view);
        ctx.insert_value(
            "section",
            p.parent
                .map_or(Value::none(), |s| self.lookup.views[s].clone()),
        );
        ctx.insert("current_path", &p.path);
        ctx.insert_value("paginator", Value::none());
    }

    /// Renders one output file into `out`; returns its output path.
    fn render_job(&self, job: &Job, out: &mut Vec<u8>) -> (String, Result<(), Diagnostic>) {
        let site = &*self.site;
        let views = &self.lookup.views;
        let mut ctx = Context::new();
        let (rel, template, source): (String, String, &Path) = match *job {
            Job::Page(id) => {
                let p = &site.pages[id];
                self.page_context(&mut ctx, p, &views[id]);
                (
                    output_path(&p.url),
                    template_choice(site, p).0,
                    &p.doc.display,
                )
            }
            Job::Listing { section, index } => {
                let s = &site.pages[section];
                let pagers = site.pagers(section);
                let (url, ids) = &pagers[index];
                let view = with_toc(&views[section], s);
                ctx.insert_value("section", view.clone());
                ctx.insert_value("current", view);
                ctx.insert_value("page", Value::none());
                ctx.insert("current_path", &format!("{}{url}", self.lookup.base_path));
                let path_of = |i: usize| format!("{}{}", self.lookup.base_path, pagers[i].0);
                let mut pg: BTreeMap<&str, Value> = BTreeMap::new();
                pg.insert(
                    "pages",
                    Value::from(ids.iter().map(|&i| views[i].clone()).collect::<Vec<_>>()),
                );
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
                (output_path(url), template_choice(site, s).0, &s.doc.display)
            }
            Job::Alias(i) => {
                let alias = &site.aliases[i];
                let target = &site.pages[alias.target];
                ctx.insert_value("target", views[alias.target].clone());
                ctx.insert_value("current", Value::none());
                ctx.insert("current_path", &alias.url);
                (
                    output_path(&alias.url),
                    "alias.html".into(),
                    &target.doc.display,
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
            .map_err(|e| template_diagnostic(&e, &self.template_paths, source));
        (rel, result)
    }
}

/// Which template renders `page`, which front matter field chose it, and in which file.
fn template_choice<'s>(site: &'s Site, page: &'s Page) -> (String, &'static str, &'s Page) {
    if let Some(t) = &page.doc.front.template {
        return (t.clone(), "template", page);
    }
    match page.doc.kind {
        Kind::Section if page.parent.is_none() => ("index.html".into(), "template", page),
        Kind::Section => ("section.html".into(), "template", page),
        Kind::Page => match page.parent.map(|s| &site.pages[s]) {
            Some(section) if section.doc.front.page_template.is_some() => (
                section.doc.front.page_template.clone().unwrap_or_default(),
                "page_template",
                section,
            ),
            _ => ("page.html".into(), "template", page),
        },
    }
}

/// `/nyheter/a/` → `nyheter/a/index.html`; a path with a file name stays as it is.
fn output_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.is_empty() {
        "index.html".into()
    } else if trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// A small view of a page for links: breadcrumbs, neighbours, menus.
fn link_view(p: &Page) -> Value {
    let mut m: BTreeMap<&str, Value> = BTreeMap::new();
    m.insert("title", Value::from(p.doc.front.title.as_str()));
    m.insert("path", Value::from(p.path.as_str()));
    m.insert("permalink", Value::from(p.permalink.as_str()));
    m.insert("description", Value::from(p.doc.front.description.as_str()));
    m.insert(
        "weight",
        p.doc.front.weight.map_or(Value::none(), Value::from),
    );
    Value::from(m)
}

/// Every page's and section's template view, and its small link view, by page id.
pub struct Views {
    pages: Vec<Value>,
    links: Vec<Value>,
}

/// Builds every page's and section's view once. Sections hold their pages' views, which are
/// reference-counted, never copied, and so is each page's HTML.
pub fn build_views(site: &Site) -> Views {
    let links: Vec<Value> = site.pages.iter().map(link_view).collect();
    let mut views: Vec<Value> = site
        .pages
        .par_iter()
        .enumerate()
        .map(|(id, p)| Value::from(page_fields(id, p, &links)))
        .collect();
    for (id, p) in site.pages.iter().enumerate() {
        if !p.is_section() {
            continue;
        }
        let mut m = page_fields(id, p, &links);
        m.insert(
            "pages",
            Value::from(
                p.pages
                    .iter()
                    .map(|&i| views[i].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        m.insert(
            "subsections",
            Value::from(
                p.subsections
                    .iter()
                    .map(|&i| links[i].clone())
                    .collect::<Vec<_>>(),
            ),
        );
        views[id] = Value::from(m);
    }
    Views {
        pages: views,
        links,
    }
}

/// A page's full view. Its strings shared with its link view are cloned from there
/// (reference-counted), and empty lists share one value: on 10,000 pages the copies were
/// a tenth of peak memory.
fn page_fields(id: PageId, p: &Page, links: &[Value]) -> BTreeMap<&'static str, Value> {
    static EMPTY: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    let empty = || {
        EMPTY
            .get_or_init(|| Value::from(Vec::<Value>::new()))
            .clone()
    };
    let list = |items: Vec<Value>| {
        if items.is_empty() {
            empty()
        } else {
            Value::from(items)
        }
    };
    let f = &p.doc.front;
    let mut m: BTreeMap<&str, Value> = BTreeMap::new();
    for field in ["title", "path", "permalink", "description"] {
        m.insert(
            field,
            links[id]
                .get_from_path(field)
                .cloned()
                .unwrap_or_else(Value::none),
        );
    }
    let date =
        |d: &Option<jiff::civil::DateTime>| d.map_or(Value::none(), |d| Value::from(d.to_string()));
    m.insert(
        "kind",
        Value::from(if p.is_section() { "section" } else { "page" }),
    );
    m.insert("date", date(&p.doc.date));
    m.insert("updated", date(&p.doc.updated));
    m.insert("source", Value::from(p.source.as_str()));
    m.insert("content", p.content().html.clone());
    // A hand-written summary is text: escaped, wrapped in a paragraph, and then safe.
    let summary = match (&f.summary, &p.content().summary) {
        (Some(text), _) => Value::safe_string(&format!("<p>{}</p>", crate::markdown::attr(text))),
        (None, Some(html)) => html.clone(),
        (None, None) => Value::none(),
    };
    m.insert("summary", summary);
    // The table of contents is added by `with_toc` for the page being rendered only: as
    // one small map per heading it was 90 MiB on the 10,000-page benchmark if kept for all.
    m.insert("toc", empty());
    m.insert(
        "tags",
        list(f.tags.iter().map(|t| Value::from(t.as_str())).collect()),
    );
    m.insert("weight", f.weight.map_or(Value::none(), Value::from));
    m.insert("draft", Value::from(f.draft));
    m.insert("extra", Value::from_serializable(&f.extra));
    m.insert("word_count", Value::from(p.content().word_count));
    // 200 words a minute: the usual figure for reading on screen.
    m.insert(
        "reading_time",
        Value::from(p.content().word_count.div_ceil(200).max(1)),
    );
    m.insert("lower", p.lower.map_or(Value::none(), |i| links[i].clone()));
    m.insert(
        "higher",
        p.higher.map_or(Value::none(), |i| links[i].clone()),
    );
    m.insert(
        "ancestors",
        list(p.ancestors.iter().map(|&i| links[i].clone()).collect()),
    );
    m.insert(
        "assets",
        list(p.assets.iter().map(|a| Value::from(a.as_str())).collect()),
    );
    m.insert("pages", empty());
    m.insert("subsections", empty());
    m
}

/// A page's shared view plus its table of contents, for rendering that page.
fn with_toc(view: &Value, p: &Page) -> Value {
    match view.as_map() {
        Some(map) if !p.content().headings.is_empty() => {
            let mut map = map.clone();
            map.insert("toc".into(), toc(&p.content().headings));
            Value::from(map)
        }
        _ => view.clone(),
    }
}

/// h2 headings with their h3 children; deeper levels are left out of the table of contents.
fn toc(headings: &crate::markdown::Headings) -> Value {
    let mut top: Vec<(BTreeMap<&str, Value>, Vec<Value>)> = Vec::new();
    for h in headings.iter() {
        let mut m: BTreeMap<&str, Value> = BTreeMap::new();
        m.insert("id", Value::from(h.id));
        m.insert("title", Value::from(h.title));
        m.insert("level", Value::from(h.level));
        match h.level {
            2 => top.push((m, Vec::new())),
            3 => {
                if let Some((_, children)) = top.last_mut() {
                    m.insert("children", Value::from(Vec::<Value>::new()));
                    children.push(Value::from(m));
                }
            }
            _ => {}
        }
    }
    Value::from(
        top.into_iter()
            .map(|(mut m, children)| {
                m.insert("children", Value::from(children));
                Value::from(m)
            })
            .collect::<Vec<_>>(),
    )
}

fn global_context(site: &Site, lookup: &Lookup, t: &Translations) -> Context {
    let c = &site.config;
    let mut s: BTreeMap<&str, Value> = BTreeMap::new();
    s.insert("title", Value::from(c.title.as_str()));
    s.insert("description", Value::from(c.description.as_str()));
    s.insert("base_url", Value::from(c.base_url.as_str()));
    s.insert("base_path", Value::from(lookup.base_path.as_str()));
    s.insert("home", Value::from(format!("{}/", lookup.base_path)));
    s.insert("language", Value::from(c.language.as_str()));
    s.insert(
        "locale",
        Value::from(if c.language == "sv" { "sv_SE" } else { "en_GB" }),
    );
    s.insert("organisation", Value::from_serializable(&c.organisation));
    s.insert(
        "accessibility",
        Value::from_serializable(&c.accessibility.view()),
    );
    s.insert("brand", Value::from_serializable(&c.brand));
    s.insert("extra", Value::from_serializable(&c.extra));
    s.insert(
        "feed_url",
        match site.feed_section() {
            Some(_) => Value::from(format!("{}/{}", lookup.base_path, c.feed.filename)),
            None => Value::none(),
        },
    );
    s.insert(
        "menu",
        Value::from(
            site.menu()
                .iter()
                .map(|&i| link_view(&site.pages[i]))
                .collect::<Vec<_>>(),
        ),
    );
    let mut ctx = Context::new();
    ctx.insert_value("site", Value::from(s));
    ctx.insert("t", t);
    ctx
}

fn register_functions(tera: &mut Tera, lookup: &Arc<Lookup>, t: &Translations) {
    let l = Arc::clone(lookup);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let path = path.trim_start_matches("@/");
            match l.site.links.id_of(path) {
                Some(id) => Ok(l.views[id].clone()),
                None => Err(not_found(&l, path)),
            }
        },
    );
    let l = Arc::clone(lookup);
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let required = kwargs.get::<bool>("required")?.unwrap_or(true);
            let path = path.trim_start_matches("@/");
            match l.site.links.id_of(path) {
                Some(id) => Ok(l.views[id].clone()),
                None if !required => Ok(Value::none()),
                None => Err(not_found(&l, path)),
            }
        },
    );
    let l = Arc::clone(lookup);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            if let Some(source) = path.strip_prefix("@/") {
                let (file, anchor) = source
                    .split_once('#')
                    .map_or((source, None), |(f, a)| (f, Some(a)));
                let id = l
                    .site
                    .links
                    .id_of(file)
                    .ok_or_else(|| not_found(&l, file))?;
                let url = l.views[id]
                    .get_from_path("path")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                return Ok(match anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                });
            }
            Ok(format!("{}/{}", l.base_path, path.trim_start_matches('/')))
        },
    );
    let l = Arc::clone(lookup);
    tera.register_function(
        "asset",
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?.trim_start_matches('/');
            match l.assets.get(path) {
                Some(hash) => Ok(format!(
                    "{}/{path}?h={:08x}",
                    l.base_path,
                    (hash & 0xffff_ffff)
                )),
                None => {
                    let mut msg = format!("no static file `{path}`");
                    if let Some(best) = did_you_mean(path, l.assets.keys().map(|k| k.as_str())) {
                        msg.push_str(&format!("; did you mean `{best}`?"));
                    }
                    Err(tera::Error::message(msg))
                }
            }
        },
    );
    let months: Vec<String> = (1..=12)
        .map(|m| {
            t.get(&format!("month_{m}"))
                .cloned()
                .unwrap_or_else(|| m.to_string())
        })
        .collect();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let format = kwargs.get::<&str>("format")?.unwrap_or("long");
            let dt: jiff::civil::DateTime = value
                .parse()
                .map_err(|_| tera::Error::message(format!("`{value}` is not a date")))?;
            Ok(match format {
                "iso" => dt.date().to_string(),
                "datetime" => dt.strftime("%Y-%m-%d %H:%M").to_string(),
                "short" => format!("{}/{}", dt.day(), dt.month()),
                _ => format!(
                    "{} {} {}",
                    dt.day(),
                    months[dt.month() as usize - 1],
                    dt.year()
                ),
            })
        },
    );
}

fn not_found(l: &Lookup, path: &str) -> tera::Error {
    let mut msg = format!("no page at `@/{path}`");
    if let Some(best) = did_you_mean(path, l.site.pages.iter().map(|p| p.source.as_str())) {
        msg.push_str(&format!("; did you mean `@/{best}`?"));
    }
    tera::Error::message(msg)
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
    let hint = format!("seen while rendering {}", crate::error::display_path(page));
    match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let message = format!("{}{chain}", r.message());
            let mut d = Diagnostic::error(path_of(r.filename()), message.clone())
                .at(r.span().start_line as u32, r.span().start_col as u32 + 1)
                .context("template");
            if message.contains("not defined") || message.contains("not found in") {
                d = d.hint("an optional value needs a fallback, e.g. `{{ page.extra.x or \"\" }}` or `{% if x is defined %}`");
            } else if matches!(err.kind(), tera::ErrorKind::SyntaxError(_)) {
                d = d.hint("see the Tera 2 syntax: https://keats.github.io/tera/docs/");
            } else {
                d = d.hint(hint);
            }
            d
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            path_of(current),
            format!("extends `{parent}`, which does not exist"),
        )
        .context("template")
        .hint("templates live in templates/ or themes/<theme>/templates/"),
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(page, format!("template `{name}` does not exist"))
                .context("template")
                .hint("templates live in templates/ or themes/<theme>/templates/")
        }
        _ => Diagnostic::error(page, format!("{err}{chain}")).context("template"),
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut pages: Vec<&Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    for p in pages {
        out.push_str("<url><loc>");
        out.push_str(&xml_escape(&p.permalink));
        out.push_str("</loc>");
        if let Some(d) = p.doc.updated.or(p.doc.date) {
            out.push_str(&format!("<lastmod>{}</lastmod>", d.date()));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        site.config.base_url
    )
}

/// The Atom feed of the news section: its newest `feed.limit` dated pages. Dates in front
/// matter are Swedish wall-clock times, so they are placed in Europe/Stockholm.
fn epoch() -> atom_syndication::FixedDateTime {
    atom_syndication::FixedDateTime::default()
}

fn atom_feed(
    site: &Site,
    section: PageId,
    views: &[Value],
    filename: &str,
    limit: usize,
) -> Vec<u8> {
    use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Text};
    let tz = jiff::tz::TimeZone::get("Europe/Stockholm").unwrap_or(jiff::tz::TimeZone::UTC);
    let stamp = |d: jiff::civil::DateTime| -> FixedDateTime {
        let zoned = d
            .to_zoned(tz.clone())
            .map(|z| z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string());
        zoned
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(epoch)
    };
    let s = &site.pages[section];
    let dated: Vec<(&Page, &Value)> = s
        .pages
        .iter()
        .map(|&i| (&site.pages[i], &views[i]))
        .filter(|(p, _)| p.doc.date.is_some())
        .take(limit)
        .collect();
    let entries: Vec<Entry> = dated
        .iter()
        .map(|(p, view)| {
            let mut e = Entry::default();
            e.set_title(p.doc.front.title.clone());
            e.set_id(p.permalink.clone());
            e.set_links(vec![Link {
                href: p.permalink.clone(),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }]);
            let date = p.doc.date.unwrap_or_default();
            e.set_published(Some(stamp(date)));
            e.set_updated(stamp(p.doc.updated.unwrap_or(date)));
            // Feeds are read outside the site: their links must be absolute.
            let absolute = |html: &str| {
                crate::markdown::fill_placeholders(html, |k| site.link_href(k, true)).into_owned()
            };
            let summary = match p.content().summary.as_ref().and_then(|v| v.as_str()) {
                Some(html) => absolute(html),
                None => crate::markdown::attr(&p.doc.front.description),
            };
            e.set_summary(Some(Text::html(summary)));
            e.set_content(Some(Content {
                value: view
                    .get_from_path("content")
                    .and_then(|v| v.as_str())
                    .map(absolute),
                content_type: Some("html".into()),
                ..Default::default()
            }));
            e
        })
        .collect();
    let updated = dated
        .iter()
        .filter_map(|(p, _)| p.doc.updated.or(p.doc.date))
        .max()
        .map(stamp)
        .unwrap_or_else(epoch);
    let feed_url = format!("{}/{filename}", site.config.base_url);
    let mut feed = Feed::default();
    feed.set_title(format!("{} – {}", site.config.title, s.doc.front.title));
    feed.set_id(feed_url.clone());
    feed.set_updated(updated);
    feed.set_lang(Some(site.config.language.clone()));
    feed.set_links(vec![
        Link {
            href: feed_url,
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        },
        Link {
            href: s.permalink.clone(),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Default::default()
        },
    ]);
    feed.set_entries(entries);
    feed.to_string().into_bytes()
}
