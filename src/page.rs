//! A content file's front matter and body. Pure: parses text handed over by `source`.

use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::DateTime;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::markdown::{self, Rendered};
use crate::msg;
use crate::source::TextFile;
use crate::yaml::{self, Keys, Origin};

/// The front matter fields, as editors write them. Every page's lives to the end of the
/// build, and most fields are unset or empty on most pages: those are boxed together in
/// [`More`] (one word on a page that sets none of them, where they were 180 bytes).
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "FrontFields")]
pub struct FrontMatter {
    pub title: String,
    pub description: String,
    pub draft: bool,
    pub tags: Texts,
    more: Option<Box<More>>,
}

/// The front matter fields most pages leave out (see [`FrontMatter::more`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct More {
    /// The texts of `date` and `updated`, as written: emptied once [`parse`] has read them
    /// into [`Document::date`] and [`Document::updated`].
    pub date: Option<Box<str>>,
    pub updated: Option<Box<str>>,
    pub weight: Option<i64>,
    pub template: Option<Box<str>>,
    pub aliases: Texts,
    /// A summary written by hand; otherwise the text before `<!-- more -->`.
    pub summary: Option<Box<str>>,
    /// Overrides the slug taken from the file name.
    pub slug: Option<Box<str>>,
    /// Sections only: how their pages are listed.
    pub sort_by: Option<SortBy>,
    /// Sections only: pages per listing page.
    pub paginate_by: Option<usize>,
    /// Sections only: the template for the section's pages.
    pub page_template: Option<Box<str>>,
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The front matter as read: [`FrontMatter`] is made from it.
#[derive(Deserialize)]
struct FrontFields {
    title: String,
    #[serde(default)]
    description: String,
    date: Option<Box<str>>,
    updated: Option<Box<str>>,
    #[serde(default)]
    draft: bool,
    weight: Option<i64>,
    template: Option<Box<str>>,
    #[serde(default)]
    aliases: Texts,
    #[serde(default)]
    tags: Texts,
    summary: Option<Box<str>>,
    slug: Option<Box<str>>,
    sort_by: Option<SortBy>,
    paginate_by: Option<usize>,
    page_template: Option<Box<str>>,
    #[serde(default)]
    extra: BTreeMap<String, serde_json::Value>,
}

impl From<FrontFields> for FrontMatter {
    fn from(f: FrontFields) -> FrontMatter {
        let more = More {
            date: f.date,
            updated: f.updated,
            weight: f.weight,
            template: f.template,
            aliases: f.aliases,
            summary: f.summary,
            slug: f.slug,
            sort_by: f.sort_by,
            paginate_by: f.paginate_by,
            page_template: f.page_template,
            extra: f.extra,
        };
        let mut front = FrontMatter::titled(f.title);
        front.description = f.description;
        front.draft = f.draft;
        front.tags = f.tags;
        if more != More::default() {
            front.more = Some(Box::new(more));
        }
        front
    }
}

impl FrontMatter {
    /// Front matter with only a title, for pages the site makes itself (the start page of a
    /// site without one, care-unit pages); every other field has its default.
    pub fn titled(title: impl Into<String>) -> FrontMatter {
        FrontMatter {
            title: title.into(),
            description: String::new(),
            draft: false,
            tags: Texts::default(),
            more: None,
        }
    }

    /// The fields most pages leave out; all unset when the page sets none.
    pub fn more(&self) -> &More {
        static NONE: std::sync::OnceLock<More> = std::sync::OnceLock::new();
        match &self.more {
            Some(more) => more,
            None => NONE.get_or_init(More::default),
        }
    }

    /// [`FrontMatter::more`], to set them.
    pub fn more_mut(&mut self) -> &mut More {
        self.more.get_or_insert_default()
    }

    /// Drops the box of [`FrontMatter::more`] when nothing in it is set any more.
    fn shrink(&mut self) {
        if self.more.as_deref().is_some_and(|m| *m == More::default()) {
            self.more = None;
        }
    }
}

/// A short list of texts (a page's tags, its aliases) in one allocation: each text's length
/// (seven bits a byte, as [`crate::outline::Headings`] keeps its lengths), then its bytes.
/// Every page's lists live to the end of the build; as a boxed slice of strings, the four
/// tags of a generated page were five allocations and about 250 bytes of heap.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Texts(Box<[u8]>);

impl Texts {
    /// The texts, in the order written.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let mut bytes = self.0.iter();
        std::iter::from_fn(move || {
            if bytes.as_slice().is_empty() {
                return None;
            }
            let len = crate::outline::take_length(&mut bytes);
            let rest = bytes.as_slice();
            let (text, tail) = rest.split_at(len.min(rest.len()));
            bytes = tail.iter();
            // SAFETY: `from_iter` wrote each text whole from a `str` after its exact byte
            // length, so the slice is one of those strings (`split_at` keeps it in bounds).
            Some(unsafe { std::str::from_utf8_unchecked(text) })
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Texts {
    fn from_iter<I: IntoIterator<Item = S>>(texts: I) -> Texts {
        let mut out = Vec::new();
        for text in texts {
            let text = text.as_ref();
            crate::outline::push_length(&mut out, text.len());
            out.extend_from_slice(text.as_bytes());
        }
        Texts(out.into_boxed_slice())
    }
}

impl From<Vec<String>> for Texts {
    fn from(texts: Vec<String>) -> Texts {
        texts.iter().collect()
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Texts, D::Error> {
        Vec::<String>::deserialize(d).map(Texts::from)
    }
}

pub const FIELDS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "template",
    "aliases",
    "tags",
    "summary",
    "slug",
    "sort_by",
    "paginate_by",
    "page_template",
    "extra",
];

const SECTION_ONLY: &[&str] = &["sort_by", "paginate_by", "page_template"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Lowest weight first.
    Weight,
    /// Swedish alphabetical order.
    Title,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `_index.md`: a folder's own page, which lists the pages below it.
    Section,
    /// Any other `.md` file, including a bundle's `index.md`.
    Page,
}

/// A parsed content file: checked front matter and the unrendered Markdown body.
#[derive(Debug, Clone)]
pub struct Document {
    /// Relative to `content/`.
    pub rel: PathBuf,
    pub kind: Kind,
    pub front: FrontMatter,
    pub keys: Keys,
    pub date: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub content: Content,
    /// A hash of the front matter text: `serve` may re-render an edited page against the
    /// previous build's model only while its front matter is unchanged.
    pub front_hash: u64,
    /// What few documents have (see [`Rare`]): one word on every other page.
    rare: Option<Box<Rare>>,
}

/// The parts of a [`Document`] that few have, boxed together: every page's document lives to
/// the end of the build.
#[derive(Debug, Clone, Default)]
struct Rare {
    /// The file messages name when it is not the content file (`content/` and `rel`): a
    /// page a feature makes names its data file.
    display: Option<PathBuf>,
    /// What the feature that owns the file keeps of it (a newsletter issue's own fields and
    /// email body); see [`Special`].
    extra: Option<std::sync::Arc<dyn Any + Send + Sync>>,
}

/// A kind of content file with front matter of its own, owned by a feature (the
/// newsletter's issues). `page` parses every file and asks these which are theirs, so it
/// names no feature.
pub trait Special: Send + Sync {
    /// Whether the file (relative to `content/`) is of this kind.
    fn claims(&self, rel: &Path) -> bool;
    /// Parses the front matter: the page's fields and the feature's own.
    fn parse_front(
        &self,
        text: &str,
        origin: Origin<'_>,
    ) -> Result<(FrontMatter, Keys, Box<dyn Any + Send + Sync>), Vec<Diagnostic>>;
    /// Checks the Markdown body and completes the feature's own data from it.
    fn check_body(
        &self,
        doc: &Document,
        extra: &mut (dyn Any + Send + Sync),
        body: &str,
        body_line: u32,
    ) -> Vec<Diagnostic>;
}

/// A page's rendered body, ready for templates.
///
/// The HTML is stored as the template value itself (a reference-counted string), made the
/// moment the Markdown is rendered: the site's HTML then exists once, shared by every
/// template that shows it, and the Markdown source is dropped at once. On the 10,000-page
/// benchmark a second copy was 130 MiB of peak memory.
#[derive(Debug, Clone)]
pub struct Content {
    /// Empty once [released](Content::release).
    pub html: tera::Value,
    /// A page's (not a section's) text hash: while its HTML is kept, so a build that finds
    /// the site too big to keep bodies can still release it (see [`Content::release_kept`]);
    /// once released, so the page's own render can render it again from the file and know
    /// the file is the one the model was made from (see [`render_body`]).
    text_hash: Option<u64>,
    /// Whether the HTML was released (see [`Content::released`]).
    released: bool,
    pub summary: Option<tera::Value>,
    pub headings: crate::outline::Headings,
    /// Boxed, as read to the end, not grown: no spare capacity kept with every page.
    pub links: Box<[markdown::InternalLink]>,
    pub images: Box<[markdown::ImageRef]>,
    /// A `u32` beside `released`: one word less in every page's model.
    pub word_count: u32,
    pub lint: crate::lint::PageLint,
}

impl Default for Content {
    fn default() -> Content {
        Content {
            html: tera::Value::safe_string(""),
            text_hash: None,
            released: false,
            summary: None,
            headings: crate::outline::Headings::default(),
            links: Box::default(),
            images: Box::default(),
            word_count: 0,
            lint: crate::lint::PageLint::default(),
        }
    }
}

impl From<Rendered> for Content {
    fn from(r: Rendered) -> Content {
        Content {
            html: tera::Value::safe_string(&r.html),
            text_hash: None,
            released: false,
            summary: r.summary.map(|s| tera::Value::safe_string(&s)),
            headings: r.headings,
            links: r.links.into_boxed_slice(),
            images: r.images.into_boxed_slice(),
            word_count: u32::try_from(r.word_count).unwrap_or(u32::MAX),
            lint: r.lint,
        }
    }
}

impl Content {
    /// Drops the HTML of a page whose text hashes to `text_hash` (see [`text_hash`]): a
    /// build that renders each page from its own file once the model is made needs it only
    /// then, and kept for every page it was two thirds of a build's peak memory.
    pub fn release(&mut self, text_hash: u64) {
        self.html = tera::Value::safe_string("");
        self.text_hash = Some(text_hash);
        self.released = true;
    }

    /// Releases a page's HTML kept after parsing; false for a section or one released already.
    pub fn release_kept(&mut self) -> bool {
        match self.text_hash {
            Some(hash) if !self.released => {
                self.release(hash);
                true
            }
            _ => false,
        }
    }

    /// When the HTML was released: the hash of the file's text it was parsed from.
    pub fn released(&self) -> Option<u64> {
        self.text_hash.filter(|_| self.released)
    }
}

/// The hash [`Content::release`] keeps of a content file's text.
pub fn text_hash(file: &TextFile) -> u64 {
    xxhash_rust::xxh3::xxh3_64(file.text.as_bytes())
}

/// The HTML of a page's body rendered again from its file, for a page whose HTML was
/// [released](Content::release), with its headings: the same as [`parse`] made. `None` when
/// the file is not the text the page was parsed from (it changed during the build).
pub fn render_body(
    file: &TextFile,
    content: &Content,
    md: &markdown::Options<'_>,
) -> Option<(String, crate::outline::Headings)> {
    if content.released() != Some(text_hash(file)) {
        return None;
    }
    let bom = if file.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let (_, body_start, body_line) = split_front_matter(&file.text[bom..])?;
    let display = Path::new("content").join(&file.rel);
    let body = &file.text[bom + body_start..];
    let (rendered, _) =
        markdown::render_parts(body, body_line, &display, md, markdown::Parts::Html);
    Some((rendered.html, rendered.headings))
}

impl Document {
    /// A page with no Markdown file behind it. `display` is the file its messages name.
    pub fn generated(rel: PathBuf, display: PathBuf, kind: Kind, front: FrontMatter) -> Document {
        let rare = (display != Path::new("content").join(&rel)).then(|| {
            Box::new(Rare {
                display: Some(display),
                extra: None,
            })
        });
        Document {
            rel,
            kind,
            front,
            keys: Keys::default(),
            date: None,
            updated: None,
            content: Content::default(),
            front_hash: 0,
            rare,
        }
    }

    /// The file messages name, relative to the site root: `content/nyheter/a.md` (made when
    /// asked: kept, it was a path a page).
    pub fn display(&self) -> PathBuf {
        match self.rare.as_ref().and_then(|r| r.display.as_ref()) {
            Some(display) => display.clone(),
            None => Path::new("content").join(&self.rel),
        }
    }

    /// What the feature that owns the file keeps of it (a newsletter issue's own fields and
    /// email body); see [`Special`].
    pub fn extra(&self) -> Option<&std::sync::Arc<dyn Any + Send + Sync>> {
        self.rare.as_ref().and_then(|r| r.extra.as_ref())
    }

    /// A page a feature makes (the unit directory, the guide, the search page), added to
    /// `docs`, or adopted when the content has a file at `rel`: that file is then the page
    /// and keeps its own text and title, and only the template (and, with `adopt_order`, the
    /// sort order) it leaves out is taken from `front`. `display` is the file messages name.
    pub fn adopt_or_add(
        docs: &mut Vec<std::sync::Arc<Document>>,
        rel: &str,
        display: PathBuf,
        kind: Kind,
        front: FrontMatter,
        adopt_order: bool,
    ) {
        match docs.iter_mut().find(|d| d.rel == Path::new(rel)) {
            Some(d) => {
                let order = adopt_order && d.front.more().sort_by.is_none();
                if d.front.more().template.is_none() || order {
                    // A copy: the parsed file may be shared with `serve`'s cache.
                    let f = &mut std::sync::Arc::make_mut(d).front;
                    let (f, front) = (f.more_mut(), front.more());
                    if f.template.is_none() {
                        f.template = front.template.clone();
                    }
                    if order {
                        f.sort_by = front.sort_by;
                    }
                }
            }
            None => docs.push(std::sync::Arc::new(Document::generated(
                PathBuf::from(rel),
                display,
                kind,
                front,
            ))),
        }
    }

    /// Positions a finding at a front matter field, when the file has that field.
    pub fn at_field(&self, field: &str, d: Diagnostic) -> Diagnostic {
        match self.keys.position(field) {
            Some((line, col)) => d.at(line, col),
            None => d.at_line(1),
        }
    }
}

/// `_index.md`, or a translation of one: `_index.en.md`.
fn is_section_file(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name == "_index.md"
        || name
            .strip_prefix("_index.")
            .and_then(|rest| rest.strip_suffix(".md"))
            .is_some_and(|code| {
                (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase())
            })
}

/// Splits front matter from body, checks the front matter and renders the body; every
/// finding at once.
pub fn parse(
    file: TextFile,
    md: &markdown::Options<'_>,
    special: &[&dyn Special],
) -> Result<Document, Rejected> {
    parse_releasing(file, md, special, false)
}

/// A content file that cannot join the site: what is wrong with it and, when its body could
/// still be read, the accessibility findings of its body, reported with the levels
/// `site.yaml` gives them as a parsed page's are. An editor who fixes the page's settings
/// then meets no second round of mistakes that were there all along.
#[derive(Debug, Clone, Default)]
pub struct Rejected {
    pub diags: Vec<Diagnostic>,
    pub findings: Vec<crate::lint::Finding>,
    /// The file, relative to the site root, for the findings.
    pub display: PathBuf,
    /// The body's internal links and local images, checked against the site as a parsed
    /// page's are (the site's `check_rejected`): a link to a missing page is
    /// not a second round either.
    pub links: Box<[markdown::InternalLink]>,
    pub images: Box<[markdown::ImageRef]>,
}

impl From<Vec<Diagnostic>> for Rejected {
    fn from(diags: Vec<Diagnostic>) -> Rejected {
        Rejected {
            diags,
            ..Rejected::default()
        }
    }
}

/// [`parse`]; with `release`, a page (not a section, whose pages' templates show its body)
/// comes [released](Content::release), its HTML never made.
pub fn parse_releasing(
    file: TextFile,
    md: &markdown::Options<'_>,
    special: &[&dyn Special],
    release: bool,
) -> Result<Document, Rejected> {
    let display = Path::new("content").join(&file.rel);
    let kind = if file.rel.file_name().is_some_and(is_section_file) {
        Kind::Section
    } else {
        Kind::Page
    };
    let bom = if file.text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let text = &file.text[bom..];
    let Some((front_text, body_start, body_line)) = split_front_matter(text) else {
        let first = text.lines().next().unwrap_or_default();
        let message = if first.trim() == "---" {
            msg!("page-settings-not-closed")
        } else {
            msg!("page-no-settings")
        };
        return Err(vec![
            Diagnostic::error(&display, message)
                .at(1, 1)
                .context(msg!("context-file", what = "page"))
                .hint(msg!("page-no-settings-hint")),
        ]
        .into());
    };
    let origin = Origin {
        path: &display,
        line_offset: 1,
        what: "page",
    };
    let owner = special.iter().find(|s| s.claims(&file.rel));
    // Fields that could not be read are reported and the rest of the page is still checked
    // (its other fields, its body): every mistake of a page in one build.
    let mut diags = Vec::new();
    let (front, keys, mut extra) = if let Some(owner) = owner {
        let (front, keys, extra) = owner.parse_front(front_text, origin)?;
        (front, keys, Some(extra))
    } else {
        match yaml::parse_mapping_partial::<FrontMatter>(front_text, origin, FIELDS) {
            (Some((front, keys)), found) => {
                diags = found;
                (front, keys, None)
            }
            (None, found) => return Err(found.into()),
        }
    };

    let mut doc = Document {
        rel: file.rel.clone(),
        kind,
        front,
        keys,
        date: None,
        updated: None,
        content: Content::default(),
        front_hash: xxhash_rust::xxh3::xxh3_64(front_text.as_bytes()),
        rare: None,
    };
    doc.date = parse_date_field(&doc, "date", doc.front.more().date.as_deref(), &mut diags);
    doc.updated = parse_date_field(
        &doc,
        "updated",
        doc.front.more().updated.as_deref(),
        &mut diags,
    );
    // Read once: the model keeps the parsed dates, and the texts were two small allocations
    // a page kept to the end of the build.
    if doc.front.more.is_some() {
        let more = doc.front.more_mut();
        more.date = None;
        more.updated = None;
        doc.front.shrink();
    }
    if doc.front.title.trim().is_empty() {
        diags.push(
            doc.at_field(
                "title",
                Diagnostic::error(&display, msg!("page-empty-title"))
                    .context(msg!("context-field", what = "page", field = "title"))
                    .hint(msg!("page-empty-title-hint")),
            ),
        );
    }
    if kind == Kind::Page {
        for field in SECTION_ONLY {
            if doc.keys.position(field).is_some() {
                diags.push(
                    doc.at_field(
                        field,
                        Diagnostic::error(&display, msg!("page-section-only", field = *field))
                            .context(msg!("context-field", what = "page", field = *field))
                            .hint(msg!("page-section-only-hint")),
                    ),
                );
            }
        }
    }
    if doc.front.more().paginate_by == Some(0) {
        diags.push(
            doc.at_field(
                "paginate_by",
                Diagnostic::error(&display, msg!("page-paginate-zero"))
                    .context(msg!("context-field", what = "page", field = "paginate_by"))
                    .hint(msg!("page-paginate-zero-hint")),
            ),
        );
    }
    for alias in doc.front.more().aliases.iter() {
        if !alias.starts_with('/') || alias.contains("..") || alias.contains('#') {
            diags.push(
                doc.at_field(
                    "aliases",
                    Diagnostic::error(&display, msg!("page-bad-alias", value = alias))
                        .context(msg!("context-field", what = "page", field = "aliases"))
                        .hint(msg!("page-bad-alias-hint")),
                ),
            );
        }
    }
    if let Some(slug) = &doc.front.more().slug
        && crate::slug::slugify(slug) != **slug
    {
        diags.push(
            doc.at_field(
                "slug",
                Diagnostic::error(&display, msg!("page-bad-slug", value = &**slug))
                    .context(msg!("context-field", what = "page", field = "slug"))
                    .hint(msg!(
                        "page-bad-slug-hint",
                        example = crate::slug::slugify(slug)
                    )),
            ),
        );
    }
    let body = &file.text[bom + body_start..];
    let hash = (kind == Kind::Page).then(|| text_hash(&file));
    let release = hash.filter(|_| release);
    let parts = match release {
        Some(_) => markdown::Parts::AllButHtml,
        None => markdown::Parts::All,
    };
    let (content, mut found) = markdown::render_parts(body, body_line, &display, md, parts);
    diags.append(&mut found);
    if let (Some(owner), Some(extra)) = (owner, extra.as_mut()) {
        diags.append(&mut owner.check_body(&doc, extra.as_mut(), body, body_line));
    }
    if diags.is_empty() {
        doc.content = Content::from(content);
        doc.content.text_hash = hash;
        if let Some(hash) = release {
            doc.content.release(hash);
        }
        if let Some(extra) = extra {
            doc.rare = Some(Box::new(Rare {
                display: None,
                extra: Some(std::sync::Arc::from(extra)),
            }));
        }
        Ok(doc)
    } else {
        Err(Rejected {
            diags,
            findings: content.lint.into_findings(),
            display,
            links: content.links.into(),
            images: content.images.into(),
        })
    }
}

/// A page shown with the accessibility statement's template needs the facts the law asks
/// for in `site.yaml` (see [`crate::lint::Accessibility::missing_facts`]).
/// Warns when the statement is older than a year on `build_date`.
pub fn check_statement_pages(
    accessibility: &crate::lint::Accessibility,
    docs: &[std::sync::Arc<Document>],
    build_date: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let statement = |d: &&std::sync::Arc<Document>| {
        d.front.more().template.as_deref() == Some(crate::lint::config::STATEMENT_TEMPLATE)
    };
    if !docs.iter().any(|d| statement(&d)) {
        return Vec::new();
    }
    let mut diags = accessibility.stale(build_date);
    let missing = accessibility.missing_facts();
    if missing.is_empty() {
        return diags;
    }
    diags.extend(docs.iter().filter(statement).map(|d| {
        d.at_field(
            "template",
            Diagnostic::error(
                d.display(),
                msg!("page-statement-needs", facts = missing.join(", ")),
            )
            .context(msg!("context-field", what = "page", field = "template"))
            .hint(msg!("page-statement-needs-hint")),
        )
    }));
    diags
}

/// Returns (front matter text, byte offset of the body, 1-based line where the body starts).
fn split_front_matter(text: &str) -> Option<(&str, usize, u32)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for (line, l) in (2u32..).zip(rest.split_inclusive('\n')) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let front = &rest[..offset];
            let opening = text.len() - rest.len();
            return Some((front, opening + offset + l.len(), line + 1));
        }
        offset += l.len();
    }
    None
}

/// Accepts `2025-03-01`, `2025-03-01 10:00`, `2025-03-01T10:00[:00]`.
fn parse_date_field(
    doc: &Document,
    field: &str,
    value: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Option<DateTime> {
    let value = value?.trim();
    let parsed = if value.len() == 10 {
        value
            .parse::<jiff::civil::Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    } else {
        value.replacen(' ', "T", 1).parse::<DateTime>()
    };
    match parsed {
        Ok(dt) => Some(dt),
        Err(_) => {
            diags.push(
                doc.at_field(
                    field,
                    Diagnostic::error(doc.display(), msg!("not-a-date", value = value))
                        .context(msg!("context-field", what = "page", field = field))
                        .hint(msg!("page-date-hint", field = field)),
                ),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(rel: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
        // The findings of a rejected page are the pipeline's to report.
        let md = markdown::Options {
            allow_scripts: false,
            site_origin: "https://a.se",
            table_label: "Tabell",
            language: "sv",
        };
        parse(
            TextFile {
                rel: rel.into(),
                text: text.into(),
            },
            &md,
            &[],
        )
        .map_err(|r| r.diags)
    }

    #[test]
    fn splits_and_counts_lines() {
        let d = doc("a.md", "---\ntitle: Hej\ndate: 2025-03-01\n---\nText\n").unwrap();
        assert_eq!(d.content.html.as_str(), Some("<p>Text</p>\n"));
        assert_eq!(d.date.unwrap().to_string(), "2025-03-01T00:00:00");
        assert_eq!(d.kind, Kind::Page);
    }

    #[test]
    fn bad_date_names_line() {
        let errs = doc("a.md", "---\ntitle: Hej\ndate: 1 mars\n---\n").unwrap_err();
        assert_eq!(
            errs[0].render(crate::i18n::Lang::Sv),
            "fel: content/a.md:3:1: sidans fält `date`: `1 mars` är inget datum\n  tips: skriv datumet som ÅÅÅÅ-MM-DD, till exempel `date: 2025-03-01`, gärna med tid: `date: 2025-03-01 10:00`"
        );
    }

    #[test]
    fn tags_read_back_whole_in_order() {
        let long = "öppettider ".repeat(30);
        let texts = ["", "1177", long.as_str(), "a\0b", ""];
        let list: Texts = texts.iter().collect();
        assert_eq!(list.iter().collect::<Vec<_>>(), texts);
        assert!(Texts::default().is_empty());
        assert_eq!(Texts::default().iter().count(), 0);
        let d = doc(
            "a.md",
            "---\ntitle: Hej\ntags: [vård, \"1177\"]\naliases: [/gammal/]\n---\n",
        )
        .unwrap();
        assert_eq!(d.front.tags.iter().collect::<Vec<_>>(), ["vård", "1177"]);
        assert_eq!(
            d.front.more().aliases.iter().collect::<Vec<_>>(),
            ["/gammal/"]
        );
    }

    #[test]
    fn missing_front_matter() {
        let errs = doc("a.md", "# Hej\n").unwrap_err();
        assert_eq!(errs[0].message.id(), Some("page-no-settings"));
        let errs = doc("a.md", "---\ntitle: x\n").unwrap_err();
        assert_eq!(errs[0].message.id(), Some("page-settings-not-closed"));
    }
}
