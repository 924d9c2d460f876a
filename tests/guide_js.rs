//! Runs the guide script's Node tests (`tests/js/guide.test.mjs`) against the data real
//! builds embed: the guide fixture built at Christmas 2026 (julafton on a Thursday) and at
//! Easter 2027 (annandag påsk on a Monday), each page's `guide-data` handed over in
//! GUIDE_DATA as `christmas.json` and `easter.json`.

mod common;

use std::process::Command;

use common::guide::guide_site;

const DATA_START: &str = "<script type=\"application/json\" id=\"guide-data\">";

#[test]
fn guide_script_passes_its_node_tests() {
    let site = guide_site(&[]);
    let data = tempfile::tempdir().expect("temp dir");
    for (name, date) in [("christmas", "2026-12-21"), ("easter", "2027-03-22")] {
        let out = format!("public-{name}");
        let r = site.run(&["build", "--date", date, "--output", &out]);
        assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
        let html = site.read(&format!("{out}/vart-ska-jag-vanda-mig/index.html"));
        let start = html.find(DATA_START).expect("guide-data") + DATA_START.len();
        let end = start + html[start..].find("</script>").expect("end of guide-data");
        std::fs::write(data.path().join(format!("{name}.json")), &html[start..end])
            .expect("write data");
    }

    let out = Command::new("node")
        .args(["--test", "tests/js/guide.test.mjs"])
        .env("GUIDE_DATA", data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "could not run `node` ({e}): the guide script's tests need Node.js 20 or later on PATH"
            )
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success(),
        "node --test tests/js/guide.test.mjs failed:\n{report}"
    );
    // Run with the data, nothing may be skipped.
    assert!(report.contains("# skipped 0"), "{report}");
}
