//! What every feature's template values are made of: the translated words (`t` in
//! templates), Swedish dates, template maps and `tel:` links. One module, so the features
//! share these helpers without importing each other.

use std::collections::BTreeMap;

use jiff::civil::Date;
use tera::Value;

/// Translated words for the site's language, as `t` in templates.
pub type Translations = BTreeMap<String, String>;

/// The translated word for `key`, or the key itself, so a missing translation shows where
/// it is missing instead of failing.
pub fn word(t: &Translations, key: &str) -> String {
    t.get(key).cloned().unwrap_or_else(|| key.to_string())
}

/// Weekday and date words from the translations.
pub struct Words<'a> {
    pub t: &'a Translations,
}

impl Words<'_> {
    pub fn get(&self, key: &str) -> String {
        word(self.t, key)
    }
    pub fn weekday(&self, monday_zero: usize) -> String {
        self.get(&format!("weekday_{}", monday_zero + 1))
    }
    /// "onsdag 24 december 2026".
    pub fn long_date(&self, d: Date) -> String {
        format!(
            "{} {} {} {}",
            self.weekday(d.weekday().to_monday_zero_offset() as usize),
            d.day(),
            self.get(&format!("month_{}", d.month())),
            d.year()
        )
    }
    /// A holiday's or eve's name in the page's language (`holiday_juldagen`,
    /// `eve_julafton` in the translations), the Swedish name when the words have none.
    pub fn day_off_name(&self, day: crate::calendar::DayOff) -> String {
        let (key, swedish) = match day {
            crate::calendar::DayOff::Holiday(h) => (
                format!("holiday_{}", format!("{h:?}").to_lowercase()),
                h.name(),
            ),
            crate::calendar::DayOff::Eve(e) => (format!("eve_{}", e.key()), e.name()),
        };
        self.t
            .get(&key)
            .cloned()
            .unwrap_or_else(|| swedish.to_string())
    }

    /// A date as `iso`, `text` ("onsdag 24 december 2026") and `title` ("Onsdag ...", to
    /// begin a heading).
    pub fn date_value(&self, d: Date) -> Value {
        let text = self.long_date(d);
        let title = capitalise(&text);
        obj([
            ("iso", Value::from(d.to_string())),
            ("text", Value::from(text)),
            ("title", Value::from(title)),
        ])
    }
}

/// The first letter in upper case, for the start of a heading or a table's row header.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A template map from literal pairs.
pub fn obj<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    Value::from(pairs.into_iter().collect::<BTreeMap<&str, Value>>())
}

/// An optional text as a template value: none when absent.
pub fn opt(s: &Option<String>) -> Value {
    s.as_deref().map_or(Value::none(), Value::from)
}

/// `tel:` wants the number without spaces and, to work from abroad, in international form.
pub fn tel_href(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('0') {
        Some(rest) if !phone.trim_start().starts_with('+') => format!("tel:+46{rest}"),
        _ => format!("tel:+{}", digits),
    }
}

/// JSON for a `<script>` element: `<` written as `\u003c` so neither `</script>` nor `<!--`
/// can appear inside it, whatever an editor typed.
pub fn script_json(v: &serde_json::Value) -> Value {
    let text = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    Value::safe_string(&text.replace('<', "\\u003c"))
}

/// A template function's answer for an id: the value, or an error naming the closest id.
/// `what` names the kind of thing ("unit", "situation").
pub fn by_id(
    values: &std::collections::HashMap<String, Value>,
    id: &str,
    what: &str,
) -> Result<Value, tera::Error> {
    values.get(id).cloned().ok_or_else(|| {
        let mut msg = format!("there is no {what} `{id}`");
        if let Some(best) = crate::error::did_you_mean(id, values.keys().map(String::as_str)) {
            msg.push_str(&format!("; did you mean `{best}`?"));
        }
        tera::Error::message(msg)
    })
}

/// A feature's template values in every language of the site, the default first.
pub struct PerLanguage<T> {
    pub default: T,
    /// The other languages' values, by language code.
    pub others: Vec<(String, T)>,
}

impl<T> PerLanguage<T> {
    /// `make(index, translations)` for every language of the site, the default (index 0,
    /// with `default`'s words) first.
    pub fn build(
        default: &Translations,
        languages: &[(crate::config::Language, Translations)],
        make: impl Fn(usize, &Translations) -> T,
    ) -> PerLanguage<T> {
        PerLanguage {
            default: make(0, default),
            others: languages
                .iter()
                .enumerate()
                .skip(1)
                .map(|(i, (l, t))| (l.code.clone(), make(i, t)))
                .collect(),
        }
    }

    /// The values for the page being rendered: its language is `lang` in the context (set
    /// for pages in other languages than the default).
    pub fn pick(&self, state: &tera::State) -> &T {
        let lang = state.get::<String>("lang").ok().flatten();
        lang.and_then(|lang| self.others.iter().find(|(code, _)| *code == lang))
            .map_or(&self.default, |(_, v)| v)
    }
}
