//! One issue as email: the HTML with its CSS inlined, the plain text, and the `.eml`.
//!
//! The content is rendered once, by `newsletter/content.html`, as plain semantic HTML.
//! `newsletter/email.html` puts it in the one-column layout for the HTML part; the plain
//! text is made from the content alone, so the layout tables never reach it.

use std::time::{Duration, SystemTime};

use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};

use super::NewsletterConfig;
use super::{BUDGET, Prepared, TEXT_WIDTH, email_context};
use crate::error::Diagnostic;
use crate::msg;
use crate::render::Renderer;
use crate::site::{Page, Site};

pub struct Mail {
    pub html: String,
    pub text: String,
    pub eml: Vec<u8>,
}

/// Renders one issue's three files; a template fault or the size budget is a finding.
pub fn render_issue(
    renderer: &Renderer,
    site: &Site,
    cfg: &NewsletterConfig,
    p: &Page,
    prepared: &Prepared,
) -> Result<Mail, Vec<Diagnostic>> {
    let display = &p.doc.display;
    let mut ctx = email_context(prepared);
    let content = renderer
        .render_template("newsletter/content.html", &ctx, display)
        .map_err(|d| vec![d])?;
    ctx.insert_value("content", tera::Value::safe_string(&content));
    let layout = renderer
        .render_template("newsletter/email.html", &ctx, display)
        .map_err(|d| vec![d])?;
    let html = inline_css(&layout).map_err(|e| {
        vec![
            Diagnostic::error(display, msg!("newsletter-css", detail = e.to_string()))
                .at_line(1)
                .context(msg!("context-file", what = "newsletter"))
                .hint(msg!("newsletter-css-hint")),
        ]
    })?;
    if html.len() > BUDGET {
        return Err(vec![
            Diagnostic::error(
                display,
                msg!(
                    "newsletter-too-large",
                    size = format!("{:.1}", html.len() as f64 / 1024.0),
                    limit = BUDGET / 1024
                ),
            )
            .at_line(1)
            .context(msg!("context-file", what = "newsletter"))
            .hint(msg!("newsletter-too-large-hint")),
        ]);
    }
    let text = plain_text(&content);
    let eml = message(site, cfg, p, prepared, &text, &html).map_err(|e| {
        vec![
            Diagnostic::error(
                display,
                msg!("newsletter-email-failed", detail = e.to_string()),
            )
            .at_line(1)
            .context(msg!("context-file", what = "newsletter"))
            .hint(msg!("newsletter-email-failed-hint")),
        ]
    })?;
    Ok(Mail { html, text, eml })
}

/// Inlines the `<style>` rules into `style` attributes; `@media` rules (dark mode, narrow
/// screens) stay in a `<style>`, since they cannot be inlined. Nothing is fetched.
pub fn inline_css(html: &str) -> Result<String, css_inline::InlineError> {
    css_inline::CSSInliner::options()
        .keep_at_rules(true)
        .load_remote_stylesheets(false)
        .keep_link_tags(false)
        .build()
        .inline(html)
}

/// The content as plain text, wrapped at [`TEXT_WIDTH`], links as numbered footnotes.
pub fn plain_text(content_html: &str) -> String {
    let text = html2text::config::plain()
        .link_footnotes(true)
        .no_link_wrapping()
        .string_from_read(content_html.as_bytes(), TEXT_WIDTH)
        .unwrap_or_default();
    // Trailing spaces would be stripped or mangled on the way; the text needs none.
    let mut out: String = text
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n");
    while out.contains("\n\n\n") {
        out = out.replace("\n\n\n", "\n\n");
    }
    out.trim().to_string() + "\n"
}

/// The host of the site's address, for the Message-ID and the default sender.
fn host(site: &Site) -> &str {
    let base = &site.config.base_url;
    let after = base.find("://").map_or(0, |i| i + 3);
    let rest = &base[after..];
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// The `.eml`: From, To (a placeholder), Subject, Date and Message-ID from the issue,
/// List-Unsubscribe when configured; text first, HTML last.
pub fn message(
    site: &Site,
    cfg: &NewsletterConfig,
    p: &Page,
    prepared: &Prepared,
    text: &str,
    html: &str,
) -> Result<Vec<u8>, String> {
    let issue = &prepared.issue;
    let from = match &cfg.from {
        Some(f) => f.clone(),
        None => format!("{} <nyhetsbrev@{}>", site.config.title, host(site)),
    };
    let mailbox = |s: &str| s.parse::<Mailbox>().map_err(|e| format!("`{s}`: {e}"));
    let date = p.doc.date.unwrap_or_default();
    let when = date
        .to_zoned(crate::unit::stockholm().clone())
        .map_err(|e| e.to_string())?
        .timestamp();
    let st = SystemTime::UNIX_EPOCH + Duration::from_secs(when.as_second().max(0) as u64);
    let message_id = format!(
        "<nyhetsbrev-{}.{}@{}>",
        issue.number,
        date.date().strftime("%Y%m%d"),
        host(site)
    );
    let mut b = Message::builder()
        .from(mailbox(&from)?)
        .to(mailbox(&cfg.to)?)
        .subject(issue.subject.as_str())
        .date(st)
        .message_id(Some(message_id));
    if let Some(r) = &cfg.reply_to {
        b = b.reply_to(mailbox(r)?);
    }
    if !cfg.list_unsubscribe.is_empty() {
        let value = cfg
            .list_unsubscribe
            .iter()
            .map(|u| format!("<{u}>"))
            .collect::<Vec<_>>()
            .join(", ");
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            value,
        ));
        if cfg.one_click {
            b = b.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
        }
    }
    // A boundary from the parts themselves: random ones would change every build.
    let mut seed = Vec::with_capacity(text.len() + html.len());
    seed.extend_from_slice(text.as_bytes());
    seed.extend_from_slice(html.as_bytes());
    let boundary = format!("vardlots-{:016x}", xxhash_rust::xxh3::xxh3_64(&seed));
    let parts = MultiPart::alternative()
        .boundary(boundary)
        .singlepart(SinglePart::plain(text.to_string()))
        .singlepart(SinglePart::html(html.to_string()));
    let m = b.multipart(parts).map_err(|e| e.to_string())?;
    Ok(m.formatted())
}
