//! The unit data in two shapes: `Raw*` mirrors the YAML with positions (what serde reads), the
//! public types are checked and typed (what the rest of the site uses).
//!
//! Leaf values are read as text with their positions and converted in `validate`, not by
//! serde, because serde stops at the first bad value while editors want every mistake at once.

use std::fmt;
use std::path::PathBuf;

use jiff::civil::Date;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_saphyr::Spanned;

use super::hours::{Span, Week};
use crate::calendar::Eve;

/// A 1-based position in a unit file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn of<T>(s: &Spanned<T>) -> Pos {
        Pos {
            line: u32::try_from(s.referenced.line()).unwrap_or(u32::MAX),
            column: u32::try_from(s.referenced.column()).unwrap_or(u32::MAX),
        }
    }
}

/// A text value and where it stands.
pub(crate) type Text = Spanned<String>;

/// A free text that may be given in several languages: `orsak: Utbildning`, or
/// `orsak: { sv: Utbildning, en: Staff training, ar: تدريب الموظفين }`. The Swedish text
/// (`sv:`, or the first given) is the one the default language shows; another language
/// without its own text shows it, marked as Swedish.
///
/// Read by hand rather than as an untagged enum: an untagged enum reads a plain scalar as
/// YAML's own types first, so `text: y` or `text: 112` matched neither variant.
#[derive(Debug, Clone)]
pub(crate) enum RawLocalized {
    One(String),
    /// Texts by language code, and each code where it is written, so a code that is not
    /// one of the site's languages is reported at its own line.
    Many(
        std::collections::BTreeMap<String, String>,
        Vec<serde_saphyr::Spanned<String>>,
    ),
}

impl<'de> Deserialize<'de> for RawLocalized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawLocalized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or texts by language code such as `{ sv: …, en: … }`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawLocalized, E> {
                Ok(RawLocalized::One(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RawLocalized, E> {
                Ok(RawLocalized::One(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RawLocalized, E> {
                Ok(RawLocalized::One(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<RawLocalized, E> {
                Ok(RawLocalized::One(v.to_string()))
            }
            // `yes`, `no`, `on`, `y`: YAML has lost the spelling, so the text must be quoted.
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<RawLocalized, E> {
                Err(E::custom(crate::yaml::QUOTE_TEXT))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLocalized, A::Error> {
                let mut texts = std::collections::BTreeMap::new();
                let mut codes = Vec::new();
                while let Some((code, text)) =
                    map.next_entry::<serde_saphyr::Spanned<String>, String>()?
                {
                    texts.insert(code.value.clone(), text);
                    codes.push(code);
                }
                Ok(RawLocalized::Many(texts, codes))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A free text in the unit's own language and its translations, by language code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Localized {
    pub text: String,
    #[serde(skip)]
    pub translations: Vec<(String, String)>,
}

impl Localized {
    /// With `trim`, surrounding white space is dropped, as from a one-line reason.
    pub(crate) fn from_raw(raw: &RawLocalized, trim: bool) -> Localized {
        let tidy = |t: &str| if trim { t.trim() } else { t }.to_string();
        match raw {
            RawLocalized::One(text) => Localized {
                text: tidy(text),
                translations: Vec::new(),
            },
            RawLocalized::Many(map, _) => {
                let text = map
                    .get("sv")
                    .or_else(|| map.values().next())
                    .map_or(String::new(), |t| tidy(t));
                Localized {
                    text,
                    translations: map
                        .iter()
                        .map(|(code, t)| (code.clone(), tidy(t)))
                        .collect(),
                }
            }
        }
    }

    /// The text in the language `code`, and whether it is that language's own (`false`:
    /// the Swedish text stands in).
    pub fn in_language(&self, code: &str) -> (&str, bool) {
        match self.translations.iter().find(|(c, _)| c == code) {
            Some((_, t)) => (t, true),
            None => (&self.text, false),
        }
    }

    /// The `lang` attribute the text needs on a page in `code`: the default language's
    /// code when its text stands in for a missing translation, else none.
    pub fn lang_attr<'d>(&self, code: &str, default: &'d str) -> Option<&'d str> {
        (code != default && !self.in_language(code).1).then_some(default)
    }
}

/// A weekly mapping (`mån-fre: 07.30-17.00`) with the position of every key and value, in
/// document order, so that a day given twice can be reported at its second mention.
#[derive(Debug, Default)]
pub(crate) struct RawWeek(pub Vec<(Text, Text)>);

impl<'de> Deserialize<'de> for RawWeek {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawWeek;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of weekdays to hours, such as `mån-fre: 07.30-17.00`")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawWeek, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Text>()? {
                    entries.push((key, map.next_value::<Text>()?));
                }
                Ok(RawWeek(entries))
            }
            fn visit_unit<E>(self) -> Result<RawWeek, E> {
                Ok(RawWeek::default())
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAddress {
    pub gata: String,
    pub postnummer: String,
    pub ort: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCoordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawEmergencyPhone {
    pub telefon: Text,
    pub tider: Option<RawWeek>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAccessibility {
    #[serde(default)]
    pub rullstolsanpassat: Option<bool>,
    #[serde(default)]
    pub horslinga: Option<bool>,
    #[serde(default)]
    pub parkering: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDeviation {
    pub fran: Text,
    pub till: Text,
    pub tider: Text,
    pub orsak: Option<Spanned<RawLocalized>>,
    pub hanvisning: Option<Text>,
    pub text: Option<RawLocalized>,
    /// The telephone hours during the deviation; a closure closes the phones without it.
    pub telefontider: Option<Text>,
    /// The referral is to an emergency department on purpose, agreed with it.
    #[serde(default)]
    pub akut_avsedd: bool,
}

/// The top-level fields of a unit file; unknown ones are caught by `yaml::parse_mapping`.
#[derive(Debug, Deserialize)]
pub(crate) struct RawUnit {
    pub namn: Text,
    pub typ: Text,
    pub hsa_id: Text,
    pub kommun: Text,
    pub besoksadress: Option<RawAddress>,
    pub koordinater: Option<Spanned<RawCoordinates>>,
    pub telefon: Text,
    pub oppettider: Option<RawWeek>,
    pub helgdagar: Option<Text>,
    pub aftnar: Option<RawWeek>,
    pub telefontider: Option<RawWeek>,
    pub telefontider_helgdagar: Option<Text>,
    pub akuttelefon: Option<RawEmergencyPhone>,
    pub uppdaterad: Option<Text>,
    #[serde(default)]
    pub e_tjanster: Vec<Text>,
    pub url_1177: Option<Text>,
    pub tolk: Option<String>,
    pub tillganglighet: Option<RawAccessibility>,
    pub filial_till: Option<Text>,
    #[serde(default)]
    pub avvikelser: Vec<Spanned<RawDeviation>>,
}

pub(crate) const UNIT_FIELDS: &[&str] = &[
    "namn",
    "typ",
    "hsa_id",
    "kommun",
    "besoksadress",
    "koordinater",
    "telefon",
    "oppettider",
    "helgdagar",
    "aftnar",
    "telefontider",
    "telefontider_helgdagar",
    "akuttelefon",
    "uppdaterad",
    "e_tjanster",
    "url_1177",
    "tolk",
    "tillganglighet",
    "filial_till",
    "avvikelser",
];

/// The top-level fields of `_region.yaml`.
#[derive(Debug, Deserialize)]
pub(crate) struct RawRegion {
    pub kommuner: Vec<Text>,
    pub oppettider: RawWeek,
    pub telefontider: Option<RawWeek>,
    pub min_veckotimmar: Option<f64>,
    pub aftnar: Option<RawWeek>,
    pub aftnar_standard: Option<Text>,
    pub tolk: Option<String>,
}

pub(crate) const REGION_FIELDS: &[&str] = &[
    "kommuner",
    "oppettider",
    "telefontider",
    "min_veckotimmar",
    "aftnar",
    "aftnar_standard",
    "tolk",
];

/// What sort of unit this is; decides the schema.org type and the default holiday rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    Halsocentral,
    HelgoppenHalsocentral,
    Akutmottagning,
    Jourmottagning,
}

impl Kind {
    pub const ALL: [Kind; 4] = [
        Kind::Halsocentral,
        Kind::HelgoppenHalsocentral,
        Kind::Akutmottagning,
        Kind::Jourmottagning,
    ];

    /// The word editors write in `typ:` and residents read on the page.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Halsocentral => "hälsocentral",
            Kind::HelgoppenHalsocentral => "helgöppen hälsocentral",
            Kind::Akutmottagning => "akutmottagning",
            Kind::Jourmottagning => "jourmottagning",
        }
    }

    pub fn is_health_centre(self) -> bool {
        matches!(self, Kind::Halsocentral | Kind::HelgoppenHalsocentral)
    }
}

/// The e-services of the region's basic offer on 1177 (uppdragsbeskrivning Hälsoval 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EService {
    BokaTid,
    AvOmbokaTid,
    MinaBokadeTider,
    ForfraganBokaTid,
    FornyaRecept,
    BestallJournalkopior,
    BegarIntyg,
    FornyaDiabeteshjalpmedel,
    FornyaInkontinenshjalpmedel,
    BestallForskrivnaHjalpmedel,
    KontaktaOss,
    SynpunkterKlagomal,
    LasJournal,
    ValjHalsocentral,
    Direkt1177,
}

impl EService {
    pub const ALL: [EService; 15] = [
        EService::BokaTid,
        EService::AvOmbokaTid,
        EService::MinaBokadeTider,
        EService::ForfraganBokaTid,
        EService::FornyaRecept,
        EService::BestallJournalkopior,
        EService::BegarIntyg,
        EService::FornyaDiabeteshjalpmedel,
        EService::FornyaInkontinenshjalpmedel,
        EService::BestallForskrivnaHjalpmedel,
        EService::KontaktaOss,
        EService::SynpunkterKlagomal,
        EService::LasJournal,
        EService::ValjHalsocentral,
        EService::Direkt1177,
    ];

    /// The key written in `e_tjanster:`.
    pub fn key(self) -> &'static str {
        match self {
            EService::BokaTid => "boka_tid",
            EService::AvOmbokaTid => "av_omboka_tid",
            EService::MinaBokadeTider => "mina_bokade_tider",
            EService::ForfraganBokaTid => "forfragan_boka_tid",
            EService::FornyaRecept => "fornya_recept",
            EService::BestallJournalkopior => "bestall_journalkopior",
            EService::BegarIntyg => "begar_intyg",
            EService::FornyaDiabeteshjalpmedel => "fornya_diabeteshjalpmedel",
            EService::FornyaInkontinenshjalpmedel => "fornya_inkontinenshjalpmedel",
            EService::BestallForskrivnaHjalpmedel => "bestall_forskrivna_hjalpmedel",
            EService::KontaktaOss => "kontakta_oss",
            EService::SynpunkterKlagomal => "synpunkter_klagomal",
            EService::LasJournal => "las_journal",
            EService::ValjHalsocentral => "valj_halsocentral",
            EService::Direkt1177 => "1177_direkt",
        }
    }

    /// The label as 1177 shows it.
    pub fn label(self) -> &'static str {
        match self {
            EService::BokaTid => "Boka tid",
            EService::AvOmbokaTid => "Av- eller omboka tid",
            EService::MinaBokadeTider => "Mina bokade tider",
            EService::ForfraganBokaTid => "Förfrågan om att boka tid",
            EService::FornyaRecept => "Förnya recept",
            EService::BestallJournalkopior => "Beställ journalkopior",
            EService::BegarIntyg => "Begär intyg",
            EService::FornyaDiabeteshjalpmedel => "Förnya diabeteshjälpmedel",
            EService::FornyaInkontinenshjalpmedel => "Förnya inkontinenshjälpmedel",
            EService::BestallForskrivnaHjalpmedel => "Beställ förskrivna hjälpmedel",
            EService::KontaktaOss => "Kontakta oss",
            EService::SynpunkterKlagomal => "Lämna synpunkter och klagomål",
            EService::LasJournal => "Läs din journal",
            EService::ValjHalsocentral => "Välj hälsocentral",
            EService::Direkt1177 => "1177 Direkt",
        }
    }
}

/// Templates and open data want both the key and the label.
impl Serialize for EService {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("EService", 2)?;
        st.serialize_field("key", self.key())?;
        st.serialize_field("label", self.label())?;
        st.end()
    }
}

/// What a unit does on a holiday or an eve, or during a deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "regel", content = "tider", rename_all = "snake_case")]
pub enum DayRule {
    /// Closed all day.
    Stangt,
    /// The ordinary weekday hours apply.
    Ordinarie,
    /// The unit's public-holiday hours apply (weekend-open centres on eves).
    Helgdagstider,
    /// These hours.
    Tider(Vec<Span>),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Address {
    pub street: String,
    pub postal_code: String,
    pub town: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Coordinates {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmergencyPhone {
    pub phone: String,
    /// Defaults to the opening hours: the region requires an emergency line while open.
    pub hours: Week,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Accessibility {
    pub wheelchair: Option<bool>,
    pub hearing_loop: Option<bool>,
    pub parking: Option<String>,
}

/// Where a closed unit sends residents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "till", content = "enhet", rename_all = "snake_case")]
pub enum Referral {
    /// The 1177 phone line and 1177.se.
    R1177,
    /// Another unit, by id.
    Unit(String),
}

/// A dated change (the "Tillfällig information" box on 1177), both dates inclusive.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deviation {
    pub from: Date,
    pub to: Date,
    pub rule: DayRule,
    pub reason: Option<String>,
    /// `reason` with its translations.
    #[serde(skip)]
    pub reason_in: Option<Localized>,
    pub referral: Option<Referral>,
    /// The telephone hours while it lasts; `None` means the phones follow `rule`, so a
    /// closure closes them too.
    pub phone_rule: Option<DayRule>,
    /// A referral to an emergency department that the region has agreed to.
    pub emergency_intended: bool,
    pub text: Option<String>,
    /// `text` with its translations.
    #[serde(skip)]
    pub text_in: Option<Localized>,
    #[serde(skip)]
    pub pos: Pos,
    /// Position in the file's `avvikelser` list, for messages (invalid entries are dropped,
    /// so it can differ from the index in `Unit::deviations`).
    #[serde(skip)]
    pub index: usize,
    #[serde(skip)]
    pub referral_pos: Option<Pos>,
}

impl Deviation {
    pub fn covers(&self, day: Date) -> bool {
        self.from <= day && day <= self.to
    }
}

/// A checked unit, ready for resolution and rendering.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// The file stem: the unit's URL slug and the name referrals use.
    pub id: String,
    /// The file, relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub name: String,
    pub kind: Kind,
    pub hsa_id: String,
    pub municipality: String,
    pub address: Option<Address>,
    pub coordinates: Option<Coordinates>,
    pub phone: String,
    /// The regular weekly hours: the regional profile with the unit's own days laid over it.
    pub opening: Week,
    pub holiday_rule: DayRule,
    /// The unit's own eve decisions; the region's apply where the unit has none.
    pub eves: Vec<(Eve, DayRule)>,
    pub phone_hours: Week,
    /// The telephone hours on public holidays; by default the opening rule (`stängt`
    /// closes the phones, hours staff them during those hours).
    pub phone_holiday_rule: DayRule,
    pub emergency_phone: Option<EmergencyPhone>,
    /// When the unit's data last changed: `uppdaterad:` in the file, else the file's last
    /// commit when the site is a git checkout; never the build date.
    pub updated: Option<Date>,
    pub e_services: Vec<EService>,
    pub url_1177: Option<String>,
    pub interpreter: Option<String>,
    pub accessibility: Option<Accessibility>,
    pub branch_of: Option<String>,
    pub deviations: Vec<Deviation>,
    #[serde(skip)]
    pub(crate) positions: crate::yaml::Keys,
}

/// The region-wide defaults from `_region.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Region {
    pub municipalities: Vec<String>,
    pub opening: Week,
    pub phone_hours: Week,
    pub min_weekly_hours: f64,
    pub eves: Vec<(Eve, DayRule)>,
    /// What an eve no one has decided follows, from `aftnar_standard:`; without it such an
    /// eve keeps the ordinary hours. Either way it is warned about within the window.
    pub eve_default: Option<DayRule>,
    pub interpreter: Option<String>,
}
