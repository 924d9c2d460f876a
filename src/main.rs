//! The `vardlots` command line: parses arguments, runs the pipeline, and turns its result
//! into an `error:` / `hint:` report and an exit code (0 success, 1 content errors, 2 usage
//! or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vardlots::error::{Diagnostic, Error, Lang, content_summary};
use vardlots::pipeline::{self, Built, Options, Report};

#[derive(Parser)]
#[command(
    name = "vardlots",
    version,
    about = "Builds an accessible, searchable static site for care guidance from Markdown and YAML",
    long_about = "vardlots turns a site's content/ (Markdown pages, YAML data), templates/ and \
                  themes/ into a static site in public/.\n\nExit codes: 0 success, 1 errors in \
                  the site's sources, 2 usage or I/O errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of error messages: sv or en [default: VARDLOTS_LANG, else site.yaml's
    /// `language`, else sv].
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    ///
    /// The new site is built beside the output and swapped in only when the build
    /// succeeded: a failed build leaves the previous output untouched.
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site [default: ROOT/public].
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Build even when nothing changed since the last build (which is otherwise
        /// recognised from the files' sizes and times, and leaves the output as it is).
        #[arg(long)]
        force: bool,
    },
    /// Check content, data, links and templates without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write the newsletter's emails: email.html, email.txt and issue.eml of each issue;
    /// or send an issue (`send`), or hand it to a mailing service (`export`).
    ///
    /// Checks the whole site as `check` does, then writes the files of ISSUE (its number,
    /// its slug or its file), or of every issue, to DIR/<slug>/. `build` writes the same
    /// files beside each issue's archive page.
    #[command(args_conflicts_with_subcommands = true)]
    Newsletter {
        #[command(subcommand)]
        action: Option<Box<NewsletterAction>>,
        #[command(flatten)]
        site: SiteArgs,
        /// The issue: its number, its slug or its file [default: every issue].
        issue: Option<String>,
        /// Where to write [default: ROOT/utskick].
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Serve the site while you edit it: every save rebuilds, and open pages reload.
    ///
    /// The site is built into memory (public/ is not touched) with drafts shown, and served
    /// on this computer only unless --bind says otherwise. A failed rebuild keeps the last
    /// good site and shows the errors over every page until they are fixed.
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; 0.0.0.0 makes the site reachable from the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Subcommand)]
enum NewsletterAction {
    /// Send an issue to a list through an SMTP relay, one message per recipient, exactly once.
    ///
    /// The list is a UTF-8 CSV file with a header row naming an `email` column (optionally
    /// `namn` and `sprak`). The relay's login comes from VARDLOTS_SMTP_USER and
    /// VARDLOTS_SMTP_PASSWORD, the unsubscribe tokens' secret from
    /// VARDLOTS_UNSUBSCRIBE_SECRET. Every accepted address is written to the journal
    /// OUT/<issue>/skickat.tsv; the same command run again sends only to the rest.
    Send {
        #[command(flatten)]
        site: SiteArgs,
        /// The issue: its number, its slug or its file.
        issue: String,
        /// The recipient list (CSV).
        #[arg(long, value_name = "RECIPIENTS.csv")]
        to: Option<PathBuf>,
        /// The relay: smtps://host[:port] (TLS, 465) or smtp://host[:port] (STARTTLS, 587).
        #[arg(long, value_name = "URL")]
        smtp: Option<String>,
        /// Where the send journal is kept [default: ROOT/utskick].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Messages per second.
        #[arg(long, default_value_t = vardlots::newsletter_send::DEFAULT_RATE)]
        rate: f64,
        /// Retries of a temporarily refused message (waiting 1, 2, 4 … s).
        #[arg(long, default_value_t = vardlots::newsletter_send::DEFAULT_RETRIES)]
        retries: u32,
        /// List who would get the issue, send nothing.
        #[arg(long)]
        dry_run: bool,
        /// Send one copy, its subject marked [TEST], to this address; the journal is not touched.
        #[arg(long, value_name = "ADDRESS")]
        test: Option<String>,
        /// Send unencrypted: for a test server on this computer (localhost) only.
        #[arg(long)]
        insecure_plain: bool,
        /// A CA certificate (PEM) to trust for the relay besides this computer's, for a relay
        /// with a certificate from an internal CA [env: VARDLOTS_SMTP_CA].
        #[arg(long, value_name = "FILE")]
        smtp_ca: Option<PathBuf>,
    },
    /// Write an issue for a mailing service: `listmonk` (the JSON body of Listmonk's
    /// campaign API) or `files` (HTML, text, subject, preheader).
    Export {
        #[command(flatten)]
        site: SiteArgs,
        /// The issue: its number, its slug or its file.
        issue: String,
        #[arg(long, value_enum, default_value = "files")]
        format: vardlots::newsletter_export::Format,
        /// Where to write [default: ROOT/utskick].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Listmonk: the id of a list to send the campaign to (repeat for more).
        #[arg(long = "list", value_name = "ID")]
        lists: Vec<u32>,
    },
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder, holding site.yaml.
    #[arg(long, short, default_value = ".")]
    root: PathBuf,
    /// Publish under this address instead of site.yaml's `base_url`.
    #[arg(long)]
    base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// The day the care units' opening calendars start (YYYY-MM-DD) [default: today in
    /// Europe/Stockholm].
    #[arg(long, value_parser = parse_date)]
    date: Option<jiff::civil::Date>,
}

fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, e.g. 2026-11-22"))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("no messages in `{text}`; use sv or en"))
}

/// The language of the report: `--lang`, then `VARDLOTS_LANG`, then site.yaml's `language`,
/// then Swedish, the language of the region's editors.
fn report_language(flag: Option<Lang>, root: &std::path::Path) -> Lang {
    flag.or_else(|| {
        std::env::var("VARDLOTS_LANG")
            .ok()
            .and_then(|v| Lang::parse(&v))
    })
    .or_else(|| {
        vardlots::source::report_settings(root)
            .language
            .as_deref()
            .and_then(Lang::parse)
    })
    .unwrap_or_default()
}

fn main() -> ExitCode {
    pipeline::limit_allocator_arenas();
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { site, .. }
        | Command::Check { site }
        | Command::Newsletter { site, .. }
        | Command::Serve { site, .. } => site.root.clone(),
    };
    let lang = report_language(cli.lang, &root);
    let (opts, verb, force) = match cli.command {
        Command::Build {
            site,
            output,
            force,
        } => {
            let output = output.unwrap_or_else(|| pipeline::default_output(&site.root));
            (options(site, Some(output)), "Built", force)
        }
        Command::Check { site } => (options(site, None), "Checked", false),
        Command::Newsletter {
            action: Some(action),
            ..
        } => return newsletter_action(*action, lang),
        Command::Newsletter {
            action: None,
            site,
            issue,
            out,
        } => {
            let out = out.unwrap_or_else(|| site.root.join("utskick"));
            return match vardlots::newsletter_cli::run(options(site, None), issue.as_deref(), &out)
            {
                Ok(w) => {
                    print_diagnostics(&w.report.warnings, lang);
                    for (path, len) in &w.files {
                        eprintln!("Wrote {} ({len} bytes)", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    report_error(&err, lang);
                    ExitCode::from(err.exit_code() as u8)
                }
            };
        }
        Command::Serve {
            mut site,
            port,
            bind,
            open,
        } => {
            // Editors see their drafts while they work on them.
            site.drafts = true;
            let result = vardlots::serve::parse_bind(&bind).and_then(|bind| {
                vardlots::serve::run(vardlots::serve::ServeOptions {
                    build: options(site, None),
                    bind,
                    port,
                    open,
                    lang,
                })
            });
            return match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    report_error(&err, lang);
                    ExitCode::from(err.exit_code() as u8)
                }
            };
        }
    };
    let result = match &opts.output {
        Some(_) => pipeline::build(&opts, force),
        None => pipeline::run(&opts).map(Built::Rebuilt),
    };
    match result {
        Ok(Built::Unchanged(last, seconds)) => {
            for warning in last.warnings(lang) {
                eprintln!("{warning}");
            }
            let folder = opts.output.unwrap_or_default();
            eprintln!(
                "{}",
                vardlots::msg!(
                    "build-nothing-changed",
                    pages = last.pages,
                    files = last.files,
                    folder = &folder,
                    seconds = format!("{seconds:.2}")
                )
                .render(lang)
            );
            ExitCode::SUCCESS
        }
        Ok(Built::Rebuilt(mut report)) => {
            if verb == "Checked" {
                report.warnings.extend(pinned_in_the_past(&opts));
            }
            print_diagnostics(&report.warnings, lang);
            eprintln!("{}", summary(verb, &report));
            ExitCode::SUCCESS
        }
        Err(err) => {
            report_error(&err, lang);
            ExitCode::from(err.exit_code() as u8)
        }
    }
}

/// `newsletter send` and `newsletter export`.
fn newsletter_action(action: NewsletterAction, lang: Lang) -> ExitCode {
    use vardlots::{newsletter_export, newsletter_send};
    let fail = |err: Error| {
        report_error(&err, lang);
        ExitCode::from(err.exit_code() as u8)
    };
    match action {
        NewsletterAction::Send {
            site,
            issue,
            to,
            smtp,
            out,
            rate,
            retries,
            dry_run,
            test,
            insecure_plain,
            smtp_ca,
        } => {
            let out = out.unwrap_or_else(|| site.root.join("utskick"));
            let opts = newsletter_send::SendOptions {
                build: options(site, None),
                issue,
                to,
                smtp,
                out,
                rate,
                retries,
                backoff: std::time::Duration::from_secs(1),
                dry_run,
                test,
                insecure_plain,
                smtp_ca,
            };
            let mut progress = |line: &str| eprintln!("{line}");
            match newsletter_send::run(opts, &mut progress) {
                Ok(s) => {
                    if dry_run {
                        for a in &s.would_send {
                            println!("{a}");
                        }
                    }
                    eprintln!("{}", send_summary(&s, dry_run, lang));
                    if s.complete() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(err) => fail(err),
            }
        }
        NewsletterAction::Export {
            site,
            issue,
            format,
            out,
            lists,
        } => {
            let out = out.unwrap_or_else(|| site.root.join("utskick"));
            match newsletter_export::run(options(site, None), &issue, format, &out, &lists) {
                Ok(files) => {
                    for (path, len) in &files {
                        eprintln!("Wrote {} ({len} bytes)", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => fail(err),
            }
        }
    }
}

/// The last lines of `newsletter send`, in the editor's language: the counts are theirs to
/// read; a relay's own answer (`why`) stays as the relay gave it.
fn send_summary(s: &vardlots::newsletter_send::Summary, dry_run: bool, lang: Lang) -> String {
    use vardlots::msg;
    let mut out = if dry_run {
        msg!(
            "send-dry-run",
            count = s.would_send.len(),
            already = s.already,
            journal = &s.journal
        )
    } else {
        msg!(
            "send-sent",
            sent = s.sent.len(),
            already = s.already,
            rejected = s.rejected.len(),
            failed = s.failed.len(),
            journal = &s.journal
        )
    }
    .render(lang);
    if !s.bad.is_empty() || s.duplicates > 0 {
        out.push('\n');
        out.push_str(
            &msg!(
                "send-skipped-rows",
                bad = s.bad.len(),
                duplicates = s.duplicates
            )
            .render(lang),
        );
    }
    for (a, why) in &s.rejected {
        out.push('\n');
        out.push_str(&msg!("send-rejected", address = a, why = why).render(lang));
    }
    for (a, why) in &s.failed {
        out.push('\n');
        out.push_str(&msg!("send-not-sent", address = a, why = why).render(lang));
    }
    out
}

/// A `--date` before today freezes the calendars: holidays, eves and closures after it
/// would be published as of that day. Fine for a reproducible test, wrong for a deployment.
fn pinned_in_the_past(opts: &Options) -> Option<Diagnostic> {
    let date = opts.date?;
    let today = vardlots::unit::pages::today();
    (date < today).then(|| {
        Diagnostic::warning(
            PathBuf::from(format!("--date {date}")),
            vardlots::msg!(
                "build-date-pinned",
                date = date.to_string(),
                today = today.to_string()
            ),
        )
        .hint(vardlots::msg!("build-date-pinned-hint"))
    })
}

fn options(site: SiteArgs, output: Option<PathBuf>) -> Options {
    Options {
        root: site.root,
        output,
        base_url: site.base_url,
        drafts: site.drafts,
        date: site.date,
        footer_unsubscribe: None,
    }
}

fn summary(verb: &str, r: &Report) -> String {
    let t = &r.timings;
    let mut s = format!(
        "{verb} {} pages in {:.2} s (load {:.2} s, parse {:.2} s, prepare {:.2} s, render {:.2} s, write {:.2} s",
        r.pages, t.total, t.load, t.parse, t.prepare, t.render, t.write
    );
    if r.files > 0 {
        s.push_str(&format!(
            ", swap {:.2} s; {} files, {} unchanged",
            t.commit, r.files, r.unchanged
        ));
    }
    s.push(')');
    s
}

fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    for d in diags {
        eprintln!("{}", d.render(lang));
    }
}

fn report_error(err: &Error, lang: Lang) {
    match err {
        Error::Content(diags) => {
            print_diagnostics(diags, lang);
            eprintln!(
                "{}: {}",
                vardlots::i18n::text(lang, "label-error"),
                content_summary(diags, lang)
            );
        }
        // Failures of the machine, not of the sources: their words stay English (an
        // operator's, with the system's own error text), under the editor's labels.
        Error::Io { source, .. } => {
            eprintln!("{}: {err}", vardlots::i18n::text(lang, "label-error"));
            if source.kind() == std::io::ErrorKind::NotFound {
                eprintln!(
                    "  {}: {}",
                    vardlots::i18n::text(lang, "label-hint"),
                    vardlots::i18n::text(lang, "io-not-found-hint")
                );
            }
        }
        Error::Refused { message, hint } => {
            eprintln!(
                "{}: {}",
                vardlots::i18n::text(lang, "label-error"),
                message.render(lang)
            );
            eprintln!(
                "  {}: {}",
                vardlots::i18n::text(lang, "label-hint"),
                hint.render(lang)
            );
        }
    }
}
