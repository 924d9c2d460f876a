//! What the fuzzers do with an input: the library's parse function for its kind of file,
//! then what the pages are made from. Shared by `tests/fuzz.rs` (stable, bounded) and the
//! cargo-fuzz targets in `fuzz/` (nightly), so both fuzz the same code.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use vardlots::error::Diagnostic;
use vardlots::source::TextFile;
use vardlots::{guide, markdown, page, unit};

/// A page at `rel` under `content/`: front matter and body parsed, the body rendered.
pub fn page(rel: &Path, text: String, allow_scripts: bool) -> Vec<Diagnostic> {
    let opts = markdown::Options {
        allow_scripts,
        site_origin: "https://vardlotsen.example.se",
        table_label: "Tabell",
        language: "sv",
    };
    let file = TextFile {
        rel: rel.to_path_buf(),
        text,
    };
    page::parse(file, &opts, &[&vardlots::newsletter::Issues])
        .err()
        .map(|r| r.diags)
        .unwrap_or_default()
}

/// Unit files (`_region.yaml` among them, paths from the site root), loaded; then each
/// unit's open-now data, the open-data document, its JSON-LD and the guide's day bands.
pub fn units(files: &[(PathBuf, String)], date: Date) -> unit::UnitData {
    let data = unit::load(files, date);
    let _ = data.open_now(&Default::default());
    let _ = data.open_data(date);
    for u in &data.units {
        let _ = data.json_ld(&u.id);
    }
    let segments = guide::segments(date, 14, Some(&data.region));
    if let Some(first) = segments.first() {
        let _ = guide::band_at(&segments, first.start);
    }
    data
}

/// The guide's files (paths from the site root), loaded against `units`; then every
/// situation's answer in every part of the day.
pub fn guide(files: &[(PathBuf, String)], units: &unit::UnitData) -> Vec<Diagnostic> {
    let data = guide::load(files, Some(units));
    for s in data.entries() {
        for band in guide::Band::ALL {
            let _ = s.answer(band);
        }
    }
    data.diagnostics
}

/// `site.yaml`.
/// `site.yaml`: the site's own settings, then the settings the features read from it.
pub fn site(text: &str) -> Vec<Diagnostic> {
    let (config, mut found) = vardlots::config::Config::parse_partial(text);
    let Some(mut config) = config else {
        return found;
    };
    found.extend(config.check());
    found.extend(
        vardlots::newsletter::NewsletterConfig::read(&config)
            .err()
            .unwrap_or_default(),
    );
    found.extend(
        vardlots::lint::Accessibility::read(&config)
            .err()
            .unwrap_or_default(),
    );
    found
}
