//! The guide "Vart ska jag vända mig?": levels of care, situations and the time bands that
//! decide which level a situation leads to. Pure: the loader hands in `(path, text)` pairs,
//! the unit data (for unit references and hours) and the build date; nothing here reads files
//! or the clock. How the guide is shown lives in `guide_pages`.
//!
//! # Files
//!
//! Both in `content/vart-ska-jag-vanda-mig/`, the folder of the guide's address; an optional
//! `_index.md` there gives the guide page's title, text and menu `weight`. Field names are
//! Swedish snake_case without å/ä/ö, like the unit files; texts are what residents read.
//!
//! ## `nivaer.yaml`: the levels of care
//!
//! | field | meaning |
//! |---|---|
//! | `nodlage` (required) | the id of the level shown first, as the emergency (`"112"`) |
//! | `nivaer` (required) | the levels, in the order of the cards |
//!
//! Each level:
//!
//! | field | meaning |
//! |---|---|
//! | `id` (required) | lower-case a–z, digits, hyphens: the card's anchor, what situations name |
//! | `namn` (required) | the card's heading: "Ring 112" |
//! | `etikett` (required) | the text prefix of the heading, so no meaning rests on colour: "Akut" |
//! | `text` (required) | a short text in plain Swedish |
//! | `nar` | when to go there: concrete examples, one per line |
//! | `inte_nar` | when not to, and where instead: `- { text: ..., i_stallet: <level id> }` |
//! | `kontakt` | `telefon`, `lank: { text, url }`, `text` |
//! | `tider` | the hours as text: "Dygnet runt, alla dagar." |
//! | `tider_fran` | hours from the unit data: `regionens_oppettider`, `regionens_telefontider` (`_region.yaml`) or `enheterna` (the level's units) |
//! | `enhetstyp` | the kind of unit this level is (a unit `typ`): its units are the level's units |
//! | `enheter` | unit ids, instead of or besides `enhetstyp` |
//!
//! ## `situationer.yaml`: the decision path
//!
//! `situationer:` is a list; each situation becomes a page `/vart-ska-jag-vanda-mig/<id>/`.
//! The guide page lists the entry situations as cards; the levels and a table of every
//! situation's answers are on their own page, `/vart-ska-jag-vanda-mig/oversikt/`, so no
//! situation may have the id `oversikt`.
//!
//! | field | meaning |
//! |---|---|
//! | `id` (required) | lower-case a–z, digits, hyphens: the page's address |
//! | `rubrik` (required) | the page's heading, in the resident's words: "Mitt barn har feber" |
//! | `text` | a short introduction |
//! | `farotecken` | danger signs that always mean 112, shown first |
//! | `svar` | the answer per time band: `vardag_dag`, `kvall_natt`, `helg`, each `{ niva: <level id>, text: ... }` |
//! | `fraga` | instead of `svar`, a follow-up question: `text` and `alternativ: [{ text, till: <situation id> }]` |
//!
//! A situation has either `svar` with all three bands or a `fraga`; follow-up questions may
//! not loop. Situations that no question leads to are the guide's entry points.
//!
//! # Languages
//!
//! On a site in several languages (`languages:` in `site.yaml`) the texts residents read
//! (a situation's `rubrik`, `text`, `farotecken`, answer texts, question and choice texts; a
//! level's `namn`, `etikett`, `text`, `nar` and `kontakt.text`) are either one string in the
//! default language or `{ sv: …, en: …, ar: …, fi: … }`. The guide is built in a language
//! when its entry page is translated (`_index.en.md` beside `_index.md`), with the
//! situations whose `rubrik` is translated; others are absent there, as untranslated pages
//! are. A text without a translation on such a page shows the default language's text
//! marked with its `lang`.
//!
//! # Time bands
//!
//! [`Band::VardagDag`] is Monday–Friday 07.30–17.00, when health centres are open;
//! [`Band::KvallNatt`] is the rest of those days (evening, and the night until 07.30);
//! [`Band::Helg`] is all of Saturday, Sunday and public holidays, 00.00–24.00. An eve
//! (julafton, nyårsafton, midsommarafton; påskafton and pingstafton are Saturdays) counts as
//! `helg` when the region's `_region.yaml` closes health centres on it (`julafton: stängt`),
//! and as a weekday otherwise, so the guide and the units' hours always agree. The night
//! after a weekday belongs to that day (Friday 23.00 is `kvall_natt`); the night after a
//! holiday belongs to the next day (Tuesday 03.00 after annandag påsk is `kvall_natt`).
//! Times are wall-clock times in Europe/Stockholm; the build writes the bands of the
//! horizon as instants, so the browser compares numbers and does no calendar arithmetic.

mod bands;
mod model;
pub mod pages;
mod validate;

pub use bands::*;
pub use model::*;
pub use validate::{load, load_in};

/// The folder of the guide's files under `content/`, and the guide's address.
pub const DIR: &str = "vart-ska-jag-vanda-mig";
pub const LEVELS_FILE: &str = "nivaer.yaml";
pub const SITUATIONS_FILE: &str = "situationer.yaml";
/// The overview page's name in the guide's folder: the levels and every situation's answers.
pub const OVERVIEW: &str = "oversikt";

#[cfg(test)]
mod tests;
