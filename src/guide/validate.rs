//! Reading the guide's two YAML files and checking them, every finding located in its file.
//!
//! Over 600 lines on purpose: the checks of both files, in the order of their fields, so
//! the file reads as the files' specification.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Diagnostic, did_you_mean, sort_and_dedup};
use crate::i18n::Message;
use crate::msg;
use crate::unit::model::RawLocalized;
use crate::unit::{Kind, UnitData};
use crate::yaml::{Origin, parse_mapping};

use super::bands::Band;
use super::model::*;
use super::{DIR, LEVELS_FILE, OVERVIEW, SITUATIONS_FILE};

// ---------------------------------------------------------------------------------------
// The YAML, with positions.

type Text = Spanned<String>;
/// A text residents read: one string in the default language, or
/// `{ sv: …, en: …, ar: …, fi: … }` by language code.
type Tr = Spanned<RawLocalized>;

#[derive(Debug, Deserialize)]
struct RawLevels {
    nodlage: Text,
    nivaer: Vec<Spanned<RawLevel>>,
}
const LEVELS_FIELDS: &[&str] = &["nodlage", "nivaer"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLevel {
    id: Text,
    namn: Tr,
    etikett: Tr,
    text: Tr,
    #[serde(default)]
    nar: Vec<Tr>,
    #[serde(default)]
    inte_nar: Vec<RawInstead>,
    kontakt: Option<RawContact>,
    tider: Option<String>,
    tider_fran: Option<Text>,
    enhetstyp: Option<Text>,
    #[serde(default)]
    enheter: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstead {
    text: String,
    i_stallet: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    telefon: Option<String>,
    lank: Option<RawLink>,
    text: Option<Tr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    text: String,
    url: String,
}

#[derive(Debug, Deserialize)]
struct RawSituations {
    situationer: Vec<Spanned<RawSituation>>,
}
const SITUATIONS_FIELDS: &[&str] = &["situationer"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSituation {
    id: Text,
    rubrik: Tr,
    text: Option<Tr>,
    #[serde(default)]
    farotecken: Vec<Tr>,
    svar: Option<Spanned<RawAnswers>>,
    fraga: Option<Spanned<RawQuestion>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswers {
    vardag_dag: Option<RawAnswer>,
    kvall_natt: Option<RawAnswer>,
    helg: Option<RawAnswer>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    niva: Text,
    text: Tr,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    text: Tr,
    alternativ: Vec<RawChoice>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    text: Tr,
    till: Text,
}

// ---------------------------------------------------------------------------------------
// Findings.

/// Findings about one file, located in it.
struct Sink<'a> {
    path: &'a Path,
    what: &'static str,
    diags: &'a mut Vec<Diagnostic>,
    /// The site's language codes, the default first; empty: any code is taken, the
    /// default being `sv`.
    languages: &'a [&'a str],
}

impl Sink<'_> {
    fn error<T>(&mut self, at: &Spanned<T>, field: &str, msg: Message, hint: Message) {
        let line = u32::try_from(at.referenced.line()).unwrap_or(1).max(1);
        let column = u32::try_from(at.referenced.column()).unwrap_or(1).max(1);
        self.diags.push(
            Diagnostic::error(self.path, msg)
                .at(line, column)
                .context(crate::yaml::field_context(self.what, field))
                .hint(hint),
        );
    }
}

impl Sink<'_> {
    /// A text with its translations; a code that is not one of the site's languages, or a
    /// map without the default language's text, is reported at the text.
    fn text(&mut self, raw: &Tr, field: &str) -> Localized {
        let default = self.languages.first().copied().unwrap_or("sv");
        let (map, codes) = match &raw.value {
            RawLocalized::One(text) => {
                return Localized {
                    text: text.trim().to_string(),
                    translations: Vec::new(),
                };
            }
            RawLocalized::Many(map, codes) => (map, codes),
        };
        for code in codes {
            if !self.languages.is_empty() && !self.languages.contains(&code.value.as_str()) {
                self.error(
                    code,
                    field,
                    msg!("guide-unknown-language", code = code.value.as_str()),
                    match did_you_mean(&code.value, self.languages.iter().copied()) {
                        Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                        None => msg!("known-values", known = self.languages.join(", ")),
                    },
                );
            }
        }
        let text = match map.get(default) {
            Some(t) => t.trim().to_string(),
            None => {
                self.error(
                    raw,
                    field,
                    msg!("guide-no-default-text", code = default),
                    msg!("guide-no-default-text-hint", code = default),
                );
                map.values()
                    .next()
                    .map_or(String::new(), |t| t.trim().to_string())
            }
        };
        Localized {
            text,
            translations: map
                .iter()
                .map(|(code, t)| (code.clone(), t.trim().to_string()))
                .collect(),
        }
    }
}

fn did_you_mean_hint<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Message {
    let known: Vec<&str> = known.into_iter().collect();
    match did_you_mean(unknown, known.iter().copied()) {
        Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
        None if known.is_empty() => msg!("guide-no-ids"),
        None => msg!("guide-known-ids", known = known.join(", ")),
    }
}

/// Ids are addresses and anchors: lower-case a–z, digits and hyphens.
fn is_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn check_id(id: &Text, field: &str, seen: &mut HashSet<String>, sink: &mut Sink) {
    let value = id.value.trim();
    if !is_id(value) {
        sink.error(
            id,
            field,
            msg!("guide-bad-id", value = value),
            msg!("guide-bad-id-hint"),
        );
    } else if !seen.insert(value.to_string()) {
        sink.error(
            id,
            field,
            msg!("guide-id-twice", value = value),
            msg!("guide-id-twice-hint"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// Loading.

/// Parses and checks the guide's files. `files` are the YAML files directly in
/// `content/vart-ska-jag-vanda-mig/` as (path relative to the site root, text).
pub fn load<P, S>(files: &[(P, S)], units: Option<&UnitData>) -> GuideData
where
    P: AsRef<Path>,
    S: AsRef<str>,
{
    load_in(files, units, &[])
}

/// [`load`] for a site in `languages` (codes, the default first): translations may be given
/// in those languages only.
pub fn load_in<P, S>(files: &[(P, S)], units: Option<&UnitData>, languages: &[&str]) -> GuideData
where
    P: AsRef<Path>,
    S: AsRef<str>,
{
    let mut diags = Vec::new();
    let dir = Path::new("content").join(DIR);
    let find = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p.as_ref().file_name().is_some_and(|n| n == name))
    };
    for (p, _) in files {
        let name = p
            .as_ref()
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("");
        if name != LEVELS_FILE && name != SITUATIONS_FILE {
            diags.push(
                Diagnostic::warning(p.as_ref(), msg!("file-not-read")).hint(msg!(
                    "guide-files-hint",
                    levels = LEVELS_FILE,
                    situations = SITUATIONS_FILE
                )),
            );
        }
    }
    let levels_path = dir.join(LEVELS_FILE);
    let situations_path = dir.join(SITUATIONS_FILE);
    let mut data = GuideData {
        emergency: String::new(),
        levels: Vec::new(),
        situations: Vec::new(),
        levels_path: levels_path.clone(),
        situations_path: situations_path.clone(),
        diagnostics: Vec::new(),
    };
    let raw_levels = match find(LEVELS_FILE) {
        Some((p, text)) => parse_file::<RawLevels>(
            p.as_ref(),
            text.as_ref(),
            LEVELS_FIELDS,
            "levels",
            &mut diags,
        ),
        None => {
            diags.push(
                Diagnostic::error(&levels_path, msg!("guide-levels-missing"))
                    .hint(msg!("guide-levels-missing-hint")),
            );
            None
        }
    };
    let raw_situations = match find(SITUATIONS_FILE) {
        Some((p, text)) => parse_file::<RawSituations>(
            p.as_ref(),
            text.as_ref(),
            SITUATIONS_FIELDS,
            "situations",
            &mut diags,
        ),
        None => {
            diags.push(
                Diagnostic::error(&situations_path, msg!("guide-situations-missing"))
                    .hint(msg!("guide-situations-missing-hint")),
            );
            None
        }
    };

    if let Some(raw) = &raw_levels {
        let mut sink = Sink {
            path: &levels_path,
            what: "levels",
            diags: &mut diags,
            languages,
        };
        data.levels = levels(raw, units, &mut sink);
        let ids: Vec<&str> = data.levels.iter().map(|l| l.id.as_str()).collect();
        let emergency = raw.nodlage.value.trim();
        if !ids.contains(&emergency) {
            sink.error(
                &raw.nodlage,
                "nodlage",
                msg!("guide-no-level", id = emergency),
                did_you_mean_hint(emergency, ids.iter().copied()),
            );
        }
        data.emergency = emergency.to_string();
        // `inte_nar` points to other levels.
        for (i, l) in raw.nivaer.iter().enumerate() {
            for (j, instead) in l.value.inte_nar.iter().enumerate() {
                let target = instead.i_stallet.value.trim();
                if !ids.contains(&target) {
                    sink.error(
                        &instead.i_stallet,
                        &format!("nivaer[{i}].inte_nar[{j}].i_stallet"),
                        msg!("guide-no-level", id = target),
                        did_you_mean_hint(target, ids.iter().copied()),
                    );
                }
            }
        }
    }
    if let Some(raw) = &raw_situations {
        let mut sink = Sink {
            path: &situations_path,
            what: "situations",
            diags: &mut diags,
            languages,
        };
        let level_ids: Vec<&str> = data.levels.iter().map(|l| l.id.as_str()).collect();
        // Without a readable levels file every level reference would be reported too.
        let check_levels = raw_levels.is_some();
        data.situations = situations(raw, &level_ids, check_levels, &mut sink);
    }
    sort_and_dedup(&mut diags);
    data.diagnostics = diags;
    data
}

fn parse_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    known: &[&'static str],
    what: &'static str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let origin = Origin {
        path,
        line_offset: 0,
        what,
    };
    match parse_mapping::<T>(text, origin, known) {
        Ok((raw, _)) => Some(raw),
        Err(found) => {
            diags.extend(found);
            None
        }
    }
}

fn levels(raw: &RawLevels, units: Option<&UnitData>, sink: &mut Sink) -> Vec<Level> {
    let mut seen = HashSet::new();
    let unit_ids: Vec<&str> = units.map_or(Vec::new(), |u| {
        u.units.iter().map(|u| u.id.as_str()).collect()
    });
    raw.nivaer
        .iter()
        .enumerate()
        .map(|(i, spanned)| {
            let l = &spanned.value;
            let field = |f: &str| format!("nivaer[{i}].{f}");
            check_id(&l.id, &field("id"), &mut seen, sink);
            let mut level_units = Vec::new();
            if let Some(kind_text) = &l.enhetstyp {
                let want = kind_text.value.trim().to_lowercase();
                match Kind::ALL.into_iter().find(|k| k.label() == want) {
                    Some(kind) => {
                        if let Some(u) = units {
                            level_units.extend(
                                u.units
                                    .iter()
                                    .filter(|u| u.kind == kind)
                                    .map(|u| u.id.clone()),
                            );
                        }
                    }
                    None => sink.error(
                        kind_text,
                        &field("enhetstyp"),
                        msg!("unit-unknown-type", value = kind_text.value.trim()),
                        match did_you_mean(&want, Kind::ALL.iter().map(|k| k.label())) {
                            Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                            None => msg!(
                                "known-values",
                                known = Kind::ALL.map(|k| k.label()).join(", ")
                            ),
                        },
                    ),
                }
            }
            for (j, id) in l.enheter.iter().enumerate() {
                let id_text = id.value.trim();
                if unit_ids.contains(&id_text) {
                    if !level_units.iter().any(|u| u == id_text) {
                        level_units.push(id_text.to_string());
                    }
                } else {
                    // A unit whose file could not be read has its own error.
                    if units.is_some_and(|u| u.is_unreadable(id_text)) {
                        continue;
                    }
                    let hint = if units.is_none() {
                        msg!("guide-no-units-hint", dir = crate::unit::pages::DIR)
                    } else {
                        did_you_mean_hint(id_text, unit_ids.iter().copied())
                    };
                    sink.error(
                        id,
                        &format!("nivaer[{i}].enheter[{j}]"),
                        msg!("unit-unknown-unit", id = id_text),
                        hint,
                    );
                }
            }
            let hours_from = l.tider_fran.as_ref().and_then(|t| {
                let v = t.value.trim();
                let found = HoursFrom::ALL
                    .iter()
                    .find(|(k, _)| *k == v)
                    .map(|(_, h)| *h);
                if found.is_none() {
                    sink.error(
                        t,
                        &field("tider_fran"),
                        msg!("guide-unknown-hours-source", value = v),
                        match did_you_mean(v, HoursFrom::ALL.iter().map(|(k, _)| *k)) {
                            Some(best) => msg!("unknown-field-did-you-mean", suggestion = best),
                            None => msg!("guide-unknown-hours-source-hint"),
                        },
                    );
                }
                found
            });
            if let (Some(HoursFrom::Units), Some(t)) = (hours_from, &l.tider_fran)
                && l.enhetstyp.is_none()
                && l.enheter.is_empty()
            {
                sink.error(
                    t,
                    &field("tider_fran"),
                    msg!("guide-level-no-units"),
                    msg!("guide-level-no-units-hint"),
                );
            }
            Level {
                id: l.id.value.trim().to_string(),
                name: sink.text(&l.namn, &field("namn")),
                tag: {
                    let mut tag = sink.text(&l.etikett, &field("etikett"));
                    for t in std::iter::once(&mut tag.text)
                        .chain(tag.translations.iter_mut().map(|(_, t)| t))
                    {
                        *t = t.trim_end_matches(':').to_string();
                    }
                    tag
                },
                text: sink.text(&l.text, &field("text")),
                when: l
                    .nar
                    .iter()
                    .enumerate()
                    .map(|(j, s)| sink.text(s, &field(&format!("nar[{j}]"))))
                    .collect(),
                when_not: l
                    .inte_nar
                    .iter()
                    .map(|x| {
                        (
                            x.text.trim().to_string(),
                            x.i_stallet.value.trim().to_string(),
                        )
                    })
                    .collect(),
                contact: l
                    .kontakt
                    .as_ref()
                    .map_or_else(Contact::default, |c| Contact {
                        phone: c.telefon.as_ref().map(|s| s.trim().to_string()),
                        link: c.lank.as_ref().map(|k| Link {
                            text: k.text.trim().to_string(),
                            url: k.url.trim().to_string(),
                        }),
                        text: c
                            .text
                            .as_ref()
                            .map(|s| sink.text(s, &field("kontakt.text"))),
                    }),
                hours_text: l.tider.as_ref().map(|s| s.trim().to_string()),
                hours_from,
                units: level_units,
            }
        })
        .collect()
}

fn situations(
    raw: &RawSituations,
    level_ids: &[&str],
    check_levels: bool,
    sink: &mut Sink,
) -> Vec<Situation> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (i, spanned) in raw.situationer.iter().enumerate() {
        let s = &spanned.value;
        let field = |f: &str| format!("situationer[{i}].{f}");
        check_id(&s.id, &field("id"), &mut seen, sink);
        let id = s.id.value.trim().to_string();
        if id == OVERVIEW {
            sink.error(
                &s.id,
                &field("id"),
                msg!("guide-id-reserved", value = id.as_str()),
                msg!("guide-id-reserved-hint"),
            );
        }
        let body = match (&s.svar, &s.fraga) {
            (Some(_), Some(q)) => {
                sink.error(
                    q,
                    &field("fraga"),
                    msg!("guide-answer-and-question", id = id.as_str()),
                    msg!("guide-answer-and-question-hint"),
                );
                Body::Answers(Vec::new())
            }
            (None, None) => {
                sink.error(
                    spanned,
                    &format!("situationer[{i}]"),
                    msg!("guide-no-answer", id = id.as_str()),
                    msg!("guide-no-answer-hint"),
                );
                Body::Answers(Vec::new())
            }
            (Some(svar), None) => {
                let a = &svar.value;
                let mut answers = Vec::new();
                for (band, answer) in
                    Band::ALL
                        .into_iter()
                        .zip([&a.vardag_dag, &a.kvall_natt, &a.helg])
                {
                    match answer {
                        Some(ans) => {
                            let level = ans.niva.value.trim();
                            if check_levels && !level_ids.contains(&level) {
                                sink.error(
                                    &ans.niva,
                                    &field(&format!("svar.{}.niva", band.key())),
                                    msg!("guide-no-level", id = level),
                                    did_you_mean_hint(level, level_ids.iter().copied()),
                                );
                            }
                            let text =
                                sink.text(&ans.text, &field(&format!("svar.{}.text", band.key())));
                            answers.push(Answer {
                                level: level.to_string(),
                                text,
                            });
                        }
                        None => sink.error(
                            svar,
                            &field("svar"),
                            msg!("guide-no-answer-for", id = id.as_str(), band = band.key()),
                            msg!("guide-no-answer-for-hint", band = band.key()),
                        ),
                    }
                }
                Body::Answers(answers)
            }
            (None, Some(q)) => {
                if q.value.alternativ.is_empty() {
                    sink.error(
                        q,
                        &field("fraga"),
                        msg!("guide-no-choices", id = id.as_str()),
                        msg!("guide-no-choices-hint"),
                    );
                }
                Body::Question {
                    text: sink.text(&q.value.text, &field("fraga.text")),
                    choices: q
                        .value
                        .alternativ
                        .iter()
                        .enumerate()
                        .map(|(j, c)| Choice {
                            text: sink
                                .text(&c.text, &field(&format!("fraga.alternativ[{j}].text"))),
                            target: c.till.value.trim().to_string(),
                        })
                        .collect(),
                }
            }
        };
        out.push(Situation {
            id,
            title: sink.text(&s.rubrik, &field("rubrik")),
            text: s.text.as_ref().map(|t| sink.text(t, &field("text"))),
            danger: s
                .farotecken
                .iter()
                .enumerate()
                .map(|(j, d)| sink.text(d, &field(&format!("farotecken[{j}]"))))
                .collect(),
            body,
        });
    }
    follow_ups(raw, &out, sink);
    out
}

/// Every `till` names a situation, and following them never comes back.
fn follow_ups(raw: &RawSituations, situations: &[Situation], sink: &mut Sink) {
    let ids: Vec<&str> = situations.iter().map(|s| s.id.as_str()).collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // Edges: (from, choice index, to), with the raw `till` for positions.
    let mut edges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); situations.len()];
    for (i, s) in raw.situationer.iter().enumerate() {
        let Some(q) = &s.value.fraga else { continue };
        if s.value.svar.is_some() {
            continue;
        }
        for (j, c) in q.value.alternativ.iter().enumerate() {
            let target = c.till.value.trim();
            match index.get(target) {
                Some(&t) => edges[i].push((j, t)),
                None => sink.error(
                    &c.till,
                    &format!("situationer[{i}].fraga.alternativ[{j}].till"),
                    msg!("guide-no-situation", id = target),
                    did_you_mean_hint(target, ids.iter().copied()),
                ),
            }
        }
    }
    // Depth-first search; an edge to a situation still on the path closes a loop.
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; situations.len()];
    for start in 0..situations.len() {
        if state[start] != State::New {
            continue;
        }
        let mut path = vec![start];
        let mut next = vec![0usize];
        state[start] = State::OnPath;
        while let Some(&node) = path.last() {
            let k = next.last().copied().unwrap_or(0);
            if k >= edges[node].len() {
                state[node] = State::Done;
                path.pop();
                next.pop();
                continue;
            }
            if let Some(n) = next.last_mut() {
                *n += 1;
            }
            let (choice, to) = edges[node][k];
            match state[to] {
                State::New => {
                    state[to] = State::OnPath;
                    path.push(to);
                    next.push(0);
                }
                State::OnPath => {
                    let from = path.iter().position(|&p| p == to).unwrap_or(0);
                    let mut cycle: Vec<String> = path[from..]
                        .iter()
                        .map(|&p| format!("`{}`", ids[p]))
                        .collect();
                    cycle.push(format!("`{}`", ids[to]));
                    if let Some(q) = &raw.situationer[node].value.fraga {
                        sink.error(
                            &q.value.alternativ[choice].till,
                            &format!("situationer[{node}].fraga.alternativ[{choice}].till"),
                            msg!("guide-loop", path = cycle.join(" → ")),
                            msg!("guide-loop-hint"),
                        );
                    }
                }
                State::Done => {}
            }
        }
    }
}
