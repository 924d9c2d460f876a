//! The tests behind the rules for what editors write after launch: generic alt texts, web
//! addresses as link text, links of symbols only, office documents that do not say so, long
//! ALL-CAPS runs and English passages without a language mark. Pure functions on text, so
//! the Markdown pass stays a walk over events.

/// Alt texts that name the kind of thing, not what it shows; compared after trimming,
/// lower-casing and dropping trailing digits and separators (`bild1`, `Foto 2`, `image_3`).
const GENERIC_ALTS: &[&str] = &[
    "bild",
    "bilden",
    "foto",
    "fotot",
    "fotografi",
    "illustration",
    "grafik",
    "figur",
    "ikon",
    "image",
    "img",
    "picture",
    "photo",
    "pic",
    "icon",
    "graphic",
    "alt",
    "alt text",
    "alttext",
];

/// Whether an alt text is a generic word such as "bild", "Foto 2" or "image".
pub fn is_generic_alt(alt: &str) -> bool {
    let lower = alt.trim().to_lowercase();
    let stem =
        lower.trim_end_matches(|c: char| c.is_ascii_digit() || matches!(c, ' ' | '_' | '-' | '.'));
    GENERIC_ALTS.contains(&stem)
}

/// Whether a link text is a web address: `https://…`, `http://…` or `www.…`.
pub fn is_url(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    (t.starts_with("http://") || t.starts_with("https://") || t.starts_with("www."))
        && !t.contains(' ')
}

/// The first web address written as plain text in `text`, with its byte offset.
pub fn bare_url(text: &str) -> Option<(usize, &str)> {
    // This runs on every run of text of every page: one Aho-Corasick pass for the three
    // beginnings (its packed SIMD searcher for a few short patterns), not three substring
    // searches (38 M instructions on 1,000 pages, cachegrind: 2 % of a build).
    static BEGINNINGS: std::sync::LazyLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(["https://", "http://", "www."])
                .ok()
        });
    let at = BEGINNINGS.as_ref()?.find(text)?.start();
    // `www.` inside a word (`xwww.`) is no address.
    if at > 0 && text[..at].ends_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |e| at + e);
    let url = text[at..end].trim_end_matches(['.', ',', ')', ';', ':', '!', '?']);
    (url.len() > 4).then_some((at, url))
}

/// Whether a non-empty text has no letter or digit: `👉`, `→`, `»»`.
pub fn only_symbols(text: &str) -> bool {
    !text.trim().is_empty() && !text.chars().any(char::is_alphanumeric)
}

/// The office formats residents must know before they open a link, by file extension, with
/// the words a link text may use to name the format.
const DOCUMENTS: &[(&str, &str, &[&str])] = &[
    ("pdf", "PDF", &["pdf"]),
    ("doc", "Word", &["word", "doc"]),
    ("docx", "Word", &["word", "doc"]),
    ("odt", "OpenDocument", &["odt", "opendocument"]),
    ("rtf", "RTF", &["rtf"]),
    ("xls", "Excel", &["excel", "xls"]),
    ("xlsx", "Excel", &["excel", "xls"]),
    ("ods", "OpenDocument", &["ods", "opendocument"]),
    ("csv", "CSV", &["csv"]),
    ("ppt", "PowerPoint", &["powerpoint", "ppt"]),
    ("pptx", "PowerPoint", &["powerpoint", "ppt"]),
    ("odp", "OpenDocument", &["odp", "opendocument"]),
];

/// The format's name when `href` leads to an office document or PDF, and whether the file is
/// on the site itself (a relative or root path), where its size is known to the editor.
pub fn document(href: &str) -> Option<(&'static str, &'static [&'static str], bool)> {
    let path = href.split(['?', '#']).next().unwrap_or(href);
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    if ext.contains('/') {
        return None;
    }
    let (_, name, words) = DOCUMENTS.iter().find(|(e, _, _)| *e == ext)?;
    let local = !(href.contains("://") || href.starts_with("//") || href.starts_with("mailto:"));
    Some((name, words, local))
}

/// Whether a link text names the format with one of `words`, as a word of its own.
pub fn names_format(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.iter().any(|f| w.eq_ignore_ascii_case(f)))
}

/// Consecutive ALL-CAPS words that make a finding. Abbreviations in care text come in ones
/// and twos ("WCAG 2.2 AA", "EN 301 549", "BVC och MVC"); three would still pass as a name
/// ("AKUT BVC KALMAR" on a sign), four capital words in a row are shouting.
pub const CAPS_RUN: usize = 4;

/// Follows ALL-CAPS words across the text events of one block.
#[derive(Debug, Default)]
pub struct Caps {
    run: usize,
    /// Where the run started: the offset the caller gave with its first word.
    start: Option<usize>,
    /// A finding was made for the current block.
    found: bool,
}

impl Caps {
    /// Reads a text event starting at `offset`; returns the start of a run that has just
    /// grown to [`CAPS_RUN`] words.
    pub fn text(&mut self, text: &str, offset: usize) -> Option<usize> {
        // A run starts with a word of two capitals or more; a text without two capitals in a
        // row (nearly all) need not be split into words.
        if self.run == 0 && !upper_pair(text) {
            return None;
        }
        let mut hit = None;
        for (i, word) in word_spans(text) {
            // Most words start in lower case: no need to read them further.
            if word
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_lowercase)
            {
                self.run = 0;
                continue;
            }
            let letters = word.chars().filter(|c| c.is_alphabetic());
            let mut any = false;
            let mut upper = true;
            for c in letters {
                any = true;
                upper &= c.is_uppercase();
            }
            if !any {
                // Numbers and dashes neither count nor break a run.
                continue;
            }
            // A lone capital ("I", "Å") continues a run but does not start one.
            let long = word.chars().filter(|c| c.is_alphabetic()).count() > 1;
            if upper && (long || self.run > 0) {
                if self.run == 0 {
                    self.start = Some(offset + i);
                }
                self.run += 1;
                if self.run == CAPS_RUN && !self.found {
                    self.found = true;
                    hit = self.start;
                }
            } else {
                self.run = 0;
            }
        }
        hit
    }

    /// The block ended.
    pub fn end(&mut self) {
        *self = Caps::default();
    }
}

fn upper_pair(text: &str) -> bool {
    // Eight bytes are read as one number (every ASCII byte's "is A–Z" in its top bit, no
    // carries since each byte is under 0x80), as far as the first byte outside ASCII; an å,
    // ä or ö (and the rest of Latin-1) is told from its two bytes, any other character read
    // on its own. Reading every character was 6 % of the instructions of a build; reading
    // the ASCII before each å one character at a time, then the character itself through
    // the Unicode tables, still 5 % (cachegrind, 1,000 pages).
    use crate::swar::{HIGH, within};
    // Whether the first `ascii` bytes of `w` (all under 0x80) hold two capitals in a row,
    // or begin with one after `prev`; and whether the last of them is one.
    let ascii_pair = |w: u64, ascii: usize, prev: bool| -> (bool, bool) {
        let keep = u64::MAX >> (64 - 8 * ascii);
        let w = w & keep;
        let upper = within(w, b'A', b'Z') & keep;
        (
            upper & (upper << 8) != 0 || (prev && upper & 0x80 != 0),
            (upper >> (8 * ascii - 1)) & 1 != 0,
        )
    };
    let bytes = text.as_bytes();
    let mut prev = false;
    let mut i = 0;
    while i < bytes.len() {
        let w = match bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
            Some(Ok(word)) => u64::from_le_bytes(word),
            // The last few bytes, padded with zeros (no capitals).
            _ => {
                let mut word = [0u8; 8];
                word[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                u64::from_le_bytes(word)
            }
        };
        let high = w & HIGH;
        // The ASCII bytes before the first that is not (a padding zero counts as ASCII).
        let ascii = if high == 0 {
            8.min(bytes.len() - i)
        } else {
            (high.trailing_zeros() / 8) as usize
        };
        if ascii > 0 {
            let (pair, last) = ascii_pair(w, ascii, prev);
            if pair {
                return true;
            }
            prev = last;
            i += ascii;
            if high == 0 {
                continue;
            }
        }
        // The character outside ASCII that stopped the run.
        let up = match (bytes[i], bytes.get(i + 1)) {
            // U+00C0–U+00DE are capitals but for U+00D7 (×); U+00DF–U+00FF are not.
            (0xC3, Some(&b)) => {
                i += 2;
                (0x80..=0x9E).contains(&b) && b != 0x97
            }
            _ => {
                let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
                    break;
                };
                i += c.len_utf8();
                c.is_uppercase()
            }
        };
        if up && prev {
            return true;
        }
        prev = up;
    }
    false
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// English words that are not Swedish words too (so no "in", "be", "man", "hit", "under").
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "is", "are", "you", "your", "with", "this", "that", "will", "not",
    "have", "has", "from", "we", "our", "can", "for", "it", "was", "be", "if", "or", "please",
    "which", "they", "their", "would", "should", "there", "these", "about", "what", "when", "who",
    "how", "an",
];

/// Swedish words of the same kind, which an English passage lacks.
const SWEDISH: &[&str] = &[
    "och", "att", "det", "som", "en", "ett", "är", "på", "för", "med", "till", "av", "den", "om",
    "inte", "har", "du", "vi", "kan", "ska", "eller", "i", "de", "så", "från", "vid", "dig", "din",
    "vår", "hur", "när", "vad",
];

/// The commonest English function words, between spaces, for a quick first test.
/// Five suffice: an English passage of eight words or more without any of them is rare, and
/// each needle is one more scan of every paragraph of the site.
const EVERYDAY_ENGLISH: &[&str] = &[" the ", " and ", " you", " to ", " of "];

/// Words a block needs before it is judged: a short name or quote ("Read more", "Public
/// Health Agency") is not a passage.
pub const ENGLISH_MIN_WORDS: usize = 8;

/// Whether a block of text reads as English: at least [`ENGLISH_MIN_WORDS`] words, a
/// quarter of them English function words and more than twice as many as Swedish ones.
/// Ordinary English prose has 40–50 % function words; Swedish text with an English name in
/// it has under 5 % of these (measured on the example site's pages).
pub fn looks_english(text: &str) -> bool {
    // An English passage of ENGLISH_MIN_WORDS words has one of these; most Swedish blocks
    // have none, and memchr's search skips them at a fraction of the cost of splitting words.
    // (One Aho-Corasick pass for the five was tried: as they all begin with a space, its
    // prefilter stops at every space, and it cost 60 % more than five SIMD searches.)
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            EVERYDAY_ENGLISH
                .iter()
                .map(|m| memchr::memmem::Finder::new(m.as_bytes()))
                .collect()
        });
    if !FINDERS.iter().any(|f| f.find(text.as_bytes()).is_some()) {
        return false;
    }
    let words = || {
        text.split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
    };
    // Counted in two passes, the Swedish one only when needed: this runs on every paragraph
    // of every page, and a list lookup per word was 10 times the Markdown parse.
    let mut count = 0usize;
    let mut en = 0usize;
    for w in words() {
        count += 1;
        en += usize::from(in_list(ENGLISH, w));
    }
    if count < ENGLISH_MIN_WORDS || en * 4 < count {
        return false;
    }
    let sv = words().filter(|w| in_list(SWEDISH, w)).count();
    en > 2 * sv
}

/// Whether `w` is one of `list` (lower-case words of at most 6 bytes), case ignored.
fn in_list(list: &[&str], w: &str) -> bool {
    // Most words of a text are longer than every word of the lists; the length test is cheap.
    w.len() <= 6
        && list.iter().any(|s| {
            s.len() == w.len()
                && (s.eq_ignore_ascii_case(w)
                    || (!w.is_ascii() && w.chars().flat_map(char::to_lowercase).eq(s.chars())))
        })
}

/// The language of a `{lang=xx}` mark ending a block's text, and the text before it.
pub fn lang_mark(text: &str) -> Option<(&str, &str)> {
    let t = text.trim_end();
    let rest = t.strip_suffix('}')?;
    let open = rest.rfind("{lang=")?;
    let lang = &rest[open + "{lang=".len()..];
    let lang = lang.trim_matches(['"', '\'']);
    let ok = !lang.is_empty()
        && lang.len() <= 12
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    ok.then(|| (lang, &t[..open]))
}

/// The marker that keeps a deliberate exception: `<!-- a11y-ok: rule_name -->` on the
/// finding's line or the line before. Returns the rule names it lists.
pub fn exception_marker(html: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<!--") {
        let body = &rest[at + 4..];
        let end = body.find("-->").unwrap_or(body.len());
        let inner = body[..end].trim();
        if let Some(list) = inner.strip_prefix("a11y-ok:") {
            names.extend(
                list.split([',', ' '])
                    .map(str::trim)
                    .filter(|n| !n.is_empty()),
            );
        }
        rest = &body[end..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_pairs_are_found_across_chunks() {
        let naive = |t: &str| {
            let c: Vec<char> = t.chars().collect();
            c.windows(2)
                .any(|w| w[0].is_uppercase() && w[1].is_uppercase())
        };
        let fill = "abcdefghijklmnopqrstuvwxyz åäö ";
        for pair in [
            "AB", "ÅÄ", "ÖZ", "AÖ", "aB", "Ab", "A Å", "ΣΩ", "é", "Ö", "@[", "Z`", "ZA", "×A",
            "A×", "ÞÀ", "ßA", "Aß", "ÀΣ", "ΣÀ", "ÿÿ", "ÖÖÖ", "ZÉ",
        ] {
            for pad in 0..40 {
                let t = format!(
                    "{}{pair}{}",
                    &fill[..fill.char_indices().nth(pad % 30).map_or(0, |(i, _)| i)],
                    "x".repeat(pad)
                );
                assert_eq!(upper_pair(&t), naive(&t), "{t:?}");
            }
        }
    }

    #[test]
    fn generic_alts() {
        for a in ["bild", "Bild1", "foto 2", "IMAGE", "image_3", "Bilden"] {
            assert!(is_generic_alt(a), "{a}");
        }
        for a in ["Bild av entrén", "Karta över Kalmar", "-"] {
            assert!(!is_generic_alt(a), "{a}");
        }
    }

    #[test]
    fn urls_and_symbols() {
        assert!(is_url("https://www.1177.se/"));
        assert!(is_url("www.1177.se"));
        assert!(!is_url("1177 Vårdguiden"));
        assert_eq!(
            bare_url("Se https://www.1177.se/hitta. Sedan"),
            Some((3, "https://www.1177.se/hitta"))
        );
        assert_eq!(bare_url("Ingen adress här"), None);
        assert!(only_symbols(" 👉 "));
        assert!(only_symbols("→"));
        assert!(!only_symbols("👉 Boka"));
    }

    #[test]
    fn documents() {
        assert_eq!(
            document("/filer/broschyr.PDF").map(|d| (d.0, d.2)),
            Some(("PDF", true))
        );
        assert_eq!(
            document("https://x.se/a.docx?v=2").map(|d| (d.0, d.2)),
            Some(("Word", false))
        );
        assert!(document("/nyheter/a/").is_none());
        assert!(document("https://x.se/").is_none());
        assert!(names_format("Broschyr (PDF, 240 kB)", &["pdf"]));
        assert!(!names_format("Broschyrpdfen", &["pdf"]));
    }

    #[test]
    fn caps_runs() {
        let mut c = Caps::default();
        assert_eq!(c.text("Enligt WCAG 2.2 AA och EN 301 549", 0), None);
        c.end();
        assert_eq!(c.text("Obs: STÄNGT I HELGEN PÅ GRUND AV", 10), Some(15));
    }

    #[test]
    fn english() {
        assert!(looks_english(
            "If you need this information in another format, please contact us and we will help you."
        ));
        assert!(!looks_english(
            "Om du behöver informationen i ett annat format kan du kontakta oss, så hjälper vi dig."
        ));
        assert!(!looks_english("Read more about the Public Health Agency"));
        assert_eq!(
            lang_mark("Hello there {lang=en}"),
            Some(("en", "Hello there "))
        );
        assert_eq!(lang_mark("Hej"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(
            exception_marker("<!-- a11y-ok: all_caps, generic_alt -->"),
            ["all_caps", "generic_alt"]
        );
        assert!(exception_marker("<!-- more -->").is_empty());
    }
}
