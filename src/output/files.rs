//! The record of the files a build wrote: name → (content hash, length). It decides what
//! the output owns and so what a later build may delete; only its storage is here.

use std::hash::BuildHasher;

/// Each file's name and (hash, length), as a `HashMap<String, (u64, u64)>` holds them, but
/// every name in one growing buffer with a table of offsets into it. A `String` per file was
/// 200,000 small allocations at 100,000 pages, made by the rendering threads between each
/// page's short-lived buffers, each a block that could keep a partly freed memory page
/// resident to the end of the build; the buffer and the table are a few large blocks (about
/// 7 MB less live at the end of a 100,000-page build; BENCHMARKS.md, "Memory, sixth step").
#[derive(Default)]
pub(super) struct Files {
    names: String,
    table: hashbrown::HashTable<Entry>,
    hasher: rustc_hash::FxBuildHasher,
}

/// A file: where its name is in [`Files::names`], and its hash and length.
struct Entry {
    start: usize,
    end: usize,
    value: (u64, u64),
}

impl Files {
    pub(super) fn len(&self) -> usize {
        self.table.len()
    }

    /// Records `rel`; returns the value it had if it was recorded before (which this one
    /// replaces), like [`HashMap::insert`](std::collections::HashMap::insert).
    pub(super) fn insert(&mut self, rel: &str, value: (u64, u64)) -> Option<(u64, u64)> {
        let hash = self.hasher.hash_one(rel);
        let Files {
            names,
            table,
            hasher,
        } = self;
        match table.entry(
            hash,
            |e| &names[e.start..e.end] == rel,
            |e| hasher.hash_one(&names[e.start..e.end]),
        ) {
            hashbrown::hash_table::Entry::Occupied(mut found) => {
                Some(std::mem::replace(&mut found.get_mut().value, value))
            }
            hashbrown::hash_table::Entry::Vacant(slot) => {
                let start = names.len();
                names.push_str(rel);
                slot.insert(Entry {
                    start,
                    end: names.len(),
                    value,
                });
                None
            }
        }
    }

    pub(super) fn get(&self, rel: &str) -> Option<(u64, u64)> {
        let hash = self.hasher.hash_one(rel);
        self.table
            .find(hash, |e| &self.names[e.start..e.end] == rel)
            .map(|e| e.value)
    }

    pub(super) fn contains_key(&self, rel: &str) -> bool {
        self.get(rel).is_some()
    }

    /// Every file, in no particular order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, (u64, u64))> {
        self.table
            .iter()
            .map(|e| (&self.names[e.start..e.end], e.value))
    }

    pub(super) fn keys(&self) -> impl Iterator<Item = &str> {
        self.iter().map(|(rel, _)| rel)
    }
}

#[cfg(test)]
mod tests {
    use super::Files;
    use std::collections::HashMap;

    /// The record answers as the `HashMap<String, (u64, u64)>` it replaced, over names that
    /// share prefixes, are empty, or come again with another value.
    #[test]
    fn files_answer_as_a_map_of_names() {
        let names = [
            "",
            "a",
            "ab",
            "a/b",
            "index.html",
            "a/index.html",
            "ab",
            "",
            "å/ö.html",
        ];
        let mut files = Files::default();
        let mut map: HashMap<String, (u64, u64)> = HashMap::new();
        for (i, rel) in names.iter().enumerate() {
            let value = (i as u64, 100 - i as u64);
            assert_eq!(files.insert(rel, value), map.insert(rel.to_string(), value));
        }
        for i in 0..2000u64 {
            let rel = format!("s/{i}/index.html");
            assert_eq!(files.insert(&rel, (i, i)), map.insert(rel, (i, i)));
        }
        assert_eq!(files.len(), map.len());
        for (rel, value) in &map {
            assert_eq!(files.get(rel), Some(*value));
            assert!(files.contains_key(rel));
        }
        assert!(!files.contains_key("s/2000/index.html"));
        assert!(!files.contains_key("index"));
        let listed: HashMap<String, (u64, u64)> =
            files.iter().map(|(k, v)| (k.to_string(), v)).collect();
        assert_eq!(listed, map);
        assert_eq!(files.keys().count(), map.len());
    }
}
