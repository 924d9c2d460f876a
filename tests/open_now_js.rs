//! Runs the open-now script's Node tests (`tests/js/`) against the data a real build embeds:
//! the fixture site is built with a fixed date and each unit's `oppet-data` is handed over.

mod common;

use std::process::Command;

use common::units::{DATE, units_site};

const DATA_START: &str = "<script type=\"application/json\" id=\"oppet-data\">";

#[test]
fn open_now_script_passes_its_node_tests() {
    let site = units_site(&[]);
    let r = site.run(&["build", "--date", DATE]);
    assert_eq!(r.code, 0, "build failed:\n{}", r.stderr);
    let data = tempfile::tempdir().expect("temp dir");
    for id in ["alfa", "beta"] {
        let html = site.read(&format!("public/enheter/{id}/index.html"));
        let start = html.find(DATA_START).expect("oppet-data") + DATA_START.len();
        let end = start + html[start..].find("</script>").expect("end of oppet-data");
        std::fs::write(data.path().join(format!("{id}.json")), &html[start..end])
            .expect("write data");
    }

    let out = Command::new("node")
        .args(["--test", "tests/js/"])
        .env("OPEN_NOW_DATA", data.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "could not run `node` ({e}): the open-now script's tests need Node.js 20 or later on PATH"
            )
        });
    assert!(
        out.status.success(),
        "node --test tests/js/ failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
