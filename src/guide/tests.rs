use super::bands::instant;
use super::*;
use crate::unit::Region;
use jiff::Timestamp;
use jiff::civil::date;
use jiff::civil::{Date, Time};
use std::path::{Path, PathBuf};

/// A region that closes health centres on julafton and nyårsafton only.
fn region() -> Region {
    crate::unit::parse_region(
        Path::new("content/enheter/_region.yaml"),
        "kommuner: [Kalmar]\noppettider:\n  mån-fre: 07.30-17.00\naftnar:\n  julafton: stängt\n  nyarsafton: stängt\n",
    )
    .0
}

/// Wall-clock time in Stockholm.
fn at(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    instant(date(y, m, d), Time::constant(h, min, 0, 0)).unwrap()
}

fn band(start: Date, t: Timestamp) -> Option<Band> {
    band_at(&segments(start, 60, Some(&region())), t)
}

#[test]
fn weekday_bands_turn_at_0730_and_1700() {
    let monday = date(2026, 11, 23);
    assert_eq!(band(monday, at(2026, 11, 23, 7, 29)), Some(Band::KvallNatt));
    assert_eq!(band(monday, at(2026, 11, 23, 7, 30)), Some(Band::VardagDag));
    assert_eq!(
        band(monday, at(2026, 11, 23, 16, 59)),
        Some(Band::VardagDag)
    );
    assert_eq!(band(monday, at(2026, 11, 23, 17, 0)), Some(Band::KvallNatt));
    // Friday night is a weekday night; Saturday begins the weekend at midnight.
    assert_eq!(
        band(monday, at(2026, 11, 27, 23, 59)),
        Some(Band::KvallNatt)
    );
    assert_eq!(band(monday, at(2026, 11, 28, 0, 0)), Some(Band::Helg));
    assert_eq!(band(monday, at(2026, 11, 29, 23, 0)), Some(Band::Helg));
    assert_eq!(band(monday, at(2026, 11, 30, 3, 0)), Some(Band::KvallNatt));
}

#[test]
fn annandag_pask_a_monday_is_a_holiday_all_day() {
    let start = date(2027, 3, 22);
    // Långfredagen, påskafton (a Saturday), påskdagen, annandag påsk: one weekend.
    for (d, h) in [(26, 10), (27, 12), (28, 12), (29, 0), (29, 10), (29, 20)] {
        assert_eq!(
            band(start, at(2027, 3, d, h, 0)),
            Some(Band::Helg),
            "{d} {h}"
        );
    }
    // Thursday before långfredagen is an ordinary weekday, evening included.
    assert_eq!(band(start, at(2027, 3, 25, 10, 0)), Some(Band::VardagDag));
    assert_eq!(band(start, at(2027, 3, 25, 20, 0)), Some(Band::KvallNatt));
    // Tuesday after: the night belongs to the new weekday.
    assert_eq!(band(start, at(2027, 3, 30, 3, 0)), Some(Band::KvallNatt));
    assert_eq!(band(start, at(2027, 3, 30, 10, 0)), Some(Band::VardagDag));
    let segs = segments(start, 60, Some(&region()));
    let easter = segs
        .iter()
        .find(|s| s.start <= at(2027, 3, 29, 10, 0) && at(2027, 3, 29, 10, 0) < s.end)
        .unwrap();
    assert_eq!(easter.note.as_deref(), Some("annandag påsk"));
}

#[test]
fn eves_follow_the_regions_decision() {
    let start = date(2026, 12, 21);
    // Julafton, a Thursday: the region closes health centres, so it is a holiday.
    assert_eq!(band(start, at(2026, 12, 24, 10, 0)), Some(Band::Helg));
    // The day before julafton is an ordinary weekday.
    assert_eq!(band(start, at(2026, 12, 23, 10, 0)), Some(Band::VardagDag));
    // Trettondagsafton is not an eve in the calendar: a weekday.
    assert_eq!(band(start, at(2027, 1, 5, 10, 0)), Some(Band::VardagDag));
    assert_eq!(band(start, at(2027, 1, 6, 10, 0)), Some(Band::Helg));
    // Midsommarafton, a Friday the region has not decided on: a weekday.
    let june = date(2027, 6, 21);
    assert_eq!(band(june, at(2027, 6, 25, 10, 0)), Some(Band::VardagDag));
    // Without unit data, too.
    assert_eq!(
        band_at(&segments(start, 60, None), at(2026, 12, 24, 10, 0)),
        Some(Band::VardagDag)
    );
}

#[test]
fn segments_are_contiguous_joined_and_survive_daylight_saving() {
    // Across the change to summer time (28 March 2027).
    let segs = segments(date(2027, 3, 22), 60, Some(&region()));
    for w in segs.windows(2) {
        assert_eq!(w[0].end, w[1].start);
        assert!(w[0].band != w[1].band || w[0].note != w[1].note);
    }
    assert_eq!(segs[0].start, at(2027, 3, 22, 0, 0));
    assert_eq!(segs.last().unwrap().end, at(2027, 5, 21, 0, 0));
    assert_eq!(
        band(date(2027, 3, 22), at(2027, 3, 31, 7, 30)),
        Some(Band::VardagDag)
    );
    // Outside the horizon: nothing to say.
    assert_eq!(band(date(2027, 3, 22), at(2027, 3, 21, 12, 0)), None);
    assert_eq!(band(date(2027, 3, 22), at(2027, 5, 21, 0, 0)), None);
}

const LEVELS: &str = "\
nodlage: \"112\"
nivaer:
  - id: \"112\"
    namn: Ring 112
    etikett: Akut
    text: Livshotande.
  - id: hc
    namn: Din hälsocentral
    etikett: Vardagar
    text: Vardagar.
";

fn load_texts(levels: &str, situations: &str) -> GuideData {
    load(
        &[
            (
                PathBuf::from("content/vart-ska-jag-vanda-mig/nivaer.yaml"),
                levels,
            ),
            (
                PathBuf::from("content/vart-ska-jag-vanda-mig/situationer.yaml"),
                situations,
            ),
        ],
        None,
    )
}

fn messages(g: &GuideData) -> Vec<String> {
    g.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn a_valid_guide_with_a_follow_up() {
    let g = load_texts(
        LEVELS,
        "\
situationer:
  - id: a
    rubrik: A
    fraga:
      text: Hur?
      alternativ:
        - { text: Så, till: b }
  - id: b
    rubrik: B
    svar:
      vardag_dag: { niva: hc, text: x }
      kvall_natt: { niva: \"112\", text: \"y\" }
      helg: { niva: hc, text: z }
",
    );
    assert_eq!(messages(&g), Vec::<String>::new());
    assert_eq!(g.entries().iter().map(|s| &s.id).collect::<Vec<_>>(), ["a"]);
    let b = g.situation("b").unwrap();
    assert_eq!(b.answer(Band::KvallNatt).unwrap().level, "112");
}

#[test]
fn loops_are_found_once_each() {
    let g = load_texts(
        LEVELS,
        "\
situationer:
  - id: a
    rubrik: A
    fraga:
      text: Hur?
      alternativ:
        - { text: Så, till: b }
  - id: b
    rubrik: B
    fraga:
      text: Och?
      alternativ:
        - { text: Då, till: a }
  - id: c
    rubrik: C
    fraga:
      text: Själv?
      alternativ:
        - { text: Ja, till: c }
",
    );
    let m = messages(&g);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].contains("the follow-up questions loop: `a` → `b` → `a`"),
        "{m:?}"
    );
    assert!(
        m[1].contains("the follow-up questions loop: `c` → `c`"),
        "{m:?}"
    );
}

const ONE_SITUATION: &str = "\
situationer:
  - id: a
    rubrik: { sv: Ont, en: Pain }
    svar:
      vardag_dag: { niva: hc, text: x }
      kvall_natt: { niva: \"112\", text: y }
      helg: { niva: hc, text: z }
";

#[test]
fn a_plain_yes_or_no_as_a_text_asks_for_quotes_at_its_line() {
    let g = load_texts(LEVELS, ONE_SITUATION);
    let m = messages(&g);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("situationer.yaml:6:"), "{m:?}");
    assert!(m[0].contains("YAML reads this text as yes or no"), "{m:?}");
}

#[test]
fn translations_in_the_site_languages_are_kept_and_others_reported() {
    let files = |situations: &str| {
        vec![
            (
                PathBuf::from("content/vart-ska-jag-vanda-mig/nivaer.yaml"),
                LEVELS.to_string(),
            ),
            (
                PathBuf::from("content/vart-ska-jag-vanda-mig/situationer.yaml"),
                situations.to_string(),
            ),
        ]
    };
    let ok = ONE_SITUATION.replace("text: y", "text: \"y\"");
    let g = crate::guide::load_in(&files(&ok), None, &["sv", "en"]);
    assert_eq!(messages(&g), Vec::<String>::new());
    let a = g.situation("a").unwrap();
    assert_eq!(a.title.in_language("en"), ("Pain", true));
    assert_eq!(a.title.in_language("fi"), ("Ont", false));
    let bad = ok.replace("en: Pain", "eng: Pain");
    let g = crate::guide::load_in(&files(&bad), None, &["sv", "en"]);
    let m = messages(&g);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(m[0].contains("situationer.yaml:3:"), "{m:?}");
    assert!(
        m[0].contains("`eng`") && m[0].contains("did you mean `en`"),
        "{m:?}"
    );
}
