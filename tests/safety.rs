//! Safety: a build never deletes a file it did not write, never publishes a file from outside
//! the site, and reports text that is not UTF-8 as a content error (issue 12, items 1–3).
//! Each test replays one finding of the issue through the real binary.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::units::{DATE, units_site};
use common::{Fixture, Run, page};

/// Every byte of every file below `dir`, for "appears nowhere in the output" checks.
fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("read_dir").flatten() {
            let p = e.path();
            let meta = fs::symlink_metadata(&p).expect("meta");
            if meta.is_dir() {
                stack.push(p);
            } else if meta.is_file() {
                out.extend(fs::read(&p).expect("read"));
            } else if meta.file_type().is_symlink() {
                out.extend(p.to_string_lossy().as_bytes());
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    let link = link.as_ref();
    fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn small_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("Start", "", "Välkommen.\n")),
        ("content/kontakt.md", &page("Kontakt", "", "Ring oss.\n")),
    ])
}

// ---------------------------------------------------------------------------------------
// 1. Output ownership by file.

fn news_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", &page("Start", "", "Välkommen.\n")),
        ("content/kontakt.md", &page("Kontakt", "", "Ring oss.\n")),
        (
            "content/nyheter/helgoppet.md",
            &page("Helgöppet", "date: 2025-01-08\n", "Helgöppet i Nybro.\n"),
        ),
    ])
}

fn build_into(site: &Fixture, out: &str) -> Run {
    site.run(&["build", "--output", out])
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(path).expect("meta").ino()
}

#[test]
fn deploy_folder_foreign_files_survive_rebuild() {
    let site = news_site();
    site.write("www/annan-app/index.html", "<p>en annan app</p>");
    site.write("www/.htpasswd", "admin:$apr1$hemligt");
    let r = build_into(&site, "pub");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cp = Command::new("cp")
        .args(["-a", "pub/.", "www/"])
        .current_dir(site.root())
        .status()
        .expect("cp");
    assert!(cp.success());
    site.write(
        "content/kontakt.md",
        &page("Kontakt", "", "Ring oss i dag.\n"),
    );
    let r = build_into(&site, "www");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "kept 2 files that vardlots did not write: `.htpasswd`, `annan-app/index.html`"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(site.read("www/annan-app/index.html"), "<p>en annan app</p>");
    assert_eq!(site.read("www/.htpasswd"), "admin:$apr1$hemligt");
    assert!(
        site.read("www/kontakt/index.html")
            .contains("Ring oss i dag.")
    );
    // A page the new build drops is vardlots' own, and goes.
    site.remove("content/nyheter/helgoppet.md");
    let r = build_into(&site, "www");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!site.exists("www/nyheter/helgoppet/index.html"));
    assert_eq!(site.read("www/.htpasswd"), "admin:$apr1$hemligt");
    // Nothing is left beside the output.
    assert!(!site.exists(".www.vardlots-staging"));
}

#[cfg(unix)]
#[test]
fn an_unchanged_rebuild_with_foreign_files_touches_nothing() {
    let site = news_site();
    assert_eq!(build_into(&site, "www").code, 0);
    site.write("www/.htpasswd", "admin:x");
    let before = (
        inode(&site.root().join("www")),
        inode(&site.root().join("www/index.html")),
    );
    let r = build_into(&site, "www");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("kept 1 file that vardlots did not write: `.htpasswd`")
    );
    let after = (
        inode(&site.root().join("www")),
        inode(&site.root().join("www/index.html")),
    );
    assert_eq!(
        before, after,
        "the same folder and files, not a swapped-in copy"
    );
}

#[test]
fn manifest_of_empty_braces_does_not_claim_a_folder() {
    let site = news_site();
    site.write("docs/Documents/thesis.txt", "fem års arbete");
    site.write("docs/.vardlots-manifest.json", "{}");
    let r = build_into(&site, "docs");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("it is not empty and vardlots did not create it"),
        "{}",
        r.stderr
    );
    assert_eq!(site.read("docs/Documents/thesis.txt"), "fem års arbete");
    assert!(!site.exists("docs/index.html"));
}

#[test]
fn a_real_manifest_copied_into_a_folder_of_other_files_claims_nothing() {
    let site = news_site();
    assert_eq!(build_into(&site, "pub").code, 0);
    site.write("docs/Documents/thesis.txt", "fem års arbete");
    fs::copy(
        site.root().join("pub/.vardlots-manifest.json"),
        site.root().join("docs/.vardlots-manifest.json"),
    )
    .expect("copy");
    let r = build_into(&site, "docs");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(site.read("docs/Documents/thesis.txt"), "fem års arbete");
}

#[test]
fn changed_output_file_at_a_written_path_is_refused() {
    let site = news_site();
    site.build();
    site.write("public/kontakt/index.html", "<p>handredigerad</p>");
    site.write(
        "content/kontakt.md",
        &page("Kontakt", "", "Ring oss i dag.\n"),
    );
    let before = site.tree("public");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "the new site needs the place of 1 file that vardlots did not write or that changed since it wrote them: `kontakt/index.html`"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("hint: move or delete those files yourself"),
        "{}",
        r.stderr
    );
    assert_eq!(site.tree("public"), before, "nothing was touched");
    assert!(!site.exists(".public.vardlots-staging"));
    // Once the editor moves it away, the build goes through.
    site.remove("public/kontakt/index.html");
    site.build();
    assert!(
        site.read("public/kontakt/index.html")
            .contains("Ring oss i dag.")
    );
}

#[test]
fn foreign_file_at_a_page_path_is_refused_and_named() {
    let site = news_site();
    // The folder is vardlots' own; someone puts a page of their own where the site will
    // soon have one.
    assert_eq!(build_into(&site, "www").code, 0);
    site.write("www/om/index.html", "<p>inte vardlots</p>");
    site.write("content/om.md", &page("Om oss", "", "Om regionen.\n"));
    let r = build_into(&site, "www");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("`om/index.html`"), "{}", r.stderr);
    assert_eq!(site.read("www/om/index.html"), "<p>inte vardlots</p>");
}

#[cfg(unix)]
#[test]
fn a_foreign_link_in_the_output_is_kept_as_a_link() {
    let site = news_site();
    assert_eq!(build_into(&site, "www").code, 0);
    symlink("/srv/filer", site.root().join("www/filer"));
    site.write(
        "content/kontakt.md",
        &page("Kontakt", "", "Ring oss i dag.\n"),
    );
    let r = build_into(&site, "www");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        fs::read_link(site.root().join("www/filer")).expect("still a link"),
        Path::new("/srv/filer")
    );
}

#[test]
fn a_staging_folder_with_a_manifest_is_not_removed_whole() {
    let site = news_site();
    site.write(".public.vardlots-staging/.vardlots-manifest.json", "{}");
    site.write(".public.vardlots-staging/mitt.txt", "mitt");
    let r = site.run(&["build"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("vardlots cannot account for: `mitt.txt`"),
        "{}",
        r.stderr
    );
    assert_eq!(site.read(".public.vardlots-staging/mitt.txt"), "mitt");
}

#[test]
fn staging_left_by_a_killed_build_is_cleaned_up() {
    let site = news_site();
    site.build();
    // What a build killed half-way leaves: a file it wrote (listed in the journal before it
    // was written) and a hard link to an unchanged file of the output.
    let staged = b"<p>halvvagsbygge</p>";
    let hash = xxhash_rust::xxh3::xxh3_64(staged);
    site.write_bytes(".public.vardlots-staging/kontakt/index.html", staged);
    site.write(
        ".public.vardlots-staging/.vardlots-staged",
        &format!("{hash:016x} {} kontakt/index.html\n", staged.len()),
    );
    fs::hard_link(
        site.root().join("public/index.html"),
        site.root().join(".public.vardlots-staging/index.html"),
    )
    .expect("link");
    site.write(
        "content/kontakt.md",
        &page("Kontakt", "", "Ring oss i dag.\n"),
    );
    site.build();
    assert!(!site.exists(".public.vardlots-staging"));
    assert!(
        site.read("public/kontakt/index.html")
            .contains("Ring oss i dag.")
    );
}

// ---------------------------------------------------------------------------------------
// 2. Nothing from outside the site root.

#[cfg(unix)]
#[test]
fn static_link_to_proc_environ_does_not_publish_the_environment() {
    let site = small_site();
    symlink("/proc/self/environ", site.root().join("static/env.txt"));
    let out = Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .arg("build")
        .current_dir(site.root())
        .env("VARDLOTS_LANG", "en")
        .env("DEPLOY_TOKEN", "demo-secret-123")
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: static/env.txt: link: links to `/proc/self/environ`"),
        "{stderr}"
    );
    assert!(stderr.contains("hint: vardlots reads only files inside the site's folder"));
    assert!(!contains(&all_bytes(site.root()), b"demo-secret-123"));
}

#[cfg(unix)]
#[test]
fn static_and_content_links_to_etc_passwd_are_refused_all_at_once() {
    let site = small_site();
    symlink("/etc/passwd", site.root().join("static/leak.txt"));
    symlink("/etc/passwd", site.root().join("content/x.md"));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: content/x.md: link: links to `/etc/passwd`, outside the site"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: static/leak.txt: link: links to `/etc/passwd`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("2 errors in the site's sources"),
        "{stderr}"
    );
    assert!(!site.exists("public"));
}

#[cfg(unix)]
#[test]
fn a_linked_folder_leading_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(outside.path().join("secret.txt"), "top-secret-bytes").expect("write");
    let site = small_site();
    symlink(outside.path(), site.root().join("static/files"));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: static/files: link: links to"),
        "{stderr}"
    );
    assert!(!contains(&all_bytes(site.root()), b"top-secret-bytes"));
}

#[cfg(unix)]
#[test]
fn a_source_folder_that_is_itself_a_link_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    fs::write(outside.path().join("secret.txt"), "top-secret-bytes").expect("write");
    let site = small_site();
    symlink(outside.path(), site.root().join("static"));
    let stderr = site.build_fails();
    assert!(stderr.contains("error: static: link: links to"), "{stderr}");
    assert!(!contains(&all_bytes(site.root()), b"top-secret-bytes"));
}

#[cfg(unix)]
#[test]
fn site_yaml_linked_from_outside_is_refused() {
    let outside = tempfile::tempdir().expect("tempdir");
    let config = outside.path().join("site.yaml");
    fs::write(&config, common::SITE_YAML).expect("write");
    let site = small_site();
    site.remove("site.yaml");
    symlink(&config, site.root().join("site.yaml"));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: site.yaml: link: links to"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_site_still_work() {
    let site = small_site();
    site.write("delat/logga.txt", "vår logga");
    site.write("delat/sidor/om.md", &page("Om oss", "", "Om regionen.\n"));
    symlink("../delat/logga.txt", site.root().join("static/logga.txt"));
    symlink("../delat/sidor", site.root().join("content/om"));
    site.build();
    assert_eq!(site.read("public/logga.txt"), "vår logga");
    assert!(
        site.read("public/om/om/index.html")
            .contains("Om regionen.")
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_static_is_refused_without_hanging() {
    let site = small_site();
    fs::create_dir_all(site.root().join("static")).expect("mkdir");
    let fifo = site.root().join("static/pipe.txt");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .expect("mkfifo");
    // And one reached through a link.
    symlink("pipe.txt", site.root().join("static/via-link.txt"));
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: static/pipe.txt: is a fifo (named pipe), not a file"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: static/via-link.txt: is a fifo (named pipe), not a file"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_broken_link_is_a_content_error() {
    let site = small_site();
    symlink("finns-inte.txt", site.root().join("static/trasig.txt"));
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error: static/trasig.txt: link: links to `finns-inte.txt`, which does not exist"
        ),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_planted_image_cache_entry_cannot_publish_an_outside_file() {
    // The cache key is the image's hash and the processing parameters, both predictable, so
    // a pull request could commit a cache entry whose variant is a link out of the site.
    let site = small_site();
    let png = tiny_png();
    site.write_bytes("static/bild.png", &png);
    site.build();
    let cache = site.root().join(".vardlots-cache/images");
    let entry = fs::read_dir(&cache)
        .expect("cache")
        .flatten()
        .next()
        .expect("an entry")
        .path();
    let json = fs::read_to_string(entry.join("entry.json")).expect("entry.json");
    let file = json
        .split("\"file\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a variant file")
        .to_string();
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret");
    fs::write(
        &secret,
        vec![b'S'; fs::metadata(entry.join(&file)).expect("v").len() as usize],
    )
    .expect("write");
    fs::remove_file(entry.join(&file)).expect("rm");
    symlink(&secret, entry.join(&file));
    fs::remove_dir_all(site.root().join("public")).expect("rm public");
    site.build();
    assert!(!contains(
        &all_bytes(&site.root().join("public")),
        b"SSSSSSSS"
    ));
    // Nor is the outside file written through the link when the entry is made again.
    assert!(
        fs::read(&secret)
            .expect("secret")
            .iter()
            .all(|&b| b == b'S')
    );
}

/// A small PNG, as a graphic an editor would add.
fn tiny_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 30, |x, _| image::Rgb([(x * 6) as u8, 79, 138]));
    common::png_bytes(img)
}

// ---------------------------------------------------------------------------------------
// 3. Encoding errors are content errors.

#[test]
fn three_faulty_files_are_reported_in_one_run_with_line_and_column() {
    let site = units_site(&[]);
    site.write_bytes(
        "content/kontakt.md",
        b"---\ntitle: Kontakt\n---\nV\xE4lkommen till v\xE5rt caf\xE9.\n",
    );
    let alfa = common::units::ALFA.replace("namn: Alfa hälsocentral", "namn: Alfa \u{1}");
    let mut alfa = alfa.into_bytes();
    let at = alfa.iter().position(|&b| b == 1).expect("marker");
    alfa.splice(at..at + 1, [0xE5, 0xE4, 0xF6]);
    site.write_bytes("content/enheter/alfa.yaml", &alfa);
    site.write(
        "content/enheter/gamma.yaml",
        &common::units::GAMMA.replace("kommun: Borgholm", "kommun: Borgholm\nfärg: blå"),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let e = &r.stderr;
    assert!(
        e.contains("error: content/kontakt.md:4:2: encoding: the file is not saved as UTF-8: the character here (byte 0xE4) cannot be read"),
        "{e}"
    );
    assert!(
        e.contains("hint: save the file as UTF-8 (in most editors: Save as, then Encoding: UTF-8). It looks like Windows-1252 (Latin-1), where byte 0xE4 is `ä`"),
        "{e}"
    );
    assert!(
        e.contains("error: content/enheter/alfa.yaml:1:12: encoding: the file is not saved as UTF-8: the character here (byte 0xE5)"),
        "{e}"
    );
    assert!(
        e.contains("content/enheter/gamma.yaml:5:1: the unit file: unknown field `färg`"),
        "{e}"
    );
    assert!(e.contains("`färg`"), "{e}");
    assert!(e.contains("3 errors in the site's sources"), "{e}");
    assert!(!site.exists("public"));
}

#[test]
fn non_utf8_templates_translations_and_site_yaml_are_all_reported() {
    let site = small_site();
    site.write_bytes(
        "site.yaml",
        b"title: Testplats \xD6land\nbase_url: https://test.example.se\n",
    );
    site.write_bytes("templates/partials/extra.html", b"<p>Gr\xF6n</p>\n");
    site.write_bytes("i18n/sv.yaml", b"search: S\xF6k\n");
    let stderr = site.build_fails();
    assert!(
        stderr.contains("error: site.yaml:1:18: encoding:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: templates/partials/extra.html:1:6: encoding:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: i18n/sv.yaml:1:10: encoding:"),
        "{stderr}"
    );
}

#[test]
fn a_utf8_bom_and_crlf_line_ends_keep_working() {
    let site = Fixture::new(&[("content/_index.md", &page("Start", "", "Välkommen.\n"))]);
    site.write_bytes(
        "content/bom.md",
        "\u{FEFF}---\ntitle: Med BOM\n---\nÅtta öar.\n".as_bytes(),
    );
    site.write(
        "content/crlf.md",
        "---\r\ntitle: Med CRLF\r\n---\r\nÄven här.\r\n",
    );
    site.write_bytes(
        "content/enheter/_region.yaml",
        format!("\u{FEFF}{}", common::units::REGION.replace('\n', "\r\n")).as_bytes(),
    );
    site.write(
        "content/enheter/gamma.yaml",
        &common::units::GAMMA.replace('\n', "\r\n"),
    );
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bom = site.read("public/bom/index.html");
    assert!(
        bom.contains("Med BOM</h1>") || bom.contains(">Med BOM<"),
        "{bom}"
    );
    assert!(bom.contains("Åtta öar."));
    let crlf = site.read("public/crlf/index.html");
    assert!(crlf.contains("Även här."), "{crlf}");
    assert!(
        site.read("public/enheter/gamma/index.html")
            .contains("Gamma hälsocentral")
    );
}
