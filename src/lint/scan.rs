//! A minimal HTML tokenizer: tags with their attributes, and the text between them.
//!
//! The linter reads every rendered page, 200 MB on the 10,000-page benchmark, and must stay
//! under a tenth of the build. A spec-complete parser (html5ever builds a DOM; lol_html
//! rewrites a stream) costs several times a plain byte scan and adds a dependency tree for
//! what the rules need: tag names, a few attributes, and text. The pages are our own
//! output or editors' raw HTML, so this scanner handles what those contain (comments,
//! doctypes, quoted and unquoted attributes, raw-text `<script>` and `<style>`) and treats
//! anything else as text, which can only hide a finding, never invent one.

/// One piece of an HTML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    /// A start tag (`closing == false`) or an end tag. `name` is as written; compare with
    /// [`Tag::is`].
    Tag(Tag<'a>),
    /// Text between tags, entities undecoded.
    Text(&'a [u8]),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tag<'a> {
    pub name: &'a [u8],
    pub closing: bool,
    /// The raw attributes, between the name and `>`.
    attrs: &'a [u8],
    /// Byte offset of the `<` in the scanned text.
    pub offset: usize,
}

impl<'a> Tag<'a> {
    pub fn is(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name.as_bytes())
    }

    /// The level of an `h1`–`h6` tag.
    pub fn heading_level(&self) -> Option<u8> {
        match self.name {
            [h, d @ b'1'..=b'6'] if h.eq_ignore_ascii_case(&b'h') => Some(d - b'0'),
            _ => None,
        }
    }

    /// The value of attribute `name` (undecoded), `Some(b"")` for a bare attribute.
    pub fn attr(&self, name: &str) -> Option<&'a [u8]> {
        Attrs(self.attrs)
            .find(|(n, _)| n.eq_ignore_ascii_case(name.as_bytes()))
            .map(|(_, v)| v)
    }

    pub fn attrs(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> {
        Attrs(self.attrs)
    }

    /// Whether the tag has any attribute; most tags of a page have none.
    pub fn has_attrs(&self) -> bool {
        !self.attrs.trim_ascii().is_empty()
    }
}

struct Attrs<'a>(&'a [u8]);

impl<'a> Iterator for Attrs<'a> {
    type Item = (&'a [u8], &'a [u8]);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.0;
        let mut i = 0;
        while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b'/') {
            i += 1;
        }
        if i >= s.len() {
            return None;
        }
        let start = i;
        while i < s.len() && !s[i].is_ascii_whitespace() && !matches!(s[i], b'=' | b'/') {
            i += 1;
        }
        let name = &s[start..i];
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if i < s.len() && s[i] == b'=' {
            i += 1;
            while i < s.len() && s[i].is_ascii_whitespace() {
                i += 1;
            }
            match s.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = s[i + 1..]
                        .iter()
                        .position(|&b| b == q)
                        .map_or(s.len(), |p| i + 1 + p);
                    value = &s[i + 1..end];
                    i = (end + 1).min(s.len());
                }
                Some(_) => {
                    let start = i;
                    while i < s.len() && !s[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    value = &s[start..i];
                }
                None => {}
            }
        }
        self.0 = &s[i..];
        Some((name, value))
    }
}

/// The tokens of `html`, in order.
pub fn tokens(html: &[u8]) -> Tokens<'_> {
    Tokens { html, pos: 0 }
}

pub struct Tokens<'a> {
    html: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    /// The end of the tag starting at `from` (just past `>`), honouring quoted values.
    fn tag_end(&self, from: usize) -> Option<usize> {
        // Jumps from quote to quote and to `>` by memchr: a byte at a time was most of the
        // HTML linter's time, as the theme's tags carry long class lists and the icons' SVG
        // paths long `d` values.
        let h = self.html;
        let mut i = from;
        loop {
            let at = i + memchr::memchr3(b'>', b'"', b'\'', &h[i..])?;
            let b = h[at];
            if b == b'>' {
                return Some(at + 1);
            }
            // Quotes only open a value after `=`; elsewhere they are stray characters.
            if h[from..at].iter().rev().find(|c| !c.is_ascii_whitespace()) == Some(&b'=') {
                i = at + 1 + memchr::memchr(b, &h[at + 1..])? + 1;
            } else {
                i = at + 1;
            }
        }
    }

    /// Skips to the end of raw text (`</script`), case-insensitively.
    fn skip_raw_text(&mut self, name: &[u8]) {
        let h = self.html;
        let mut i = self.pos;
        while let Some(p) = memchr::memchr(b'<', &h[i..]) {
            let at = i + p;
            let rest = &h[at..];
            if rest.len() > name.len() + 1
                && rest[1] == b'/'
                && rest[2..2 + name.len()].eq_ignore_ascii_case(name)
            {
                self.pos = at;
                return;
            }
            i = at + 1;
        }
        self.pos = h.len();
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let h = self.html;
        loop {
            if self.pos >= h.len() {
                return None;
            }
            let start = self.pos;
            if h[start] != b'<' {
                let end = memchr::memchr(b'<', &h[start..]).map_or(h.len(), |p| start + p);
                self.pos = end;
                return Some(Token::Text(&h[start..end]));
            }
            let rest = &h[start..];
            if rest.starts_with(b"<!--") {
                self.pos =
                    memchr::memmem::find(&rest[4..], b"-->").map_or(h.len(), |p| start + 4 + p + 3);
                continue;
            }
            let closing = rest.get(1) == Some(&b'/');
            let name_start = start + 1 + closing as usize;
            let name_len = h[name_start..]
                .iter()
                .position(|b| !b.is_ascii_alphanumeric() && *b != b'-')
                .unwrap_or(h.len() - name_start);
            if rest.get(1) == Some(&b'!') || rest.get(1) == Some(&b'?') {
                // A doctype or processing instruction: nothing the rules look at.
                self.pos = memchr::memchr(b'>', rest).map_or(h.len(), |p| start + p + 1);
                continue;
            }
            if name_len == 0 || !h[name_start].is_ascii_alphabetic() {
                // A `<` that opens no tag is text.
                let end = memchr::memchr(b'<', &h[start + 1..]).map_or(h.len(), |p| start + 1 + p);
                self.pos = end;
                return Some(Token::Text(&h[start..end]));
            }
            let name = &h[name_start..name_start + name_len];
            let Some(end) = self.tag_end(name_start + name_len) else {
                self.pos = h.len();
                return Some(Token::Text(&h[start..]));
            };
            let attrs_end = if end >= 2 && h[end - 2] == b'/' {
                end - 2
            } else {
                end - 1
            };
            let attrs = &h[(name_start + name_len).min(attrs_end)..attrs_end];
            self.pos = end;
            if !closing
                && (name.eq_ignore_ascii_case(b"script") || name.eq_ignore_ascii_case(b"style"))
            {
                self.skip_raw_text(name);
            }
            return Some(Token::Tag(Tag {
                name,
                closing,
                attrs,
                offset: start,
            }));
        }
    }
}

/// Text with the few entities our output and editors use decoded, for comparing link texts;
/// `out` grows to [`LINK_TEXT_KEPT`](super::LINK_TEXT_KEPT) bytes at most.
pub fn decode_text(raw: &[u8], out: &mut String) {
    let raw = capped(raw, out);
    let text = String::from_utf8_lossy(raw);
    if !text.contains('&') {
        out.push_str(&text);
        return;
    }
    let mut rest: &str = &text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity = rest.find(';').filter(|&e| e <= 10).map(|e| &rest[..=e]);
        let decoded = match entity {
            Some("&amp;") => Some('&'),
            Some("&lt;") => Some('<'),
            Some("&gt;") => Some('>'),
            Some("&quot;") => Some('"'),
            Some("&#39;" | "&#x27;" | "&apos;") => Some('\''),
            Some("&nbsp;" | "&#160;" | "&#xa0;") => Some(' '),
            _ => None,
        };
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len()..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// As much of `raw` as fits in `out` below [`LINK_TEXT_KEPT`](super::LINK_TEXT_KEPT) bytes,
/// cut at a character boundary.
fn capped<'r>(raw: &'r [u8], out: &str) -> &'r [u8] {
    let room = super::LINK_TEXT_KEPT.saturating_sub(out.len());
    if raw.len() <= room {
        return raw;
    }
    // Back over UTF-8 continuation bytes.
    let mut end = room;
    while end > 0 && raw[end] & 0xC0 == 0x80 {
        end -= 1;
    }
    &raw[..end]
}

/// Appends already decoded text, as [`decode_text`] does, up to the same length.
pub fn push_text(text: &str, out: &mut String) {
    let kept = capped(text.as_bytes(), out).len();
    out.push_str(&text[..kept]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(html: &str) -> Vec<String> {
        tokens(html.as_bytes())
            .map(|t| match t {
                Token::Tag(t) => format!(
                    "{}{}",
                    if t.closing { "/" } else { "" },
                    String::from_utf8_lossy(t.name)
                ),
                Token::Text(s) => format!("'{}'", String::from_utf8_lossy(s)),
            })
            .collect()
    }

    #[test]
    fn tags_text_comments_and_raw_text() {
        assert_eq!(
            names(
                "<!DOCTYPE html><p class=\"a>b\">x<!-- <a> --> y</p><script>if (a<b) {}</script>1 < 2<br/>"
            ),
            [
                "p", "'x'", "' y'", "/p", "script", "/script", "'1 '", "'< 2'", "br"
            ]
        );
    }

    #[test]
    fn quoted_angle_brackets_and_stray_quotes() {
        assert_eq!(
            names("<a title='x > y' d=\"M0 0>1\">t</a><p x\"y>u</p><b c = \"1>\">v<i q=\"open>w"),
            [
                "a",
                "'t'",
                "/a",
                "p",
                "'u'",
                "/p",
                "b",
                "'v'",
                "'<i q=\"open>w'"
            ]
        );
    }

    #[test]
    fn attributes() {
        let Some(Token::Tag(t)) = tokens(b"<img src=a.png alt=\"\" data-x='1 2' hidden/>").next()
        else {
            panic!()
        };
        assert_eq!(t.attr("alt"), Some(&b""[..]));
        assert_eq!(t.attr("src"), Some(&b"a.png"[..]));
        assert_eq!(t.attr("data-x"), Some(&b"1 2"[..]));
        assert_eq!(t.attr("hidden"), Some(&b""[..]));
        assert_eq!(t.attr("title"), None);
    }

    #[test]
    fn entities() {
        let mut s = String::new();
        decode_text(b"L&auml;s&nbsp;mer &amp; mer", &mut s);
        assert_eq!(s, "L&auml;s mer & mer");
    }
}
