//! The bundled default theme, compiled into the binary so any site can use it without a
//! copy of its own; a site's `themes/default/` folder, when present, is used instead.

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
    "i18n/en.yaml",
    "i18n/sv.yaml",
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
    "templates/partials/listing.html",
    "templates/partials/meta.html",
    "templates/partials/newsletter-deviations.html",
    "templates/partials/pagination.html",
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
