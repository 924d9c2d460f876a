//! A page's rendered HTML as plain text, cut into sections at its `<h2>` headings: what the
//! index reads and what result excerpts are taken from.

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
    let mut out = vec![Section::default()];
    let mut rest = html;
    let mut in_heading = false;
    while let Some(lt) = rest.find('<') {
        push_text(&mut out, &rest[..lt], in_heading);
        rest = &rest[lt..];
        let end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches('<')
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let closing = tag.starts_with("</");
        match name.as_str() {
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
        if is_block(&name)
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
    push_text(&mut out, rest, in_heading);
    for s in &mut out {
        trim_in_place(&mut s.text);
        trim_in_place(&mut s.heading);
    }
    out
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
    let mut space = target.ends_with(' ') || target.is_empty();
    let mut rest = raw;
    while !rest.is_empty() {
        let (c, len) = match rest.strip_prefix('&').and_then(entity) {
            Some((c, len)) => (c, len + 1),
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        };
        rest = &rest[len..];
        if c.is_whitespace() || c == '\0' {
            if !space {
                target.push(' ');
                space = true;
            }
        } else {
            target.push(c);
            space = false;
        }
    }
}

/// The character of an entity at the start of `s` (after its `&`) and the bytes it took.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let name = &s[..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((c, end + 1))
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
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("kort", 10), "kort");
        assert_eq!(excerpt("en lång mening med ord", 12), "en lång…");
    }
}
