//! A page's rendered HTML as plain text, cut into sections at its `<h2>` headings: what the
//! index reads and what result excerpts are taken from.

use super::analyze::tokens;
use crate::html_text::entity;

/// One part of a page: the text before the first `<h2>` (with an empty anchor), or an `<h2>`
/// heading and the text up to the next one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Section {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// Splits `html` into sections and strips the markup. Elements whose text is not reading
/// text (`script`, `style`, `template`) are left out. Link placeholders (`\0key\0` in
/// `href`s) live in attributes and go with them.
pub fn sections(html: &str) -> Vec<Section> {
    scan(html, usize::MAX, |_, _, _| {})
}

/// [`sections`] in one pass that also hands every token of reading text to `word` (section
/// number, whether it is in the heading, token) and keeps only the first `keep` bytes or so
/// of each section's text: the index needs the words and an excerpt, not a copy of the page.
pub fn scan(html: &str, keep: usize, mut word: impl FnMut(usize, bool, &str)) -> Vec<Section> {
    let mut out = vec![Section::default()];
    let mut rest = html;
    let mut in_heading = false;
    let mut text = |out: &mut Vec<Section>, raw: &str, in_heading: bool| {
        let n = out.len() - 1;
        html_tokens(raw, |t| word(n, in_heading, t));
        if in_heading || out[n].text.len() < keep {
            push_text(out, raw, in_heading);
        }
    };
    while let Some(lt) = rest.find('<') {
        text(&mut out, &rest[..lt], in_heading);
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        // The generator writes tag names in lower case; no copy is made of them.
        let bare = tag.trim_start_matches('<').trim_start_matches('/');
        let name = &bare[..bare
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(bare.len())];
        let closing = tag.starts_with("</");
        match name {
            "h2" if !closing => {
                out.push(Section {
                    anchor: attribute(tag, "id").unwrap_or_default(),
                    ..Section::default()
                });
                in_heading = true;
            }
            "h2" => in_heading = false,
            "script" | "style" | "template" if !closing => {
                let close = format!("</{name}");
                rest = rest.find(&close).map_or("", |i| &rest[i..]);
            }
            _ => {}
        }
        // Block boundaries separate words: "<td>a</td><td>b</td>" is "a b".
        if is_block(name)
            && let Some(last) = out.last_mut()
        {
            let target = if in_heading {
                &mut last.heading
            } else {
                &mut last.text
            };
            if !target.is_empty() && !target.ends_with(' ') {
                target.push(' ');
            }
        }
    }
    text(&mut out, rest, in_heading);
    for s in &mut out {
        trim_in_place(&mut s.text);
        trim_in_place(&mut s.heading);
    }
    out
}

/// The attribute that marks the element whose content is indexed (the first one; without
/// it, `<main>`; without that, the whole page), as Pagefind's `data-pagefind-body`.
pub const BODY: &str = "data-search-body";
/// The attribute that leaves an element and its content out of the index (lists of other
/// pages, navigation), as Pagefind's `data-pagefind-ignore`.
pub const IGNORE: &str = "data-search-ignore";

/// The part of a rendered page the index reads: the content of the `data-search-body`
/// element (or of `<main>`), without the elements marked `data-search-ignore`. Templates
/// decide what a resident searches, not the generator's idea of what a page's text is.
pub fn region(html: &str) -> String {
    let inner = element_with(html, |tag| has_attribute(tag, BODY))
        .or_else(|| element_with(html, |tag| tag_name(tag) == "main"))
        .map_or(html, |(_, inner, _)| inner);
    let mut out = String::with_capacity(inner.len());
    let mut rest = inner;
    while let Some((start, _, end)) = element_with(rest, |tag| has_attribute(tag, IGNORE)) {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The name of a start tag, `<main id="x">` → `main`.
fn tag_name(tag: &str) -> &str {
    let bare = tag.trim_start_matches('<');
    &bare[..bare
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(bare.len())]
}

/// Whether a start tag has the attribute `name` (with or without a value).
fn has_attribute(tag: &str, name: &str) -> bool {
    tag.match_indices(name).any(|(i, _)| {
        let before = tag[..i].chars().next_back();
        let after = tag[i + name.len()..].chars().next();
        before.is_some_and(char::is_whitespace)
            && after.is_none_or(|c| c == '=' || c == '>' || c == '/' || c.is_whitespace())
    })
}

/// The first element whose start tag passes `test`: (where its start tag begins, its
/// content, where its end tag ends). Same-named elements inside it are counted so the end
/// tag is its own; an element left open runs to the end of the text.
fn element_with(html: &str, test: impl Fn(&str) -> bool) -> Option<(usize, &str, usize)> {
    let mut at = 0;
    while let Some(lt) = html[at..].find('<') {
        let start = at + lt;
        let end = html[start..]
            .find('>')
            .map_or(html.len(), |i| start + i + 1);
        let tag = &html[start..end];
        at = end;
        if tag.starts_with("</") || tag.starts_with("<!") || !test(tag) {
            continue;
        }
        let name = tag_name(tag);
        if name.is_empty() || tag.ends_with("/>") {
            return Some((start, "", end));
        }
        let (open, close) = (format!("<{name}"), format!("</{name}"));
        let mut depth = 1;
        let mut pos = end;
        while let Some(i) = html[pos..].find('<') {
            let t = pos + i;
            let rest = &html[t..];
            let follows = |p: &str| {
                rest.starts_with(p)
                    && rest[p.len()..]
                        .bytes()
                        .next()
                        .is_none_or(|b| !b.is_ascii_alphanumeric())
            };
            if follows(&close) {
                depth -= 1;
                if depth == 0 {
                    let close_end = rest.find('>').map_or(html.len(), |j| t + j + 1);
                    return Some((start, &html[end..t], close_end));
                }
            } else if follows(&open) {
                depth += 1;
            }
            pos = t + 1;
        }
        return Some((start, &html[end..], html.len()));
    }
    None
}

/// The tokens of HTML text, with entities (`&amp;`, `&#39;`) as separators.
fn html_tokens(raw: &str, mut each: impl FnMut(&str)) {
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        tokens(&rest[..at]).for_each(&mut each);
        rest = &rest[at + 1..];
        if let Some((_, len)) = entity(rest) {
            rest = &rest[len..];
        }
    }
    tokens(rest).for_each(each);
}

fn trim_in_place(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_string();
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "td"
            | "th"
            | "tr"
            | "br"
            | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "dt"
            | "dd"
            | "figcaption"
    )
}

/// Appends `raw` (HTML text) with whitespace collapsed to single spaces and entities decoded;
/// runs without `&` are copied whole.
fn push_text(out: &mut [Section], raw: &str, in_heading: bool) {
    if raw.is_empty() {
        return;
    }
    let Some(last) = out.last_mut() else { return };
    let target = if in_heading {
        &mut last.heading
    } else {
        &mut last.text
    };
    let mut space = false;
    for (i, piece) in raw
        .split(|c: char| c.is_whitespace() || c == '\0')
        .enumerate()
    {
        space |= i > 0;
        if piece.is_empty() {
            continue;
        }
        if space && !target.is_empty() && !target.ends_with(' ') {
            target.push(' ');
        }
        space = false;
        if !piece.contains('&') {
            target.push_str(piece);
            continue;
        }
        crate::html_text::decode_into(piece, target);
    }
    if space && !target.is_empty() && !target.ends_with(' ') {
        target.push(' ');
    }
}

/// An attribute's value in a start tag, `id="x"` → `x`.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].to_string())
}

/// At most `max` characters of `text`, cut at a word boundary, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
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
        let s = scan(html, 4, |n, h, w| words.push((n, h, w.to_string())));
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
        assert_eq!(s[1].text, "fyra fem sex sju");
        let s = scan("<p>fyra</p><p>fem</p>", 4, |_, _, _| {});
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
        assert_eq!(region("<p>z</p>"), "<p>z</p>");
        // `data-search-ignored` is another attribute, and an unclosed element runs to the end.
        assert!(region("<main><p data-search-ignored>kvar</p></main>").contains("kvar"));
        assert_eq!(
            region("<main data-search-body>a<p data-search-ignore>b"),
            "a "
        );
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("en lång mening med ord", 12), "en lång…");
    }
}
