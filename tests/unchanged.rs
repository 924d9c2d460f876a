//! `vardlots build` on a site that did not change since the last build reports "nothing
//! changed" and leaves the output as it is; and it never does so when anything the output
//! depends on changed: one test per kind of input, through the real binary.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use common::{Fixture, Run, page};

const NOTHING_CHANGED: &str = "Nothing changed since the last build";

/// A passage in English without a language mark: a warning the build shows every time.
const ENGLISH: &str =
    "If you need this information in another format, please contact us and we will help you.";

fn site(extra: &[(&str, &str)]) -> Fixture {
    let mut files = vec![
        ("content/_index.md", page("Start", "", "Välkommen.\n")),
        ("content/a.md", page("Sidan A", "", "Text A.\n")),
        ("content/b.md", page("Sidan B", "", &format!("{ENGLISH}\n"))),
        ("static/filer/info.txt", "Information.\n".to_string()),
    ];
    files.extend(extra.iter().map(|(p, t)| (*p, t.to_string())));
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = Fixture::new(&files);
    age(&site);
    site
}

/// Moves the modification time of every source file an hour back, as a site's files are
/// when an editor builds: a file changed within the file system's clock tick of a build is
/// never taken as unchanged (see `racy_edit_in_the_same_tick_is_not_missed`).
fn age(site: &Fixture) {
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for path in files_below(site.root()) {
        let rel = path.strip_prefix(site.root()).expect("below root");
        if rel.starts_with("public") || rel.starts_with(".vardlots-cache") {
            continue;
        }
        set_mtime(&path, hour_ago);
    }
}

fn set_mtime(path: &Path, time: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(time))
        .expect("set mtime");
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Each file of the output with its modification time and inode.
fn output_state(site: &Fixture) -> Vec<(PathBuf, SystemTime, u64)> {
    #[cfg(unix)]
    use std::os::unix::fs::MetadataExt;
    files_below(&site.root().join("public"))
        .into_iter()
        .map(|p| {
            let meta = fs::metadata(&p).expect("metadata");
            #[cfg(unix)]
            let ino = meta.ino();
            #[cfg(not(unix))]
            let ino = 0;
            (p, meta.modified().expect("mtime"), ino)
        })
        .collect()
}

/// A build that must have built (not skipped).
fn rebuilds(site: &Fixture, args: &[&str]) -> Run {
    let r = site.run(&[&["build"], args].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        !r.stderr.contains(NOTHING_CHANGED) && r.stderr.contains("Built "),
        "expected a rebuild:\n{}",
        r.stderr
    );
    r
}

/// A build that must have found nothing to do.
fn skips(site: &Fixture, args: &[&str]) -> Run {
    let r = site.run(&[&["build"], args].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(NOTHING_CHANGED),
        "expected nothing to do:\n{}",
        r.stderr
    );
    r
}

/// The site built once, with the fingerprint of that build kept: a second build skips.
fn built(extra: &[(&str, &str)]) -> Fixture {
    let site = site(extra);
    rebuilds(&site, &[]);
    skips(&site, &[]);
    site
}

#[test]
fn unchanged_rebuild_reports_nothing_changed_and_touches_no_file() {
    let site = site(&[]);
    let first = rebuilds(&site, &[]);
    let before = output_state(&site);
    let times_file = site.root().join(".public.vardlots-times.json");
    let times_before = mtime(&times_file);
    let r = skips(&site, &[]);
    assert!(r.stderr.contains(" pages, "), "{}", r.stderr);
    assert_eq!(before, output_state(&site), "no output file was touched");
    assert_eq!(times_before, mtime(&times_file), "nor the times beside it");
    assert!(!site.exists(".public.vardlots-staging"));
    // The warnings of the last build are shown again, word for word.
    let warnings = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("warning: "))
            .map(String::from)
            .collect()
    };
    assert!(
        warnings(&first.stderr)
            .iter()
            .any(|w| w.contains("language_mark")),
        "{}",
        first.stderr
    );
    assert_eq!(warnings(&first.stderr), warnings(&r.stderr), "{}", r.stderr);
    // In the editor's language too.
    let sv = site.run(&["build", "--lang", "sv"]);
    assert_eq!(sv.code, 0);
    assert!(
        sv.stderr.contains("Inget har ändrats sedan förra bygget"),
        "{}",
        sv.stderr
    );
    assert!(sv.stderr.contains("varning: content/b.md"), "{}", sv.stderr);
}

#[test]
fn force_builds_an_unchanged_site() {
    let site = built(&[]);
    let r = rebuilds(&site, &["--force"]);
    // The output layer still finds every file unchanged: nothing is rewritten.
    assert!(r.stderr.contains(" unchanged)"), "{}", r.stderr);
}

#[test]
fn markdown_edit_of_the_same_size_rebuilds() {
    let site = built(&[]);
    let before = site.read("content/a.md");
    let after = before.replace("Text A.", "Test A.");
    assert_eq!(after.len(), before.len());
    site.write("content/a.md", &after);
    rebuilds(&site, &[]);
    assert!(site.read("public/a/index.html").contains("Test A."));
}

#[test]
fn racy_edit_in_the_same_tick_is_not_missed() {
    // Written just now: the first build reads files as new as its own clock.
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Start\n---\nVälkommen.\n"),
        ("content/a.md", "---\ntitle: A\n---\nFörsta.\n"),
    ]);
    let path = site.root().join("content/a.md");
    rebuilds(&site, &[]);
    // Changed again within the same clock tick: same size, same modification time.
    let time = mtime(&path);
    site.write("content/a.md", "---\ntitle: A\n---\nAndra.\n");
    set_mtime(&path, time);
    rebuilds(&site, &[]);
    assert!(site.read("public/a/index.html").contains("Andra."));
}

#[test]
fn markdown_file_added_and_removed_rebuilds() {
    let site = built(&[]);
    site.write("content/c.md", &page("Sidan C", "", "Ny.\n"));
    rebuilds(&site, &[]);
    assert!(site.exists("public/c/index.html"));
    // Once the new file is older than a clock tick, its build can be vouched for.
    age(&site);
    rebuilds(&site, &[]);
    skips(&site, &[]);
    site.remove("content/c.md");
    rebuilds(&site, &[]);
    assert!(!site.exists("public/c/index.html"));
}

#[test]
fn template_edit_rebuilds() {
    let template = |label: &str| {
        format!(
            "{{% extends \"base.html\" %}}{{% block content %}}<h1>{label}: {{{{ page.title }}}}</h1>{{% endblock content %}}"
        )
    };
    let site = built(&[("templates/page.html", &template("Egen"))]);
    site.write("templates/page.html", &template("Ny"));
    rebuilds(&site, &[]);
    assert!(
        site.read("public/a/index.html")
            .contains("<h1>Ny: Sidan A</h1>")
    );
}

#[test]
fn theme_file_edit_rebuilds() {
    let site = built(&[("themes/default/static/style.css", "body{color:#123456}\n")]);
    site.write("themes/default/static/style.css", "body{color:#654321}\n");
    rebuilds(&site, &[]);
    assert_eq!(site.read("public/style.css"), "body{color:#654321}\n");
}

#[test]
fn static_file_added_and_removed_rebuilds() {
    let site = built(&[]);
    site.write("static/ny.txt", "ny\n");
    rebuilds(&site, &[]);
    assert_eq!(site.read("public/ny.txt"), "ny\n");
    // Once the new file is older than a clock tick, its build can be vouched for.
    age(&site);
    rebuilds(&site, &[]);
    skips(&site, &[]);
    site.remove("static/ny.txt");
    rebuilds(&site, &[]);
    assert!(!site.exists("public/ny.txt"));
}

#[test]
fn unit_yaml_edit_rebuilds() {
    let site = common::units::units_site(&[]);
    age(&site);
    rebuilds(&site, &[]);
    skips(&site, &[]);
    let yaml = site.read("content/enheter/alfa.yaml");
    let edited = yaml.replacen("070-", "071-", 1);
    assert_ne!(yaml, edited, "the fixture has a phone number to edit");
    site.write("content/enheter/alfa.yaml", &edited);
    rebuilds(&site, &[]);
}

#[test]
fn site_yaml_edit_rebuilds() {
    let site = built(&[]);
    site.write(
        "site.yaml",
        "title: Ny titel\nbase_url: https://test.example.se\n",
    );
    rebuilds(&site, &[]);
    assert!(site.read("public/index.html").contains("Ny titel"));
}

#[test]
fn other_base_url_or_drafts_rebuilds() {
    let site = built(&[(
        "content/utkast.md",
        &page("Utkast", "draft: true\n", "Ej klar.\n"),
    )]);
    rebuilds(&site, &["--base-url", "https://annan.example.se"]);
    assert!(
        site.read("public/sitemap.xml")
            .contains("https://annan.example.se/")
    );
    skips(&site, &["--base-url", "https://annan.example.se"]);
    rebuilds(&site, &["--drafts"]);
    assert!(site.exists("public/utkast/index.html"));
    skips(&site, &["--drafts"]);
    rebuilds(&site, &[]);
    assert!(!site.exists("public/utkast/index.html"));
}

#[test]
fn other_build_date_rebuilds() {
    let site = site(&[]);
    rebuilds(&site, &["--date", "2030-01-07"]);
    skips(&site, &["--date", "2030-01-07"]);
    rebuilds(&site, &["--date", "2030-01-08"]);
    // Without --date it is today, another day again.
    rebuilds(&site, &[]);
}

#[test]
fn output_file_edited_by_hand_is_not_taken_as_unchanged() {
    let site = built(&[]);
    site.write("public/a/index.html", "handskriven\n");
    let r = site.run(&["build"]);
    assert!(!r.stderr.contains(NOTHING_CHANGED), "{}", r.stderr);
    // The full build's rule: a file vardlots wrote and someone changed is not overwritten.
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(site.read("public/a/index.html"), "handskriven\n");
}

#[test]
fn output_file_deleted_is_written_again() {
    let site = built(&[]);
    site.remove("public/a/index.html");
    rebuilds(&site, &[]);
    assert!(site.read("public/a/index.html").contains("Sidan A"));
    skips(&site, &[]);
}

#[test]
fn file_added_to_the_output_by_hand_is_reported() {
    let site = built(&[]);
    site.write("public/.htpasswd", "admin:x\n");
    let r = rebuilds(&site, &[]);
    assert!(r.stderr.contains("`.htpasswd`"), "{}", r.stderr);
    // Kept and named again by the builds that then have nothing to do.
    let r = skips(&site, &[]);
    assert!(r.stderr.contains("`.htpasswd`"), "{}", r.stderr);
}

#[test]
fn another_vardlots_build_rebuilds() {
    let site = built(&[]);
    let run = |id: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_vardlots"))
            .args(["build"])
            .env("VARDLOTS_LANG", "en")
            .env("VARDLOTS_BUILD_ID", id)
            .current_dir(site.root())
            .output()
            .expect("run vardlots");
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let other = run("another build");
    assert!(!other.contains(NOTHING_CHANGED), "{other}");
    let again = run("another build");
    assert!(again.contains(NOTHING_CHANGED), "{again}");
}

#[test]
fn file_added_in_a_folder_of_the_output_is_noticed() {
    let site = built(&[]);
    // Deep in the output, beside a page: only its own folder's time changes.
    site.write("public/a/gammal.html", "från förr\n");
    let r = rebuilds(&site, &[]);
    assert!(r.stderr.contains("`a/gammal.html`"), "{}", r.stderr);
    assert_eq!(site.read("public/a/gammal.html"), "från förr\n");
    skips(&site, &[]);
    // Removed again: the folder's time changes again, and the warning goes.
    site.remove("public/a/gammal.html");
    let r = rebuilds(&site, &[]);
    assert!(!r.stderr.contains("gammal.html"), "{}", r.stderr);
}
