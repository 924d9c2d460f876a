//! Text from the site's own HTML: tags dropped, entities decoded once, whitespace collapsed.
//! One decoder for the search index and the newsletter's summaries.

/// The text of an HTML fragment on one line, for a summary shown as plain text.
pub fn plain(html: &str) -> String {
    let mut stripped = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => stripped.push(c),
            _ => {}
        }
    }
    let mut out = String::with_capacity(stripped.len());
    for word in stripped.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        decode_into(word, &mut out);
    }
    out
}

/// Appends `raw` with its entities decoded; an `&` that starts no entity is kept.
pub fn decode_into(raw: &str, out: &mut String) {
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(&rest[1..]) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The character of an entity at the start of `s` (after its `&`) and the bytes it took.
pub fn entity(s: &str) -> Option<(char, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_once() {
        // `&amp;lt;` is the text `&lt;`, not `<`: decoding twice turned it into a tag.
        assert_eq!(plain("<p>a &amp;lt; b</p>"), "a &lt; b");
        assert_eq!(
            plain("<p>x &lt;y&gt; &quot;z&quot; &#39;q&#39;</p>"),
            "x <y> \"z\" 'q'"
        );
        assert_eq!(
            plain("<p>Tider\n  och <em>dagar</em></p>\n"),
            "Tider och dagar"
        );
        assert_eq!(plain("A & B &unknown; C"), "A & B &unknown; C");
    }
}
