//! Slugs and sort keys that treat Swedish text the way a Swedish reader expects.

/// A URL-safe slug: "Hälsocentral Öland" → `halsocentral-oland`.
///
/// å, ä and ö lose their diacritics (the common Swedish URL convention, as on 1177.se), other
/// letters are transliterated by deunicode, and everything that is not a letter or digit
/// becomes a single hyphen.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' {
            pending_hyphen = true;
        }
    }
    slug
}

/// A key that sorts text in Swedish alphabetical order: å, ä, ö after z; é with e; ü with y;
/// case-insensitive. Enough for titles and unit names without a collation library.
pub fn swedish_sort_key(text: &str) -> String {
    text.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' => 'y',
            'á' | 'à' => 'a',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_transliterate() {
        assert_eq!(slugify("Hälsocentral Öland"), "halsocentral-oland");
        assert_eq!(
            slugify("Åtgärder & rutiner – 2025!"),
            "atgarder-rutiner-2025"
        );
        assert_eq!(
            slugify("  --Vart ska jag vända mig?-- "),
            "vart-ska-jag-vanda-mig"
        );
        assert_eq!(slugify("Café Öster"), "cafe-oster");
        assert_eq!(slugify("1177 Direkt"), "1177-direkt");
    }

    #[test]
    fn swedish_order() {
        let mut v = vec![
            "Öland", "Ystad", "Åby", "Ärla", "Borgholm", "Emmaboda", "Zeta",
        ];
        v.sort_by_key(|s| swedish_sort_key(s));
        assert_eq!(
            v,
            [
                "Borgholm", "Emmaboda", "Ystad", "Zeta", "Åby", "Ärla", "Öland"
            ]
        );
    }
}
