//! The time bands: which stretch of which day counts as weekday daytime, evening and night,
//! or weekend and holiday.

use jiff::Timestamp;
use jiff::civil::{Date, Time, Weekday};

use crate::calendar::{self, DayOff};
use crate::unit::{self, DayRule, Region};

/// The part of the day that decides where to turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Band {
    /// Monday–Friday 07.30–17.00, not a public holiday.
    VardagDag,
    /// Monday–Friday before 07.30 and from 17.00.
    KvallNatt,
    /// Saturday, Sunday, public holidays and eves on which health centres are closed.
    Helg,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::VardagDag, Band::KvallNatt, Band::Helg];

    /// The key in `svar:` and in the browser's data.
    pub fn key(self) -> &'static str {
        match self {
            Band::VardagDag => "vardag_dag",
            Band::KvallNatt => "kvall_natt",
            Band::Helg => "helg",
        }
    }
}

/// Weekday daytime begins and ends at these wall-clock times.
pub const DAY_START: (i8, i8) = (7, 30);
pub const DAY_END: (i8, i8) = (17, 0);

// ---------------------------------------------------------------------------------------
// Time bands.

/// A stretch of time in one band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub start: Timestamp,
    pub end: Timestamp,
    pub band: Band,
    /// The holiday or eve that makes the day `helg`, for the label.
    pub note: Option<String>,
}

/// Whether `day` is a day off in the guide's sense, and which holiday or eve it is.
/// `None`: a working weekday.
pub fn day_off(day: Date, region: Option<&Region>) -> Option<Option<String>> {
    match calendar::day_off(day) {
        Some(DayOff::Holiday(h)) => return Some(Some(h.name().to_string())),
        Some(DayOff::Eve(e)) => {
            let closed = region.is_some_and(|r| {
                r.eves
                    .iter()
                    .any(|(x, rule)| *x == e && *rule == DayRule::Stangt)
            });
            if closed {
                return Some(Some(e.name().to_string()));
            }
        }
        None => {}
    }
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday).then_some(None)
}

/// The instant of a wall-clock time in Stockholm.
pub(super) fn instant(day: Date, time: Time) -> Option<Timestamp> {
    unit::stockholm()
        .to_ambiguous_timestamp(day.to_datetime(time))
        .compatible()
        .ok()
}

/// The bands of `days` days from `start`, as instants; adjacent stretches of one band and
/// note are joined.
pub fn segments(start: Date, days: i64, region: Option<&Region>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut push =
        |start: Option<Timestamp>, end: Option<Timestamp>, band, note: Option<String>| {
            let (Some(start), Some(end)) = (start, end) else {
                return;
            };
            match out.last_mut() {
                Some(last) if last.band == band && last.note == note && last.end == start => {
                    last.end = end;
                }
                _ => out.push(Segment {
                    start,
                    end,
                    band,
                    note,
                }),
            }
        };
    let day_start = Time::constant(DAY_START.0, DAY_START.1, 0, 0);
    let day_end = Time::constant(DAY_END.0, DAY_END.1, 0, 0);
    let mut d = start;
    for _ in 0..days {
        let Ok(next) = d.tomorrow() else { break };
        let midnight = instant(d, Time::midnight());
        let next_midnight = instant(next, Time::midnight());
        match day_off(d, region) {
            Some(note) => push(midnight, next_midnight, Band::Helg, note),
            None => {
                let (a, b) = (instant(d, day_start), instant(d, day_end));
                push(midnight, a, Band::KvallNatt, None);
                push(a, b, Band::VardagDag, None);
                push(b, next_midnight, Band::KvallNatt, None);
            }
        }
        d = next;
    }
    out
}

/// The band at `at`, if the segments cover it (what the browser script does).
pub fn band_at(segments: &[Segment], at: Timestamp) -> Option<Band> {
    segments
        .iter()
        .find(|s| s.start <= at && at < s.end)
        .map(|s| s.band)
}
