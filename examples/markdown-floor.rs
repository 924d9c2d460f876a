//! The Markdown-parsing floor of a build (issue 21): the CPU time of reading every Markdown
//! file under `DIR/content` and turning its body into HTML with pulldown-cmark in the
//! site's dialect (`markdown::cmark_options`), on one thread and on every core, with
//! nothing else a build does. A full build's CPU seconds divided by this figure is how far
//! the build is from its floor.
//!
//! `cargo run --release --example markdown-floor -- DIR`

use std::path::{Path, PathBuf};
use std::time::Instant;

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;

fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            markdown_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(())
}

/// The body after a `---` front matter block, as the build parses it.
fn body(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|end| &rest[end + 5..]))
        .unwrap_or(text)
}

fn render(text: &str) -> usize {
    let options = vardlots::markdown::cmark_options();
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(body(text), options));
    out.len()
}

/// User + system CPU seconds of this process so far, from `/proc/self/stat` (in clock ticks
/// of 1/100 s on Linux: fine against builds measured in seconds).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which may hold spaces) close with ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: markdown-floor DIR (a site made by gen-site)")?;
    let mut files = Vec::new();
    markdown_files(&Path::new(&dir).join("content"), &mut files)?;
    files.sort();

    let (cpu, wall) = (cpu_seconds(), Instant::now());
    let bytes: usize = files
        .iter()
        .map(|f| std::fs::read_to_string(f).map(|t| render(&t)))
        .sum::<std::io::Result<usize>>()?;
    let (one_cpu, one_wall) = (cpu_seconds() - cpu, wall.elapsed().as_secs_f64());

    let (cpu, wall) = (cpu_seconds(), Instant::now());
    let again: usize = files
        .par_iter()
        .map(|f| std::fs::read_to_string(f).map(|t| render(&t)))
        .sum::<std::io::Result<usize>>()?;
    let (all_cpu, all_wall) = (cpu_seconds() - cpu, wall.elapsed().as_secs_f64());

    assert_eq!(bytes, again, "the same files make the same HTML");
    println!(
        "{} Markdown files, {} bytes of HTML: one thread {one_wall:.2} s wall, {one_cpu:.2} CPU-s; \
         every core ({}) {all_wall:.2} s wall, {all_cpu:.2} CPU-s",
        files.len(),
        bytes,
        rayon::current_num_threads()
    );
    Ok(())
}
