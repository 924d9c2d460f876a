//! The `vardlots` command line: parses arguments, runs the pipeline, and turns its result
//! into an `error:` / `hint:` report and an exit code (0 success, 1 content errors, 2 usage
//! or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vardlots::error::{Diagnostic, Error};
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

fn main() -> ExitCode {
    let cli = Cli::parse();
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
                    print_diagnostics(&w.report.warnings);
                    for (path, len) in &w.files {
                        eprintln!("Wrote {} ({len} bytes)", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(err) => {
                    report_error(&err);
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
                })
            });
            return match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => {
                    report_error(&err);
                    ExitCode::from(err.exit_code() as u8)
                }
            };
        }
    };
    match pipeline::run(&opts) {
        Ok(mut report) => {
            if verb == "Checked" {
                report.warnings.extend(pinned_in_the_past(&opts));
            }
            print_diagnostics(&report.warnings);
            eprintln!("{}", summary(verb, &report));
            ExitCode::SUCCESS
        }
        Err(err) => {
            report_error(&err);
            ExitCode::from(err.exit_code() as u8)
        }
    }
}

/// A `--date` before today freezes the calendars: holidays, eves and closures after it
/// would be published as of that day. Fine for a reproducible test, wrong for a deployment.
fn pinned_in_the_past(opts: &Options) -> Option<Diagnostic> {
    let date = opts.date?;
    let today = vardlots::unit::pages::today();
    (date < today).then(|| {
        Diagnostic::warning(
            PathBuf::from(format!("--date {date}")),
            format!("the build date is pinned to {date}, before today ({today})"),
        )
        .hint("a deployed site must be built without `--date`, every night, so that its hours and its \"open now\" stay true; see the README's deployment section")
    })
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

fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}

fn report_error(err: &Error) {
    match err {
        Error::Content(diags) => {
            print_diagnostics(diags);
            eprintln!("error: {err}; nothing was written");
        }
        Error::Io { source, .. } => {
            eprintln!("error: {err}");
            if source.kind() == std::io::ErrorKind::NotFound {
                eprintln!(
                    "  hint: check the path; run vardlots in the site's folder or pass --root"
                );
            }
        }
        Error::Refused { hint, .. } => {
            eprintln!("error: {err}");
            eprintln!("  hint: {hint}");
        }
    }
}
