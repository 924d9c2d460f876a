//! A tiny fixture site in a temporary folder, and the real `vardlots` binary run on it.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub mod guide;
pub mod units;

pub const SITE_YAML: &str = "title: Testplats\nbase_url: https://test.example.se\n";

pub struct Fixture {
    dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Fixture {
    /// A site with the given files (path relative to the site root, contents). A
    /// `site.yaml` is added unless one is given.
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        if !files.iter().any(|(p, _)| *p == "site.yaml") {
            f.write("site.yaml", SITE_YAML);
        }
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, bytes).expect("write");
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).expect("remove");
    }

    /// Runs `vardlots ARGS` in the site's folder, with messages in English (VARDLOTS_LANG=en,
    /// the language of CI logs) unless ARGS hold `--lang`: tests assert the English texts;
    /// tests/messages.rs checks the Swedish ones and the choice of language.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_vardlots"))
            .args(args)
            .env("VARDLOTS_LANG", "en")
            .current_dir(self.root())
            .output()
            .expect("run vardlots");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `vardlots build`, which must succeed.
    pub fn build(&self) -> Run {
        let r = self.run(&["build"]);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        r
    }

    /// `vardlots build`, which must fail with content errors (exit 1); returns stderr.
    pub fn build_fails(&self) -> String {
        let r = self.run(&["build"]);
        assert_eq!(r.code, 1, "expected exit 1, got {}:\n{}", r.code, r.stderr);
        r.stderr
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.root().join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// `text` with this site's temporary folder written as `[SITE]` and the timings of the
    /// closing `Built …`/`Checked …` line as `[T]`, so an output reads the same in every run
    /// and can be kept as a snapshot.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        let canonical = fs::canonicalize(self.root()).unwrap_or_else(|_| self.root().into());
        for root in [canonical.as_path(), self.root()] {
            out = out.replace(&root.display().to_string(), "[SITE]");
        }
        out.split_inclusive('\n')
            .map(|line| {
                if !(line.starts_with("Built ") || line.starts_with("Checked ")) {
                    return line.to_string();
                }
                line.split_inclusive(' ')
                    .map(|word| {
                        let seconds = word.trim_end();
                        let timing = seconds.contains('.') && seconds.parse::<f64>().is_ok();
                        if timing {
                            word.replacen(seconds, "[T]", 1)
                        } else {
                            word.to_string()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    /// What a user sees of a run that failed: its exit code and its error report, with the
    /// site's folder redacted, for a snapshot.
    pub fn report(&self, r: &Run) -> String {
        format!("exit code: {}\n{}", r.code, self.redact(&r.stderr))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.root().join(rel).exists()
    }

    /// Every file below `rel`, relative to it, sorted, with its bytes.
    pub fn tree(&self, rel: &str) -> Vec<(PathBuf, Vec<u8>)> {
        let base = self.root().join(rel);
        let mut files: Vec<(PathBuf, Vec<u8>)> = walk(&base)
            .into_iter()
            .map(|p| {
                let bytes = fs::read(&p).expect("read");
                (p.strip_prefix(&base).expect("prefix").to_path_buf(), bytes)
            })
            .collect();
        files.sort();
        files
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A page's front matter and body.
pub fn page(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n{extra}---\n{body}")
}

/// The page's `<main>` element, without its `<script>` elements (their data is checked as
/// data): the part of a page its content and data make, kept as a snapshot without the
/// theme's header and footer around it.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html[start..].find("</main>").expect("the end of <main>") + start;
    let mut main = html[start..end + "</main>".len()].to_string();
    while let Some(i) = main.find("<script") {
        let j = i + main[i..].find("</script>").expect("the end of <script>") + "</script>".len();
        main.replace_range(i..j, "");
    }
    main
}

/// The bytes of `img` as a PNG file, for fixtures that need a real image (the build
/// processes every image it finds).
pub fn png_bytes(img: image::RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .expect("png");
    out
}
