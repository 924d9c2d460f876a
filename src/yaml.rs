//! YAML with positions: the one place that turns serde-saphyr's errors into [`Diagnostic`]s.
//!
//! Front matter, `site.yaml` and unit data all go through [`parse_mapping`], so every YAML
//! mistake reads the same: file, line and column in the file (not in the embedded snippet),
//! the field it is about, and a hint. Unknown top-level keys are found in a first, cheap pass
//! over the keys alone so that all of them are reported at once, with a did-you-mean.

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

/// The error a text field gives for a plain `yes`, `no` or `y`, which YAML reads as a
/// yes/no value: recognised here to ask for quotes.
pub(crate) const QUOTE_TEXT: &str = "a text that YAML reads as yes or no";

use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, did_you_mean};
use crate::i18n::Message;
use crate::msg;

/// A top-level key of a YAML mapping and where it stands (1-based, in the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// Borrowed from the list of known fields when it is one of them (every key of a page
    /// that parses): the keys of every page live to the end of the build, and a string of
    /// their own for each was a tenth of the parsed model at 100,000 pages.
    pub name: Cow<'static, str>,
    pub line: u32,
    pub column: u32,
}

/// The top-level keys of a mapping, in document order, for locating later semantic errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys(pub Box<[Key]>);

impl Keys {
    /// Line and column of `field`, if the document has it.
    pub fn position(&self, field: &str) -> Option<(u32, u32)> {
        self.0
            .iter()
            .find(|k| k.name == field)
            .map(|k| (k.line, k.column))
    }

    /// The key whose entry covers `line` (the last key starting at or before it).
    fn at_line(&self, line: u32) -> Option<&Key> {
        self.entry_at(line).map(|i| &self.0[i])
    }

    /// The index of the key whose entry covers `line` (see [`Keys::at_line`]).
    fn entry_at(&self, line: u32) -> Option<usize> {
        self.0.iter().rposition(|k| k.line <= line)
    }
}

/// Collects the keys of a mapping without building its values.
struct KeyList(Vec<(String, u32, u32)>);

impl<'de> Deserialize<'de> for KeyList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeyList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `key: value` lines")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<KeyList, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push((
                        key.value,
                        key.referenced.line() as u32,
                        key.referenced.column() as u32,
                    ));
                }
                Ok(KeyList(keys))
            }
            fn visit_unit<E>(self) -> Result<KeyList, E> {
                Ok(KeyList(Vec::new()))
            }
        }
        deserializer.deserialize_map(V)
    }
}

/// Where a YAML text comes from: the file (relative to the site root) and how many lines of
/// that file precede the YAML (1 for front matter after its opening `---`).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub path: &'a Path,
    pub line_offset: u32,
    /// What the text is, for messages: `page`, `site`, `unit`, `region`, `translations`,
    /// `levels`, `situations` (the `what` of `context-field` in the catalogues).
    pub what: &'static str,
}

/// Parses a YAML mapping into `T`, reporting unknown top-level keys (against `known`) and the
/// type error of every field, all located in the containing file (see [`parse_mapping_partial`]).
pub fn parse_mapping<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    known: &[&'static str],
) -> Result<(T, Keys), Vec<Diagnostic>> {
    match parse_mapping_partial(text, origin, known) {
        (Some(read), diags) if diags.is_empty() => Ok(read),
        (_, diags) => Err(diags),
    }
}

/// [`parse_mapping`], keeping what could be read: the diagnostics of every unknown key and
/// every field whose value is wrong, and `T` read from the other fields when that is still
/// possible (no syntax error, no required field wrong or missing). The caller checks the
/// fields that did read, so an editor sees every mistake of a page at once rather than one
/// per build; `None` only when nothing sensible is left to check.
pub fn parse_mapping_partial<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    known: &[&'static str],
) -> (Option<(T, Keys)>, Vec<Diagnostic>) {
    let text = if is_blank(text) { "{}" } else { text };
    // Most front matter is plain `key: value` lines of known keys: those keys are read off
    // the lines, and the text is parsed once instead of twice (the key pass was half of
    // the YAML's cost, 4 % of a build). Anything else, or any error, takes the two passes,
    // so what is reported never depends on this.
    if let Some(keys) = plain_keys(text, known)
        && let Ok(value) = serde_saphyr::from_str::<T>(text)
    {
        let keys = keys
            .into_iter()
            .map(|(name, line)| Key {
                name: Cow::Borrowed(name),
                line: line + origin.line_offset,
                column: 1,
            })
            .collect();
        return (Some((value, Keys(keys))), Vec::new());
    }
    let keys = match serde_saphyr::from_str::<KeyList>(text) {
        Ok(list) => {
            let keys: Vec<Key> = list
                .0
                .into_iter()
                .map(|(name, line, column)| Key {
                    name: match known.iter().find(|k| **k == name) {
                        Some(k) => Cow::Borrowed(*k),
                        None => Cow::Owned(name),
                    },
                    line: line + origin.line_offset,
                    column,
                })
                .collect();
            // Kept with every page's model to the end of the build: a boxed slice has no
            // room to grow (the list was read growing by doubling).
            Keys(keys.into_boxed_slice())
        }
        Err(err) => {
            return (
                None,
                vec![to_diagnostic(&err, text, origin, &Keys::default())],
            );
        }
    };
    let mut diags: Vec<Diagnostic> = Vec::new();
    // The fields left out of the typed read: unknown ones, then each whose value was wrong.
    let mut left_out: Vec<usize> = Vec::new();
    for (i, k) in keys.0.iter().enumerate() {
        if !known.contains(&k.name.as_ref()) {
            diags.push(unknown_field(origin, &k.name, k.line, k.column, known));
            left_out.push(i);
        }
    }
    // serde stops at the first wrong value: each is reported, its entry blanked out (its
    // lines kept, so positions stay true) and the rest read again, once per field at most.
    let mut current: Cow<'_, str> = Cow::Borrowed(text);
    loop {
        let err = match serde_saphyr::from_str::<T>(&current) {
            Ok(value) => return (Some((value, keys)), diags),
            Err(err) => err,
        };
        let d = to_diagnostic(&err, &current, origin, &keys);
        let missing = (d.message.id() == Some("missing-field"))
            .then(|| d.message.text_arg("field"))
            .flatten();
        // A required field left out because its value was wrong: already reported.
        if missing.is_some_and(|name| left_out.iter().any(|&i| keys.0[i].name == name)) {
            return (None, diags);
        }
        // An unknown nested field may repeat one found by the key pass; keep one.
        let repeated = diags
            .iter()
            .any(|x| x.line == d.line && x.message == d.message);
        // `titel:` for `title:` is one mistake: its unknown-field error already says "did
        // you mean `title`?", so the missing `title` it causes is not reported as well.
        let explained = missing.is_some_and(|name| {
            diags.iter().any(|x| {
                x.hint
                    .as_ref()
                    .is_some_and(|h| h.text_arg("suggestion") == Some(name))
            })
        });
        let entry = d
            .line
            .and_then(|line| keys.entry_at(line))
            .filter(|i| !left_out.contains(i));
        // Once entries are blanked, an error no remaining entry explains is the blanking's
        // own (an emptied document, a dangling line), not the editor's.
        let artefact = entry.is_none() && matches!(current, Cow::Owned(_));
        if !repeated && !explained && !artefact {
            diags.push(d);
        }
        let Some(entry) = entry else {
            return (None, diags);
        };
        // Keys sharing the line (`{a: 1, b: 2}`) go with it: their lines are one.
        let line = keys.0[entry].line;
        for i in 0..keys.0.len() {
            if keys.0[i].line == line && !left_out.contains(&i) {
                left_out.push(i);
            }
        }
        let blanked = blank_entries(text, origin, &keys, &left_out);
        current = Cow::Owned(if is_blank(&blanked) {
            "{}".to_string()
        } else {
            blanked
        });
    }
}

/// The findings of a partial read ([`parse_mapping_partial`]) followed by those of the
/// caller's own checks, less what the checks said of the fields that did not read: to them
/// such a field was absent, which is not the editor's mistake.
pub fn with_checks(unread: Vec<Diagnostic>, checks: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let top = |d: &Diagnostic| {
        d.context
            .as_ref()
            .and_then(|c| c.text_arg("field"))
            .map(|f| f.split(['.', '[']).next().unwrap_or(f).to_string())
    };
    let wrong: Vec<String> = unread.iter().filter_map(top).collect();
    let mut all = unread;
    all.extend(
        checks
            .into_iter()
            .filter(|d| top(d).is_none_or(|f| !wrong.contains(&f))),
    );
    all
}

/// `text` with the lines of the given top-level entries emptied: from each key's line to
/// the line before the next key's. Line breaks stay, so every position is unchanged.
fn blank_entries(text: &str, origin: Origin<'_>, keys: &Keys, entries: &[usize]) -> String {
    let spans: Vec<(u32, u32)> = entries
        .iter()
        .map(|&i| {
            let first = keys.0[i].line.saturating_sub(origin.line_offset);
            let end = keys.0[i + 1..]
                .iter()
                .map(|k| k.line.saturating_sub(origin.line_offset))
                .find(|&l| l > first)
                .unwrap_or(u32::MAX);
            (first, end)
        })
        .collect();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let n = n as u32 + 1;
        if spans.iter().any(|&(first, end)| first <= n && n < end) {
            if line.ends_with("\r\n") {
                out.push_str("\r\n");
            } else if line.ends_with('\n') {
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Parses part of a mapping whose keys are already known (one feature's field of
/// `site.yaml`): `T` ignores the other keys; the first error is located as [`parse_mapping`]
/// locates it.
pub fn parse_part<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    keys: &Keys,
) -> Result<T, Diagnostic> {
    let text = if is_blank(text) { "{}" } else { text };
    serde_saphyr::from_str::<T>(text).map_err(|err| to_diagnostic(&err, text, origin, keys))
}

/// Parses any YAML value (used for free-form `extra` data), with located errors.
pub fn parse_value<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text)
        .map_err(|err| to_diagnostic(&err, text, origin, &Keys::default()))
}

/// The top-level keys of a mapping written as plain block lines, each with its line
/// (1-based): every line that starts at the margin is `key:` or `key: value` with a key of
/// `known`, and no line leaves a quoted text open (a quoted text may go on at the margin on
/// the next line, where it would look like a key). `None` for anything else: flow mappings,
/// document markers, anchors, tabs, unknown keys.
fn plain_keys<'k>(text: &str, known: &[&'k str]) -> Option<Vec<(&'k str, u32)>> {
    let mut keys = Vec::new();
    for (n, line) in text.lines().enumerate() {
        // An escaped quote could hide where a quoted text ends.
        if line.contains('\t') || line.contains("\\\"") || line.matches('"').count() % 2 == 1 {
            return None;
        }
        let first = line.bytes().next();
        match first {
            None | Some(b'#') => {}
            // An indented line belongs to the key above it; before any key, the whole
            // mapping is indented, and its keys are not at the margin.
            Some(b' ')
                if keys.is_empty()
                    && !line.trim().is_empty()
                    && !line.trim_start().starts_with('#') =>
            {
                return None;
            }
            Some(b' ') => {}
            _ => {
                let (name, rest) = line.split_once(':')?;
                if !(rest.is_empty() || rest.starts_with(' ')) {
                    return None;
                }
                let value = rest.trim();
                if value.starts_with('\'') && (value.len() < 2 || !value.ends_with('\'')) {
                    return None;
                }
                let known = known.iter().find(|k| **k == name)?;
                keys.push((*known, u32::try_from(n + 1).ok()?));
            }
        }
        // A quoted text inside an indented line (a list item) that stays open.
        if first == Some(b' ') {
            let value = line.trim_start().trim_start_matches("- ").trim_start();
            let value = value.split_once(": ").map_or(value, |(_, v)| v).trim();
            if value.starts_with('\'') && (value.len() < 2 || !value.ends_with('\'')) {
                return None;
            }
        }
    }
    Some(keys)
}

fn is_blank(text: &str) -> bool {
    text.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// Swedish words editors write for the (English) field names, so `vikt:` gets "did you
/// mean `weight`?" although the two words look nothing alike.
const SWEDISH_FIELDS: &[(&str, &str)] = &[
    ("titel", "title"),
    ("rubrik", "title"),
    ("beskrivning", "description"),
    ("datum", "date"),
    ("uppdaterad", "updated"),
    ("utkast", "draft"),
    ("vikt", "weight"),
    ("ordning", "weight"),
    ("mall", "template"),
    ("taggar", "tags"),
    ("sammanfattning", "summary"),
    ("ingress", "summary"),
    ("alias", "aliases"),
    ("namn", "name"),
    ("telefon", "phone"),
    ("adress", "address"),
];

fn unknown_field(
    origin: Origin<'_>,
    name: &str,
    line: u32,
    column: u32,
    known: &[&str],
) -> Diagnostic {
    let swedish = SWEDISH_FIELDS
        .iter()
        .find(|(sv, en)| name.eq_ignore_ascii_case(sv) && known.contains(en))
        .map(|(_, en)| *en);
    let hint = match swedish.or_else(|| did_you_mean(name, known.iter().copied())) {
        Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
        None => msg!("unknown-field-known", known = known.join(", ")),
    };
    Diagnostic::error(origin.path, msg!("unknown-field", field = name))
        .at(line, column)
        .context(msg!("context-file", what = origin.what))
        .hint(hint)
}

/// The context of a finding about `field` (or the whole text when it is empty).
pub fn field_context(what: &'static str, field: &str) -> Message {
    if field.is_empty() {
        msg!("context-file", what = what)
    } else {
        msg!("context-field", what = what, field = field)
    }
}

/// Turns a serde-saphyr error into a located diagnostic in editors' words. The parser's
/// English text is only read to tell the kinds of mistake apart; it never reaches a message.
fn to_diagnostic(
    err: &serde_saphyr::Error,
    text: &str,
    origin: Origin<'_>,
    keys: &Keys,
) -> Diagnostic {
    let plain = err.without_snippet().to_string();
    // The plain rendering ends in " at line N, column M"; the position is reported separately.
    let message = match plain.rfind(" at line ") {
        Some(i) => plain[..i].to_string(),
        None => plain,
    };
    let (line, column) = err
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    // A quote left open runs on to the next quote, where the parser stops ("invalid trailing
    // content after double-quoted scalar"); the mistake is the line that opened it.
    let (line, column) = if message.contains("trailing content after") {
        unclosed_quote_before(text, line).unwrap_or((line, column))
    } else {
        (line, column)
    };
    let line_text = text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("");
    let line = line + origin.line_offset;
    let located = |message: Message, context: Message, hint: Message| {
        Diagnostic::error(origin.path, message)
            .at(line, column)
            .context(context)
            .hint(hint)
    };
    let whole = msg!("context-file", what = origin.what);

    // serde-saphyr's resource limits (an alias bomb, nesting past its depth limit) read as a
    // Rust value (`budget breached: Depth { depth: 65 }`).
    if is_resource_limit(&message) {
        return located(msg!("yaml-too-deep"), whole, msg!("yaml-too-deep-hint"));
    }

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = message
            .split_once("expected one of ")
            .or_else(|| message.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        return unknown_field(origin, name, line, column, &expected);
    }

    if let Some(rest) = message.strip_prefix("missing field `") {
        // The parser places it at the end of the mapping, a line that is not at fault; the
        // field belongs in the block, so point at where the block starts (front matter's
        // opening `---`, a data file's first line).
        let name = rest.split('`').next().unwrap_or_default();
        return Diagnostic::error(origin.path, msg!("missing-field", field = name))
            .at(origin.line_offset.max(1), 1)
            .context(whole)
            .hint(msg!("missing-field-hint", what = origin.what, field = name));
    }

    // The key on the error's line: what the editor wrote, named in the context and hints.
    let key = keys
        .at_line(line)
        .map(|k| k.name.as_ref())
        .or_else(|| key_of_line(line_text));
    let context = match key {
        Some(k) => field_context(origin.what, k),
        None => whole,
    };
    let field = key.unwrap_or("namn");
    let (message, hint) = if message.contains(QUOTE_TEXT) {
        (
            msg!("yaml-quote-text"),
            msg!("yaml-quote-text-hint", field = field),
        )
    } else if message.contains("boolean") {
        (msg!("yaml-not-boolean"), msg!("yaml-not-boolean-hint"))
    } else if let Some(variant) = message.strip_prefix("unknown variant `") {
        let value = variant.split('`').next().unwrap_or_default();
        let known: Vec<&str> = message
            .split_once("expected one of ")
            .or_else(|| message.split_once("expected "))
            .map(|(_, list)| list.split(", ").map(|s| s.trim_matches('`')).collect())
            .unwrap_or_default();
        (
            msg!("yaml-unknown-value", value = value),
            msg!("yaml-unknown-value-hint", known = known.join(", ")),
        )
    } else if message.contains("unclosed")
        || message.contains("trailing content after")
        || message.contains("did not find expected")
        || message.contains("unexpected end")
    {
        let hint = match key {
            Some(k) => msg!("yaml-unclosed-hint", field = k),
            None => msg!("yaml-unclosed-hint-plain"),
        };
        let kind = if message.contains("quote") {
            "quote"
        } else {
            "bracket"
        };
        (msg!("yaml-unclosed", kind = kind), hint)
    } else if let Some(expected) = expected_kind(&message) {
        let value = quoted_value(&message).unwrap_or_else(|| "none".to_string());
        if expected == "number"
            && (message.contains("expected u")
                || message.contains("expected i")
                || message.starts_with("invalid u")
                || message.starts_with("invalid i"))
        {
            (
                msg!("yaml-not-whole-number", value = value),
                msg!("yaml-not-whole-number-hint", field = field),
            )
        } else {
            (
                msg!("yaml-expected", kind = expected),
                msg!("yaml-expected-hint", kind = expected, field = field),
            )
        }
    } else if message.contains("mapping values are not allowed")
        && let Some((k, value)) = line_text.trim_start().split_once(": ")
    {
        (
            msg!("yaml-colon-in-value"),
            msg!(
                "yaml-colon-in-value-hint",
                field = k.trim(),
                value = value.trim()
            ),
        )
    } else if message.contains("duplicate") {
        let name = message
            .split('`')
            .nth(1)
            .or(key)
            .unwrap_or_default()
            .to_string();
        (
            msg!("yaml-duplicate-key", field = name),
            msg!("yaml-duplicate-key-hint"),
        )
    } else if message.contains("anchor") || message.contains("alias") {
        (
            msg!("yaml-unknown-anchor"),
            msg!("yaml-unknown-anchor-hint"),
        )
    } else {
        // YAML syntax errors ("mapping values are not allowed in this context") name the
        // parser's view; say what usually causes them.
        (msg!("yaml-syntax"), msg!("yaml-syntax-hint"))
    };
    located(message, context, hint)
}

/// The 1-based line and column of the quote left open before `line`: the first line whose
/// quotes do not pair up.
fn unclosed_quote_before(text: &str, line: u32) -> Option<(u32, u32)> {
    text.lines()
        .take(line.saturating_sub(1) as usize)
        .enumerate()
        .find_map(|(i, l)| {
            let opens = l.matches('"').count() % 2 == 1;
            let at = l.find('"')?;
            opens.then(|| (i as u32 + 1, l[..at].chars().count() as u32 + 1))
        })
}

/// `namn` of a line `  namn: "…`, for naming the field when the parser could not.
fn key_of_line(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ");
    let (key, _) = t.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains([' ', '"', '\'', '[', '{', '#'])).then_some(key)
}

/// What serde expected, as the `kind` of `yaml-expected`, from its "invalid type: …,
/// expected …" or "invalid u32" text.
fn expected_kind(message: &str) -> Option<&'static str> {
    let expected = if let Some((_, e)) = message.split_once("expected ") {
        e
    } else {
        message.strip_prefix("invalid ")?
    };
    if !(message.starts_with("invalid") || message.starts_with("expected")) {
        return None;
    }
    let e = expected.trim();
    Some(
        if e.contains("sequence") || e.contains("list") || e.contains("tuple") {
            "list"
        } else if e.contains("map") || e.contains("struct") {
            "mapping"
        } else if e.contains("string") || e.contains("char") {
            "text"
        } else if e.starts_with('u')
            || e.starts_with('i')
            || e.starts_with('f')
            || e.contains("integer")
            || e.contains("number")
        {
            "number"
        } else if e.contains("date") {
            "date"
        } else {
            "other"
        },
    )
}

/// The value serde quotes in "invalid type: string \"tio\", expected u32".
fn quoted_value(message: &str) -> Option<String> {
    let start = message.find('"')? + 1;
    let len = message[start..].find('"')?;
    Some(message[start..start + len].to_string())
}

/// By its text: the error can come wrapped (with a snippet, or in a custom error), so its
/// variant is not always `Budget`.
fn is_resource_limit(message: &str) -> bool {
    [
        "budget breached",
        "alias replay",
        "recursion limit exceeded",
    ]
    .iter()
    .any(|m| message.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[derive(Debug, Deserialize)]
    struct Fm {
        title: String,
        #[serde(default)]
        draft: bool,
    }

    fn origin(p: &Path) -> Origin<'_> {
        Origin {
            path: p,
            line_offset: 1,
            what: "page",
        }
    }

    /// The keys read off plain lines are the keys the parser finds, at the same places.
    fn assert_plain_keys_agree(text: &str, known: &[&str]) -> bool {
        let Some(plain) = plain_keys(text, known) else {
            return false;
        };
        let Ok(KeyList(parsed)) = serde_saphyr::from_str::<KeyList>(text) else {
            return false;
        };
        let plain: Vec<(String, u32, u32)> = plain
            .into_iter()
            .map(|(k, line)| (k.to_string(), line, 1))
            .collect();
        assert_eq!(plain, parsed, "{text}");
        true
    }

    /// Regression: a mapping indented as a whole passed as plain lines without a key, so
    /// its keys were lost (and the errors placed by them, such as a section-only field on a
    /// page, with them).
    #[test]
    fn an_indented_mapping_keeps_its_keys() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Front {
            title: String,
            sort_by: Option<String>,
        }
        let p = PathBuf::from("content/a.md");
        let (_, keys) = parse_mapping::<Front>(
            "  title: X\n  sort_by: date\n",
            origin(&p),
            &["title", "sort_by"],
        )
        .expect("a mapping indented as a whole is YAML");
        assert_eq!(keys.position("sort_by"), Some((3, 3)), "{keys:?}");
    }

    #[test]
    fn plain_keys_are_the_parsers_keys() {
        let known = crate::page::FIELDS;
        for text in [
            "title: Hej\ndate: 2024-05-01\ntags:\n  - a\n  - 'b c'\n",
            "# a comment\ntitle: \"Say hi\"\n\ndescription: |\n  two\n  lines\n",
            "title: It's\nweight: 3\n",
            "title: 'Quoted'\naliases: [a, b]\n",
            "title: \"Remiss till ortopeden för äldre i Västervik\"\ndescription: \"Information om remiss.\"\ndate: 2024-05-01\ntags:\n  - västervik\n  - tidbokning\n",
        ] {
            assert!(assert_plain_keys_agree(text, known), "{text}");
        }
        // Each page of the example site.
        let mut seen = 0;
        let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    if let Some(front) = text
                        .strip_prefix("---\n")
                        .and_then(|rest| rest.split_once("\n---\n"))
                        .map(|(front, _)| format!("{front}\n"))
                    {
                        seen += usize::from(assert_plain_keys_agree(&front, known));
                    }
                }
            }
        }
        assert!(seen > 20, "{seen} example pages read by lines");
        // Not plain: left to the parser.
        for text in [
            "title: \"open\n  still open\"\n",
            "{ title: x }\n",
            "---\ntitle: x\n",
            "title:x\n",
            "titel: x\n",
            "title: 'open\n",
            "tags:\n  - 'open\n",
            "title:\tx\n",
            "  title: x\n  sort_by: date\n",
            "title: \"a \\\"\ndate: \\\" b\"\n",
        ] {
            assert!(plain_keys(text, known).is_none(), "{text}");
        }
    }

    #[test]
    fn all_unknown_keys_are_reported_with_positions() {
        let p = PathBuf::from("content/a.md");
        let errs = parse_mapping::<Fm>(
            "titel: x\ntitle: y\ndraftt: true\n",
            origin(&p),
            &["title", "draft"],
        )
        .unwrap_err();
        let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            text,
            [
                "error: content/a.md:2:1: the page's settings (between the --- lines): unknown field `titel`\n  hint: did you mean `title`?",
                "error: content/a.md:4:1: the page's settings (between the --- lines): unknown field `draftt`\n  hint: did you mean `draft`?",
            ]
        );
    }

    #[test]
    fn type_errors_name_the_field_and_hint() {
        let p = PathBuf::from("content/a.md");
        let errs =
            parse_mapping::<Fm>("title: x\ndraft: kanske\n", origin(&p), &["title", "draft"])
                .unwrap_err();
        assert_eq!(errs.len(), 1);
        let d = &errs[0];
        assert_eq!(d.line, Some(3));
        assert_eq!(
            d.context.as_ref().map(|c| c.to_string()).as_deref(),
            Some("the page's field `draft`")
        );
        assert!(d.hint.as_ref().unwrap().to_string().contains("true"), "{d}");
    }

    #[test]
    fn keys_know_their_lines() {
        let p = PathBuf::from("content/a.md");
        let (fm, keys) =
            parse_mapping::<Fm>("title: x\n\ndraft: true\n", origin(&p), &["title", "draft"])
                .unwrap();
        assert!(fm.draft);
        assert_eq!(fm.title, "x");
        assert_eq!(keys.position("draft"), Some((4, 1)));
    }
    /// Every wrong value is reported, not only the first; the fields that read are kept,
    /// with the keys at their lines, for the caller's own checks.
    #[test]
    fn every_wrong_value_is_reported_and_the_rest_is_read() {
        #[derive(Debug, Deserialize)]
        struct Three {
            title: String,
            #[serde(default)]
            draft: bool,
            weight: Option<i64>,
            date: Option<String>,
        }
        let p = PathBuf::from("content/a.md");
        let known = &["title", "draft", "weight", "date"];
        let text = "title: x\ndraft: kanske\nweight:\n  - 1\n  - 2\ndate: 2025-13-01\n";
        let (read, diags) = parse_mapping_partial::<Three>(text, origin(&p), known);
        let lines: Vec<_> = diags.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(5)], "{diags:?}");
        let (three, keys) = read.expect("the other fields read");
        assert_eq!(three.title, "x");
        assert_eq!(three.date.as_deref(), Some("2025-13-01"));
        assert!(!three.draft && three.weight.is_none());
        assert_eq!(keys.position("date"), Some((7, 1)));
        // The strict read reports the same two.
        assert_eq!(
            parse_mapping::<Three>(text, origin(&p), known)
                .err()
                .map(|d| d.len()),
            Some(2)
        );
        // A required field that is wrong leaves nothing to check, and is not also missing.
        let (read, diags) =
            parse_mapping_partial::<Three>("title: [a]\ndraft: 3\n", origin(&p), known);
        assert!(read.is_none());
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(
            diags
                .iter()
                .all(|d| d.message.id() != Some("missing-field"))
        );
    }
}
