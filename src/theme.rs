//! The bundled default theme, compiled into the binary so any site can use it without a
//! copy of its own. A theme file is looked up file by file: the site's own (`templates/`,
//! `static/`, `i18n/`), then its theme folder's (`themes/<theme>/`), then, for the default
//! theme, the built-in copy; so a site overrides one template or one stylesheet and keeps
//! the rest.

pub const DEFAULT_NAME: &str = "default";

macro_rules! theme_files {
    ($($rel:literal),* $(,)?) => {
        /// (path inside the theme, contents)
        pub const FILES: &[(&str, &[u8])] = &[
            $(($rel, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $rel)))),*
        ];
    };
}

theme_files!(
    "i18n/ar.yaml",
    "i18n/en.yaml",
    "i18n/fi.yaml",
    "i18n/sv.yaml",
    "search/synonyms.yaml",
    "static/favicon.ico",
    "static/favicon.svg",
    "static/guide.js",
    "static/open-now.js",
    "static/search-loader.js",
    "static/search.js",
    "static/style.css",
    "static/touch-icon.png",
    "templates/404.html",
    "templates/alias.html",
    "templates/base.html",
    "templates/guide-overview.html",
    "templates/guide-situation.html",
    "templates/guide.html",
    "templates/helgoppet.html",
    "templates/index.html",
    "templates/newsletter-archive.html",
    "templates/newsletter.html",
    "templates/newsletter/content.html",
    "templates/newsletter/email.html",
    "templates/page.html",
    "templates/partials/guide-level.html",
    "templates/partials/language-switch.html",
    "templates/partials/listing.html",
    "templates/partials/meta.html",
    "templates/partials/newsletter-deviations.html",
    "templates/partials/pagination.html",
    "templates/partials/start-news.html",
    "templates/partials/unit-deviations.html",
    "templates/partials/unit-hours.html",
    "templates/partials/unit-special.html",
    "templates/partials/unit-week.html",
    "templates/search.html",
    "templates/section.html",
    "templates/tillganglighet.html",
    "templates/unit.html",
    "templates/units.html",
);

/// Where a theme file (`templates/page.html`) is looked for, first place first, for an error
/// that says where a missing file could have been.
pub fn lookup_places(theme_name: &str, rel: &str) -> Vec<String> {
    let mut places = vec![rel.to_string(), format!("themes/{theme_name}/{rel}")];
    if theme_name == DEFAULT_NAME {
        places.push(format!("the built-in `{DEFAULT_NAME}` theme"));
    }
    places
}

#[cfg(test)]
mod tests {
    /// Every file of themes/default is in the binary, so the built-in theme never drifts.
    #[test]
    fn builtin_list_matches_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::source::slash(e.path().strip_prefix(&dir).unwrap()))
            .collect();
        on_disk.sort();
        let listed: Vec<String> = super::FILES.iter().map(|(r, _)| r.to_string()).collect();
        assert_eq!(on_disk, listed);
    }
}
