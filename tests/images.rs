//! Images on fixture sites: processed, turned the right way up, stripped of metadata,
//! described, cached, and every bad input reported.

mod common;

use common::{Fixture, page};

/// A JPEG 40×20 px, left half red, with an EXIF block that says "rotate 90° clockwise to
/// display" (orientation 6) and carries a GPS position, as phone photos do.
fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            image::Rgb([220, 0, 0])
        } else {
            image::Rgb([0, 0, 220])
        }
    });
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(
            &mut std::io::Cursor::new(&mut jpeg),
            image::ImageFormat::Jpeg,
        )
        .expect("encode");
    // TIFF, little-endian: IFD0 with Orientation = 6 and a pointer to a GPS IFD holding
    // GPSLatitudeRef "N" and GPSLatitude 56/1, 39/1, 40/1 (Kalmar).
    let mut tiff: Vec<u8> = vec![b'I', b'I', 42, 0, 8, 0, 0, 0];
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend_from_slice(&tag.to_le_bytes());
        e.extend_from_slice(&kind.to_le_bytes());
        e.extend_from_slice(&count.to_le_bytes());
        e.extend_from_slice(&value.to_le_bytes());
        e
    };
    // IFD0 at 8: 2 entries (2 + 2*12 + 4 = 30 bytes) → GPS IFD at 38.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend(entry(0x0112, 3, 1, 6));
    tiff.extend(entry(0x8825, 4, 1, 38));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    // GPS IFD at 38: 2 entries (30 bytes) → rationals at 68.
    tiff.extend_from_slice(&2u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes([b'N', 0, 0, 0])));
    tiff.extend(entry(0x0002, 5, 3, 68));
    tiff.extend_from_slice(&0u32.to_le_bytes());
    for (num, den) in [(56u32, 1u32), (39, 1), (40, 1)] {
        tiff.extend_from_slice(&num.to_le_bytes());
        tiff.extend_from_slice(&den.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xE1];
    out.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

const SITE: &str = "title: T\nbase_url: https://t.example\nimages:\n  widths: [10, 15, 100]\n";

fn photo_site() -> Fixture {
    let site = Fixture::new(&[
        ("site.yaml", SITE),
        (
            "content/nyheter/helg/index.md",
            &page(
                "Helg",
                "",
                "![Personal vid entrén till hälsocentralen](foto.jpg)\n\nText.\n\n![Karta över Öland](karta.jpg)\n",
            ),
        ),
    ]);
    site.write_bytes("content/nyheter/helg/foto.jpg", &phone_photo());
    site.write_bytes("content/nyheter/helg/karta.jpg", &phone_photo());
    site
}

#[test]
fn photos_lose_their_metadata_and_are_turned_the_right_way_up() {
    let original = phone_photo();
    assert!(
        original.windows(4).any(|w| w == b"Exif"),
        "the fixture has EXIF"
    );
    let site = photo_site();
    site.build();
    let out = std::fs::read(site.root().join("public/nyheter/helg/foto.jpg")).expect("main image");
    assert!(
        !out.windows(4).any(|w| w == b"Exif"),
        "no EXIF in the output"
    );
    let img = image::load_from_memory(&out).expect("decodes");
    assert_eq!(
        (img.width(), img.height()),
        (20, 40),
        "rotated 90°: 40×20 shows as 20×40"
    );
    // Turned clockwise: the red left half is now the top half.
    let top = img.to_rgb8().get_pixel(10, 5).0;
    assert!(top[0] > 150 && top[2] < 100, "top is red: {top:?}");
    for small in [
        "public/nyheter/helg/foto-10.jpg",
        "public/nyheter/helg/foto-15.jpg",
    ] {
        let bytes = std::fs::read(site.root().join(small)).expect(small);
        assert!(!bytes.windows(4).any(|w| w == b"Exif"));
    }
    assert!(
        !site.exists("public/nyheter/helg/foto-100.jpg"),
        "never upscaled"
    );
}

#[test]
fn img_tags_carry_srcset_sizes_dimensions_and_lazy_loading() {
    let site = photo_site();
    site.build();
    let html = site.read("public/nyheter/helg/index.html");
    // Both images with srcset, sizes, width and height; only the second loads lazily.
    insta::assert_snapshot!(common::main_of(&html));
}

#[test]
fn a_second_build_reuses_the_cache() {
    let site = photo_site();
    site.build();
    let cache = site.root().join(".vardlots-cache/images");
    let stamp = |dir: &std::path::Path| -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = walk(dir)
            .into_iter()
            .map(|p| {
                (
                    p.display().to_string(),
                    std::fs::metadata(&p).unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = stamp(&cache);
    assert!(!before.is_empty());
    site.build();
    assert_eq!(stamp(&cache), before, "nothing re-encoded");
    // An image no longer used is pruned from the cache.
    site.write_bytes("content/nyheter/helg/karta.jpg", b"");
    site.remove("content/nyheter/helg/karta.jpg");
    site.write(
        "content/nyheter/helg/index.md",
        &page("Helg", "", "![Personal vid entrén](foto.jpg)\n"),
    );
    site.build();
    let entries = std::fs::read_dir(&cache).unwrap().count();
    // One image of the site's, and the theme's touch icon (a PNG like any other).
    assert_eq!(entries, 2, "one entry per image");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn images_need_a_description() {
    let site = Fixture::new(&[(
        "content/a/index.md",
        &page(
            "A",
            "",
            "![](foto.jpg)\n\n![IMG_2041.jpg](foto.jpg)\n\n![-](foto.jpg)\n",
        ),
    )]);
    site.write_bytes("content/a/foto.jpg", &phone_photo());
    let out = site.build_fails();
    // Two errors: the decorative `![-]` is fine.
    insta::assert_snapshot!(out);
}

#[test]
fn a_decorative_image_gets_an_empty_alt() {
    let site = Fixture::new(&[("content/a/index.md", &page("A", "", "![-](foto.jpg)\n"))]);
    site.write_bytes("content/a/foto.jpg", &phone_photo());
    site.build();
    assert!(site.read("public/a/index.html").contains(" alt=\"\">"));
}

#[test]
fn bad_images_are_reported_by_name() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example\nimages:\n  max_megapixels: 1\n",
        ),
        (
            "content/a/index.md",
            &page("A", "", "![Saknas](borta.jpg)\n\n![Trasig](trasig.jpg)\n"),
        ),
    ]);
    site.write_bytes(
        "content/a/trasig.jpg",
        b"\xFF\xD8\xFF\xE0 not really a jpeg",
    );
    let out = site.build_fails();
    assert!(!out.contains("panicked"));
    insta::assert_snapshot!(out);

    let big = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example\nimages:\n  max_megabytes: 0\n",
        ),
        (
            "content/a/index.md",
            &page("A", "", "![Stor bild](stor.jpg)\n"),
        ),
    ]);
    big.write_bytes("content/a/stor.jpg", &phone_photo());
    let out = big.build_fails();
    insta::assert_snapshot!(out);
    assert!(!big.exists("public"), "nothing half-written");
}

#[test]
fn unreferenced_photos_are_stripped_too() {
    let site = Fixture::new(&[("content/a.md", &page("A", "", "Text.\n"))]);
    site.write_bytes("static/bilder/foto.jpg", &phone_photo());
    site.build();
    let out = std::fs::read(site.root().join("public/bilder/foto.jpg")).expect("copied");
    assert!(!out.windows(4).any(|w| w == b"Exif"));
}

/// A flat-colour graphic (a map, a diagram) where lossless WebP is smaller than PNG.
fn graphic_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(200, 120, |x, y| {
        if (x / 20 + y / 20) % 2 == 0 {
            image::Rgb([11, 79, 138])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    common::png_bytes(img)
}

#[test]
fn graphics_get_a_webp_source_where_it_pays_photos_do_not() {
    let site = Fixture::new(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://t.example\nimages:\n  widths: [100, 200]\n",
        ),
        (
            "content/a/index.md",
            &page(
                "A",
                "",
                "![Rutmönster i blått och vitt](rutor.png)\n\n![Personal vid entrén](foto.jpg)\n",
            ),
        ),
    ]);
    site.write_bytes("content/a/rutor.png", &graphic_png());
    site.write_bytes("content/a/foto.jpg", &phone_photo());
    site.build();
    let html = site.read("public/a/index.html");
    insta::assert_snapshot!(common::main_of(&html));
    let webp = std::fs::read(site.root().join("public/a/rutor.webp")).expect("webp");
    let png = std::fs::read(site.root().join("public/a/rutor.png")).expect("png");
    assert!(
        webp.len() * 10 <= png.len() * 9,
        "only where it pays: {} vs {}",
        webp.len(),
        png.len()
    );
    assert!(image::load_from_memory(&webp).is_ok());
    assert!(
        !html.contains("foto.webp") && html.contains("<img src=\"/a/foto.jpg\""),
        "{html}"
    );
}
