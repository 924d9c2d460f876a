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

/// English stop words: elasticlunr's list (the unit test checks its pipeline drops them).
pub const STOP_WORDS_EN: &[&str] = &[
    "a", "able", "about", "across", "after", "all", "almost", "also", "am", "among", "an", "and",
    "any", "are", "as", "at", "be", "because", "been", "but", "by", "can", "cannot", "could",
    "dear", "did", "do", "does", "either", "else", "ever", "every", "for", "from", "get", "got",
    "had", "has", "have", "he", "her", "hers", "him", "his", "how", "however", "i", "if", "in",
    "into", "is", "it", "its", "just", "least", "let", "like", "likely", "may", "me", "might",
    "most", "must", "my", "neither", "no", "nor", "not", "of", "off", "often", "on", "only", "or",
    "other", "our", "own", "rather", "said", "say", "says", "she", "should", "since", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tis", "to",
    "too", "twas", "us", "wants", "was", "we", "were", "what", "when", "where", "which", "while",
    "who", "whom", "why", "will", "with", "would", "yet", "you", "your",
];

/// Finnish stop words: elasticlunr's list, each once.
pub const STOP_WORDS_FI: &[&str] = &[
    "ei",
    "eivät",
    "emme",
    "en",
    "et",
    "ette",
    "että",
    "he",
    "heidän",
    "heidät",
    "heihin",
    "heille",
    "heillä",
    "heiltä",
    "heissä",
    "heistä",
    "heitä",
    "hän",
    "häneen",
    "hänelle",
    "hänellä",
    "häneltä",
    "hänen",
    "hänessä",
    "hänestä",
    "hänet",
    "häntä",
    "itse",
    "ja",
    "johon",
    "joiden",
    "joihin",
    "joiksi",
    "joilla",
    "joille",
    "joilta",
    "joina",
    "joissa",
    "joista",
    "joita",
    "joka",
    "joksi",
    "jolla",
    "jolle",
    "jolta",
    "jona",
    "jonka",
    "jos",
    "jossa",
    "josta",
    "jota",
    "jotka",
    "kanssa",
    "keiden",
    "keihin",
    "keiksi",
    "keille",
    "keillä",
    "keiltä",
    "keinä",
    "keissä",
    "keistä",
    "keitä",
    "keneen",
    "keneksi",
    "kenelle",
    "kenellä",
    "keneltä",
    "kenen",
    "kenenä",
    "kenessä",
    "kenestä",
    "kenet",
    "ketkä",
    "ketä",
    "koska",
    "kuin",
    "kuka",
    "kun",
    "me",
    "meidän",
    "meidät",
    "meihin",
    "meille",
    "meillä",
    "meiltä",
    "meissä",
    "meistä",
    "meitä",
    "mihin",
    "miksi",
    "mikä",
    "mille",
    "millä",
    "miltä",
    "minkä",
    "minua",
    "minulla",
    "minulle",
    "minulta",
    "minun",
    "minussa",
    "minusta",
    "minut",
    "minuun",
    "minä",
    "missä",
    "mistä",
    "mitkä",
    "mitä",
    "mukaan",
    "mutta",
    "ne",
    "niiden",
    "niihin",
    "niiksi",
    "niille",
    "niillä",
    "niiltä",
    "niin",
    "niinä",
    "niissä",
    "niistä",
    "niitä",
    "noiden",
    "noihin",
    "noiksi",
    "noilla",
    "noille",
    "noilta",
    "noin",
    "noina",
    "noissa",
    "noista",
    "noita",
    "nuo",
    "nyt",
    "näiden",
    "näihin",
    "näiksi",
    "näille",
    "näillä",
    "näiltä",
    "näinä",
    "näissä",
    "näistä",
    "näitä",
    "nämä",
    "ole",
    "olemme",
    "olen",
    "olet",
    "olette",
    "oli",
    "olimme",
    "olin",
    "olisi",
    "olisimme",
    "olisin",
    "olisit",
    "olisitte",
    "olisivat",
    "olit",
    "olitte",
    "olivat",
    "olla",
    "olleet",
    "ollut",
    "on",
    "ovat",
    "poikki",
    "se",
    "sekä",
    "sen",
    "siihen",
    "siinä",
    "siitä",
    "siksi",
    "sille",
    "sillä",
    "siltä",
    "sinua",
    "sinulla",
    "sinulle",
    "sinulta",
    "sinun",
    "sinussa",
    "sinusta",
    "sinut",
    "sinuun",
    "sinä",
    "sitä",
    "tai",
    "te",
    "teidän",
    "teidät",
    "teihin",
    "teille",
    "teillä",
    "teiltä",
    "teissä",
    "teistä",
    "teitä",
    "tuo",
    "tuohon",
    "tuoksi",
    "tuolla",
    "tuolle",
    "tuolta",
    "tuon",
    "tuona",
    "tuossa",
    "tuosta",
    "tuota",
    "tähän",
    "täksi",
    "tälle",
    "tällä",
    "tältä",
    "tämä",
    "tämän",
    "tänä",
    "tässä",
    "tästä",
    "tätä",
    "vaan",
    "vai",
    "vaikka",
    "yli",
];

/// The stop words a language's index drops, written into its manifest so the client drops
/// them from queries too. Arabic has none: its analysis is normalisation only.
pub fn stop_words(language: &str) -> &'static [&'static str] {
    match language {
        "sv" => STOP_WORDS_SV,
        "en" => STOP_WORDS_EN,
        "fi" => STOP_WORDS_FI,
        _ => &[],
    }
}

/// The languages the search stems: elasticlunr-rs's pipelines (trimmer, stop words and
/// stemmer) for Swedish, English and Finnish; `None` for Arabic, which is normalised
/// instead (see [`normalize_arabic`]). Any other language is analysed as Swedish, as before
/// languages had their own index.
pub fn pipeline_for(language: &str) -> Option<Pipeline> {
    match language {
        "ar" => None,
        "en" => Some(elasticlunr::lang::English::new().make_pipeline()),
        "fi" => Some(elasticlunr::lang::Finnish::new().make_pipeline()),
        _ => Some(elasticlunr::lang::Swedish::new().make_pipeline()),
    }
}

/// Arabic as residents type it and as pages print it, made one form: the short vowels and
/// other marks (tashkeel) and the tatweel are dropped, hamza and madda forms of alef
/// (أ إ آ ٱ) become ا, ة becomes ه, ى becomes ي, and Arabic-Indic digits become ASCII ones.
/// These are the normalisations of Larkey et al.'s "light" Arabic stemmers (light10), the
/// usual baseline in Arabic retrieval; `search.js` does the same to queries.
pub fn normalize_arabic(word: &str) -> String {
    word.chars()
        .filter_map(|c| match c {
            '\u{0640}' | '\u{064b}'..='\u{065f}' | '\u{0670}' => None,
            'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
            'ة' => Some('ه'),
            'ى' => Some('ي'),
            '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
            '\u{06f0}'..='\u{06f9}' => char::from_digit(c as u32 - 0x06f0, 10),
            c => Some(c),
        })
        .collect()
}

/// The definite article and the particles fused with it, longest first: light10's prefixes.
const ARABIC_ARTICLES: &[&str] = &["وال", "بال", "كال", "فال", "ال", "لل"];

/// A normalised Arabic word without its definite article ("الطوارئ" and "طوارئ" are one
/// term), when at least three letters remain (light10's rule; shorter words keep it).
fn strip_arabic_article(word: &str) -> &str {
    ARABIC_ARTICLES
        .iter()
        .find_map(|a| {
            word.strip_prefix(a)
                .filter(|rest| rest.chars().count() >= 3)
        })
        .unwrap_or(word)
}

use elasticlunr::lang::Language as _;

/// One language's analysis, with a cache: a site repeats its words, and the stemmer and the
/// trimmer's regex cost far more than a hash lookup (the cache makes analysing the
/// 10,000-page benchmark several times faster).
pub struct Analyzer {
    /// `None` for Arabic (normalisation and the article only).
    pipeline: Option<Pipeline>,
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
        let normalized;
        let word = match &self.pipeline {
            None => {
                normalized = normalize_arabic(word);
                normalized.as_str()
            }
            Some(_) => word,
        };
        let exact = if word.chars().any(|c| c.is_numeric()) {
            // Numbers and codes: the trimmer would cut the digits away.
            word.to_string()
        } else {
            match &self.pipeline {
                Some(p) => p.run(vec![word.to_string()]).pop()?,
                None => strip_arabic_article(word).to_string(),
            }
        };
        if exact.is_empty() {
            return None;
        }
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
        let pipeline = pipeline_for("sv").expect("Swedish is stemmed");
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
    fn english_and_finnish_stop_word_lists_are_elasticlunrs() {
        for (language, list) in [("en", STOP_WORDS_EN), ("fi", STOP_WORDS_FI)] {
            let pipeline = pipeline_for(language).expect("stemmed");
            for w in list {
                assert!(
                    pipeline.run(vec![w.to_string()]).is_empty(),
                    "{language}: {w} is not a stop word"
                );
            }
        }
    }

    fn exacts_in(language: &str, text: &str) -> Vec<String> {
        Analyzer::new(language)
            .all_terms(text)
            .into_iter()
            .map(|t| t.exact)
            .collect()
    }

    #[test]
    fn english_and_finnish_inflections_share_a_term() {
        assert_eq!(exacts_in("en", "hours hour"), ["hour"; 2]);
        assert_eq!(exacts_in("en", "the opening hours"), ["open", "hour"]);
        assert_eq!(
            exacts_in("fi", "lääkäri lääkärin lääkärille"),
            ["lääkär"; 3]
        );
    }

    #[test]
    fn arabic_is_normalised_and_loses_its_article() {
        // With and without tashkeel, tatweel, hamza on the alef, ta marbuta.
        let plain = exacts_in("ar", "المستشفى");
        assert_eq!(plain, ["مستشفي"]);
        assert_eq!(exacts_in("ar", "المُسْتَشْفَى"), plain);
        assert_eq!(exacts_in("ar", "مستشفى"), plain);
        assert_eq!(exacts_in("ar", "أسنان اسنان إسنان"), ["اسنان"; 3]);
        assert_eq!(exacts_in("ar", "عيادة عياده"), ["عياده"; 2]);
        assert_eq!(exacts_in("ar", "طـــوارئ"), ["طوارئ"]);
        assert_eq!(exacts_in("ar", "١١٧٧ ۱۱۲"), ["1177", "112"]);
        // Too short to lose the article.
        assert_eq!(exacts_in("ar", "الم"), ["الم"]);
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
