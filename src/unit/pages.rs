//! Care units on the site: the unit files become pages of the site model, template values
//! and the open-data file. The logic of hours and holidays lives in [`crate::unit`]; this
//! module only decides how that one resolved calendar is shown.
//!
//! Each unit is a page of the model (`content/enheter/<id>.yaml` stands in for a Markdown
//! file at `enheter/<id>.md`), so URLs, clashes, breadcrumbs, the sitemap, `@/` links and
//! `get_page` treat it like any other page. The directory (`/enheter/`), its weekend-open
//! filter (`/enheter/helgoppna/`) and `/helgoppet/` are pages too; when the content has
//! `enheter/_index.md` or `helgoppet.md`, that file is the page and supplies its text, title
//! and menu weight, and only the template is chosen here if the editor chose none.
//!
//! Templates read units through functions: `unit(id=...)`, `units(kommun=, typ=,
//! helgoppen=)`, `unit_groups(helgoppen=)` (A–Ö by municipality) and `helgoppet()`. Every
//! value is built once and shared. Markdown pages show a unit's hours by naming it in front
//! matter, `extra: { enheter: [stenso] }`: checked here with a located message, rendered by
//! `page.html`, and no change to how Markdown is rendered.
//!
//! Dates on pages are absolute ("onsdag 24 december 2026"): the HTML is static, so "today"
//! would be wrong the day after the build. Only the browser script speaks of "now".

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use serde_json::json;
use tera::Tera;

use crate::config::Language;
use crate::error::{Diagnostic, did_you_mean};
use crate::feature::{Feature, Files, Shared};
use crate::msg;
use crate::page::{Document, FrontMatter, Kind as DocKind, SortBy};
use crate::render::Renderer;
use crate::site::Site;
use crate::source::{Sources, TextFile};
use crate::unit::{self, Kind, Unit, UnitData};
use crate::view::{Translations, word};

/// The folder of unit files under `content/`, and the URL folder of unit pages.
pub const DIR: &str = "enheter";
const DIRECTORY: &str = "enheter/_index.md";
const WEEKEND_FILTER: &str = "enheter/helgoppna.md";
const WEEKEND_PAGE: &str = "helgoppet.md";
/// The front matter key under `extra` that lists the units a Markdown page shows.
const EMBED_KEY: &str = "enheter";
/// The open-data file, at the site root.
pub const OPEN_DATA: &str = "enheter.json";

/// The build date when none is given: today on the wall clocks of the region.
pub fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(unit::stockholm().clone())
        .date()
}

/// Loads the unit files directly in `content/enheter/`; `None` for a site without them.
/// A unit without `uppdaterad:` takes its file's last commit date in Stockholm, if any.
pub fn load(
    data: &[TextFile],
    committed: &HashMap<PathBuf, jiff::Timestamp>,
    build_date: Date,
) -> Option<UnitData> {
    let files: Vec<(PathBuf, &str)> = data
        .iter()
        .filter(|f| f.rel.parent() == Some(Path::new(DIR)))
        .map(|f| (Path::new("content").join(&f.rel), f.text.as_str()))
        .collect();
    if files.is_empty() {
        return None;
    }
    let mut units = unit::load(&files, build_date);
    for u in &mut units.units {
        if u.updated.is_none() {
            let rel = u.path.strip_prefix("content").unwrap_or(&u.path);
            u.updated = committed
                .get(rel)
                .map(|t| t.to_zoned(unit::stockholm().clone()).date());
        }
    }
    Some(units)
}

/// Adds the unit pages, the directory, its weekend filter and the Helgöppet page to the
/// documents, and checks the units that Markdown pages name in `extra.enheter`.
pub fn add_documents(
    docs: &mut Vec<Arc<Document>>,
    data: &UnitData,
    languages: &[(Language, Translations)],
) -> Vec<Diagnostic> {
    let diags = check_embeds(docs, data);
    // Every unit has its page in every language, from its one file: `enheter/stenso.en.md`
    // stands in for the English page as `enheter/stenso.md` does for the default.
    for (i, (l, t)) in languages.iter().enumerate() {
        let suffix = if i == 0 {
            ".md".to_string()
        } else {
            format!(".{}.md", l.code)
        };
        add_language(docs, data, t, &suffix);
    }
    diags
}

/// The unit pages of one language, whose content paths end in `suffix`.
fn add_language(docs: &mut Vec<Arc<Document>>, data: &UnitData, t: &Translations, suffix: &str) {
    let rel = |path: &str| format!("{}{suffix}", path.trim_end_matches(".md"));
    let mut adopt_or_add = |rel: &str, kind: DocKind, front: FrontMatter| {
        let display = Path::new("content").join(rel);
        Document::adopt_or_add(docs, rel, display, kind, front, false)
    };
    let front = |title: String, template: &str| {
        let mut f = FrontMatter::titled(title);
        f.more_mut().template = Some(template.into());
        f.more_mut().sort_by = Some(SortBy::Title);
        f
    };
    adopt_or_add(
        &rel(DIRECTORY),
        DocKind::Section,
        front(word(t, "units_title"), "units.html"),
    );
    let mut filter = front(word(t, "units_weekend_title"), "units.html");
    filter
        .more_mut()
        .extra
        .insert("filter".into(), json!("helgoppen"));
    adopt_or_add(&rel(WEEKEND_FILTER), DocKind::Page, filter);
    adopt_or_add(
        &rel(WEEKEND_PAGE),
        DocKind::Page,
        front(word(t, "weekend_title"), "helgoppet.html"),
    );
    for u in &data.units {
        let mut f = front(u.name.clone(), "unit.html");
        f.description = description(u, t);
        f.more_mut().extra.insert("enhet".into(), json!(u.id));
        docs.push(Arc::new(Document::generated(
            PathBuf::from(format!("{DIR}/{}{suffix}", u.id)),
            u.path.clone(),
            DocKind::Page,
            f,
        )));
    }
}

/// "Helgöppen hälsocentral i Kalmar": what a search result or a link preview should say.
fn description(u: &Unit, t: &Translations) -> String {
    format!(
        "{} {} {}",
        word(t, &format!("unit_kind_{}", kind_key(u.kind))),
        word(t, "unit_in"),
        u.municipality
    )
}

pub(super) fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Halsocentral => "halsocentral",
        Kind::HelgoppenHalsocentral => "helgoppen_halsocentral",
        Kind::Akutmottagning => "akutmottagning",
        Kind::Jourmottagning => "jourmottagning",
    }
}

/// `extra.enheter` in a Markdown page's front matter must name units that exist.
fn check_embeds(docs: &[Arc<Document>], data: &UnitData) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for d in docs {
        let Some(value) = d.front.more().extra.get(EMBED_KEY) else {
            continue;
        };
        let context = msg!(
            "context-field",
            what = "page",
            field = format!("extra.{EMBED_KEY}")
        );
        let ids: Option<Vec<&str>> = match value {
            serde_json::Value::String(s) => Some(vec![s.as_str()]),
            serde_json::Value::Array(items) => items.iter().map(|v| v.as_str()).collect(),
            _ => None,
        };
        let Some(ids) = ids else {
            diags.push(
                d.at_field(
                    "extra",
                    Diagnostic::error(d.display(), msg!("page-units-not-a-list"))
                        .context(context)
                        .hint(msg!("page-units-not-a-list-hint")),
                ),
            );
            continue;
        };
        for id in ids {
            // A unit whose file could not be read has its own error; listing it is not another.
            if data.unit(id).is_some() || data.is_unreadable(id) {
                continue;
            }
            let hint = match did_you_mean(id, data.units.iter().map(|u| u.id.as_str())) {
                Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                None => msg!("page-unknown-unit-hint"),
            };
            diags.push(
                d.at_field(
                    "extra",
                    Diagnostic::error(d.display(), msg!("unit-unknown-unit", id = id))
                        .context(context.clone())
                        .hint(hint),
                ),
            );
        }
    }
    diags
}

/// The open-data file, `/enheter.json`, with each unit's page address added.
pub fn files(site: &Site, data: &UnitData, build_date: Date) -> Vec<(String, Vec<u8>)> {
    let mut doc = data.open_data(build_date);
    if let Some(units) = doc.get_mut("enheter").and_then(|u| u.as_array_mut()) {
        for u in units {
            let id = u.get("id").and_then(|i| i.as_str()).unwrap_or_default();
            let url = super::views::page_of(site, id).map(|(_, permalink)| permalink.to_string());
            if let Some(o) = u.as_object_mut() {
                o.insert("url".into(), json!(url));
            }
        }
    }
    // Compact: with 60 days per unit, indentation would triple the file.
    let mut bytes = serde_json::to_vec(&doc).unwrap_or_default();
    bytes.push(b'\n');
    vec![(OPEN_DATA.to_string(), bytes)]
}

/// Care units as a feature of the site (see [`Feature`]).
pub struct Units {
    build_date: Date,
    data: Option<Arc<UnitData>>,
    views: Option<Arc<super::views::LanguageViews>>,
    files: Vec<(String, Vec<u8>)>,
}

impl Units {
    /// Reads and checks the unit files among `sources`; `data` is `None` without them.
    pub fn load(sources: &Sources, build_date: Date) -> Units {
        Units {
            build_date,
            data: load(&sources.data, &sources.committed, build_date).map(Arc::new),
            views: None,
            files: Vec::new(),
        }
    }

    /// The day the calendars start.
    pub fn build_date(&self) -> Date {
        self.build_date
    }

    /// The units, for the features that show them too.
    pub fn data(&self) -> Option<Arc<UnitData>> {
        self.data.clone()
    }
}

impl Feature for Units {
    fn add_documents(
        &mut self,
        _: &Sources,
        docs: &mut Vec<Arc<Document>>,
        shared: &Shared<'_>,
    ) -> Vec<Diagnostic> {
        let Some(u) = &self.data else {
            return Vec::new();
        };
        let mut diags = u.diagnostics.clone();
        diags.append(&mut add_documents(docs, u, shared.languages));
        diags
    }

    fn prepare(&mut self, site: &Site, shared: &Shared<'_>) -> Vec<Diagnostic> {
        if let Some(u) = &self.data {
            let (views, files) = rayon::join(
                || {
                    super::views::LanguageViews::build(
                        shared.translations,
                        shared.languages,
                        |lang, t| super::views::views(site, u, t, shared.build_date, lang),
                    )
                },
                || files(site, u, shared.build_date),
            );
            self.views = Some(Arc::new(views));
            self.files = files;
        }
        Vec::new()
    }

    fn register(&self, tera: &mut Tera) {
        super::views::register(tera, self.views.clone());
    }

    fn emit(&mut self, _: &Renderer) -> (Files, Vec<Diagnostic>) {
        (std::mem::take(&mut self.files), Vec::new())
    }
}
