//! Swedish public holidays and the eves treated as days off, for any year.
//!
//! Computed rather than listed, so the site never runs out of holidays: Easter by the
//! Gregorian computus, the movable days counted from it, and the "Saturday between" rules
//! for midsommar and alla helgons dag. Pure functions of a [`Date`]; no clock, no files.
//!
//! Holidays (*allmänna helgdagar*, lagen 1989:253) close ordinary health centres when they fall
//! on a weekday. Eves (*aftnar*) are not holidays in law but are days off in practice, which is
//! why a unit must decide explicitly what it does on them (see `unit`).

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use serde::Serialize;

/// The Swedish public holidays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Holiday {
    Nyarsdagen,
    TrettondedagJul,
    Langfredagen,
    Paskdagen,
    AnnandagPask,
    ForstaMaj,
    KristiHimmelsfardsdag,
    Nationaldagen,
    Pingstdagen,
    Midsommardagen,
    AllaHelgonsDag,
    Juldagen,
    AnnandagJul,
}

impl Holiday {
    /// The name as written in running Swedish text.
    pub fn name(self) -> &'static str {
        match self {
            Holiday::Nyarsdagen => "nyårsdagen",
            Holiday::TrettondedagJul => "trettondedag jul",
            Holiday::Langfredagen => "långfredagen",
            Holiday::Paskdagen => "påskdagen",
            Holiday::AnnandagPask => "annandag påsk",
            Holiday::ForstaMaj => "första maj",
            Holiday::KristiHimmelsfardsdag => "Kristi himmelsfärds dag",
            Holiday::Nationaldagen => "Sveriges nationaldag",
            Holiday::Pingstdagen => "pingstdagen",
            Holiday::Midsommardagen => "midsommardagen",
            Holiday::AllaHelgonsDag => "alla helgons dag",
            Holiday::Juldagen => "juldagen",
            Holiday::AnnandagJul => "annandag jul",
        }
    }
}

/// The eves that are days off in practice but not in law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Eve {
    Paskafton,
    Pingstafton,
    Midsommarafton,
    Julafton,
    Nyarsafton,
}

impl Eve {
    pub const ALL: [Eve; 5] = [
        Eve::Paskafton,
        Eve::Pingstafton,
        Eve::Midsommarafton,
        Eve::Julafton,
        Eve::Nyarsafton,
    ];

    /// The name as written in running Swedish text.
    pub fn name(self) -> &'static str {
        match self {
            Eve::Paskafton => "påskafton",
            Eve::Pingstafton => "pingstafton",
            Eve::Midsommarafton => "midsommarafton",
            Eve::Julafton => "julafton",
            Eve::Nyarsafton => "nyårsafton",
        }
    }

    /// The ASCII key used in the YAML `aftnar:` mappings (editors may also write the name).
    pub fn key(self) -> &'static str {
        match self {
            Eve::Paskafton => "paskafton",
            Eve::Pingstafton => "pingstafton",
            Eve::Midsommarafton => "midsommarafton",
            Eve::Julafton => "julafton",
            Eve::Nyarsafton => "nyarsafton",
        }
    }

    /// Reads a YAML key, in its ASCII form or with å/ä/ö.
    pub fn from_key(key: &str) -> Option<Eve> {
        Eve::ALL
            .into_iter()
            .find(|e| e.key() == key || e.name() == key)
    }

    /// The date of this eve in `year`.
    pub fn date(self, year: i16) -> Date {
        match self {
            Eve::Paskafton => easter_sunday(year) - 1.day(),
            Eve::Pingstafton => easter_sunday(year) + 48.days(),
            Eve::Midsommarafton => saturday_from(year, 6, 20) - 1.day(),
            Eve::Julafton => date(year, 12, 24),
            Eve::Nyarsafton => date(year, 12, 31),
        }
    }
}

/// What kind of day off a date is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DayOff {
    Holiday(Holiday),
    Eve(Eve),
}

/// Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
///
/// `year` must be in jiff's civil range (-9999..=9999); the Gregorian rule is only meaningful
/// from 1583, which is all a care portal needs.
pub fn easter_sunday(year: i16) -> Date {
    let y = i32::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    // Month is 3 or 4 and day 1..=31 by construction, so the casts cannot truncate.
    date(year, (n / 31) as i8, (n % 31 + 1) as i8)
}

/// The first Saturday on or after `month`/`day` (midsommardagen, alla helgons dag).
fn saturday_from(year: i16, month: i8, day: i8) -> Date {
    let start = date(year, month, day);
    let ahead = (Weekday::Saturday.to_monday_zero_offset()
        - start.weekday().to_monday_zero_offset())
    .rem_euclid(7);
    start + i64::from(ahead).days()
}

/// All public holidays of `year`, in date order.
pub fn holidays(year: i16) -> Vec<(Date, Holiday)> {
    let easter = easter_sunday(year);
    let mut days = vec![
        (date(year, 1, 1), Holiday::Nyarsdagen),
        (date(year, 1, 6), Holiday::TrettondedagJul),
        (easter - 2.days(), Holiday::Langfredagen),
        (easter, Holiday::Paskdagen),
        (easter + 1.day(), Holiday::AnnandagPask),
        (date(year, 5, 1), Holiday::ForstaMaj),
        (easter + 39.days(), Holiday::KristiHimmelsfardsdag),
        (date(year, 6, 6), Holiday::Nationaldagen),
        (easter + 49.days(), Holiday::Pingstdagen),
        (saturday_from(year, 6, 20), Holiday::Midsommardagen),
        (saturday_from(year, 10, 31), Holiday::AllaHelgonsDag),
        (date(year, 12, 25), Holiday::Juldagen),
        (date(year, 12, 26), Holiday::AnnandagJul),
    ];
    days.sort();
    days
}

/// All eves of `year`, in date order.
pub fn eves(year: i16) -> Vec<(Date, Eve)> {
    let mut days: Vec<(Date, Eve)> = Eve::ALL.into_iter().map(|e| (e.date(year), e)).collect();
    days.sort();
    days
}

/// Whether `day` is a public holiday.
pub fn holiday(day: Date) -> Option<Holiday> {
    // Resolution asks this for every unit and every day, so the list is not built each time:
    // fixed days by month and day, the movable ones only where they can fall.
    let fixed = match (day.month(), day.day()) {
        (1, 1) => Some(Holiday::Nyarsdagen),
        (1, 6) => Some(Holiday::TrettondedagJul),
        (5, 1) => Some(Holiday::ForstaMaj),
        (6, 6) => Some(Holiday::Nationaldagen),
        (12, 25) => Some(Holiday::Juldagen),
        (12, 26) => Some(Holiday::AnnandagJul),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let year = day.year();
    match day.month() {
        6 if day == saturday_from(year, 6, 20) => return Some(Holiday::Midsommardagen),
        10 | 11 if day == saturday_from(year, 10, 31) => return Some(Holiday::AllaHelgonsDag),
        3..=6 => {}
        _ => return None,
    }
    let easter = easter_sunday(year);
    match (day - easter).get_days() {
        -2 => Some(Holiday::Langfredagen),
        0 => Some(Holiday::Paskdagen),
        1 => Some(Holiday::AnnandagPask),
        39 => Some(Holiday::KristiHimmelsfardsdag),
        49 => Some(Holiday::Pingstdagen),
        _ => None,
    }
}

/// Whether `day` is one of the eves.
pub fn eve(day: Date) -> Option<Eve> {
    Eve::ALL.into_iter().find(|e| e.date(day.year()) == day)
}

/// The day off `day` is, if any; holidays first (no date is both).
pub fn day_off(day: Date) -> Option<DayOff> {
    holiday(day)
        .map(DayOff::Holiday)
        .or_else(|| eve(day).map(DayOff::Eve))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_extremes_and_known_years() {
        assert_eq!(easter_sunday(2285), date(2285, 3, 22));
        assert_eq!(easter_sunday(1818), date(1818, 3, 22));
        assert_eq!(easter_sunday(2038), date(2038, 4, 25));
        assert_eq!(easter_sunday(1943), date(1943, 4, 25));
        assert_eq!(easter_sunday(2025), date(2025, 4, 20));
        assert_eq!(easter_sunday(2026), date(2026, 4, 5));
        assert_eq!(easter_sunday(2027), date(2027, 3, 28));
        assert_eq!(easter_sunday(2028), date(2028, 4, 16));
        assert_eq!(easter_sunday(2000), date(2000, 4, 23));
    }

    fn table(year: i16) -> Vec<(Date, &'static str)> {
        holidays(year)
            .into_iter()
            .map(|(d, h)| (d, h.name()))
            .collect()
    }

    #[test]
    fn holiday_table_2025_to_2028() {
        let expected: [(i16, [(i8, i8); 13]); 4] = [
            (
                2025,
                [
                    (1, 1),
                    (1, 6),
                    (4, 18),
                    (4, 20),
                    (4, 21),
                    (5, 1),
                    (5, 29),
                    (6, 6),
                    (6, 8),
                    (6, 21),
                    (11, 1),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2026,
                [
                    (1, 1),
                    (1, 6),
                    (4, 3),
                    (4, 5),
                    (4, 6),
                    (5, 1),
                    (5, 14),
                    (5, 24),
                    (6, 6),
                    (6, 20),
                    (10, 31),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2027,
                [
                    (1, 1),
                    (1, 6),
                    (3, 26),
                    (3, 28),
                    (3, 29),
                    (5, 1),
                    (5, 6),
                    (5, 16),
                    (6, 6),
                    (6, 26),
                    (11, 6),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2028,
                [
                    (1, 1),
                    (1, 6),
                    (4, 14),
                    (4, 16),
                    (4, 17),
                    (5, 1),
                    (5, 25),
                    (6, 4),
                    (6, 6),
                    (6, 24),
                    (11, 4),
                    (12, 25),
                    (12, 26),
                ],
            ),
        ];
        for (year, days) in expected {
            let got: Vec<(i8, i8)> = table(year)
                .iter()
                .map(|(d, _)| (d.month(), d.day()))
                .collect();
            assert_eq!(got, days, "{year}");
        }
        let names_2026: Vec<&str> = table(2026).iter().map(|(_, n)| *n).collect();
        assert_eq!(
            names_2026,
            [
                "nyårsdagen",
                "trettondedag jul",
                "långfredagen",
                "påskdagen",
                "annandag påsk",
                "första maj",
                "Kristi himmelsfärds dag",
                "pingstdagen",
                "Sveriges nationaldag",
                "midsommardagen",
                "alla helgons dag",
                "juldagen",
                "annandag jul",
            ]
        );
    }

    #[test]
    fn eves_2025_to_2028() {
        let got: Vec<(Date, &str)> = (2025..=2028)
            .flat_map(eves)
            .map(|(d, e)| (d, e.name()))
            .collect();
        assert_eq!(
            got,
            [
                (date(2025, 4, 19), "påskafton"),
                (date(2025, 6, 7), "pingstafton"),
                (date(2025, 6, 20), "midsommarafton"),
                (date(2025, 12, 24), "julafton"),
                (date(2025, 12, 31), "nyårsafton"),
                (date(2026, 4, 4), "påskafton"),
                (date(2026, 5, 23), "pingstafton"),
                (date(2026, 6, 19), "midsommarafton"),
                (date(2026, 12, 24), "julafton"),
                (date(2026, 12, 31), "nyårsafton"),
                (date(2027, 3, 27), "påskafton"),
                (date(2027, 5, 15), "pingstafton"),
                (date(2027, 6, 25), "midsommarafton"),
                (date(2027, 12, 24), "julafton"),
                (date(2027, 12, 31), "nyårsafton"),
                (date(2028, 4, 15), "påskafton"),
                (date(2028, 6, 3), "pingstafton"),
                (date(2028, 6, 23), "midsommarafton"),
                (date(2028, 12, 24), "julafton"),
                (date(2028, 12, 31), "nyårsafton"),
            ]
        );
    }

    #[test]
    fn movable_days_land_on_their_weekdays_for_centuries() {
        for year in 1900..=2400 {
            let hs = holidays(year);
            assert_eq!(hs.len(), 13);
            for (d, h) in hs {
                let want = match h {
                    Holiday::Langfredagen => Some(Weekday::Friday),
                    Holiday::Paskdagen | Holiday::Pingstdagen => Some(Weekday::Sunday),
                    Holiday::AnnandagPask => Some(Weekday::Monday),
                    Holiday::KristiHimmelsfardsdag => Some(Weekday::Thursday),
                    Holiday::Midsommardagen | Holiday::AllaHelgonsDag => Some(Weekday::Saturday),
                    _ => None,
                };
                if let Some(w) = want {
                    assert_eq!(d.weekday(), w, "{h:?} {d}");
                }
            }
            let easter = easter_sunday(year);
            assert!(easter >= date(year, 3, 22) && easter <= date(year, 4, 25));
        }
    }

    #[test]
    fn lookup_agrees_with_the_yearly_list() {
        for year in [2025, 2026, 2027, 2028, 2038, 2285] {
            let listed = holidays(year);
            let mut d = date(year, 1, 1);
            while d.year() == year {
                let want = listed.iter().find(|(x, _)| *x == d).map(|(_, h)| *h);
                assert_eq!(holiday(d), want, "{d}");
                d = d.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn lookups_by_date() {
        assert_eq!(holiday(date(2026, 12, 25)), Some(Holiday::Juldagen));
        assert_eq!(holiday(date(2026, 12, 24)), None);
        assert_eq!(eve(date(2026, 12, 24)), Some(Eve::Julafton));
        assert_eq!(
            day_off(date(2027, 1, 6)),
            Some(DayOff::Holiday(Holiday::TrettondedagJul))
        );
        assert_eq!(day_off(date(2026, 11, 23)), None);
        assert_eq!(Eve::from_key("nyårsafton"), Some(Eve::Nyarsafton));
        assert_eq!(Eve::from_key("nyarsafton"), Some(Eve::Nyarsafton));
        assert_eq!(Eve::from_key("lucia"), None);
    }
}
