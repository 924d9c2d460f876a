//! The care units' changed hours in the weeks after an issue's date: holidays and eves
//! (which units are open, and when) and dated deviations (closures, changed hours, with
//! their referral). Resolved from the date, not the build date, so an issue says
//! the same whenever it is built.

use jiff::ToSpan;
use jiff::civil::Date;
use tera::Value;

use crate::calendar;
use crate::site::Site;
use crate::slug::swedish_sort_key;
use crate::unit::views::HoursText;
use crate::unit::{self, DayRule, Referral, Unit, UnitData};
use crate::view::{Translations, Words, capitalise, obj};

/// A unit's name and its page, root-relative or absolute.
fn unit_link(site: &Site, u: &Unit, absolute: bool) -> Value {
    let href = site
        .links
        .id_of(&format!("{}/{}.md", crate::unit::pages::DIR, u.id))
        .map(|i| {
            let p = &site.pages[i];
            if absolute {
                p.permalink().to_string()
            } else {
                p.path().to_string()
            }
        });
    obj([
        ("name", Value::from(u.name.as_str())),
        ("href", href.map_or(Value::none(), Value::from)),
    ])
}

/// `{from, to, weeks, days: [{date, name, open: [{unit, hours}]}], changes: [...]}`.
pub fn view(
    site: &Site,
    data: &UnitData,
    t: &Translations,
    from: Date,
    weeks: u32,
    absolute: bool,
) -> Value {
    let days = i64::from(weeks) * 7;
    let last = from.checked_add((days - 1).days()).unwrap_or(from);
    let mut units: Vec<&Unit> = data.units.iter().collect();
    units.sort_by_cached_key(|u| swedish_sort_key(&u.name));

    // Holidays and eves, those with the same open units and hours together: over Christmas
    // that is one list, not six copies of it.
    // (days, the open units' ids and hours, the open units' views)
    type Group = (Vec<Value>, Vec<(String, String)>, Vec<Value>);
    let mut groups: Vec<Group> = Vec::new();
    let mut d = from;
    while d <= last {
        if let Some(off) = calendar::day_off(d) {
            let name = match off {
                calendar::DayOff::Holiday(h) => h.name(),
                calendar::DayOff::Eve(e) => e.name(),
            };
            let mut key = Vec::new();
            let mut open = Vec::new();
            for u in &units {
                let day = unit::resolve::day(u, &data.region, d);
                if !day.hours.is_empty() {
                    let shown = Words { t }.hours(&day.hours);
                    key.push((u.id.clone(), shown.clone()));
                    open.push(obj([
                        ("unit", unit_link(site, u, absolute)),
                        ("hours", Value::from(shown)),
                    ]));
                }
            }
            let day = obj([
                ("date", Words { t }.date_value(d)),
                ("name", Value::from(name)),
                ("name_title", Value::from(capitalise(name))),
            ]);
            match groups.iter_mut().find(|g| g.1 == key) {
                Some(g) => g.0.push(day),
                None => groups.push((vec![day], key, open)),
            }
        }
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    let special: Vec<Value> = groups
        .into_iter()
        .map(|(days, _, open)| obj([("days", Value::from(days)), ("open", Value::from(open))]))
        .collect();

    let mut changes = Vec::new();
    for u in &units {
        for dev in u
            .deviations
            .iter()
            .filter(|x| x.to >= from && x.from <= last)
        {
            let first = dev.from.max(from);
            let closed = dev.rule == DayRule::Stangt;
            let shown = (!closed)
                .then(|| Words { t }.hours(&unit::resolve::day(u, &data.region, first).hours));
            let referral = match &dev.referral {
                Some(Referral::R1177) => {
                    obj([("is_1177", Value::from(true)), ("unit", Value::none())])
                }
                Some(Referral::Unit(id)) => obj([
                    ("is_1177", Value::from(false)),
                    (
                        "unit",
                        data.unit(id)
                            .map_or(Value::none(), |(r, _)| unit_link(site, r, absolute)),
                    ),
                ]),
                None => Value::none(),
            };
            changes.push(obj([
                ("unit", unit_link(site, u, absolute)),
                ("from", Words { t }.date_value(dev.from)),
                ("to", Words { t }.date_value(dev.to)),
                ("one_day", Value::from(dev.from == dev.to)),
                ("closed", Value::from(closed)),
                ("hours", shown.map_or(Value::none(), Value::from)),
                (
                    "reason",
                    dev.reason.as_deref().map_or(Value::none(), Value::from),
                ),
                (
                    "text",
                    dev.text.as_deref().map_or(Value::none(), Value::from),
                ),
                ("referral", referral),
            ]));
        }
    }
    obj([
        ("from", Words { t }.date_value(from)),
        ("to", Words { t }.date_value(last)),
        ("weeks", Value::from(weeks)),
        ("days", Value::from(special)),
        ("changes", Value::from(changes)),
    ])
}
