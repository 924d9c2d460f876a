//! What `vardlots serve` puts into the pages it serves, kept apart so that the markup and
//! script added to every page are in one place, away from the server's plumbing.

use std::path::PathBuf;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use crate::error::{Diagnostic, caret_indent};
use crate::i18n::{self, Lang};
use crate::markdown::attr;

/// The reload script and, after a failed build, the error overlay (already rendered by
/// [`overlay`]), put before `</body>`.
pub(super) fn inject(html: &[u8], overlay: &str) -> Vec<u8> {
    let mut extra = String::from(RELOAD_SCRIPT);
    extra.push_str(overlay);
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The live-reload code, served as a file: the site's policy allows no inline script.
pub const RELOAD_PATH: &str = "/__vardlots/reload.js";

/// Reloads the page when it changed, swaps the stylesheets when only they did. After a
/// failed build is fixed (`fixed`), the overlay says so (its `data-fixed` text, in the
/// editor's language) for a moment before the page reloads, so the editor sees the fix took;
/// the events that follow in that moment are left to the reload.
pub(super) const RELOAD_JS: &str = concat!(
    "(()=>{const s=new EventSource(\"",
    "/__vardlots/events",
    "\");let f=0;s.onmessage=e=>{if(f)return;const d=JSON.parse(e.data);if(d.css){for(const l of document.querySelectorAll('link[rel=stylesheet]')){const u=new URL(l.href);u.searchParams.set('r',Date.now());l.href=u.href}}else if(d.fixed){const o=document.getElementById('vardlots-overlay');if(o){f=1;o.setAttribute('data-state','fixed');o.style.borderColor='#1e6b34';o.style.inset='auto 1rem 1rem auto';o.replaceChildren(Object.assign(document.createElement('p'),{textContent:o.dataset.fixed}));o.firstChild.style.cssText='margin:0;color:#1e6b34;font-weight:bold';setTimeout(()=>location.reload(),900)}else location.reload()}else if(d.all||d.paths.includes(location.pathname))location.reload()}})()\n"
);

/// What is put into each served page to load [`RELOAD_JS`].
pub const RELOAD_SCRIPT: &str =
    "<script src=\"/__vardlots/reload.js\" data-vardlots-reload></script>";

/// `text` as HTML, with the `quoted` words of a message (field names, values, example lines)
/// set as code, as the terminal shows them between backticks.
fn words(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 && text.matches('`').count().is_multiple_of(2) {
            html.push_str("<code>");
            html.push_str(&attr(part));
            html.push_str("</code>");
        } else {
            if i > 0 && text.matches('`').count() % 2 == 1 {
                html.push('`');
            }
            html.push_str(&attr(part));
        }
    }
    html
}

/// How the overlay speaks and links: the editors' language, and `site.yaml`'s `editor_url`
/// with the site's absolute folder, so a finding opens in the editor at its line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub lang: Lang,
    pub editor_url: Option<String>,
    pub root: PathBuf,
}

impl Settings {
    /// `editor_url` with `{path}`, `{line}` and `{column}` filled in for `d`.
    fn editor_link(&self, d: &Diagnostic) -> Option<String> {
        let template = self.editor_url.as_deref()?;
        if d.path.as_os_str().is_empty() {
            return None;
        }
        let path = crate::error::display_path(&self.root.join(&d.path));
        let path = utf8_percent_encode(&path, PATH_UNSAFE).to_string();
        Some(
            template
                .replace("{path}", &path)
                .replace("{line}", &d.line.unwrap_or(1).to_string())
                .replace("{column}", &d.column.unwrap_or(1).to_string()),
        )
    }
}

/// What a file path may not hold unescaped inside an editor link.
const PATH_UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`');

const STYLE_BOX: &str = "position:fixed;inset:0;overflow:auto;background:#fff;color:#1b1b1b;border:6px solid #8a1020;padding:1.5rem;z-index:2147483647;font:1rem/1.5 system-ui,sans-serif";
const STYLE_CODE: &str = "background:#f4f4f4;border-left:4px solid #8a1020;padding:.5rem .75rem;overflow:auto;font:0.95rem/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre";

/// The overlay of a failed build: the problems in order, each with where it is (a link into
/// the editor when one is configured), what is wrong, the line itself with a caret, and
/// what to do. Empty when there are no errors.
pub(super) fn overlay(errors: &[Diagnostic], settings: &Settings) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let lang = settings.lang;
    let t = |id: &str| attr(&i18n::text(lang, id));
    let count = errors.iter().filter(|d| d.is_error()).count();
    let mut html = format!(
        "<div id=\"vardlots-overlay\" role=\"alert\" lang=\"{}\" data-fixed=\"{}\" style=\"{STYLE_BOX}\"><h2 style=\"color:#8a1020;margin-top:0\">{}</h2><p>{}</p><ol>",
        lang.code(),
        t("overlay-fixed"),
        attr(&crate::msg!("overlay-title", count = count).render(lang)),
        t("overlay-intro"),
    );
    for d in errors {
        html.push_str("<li style=\"margin-bottom:1.25rem\"><p style=\"margin:0\"><strong>");
        let label = if d.is_error() {
            "label-error"
        } else {
            "label-warning"
        };
        html.push_str(&t(label));
        html.push_str(":</strong> ");
        let location = attr(&d.location());
        match settings.editor_link(d) {
            Some(link) => html.push_str(&format!(
                "<a href=\"{}\" title=\"{}\"><code>{location}</code></a>",
                attr(&link),
                t("overlay-open-in-editor")
            )),
            None => html.push_str(&format!("<code>{location}</code>")),
        }
        if let Some(c) = &d.context {
            html.push_str(" – ");
            html.push_str(&words(&c.render(lang)));
        }
        html.push_str("</p><p style=\"margin:.25rem 0;font-size:1.15rem\">");
        html.push_str(&words(&d.message.render(lang)));
        html.push_str("</p>");
        if let (Some(line), Some(text)) = (d.line, &d.source_line) {
            let number = line.to_string();
            let pad = " ".repeat(number.len());
            html.push_str(&format!(
                "<pre style=\"{STYLE_CODE}\"><code>{number} | {}",
                attr(text)
            ));
            if let Some(column) = d.column {
                html.push_str(&format!(
                    "\n{pad} | {}<span style=\"color:#8a1020;font-weight:bold\">^</span>",
                    attr(&caret_indent(text, column))
                ));
            }
            html.push_str("</code></pre>");
        }
        if let Some(h) = &d.hint {
            html.push_str("<p style=\"margin:.25rem 0\"><strong>");
            html.push_str(&t("label-hint"));
            html.push_str(":</strong> ");
            html.push_str(&words(&h.render(lang)));
            html.push_str("</p>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// A page for when there is no good site yet: only the errors.
pub(super) fn overlay_page(overlay: &str, lang: Lang) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>vardlots</title></head><body><main><h1>{}</h1></main>{overlay}{RELOAD_SCRIPT}</body></html>",
        lang.code(),
        attr(&i18n::text(lang, "overlay-no-site")),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_and_overlay_go_before_the_body_ends() {
        let html = b"<html><body><p>x</p></body></html>";
        let errors = [Diagnostic::error(
            "content/a.md",
            crate::msg!("unknown-field", field = "titel"),
        )
        .at(3, 1)];
        let settings = Settings {
            editor_url: Some("vscode://file/{path}:{line}:{column}".into()),
            root: PathBuf::from("/sajt mapp"),
            ..Settings::default()
        };
        let out = String::from_utf8(inject(html, &overlay(&errors, &settings))).unwrap();
        assert!(out.ends_with("</div></body></html>"));
        assert!(out.contains("data-vardlots-reload"));
        assert!(out.contains("okänt fält <code>titel</code>"), "{out}");
        assert!(
            out.contains("href=\"vscode://file//sajt%20mapp/content/a.md:3:1\""),
            "{out}"
        );
    }
}
