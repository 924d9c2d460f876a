//! The site model: which page lives at which URL, which section lists which pages in which
//! order, which links point where. No files and no HTML: it works on parsed documents and
//! hands `render` read-only data.
//!
//! Over 600 lines on purpose: assembling the model and resolving its links and images work
//! on the model's private indices (content path → asset, link table), which a split would
//! have to make public.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Language};
use crate::error::{Diagnostic, did_you_mean};
use crate::markdown;
use crate::msg;
use crate::page::{Content, Document, FrontMatter, Kind, Rejected, SortBy};
use crate::slug::{slugify, swedish_sort_key};
use crate::source::{Asset, slash};

pub type PageId = usize;

#[derive(Debug, Clone)]
pub struct Page {
    /// Shared with `serve`'s cache of parsed files, so a rebuild reuses unchanged ones as is.
    pub doc: Arc<Document>,
    /// The content path links use (see [`Page::source`]) when it is not the document's `rel`
    /// as it is: on most systems it never differs, and a string a page was kept for it.
    source: Option<Box<str>>,
    /// The page's absolute URL: `https://exempel.se/portal/nyheter/a/`. [`Page::path`] and
    /// [`Page::url`] are its tails (the base path is the end of the base URL): one string a
    /// page where there were three.
    permalink: String,
    /// Where [`Page::path`] starts in `permalink`: the origin's length.
    path_start: u32,
    /// Where [`Page::url`] starts in `permalink`: the base URL's length.
    url_start: u32,
    pub parent: Option<PageId>,
    /// Sections: their pages in listing order.
    pub pages: Vec<PageId>,
    /// Sections: their subsections, by weight then title.
    pub subsections: Vec<PageId>,
    /// From the start page down to the parent. Boxed: made once, kept by every page.
    pub ancestors: Box<[PageId]>,
    /// The neighbours in the parent's listing order.
    pub lower: Option<PageId>,
    pub higher: Option<PageId>,
    /// Output paths of the page bundle's own files.
    pub assets: Vec<String>,
    /// Its language: an index into [`Site::languages`] (0, the default, for most sites).
    pub lang: usize,
    /// The page in every language it exists in, in the order of [`Site::languages`], itself
    /// among them; empty when it exists in one language only.
    pub translations: Vec<PageId>,
}

impl Page {
    /// The content path links use: `nyheter/a.md`.
    pub fn source(&self) -> &str {
        match &self.source {
            Some(source) => source,
            None => self.doc.rel.to_str().unwrap_or_default(),
        }
    }

    /// The URL path below the site root, without the base path: `/nyheter/a/`.
    pub fn url(&self) -> &str {
        &self.permalink[self.url_start as usize..]
    }

    /// The URL path as links write it, with the base path: `/portal/nyheter/a/`.
    pub fn path(&self) -> &str {
        &self.permalink[self.path_start as usize..]
    }

    /// The absolute URL: `https://exempel.se/portal/nyheter/a/`.
    pub fn permalink(&self) -> &str {
        &self.permalink
    }

    /// The rendered body; its internal links are placeholders until output.
    pub fn content(&self) -> &Content {
        &self.doc.content
    }

    pub fn is_section(&self) -> bool {
        self.doc.kind == Kind::Section
    }
}

/// What shows a changed page (see [`Site::dependents`]), in the order to render it again.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dependents {
    /// Pages (not sections) whose own output shows it: itself, its neighbours, its
    /// translations, pages linking to it. Sorted.
    pub pages: Vec<PageId>,
    /// Sections whose listing pages (every pagination page) list it, or which it is. Sorted.
    pub listings: Vec<PageId>,
    /// The other pages of those sections, whose templates may list their siblings. Sorted.
    pub siblings: Vec<PageId>,
}

/// What [`Site::patch`] changed in the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// The pages whose documents were swapped. Sorted.
    pub edited: Vec<PageId>,
    /// The pages whose template views changed: the edited ones and those whose neighbour
    /// links changed or lead to an edited page. Sorted.
    pub views: Vec<PageId>,
    /// The pages and listings that show the edit: those views and the edited pages'
    /// translations, and the edited pages' sections (whose views list them).
    pub shows: Dependents,
}

/// A redirect from an old address to a page.
#[derive(Debug, Clone)]
pub struct Alias {
    pub url: String,
    pub target: PageId,
}

/// Cloned by `serve` to apply an edit to the last build's model (see [`Site::patch`]).
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// `site.yaml`'s `accessibility:` settings (the linter's), for templates and the linter.
    pub accessibility: crate::lint::Accessibility,
    /// Shared with the clones [`Site::patch`] makes, which copy only the pages they change.
    pub pages: Vec<Arc<Page>>,
    pub root: PageId,
    /// The languages the site is published in, the default first (see [`Config::languages`]).
    pub languages: Vec<Language>,
    /// Each language's start page, by language index.
    pub roots: Vec<PageId>,
    pub aliases: Vec<Alias>,
    /// Files from `content/` to copy, with their output paths.
    pub assets: Vec<Asset>,
    /// Content path of a file in `content/` → its index in `assets`. The tables are shared
    /// by the clones [`Site::patch`] makes.
    asset_sources: Arc<HashMap<String, usize>>,
    pub links: Links,
    /// Link placeholder key → the page it leads to (see [`LinkTarget`]); the href is made
    /// from the page's address when asked for (see [`Site::link_href`]): kept, the
    /// root-relative href was a string a link (about 70 bytes a page), and the absolute one
    /// another before it.
    hrefs: Arc<HashMap<String, LinkTarget>>,
    /// The targets of links an edit added (see [`Site::patch`]), looked up before `hrefs`.
    edit_hrefs: HashMap<String, LinkTarget>,
    /// Image placeholder key (`!img:…`) → the image it shows.
    pub images: Arc<HashMap<String, ImageUse>>,
}

/// Where an internal link leads: the page (a [`PageId`]; fewer than 2^32 pages) and where
/// the fragment (`#…`, already escaped) starts in the link's key, which is the key's length
/// when it has none. An href escapes byte by byte, so the link's href is the page's
/// escaped address followed by that fragment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LinkTarget {
    page: u32,
    fragment: u32,
}

/// A processed image: its output files and what an `<img>` needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// (width, output path) of each variant, smallest first; the last is the main `src`.
    pub variants: Vec<(u32, String)>,
    /// (width, output path) of WebP variants, when they pay.
    pub webp: Vec<(u32, String)>,
    pub width: u32,
    pub height: u32,
}

/// A local image as a page uses it: the data its markup is made from when pages are written.
#[derive(Debug, Clone)]
pub struct ImageUse {
    /// The image as the Markdown names it.
    pub path: String,
    /// Its output path.
    pub out: String,
    /// Its processed form; `None` for a format linked as it is (SVG, GIF).
    pub processed: Option<Processed>,
    /// A page's first image, which is not lazy-loaded.
    pub first: bool,
}

/// Content path → page, for resolving `@/` links and `get_page`.
#[derive(Debug, Default, Clone)]
pub struct Links {
    by_source: Arc<HashMap<String, PageId>>,
}

/// `a.md` ↔ `a/index.md`: the same page before and after it became a page bundle.
pub fn bundle_twin(source: &str) -> Option<String> {
    match source.strip_suffix("/index.md") {
        Some(stem) => Some(format!("{stem}.md")),
        None => Some(format!("{}/index.md", source.strip_suffix(".md")?)),
    }
}

impl Links {
    /// The page of a content path. `a.md` also finds a page bundle `a/index.md`, and the
    /// other way round, so turning a page into a bundle (to give it images) breaks no link.
    pub fn id_of(&self, source: &str) -> Option<PageId> {
        let source = source.trim_start_matches("@/");
        self.by_source
            .get(source)
            .or_else(|| self.by_source.get(&bundle_twin(source)?))
            .copied()
    }
}

impl Links {
    /// The closest existing content path, for hints.
    fn closest(&self, content_path: &str) -> Option<&str> {
        did_you_mean(content_path, self.by_source.keys().map(|k| k.as_str()))
    }
}

impl Site {
    /// Places every document at its URL and in its section. Drafts are left out unless
    /// `drafts` is set. Findings (duplicate URLs, alias clashes) are returned beside the model.
    pub fn assemble(
        config: Config,
        docs: Vec<Arc<Document>>,
        files: Vec<Asset>,
        drafts: bool,
    ) -> (Site, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut docs: Vec<Arc<Document>> = docs
            .into_iter()
            .filter(|d| drafts || !d.front.draft)
            .collect();
        docs.sort_by(|a, b| a.rel.cmp(&b.rel));
        let languages = config.languages();
        let mut located: Vec<(Arc<Document>, String, usize)> = docs
            .into_iter()
            .map(|d| {
                let (base, lang) = split_language(&slash(&d.rel), &languages);
                (d, base, lang)
            })
            .collect();
        // Every language has a start page: its `_index.md` (`_index.en.md`) or one titled
        // after the site.
        for (lang, l) in languages.iter().enumerate() {
            if !located
                .iter()
                .any(|(d, base, dl)| *dl == lang && base == "_index.md" && d.kind == Kind::Section)
            {
                let mut root = implicit_root(&config);
                if lang > 0 {
                    root.rel = PathBuf::from(format!("_index.{}.md", l.code));
                }
                let at = if lang == 0 { 0 } else { located.len() };
                located.insert(at, (Arc::new(root), "_index.md".to_string(), lang));
            }
        }

        // Folders that are sections, and folders that are page bundles, in each language.
        let mut section_dirs: HashMap<(usize, String), PageId> = HashMap::new();
        let mut bundle_dirs: HashMap<(usize, String), PageId> = HashMap::new();
        for (id, (d, base, lang)) in located.iter().enumerate() {
            let base = Path::new(base);
            let dir = slash(base.parent().unwrap_or(Path::new("")));
            match (d.kind, base.file_name().and_then(|n| n.to_str())) {
                (Kind::Section, _) => {
                    section_dirs.insert((*lang, dir), id);
                }
                (Kind::Page, Some("index.md")) if !dir.is_empty() => {
                    bundle_dirs.insert((*lang, dir), id);
                }
                _ => {}
            }
        }

        let base_path = config.base_path().to_string();
        debug_assert!(config.base_url.ends_with(&base_path));
        let mut pages: Vec<Page> = Vec::with_capacity(located.len());
        let mut by_base: HashMap<String, Vec<PageId>> = HashMap::new();
        for (d, base, lang) in located {
            let base_rel = Path::new(&base);
            let dir = slash(base_rel.parent().unwrap_or(Path::new("")));
            let key = (lang, dir.clone());
            let is_bundle = bundle_dirs.contains_key(&key) && d.kind == Kind::Page;
            if is_bundle && section_dirs.contains_key(&key) {
                diags.push(
                    Diagnostic::error(d.display(), msg!("site-index-and-bundle"))
                        .at_line(1)
                        .hint(msg!("site-index-and-bundle-hint")),
                );
            }
            // A page belongs to the nearest section at or above its folder; a bundle's own
            // folder does not count, nor does a section's own folder for itself.
            let start = match (d.kind, is_bundle) {
                (Kind::Section, _) | (_, true) => parent_dir(&dir),
                _ => Some(dir.clone()),
            };
            let parent = if d.kind == Kind::Section && dir.is_empty() {
                None
            } else {
                nearest_section(&section_dirs, lang, start)
            };
            let stem = base_rel
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let url = url_for(&d, &dir, is_bundle, &stem);
            let url = match languages[lang].prefix.as_str() {
                "" => url,
                prefix => format!("{prefix}{url}"),
            };
            let source = slash(&d.rel);
            let source = (d.rel.to_str() != Some(source.as_str())).then(|| source.into());
            by_base.entry(base).or_default().push(pages.len());
            pages.push(Page {
                permalink: format!("{}{url}", config.base_url),
                path_start: (config.base_url.len() - base_path.len()) as u32,
                url_start: config.base_url.len() as u32,
                source,
                parent,
                pages: Vec::new(),
                subsections: Vec::new(),
                ancestors: Box::default(),
                lower: None,
                higher: None,
                assets: Vec::new(),
                lang,
                translations: Vec::new(),
                doc: d,
            });
        }
        for mut ids in by_base.into_values().filter(|ids| ids.len() > 1) {
            ids.sort_by_key(|&id| pages[id].lang);
            for &id in &ids {
                pages[id].translations = ids.clone();
            }
        }
        let roots: Vec<PageId> = (0..languages.len())
            .map(|lang| {
                section_dirs
                    .get(&(lang, String::new()))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let root = roots[0];

        // Two sources claiming one URL.
        let mut by_url: HashMap<&str, PageId> = HashMap::new();
        for (id, p) in pages.iter().enumerate() {
            if let Some(&first) = by_url.get(p.url()) {
                diags.push(
                    Diagnostic::error(
                        p.doc.display(),
                        msg!(
                            "site-same-address",
                            url = p.url(),
                            other = pages[first].doc.display().as_path()
                        ),
                    )
                    .at_line(1)
                    .hint(msg!("site-same-address-hint")),
                );
            } else {
                by_url.insert(p.url(), id);
            }
        }
        let mut aliases: Vec<Alias> = Vec::new();
        for (id, p) in pages.iter().enumerate() {
            for alias in p.doc.front.more().aliases.iter() {
                let url = normalise_alias(alias);
                let clash = by_url
                    .get(url.as_str())
                    .map(|&other| ("page", pages[other].doc.display()))
                    .or_else(|| {
                        aliases
                            .iter()
                            .find(|a| a.url == url)
                            .map(|a| ("alias", pages[a.target].doc.display()))
                    });
                match clash {
                    Some((kind, other)) => diags.push(
                        p.doc.at_field(
                            "aliases",
                            Diagnostic::error(
                                p.doc.display(),
                                msg!(
                                    "site-alias-taken",
                                    url = url.as_str(),
                                    kind = kind,
                                    other = other.as_path()
                                ),
                            )
                            .context(msg!("context-field", what = "page", field = "aliases"))
                            .hint(msg!("site-alias-taken-hint")),
                        ),
                    ),
                    None => aliases.push(Alias { url, target: id }),
                }
            }
        }
        drop(by_url);

        // Files in content/: a bundle's files go beside its page, others keep their folder.
        let mut assets = Vec::with_capacity(files.len());
        let mut asset_sources = HashMap::with_capacity(files.len());
        for mut file in files {
            let rel = PathBuf::from(&file.rel);
            let dir = slash(rel.parent().unwrap_or(Path::new("")));
            let mut bundle = None;
            let mut d = Some(dir.clone());
            while let Some(cur) = d {
                let found = (0..languages.len()).find_map(|l| bundle_dirs.get(&(l, cur.clone())));
                if let Some(&id) = found {
                    bundle = Some((id, cur));
                    break;
                }
                d = parent_dir(&cur);
            }
            let out = match bundle {
                Some((_, bdir)) => {
                    // Its page may be a draft left out of this build; then so is the file.
                    // The default language's page when there is one: its translations link
                    // to the same files.
                    let Some(id) = pages
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| {
                            p.doc.kind == Kind::Page
                                && slash(p.doc.rel.parent().unwrap_or(Path::new(""))) == bdir
                        })
                        .min_by_key(|(_, p)| p.lang)
                        .map(|(id, _)| id)
                    else {
                        continue;
                    };
                    let rest = file.rel[bdir.len()..].trim_start_matches('/').to_string();
                    let out = format!("{}{rest}", pages[id].url().trim_start_matches('/'));
                    let link = format!("{}{rest}", pages[id].path());
                    pages[id].assets.push(link);
                    out
                }
                None => {
                    let name = rel
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let folder: Vec<String> = dir
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(slugify)
                        .collect();
                    if folder.is_empty() {
                        name
                    } else {
                        format!("{}/{name}", folder.join("/"))
                    }
                }
            };
            asset_sources.insert(std::mem::replace(&mut file.rel, out), assets.len());
            assets.push(file);
        }

        let by_source = pages
            .iter()
            .enumerate()
            .map(|(id, p)| (p.source().to_string(), id))
            .collect();
        let links = Links {
            by_source: Arc::new(by_source),
        };
        let mut site = Site {
            config,
            accessibility: crate::lint::Accessibility::default(),
            // Not `collect`: it would reuse the `Page`s' buffer in place and keep all of it
            // (232 bytes a page, 8 of them used: 23 MB at 100,000 pages).
            pages: {
                let mut shared = Vec::with_capacity(pages.len());
                shared.extend(pages.into_iter().map(Arc::new));
                shared
            },
            root,
            languages,
            roots,
            aliases,
            assets,
            asset_sources: Arc::new(asset_sources),
            links,
            hrefs: Arc::default(),
            edit_hrefs: HashMap::new(),
            images: Arc::default(),
        };
        site.link_sections();
        (site, diags)
    }

    /// Fills in each section's pages and subsections (sorted) and each page's ancestors and
    /// neighbours. One pass over the pages plus one sort per section.
    fn link_sections(&mut self) {
        for id in 0..self.pages.len() {
            if let Some(parent) = self.pages[id].parent {
                let section = self.pages[id].is_section();
                let parent = Arc::make_mut(&mut self.pages[parent]);
                if section {
                    parent.subsections.push(id);
                } else {
                    parent.pages.push(id);
                }
            }
        }
        for id in 0..self.pages.len() {
            if self.pages[id].is_section() {
                self.sort_section(id);
            }
        }
        for id in 0..self.pages.len() {
            let mut chain = Vec::new();
            let mut cur = self.pages[id].parent;
            while let Some(p) = cur {
                chain.push(p);
                cur = self.pages[p].parent;
            }
            chain.reverse();
            Arc::make_mut(&mut self.pages[id]).ancestors = chain.into_boxed_slice();
        }
    }

    /// Sorts a section's pages and subsections and sets its pages' neighbours. Only the
    /// pages whose neighbours change are written (copied, when shared with another model).
    fn sort_section(&mut self, id: PageId) {
        let sort_by = self.pages[id].doc.front.more().sort_by.unwrap_or_default();
        let mut list = std::mem::take(&mut Arc::make_mut(&mut self.pages[id]).pages);
        sort_pages(&self.pages, &mut list, sort_by);
        for (i, &p) in list.iter().enumerate() {
            let lower = i.checked_sub(1).map(|j| list[j]);
            let higher = list.get(i + 1).copied();
            if (self.pages[p].lower, self.pages[p].higher) != (lower, higher) {
                let page = Arc::make_mut(&mut self.pages[p]);
                page.lower = lower;
                page.higher = higher;
            }
        }
        let mut subs = std::mem::take(&mut Arc::make_mut(&mut self.pages[id]).subsections);
        sort_pages(&self.pages, &mut subs, SortBy::Weight);
        let section = Arc::make_mut(&mut self.pages[id]);
        section.pages = list;
        section.subsections = subs;
    }

    /// This model with edited documents of existing pages swapped in, for `serve` to show an
    /// edit's pages (the page, its section's listing, its neighbours) without assembling the
    /// whole model again: their sections re-sorted, the neighbours set again, the edited
    /// pages' links resolved. `None` when an edit may change more than that, which the full
    /// rebuild then covers: a section or a file that is not a page of this model; a new
    /// address, alias, template or `extra`; a page leaving the model (a draft when `drafts` is off);
    /// headings other pages' anchors may point to; an image or a link this model cannot
    /// resolve. Returns the model with what shows the edit (see [`Patch`]).
    pub fn patch(&self, docs: Vec<Arc<Document>>, drafts: bool) -> Option<(Site, Patch)> {
        let mut site = self.clone();
        let mut edited = Vec::with_capacity(docs.len());
        for doc in docs {
            let id = *self.links.by_source.get(&slash(&doc.rel))?;
            let old = &self.pages[id].doc;
            let (a, b) = (old.front.more(), doc.front.more());
            let same_place = old.kind == Kind::Page
                && doc.kind == Kind::Page
                && old.extra().is_none()
                && doc.extra().is_none()
                && (drafts || !doc.front.draft)
                && a.slug == b.slug
                && a.aliases == b.aliases
                && a.template == b.template
                // Features check some of `extra` (the care units a page embeds).
                && a.extra == b.extra;
            let same_anchors = old.content.headings.iter().map(|h| h.id).eq(doc
                .content
                .headings
                .iter()
                .map(|h| h.id));
            let images_known = doc
                .content
                .images
                .iter()
                .all(|i| self.images.get(&i.key).is_some_and(|u| u.path == i.path));
            if !(same_place && same_anchors && images_known) {
                return None;
            }
            Arc::make_mut(&mut site.pages[id]).doc = doc;
            edited.push(id);
        }
        edited.sort_unstable();
        edited.dedup();
        let mut hrefs = Vec::new();
        for &id in &edited {
            let p = &site.pages[id];
            for link in &p.content().links {
                let resolved = site.check_link(|| p.doc.display(), p.lang, link).ok()?;
                match site.hrefs.get(&link.key) {
                    Some(known) if *known != resolved => return None,
                    Some(_) => {}
                    None => hrefs.push((link.key.clone(), resolved)),
                }
            }
        }
        site.edit_hrefs.extend(hrefs);
        let mut sections: Vec<PageId> = edited
            .iter()
            .filter_map(|&id| self.pages[id].parent)
            .collect();
        sections.sort_unstable();
        sections.dedup();
        // Pages whose view shows an edited page: their neighbour links changed or name it.
        let mut views = edited.clone();
        for &s in &sections {
            site.sort_section(s);
            views.extend(site.pages[s].pages.iter().copied().filter(|&p| {
                let (old, new) = (&self.pages[p], &site.pages[p]);
                old.lower != new.lower
                    || old.higher != new.higher
                    || [new.lower, new.higher]
                        .iter()
                        .flatten()
                        .any(|n| edited.binary_search(n).is_ok())
            }));
        }
        views.sort_unstable();
        views.dedup();
        let mut pages = views.clone();
        for &id in &edited {
            pages.extend(site.pages[id].translations.iter().copied());
        }
        pages.sort_unstable();
        pages.dedup();
        let shows = Dependents {
            pages,
            listings: sections,
            siblings: Vec::new(),
        };
        Some((
            site,
            Patch {
                edited,
                views,
                shows,
            },
        ))
    }

    /// Resolves every internal link to its href and checks that its page and anchor exist.
    ///
    /// `unparsed` names the Markdown files (relative to `content/`, `/`-separated) that exist
    /// but could not be read as pages; their own errors say why. A link to one of them is not
    /// reported as well: an editor who removed a page's `title:` was first told that a correct
    /// link to that page, somewhere else, was broken.
    pub fn resolve_links(&mut self, unparsed: &HashSet<String>) -> Vec<Diagnostic> {
        type Resolved = Result<(String, LinkTarget), Diagnostic>;
        let resolved: Vec<Resolved> = self
            .pages
            .par_iter()
            .flat_map_iter(|p| p.content().links.iter().map(move |link| (p, link)))
            .filter(|(_, link)| {
                self.links.id_of(&link.target).is_some() || !exists_unparsed(unparsed, &link.target)
            })
            .map(|(p, link)| {
                self.check_link(|| p.doc.display(), p.lang, link)
                    .map(|hrefs| (link.key.clone(), hrefs))
            })
            .collect();
        let mut diags = Vec::new();
        let table = Arc::make_mut(&mut self.hrefs);
        for r in resolved {
            match r {
                Ok((key, hrefs)) => {
                    table.insert(key, hrefs);
                }
                Err(d) => diags.push(d),
            }
        }
        diags
    }

    /// Fills in the `<img>` attributes of every local image in the pages, from the processed
    /// images (keyed by the original's output path); reports images that do not exist.
    /// `static_files` are the site's static files, which `/`-paths may name.
    pub fn resolve_images(
        &mut self,
        processed: &HashMap<String, Processed>,
        static_files: &[Asset],
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        let mut found = Vec::new();
        for p in &self.pages {
            for img in &p.content().images {
                let out = match self.image_out(img, static_files, || p.doc.display()) {
                    Ok(out) => out,
                    Err(d) => {
                        diags.push(d);
                        continue;
                    }
                };
                found.push((
                    img.key.clone(),
                    ImageUse {
                        path: img.path.clone(),
                        processed: processed.get(&out).cloned(),
                        out,
                        first: img.key.starts_with("!img1:"),
                    },
                ));
            }
        }
        Arc::make_mut(&mut self.images).extend(found);
        diags
    }

    /// The output path of a local image of the page named by `display` (made only for a finding), or the finding that it does
    /// not exist. `static_files` are the site's static files, which `/`-paths may name.
    fn image_out(
        &self,
        img: &markdown::ImageRef,
        static_files: &[Asset],
        display: impl Fn() -> PathBuf,
    ) -> Result<String, Diagnostic> {
        let out = match img.path.strip_prefix('/') {
            Some(site_path) => static_files
                .iter()
                .chain(self.assets.iter())
                .find(|a| a.rel == site_path)
                .map(|a| a.rel.clone()),
            None => self
                .asset_sources
                .get(&img.path)
                .map(|&i| self.assets[i].rel.clone()),
        };
        out.ok_or_else(|| {
            let known = self.asset_sources.keys().map(String::as_str);
            let hint = match did_you_mean(&img.path, known) {
                Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                None => msg!("site-missing-image-hint"),
            };
            Diagnostic::error(
                display(),
                msg!("site-missing-image", path = img.path.as_str()),
            )
            .at(img.line, img.column)
            .context(msg!("context-image"))
            .hint(hint)
        })
    }

    /// The links to missing pages or anchors and the missing images of pages that could not
    /// join the site because their settings are wrong: reported with those settings, so an
    /// editor who mends them meets no second round of mistakes that were there all along.
    /// `unparsed` as for [`Site::resolve_links`] (the rejected pages among them).
    pub fn check_rejected(
        &self,
        rejected: &[Rejected],
        unparsed: &HashSet<String>,
        static_files: &[Asset],
    ) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for r in rejected {
            for link in r.links.iter() {
                if self.links.id_of(&link.target).is_none()
                    && exists_unparsed(unparsed, &link.target)
                {
                    continue;
                }
                // The language only picks which translation a link leads to, not whether
                // it leads anywhere.
                if let Err(d) = self.check_link(|| r.display.clone(), 0, link) {
                    diags.push(d);
                }
            }
            for img in r.images.iter() {
                if let Err(d) = self.image_out(img, static_files, || r.display.clone()) {
                    diags.push(d);
                }
            }
        }
        diags
    }

    /// Drops each page's internal links and images once [`Site::resolve_links`] and
    /// [`Site::resolve_images`] have made their tables: rendering reads those tables, and
    /// only `serve`'s [`Site::patch`] reads a page's own lists again, so a build that keeps
    /// no model after it calls this. A page still shared (with a cache) keeps them. So do
    /// the headings of a page whose body was released: other pages' anchors to them are
    /// checked, and its own render takes them from the body it renders again (0.5 KB a page
    /// of the generated sites, the largest part of the parsed model).
    pub fn drop_resolved_refs(&mut self) {
        for page in &mut self.pages {
            if let Some(doc) = Arc::get_mut(page).and_then(|p| Arc::get_mut(&mut p.doc)) {
                doc.content.links = Box::default();
                doc.content.images = Box::default();
                if doc.content.released().is_some() {
                    doc.content.headings = crate::outline::Headings::default();
                }
            }
        }
    }

    /// The href for a link placeholder's key: root-relative, or absolute for feeds.
    pub fn link_href(&self, key: &str, absolute: bool) -> Option<std::borrow::Cow<'_, str>> {
        let to = self.edit_hrefs.get(key).or_else(|| self.hrefs.get(key))?;
        self.href_to(*to, key, absolute)
    }

    /// The root-relative href of a link the model's table may not have yet (a link an edit
    /// added, for the page `serve` shows at once), led to its translation as a build does;
    /// `None` when its page does not exist. Whether its anchor does is left to the build.
    pub fn href_of(&self, lang: usize, link: &markdown::InternalLink) -> Option<String> {
        let to = self.target_of(lang, link)?;
        self.href_to(to, &link.key, false)
            .map(std::borrow::Cow::into_owned)
    }

    fn href_to(
        &self,
        to: LinkTarget,
        key: &str,
        absolute: bool,
    ) -> Option<std::borrow::Cow<'_, str>> {
        let page = self.pages.get(to.page as usize)?;
        let address = if absolute {
            page.permalink()
        } else {
            page.path()
        };
        let fragment = key.get(to.fragment as usize..).unwrap_or_default();
        Some(std::borrow::Cow::Owned(markdown::href(address) + fragment))
    }

    /// Where a link from a page in language `lang` leads, if its page exists.
    fn target_of(&self, lang: usize, link: &markdown::InternalLink) -> Option<LinkTarget> {
        let target = self.links.id_of(&link.target)?;
        // Without an anchor, a link leads to the page in the linking page's language when it
        // has a translation: an English page's `@/kontakt.md` is the English contact page.
        let target = match link.anchor {
            None => self.translation(target, lang).unwrap_or(target),
            Some(_) => target,
        };
        // The key is the escaped `target#anchor`, so the fragment starts after the escaped
        // target; a key without an anchor ends in the page's language, not a fragment.
        let fragment = match link.anchor {
            Some(_) => markdown::href(&link.target).len(),
            None => link.key.len(),
        };
        Some(LinkTarget {
            page: u32::try_from(target).unwrap_or(u32::MAX),
            fragment: u32::try_from(fragment).unwrap_or(u32::MAX),
        })
    }

    /// The href of one internal link, or the finding that it leads nowhere.
    fn check_link(
        &self,
        display: impl Fn() -> PathBuf,
        lang: usize,
        link: &markdown::InternalLink,
    ) -> Result<LinkTarget, Diagnostic> {
        let Some(to) = self.target_of(lang, link) else {
            let d = Diagnostic::error(
                display(),
                msg!("site-missing-page", target = format!("@/{}", link.target)),
            )
            .at(link.line, link.column)
            .context(msg!("context-internal-link"));
            return Err(match self.links.closest(&link.target) {
                Some(best) => d.hint(msg!(
                    "unknown-field-did-you-mean",
                    suggestion = format!("@/{best}")
                )),
                None => d.hint(msg!("site-missing-page-hint")),
            });
        };
        let page = &self.pages[to.page as usize];
        let Some(anchor) = &link.anchor else {
            return Ok(to);
        };
        let headings = &page.content().headings;
        if headings.contains_id(anchor) {
            return Ok(to);
        }
        let target = format!("@/{}", link.target);
        let hint = match did_you_mean(anchor, headings.iter().map(|h| h.id)) {
            Some(best) => msg!(
                "unknown-field-did-you-mean",
                suggestion = format!("#{best}")
            ),
            None if headings.is_empty() => msg!("site-no-headings", target = target.as_str()),
            None => msg!(
                "site-anchors-are",
                target = target.as_str(),
                anchors = headings
                    .iter()
                    .map(|h| format!("#{}", h.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Err(Diagnostic::error(
            display(),
            msg!("site-missing-anchor", target = format!("{target}#{anchor}")),
        )
        .at(link.line, link.column)
        .context(msg!("context-internal-link"))
        .hint(hint))
    }

    /// The pages whose output shows the pages of `changed` (content paths, `/`-separated, of
    /// files added, edited or deleted), so that `serve` renders them first and shows them
    /// before the rest of the site is done. Model-level only: a template that reaches further
    /// (`get_section` of another section) is covered by the full rebuild that follows.
    pub fn dependents(&self, changed: &[String]) -> Dependents {
        let mut deps = Dependents::default();
        let mut ids: Vec<PageId> = Vec::new();
        for rel in changed {
            match self.links.id_of(rel) {
                Some(id) => ids.push(id),
                // Deleted (or left out): its section's listings lose it.
                None => deps.listings.extend(self.section_of_path(rel)),
            }
        }
        for &id in &ids {
            let p = &self.pages[id];
            deps.pages.push(id);
            if p.is_section() {
                deps.listings.push(id);
            }
            // Its section lists it (with its title, date and summary); a section's parent
            // lists it among its subsections.
            deps.listings.extend(p.parent);
            // The neighbours' previous/next links show its title.
            deps.pages.extend(p.lower.iter().chain(p.higher.iter()));
            deps.pages.extend(p.translations.iter());
        }
        if !ids.is_empty() {
            // Pages with an `@/` link to one of them.
            let linkers = self.pages.par_iter().enumerate().filter_map(|(id, p)| {
                p.content()
                    .links
                    .iter()
                    .any(|l| {
                        self.links
                            .id_of(&l.target)
                            .is_some_and(|t| ids.contains(&t))
                    })
                    .then_some(id)
            });
            deps.pages.par_extend(linkers);
        }
        for &s in &deps.listings {
            // Sibling lists: a page template may list its section's pages.
            deps.siblings.extend(&self.pages[s].pages);
        }
        for list in [&mut deps.pages, &mut deps.listings] {
            list.sort_unstable();
            list.dedup();
        }
        deps.pages.retain(|&id| !self.pages[id].is_section());
        deps.siblings.sort_unstable();
        deps.siblings.dedup();
        deps.siblings
            .retain(|id| deps.pages.binary_search(id).is_err());
        deps
    }

    /// The section a content file at `rel` would belong to: the nearest `_index.md` at or
    /// above its folder.
    fn section_of_path(&self, rel: &str) -> Option<PageId> {
        let mut dir = Some(slash(Path::new(rel).parent().unwrap_or(Path::new(""))));
        while let Some(d) = dir {
            let index = if d.is_empty() {
                "_index.md".to_string()
            } else {
                format!("{d}/_index.md")
            };
            if let Some(id) = self.links.id_of(&index) {
                return Some(id);
            }
            dir = parent_dir(&d);
        }
        None
    }

    pub fn page_by_source(&self, source: &str) -> Option<&Page> {
        self.links.id_of(source).map(|id| &*self.pages[id])
    }

    /// The top-level navigation: the start page's subsections and pages, by weight then title.
    pub fn menu(&self, lang: usize) -> Vec<PageId> {
        let root = &self.pages[self.roots.get(lang).copied().unwrap_or(self.root)];
        let mut items: Vec<PageId> = root
            .subsections
            .iter()
            .chain(root.pages.iter())
            .copied()
            .collect();
        sort_pages(&self.pages, &mut items, SortBy::Weight);
        items
    }

    /// The section whose pages make the Atom feed, if any.
    pub fn feed_section(&self) -> Option<PageId> {
        self.feed_section_in(0)
    }

    /// The feed's section in a language (`nyheter/_index.en.md`), if it has one.
    pub fn feed_section_in(&self, lang: usize) -> Option<PageId> {
        let name = self.config.feed.section.trim_matches('/');
        if name.is_empty() {
            return None;
        }
        match lang {
            0 => self.links.id_of(&format!("{name}/_index.md")),
            _ => self.links.id_of(&format!(
                "{name}/_index.{}.md",
                self.languages.get(lang)?.code
            )),
        }
    }

    /// Where the feed of a language is written: `atom.xml`, `en/atom.xml`.
    pub fn feed_file(&self, lang: usize) -> String {
        let prefix = self.languages.get(lang).map_or("", |l| l.prefix.as_str());
        format!(
            "{}{}",
            format!("{prefix}/").trim_start_matches('/'),
            self.config.feed.filename
        )
    }

    /// The page that is `id`'s version in the language `lang`, if there is one.
    pub fn translation(&self, id: PageId, lang: usize) -> Option<PageId> {
        let p = &self.pages[id];
        if p.lang == lang {
            return Some(id);
        }
        p.translations
            .iter()
            .copied()
            .find(|&t| self.pages[t].lang == lang)
    }

    /// The listing pages of a section: (URL path below the root, its slice of pages).
    pub fn pagers(&self, section: PageId) -> Vec<(String, &[PageId])> {
        let s = &self.pages[section];
        let per = s.doc.front.more().paginate_by.unwrap_or(usize::MAX).max(1);
        if s.pages.is_empty() {
            return vec![(s.url().to_string(), &s.pages[..])];
        }
        s.pages
            .chunks(per)
            .enumerate()
            .map(|(i, chunk)| {
                let url = if i == 0 {
                    s.url().to_string()
                } else {
                    format!("{}{}/{}/", s.url(), self.config.pagination_path, i + 1)
                };
                (url, chunk)
            })
            .collect()
    }
}

fn sort_pages(pages: &[Arc<Page>], list: &mut [PageId], by: SortBy) {
    let title = |id: PageId| swedish_sort_key(&pages[id].doc.front.title);
    match by {
        SortBy::Date => list.sort_by_cached_key(|&id| {
            let d = &pages[id].doc;
            (
                d.date.is_none(),
                Reverse(d.date),
                title(id),
                pages[id].source().to_string(),
            )
        }),
        SortBy::Weight => list.sort_by_cached_key(|&id| {
            let w = pages[id].doc.front.more().weight;
            (w.is_none(), w, title(id), pages[id].source().to_string())
        }),
        SortBy::Title => list.sort_by_cached_key(|&id| (title(id), pages[id].source().to_string())),
    }
}

fn parent_dir(dir: &str) -> Option<String> {
    if dir.is_empty() {
        None
    } else {
        Some(
            dir.rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string()),
        )
    }
}

fn nearest_section(
    sections: &HashMap<(usize, String), PageId>,
    lang: usize,
    mut dir: Option<String>,
) -> Option<PageId> {
    while let Some(d) = dir {
        if let Some(&id) = sections.get(&(lang, d.clone())) {
            return Some(id);
        }
        dir = parent_dir(&d);
    }
    None
}

/// `sida.en.md` → (`sida.md`, the index of `en`) when `en` is one of the site's other
/// languages; any other content path is in the default language (0).
fn split_language(rel: &str, languages: &[Language]) -> (String, usize) {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let found = name
        .strip_suffix(".md")
        .and_then(|stem| stem.rsplit_once('.'))
        .and_then(|(stem, code)| {
            let lang = languages.iter().skip(1).position(|l| l.code == code)? + 1;
            Some((stem, lang))
        });
    match found {
        Some((stem, lang)) if dir.is_empty() => (format!("{stem}.md"), lang),
        Some((stem, lang)) => (format!("{dir}/{stem}.md"), lang),
        None => (rel.to_string(), 0),
    }
}

/// `/` + the slugged folders + the page's slug + `/`.
fn url_for(d: &Document, dir: &str, is_bundle: bool, stem: &str) -> String {
    let mut parts: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(slugify)
        .collect();
    match d.kind {
        Kind::Section => {
            if let (Some(slug), Some(last)) = (&d.front.more().slug, parts.last_mut()) {
                *last = slug.to_string();
            }
        }
        Kind::Page if is_bundle => {
            if let (Some(slug), Some(last)) = (&d.front.more().slug, parts.last_mut()) {
                *last = slug.to_string();
            }
        }
        Kind::Page => {
            parts.push(
                d.front
                    .more()
                    .slug
                    .as_deref()
                    .map_or_else(|| slugify(stem), str::to_string),
            );
        }
    }
    if parts.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", parts.join("/"))
    }
}

fn normalise_alias(alias: &str) -> String {
    let trimmed = alias.trim();
    if trimmed.ends_with('/')
        || trimmed
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.'))
    {
        trimmed.to_string()
    } else {
        format!("{trimmed}/")
    }
}

/// The start page of a site with no `content/_index.md`: titled after the site.
fn implicit_root(config: &Config) -> Document {
    let mut front = FrontMatter::titled(config.title.clone());
    front.description = config.description.clone();
    Document::generated(
        PathBuf::from("_index.md"),
        PathBuf::from("content/_index.md"),
        Kind::Section,
        front,
    )
}

/// Whether `target` (a content path) names a Markdown file that exists but could not be read
/// as a page (`nyheter/a.md` may be `nyheter/a/index.md`): its own errors say why, so a link to
/// it is not reported as well.
fn exists_unparsed(unparsed: &HashSet<String>, target: &str) -> bool {
    unparsed.contains(target)
        || target
            .strip_suffix(".md")
            .is_some_and(|stem| unparsed.contains(&format!("{stem}/index.md")))
}
