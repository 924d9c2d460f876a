//! The `vardlots` command line: parses arguments, runs the pipeline, and turns its result
//! into an `error:` / `hint:` report and an exit code (0 success, 1 content errors, 2 usage
//! or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vardlots::error::{Diagnostic, Error, Lang, content_summary};
use vardlots::pipeline::{self, Options, Report};

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
    },
    /// Check content, data, links and templates without writing anything.
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Write the newsletter's emails: email.html, email.txt and issue.eml of each issue.
    ///
    /// Checks the whole site as `check` does, then writes the files of ISSUE (its number,
    /// its slug or its file), or of every issue, to DIR/<slug>/. `build` writes the same
    /// files beside each issue's archive page.
    Newsletter {
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
    let cli = Cli::parse();
    let root = match &cli.command {
        Command::Build { site, .. }
        | Command::Check { site }
        | Command::Newsletter { site, .. }
        | Command::Serve { site, .. } => site.root.clone(),
    };
    let lang = report_language(cli.lang, &root);
    let (opts, verb) = match cli.command {
        Command::Build { site, output } => {
            let output = output.unwrap_or_else(|| pipeline::default_output(&site.root));
            (options(site, Some(output)), "Built")
        }
        Command::Check { site } => (options(site, None), "Checked"),
        Command::Newsletter { site, issue, out } => {
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
    match pipeline::run(&opts) {
        Ok(report) => {
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

fn options(site: SiteArgs, output: Option<PathBuf>) -> Options {
    Options {
        root: site.root,
        output,
        base_url: site.base_url,
        drafts: site.drafts,
        date: site.date,
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
                    "  {}: check the path; run vardlots in the site's folder or pass --root",
                    vardlots::i18n::text(lang, "label-hint")
                );
            }
        }
        Error::Refused { hint, .. } => {
            eprintln!("{}: {err}", vardlots::i18n::text(lang, "label-error"));
            eprintln!("  {}: {hint}", vardlots::i18n::text(lang, "label-hint"));
        }
    }
}
