//! `vardlots newsletter send ISSUE --to LIST.csv --smtp smtps://relay.example.se`: one copy of
//! an issue per recipient, through an SMTP relay, exactly once.
//!
//! The recipient list is personal data: it is read at send time from the file named on the
//! command line and never copied anywhere; the journal keeps only the addresses that have
//! the issue, beside the issue's files under `--out` (not in `public/`). The relay's user
//! and password, and the secret of the unsubscribe tokens, come from the environment only.
//!
//! Exactly once: each address the relay accepted is appended to the journal and synced to
//! disk before the next is sent, and a run skips every address already in it; a run killed
//! half-way and started again with the same command sends the rest. The one gap is a kill
//! between the relay's acceptance and the journal's write: that recipient gets a second
//! copy, never none.

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use hmac::{Hmac, KeyInit, Mac};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Address, SmtpTransport, Transport};
use sha2::Sha256;

use crate::error::{Error, IoContext, Message};
use crate::newsletter::email::{Addressing, Letter};
use crate::newsletter_cli;
use crate::output::Journal;
use crate::pipeline::Options;

/// What stays as it is in the address put into `{email}`: RFC 3986's unreserved characters.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The relay's user name and password.
pub const ENV_USER: &str = "VARDLOTS_SMTP_USER";
pub const ENV_PASSWORD: &str = "VARDLOTS_SMTP_PASSWORD";
/// A PEM file with the certificate of a CA the relay's certificate chains to, trusted besides
/// the computer's own: a regional relay often has a certificate from the region's internal CA.
/// `--smtp-ca` wins over it.
pub const ENV_CA: &str = "VARDLOTS_SMTP_CA";
/// The key of the unsubscribe tokens (`{token}` in `newsletter.unsubscribe_url`): the site
/// that unsubscribes checks the token with the same key.
pub const ENV_SECRET: &str = "VARDLOTS_UNSUBSCRIBE_SECRET";
/// The journal's file name, in `--out/<issue>/`.
pub const JOURNAL: &str = "skickat.tsv";
/// Stands for each recipient's unsubscribe address in the rendered footer until the copy
/// for that recipient is made; an address no mail program would ever link to.
pub const FOOTER_MARKER: &str = "https://avregistrera.vardlots.invalid/";
/// The subject prefix of a `--test` copy.
pub const TEST_PREFIX: &str = "[TEST] ";
/// Messages per second when `--rate` is not given: modest against what bulk relays take
/// (Amazon SES starts production accounts at 14 a second), so a list is not deferred for
/// speed. A mailbox-bound relay is slower: Microsoft 365 sends 30 a minute per mailbox, which
/// is `--rate 0.5`.
pub const DEFAULT_RATE: f64 = 5.0;
/// Attempts after the first for a temporary failure, waiting 1, 2, 4, 8 s: a greylisting
/// relay (which answers 451 to a first attempt) takes the message on the second.
pub const DEFAULT_RETRIES: u32 = 4;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(60);
/// How long one SMTP command may take before the relay counts as not answering.
const TIMEOUT: Duration = Duration::from_secs(60);

/// What `newsletter send` was asked to do.
pub struct SendOptions {
    pub build: Options,
    pub issue: String,
    /// The recipients' CSV file.
    pub to: Option<PathBuf>,
    /// `smtp://host[:port]` (STARTTLS, port 587) or `smtps://host[:port]` (TLS, port 465).
    pub smtp: Option<String>,
    /// Where the journal goes: `<out>/<issue>/skickat.tsv`.
    pub out: PathBuf,
    pub rate: f64,
    pub retries: u32,
    /// Wait before the first retry, doubled for each next one.
    pub backoff: Duration,
    pub dry_run: bool,
    /// Send one copy, marked as a test, to this address; the journal is not touched.
    pub test: Option<String>,
    /// Allow an unencrypted connection, to a server on this computer only.
    pub insecure_plain: bool,
    /// `--smtp-ca`: a CA certificate (PEM) to trust for the relay besides the computer's.
    pub smtp_ca: Option<PathBuf>,
}

/// One row of the list.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// The row's line in the file, for reports.
    pub line: u64,
    pub mailbox: Mailbox,
    /// The address in lower case: what the journal and duplicates go by.
    pub key: String,
}

/// A row that is not a recipient: its line, what it held and why.
#[derive(Debug, Clone)]
pub struct Bad {
    pub line: u64,
    pub value: String,
    pub why: String,
}

/// The outcome of a send, for the summary.
#[derive(Debug, Default)]
pub struct Summary {
    pub journal: PathBuf,
    /// Accepted by the relay in this run.
    pub sent: Vec<String>,
    /// In the journal already: they have the issue.
    pub already: usize,
    /// Refused for good (5xx): address and the relay's answer.
    pub rejected: Vec<(String, String)>,
    /// Still temporarily refused after every retry.
    pub failed: Vec<(String, String)>,
    pub bad: Vec<Bad>,
    /// Rows whose address came earlier in the list.
    pub duplicates: usize,
    /// `--dry-run`: who would get it.
    pub would_send: Vec<String>,
}

impl Summary {
    /// Everyone on the list has the issue (or would have, for a dry run).
    pub fn complete(&self) -> bool {
        self.rejected.is_empty() && self.failed.is_empty() && self.bad.is_empty()
    }
}

/// Reads a recipient list: UTF-8 CSV with a header row naming an `email` (or `e-post`)
/// column and optionally `namn`, separated by commas or semicolons (as a Swedish spreadsheet
/// saves it). A `sprak` column is accepted and not used: the newsletter has one language.
/// Bad and repeated rows are returned, not fatal.
pub fn read_recipients(path: &Path) -> Result<(Vec<Recipient>, Vec<Bad>, usize), Error> {
    let bytes = std::fs::read(path).at_path(path)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |c: u8| header.iter().filter(|b| **b == c).count();
    let delimiter = if count(b';') > count(b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let not_a_list = |message: Message| Error::Refused {
        message,
        hint: crate::msg!("recipients-hint"),
    };
    let headers = reader
        .headers()
        .map_err(|e| {
            not_a_list(crate::msg!(
                "recipients-not-a-list",
                path = path,
                why = e.to_string()
            ))
        })?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
    };
    let Some(email) = column(&["email", "e-post", "epost", "e-mail", "mail"]) else {
        return Err(not_a_list(crate::msg!(
            "recipients-no-email-column",
            path = path
        )));
    };
    let name = column(&["namn", "name"]);
    let mut seen = HashSet::new();
    let (mut good, mut bad, mut duplicates) = (Vec::new(), Vec::new(), 0);
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push(Bad {
                    line,
                    value: String::new(),
                    why: e.to_string(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let value = record.get(email).unwrap_or_default();
        if value.is_empty() && record.iter().all(str::is_empty) {
            continue;
        }
        let address = match value.parse::<Address>() {
            Ok(a) => a,
            Err(e) => {
                bad.push(Bad {
                    line,
                    value: value.to_string(),
                    why: if value.is_empty() {
                        "no address".into()
                    } else {
                        format!("not an email address ({e})")
                    },
                });
                continue;
            }
        };
        let key = address.to_string().to_lowercase();
        if !seen.insert(key.clone()) {
            duplicates += 1;
            continue;
        }
        let name = name
            .and_then(|i| record.get(i))
            .filter(|n| !n.is_empty())
            .map(String::from);
        good.push(Recipient {
            line,
            mailbox: Mailbox::new(name, address),
            key,
        });
    }
    Ok((good, bad, duplicates))
}

/// The addresses in a journal. A last line without its newline was torn by a kill before
/// it reached the disk whole; it is not counted.
pub fn read_journal(path: &Path) -> Result<HashSet<String>, Error> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => return Err(Error::io(path, e)),
    };
    Ok(text
        .split_inclusive('\n')
        .filter(|l| l.ends_with('\n'))
        .filter_map(|l| l.split('\t').next())
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect())
}

/// The token of an address: HMAC-SHA256 under the secret, in hex. The unsubscribe page
/// recomputes it, so a link cannot be made for someone else's address.
pub fn token(secret: &[u8], address: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(address.to_lowercase().as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A recipient's unsubscribe addresses: the List-Unsubscribe list, the footer's link and
/// whether one click (RFC 8058) applies.
fn unsubscribe(
    letter: &Letter,
    address: &str,
    secret: Option<&[u8]>,
) -> (Vec<String>, String, bool) {
    let cfg = &letter.config;
    let is_tag = |u: &&String| cfg.merge_tags.unsubscribe.as_deref() == Some(u.as_str());
    let fixed: Vec<String> = cfg
        .list_unsubscribe
        .iter()
        .filter(|u| !is_tag(u))
        .cloned()
        .collect();
    match &cfg.unsubscribe_url {
        Some(template) => {
            let encoded = percent_encoding::utf8_percent_encode(address, QUERY_VALUE).to_string();
            let url = template.replace("{email}", &encoded).replace(
                "{token}",
                &secret.map(|s| token(s, address)).unwrap_or_default(),
            );
            let one_click = url.starts_with("https://");
            let mut list = vec![url.clone()];
            list.extend(fixed.into_iter().filter(|u| u.starts_with("mailto:")));
            (list, url, one_click)
        }
        None => {
            let footer = fixed
                .iter()
                .find(|u| u.starts_with("https://"))
                .or(fixed.first())
                .cloned()
                .unwrap_or_default();
            (fixed, footer, cfg.one_click)
        }
    }
}

// What the relay's TLS failures say to the one who sends. One place, for the catalogue.
const CA_HINT: &str = "give the relay's CA certificate as a PEM file (`-----BEGIN CERTIFICATE-----`), as the region's IT department hands it out";
const UNTRUSTED: &str = "the relay's certificate is not trusted";
const UNTRUSTED_HINT: &str = "if the relay's certificate comes from an internal CA, give that CA's certificate (PEM) with --smtp-ca FILE or VARDLOTS_SMTP_CA";
const NO_STARTTLS: &str =
    "the relay does not offer STARTTLS, and vardlots does not send a list unencrypted";
const NO_STARTTLS_HINT: &str =
    "if the relay takes TLS from the start, write smtps://HOST (port 465)";

/// The extra CA certificate(s) in a PEM file, checked before anything is sent.
pub fn read_ca(path: &Path) -> Result<Certificate, Error> {
    let pem = std::fs::read(path).at_path(path)?;
    let bad = |why: String| Error::Refused {
        message: Message::from(format!("{}: {why}", path.display())),
        hint: CA_HINT.into(),
    };
    // lettre takes a file without any certificate as an empty list, which would trust
    // nothing more and fail later with a puzzling "not trusted".
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    if !pem.windows(BEGIN.len()).any(|w| w == BEGIN) {
        return Err(bad("holds no PEM certificate".into()));
    }
    let cert =
        Certificate::from_pem(&pem).map_err(|e| bad(format!("is not a valid certificate: {e}")))?;
    // The certificate is parsed only when the trust store is made: make one now, so that a
    // broken file is named here and not at the first message.
    TlsParameters::builder("localhost".into())
        .add_root_certificate(cert.clone())
        .build_rustls()
        .map_err(|e| bad(format!("is not a valid certificate: {e}")))?;
    Ok(cert)
}

/// The relay from `smtp[s]://host[:port]`, with credentials from the environment and `ca`
/// trusted besides the computer's CAs.
pub fn transport(
    url: &str,
    insecure_plain: bool,
    ca: Option<&Path>,
) -> Result<SmtpTransport, Error> {
    let refuse = |message: String, hint: &str| Error::Refused {
        message: Message::from(message),
        hint: Message::from(hint.to_string()),
    };
    const FORM: &str = "write `smtps://relay.example.se` (TLS, port 465) or `smtp://relay.example.se:587` (STARTTLS)";
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(refuse(format!("`{url}` is not an SMTP address"), FORM));
    };
    if rest.contains('@') {
        return Err(refuse(
            "the SMTP address must not hold a user or password".into(),
            &format!(
                "give them in the environment, {ENV_USER} and {ENV_PASSWORD}, so they stay out of the shell's history"
            ),
        ));
    }
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(':') && !p.contains(']') => match p.parse::<u16>() {
            Ok(p) => (h, Some(p)),
            Err(_) => return Err(refuse(format!("`{p}` is not a port"), FORM)),
        },
        _ => (rest, None),
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() || host.contains(['/', '?', '#']) {
        return Err(refuse(format!("`{url}` is not an SMTP address"), FORM));
    }
    let implicit = match scheme.to_ascii_lowercase().as_str() {
        "smtps" => true,
        "smtp" => false,
        _ => return Err(refuse(format!("`{scheme}:` is not smtp: or smtps:"), FORM)),
    };
    let ca = ca.map(read_ca).transpose()?;
    let tls_params = || {
        let mut params = TlsParameters::builder(host.to_string());
        if let Some(cert) = &ca {
            params = params.add_root_certificate(cert.clone());
        }
        params.build_rustls().map_err(|e| {
            refuse(
                format!("TLS to {host} could not be set up: {e}"),
                "check the host name; the relay's certificate must be trusted by this computer",
            )
        })
    };
    let tls = if insecure_plain {
        let local = host.eq_ignore_ascii_case("localhost")
            || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if implicit || !local {
            return Err(refuse(
                "--insecure-plain is for a test server on this computer only".into(),
                "a relay elsewhere is reached with STARTTLS (smtp://) or TLS (smtps://)",
            ));
        }
        Tls::None
    } else if implicit {
        Tls::Wrapper(tls_params()?)
    } else {
        Tls::Required(tls_params()?)
    };
    let mut builder = SmtpTransport::builder_dangerous(host)
        .port(port.unwrap_or(if implicit { 465 } else { 587 }))
        .tls(tls)
        .timeout(Some(TIMEOUT));
    match (std::env::var(ENV_USER), std::env::var(ENV_PASSWORD)) {
        (Ok(user), Ok(password)) => builder = builder.credentials(Credentials::new(user, password)),
        (Err(_), Err(_)) => {}
        _ => {
            return Err(refuse(
                format!("only one of {ENV_USER} and {ENV_PASSWORD} is set"),
                "set both for a relay that asks for a login, or neither",
            ));
        }
    }
    Ok(builder.build())
}

/// What one message's delivery came to.
enum Outcome {
    Accepted,
    /// A 5xx: the relay will never take it.
    Rejected(String),
    /// A 4xx after every retry.
    Deferred(String),
    /// No SMTP answer at all (connection, TLS, timeout) after every retry: the relay is
    /// unreachable, and so it would be for the next recipient too.
    Unreachable(String),
    /// The relay's encryption failed (an untrusted certificate, no STARTTLS): no message
    /// goes to this relay as it is.
    Insecure(Error),
}

/// A failure of the relay's encryption, as the sender is told it. Waiting does not mend it
/// and the next recipient would meet it too, so it stops the send at once.
fn insecure(error: &lettre::transport::smtp::Error) -> Option<Error> {
    // lettre has no kind of its own for a missing STARTTLS: a client error with this text.
    if error.is_client() && error.to_string().contains("STARTTLS") {
        return Some(Error::Refused {
            message: NO_STARTTLS.into(),
            hint: NO_STARTTLS_HINT.into(),
        });
    }
    // rustls's verdict arrives wrapped in an I/O error, whose `source` skips it.
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        let tls = e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            .or_else(|| e.downcast_ref::<rustls::Error>());
        if let Some(tls @ rustls::Error::InvalidCertificate(_)) = tls {
            return Some(Error::Refused {
                message: Message::from(format!("{UNTRUSTED} ({tls})")),
                hint: UNTRUSTED_HINT.into(),
            });
        }
        source = e.source();
    }
    None
}

/// Sends one message, retrying temporary failures with doubling waits.
fn deliver(
    mailer: &SmtpTransport,
    message: &lettre::Message,
    retries: u32,
    backoff: Duration,
) -> Outcome {
    let mut wait = backoff;
    let mut attempt = 0;
    loop {
        let error = match mailer.send(message) {
            Ok(_) => return Outcome::Accepted,
            Err(e) => e,
        };
        if let Some(refusal) = insecure(&error) {
            return Outcome::Insecure(refusal);
        }
        let answer = error.to_string();
        if error.is_permanent() {
            return Outcome::Rejected(answer);
        }
        // A TLS failure (an untrusted certificate) does not mend by waiting.
        if attempt >= retries || error.is_tls() {
            return if error.status().is_some() {
                Outcome::Deferred(answer)
            } else {
                Outcome::Unreachable(answer)
            };
        }
        attempt += 1;
        std::thread::sleep(wait);
        wait = (wait * 2).min(MAX_BACKOFF);
    }
}

/// Keeps to `rate` messages per second: waits until the next slot.
struct Pace {
    interval: Duration,
    next: Instant,
}

impl Pace {
    fn new(rate: f64) -> Pace {
        Pace {
            interval: Duration::from_secs_f64(1.0 / rate.max(0.001)),
            next: Instant::now(),
        }
    }

    fn wait(&mut self) {
        let now = Instant::now();
        if self.next > now {
            std::thread::sleep(self.next - now);
        }
        self.next = self.next.max(now) + self.interval;
    }
}

/// A Message-ID for one copy: the issue's, the recipient's and (for a test) the time's.
fn message_id(letter: &Letter, key: &str, test: bool) -> String {
    let mut id = format!(
        "nyhetsbrev-{}.{}.{:016x}",
        letter.number,
        letter.hash,
        xxhash_rust::xxh3::xxh3_64(key.as_bytes())
    );
    if test {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        id.push_str(&format!(".test{}", now.as_millis()));
    }
    format!("<{id}@{}>", letter.host)
}

/// The copy of the letter for one recipient.
fn copy_for(
    letter: &Letter,
    to: &Mailbox,
    key: &str,
    secret: Option<&[u8]>,
    test: bool,
) -> Result<lettre::Message, Error> {
    let (list, footer, one_click) = unsubscribe(letter, key, secret);
    letter
        .message(&Addressing {
            to: to.clone(),
            unsubscribe: list,
            one_click,
            footer: Some((FOOTER_MARKER.to_string(), footer)),
            date: SystemTime::now(),
            message_id: message_id(letter, key, test),
            subject_prefix: if test {
                TEST_PREFIX.into()
            } else {
                String::new()
            },
        })
        .map_err(|e| Error::Refused {
            message: Message::from(format!("the message to {key} could not be built: {e}")),
            hint: "check `newsletter:` in site.yaml".into(),
        })
}

/// Runs the command. Progress goes to `progress` as it happens; the summary comes back.
pub fn run(mut opts: SendOptions, progress: &mut dyn FnMut(&str)) -> Result<Summary, Error> {
    if !(opts.rate > 0.0 && opts.rate.is_finite()) {
        return Err(Error::Refused {
            message: Message::from(format!(
                "--rate {} is not a number of messages per second",
                opts.rate
            )),
            hint: Message::from(format!("e.g. --rate {DEFAULT_RATE}")),
        });
    }
    // A wrong relay address is a usage error: reported before the site is built.
    let early = match (&opts.smtp, opts.dry_run) {
        (Some(_), false) => Some(relay(&opts)?),
        _ => None,
    };
    opts.build.footer_unsubscribe = Some(FOOTER_MARKER.to_string());
    let (_, letter) = newsletter_cli::letter(opts.build.clone(), &opts.issue)?;
    let journal_path = opts.out.join(newsletter_cli::slug(&letter)).join(JOURNAL);
    let secret = std::env::var(ENV_SECRET).ok().filter(|s| !s.is_empty());
    let needs_secret = letter
        .config
        .unsubscribe_url
        .as_deref()
        .is_some_and(|u| u.contains("{token}"));
    let (list, _, _) = unsubscribe(&letter, "a@example.invalid", None);
    if list.is_empty() {
        return Err(Error::Refused {
            message: crate::msg!("send-no-unsubscribe"),
            hint: crate::msg!("send-no-unsubscribe-hint"),
        });
    }
    if needs_secret && secret.is_none() && !opts.dry_run {
        return Err(Error::Refused {
            message: crate::msg!("send-no-secret", variable = ENV_SECRET),
            hint: crate::msg!("send-no-secret-hint"),
        });
    }
    let secret = secret.as_deref().map(str::as_bytes);
    let mut summary = Summary {
        journal: journal_path.clone(),
        ..Summary::default()
    };

    if let Some(test) = &opts.test {
        let address: Address =
            test.parse()
                .map_err(|e: lettre::address::AddressError| Error::Refused {
                    message: crate::msg!(
                        "send-test-not-an-address",
                        value = test,
                        detail = e.to_string()
                    ),
                    hint: crate::msg!("send-test-not-an-address-hint"),
                })?;
        let key = address.to_string().to_lowercase();
        let to = Mailbox::new(None, address);
        if opts.dry_run {
            summary.would_send.push(key);
            return Ok(summary);
        }
        let mailer = match early {
            Some(m) => m,
            None => relay(&opts)?,
        };
        let message = copy_for(&letter, &to, &key, secret, true)?;
        return match deliver(&mailer, &message, opts.retries, opts.backoff) {
            Outcome::Accepted => {
                progress(&format!("sent (test)  {key}"));
                summary.sent.push(key);
                Ok(summary)
            }
            Outcome::Rejected(why) | Outcome::Deferred(why) => {
                summary.rejected.push((key, why));
                Ok(summary)
            }
            Outcome::Unreachable(why) => Err(unreachable(&why, &summary)),
            Outcome::Insecure(refusal) => Err(refusal),
        };
    }

    let Some(list_path) = &opts.to else {
        return Err(Error::Refused {
            message: "no recipient list".into(),
            hint: "name it with --to mottagare.csv, or send one copy with --test ADDRESS".into(),
        });
    };
    let (recipients, bad, duplicates) = read_recipients(list_path)?;
    for b in &bad {
        progress(&format!(
            "skipped  {}:{}: `{}`: {}",
            list_path.display(),
            b.line,
            b.value,
            b.why
        ));
    }
    summary.bad = bad;
    summary.duplicates = duplicates;
    // Held from before the journal is read until the last message: a second send of the
    // same issue started meanwhile stops instead of sending the same addresses.
    let journal = if opts.dry_run {
        None
    } else {
        Some(Journal::open(&journal_path)?)
    };
    let done = read_journal(&journal_path)?;
    let todo: Vec<&Recipient> = recipients
        .iter()
        .filter(|r| !done.contains(&r.key))
        .collect();
    summary.already = recipients.len() - todo.len();
    if opts.dry_run {
        summary.would_send = todo.iter().map(|r| r.key.clone()).collect();
        return Ok(summary);
    }
    if todo.is_empty() {
        return Ok(summary);
    }
    let mailer = match early {
        Some(m) => m,
        None => relay(&opts)?,
    };
    let Some(mut journal) = journal else {
        return Ok(summary);
    };
    let mut pace = Pace::new(opts.rate);
    let total = todo.len();
    for (i, r) in todo.into_iter().enumerate() {
        let message = copy_for(&letter, &r.mailbox, &r.key, secret, false)?;
        pace.wait();
        match deliver(&mailer, &message, opts.retries, opts.backoff) {
            Outcome::Accepted => {
                let id = message
                    .headers()
                    .get_raw("Message-ID")
                    .unwrap_or_default()
                    .to_string();
                let when = jiff::Timestamp::now();
                journal.append(&format!("{}\t{id}\t{when}", r.key))?;
                progress(&format!("sent  {} ({}/{total})", r.key, i + 1));
                summary.sent.push(r.key.clone());
            }
            Outcome::Rejected(why) => {
                progress(&format!("rejected  {}: {why}", r.key));
                summary.rejected.push((r.key.clone(), why));
            }
            Outcome::Deferred(why) => {
                progress(&format!("not sent, try again later  {}: {why}", r.key));
                summary.failed.push((r.key.clone(), why));
            }
            Outcome::Unreachable(why) => return Err(unreachable(&why, &summary)),
            // Each message has its own connection: a relay behind a load balancer can show a
            // different certificate half-way through the list.
            Outcome::Insecure(Error::Refused { message, hint }) => {
                return Err(stopped(
                    message.to_string(),
                    Some(&hint.to_string()),
                    &summary,
                ));
            }
            Outcome::Insecure(other) => return Err(other),
        }
    }
    Ok(summary)
}

fn relay(opts: &SendOptions) -> Result<SmtpTransport, Error> {
    let Some(url) = &opts.smtp else {
        return Err(Error::Refused {
            message: "no SMTP relay".into(),
            hint: "name it with --smtp smtps://relay.example.se (or --dry-run to list who would get it)".into(),
        });
    };
    let ca = opts.smtp_ca.clone().or_else(|| {
        std::env::var_os(ENV_CA)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    transport(url, opts.insecure_plain, ca.as_deref())
}

fn unreachable(why: &str, summary: &Summary) -> Error {
    stopped(format!("the relay did not answer: {why}"), None, summary)
}

/// A send that ends before the list does: how far it came and how to go on.
fn stopped(why: String, first: Option<&str>, summary: &Summary) -> Error {
    Error::Refused {
        message: Message::from(format!("stopped after {} sent: {why}", summary.sent.len())),
        hint: Message::from(format!(
            "{}run the same command again to send the rest; {} keeps who has the issue",
            first.map(|h| format!("{h}; then ")).unwrap_or_default(),
            summary.journal.display()
        )),
    }
}
