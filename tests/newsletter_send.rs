//! `newsletter send` against a real SMTP server: Python's aiosmtpd (Debian's
//! `python3-aiosmtpd`), started on 127.0.0.1 by each test, running tests/smtp/server.py,
//! which writes every accepted message to a folder. What a recipient's mail server would
//! see is checked there: one message per recipient, the right To and unsubscribe headers,
//! nothing twice after a killed and resumed send, a 451 retried, a 550 reported; over
//! STARTTLS and TLS with a certificate from a CA made for the test (rcgen), as a region's
//! relay has one from its internal CA.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Fixture;
use hmac::{Hmac, KeyInit, Mac};
use mail_parser::MessageParser;

const SITE: &str = "\
title: Testplats
base_url: https://test.example.se
newsletter:
  from: \"Testplats <nyhetsbrev@test.example.se>\"
  unsubscribe_url: \"https://test.example.se/avregistrera?adress={email}&nyckel={token}\"
  list_unsubscribe: [\"mailto:avregistrera@test.example.se\"]
";

const ISSUE: &str = "\
---
number: 7
date: 2026-12-21 08:00
subject: \"Nyhetsbrev 7: jul och nyår\"
preheader: \"Så har hälsocentralerna öppet i jul.\"
---

Hej! Läs om [1177](https://www.1177.se/).
";

const SECRET: &str = "hemlig-nyckel";

fn site() -> Fixture {
    Fixture::new(&[
        ("site.yaml", SITE),
        ("content/_index.md", "---\ntitle: Start\n---\nVälkommen.\n"),
        ("content/nyhetsbrev/jul.md", ISSUE),
    ])
}

fn address(i: usize) -> String {
    format!("mottagare-{i:02}@example.se")
}

/// A list of `n` recipients, with names, as a list service exports it.
fn list(n: usize) -> String {
    let mut csv = String::from("email,namn,sprak\n");
    for i in 1..=n {
        csv.push_str(&format!("{},\"Mottagare {i}, Kalmar\",sv\n", address(i)));
    }
    csv
}

/// How the test server talks.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Unencrypted, no STARTTLS offered (the sender needs `--insecure-plain`).
    Plain,
    /// STARTTLS offered and required before MAIL.
    StartTls,
    /// TLS from the first byte (smtps://).
    Implicit,
}

/// A throwaway CA and the server's certificate from it, for 127.0.0.1 and localhost, as PEM
/// files: `ca.pem`, `server.pem`, `server.key`.
struct Pki {
    dir: tempfile::TempDir,
}

impl Pki {
    fn new() -> Pki {
        use rcgen::{
            BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair,
            KeyUsagePurpose,
        };
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name
            .push(DnType::CommonName, "Region Testland intern CA");
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let ca = CertifiedIssuer::self_signed(ca, KeyPair::generate().unwrap()).unwrap();
        let key = KeyPair::generate().unwrap();
        let mut server =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
        server
            .distinguished_name
            .push(DnType::CommonName, "smtp.testland.invalid");
        let cert = server.signed_by(&key, &ca).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("ca.pem"), ca.pem()).unwrap();
        std::fs::write(dir.path().join("server.pem"), cert.pem()).unwrap();
        std::fs::write(dir.path().join("server.key"), key.serialize_pem()).unwrap();
        Pki { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

/// The SMTP server, stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
    mode: Mode,
}

impl Smtp {
    /// Starts the server with the handler's options (`--tempfail`, `--reject`, `--hang`).
    /// Without aiosmtpd the test fails under CI; elsewhere it is skipped with a note.
    fn start(options: &[&str]) -> Option<Smtp> {
        Smtp::start_as(Mode::Plain, None, options)
    }

    /// Starts the server speaking TLS (`mode`) with the certificate of `pki`.
    fn start_tls(mode: Mode, pki: &Pki) -> Option<Smtp> {
        Smtp::start_as(mode, Some(pki), &[])
    }

    fn start_as(mode: Mode, pki: Option<&Pki>, options: &[&str]) -> Option<Smtp> {
        let available = Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !available {
            let why = "the SMTP tests need Python's aiosmtpd: `apt-get install python3-aiosmtpd` (or `pip install aiosmtpd`)";
            if std::env::var_os("CI").is_some() {
                panic!("{why}");
            }
            eprintln!("skipped: {why}");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = tempfile::tempdir().expect("temp dir");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir.path())
            .args(options)
            .args(match (mode, pki) {
                (Mode::Plain, _) | (_, None) => vec![],
                (mode, Some(p)) => vec![
                    "--tls".to_string(),
                    (if mode == Mode::StartTls {
                        "starttls"
                    } else {
                        "implicit"
                    })
                    .into(),
                    "--cert".into(),
                    p.path("server.pem"),
                    "--key".into(),
                    p.path("server.key"),
                ],
            })
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the SMTP server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's first line");
        assert!(line.starts_with("ready"), "the server said {line:?}");
        Some(Smtp {
            child,
            port,
            dir,
            mode,
        })
    }

    fn url(&self) -> String {
        let scheme = if self.mode == Mode::Implicit {
            "smtps"
        } else {
            "smtp"
        };
        format!("{scheme}://127.0.0.1:{}", self.port)
    }

    /// The messages received, in order.
    fn messages(&self) -> Vec<Vec<u8>> {
        let mut found: BTreeMap<u32, PathBuf> = BTreeMap::new();
        for e in std::fs::read_dir(self.dir.path()).expect("read dir") {
            let path = e.expect("entry").path();
            if path.extension().is_some_and(|x| x == "eml")
                && let Some(n) = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .and_then(|s| s.parse().ok())
            {
                found.insert(n, path);
            }
        }
        found
            .values()
            .map(|p| std::fs::read(p).expect("read message"))
            .collect()
    }

    /// The recipients of the messages received, one entry per message.
    fn recipients(&self) -> Vec<String> {
        let mut to: Vec<String> = self
            .messages()
            .iter()
            .map(|raw| {
                let msg = MessageParser::default().parse(raw).expect("parses");
                msg.to()
                    .and_then(|a| a.first())
                    .and_then(|a| a.address())
                    .expect("a To address")
                    .to_string()
            })
            .collect();
        to.sort();
        to
    }

    fn events(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("events.log")).unwrap_or_default()
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `vardlots newsletter send 7 ARGS` in the site, with the unsubscribe secret set; to a
/// plain server with `--insecure-plain`.
fn send(site: &Fixture, smtp: &Smtp, args: &[&str]) -> Command {
    let mut cmd = send_to(site, &smtp.url(), args);
    if smtp.mode == Mode::Plain {
        cmd.arg("--insecure-plain");
    }
    cmd
}

/// `vardlots newsletter send 7 --smtp URL ARGS`, with messages in English, nothing else added.
fn send_to(site: &Fixture, url: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vardlots"));
    cmd.args(["newsletter", "send", "7", "--smtp", url])
        .args(args)
        .current_dir(site.root())
        .env("VARDLOTS_UNSUBSCRIBE_SECRET", SECRET)
        .env("VARDLOTS_LANG", "en")
        .env_remove("VARDLOTS_SMTP_USER")
        .env_remove("VARDLOTS_SMTP_PASSWORD")
        .env_remove("VARDLOTS_SMTP_CA");
    cmd
}

fn run(mut cmd: Command) -> (i32, String, String) {
    let out = cmd.output().expect("run vardlots");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn journal(site: &Fixture) -> Vec<String> {
    std::fs::read_to_string(site.root().join("utskick/jul/skickat.tsv"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

/// The token the unsubscribe page expects, computed here independently.
fn token(address: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(address.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn twenty_five_recipients_get_one_message_each_with_their_own_unsubscribe_link() {
    let Some(smtp) = Smtp::start(&[]) else { return };
    let site = site();
    site.write("mottagare.csv", &list(25));
    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Sent 25, 0 already had it, 0 rejected"),
        "{stderr}"
    );

    let expected: Vec<String> = (1..=25).map(address).collect();
    assert_eq!(smtp.recipients(), expected);
    let mut ids = std::collections::HashSet::new();
    for raw in smtp.messages() {
        let msg = MessageParser::default().parse(&raw).unwrap();
        let to = msg.to().unwrap().first().unwrap();
        let a = to.address().unwrap();
        let i: usize = a[10..12].parse().unwrap();
        assert_eq!(to.name(), Some(format!("Mottagare {i}, Kalmar").as_str()));
        let link = format!(
            "https://test.example.se/avregistrera?adress={}&nyckel={}",
            a.replace('@', "%40"),
            token(a)
        );
        let header = msg.header_raw("List-Unsubscribe").unwrap();
        assert_eq!(
            header.split_whitespace().collect::<String>(),
            format!("<{link}>,<mailto:avregistrera@test.example.se>"),
        );
        assert_eq!(
            msg.header_raw("List-Unsubscribe-Post").map(str::trim),
            Some("List-Unsubscribe=One-Click")
        );
        assert_eq!(msg.subject(), Some("Nyhetsbrev 7: jul och nyår"));
        // The footer's link is this recipient's, in both parts.
        let html = msg.body_html(0).unwrap();
        assert!(html.contains(&link.replace('&', "&amp;")), "{html}");
        assert!(!html.contains("vardlots.invalid"), "{html}");
        assert!(msg.body_text(0).unwrap().contains(&link));
        assert!(
            ids.insert(msg.message_id().unwrap().to_string()),
            "a Message-ID twice"
        );
    }
    assert_eq!(journal(&site).len(), 25);

    // The same command again sends nothing: everyone has it.
    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Sent 0, 25 already had it"), "{stderr}");
    assert_eq!(smtp.messages().len(), 25);
}

#[test]
fn a_send_killed_half_way_and_resumed_delivers_the_rest_and_nothing_twice() {
    // The server never answers the 13th recipient the first time: the sender waits there,
    // with 12 accepted and journalled, and is killed.
    let hang = address(13);
    let Some(smtp) = Smtp::start(&["--hang", &hang]) else {
        return;
    };
    let site = site();
    site.write("mottagare.csv", &list(25));
    let mut cmd = send(&site, &smtp, &["--to", "mottagare.csv", "--rate", "1000"]);
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !smtp.dir.path().join("hanging").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the sender never reached the 13th recipient"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sender ended early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A second send of the same issue meanwhile stops at once.
    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is in use by another send"), "{stderr}");
    child.kill().unwrap();
    child.wait().unwrap();
    let first = smtp.messages().len();
    assert_eq!(first, 12);
    assert_eq!(journal(&site).len(), 12);

    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Sent 13, 12 already had it"), "{stderr}");
    let expected: Vec<String> = (1..=25).map(address).collect();
    assert_eq!(smtp.recipients(), expected, "each exactly once");
    let mut journalled = journal(&site);
    journalled.sort();
    assert_eq!(journalled, expected);
    eprintln!("resume: first run {first} delivered, second run 13, total 25, duplicates 0");
}

#[test]
fn a_temporary_failure_is_retried_and_a_rejected_address_is_reported() {
    let (retried, rejected) = (address(2), address(3));
    let Some(smtp) = Smtp::start(&["--tempfail", &retried, "--reject", &rejected]) else {
        return;
    };
    let site = site();
    site.write(
        "mottagare.csv",
        &format!(
            "{}inte en adress,Fel\n{},Samma igen\n",
            list(4),
            address(1).to_uppercase()
        ),
    );
    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 1, "not everyone got it: {stderr}");
    assert!(
        smtp.events().contains(&format!("451 {retried}")),
        "{}",
        smtp.events()
    );
    assert_eq!(
        smtp.recipients(),
        [address(1), address(2), address(4)],
        "the 451 was retried, the 550 not"
    );
    assert!(
        stderr.contains(&format!("rejected: {rejected}: permanent error (550)")),
        "{stderr}"
    );
    assert!(
        stderr.contains("mottagare.csv:6: `inte en adress`: not an email address"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 row(s) skipped as not an address, 1 repeated address(es) skipped"),
        "{stderr}"
    );
    assert!(!journal(&site).contains(&rejected));
}

#[test]
fn dry_run_lists_and_a_test_copy_leaves_the_journal_alone() {
    let Some(smtp) = Smtp::start(&[]) else { return };
    let site = site();
    site.write("mottagare.csv", &list(3));
    let (code, stdout, stderr) = run(send(&site, &smtp, &["--to", "mottagare.csv", "--dry-run"]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        format!("{}\n{}\n{}\n", address(1), address(2), address(3))
    );
    assert!(smtp.messages().is_empty());

    let (code, _, stderr) = run(send(&site, &smtp, &["--test", "redaktionen@example.se"]));
    assert_eq!(code, 0, "{stderr}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let msg = MessageParser::default().parse(&messages[0]).unwrap();
    assert_eq!(msg.subject(), Some("[TEST] Nyhetsbrev 7: jul och nyår"));
    assert!(journal(&site).is_empty());
}

#[test]
fn no_secret_no_send() {
    let Some(smtp) = Smtp::start(&[]) else { return };
    let site = site();
    site.write("mottagare.csv", &list(1));
    let mut cmd = send(&site, &smtp, &["--to", "mottagare.csv"]);
    cmd.env_remove("VARDLOTS_UNSUBSCRIBE_SECRET");
    let (code, _, stderr) = run(cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("VARDLOTS_UNSUBSCRIBE_SECRET is not set"),
        "{stderr}"
    );
    assert!(smtp.messages().is_empty());
}

#[test]
fn a_relay_address_with_a_password_or_plain_text_to_another_host_is_refused() {
    let site = site();
    site.write("mottagare.csv", &list(1));
    let refused = |args: &[&str]| {
        let r = site.run(&[&["newsletter", "send", "7", "--to", "mottagare.csv"], args].concat());
        assert_eq!(r.code, 2, "{}", r.stderr);
        r.stderr
    };
    let e = refused(&["--smtp", "smtps://nyhetsbrev:hemligt@relay.example.se"]);
    assert!(e.contains("must not hold a user or password"), "{e}");
    assert!(e.contains("VARDLOTS_SMTP_USER"), "{e}");
    let e = refused(&["--smtp", "smtp://relay.example.se", "--insecure-plain"]);
    assert!(
        e.contains("--insecure-plain is for a test server on this computer only"),
        "{e}"
    );
    let e = refused(&["--smtp", "http://relay.example.se"]);
    assert!(e.contains("`http:` is not smtp: or smtps:"), "{e}");
    assert!(!site.exists("utskick/jul/skickat.tsv"));
}

#[test]
fn a_corrected_issue_gets_a_new_message_id() {
    let site = site();
    let id = |site: &Fixture| {
        site.build();
        let raw = std::fs::read(site.root().join("public/nyhetsbrev/jul/issue.eml")).unwrap();
        let msg = MessageParser::default().parse(&raw).unwrap();
        msg.message_id().unwrap().to_string()
    };
    let first = id(&site);
    assert_eq!(id(&site), first, "the same issue, the same Message-ID");
    site.write(
        "content/nyhetsbrev/jul.md",
        &ISSUE.replace("Hej!", "Hej igen!"),
    );
    assert_ne!(id(&site), first);
}

#[test]
fn starttls_with_the_relays_internal_ca_delivers_every_message() {
    let pki = Pki::new();
    let Some(smtp) = Smtp::start_tls(Mode::StartTls, &pki) else {
        return;
    };
    let site = site();
    site.write("mottagare.csv", &list(5));
    let ca = pki.path("ca.pem");
    let (code, _, stderr) = run(send(
        &site,
        &smtp,
        &["--to", "mottagare.csv", "--rate", "1000", "--smtp-ca", &ca],
    ));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("Sent 5, 0 already had it, 0 rejected"),
        "{stderr}"
    );
    let expected: Vec<String> = (1..=5).map(address).collect();
    assert_eq!(smtp.recipients(), expected);
    assert_eq!(journal(&site).len(), 5);
}

#[test]
fn smtps_with_the_ca_from_the_environment_delivers() {
    let pki = Pki::new();
    let Some(smtp) = Smtp::start_tls(Mode::Implicit, &pki) else {
        return;
    };
    let site = site();
    site.write("mottagare.csv", &list(3));
    let mut cmd = send(&site, &smtp, &["--to", "mottagare.csv", "--rate", "1000"]);
    cmd.env("VARDLOTS_SMTP_CA", pki.path("ca.pem"));
    let (code, _, stderr) = run(cmd);
    assert_eq!(code, 0, "{stderr}");
    let expected: Vec<String> = (1..=3).map(address).collect();
    assert_eq!(smtp.recipients(), expected);
    assert_eq!(journal(&site).len(), 3);
}

#[test]
fn a_relay_certificate_from_an_untrusted_ca_sends_nothing_and_says_why() {
    let pki = Pki::new();
    let other = Pki::new();
    for mode in [Mode::StartTls, Mode::Implicit] {
        let Some(smtp) = Smtp::start_tls(mode, &pki) else {
            return;
        };
        let site = site();
        site.write("mottagare.csv", &list(3));
        // Neither the computer's CAs alone nor another internal CA vouch for it.
        let wrong = other.path("ca.pem");
        for extra in [vec![], vec!["--smtp-ca", wrong.as_str()]] {
            let args = [&["--to", "mottagare.csv", "--rate", "1000"], &extra[..]].concat();
            let (code, _, stderr) = run(send(&site, &smtp, &args));
            assert_eq!(code, 2, "{stderr}");
            assert!(
                stderr.contains("stopped after 0 sent: the relay's certificate is not trusted"),
                "{stderr}"
            );
            assert!(stderr.contains("--smtp-ca FILE"), "{stderr}");
            assert!(smtp.messages().is_empty());
            assert!(journal(&site).is_empty());
        }
    }
}

#[test]
fn a_relay_without_starttls_is_refused_not_sent_to_in_plain_text() {
    let Some(smtp) = Smtp::start(&[]) else { return };
    let site = site();
    site.write("mottagare.csv", &list(3));
    let (code, _, stderr) = run(send_to(
        &site,
        &smtp.url(),
        &["--to", "mottagare.csv", "--rate", "1000"],
    ));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("stopped after 0 sent: the relay does not offer STARTTLS"),
        "{stderr}"
    );
    assert!(smtp.messages().is_empty());
    assert!(journal(&site).is_empty());
}

#[test]
fn a_missing_or_broken_ca_file_is_named_before_anything_is_sent() {
    let Some(smtp) = Smtp::start(&[]) else { return };
    let site = site();
    site.write("mottagare.csv", &list(2));
    site.write(
        "nyckel.pem",
        "-----BEGIN PRIVATE KEY-----\nMC4CAQA=\n-----END PRIVATE KEY-----\n",
    );
    site.write(
        "trasig.pem",
        "-----BEGIN CERTIFICATE-----\naW50ZSBldHQgY2VydGlmaWthdA==\n-----END CERTIFICATE-----\n",
    );
    for (file, why) in [
        ("saknas.pem", "saknas.pem"),
        ("nyckel.pem", "nyckel.pem: holds no PEM certificate"),
        ("trasig.pem", "trasig.pem: is not a valid certificate"),
    ] {
        let (code, _, stderr) = run(send_to(
            &site,
            &smtp.url(),
            &["--to", "mottagare.csv", "--smtp-ca", file],
        ));
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(why), "{file}: {stderr}");
    }
    // The environment's file is checked the same way.
    let mut cmd = send_to(&site, &smtp.url(), &["--to", "mottagare.csv"]);
    cmd.env("VARDLOTS_SMTP_CA", "saknas.pem");
    let (code, _, stderr) = run(cmd);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("saknas.pem"), "{stderr}");
    assert!(smtp.messages().is_empty());
    assert!(!site.exists("utskick/jul/skickat.tsv"));
}

#[test]
fn a_recipient_list_without_an_email_column_is_refused_in_the_editors_language() {
    let site = site();
    site.write("lista.csv", "namn,adress\nA,a@example.se\n");
    let args = ["--to", "lista.csv", "--dry-run", "--lang"];
    let (code, _, sv) = run(send_to(
        &site,
        "smtp://127.0.0.1:1",
        &[&args[..], &["sv"]].concat(),
    ));
    assert_eq!(code, 2, "{sv}");
    assert!(
        sv.starts_with(
            "fel: lista.csv är ingen mottagarlista: rubrikraden saknar kolumnen `email`\n  tips: spara listan som CSV i UTF-8"
        ),
        "{sv}"
    );
    let (_, _, en) = run(send_to(
        &site,
        "smtp://127.0.0.1:1",
        &[&args[..], &["en"]].concat(),
    ));
    assert!(
        en.starts_with(
            "error: lista.csv is not a recipient list: its header row has no `email` column"
        ),
        "{en}"
    );
}
