//! Text analysis: words → index terms, the same way for pages at build time and (in
//! `search.js`) for queries in the browser.
//!
//! The core is elasticlunr-rs's pipeline for the language (Swedish: trimmer, stop words,
//! Snowball stemmer), so "hälsocentralen", "hälsocentraler" and "hälsocentralens" are one
//! term. Around it:
//!
//! - **Tokens** are runs of letters and digits. elasticlunr splits on whitespace only and
//!   then trims everything that is not a Latin letter, which turns "1177" and "112" into
//!   nothing; here a token of digits (or of digits and letters, "h1n1") skips the pipeline
//!   and is kept as it is.
//! - **Folding**: every term has a *key* with å, ä → a, ö → o (and accents dropped), which is
//!   what the index is sorted and looked up by, so "halsocentral" typed on a foreign keyboard
//!   finds "hälsocentral". The unfolded stem is kept beside the key as its *variant*, so the
//!   client ranks exact spellings first.
//!
//! Prefix and typo matching are the client's (they depend on the query only); the index is
//! term-sorted by key so both look at few shards.

use std::cell::RefCell;
use std::collections::HashMap;

use elasticlunr::pipeline::Pipeline;

/// An index term: `key` is the folded stem, `exact` the stem as spelled.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Term {
    pub key: String,
    pub exact: String,
}

/// Tokens longer than this are not words (URLs, hashes, base64) and are skipped.
const MAX_TOKEN: usize = 40;

/// Swedish stop words: elasticlunr's list (a unit test checks that its pipeline drops exactly
/// these). Written into the manifest so the client drops the same words from queries.
pub const STOP_WORDS_SV: &[&str] = &[
    "alla", "allt", "att", "av", "blev", "bli", "blir", "blivit", "de", "dem", "den", "denna",
    "deras", "dess", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "då",
    "efter", "ej", "eller", "en", "er", "era", "ert", "ett", "från", "för", "ha", "hade", "han",
    "hans", "har", "henne", "hennes", "hon", "honom", "hur", "här", "i", "icke", "ingen", "inom",
    "inte", "jag", "ju", "kan", "kunde", "man", "med", "mellan", "men", "mig", "min", "mina",
    "mitt", "mot", "mycket", "ni", "nu", "när", "någon", "något", "några", "och", "om", "oss",
    "på", "samma", "sedan", "sig", "sin", "sina", "sitta", "själv", "skulle", "som", "så", "sådan",
    "sådana", "sådant", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför",
    "varit", "varje", "vars", "vart", "vem", "vi", "vid", "vilka", "vilkas", "vilken", "vilket",
    "vår", "våra", "vårt", "än", "är", "åt", "över",
];

/// The languages the search understands: the site's `language`.
pub fn pipeline_for(language: &str) -> Pipeline {
    match language {
        "en" => elasticlunr::lang::English::new().make_pipeline(),
        _ => elasticlunr::lang::Swedish::new().make_pipeline(),
    }
}

use elasticlunr::lang::Language as _;

/// One language's analysis, with a cache: a site repeats its words, and the stemmer and the
/// trimmer's regex cost far more than a hash lookup (the cache makes analysing the
/// 10,000-page benchmark several times faster).
pub struct Analyzer {
    pipeline: Pipeline,
    cache: HashMap<String, Option<Term>>,
}

impl Analyzer {
    pub fn new(language: &str) -> Analyzer {
        Analyzer {
            pipeline: pipeline_for(language),
            cache: HashMap::new(),
        }
    }

    /// Calls `each` with every term of `text`, in order; stop words are left out.
    pub fn terms(&mut self, text: &str, mut each: impl FnMut(&Term)) {
        for token in tokens(text) {
            if let Some(t) = self.term(token) {
                each(&t);
            }
        }
    }

    /// The term of one token (a run of letters and digits), or `None` for a stop word or
    /// an overlong token.
    pub fn term(&mut self, token: &str) -> Option<Term> {
        if token.len() > MAX_TOKEN * 2 || token.chars().count() > MAX_TOKEN {
            return None;
        }
        let lower: String = token.chars().flat_map(char::to_lowercase).collect();
        if let Some(hit) = self.cache.get(lower.as_str()) {
            return hit.clone();
        }
        let term = self.analyze_word(&lower);
        self.cache.insert(lower, term.clone());
        term
    }

    /// All the terms of `text`, for tests and small texts.
    pub fn all_terms(&mut self, text: &str) -> Vec<Term> {
        let mut out = Vec::new();
        self.terms(text, |t| out.push(t.clone()));
        out
    }

    /// A lower-case token → its term, or `None` for a stop word.
    fn analyze_word(&self, word: &str) -> Option<Term> {
        let exact = if word.chars().any(|c| c.is_numeric()) {
            // Numbers and codes: the trimmer would cut the digits away.
            word.to_string()
        } else {
            self.pipeline.run(vec![word.to_string()]).pop()?
        };
        Some(Term {
            key: fold(&exact),
            exact,
        })
    }
}

/// Runs of letters and digits: "1177.se" → "1177", "se"; "e-tjänster" → "e", "tjänster".
/// The client splits the same way (`/[\p{Alphabetic}\p{N}]+/gu`). ASCII is classified byte by
/// byte: this runs over every word of the site.
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens { text, at: 0 }
}

pub struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    /// Whether a word character starts at `i`, and its length in bytes.
    fn word_char(&self, i: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[i];
        if b < 0x80 {
            return (b.is_ascii_alphanumeric(), 1);
        }
        match self.text[i..].chars().next() {
            // Latin-1 letters (å, ä, ö, é, ü…) without the Unicode tables: the common case.
            Some(c @ '\u{c0}'..='\u{ff}') => (c != '×' && c != '÷', 2),
            Some(c) => (c.is_alphanumeric(), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let len = self.text.len();
        while self.at < len {
            let (word, n) = self.word_char(self.at);
            if word {
                break;
            }
            self.at += n;
        }
        if self.at >= len {
            return None;
        }
        let start = self.at;
        while self.at < len {
            let (word, n) = self.word_char(self.at);
            if !word {
                break;
            }
            self.at += n;
        }
        Some(&self.text[start..self.at])
    }
}

/// å, ä → a, ö → o, and other accented Latin letters to their base letter: the key a word
/// typed without Swedish letters is looked up by.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars().map(fold_char).collect()
}

fn fold_char(c: char) -> char {
    match c {
        'å' | 'ä' | 'à' | 'á' | 'â' | 'ã' | 'æ' => 'a',
        'ö' | 'ø' | 'ò' | 'ó' | 'ô' | 'õ' => 'o',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'ü' | 'ù' | 'ú' | 'û' => 'u',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        c => c,
    }
}

thread_local! {
    /// One analyzer per thread and language: elasticlunr's pipeline is not `Send`.
    static ANALYZERS: RefCell<Vec<(String, Analyzer)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's analyzer for `language`.
pub fn with_analyzer<R>(language: &str, f: impl FnOnce(&mut Analyzer) -> R) -> R {
    ANALYZERS.with(|cell| {
        let mut list = cell.borrow_mut();
        let i = match list.iter().position(|(l, _)| l == language) {
            Some(i) => i,
            None => {
                list.push((language.to_string(), Analyzer::new(language)));
                list.len() - 1
            }
        };
        f(&mut list[i].1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        Analyzer::new("sv")
            .all_terms(text)
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    fn exacts(text: &str) -> Vec<String> {
        Analyzer::new("sv")
            .all_terms(text)
            .into_iter()
            .map(|t| t.exact)
            .collect()
    }

    #[test]
    fn inflections_share_a_term() {
        let forms =
            exacts("hälsocentral hälsocentralen hälsocentraler hälsocentralerna hälsocentralens");
        assert!(forms.iter().all(|f| f == "hälsocentral"), "{forms:?}");
        assert_eq!(exacts("recept recepten"), ["recept"; 2]);
        // The Snowball stemmer of rust-stemmers 1.2 (what elasticlunr-rs uses) predates the
        // `-et` rule of later Snowball versions: "receptet" keeps its ending. The client's
        // prefix match on "recept" still finds it.
        assert_eq!(exacts("receptet"), ["receptet"]);
        assert_eq!(exacts("öppettider öppettiderna"), ["öppettid"; 2]);
        assert_eq!(exacts("vårdcentral vårdcentralerna"), ["vårdcentral"; 2]);
    }

    #[test]
    fn swedish_letters_fold_in_the_key_only() {
        let t = &Analyzer::new("sv").all_terms("Hälsocentralen")[0];
        assert_eq!(t.key, "halsocentral");
        assert_eq!(t.exact, "hälsocentral");
        assert_eq!(keys("halsocentralen"), ["halsocentral"]);
        assert_eq!(keys("Mörbylånga Öland"), ["morbylang", "oland"]);
        assert_eq!(fold("Västervik"), "Vastervik");
    }

    #[test]
    fn numbers_are_kept() {
        assert_eq!(keys("Ring 1177 eller 112."), ["ring", "1177", "112"]);
        assert_eq!(keys("1177.se"), ["1177", "se"]);
        assert_eq!(keys("070-174 06 05"), ["070", "174", "06", "05"]);
        assert_eq!(keys("covid19"), ["covid19"]);
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(keys("Vart ska jag vända mig?"), ["ska", "vänd"].map(fold));
        assert!(keys("och i på att det").is_empty());
    }

    #[test]
    fn stop_word_list_is_elasticlunrs() {
        let pipeline = pipeline_for("sv");
        for w in STOP_WORDS_SV {
            assert!(
                pipeline.run(vec![w.to_string()]).is_empty(),
                "{w} is not a stop word"
            );
        }
        // Words just beside them are kept.
        for w in ["allmän", "vård", "ringa"] {
            assert!(!pipeline.run(vec![w.to_string()]).is_empty(), "{w}");
        }
    }

    #[test]
    fn tokens_are_runs_of_letters_and_digits() {
        let t: Vec<&str> = tokens("Ring 1177.se – e-tjänster, Öland! ½ h1n1").collect();
        assert_eq!(
            t,
            ["Ring", "1177", "se", "e", "tjänster", "Öland", "½", "h1n1"]
        );
    }

    #[test]
    fn overlong_tokens_are_skipped() {
        let long = "a".repeat(80);
        assert_eq!(keys(&format!("{long} recept")), ["recept"]);
    }
}
