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
//! - `filters.json`: the pages of each kind and each municipality, fetched only when a filter
//!   is used.
//!
//! # Shard format
//!
//! Unsigned LEB128 varints throughout. For each key, in key order:
//! `shared` (bytes of the key shared with the previous key in the shard), `suffix length`,
//! the suffix (UTF-8), `entry length` (bytes of what follows, so a client scanning keys skips
//! it), `variants`, and per variant: `exact length` and the exact stem (empty when it equals
//! the key), `df` (sections holding it, before pruning), `blocks`, and per block the impact
//! (one byte), `count`, and the document numbers as gaps (first one absolute).
//!
//! A document number is `page << 6 | section`: section 0 is a page's title, description and
//! text before its first `<h2>`, sections 1–63 its `<h2>` sections. The client scores pages
//! (the best section per term) and links to the best section.
//!
//! # Scoring and pruning
//!
//! Each posting carries a BM25 score (title ×5, description and tags ×2, heading ×3), stored
//! as one byte on a log scale. Postings are impact-ordered and each term keeps its best
//! [`HEAD_POSTINGS`]: a word on every page of a 10,000-page site would otherwise cost tens of
//! kilobytes to search for, and a resident reads the first results, not the thousandth.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use rayon::prelude::*;
use serde_json::json;

use super::analyze::{Term, with_analyzer};
use super::text::{self, Section};
use crate::error::Error;
use crate::output::Sink;

/// Sections per page that get their own document number; later ones join the last.
const SECTION_BITS: u32 = 6;
const MAX_SECTION: usize = (1 << SECTION_BITS) - 1;
/// Pages the document numbers can address (24 bits of a packed posting).
pub const MAX_PAGES: usize = 1 << (24 - SECTION_BITS);
/// A shard is closed after this many bytes (about 16 KB once compressed by the server;
/// gaps and impacts compress little).
pub const SHARD_BYTES: usize = 16 * 1024;
/// The postings each term keeps, best first.
pub const HEAD_POSTINGS: usize = 400;
/// Characters of a section's text kept for result excerpts.
const EXCERPT_CHARS: usize = 200;

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
    pub tags: &'a [String],
    pub body: Body<'a>,
}

pub enum Body<'a> {
    /// Rendered Markdown, cut into sections at its `<h2>`s.
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
}

/// One chunk's analysis, with its own term numbers, merged into the global table in order.
struct Chunk {
    terms: Vec<Term>,
    /// (local term, document, weighted term frequency).
    postings: Vec<(u32, u32, u16)>,
    /// (document, length in terms).
    lengths: Vec<(u32, u32)>,
    /// For the plain elasticlunr index, when asked for: (address, title, text).
    plain: Vec<(String, String, String)>,
}

/// Analyses every page, writes its record, and returns the packed postings, the terms and
/// the section lengths. Pages are taken in batches so the text of only a few hundred pages is
/// alive at a time.
pub fn build(
    language: &str,
    docs: &[Doc],
    prefix: &str,
    words: serde_json::Value,
    stop_words: &[&str],
    sink: &dyn Sink,
    mut plain: Option<&mut Vec<(String, String, String)>>,
) -> Result<Stats, Error> {
    let mut interner: HashMap<Term, u32> = HashMap::new();
    let mut terms: Vec<Term> = Vec::new();
    let mut packed: Vec<u64> = Vec::new();
    let mut lengths: Vec<u32> = vec![0; docs.len() << SECTION_BITS];
    let keep_plain = plain.is_some();
    let numbered: Vec<(usize, &Doc)> = docs.iter().enumerate().collect();
    for batch in numbered.chunks(2048) {
        let chunks: Vec<Chunk> = batch
            .par_chunks(32)
            .map(|chunk| analyze_chunk(language, chunk, prefix, sink, keep_plain))
            .collect::<Result<_, Error>>()?;
        for c in chunks {
            let ids: Vec<u32> = c
                .terms
                .into_iter()
                .map(|t| {
                    let next = terms.len() as u32;
                    match interner.entry(t) {
                        Entry::Occupied(e) => *e.get(),
                        Entry::Vacant(e) => {
                            terms.push(e.key().clone());
                            e.insert(next);
                            next
                        }
                    }
                })
                .collect();
            packed.extend(
                c.postings
                    .iter()
                    .map(|&(t, d, w)| pack(ids[t as usize], d, w)),
            );
            for (d, len) in c.lengths {
                lengths[d as usize] = len;
            }
            if let Some(p) = plain.as_deref_mut() {
                p.extend(c.plain);
            }
        }
    }
    drop(interner);

    // Term numbers in key order, so sorting the packed postings groups them by key.
    let mut order: Vec<u32> = (0..terms.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| terms[a as usize].cmp(&terms[b as usize]));
    let mut rank = vec![0u32; terms.len()];
    for (r, &t) in order.iter().enumerate() {
        rank[t as usize] = r as u32;
    }
    let terms: Vec<Term> = order.iter().map(|&t| terms[t as usize].clone()).collect();
    packed.par_iter_mut().for_each(|p| {
        let (t, d, w) = unpack(*p);
        *p = pack(rank[t as usize], d, w);
    });
    drop(rank);
    packed.par_sort_unstable();

    let docs_n = lengths.iter().filter(|&&l| l > 0).count().max(1) as f64;
    let avg_len = lengths.iter().map(|&l| l as f64).sum::<f64>() / docs_n;
    let groups = group_bounds(&packed);
    let score = |df: usize, w: u16, doc: u32| -> f64 {
        let idf = (1.0 + (docs_n - df as f64 + 0.5) / (df as f64 + 0.5)).ln();
        let tf = (w & !IN_TITLE) as f64;
        let len = lengths[doc as usize].max(1) as f64;
        let bonus = if w & IN_TITLE != 0 { TITLE_BONUS } else { 0.0 };
        idf * (bonus + tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / avg_len.max(1.0))))
    };
    let max_score = groups
        .par_iter()
        .map(|&(a, b)| {
            packed[a..b]
                .iter()
                .map(|&p| {
                    let (_, d, w) = unpack(p);
                    score(b - a, w, d)
                })
                .fold(0.0f64, f64::max)
        })
        .reduce(|| 0.0, f64::max);
    let scale = (1.0 + max_score).ln().max(f64::MIN_POSITIVE);

    // Each term's entry bytes, in parallel; then shards are cut in key order.
    let variants: Vec<Vec<u8>> = groups
        .par_iter()
        .map(|&(a, b)| {
            let (t, _, _) = unpack(packed[a]);
            let term = &terms[t as usize];
            let mut scored: Vec<(u8, u32)> = packed[a..b]
                .iter()
                .map(|&p| {
                    let (_, d, w) = unpack(p);
                    (impact(score(b - a, w, d), scale), d)
                })
                .collect();
            scored.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            scored.truncate(HEAD_POSTINGS);
            scored.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
            let mut out = Vec::new();
            let exact = if term.exact == term.key {
                ""
            } else {
                &term.exact
            };
            varint(&mut out, exact.len() as u64);
            out.extend_from_slice(exact.as_bytes());
            varint(&mut out, (b - a) as u64);
            let blocks = scored.chunk_by(|x, y| x.0 == y.0).collect::<Vec<_>>();
            varint(&mut out, blocks.len() as u64);
            for block in blocks {
                out.push(block[0].0);
                varint(&mut out, block.len() as u64);
                let mut prev = 0u32;
                for (i, &(_, d)) in block.iter().enumerate() {
                    varint(&mut out, if i == 0 { d } else { d - prev } as u64);
                    prev = d;
                }
            }
            out
        })
        .collect();
    let postings = packed.len();
    drop(packed);

    let mut shards: Vec<Vec<u8>> = Vec::new();
    let mut first_keys: Vec<String> = Vec::new();
    let mut shard: Vec<u8> = Vec::new();
    let mut prev_key = "";
    let mut i = 0;
    while i < terms.len() {
        let key = terms[i].key.as_str();
        let mut j = i + 1;
        while j < terms.len() && terms[j].key == key {
            j += 1;
        }
        if shard.is_empty() {
            first_keys.push(key.to_string());
            prev_key = "";
        }
        let shared = common_prefix(prev_key, key);
        varint(&mut shard, shared as u64);
        varint(&mut shard, (key.len() - shared) as u64);
        shard.extend_from_slice(&key.as_bytes()[shared..]);
        let mut entry = Vec::new();
        varint(&mut entry, (j - i) as u64);
        for v in &variants[i..j] {
            entry.extend_from_slice(v);
        }
        varint(&mut shard, entry.len() as u64);
        shard.extend_from_slice(&entry);
        prev_key = key;
        if shard.len() >= SHARD_BYTES {
            shards.push(std::mem::take(&mut shard));
        }
        i = j;
    }
    if !shard.is_empty() {
        shards.push(shard);
    }

    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for s in &shards {
        hasher.update(s);
    }
    let hash = format!("{:08x}", hasher.digest() & 0xffff_ffff);
    let shard_bytes = shards.iter().map(Vec::len).sum();
    shards
        .par_iter()
        .enumerate()
        .try_for_each(|(n, s)| sink.put(&format!("{prefix}s/{n}.bin"), s))?;

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
        "version": 1,
        "language": language,
        "hash": hash,
        "pages": docs.len(),
        "scale": (scale * 1e6).round() / 1e6,
        "sectionBits": SECTION_BITS,
        "shards": first_keys,
        "stop": stop_words,
        "kinds": kinds.keys().collect::<Vec<_>>(),
        "municipalities": places.keys().collect::<Vec<_>>(),
        "words": words,
    });
    sink.put(&format!("{prefix}manifest.json"), &to_json(&manifest))?;
    Ok(Stats {
        pages: docs.len(),
        terms: terms.len(),
        postings,
        shards: shards.len(),
        shard_bytes,
    })
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

fn analyze_chunk(
    language: &str,
    chunk: &[(usize, &Doc)],
    prefix: &str,
    sink: &dyn Sink,
    keep_plain: bool,
) -> Result<Chunk, Error> {
    let mut local: HashMap<Term, u32> = HashMap::new();
    let mut out = Chunk {
        terms: Vec::new(),
        postings: Vec::new(),
        lengths: Vec::new(),
        plain: Vec::new(),
    };
    let mut counts: HashMap<u32, u16> = HashMap::new();
    for &(page, doc) in chunk {
        let sections = match &doc.body {
            Body::Html(html) => text::sections(html),
            Body::Text(t) => vec![Section {
                text: t.clone(),
                ..Section::default()
            }],
        };
        let mut sections = sections;
        // Cut the sections beyond the last number into it.
        if sections.len() > MAX_SECTION + 1 {
            let tail: Vec<Section> = sections.drain(MAX_SECTION + 1..).collect();
            if let Some(last) = sections.last_mut() {
                for s in tail {
                    last.text.push(' ');
                    last.text.push_str(&s.heading);
                    last.text.push(' ');
                    last.text.push_str(&s.text);
                }
            }
        }
        with_analyzer(language, |a| {
            for (n, s) in sections.iter().enumerate() {
                counts.clear();
                let mut len = 0u32;
                let mut add = |t: &Term, w: u16, title: bool| {
                    let id = match local.get(t) {
                        Some(&id) => id,
                        None => {
                            let id = out.terms.len() as u32;
                            out.terms.push(t.clone());
                            local.insert(t.clone(), id);
                            id
                        }
                    };
                    let c = counts.entry(id).or_insert(0);
                    *c = ((*c & !IN_TITLE) + w).min(IN_TITLE - 1) | (*c & IN_TITLE);
                    if title {
                        *c |= IN_TITLE;
                    }
                    len += 1;
                };
                if n == 0 {
                    a.terms(doc.title, |t| add(t, W_TITLE, true));
                    a.terms(doc.description, |t| add(t, W_META, false));
                    for tag in doc.tags {
                        a.terms(tag, |t| add(t, W_META, false));
                    }
                    if let Some(m) = &doc.municipality {
                        a.terms(m, |t| add(t, W_META, false));
                    }
                } else {
                    a.terms(&s.heading, |t| add(t, W_HEADING, false));
                }
                a.terms(&s.text, |t| add(t, W_BODY, false));
                let d = ((page << SECTION_BITS) | n) as u32;
                let mut entries: Vec<(u32, u16)> = counts.drain().collect();
                entries.sort_unstable();
                out.postings
                    .extend(entries.into_iter().map(|(t, w)| (t, d, w)));
                if len > 0 {
                    out.lengths.push((d, len));
                }
            }
        });
        let excerpt0 = if doc.description.is_empty() {
            text::excerpt(&sections[0].text, EXCERPT_CHARS)
        } else {
            doc.description.to_string()
        };
        let parts: Vec<serde_json::Value> = sections
            .iter()
            .enumerate()
            .map(|(n, s)| {
                if n == 0 {
                    json!(["", "", excerpt0])
                } else {
                    json!([s.anchor, s.heading, text::excerpt(&s.text, EXCERPT_CHARS)])
                }
            })
            .collect();
        let record = json!({
            "path": doc.path,
            "title": doc.title,
            "kind": doc.kind,
            "municipality": doc.municipality,
            "sections": parts,
        });
        sink.put(&format!("{prefix}r/{page}.json"), &to_json(&record))?;
        if keep_plain {
            let body: Vec<&str> = sections
                .iter()
                .flat_map(|s| [s.heading.as_str(), s.text.as_str()])
                .filter(|t| !t.is_empty())
                .collect();
            out.plain
                .push((doc.path.to_string(), doc.title.to_string(), body.join(" ")));
        }
    }
    Ok(out)
}

/// Term (24 bits) | document (24 bits) | weighted frequency (16 bits): sorting the packed
/// values sorts by term, then document.
fn pack(term: u32, doc: u32, w: u16) -> u64 {
    ((term as u64) << 40) | ((doc as u64 & 0xff_ffff) << 16) | w as u64
}

fn unpack(p: u64) -> (u32, u32, u16) {
    ((p >> 40) as u32, ((p >> 16) & 0xff_ffff) as u32, p as u16)
}

/// The ranges of `packed` that hold one term each.
fn group_bounds(packed: &[u64]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=packed.len() {
        if i == packed.len() || packed[i] >> 40 != packed[start] >> 40 {
            if start < i {
                out.push((start, i));
            }
            start = i;
        }
    }
    out
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

pub fn varint(out: &mut Vec<u8>, mut v: u64) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips_and_sorts() {
        let p = pack(5, 0x12_3456, 77);
        assert_eq!(unpack(p), (5, 0x12_3456, 77));
        assert!(pack(1, 9, 9) < pack(2, 0, 0));
    }

    #[test]
    fn shared_prefix_is_whole_characters() {
        assert_eq!(common_prefix("hälsa", "hälso"), "häls".len());
        assert_eq!(common_prefix("ä", "å"), 0);
    }

    #[test]
    fn varints() {
        let mut v = Vec::new();
        varint(&mut v, 300);
        assert_eq!(v, [0xac, 0x02]);
    }
}
