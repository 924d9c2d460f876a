//! `vardlots build` on a site that did not change since the last build: recognised from the
//! inputs' sizes and modification times and the output's manifest, without parsing or
//! rendering anything. An early exit before the stages, kept in a file of its own so the
//! stages need not know about it.

use std::time::{Duration, Instant, SystemTime};

use crate::error::Error;
use crate::output::{self, LastBuild};
use crate::source;
use crate::unit;

use super::{Options, Report, run};

/// What `vardlots build` did.
#[derive(Debug)]
pub enum Built {
    /// It built the site.
    Rebuilt(Report),
    /// Nothing the build reads changed and the output is as the last build wrote it: nothing
    /// was done. With that build's report and the seconds it took to find out.
    Unchanged(LastBuild, f64),
}

/// How long after an input's modification time a fingerprint can vouch for it: a file
/// changed again within the same tick of the file system's clock keeps its size and time.
/// FAT's 2 s tick is the coarsest of the file systems sites are kept on (ext4, APFS, NTFS
/// keep nanoseconds or 100 ns; ext3 and HFS+ seconds).
const RACY: Duration = Duration::from_secs(2);

/// Stands in for another build of vardlots with the same version (a test, or a packager's
/// own build id): the output depends on the program that wrote it.
const BUILD_ID_ENV: &str = "VARDLOTS_BUILD_ID";

/// Builds the site into `opts.output`, unless nothing it reads has changed since the last
/// build there and that build's output is untouched; `force` builds regardless.
pub fn build(opts: &Options, force: bool) -> Result<Built, Error> {
    let started = Instant::now();
    let Some(output) = opts.output.clone() else {
        return run(opts).map(Built::Rebuilt);
    };
    // The day is part of what is built (calendars, "open now"): fixed once, for the key and
    // the build alike.
    let mut opts = opts.clone();
    let date = *opts.date.get_or_insert_with(unit::pages::today);
    let taken = SystemTime::now();
    let inputs = source::fingerprint(&opts.root).map(|f| (key(&opts, date, f.hash), f.newest));
    if !force
        && let Some((key, _)) = &inputs
        && let Some(last) = output::last_build(&output, key)
    {
        return Ok(Built::Unchanged(last, started.elapsed().as_secs_f64()));
    }
    let report = run(&opts)?;
    let settled = inputs
        .filter(|(_, newest)| newest.is_none_or(|t| t + RACY < taken))
        .map(|(key, _)| key);
    output::remember_build(
        &output,
        settled.as_deref(),
        report.pages,
        report.files,
        &report.warnings,
    );
    Ok(Built::Rebuilt(report))
}

/// Everything the output depends on besides the site's files: vardlots' own build, the
/// options that change what is written, and the day.
fn key(opts: &Options, date: jiff::civil::Date, inputs: u128) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{modified}", m.len())
        })
        .unwrap_or_default();
    let build_id = std::env::var(BUILD_ID_ENV).unwrap_or_default();
    format!(
        "vardlots {} exe={exe} id={build_id:?} inputs={inputs:032x} base_url={:?} drafts={} date={date} footer={:?}",
        env!("CARGO_PKG_VERSION"),
        opts.base_url,
        opts.drafts,
        opts.footer_unsubscribe,
    )
}
