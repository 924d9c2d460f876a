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
    /// The field or construct the finding is about, e.g. "front matter field `date`".
    pub context: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            context: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
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

    pub fn context(mut self, context: impl Into<String>) -> Self {
        self.context = Some(context.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
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
}

/// Renders as `error: path:line:col: context: message` with an indented `hint:` line, the
/// form compilers use, so editors and CI logs can jump to the place.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: ", self.severity, self.location())?;
        if let Some(context) = &self.context {
            write!(f, "{context}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Paths are shown with forward slashes on every platform so messages are stable in tests.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
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
    #[error("{count} error{s} in the site's sources", count = .0.iter().filter(|d| d.is_error()).count(), s = if .0.iter().filter(|d| d.is_error()).count() == 1 { "" } else { "s" })]
    Content(Vec<Diagnostic>),
    /// The command was asked to do something it must refuse, such as replacing a directory
    /// vardlots did not create.
    #[error("{message}")]
    Refused { message: String, hint: String },
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
        let d = Diagnostic::error("content/a.md", "unknown field `titel`")
            .at(3, 1)
            .context("front matter")
            .hint("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: content/a.md:3:1: front matter: unknown field `titel`\n  hint: did you mean `title`?"
        );
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "date"]), None);
    }
}
