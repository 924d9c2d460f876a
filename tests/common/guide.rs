//! A small site with a guide on top of the care-unit fixture (`units.rs`): four levels, a
//! follow-up question leading to two situations, and one situation answered directly.

use super::Fixture;
use super::units::units_site;

pub const LEVELS_PATH: &str = "content/vart-ska-jag-vanda-mig/nivaer.yaml";
pub const SITUATIONS_PATH: &str = "content/vart-ska-jag-vanda-mig/situationer.yaml";

pub const LEVELS: &str = "\
nodlage: \"112\"
nivaer:
  - id: \"112\"
    namn: Ring 112
    etikett: Akut
    text: Ring 112 när det är fara för livet. Behöver du råd, ring 1177.
    nar:
      - Någon andas inte.
    kontakt:
      telefon: \"112\"
    tider: Dygnet runt.
  - id: helgoppen
    namn: Helgöppen hälsocentral
    etikett: Helger
    text: Vård som inte kan vänta till måndag.
    inte_nar:
      - text: Det är vardag.
        i_stallet: hc
    enhetstyp: helgöppen hälsocentral
    tider_fran: enheterna
  - id: hc
    namn: Din hälsocentral
    etikett: Vardagar
    text: Din hälsocentral på vardagar.
    tider_fran: regionens_oppettider
  - id: \"1177\"
    namn: 1177 på telefon
    etikett: Råd dygnet runt
    text: Ring 1177.
    kontakt:
      telefon: \"1177\"
      lank: { text: 1177.se, url: \"https://www.1177.se/\" }
    enheter: [alfa]
";

pub const SITUATIONS: &str = "\
situationer:
  - id: feber
    rubrik: Mitt barn har feber
    farotecken:
      - Barnet går inte att väcka.
    fraga:
      text: Hur gammalt är barnet?
      alternativ:
        - text: Yngre än tre månader
          till: spadbarn
        - text: Äldre
          till: storre-barn
  - id: spadbarn
    rubrik: Spädbarn med feber
    svar:
      vardag_dag: { niva: hc, text: Ring hälsocentralen direkt. }
      kvall_natt: { niva: \"1177\", text: Ring 1177 direkt. }
      helg: { niva: \"1177\", text: Ring 1177 på helgen. }
  - id: storre-barn
    rubrik: Större barn med feber
    svar:
      vardag_dag: { niva: hc, text: Ring om du är orolig. }
      kvall_natt: { niva: \"1177\", text: Vänta till i morgon. }
      helg: { niva: helgoppen, text: Gå till en helgöppen hälsocentral. }
  - id: recept
    rubrik: Jag behöver förnya ett recept
    svar:
      vardag_dag: { niva: hc, text: Använd e-tjänsten. }
      kvall_natt: { niva: hc, text: Det kan vänta. }
      helg: { niva: hc, text: Det kan vänta till vardagen. }
";

/// The unit fixture with the guide's files, overridden or added to by `extra`.
pub fn guide_site(extra: &[(&str, &str)]) -> Fixture {
    let mut files = vec![(LEVELS_PATH, LEVELS), (SITUATIONS_PATH, SITUATIONS)];
    for (p, t) in extra {
        files.retain(|(q, _)| q != p);
        files.push((p, t));
    }
    units_site(&files)
}
