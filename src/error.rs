//! Errors are data.
//!
//! Content mistakes become [`Diagnostic`]s that carry the file, line, column, the field or
//! construct, and a hint, so a build can collect every one of them and report them together.
//! Failures of the machine (I/O, a refused output directory) are [`Error`] variants that
//! always name their path. The CLI turns both into an `error:` / `hint:` report.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use crate::i18n::{Arg, Lang, Message, display_path};
use crate::msg;

/// How serious a finding is: errors fail the build, warnings are printed and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One finding about the site's sources, located as precisely as the source allows.
///
/// `path` is relative to the site root (`content/nyheter/a.md`, `templates/page.html`) so the
/// same text reads well in a terminal, a CI log and the browser overlay.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The field or construct the finding is about, e.g. the page's field `date`.
    pub context: Option<Message>,
    pub message: Message,
    /// What to do about it.
    pub hint: Option<Message>,
    /// The line of the file the finding points at, quoted under the message with a caret.
    /// Filled in by the pipeline from the sources it read (see `source::quote_lines`).
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// `message` is a catalogue message, `msg!("id", arg = value)`; see `locales/`.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            context: None,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    pub fn context(mut self, context: impl Into<Message>) -> Self {
        self.context = Some(context.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:column`, with whatever part of the position is known.
    pub fn location(&self) -> String {
        let mut s = display_path(&self.path);
        if let Some(line) = self.line {
            s.push_str(&format!(":{line}"));
            if let Some(col) = self.column {
                s.push_str(&format!(":{col}"));
            }
        }
        s
    }

    /// The finding as an editor reads it in `lang`: `fel: path:line:col: context: message`
    /// (the form compilers use, so editors and CI logs can jump to the place), the line
    /// itself with a caret under the column, and an indented `tips:` line.
    pub fn render(&self, lang: Lang) -> String {
        let label = match self.severity {
            Severity::Error => "label-error",
            Severity::Warning => "label-warning",
        };
        let mut s = format!("{}: {}: ", crate::i18n::text(lang, label), self.location());
        if let Some(context) = &self.context {
            s.push_str(&context.render(lang));
            s.push_str(": ");
        }
        s.push_str(&self.message.render(lang));
        if let (Some(line), Some(text)) = (self.line, &self.source_line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            s.push_str(&format!("\n  {number} | {text}"));
            if let Some(column) = self.column {
                s.push_str(&format!("\n  {pad} | {}^", caret_indent(text, column)));
            }
        }
        if let Some(hint) = &self.hint {
            s.push_str(&format!(
                "\n  {}: {}",
                crate::i18n::text(lang, "label-hint"),
                hint.render(lang)
            ));
        }
        s
    }
}

/// The blanks that put a caret under the 1-based `column` of `line`: tabs stay tabs so the
/// caret lines up in a terminal whatever its tab width.
pub fn caret_indent(line: &str, column: u32) -> String {
    line.chars()
        .take(column.saturating_sub(1) as usize)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect()
}

/// In English, for logs and tests; the CLI and the overlay use [`Diagnostic::render`] in the
/// site's language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// Sorts findings by file and position and drops exact repeats (a template fault hit by
/// every page is reported once).
pub fn sort_and_dedup(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| {
        (a.severity, &a.path, a.line, a.column, &a.message)
            .cmp(&(b.severity, &b.path, b.line, b.column, &b.message))
    });
    diags.dedup();
}

/// Why a command failed. `Content` means the sources have mistakes (exit code 1); the other
/// variants mean the command could not do its work at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", display_path(.path))]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}", content_summary(.0, Lang::En))]
    Content(Vec<Diagnostic>),
    /// The command was asked to do something it must refuse, such as replacing a directory
    /// vardlots did not create.
    #[error("{message}")]
    Refused { message: Message, hint: Message },
}

/// `3 fel i webbplatsens källor; inget skrevs` / `3 errors in the site's sources`.
pub fn content_summary(diags: &[Diagnostic], lang: Lang) -> String {
    let count = diags.iter().filter(|d| d.is_error()).count();
    msg!("summary-errors", count = count).render(lang)
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The process exit code for this failure: 1 for content errors, 2 for usage or I/O.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            Error::Io { .. } | Error::Refused { .. } => 2,
        }
    }
}

/// Attaches the path to an I/O result, so that no I/O error reaches the user without one.
pub trait IoContext<T> {
    fn at_path(self, path: &Path) -> Result<T, Error>;
}

impl<T> IoContext<T> for io::Result<T> {
    fn at_path(self, path: &Path) -> Result<T, Error> {
        self.map_err(|source| Error::io(path, source))
    }
}

// Messages about files the build may not read. Their words are in `locales/*/diagnostics.ftl`.

/// A link (or a folder reached through one) that resolves outside the site's folder.
pub fn outside_site(path: &Path, target: &Path, real: &Path) -> Diagnostic {
    let message = if target != real {
        msg!("link-outside-site-via", target = target, real = real)
    } else {
        msg!("link-outside-site", target = target)
    };
    Diagnostic::error(path, message)
        .context(msg!("context-link"))
        .hint(msg!("link-outside-site-hint"))
}

/// A link whose target does not exist.
pub fn broken_link(path: &Path, target: &Path) -> Diagnostic {
    Diagnostic::error(path, msg!("link-broken", target = target))
        .context(msg!("context-link"))
        .hint(msg!("link-broken-hint"))
}

/// Links that lead back into a folder that contains them.
pub fn link_loop(path: &Path) -> Diagnostic {
    Diagnostic::error(path, msg!("link-loop"))
        .context(msg!("context-link"))
        .hint(msg!("link-loop-hint"))
}

/// A fifo, socket or device among the sources; `kind` is `fifo`, `socket` or `device`.
pub fn special_file(path: &Path, kind: &str) -> Diagnostic {
    Diagnostic::error(path, msg!("special-file", kind = kind)).hint(msg!("special-file-hint"))
}

/// A source that exists but cannot be examined (permissions and the like).
pub fn unreadable_source(path: &Path, err: &io::Error) -> Diagnostic {
    let message = if err.kind() == io::ErrorKind::PermissionDenied {
        msg!("unreadable-permission")
    } else {
        msg!("unreadable", reason = err.kind().to_string())
    };
    Diagnostic::error(path, message).hint(msg!("unreadable-hint"))
}

/// Text that is not UTF-8, located at its first bad byte. `bytes` is the file without its
/// byte-order mark; `err` is where decoding it failed.
pub fn not_utf8(path: &Path, bytes: &[u8], err: std::str::Utf8Error) -> Diagnostic {
    let at = err.valid_up_to();
    // Valid up to `at`, so this is exact.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let bad = bytes.get(at).copied().unwrap_or_default();
    let byte = format!("0x{bad:02X}");
    let hint = match looks_windows_1252(bytes, at, err.error_len()) {
        Some(c) => msg!(
            "not-utf8-hint-windows-1252",
            byte = byte.as_str(),
            letter = c
        ),
        None => msg!("not-utf8-hint"),
    };
    Diagnostic::error(path, msg!("not-utf8", byte = byte))
        .at(line as u32, column as u32)
        .context(msg!("context-encoding"))
        .hint(hint)
}

/// The Windows-1252 character of the bad byte at `at`, when the bytes look like that
/// encoding: a byte of 0x80–0xFF standing alone (not followed by a UTF-8 continuation
/// byte), which UTF-8 never has. Swedish text saved by older Windows tools (å 0xE5, ä 0xE4,
/// ö 0xF6, é 0xE9) looks like this.
fn looks_windows_1252(bytes: &[u8], at: usize, error_len: Option<usize>) -> Option<char> {
    let bad = *bytes.get(at)?;
    if error_len != Some(1) || bad < 0x80 {
        return None;
    }
    let alone = bytes.get(at + 1).is_none_or(|b| !(0x80..0xC0).contains(b));
    if !alone {
        return None;
    }
    let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes[at..at + 1]);
    decoded.chars().next().filter(|c| !c.is_control())
}

/// The closest known name to `unknown`, for "did you mean" hints.
pub fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_location_context_and_hint() {
        let mut d = Diagnostic::error("content/a.md", msg!("unknown-field", field = "titel"))
            .at(3, 3)
            .context(msg!("context-file", what = "page"))
            .hint(msg!("unknown-field-did-you-mean", suggestion = "title"));
        d.source_line = Some("\ttitel: B".into());
        assert_eq!(
            d.render(Lang::Sv),
            "fel: content/a.md:3:3: sidans inställningar (mellan raderna ---): okänt fält `titel`\n  3 | \ttitel: B\n    | \t ^\n  tips: menade du `title`?"
        );
        assert!(
            d.to_string()
                .starts_with("error: content/a.md:3:3: the page's settings")
        );
    }

    fn diagnose(path: &str, bytes: &[u8]) -> Diagnostic {
        let err = std::str::from_utf8(bytes).expect_err("not UTF-8");
        not_utf8(Path::new(path), bytes, err)
    }

    #[test]
    fn not_utf8_is_located_at_the_first_bad_byte() {
        let bytes = b"---\ntitle: Caf\xE9\n";
        let d = diagnose("content/a.md", bytes);
        assert_eq!((d.line, d.column), (Some(2), Some(11)));
        assert!(
            d.hint
                .unwrap()
                .to_string()
                .contains("Windows-1252 (Latin-1), where byte 0xE9 is `é`")
        );
    }

    #[test]
    fn letters_side_by_side_are_called_windows_1252() {
        let bytes = b"namn: \xE5\xE4\xF6\n";
        let d = diagnose("a.yaml", bytes);
        assert_eq!((d.line, d.column), (Some(1), Some(7)));
        assert!(d.hint.unwrap().to_string().contains("0xE5 is `å`"));
    }

    #[test]
    fn cut_off_utf8_is_not_called_windows_1252() {
        // The first byte of a two-byte `é`, then ASCII: UTF-8 cut short, not a lone byte.
        let bytes = b"a\xC3\xA9b\xC3";
        let d = diagnose("a.md", bytes);
        assert!(!d.hint.unwrap().to_string().contains("Windows-1252"));
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
