//! What `vardlots serve` puts into the pages it serves, kept apart so that the markup and
//! script added to every page are in one place, away from the server's plumbing.

use crate::error::Diagnostic;

/// The reload script and, after a failed build, the error overlay, put before `</body>`.
pub(super) fn inject(html: &[u8], errors: &[Diagnostic]) -> Vec<u8> {
    let mut extra = String::from(RELOAD_SCRIPT);
    if !errors.is_empty() {
        extra.push_str(&overlay(errors));
    }
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

/// Reloads the page when it changed, swaps the stylesheets when only they did.
pub(super) const RELOAD_JS: &str = concat!(
    "(()=>{const s=new EventSource(\"",
    "/__vardlots/events",
    "\");s.onmessage=e=>{const d=JSON.parse(e.data);if(d.css){for(const l of document.querySelectorAll('link[rel=stylesheet]')){const u=new URL(l.href);u.searchParams.set('r',Date.now());l.href=u.href}}else if(d.all||d.paths.includes(location.pathname))location.reload()}})()\n"
);

/// What is put into each served page to load [`RELOAD_JS`].
pub const RELOAD_SCRIPT: &str =
    "<script src=\"/__vardlots/reload.js\" data-vardlots-reload></script>";

fn overlay(errors: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div id=\"vardlots-overlay\" role=\"alert\" style=\"position:fixed;inset:0;overflow:auto;background:#fff;color:#1b1b1b;border:6px solid #8a1020;padding:1.5rem;z-index:2147483647;font:1rem/1.5 system-ui,sans-serif\"><h2 style=\"color:#8a1020;margin-top:0\">The build failed</h2><p>The site below is the last one that built. Fix these and save:</p><ol>",
    );
    for d in errors {
        html.push_str("<li><p><strong>");
        html.push_str(&crate::markdown::attr(&d.location()));
        html.push_str("</strong>: ");
        if let Some(c) = &d.context {
            html.push_str(&crate::markdown::attr(c));
            html.push_str(": ");
        }
        html.push_str(&crate::markdown::attr(&d.message));
        html.push_str("</p>");
        if let Some(h) = &d.hint {
            html.push_str("<p>hint: ");
            html.push_str(&crate::markdown::attr(h));
            html.push_str("</p>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ol></div>");
    html
}

/// A page for when there is no good site yet: only the errors.
pub(super) fn overlay_page(errors: &[Diagnostic]) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>vardlots</title></head><body><main><h1>No site yet</h1></main>{}{}</body></html>",
        if errors.is_empty() { String::new() } else { overlay(errors) },
        RELOAD_SCRIPT
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_and_overlay_go_before_the_body_ends() {
        let html = b"<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(
            html,
            &[Diagnostic::error("content/a.md", "fel").at(3, 1)],
        ))
        .unwrap();
        assert!(out.ends_with("</div></body></html>"));
        assert!(out.contains("data-vardlots-reload"));
        assert!(out.contains("<strong>content/a.md:3:1</strong>: fel"));
    }
}
