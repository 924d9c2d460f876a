//! Care units (*enheter*): their YAML data, checks, resolved opening calendar, JSON-LD and open
//! data. Pure: the loader hands in `(path, text)` pairs and the build date; nothing here reads
//! files or the clock, so a build is reproducible and every test is deterministic.
//!
//! # Files
//!
//! `content/enheter/<id>.yaml` is one unit; the file stem is its id (lower-case a–z, digits,
//! hyphens), which is its URL slug and what referrals and branches name.
//! `content/enheter/_region.yaml` holds the region-wide defaults.
//!
//! Field names are Swedish snake_case without å/ä/ö, matching the labels editors know from
//! the unit's contact card on 1177.se. Values are Swedish (`stängt`, `mån-fre`, `07.30`).
//!
//! ## `_region.yaml`
//!
//! | field | meaning |
//! |---|---|
//! | `kommuner` | the municipalities a unit's `kommun` must be one of |
//! | `oppettider` | the standard weekly profile, e.g. `mån-fre: 07.30-17.00` |
//! | `telefontider` | the standard telephone hours (default: `oppettider`) |
//! | `min_veckotimmar` | the weekly hours a health centre must reach (default 47.5) |
//! | `aftnar` | region-wide eve decisions: `julafton: stängt` |
//! | `aftnar_standard` | what an eve no one has decided follows (hours, `stängt`, `ordinarie`, `helgdagstider`); default: the ordinary hours |
//! | `tolk` | the standard interpreter text |
//!
//! ## `<id>.yaml`
//!
//! | field | meaning |
//! |---|---|
//! | `namn` (required) | the unit's name |
//! | `typ` (required) | `hälsocentral`, `helgöppen hälsocentral`, `akutmottagning`, `jourmottagning` |
//! | `hsa_id` (required) | `SE` + 10 digits + `-` + letters/digits, at most 31 characters |
//! | `kommun` (required) | one of the region's `kommuner` |
//! | `telefon` (required) | main number, `070-174 06 05` |
//! | `besoksadress` | `gata`, `postnummer`, `ort` |
//! | `koordinater` | `lat`, `lon` in decimal degrees |
//! | `oppettider` | weekly hours; days not named keep the region's profile |
//! | `helgdagar` | hours on public holidays: hours, `stängt` (default) or `ordinarie` (default for `akutmottagning`) |
//! | `aftnar` | eve decisions overriding the region's: `julafton: helgdagstider` |
//! | `telefontider` | weekly telephone hours over the region's |
//! | `telefontider_helgdagar` | telephone hours on public holidays (default: as `helgdagar`) |
//! | `akuttelefon` | `telefon` and optional `tider` (default: the opening hours) |
//! | `uppdaterad` | the date the data was last checked (not in the future; a warning after a year) |
//! | `e_tjanster` | list of keys from the 1177 basic offer, e.g. `boka_tid`, `1177_direkt` |
//! | `url_1177` | the contact card, `https://www.1177.se/...` |
//! | `tolk` | interpreter information (default: the region's) |
//! | `tillganglighet` | `rullstolsanpassat`, `horslinga` (true/false), `parkering` (text) |
//! | `filial_till` | the id of the main unit, for a branch |
//! | `avvikelser` | dated deviations: `fran`, `till` (dates, inclusive), `tider` (hours or `stängt`), `orsak`, `hanvisning` (unit id or `1177`; required for a closure), `telefontider` (default: as `tider`, so a closure closes the phones), `akut_avsedd` (a referral to an emergency department agreed with it), `text`; `orsak` and `text` may be given per language, `{ sv: …, en: … }` |
//!
//! A day's hours: `07.30-17.00`, several spans `08.00-12.00, 13.00-16.00`, `stängt`,
//! `dygnet runt`; `24.00` ends the day. Day keys: `mån`, `tis`, `ons`, `tors`, `fre`, `lör`,
//! `sön` and ranges such as `mån-fre`. Eve keys: `paskafton`, `pingstafton`,
//! `midsommarafton`, `julafton`, `nyarsafton`; eve values: hours, `stängt`, `ordinarie`,
//! `helgdagstider`.
//!
//! # Resolution
//!
//! For each day from the build date over [`CALENDAR_MONTHS`] months: the weekly profile, then
//! the public-holiday rule (`helgdagar`) or the eve rule (the unit's, else the region's; units
//! open as usual on holidays are open as usual on eves), then a dated deviation. The same
//! rule is laid over the telephone hours and the emergency line (see [`resolve::day`]). An
//! eve within [`HORIZON_DAYS`] on which the unit would be open and for which no one has
//! decided is a warning: ordinary hours on julafton are more often an oversight than a
//! decision.

pub mod hours;
pub mod jsonld;
pub mod model;
pub mod pages;
pub mod resolve;
pub mod validate;
pub mod views;

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

pub use hours::{Clock, Span, Week};
pub use jsonld::{json_ld, open_data};
pub use model::{
    Accessibility, Address, Coordinates, DayRule, Deviation, EService, EmergencyPhone, Kind,
    Localized, Referral, Region, Unit,
};
pub use resolve::{
    CalendarDay, DaySource, Interval, NowWords, OpenNow, OpenNowInterval, UnitCalendar, open_now,
    resolve_unit, stockholm,
};
pub use validate::{check_set, is_hsa_id, parse_region, parse_unit};

use crate::error::{Diagnostic, sort_and_dedup};
use crate::msg;

/// The decision window: how many days ahead eves without a decision are warned about and
/// the "open now" data reaches; what 1177 shows and what a resident plans for.
pub const HORIZON_DAYS: i64 = 60;

/// How far ahead each unit's calendar is published: public holidays are certain, so a site
/// that is not rebuilt for months still shows no holiday as an ordinary day. Thirteen
/// months so that next year's Christmas is on the page before this year's is over.
pub const CALENDAR_MONTHS: i64 = 13;

/// The stem of the region-wide defaults file.
pub const REGION_STEM: &str = "_region";

/// Everything the site needs about units, with every finding. Units whose YAML could not be
/// read are missing from `units`; the others are present even if they have findings, so a
/// `check` can report all and `serve` can still show the rest.
#[derive(Debug, Clone)]
pub struct UnitData {
    pub region: Region,
    /// Sorted by id.
    pub units: Vec<Unit>,
    /// One per unit, in the same order.
    pub calendars: Vec<UnitCalendar>,
    /// Sorted by severity, file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// The ids of unit files whose YAML could not be read: a listing or referral naming
    /// one follows from that file's own error and is not reported again.
    pub unreadable: Vec<String>,
}

impl UnitData {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// Whether `id` names a unit file that exists but could not be read (its error is
    /// reported at the file; whatever names it is not also an error).
    pub fn is_unreadable(&self, id: &str) -> bool {
        self.unreadable.iter().any(|u| u == id)
    }

    pub fn unit(&self, id: &str) -> Option<(&Unit, &UnitCalendar)> {
        let i = self
            .units
            .binary_search_by(|u| u.id.as_str().cmp(id))
            .ok()?;
        Some((&self.units[i], &self.calendars[i]))
    }

    /// The schema.org object of a unit, for its page.
    pub fn json_ld(&self, id: &str) -> Option<serde_json::Value> {
        let (unit, calendar) = self.unit(id)?;
        let parent = unit
            .branch_of
            .as_deref()
            .and_then(|p| self.unit(p))
            .map(|(u, _)| u);
        Some(json_ld(unit, calendar, parent))
    }

    /// The "open now" data of every unit, in id order.
    pub fn open_now(&self, words: &NowWords) -> Vec<OpenNow> {
        self.calendars.iter().map(|c| open_now(c, words)).collect()
    }

    /// The `/enheter.json` open-data document.
    pub fn open_data(&self, build_date: Date) -> serde_json::Value {
        open_data(&self.units, &self.calendars, build_date)
    }
}

/// The unit id a file stands for: its stem.
fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Parses, checks and resolves all unit files. `files` are every `content/enheter/*.yaml`
/// as (path relative to the site root, text), `_region.yaml` among them.
pub fn load<P, S>(files: &[(P, S)], build_date: Date) -> UnitData
where
    P: AsRef<Path> + Sync,
    S: AsRef<str> + Sync,
{
    let mut diagnostics = Vec::new();
    let region_file = files.iter().find(|(p, _)| stem(p.as_ref()) == REGION_STEM);
    let region = match region_file {
        Some((path, text)) => {
            let (region, diags) = parse_region(path.as_ref(), text.as_ref());
            diagnostics.extend(diags);
            region
        }
        None => {
            if let Some((first, _)) = files.first() {
                let dir = first.as_ref().parent().unwrap_or(Path::new(""));
                diagnostics.push(
                    Diagnostic::error(
                        dir.join(format!("{REGION_STEM}.yaml")),
                        msg!("region-missing"),
                    )
                    .hint(msg!("region-missing-hint")),
                );
            }
            validate::fallback_region()
        }
    };

    // Parsing is most of the cost (two YAML passes per file) and each file stands alone.
    let parsed: Vec<(Option<Unit>, Vec<Diagnostic>)> = files
        .par_iter()
        .filter_map(|(path, text)| {
            let path: &Path = path.as_ref();
            let id = stem(path);
            if id == REGION_STEM {
                return None;
            }
            if id.starts_with('_') {
                let d = Diagnostic::warning(PathBuf::from(path), msg!("file-not-read")).hint(msg!(
                    "unit-underscore-hint",
                    region = format!("{REGION_STEM}.yaml")
                ));
                return Some((None, vec![d]));
            }
            Some(parse_unit(&id, path, text.as_ref(), &region))
        })
        .collect();
    let mut units = Vec::with_capacity(parsed.len());
    let mut unreadable = Vec::new();
    for (unit, diags) in parsed {
        if unit.is_none()
            && let Some(d) = diags.iter().find(|d| d.is_error())
        {
            unreadable.push(stem(&d.path));
        }
        diagnostics.extend(diags);
        units.extend(unit);
    }
    units.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));

    check_set(&units, &region, build_date, &unreadable, &mut diagnostics);
    let calendars: Vec<UnitCalendar> = units
        .par_iter()
        .map(|u| resolve_unit(u, &region, build_date))
        .collect();
    for (unit, calendar) in units.iter().zip(&calendars) {
        validate::dst_gaps(unit, calendar, &mut diagnostics);
    }
    sort_and_dedup(&mut diagnostics);
    UnitData {
        region,
        units,
        calendars,
        diagnostics,
        unreadable,
    }
}

#[cfg(test)]
mod tests;
