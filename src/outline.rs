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
/// benchmark took 21 MiB; packed they take 9.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headings {
    text: String,
    /// (level, end of id in `text`, end of title in `text`); each starts where the last ends.
    entries: Vec<(u8, u32, u32)>,
}

impl Headings {
    pub(crate) fn push(&mut self, level: u8, id: &str, title: &str) {
        self.text.push_str(id);
        let id_end = self.text.len() as u32;
        self.text.push_str(title);
        self.entries.push((level, id_end, self.text.len() as u32));
    }

    pub(crate) fn shrink(&mut self) {
        self.text.shrink_to_fit();
        self.entries.shrink_to_fit();
    }

    pub fn iter(&self) -> impl Iterator<Item = Heading<'_>> {
        let mut start = 0usize;
        self.entries.iter().map(move |&(level, id_end, title_end)| {
            let (id_end, title_end) = (id_end as usize, title_end as usize);
            let h = Heading {
                level,
                id: &self.text[start..id_end],
                title: &self.text[id_end..title_end],
            };
            start = title_end;
            h
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains_id(&self, id: &str) -> bool {
        self.iter().any(|h| h.id == id)
    }
}
