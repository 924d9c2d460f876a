//! `site.yaml`'s `newsletter:` settings: who the email is from, the recipient placeholder,
//! List-Unsubscribe and the issues' feed.

use std::path::Path;
use std::str::FromStr;

use lettre::message::Mailbox;
use serde::Deserialize;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::msg;

/// `site.yaml` as the newsletter reads it: its one field.
#[derive(Deserialize)]
struct Section {
    #[serde(default)]
    newsletter: NewsletterConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewsletterConfig {
    /// `Namn <adress>`; by default the site's title at `nyhetsbrev@` the site's host.
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub reply_to: Option<String>,
    /// The `To` of the ready `.eml`: a placeholder the mail service replaces.
    #[serde(default = "default_to")]
    pub to: String,
    /// `mailto:` and `https:` addresses for the List-Unsubscribe header.
    #[serde(default)]
    pub list_unsubscribe: Vec<String>,
    /// Adds `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058); only when the
    /// https address really unsubscribes on a POST.
    #[serde(default)]
    pub one_click: bool,
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// For `newsletter send`: each recipient's unsubscribe address, with `{email}` (the
    /// address, percent-encoded) and `{token}` (an HMAC-SHA256 of the address under
    /// `VARDLOTS_UNSUBSCRIBE_SECRET`, so nobody can unsubscribe someone else).
    #[serde(default)]
    pub unsubscribe_url: Option<String>,
    /// A mailing service's merge tags, which pass through as written and which the service
    /// fills per recipient (Listmonk: `{{ UnsubscribeURL }}`).
    #[serde(default)]
    pub merge_tags: MergeTags,
    /// The List-Id's identifier; by default `nyhetsbrev.` and the site's host.
    #[serde(default)]
    pub list_id: Option<String>,
    /// The footer's unsubscribe link for this run, in place of the configured one: set by
    /// `newsletter send` (a per-recipient marker) and `export` (the service's merge tag).
    #[serde(skip)]
    pub footer_unsubscribe: Option<String>,
}

/// Merge tags of a mailing service (`--format listmonk` / `files`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeTags {
    /// The recipient's own unsubscribe address, e.g. `{{ UnsubscribeURL }}`.
    #[serde(default)]
    pub unsubscribe: Option<String>,
}

impl Default for NewsletterConfig {
    fn default() -> Self {
        NewsletterConfig {
            from: None,
            reply_to: None,
            to: default_to(),
            list_unsubscribe: Vec::new(),
            one_click: false,
            feed_limit: default_feed_limit(),
            unsubscribe_url: None,
            merge_tags: MergeTags::default(),
            list_id: None,
            footer_unsubscribe: None,
        }
    }
}

fn default_to() -> String {
    "Mottagare <mottagare@example.invalid>".into()
}

fn default_feed_limit() -> usize {
    20
}

impl NewsletterConfig {
    /// Reads and checks the `newsletter:` settings of `site.yaml`.
    pub fn read(config: &Config) -> Result<NewsletterConfig, Vec<Diagnostic>> {
        let section: Section = config.section().map_err(|d| vec![d])?;
        let diags = check(&section.newsletter, config.keys.position("newsletter"));
        if diags.is_empty() {
            Ok(section.newsletter)
        } else {
            Err(diags)
        }
    }

    /// The https address of List-Unsubscribe.
    pub fn unsubscribe_page(&self) -> Option<&str> {
        self.list_unsubscribe
            .iter()
            .map(String::as_str)
            .find(|u| u.starts_with("https://"))
    }

    /// The address the email's footer links to for unsubscribing: the https one, else the
    /// mailto one.
    pub fn unsubscribe_link(&self) -> Option<&str> {
        if let Some(link) = &self.footer_unsubscribe {
            return Some(link);
        }
        self.unsubscribe_page()
            .or_else(|| self.list_unsubscribe.first().map(String::as_str))
    }
}

/// Checks the values serde cannot: the addresses. Located at the `newsletter` key.
fn check(c: &NewsletterConfig, at: Option<(u32, u32)>) -> Vec<Diagnostic> {
    let path = Path::new(crate::config::CONFIG_FILE);
    let mut diags = Vec::new();
    let locate = |d: Diagnostic| match at {
        Some((l, col)) => d.at(l, col),
        None => d,
    };
    let mailboxes = [
        ("from", c.from.as_deref()),
        ("reply_to", c.reply_to.as_deref()),
        ("to", Some(c.to.as_str())),
    ];
    for (field, value) in mailboxes {
        if let Some(v) = value
            && Mailbox::from_str(v).is_err()
        {
            diags.push(locate(
                Diagnostic::error(path, msg!("newsletter-not-an-address", value = v))
                    .context(msg!(
                        "context-field",
                        what = "site",
                        field = format!("newsletter.{field}")
                    ))
                    .hint(msg!("newsletter-not-an-address-hint", field = field)),
            ));
        }
    }
    let is_tag = |u: &str| c.merge_tags.unsubscribe.as_deref() == Some(u);
    for u in c.list_unsubscribe.iter().filter(|u| !is_tag(u)) {
        let ok =
            (u.starts_with("mailto:") && u.len() > 7) || (u.starts_with("https://") && u.len() > 8);
        if !ok || u.contains(['<', '>', ',', ' ']) {
            diags.push(locate(
                Diagnostic::error(path, msg!("newsletter-bad-unsubscribe", value = u.as_str()))
                    .context(msg!(
                        "context-field",
                        what = "site",
                        field = "newsletter.list_unsubscribe"
                    ))
                    .hint(msg!("newsletter-bad-unsubscribe-hint")),
            ));
        }
    }
    if let Some(u) = &c.unsubscribe_url {
        let ok = (u.starts_with("https://") || u.starts_with("mailto:"))
            && u.contains("{email}")
            && !u.contains(['<', '>', ',', ' ', '"']);
        if !ok {
            diags.push(locate(
                Diagnostic::error(
                    path,
                    msg!("newsletter-unsubscribe-template", value = u.as_str()),
                )
                .context(msg!(
                    "context-field",
                    what = "site",
                    field = "newsletter.unsubscribe_url"
                ))
                .hint(msg!("newsletter-unsubscribe-template-hint")),
            ));
        }
    }
    if c.one_click
        && c.unsubscribe_page().is_none()
        && !c.list_unsubscribe.iter().any(|u| is_tag(u))
    {
        diags.push(locate(
            Diagnostic::error(path, msg!("newsletter-one-click"))
                .context(msg!(
                    "context-field",
                    what = "site",
                    field = "newsletter.one_click"
                ))
                .hint(msg!("newsletter-one-click-hint")),
        ));
    }
    diags
}
