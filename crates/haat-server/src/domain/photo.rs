//! A product photo as a phone sends it (JPEG, PNG or WebP, any size, turned by its EXIF orientation),
//! made into the two pictures the storefront shows: a square thumbnail for the list and a larger one
//! for the product's page. Both are JPEGs written afresh, so nothing of the original file's metadata
//! (place, camera, time) is kept. Named by their content: the same photo sent twice is one photo.

use std::io::Cursor;

use haat::lang::Lang;
use image::{
    DynamicImage, ImageDecoder, ImageReader, Limits, codecs::jpeg::JpegEncoder,
    imageops::FilterType,
};
use sha2::{Digest, Sha256};

/// The most bytes a photo upload may have: a phone camera's largest JPEG, with room.
pub const MAX_UPLOAD_BYTES: usize = 15 * 1024 * 1024;
/// The longest side of the product page's picture (360 CSS px at 2×).
pub const LARGE: u32 = 720;
/// The side of the list's square thumbnail (56 CSS px at 3×, rounded up).
pub const SMALL: u32 = 160;
/// Photos smaller than this on either side are too small to show.
const MIN_SIDE: u32 = 64;
/// Photos larger than this on either side are refused before they are decoded.
const MAX_SIDE: u32 = 12_000;
/// Nor more pixels than this (a 50-megapixel phone camera's full size): decoded, about 150 MB.
const MAX_PIXELS: u64 = 50_000_000;
/// The most memory the decoder may take for one photo: the largest photo decoded, with room.
const MAX_DECODING_BYTES: u64 = 256 * 1024 * 1024;
const QUALITY: u8 = 82;

/// How long an uploaded photo waits to be used (by the draft, or as the logo) before it may be deleted:
/// the console uploads a photo first and saves the product that shows it after.
pub const UNUSED_GRACE_MS: i64 = 24 * 60 * 60 * 1000;

/// A picture's file name, `{id}-{size}.jpg`, as the photo's id (24 hex digits) and the picture's size
/// (`LARGE` or `SMALL`).
pub fn picture_file(file: &str) -> Option<(&str, u32)> {
    let (id, size) = file.strip_suffix(".jpg")?.rsplit_once('-')?;
    let size = size
        .parse::<u32>()
        .ok()
        .filter(|size| [LARGE, SMALL].contains(size))?;
    let hex = id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    hex.then_some((id, size))
}

/// The photo `address` names, if it is one of Haat's: `/photos/{store}/{id}-{size}.jpg`, as a path or a
/// whole address (`https://shop.example/photos/…`, pasted from the storefront).
pub fn named_by(address: &str) -> Option<&str> {
    let path = match address.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => address,
    };
    let (_, file) = path.strip_prefix("/photos/")?.split_once('/')?;
    picture_file(file).map(|(id, _)| id)
}

/// The shop (its slug) among whose photos a path on this server is: `/photos/{store}/…`.
pub fn shop_of(path: &str) -> Option<&str> {
    Some(path.strip_prefix("/photos/")?.split_once('/')?.0)
}

/// Which of `candidates` (photo ids) none of `uses` (a draft's JSON, the shop's logo) names.
pub fn unused<'a>(candidates: &'a [String], uses: &[&str]) -> Vec<&'a str> {
    candidates
        .iter()
        .filter(|id| {
            let named = format!("/{id}-");
            !uses.iter().any(|text| text.contains(&named))
        })
        .map(String::as_str)
        .collect()
}

/// A photo ready to keep.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    /// Hex of the large picture's SHA-256, shortened: its name in addresses.
    pub id: String,
    pub width: u32,
    pub height: u32,
    /// The product page's picture: fits in `LARGE` × `LARGE`.
    pub large: Vec<u8>,
    /// The list's thumbnail: `SMALL` × `SMALL`, the photo's middle.
    pub small: Vec<u8>,
}

/// Why a file cannot be a product photo.
#[derive(Debug, PartialEq, Eq)]
pub enum PhotoError {
    NotAnImage,
    /// Its width and height, in pixels.
    TooLarge(u32, u32),
    TooSmall(u32, u32),
}

impl PhotoError {
    /// Why, as the shop's owner reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        // A size as the file's header gives it: plain digits.
        match self {
            Self::NotAnImage => lang
                .t("This file is not a photo Haat can read. Send a JPEG, PNG or WebP picture.")
                .to_owned(),
            Self::TooLarge(width, height) => lang.f(
                "This photo is too large ({width} × {height} pixels). Send one of at most 50 megapixels, and at most 12,000 pixels on each side.",
                &[("width", &width.to_string()), ("height", &height.to_string())],
            ),
            Self::TooSmall(width, height) => lang.f(
                "This photo is too small ({width} × {height} pixels) to show. Send one at least 64 pixels on each side.",
                &[("width", &width.to_string()), ("height", &height.to_string())],
            ),
        }
    }
}

/// Reads `bytes` as a photo and makes its two pictures.
pub fn process(bytes: &[u8]) -> Result<Photo, PhotoError> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| PhotoError::NotAnImage)
    };
    // The size from the file's header, before anything is decoded.
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|_| PhotoError::NotAnImage)?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::TooLarge(width, height));
    }
    if width < MIN_SIDE || height < MIN_SIDE {
        return Err(PhotoError::TooSmall(width, height));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODING_BYTES);
    let mut decoding = reader()?;
    decoding.limits(limits);
    let mut decoder = decoding
        .into_decoder()
        .map_err(|_| PhotoError::NotAnImage)?;
    let orientation = decoder.orientation().map_err(|_| PhotoError::NotAnImage)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| PhotoError::NotAnImage)?;
    image.apply_orientation(orientation);
    let image = on_white(image);
    // Never enlarged: a small photo stays as sharp as it came.
    let large = if image.width() > LARGE || image.height() > LARGE {
        image.resize(LARGE, LARGE, FilterType::CatmullRom)
    } else {
        image.clone()
    };
    let small = image.resize_to_fill(SMALL, SMALL, FilterType::CatmullRom);
    let large_bytes = jpeg(&large);
    let id = hex::encode(&Sha256::digest(&large_bytes)[..12]);
    Ok(Photo {
        id,
        width: large.width(),
        height: large.height(),
        large: large_bytes,
        small: jpeg(&small),
    })
}

/// The picture with any transparency laid on white (a JPEG has none).
fn on_white(image: DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return DynamicImage::ImageRgb8(image.into_rgb8());
    }
    let mut rgba = image.into_rgba8();
    for pixel in rgba.pixels_mut() {
        let [r, g, b, a] = pixel.0;
        let over = |c: u8| {
            let (c, a) = (u16::from(c), u16::from(a));
            u8::try_from((c * a + 255 * (255 - a)) / 255).unwrap_or(u8::MAX)
        };
        pixel.0 = [over(r), over(g), over(b), 255];
    }
    DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
}

fn jpeg(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, QUALITY))
        .expect("an RGB picture encodes as JPEG in memory");
    out
}

#[cfg(test)]
mod tests {
    use image::{ImageEncoder, Rgb, RgbImage, RgbaImage};

    use super::*;

    /// The start of a PNG of `width` × `height`: enough to read its size, nothing to decode.
    fn png_header(width: u32, height: u32) -> Vec<u8> {
        fn crc32(bytes: &[u8]) -> u32 {
            let mut crc = !0u32;
            for &byte in bytes {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = if crc & 1 == 1 {
                        (crc >> 1) ^ 0xEDB8_8320
                    } else {
                        crc >> 1
                    };
                }
            }
            !crc
        }
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            let length = u32::try_from(data.len()).expect("a short chunk");
            out.extend_from_slice(&length.to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[start..]);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut header = [width.to_be_bytes(), height.to_be_bytes()].concat();
        header.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &header);
        chunk(&mut out, b"IDAT", &[]);
        out
    }

    /// A JPEG whose EXIF says "turn me a quarter clockwise": left half red, right half blue.
    fn turned_jpeg(width: u32, height: u32) -> Vec<u8> {
        let picture = RgbImage::from_fn(width, height, |x, _| {
            if x < width / 2 {
                Rgb([220, 20, 20])
            } else {
                Rgb([20, 20, 220])
            }
        });
        // TIFF, little-endian: one IFD entry, Orientation (0x0112) = 6, "rotate 90° clockwise".
        let exif = [
            b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0,
            0,
        ];
        let mut out = Vec::new();
        let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
        encoder.set_exif_metadata(exif.to_vec()).expect("exif");
        encoder
            .write_image(
                picture.as_raw(),
                width,
                height,
                image::ExtendedColorType::Rgb8,
            )
            .expect("a jpeg");
        out
    }

    #[test]
    fn a_phone_photo_is_turned_upright_resized_and_stripped() {
        let sent = turned_jpeg(1600, 800);
        assert!(sent.windows(4).any(|w| w == b"Exif"));
        let photo = process(&sent).expect("a photo");
        // Turned a quarter: now tall, red on top.
        assert_eq!((photo.width, photo.height), (360, 720));
        let large = image::load_from_memory(&photo.large)
            .expect("a jpeg")
            .into_rgb8();
        assert_eq!(large.dimensions(), (360, 720));
        let top = large.get_pixel(180, 100).0;
        assert!(top[0] > 150 && top[2] < 100, "red on top: {top:?}");
        let small = image::load_from_memory(&photo.small).expect("a jpeg");
        assert_eq!((small.width(), small.height()), (SMALL, SMALL));
        for kept in [&photo.large, &photo.small] {
            assert!(!kept.windows(4).any(|w| w == b"Exif"), "no metadata kept");
        }
        assert_eq!(
            process(&sent).expect("again").id,
            photo.id,
            "named by content"
        );
    }

    #[test]
    fn transparency_is_laid_on_white_and_small_photos_stay_small() {
        let clear = RgbaImage::from_pixel(100, 80, image::Rgba([0, 0, 0, 0]));
        let mut png = Vec::new();
        DynamicImage::ImageRgba8(clear)
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .expect("a png");
        let photo = process(&png).expect("a photo");
        assert_eq!((photo.width, photo.height), (100, 80), "never enlarged");
        let pixel = image::load_from_memory(&photo.large)
            .expect("a jpeg")
            .into_rgb8()
            .get_pixel(50, 40)
            .0;
        assert!(pixel.iter().all(|c| *c > 245), "white: {pixel:?}");
    }

    #[test]
    fn a_photo_is_named_by_its_address_and_unused_when_nothing_names_it() {
        let id = "0a1b2c3d4e5f60718293a4b5";
        for address in [
            format!("/photos/demo/{id}-720.jpg"),
            format!("/photos/demo/{id}-160.jpg"),
            format!("https://shop.example/photos/demo/{id}-720.jpg"),
        ] {
            assert_eq!(named_by(&address), Some(id), "{address}");
        }
        for other in [
            "https://cdn.example.com/images/x-720.jpg",
            "/photos/demo",
            "/photos/demo/0a1b2c-720.jpg",
            "/photos/demo/0a1b2c3d4e5f60718293a4b5-300.jpg",
        ] {
            assert_eq!(named_by(other), None, "{other}");
        }
        let candidates = ["0a1b2c".to_owned(), "3d4e5f".to_owned(), "777".to_owned()];
        let draft = r#"{"products":[{"image":"/photos/demo/0a1b2c-720.jpg"}]}"#;
        let logo = "https://shop.example/photos/demo/777-720.jpg";
        assert_eq!(unused(&candidates, &[draft, logo]), ["3d4e5f"]);
        assert_eq!(unused(&candidates, &[]), ["0a1b2c", "3d4e5f", "777"]);
    }

    #[test]
    fn what_is_not_a_usable_photo_says_why() {
        assert_eq!(
            process(b"name,price\nPoha,45\n"),
            Err(PhotoError::NotAnImage)
        );
        let tiny = turned_jpeg(40, 40);
        assert_eq!(process(&tiny), Err(PhotoError::TooSmall(40, 40)));
        let wide = turned_jpeg(12_008, 64);
        assert_eq!(process(&wide), Err(PhotoError::TooLarge(12_008, 64)));
        let vast = png_header(8_000, 7_000);
        assert_eq!(process(&vast), Err(PhotoError::TooLarge(8_000, 7_000)));
        let mut truncated = turned_jpeg(400, 400);
        truncated.truncate(300);
        assert_eq!(process(&truncated), Err(PhotoError::NotAnImage));
    }
}
