//! A page's rendered HTML as plain text, cut into sections at its `<h2>` headings: what the
//! index reads and what result excerpts are taken from.

use memchr::{memchr, memmem, memrchr};

use crate::html_text::{decode_into, entity};

/// One part of a page: the text before the first `<h2>` (with an empty anchor), or an `<h2>`
/// heading and the text up to the next one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Splits `html` (a fragment: all of it is read) into sections and strips the markup.
/// Elements whose text is not reading text (`script`, `style`, `template`) are left out.
/// Link placeholders (`\0key\0` in `href`s) live in attributes and go with them.
pub fn sections(html: &str) -> Vec<Section> {
    scan(html.as_bytes(), Part::Whole, usize::MAX, |_, _, _| {})
}

/// A token of reading text as [`scan`] hands it over: its bytes and, for a token of up to
/// 16 bytes (most words), the same bytes packed into one integer (zero-padded: a token holds
/// no zero byte), read from the page in one load when the token ends. The index's word
/// cache is keyed by that number, so a token is not copied or hashed byte by byte again.
#[derive(Debug, Clone, Copy)]
pub struct Token<'a> {
    pub bytes: &'a [u8],
    /// 0 for a token of more than 16 bytes.
    pub packed: u128,
}

impl<'a> Token<'a> {
    /// The token of `bytes` (a run of letters and digits), packed by copying.
    pub fn new(bytes: &'a [u8]) -> Token<'a> {
        let mut buf = [0u8; 16];
        let packed = match buf.get_mut(..bytes.len()) {
            Some(b) => {
                b.copy_from_slice(bytes);
                u128::from_le_bytes(buf)
            }
            None => 0,
        };
        Token { bytes, packed }
    }
}

/// The token at `start..start + len` of `page`, packed from one 16-byte load when the page
/// has 16 bytes from `start` (all but its last words), the bytes past the token masked off.
#[inline]
fn token_at(page: &[u8], start: usize, len: usize) -> Token<'_> {
    let bytes = &page[start..start + len];
    if len > 16 {
        return Token { bytes, packed: 0 };
    }
    let Some(Ok(word)) = page.get(start..start + 16).map(<[u8; 16]>::try_from) else {
        return Token::new(bytes);
    };
    Token {
        bytes,
        packed: u128::from_le_bytes(word) & LOW_BYTES[len],
    }
}

/// `LOW_BYTES[n]` keeps the low `n` bytes of a number: a table, as a shift of a `u128` by a
/// variable amount takes a dozen instructions.
static LOW_BYTES: [u128; 17] = {
    let mut t = [u128::MAX; 17];
    let mut n = 0;
    while n < 16 {
        t[n] = (1u128 << (8 * n)) - 1;
        n += 1;
    }
    t
};

/// How many bytes from `from` (to `to` at most) are a word's: ASCII letters and digits and
/// the Latin-1 letters (`C3 80`..`C3 BF`: å, ä, ö, é… but × and ÷, as [`wide_word_char`]
/// decides them), sixteen bytes at a time (see [`chunk_masks`]). Other characters end the
/// run here and are decided by the caller.
#[inline]
fn word_len(page: &[u8], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to {
        let n = (!chunk_masks(page, i, to).word).trailing_zeros() as usize;
        i += n;
        if n < 16 {
            break;
        }
    }
    i - from
}

/// [`word_len`] a byte at a time: the definition the masks are tested against.
#[cfg_attr(all(target_arch = "x86_64", not(test)), allow(dead_code))]
fn word_len_bytes(page: &[u8], from: usize, to: usize) -> usize {
    let mut i = from;
    while i < to {
        match page[i] {
            b if b.is_ascii_alphanumeric() => i += 1,
            0xC3 if i + 1 < to
                && matches!(page[i + 1], 0x80..=0xBF)
                && !matches!(page[i + 1], 0x97 | 0xB7) =>
            {
                i += 2
            }
            _ => break,
        }
    }
    i - from
}

/// The sixteen bytes of a page from `at` as bit masks, one bit a byte (bit 0 for `at`),
/// the bytes from `to` on cleared.
#[derive(Debug, Clone, Copy)]
struct Masks {
    /// A word's bytes (see [`word_len`]): an ASCII letter or digit, or a Latin-1 letter
    /// (`C3` and its continuation). A lead byte in the last place is not one, so a run of
    /// word bytes that fills the chunk ends at a character.
    word: u32,
    /// ASCII letters and digits.
    ascii: u32,
    /// ASCII spaces.
    space: u32,
}

/// See [`Masks`]: each byte's class tested for sixteen bytes at once with SSE2 (which every
/// x86_64 has).
#[cfg(target_arch = "x86_64")]
#[inline]
fn chunk_masks(page: &[u8], at: usize, to: usize) -> Masks {
    // SAFETY: SSE2 is part of x86_64: every such processor has it.
    unsafe { chunk_masks_sse2(page, at, to) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn chunk_masks_sse2(page: &[u8], at: usize, to: usize) -> Masks {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8,
        _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    let byte = |b: u8| _mm_set1_epi8(b as i8);
    let mut tail = [0u8; 16];
    let chunk: &[u8; 16] = match page.get(at..at + 16).map(<&[u8; 16]>::try_from) {
        Some(Ok(c)) => c,
        _ => {
            let rest = &page[at..to];
            tail[..rest.len()].copy_from_slice(rest);
            &tail
        }
    };
    // SAFETY: `chunk` is sixteen readable bytes; the load needs no alignment.
    let x = unsafe { _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>()) };
    // Signed comparisons: a byte of 0x80 or more is negative, so it is neither a letter nor
    // a digit, and a continuation byte (0x80..=0xBF) is one under 0xC0 (-64).
    let lower = _mm_or_si128(x, byte(0x20));
    let letter = _mm_and_si128(
        _mm_cmpgt_epi8(lower, byte(b'a' - 1)),
        _mm_cmplt_epi8(lower, byte(b'z' + 1)),
    );
    let digit = _mm_and_si128(
        _mm_cmpgt_epi8(x, byte(b'0' - 1)),
        _mm_cmplt_epi8(x, byte(b'9' + 1)),
    );
    let sign = _mm_or_si128(_mm_cmpeq_epi8(x, byte(0x97)), _mm_cmpeq_epi8(x, byte(0xB7)));
    let cont = _mm_andnot_si128(sign, _mm_cmplt_epi8(x, byte(0xC0)));
    let lead = _mm_cmpeq_epi8(x, byte(0xC3));
    // The bytes before `to`: a letter's continuation at `to` or beyond is not read.
    let valid: u32 = if to - at < 16 {
        (1 << (to - at)) - 1
    } else {
        0xFFFF
    };
    let mask = |m: __m128i| _mm_movemask_epi8(m) as u32 & valid;
    let ascii = mask(_mm_or_si128(letter, digit));
    let pair = mask(lead) & (mask(cont) >> 1);
    Masks {
        word: ascii | pair | (pair << 1),
        ascii,
        space: mask(_mm_cmpeq_epi8(x, byte(b' '))),
    }
}

/// [`chunk_masks`] a byte at a time, where SSE2 is not there.
#[cfg(not(target_arch = "x86_64"))]
fn chunk_masks(page: &[u8], at: usize, to: usize) -> Masks {
    let mut m = Masks {
        word: 0,
        ascii: 0,
        space: 0,
    };
    let end = to.min(at + 16);
    let mut i = at;
    while i < end {
        let bit = 1 << (i - at);
        match page[i] {
            b if b.is_ascii_alphanumeric() => {
                m.ascii |= bit;
                m.word |= bit;
            }
            b' ' => m.space |= bit,
            _ => {}
        }
        let n = word_len_bytes(&page[..end], i, end);
        if n == 2 && page[i] == 0xC3 {
            m.word |= 3 << (i - at);
            i += 1;
        }
        i += 1;
    }
    m
}

/// What of a page [`scan`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of it (a fragment, such as a page's Markdown rendered).
    Whole,
    /// The region a resident searches (a whole rendered page): see [`BODY`] and [`IGNORE`].
    Region,
}

/// The attribute that marks the element whose content is indexed (the first one; without
/// it, `<main>`; without that, the whole page), as Pagefind's `data-pagefind-body`.
pub const BODY: &str = "data-search-body";
/// The attribute that leaves an element and its content out of the index (lists of other
/// pages, navigation), as Pagefind's `data-pagefind-ignore`.
pub const IGNORE: &str = "data-search-ignore";

/// Reads `html` in one pass: hands every token of reading text to `word` (section number,
/// whether it is in an `<h2>`, token; see [`Token`]) and returns the sections with only the
/// first `keep` bytes or so of each section's text (the index needs the words and an
/// excerpt, not a copy of the page).
///
/// It works on bytes: every delimiter it looks for (`<`, `>`, `&`, ASCII space) is ASCII, so
/// the page need not be checked as UTF-8 first (that check alone was a tenth of the index's
/// time on the 10,000-page benchmark); a token that is not UTF-8 is handed over as it is and
/// the index drops it, and excerpts are decoded lossily. With [`Part::Region`] the region is
/// found and its ignored elements skipped during the same walk, without copying the page.
pub fn scan(
    html: &[u8],
    part: Part,
    keep: usize,
    word: impl FnMut(usize, bool, Token),
) -> Vec<Section> {
    scan_runs(
        html,
        part,
        keep,
        EachToken {
            each: word,
            section: 0,
            heading: false,
        },
    )
}

/// Where [`scan_runs`] hands the tokens: where the tokens that follow stand is told once a
/// run of text (a section's number, and whether it is an `<h2>`), not once a token, so
/// a receiver that keeps its counts by section does not ask again at every word.
pub trait Words {
    /// The tokens that follow are in section `section`, in its heading or not.
    fn run(&mut self, section: usize, heading: bool);
    fn token(&mut self, token: Token);
}

/// [`Words`] for a closure called with every token and where it stands, as [`scan`] takes.
struct EachToken<F> {
    each: F,
    section: usize,
    heading: bool,
}

impl<F: FnMut(usize, bool, Token)> Words for EachToken<F> {
    fn run(&mut self, section: usize, heading: bool) {
        self.section = section;
        self.heading = heading;
    }

    #[inline]
    fn token(&mut self, token: Token) {
        (self.each)(self.section, self.heading, token);
    }
}

/// [`scan`] with the tokens handed to a [`Words`].
pub fn scan_runs(html: &[u8], part: Part, keep: usize, word: impl Words) -> Vec<Section> {
    let (start, end, region) = match part {
        Part::Whole => (0, html.len(), None),
        Part::Region => region_bounds(html),
    };
    let ignores = match part {
        Part::Whole => Vec::new(),
        Part::Region => memmem::find_iter(&html[start..end], IGNORE.as_bytes())
            .map(|i| start + i)
            .filter(|&i| is_attribute_at(html, i, IGNORE.len()))
            .collect(),
    };
    let mut scanner = Scanner {
        html,
        out: vec![Section::default()],
        in_heading: false,
        keep,
        word,
        ignores,
        next_ignore: 0,
        region: region.map(|name| (name, 1)),
    };
    scanner.walk(start, end);
    let mut out = scanner.out;
    for s in &mut out {
        trim_in_place(&mut s.text);
        trim_in_place(&mut s.heading);
    }
    out
}

/// The part of a rendered page the index reads, as text: the content of the `data-search-body`
/// element (or of `<main>`) without the elements marked `data-search-ignore`. For tests and
/// tools; the index reads the same through [`scan`] without building it.
pub fn region(html: &str) -> String {
    let sections = scan(html.as_bytes(), Part::Region, usize::MAX, |_, _, _| {});
    let mut out = String::new();
    for s in sections {
        for t in [s.heading, s.text] {
            if !t.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t);
            }
        }
    }
    out
}

struct Scanner<'h, F> {
    html: &'h [u8],
    out: Vec<Section>,
    in_heading: bool,
    keep: usize,
    word: F,
    /// Where `data-search-ignore` stands in a start tag, in page order.
    ignores: Vec<usize>,
    next_ignore: usize,
    /// The region's element name and how many of its elements are open: the walk ends at
    /// its own end tag (see [`region_bounds`]).
    region: Option<(&'h [u8], usize)>,
}

impl<F: Words> Scanner<'_, F> {
    fn walk(&mut self, start: usize, end: usize) {
        let html = self.html;
        let mut pos = start;
        while pos < end {
            let lt = self.text(pos, end);
            if lt >= end {
                return;
            }
            if html[lt..end].starts_with(b"<!--") {
                pos = memmem::find(&html[lt + 4..end], b"-->").map_or(end, |i| lt + 4 + i + 3);
                continue;
            }
            let gt = memchr(b'>', &html[lt..end]).map_or(end, |i| lt + i + 1);
            let tag = &html[lt..gt];
            pos = gt;
            let closing = tag.get(1) == Some(&b'/');
            let name = tag_name(tag);
            if !closing && self.is_ignored(lt, gt) {
                pos = element_end(html, gt, end, name, tag);
                self.separate();
                continue;
            }
            if let Some((region, open)) = &mut self.region
                && name == *region
            {
                // Every start tag of the name opens one, `/>` or not, as browsers read a
                // non-void element (the region's never is void) and as `content_end` counts.
                if closing {
                    *open -= 1;
                    if *open == 0 {
                        return;
                    }
                } else {
                    *open += 1;
                }
            }
            match name {
                b"h2" if !closing => {
                    self.out.push(Section {
                        anchor: attribute(tag, "id").unwrap_or_default(),
                        ..Section::default()
                    });
                    self.in_heading = true;
                }
                b"h2" => self.in_heading = false,
                b"script" | b"style" | b"template" if !closing => {
                    let mut close = Vec::with_capacity(name.len() + 2);
                    close.extend_from_slice(b"</");
                    close.extend_from_slice(name);
                    pos = memmem::find(&html[gt..end], &close).map_or(end, |i| gt + i);
                }
                _ => {}
            }
            // Block boundaries separate words: "<td>a</td><td>b</td>" is "a b".
            if is_block(name) {
                self.separate();
            }
        }
    }

    /// Whether the start tag at `lt..gt` carries `data-search-ignore`.
    fn is_ignored(&mut self, lt: usize, gt: usize) -> bool {
        while self.ignores.get(self.next_ignore).is_some_and(|&i| i < lt) {
            self.next_ignore += 1;
        }
        self.ignores.get(self.next_ignore).is_some_and(|&i| i < gt)
    }

    fn target(&mut self) -> &mut String {
        let in_heading = self.in_heading;
        let last = self.out.last_mut().expect("scan starts with one section");
        if in_heading {
            &mut last.heading
        } else {
            &mut last.text
        }
    }

    /// Ends the word being written in the excerpt.
    fn separate(&mut self) {
        let target = self.target();
        if !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
    }

    /// The run of text from `from` to the next tag (or `to`): its tokens go to `word` and
    /// its beginning to the section's text. Returns where the run ends. The tokenizer finds
    /// the tag's `<` itself, so the text is read once.
    #[inline]
    fn text(&mut self, from: usize, to: usize) -> usize {
        let n = self.out.len() - 1;
        let in_heading = self.in_heading;
        let word = &mut self.word;
        word.run(n, in_heading);
        let (lt, plain) = html_tokens(self.html, from, to, |t| word.token(t));
        if lt > from {
            let limit = if in_heading { usize::MAX } else { self.keep };
            if self.out[n].text.len() < limit {
                let raw = &self.html[from..lt];
                let target = self.target();
                if target.capacity() == 0 && limit < usize::MAX {
                    // Sized once for the beginning kept, not grown five times.
                    target.reserve(limit + 32);
                }
                push_text(target, raw, limit, plain);
            }
        }
        lt
    }
}

/// Where the indexed region's content begins and ends: the first element whose start tag
/// has `data-search-body`, else the first `<main>`, else the whole page. The end of an
/// element with content is not searched for: the walk, which stops at every tag anyway,
/// counts the element's start and end tags and ends at its own end tag, so the third is
/// that element's name and the end the page's (the search of the region for the name was
/// about 7 M instructions of the index's 680 M on the 1,000-page benchmark). A `</main>` in
/// a comment or a script inside the region no longer ends it early.
fn region_bounds(html: &[u8]) -> (usize, usize, Option<&[u8]>) {
    let marked = memmem::find_iter(html, BODY.as_bytes()).find_map(|i| {
        if !is_attribute_at(html, i, BODY.len()) {
            return None;
        }
        let lt = memrchr(b'<', &html[..i])?;
        (memchr(b'>', &html[lt..i]).is_none() && html.get(lt + 1) != Some(&b'/')).then_some(lt)
    });
    let start = marked.or_else(|| {
        memmem::find_iter(html, b"<main")
            .find(|&i| html.get(i + 5).is_none_or(|b| !b.is_ascii_alphanumeric()))
    });
    let Some(lt) = start else {
        return (0, html.len(), None);
    };
    let gt = memchr(b'>', &html[lt..]).map_or(html.len(), |i| lt + i + 1);
    let tag = &html[lt..gt];
    let name = tag_name(tag);
    if has_no_content(name, tag) {
        return (gt, gt, None);
    }
    (gt, html.len(), Some(name))
}

/// Whether the `len` bytes at `i` are an attribute's name: after a space, before `=`, `>`,
/// `/` or a space (`data-search-ignored` is another attribute).
fn is_attribute_at(html: &[u8], i: usize, len: usize) -> bool {
    let before = i.checked_sub(1).map(|j| html[j]);
    let after = html.get(i + len).copied();
    before.is_some_and(|b| b.is_ascii_whitespace())
        && after.is_none_or(|b| b == b'=' || b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

/// The name of a tag, `<main id="x">` or `</main>` → `main`. The generator writes tag names
/// in lower case.
fn tag_name(tag: &[u8]) -> &[u8] {
    let bare = tag.strip_prefix(b"<").unwrap_or(tag);
    let bare = bare.strip_prefix(b"/").unwrap_or(bare);
    let len = bare
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bare.len());
    &bare[..len]
}

/// Elements that have no content and no end tag.
fn is_void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
    )
}

/// Whether the element of start tag `tag` ends with that tag: void, self-closed or nameless.
fn has_no_content(name: &[u8], tag: &[u8]) -> bool {
    name.is_empty() || tag.ends_with(b"/>") || is_void(name)
}

/// Where the content of the element whose start tag `tag` ends at `from` ends (where its end
/// tag begins). Same-named elements inside it are counted so the end tag is its own; an
/// element left open runs to `end`.
fn content_end(html: &[u8], from: usize, end: usize, name: &[u8], tag: &[u8]) -> usize {
    if has_no_content(name, tag) {
        return from;
    }
    // Found by searching, not by a walk from `<` to `<` (a fiftieth of the index's
    // instructions, as the search region is most of a page).
    let html = &html[..end];
    if name.len() >= SINGLE_PASS_NAME {
        content_end_by_name(html, from, name)
    } else {
        content_end_by_tags(html, from, name)
    }
}

/// [`content_end`] by a search for the end tags and one for the start tags between them.
fn content_end_by_tags(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut open = b"<".to_vec();
    open.extend_from_slice(name);
    let mut close = b"</".to_vec();
    close.extend_from_slice(name);
    let opens = memmem::Finder::new(&open);
    let closes = memmem::Finder::new(&close);
    // A tag of this name, not of a longer one (`<main>`, not `<mainx>`).
    let whole = |at: usize, len: usize| {
        html.get(at + len)
            .is_none_or(|b| !b.is_ascii_alphanumeric())
    };
    let mut depth = 1usize;
    let mut pos = from;
    while let Some(t) = closes
        .find_iter(&html[pos..])
        .map(|i| pos + i)
        .find(|&t| whole(t, close.len()))
    {
        depth += opens
            .find_iter(&html[pos..t])
            .filter(|&i| whole(pos + i, open.len()))
            .count();
        depth -= 1;
        if depth == 0 {
            return t;
        }
        pos = t + 1;
    }
    html.len()
}

/// Names at least this long (`main`, `div`, `nav`, `section`) are rare in a page's text, so
/// [`content_end`] finds the start and end tags in one search for the name; a shorter one
/// (`p`, `ul`) would stop at every such letter pair of the text.
const SINGLE_PASS_NAME: usize = 3;

/// [`content_end`] in one pass over `html` from `from`: each occurrence of `name` that
/// follows `<` is a start tag of the element, one that follows `</` an end tag (a name
/// followed by a letter or digit is another's). The search region is most of a page, and
/// two searches of it, one for each kind of tag, were a fiftieth of the index's
/// instructions.
fn content_end_by_name(html: &[u8], from: usize, name: &[u8]) -> usize {
    let mut depth = 1usize;
    for i in memmem::find_iter(&html[from..], name) {
        let at = from + i;
        if html
            .get(at + name.len())
            .is_some_and(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        // The tag's `<` is at `from` or after, as with the searches for whole tags.
        if at >= from + 2 && html[at - 2] == b'<' && html[at - 1] == b'/' {
            depth -= 1;
            if depth == 0 {
                return at - 2;
            }
        } else if at > from && html[at - 1] == b'<' {
            depth += 1;
        }
    }
    html.len()
}

/// Where the element whose start tag `tag` ends at `from` ends, its end tag included.
fn element_end(html: &[u8], from: usize, end: usize, name: &[u8], tag: &[u8]) -> usize {
    if has_no_content(name, tag) {
        return from;
    }
    let content = content_end(html, from, end, name, tag);
    memchr(b'>', &html[content..end]).map_or(end, |i| content + i + 1)
}

/// Whether the non-ASCII character at `i` of `text` is a letter or digit, and its length in
/// bytes: as [`super::analyze::tokens`] (and the client) split words. The Latin-1 letters
/// (å, ä, ö, é…) are decided from the bytes.
#[inline]
fn wide_word_char(text: &[u8], i: usize) -> (bool, usize) {
    let b = text[i];
    if b == 0xC3
        && let Some(&c) = text.get(i + 1)
        && (0x80..0xC0).contains(&c)
    {
        // U+00C0..U+00FF: letters, but for × (C3 97) and ÷ (C3 B7).
        return (c != 0x97 && c != 0xB7, 2);
    }
    let len = match b {
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => return (false, 1),
    };
    match text
        .get(i..i + len)
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.chars().next())
    {
        Some(c) => (c.is_alphanumeric(), len),
        None => (false, 1),
    }
}

/// What a byte is to the tokenizer: part of a word (ASCII letter or digit), the start of an
/// entity, the start of a non-ASCII character (decided by [`wide_word_char`]), the start of
/// a tag (where the text ends), or a separator: an ASCII space, white space that an excerpt
/// collapses (see [`is_plain`]), or another.
const SEP: u8 = 0;
const WORD: u8 = 1;
const AMP: u8 = 2;
const WIDE: u8 = 3;
const TAG: u8 = 4;
const SPACE: u8 = 5;
const BREAK: u8 = 6;
static CLASS: [u8; 256] = {
    let mut t = [SEP; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else if b == b'&' as usize {
            AMP
        } else if b == b'<' as usize {
            TAG
        } else if b == b' ' as usize {
            SPACE
        } else if b < 0x80 && SPECIAL[b] {
            BREAK
        } else if b >= 0x80 {
            WIDE
        } else {
            SEP
        };
        b += 1;
    }
    t
};

/// The tokens of the HTML text of `page` from `from` to its next `<` (or `to`), with
/// entities (`&amp;`, `&#39;`) as separators; returns where the text ends and whether it is
/// plain (see [`is_plain`]: the excerpt then need not check it again). This loop runs over
/// every byte a resident can search, so a byte is classified by one table lookup.
#[inline]
fn html_tokens(page: &[u8], from: usize, to: usize, mut each: impl FnMut(Token)) -> (usize, bool) {
    let raw = &page[..to];
    let len = to;
    let mut i = from;
    let mut plain = true;
    while i < len {
        match CLASS[raw[i] as usize] {
            SEP => {
                i += 1;
                continue;
            }
            SPACE => {
                i += 1;
                plain &= raw.get(i) != Some(&b' ');
                continue;
            }
            BREAK => {
                i += 1;
                plain = false;
                continue;
            }
            TAG => return (i, plain),
            AMP => {
                plain = false;
                i += 1 + entity_len(&raw[i + 1..]);
                continue;
            }
            WIDE => {
                plain &= raw[i] != 0xC2;
                let (word, n) = wide_word_char(raw, i);
                if !word {
                    i += n;
                    continue;
                }
            }
            _ => {}
        }
        // Words separated by one ASCII space (most of a page's text) go from word to word
        // here, without a turn through the separators' `match`: the space leaves `plain` as
        // it is, as the byte after it is a letter or digit. The words of sixteen bytes are
        // read from one set of [`Masks`] (a word or two, where testing the bytes for each
        // word on its own was about forty instructions a token); a word that may go on past
        // them, or into a character other than a Latin-1 letter, is read on a byte at a time.
        'chunks: loop {
            let m = chunk_masks(page, i, len);
            let mut pos = 0;
            loop {
                let start = i + pos;
                let mut end = pos + ((!m.word) >> pos).trailing_zeros() as usize;
                let mut stop = i + end;
                if end == 16 || (stop < len && raw[stop] >= 0x80) {
                    loop {
                        stop += word_len(page, stop, len);
                        if stop < len && CLASS[raw[stop] as usize] == WIDE {
                            plain &= raw[stop] != 0xC2;
                            let (word, n) = wide_word_char(raw, stop);
                            if word {
                                stop += n;
                                continue;
                            }
                        }
                        break;
                    }
                    // Past the masks' bytes: the next word is looked for below.
                    end = 16;
                }
                each(token_at(page, start, stop - start));
                if end + 1 < 16 {
                    if (m.space >> end) & (m.ascii >> (end + 1)) & 1 != 0 {
                        pos = end + 1;
                        continue;
                    }
                } else if stop + 1 < len
                    && raw[stop] == b' '
                    && CLASS[raw[stop + 1] as usize] == WORD
                {
                    i = stop + 1;
                    continue 'chunks;
                }
                i = stop;
                break 'chunks;
            }
        }
    }
    (len, plain)
}

/// The bytes an entity at the start of `s` (after its `&`) takes, or 0.
fn entity_len(s: &[u8]) -> usize {
    let head = &s[..s.len().min(16)];
    let head = match std::str::from_utf8(head) {
        Ok(h) => h,
        Err(e) => std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default(),
    };
    entity(head).map_or(0, |(_, len)| len)
}

/// Trims `s` where it is, without a new string (most sections' text ends in a space).
fn trim_in_place(s: &mut String) {
    let end = s.trim_end().len();
    s.truncate(end);
    let start = s.len() - s.trim_start().len();
    if start > 0 {
        s.drain(..start);
    }
}

#[inline]
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"li"
            | b"td"
            | b"th"
            | b"tr"
            | b"br"
            | b"div"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"blockquote"
            | b"pre"
            | b"dt"
            | b"dd"
            | b"figcaption"
    )
}

/// Whether the byte starts a space: ASCII white space, the link placeholders' `\0`, and a
/// no-break space (C2 A0).
fn space_at(raw: &[u8], i: usize) -> usize {
    match raw[i] {
        b' ' | b'\n' | b'\t' | b'\r' | b'\x0c' | b'\0' => 1,
        0xC2 if raw.get(i + 1) == Some(&0xA0) => 2,
        _ => 0,
    }
}

/// Appends `raw` (HTML text) with white space collapsed to single spaces and entities
/// decoded, until `target` holds `limit` bytes (the piece that crosses it is kept whole, so
/// an excerpt ends on a word). `plain`: the tokenizer found `raw` plain (see [`is_plain`]).
fn push_text(target: &mut String, raw: &[u8], limit: usize, plain: bool) {
    // Only the beginning of a long run is kept: decode that much (to the end of the word
    // that crosses the limit), once.
    let want = limit.saturating_sub(target.len()).saturating_add(1);
    let upto = if want >= raw.len() {
        raw.len()
    } else {
        (want..raw.len())
            .find(|&i| space_at(raw, i) > 0)
            .unwrap_or(raw.len())
    };
    let run = &raw[..upto];
    // Most runs are words and single spaces: then no piece needs decoding and the cut can
    // be computed (the loop below would do the same a piece at a time). Checked by
    // simdutf8, 32 bytes a step: std's check, slowed by every å, ä and ö, was three per cent
    // of the index's instructions (cachegrind, 1,000 pages).
    if let Ok(run) = simdutf8::basic::from_utf8(run)
        && (plain || is_plain(run.as_bytes()))
    {
        push_plain(target, run, limit);
        return;
    }
    let run = String::from_utf8_lossy(run);
    let bytes = run.as_bytes();
    let len = bytes.len();
    let mut i = 0;
    let mut space = false;
    while i < len && target.len() < limit {
        let n = space_at(bytes, i);
        if n > 0 {
            space = true;
            i += n;
            continue;
        }
        let start = i;
        while i < len && space_at(bytes, i) == 0 {
            i += 1;
        }
        if space && !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
        space = false;
        // Cut only at ASCII bytes or before a no-break space: `start..i` is whole characters.
        let piece = &run[start..i];
        if piece.contains('&') {
            decode_into(piece, target);
        } else {
            target.push_str(piece);
        }
    }
    if space && !target.is_empty() && !target.ends_with(' ') {
        target.push(' ');
    }
}

/// Bytes that stop a run from being plain: white space other than a single ASCII space,
/// an entity, and the lead byte of a no-break space.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\r' as usize] = true;
    t[0x0c] = true;
    t[0] = true;
    t[b'&' as usize] = true;
    t[0xC2] = true;
    t
};

/// Whether `run` is words separated by single ASCII spaces (no entity, no other space).
fn is_plain(run: &[u8]) -> bool {
    let mut prev_space = false;
    for &b in run {
        let space = b == b' ';
        if SPECIAL[b as usize] || (space && prev_space) {
            return false;
        }
        prev_space = space;
    }
    true
}

/// [`push_text`] of a plain run (see [`is_plain`]): the same result, with the pieces that
/// fit found by position instead of pushed one by one.
fn push_plain(target: &mut String, run: &str, limit: usize) {
    if target.len() >= limit {
        return;
    }
    let lead = run.starts_with(' ');
    let body = if lead { &run[1..] } else { run };
    let trail = body.ends_with(' ');
    let core = if trail { &body[..body.len() - 1] } else { body };
    if core.is_empty() {
        if (lead || trail) && !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
        return;
    }
    if lead && !target.is_empty() && !target.ends_with(' ') {
        target.push(' ');
    }
    // Piece j (after the first) starting at p is pushed while the target, then holding
    // `start + p - 1` bytes, is under the limit: cut at the first space at or past
    // `limit - start`.
    let start = target.len();
    let from = (limit - start).min(core.len());
    let cut = memchr(b' ', &core.as_bytes()[from..]).map_or(core.len(), |i| from + i);
    target.push_str(&core[..cut]);
    if cut == core.len() && trail && target.len() < limit {
        target.push(' ');
    }
}

/// An attribute's value in a start tag, `id="x"` → `x`.
fn attribute(tag: &[u8], name: &str) -> Option<String> {
    // A tag is a few dozen bytes: ` name="` is compared in place after each space, as
    // building a `memmem` searcher for it cost more than the search, and building the
    // pattern (an allocation a heading) about as much.
    let name = name.as_bytes();
    let at = memchr::memchr_iter(b' ', tag).find(|&i| {
        let rest = &tag[i + 1..];
        rest.starts_with(name) && rest[name.len()..].starts_with(b"=\"")
    })? + name.len()
        + 3;
    let len = memchr(b'"', &tag[at..])?;
    Some(String::from_utf8_lossy(&tag[at..at + len]).into_owned())
}

/// Where character number `n` (from 0) of UTF-8 `text` begins, if it has that many. The
/// bytes that begin a character are counted a stretch at a time (a count over a slice runs
/// many bytes an instruction; one byte at a time with an early stop, this was a fiftieth of
/// the index's instructions): the characters before byte `e` are at most `e`, so a stretch
/// as long as the characters still missing cannot overshoot.
fn char_start(text: &[u8], n: usize) -> Option<usize> {
    let mut e = n.min(text.len());
    let mut chars = char_count(&text[..e]);
    while chars < n && e < text.len() {
        let step = (n - chars).min(text.len() - e);
        chars += char_count(&text[e..e + step]);
        e += step;
    }
    if chars < n {
        return None;
    }
    // `e` may be inside character `n - 1`: its start is the next lead byte.
    text[e..]
        .iter()
        .position(|&b| (b as i8) >= -0x40)
        .map(|i| e + i)
}

/// The characters of UTF-8 `bytes` (its bytes but the continuation bytes, `10xxxxxx`),
/// eight bytes at a time: a byte at a time, counting them was most of an excerpt's cut. A
/// byte's continuation bit lands in its top bit (`x & !(x << 1)`: the top bit set and the
/// next one clear) and is added into that byte's own counter, the eight counters summed every
/// 255 steps, before one can overflow.
fn char_count(bytes: &[u8]) -> usize {
    use crate::swar::HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuations = 0;
    loop {
        let mut sums = 0u64;
        let mut steps = 0;
        for c in chunks.by_ref().take(255) {
            let x = c.try_into().map_or(0, u64::from_le_bytes);
            sums += (x & !(x << 1) & HIGH) >> 7;
            steps += 1;
        }
        // Pairs of counters as 16-bit lanes (510 at most each), then the lanes summed.
        const LANES: u64 = 0x00FF_00FF_00FF_00FF;
        let pairs = (sums & LANES) + ((sums >> 8) & LANES);
        continuations += (pairs.wrapping_mul(0x0001_0001_0001_0001) >> 48) as usize;
        if steps < 255 {
            break;
        }
    }
    let rest = chunks.remainder();
    continuations += rest.iter().filter(|&&b| (b as i8) < -0x40).count();
    bytes.len() - continuations
}

/// At most `max` characters of `text`, cut at a word boundary, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    match excerpt_cut(text, max) {
        (cut, true) => format!("{cut}…"),
        (whole, false) => whole.to_string(),
    }
}

/// [`excerpt`] without the copy: the part of `text` it keeps, and whether it was cut (an
/// ellipsis follows). The index writes it straight into a page's record.
pub fn excerpt_cut(text: &str, max: usize) -> (&str, bool) {
    let Some(end) = char_start(text.as_bytes(), max) else {
        return (text, false);
    };
    let cut = &text[..end];
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    (cut.trim_end_matches([',', '.', ';', ':', ' ']), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_at_h2() {
        let html = "<p>Intro &amp; mer.</p>\n<h2 id=\"tider\"><a class=\"heading-link\" href=\"#tider\">Öppet&nbsp;tider</a></h2>\n<p>Mån<br>fre</p><table><tr><td>a</td><td>b</td></tr></table><script>x()</script><h3 id=\"u\">Under</h3><p>Text</p>";
        let s = sections(html);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "Intro & mer.");
        assert_eq!(s[1].anchor, "tider");
        assert_eq!(s[1].heading, "Öppet tider");
        assert_eq!(s[1].text, "Mån fre a b Under Text");
    }

    #[test]
    fn scan_hands_over_every_word_and_keeps_a_beginning() {
        let mut words = Vec::new();
        let html = "<p>Ett två&amp;tre</p><h2 id=\"a\">Rubrik</h2><p>fyra fem sex sju</p>";
        let s = scan(html.as_bytes(), Part::Whole, 4, |n, h, w| {
            assert_eq!(w.packed, Token::new(w.bytes).packed);
            words.push((n, h, String::from_utf8_lossy(w.bytes).into_owned()))
        });
        let w: Vec<String> = words.iter().map(|(n, h, w)| format!("{n}{h}{w}")).collect();
        assert_eq!(
            w,
            [
                "0falseEtt",
                "0falsetvå",
                "0falsetre",
                "1trueRubrik",
                "1falsefyra",
                "1falsefem",
                "1falsesex",
                "1falsesju"
            ]
        );
        // Words are read to the end; the excerpt stops at the first word past `keep`.
        assert_eq!(s[1].text, "fyra");
        let s = scan(b"<p>fyra</p><p>fem</p>", Part::Whole, 4, |_, _, _| {});
        assert_eq!(s[0].text, "fyra");
    }

    #[test]
    fn region_is_the_marked_element_without_the_ignored_ones() {
        let html = "<header>Meny</header><main id=\"main\" data-search-body><h1>Rubrik</h1>\
            <div data-search-ignore><div>lista</div> mer</div><p>Text</p><div>inne</div></main><footer>Fot</footer>";
        let r = region(html);
        assert!(
            r.contains("Rubrik") && r.contains("Text") && r.contains("inne"),
            "{r}"
        );
        assert!(
            !r.contains("lista") && !r.contains("mer") && !r.contains("Meny") && !r.contains("Fot"),
            "{r}"
        );
        assert_eq!(region("<nav>x</nav><main>y</main>"), "y");
        assert_eq!(region("<p>z</p>"), "z");
        // `data-search-ignored` is another attribute, and an unclosed element runs to the end.
        assert!(region("<main><p data-search-ignored>kvar</p></main>").contains("kvar"));
        assert_eq!(
            region("<main data-search-body>a<p data-search-ignore>b"),
            "a"
        );
        // Void and self-closed elements marked ignored take nothing after them along.
        assert_eq!(
            region("<main><img data-search-ignore src=x><br data-search-ignore/>kvar</main>"),
            "kvar"
        );
        // A comment's `>` does not end it; `data-search-body` in prose is not an attribute.
        assert_eq!(
            region("<p>Skriv data-search-body</p><main><!-- a > b -->c</main>"),
            "c"
        );
        // Nested same-named elements: the ignored one ends at its own end tag.
        assert_eq!(
            region("<main><div data-search-ignore><div>x</div>y</div>z</main>"),
            "z"
        );
    }

    /// The region's end was once found by searching for `</main>`, so one inside a comment
    /// (an editor's raw HTML) ended the region there and the rest of the page was not
    /// searchable; the tag walk reads the comment as one.
    #[test]
    fn an_end_tag_in_a_comment_does_not_end_the_region() {
        let r = region("<main><p>före</p><!-- </main> --><p>efter</p></main><footer>fot</footer>");
        assert!(r.contains("före") && r.contains("efter"), "{r}");
        assert!(!r.contains("fot"), "{r}");
    }

    /// The walk that ends the region counted a nested start tag of its name only without
    /// `/>`; a browser ignores `/>` on a `div`, so `<div/>` opens one and the region ended at
    /// its `</div>`, leaving the rest of the region unsearchable.
    #[test]
    fn a_self_closed_tag_of_the_regions_name_still_opens_one() {
        let r = region("<div data-search-body><div class=\"x\"/></div><p>mer</p></div><p>ute</p>");
        assert!(r.contains("mer"), "{r}");
        assert!(!r.contains("ute"), "{r}");
    }

    #[test]
    fn element_ends_are_found_in_one_pass_as_in_two() {
        let html = b"<div a><div>x</div><divx>div</divx> </div y><div></div> </div></div";
        for name in [&b"div"[..], b"divx", b"main"] {
            for from in 0..html.len() {
                assert_eq!(
                    content_end_by_name(html, from, name),
                    content_end_by_tags(html, from, name),
                    "{from} {name:?}"
                );
            }
        }
    }

    #[test]
    fn words_are_measured_sixteen_bytes_at_a_time() {
        let all: Vec<u8> = (0u8..=255).collect();
        for &b in &all {
            for at in [3, 9, 15, 16, 17, 30] {
                let mut text = vec![b'a'; 33];
                text[at] = b;
                let expected = if b.is_ascii_alphanumeric() { 33 } else { at };
                assert_eq!(word_len(&text, 0, 33), expected, "byte {b:#x} at {at}");
                assert_eq!(word_len(&text, 0, 33), word_len_bytes(&text, 0, 33));
            }
        }
        assert_eq!(word_len(b"Ring 1177", 5, 9), 4);
        assert_eq!(word_len("sjukvårdsrådgivning ×".as_bytes(), 0, 24), 21);
        // A letter cut by the end of the text is not read.
        assert_eq!(word_len("på".as_bytes(), 0, 2), 1);
    }

    proptest::proptest! {
        #[test]
        fn words_are_measured_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'a', b'Z', b'5', b' ', b'<', b'-', 0xC3, 0xC2, 0xA5, 0xA4, 0xB6, 0x97,
                    0xB7, 0x80, 0xBF, 0xC0, 0xE2, 0x00, 0x7F, b'@', b'[', b'`', b'{', b'/',
                ]),
                0..70,
            ),
            from in 0usize..70,
            cut in 0usize..70,
        ) {
            let from = from.min(bytes.len());
            let to = (from + cut).min(bytes.len());
            proptest::prop_assert_eq!(
                word_len(&bytes, from, to),
                word_len_bytes(&bytes, from, to)
            );
        }
    }

    /// The tokenizer a byte at a time, as it was before the masks: the oracle of
    /// `the_tokenizer_reads_as_byte_by_byte`.
    fn html_tokens_bytewise(page: &[u8], from: usize, to: usize) -> (Vec<Vec<u8>>, usize, bool) {
        let raw = &page[..to];
        let mut tokens = Vec::new();
        let (mut i, mut plain) = (from, true);
        while i < to {
            match CLASS[raw[i] as usize] {
                TAG => return (tokens, i, plain),
                SEP => i += 1,
                SPACE => {
                    i += 1;
                    plain &= raw.get(i) != Some(&b' ');
                }
                BREAK => {
                    i += 1;
                    plain = false;
                }
                AMP => {
                    plain = false;
                    i += 1 + entity_len(&raw[i + 1..]);
                }
                _ => {
                    let start = i;
                    loop {
                        if raw[i].is_ascii_alphanumeric() {
                            i += 1;
                        } else if raw[i] >= 0x80 {
                            plain &= raw[i] != 0xC2;
                            let (word, n) = wide_word_char(raw, i);
                            if !word {
                                break;
                            }
                            i += n;
                        } else {
                            break;
                        }
                        if i >= to {
                            break;
                        }
                    }
                    if i == start {
                        i += wide_word_char(raw, i).1;
                    } else {
                        tokens.push(raw[start..i].to_vec());
                    }
                }
            }
        }
        (tokens, to, plain)
    }

    proptest::proptest! {
        #[test]
        fn the_tokenizer_reads_as_byte_by_byte(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "Z", "7", " ", " ", "  ", "å", "Ä", "ö", "é", "×", "÷", "\u{a0}",
                    "ł", "–", "€", "&amp;", "&", "\n", "<", "kvinnokliniken", "1177",
                    "sjukvårdsrådgivningen", "µ", "\u{0}", "\u{c3}",
                ]),
                0..40,
            ),
            cut in 0usize..8,
        ) {
            let mut page: Vec<u8> = pieces.concat().into_bytes();
            // A lone lead byte or a cut character, as the scanner meets bytes, not text.
            if cut > 0 && !page.is_empty() {
                let at = cut % page.len();
                page.insert(at, 0xC3);
            }
            for to in [page.len(), page.len().saturating_sub(cut)] {
                let mut got = Vec::new();
                let (end, plain) = html_tokens(&page, 0, to, |t| {
                    assert_eq!(t.packed, Token::new(t.bytes).packed);
                    got.push(t.bytes.to_vec())
                });
                let (want, want_end, want_plain) = html_tokens_bytewise(&page, 0, to);
                proptest::prop_assert_eq!(got, want);
                proptest::prop_assert_eq!((end, plain), (want_end, want_plain));
            }
        }
    }

    #[test]
    fn the_tokenizer_finds_plain_runs_as_is_plain_does() {
        for run in [
            "ett två",
            "ett  två",
            "ett\ntvå",
            "a &amp; b",
            "50\u{a0}kr",
            "5 µg",
            " x ",
            "×÷ – ",
        ] {
            let html = format!("{run}<p>");
            let (end, plain) = html_tokens(html.as_bytes(), 0, html.len(), |_| {});
            assert_eq!(end, run.len());
            assert_eq!(plain, is_plain(run.as_bytes()), "{run:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn characters_are_counted_as_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'a', b' ', 0xC3, 0xA5, 0x80, 0xBF, 0xC0, 0xE2, 0xFF, 0x7F]),
                0..2200,
            ),
        ) {
            let slow = bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
            proptest::prop_assert_eq!(char_count(&bytes), slow);
        }
    }

    #[test]
    fn attributes_are_found_by_their_whole_name() {
        assert_eq!(
            attribute(b"<h2 data-id=\"x\" id=\"y\">", "id").as_deref(),
            Some("y")
        );
        assert_eq!(attribute(b"<h2 id=\"\">", "id").as_deref(), Some(""));
        assert_eq!(attribute(b"<h2 idx=\"a\" id>", "id"), None);
        assert_eq!(attribute(b"<h2 id", "id"), None);
        assert_eq!(attribute(b"<h2 id=\"open", "id"), None);
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("en lång mening med ord", 12), "en lång…");
        assert_eq!(excerpt("an ascii sentence of words", 12), "an ascii…");
        assert_eq!(excerpt("exactly ten", 11), "exactly ten");
        assert_eq!(excerpt("åäö åäö åäö", 11), "åäö åäö åäö");
        for text in ["", "a", "åäö", "ab åäö cd ö", "€ x €€ y", "ÅÅÅÅÅÅ"] {
            for n in 0..14 {
                let slow = text.char_indices().nth(n).map(|(i, _)| i);
                assert_eq!(char_start(text.as_bytes(), n), slow, "{text:?} {n}");
            }
        }
    }
}
