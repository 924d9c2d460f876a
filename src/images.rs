//! Photographs and graphics: every JPEG and PNG of the site is decoded, turned the right way
//! up (EXIF orientation), resized to the configured widths (never up), and re-encoded, which
//! drops all metadata: staff phones' photos carry the GPS position they were taken at, and
//! no original is ever copied to the output.
//!
//! Work is cached outside the output, in `.vardlots-cache/images/`, by the image's content
//! hash and the processing parameters, so an unchanged image costs nothing on the next build
//! or in `serve`; entries a build did not use are pruned.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::ImageConfig;
use crate::error::{Diagnostic, Message, display_path};
use crate::msg;
use crate::output;
use crate::site::Processed;
use crate::source::{self, Asset, Origin};

/// Where processed images are kept, below the site root.
pub const CACHE_DIR: &str = ".vardlots-cache/images";

/// The file extensions processed as images; other files are copied as they are.
pub fn is_image(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png")
}

/// One processed variant of an image, as stored in the cache.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    /// File name in the cache entry.
    pub file: String,
    pub hash: u64,
    pub len: u64,
}

/// What the cache keeps about an image: its variants, largest last.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Entry {
    variants: Vec<Variant>,
    /// The same widths as lossless WebP, for a PNG whose WebP is at least a tenth smaller;
    /// served through `<picture>` with the PNG as the fallback. (The image crate encodes
    /// WebP losslessly only, which pays for graphics, not for photographs.)
    #[serde(default)]
    webp: Vec<Variant>,
}

/// The result of processing a site's images.
#[derive(Debug, Default)]
pub struct Images {
    /// Output path of the original → its processed form.
    pub processed: HashMap<String, Processed>,
    /// The files to write, read from the cache.
    pub files: Vec<Asset>,
}

/// Processes every image among `assets` (in parallel), using and filling the cache below
/// `root`. Findings name the image file.
///
/// `extra_widths` names widths some images need beside the configured ones (an email's
/// 600 and 1200 px).
pub fn process(
    root: &Path,
    assets: &[&Asset],
    cfg: &ImageConfig,
    extra_widths: &(dyn Fn(&Asset) -> &'static [u32] + Sync),
) -> (Images, Vec<Diagnostic>) {
    let cache = root.join(CACHE_DIR);
    if let Some(link) = linked_cache_folder(root) {
        let d = Diagnostic::error(&link, msg!("image-cache-is-link"))
            .context(msg!("context-image"))
            .hint(msg!("image-cache-is-link-hint", folder = CACHE_DIR));
        return (Images::default(), vec![d]);
    }
    let cfg_for = |a: &Asset| {
        let extra = extra_widths(a);
        let mut c = cfg.clone();
        c.widths
            .extend(extra.iter().filter(|w| !cfg.widths.contains(w)));
        c
    };
    let key = |a: &Asset| format!("{:016x}-{}", a.hash, params_key(&cfg_for(a)));
    // Each distinct image once: two copies of one photo must not be encoded (and written
    // to the same cache entry) twice at the same time.
    let mut distinct: HashMap<String, &Asset> = HashMap::new();
    for a in assets {
        distinct.entry(key(a)).or_insert(a);
    }
    let entries: HashMap<String, Result<Entry, Diagnostic>> = distinct
        .into_par_iter()
        .map(|(k, asset)| {
            let entry = ensure_entry(asset, &cfg_for(asset), &cache.join(&k));
            (k, entry)
        })
        .collect();
    let mut images = Images::default();
    let mut diags = Vec::new();
    for asset in assets {
        let k = key(asset);
        match &entries[&k] {
            Ok(entry) => {
                let (processed, files) = outputs(asset, entry, &cache.join(&k));
                images.processed.insert(asset.rel.clone(), processed);
                images.files.extend(files);
            }
            Err(d) if d.path == source_path(asset) => diags.push(d.clone()),
            // The same bytes under another name: reported once, for the file that failed.
            Err(d) => diags.push(Diagnostic {
                path: source_path(asset),
                ..d.clone()
            }),
        }
    }
    diags.sort_by(|a, b| a.path.cmp(&b.path));
    diags.dedup();
    let used: HashSet<String> = entries.into_keys().collect();
    prune(&cache, &used);
    (images, diags)
}

fn params_key(cfg: &ImageConfig) -> String {
    let mut widths = cfg.widths.clone();
    widths.sort_unstable();
    // "webp": entries made before WebP variants existed are made again.
    let text = format!("{widths:?}/{}/webp", cfg.jpeg_quality);
    format!(
        "{:08x}",
        xxhash_rust::xxh3::xxh3_64(text.as_bytes()) & 0xffff_ffff
    )
}

/// The first folder of the cache's path that is a link, relative to the site root.
fn linked_cache_folder(root: &Path) -> Option<PathBuf> {
    source::first_link_on_path(root, Path::new(CACHE_DIR))
}

/// The cache entry of an image, made (and written) if it is not there yet.
fn ensure_entry(asset: &Asset, cfg: &ImageConfig, dir: &Path) -> Result<Entry, Diagnostic> {
    if source::exists_but_not_a_folder(dir) {
        return Err(image_error(
            asset,
            msg!("image-cache-not-folder", folder = display_path(dir)),
        )
        .hint(msg!("image-cache-not-folder-hint")));
    }
    if let Some(entry) = read_entry(dir) {
        return Ok(entry);
    }
    let bytes = read_original(asset, cfg)?;
    let (entry, files) = encode_variants(asset, &bytes, cfg).map_err(|m| image_error(asset, m))?;
    write_entry(dir, &entry, &files).map_err(|e| {
        image_error(
            asset,
            msg!(
                "image-cache-unwritable",
                folder = display_path(dir),
                reason = e.kind().to_string()
            ),
        )
    })?;
    Ok(entry)
}

/// The output files of an image and what its `<img>` needs.
fn outputs(asset: &Asset, entry: &Entry, dir: &Path) -> (Processed, Vec<Asset>) {
    let (stem, ext) = split_name(&asset.rel);
    let main_width = entry.variants.last().map_or(0, |v| v.width);
    let main_height = entry.variants.last().map_or(0, |v| v.height);
    let mut files = Vec::new();
    // The largest variant keeps the original's name (the WebP one its stem), so a direct link
    // to the file still works; the others get their width appended.
    let mut place = |set: &[Variant], ext: &str, main: &str| -> Vec<(u32, String)> {
        set.iter()
            .map(|v| {
                let rel = if v.width == main_width {
                    main.to_string()
                } else {
                    format!("{stem}-{}.{ext}", v.width)
                };
                files.push(Asset {
                    rel: rel.clone(),
                    origin: Origin::Disk(dir.join(&v.file)),
                    hash: v.hash,
                    len: v.len,
                });
                (v.width, rel)
            })
            .collect()
    };
    let variants = place(&entry.variants, ext, &asset.rel);
    let webp = place(&entry.webp, "webp", &format!("{stem}.webp"));
    (
        Processed {
            variants,
            webp,
            width: main_width,
            height: main_height,
        },
        files,
    )
}

fn source_path(asset: &Asset) -> PathBuf {
    match &asset.origin {
        Origin::Disk(p) => p.clone(),
        Origin::Builtin(_) | Origin::Made(_) => PathBuf::from(&asset.rel),
    }
}

fn image_error(asset: &Asset, message: Message) -> Diagnostic {
    Diagnostic::error(source_path(asset), message).context(msg!("context-image"))
}

fn read_original(asset: &Asset, cfg: &ImageConfig) -> Result<Vec<u8>, Diagnostic> {
    if asset.len > u64::from(cfg.max_megabytes) * 1_000_000 {
        return Err(image_error(
            asset,
            msg!(
                "image-too-large",
                size = format!("{:.1}", asset.len as f64 / 1e6),
                limit = cfg.max_megabytes
            ),
        )
        .hint(msg!("image-too-large-hint")));
    }
    source::read_asset(asset).map_err(|e| {
        image_error(
            asset,
            msg!("image-unreadable", reason = e.kind().to_string()),
        )
    })
}

/// Decodes, orients, checks, resizes and encodes; returns the entry and the encoded files.
fn encode_variants(
    asset: &Asset,
    bytes: &[u8],
    cfg: &ImageConfig,
) -> Result<(Entry, Vec<Vec<u8>>), Message> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| msg!("image-unreadable", reason = e.kind().to_string()))?;
    let format = reader
        .format()
        .ok_or_else(|| msg!("image-unknown-format"))?;
    let mut decoder = reader.into_decoder().map_err(|_| msg!("image-damaged"))?;
    let (w, h) = decoder.dimensions();
    let megapixels = f64::from(w) * f64::from(h) / 1e6;
    if megapixels > f64::from(cfg.max_megapixels) {
        return Err(msg!(
            "image-too-many-pixels",
            size = format!("{w}×{h}"),
            megapixels = format!("{megapixels:.0}"),
            limit = cfg.max_megapixels
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| msg!("image-damaged"))?;
    img.apply_orientation(orientation);
    let png = format == image::ImageFormat::Png || asset.rel.to_ascii_lowercase().ends_with(".png");
    let ext = if png { "png" } else { "jpg" };

    let mut widths: Vec<u32> = cfg
        .widths
        .iter()
        .copied()
        .filter(|&x| x < img.width())
        .collect();
    widths.sort_unstable();
    widths.dedup();
    let largest_cfg = cfg.widths.iter().copied().max().unwrap_or(img.width());
    let main_width = img.width().min(largest_cfg);
    widths.retain(|&x| x < main_width);
    widths.push(main_width);

    // Largest first, each made from the last: a smaller source makes each step cheaper.
    let mut current = img;
    let mut made = Vec::new();
    let mut made_webp = Vec::new();
    for &width in widths.iter().rev() {
        if width < current.width() {
            let height = (u64::from(current.height()) * u64::from(width)
                / u64::from(current.width()))
            .max(1) as u32;
            // A large reduction (a phone photo to web size) with the fast integer box filter,
            // which averages every source pixel and so does not alias; small steps with a
            // triangle filter. Triangle alone took 0.3 s per 12-megapixel photo.
            current = if current.width() >= 2 * width {
                current.thumbnail_exact(width, height)
            } else {
                current.resize_exact(width, height, FilterType::Triangle)
            };
        }
        let mut out = Vec::new();
        if png {
            current
                .write_with_encoder(PngEncoder::new_with_quality(
                    &mut out,
                    CompressionType::Default,
                    PngFilter::Adaptive,
                ))
                .map_err(|_| msg!("image-cannot-encode"))?;
            let mut webp = Vec::new();
            let rgba = DynamicImage::ImageRgba8(current.to_rgba8());
            if rgba
                .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut webp))
                .is_ok()
            {
                made_webp.push((
                    Variant {
                        width: current.width(),
                        height: current.height(),
                        file: format!("{}.webp", current.width()),
                        hash: xxhash_rust::xxh3::xxh3_64(&webp),
                        len: webp.len() as u64,
                    },
                    webp,
                ));
            }
        } else {
            let rgb = DynamicImage::ImageRgb8(current.to_rgb8());
            rgb.write_with_encoder(JpegEncoder::new_with_quality(&mut out, cfg.jpeg_quality))
                .map_err(|_| msg!("image-cannot-encode"))?;
        }
        made.push((
            Variant {
                width: current.width(),
                height: current.height(),
                file: format!("{}.{ext}", current.width()),
                hash: xxhash_rust::xxh3::xxh3_64(&out),
                len: out.len() as u64,
            },
            out,
        ));
    }
    made.reverse();
    made_webp.reverse();
    let size = |v: &[(Variant, Vec<u8>)]| v.iter().map(|(v, _)| v.len).sum::<u64>();
    let pays = made_webp.len() == made.len() && size(&made_webp) * 10 <= size(&made) * 9;
    if !pays {
        made_webp.clear();
    }
    let (variants, mut files): (Vec<Variant>, Vec<Vec<u8>>) = made.into_iter().unzip();
    let (webp, webp_files): (Vec<Variant>, Vec<Vec<u8>>) = made_webp.into_iter().unzip();
    files.extend(webp_files);
    Ok((Entry { variants, webp }, files))
}

/// A cache entry, if it is whole and entirely vardlots' own. The cache sits in the site's
/// folder, where a pull request could plant an entry whose variant is a link to a file of
/// the build machine, or a name such as `../../../etc/passwd`; its files are copied to the
/// output, so only plain files directly in the entry's folder are taken.
fn read_entry(dir: &Path) -> Option<Entry> {
    let entry: Entry =
        serde_json::from_slice(&source::read_cache_file(&dir.join("entry.json"))?).ok()?;
    entry
        .variants
        .iter()
        .chain(entry.webp.iter())
        .all(|v| {
            // Only a plain name: `../../etc/passwd` would lead out of the entry's folder.
            let plain_name = Path::new(&v.file)
                .components()
                .map(|c| matches!(c, std::path::Component::Normal(_)))
                .eq([true]);
            plain_name && source::cache_file_has_len(&dir.join(&v.file), v.len)
        })
        .then_some(entry)
}

/// Writes an entry's files, then its description last, so a half-written entry is never
/// taken for a whole one.
fn write_entry(dir: &Path, entry: &Entry, files: &[Vec<u8>]) -> std::io::Result<()> {
    let named: Vec<(&str, &[u8])> = entry
        .variants
        .iter()
        .chain(entry.webp.iter())
        .zip(files)
        .map(|(v, bytes)| (v.file.as_str(), bytes.as_slice()))
        .collect();
    let json = serde_json::to_vec(entry).map_err(std::io::Error::other)?;
    output::write_cache_entry(dir, &named, ("entry.json", &json))
}

/// Removes cache entries this build did not use. Only entries shaped like ours are touched.
fn prune(cache: &Path, used: &HashSet<String>) {
    for (name, path) in source::cache_entries(cache, "entry.json") {
        let ours = name.len() == 25
            && name.as_bytes()[16] == b'-'
            && name.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
        if ours && !used.contains(&name) {
            output::remove_cache_entry(&path);
        }
    }
}

fn split_name(rel: &str) -> (&str, &str) {
    match rel.rsplit_once('.') {
        Some((stem, _)) if rel.to_ascii_lowercase().ends_with(".png") => (stem, "png"),
        Some((stem, _)) => (stem, "jpg"),
        None => (rel, "jpg"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(split_name("om/bild.JPEG"), ("om/bild", "jpg"));
        assert_eq!(split_name("a/b.png"), ("a/b", "png"));
    }
}
