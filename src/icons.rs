//! The site's icons drawn from its logo (`brand.logo` in `site.yaml`, an SVG): the touch
//! icon a phone puts on its home screen and the `favicon.ico` browsers ask for at the root,
//! so a region's own mark, not the theme's, stands for its site everywhere. Pure: SVG bytes
//! in, PNG and ICO bytes out; the pipeline reads the logo and hands the files to the output.
//!
//! The SVG is drawn by resvg, without fonts (the output must not depend on the fonts of the
//! machine that builds it: text in a logo must be converted to paths) and without any file
//! it names (`<image href="...">` outside a `data:` URL is not read: nothing outside the
//! site's sources goes into the output).

use std::io::Cursor;

use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbaImage};
use resvg::{tiny_skia, usvg};

/// The touch icon's output path, as the theme's `<link rel="apple-touch-icon">` names it.
pub const TOUCH_ICON: &str = "touch-icon.png";
/// The icon browsers fetch at the site's root without being told.
pub const FAVICON: &str = "favicon.ico";
/// Apple's size for an iPhone home-screen icon (180 × 180 px, the @3x size in the Human
/// Interface Guidelines' app-icon table); other phones scale it.
pub const TOUCH_SIZE: u32 = 180;
/// The logo's share of the touch icon's width: home screens round the corners off (iOS by
/// about a fifth of the width), so the logo keeps clear of them, like the 80 % "safe zone"
/// of Android's maskable icons.
const TOUCH_LOGO_SHARE: f32 = 0.8;
/// The sizes in `favicon.ico`: 16 px for tabs, 32 px for high-density tabs and bookmarks.
const FAVICON_SIZES: [u32; 2] = [16, 32];

/// The icons drawn from a logo.
#[derive(Debug)]
pub struct Icons {
    /// 180 × 180 PNG, opaque: iOS fills what is transparent with black.
    pub touch: Vec<u8>,
    /// 16 and 32 px, transparent where the logo is.
    pub favicon: Vec<u8>,
    /// The logo has text, which is left out (no fonts are used).
    pub dropped_text: bool,
}

/// Draws the icons from `svg`. The touch icon's background is `background` (the brand
/// colour, or white). An SVG that does not parse or has no size is an error message.
pub fn from_svg(svg: &[u8], background: [u8; 3]) -> Result<Icons, String> {
    let mut options = usvg::Options::default();
    // Never read a file the SVG names (the default would read any path on the machine).
    options.image_href_resolver.resolve_string = Box::new(|_, _| None);
    let tree = usvg::Tree::from_data(svg, &options).map_err(|e| e.to_string())?;
    let dropped_text = contains_text(svg);
    let [r, g, b] = background;
    let touch = draw(
        &tree,
        TOUCH_SIZE,
        TOUCH_LOGO_SHARE,
        Some(tiny_skia::Color::from_rgba8(r, g, b, 255)),
    )?;
    let touch = png(&touch)?;
    let mut frames = Vec::new();
    for size in FAVICON_SIZES {
        let img = draw(&tree, size, 1.0, None)?;
        frames.push(
            IcoFrame::as_png(img.as_raw(), size, size, ExtendedColorType::Rgba8)
                .map_err(|e| e.to_string())?,
        );
    }
    let mut favicon = Vec::new();
    IcoEncoder::new(&mut favicon)
        .encode_images(&frames)
        .map_err(|e| e.to_string())?;
    Ok(Icons {
        touch,
        favicon,
        dropped_text,
    })
}

/// The logo centred in a `size` square, at `share` of its width, on `background`.
fn draw(
    tree: &usvg::Tree,
    size: u32,
    share: f32,
    background: Option<tiny_skia::Color>,
) -> Result<RgbaImage, String> {
    let mut pixmap =
        tiny_skia::Pixmap::new(size, size).ok_or_else(|| format!("cannot draw {size} px"))?;
    if let Some(c) = background {
        pixmap.fill(c);
    }
    let logo = tree.size();
    let box_side = size as f32 * share;
    let scale = box_side / logo.width().max(logo.height());
    let dx = (size as f32 - logo.width() * scale) / 2.0;
    let dy = (size as f32 - logo.height() * scale) / 2.0;
    resvg::render(
        tree,
        tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
        &mut pixmap.as_mut(),
    );
    RgbaImage::from_raw(size, size, pixmap.take_demultiplied())
        .ok_or_else(|| "the drawing has the wrong size".to_string())
}

fn png(img: &RgbaImage) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    PngEncoder::new(&mut out)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            ExtendedColorType::Rgba8,
        )
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

/// Whether the SVG has a `<text>` element (usvg without fonts leaves text out silently).
fn contains_text(svg: &[u8]) -> bool {
    let text = String::from_utf8_lossy(svg);
    roxmltree::Document::parse(&text)
        .is_ok_and(|d| d.descendants().any(|n| n.tag_name().name() == "text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10" fill="#ff0000"/></svg>"##;

    fn decode(png: &[u8]) -> RgbaImage {
        image::load_from_memory(png).unwrap().to_rgba8()
    }

    #[test]
    fn the_touch_icon_is_the_logo_centred_on_the_background() {
        let icons = from_svg(LOGO.as_bytes(), [0, 103, 127]).unwrap();
        let img = decode(&icons.touch);
        assert_eq!(img.dimensions(), (TOUCH_SIZE, TOUCH_SIZE));
        // A 2:1 logo at 80 % of 180 px: 144 × 72, centred.
        assert_eq!(img.get_pixel(90, 90).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(20, 90).0, [255, 0, 0, 255]);
        assert_eq!(img.get_pixel(90, 40).0, [0, 103, 127, 255]);
        assert_eq!(img.get_pixel(5, 5).0, [0, 103, 127, 255]);
        assert!(!icons.dropped_text);
    }

    #[test]
    fn the_favicon_has_16_and_32_px() {
        let icons = from_svg(LOGO.as_bytes(), [255, 255, 255]).unwrap();
        let ico = image::load_from_memory_with_format(&icons.favicon, image::ImageFormat::Ico)
            .unwrap()
            .to_rgba8();
        // The decoder picks the largest frame.
        assert_eq!(ico.dimensions(), (32, 32));
        assert_eq!(ico.get_pixel(16, 16).0, [255, 0, 0, 255]);
        assert_eq!(ico.get_pixel(16, 2).0[3], 0, "transparent around the logo");
        // The directory lists two images.
        assert_eq!(u16::from_le_bytes([icons.favicon[4], icons.favicon[5]]), 2);
    }

    #[test]
    fn text_is_noticed_and_files_are_not_read() {
        // A red drawing on the machine, named by its absolute path (usvg's default would
        // read and draw it).
        let dir = tempfile::tempdir().unwrap();
        let red = dir.path().join("red.svg");
        std::fs::write(&red, LOGO).unwrap();
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="{}" width="10" height="10"/><text x="0" y="9">V</text></svg>"#,
            red.display()
        );
        let icons = from_svg(svg.as_bytes(), [255, 255, 255]).unwrap();
        assert!(icons.dropped_text);
        // Nothing drawn: neither the file nor the text.
        let img = decode(&icons.touch);
        assert!(img.pixels().all(|p| p.0 == [255, 255, 255, 255]));
        assert!(!contains_text(b"<svg><title>text</title><textPath/></svg>"));
        assert!(contains_text(
            b"<s:svg xmlns:s='http://www.w3.org/2000/svg'><s:text>V</s:text></s:svg>"
        ));
    }

    #[test]
    fn a_broken_svg_is_an_error() {
        assert!(from_svg(b"<svg", [255, 255, 255]).is_err());
        assert!(from_svg(b"not svg", [255, 255, 255]).is_err());
    }
}
