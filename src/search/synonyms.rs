//! The search's vocabulary: what residents type → the words the site uses ("vårdcentral" →
//! "hälsocentral", "chest pain" → "ont i bröstet"). The theme ships a readable list
//! (`themes/default/search/synonyms.yaml`, Swedish and an English glossary) and `site.yaml`'s
//! `search.synonyms` adds to it. The client expands the query with it, so the index stays
//! as small as it was; the manifest carries the merged list.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::analyze::{fold, tokens};

/// The theme file, inside the theme.
pub const THEME_FILE: &str = "search/synonyms.yaml";

/// One entry's right-hand side: a phrase or a list of them.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum Words {
    One(String),
    Many(Vec<String>),
}

impl Words {
    fn list(&self) -> Vec<String> {
        match self {
            Words::One(s) => vec![s.clone()],
            Words::Many(v) => v.clone(),
        }
    }
}

#[derive(Deserialize, Default)]
struct File {
    #[serde(default)]
    sv: BTreeMap<String, Words>,
    #[serde(default)]
    en: BTreeMap<String, Words>,
}

/// The typed side as the client looks it up: its words (runs of letters and digits, as the
/// client splits a query), lower case, folded (å, ä → a, ö → o), one space apart.
fn lookup_key(typed: &str) -> String {
    let words: Vec<String> = tokens(typed).map(|w| fold(&w.to_lowercase())).collect();
    words.join(" ")
}

/// The merged vocabulary as the manifest carries it: `synonyms` (the typed word or phrase,
/// see [`lookup_key`], → the phrases it also searches for; the site's entries replace the
/// theme's for the same word) and `english` (the glossary's typed side, so the client can
/// tell an English query and answer it in English).
pub fn merged(site: &BTreeMap<String, Words>) -> serde_json::Value {
    let theme: File = crate::theme::FILES
        .iter()
        .find(|(rel, _)| *rel == THEME_FILE)
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
        .and_then(|text| serde_saphyr::from_str(text).ok())
        .unwrap_or_default();
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (typed, words) in theme.sv.iter().chain(&theme.en).chain(site) {
        let key = lookup_key(typed);
        let list: Vec<String> = words
            .list()
            .into_iter()
            .map(|w| w.trim().to_string())
            .filter(|w| !w.is_empty())
            .collect();
        if !key.is_empty() && !list.is_empty() {
            out.insert(key, list);
        }
    }
    let english: Vec<String> = theme.en.keys().map(|k| lookup_key(k)).collect();
    serde_json::json!({ "synonyms": out, "english": english })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn theme_vocabulary_parses_and_the_site_adds_to_it() {
        let site = BTreeMap::from([
            ("Husläkare".to_string(), Words::One("doktorn".into())),
            (
                "ny".to_string(),
                Words::Many(vec!["a b".into(), " ".into()]),
            ),
        ]);
        let all = merged(&site);
        let m = &all["synonyms"];
        assert_eq!(m["vardcentral"], serde_json::json!(["hälsocentral"]));
        assert_eq!(m["chest pain"], serde_json::json!(["ont i bröstet"]));
        assert_eq!(m["huslakare"], serde_json::json!(["doktorn"]));
        assert_eq!(m["ny"], serde_json::json!(["a b"]));
        assert_eq!(m["e tjanst"], serde_json::json!(["e-tjänster"]));
        assert!(m.as_object().is_some_and(|o| o.len() > 100), "{m}");
        assert!(
            all["english"]
                .as_array()
                .is_some_and(|e| e.contains(&"chest pain".into()))
        );
    }
}
