//! The shop's card: the picture a link preview shows for a shop's pages (`/s/{store}/card.png`, named by
//! their `og:image`), drawn here from the shop's name and tagline since a shop has no picture of its own.
//! 1200 × 630, the size WhatsApp, Telegram and others crop previews to.

// Glyph geometry and pixel coverage are fractions of pixels; no money is near here.
#![allow(
    clippy::float_arithmetic,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use axum::{
    extract::State,
    http::header::{CACHE_CONTROL, CONTENT_TYPE},
    response::IntoResponse,
};
use haat::lang::Lang;
use haat_api::StoreProfile;
use image::{ImageFormat, Rgb, RgbImage};

use super::{AppState, extract::ApiPath};
use crate::error::AppError;

/// DejaVu Sans Bold (its licence is beside it): Latin, Greek and Cyrillic. A name in a script it lacks
/// (Devanagari) is left out of the card rather than drawn as boxes.
const FONT: &[u8] = include_bytes!("../../assets/DejaVuSans-Bold.ttf");

const WIDTH: u32 = 1200;
const HEIGHT: u32 = 630;
const MARGIN: f32 = 80.0;
/// The storefront's brand green and the text on it (static/app.css `--brand`, `--brand-ink`).
const BRAND: Rgb<u8> = Rgb([0x0f, 0x7b, 0x5f]);
const INK: Rgb<u8> = Rgb([0xff, 0xff, 0xff]);
const SOFT_INK: Rgb<u8> = Rgb([0xd5, 0xee, 0xe5]);

pub async fn shop_card(
    State(app): State<AppState>,
    ApiPath(slug): ApiPath<String>,
) -> Result<impl IntoResponse, AppError> {
    // A picture for link previews, which no one reads a refusal of.
    let shop = app.shop(&slug, &Lang::english()).await?;
    // Drawing is a few milliseconds of CPU: off the async workers.
    let png = tokio::task::spawn_blocking(move || draw(&shop.profile))
        .await
        .map_err(|error| AppError::Internal(format!("drawing the card failed: {error}")))??;
    Ok((
        [
            (CONTENT_TYPE, "image/png"),
            // A shop's name changes rarely; previews are fetched once anyway.
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        png,
    ))
}

/// The card for `shop`, as PNG.
pub fn draw(shop: &StoreProfile) -> Result<Vec<u8>, AppError> {
    let font = FontRef::try_from_slice(FONT)
        .map_err(|error| AppError::Internal(format!("the card's font does not load: {error}")))?;
    let mut card = RgbImage::from_pixel(WIDTH, HEIGHT, BRAND);
    let width = WIDTH as f32 - 2.0 * MARGIN;
    let mut y = 150.0;
    for line in wrap(&font, 84.0, &shop.name, width).iter().take(2) {
        y = write(&mut card, &font, 84.0, line, y, INK);
    }
    y += 24.0;
    for line in wrap(&font, 44.0, &shop.tagline, width).iter().take(2) {
        y = write(&mut card, &font, 44.0, line, y, SOFT_INK);
    }
    write(
        &mut card,
        &font,
        36.0,
        "Order in the chat",
        HEIGHT as f32 - MARGIN - 36.0,
        SOFT_INK,
    );
    let mut png = std::io::Cursor::new(Vec::new());
    card.write_to(&mut png, ImageFormat::Png)
        .map_err(|error| AppError::Internal(format!("the card did not encode: {error}")))?;
    Ok(png.into_inner())
}

/// `text`'s words in lines at most `width` wide at `size` px; words the font has no glyphs for are left out.
fn wrap(font: &FontRef<'_>, size: f32, text: &str, width: f32) -> Vec<String> {
    let scaled = font.as_scaled(PxScale::from(size));
    let measure = |text: &str| -> f32 {
        text.chars()
            .map(|c| scaled.h_advance(font.glyph_id(c)))
            .sum()
    };
    let drawable = |word: &&str| word.chars().all(|c| font.glyph_id(c).0 != 0);
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace().filter(drawable) {
        match lines.last_mut() {
            Some(line) if measure(line) + measure(" ") + measure(word) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// Draws one line at the left margin with its top at `top`; answers where the next line's top is.
fn write(
    card: &mut RgbImage,
    font: &FontRef<'_>,
    size: f32,
    line: &str,
    top: f32,
    colour: Rgb<u8>,
) -> f32 {
    let scaled = font.as_scaled(PxScale::from(size));
    let baseline = top + scaled.ascent();
    let mut x = MARGIN;
    let mut previous = None;
    for c in line.chars() {
        let id = font.glyph_id(c);
        if let Some(previous) = previous {
            x += scaled.kern(previous, id);
        }
        let glyph = id.with_scale_and_position(scaled.scale(), ab_glyph::point(x, baseline));
        x += scaled.h_advance(id);
        previous = Some(id);
        let Some(outline) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outline.px_bounds();
        outline.draw(|gx, gy, coverage| {
            let (px, py) = (
                bounds.min.x as i64 + i64::from(gx),
                bounds.min.y as i64 + i64::from(gy),
            );
            let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py)) else {
                return;
            };
            if let Some(pixel) = card.get_pixel_mut_checked(px, py) {
                *pixel = blend(*pixel, colour, coverage);
            }
        });
    }
    top + scaled.height() + scaled.line_gap()
}

/// `over` laid on `under` with `coverage` (0 to 1) of it showing.
fn blend(under: Rgb<u8>, over: Rgb<u8>, coverage: f32) -> Rgb<u8> {
    let mix = |a: u8, b: u8| {
        (f32::from(a) + (f32::from(b) - f32::from(a)) * coverage.clamp(0.0, 1.0)).round() as u8
    };
    Rgb([
        mix(under[0], over[0]),
        mix(under[1], over[1]),
        mix(under[2], over[2]),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_wrap_and_words_without_glyphs_are_left_out() {
        let font = FontRef::try_from_slice(FONT).expect("the font loads");
        let lines = wrap(
            &font,
            84.0,
            "Sharma Kirana Store and General Merchants of Indiranagar",
            1040.0,
        );
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(wrap(&font, 44.0, "शर्मा किराना Store", 1040.0), ["Store"]);
    }

    #[test]
    fn the_card_is_a_png_of_the_preview_size() {
        let shop: StoreProfile = serde_json::from_value(serde_json::json!({
            "slug": "demo", "name": "Sharma Kirana Store", "tagline": "Daily groceries",
            "currency": "INR", "locale": "en-IN", "phone": "+919845012345",
            "min_order": 0, "delivery_fee": 0
        }))
        .expect("a profile");
        let png = draw(&shop).expect("a card");
        let card = image::load_from_memory_with_format(&png, ImageFormat::Png).expect("a PNG");
        assert_eq!((card.width(), card.height()), (WIDTH, HEIGHT));
        // Text was drawn: some pixels are the ink's.
        let ink = card
            .to_rgb8()
            .pixels()
            .filter(|pixel| **pixel == INK)
            .count();
        assert!(ink > 1_000, "{ink} pixels of text");
    }
}
