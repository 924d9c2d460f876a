//! Which hours apply on which day, and the open intervals as instants.
//!
//! The layers, each overriding the one before: the regular weekly profile, then the public
//! holiday or eve rule, then a dated deviation. Wall-clock hours become instants in
//! Europe/Stockholm from the time-zone database compiled into the binary, so a build gives the
//! same result on a laptop, in CI and on a machine with no `/usr/share/zoneinfo`.
//!
//! Everything takes the build date as an argument; nothing here reads the clock.

use std::sync::OnceLock;

use jiff::civil::{Date, DateTime};
use jiff::tz::{TimeZone, TimeZoneDatabase};
use jiff::{Timestamp, ToSpan};
use serde::{Serialize, Serializer};

use super::hours::{Clock, Span, WEEKDAY_ABBR, display_day};
use super::model::{DayRule, Referral, Region, Unit};
use super::{CALENDAR_MONTHS, HORIZON_DAYS};
use crate::calendar::{self, Eve, Holiday};

/// Europe/Stockholm from the bundled database.
///
/// The POSIX rule is the EU rule Sweden has followed since 1996; it is only reached if the
/// bundled database were missing the zone, and keeps the build working rather than failing.
pub fn stockholm() -> &'static TimeZone {
    static TZ: OnceLock<TimeZone> = OnceLock::new();
    TZ.get_or_init(|| {
        TimeZoneDatabase::bundled()
            .get("Europe/Stockholm")
            .or_else(|_| TimeZone::posix("CET-1CEST,M3.5.0,M10.5.0/3"))
            .unwrap_or(TimeZone::UTC)
    })
}

/// Why a day has the hours it has, for labels such as "julafton" or the deviation's reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "typ", content = "index", rename_all = "snake_case")]
pub enum DaySource {
    Ordinarie,
    Helgdag(Holiday),
    Afton(Eve),
    /// Index into the unit's `deviations`.
    Avvikelse(usize),
}

/// One resolved day of one unit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalendarDay {
    pub date: Date,
    /// `mån`..`sön`.
    pub weekday: &'static str,
    pub hours: Vec<Span>,
    /// `07.30–17.00` or `Stängt`.
    pub display: String,
    pub source: DaySource,
    /// The holiday's or eve's name, or the deviation's reason, for the page.
    pub note: Option<String>,
    /// The telephone hours of the day (1177 Direkt, the chat, keeps them too).
    pub phone: Vec<Span>,
    /// The emergency line's hours, for a unit that has one.
    pub emergency: Option<Vec<Span>>,
    /// Where residents are sent on the day, when a deviation names somewhere.
    pub referral: Option<Referral>,
}

/// A stretch of time during which the unit is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// RFC 3339 with the Swedish offset of the moment, so a reader sees the wall-clock time.
pub fn local_rfc3339(ts: Timestamp) -> String {
    let tz = stockholm();
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Interval", 2)?;
        st.serialize_field("fran", &local_rfc3339(self.start))?;
        st.serialize_field("till", &local_rfc3339(self.end))?;
        st.end()
    }
}

/// A unit's resolved calendar from the build date over [`CALENDAR_MONTHS`]: the one source
/// for the unit page, JSON-LD, open data and the "open now" script.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitCalendar {
    pub id: String,
    pub days: Vec<CalendarDay>,
    /// Open intervals in time order; spans that meet at midnight are joined.
    pub intervals: Vec<Interval>,
    /// Midnight starting the build date.
    #[serde(skip)]
    pub horizon_start: Timestamp,
    /// The end of the decision window ([`HORIZON_DAYS`]), where the "open now" data stops.
    #[serde(skip)]
    pub window_end: Timestamp,
}

/// The rule a unit follows on `eve`, if anyone has decided one: the unit's own, else (for a
/// unit open as usual on public holidays) its ordinary hours, else the region's.
pub fn eve_rule<'a>(unit: &'a Unit, region: &'a Region, eve: Eve) -> Option<&'a DayRule> {
    static ORDINARY: DayRule = DayRule::Ordinarie;
    let own = unit.eves.iter().find(|(e, _)| *e == eve).map(|(_, r)| r);
    if own.is_some() {
        return own;
    }
    if unit.holiday_rule == DayRule::Ordinarie {
        return Some(&ORDINARY);
    }
    region.eves.iter().find(|(e, _)| *e == eve).map(|(_, r)| r)
}

fn apply(rule: &DayRule, ordinary: &[Span], holiday: &DayRule) -> Vec<Span> {
    match rule {
        DayRule::Stangt => Vec::new(),
        DayRule::Ordinarie => ordinary.to_vec(),
        DayRule::Tider(spans) => spans.clone(),
        // Holiday hours of `helgdagstider` itself cannot recur: validation allows the word
        // only for eves, and `helgdagar` may not be `helgdagstider`.
        DayRule::Helgdagstider => match holiday {
            DayRule::Helgdagstider => Vec::new(),
            other => apply(other, ordinary, &DayRule::Stangt),
        },
    }
}

/// The rule of `day` from the calendar alone (a holiday's, an eve's or the ordinary one),
/// before dated deviations, and why.
fn base_rule<'a>(unit: &'a Unit, region: &'a Region, day: Date) -> (&'a DayRule, DaySource) {
    static ORDINARY: DayRule = DayRule::Ordinarie;
    static HOLIDAY: DayRule = DayRule::Helgdagstider;
    match calendar::day_off(day) {
        Some(calendar::DayOff::Holiday(h)) => (&HOLIDAY, DaySource::Helgdag(h)),
        // Undecided eves follow the region's `aftnar_standard`, else the ordinary hours;
        // within the window validation warns about them.
        Some(calendar::DayOff::Eve(e)) => (
            eve_rule(unit, region, e)
                .or(region.eve_default.as_ref())
                .unwrap_or(&ORDINARY),
            DaySource::Afton(e),
        ),
        None => (&ORDINARY, DaySource::Ordinarie),
    }
}

fn weekday(day: Date) -> usize {
    day.weekday().to_monday_zero_offset() as usize
}

/// The hours of `day` from the profile, holidays and eves, before dated deviations.
pub fn without_deviations(unit: &Unit, region: &Region, day: Date) -> (Vec<Span>, DaySource) {
    let (rule, source) = base_rule(unit, region, day);
    (
        apply(rule, unit.opening.day(weekday(day)), &unit.holiday_rule),
        source,
    )
}

/// The resolved hours of `day`, the last covering deviation winning.
///
/// The same day rule is laid over each set of hours the unit keeps: the opening hours, the
/// telephone hours and the emergency line, each with its own weekly profile and holiday
/// hours. A deviation's rule reaches the phones unless it gives `telefontider` of its own,
/// so a closure closes the phones as well as the door.
pub fn day(unit: &Unit, region: &Region, day: Date) -> CalendarDay {
    let wd = weekday(day);
    let (base, mut source) = base_rule(unit, region, day);
    let (mut rule, mut phone_rule, mut referral) = (base, base, None);
    if let Some((i, dev)) = unit
        .deviations
        .iter()
        .enumerate()
        .rev()
        .find(|(_, d)| d.covers(day))
    {
        rule = &dev.rule;
        phone_rule = dev.phone_rule.as_ref().unwrap_or(&dev.rule);
        referral = dev.referral.clone();
        source = DaySource::Avvikelse(i);
    }
    let hours = apply(rule, unit.opening.day(wd), &unit.holiday_rule);
    let phone = apply(
        phone_rule,
        unit.phone_hours.day(wd),
        &unit.phone_holiday_rule,
    );
    let emergency = unit
        .emergency_phone
        .as_ref()
        .map(|e| apply(rule, e.hours.day(wd), &unit.holiday_rule));
    let note = match source {
        DaySource::Ordinarie => None,
        DaySource::Helgdag(h) => Some(h.name().to_string()),
        DaySource::Afton(e) => Some(e.name().to_string()),
        DaySource::Avvikelse(i) => unit.deviations.get(i).and_then(|d| d.reason.clone()),
    };
    CalendarDay {
        date: day,
        weekday: WEEKDAY_ABBR[wd],
        display: display_day(&hours),
        hours,
        source,
        note,
        phone,
        emergency,
        referral,
    }
}

/// Whether `clock` on `day` falls in the hour skipped when summer time begins: such a
/// time does not exist, so hours written with it cannot be published.
pub fn in_dst_gap(day: Date, clock: Clock) -> bool {
    if clock == Clock::END_OF_DAY {
        return false;
    }
    let dt = day
        .to_datetime(jiff::civil::Time::midnight())
        .checked_add(i64::from(clock.minutes()).minutes());
    dt.is_ok_and(|dt| {
        matches!(
            stockholm().to_ambiguous_timestamp(dt).offset(),
            jiff::tz::AmbiguousOffset::Gap { .. }
        )
    })
}

/// The day after the calendar's last: [`CALENDAR_MONTHS`] after the build date. Public
/// holidays are certain that far ahead, so pages need not fall back to ordinary hours.
pub fn calendar_end(build_date: Date) -> Date {
    build_date
        .checked_add(CALENDAR_MONTHS.months())
        .unwrap_or(build_date)
}

/// The instant of a wall-clock time in Stockholm. In the spring-forward gap the later
/// reading is taken (02.30 becomes 03.30), as clocks in Sweden do.
fn instant(day: Date, clock: Clock) -> Option<Timestamp> {
    let (day, minutes) = if clock == Clock::END_OF_DAY {
        (day.tomorrow().ok()?, 0)
    } else {
        (day, clock.minutes())
    };
    let dt: DateTime = day
        .to_datetime(jiff::civil::Time::midnight())
        .checked_add(i64::from(minutes).minutes())
        .ok()?;
    stockholm().to_ambiguous_timestamp(dt).compatible().ok()
}

/// Midnight starting `day` in Stockholm: when a build for `day` counts as made.
pub fn midnight(day: Date) -> Timestamp {
    instant(day, Clock::MIDNIGHT).unwrap_or(Timestamp::MIN)
}

/// Resolves one unit from `build_date` up to [`calendar_end`].
pub fn resolve_unit(unit: &Unit, region: &Region, build_date: Date) -> UnitCalendar {
    let end = calendar_end(build_date);
    let mut days = Vec::with_capacity(400);
    let mut intervals: Vec<Interval> = Vec::new();
    let mut d = build_date;
    while d < end {
        let resolved = day(unit, region, d);
        for span in &resolved.hours {
            let (Some(start), Some(end)) = (instant(d, span.opens), instant(d, span.closes)) else {
                continue;
            };
            match intervals.last_mut() {
                Some(last) if last.end == start => last.end = end,
                _ => intervals.push(Interval { start, end }),
            }
        }
        days.push(resolved);
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    UnitCalendar {
        id: unit.id.clone(),
        days,
        intervals,
        horizon_start: instant(build_date, Clock::MIDNIGHT).unwrap_or(Timestamp::MIN),
        window_end: build_date
            .checked_add(HORIZON_DAYS.days())
            .ok()
            .and_then(|w| instant(w.min(d), Clock::MIDNIGHT))
            .unwrap_or(Timestamp::MAX),
    }
}

/// One interval for the browser's "open now" line, with its texts ready so the script needs
/// no Swedish and no time-zone logic: it compares `Date.now()` with the two numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenNowInterval {
    pub start_ms: i64,
    pub end_ms: i64,
    /// Shown while inside the interval: "Öppet nu · stänger 17.00".
    pub open_label: String,
    /// Shown before the interval (after the previous one): "Stängt · öppnar mån 07.30".
    pub before_label: String,
}

/// The "open now" data of one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenNow {
    pub id: String,
    pub intervals: Vec<OpenNowInterval>,
    /// Shown after the last known interval, when the data has run out.
    pub fallback_label: String,
}

/// The words of the "open now" labels, from the theme's translations, so that this layer
/// holds no site text: `now_open` ("Öppet nu"), `now_closes` ("stänger"), `now_closed`
/// ("Stängt"), `now_opens` ("öppnar"), `now_around_the_clock`, `now_see_1177`, and the short
/// forms `weekday_short_1`..`7` and `month_short_1`..`12`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NowWords {
    pub open: String,
    pub closes: String,
    pub closed: String,
    pub opens: String,
    pub around_the_clock: String,
    pub see_1177: String,
    pub weekdays: [String; 7],
    pub months: [String; 12],
}

impl NowWords {
    /// The words from a lookup of translation keys.
    pub fn from_lookup(get: impl Fn(&str) -> String) -> NowWords {
        NowWords {
            open: get("now_open"),
            closes: get("now_closes"),
            closed: get("now_closed"),
            opens: get("now_opens"),
            around_the_clock: get("now_around_the_clock"),
            see_1177: get("now_see_1177"),
            weekdays: std::array::from_fn(|i| get(&format!("weekday_short_{}", i + 1))),
            months: std::array::from_fn(|i| get(&format!("month_short_{}", i + 1))),
        }
    }
}

/// `mån 07.30`; with the date (`mån 4 jan 07.30`) when it is a week or more away, where a
/// weekday alone would be ambiguous.
fn local_label(ts: Timestamp, with_date: bool, w: &NowWords) -> String {
    let z = ts.to_zoned(stockholm().clone());
    let date = z.date();
    let wd = &w.weekdays[date.weekday().to_monday_zero_offset() as usize];
    let clock = Clock::hm(z.hour() as u16, z.minute() as u16);
    if with_date {
        let month = &w.months[(date.month() - 1) as usize];
        format!("{wd} {} {month} {clock}", date.day())
    } else {
        format!("{wd} {clock}")
    }
}

/// The closing time as residents read it: `17.00`, `24.00` for midnight, with the weekday
/// when the interval runs past the day it began.
fn closing_label(iv: &Interval, w: &NowWords) -> String {
    let tz = stockholm();
    let start = iv.start.to_zoned(tz.clone());
    let end = iv.end.to_zoned(tz.clone());
    let midnight = end.hour() == 0 && end.minute() == 0;
    let end_day = if midnight {
        end.date().yesterday().unwrap_or(end.date())
    } else {
        end.date()
    };
    let clock = if midnight {
        Clock::END_OF_DAY
    } else {
        Clock::hm(end.hour() as u16, end.minute() as u16)
    };
    if end_day == start.date() {
        format!("{} {clock}", w.closes)
    } else {
        let wd = &w.weekdays[end_day.weekday().to_monday_zero_offset() as usize];
        format!("{} {wd} {clock}", w.closes)
    }
}

/// The "open now" data of a resolved calendar, up to the end of the decision window: past
/// it the page is stale anyway (see `stale_after_days`), and a year of labels would weigh
/// on every page. After the last interval the label names the next opening from the rest
/// of the calendar, however far ahead, rather than sending the resident elsewhere.
pub fn open_now(calendar: &UnitCalendar, w: &NowWords) -> OpenNow {
    const DAY_MS: i64 = 24 * 3600 * 1000;
    let window_end = calendar.window_end;
    let mut previous_end = calendar.horizon_start.as_millisecond();
    let shown = calendar
        .intervals
        .iter()
        .take_while(|iv| iv.start < window_end)
        .count();
    let intervals = calendar.intervals[..shown]
        .iter()
        .map(|iv| {
            let (start_ms, end_ms) = (iv.start.as_millisecond(), iv.end.as_millisecond());
            let opens = local_label(iv.start, start_ms - previous_end >= 6 * DAY_MS, w);
            let open_label = if iv.end >= window_end && end_ms - start_ms >= 7 * DAY_MS {
                w.around_the_clock.clone()
            } else {
                format!("{} · {}", w.open, closing_label(iv, w))
            };
            previous_end = end_ms;
            OpenNowInterval {
                start_ms,
                end_ms,
                open_label,
                before_label: format!("{} · {} {opens}", w.closed, w.opens),
            }
        })
        .collect();
    let fallback_label = match calendar.intervals.get(shown) {
        Some(next) => format!(
            "{} · {} {}",
            w.closed,
            w.opens,
            local_label(next.start, true, w)
        ),
        None => format!("{} · {}", w.closed, w.see_1177),
    };
    OpenNow {
        id: calendar.id.clone(),
        intervals,
        fallback_label,
    }
}
