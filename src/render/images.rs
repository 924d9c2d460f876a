//! The markup of the site's processed images: `<img>` attributes and the `<picture>` around
//! them, made here from the model's data (see `Site::resolve_images`) as pages are written.

use std::collections::HashMap;

use crate::site::{ImageUse, Processed, Site};

/// Placeholder key → (markup for root-relative use, markup for absolute use) of every image
/// placeholder in the pages.
pub fn markup(site: &Site) -> HashMap<String, (String, String)> {
    let path = site.config.base_path();
    let url = site.config.base_url.as_str();
    let mut out = HashMap::with_capacity(site.images.len() * 3);
    for (key, u) in site.images.iter() {
        let both = |f: &dyn Fn(&str) -> String| (f(path), f(url));
        out.insert(key.clone(), both(&|base| attributes(u, base)));
        let open = |base: &str| {
            u.processed
                .as_ref()
                .map_or(String::new(), |p| picture_open(p, base))
        };
        out.insert(format!("!pic:{}", u.path), both(&open));
        let close = u.processed.as_ref().map_or("", picture_close).to_string();
        out.insert(format!("!/pic:{}", u.path), (close.clone(), close));
    }
    out
}

fn attributes(u: &ImageUse, base: &str) -> String {
    match &u.processed {
        Some(processed) => img_attributes(processed, base, u.first),
        // Not a processed format (an SVG, a GIF): linked as it is.
        None => format!(
            "src=\"{}\"",
            crate::markdown::href(&format!("{base}/{}", u.out))
        ),
    }
}

/// The attributes of an `<img>` for a processed image: `src`, `srcset`, `sizes`, `width`,
/// `height`, and lazy loading except for a page's first image, which is likely in view.
pub fn img_attributes(p: &Processed, base_path: &str, first: bool) -> String {
    let url = |rel: &str| crate::markdown::href(&format!("{base_path}/{rel}"));
    let main = p
        .variants
        .last()
        .map(|(_, rel)| rel.as_str())
        .unwrap_or_default();
    let mut out = format!("src=\"{}\"", url(main));
    if p.variants.len() > 1 {
        let set: Vec<String> = p
            .variants
            .iter()
            .map(|(w, rel)| format!("{} {w}w", url(rel)))
            .collect();
        out.push_str(&format!(" srcset=\"{}\" sizes=\"{SIZES}\"", set.join(", ")));
    }
    out.push_str(&format!(" width=\"{}\" height=\"{}\"", p.width, p.height));
    if !first {
        out.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    out
}

/// What stands before an image's `<img>`: a `<picture>` with its WebP `<source>`, or nothing.
pub fn picture_open(p: &Processed, base_path: &str) -> String {
    if p.webp.is_empty() {
        return String::new();
    }
    let url = |rel: &str| crate::markdown::href(&format!("{base_path}/{rel}"));
    let set: Vec<String> = p
        .webp
        .iter()
        .map(|(w, rel)| format!("{} {w}w", url(rel)))
        .collect();
    format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">",
        set.join(", ")
    )
}

/// What stands after it: `</picture>` when [`picture_open`] opened one.
pub fn picture_close(p: &Processed) -> &'static str {
    if p.webp.is_empty() { "" } else { "</picture>" }
}

/// The theme's text column is at most 42rem wide; below that an image spans the screen.
const SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes() {
        let p = Processed {
            variants: vec![(480, "a/b-480.jpg".into()), (960, "a/b.jpg".into())],
            webp: Vec::new(),
            width: 960,
            height: 640,
        };
        assert_eq!(
            img_attributes(&p, "", false),
            "src=\"/a/b.jpg\" srcset=\"/a/b-480.jpg 480w, /a/b.jpg 960w\" sizes=\"(min-width: 44rem) 42rem, 100vw\" width=\"960\" height=\"640\" loading=\"lazy\" decoding=\"async\""
        );
        assert!(!img_attributes(&p, "", true).contains("lazy"));
    }
}
