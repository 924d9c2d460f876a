//! `vardlots newsletter export ISSUE --format listmonk|files`: an issue handed to a mailing
//! service, which keeps the list and sends. The footer's unsubscribe link is the service's
//! merge tag (`newsletter.merge_tags.unsubscribe`; Listmonk's `{{ UnsubscribeURL }}` by
//! default for `listmonk`), which the service fills for each recipient.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::Error;
use crate::newsletter::email::Letter;
use crate::newsletter_cli;
use crate::pipeline::Options;

/// Listmonk's own unsubscribe tag, used when `site.yaml` names none.
pub const LISTMONK_UNSUBSCRIBE: &str = "{{ UnsubscribeURL }}";
/// The folder under `--out/<issue>/` of `--format files`.
pub const FILES_DIR: &str = "export";
pub const LISTMONK_FILE: &str = "listmonk.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The JSON body of Listmonk's `POST /api/campaigns`.
    Listmonk,
    /// email.html, email.txt, subject.txt and preheader.txt, for any other service.
    Files,
}

/// Runs the command: checks the site, writes the export and returns what it wrote.
pub fn run(
    mut opts: Options,
    issue: &str,
    format: Format,
    out: &Path,
    lists: &[u32],
) -> Result<Vec<(PathBuf, usize)>, Error> {
    // The tag the service fills, read before the build so the footer carries it.
    let (_, plain) = newsletter_cli::letter(opts.clone(), issue)?;
    let tag = plain.config.merge_tags.unsubscribe.clone();
    opts.footer_unsubscribe = match format {
        Format::Listmonk => Some(tag.unwrap_or_else(|| LISTMONK_UNSUBSCRIBE.to_string())),
        Format::Files => tag,
    };
    let letter = if opts.footer_unsubscribe.is_some() {
        newsletter_cli::letter(opts, issue)?.1
    } else {
        plain
    };
    let slug = newsletter_cli::slug(&letter).to_string();
    let files: Vec<(String, &str, Vec<u8>)> = match format {
        Format::Listmonk => {
            let dir = slug.clone();
            vec![(dir, LISTMONK_FILE, listmonk(&letter, lists).into_bytes())]
        }
        Format::Files => {
            let dir = format!("{slug}/{FILES_DIR}");
            vec![
                (dir.clone(), "email.html", letter.html.clone().into_bytes()),
                (dir.clone(), "email.txt", letter.text.clone().into_bytes()),
                (
                    dir.clone(),
                    "subject.txt",
                    format!("{}\n", letter.subject).into_bytes(),
                ),
                (
                    dir,
                    "preheader.txt",
                    format!("{}\n", letter.preheader).into_bytes(),
                ),
            ]
        }
    };
    let files: Vec<(&str, &str, &[u8])> = files
        .iter()
        .map(|(d, n, b)| (d.as_str(), *n, b.as_slice()))
        .collect();
    crate::output::write_files(out, &files)
}

/// The campaign for Listmonk's API (`POST /api/campaigns`): a draft with the issue's HTML
/// as-is (`content_type: html`, so Listmonk does not rewrite it) and the plain text as
/// `altbody`. Listmonk adds its own List-Unsubscribe header; List-Id and Precedence go in
/// `headers`.
pub fn listmonk(letter: &Letter, lists: &[u32]) -> String {
    let body = json!({
        "name": format!("{} {}", letter.number, letter.subject),
        "subject": letter.subject,
        "lists": lists,
        "from_email": letter.from.to_string(),
        "type": "regular",
        "content_type": "html",
        "messenger": "email",
        "tags": ["nyhetsbrev"],
        "body": letter.html,
        "altbody": letter.text,
        "headers": [
            { "List-Id": letter.list_id },
            { "Precedence": "bulk" },
        ],
    });
    serde_json::to_string_pretty(&body).unwrap_or_default() + "\n"
}
