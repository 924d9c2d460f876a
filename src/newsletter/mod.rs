//! The newsletter ("Följ arbetet – Nyhetsbrev"): issues written in Markdown in
//! `content/nyhetsbrev/` become, on every build,
//!
//! - the archive page of each issue (`/nyhetsbrev/<slug>/`, template `newsletter.html`), the
//!   archive (`/nyhetsbrev/`, `newsletter-archive.html`) and an Atom feed of the issues
//!   (`/nyhetsbrev/atom.xml`);
//! - beside each archive page, `email.html` (one column, CSS inlined, absolute URLs),
//!   `email.txt` (the same content as plain text, links as numbered footnotes) and
//!   `issue.eml` (multipart/alternative, ready for a mail service).
//!
//! An issue is a page of the model like any other, so its address, `@/` links, drafts and
//! aliases work as they do for pages. Its own front matter (see [`front`]) adds `number`,
//! `subject`, `preheader` (required), `articles` (news pages by content path) and
//! `deviations` (weeks of the care units' changed hours, counted from the issue's date, so
//! an issue reads the same whenever it is built).
//!
//! Fixed inputs give byte-identical files: the `.eml`'s Date is the issue's date, its
//! Message-ID and MIME boundary derive from the issue, nothing reads the clock.

pub mod config;
mod deviations;
pub mod email;
mod front;

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

use crate::error::{Diagnostic, Message, did_you_mean};
use crate::feature::{Feature, Files, Shared};
use crate::msg;
use crate::page::{Document, FrontMatter, Kind, SortBy};
use crate::render::Renderer;
use crate::site::{PageId, Site};
use crate::source::Sources;
use crate::unit::UnitData;
use crate::view::{Translations, obj, word};

pub use config::NewsletterConfig;
pub use front::{EmailUrl, FIELDS, Issue, check_issue, is_issue, parse_front};

/// The issues' own front matter, for `page` (see [`crate::page::Special`]).
pub struct Issues;

impl crate::page::Special for Issues {
    fn claims(&self, rel: &Path) -> bool {
        is_issue(rel)
    }

    fn parse_front(
        &self,
        text: &str,
        origin: crate::yaml::Origin<'_>,
    ) -> Result<(FrontMatter, crate::yaml::Keys, Box<dyn Any + Send + Sync>), Vec<Diagnostic>> {
        let (front, keys, issue) = parse_front(text, origin)?;
        Ok((front, keys, Box::new(issue)))
    }

    fn check_body(
        &self,
        doc: &Document,
        extra: &mut (dyn Any + Send + Sync),
        body: &str,
        body_line: u32,
    ) -> Vec<Diagnostic> {
        match extra.downcast_mut::<Issue>() {
            Some(issue) => check_issue(doc, issue, body, body_line),
            None => Vec::new(),
        }
    }
}

/// The issue a page is, if it is one.
pub fn issue_of(doc: &Document) -> Option<Arc<Issue>> {
    Arc::clone(doc.extra()?).downcast::<Issue>().ok()
}

/// The folder of issues under `content/`, and their URL folder.
pub const DIR: &str = "nyhetsbrev";
const SECTION: &str = "nyhetsbrev/_index.md";
/// The Atom feed of the issues, in the output.
pub const FEED: &str = "nyhetsbrev/atom.xml";
/// The email's HTML part, as sent, warns above this: Gmail clips messages at about 102 KB.
pub const BUDGET: usize = 90 * 1024;
/// The files written beside each archive page.
pub const EMAIL_HTML: &str = "email.html";
pub const EMAIL_TEXT: &str = "email.txt";
pub const EML: &str = "issue.eml";
/// The plain-text part's line width.
pub const TEXT_WIDTH: usize = 72;

/// Adds the archive (`nyhetsbrev/_index.md`) when there are issues and no such file, and
/// gives issues and archive their templates unless the editor chose others.
pub fn add_documents(docs: &mut Vec<Arc<Document>>, t: &Translations) {
    if !docs.iter().any(|d| issue_of(d).is_some()) {
        return;
    }
    for d in docs.iter_mut() {
        if issue_of(d).is_some() && d.front.more().template.is_none() {
            // A copy: the parsed file may be shared with `serve`'s cache.
            Arc::make_mut(d).front.more_mut().template = Some("newsletter.html".into());
        }
    }
    let mut front = FrontMatter::titled(word(t, "newsletter_archive_title"));
    front.more_mut().template = Some("newsletter-archive.html".into());
    front.more_mut().sort_by = Some(SortBy::Date);
    let display = Path::new("content").join(SECTION);
    Document::adopt_or_add(docs, SECTION, display, Kind::Section, front, false);
}

/// One issue, resolved against the site.
pub struct Prepared {
    pub page: PageId,
    pub issue: Arc<Issue>,
    /// For the archive page: root-relative paths.
    pub web: Value,
    /// For the email: absolute URLs, and the body as email HTML.
    pub email: Value,
}

/// Every issue of the site, resolved.
#[derive(Default)]
pub struct Newsletter {
    /// `site.yaml`'s `newsletter:` settings.
    pub config: NewsletterConfig,
    pub issues: Vec<Prepared>,
    pub section: Option<PageId>,
    by_source: HashMap<String, Value>,
}

impl Newsletter {
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    /// Each issue's folder in the output (`nyhetsbrev/jul/`) and its number.
    pub fn numbers(&self, site: &Site) -> Vec<(String, u32)> {
        self.issues
            .iter()
            .map(|p| {
                let dir = site.pages[p.page].url().trim_start_matches('/').to_string();
                (dir, p.issue.number)
            })
            .collect()
    }
}

/// Resolves every issue: its articles, its units' deviations and its links made absolute;
/// every finding located in the issue's file.
pub fn prepare(
    site: &Site,
    config: NewsletterConfig,
    units: Option<&UnitData>,
    t: &Translations,
) -> (Newsletter, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut nl = Newsletter {
        config,
        section: site.links.id_of(SECTION),
        ..Newsletter::default()
    };
    let mut numbers: HashMap<u32, PageId> = HashMap::new();
    for (id, p) in site.pages.iter().enumerate() {
        let Some(issue) = issue_of(&p.doc) else {
            continue;
        };
        let doc = &p.doc;
        if let Some(&other) = numbers.get(&issue.number) {
            diags.push(
                doc.at_field(
                    "number",
                    Diagnostic::error(
                        doc.display(),
                        msg!(
                            "newsletter-number-taken",
                            number = issue.number,
                            other = site.pages[other].doc.display().as_path()
                        ),
                    )
                    .context(msg!("context-field", what = "newsletter", field = "number"))
                    .hint(msg!("newsletter-number-taken-hint")),
                ),
            );
        } else {
            numbers.insert(issue.number, id);
        }

        // The news articles it points to.
        let mut web_articles = Vec::new();
        let mut mail_articles = Vec::new();
        for path in &issue.articles {
            let Some(aid) = site.links.id_of(path) else {
                let hint = match did_you_mean(path, site.pages.iter().map(|p| p.source())) {
                    Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                    None => msg!("newsletter-no-page-hint"),
                };
                diags.push(
                    doc.at_field(
                        "articles",
                        Diagnostic::error(
                            doc.display(),
                            msg!("newsletter-no-page", path = path.as_str()),
                        )
                        .context(msg!(
                            "context-field",
                            what = "newsletter",
                            field = "articles"
                        ))
                        .hint(hint),
                    ),
                );
                continue;
            };
            let a = &site.pages[aid];
            let summary = if a.doc.front.description.trim().is_empty() {
                a.content()
                    .summary
                    .as_ref()
                    .and_then(|s| s.as_str())
                    .map(crate::html_text::plain)
                    .unwrap_or_default()
            } else {
                a.doc.front.description.clone()
            };
            let date = a
                .doc
                .date
                .map_or(Value::none(), |d| Value::from(d.date().to_string()));
            let view = |href: &str| {
                obj([
                    ("title", Value::from(a.doc.front.title.as_str())),
                    ("summary", Value::from(summary.as_str())),
                    ("href", Value::from(href)),
                    ("date", date.clone()),
                ])
            };
            web_articles.push(view(a.path()));
            mail_articles.push(view(a.permalink()));
        }

        // The care units' changed hours in the weeks from the issue's date.
        let (web_dev, mail_dev) = match (issue.deviation_weeks, units, p.doc.date) {
            (Some(weeks), Some(data), Some(date)) => (
                deviations::view(site, data, t, date.date(), weeks, false),
                deviations::view(site, data, t, date.date(), weeks, true),
            ),
            (Some(_), None, _) => {
                diags.push(
                    doc.at_field(
                        "deviations",
                        Diagnostic::error(doc.display(), msg!("newsletter-no-units"))
                            .context(msg!(
                                "context-field",
                                what = "newsletter",
                                field = "deviations"
                            ))
                            .hint(msg!("newsletter-no-units-hint")),
                    ),
                );
                (Value::none(), Value::none())
            }
            _ => (Value::none(), Value::none()),
        };

        // The body's links, absolute.
        let mut resolved: Vec<String> = Vec::with_capacity(issue.urls.len());
        for u in &issue.urls {
            match absolute(site, p, u) {
                Ok(url) => resolved.push(url),
                Err(why) => {
                    let what = if u.image { "image" } else { "link" };
                    diags.push(
                        Diagnostic::error(
                            doc.display(),
                            msg!("newsletter-not-absolute", kind = what, url = u.url.as_str()),
                        )
                        .at(u.line, u.column)
                        .context(if u.image {
                            msg!("context-image")
                        } else {
                            msg!("context-link")
                        })
                        .hint(why),
                    );
                    resolved.push("#".into());
                }
            }
        }
        let body = crate::markdown::fill_placeholders(&issue.email_html, |k| {
            k.parse::<usize>()
                .ok()
                .and_then(|i| resolved.get(i))
                .map(|href| href.as_str().into())
        })
        .into_owned();

        let date = p.doc.date.unwrap_or_default().date();
        let date_text = crate::view::Words { t }.long_date(date);
        let feed_path = format!("{}/{FEED}", site.config.base_path());
        let feed_url = format!("{}/{FEED}", site.config.base_url);
        let make = |articles: Vec<Value>, dev: Value, email: bool| {
            let mut m: BTreeMap<&str, Value> = BTreeMap::new();
            m.insert("number", Value::from(issue.number));
            m.insert("subject", Value::from(issue.subject.as_str()));
            m.insert("preheader", Value::from(issue.preheader.as_str()));
            m.insert("title", Value::from(p.doc.front.title.as_str()));
            m.insert(
                "date",
                obj([
                    ("iso", Value::from(date.to_string())),
                    ("text", Value::from(date_text.as_str())),
                ]),
            );
            m.insert("path", Value::from(p.path()));
            m.insert("permalink", Value::from(p.permalink()));
            m.insert("articles", Value::from(articles));
            m.insert("deviations", dev);
            m.insert(
                "feed",
                Value::from(if email { &feed_url } else { &feed_path }.as_str()),
            );
            m.insert(
                "unsubscribe",
                nl.config
                    .unsubscribe_link()
                    .map_or(Value::none(), Value::from),
            );
            m.insert(
                "body",
                if email {
                    Value::safe_string(&body)
                } else {
                    Value::none()
                },
            );
            Value::from(m)
        };
        let web = make(web_articles, web_dev, false);
        let email = make(mail_articles, mail_dev, true);
        nl.by_source.insert(p.source().to_string(), web.clone());
        nl.issues.push(Prepared {
            page: id,
            issue,
            web,
            email,
        });
    }
    (nl, diags)
}

/// An email is read outside the site: every URL must be absolute. Why not, as a hint.
fn absolute(site: &Site, p: &crate::site::Page, u: &EmailUrl) -> Result<String, Message> {
    let url = u.url.trim();
    let lower = url.to_ascii_lowercase();
    if ["https://", "http://", "mailto:", "tel:"]
        .iter()
        .any(|s| lower.starts_with(s))
    {
        return Ok(url.to_string());
    }
    if u.raw {
        return Err(msg!("newsletter-raw-html-hint"));
    }
    if let Some(target) = url.strip_prefix("@/") {
        // Whether the page exists is checked with the page's own links.
        return Ok(site
            .link_href(
                &crate::markdown::link_key(target, &site.languages[p.lang].code),
                true,
            )
            .map_or_else(|| "#".to_string(), |href| href.into_owned()));
    }
    let origin = {
        let base = &site.config.base_url;
        let after = base.find("://").map_or(0, |i| i + 3);
        match base[after..].find('/') {
            Some(i) => &base[..after + i],
            None => base.as_str(),
        }
    };
    if url.starts_with("//") {
        return Err(msg!("newsletter-absolute-hint"));
    }
    if url.starts_with('/') {
        return Ok(format!("{origin}{url}"));
    }
    if let Some(fragment) = url.strip_prefix('#') {
        return Ok(format!("{}#{fragment}", p.permalink()));
    }
    // A page bundle's own file; an image as its 1200 px rendition shown 600 px wide, with
    // its size (Outlook for Windows shows an image without one at its full size).
    let own = format!("{}{}", p.path(), url.trim_start_matches("./"));
    if !url.contains(':') && p.assets.contains(&own) {
        if u.image
            && let Some(img) = email_image(site, &own)
        {
            return Ok(img);
        }
        return Ok(format!("{origin}{own}"));
    }
    Err(msg!("newsletter-absolute-hint"))
}

/// An issue's image (`own`, its root-relative path) for the email: the URL of its rendition
/// closest above 1200 px, followed by the closing quote and its `width` and `height` at
/// 600 px (or its own width, when smaller), for the `src` attribute it is put in.
fn email_image(site: &Site, own: &str) -> Option<String> {
    let base = site.config.base_path();
    let rel = own.strip_prefix(base).unwrap_or(own);
    let rel = rel.trim_start_matches('/');
    let processed = site
        .images
        .values()
        .find(|i| i.out == rel)
        .and_then(|i| i.processed.as_ref())?;
    let want = 2 * email::IMAGE_WIDTH;
    let (_, path) = processed
        .variants
        .iter()
        .find(|(w, _)| *w >= want)
        .or(processed.variants.last())?;
    let width = processed.width.clamp(1, email::IMAGE_WIDTH);
    let height =
        (u64::from(processed.height) * u64::from(width) / u64::from(processed.width.max(1))) as u32;
    Some(format!(
        "{}/{}\" width=\"{width}\" height=\"{height}",
        site.config.base_url,
        path.trim_start_matches('/')
    ))
}

/// Registers `newsletter_issue(path=page.source)`: an issue's number, subject, preheader,
/// date, articles and deviations for the archive page and the archive.
pub fn register(tera: &mut Tera, nl: Arc<Newsletter>) {
    tera.register_function(
        "newsletter_issue",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?.trim_start_matches("@/");
            nl.by_source.get(path).cloned().ok_or_else(|| {
                tera::Error::message(format!(
                    "`{path}` is not a newsletter issue (content/{DIR}/*.md)"
                ))
            })
        },
    );
}

/// Renders each issue's `email.html`, `email.txt` and `issue.eml`, and the feed of issues.
pub fn render(
    renderer: &Renderer,
    nl: &Newsletter,
) -> (Files, Vec<Diagnostic>, Vec<email::Letter>) {
    let site = renderer.site();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    let mut letters = Vec::new();
    for prepared in &nl.issues {
        let p = &site.pages[prepared.page];
        match email::render_issue(renderer, site, &nl.config, p, prepared) {
            Ok((mail, mut warnings)) => {
                diags.append(&mut warnings);
                let dir = p.url().trim_start_matches('/');
                files.push((format!("{dir}{EMAIL_HTML}"), mail.html.into_bytes()));
                files.push((format!("{dir}{EMAIL_TEXT}"), mail.text.into_bytes()));
                files.push((format!("{dir}{EML}"), mail.eml));
                letters.push(mail.letter);
            }
            Err(mut d) => diags.append(&mut d),
        }
    }
    if let Some(section) = nl.section
        && !nl.is_empty()
    {
        match renderer.section_feed(section, FEED, nl.config.feed_limit) {
            Ok(feed) => files.push((FEED.to_string(), feed)),
            Err(d) => diags.push(d),
        }
    }
    (files, diags, letters)
}

/// The context of the email templates.
pub(crate) fn email_context(prepared: &Prepared) -> Context {
    let mut ctx = Context::new();
    ctx.insert_value("issue", prepared.email.clone());
    ctx
}

/// The newsletter as a feature of the site (see [`Feature`]).
pub struct Letters {
    config: NewsletterConfig,
    units: Option<Arc<UnitData>>,
    prepared: Arc<Newsletter>,
    letters: Vec<email::Letter>,
}

impl Letters {
    pub fn new(config: NewsletterConfig, units: Option<Arc<UnitData>>) -> Letters {
        Letters {
            config,
            units,
            prepared: Arc::default(),
            letters: Vec::new(),
        }
    }

    /// The issues rendered by the last [`Feature::emit`].
    pub fn letters(&self) -> &[email::Letter] {
        &self.letters
    }

    /// Each issue's folder in the output and its number (see [`Newsletter::numbers`]).
    pub fn numbers(&self, site: &Site) -> Vec<(String, u32)> {
        self.prepared.numbers(site)
    }
}

impl Feature for Letters {
    fn add_documents(
        &mut self,
        _: &Sources,
        docs: &mut Vec<Arc<Document>>,
        shared: &Shared<'_>,
    ) -> Vec<Diagnostic> {
        add_documents(docs, shared.translations);
        Vec::new()
    }

    fn prepare(&mut self, site: &Site, shared: &Shared<'_>) -> Vec<Diagnostic> {
        let config = std::mem::take(&mut self.config);
        let (letters, diags) = prepare(site, config, self.units.as_deref(), shared.translations);
        self.prepared = Arc::new(letters);
        diags
    }

    fn register(&self, tera: &mut Tera) {
        register(tera, Arc::clone(&self.prepared));
    }

    fn emit(&mut self, renderer: &Renderer) -> (Files, Vec<Diagnostic>) {
        let (files, diags, letters) = render(renderer, &self.prepared);
        self.letters = letters;
        (files, diags)
    }
}
