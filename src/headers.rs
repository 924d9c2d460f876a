//! The response headers of the site, in one place: `serve` sends them with every response,
//! the build writes them into `_headers` for static hosts that read that file (Netlify,
//! Cloudflare Pages), and README's nginx snippet repeats them. Changing a policy here
//! changes it for the preview and the published site alike, so a page that breaks under
//! the policy breaks where an editor sees it first.

/// What a page may load. Scripts come only from the site itself (no inline code, no
/// `eval`), which is what makes an injected `<script>` or `onclick` inert. Inline *styles*
/// stay allowed: Markdown tables carry `style="text-align: …"` from the renderer, and style
/// cannot run code. `frame-ancestors 'none'` keeps the pages out of other sites' frames.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
     connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// The headers every response carries, page or file.
pub const SECURITY: [(&str, &str); 4] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    // For browsers older than `frame-ancestors` (it says the same).
    ("X-Frame-Options", "DENY"),
];

/// Files whose URL carries their content hash (`asset()` writes `/style.css?h=1a2b3c4d`):
/// a new version has a new URL, so a browser may keep one for a year (the longest
/// lifetime RFC 9111 §5.2.2.1 advises) without asking again.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Pages: five minutes, so a correction to a unit's hours reaches residents within
/// minutes while a page opened again and again is not fetched every time.
pub const PAGE: &str = "public, max-age=300, must-revalidate";

/// The preview: never cached, so a reload always shows the last save.
pub const PREVIEW: &str = "no-store";

/// Where the build writes the rules for static hosts.
pub const FILE: &str = "_headers";

/// Whether `asset()` is how the theme refers to a static file of this kind, so that its
/// every URL carries the hash. The theme's stylesheets and scripts are; images and fonts
/// are linked by plain paths (from Markdown and from CSS) and keep the host's default.
pub fn is_hashed(rel: &str) -> bool {
    let ext = rel.rsplit('.').next().unwrap_or_default();
    rel.contains('.') && matches!(ext, "css" | "js" | "mjs")
}

/// The `_headers` file for a site whose hashed static files are `assets` and whose pages
/// lie at most `depth` folders deep (`/nyheter/a/` is 2).
///
/// No two rules set the same header for one path: Cloudflare Pages joins such values with
/// a comma and Netlify keeps one of them, and a joined `Cache-Control` means neither.
/// So `/*` carries only the security headers; pages are matched by one `:placeholder` per
/// folder and end in `/`, which no file's path does; hashed files are named one by one.
pub fn file<'a>(assets: impl IntoIterator<Item = &'a str>, depth: usize) -> String {
    let mut out = String::from(
        "# Response headers for static hosts that read this file (Netlify, Cloudflare \
         Pages).\n# Written by `vardlots build` from the policy `vardlots serve` sends; \
         see README.\n\n/*\n",
    );
    for (name, value) in SECURITY {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    let mut pattern = String::from("/");
    for level in 0..=depth {
        if level > 0 {
            pattern.push_str(&format!(":p{level}/"));
        }
        for page in [pattern.clone(), format!("{pattern}index.html")] {
            out.push_str(&format!("\n{page}\n  Cache-Control: {PAGE}\n"));
        }
    }
    let mut hashed: Vec<&str> = assets.into_iter().filter(|a| is_hashed(a)).collect();
    hashed.sort_unstable();
    hashed.dedup();
    for rel in hashed {
        out.push_str(&format!("\n/{rel}\n  Cache-Control: {IMMUTABLE}\n"));
    }
    out
}

/// How many folders deep a page's URL path lies: `/` is 0, `/nyheter/a/` is 2.
pub fn depth(url_path: &str) -> usize {
    url_path.split('/').filter(|s| !s.is_empty()).count()
}

/// The `_headers` file of a build, unless the site ships its own in `static/`: then that
/// one is published as written, since its author may know the host better.
pub fn emit(
    site: &crate::site::Site,
    static_files: &[crate::source::Asset],
) -> Option<(String, Vec<u8>)> {
    if static_files.iter().any(|a| a.rel == FILE) {
        return None;
    }
    // A section's further listing pages lie two folders below it (`sida/2/`).
    let depth = site.pages.iter().map(|p| depth(p.url())).max().unwrap_or(0) + 2;
    let assets = static_files
        .iter()
        .chain(&site.assets)
        .map(|a| a.rel.as_str());
    Some((FILE.to_string(), file(assets, depth).into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_path_gets_two_cache_rules() {
        let text = file(["style.css", "img/a.png", "guide.js"], 2);
        assert!(
            text.contains("\n/style.css\n  Cache-Control: public, max-age=31536000, immutable\n")
        );
        assert!(text.contains("\n/:p1/:p2/\n  Cache-Control: public, max-age=300"));
        assert!(!text.contains("/img/a.png"), "{text}");
        let star = text.split("\n\n").find(|b| b.starts_with("/*")).unwrap();
        assert!(!star.contains("Cache-Control"), "{star}");
    }

    #[test]
    fn depth_counts_folders() {
        assert_eq!(depth("/"), 0);
        assert_eq!(depth("/nyheter/a/"), 2);
    }
}
