//! Issue 15's visual identity on fixture sites: the favicon and touch icon every site gets,
//! and the logo and colour a region names in `site.yaml`'s `brand:`.

mod common;

use common::{Fixture, SITE_YAML, page};

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><rect width=\"8\" height=\"8\"/></svg>\n";

/// /favicon.ico was a 404 on every page: browsers ask for it whatever the page says.
#[test]
fn every_site_has_a_favicon_and_a_touch_icon() {
    let site = Fixture::new(&[("content/a.md", &page("A", "", "Text.\n"))]);
    site.build();
    assert!(site.exists("public/favicon.ico"));
    assert!(site.exists("public/touch-icon.png"));
    let html = site.read("public/a/index.html");
    assert!(html.contains("<link rel=\"icon\" href=\"/favicon.ico\" sizes=\"32x32\">"));
    assert!(html.contains("<link rel=\"icon\" href=\"/favicon.svg?h="));
    assert!(html.contains("<link rel=\"apple-touch-icon\" href=\"/touch-icon.png?h="));
    // Without a brand the theme's own colours stand, and nothing is inlined.
    assert!(!html.contains("<style>") && !html.contains("theme-color"));
}

#[test]
fn the_brand_logo_and_colour_from_site_yaml_reach_every_page() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n  colour: \"#00677f\"\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("static/logo.svg", LOGO),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    site.build();
    let html = site.read("public/a/index.html");
    assert!(
        html.contains("<a class=\"site-title\" href=\"/\"><img src=\"/logo.svg?h="),
        "{html}"
    );
    assert!(html.contains("\" alt=\"\" width=\"32\" height=\"32\">Testplats</a>"));
    assert!(html.contains("<link rel=\"icon\" href=\"/logo.svg?h="));
    assert!(html.contains("<meta name=\"theme-color\" content=\"#00677f\">"));
    assert!(html.contains("<style>:root { --brand: #00677f; }</style>"));
}

#[test]
fn a_brand_colour_too_light_for_white_text_is_an_error_at_its_line() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.png\n  colour: \"#6fa8dc\"\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    let stderr = site.build_fails();
    assert!(stderr.contains("error: site.yaml:3:1: site.yaml field `brand`: `colour: #6fa8dc` has 2.5:1 contrast with white"), "{stderr}");
    assert!(
        stderr.contains("`logo: logo.png` is not an SVG file"),
        "{stderr}"
    );
    assert!(!site.exists("public"));
}

/// A logo named in site.yaml but missing from static/ gave one error per page (51 on the
/// example site), each blaming the theme's base.html; it is one error, at site.yaml.
#[test]
fn missing_brand_logo_is_one_error_at_site_yaml() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("content/a.md", &page("A", "", "Text.\n")),
        ("content/b.md", &page("B", "", "Text.\n")),
    ]);
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error: site.yaml:3:1: site.yaml field `brand`: the logo `logo.svg` is not in static/"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: 1 error in the site's sources"),
        "{stderr}"
    );
    assert!(!site.exists("public"));
}

fn decode(site: &Fixture, rel: &str) -> image::RgbaImage {
    let bytes = std::fs::read(site.root().join(rel)).unwrap();
    image::load_from_memory(&bytes).unwrap().to_rgba8()
}

/// The touch icon and favicon.ico were the theme's for every site: a region's home-screen
/// icon is now its own logo, on its brand colour.
#[test]
fn the_touch_icon_and_favicon_are_drawn_from_the_brand_logo() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n  colour: \"#00677f\"\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("static/logo.svg", LOGO),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    let r = site.build();
    assert!(!r.stderr.contains("warning"), "{}", r.stderr);
    let touch = decode(&site, "public/touch-icon.png");
    assert_eq!(touch.dimensions(), (180, 180));
    // The black square logo in the middle, the brand colour around it (opaque: iOS would
    // turn transparency black).
    assert_eq!(touch.get_pixel(90, 90).0, [0, 0, 0, 255]);
    assert_eq!(touch.get_pixel(2, 2).0, [0, 103, 127, 255]);
    let favicon = decode(&site, "public/favicon.ico");
    assert_eq!(favicon.dimensions(), (32, 32));
    assert_eq!(favicon.get_pixel(16, 16).0, [0, 0, 0, 255]);
    // The pages name the drawn icon by its own hash.
    let bytes = std::fs::read(site.root().join("public/touch-icon.png")).unwrap();
    let hash = xxhash_rust::xxh3::xxh3_64(&bytes) & 0xffff_ffff;
    let html = site.read("public/a/index.html");
    assert!(
        html.contains(&format!(
            "<link rel=\"apple-touch-icon\" href=\"/touch-icon.png?h={hash:08x}\">"
        )),
        "{html}"
    );
    // Without a colour the background is white.
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n");
    site.write("site.yaml", &yaml);
    site.build();
    assert_eq!(
        decode(&site, "public/touch-icon.png").get_pixel(2, 2).0,
        [255, 255, 255, 255]
    );
}

#[test]
fn a_sites_own_touch_icon_and_favicon_win_over_the_drawn_ones() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("static/logo.svg", LOGO),
        ("static/favicon.ico", "not really an icon"),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    site.write_bytes(
        "static/touch-icon.png",
        &common::png_bytes(image::RgbImage::from_pixel(60, 60, image::Rgb([200, 0, 0]))),
    );
    site.build();
    assert_eq!(
        decode(&site, "public/touch-icon.png").dimensions(),
        (60, 60)
    );
    assert_eq!(site.read("public/favicon.ico"), "not really an icon");
}

#[test]
fn a_logo_that_cannot_be_drawn_is_an_error_naming_it() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        (
            "static/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect",
        ),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    let stderr = site.build_fails();
    assert!(
        stderr.contains(
            "error: static/logo.svg: site.yaml field `brand`: the logo cannot be drawn as an icon:"
        ),
        "{stderr}"
    );
    assert!(!site.exists("public"));
}

#[test]
fn text_in_the_logo_is_a_warning_that_it_is_left_out_of_the_icons() {
    let yaml = format!("{SITE_YAML}brand:\n  logo: logo.svg\n");
    let logo = LOGO.replace("</svg>", "<text x=\"0\" y=\"8\">V</text></svg>");
    let site = Fixture::new(&[
        ("site.yaml", &yaml),
        ("static/logo.svg", &logo),
        ("content/a.md", &page("A", "", "Text.\n")),
    ]);
    let r = site.build();
    assert!(
        r.stderr.contains("warning: static/logo.svg: site.yaml field `brand`: the logo's text is left out of the touch icon and favicon.ico"),
        "{}",
        r.stderr
    );
    assert!(site.exists("public/touch-icon.png"));
}
