//! A page's outline: its headings, kept for the table of contents, the anchor checks and
//! the accessibility linter. Below both `markdown` (which fills it) and `lint` (which checks
//! it), so neither imports the other for it.

/// A heading of a page, borrowed from its [`Headings`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: u8,
    pub id: &'a str,
    pub title: &'a str,
}

/// A page's headings, packed into one string: every page's headings stay in memory for the
/// anchor checks, and at two small strings a heading the 158,000 headings of the 10,000-page
/// benchmark took 21 MiB; packed they take 9. Each heading's level and the lengths of its id
/// and title are a few bytes beside the string (one byte each for any length under 128) rather
/// than twelve: about 0.1 KB a page, 10 MB at 100,000 pages. The lengths and the text share
/// one buffer: one allocation a page, not two, and one word less in every page's model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headings {
    /// For each heading: its level, the byte lengths of its id and of its title, each as
    /// seven bits a byte, low bits first, the high bit set on all but the last, then the
    /// id's and the title's bytes.
    bytes: Vec<u8>,
}

/// Appends `n` to `out` seven bits a byte (see [`Headings::bytes`]); the page's tags and
/// aliases keep their lengths so too.
pub(crate) fn push_length(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads a length written by [`push_length`] from the front of `bytes`.
pub(crate) fn take_length(bytes: &mut std::slice::Iter<'_, u8>) -> usize {
    let mut n = 0usize;
    let mut shift = 0;
    for &b in bytes.by_ref() {
        n |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

impl Headings {
    pub(crate) fn push(&mut self, level: u8, id: &str, title: &str) {
        self.bytes.push(level);
        push_length(&mut self.bytes, id.len());
        push_length(&mut self.bytes, title.len());
        self.bytes.extend_from_slice(id.as_bytes());
        self.bytes.extend_from_slice(title.as_bytes());
    }

    pub(crate) fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }

    pub fn iter(&self) -> impl Iterator<Item = Heading<'_>> {
        let mut bytes = self.bytes.iter();
        std::iter::from_fn(move || {
            let level = *bytes.next()?;
            let id_len = take_length(&mut bytes);
            let title_len = take_length(&mut bytes);
            let rest = bytes.as_slice();
            let id = rest.get(..id_len)?;
            let title = rest.get(id_len..id_len + title_len)?;
            bytes = rest[id_len + title_len..].iter();
            // SAFETY: `push` wrote each id and title whole from a `str`, after lengths that
            // give their byte lengths exactly, so each slice is one of those strings. Checking
            // them again cost 1 % of a build's instructions (the anchor and HTML checks read
            // every page's headings).
            Some(unsafe {
                Heading {
                    level,
                    id: std::str::from_utf8_unchecked(id),
                    title: std::str::from_utf8_unchecked(title),
                }
            })
        })
    }

    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub fn contains_id(&self, id: &str) -> bool {
        self.iter().any(|h| h.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_ids_and_titles_read_back_whole() {
        let long_title = "Öppettider ".repeat(40);
        let long_id = "a".repeat(20_000);
        let mut h = Headings::default();
        h.push(2, "kort", "Kort");
        h.push(3, &long_id, &long_title);
        h.push(2, "", "");
        h.shrink();
        let read: Vec<(u8, &str, &str)> = h.iter().map(|h| (h.level, h.id, h.title)).collect();
        assert_eq!(
            read,
            [
                (2, "kort", "Kort"),
                (3, long_id.as_str(), long_title.as_str()),
                (2, "", "")
            ]
        );
        assert!(h.contains_id(&long_id));
        assert_eq!(h.len(), 3);
    }
}
