//! Builds the sharded index from the searchable pages and writes it into the sink.
//!
//! # Files (under `search/<language>/`)
//!
//! - `manifest.json`: the first key of every shard, the stop words, the score scale, the
//!   words the client shows, and a hash of the whole index that the client appends to every
//!   URL so a deploy never mixes two builds' files.
//! - `s/<n>.bin`: index shards, term-sorted by key, each cut after about [`SHARD_BYTES`].
//! - `r/<page>.json`: one record per page: address, title, kind, municipality and for each
//!   section its anchor, heading and a short excerpt. Ten of these make the first results.
//! - `t/<n>.bin`: the tails of the terms with more than [`HEAD_POSTINGS`] postings, packed in
//!   key order into files of about [`SHARD_BYTES`], fetched only when a query needs them.
//! - `filters.json`: the pages of each kind and each municipality, fetched only when a filter
//!   is used.
//!
//! # Shard format
//!
//! Unsigned LEB128 varints throughout. For each key, in key order:
//! `shared` (bytes of the key shared with the previous key in the shard), `suffix length`,
//! the suffix (UTF-8), `entry length` (bytes of what follows, so a client scanning keys skips
//! it), `variants`, and per variant: `exact length` and the exact stem (empty when it equals
//! the key), `df` (sections holding it), `blocks`, and per block the impact (one byte),
//! `count`, and the document numbers as gaps (first one absolute); then the tail: the number
//! of postings in it and, if any, its file in `t/`, offset and length (the same blocks).
//!
//! A document number is `page << 6 | section`: section 0 is a page's title, description and
//! text before its first `<h2>`, sections 1–63 its `<h2>` sections. The client scores pages
//! (the best section per term) and links to the best section.
//!
//! # Scoring and pruning
//!
//! Each posting carries a BM25 score (title ×5, description and tags ×2, heading ×3), stored
//! as one byte on a log scale. Postings are impact-ordered; each term's best
//! [`HEAD_POSTINGS`] are in its shard and the rest in a tail file: a word on every page of a
//! 10,000-page site would otherwise cost tens of kilobytes for a one-word query, whose
//! resident reads the first results, not the thousandth. A second word, a filter or "more
//! results" fetch the tails, so no page is out of reach.

use std::cell::RefCell;
use std::collections::hash_map::Entry;

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, RwLock};

use rayon::prelude::*;
use serde_json::json;

use super::analyze::{Term, tokens, with_analyzer};
use super::text::{self, Section, Token};
use crate::error::Error;
use crate::output::{Scratch, ScratchReader, Sink};

/// Sections per page that get their own document number; later ones join the last.
const SECTION_BITS: u32 = 6;
const MAX_SECTION: usize = (1 << SECTION_BITS) - 1;
/// Pages the document numbers can address (24 bits of a packed posting).
pub const MAX_PAGES: usize = 1 << (24 - SECTION_BITS);
/// A shard is closed after this many bytes (about 16 KB once compressed by the server;
/// gaps and impacts compress little).
pub const SHARD_BYTES: usize = 16 * 1024;
/// The postings of each term in its shard, best first; the rest are in its tail. 400 kept a
/// one-word query on the 10,000-page benchmark at about 22 KB (issue 7); a page of results
/// needs 10.
pub const HEAD_POSTINGS: usize = 400;
/// Characters of a section's text kept for result excerpts.
const EXCERPT_CHARS: usize = 160;

/// BM25 parameters: the usual values.
const K1: f64 = 1.2;
const B: f64 = 0.75;
const W_TITLE: u16 = 5;
const W_HEADING: u16 = 3;
const W_META: u16 = 2;
const W_BODY: u16 = 1;
/// Added to the saturated term frequency when the page's title has the term: BM25 saturates,
/// so a weight alone lets a long text that repeats a word outrank the page named after it.
const TITLE_BONUS: f64 = 1.5;
/// The bit of a posting's weighted frequency that says "in the title".
const IN_TITLE: u16 = 0x8000;

/// What a searchable page offers the index.
pub struct Doc<'a> {
    pub path: &'a str,
    pub title: &'a str,
    /// `enhet`, `nyhet` or `sida`.
    pub kind: &'static str,
    pub municipality: Option<String>,
    pub description: &'a str,
    pub tags: &'a crate::page::Texts,
    pub body: Body<'a>,
}

pub enum Body<'a> {
    /// A rendered page as the resident gets it: its search region (see [`text::scan`]) is
    /// read, cut into sections at its `<h2>`s.
    Page(&'a [u8]),
    /// Rendered Markdown, all of it read, cut into sections at its `<h2>`s.
    Html(&'a str),
    /// Plain text (care units), one section.
    Text(String),
}

/// Figures of a built index, for the build summary and the benchmarks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub pages: usize,
    pub terms: usize,
    pub postings: usize,
    pub shards: usize,
    pub shard_bytes: usize,
    /// Runs of postings spilled to a working file.
    pub runs: usize,
}

/// One chunk of pages analysed, for the plain elasticlunr index when asked for: (address,
/// title, text).
type Plain = Vec<PlainPage>;
type PlainPage = (String, String, String);

/// The terms of one build, numbered in the order they were first met.
#[derive(Default)]
struct Interner {
    ids: FxMap<Term, u32>,
    terms: Vec<Term>,
}

/// Numbers the index builds, so a thread's word cache from an earlier build (in `serve`) is
/// not read with this build's term numbers.
static GENERATION: AtomicU64 = AtomicU64::new(0);
/// A stop word in the word cache.
const STOP: u32 = u32::MAX;

/// What a thread keeps for one index of one build between the pages it analyses: the word
/// cache and the buffers a page is counted and its record written in, so a page allocates
/// none of them again.
struct ThreadBuffers {
    generation: u64,
    words: WordCache,
    counts: Tally,
    record: Vec<u8>,
    /// A chunk's postings by stripe (see [`Heads::offer`]), and its sections' lengths.
    postings: Vec<Vec<Posting>>,
    lengths: Vec<(u32, u32)>,
}

impl ThreadBuffers {
    fn new(generation: u64) -> ThreadBuffers {
        ThreadBuffers {
            generation,
            words: WordCache::default(),
            counts: Tally::default(),
            record: Vec::new(),
            postings: (0..STRIPES).map(|_| Vec::new()).collect(),
            lengths: Vec::new(),
        }
    }
}

/// Token as written → term number. A token of up to 16 bytes (most words) is keyed by its
/// bytes packed into one integer (see [`Token`]: the scanner packs it as it reads), so a
/// lookup hashes two words and compares one number instead of hashing a byte string and
/// calling `memcmp` (hashing and comparing tokens was a tenth of the index's instructions);
/// longer ones by their bytes.
#[derive(Default)]
struct WordCache {
    short: ShortWords,
    long: FxMap<Box<[u8]>, u32>,
}

/// Packed tokens → term numbers, by open addressing with linear probing in a table at most
/// half full, whose slot is a multiplicative hash of the two halves. Every token of the
/// site is looked up here, nearly always found in its first slot: about a dozen
/// instructions, where `FxHashMap<u128, u32>` took about thirty (its group probing is made
/// for maps whose keys miss more often). A key of 0 marks an empty slot (a token is not
/// empty).
struct ShortWords {
    slots: Vec<(u128, u32)>,
    len: usize,
    /// 64 less the bits of a slot number.
    shift: u32,
}

impl Default for ShortWords {
    /// A table of [`ShortWords::FIRST_SLOTS`] from the start, so a lookup need not ask
    /// whether there is one.
    fn default() -> ShortWords {
        ShortWords {
            slots: vec![(0, 0); ShortWords::FIRST_SLOTS],
            len: 0,
            shift: 64 - ShortWords::FIRST_SLOTS.trailing_zeros(),
        }
    }
}

impl ShortWords {
    /// Slots of a new table (half of them filled before it doubles): a site's tokens are a
    /// few thousand words as written, so it doubles a few times at most.
    const FIRST_SLOTS: usize = 1024;

    #[inline]
    fn home(&self, key: u128) -> usize {
        const K: u64 = 0x9e37_79b9_7f4a_7c15;
        let h = ((key as u64).wrapping_mul(K) ^ (key >> 64) as u64).wrapping_mul(K);
        (h >> self.shift) as usize
    }

    #[inline]
    fn get(&self, key: u128) -> Option<u32> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let (k, id) = self.slots[i];
            if k == key {
                return Some(id);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn insert(&mut self, key: u128, id: u32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let bits = (self.slots.len() * 2).trailing_zeros();
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); 1 << bits]);
            self.shift = 64 - bits;
            self.len = 0;
            for (k, v) in old {
                if k != 0 {
                    self.insert(k, v);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        while self.slots[i].0 != 0 && self.slots[i].0 != key {
            i = (i + 1) & mask;
        }
        if self.slots[i].0 == 0 {
            self.len += 1;
        }
        self.slots[i] = (key, id);
    }
}

/// The indexes a thread keeps a word cache for: a site builds one index per language and
/// hands each thread the pages of every language in turn; the four languages of the example
/// site fit.
const CACHED_INDEXES: usize = 8;

thread_local! {
    /// Most tokens of a site are words it has used before: one hash of the token replaces
    /// lower-casing, stemming and two lookups by term.
    static WORDS: RefCell<Vec<ThreadBuffers>> = const { RefCell::new(Vec::new()) };
}

/// The term number of a token, or `None` for a stop word or a token that is not a word.
/// The cache's hit is the path of nearly every token, so it is inlined into the scanner's
/// loop; a miss (a word not met before on this thread) is not.
#[inline]
fn term_id(
    token: Token,
    language: &str,
    words: &mut WordCache,
    interner: &RwLock<Interner>,
    counts: &mut Tally,
) -> Option<u32> {
    let hit = if token.packed != 0 {
        words.short.get(token.packed)
    } else {
        words.long.get(token.bytes).copied()
    };
    match hit {
        Some(id) => (id != STOP).then_some(id),
        None => term_id_miss(token, language, words, interner, counts),
    }
}

/// [`term_id`] of a token not in the thread's cache: analysed, numbered and cached, and the
/// thread's counts made long enough for its number (so a hit, whose number this thread has
/// met here first, needs no test of their length).
#[cold]
#[inline(never)]
fn term_id_miss(
    token: Token,
    language: &str,
    words: &mut WordCache,
    interner: &RwLock<Interner>,
    counts: &mut Tally,
) -> Option<u32> {
    let term = std::str::from_utf8(token.bytes)
        .ok()
        .and_then(|token| with_analyzer(language, |a| a.term(token)));
    let id = match term {
        None => STOP,
        Some(term) => {
            let known = interner
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .ids
                .get(&term)
                .copied();
            match known {
                Some(id) => id,
                None => {
                    let mut w = interner.write().unwrap_or_else(|p| p.into_inner());
                    let next = w.terms.len() as u32;
                    match w.ids.entry(term) {
                        Entry::Occupied(e) => *e.get(),
                        Entry::Vacant(e) => {
                            let t = e.key().clone();
                            e.insert(next);
                            w.terms.push(t);
                            next
                        }
                    }
                }
            }
        }
    };
    if token.packed != 0 {
        words.short.insert(token.packed, id);
    } else {
        words.long.insert(token.bytes.into(), id);
    }
    if id != STOP && counts.counts.len() <= id as usize {
        counts.counts.resize(id as usize + 1, 0);
    }
    (id != STOP).then_some(id)
}

/// A term's postings as they come: for each, the document's distance from the one before
/// (zigzag, as pages come from several threads) and its weighted count, as varints: about
/// three bytes a posting where a score and a document take eight. The postings are most of
/// the index's memory (5.8 million on the 10,000-page benchmark); a posting's score is
/// computed again from its count and its section's length when the entry is written. Every
/// posting is kept; the order is fixed when the entry is written, so it does not depend on
/// the order threads finish in.
#[derive(Default)]
struct Head {
    bytes: Vec<u8>,
    last: u32,
    count: u32,
    /// The bits of the best score (non-negative, so they order as the numbers do).
    best: u32,
}

impl Head {
    fn offer(&mut self, doc: u32, w: u16, score: f32) {
        let delta = i64::from(doc) - i64::from(self.last);
        let zigzag = ((delta << 1) ^ (delta >> 63)) as u64;
        // A word read once in a section's text (most postings) is its distance alone, the
        // low bit clear: one varint a posting, not two, written here and read back when the
        // entry is encoded.
        if w == W_BODY {
            varint(&mut self.bytes, zigzag << 1);
        } else {
            varint(&mut self.bytes, (zigzag << 1) | 1);
            // The title bit last, so a count takes one byte.
            varint(
                &mut self.bytes,
                (u64::from(w & !IN_TITLE) << 1) | u64::from(w >> 15),
            );
        }
        self.last = doc;
        self.count += 1;
        self.best = self.best.max(score.to_bits());
    }

    /// The postings as (document, weighted count), in the order they came.
    fn each(&self, mut f: impl FnMut(u32, u16)) {
        let mut at = 0;
        let mut doc = 0i64;
        for _ in 0..self.count {
            let v = read_varint(&self.bytes, &mut at);
            let z = v >> 1;
            doc += ((z >> 1) as i64) ^ -((z & 1) as i64);
            let w = if v & 1 == 0 {
                W_BODY
            } else {
                let w = read_varint(&self.bytes, &mut at);
                ((w >> 1) as u16) | ((w as u16 & 1) << 15)
            };
            f(doc as u32, w);
        }
    }
}

/// A varint of `bytes` at `at`, which moves past it.
#[inline]
fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    // Most are one byte (a posting's distance, a block's count).
    if let Some(&b) = bytes.get(*at)
        && b < 0x80
    {
        *at += 1;
        return u64::from(b);
    }
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

/// The length part of BM25 for a section of `len` terms.
fn norm(len: u32) -> f64 {
    K1 * (1.0 - B + B * len as f64 / TYPICAL_SECTION_TERMS)
}

/// A posting's score within its section, from its weighted count (title bit included).
fn section_score(w: u16, norm: f64) -> f32 {
    let tf = (w & !IN_TITLE) as f64;
    let bonus = if w & IN_TITLE != 0 { TITLE_BONUS } else { 0.0 };
    (bonus + tf * (K1 + 1.0) / (tf + norm)) as f32
}

/// Each section's length part of BM25 by document number, a page's sections side by side
/// (up to its last with terms): a table by document number would take 64 slots a page.
struct Norms {
    first: Vec<usize>,
    /// The section's length in terms, and the score of a word read once in its text (most
    /// postings): the length part itself (an `f64`) is computed again for the others, which
    /// halves the table (about 1.1 million sections at 100,000 pages: 18 MB as it was,
    /// held while the index is written, on top of the model).
    norms: Vec<(u32, f32)>,
}

impl Norms {
    fn new(pages: usize, lengths: &[(u32, u32)]) -> Norms {
        let page = |d: u32| (d >> SECTION_BITS) as usize;
        let section = |d: u32| (d as usize) & MAX_SECTION;
        let mut first = vec![0usize; pages + 1];
        for &(d, _) in lengths {
            if let Some(w) = first.get_mut(page(d) + 1) {
                *w = (*w).max(section(d) + 1);
            }
        }
        for p in 1..first.len() {
            first[p] += first[p - 1];
        }
        let mut norms = vec![(0u32, 0f32); first[pages]];
        for &(d, len) in lengths {
            if let Some(n) = first
                .get(page(d))
                .and_then(|&f| norms.get_mut(f + section(d)))
            {
                *n = (len, section_score(W_BODY, norm(len)));
            }
        }
        Norms { first, norms }
    }

    /// [`section_score`] of a posting of document `d`.
    fn score(&self, d: u32, w: u16) -> f32 {
        let at = self.first[(d >> SECTION_BITS) as usize] + (d as usize & MAX_SECTION);
        let (len, once) = self.norms[at];
        if w == W_BODY {
            once
        } else {
            section_score(w, norm(len))
        }
    }
}

/// One scored posting of a page: term, document, weighted count, score.
type Posting = (u32, u32, u16, f32);

/// Heads by term number, striped over locks so threads rarely wait for each other.
const STRIPES: usize = 64;

/// Bytes of postings held in memory (their buffers as allocated) before they are spilled
/// to a sorted run in a working file: about 3 bytes a posting, so the 10,000-page
/// benchmark (5.8 million postings) spills two runs and the 100,000-page one about twenty,
/// while a site of a thousand pages never touches the disk. Issue 21 asks for a whole 100,000-page build in 400 MiB, and the postings
/// held are on top of the model while pages are written: at 32 MiB (a twelfth of that) the
/// 100k build's live heap climbed by up to 30 MiB between spills. A run costs a sort of
/// the terms held (about 1,300 on the benchmarks) and a [`Run::BUFFER`] while the index is
/// written, after the pages (twenty runs: 5 MiB). `VARDLOTS_SEARCH_SPILL` (bytes)
/// overrides it, for the tests and the benchmarks.
const SPILL_BYTES: usize = 8 << 20;

fn spill_budget() -> usize {
    std::env::var("VARDLOTS_SEARCH_SPILL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SPILL_BYTES)
}

/// Every term's postings: those in memory by term number, and the runs spilled so far.
struct Heads {
    stripes: Vec<Mutex<Vec<Head>>>,
    /// Bytes the stripes hold (buffers and slots), about: see [`SPILL_BYTES`].
    held: AtomicUsize,
    budget: usize,
    spilled: Mutex<Spilled>,
}

/// The postings spilled to a working file, in runs. A run holds, for each term that had
/// postings in memory when it was spilled, those postings ([`Head::bytes`], their document
/// distances counted from 0), the terms in key order: the index is written in key order,
/// so writing it reads every run once, front to back, while terms are numbered in the order
/// they were met. The term table is small (about a million terms at 100,000 pages) and
/// known when a run is spilled, so sorting a run by key costs little.
#[derive(Default)]
struct Spilled {
    scratch: Option<Scratch>,
    /// Where each run starts and ends in the working file.
    runs: Vec<(u64, u64)>,
    /// By term number: the postings spilled and the bits of their best score, for the
    /// scale of the impacts, which is known before the first entry is written.
    totals: Vec<(u32, u32)>,
}

/// A run's entry: term number, postings, best score's bits, bytes; then the bytes.
const RUN_HEADER: usize = 16;

/// A run's bytes are written to the working file in pieces of about this size.
const RUN_WRITE: usize = 1 << 20;

impl Heads {
    fn new() -> Heads {
        Heads {
            stripes: (0..STRIPES).map(|_| Mutex::new(Vec::new())).collect(),
            held: AtomicUsize::new(0),
            budget: spill_budget(),
            spilled: Mutex::new(Spilled::default()),
        }
    }

    /// Offers a chunk's postings, one lock per stripe, and empties `by_stripe`: the
    /// postings of the terms of stripe `s` are in `by_stripe[s]` (the thread's buffers, put
    /// there as each section is counted: grouping them afterwards, by a sort or a counting
    /// pass into a copy, was a twentieth of the index's instructions). Past the budget, the
    /// thread that notices spills a run.
    fn offer(
        &self,
        by_stripe: &mut [Vec<Posting>],
        interner: &RwLock<Interner>,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        let mut grown = 0;
        // Every term of these postings was numbered before now: each stripe is made long
        // enough for all the terms numbered so far once, not checked a posting.
        let slots = interner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .terms
            .len()
            .div_ceil(STRIPES);
        for (s, group) in by_stripe.iter_mut().enumerate() {
            if group.is_empty() {
                continue;
            }
            let mut heads = self.stripes[s].lock().unwrap_or_else(|p| p.into_inner());
            if heads.len() < slots {
                let before = heads.capacity();
                heads.resize_with(slots, Head::default);
                grown += (heads.capacity() - before) * std::mem::size_of::<Head>();
            }
            for &(t, d, w, score) in group.iter() {
                let head = &mut heads[t as usize / STRIPES];
                let before = head.bytes.capacity();
                head.offer(d, w, score);
                grown += head.bytes.capacity() - before;
            }
            drop(heads);
            group.clear();
        }
        if self.held.fetch_add(grown, Ordering::Relaxed) + grown > self.budget {
            self.spill(interner, sink)?;
        }
        Ok(())
    }

    /// Moves every posting in memory to a new run, sorted by key. One thread spills at a
    /// time; others go on adding postings meanwhile (they go to the next run).
    fn spill(&self, interner: &RwLock<Interner>, sink: &dyn Sink) -> Result<(), Error> {
        let mut spilled = match self.spilled.try_lock() {
            Ok(guard) => guard,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return Ok(()),
        };
        if self.held.load(Ordering::Relaxed) <= self.budget {
            return Ok(());
        }
        self.held.store(0, Ordering::Relaxed);
        let mut entries: Vec<(u32, Head)> = Vec::new();
        for (s, stripe) in self.stripes.iter().enumerate() {
            let taken = std::mem::take(&mut *stripe.lock().unwrap_or_else(|p| p.into_inner()));
            entries.extend(
                taken
                    .into_iter()
                    .enumerate()
                    .filter(|(_, h)| h.count > 0)
                    .map(|(slot, h)| ((slot * STRIPES + s) as u32, h)),
            );
        }
        {
            let interner = interner.read().unwrap_or_else(|p| p.into_inner());
            let terms = &interner.terms;
            entries.sort_unstable_by(|a, b| terms[a.0 as usize].cmp(&terms[b.0 as usize]));
        }
        let scratch = match &mut spilled.scratch {
            Some(scratch) => scratch,
            empty => empty.insert(sink.scratch()?),
        };
        let mut start = None;
        let mut end = 0;
        let mut buf: Vec<u8> = Vec::with_capacity(RUN_WRITE + RUN_HEADER);
        let mut totals: Vec<(u32, u32, u32)> = Vec::with_capacity(entries.len());
        let mut flush = |buf: &mut Vec<u8>| -> Result<(), Error> {
            let at = scratch.append(buf)?;
            start.get_or_insert(at);
            end = at + buf.len() as u64;
            buf.clear();
            Ok(())
        };
        for (t, head) in entries {
            for n in [t, head.count, head.best, head.bytes.len() as u32] {
                buf.extend_from_slice(&n.to_le_bytes());
            }
            buf.extend_from_slice(&head.bytes);
            totals.push((t, head.count, head.best));
            if buf.len() >= RUN_WRITE {
                flush(&mut buf)?;
            }
        }
        if !buf.is_empty() {
            flush(&mut buf)?;
        }
        if let Some(start) = start {
            spilled.runs.push((start, end));
        }
        for (t, count, best) in totals {
            let t = t as usize;
            if spilled.totals.len() <= t {
                spilled.totals.resize(t + 1, (0, 0));
            }
            let slot = &mut spilled.totals[t];
            *slot = (slot.0 + count, slot.1.max(best));
        }
        Ok(())
    }

    /// The postings still in memory, by term number, and the runs spilled.
    fn into_terms(self, terms: usize) -> (Vec<Head>, Spilled) {
        let mut out: Vec<Head> = Vec::with_capacity(terms);
        out.resize_with(terms, Head::default);
        for (s, stripe) in self.stripes.into_iter().enumerate() {
            let stripe = stripe.into_inner().unwrap_or_else(|p| p.into_inner());
            for (slot, head) in stripe.into_iter().enumerate() {
                if let Some(list) = out.get_mut(slot * STRIPES + s) {
                    *list = head;
                }
            }
        }
        let spilled = self.spilled.into_inner().unwrap_or_else(|p| p.into_inner());
        (out, spilled)
    }
}

/// One spilled run, read front to back while the index is written.
struct Run<'a> {
    reader: ScratchReader<'a>,
    /// The next entry's header, once read.
    next: Option<[u32; 4]>,
}

impl<'a> Run<'a> {
    /// Reads through a buffer of this many bytes per run.
    const BUFFER: usize = 256 << 10;

    fn new(scratch: &'a Scratch, (start, end): (u64, u64)) -> Result<Run<'a>, Error> {
        let mut run = Run {
            reader: scratch.reader(start, end, Run::BUFFER),
            next: None,
        };
        run.advance()?;
        Ok(run)
    }

    fn advance(&mut self) -> Result<(), Error> {
        self.next = None;
        if !self.reader.is_done() {
            let mut header = [0u8; RUN_HEADER];
            self.reader.read_exact(&mut header)?;
            let n = |i: usize| {
                u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]])
            };
            self.next = Some([n(0), n(4), n(8), n(12)]);
        }
        Ok(())
    }

    /// The postings of term `t` in this run, if it has any (the runs' terms come in the
    /// order they are asked for).
    fn take(&mut self, t: u32) -> Result<Option<Head>, Error> {
        let Some([term, count, best, len]) = self.next.filter(|h| h[0] == t) else {
            return Ok(None);
        };
        let mut bytes = vec![0u8; len as usize];
        self.reader.read_exact(&mut bytes)?;
        self.advance()?;
        debug_assert_eq!(term, t);
        Ok(Some(Head {
            bytes,
            last: 0,
            count,
            best,
        }))
    }
}

/// An index being built. Pages are added one at a time from any thread (the renderer hands
/// over each page as it is written, so the index reads what the resident sees while the
/// rest of the site renders); [`Builder::finish`] analyses the pages that were not handed
/// over, from their Markdown, and writes the shards, filters and manifest. Each page's text
/// lives only while it is analysed, and of each term only its postings are kept.
pub struct Builder {
    language: String,
    prefix: String,
    keep_plain: bool,
    generation: u64,
    interner: RwLock<Interner>,
    heads: Heads,
    /// Sections with at least one term, for the inverse document frequency.
    sections: AtomicU64,
    /// (document, terms in it) of every section with terms: a posting's score is computed
    /// from its count and this when the index is written.
    lengths: Mutex<Vec<(u32, u32)>>,
    added: Vec<AtomicBool>,
    /// Each page's plain text by page number, when the elasticlunr index is asked for.
    plain: Mutex<Vec<(usize, PlainPage)>>,
}

impl Builder {
    pub fn new(language: &str, prefix: &str, pages: usize, keep_plain: bool) -> Builder {
        Builder {
            language: language.to_string(),
            prefix: prefix.to_string(),
            keep_plain,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed) + 1,
            interner: RwLock::new(Interner::default()),
            heads: Heads::new(),
            sections: AtomicU64::new(0),
            lengths: Mutex::new(Vec::new()),
            added: (0..pages).map(|_| AtomicBool::new(false)).collect(),
            plain: Mutex::new(Vec::new()),
        }
    }

    /// Analyses page number `page` and writes its record; a page added twice counts once.
    pub fn add(&self, page: usize, doc: &Doc, sink: &dyn Sink) -> Result<(), Error> {
        match self.added.get(page) {
            Some(flag) if !flag.swap(true, Ordering::Relaxed) => {
                analyze_chunk(self, &[(page, doc)], sink)
            }
            _ => Ok(()),
        }
    }

    /// Analyses the pages not added yet (`docs` are all the pages, by number), then builds
    /// and writes the shards, the filters and the manifest.
    pub fn finish(
        self,
        docs: &[Doc],
        client: serde_json::Value,
        stop_words: &[&str],
        sink: &dyn Sink,
        plain: Option<&mut Plain>,
    ) -> Result<Stats, Error> {
        let missing: Vec<(usize, &Doc)> = docs
            .iter()
            .enumerate()
            .filter(|(n, _)| !self.added[*n].swap(true, Ordering::Relaxed))
            .collect();
        missing
            .par_chunks(16)
            .try_for_each(|pages| analyze_chunk(&self, pages, sink))?;
        if let Some(p) = plain {
            let mut all =
                std::mem::take(&mut *self.plain.lock().unwrap_or_else(|p| p.into_inner()));
            all.sort_by_key(|(n, _)| *n);
            p.extend(all.into_iter().map(|(_, x)| x));
        }
        let Builder {
            language,
            prefix,
            interner,
            heads,
            sections,
            lengths,
            ..
        } = self;
        let lengths = lengths.into_inner().unwrap_or_else(|p| p.into_inner());
        write_index(
            &language,
            &prefix,
            docs,
            interner,
            heads,
            (sections, lengths),
            client,
            stop_words,
            sink,
        )
    }
}

/// Analyses every page from its own text, builds the shards and writes them, the filters
/// and the manifest: [`Builder`] without pages handed over.
pub fn build(
    language: &str,
    docs: &[Doc],
    prefix: &str,
    client: serde_json::Value,
    stop_words: &[&str],
    sink: &dyn Sink,
    plain: Option<&mut Plain>,
) -> Result<Stats, Error> {
    Builder::new(language, prefix, docs.len(), plain.is_some())
        .finish(docs, client, stop_words, sink, plain)
}

/// Terms are encoded in batches, in key order, each batch in parallel: a batch closes after
/// this many terms or this many postings (a decoded list takes 8 bytes a posting while it is
/// sorted), so only a batch's postings are read back from the runs at a time. A site has few
/// terms (about 1,300 on the generated benchmark sites), so the postings bound: one batch of
/// every term held all 175 MB of postings at 100,000 pages.
const ENCODE_BATCH: usize = 4096;
/// The bytes bound as postings: 8 MiB of postings held at about 3 bytes each, as they were
/// held before a posting whose count is 1 took one varint (about 2 bytes): a bound in
/// bytes would now let a batch decode half as many postings again, and hold their lists.
const ENCODE_POSTINGS: usize = (8 << 20) / 3;

#[allow(clippy::too_many_arguments)]
fn write_index(
    language: &str,
    prefix: &str,
    docs: &[Doc],
    interner: RwLock<Interner>,
    heads: Heads,
    (sections, lengths): (AtomicU64, Vec<(u32, u32)>),
    client: serde_json::Value,
    stop_words: &[&str],
    sink: &dyn Sink,
) -> Result<Stats, Error> {
    let terms = interner
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .terms;

    // Terms in key order; each one's postings are those in memory and those of every run.
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    let (mut by_term, spilled) = heads.into_terms(terms.len());
    let totals: Vec<(u32, u32)> = by_term
        .iter()
        .enumerate()
        .map(|(t, h)| {
            let (count, best) = spilled.totals.get(t).copied().unwrap_or_default();
            (h.count + count, h.best.max(best))
        })
        .collect();
    let docs_n = sections.load(Ordering::Relaxed).max(1) as f64;
    let idf = |df: usize| {
        let df = df as f64;
        (1.0 + (docs_n - df + 0.5) / (df + 0.5)).ln()
    };
    // A posting's BM25 score is its term's idf times its section score, so the site's best
    // is the best of each term's best (idf > 0): no list of scores is made.
    let max_score = totals
        .par_iter()
        .filter(|&&(count, _)| count > 0)
        .map(|&(count, best)| idf(count as usize) * f32::from_bits(best) as f64)
        .reduce(|| 0.0, f64::max);
    let scale = (1.0 + max_score).ln().max(f64::MIN_POSITIVE);
    let postings = totals.iter().map(|&(count, _)| count as usize).sum();
    let norms = Norms::new(docs.len(), &lengths);
    drop(lengths);
    let impacts = Impacts::new(scale);
    // Bytes of the highest document number (at most 3: see MAX_PAGES).
    let doc_bytes =
        ((u32::BITS - ((docs.len() as u32) << SECTION_BITS).leading_zeros()).div_ceil(8) as usize)
            .min(3);

    let mut runs = match &spilled.scratch {
        Some(scratch) => spilled
            .runs
            .iter()
            .map(|&run| Run::new(scratch, run))
            .collect::<Result<Vec<_>, Error>>()?,
        None => Vec::new(),
    };
    let runs_spilled = spilled.runs.len();
    let mut tails = Tails::new(spilled.scratch.as_ref());
    let mut shards = Shards::default();
    let mut batch_start = 0;
    while batch_start < order.len() {
        // A batch ends where a key does (a key's variants go into its shard entry together),
        // once it holds enough postings or terms.
        let mut lists: Vec<Vec<Head>> = Vec::new();
        let mut held = 0;
        let mut batch_end = batch_start;
        while batch_end < order.len() {
            let t = order[batch_end];
            let full = held >= ENCODE_POSTINGS || batch_end - batch_start >= ENCODE_BATCH;
            if full && terms[t as usize].key != terms[order[batch_end - 1] as usize].key {
                break;
            }
            let mut parts = vec![std::mem::take(&mut by_term[t as usize])];
            for run in &mut runs {
                parts.extend(run.take(t)?);
            }
            held += parts.iter().map(|h| h.count as usize).sum::<usize>();
            lists.push(parts);
            batch_end += 1;
        }
        let batch = &order[batch_start..batch_end];
        batch_start = batch_end;
        // Each term's entry bytes, in parallel: the head inline, the rest (the tail) apart.
        // Each term's postings are freed once encoded.
        let encoded: Vec<(Vec<u8>, Vec<u8>, usize)> = lists
            .into_par_iter()
            .zip(batch.par_iter())
            .map_init(Vec::new, |scratch, (parts, &t)| {
                let term = &terms[t as usize];
                let df = totals[t as usize].0 as usize;
                let idf = idf(df);
                // Best impact first, then by document: packed into one number (a document
                // takes 24 bits, see MAX_PAGES) so the sort is of integers.
                let mut list: Vec<u32> = Vec::with_capacity(df);
                for head in parts {
                    head.each(|d, w| {
                        let score = idf * norms.score(d, w) as f64;
                        let impact = impacts.of(score);
                        list.push((u32::from(255 - impact) << DOC_BITS) | d);
                    });
                }
                sort_postings(&mut list, scratch, doc_bytes);
                let mut out = Vec::new();
                let exact = if term.exact == term.key {
                    ""
                } else {
                    &term.exact
                };
                varint(&mut out, exact.len() as u64);
                out.extend_from_slice(exact.as_bytes());
                varint(&mut out, df as u64);
                let cut = df.min(HEAD_POSTINGS);
                blocks(&mut out, &list[..cut]);
                let mut tail = Vec::new();
                if cut < df {
                    blocks(&mut tail, &list[cut..]);
                }
                (out, tail, df - cut)
            })
            .collect();
        // Tails in key order, packed into files of about SHARD_BYTES (a long tail alone);
        // each variant ends with where its tail is: count, and if any, file, offset and
        // length.
        let mut variants: Vec<Vec<u8>> = Vec::with_capacity(encoded.len());
        for (mut out, tail, count) in encoded {
            varint(&mut out, count as u64);
            if count > 0 {
                let (file, offset) = tails.add(&tail)?;
                varint(&mut out, file as u64);
                varint(&mut out, offset as u64);
                varint(&mut out, tail.len() as u64);
            }
            variants.push(out);
        }
        let mut i = 0;
        while i < batch.len() {
            let key = terms[batch[i] as usize].key.as_str();
            let mut j = i + 1;
            while j < batch.len() && terms[batch[j] as usize].key == key {
                j += 1;
            }
            shards.add(key, &variants[i..j]);
            i = j;
        }
    }
    drop(runs);
    let Shards {
        mut shards,
        first_keys,
        shard,
        ..
    } = shards;
    if !shard.is_empty() {
        shards.push(shard);
    }

    // The hash covers the shards, then the tails: the tails are read back (from the working
    // file when the postings spilled) once the shards are known, hashed and written.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for s in &shards {
        hasher.update(s);
    }
    let shard_bytes = shards.iter().map(Vec::len).sum();
    shards
        .par_iter()
        .enumerate()
        .try_for_each(|(n, s)| sink.put(&format!("{prefix}s/{n}.bin"), s))?;
    drop(shards);
    tails.write(prefix, &mut hasher, sink)?;
    let hash = format!("{:08x}", hasher.digest() & 0xffff_ffff);

    let mut kinds: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut places: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (n, d) in docs.iter().enumerate() {
        kinds.entry(d.kind).or_default().push(n);
        if let Some(m) = &d.municipality {
            places.entry(m).or_default().push(n);
        }
    }
    let gaps = |ids: &Vec<usize>| {
        let mut prev = 0;
        ids.iter()
            .map(|&i| {
                let g = i - prev;
                prev = i;
                g
            })
            .collect::<Vec<_>>()
    };
    let filters = json!({
        "kind": kinds.iter().map(|(k, v)| (k.to_string(), json!(gaps(v)))).collect::<serde_json::Map<_, _>>(),
        "municipality": places.iter().map(|(k, v)| (k.to_string(), json!(gaps(v)))).collect::<serde_json::Map<_, _>>(),
    });
    sink.put(&format!("{prefix}filters.json"), &to_json(&filters))?;
    let manifest = json!({
        "version": 2,
        "language": language,
        "hash": hash,
        "pages": docs.len(),
        "scale": (scale * 1e6).round() / 1e6,
        "sectionBits": SECTION_BITS,
        "shards": first_keys,
        "stop": stop_words,
        "kinds": kinds.keys().collect::<Vec<_>>(),
        "municipalities": places.keys().collect::<Vec<_>>(),
    });
    // What the client needs beside the index: its words, the vocabulary.
    let mut manifest = manifest;
    if let (Some(m), serde_json::Value::Object(extra)) = (manifest.as_object_mut(), client) {
        m.extend(extra);
    }
    sink.put(&format!("{prefix}manifest.json"), &to_json(&manifest))?;
    Ok(Stats {
        pages: docs.len(),
        terms: terms.len(),
        postings,
        shards: first_keys.len(),
        shard_bytes,
        runs: runs_spilled,
    })
}

/// The shards as they fill, in key order.
#[derive(Default)]
struct Shards {
    shards: Vec<Vec<u8>>,
    first_keys: Vec<String>,
    shard: Vec<u8>,
    prev_key: String,
}

impl Shards {
    /// Adds a key's entry (its variants' bytes); closes the shard past [`SHARD_BYTES`].
    fn add(&mut self, key: &str, variants: &[Vec<u8>]) {
        if self.shard.is_empty() {
            self.first_keys.push(key.to_string());
            self.prev_key.clear();
        }
        let shard = &mut self.shard;
        let shared = common_prefix(&self.prev_key, key);
        varint(shard, shared as u64);
        varint(shard, (key.len() - shared) as u64);
        shard.extend_from_slice(&key.as_bytes()[shared..]);
        let mut entry = Vec::new();
        varint(&mut entry, variants.len() as u64);
        for v in variants {
            entry.extend_from_slice(v);
        }
        varint(shard, entry.len() as u64);
        shard.extend_from_slice(&entry);
        self.prev_key.clear();
        self.prev_key.push_str(key);
        if self.shard.len() >= SHARD_BYTES {
            self.shards.push(std::mem::take(&mut self.shard));
        }
    }
}

/// The tail files as they fill, in key order: in memory, or in the working file when the
/// postings spilled (a site large enough to spill has tails of tens of megabytes).
struct Tails<'a> {
    scratch: Option<&'a Scratch>,
    /// The files closed so far: their bytes, or where they are in the working file.
    closed: Vec<Result<Vec<u8>, (u64, usize)>>,
    current: Vec<u8>,
}

/// Tail files are read back and written this many at a time, in parallel.
const TAILS_AT_ONCE: usize = 64;

impl<'a> Tails<'a> {
    fn new(scratch: Option<&'a Scratch>) -> Tails<'a> {
        Tails {
            scratch,
            closed: Vec::new(),
            current: Vec::new(),
        }
    }

    /// Adds a term's tail; returns its file and offset.
    fn add(&mut self, tail: &[u8]) -> Result<(usize, usize), Error> {
        if !self.current.is_empty() && self.current.len() + tail.len() > SHARD_BYTES {
            self.close()?;
        }
        let at = (self.closed.len(), self.current.len());
        self.current.extend_from_slice(tail);
        Ok(at)
    }

    fn close(&mut self) -> Result<(), Error> {
        let bytes = std::mem::take(&mut self.current);
        let closed = match self.scratch {
            Some(scratch) => Err((scratch.append(&bytes)?, bytes.len())),
            None => Ok(bytes),
        };
        self.closed.push(closed);
        Ok(())
    }

    /// Writes every tail file (`t/<n>.bin`), hashing them in order.
    fn write(
        mut self,
        prefix: &str,
        hasher: &mut xxhash_rust::xxh3::Xxh3,
        sink: &dyn Sink,
    ) -> Result<(), Error> {
        if !self.current.is_empty() {
            self.close()?;
        }
        let mut n = 0;
        for group in self.closed.chunks_mut(TAILS_AT_ONCE) {
            let mut files = Vec::with_capacity(group.len());
            for closed in group {
                let bytes = match std::mem::replace(closed, Ok(Vec::new())) {
                    Ok(bytes) => bytes,
                    Err((offset, len)) => {
                        let mut bytes = vec![0u8; len];
                        if let Some(scratch) = self.scratch {
                            scratch.read_at(offset, &mut bytes)?;
                        }
                        bytes
                    }
                };
                hasher.update(&bytes);
                files.push((n, bytes));
                n += 1;
            }
            files
                .par_iter()
                .try_for_each(|(n, s)| sink.put(&format!("{prefix}t/{n}.bin"), s))?;
        }
        Ok(())
    }
}

/// Bits of a packed posting's document number (see [`MAX_PAGES`]); the impact is above them.
const DOC_BITS: u32 = 24;
const DOC_MASK: u32 = (1 << DOC_BITS) - 1;

/// Lists shorter than this are sorted by comparison: a radix sort's four counts of 256
/// buckets cost more than comparing a few dozen numbers.
const RADIX_FROM: usize = 64;

/// Sorts packed postings (`(255 − impact) << 24 | document`) ascending: best impact first,
/// then by document. A term of a large site has thousands of postings in no useful order
/// (pages come from several threads), and sorting them by comparison was about a twelfth
/// of the index's instructions; a least-significant-digit radix sort reads them five times,
/// skipping the bytes all postings share (a site of fewer than 1,024 pages has documents of
/// two bytes). `scratch` is the second buffer the passes move them between.
fn sort_postings(list: &mut Vec<u32>, scratch: &mut Vec<u32>, doc_bytes: usize) {
    let n = list.len();
    if n < RADIX_FROM {
        list.sort_unstable();
        return;
    }
    // The document bytes that are 0 in every posting (`doc_bytes` covers the site's
    // highest document number) are not counted.
    let mut counts = [[0u32; 256]; 4];
    counts[doc_bytes..3]
        .iter_mut()
        .for_each(|c| c[0] = n as u32);
    match doc_bytes {
        0 => count_bytes::<0>(list, &mut counts),
        1 => count_bytes::<1>(list, &mut counts),
        2 => count_bytes::<2>(list, &mut counts),
        _ => count_bytes::<3>(list, &mut counts),
    }
    scratch.clear();
    scratch.resize(n, 0);
    for (b, c) in counts.iter().enumerate() {
        let shift = 8 * b as u32;
        if c[(list[0] >> shift) as u8 as usize] as usize == n {
            continue;
        }
        let mut next = [0u32; 256];
        let mut sum = 0;
        for (slot, &count) in next.iter_mut().zip(c) {
            *slot = sum;
            sum += count;
        }
        for &k in list.iter() {
            let d = (k >> shift) as u8 as usize;
            scratch[next[d] as usize] = k;
            next[d] += 1;
        }
        std::mem::swap(list, scratch);
    }
}

/// Counts the bytes of `list`'s numbers by value: the first `DOC` (of the document) and the
/// impact's.
#[inline]
fn count_bytes<const DOC: usize>(list: &[u32], counts: &mut [[u32; 256]; 4]) {
    for &k in list {
        for (b, c) in counts.iter_mut().enumerate().take(DOC) {
            c[(k >> (8 * b)) as u8 as usize] += 1;
        }
        counts[3][(k >> 24) as usize] += 1;
    }
}

/// Postings, best first, each `(255 − impact) << 24 | document`, as blocks of one impact: the
/// impact (one byte), the count, and the documents as gaps (the first one absolute).
fn blocks(out: &mut Vec<u8>, packed: &[u32]) {
    // The number of blocks comes first but is known at the end: a byte is kept for it and
    // the blocks moved up in the rare case that it takes more (counting the blocks in a
    // pass of their own was about a fifth of the cost of writing them).
    let at = out.len();
    out.push(0);
    let mut n = 0u64;
    for block in packed.chunk_by(|x, y| x >> DOC_BITS == y >> DOC_BITS) {
        n += 1;
        out.push(255 - (block[0] >> DOC_BITS) as u8);
        varint(out, block.len() as u64);
        let mut prev = 0u32;
        for &p in block {
            let d = p & DOC_MASK;
            varint(out, u64::from(d - prev));
            prev = d;
        }
    }
    if n < 0x80 {
        out[at] = n as u8;
    } else {
        let mut count = Vec::new();
        varint(&mut count, n);
        out.splice(at..=at, count);
    }
}

fn to_json(v: &serde_json::Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(v).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// A score as one byte on a log scale: 1 (lowest) to 255 (the best posting of the site).
fn impact(score: f64, scale: f64) -> u8 {
    (1.0 + 254.0 * (1.0 + score).ln() / scale)
        .round()
        .clamp(1.0, 255.0) as u8
}

/// A page's record (`r/<page>.json`): `{"kind":…,"municipality":…,"path":…,"sections":[[anchor,
/// heading,excerpt],…],"title":…}` and a line break, written by hand into `out` as
/// `serde_json` wrote it (compact, the fields in the order `json!` sorted them), so the files
/// did not change: the fields are known strings, and serde_json's serialiser was a fortieth
/// of the index's instructions. An excerpt is its text and whether "…" follows (see
/// [`text::excerpt_cut`]).
fn write_record<'s>(
    out: &mut Vec<u8>,
    doc: &Doc,
    sections: impl Iterator<Item = (&'s str, &'s str, (&'s str, bool))>,
) {
    out.extend_from_slice(b"{\"kind\":");
    json_str(out, doc.kind);
    out.extend_from_slice(b",\"municipality\":");
    match doc.municipality.as_deref() {
        Some(m) => json_str(out, m),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"path\":");
    json_str(out, doc.path);
    out.extend_from_slice(b",\"sections\":[");
    for (n, (anchor, heading, (excerpt, cut))) in sections.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.push(b'[');
        json_str(out, anchor);
        out.push(b',');
        json_str(out, heading);
        out.push(b',');
        json_str(out, excerpt);
        if cut {
            // Inside the string's quotes: "…" needs no escaping.
            out.pop();
            out.extend_from_slice("…\"".as_bytes());
        }
        out.push(b']');
    }
    out.extend_from_slice(b"],\"title\":");
    json_str(out, doc.title);
    out.extend_from_slice(b"}\n");
}

/// A JSON string as `serde_json` writes it: `"` and `\\` escaped, the control characters
/// as `\n`, `\t` … or `\u00xx`, everything else (non-ASCII included) as it is.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    // Sixteen bytes are checked at once (a test without an early exit, which the compiler
    // turns into vector instructions): most excerpts have nothing to escape.
    let special = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16)
            && !chunk.iter().fold(false, |any, &b| any | special(b))
        {
            i += 16;
            continue;
        }
        let b = bytes[i];
        i += 1;
        if !special(b) {
            continue;
        }
        let i = i - 1;
        out.extend_from_slice(&bytes[start..i]);
        start = i + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(b >> 4)]);
                out.push(HEX[usize::from(b & 0xf)]);
            }
        }
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// At index `j`, the least score whose impact is `j + 1` or more (and infinity last): [`impact`]
/// grows with the score, so a score's impact is the number of these at or below it. A
/// search of this table replaces a logarithm and a rounding per posting (those were a
/// twentieth of the index's instructions), and gives the same byte.
fn impact_bounds(scale: f64) -> [f64; 256] {
    let mut bounds = [f64::INFINITY; 256];
    bounds[0] = 0.0;
    for k in 2..=255u8 {
        // Non-negative floats order as their bits do: bisect the bits.
        let (mut lo, mut hi) = (0u64, f64::INFINITY.to_bits());
        if impact(f64::from_bits(hi), scale) < k {
            continue;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if impact(f64::from_bits(mid), scale) >= k {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        bounds[usize::from(k) - 1] = f64::from_bits(lo);
    }
    bounds
}

/// [`impact`] of a non-negative score, from its table: eight steps without branches.
#[inline]
fn impact_in(bounds: &[f64; 256], score: f64) -> u8 {
    let mut base = 0usize;
    let mut step = 128;
    while step > 0 {
        if bounds[base + step - 1] <= score {
            base += step;
        }
        step /= 2;
    }
    base as u8
}

/// [`impact`] by table: [`impact_bounds`], and for each stretch of scores that share their
/// float's exponent and first [`Impacts::MANTISSA`] bits of mantissa, the impact of the
/// stretch's least score. A score's impact is then its stretch's, raised while the next bound
/// is at or below it: a stretch is narrower than an impact's step on any but a tiny scale, so
/// that is one comparison or two, where [`impact_in`]'s eight steps for each of the index's
/// postings were a fortieth of its instructions. The same byte as [`impact`], always.
struct Impacts {
    bounds: [f64; 256],
    /// The stretch of the least score above impact 1, and the stretches' impacts from it on.
    first: u64,
    table: Vec<u8>,
}

impl Impacts {
    /// Bits of mantissa a stretch shares: 512 stretches from one power of two to the next,
    /// so the stretch is under a fifth of a percent of its scores and the table, from the
    /// least score above impact 1 (about `scale / 508`) to the greatest bound (about the
    /// site's best score), some thousands of bytes.
    const MANTISSA: u32 = 9;
    const SHIFT: u32 = 52 - Impacts::MANTISSA;
    /// A table longer than this (a scale no real index has) is not built.
    const MAX_TABLE: u64 = 1 << 16;

    fn new(scale: f64) -> Impacts {
        let bounds = impact_bounds(scale);
        let first = bounds[1].to_bits() >> Impacts::SHIFT;
        let last = bounds[1..255]
            .iter()
            .rev()
            .find(|b| b.is_finite())
            .map_or(first, |b| b.to_bits() >> Impacts::SHIFT);
        let table = if bounds[1].is_finite() && last - first < Impacts::MAX_TABLE {
            (first..=last)
                .map(|stretch| impact_in(&bounds, f64::from_bits(stretch << Impacts::SHIFT)))
                .collect()
        } else {
            Vec::new()
        };
        Impacts {
            bounds,
            first,
            table,
        }
    }

    #[inline]
    fn of(&self, score: f64) -> u8 {
        // Below impact 2, and anything not a finite non-negative score, by the search (the
        // last bound is infinite, so a finite score's walk stops at 255).
        if !(score >= self.bounds[1] && score < f64::INFINITY) || self.table.is_empty() {
            return impact_in(&self.bounds, score);
        }
        let stretch = ((score.to_bits() >> Impacts::SHIFT) - self.first) as usize;
        let mut impact = usize::from(self.table[stretch.min(self.table.len() - 1)]);
        while self.bounds[impact] <= score {
            impact += 1;
        }
        impact as u8
    }
}

/// Counts one page's terms section by section and turns each finished section into scored
/// postings.
struct Counter<'a> {
    counts: &'a mut Tally,
    len: u32,
    section: usize,
    page: usize,
    /// By stripe (see [`Heads::offer`]).
    postings: &'a mut [Vec<Posting>],
    lengths: &'a mut Vec<(u32, u32)>,
    filled: &'a mut u64,
}

impl Counter<'_> {
    #[inline]
    fn add(&mut self, id: u32, w: u16, title: bool) {
        let c = self.counts.slot(id);
        // Summed in 31 bits (a section would need hundreds of millions of words to reach
        // the flag) and capped to a posting's 15 when the section is done.
        *c += u32::from(w);
        if title {
            *c |= Tally::TITLE;
        }
        self.len += 1;
    }

    /// Words now come from section `n`: the one before is done.
    #[inline]
    fn switch(&mut self, n: usize) {
        if n != self.section {
            self.flush();
            self.section = n;
        }
    }

    fn flush(&mut self) {
        if self.len > 0 {
            *self.filled += 1;
            let d = ((self.page << SECTION_BITS) | self.section) as u32;
            let norm = norm(self.len);
            let once = section_score(W_BODY, norm);
            self.lengths.push((d, self.len));
            for (t, w) in self.counts.iter() {
                // Most postings are a word read once in the text: that score is computed
                // once a section (a division less a posting).
                let score = if w == W_BODY {
                    once
                } else {
                    section_score(w, norm)
                };
                self.postings[t as usize % STRIPES].push((t, d, w, score));
            }
        }
        self.counts.clear();
        self.len = 0;
    }
}

/// A section's weighted term counts by term number: an array with the list of the numbers
/// touched, so a count is one indexed add rather than a hash-map entry per token (the map was
/// a twelfth of the index's instructions).
#[derive(Default)]
struct Tally {
    /// The weighted count, [`Tally::TITLE`] set when the page's title has the term.
    counts: Vec<u32>,
    touched: Vec<u32>,
}

impl Tally {
    const TITLE: u32 = 1 << 31;

    /// The count of term `id`, which [`term_id_miss`] made room for on this thread (the
    /// word cache and the counts are the same thread's [`ThreadBuffers`]).
    #[inline]
    fn slot(&mut self, id: u32) -> &mut u32 {
        let i = id as usize;
        if self.counts[i] == 0 {
            self.touched.push(id);
        }
        &mut self.counts[i]
    }

    /// The terms counted and their weighted counts as a posting holds them (see
    /// [`IN_TITLE`]).
    fn iter(&self) -> impl Iterator<Item = (u32, u16)> + '_ {
        self.touched.iter().map(|&t| {
            let c = self.counts[t as usize];
            // Nearly every count is below the cap and not in the title: as it is.
            let w = if c < u32::from(IN_TITLE) {
                c as u16
            } else {
                (c & !Tally::TITLE).min(u32::from(IN_TITLE - 1)) as u16
                    | ((c >> 16) as u16 & IN_TITLE)
            };
            (t, w)
        })
    }

    fn clear(&mut self) {
        for &t in &self.touched {
            self.counts[t as usize] = 0;
        }
        self.touched.clear();
    }
}

/// BM25 against a fixed typical section length rather than the site's average, so a
/// posting's score is known as soon as its section is read and only the best need be kept.
const TYPICAL_SECTION_TERMS: f64 = 80.0;

fn analyze_chunk(shared: &Builder, chunk: &[(usize, &Doc)], sink: &dyn Sink) -> Result<(), Error> {
    // This index's cache and buffers, taken out while the pages are analysed (the most
    // recently used last); those of an earlier build are reused with their words cleared.
    let mut buffers = WORDS.with(|c| {
        let mut list = c.borrow_mut();
        match list.iter().position(|w| w.generation == shared.generation) {
            Some(i) => list.remove(i),
            None if list.len() >= CACHED_INDEXES => {
                list.remove(0);
                ThreadBuffers::new(shared.generation)
            }
            None => ThreadBuffers::new(shared.generation),
        }
    });
    let result = analyze_pages(shared, chunk, sink, &mut buffers);
    WORDS.with(|c| c.borrow_mut().push(buffers));
    result
}

/// A page's tokens on their way to the counts: the word cache, the terms, the counter.
struct Reader<'a, 'c> {
    language: &'a str,
    words: &'a mut WordCache,
    interner: &'a RwLock<Interner>,
    counter: Counter<'c>,
}

impl Reader<'_, '_> {
    #[inline]
    fn add(&mut self, token: Token, w: u16, title: bool) {
        let counts = &mut *self.counter.counts;
        if let Some(id) = term_id(token, self.language, self.words, self.interner, counts) {
            self.counter.add(id, w, title);
        }
    }

    /// Every token of a text that is not a page (title, description, tags, a unit's facts).
    fn add_text(&mut self, text: &str, w: u16, title: bool) {
        for t in tokens(text) {
            self.add(Token::new(t.as_bytes()), w, title);
        }
    }
}

/// A page's text as [`text::scan_runs`] hands it over: the section is switched once a run of
/// text, and every token of the run counted with the run's weight.
struct ReaderWords<'r, 'a, 'c> {
    r: &'r mut Reader<'a, 'c>,
    w: u16,
}

impl text::Words for ReaderWords<'_, '_, '_> {
    #[inline]
    fn run(&mut self, section: usize, heading: bool) {
        self.r.counter.switch(section.min(MAX_SECTION));
        self.w = if heading { W_HEADING } else { W_BODY };
    }

    #[inline]
    fn token(&mut self, token: Token) {
        self.r.add(token, self.w, false);
    }
}

fn analyze_pages(
    shared: &Builder,
    chunk: &[(usize, &Doc)],
    sink: &dyn Sink,
    buffers: &mut ThreadBuffers,
) -> Result<(), Error> {
    let language = shared.language.as_str();
    let prefix = shared.prefix.as_str();
    let keep_plain = shared.keep_plain;
    let interner = &shared.interner;
    let mut plain = Vec::new();
    let mut filled = 0;
    let ThreadBuffers {
        words,
        counts,
        record: record_bytes,
        postings,
        lengths,
        ..
    } = buffers;
    // Left from a chunk that failed, if any.
    postings.iter_mut().for_each(Vec::clear);
    lengths.clear();
    for &(page, doc) in chunk {
        let mut r = Reader {
            language,
            words,
            interner,
            counter: Counter {
                counts,
                len: 0,
                section: 0,
                page,
                postings,
                lengths,
                filled: &mut filled,
            },
        };
        r.add_text(doc.title, W_TITLE, true);
        for text in doc.tags.iter().chain([doc.description]) {
            r.add_text(text, W_META, false);
        }
        if let Some(m) = &doc.municipality {
            r.add_text(m, W_META, false);
        }
        let keep = if keep_plain {
            usize::MAX
        } else {
            EXCERPT_CHARS + EXCERPT_CHARS / 2
        };
        let mut read = |html: &[u8], part| {
            text::scan_runs(
                html,
                part,
                keep,
                ReaderWords {
                    r: &mut r,
                    w: W_BODY,
                },
            )
        };
        let mut sections = match &doc.body {
            Body::Page(page) => read(page, text::Part::Region),
            Body::Html(html) => read(html.as_bytes(), text::Part::Whole),
            Body::Text(t) => {
                r.add_text(t, W_BODY, false);
                vec![Section {
                    text: t.clone(),
                    ..Section::default()
                }]
            }
        };
        r.counter.flush();
        // Sections beyond the last number joined it in the index; the record keeps its
        // anchor and heading.
        sections.truncate(MAX_SECTION + 1);
        let excerpt0 = if doc.description.is_empty() {
            text::excerpt_cut(&sections[0].text, EXCERPT_CHARS)
        } else {
            (doc.description, false)
        };
        record_bytes.clear();
        write_record(
            record_bytes,
            doc,
            std::iter::once(("", "", excerpt0)).chain(sections.iter().skip(1).map(|s| {
                (
                    s.anchor.as_str(),
                    s.heading.as_str(),
                    text::excerpt_cut(&s.text, EXCERPT_CHARS),
                )
            })),
        );
        sink.put(&format!("{prefix}r/{page}.json"), record_bytes)?;
        if keep_plain {
            let body: Vec<&str> = sections
                .iter()
                .flat_map(|s| [s.heading.as_str(), s.text.as_str()])
                .filter(|t| !t.is_empty())
                .collect();
            plain.push((
                page,
                (doc.path.to_string(), doc.title.to_string(), body.join(" ")),
            ));
        }
    }
    shared.heads.offer(postings, interner, sink)?;
    shared
        .lengths
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .extend_from_slice(lengths);
    shared.sections.fetch_add(filled, Ordering::Relaxed);
    if !plain.is_empty() {
        shared
            .plain
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .append(&mut plain);
    }
    Ok(())
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut n = 0;
    for ((i, x), y) in a.char_indices().zip(b.chars()) {
        if x != y {
            return i;
        }
        n = i + x.len_utf8();
    }
    n
}

#[inline]
pub fn varint(out: &mut Vec<u8>, v: u64) {
    if v < 0x80 {
        out.push(v as u8);
    } else {
        varint_long(out, v);
    }
}

/// [`varint`] of a number of two bytes or more: inlined too, as most of a block's gaps are.
#[inline]
fn varint_long(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// FxHash (rustc's): the maps here are keyed by short words and term numbers, where
/// SipHash's protection against crafted keys buys nothing and costs a third of the analysis.
pub type FxMap<K, V> = rustc_hash::FxHashMap<K, V>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_prefix_is_whole_characters() {
        assert_eq!(common_prefix("hälsa", "hälso"), "häls".len());
        assert_eq!(common_prefix("ä", "å"), 0);
    }

    #[test]
    fn impact_bounds_give_the_impact() {
        for scale in [0.5, 3.7, 12.0] {
            let bounds = impact_bounds(scale);
            for i in 0..20_000 {
                let score = i as f64 * 0.0007 * scale.exp();
                let fast = impact_in(&bounds, score);
                assert_eq!(fast, impact(score, scale), "{score} {scale}");
            }
        }
    }

    #[test]
    fn postings_come_back_as_offered() {
        let mut head = Head::default();
        let offered = [
            (5u32, 1u16),
            (3, 2 | IN_TITLE),
            (70_000, 300),
            (0, IN_TITLE - 1),
        ];
        for &(d, w) in &offered {
            head.offer(d, w, 0.5);
        }
        let mut back = Vec::new();
        head.each(|d, w| back.push((d, w)));
        assert_eq!(back, offered);
        assert_eq!(head.best, 0.5f32.to_bits());
    }

    #[test]
    fn short_words_find_what_was_put() {
        let mut words = ShortWords::default();
        assert_eq!(words.get(7), None);
        for k in 1..5_000u128 {
            words.insert((k << 64) | (k * 31), k as u32);
        }
        words.insert((3 << 64) | 93, 9);
        for k in 1..5_000u128 {
            let expected = if k == 3 { 9 } else { k as u32 };
            assert_eq!(words.get((k << 64) | (k * 31)), Some(expected));
        }
        assert_eq!(words.get((5_000 << 64) | (5_000 * 31)), None);
        assert_eq!(words.len, 4_999);
    }

    #[test]
    fn the_impact_table_gives_the_impact() {
        for scale in [1e-9, 0.004, 0.5, 3.7, 12.0, 300.0] {
            let impacts = Impacts::new(scale);
            let top = scale.exp() * 2.0;
            for i in 0..50_000 {
                let score = top * (i as f64 / 50_000.0).powi(3);
                assert_eq!(impacts.of(score), impact(score, scale), "{score} {scale}");
            }
            for score in [0.0, f64::MIN_POSITIVE, 1e300, f64::INFINITY] {
                assert_eq!(impacts.of(score), impact(score, scale), "{score} {scale}");
            }
        }
    }

    #[test]
    fn postings_sort_as_numbers() {
        let mut scratch = Vec::new();
        for n in [0usize, 5, 63, 64, 1_000, 20_000] {
            let mut x = 0x2545_f491u32;
            let mut list: Vec<u32> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 17;
                    x ^= x << 5;
                    // Few impacts and documents of two bytes, as on a small site.
                    let doc = if n > 1_000 { x >> 8 } else { x >> 16 };
                    ((x % 7) << DOC_BITS) | doc
                })
                .collect();
            let mut expected = list.clone();
            expected.sort_unstable();
            // The document bytes a site of this size has.
            sort_postings(&mut list, &mut scratch, if n > 1_000 { 3 } else { 2 });
            assert_eq!(list, expected, "{n}");
        }
    }

    #[test]
    fn records_are_written_as_serde_json_wrote_them() {
        let odd = "a\"b\\c\n\r\t\u{8}\u{c}\u{1}\u{1f}\u{7f} é ✓ </script>";
        let tags = crate::page::Texts::default();
        for municipality in [None, Some(odd.to_string())] {
            let doc = Doc {
                path: "/sv/x/",
                title: odd,
                kind: "sida",
                municipality: municipality.clone(),
                description: "",
                tags: &tags,
                body: Body::Text(String::new()),
            };
            let sections = [("", "", (odd, true)), ("id", odd, ("text", false))];
            let mut ours = Vec::new();
            write_record(&mut ours, &doc, sections.iter().copied());
            let mut expected = serde_json::to_vec(&json!({
                "kind": "sida",
                "municipality": municipality,
                "path": "/sv/x/",
                "sections": sections
                    .iter()
                    .map(|&(a, h, (e, cut))| json!([a, h, if cut { format!("{e}…") } else { e.to_string() }]))
                    .collect::<Vec<_>>(),
                "title": odd,
            }))
            .unwrap_or_default();
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&expected)
            );
        }
    }

    #[test]
    fn varints() {
        let mut v = Vec::new();
        varint(&mut v, 300);
        assert_eq!(v, [0xac, 0x02]);
    }
}
