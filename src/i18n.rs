//! Editors' messages in their language: the Fluent catalogues in `locales/<lang>/` and the
//! one function that renders a [`Message`] from them.
//!
//! Diagnostics carry a message id and typed arguments, never a finished sentence, so the same
//! finding reads in Swedish in the overlay and in English in a CI log, and a test can check
//! every id against both catalogues (tests/messages.rs). How to add a message is described at
//! the top of `locales/sv/diagnostics.ftl`.

use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

/// The languages messages come in. Swedish is the source of truth; English is for CI logs
/// and colleagues who do not read Swedish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// `sv`, `sv-SE`, `en`, `en_GB`… by their language part; `None` for any other language.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    /// The catalogue's text, as embedded in the binary.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::Sv => include_str!("../locales/sv/diagnostics.ftl"),
            Lang::En => include_str!("../locales/en/diagnostics.ftl"),
        }
    }
}

/// A value for a message's `{ $name }`. Numbers stay numbers so that Fluent can choose
/// plural forms (`1 fel`, `2 fel`; `1 error`, `2 errors`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
pub enum Arg {
    Text(String),
    Number(i64),
    /// Another message, rendered in the same language: a rule's own hint inside the note
    /// that says which pages showed it.
    Message(Message),
}

impl From<Message> for Arg {
    fn from(m: Message) -> Arg {
        Arg::Message(m)
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<&&str> for Arg {
    fn from(s: &&str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<char> for Arg {
    fn from(c: char) -> Arg {
        Arg::Text(c.to_string())
    }
}
/// Paths are shown with forward slashes on every platform so messages are stable in tests.
pub fn display_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

impl From<&std::path::Path> for Arg {
    fn from(p: &std::path::Path) -> Arg {
        Arg::Text(display_path(p))
    }
}
impl From<&std::path::PathBuf> for Arg {
    fn from(p: &std::path::PathBuf) -> Arg {
        Arg::Text(display_path(p))
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Arg {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64);

/// What a diagnostic says: a catalogue message with its arguments, or (for findings not yet
/// moved into the catalogue) a finished text, shown as it is. Boxed, so that a diagnostic
/// (three of these) stays small enough to return by value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Message(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(untagged)]
enum Inner {
    Id {
        id: &'static str,
        args: Vec<(&'static str, Arg)>,
    },
    Text(String),
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message(Box::new(Inner::Id {
            id,
            args: Vec::new(),
        }))
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Message {
        if let Inner::Id { args, .. } = &mut *self.0 {
            args.push((name, value.into()));
        }
        self
    }

    /// The message's id, `None` for a finished text.
    pub fn id(&self) -> Option<&'static str> {
        match &*self.0 {
            Inner::Id { id, .. } => Some(id),
            Inner::Text(_) => None,
        }
    }

    /// The text of argument `name`, if the message has it.
    pub fn text_arg(&self, name: &str) -> Option<&str> {
        match &*self.0 {
            Inner::Id { args, .. } => args.iter().find_map(|(n, v)| match v {
                Arg::Text(t) if *n == name => Some(t.as_str()),
                _ => None,
            }),
            Inner::Text(_) => None,
        }
    }

    /// The message in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match &*self.0 {
            Inner::Text(text) => text.clone(),
            Inner::Id { id, args } => render_id(lang, id, args).0,
        }
    }
}

impl From<String> for Message {
    fn from(s: String) -> Message {
        Message(Box::new(Inner::Text(s)))
    }
}
impl From<&str> for Message {
    fn from(s: &str) -> Message {
        Message::from(s.to_string())
    }
}

/// English, for logs and `{}` in code; editors see [`Message::render`] in their language.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A catalogue message: `msg!("unknown-field", field = name)` is the message `unknown-field`
/// of `locales/*/diagnostics.ftl` with `{ $field }` set to `name`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)$(.arg(stringify!($name), $value))*
    };
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let langid = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // The Unicode isolation marks Fluent puts around arguments show as stray characters in
    // terminals and CI logs; arguments here are file names and field names, never
    // right-to-left text.
    bundle.set_use_isolating(false);
    // A broken catalogue is caught by tests/messages.rs; at run time, what parsed is used.
    let resource = match FluentResource::try_new(lang.catalogue().to_string()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

static BUNDLES: LazyLock<[FluentBundle<FluentResource>; 2]> =
    LazyLock::new(|| [bundle(Lang::Sv), bundle(Lang::En)]);

fn bundle_of(lang: Lang) -> &'static FluentBundle<FluentResource> {
    &BUNDLES[match lang {
        Lang::Sv => 0,
        Lang::En => 1,
    }]
}

/// Whether the catalogue of `lang` has the message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle_of(lang).has_message(id)
}

/// Message `id` in `lang` with `args`, and the problems Fluent met (a missing argument, an
/// unknown id), which tests require to be none.
pub fn render_id(lang: Lang, id: &str, args: &[(&str, Arg)]) -> (String, Vec<String>) {
    let bundle = bundle_of(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return (id.to_string(), vec![format!("no message `{id}`")]);
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        match value {
            Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.as_str())),
            Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            Arg::Message(m) => fluent_args.set(*name, FluentValue::from(m.render(lang))),
        }
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    (
        text.into_owned(),
        errors.iter().map(|e| e.to_string()).collect(),
    )
}

/// A message in `lang` without arguments, for labels and the overlay's fixed text.
pub fn text(lang: Lang, id: &str) -> String {
    render_id(lang, id, &[]).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_read_by_their_primary_tag() {
        assert_eq!(Lang::parse("sv-SE"), Some(Lang::Sv));
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("fi"), None);
    }

    #[test]
    fn arguments_are_not_isolated() {
        let m = msg!("unknown-field", field = "titel");
        assert_eq!(m.render(Lang::En), "unknown field `titel`");
        assert_eq!(m.render(Lang::Sv), "okänt fält `titel`");
    }
}
