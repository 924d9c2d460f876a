//! Editors' messages: every message the code can raise exists in Swedish and English, renders
//! with the arguments the code gives it, and reads as words for an editor, never as Rust; the
//! typical mistakes read well in both languages (snapshots); and one mistake is one error.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{Fixture, page};
use fluent_syntax::ast;
use vardlots::i18n::{Arg, Lang, render_id};

/// Each message id of a catalogue, with the variables it uses.
fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match fluent_syntax::parser::parse(lang.catalogue()) {
        Ok(r) => r,
        Err((_, errors)) => panic!("{} catalogue does not parse: {errors:?}", lang.code()),
    };
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{}: `{}` is defined twice",
                lang.code(),
                m.id.name
            );
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for e in &p.elements {
        if let ast::PatternElement::Placeable { expression } = e {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

/// Every `msg!("id", name = …)` in src/: the id and the argument names it is given. This is
/// the list of every message the code can raise.
fn calls_in_source() -> Vec<(String, String, BTreeSet<String>)> {
    let mut out = Vec::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.expect("walk src");
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).expect("read source");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("msg!(") {
            let line_start = text[..text.len() - rest.len() + at]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let call = &rest[at + "msg!(".len()..];
            rest = call;
            if text[line_start..].trim_start().starts_with("//") {
                continue; // an example in a comment
            }
            let Some(args) = balanced(call) else { continue };
            let parts = split_top_level(args);
            let Some(id) = parts
                .first()
                .and_then(|p| p.trim().strip_prefix('"'))
                .and_then(|p| p.strip_suffix('"'))
            else {
                continue; // the macro's own definition
            };
            let names = parts[1..]
                .iter()
                .filter_map(|p| p.split_once('=').map(|(n, _)| n.trim().to_string()))
                .filter(|n| !n.is_empty())
                .collect();
            let line = text[..text.len() - rest.len()].matches('\n').count() + 1;
            let place = format!(
                "{}:{line}",
                entry
                    .path()
                    .strip_prefix(&src)
                    .unwrap_or(entry.path())
                    .display()
            );
            out.push((place, id.to_string(), names));
        }
    }
    out
}

/// The text up to the parenthesis that closes the one just opened.
fn balanced(s: &str) -> Option<&str> {
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' if depth == 0 => return Some(&s[..i]),
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

fn split_top_level(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start, mut in_string, mut escaped) = (0i32, 0, false, false);
    for (i, c) in s.char_indices() {
        if in_string {
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' | '<' if c != '<' || depth > 0 => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if !s[start..].trim().is_empty() {
        parts.push(&s[start..]);
    }
    parts
}

/// Sample values: a number where the name says count, text elsewhere (selectors on text fall
/// to their default variant, as an unforeseen value would).
fn sample_args(names: &BTreeSet<String>) -> Vec<(&str, Arg)> {
    names
        .iter()
        .map(|n| {
            let v = match n.as_str() {
                "count" | "more" | "limit" | "pages" => Arg::Number(2),
                _ => Arg::Text("värde".into()),
            };
            (n.as_str(), v)
        })
        .collect()
}

/// What must never reach an editor: Rust's debug formatting, type paths, Option and Result
/// values, struct names in CamelCase, and Fluent's own markers for a missing argument.
fn programmer_text(id: &str, text: &str) -> Option<String> {
    // Template messages quote Tera syntax (`{{ … }}`, `{% … %}`) to their template authors;
    // a few hints quote the Markdown attribute (`{lang=en}`, `{#id}`), the template line
    // (`{{ site.language }}`) or the merge fields (`{email}`) to write.
    let braces_allowed = id.starts_with("template-")
        || matches!(
            id,
            "lint-english-passage-hint"
                | "lint-duplicate-id-heading-hint"
                | "lint-html-lang-hint"
                | "newsletter-unsubscribe-template-hint"
                | "send-no-secret-hint"
        );
    if !braces_allowed && (text.contains('{') || text.contains('}')) {
        return Some("a brace".into());
    }
    for bad in [
        "::", "Some(", "None", "Ok(", "Err(", "Nodes", "Depth", "budget", "\\n", "$",
    ] {
        if text.contains(bad) {
            return Some(format!("`{bad}`"));
        }
    }
    let camel = text.split(|c: char| !c.is_alphanumeric()).find(|w| {
        let mut chars = w.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.clone().any(char::is_lowercase)
            && chars.any(char::is_uppercase)
    });
    camel.map(|w| format!("the type-like word `{w}`"))
}

#[test]
fn both_catalogues_define_the_same_messages_with_the_same_arguments() {
    let sv = catalogue(Lang::Sv);
    let en = catalogue(Lang::En);
    let only_sv: Vec<_> = sv.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !sv.contains_key(*k)).collect();
    assert!(
        only_sv.is_empty() && only_en.is_empty(),
        "only in Swedish: {only_sv:?}; only in English: {only_en:?}"
    );
    for (id, vars) in &sv {
        assert_eq!(vars, &en[id], "`{id}` takes other arguments in English");
    }
}

#[test]
fn every_message_renders_as_words_for_an_editor_in_both_languages() {
    for lang in Lang::ALL {
        for (id, vars) in catalogue(lang) {
            let (text, errors) = render_id(lang, &id, &sample_args(&vars));
            assert!(errors.is_empty(), "{}: `{id}`: {errors:?}", lang.code());
            assert!(!text.trim().is_empty(), "{}: `{id}` is empty", lang.code());
            assert!(
                !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                "{}: `{id}` has isolation marks",
                lang.code()
            );
            if let Some(bad) = programmer_text(&id, &text) {
                panic!("{}: `{id}` holds {bad}: {text}", lang.code());
            }
        }
    }
}

#[test]
fn every_message_the_code_raises_is_in_both_catalogues_with_its_arguments() {
    let calls = calls_in_source();
    assert!(calls.len() > 100, "found only {} msg! calls", calls.len());
    let catalogues = [
        (Lang::Sv, catalogue(Lang::Sv)),
        (Lang::En, catalogue(Lang::En)),
    ];
    for (place, id, names) in &calls {
        for (lang, cat) in &catalogues {
            let vars = cat.get(id).unwrap_or_else(|| {
                panic!("{place}: `{id}` is not in the {} catalogue", lang.code())
            });
            let missing: Vec<_> = vars.difference(names).collect();
            assert!(
                missing.is_empty(),
                "{place}: `{id}` needs {missing:?}, which the code does not give"
            );
            let (text, errors) = render_id(*lang, id, &sample_args(names));
            assert!(errors.is_empty(), "{place}: `{id}`: {errors:?}");
            if let Some(bad) = programmer_text(id, &text) {
                panic!("{place}: `{id}` holds {bad}: {text}");
            }
        }
    }
}

#[test]
fn labels_follow_the_language() {
    let site = Fixture::new(&[("content/a.md", "---\ntitel: A\n---\n")]);
    // No language anywhere: Swedish, the editors' language.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .arg("check")
        .env_remove("VARDLOTS_LANG")
        .current_dir(site.root())
        .output()
        .expect("run");
    let sv = common::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        sv.stderr.starts_with("fel: content/a.md:2:1"),
        "{}",
        sv.stderr
    );
    assert!(
        sv.stderr.contains("\n  tips: menade du `title`?"),
        "{}",
        sv.stderr
    );
    let en = site.run(&["check", "--lang", "en"]);
    assert!(
        en.stderr.starts_with("error: content/a.md:2:1"),
        "{}",
        en.stderr
    );
    assert!(
        en.stderr.contains("\n  hint: did you mean `title`?"),
        "{}",
        en.stderr
    );
}

#[test]
fn the_language_comes_from_site_yaml_then_the_environment_then_the_flag() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example.se\nlanguage: en\n",
        ),
        ("content/a.md", "---\ntitel: A\n---\n"),
    ]);
    let default = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .arg("check")
        .env_remove("VARDLOTS_LANG")
        .current_dir(site.root())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&default.stderr).starts_with("error: "));
    let env = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .arg("check")
        .env("VARDLOTS_LANG", "sv")
        .current_dir(site.root())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&env.stderr).starts_with("fel: "));
    let flag = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .args(["check", "--lang", "en"])
        .env("VARDLOTS_LANG", "sv")
        .current_dir(site.root())
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&flag.stderr).starts_with("error: "));
}

/// The typical mistakes, as an editor meets them, in both languages.
fn typical(files: &[(&str, &str)]) -> String {
    let site = Fixture::new(files);
    let sv = site.run(&["check", "--lang", "sv"]);
    let en = site.run(&["check", "--lang", "en"]);
    format!("{}\n---\n{}", sv.stderr, en.stderr)
}

#[test]
fn typical_a_misspelt_field() {
    insta::assert_snapshot!(typical(&[(
        "content/a.md",
        "---\ntitle: A\nvikt: 10\n---\n"
    )]));
}

#[test]
fn typical_an_unclosed_quote_in_a_unit_file() {
    let unit = common::units::ALFA.replacen("namn: ", "namn: \"", 1);
    let out = typical(&[
        ("content/enheter/_region.yaml", common::units::REGION),
        ("content/enheter/alfa.yaml", &unit),
    ]);
    assert!(!out.contains("title"), "the hint is about a page:\n{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn typical_a_closing_time_before_the_opening_time() {
    let unit = format!("{}oppettider:\n  mån: 17.00-08.00\n", common::units::GAMMA);
    insta::assert_snapshot!(typical(&[
        ("content/enheter/_region.yaml", common::units::REGION),
        ("content/enheter/gamma.yaml", &unit),
    ]));
}

#[test]
fn typical_a_link_to_a_missing_page() {
    insta::assert_snapshot!(typical(&[(
        "content/a.md",
        &page("A", "", "Se [tiderna](@/oppettider.md).\n")
    )]));
}

#[test]
fn typical_a_date_that_is_not_a_date() {
    insta::assert_snapshot!(typical(&[(
        "content/a.md",
        "---\ntitle: A\ndate: 1 mars 2025\n---\n"
    )]));
}

#[test]
fn typical_a_file_saved_as_windows_1252() {
    let site = Fixture::new(&[]);
    site.write_bytes("content/a.md", b"---\ntitle: Caf\xE9\n---\n");
    let sv = site.run(&["check", "--lang", "sv"]);
    let en = site.run(&["check", "--lang", "en"]);
    insta::assert_snapshot!(format!("{}\n---\n{}", sv.stderr, en.stderr));
}

#[test]
fn typical_an_alias_bomb() {
    let mut yaml = String::from("---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
    ] {
        yaml.push_str(&format!(
            "  {name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
        ));
    }
    yaml.push_str("---\n");
    let out = typical(&[("content/a.md", &yaml)]);
    assert!(!out.contains("budget") && !out.contains("Nodes"), "{out}");
    insta::assert_snapshot!(out);
}

/// The example site's sources in a temporary folder, with `edit` applied to one file.
fn example_site_with(rel: &str, edit: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(src.join("site.yaml"), dir.path().join("site.yaml")).expect("site.yaml");
    for top in ["content", "static", "templates"] {
        for entry in walkdir::WalkDir::new(src.join(top)) {
            let entry = entry.expect("walk");
            let to = dir
                .path()
                .join(entry.path().strip_prefix(src).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).expect("mkdir");
            } else {
                std::fs::copy(entry.path(), &to).expect("copy");
            }
        }
    }
    let path = dir.path().join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, edit(text)).expect("write");
    dir
}

fn check_errors(dir: &Path) -> Vec<String> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vardlots"))
        .args(["check", "--lang", "en", "--date", "2026-11-30"])
        .current_dir(dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error: ") && !l.contains(" in the site's sources"))
        .map(str::to_string)
        .collect()
}

#[test]
fn removing_the_title_of_kontakt_is_one_error_at_kontakt() {
    let site = example_site_with("content/kontakt.md", |t| {
        t.lines()
            .filter(|l| !l.starts_with("title:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    let errors = check_errors(site.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/kontakt.md:1:1:")
            && errors[0].contains("the field `title` is missing"),
        "{errors:#?}"
    );
}

#[test]
fn renaming_weight_to_vikt_is_one_error_at_the_line() {
    let site = example_site_with("content/kontakt.md", |t| t.replacen("weight:", "vikt:", 1));
    let errors = check_errors(site.path());
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/kontakt.md:4:1:")
            && errors[0].contains("unknown field `vikt`"),
        "{errors:#?}"
    );
}

#[test]
fn a_listing_of_a_unit_whose_file_cannot_be_read_is_folded_under_it() {
    // farjestaden is named in mörbylånga's referral, lanssjukhuset-akut in the guide's
    // levels: a broken quote in each file is one error each, not also "there is no unit"
    // wherever they are named.
    let site = example_site_with("content/enheter/farjestaden.yaml", |t| {
        t.replacen("namn: ", "namn: \"", 1)
    });
    let akut = site.path().join("content/enheter/lanssjukhuset-akut.yaml");
    let text = std::fs::read_to_string(&akut).expect("read");
    std::fs::write(&akut, text.replacen("namn: ", "namn: \"", 1)).expect("write");
    let errors = check_errors(site.path());
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("error: content/enheter/farjestaden.yaml:")
            && errors[1].starts_with("error: content/enheter/lanssjukhuset-akut.yaml:"),
        "{errors:#?}"
    );
}

/// English words that no Swedish message uses; a Swedish report that holds one has an
/// English sentence in it.
const ENGLISH: &[&str] = &[
    "the", "a", "an", "is", "are", "of", "to", "with", "without", "and", "or", "unit", "field",
    "should", "must", "page", "link", "image", "not", "no", "has", "which", "this", "that", "for",
    "on", "error", "warning", "hint", "heading", "after", "ago", "seen", "write", "say", "use",
    "add", "file", "missing",
];

/// The English words of a report's prose: what is in backticks (as the editor typed it),
/// quoted source lines, paths and addresses are left out.
fn english_words(report: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in report.lines() {
        let trimmed = line.trim_start();
        let quoted = trimmed
            .split_once('|')
            .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()));
        if quoted {
            continue;
        }
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        for token in prose.split_whitespace() {
            if token.contains(['/', '.', '@', '<', '>']) {
                continue;
            }
            for word in token.split(|c: char| !c.is_alphabetic()) {
                let lower = word.to_lowercase();
                if ENGLISH.contains(&lower.as_str()) {
                    found.push(format!("{lower} in: {line}"));
                }
            }
        }
    }
    found
}

#[test]
fn a_swedish_report_of_lint_findings_and_unit_errors_has_no_english() {
    let page = page(
        "Öppettider",
        "",
        "![](https://example.se/karta.png)\n\nSe [här](https://www.1177.se/).\n\n#### Djupt ner\n\nRing oss eller läs https://www.1177.se/hitta-vard/ i dag.\n\n| |  |\n|---|---|\n| a | b |\n",
    );
    let old = format!("{}uppdaterad: 2025-12-20\n", common::units::ALFA);
    let linted = Fixture::new(&[
        ("content/a.md", &page),
        ("content/enheter/_region.yaml", common::units::REGION),
        ("content/enheter/alfa.yaml", &old),
    ]);
    let lint = linted.run(&["check", "--lang", "sv", "--date", common::units::DATE]);
    assert_eq!(lint.code, 1, "{}", lint.stderr);
    for rule in [
        "image_alt",
        "vague_link_text",
        "heading_order",
        "url_link_text",
        "empty_header_cell",
    ] {
        assert!(
            lint.stderr
                .contains(&format!("tillgänglighetsregeln `{rule}`")),
            "{rule}: {}",
            lint.stderr
        );
    }
    assert!(lint.stderr.contains("varning: content/enheter/alfa.yaml"));

    let future = format!(
        "{}uppdaterad: 2026-12-22\noppettider:\n  mån: 17.00-08.00\n",
        common::units::ALFA
    );
    let units = Fixture::new(&[
        ("content/enheter/_region.yaml", common::units::REGION),
        ("content/enheter/alfa.yaml", &future),
    ]);
    let unit = units.run(&["check", "--lang", "sv", "--date", common::units::DATE]);
    assert_eq!(unit.code, 1, "{}", unit.stderr);
    assert!(unit.stderr.contains("fel: content/enheter/alfa.yaml"));

    for report in [&lint.stderr, &unit.stderr] {
        let english = english_words(report);
        assert!(english.is_empty(), "{english:#?}\n{report}");
    }
    // The check itself finds English: the same sites in English fail it.
    let en = linted.run(&["check", "--lang", "en", "--date", common::units::DATE]);
    assert!(!english_words(&en.stderr).is_empty(), "{}", en.stderr);
}

#[test]
fn a_list_of_files_and_how_many_more_has_a_space_before_the_count() {
    // Fluent drops the blanks a variant starts with: "`b`och 2 till" until they were quoted.
    for id in [
        "output-left-in-staging",
        "output-kept-foreign",
        "output-kept-changed",
        "output-would-overwrite",
    ] {
        for lang in Lang::ALL {
            let args = [
                ("count", Arg::Number(7)),
                ("files", Arg::Text("`a`, `b`".into())),
                ("more", Arg::Number(2)),
                ("folder", Arg::Text("public".into())),
                ("changed", Arg::Text("no".into())),
            ];
            let (text, _) = render_id(lang, id, &args);
            assert!(
                text.contains("`b` och 2 till") || text.contains("`b` and 2 more"),
                "{}: `{id}`: {text}",
                lang.code()
            );
        }
    }
}
