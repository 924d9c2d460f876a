//! Times the search indexer's steps over a built site's pages, one thread: where the index's
//! build cost goes (issue 14). usage: search-bench PUBLIC_DIR
use std::time::Instant;
use vardlots::search::{analyze, text};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("usage: search-bench PUBLIC_DIR");
    let mut pages = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|n| n == "index.html") {
                pages.push(std::fs::read(&p).expect("read"));
            }
        }
    }
    let bytes: usize = pages.iter().map(Vec::len).sum();
    println!("{} pages, {} MB", pages.len(), bytes / 1_000_000);
    let t = Instant::now();
    let mut n = 0usize;
    for p in &pages {
        text::scan(p, text::Part::Region, 240, |_, _, _| n += 1);
    }
    println!(
        "scan of the search region (no-op words) {:.3} s, {n} tokens",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let mut a = analyze::Analyzer::new("sv");
    let mut m = 0usize;
    for p in &pages {
        text::scan(p, text::Part::Region, 240, |_, _, w| {
            m += std::str::from_utf8(w.bytes)
                .ok()
                .and_then(|w| a.term(w))
                .is_some() as usize
        });
    }
    println!(
        "scan + analyzer.term (cached) {:.3} s, {m} terms",
        t.elapsed().as_secs_f64()
    );
}
