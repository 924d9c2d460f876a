//! `site.yaml`: the site's settings. Pure: it parses text handed over by `source`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Diagnostic, Message};
use crate::msg;
use crate::yaml::{self, Origin};

pub const CONFIG_FILE: &str = "site.yaml";

/// The languages the bundled theme has translations for.
pub const LANGUAGES: &[&str] = &["sv", "en", "ar", "fi"];

/// One language the site is published in, resolved from `languages:` (see
/// [`Config::languages`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// The BCP 47 code, as in `lang=` and `hreflang=`: `sv`, `en`, `ar`.
    pub code: String,
    /// The language's name in itself (`English`, `العربية`), as the language switcher shows it.
    pub name: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    /// The URL path prefix of its pages: empty for the default language, `/en` for others.
    pub prefix: String,
}

/// An entry of `languages:` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageEntry {
    pub code: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub dir: Option<String>,
    /// The URL folder of its pages; the code by default.
    #[serde(default)]
    pub prefix: Option<String>,
}

/// The names and directions of the languages the theme has words for, so that
/// `languages: [{ code: ar }]` is enough.
fn known_language(code: &str) -> (&'static str, &'static str) {
    match code {
        "sv" => ("svenska", "ltr"),
        "en" => ("English", "ltr"),
        "ar" => ("العربية", "rtl"),
        "fi" => ("suomi", "ltr"),
        _ => ("", "ltr"),
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Every language the site is published in, the default (`language:`) among them or
    /// added first. Empty for a site in one language.
    #[serde(default)]
    pub languages: Vec<LanguageEntry>,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub organisation: Organisation,
    #[serde(default)]
    pub feed: Feed,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub images: ImageConfig,
    #[serde(default)]
    pub search: SearchConfig,
    /// The path segment of paginated listing pages: `/nyheter/sida/2/`.
    #[serde(default = "default_pagination_path")]
    pub pagination_path: String,
    /// The region's logo and colour, as `site.brand`.
    #[serde(default)]
    pub brand: Brand,
    /// Days after the build at which pages stop saying "open now" and ask the resident to
    /// check 1177.se or call: a site that is not rebuilt goes on showing old deviations.
    #[serde(default = "default_stale_after_days")]
    pub stale_after_days: u32,
    /// Free data for templates, as `site.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// How `serve`'s error overlay links a finding to the editor, such as
    /// `vscode://file/{path}:{line}:{column}` (`{path}` is the file's absolute path).
    #[serde(default)]
    pub editor_url: Option<String>,
    /// The text of `site.yaml` and its keys: a feature's own settings (`newsletter:`,
    /// `accessibility:`) are read from them by the feature, through [`Config::section`], so
    /// this file names no feature and every message keeps its position in `site.yaml`.
    #[serde(skip)]
    text: String,
    #[serde(skip)]
    pub keys: yaml::Keys,
}

/// The top-level keys of `site.yaml`; kept beside the struct and checked by a test.
/// `newsletter` and `accessibility` are read by their features (see [`Config::section`]).
pub const FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "theme",
    "organisation",
    "feed",
    "markdown",
    "images",
    "search",
    "pagination_path",
    "newsletter",
    "accessibility",
    "brand",
    "stale_after_days",
    "extra",
    "editor_url",
];

/// `brand:` in `site.yaml`: the look a region owns. The logo (an SVG among the site's static
/// files) stands beside the site's name and is the favicon; the colour takes the place of
/// the theme's blue for links, buttons and borders on a light background, so it is checked
/// here for 4.5:1 against white (WCAG 1.4.3) rather than found wanting by axe later.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Brand {
    /// A path under `static/`, such as `logo.svg`.
    #[serde(default)]
    pub logo: String,
    /// `#rrggbb`.
    #[serde(default)]
    pub colour: String,
}

/// WCAG 1.4.3's minimum contrast for normal text.
const MIN_CONTRAST: f64 = 4.5;

impl Brand {
    fn validate(&self, path: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |msg: Message, hint: Message| {
            Diagnostic::error(path, msg)
                .context(msg!("context-field", what = "site", field = "brand"))
                .hint(hint)
        };
        let logo = &self.logo;
        if !logo.is_empty()
            && (!logo.to_ascii_lowercase().ends_with(".svg")
                || logo.starts_with('/')
                || logo.split('/').any(|p| p == ".."))
        {
            out.push(err(
                msg!("site-logo-not-svg", value = logo.as_str()),
                msg!("site-logo-not-svg-hint"),
            ));
        }
        if !self.colour.is_empty() {
            match contrast_with_white(&self.colour) {
                None => out.push(err(
                    msg!("site-not-a-colour", value = self.colour.as_str()),
                    msg!("site-not-a-colour-hint"),
                )),
                Some(c) if c < MIN_CONTRAST => out.push(err(
                    msg!(
                        "site-colour-contrast",
                        value = self.colour.as_str(),
                        contrast = format!("{c:.1}"),
                        minimum = MIN_CONTRAST.to_string()
                    ),
                    msg!("site-colour-contrast-hint"),
                )),
                Some(_) => {}
            }
        }
        out
    }
}

/// `#rrggbb` as its three bytes; `None` for anything else.
pub fn parse_rgb(colour: &str) -> Option<[u8; 3]> {
    let hex = colour.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// The contrast ratio of `#rrggbb` with white, by WCAG 2's relative luminance.
fn contrast_with_white(colour: &str) -> Option<f64> {
    let [r, g, b] = parse_rgb(colour)?;
    let channel = |byte: u8| -> f64 {
        let c = f64::from(byte) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    Some(1.05 / (l + 0.05))
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// The section (its folder under content/) whose pages make the Atom feed; empty for none.
    #[serde(default = "default_feed_section")]
    pub section: String,
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    #[serde(default = "default_feed_filename")]
    pub filename: String,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            section: default_feed_section(),
            limit: default_feed_limit(),
            filename: default_feed_filename(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Allow `<script>` in Markdown. Off by default: content is written by many editors and
    /// a script in it runs with the site's full authority.
    #[serde(default)]
    pub allow_scripts: bool,
}

/// How images are processed (see `images.rs`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageConfig {
    /// The widths made of every image, never wider than the original; the largest is `src`.
    #[serde(default = "default_widths")]
    pub widths: Vec<u32>,
    /// 80 keeps photos free of visible artefacts at about a third of quality 95's size.
    #[serde(default = "default_jpeg_quality")]
    pub jpeg_quality: u8,
    /// Larger images are refused: decoding 40 megapixels takes 160 MB of memory.
    #[serde(default = "default_max_megapixels")]
    pub max_megapixels: u32,
    #[serde(default = "default_max_megabytes")]
    pub max_megabytes: u32,
}

impl Default for ImageConfig {
    fn default() -> Self {
        ImageConfig {
            widths: default_widths(),
            jpeg_quality: default_jpeg_quality(),
            max_megapixels: default_max_megapixels(),
            max_megabytes: default_max_megabytes(),
        }
    }
}

/// `search:` in `site.yaml`: the site search (see `src/search/`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    /// Write the search index and the search page `/sok/`. On by default: residents expect
    /// to search, and without the index the header's search box would lead nowhere useful.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Also write `search/elasticlunr.json`, the plain elasticlunr index that Zola, mdBook
    /// and other tools read. Off by default: it is large (the whole index in one file).
    #[serde(default)]
    pub elasticlunr: bool,
    /// The site's own search words on top of the theme's vocabulary
    /// (`themes/default/search/synonyms.yaml`): what residents type → the site's words.
    #[serde(default)]
    pub synonyms: std::collections::BTreeMap<String, crate::search::synonyms::Words>,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            enabled: true,
            elasticlunr: false,
            synonyms: Default::default(),
        }
    }
}

fn default_widths() -> Vec<u32> {
    vec![480, 960, 1440]
}
fn default_jpeg_quality() -> u8 {
    80
}
fn default_max_megapixels() -> u32 {
    40
}
fn default_max_megabytes() -> u32 {
    30
}
fn yes() -> bool {
    true
}

fn default_language() -> String {
    "sv".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_feed_section() -> String {
    "nyheter".into()
}
fn default_feed_limit() -> usize {
    20
}
fn default_feed_filename() -> String {
    "atom.xml".into()
}
/// A week: a nightly build that fails for a few days still shows "open now"; a site left
/// for longer says it may be out of date.
fn default_stale_after_days() -> u32 {
    7
}

/// The "open now" data reaches as far as the units' decision window (`unit::HORIZON_DAYS`).
const MAX_STALE_AFTER_DAYS: u32 = 60;

fn default_pagination_path() -> String {
    "sida".into()
}

/// What the report of a build needs from `site.yaml` before (or without) a build: the
/// language its messages are in and how the overlay opens a file in the editor.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReportSettings {
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub editor_url: Option<String>,
}

impl ReportSettings {
    /// Read leniently: a `site.yaml` with mistakes still gives its language, and one that
    /// cannot be read at all gives the defaults (Swedish, no editor links).
    pub fn parse(text: &str) -> ReportSettings {
        serde_saphyr::from_str(text).unwrap_or_default()
    }
}

impl Config {
    /// Parses and checks `site.yaml`; every finding is returned at once.
    pub fn parse(text: &str) -> Result<(Config, yaml::Keys), Vec<Diagnostic>> {
        let (config, unread) = Config::parse_partial(text);
        let Some(mut config) = config else {
            return Err(unread);
        };
        let diags = config.check();
        if unread.is_empty() && diags.is_empty() {
            let keys = config.keys.clone();
            Ok((config, keys))
        } else {
            Err(yaml::with_checks(unread, diags))
        }
    }

    /// Parses `site.yaml` without the checks serde cannot make (see [`Config::check`]): the
    /// findings of the fields that did not read, and the settings read from the others
    /// (`None` when nothing could be), so the caller's checks still run and every mistake
    /// of the file is reported in one build.
    pub fn parse_partial(text: &str) -> (Option<Config>, Vec<Diagnostic>) {
        let (read, unread) = yaml::parse_mapping_partial::<Config>(text, origin(), FIELDS);
        let config = read.map(|(mut config, keys)| {
            config.text = text.to_string();
            config.keys = keys;
            config
        });
        (config, unread)
    }

    /// One feature's settings: `T` is a struct with that feature's one top-level field, so a
    /// mistake in it is reported exactly where and as it would be in one pass over the file.
    pub fn section<T: serde::de::DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        yaml::parse_part(&self.text, origin(), &self.keys)
    }

    /// Where a top-level field of `site.yaml` stands, to locate a feature's own checks.
    pub fn at(&self, field: &str, d: Diagnostic) -> Diagnostic {
        match self.keys.position(field) {
            Some((l, c)) => d.at(l, c),
            None => d,
        }
    }

    /// The checks of the values serde cannot make; normalises `base_url`.
    pub fn check(&mut self) -> Vec<Diagnostic> {
        let path = Path::new(CONFIG_FILE);
        let config = self;
        let keys = config.keys.clone();
        let mut diags = Vec::new();
        let at = |field: &str, d: Diagnostic| match keys.position(field) {
            Some((l, c)) => d.at(l, c),
            None => d,
        };
        let base = config.base_url.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            diags.push(at(
                "base_url",
                Diagnostic::error(
                    path,
                    msg!("site-base-url", value = config.base_url.as_str()),
                )
                .context(msg!("context-field", what = "site", field = "base_url"))
                .hint(msg!("site-base-url-hint")),
            ));
        }
        config.base_url = base;
        if !LANGUAGES.contains(&config.language.as_str()) {
            diags.push(at(
                "language",
                Diagnostic::error(
                    path,
                    msg!("site-language", value = config.language.as_str()),
                )
                .context(msg!("context-field", what = "site", field = "language"))
                .hint(msg!("site-language-hint", known = LANGUAGES.join(", "))),
            ));
        }
        for d in config.check_languages(path) {
            diags.push(at("languages", d));
        }
        if config.images.widths.is_empty() || config.images.widths.contains(&0) {
            diags.push(at(
                "images",
                Diagnostic::error(path, msg!("site-image-widths"))
                    .context(msg!("context-field", what = "site", field = "images"))
                    .hint(msg!("site-image-widths-hint")),
            ));
        }
        if !(1..=100).contains(&config.images.jpeg_quality) {
            diags.push(at(
                "images",
                Diagnostic::error(path, msg!("site-jpeg-quality"))
                    .context(msg!("context-field", what = "site", field = "images"))
                    .hint(msg!("site-jpeg-quality-hint")),
            ));
        }
        if config.pagination_path.is_empty() || config.pagination_path.contains('/') {
            diags.push(at(
                "pagination_path",
                Diagnostic::error(path, msg!("site-pagination-path"))
                    .context(msg!(
                        "context-field",
                        what = "site",
                        field = "pagination_path"
                    ))
                    .hint(msg!("site-pagination-path-hint")),
            ));
        }
        if !(1..=MAX_STALE_AFTER_DAYS).contains(&config.stale_after_days) {
            diags.push(at(
                "stale_after_days",
                Diagnostic::error(
                    path,
                    msg!(
                        "site-stale-after-days",
                        value = config.stale_after_days,
                        limit = MAX_STALE_AFTER_DAYS
                    ),
                )
                .context(msg!(
                    "context-field",
                    what = "site",
                    field = "stale_after_days"
                ))
                .hint(msg!("site-stale-after-days-hint")),
            ));
        }
        for d in config.brand.validate(path) {
            diags.push(at("brand", d));
        }
        diags
    }

    /// The languages the site is published in, the default first. One for a site without
    /// `languages:`.
    pub fn languages(&self) -> Vec<Language> {
        let resolve = |e: &LanguageEntry| {
            let (name, dir) = known_language(&e.code);
            let prefix = if e.code == self.language {
                String::new()
            } else {
                let p = e.prefix.as_deref().unwrap_or(&e.code).trim_matches('/');
                format!("/{p}")
            };
            Language {
                code: e.code.clone(),
                name: e.name.clone().unwrap_or_else(|| name.to_string()),
                dir: e.dir.clone().unwrap_or_else(|| dir.to_string()),
                prefix,
            }
        };
        let default = self
            .languages
            .iter()
            .find(|e| e.code == self.language)
            .cloned()
            .unwrap_or(LanguageEntry {
                code: self.language.clone(),
                name: None,
                dir: None,
                prefix: None,
            });
        std::iter::once(&default)
            .chain(self.languages.iter().filter(|e| e.code != self.language))
            .map(resolve)
            .collect()
    }

    /// Whether the site is published in more than one language.
    pub fn is_multilingual(&self) -> bool {
        self.languages.iter().any(|e| e.code != self.language)
    }

    fn check_languages(&self, path: &Path) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let err = |message: crate::i18n::Message, hint: crate::i18n::Message| {
            Diagnostic::error(path, message)
                .context(msg!("context-field", what = "site", field = "languages"))
                .hint(hint)
        };
        let mut seen: Vec<&str> = Vec::new();
        for e in &self.languages {
            if !LANGUAGES.contains(&e.code.as_str()) {
                out.push(err(
                    msg!("site-language-unknown", code = e.code.as_str()),
                    msg!("site-language-unknown-hint", known = LANGUAGES.join(", ")),
                ));
            }
            if seen.contains(&e.code.as_str()) {
                out.push(err(
                    msg!("site-language-twice", code = e.code.as_str()),
                    msg!("site-language-twice-hint"),
                ));
            }
            seen.push(&e.code);
            if let Some(dir) = &e.dir
                && dir != "ltr"
                && dir != "rtl"
            {
                out.push(err(
                    msg!("site-language-dir", dir = dir.as_str()),
                    msg!("site-language-dir-hint"),
                ));
            }
            let prefix = e.prefix.as_deref().unwrap_or(&e.code).trim_matches('/');
            if e.code != self.language
                && (prefix.is_empty()
                    || prefix.contains('/')
                    || !prefix
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
            {
                out.push(err(
                    msg!("site-language-prefix", prefix = prefix),
                    msg!("site-language-prefix-hint"),
                ));
            }
        }
        out
    }

    /// The path prefix the site lives under ("" or "/portal"), from `base_url`.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => &after_scheme[i..],
            None => "",
        }
    }
}

fn origin() -> Origin<'static> {
    Origin {
        path: Path::new(CONFIG_FILE),
        line_offset: 0,
        what: "site",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_list_matches_struct() {
        let all = FIELDS
            .iter()
            .map(|f| match *f {
                "title" | "base_url" | "description" | "language" | "theme" | "pagination_path"
                | "editor_url" => {
                    format!("{f}: x")
                }
                "stale_after_days" => format!("{f}: 7"),
                "languages" => format!("{f}: []"),
                other => format!("{other}: {{}}"),
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = all
            .replace("base_url: x", "base_url: https://a.se")
            .replace("language: x", "language: sv");
        Config::parse(&text).unwrap();
    }

    #[test]
    fn base_path_from_url() {
        let (c, _) = Config::parse("title: T\nbase_url: https://a.se/portal/\n").unwrap();
        assert_eq!(c.base_url, "https://a.se/portal");
        assert_eq!(c.base_path(), "/portal");
        let (c, _) = Config::parse("title: T\nbase_url: https://a.se\n").unwrap();
        assert_eq!(c.base_path(), "");
    }

    #[test]
    fn brand_colour_must_be_dark_enough_for_links_on_white() {
        assert!((contrast_with_white("#0b4f8a").unwrap() - 8.4).abs() < 0.05);
        assert_eq!(contrast_with_white("#fff").map(|_| ()), None);
        let ok =
            "title: T\nbase_url: https://a.se\nbrand: { logo: logo.svg, colour: \"#0b4f8a\" }\n";
        assert_eq!(Config::parse(ok).unwrap().0.brand.logo, "logo.svg");
        let bad = "title: T\nbase_url: https://a.se\nbrand:\n  logo: ../logo.png\n  colour: \"#6fa8dc\"\n";
        let errs = Config::parse(bad).unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().all(|e| e.line == Some(3)));
        assert!(
            errs[1]
                .message
                .to_string()
                .contains("2.5:1 contrast with white"),
            "{}",
            errs[1].message
        );
    }

    #[test]
    fn languages_take_names_and_directions_from_the_theme() {
        let (c, _) = Config::parse(
            "title: T\nbase_url: https://a.se\nlanguages:\n  - { code: en }\n  - { code: ar, prefix: arabiska }\n",
        )
        .unwrap();
        let langs = c.languages();
        let codes: Vec<(&str, &str, &str)> = langs
            .iter()
            .map(|l| (l.code.as_str(), l.dir.as_str(), l.prefix.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("sv", "ltr", ""),
                ("en", "ltr", "/en"),
                ("ar", "rtl", "/arabiska")
            ]
        );
        assert_eq!(langs[2].name, "العربية");
        assert!(c.is_multilingual());
        let errs = Config::parse(
            "title: T\nbase_url: https://a.se\nlanguages:\n  - { code: xx, dir: up }\n",
        )
        .unwrap_err();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().all(|e| e.line == Some(3)));
    }

    #[test]
    fn bad_values_are_all_reported() {
        let errs = Config::parse("title: T\nbase_url: a.se\nlanguage: de\n").unwrap_err();
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0].line, Some(2));
        assert_eq!(errs[1].line, Some(3));
    }
}
