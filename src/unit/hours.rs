//! Clock times, opening spans and weekly profiles, written the way Swedish editors write them.
//!
//! Times use a dot (`07.30`), as in Swedish print; a colon is accepted too because people
//! paste from other systems. A day is `"07.30-17.00"`, several spans separated by commas
//! (`"08.00-12.00, 13.00-16.00"`), `stängt`, or `dygnet runt`. `24.00` ends a day, so that a
//! span never crosses midnight and "closing before opening" is always a mistake.

use crate::i18n::Message;
use crate::msg;
use std::fmt;

use serde::{Serialize, Serializer};

/// Minutes since local midnight, `0..=1440`; 1440 is `24.00`, the end of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Clock(u16);

impl Clock {
    pub const MIDNIGHT: Clock = Clock(0);
    pub const END_OF_DAY: Clock = Clock(1440);

    pub fn hm(hour: u16, minute: u16) -> Clock {
        Clock((hour * 60 + minute).min(1440))
    }
    pub fn minutes(self) -> u16 {
        self.0
    }
    pub fn hour(self) -> u16 {
        self.0 / 60
    }
    pub fn minute(self) -> u16 {
        self.0 % 60
    }
    /// `07:30`, the form schema.org and ISO 8601 expect (`24:00` stays `24:00`).
    pub fn iso(self) -> String {
        format!("{:02}:{:02}", self.hour(), self.minute())
    }

    fn parse(text: &str) -> Result<Clock, Message> {
        let t = text.trim();
        let (h, m) = t
            .split_once(['.', ':'])
            .ok_or_else(|| msg!("hours-not-a-time", value = t))?;
        let bad = || msg!("hours-not-a-time", value = t);
        let valid = |s: &str, max: usize| {
            !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !valid(h, 2) || m.len() != 2 || !valid(m, 2) {
            return Err(bad());
        }
        let hour: u16 = h.parse().map_err(|_| bad())?;
        let minute: u16 = m.parse().map_err(|_| bad())?;
        if minute > 59 || hour > 24 || (hour == 24 && minute > 0) {
            return Err(msg!("hours-not-a-time-of-day", value = t));
        }
        Ok(Clock(hour * 60 + minute))
    }
}

/// Swedish display form, `07.30`.
impl fmt::Display for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}.{:02}", self.hour(), self.minute())
    }
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One open span within a day; `opens < closes` always holds once parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub opens: Clock,
    pub closes: Clock,
}

impl Span {
    pub fn new(opens: Clock, closes: Clock) -> Span {
        Span { opens, closes }
    }
    pub fn hours(self) -> f64 {
        f64::from(self.closes.minutes() - self.opens.minutes()) / 60.0
    }
}

/// Swedish display form with an en dash, `07.30–17.00`.
impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.opens, self.closes)
    }
}

/// A day's hours: `stängt` is the empty list.
pub type DayHours = Vec<Span>;

/// `07.30–17.00, 18.00–20.00` or `Stängt`, for pages and labels.
pub fn display_day(spans: &[Span]) -> String {
    if spans.is_empty() {
        return "Stängt".to_string();
    }
    if spans == [Span::new(Clock::MIDNIGHT, Clock::END_OF_DAY)] {
        return "Dygnet runt".to_string();
    }
    spans
        .iter()
        .map(Span::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of `need` that none of `have` covers, in order: the hours a referral leaves
/// uncovered. Both lists are sorted and non-overlapping, as [`parse_day`] makes them.
pub fn uncovered(need: &[Span], have: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for n in need {
        let mut from = n.opens;
        for h in have {
            if h.closes <= from || h.opens >= n.closes {
                continue;
            }
            if h.opens > from {
                out.push(Span::new(from, h.opens));
            }
            from = from.max(h.closes);
        }
        if from < n.closes {
            out.push(Span::new(from, n.closes));
        }
    }
    out
}

/// Words that mean "closed" in a day value.
fn is_closed_word(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "stängt" | "stangt" | "stängd" | "stangd"
    )
}

/// Parses one day value into sorted spans; every fault is a message for the editor.
pub fn parse_day(text: &str) -> Result<DayHours, Message> {
    let t = text.trim();
    if is_closed_word(t) {
        return Ok(Vec::new());
    }
    if t.eq_ignore_ascii_case("dygnet runt") {
        return Ok(vec![Span::new(Clock::MIDNIGHT, Clock::END_OF_DAY)]);
    }
    let mut spans = Vec::new();
    for part in t.split(',') {
        let part = part.trim();
        let (a, b) = part
            .split_once(['-', '–', '—'])
            .ok_or_else(|| msg!("hours-not-a-span", value = part))?;
        let (opens, closes) = (Clock::parse(a)?, Clock::parse(b)?);
        if closes <= opens {
            return Err(msg!("hours-closes-before-opening", value = part));
        }
        spans.push(Span::new(opens, closes));
    }
    spans.sort();
    for pair in spans.windows(2) {
        if pair[1].opens < pair[0].closes {
            return Err(msg!(
                "hours-overlap",
                first = pair[0].to_string(),
                second = pair[1].to_string()
            ));
        }
    }
    Ok(spans)
}

/// The days of the week in `mån`..`sön` order; index 0 is Monday, as in jiff.
pub const WEEKDAY_ABBR: [&str; 7] = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"];

/// Reads a day key (`mån`, `tors`, `lör-sön`, `mån-fre`) into the weekday indexes it covers.
pub fn parse_day_key(key: &str) -> Result<Vec<usize>, Message> {
    let one = |s: &str| -> Option<usize> {
        let s = s.trim().to_lowercase();
        let ascii = ["man", "tis", "ons", "tor", "fre", "lor", "son"];
        WEEKDAY_ABBR
            .iter()
            .position(|d| *d == s)
            .or_else(|| ascii.iter().position(|d| *d == s))
            .or_else(|| (s == "tors").then_some(3))
    };
    let unknown = |s: &str| msg!("hours-not-a-weekday", value = s.trim());
    match key.split_once(['-', '–']) {
        Some((a, b)) => {
            let (a, b) = (
                one(a).ok_or_else(|| unknown(a))?,
                one(b).ok_or_else(|| unknown(b))?,
            );
            if b < a {
                return Err(msg!("hours-days-backwards", value = key));
            }
            Ok((a..=b).collect())
        }
        None => Ok(vec![one(key).ok_or_else(|| unknown(key))?]),
    }
}

/// Opening hours for each weekday, Monday first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Week(pub [DayHours; 7]);

impl Week {
    pub fn day(&self, monday_zero: usize) -> &[Span] {
        self.0.get(monday_zero).map_or(&[], Vec::as_slice)
    }

    /// Total open hours in a week, for the region's 47.5-hour requirement.
    pub fn total_hours(&self) -> f64 {
        // A float sum starts at -0.0, which would print as "-0 hours" for a closed week.
        self.0.iter().flatten().map(|s| s.hours()).sum::<f64>() + 0.0
    }

    /// Runs of consecutive days with the same hours, for display ("mån–fre 07.30–17.00").
    pub fn groups(&self) -> Vec<(usize, usize, &[Span])> {
        let mut out: Vec<(usize, usize, &[Span])> = Vec::new();
        for (i, day) in self.0.iter().enumerate() {
            match out.last_mut() {
                Some((_, last, spans)) if *spans == day.as_slice() => *last = i,
                _ => out.push((i, i, day.as_slice())),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_values() {
        assert_eq!(
            parse_day("07.30-17.00"),
            Ok(vec![Span::new(Clock::hm(7, 30), Clock::hm(17, 0))])
        );
        assert_eq!(
            parse_day("13:00 – 16:00, 08.00-12.00").map(|d| display_day(&d)),
            Ok("08.00–12.00, 13.00–16.00".to_string())
        );
        assert_eq!(parse_day("Stängt"), Ok(vec![]));
        assert_eq!(
            parse_day("dygnet runt").map(|d| display_day(&d)),
            Ok("Dygnet runt".to_string())
        );
        assert_eq!(
            parse_day("17.00-07.30").map_err(|m| m.to_string()),
            Err("`17.00-07.30` closes before it opens; a time span must end later the same day (write 24.00 for midnight)".to_string())
        );
        assert_eq!(
            parse_day("7.3-17").map_err(|m| m.to_string()),
            Err("`7.3` is not a time; write hours and minutes as `07.30`".to_string())
        );
        assert_eq!(
            parse_day("07.30-25.00").map_err(|m| m.to_string()),
            Err("`25.00` is not a time of day (00.00 to 24.00)".to_string())
        );
        assert_eq!(
            parse_day("08.00-12.00, 11.00-16.00").map_err(|m| m.to_string()),
            Err("the times 08.00–12.00 and 11.00–16.00 overlap".to_string())
        );
        assert!(parse_day("hela dagen").is_err());
    }

    #[test]
    fn uncovered_hours_are_the_gaps_left() {
        let day = |t: &str| parse_day(t).expect("hours");
        assert_eq!(
            display_day(&uncovered(&day("09.00-22.00"), &day("10.00-15.00"))),
            "09.00–10.00, 15.00–22.00"
        );
        assert!(uncovered(&day("09.00-12.00"), &day("dygnet runt")).is_empty());
        assert_eq!(
            display_day(&uncovered(
                &day("08.00-12.00, 13.00-17.00"),
                &day("11.00-14.00")
            )),
            "08.00–11.00, 14.00–17.00"
        );
        assert_eq!(uncovered(&day("09.00-12.00"), &[]), day("09.00-12.00"));
    }

    #[test]
    fn day_keys() {
        assert_eq!(parse_day_key("mån-fre"), Ok(vec![0, 1, 2, 3, 4]));
        assert_eq!(parse_day_key("lor-son"), Ok(vec![5, 6]));
        assert_eq!(parse_day_key("tors"), Ok(vec![3]));
        assert!(parse_day_key("fre-mån").is_err());
        assert!(parse_day_key("helg").is_err());
    }
}
