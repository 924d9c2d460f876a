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
    /// The issue ready to be addressed to each recipient (`newsletter send`, `export`).
    pub letter: Letter,
}

/// An email image's width in the 600 px column, and the rendition for high-density screens.
pub const IMAGE_WIDTH: u32 = 600;
pub const IMAGE_WIDTHS: &[u32] = &[IMAGE_WIDTH, 2 * IMAGE_WIDTH];

/// The widths an issue's own images are made in beside the site's: 600 and 1200 px, so
/// the email does not load the web's largest rendition.
pub fn image_widths(asset: &crate::source::Asset) -> &'static [u32] {
    if asset.rel.starts_with(&format!("{}/", super::DIR)) {
        IMAGE_WIDTHS
    } else {
        &[]
    }
}

/// The encoded HTML part may reach this before a warning: Gmail clips a message at about
/// 102 KB as received, encoding and headers included.
pub const BUDGET_WARN: usize = BUDGET;
/// ... and this before it is an error, leaving the headers and the text part's share of
/// Gmail's 102 KB.
pub const BUDGET_MAX: usize = 100 * 1024;

/// Renders one issue's three files; a template fault or the size budget is a finding.
/// Warnings (a part near the budget) come back beside the mail.
pub fn render_issue(
    renderer: &Renderer,
    site: &Site,
    cfg: &NewsletterConfig,
    p: &Page,
    prepared: &Prepared,
) -> Result<(Mail, Vec<Diagnostic>), Vec<Diagnostic>> {
    let display = &p.doc.display();
    let mut ctx = email_context(prepared);
    let content = renderer
        .render_template("newsletter/content.html", &ctx, display)
        .map_err(|d| vec![d])?;
    let content = without_sectioning(&content);
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
    let mut warnings = Vec::new();
    // Measured as sent: the part quoted-printable or base64 encoded, as lettre encodes it.
    let sent = SinglePart::html(html.clone()).formatted().len();
    if sent > BUDGET_WARN {
        let d = if sent > BUDGET_MAX {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        let d = d(
            display,
            msg!(
                "newsletter-too-large",
                size = format!("{:.1}", sent as f64 / 1024.0),
                written = format!("{:.1}", html.len() as f64 / 1024.0),
                limit = if sent > BUDGET_MAX {
                    BUDGET_MAX
                } else {
                    BUDGET_WARN
                } / 1024
            ),
        )
        .at_line(1)
        .context(msg!("context-file", what = "newsletter"))
        .hint(msg!("newsletter-too-large-hint"));
        if d.is_error() {
            return Err(vec![d]);
        }
        warnings.push(d);
    }
    let text = plain_text(&content);
    let letter = letter(site, cfg, p, prepared, &text, &html).map_err(|e| {
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
    let eml = letter
        .message(&letter.placeholder())
        .map_err(|e| {
            vec![
                Diagnostic::error(
                    display,
                    msg!("newsletter-email-not-built", detail = e.to_string()),
                )
                .at_line(1)
                .context(msg!("context-file", what = "newsletter"))
                .hint(msg!("newsletter-email-failed-hint")),
            ]
        })?
        .formatted();
    Ok((
        Mail {
            html,
            text,
            eml,
            letter,
        },
        warnings,
    ))
}

/// HTML5's sectioning elements as `div`, and `time` as `span`: Outlook for Windows and
/// Yahoo drop the styles of elements they do not know. A theme's own templates may use them
/// freely; the email never has them.
pub fn without_sectioning(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "header", "footer", "section", "article", "aside", "nav", "main",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = if closing { 2 } else { 1 };
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let slash = if closing { "/" } else { "" };
        if BLOCKS.contains(&name.as_str()) {
            out.push('<');
            out.push_str(slash);
            out.push_str("div");
            // A div has no name: `aria-labelledby` is not allowed on it (ARIA 1.2).
            let attrs = &rest[name_start + name_len..end];
            match attrs.find(" aria-labelledby=\"") {
                Some(a) => {
                    let value_end = attrs[a + 18..]
                        .find('"')
                        .map_or(attrs.len(), |v| a + 18 + v + 1);
                    out.push_str(&attrs[..a]);
                    out.push_str(&attrs[value_end..]);
                }
                None => out.push_str(attrs),
            }
            rest = &rest[end..];
        } else if name == "time" {
            // Its `datetime` is for machines; the text says the date.
            out.push_str(&format!("<{slash}span>"));
            rest = &rest[end..];
        } else {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
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
    let text = html2text::config::plain_no_decorate()
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
    without_markers(out.trim()) + "\n"
}

/// html2text's Markdown-like marks as a mail program's plain text has them: a heading's
/// `#` become a line under it (`=` for the title, `-` for a section), a link's
/// `[text][1]` becomes `text [1]`.
fn without_markers(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut heading: Option<(usize, Vec<String>)> = None;
    let flush = |out: &mut Vec<String>, h: &mut Option<(usize, Vec<String>)>| {
        if let Some((level, lines)) = h.take() {
            let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
            out.extend(lines);
            match level {
                1 => out.push("=".repeat(width)),
                2 => out.push("-".repeat(width)),
                _ => {}
            }
        }
    };
    for line in text.lines() {
        let hashes = line.chars().take_while(|c| *c == '#').count();
        let level = (hashes > 0 && line[hashes..].starts_with(' ')).then_some(hashes);
        match (level, heading.as_mut()) {
            (Some(l), Some((hl, lines))) if *hl == l => lines.push(line[l + 1..].to_string()),
            (Some(l), _) => {
                flush(&mut out, &mut heading);
                heading = Some((l, vec![line[l + 1..].to_string()]));
            }
            (None, _) => {
                flush(&mut out, &mut heading);
                out.push(line.to_string());
            }
        }
    }
    flush(&mut out, &mut heading);
    let text = out.join("\n");
    // `[text][n]`, the text possibly wrapped over lines.
    let mut result = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("][").and_then(|close| {
            let inner = &after[..close];
            let tail = &after[close + 2..];
            let digits = tail
                .find(']')
                .filter(|&d| d > 0 && tail[..d].bytes().all(|b| b.is_ascii_digit()))?;
            (!inner.contains(['[', ']'])).then_some((
                inner,
                &tail[..digits],
                close + 2 + digits + 1,
            ))
        });
        match link {
            Some((inner, n, used)) => {
                result.push_str(&rest[..open]);
                result.push_str(inner);
                result.push_str(&format!(" [{n}]"));
                rest = &after[used..];
            }
            None => {
                result.push_str(&rest[..open + 1]);
                rest = after;
            }
        }
    }
    result.push_str(rest);
    result
}

/// The host of the site's address, for the Message-ID and the default sender.
fn host(site: &Site) -> &str {
    let base = &site.config.base_url;
    let after = base.find("://").map_or(0, |i| i + 3);
    let rest = &base[after..];
    rest.split(['/', ':']).next().unwrap_or(rest)
}

/// One issue, rendered and ready to be addressed: what every copy shares.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The issue's folder in the output, e.g. `nyhetsbrev/jul/`.
    pub dir: String,
    pub number: u32,
    pub subject: String,
    pub preheader: String,
    pub html: String,
    pub text: String,
    pub from: Mailbox,
    pub reply_to: Option<Mailbox>,
    /// The issue's date: the Date of the ready `.eml`.
    pub date: SystemTime,
    /// The site's language, for Content-Language.
    pub language: String,
    /// `List-Id`'s value.
    pub list_id: String,
    /// The site's host, for Message-IDs.
    pub host: String,
    /// A hash of subject and both parts: a corrected issue gets a new Message-ID, so mail
    /// programs do not drop the resend as a duplicate.
    pub hash: String,
    pub config: NewsletterConfig,
}

/// What differs between copies of a letter: the recipient and their unsubscribe address.
pub struct Addressing {
    pub to: Mailbox,
    /// The List-Unsubscribe addresses, in order.
    pub unsubscribe: Vec<String>,
    /// Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): the https
    /// address unsubscribes on a POST without further questions.
    pub one_click: bool,
    /// The footer's unsubscribe link as it stands in the rendered parts, and what replaces
    /// it for this recipient.
    pub footer: Option<(String, String)>,
    pub date: SystemTime,
    pub message_id: String,
    pub subject_prefix: String,
}

/// Builds the letter of an issue from its rendered parts and the newsletter settings.
fn letter(
    site: &Site,
    cfg: &NewsletterConfig,
    p: &Page,
    prepared: &Prepared,
    text: &str,
    html: &str,
) -> Result<Letter, String> {
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
    let mut seed = Vec::with_capacity(issue.subject.len() + text.len() + html.len());
    seed.extend_from_slice(issue.subject.as_bytes());
    seed.extend_from_slice(text.as_bytes());
    seed.extend_from_slice(html.as_bytes());
    let host = host(site).to_string();
    let list_id = cfg
        .list_id
        .clone()
        .unwrap_or_else(|| format!("nyhetsbrev.{host}"));
    Ok(Letter {
        dir: p.url().trim_start_matches('/').to_string(),
        number: issue.number,
        subject: issue.subject.clone(),
        preheader: issue.preheader.clone(),
        html: html.to_string(),
        text: text.to_string(),
        from: mailbox(&from)?,
        reply_to: cfg.reply_to.as_deref().map(mailbox).transpose()?,
        date: SystemTime::UNIX_EPOCH + Duration::from_secs(when.as_second().max(0) as u64),
        language: site.config.language.clone(),
        list_id: format!(
            "{} <{list_id}>",
            site.config
                .title
                .replace(['"', '\\', '<', '>', '(', ')', ',', ';', ':'], "")
        ),
        host,
        hash: format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&seed)),
        config: cfg.clone(),
    })
}

impl Letter {
    /// The ready `.eml`'s addressing: the settings' placeholder `To`, the configured
    /// List-Unsubscribe, the issue's date; the same bytes on every build.
    pub fn placeholder(&self) -> Addressing {
        Addressing {
            to: self.config.to.parse().unwrap_or_else(|_| self.from.clone()),
            unsubscribe: self.config.list_unsubscribe.clone(),
            one_click: self.config.one_click,
            footer: None,
            date: self.date,
            message_id: format!("<nyhetsbrev-{}.{}@{}>", self.number, self.hash, self.host),
            subject_prefix: String::new(),
        }
    }

    /// The message for one recipient. Text first, HTML last; Message-ID, List-Id,
    /// Content-Language and `Precedence: bulk` (bulk mail, so auto-replies stay away).
    pub fn message(&self, a: &Addressing) -> Result<Message, String> {
        let (mut html, mut text) = (self.html.clone(), self.text.clone());
        if let Some((marker, link)) = &a.footer {
            html = html.replace(marker.as_str(), &escape_attr(link));
            text = text.replace(marker.as_str(), link);
        }
        let mut b = Message::builder()
            .from(self.from.clone())
            .to(a.to.clone())
            .subject(format!("{}{}", a.subject_prefix, self.subject))
            .date(a.date)
            .message_id(Some(a.message_id.clone()));
        if let Some(r) = &self.reply_to {
            b = b.reply_to(r.clone());
        }
        let mut raw = |name: &'static str, value: String| {
            b = std::mem::replace(&mut b, Message::builder()).raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str(name),
                value,
            ));
        };
        raw("List-Id", self.list_id.clone());
        raw("Content-Language", self.language.clone());
        raw("Precedence", "bulk".into());
        if !a.unsubscribe.is_empty() {
            let value = a
                .unsubscribe
                .iter()
                .map(|u| format!("<{u}>"))
                .collect::<Vec<_>>()
                .join(", ");
            raw("List-Unsubscribe", value);
            if a.one_click && a.unsubscribe.iter().any(|u| !u.starts_with("mailto:")) {
                raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into());
            }
        }
        // A boundary from the parts themselves: random ones would change every build.
        let mut seed = Vec::with_capacity(text.len() + html.len());
        seed.extend_from_slice(text.as_bytes());
        seed.extend_from_slice(html.as_bytes());
        let boundary = format!("vardlots-{:016x}", xxhash_rust::xxh3::xxh3_64(&seed));
        let parts = MultiPart::alternative()
            .boundary(boundary)
            .singlepart(SinglePart::plain(text))
            .singlepart(SinglePart::html(html));
        b.multipart(parts).map_err(|e| e.to_string())
    }
}

/// `&`, `"`, `<` and `>` as HTML writes them in an attribute.
fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
