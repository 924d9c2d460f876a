//! What each cargo-fuzz target feeds to vardlots: the example site's files around the
//! fuzzed one, through the same functions that `tests/fuzz.rs` drives on stable.

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use vardlots::guide;

#[path = "../../tests/fuzz/exercise.rs"]
mod exercise;

/// The build date the example data is written for.
const BUILD_DATE: Date = jiff::civil::date(2026, 11, 30);

const REGION: &str = include_str!("../../tests/fuzz/units/_region.yaml");
const STENSO: &str = include_str!("../../tests/fuzz/units/stenso.yaml");
const NIVAER: &str = include_str!("../../tests/fuzz/guide/nivaer.yaml");

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// The input as a page's front matter, with a short body.
pub fn front_matter(data: &[u8]) {
    let page = format!("---\n{}\n---\nText.\n", text(data));
    exercise::page(Path::new("kontakt.md"), page, false);
}

/// The input as a page's Markdown body.
pub fn markdown(data: &[u8]) {
    let page = format!("---\ntitle: Kontakt\n---\n{}", text(data));
    exercise::page(Path::new("kontakt.md"), page, false);
}

/// The region file, Stensö and `unit` as `content/enheter/` holds them.
fn unit_files(unit: (&str, String)) -> Vec<(PathBuf, String)> {
    let dir = Path::new("content/enheter");
    vec![
        (dir.join("_region.yaml"), REGION.to_string()),
        (dir.join("stenso.yaml"), STENSO.to_string()),
        (dir.join(unit.0), unit.1),
    ]
}

/// The input as a unit file beside the region file and one other unit.
pub fn unit_yaml(data: &[u8]) {
    exercise::units(&unit_files(("fuzz.yaml", text(data))), BUILD_DATE);
}

/// The input as the guide's situations, beside its levels and two example units.
pub fn guide_yaml(data: &[u8]) {
    let units = exercise::units(&unit_files(("nybro.yaml", STENSO.to_string())), BUILD_DATE);
    let dir = Path::new("content").join(guide::DIR);
    let files = [
        (dir.join(guide::SITUATIONS_FILE), text(data)),
        (dir.join(guide::LEVELS_FILE), NIVAER.to_string()),
    ];
    exercise::guide(&files, &units);
}

/// The input as `site.yaml`.
pub fn site_yaml(data: &[u8]) {
    exercise::site(&text(data));
}
