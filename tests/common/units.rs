//! A small site with three care units: an ordinary health centre with a closure and a
//! referral, a weekend-open one, and one in another municipality with changed hours.

use super::Fixture;

/// A Monday four days before Christmas: the horizon holds julafton, juldagen, annandag jul
/// (a Saturday), nyårsafton, nyårsdagen and trettondedag jul.
pub const DATE: &str = "2026-12-21";

pub const REGION: &str = "\
kommuner: [Borgholm, Kalmar]
oppettider:
  mån-fre: 07.30-17.00
telefontider:
  mån-fre: 08.00-16.00
aftnar:
  julafton: stängt
  nyarsafton: stängt
";

pub const ALFA: &str = "\
namn: Alfa hälsocentral
typ: hälsocentral
hsa_id: SE0000000000-ALFA
kommun: Kalmar
telefon: 070-174 06 50
besoksadress:
  gata: Testgatan 1
  postnummer: \"392 30\"
  ort: Kalmar
koordinater:
  lat: 56.66
  lon: 16.36
url_1177: https://www.1177.se/hitta-vard/kontaktkort/alfa/
e_tjanster: [boka_tid, fornya_recept]
avvikelser:
  - fran: 2026-12-28
    till: 2026-12-30
    tider: stängt
    orsak: Utbildning
    hanvisning: beta
";

pub const BETA: &str = "\
namn: Beta hälsocentral
typ: helgöppen hälsocentral
hsa_id: SE0000000000-BETA
kommun: Kalmar
telefon: 070-174 06 51
oppettider:
  lör: 09.00-22.00
  sön: 09.00-21.00
helgdagar: 09.00-21.00
aftnar:
  julafton: helgdagstider
  nyarsafton: helgdagstider
";

pub const GAMMA: &str = "\
namn: Gamma hälsocentral
typ: hälsocentral
hsa_id: SE0000000000-GAMMA
kommun: Borgholm
telefon: 070-174 06 52
avvikelser:
  - fran: 2027-01-13
    till: 2027-01-13
    tider: 07.30-12.00
    orsak: Personalmöte
    hanvisning: \"1177\"
";

pub fn units_site(extra: &[(&str, &str)]) -> Fixture {
    let mut files = vec![
        ("content/_index.md", "---\ntitle: Start\n---\nVälkommen.\n"),
        ("content/enheter/_region.yaml", REGION),
        ("content/enheter/alfa.yaml", ALFA),
        ("content/enheter/beta.yaml", BETA),
        ("content/enheter/gamma.yaml", GAMMA),
    ];
    files.extend_from_slice(extra);
    Fixture::new(&files)
}
