//! Site search: one index per language of the site (Swedish, English, Finnish and Arabic
//! analysis, see [`analyze`]), each costing a resident almost nothing to download, a small
//! browser client (`themes/default/static/search.js`, loaded only when the search box is
//! used) and a search page per language, `/sok/` (`/en/sok/` …), that without JavaScript
//! lists every care unit A–Ö, the units by municipality and the guidance topics, so the
//! header's search form never leads to a dead end.
//!
//! - [`analyze`]: words → terms (elasticlunr-rs's Swedish pipeline, plus numbers and folding).
//! - [`text`]: rendered HTML → plain-text sections.
//! - [`index`]: the sharded index, the per-page records and the filters, written to the sink.
//! - [`lunr`]: the plain elasticlunr JSON index, when `site.yaml` asks for it.
//!
//! A plain elasticlunr index (what Zola and mdBook ship) makes the first query download the
//! whole index; here a query fetches the manifest, the shard holding each of its words and
//! the records of the results it shows. Figures: BENCHMARKS.md.

pub mod analyze;
pub mod index;
pub mod lunr;
pub mod synonyms;
pub mod text;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::config::Language;
use crate::error::Error;
use crate::feature::{Feature, Shared};
use crate::output::Sink;
use crate::page::{Document, FrontMatter, Kind as DocKind};
use crate::site::Site;
use crate::slug::swedish_sort_key;
use crate::source::Sources;
use crate::unit::UnitData;
use crate::view::{Translations, obj, word};

/// The search page's content file: `/sok/`.
pub const PAGE: &str = "sok.md";
/// The folder of the index files at the site root; one index per language below it.
pub const DIR: &str = "search";
/// The weekend page's template: holiday and weekend words in a query lift it.
const WEEKEND_TEMPLATE: &str = "helgoppet.html";
/// A section with more pages than this is listed on `/sok/` by its own link only.
const TOPIC_PAGES: usize = 30;

/// Adds the search page in every language (`sok.md`, `sok.en.md` …) unless the content has
/// it; then only its template is chosen, if the editor chose none. Each language searches
/// its own index, so each needs its own page to show the results on.
pub fn add_documents(docs: &mut Vec<Arc<Document>>, languages: &[(Language, Translations)]) {
    for (i, (l, t)) in languages.iter().enumerate() {
        let rel = page_in(i, &l.code);
        let mut front = FrontMatter::titled(word(t, "search_title"));
        front.more_mut().template = Some("search.html".into());
        let display = Path::new("content").join(&rel);
        Document::adopt_or_add(docs, &rel, display, DocKind::Page, front, false);
    }
}

/// The search page's content path in the language number `lang`: `sok.md`, `sok.en.md`.
fn page_in(lang: usize, code: &str) -> String {
    if lang == 0 {
        PAGE.to_string()
    } else {
        format!("{}.{code}.md", PAGE.trim_end_matches(".md"))
    }
}

/// The search page in every language it exists in.
fn search_pages(site: &Site) -> Vec<usize> {
    site.links
        .id_of(PAGE)
        .map(|id| {
            let p = &site.pages[id];
            if p.translations.is_empty() {
                vec![id]
            } else {
                p.translations.clone()
            }
        })
        .unwrap_or_default()
}

/// The words the client shows (every `search_*` translation, without the prefix), carried in
/// the manifest so the page itself stays small.
pub fn client_words(t: &Translations) -> serde_json::Value {
    serde_json::Value::Object(
        t.iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("search_")
                    .map(|k| (k.to_string(), serde_json::Value::from(v.as_str())))
            })
            .collect(),
    )
}

/// The folder of one language's index, relative to the output: `search/sv/`.
pub fn index_dir(code: &str) -> String {
    format!("{DIR}/{code}/")
}

/// What the search page and the header's form need: `search_box()` and `search_page()`.
pub struct Views {
    boxed: Value,
    page: Value,
}

/// The template values of every language, the default first: a page searches the index of
/// its own language and submits to the search page of its own language.
pub struct LanguageViews(Vec<(String, Views)>);

impl LanguageViews {
    /// The values for the page being rendered: its language is `lang` in the context (set
    /// for pages in other languages than the default).
    fn pick(&self, state: &State) -> Option<&Views> {
        let lang = state.get::<String>("lang").ok().flatten();
        lang.and_then(|lang| self.0.iter().find(|(code, _)| *code == lang))
            .or(self.0.first())
            .map(|(_, v)| v)
    }
}

/// Builds the template values of every language; `None` when search is off.
pub fn views(site: &Site, units: Option<&UnitData>) -> Option<LanguageViews> {
    if !site.config.search.enabled {
        return None;
    }
    Some(LanguageViews(
        site.languages
            .iter()
            .enumerate()
            .map(|(lang, l)| (l.code.clone(), views_in(site, units, lang)))
            .collect(),
    ))
}

/// One language's template values.
fn views_in(site: &Site, units: Option<&UnitData>, lang: usize) -> Views {
    let base = site.config.base_path();
    let language = &site.languages[lang];
    let searching = search_pages(site);
    let page_path = searching
        .iter()
        .find(|&&id| site.pages[id].lang == lang)
        .map_or_else(
            || format!("{base}{}/sok/", language.prefix),
            |&id| site.pages[id].path().to_string(),
        );
    let boxed = obj([
        ("action", Value::from(page_path)),
        (
            "manifest",
            Value::from(format!("{base}/{}manifest.json", index_dir(&language.code))),
        ),
    ]);
    let unit_links: Vec<UnitLink> = units
        .map(|u| {
            u.units
                .iter()
                .filter_map(|unit| {
                    let (path, _) = crate::unit::views::page_in(site, &unit.id, lang)?;
                    Some(UnitLink {
                        name: unit.name.clone(),
                        path: path.to_string(),
                        municipality: unit.municipality.clone(),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let link = |u: &UnitLink| {
        obj([
            ("name", Value::from(u.name.as_str())),
            ("path", Value::from(u.path.as_str())),
        ])
    };
    // A–Ö by the unit's name, grouped by its first letter.
    let order = |u: &&UnitLink| (swedish_sort_key(&u.name), u.path.clone());
    let mut by_name: Vec<&UnitLink> = unit_links.iter().collect();
    by_name.sort_by_cached_key(order);
    let mut letters: Vec<(String, Vec<Value>)> = Vec::new();
    for u in by_name {
        let letter: String = u
            .name
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default();
        match letters.last_mut() {
            Some((l, list)) if *l == letter => list.push(link(u)),
            _ => letters.push((letter, vec![link(u)])),
        }
    }
    let mut by_place: BTreeMap<String, (String, Vec<&UnitLink>)> = BTreeMap::new();
    for u in &unit_links {
        by_place
            .entry(swedish_sort_key(&u.municipality))
            .or_insert_with(|| (u.municipality.clone(), Vec::new()))
            .1
            .push(u);
    }
    let places: Vec<Value> = by_place
        .into_values()
        .map(|(m, mut list)| {
            list.sort_by_cached_key(order);
            obj([
                ("municipality", Value::from(m)),
                (
                    "units",
                    Value::from(list.into_iter().map(link).collect::<Vec<_>>()),
                ),
            ])
        })
        .collect();
    let topics: Vec<Value> = site
        .menu(lang)
        .into_iter()
        .filter(|i| !searching.contains(i))
        .map(|i| &site.pages[i])
        .filter(|p| {
            !p.source()
                .starts_with(&format!("{}/", crate::unit::pages::DIR))
        })
        .map(|p| {
            let mut pages: Vec<&crate::site::Page> =
                p.pages.iter().map(|&i| &*site.pages[i]).collect();
            if pages.len() > TOPIC_PAGES {
                pages.clear();
            }
            pages.sort_by_cached_key(|q| swedish_sort_key(&q.doc.front.title));
            obj([
                ("title", Value::from(p.doc.front.title.as_str())),
                ("path", Value::from(p.path())),
                (
                    "pages",
                    Value::from(
                        pages
                            .into_iter()
                            .map(|q| {
                                obj([
                                    ("title", Value::from(q.doc.front.title.as_str())),
                                    ("path", Value::from(q.path())),
                                ])
                            })
                            .collect::<Vec<_>>(),
                    ),
                ),
            ])
        })
        .collect();
    let page = obj([
        (
            "units_az",
            Value::from(
                letters
                    .into_iter()
                    .map(|(l, list)| {
                        obj([("letter", Value::from(l)), ("units", Value::from(list))])
                    })
                    .collect::<Vec<_>>(),
            ),
        ),
        ("units_by_municipality", Value::from(places)),
        ("topics", Value::from(topics)),
    ]);
    Views { boxed, page }
}

/// A care unit as the search page lists it.
struct UnitLink {
    name: String,
    path: String,
    municipality: String,
}

/// Registers `search_box()` (the header form's addresses, or none when search is off) and
/// `search_page()` (the search page's lists).
pub fn register(tera: &mut Tera, views: Option<Arc<LanguageViews>>) {
    let v = views.clone();
    tera.register_function(
        "search_box",
        move |_: Kwargs, state: &State| -> TeraResult<Value> {
            Ok(v.as_ref()
                .and_then(|v| v.pick(state))
                .map_or(Value::none(), |v| v.boxed.clone()))
        },
    );
    tera.register_function(
        "search_page",
        move |_: Kwargs, state: &State| -> TeraResult<Value> {
            views
                .as_ref()
                .and_then(|v| v.pick(state))
                .map(|v| v.page.clone())
                .ok_or_else(|| {
                    tera::Error::message(
                        "search is off in site.yaml (`search: { enabled: false }`)",
                    )
                })
        },
    );
}

/// The site's index while the site renders: [`Tap`] hands it each page as the renderer
/// writes it, so the index reads the page as the resident sees it (the template's
/// `data-search-body` region, see [`text::scan`]); [`Indexer::finish`] writes the rest.
pub struct Indexer<'a> {
    docs: Vec<index::Doc<'a>>,
    /// (hash of the output file's name, page number), by hash: [`Indexer::page_of`] checks
    /// the name against the page's address. A map by name was a string and a slot a page,
    /// about 10 MB at 100,000 pages, made as the pages start to be written.
    pages: Vec<(u64, u32)>,
    /// Length of the base path, which the pages' `path` starts with and output names do not.
    base_path: usize,
    builder: index::Builder,
    words: serde_json::Value,
    stop: &'static [&'static str],
    elasticlunr: bool,
    language: &'a str,
}

/// One index per language of the site, the default's first: each language's pages analysed
/// by that language's rules (a Swedish stemmer would mangle English words, and an English
/// search should find English pages). Empty when search is off.
pub fn indexers<'a>(
    site: &'a Site,
    units: Option<&'a UnitData>,
    words: &[serde_json::Value],
) -> Result<Vec<Indexer<'a>>, Error> {
    if !site.config.search.enabled {
        return Ok(Vec::new());
    }
    let searching = search_pages(site);
    (0..site.languages.len())
        .map(|lang| {
            let words = words.get(lang).cloned().unwrap_or_default();
            Indexer::new(site, units, lang, &searching, words)
        })
        .collect()
}

impl<'a> Indexer<'a> {
    /// The index of the language number `lang` (see [`Site::languages`]); `searching` are
    /// the search pages, which are not indexed.
    fn new(
        site: &'a Site,
        units: Option<&'a UnitData>,
        lang: usize,
        searching: &[usize],
        words: serde_json::Value,
    ) -> Result<Indexer<'a>, Error> {
        let language = site.languages[lang].code.as_str();
        let feed = site.feed_section_in(lang);
        let municipalities: Vec<&str> = units
            .map(|u| u.region.municipalities.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let mut docs: Vec<index::Doc> = Vec::with_capacity(site.pages.len());
        let mut pages = Vec::with_capacity(site.pages.len());
        // For ranking by intent (the client): the weekend page(s), by page number.
        let mut weekend: Vec<usize> = Vec::new();
        for (id, p) in site.pages.iter().enumerate() {
            // The search page lists other pages, each found by its own words; a result
            // that leads back to the search page is a loop. Another language's pages are in
            // that language's index.
            if p.lang != lang || searching.contains(&id) {
                continue;
            }
            if p.doc.front.more().template.as_deref() == Some(WEEKEND_TEMPLATE) {
                weekend.push(docs.len());
            }
            let unit = p
                .source()
                .strip_prefix(&format!("{}/", crate::unit::pages::DIR))
                .and_then(|rest| rest.strip_suffix(".md"))
                .map(|rest| match lang {
                    0 => rest,
                    _ => rest
                        .strip_suffix(site.languages[lang].code.as_str())
                        .and_then(|r| r.strip_suffix('.'))
                        .unwrap_or(rest),
                })
                .and_then(|id| units.and_then(|u| u.unit(id)));
            // What the index reads if the page's rendering never reaches it: the Markdown,
            // or a unit's facts.
            let (kind, municipality, body) = match unit {
                Some((u, _)) => (
                    "enhet",
                    Some(u.municipality.clone()),
                    index::Body::Text(unit_text(u, units)),
                ),
                None => (
                    if feed.is_some_and(|f| p.ancestors.contains(&f)) {
                        "nyhet"
                    } else {
                        "sida"
                    },
                    named_municipality(&p.doc.front.title, &municipalities),
                    index::Body::Html(p.content().html.as_str().unwrap_or_default()),
                ),
            };
            pages.push((
                xxhash_rust::xxh3::xxh3_64(crate::render::output_path(p.url()).as_bytes()),
                docs.len() as u32,
            ));
            docs.push(index::Doc {
                path: p.path(),
                title: &p.doc.front.title,
                kind,
                municipality,
                description: &p.doc.front.description,
                tags: &p.doc.front.tags,
                body,
            });
        }
        if docs.len() > index::MAX_PAGES {
            return Err(Error::Content(vec![
                crate::error::Diagnostic::error(
                    "site.yaml",
                    crate::msg!(
                        "search-too-many-pages",
                        limit = index::MAX_PAGES,
                        pages = docs.len()
                    ),
                )
                .context(crate::msg!(
                    "context-field",
                    what = "site",
                    field = "search"
                ))
                .hint(crate::msg!("search-too-many-pages-hint")),
            ]));
        }
        let elasticlunr = site.config.search.elasticlunr;
        // For ranking by intent (the client): the care units of each municipality.
        let mut unit_pages: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (n, d) in docs.iter().enumerate() {
            if let (Some(m), "enhet") = (&d.municipality, d.kind) {
                unit_pages.entry(m.as_str()).or_default().push(n);
            }
        }
        // The vocabulary is Swedish (and an English glossary onto Swedish words): it serves
        // the default language's index, and a Swedish one.
        let mut client = if lang == 0 || language == "sv" {
            synonyms::merged(&site.config.search.synonyms)
        } else {
            serde_json::json!({ "synonyms": {}, "english": [] })
        };
        client["words"] = words;
        client["unitPages"] = serde_json::json!(unit_pages);
        client["weekend"] = serde_json::json!(weekend);
        // Where a search that finds nothing points, beside 112 and 1177.
        // The guide in the page's language, or the default language's guide when it has
        // no translation: a link to guidance a resident may not read beats none.
        client["guide"] = serde_json::json!(
            site.links
                .id_of(&format!("{}/_index.md", crate::guide::DIR))
                .map(|id| site.translation(id, lang).unwrap_or(id))
                .map(|id| site.pages[id].path())
        );
        pages.sort_unstable();
        Ok(Indexer {
            base_path: site.config.base_path().len(),
            builder: index::Builder::new(
                language,
                &index_dir(language),
                docs.len(),
                elasticlunr && lang == 0,
            ),
            docs,
            pages,
            words: client,
            stop: analyze::stop_words(language),
            elasticlunr: elasticlunr && lang == 0,
            language,
        })
    }

    /// The number of the page written to the output file `rel`, if it is one of this index's.
    /// Of two pages with one output file (a build that then fails), the later, as a map by
    /// name kept it.
    fn page_of(&self, rel: &str) -> Option<usize> {
        let hash = xxhash_rust::xxh3::xxh3_64(rel.as_bytes());
        let from = self.pages.partition_point(|&(h, _)| h < hash);
        self.pages[from..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, n)| n as usize)
            .filter(|&n| {
                self.docs[n]
                    .path
                    .get(self.base_path..)
                    .is_some_and(|url| crate::render::output_path(url) == rel)
            })
            .max()
    }

    /// Writes the index for the site's language into `sink` (and the plain elasticlunr index
    /// when asked for).
    pub fn finish(self, sink: &dyn Sink) -> Result<index::Stats, Error> {
        let language = self.language;
        let started = std::time::Instant::now();
        let mut plain = self.elasticlunr.then(Vec::new);
        let stats = self
            .builder
            .finish(&self.docs, self.words, self.stop, sink, plain.as_mut())?;
        // For the benchmarks (bench/search-budget.mjs): the index's own time and shape.
        if std::env::var_os("VARDLOTS_SEARCH_STATS").is_some() {
            eprintln!(
                "search index ({language}): {} pages, {} terms, {} postings ({} runs spilled), {} shards ({} bytes), {:.3} s after rendering",
                stats.pages,
                stats.terms,
                stats.postings,
                stats.runs,
                stats.shards,
                stats.shard_bytes,
                started.elapsed().as_secs_f64()
            );
        }
        if let Some(plain) = plain {
            sink.put(
                &format!("{DIR}/elasticlunr.json"),
                &lunr::index(self.language, &plain),
            )?;
        }
        Ok(stats)
    }
}

/// A sink that hands every page it writes to its language's index, then to the sink it
/// wraps.
pub struct Tap<'b> {
    indexers: &'b [Indexer<'b>],
    inner: &'b dyn Sink,
}

/// `sink`, with the pages written through it indexed (by none when search is off).
pub fn tap<'b>(indexers: &'b [Indexer<'b>], inner: &'b dyn Sink) -> Tap<'b> {
    Tap { indexers, inner }
}

impl Sink for Tap<'_> {
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        if let Some((ix, n)) = self
            .indexers
            .iter()
            .find_map(|ix| Some((ix, ix.page_of(rel)?)))
        {
            let d = &ix.docs[n];
            let doc = index::Doc {
                body: index::Body::Page(bytes),
                municipality: d.municipality.clone(),
                ..*d
            };
            ix.builder.add(n, &doc, self.inner)?;
        }
        self.inner.put(rel, bytes)
    }

    fn copy(&self, asset: &crate::source::Asset) -> Result<(), Error> {
        self.inner.copy(asset)
    }

    fn first_done(&self, first: bool) {
        self.inner.first_done(first)
    }

    fn scratch(&self) -> Result<crate::output::Scratch, Error> {
        self.inner.scratch()
    }
}

/// What a unit page offers the index: the facts a resident searches a unit by.
fn unit_text(u: &crate::unit::Unit, units: Option<&UnitData>) -> String {
    let mut parts: Vec<String> = vec![u.kind.label().to_string(), u.municipality.clone()];
    if let Some(a) = &u.address {
        parts.extend([a.street.clone(), a.postal_code.clone(), a.town.clone()]);
    }
    parts.push(u.phone.clone());
    parts.extend(u.e_services.iter().map(|e| e.label().to_string()));
    if let Some(main) = u.branch_of.as_deref().and_then(|id| units?.unit(id)) {
        parts.push(main.0.name.clone());
    }
    if let Some(i) = &u.interpreter {
        parts.push(i.clone());
    }
    parts.join(". ")
}

/// The first of the region's municipalities a page's title names, as a whole word (not as
/// part of "Kalmar län"): the
/// municipality filter's value for pages that are not units.
fn named_municipality(title: &str, municipalities: &[&str]) -> Option<String> {
    let words: Vec<&str> = analyze::tokens(title).collect();
    // "Kalmar län" is the county, not the municipality of Kalmar.
    let named = |m: &str| {
        words.iter().enumerate().any(|(i, w)| {
            w.eq_ignore_ascii_case(m)
                && words
                    .get(i + 1)
                    .is_none_or(|n| !n.eq_ignore_ascii_case("län"))
        })
    };
    municipalities
        .iter()
        .find(|m| named(m))
        .map(|m| m.to_string())
}

/// Search as a feature of the site (see [`Feature`]).
pub struct Search {
    enabled: bool,
    units: Option<Arc<UnitData>>,
    views: Option<Arc<LanguageViews>>,
    /// The client's words of every language, the default first.
    words: Vec<serde_json::Value>,
}

impl Search {
    pub fn new(enabled: bool, units: Option<Arc<UnitData>>) -> Search {
        Search {
            enabled,
            units,
            views: None,
            words: Vec::new(),
        }
    }
}

impl Feature for Search {
    fn add_documents(
        &mut self,
        _: &Sources,
        docs: &mut Vec<Arc<Document>>,
        shared: &Shared<'_>,
    ) -> Vec<crate::error::Diagnostic> {
        if self.enabled {
            add_documents(docs, shared.languages);
        }
        Vec::new()
    }

    fn prepare(&mut self, site: &Site, shared: &Shared<'_>) -> Vec<crate::error::Diagnostic> {
        self.views = views(site, self.units.as_deref()).map(Arc::new);
        self.words = shared
            .languages
            .iter()
            .enumerate()
            .map(|(i, (_, t))| client_words(if i == 0 { shared.translations } else { t }))
            .collect();
        Vec::new()
    }

    fn register(&self, tera: &mut Tera) {
        register(tera, self.views.clone());
    }

    /// Indexes each page as it is rendered (what the resident sees, not only the Markdown),
    /// then writes the index after the last page.
    fn around_render(
        &self,
        site: &Site,
        sink: &dyn Sink,
        render: &mut dyn FnMut(&dyn Sink) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let indexers = indexers(site, self.units.as_deref(), &self.words)?;
        if indexers.is_empty() {
            return render(sink);
        }
        render(&tap(&indexers, sink))?;
        for indexer in indexers {
            indexer.finish(sink)?;
        }
        Ok(())
    }
}
