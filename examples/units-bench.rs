//! Times parse + validate + resolve of 1,000 synthetic units over the 60-day horizon, the
//! budget being 100 ms in release mode: `cargo run --release --example units-bench`.
//!
//! The units are generated in memory so the figure measures the logic, not the disk.

use std::path::PathBuf;
use std::time::Instant;

use jiff::civil::date;
use vardlots::unit;

const REGION: &str = "\
kommuner: [Borgholm, Emmaboda, Hultsfred, Högsby, Kalmar, Mönsterås, Mörbylånga, Nybro, Oskarshamn, Torsås, Vimmerby, Västervik]
oppettider:
  mån-fre: 07.30-17.00
telefontider:
  mån-fre: 07.30-16.30
aftnar:
  julafton: stängt
  nyarsafton: stängt
";

const MUNICIPALITIES: [&str; 12] = [
    "Borgholm",
    "Emmaboda",
    "Hultsfred",
    "Högsby",
    "Kalmar",
    "Mönsterås",
    "Mörbylånga",
    "Nybro",
    "Oskarshamn",
    "Torsås",
    "Vimmerby",
    "Västervik",
];

/// A unit file as long as a real one: address, e-services, accessibility; every third is
/// weekend-open, every fifth has a closure with a referral to its neighbour.
fn unit_text(i: usize) -> String {
    let mut t = format!(
        "# syntetisk\nnamn: Hälsocentral {i}\ntyp: {}\nhsa_id: SE0000000000-BENCH{i:05}\nkommun: {}\n\
         besoksadress:\n  gata: Exempelgatan {i}\n  postnummer: \"392 30\"\n  ort: Kalmar\n\
         koordinater:\n  lat: 56.66\n  lon: 16.36\ntelefon: 070-174 06 {:02}\n\
         url_1177: https://www.1177.se/hitta-vard/kontaktkort/exempel-{i}/\n\
         akuttelefon:\n  telefon: 031-390 06 {:02}\n\
         e_tjanster: [boka_tid, av_omboka_tid, mina_bokade_tider, fornya_recept, begar_intyg, kontakta_oss, las_journal, 1177_direkt]\n\
         tillganglighet:\n  rullstolsanpassat: true\n  horslinga: true\n  parkering: Vid entrén.\n",
        if i.is_multiple_of(3) {
            "helgöppen hälsocentral"
        } else {
            "hälsocentral"
        },
        MUNICIPALITIES[i % 12],
        5 + i % 95,
        i % 100,
    );
    if i.is_multiple_of(3) {
        t.push_str(
            "oppettider:\n  lör: 09.00-22.00\n  sön: 09.00-21.00\nhelgdagar: 09.00-21.00\n\
             aftnar:\n  julafton: helgdagstider\n  nyarsafton: helgdagstider\n",
        );
    } else {
        t.push_str("telefontider:\n  mån-fre: 08.00-12.00, 13.00-16.00\n");
    }
    if i % 5 == 1 {
        t.push_str(&format!(
            "avvikelser:\n  - fran: 2026-12-07\n    till: 2026-12-11\n    tider: stängt\n    \
             orsak: Utbildning\n    hanvisning: u{:04}\n  - fran: 2026-12-14\n    \
             till: 2026-12-14\n    tider: 07.30-12.00\n    orsak: Personalmöte\n",
            i + 1
        ));
    }
    t
}

fn main() {
    let build = date(2026, 11, 22);
    let mut files = vec![(
        PathBuf::from("content/enheter/_region.yaml"),
        REGION.to_string(),
    )];
    files.extend((0..1000).map(|i| {
        (
            PathBuf::from(format!("content/enheter/u{i:04}.yaml")),
            unit_text(i),
        )
    }));
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();

    // One warm-up run, then the best of five, so a busy shared machine does not decide.
    let data = unit::load(&files, build);
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let data = unit::load(&files, build);
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(&data);
    }
    let errors = data.diagnostics.iter().filter(|d| d.is_error()).count();
    let intervals: usize = data.calendars.iter().map(|c| c.intervals.len()).sum();
    println!(
        "units: {} ({} KiB of YAML), {} findings ({errors} errors), {intervals} intervals over {} days",
        data.units.len(),
        bytes / 1024,
        data.diagnostics.len(),
        unit::HORIZON_DAYS
    );
    for d in data.diagnostics.iter().take(3) {
        println!("{d}");
    }
    println!("parse + validate + resolve: {best:.1} ms (best of 5)");
}
