//! YAML with positions: the one place that turns serde-saphyr's errors into [`Diagnostic`]s.
//!
//! Front matter, `site.yaml` and unit data all go through [`parse_mapping`], so every YAML
//! mistake reads the same: file, line and column in the file (not in the embedded snippet),
//! the field it is about, and a hint. Unknown top-level keys are found in a first, cheap pass
//! over the keys alone so that all of them are reported at once, with a did-you-mean.

use std::fmt;
use std::path::Path;

use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, did_you_mean};

/// A top-level key of a YAML mapping and where it stands (1-based, in the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub name: String,
    pub line: u32,
    pub column: u32,
}

/// The top-level keys of a mapping, in document order, for locating later semantic errors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys(pub Vec<Key>);

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
        self.0.iter().rev().find(|k| k.line <= line)
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
    /// What the text is, for messages: "front matter", "site.yaml", "unit".
    pub what: &'a str,
}

/// Parses a YAML mapping into `T`, reporting unknown top-level keys (against `known`) and the
/// first type error, all located in the containing file.
pub fn parse_mapping<T: DeserializeOwned>(
    text: &str,
    origin: Origin<'_>,
    known: &[&str],
) -> Result<(T, Keys), Vec<Diagnostic>> {
    let text = if is_blank(text) { "{}" } else { text };
    let keys = match serde_saphyr::from_str::<KeyList>(text) {
        Ok(list) => Keys(
            list.0
                .into_iter()
                .map(|(name, line, column)| Key {
                    name,
                    line: line + origin.line_offset,
                    column,
                })
                .collect(),
        ),
        Err(err) => return Err(vec![to_diagnostic(&err, origin, &Keys::default())]),
    };
    let mut diags: Vec<Diagnostic> = keys
        .0
        .iter()
        .filter(|k| !known.contains(&k.name.as_str()))
        .map(|k| unknown_field(origin, &k.name, k.line, k.column, known))
        .collect();
    match serde_saphyr::from_str::<T>(text) {
        Ok(value) if diags.is_empty() => Ok((value, keys)),
        Ok(_) => Err(diags),
        Err(err) => {
            let d = to_diagnostic(&err, origin, &keys);
            // An unknown nested field may repeat one found by the key pass; keep one.
            let repeated = diags
                .iter()
                .any(|x| x.line == d.line && x.message == d.message);
            // `titel:` for `title:` is one mistake: its unknown-field error already says "did
            // you mean `title`?", so the missing `title` it causes is not reported as well.
            let explained = d
                .message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .is_some_and(|name| {
                    let hint = format!("did you mean `{name}`?");
                    diags
                        .iter()
                        .any(|x| x.hint.as_deref() == Some(hint.as_str()))
                });
            if !repeated && !explained {
                diags.push(d);
            }
            Err(diags)
        }
    }
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
    serde_saphyr::from_str::<T>(text).map_err(|err| to_diagnostic(&err, origin, keys))
}

/// Parses any YAML value (used for free-form `extra` data), with located errors.
pub fn parse_value<T: DeserializeOwned>(text: &str, origin: Origin<'_>) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(text).map_err(|err| to_diagnostic(&err, origin, &Keys::default()))
}

fn is_blank(text: &str) -> bool {
    text.lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

fn unknown_field(
    origin: Origin<'_>,
    name: &str,
    line: u32,
    column: u32,
    known: &[&str],
) -> Diagnostic {
    let hint = match did_you_mean(name, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("the known fields are: {}", known.join(", ")),
    };
    Diagnostic::error(origin.path, format!("unknown field `{name}`"))
        .at(line, column)
        .context(origin.what)
        .hint(hint)
}

/// Turns a serde-saphyr error into a located diagnostic with a hint for the common cases.
fn to_diagnostic(err: &serde_saphyr::Error, origin: Origin<'_>, keys: &Keys) -> Diagnostic {
    let plain = err.without_snippet().to_string();
    // The plain rendering ends in " at line N, column M"; the position is reported separately.
    let mut message = match plain.rfind(" at line ") {
        Some(i) => plain[..i].to_string(),
        None => plain,
    };
    // Advice meant for the programmer, not the editor.
    if let Some(i) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(i);
    }
    let (line, column) = err
        .location()
        .map(|l| (l.line() as u32, l.column() as u32))
        .filter(|(l, _)| *l > 0)
        .unwrap_or((1, 1));
    let line = line + origin.line_offset;

    // serde-saphyr's resource limits (an alias bomb, nesting past its depth limit) read as a
    // Rust value (`budget breached: Depth { depth: 65 }`), cut short at its second " at line ".
    if is_resource_limit(&message) {
        return Diagnostic::error(
            origin.path,
            "the YAML nests too deep or expands to too much: lists and mappings inside each \
             other, or aliases (`*name`) that repeat anchors (`&name`) of anchors",
        )
        .at(line, column)
        .context(origin.what)
        .hint("write the values out and keep lists and mappings a few levels deep; vardlots' files need no anchors or aliases");
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

    let mut context = origin.what.to_string();
    // A missing field is named in the message; the key on that line is not what is wrong.
    if let Some(key) = keys
        .at_line(line)
        .filter(|_| !message.starts_with("missing field"))
    {
        context = format!("{} field `{}`", origin.what, key.name);
    }
    let mut d = Diagnostic::error(origin.path, message.clone())
        .at(line, column)
        .context(context);
    if message.contains("boolean") {
        d = d.hint("write `true` or `false` (YAML 1.2 reads yes/no/on/off as text)");
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        d = d.hint(format!("add a `{name}:` line to the {}", origin.what));
    } else if message.starts_with("invalid u") || message.starts_with("invalid i") {
        d = d.hint("write a whole number, such as `10`");
    } else if message.contains("unclosed") {
        d = d.hint("close it, or quote the whole value: `title: \"[Nytt] Öppettider\"`");
    } else if message.contains("duplicate") {
        d = d.hint("a key may appear only once in a mapping; remove or rename one of them");
    } else if message.contains("expected") {
        d = d.hint("check the value's type and indentation; text with `:` or `#` needs quotes");
    } else if message.contains("anchor") {
        d = d.hint(
            "define the anchor (`&name`) before an alias (`*name`) uses it, or write the value out",
        );
    } else {
        // YAML syntax errors ("mapping values are not allowed in this context") name the
        // parser's view; say what usually causes them.
        d = d.hint("check the YAML here: indent with spaces, not tabs; put a space after `key:`; quote text that holds `: ` or ` #` or starts with [ { * & ! | > or a quote");
    }
    d
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
            what: "front matter",
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
                "error: content/a.md:2:1: front matter: unknown field `titel`\n  hint: did you mean `title`?",
                "error: content/a.md:4:1: front matter: unknown field `draftt`\n  hint: did you mean `draft`?",
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
        assert_eq!(
            (d.line, d.context.as_deref()),
            (Some(3), Some("front matter field `draft`"))
        );
        assert!(d.hint.as_deref().unwrap().contains("true"), "{d}");
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
}
