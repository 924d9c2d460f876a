//! The templates' read-only views of pages and sections, built when a render needs them,
//! the global context and the template functions that look pages up.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tera::{Context, Kwargs, State, Tera, Value};

use super::{Lookup, Translations};
use crate::error::did_you_mean;
use crate::site::{Page, PageId, Site};

/// A small view of a page for links: breadcrumbs, neighbours, menus.
pub(super) fn link_view(p: &Page) -> Value {
    let mut m: BTreeMap<&str, Value> = BTreeMap::new();
    m.insert("title", Value::from(p.doc.front.title.as_str()));
    m.insert("path", Value::from(p.path()));
    m.insert("permalink", Value::from(p.permalink()));
    m.insert("description", Value::from(p.doc.front.description.as_str()));
    m.insert(
        "weight",
        p.doc.front.more().weight.map_or(Value::none(), Value::from),
    );
    Value::from(m)
}

/// How many sections a template function may keep once no job that shows them remains: the
/// default theme's start page asks for three (`get_section` of the guide, the care units
/// and the news), so a theme asking for those on every page builds each once, not once a
/// page.
const RECENT: usize = 3;

/// The sections' template views, each holding its pages' full views, built when first
/// asked for and kept only while a job that shows the section remains (see
/// [`Sections::expect`]). Pages' own views are not kept at all: a page's view is built when
/// the page is rendered, and the link views of the pages it shows with it; at 100,000
/// pages, views of every page built before the first render were 300 MB held to the end.
pub(super) struct Sections {
    slots: HashMap<PageId, Slot>,
    /// Each page's place in its section's `pages`, where its render finds its view.
    place: Vec<usize>,
    /// The sections last built for a job that was not expected (a template function, an
    /// alias, a feature's own file), newest last; at most [`RECENT`].
    recent: Mutex<VecDeque<PageId>>,
}

struct Slot {
    /// The section's link view, as every page below it shows it among its `ancestors`:
    /// built once, as there are few sections.
    link: Value,
    view: Mutex<Option<Value>>,
    /// Jobs still to render that show this section (as their section or as themselves).
    pending: AtomicUsize,
}

impl Sections {
    pub(super) fn new(site: &Site) -> Sections {
        let mut place = vec![usize::MAX; site.pages.len()];
        for p in site.pages.iter() {
            for (at, &i) in p.pages.iter().enumerate() {
                if let Some(slot) = place.get_mut(i) {
                    *slot = at;
                }
            }
        }
        Sections {
            place,
            slots: site
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| p.is_section())
                .map(|(id, p)| {
                    let slot = Slot {
                        link: link_view(p),
                        view: Mutex::new(None),
                        pending: AtomicUsize::new(0),
                    };
                    (id, slot)
                })
                .collect(),
            recent: Mutex::new(VecDeque::new()),
        }
    }

    /// One more job to render shows `section`: its view, once built, is kept until
    /// [`Sections::done`] has been called as often. A section's pages and its listing pages
    /// then build its view (and so each of its pages' views) once, however many they are.
    pub(super) fn expect(&self, section: PageId) {
        if let Some(slot) = self.slots.get(&section) {
            slot.pending.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A job that [`Sections::expect`]ed `section` is done; after the last, its view is freed.
    pub(super) fn done(&self, section: PageId) {
        let Some(slot) = self.slots.get(&section) else {
            return;
        };
        let last = slot
            .pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            == Ok(1);
        if last {
            *lock(&slot.view) = None;
        }
    }

    /// The view of the section `id`: its own fields, its pages' full views and its
    /// subsections' link views.
    pub(super) fn get(&self, site: &Site, id: PageId) -> Value {
        let Some(slot) = self.slots.get(&id) else {
            return section_view(site, self, id);
        };
        let mut held = lock(&slot.view);
        if let Some(view) = &*held {
            return view.clone();
        }
        // Built under the slot's lock: a second thread asking for it waits for this one
        // rather than building it again.
        let view = section_view(site, self, id);
        *held = Some(view.clone());
        drop(held);
        if slot.pending.load(Ordering::Acquire) == 0 {
            self.remember(id);
        }
        view
    }

    /// The link view of the page `id`.
    fn link(&self, site: &Site, id: PageId) -> Value {
        match self.slots.get(&id) {
            Some(slot) => slot.link.clone(),
            None => link_view(&site.pages[id]),
        }
    }

    /// The page `id`'s full view as its section's `view` (of the same model) lists it.
    pub(super) fn listed(&self, view: &Value, id: PageId) -> Option<Value> {
        let at = *self.place.get(id)?;
        view.get_from_path("pages")?.as_array()?.get(at).cloned()
    }

    /// Keeps the section `id` among the [`RECENT`] ones asked for outside the jobs expected,
    /// freeing the oldest.
    fn remember(&self, id: PageId) {
        let evicted = {
            let mut recent = lock(&self.recent);
            recent.retain(|&i| i != id);
            recent.push_back(id);
            if recent.len() > RECENT {
                recent.pop_front()
            } else {
                None
            }
        };
        if let Some(slot) = evicted.and_then(|old| self.slots.get(&old)) {
            let mut held = lock(&slot.view);
            if slot.pending.load(Ordering::Acquire) == 0 {
                *held = None;
            }
        }
    }
}

/// A lock that a panic elsewhere left poisoned still holds a whole view (or none).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A page's or section's full view, as `get_page`, `get_section` and an alias's `target`
/// show it.
pub(super) fn full_view(site: &Site, sections: &Sections, id: PageId) -> Value {
    if site.pages[id].is_section() {
        sections.get(site, id)
    } else {
        let link = |i: PageId| sections.link(site, i);
        Value::from(page_fields(site, id, &site.pages[id], &link))
    }
}

/// A section's view: its own fields with its pages' full views and its subsections' link
/// views.
fn section_view(site: &Site, sections: &Sections, id: PageId) -> Value {
    let p = &site.pages[id];
    let link = |i: PageId| sections.link(site, i);
    let mut m = page_fields(site, id, p, &link);
    // Its pages' link views, shared by their full views (title, path…) and their
    // neighbours' (`lower`, `higher`): each page's strings are made once.
    let links: Vec<Value> = p.pages.iter().map(|&i| link_view(&site.pages[i])).collect();
    let listed = |i: PageId| match sections.place.get(i) {
        Some(&at) if site.pages[i].parent == Some(id) && at < links.len() => links[at].clone(),
        _ => sections.link(site, i),
    };
    m.insert(
        "pages",
        Value::from(
            p.pages
                .iter()
                .map(|&i| Value::from(page_fields(site, i, &site.pages[i], &listed)))
                .collect::<Vec<_>>(),
        ),
    );
    m.insert(
        "subsections",
        Value::from(
            p.subsections
                .iter()
                .map(|&i| sections.link(site, i))
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(m)
}

/// A page's full view; `link` gives a page's link view, its own among them. Its strings
/// shared with its link view are cloned from there (reference-counted), and empty lists
/// share one value: on 10,000 pages the copies were a tenth of peak memory when every
/// page's view was kept.
pub(super) fn page_fields(
    site: &Site,
    id: PageId,
    p: &Page,
    link: &dyn Fn(PageId) -> Value,
) -> BTreeMap<&'static str, Value> {
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
    let own = link(id);
    for field in ["title", "path", "permalink", "description"] {
        m.insert(
            field,
            own.get_from_path(field)
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
    m.insert("source", Value::from(p.source()));
    m.insert("content", p.content().html.clone());
    // A hand-written summary is text: escaped, wrapped in a paragraph, and then safe.
    let summary = match (&f.more().summary, &p.content().summary) {
        (Some(text), _) => Value::safe_string(&format!("<p>{}</p>", crate::markdown::attr(text))),
        (None, Some(html)) => html.clone(),
        (None, None) => Value::none(),
    };
    m.insert("summary", summary);
    // The table of contents is added by `own_view` and `own_page_view` for the page being
    // rendered only: as one small map per heading it was 90 MiB on the 10,000-page
    // benchmark when every view was kept.
    m.insert("toc", empty());
    m.insert("tags", list(f.tags.iter().map(Value::from).collect()));
    m.insert("weight", f.more().weight.map_or(Value::none(), Value::from));
    m.insert("draft", Value::from(f.draft));
    m.insert("extra", Value::from_serializable(&f.more().extra));
    m.insert("word_count", Value::from(p.content().word_count));
    // 200 words a minute: the usual figure for reading on screen.
    m.insert(
        "reading_time",
        Value::from(p.content().word_count.div_ceil(200).max(1)),
    );
    m.insert("lower", p.lower.map_or(Value::none(), link));
    m.insert("higher", p.higher.map_or(Value::none(), link));
    m.insert(
        "ancestors",
        list(p.ancestors.iter().map(|&i| link(i)).collect()),
    );
    m.insert(
        "assets",
        list(p.assets.iter().map(|a| Value::from(a.as_str())).collect()),
    );
    m.insert("pages", empty());
    m.insert("subsections", empty());
    m.insert(
        "translations",
        list(
            p.translations
                .iter()
                .map(|&t| translation_view(site, t, t == id))
                .collect(),
        ),
    );
    m.insert(
        "lang",
        Value::from(site.languages.get(p.lang).map_or("", |l| l.code.as_str())),
    );
    m
}

/// One version of a page for `hreflang` links and the language switcher: the language's
/// code, its name in itself, its direction, and the page's address in it.
fn translation_view(site: &Site, id: PageId, current: bool) -> Value {
    let p = &site.pages[id];
    let mut m: BTreeMap<&str, Value> = BTreeMap::new();
    if let Some(l) = site.languages.get(p.lang) {
        m.insert("code", Value::from(l.code.as_str()));
        m.insert("name", Value::from(l.name.as_str()));
        m.insert("dir", Value::from(l.dir.as_str()));
    }
    m.insert("path", Value::from(p.path()));
    m.insert("permalink", Value::from(p.permalink()));
    m.insert("current", Value::from(current));
    Value::from(m)
}

/// The view of a page being rendered: its full view with its table of contents, and its
/// body when the model released it (`body`).
pub(super) fn own_page_view(
    site: &Site,
    sections: &Sections,
    id: PageId,
    p: &Page,
    headings: &crate::outline::Headings,
    body: Option<Value>,
) -> Value {
    // An edited page's own link view from the edit, not the model.
    let link = |i: PageId| {
        if i == id {
            link_view(p)
        } else {
            sections.link(site, i)
        }
    };
    let mut m = page_fields(site, id, p, &link);
    if !headings.is_empty() {
        m.insert("toc", toc(headings));
    }
    if let Some(body) = body {
        m.insert("content", body);
    }
    Value::from(m)
}

/// A section's shared view plus its table of contents, and its body when the model released
/// it (`body`), for rendering its listing pages.
pub(super) fn own_view(
    view: &Value,
    headings: &crate::outline::Headings,
    body: Option<Value>,
) -> Value {
    match view.as_map() {
        Some(map) if !headings.is_empty() || body.is_some() => {
            let mut map = map.clone();
            if !headings.is_empty() {
                map.insert("toc".into(), toc(headings));
            }
            if let Some(body) = body {
                map.insert("content".into(), body);
            }
            Value::from(map)
        }
        _ => view.clone(),
    }
}

/// h2 headings with their h3 children; deeper levels are left out of the table of contents.
pub(super) fn toc(headings: &crate::outline::Headings) -> Value {
    /// An entry of the table of contents, its fields in the order the map of each had
    /// (by name), so templates that show one see the same text. Serialised straight into
    /// `tera`'s map: built as a `BTreeMap` and converted, a page's table of contents was 4 %
    /// of a build's instructions.
    #[derive(serde::Serialize)]
    struct Entry<'a> {
        children: Vec<Entry<'a>>,
        id: &'a str,
        level: u8,
        title: &'a str,
    }
    let mut top: Vec<Entry<'_>> = Vec::new();
    for h in headings.iter() {
        let entry = || Entry {
            children: Vec::new(),
            id: h.id,
            level: h.level,
            title: h.title,
        };
        match h.level {
            2 => top.push(entry()),
            3 => {
                if let Some(parent) = top.last_mut() {
                    parent.children.push(entry());
                }
            }
            _ => {}
        }
    }
    Value::try_from_serializable(&top).unwrap_or_else(|_| Value::from(Vec::<Value>::new()))
}

pub(super) fn global_context(site: &Site, lookup: &Lookup, t: &Translations) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("site", site_value(site, lookup, 0));
    ctx.insert("t", t);
    ctx
}

/// `site` in templates, for the pages of one language: its language, direction, menu and
/// feed. Only a site with several languages has `dir` and `languages`, so a site in one
/// language renders as it always has.
pub(super) fn site_value(site: &Site, lookup: &Lookup, lang: usize) -> Value {
    let c = &site.config;
    let language = site
        .languages
        .get(lang)
        .map_or(c.language.as_str(), |l| l.code.as_str());
    let mut s: BTreeMap<&str, Value> = BTreeMap::new();
    s.insert("title", Value::from(c.title.as_str()));
    s.insert("description", Value::from(c.description.as_str()));
    s.insert("base_url", Value::from(c.base_url.as_str()));
    s.insert("base_path", Value::from(lookup.base_path.as_str()));
    let home = site
        .roots
        .get(lang)
        .map_or(format!("{}/", lookup.base_path), |&r| {
            site.pages[r].path().to_string()
        });
    s.insert("home", Value::from(home));
    s.insert("language", Value::from(language));
    s.insert("locale", Value::from(locale(language)));
    if c.is_multilingual() {
        let l = &site.languages[lang];
        s.insert("dir", Value::from(l.dir.as_str()));
        s.insert(
            "languages",
            Value::from(
                site.languages
                    .iter()
                    .zip(&site.roots)
                    .map(|(l, &root)| {
                        let mut m: BTreeMap<&str, Value> = BTreeMap::new();
                        m.insert("code", Value::from(l.code.as_str()));
                        m.insert("name", Value::from(l.name.as_str()));
                        m.insert("dir", Value::from(l.dir.as_str()));
                        m.insert("home", Value::from(site.pages[root].path()));
                        Value::from(m)
                    })
                    .collect::<Vec<_>>(),
            ),
        );
    }
    s.insert("organisation", Value::from_serializable(&c.organisation));
    s.insert(
        "accessibility",
        Value::from_serializable(&site.accessibility.view()),
    );
    s.insert("brand", Value::from_serializable(&c.brand));
    s.insert("extra", Value::from_serializable(&c.extra));
    s.insert(
        "feed_url",
        match site.feed_section_in(lang) {
            Some(_) => Value::from(format!("{}/{}", lookup.base_path, site.feed_file(lang))),
            None => Value::none(),
        },
    );
    s.insert(
        "menu",
        Value::from(
            site.menu(lang)
                .iter()
                .map(|&i| link_view(&site.pages[i]))
                .collect::<Vec<_>>(),
        ),
    );
    Value::from(s)
}

/// The Open Graph locale of a language.
fn locale(language: &str) -> &'static str {
    match language {
        "sv" => "sv_SE",
        "ar" => "ar_AR",
        "fi" => "fi_FI",
        _ => "en_GB",
    }
}

pub(super) fn register_functions(tera: &mut Tera, lookup: &Arc<Lookup>, words: &[Translations]) {
    let l = Arc::clone(lookup);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let path = path.trim_start_matches("@/");
            match l.site.links.id_of(path) {
                Some(id) => Ok(full_view(
                    &l.site,
                    &l.sections,
                    in_language(&l.site, id, state),
                )),
                None => Err(not_found(&l, path)),
            }
        },
    );
    let l = Arc::clone(lookup);
    tera.register_function(
        "get_section",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let required = kwargs.get::<bool>("required")?.unwrap_or(true);
            let path = path.trim_start_matches("@/");
            match l.site.links.id_of(path) {
                Some(id) => Ok(full_view(
                    &l.site,
                    &l.sections,
                    in_language(&l.site, id, state),
                )),
                None if !required => Ok(Value::none()),
                None => Err(not_found(&l, path)),
            }
        },
    );
    let l = Arc::clone(lookup);
    tera.register_function(
        "url_for",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
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
                // Without an anchor, the page in the language of the page being rendered,
                // as links in Markdown do.
                let id = match anchor {
                    None => in_language(&l.site, id, state),
                    Some(_) => id,
                };
                let url = l.site.pages[id].path().to_string();
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
    // `{{ phone | ltr }}`: phone numbers and times read left to right on a right-to-left
    // page too ("07.30–17.00" would otherwise show as "17.00–07.30" in Arabic). Only a site
    // with several languages gets the isolating `<bdi>`; others render as they always have.
    let multilingual = lookup.site.config.is_multilingual();
    tera.register_filter(
        "ltr",
        move |value: &Value, _: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let text = match value.as_str() {
                Some(s) => state.escape(s)?,
                None => state.escape(&value.to_string())?,
            };
            Ok(Value::safe_string(&if multilingual && !text.is_empty() {
                format!("<bdi dir=\"ltr\">{text}</bdi>")
            } else {
                text
            }))
        },
    );
    // Month names by language code; the page's language is `lang` in its context.
    let months: Vec<(String, Vec<String>)> = lookup
        .site
        .languages
        .iter()
        .zip(words)
        .map(|(l, t)| {
            let names = (1..=12)
                .map(|m| {
                    t.get(&format!("month_{m}"))
                        .cloned()
                        .unwrap_or_else(|| m.to_string())
                })
                .collect();
            (l.code.clone(), names)
        })
        .collect();
    tera.register_filter(
        "date",
        move |value: &str, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let lang = state.get::<String>("lang").ok().flatten();
            let months = &months
                .iter()
                .find(|(code, _)| Some(code) == lang.as_ref())
                .unwrap_or(&months[0])
                .1;
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

/// The page `id` in the language of the page being rendered (`lang` in its context), when
/// it has a translation there; `id` itself otherwise.
fn in_language(site: &Site, id: PageId, state: &State) -> PageId {
    let Some(code) = state.get::<String>("lang").ok().flatten() else {
        return id;
    };
    site.languages
        .iter()
        .position(|l| l.code == code)
        .and_then(|lang| site.translation(id, lang))
        .unwrap_or(id)
}

pub(super) fn not_found(l: &Lookup, path: &str) -> tera::Error {
    let mut msg = format!("no page at `@/{path}`");
    if let Some(best) = did_you_mean(path, l.site.pages.iter().map(|p| p.source())) {
        msg.push_str(&format!("; did you mean `@/{best}`?"));
    }
    tera::Error::message(msg)
}
