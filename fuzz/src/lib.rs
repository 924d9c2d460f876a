//! What each cargo-fuzz target feeds to vardlots: the same parse functions that
//! `tests/fuzz.rs` drives on stable, with the example site's files around the fuzzed one.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use vardlots::source::TextFile;
use vardlots::{guide, markdown, page, unit};

/// The build date the example data is written for.
const BUILD_DATE: Date = jiff::civil::date(2026, 11, 30);

const REGION: &str = include_str!("../../tests/fuzz/units/_region.yaml");
const STENSO: &str = include_str!("../../tests/fuzz/units/stenso.yaml");
const NIVAER: &str = include_str!("../../tests/fuzz/guide/nivaer.yaml");

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A page at `rel` under `content/`, its front matter and body parsed and rendered.
pub fn page(rel: &str, source: String) {
    let opts = markdown::Options {
        allow_scripts: false,
        site_origin: "https://vardlotsen.example.se",
        table_label: "Tabell",
    };
    let file = TextFile {
        rel: PathBuf::from(rel),
        text: source,
    };
    let _ = page::parse(file, &opts);
}

/// The input as a page's front matter, with a short body.
pub fn front_matter(data: &[u8]) {
    page("kontakt.md", format!("---\n{}\n---\nText.\n", text(data)));
}

/// The input as a page's Markdown body.
pub fn markdown(data: &[u8]) {
    page("kontakt.md", format!("---\ntitle: Kontakt\n---\n{}", text(data)));
}

fn units_with(unit: (&str, String)) -> unit::UnitData {
    let dir = Path::new("content/enheter");
    let files = [
        (dir.join("_region.yaml"), REGION.to_string()),
        (dir.join("stenso.yaml"), STENSO.to_string()),
        (dir.join(unit.0), unit.1),
    ];
    unit::load(&files, BUILD_DATE)
}

/// The input as a unit file beside the region file and one other unit, then what the unit
/// pages are made from.
pub fn unit_yaml(data: &[u8]) {
    let units = units_with(("fuzz.yaml", text(data)));
    let _ = units.open_now();
    let _ = units.open_data(BUILD_DATE);
    for u in &units.units {
        let _ = units.json_ld(&u.id);
    }
    let segments = guide::segments(BUILD_DATE, 14, Some(&units.region));
    if let Some(first) = segments.first() {
        let _ = guide::band_at(&segments, first.start);
    }
}

/// The input as the guide's situations, beside its levels and the example units.
pub fn guide_yaml(data: &[u8]) {
    let units = units_with(("nybro.yaml", STENSO.to_string()));
    let dir = Path::new("content").join(guide::DIR);
    let files = [
        (dir.join(guide::SITUATIONS_FILE), text(data)),
        (dir.join("nivaer.yaml"), NIVAER.to_string()),
    ];
    let guide = guide::load(&files, Some(&units));
    for s in guide.entries() {
        for band in guide::Band::ALL {
            let _ = s.answer(band);
        }
    }
}

/// The input as `site.yaml`.
pub fn site_yaml(data: &[u8]) {
    let _ = vardlots::config::Config::parse(&text(data));
}
