//! Product photos: the owner sends one from the phone (`POST /api/stores/{store}/photos`), the server
//! makes the storefront's two pictures of it (domain/photo.rs) and keeps them; shoppers' browsers get
//! them from `/photos/{store}/{id}-{size}.jpg`, cached for a year (a photo's address names its content,
//! so it never changes).

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, State, rejection::BytesRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use haat::lang::Lang;
use haat_api::{ErrorCode, UploadedPhoto};

use super::{
    AppState,
    extract::{Merchant, Voice},
    now_ms,
};
use crate::{
    domain::photo,
    error::{AppError, SaidIn},
    store::PhotoSize,
};

/// The largest photo upload, with room for the request around it.
pub const MAX_PHOTO_BODY: usize = photo::MAX_UPLOAD_BYTES;

/// `POST /api/stores/{store}/photos`: the photo's bytes (JPEG, PNG or WebP) in the body; answers where
/// its two pictures are. Nothing is kept when the file is not a photo Haat can use: why is said in the
/// language `Accept-Language` asks for.
pub async fn upload(
    State(app): State<AppState>,
    Merchant(shop): Merchant,
    Voice(lang): Voice,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<UploadedPhoto>), AppError> {
    let bytes = body.map_err(|rejection| body_error(rejection, &lang))?;
    let _turn = app
        .photo_work
        .acquire()
        .await
        .map_err(|closed| AppError::Internal(format!("photo work closed: {closed}")))?;
    let made = tokio::task::spawn_blocking(move || photo::process(&bytes))
        .await
        .map_err(|error| AppError::Internal(format!("the photo's work stopped: {error}")))?
        .said_in(&lang)?;
    app.store.save_photo(shop.id, &made, now_ms()).await?;
    tracing::info!(store = %shop.profile.slug, photo = %made.id, "a photo was kept");
    let address = |size: u32| format!("/photos/{}/{}-{size}.jpg", shop.profile.slug, made.id);
    Ok((
        StatusCode::CREATED,
        Json(UploadedPhoto {
            url: address(photo::LARGE),
            thumbnail: address(photo::SMALL),
            width: made.width,
            height: made.height,
        }),
    ))
}

/// The shopper's side: `/photos/{store}/{id}-{size}.jpg`.
pub fn routes() -> Router<AppState> {
    Router::new().route("/photos/{store}/{file}", get(serve))
}

async fn serve(
    State(app): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Response {
    let Some((id, size)) = picture(&file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let found = match app.store.store_by_slug(&slug).await {
        Ok(Some(shop)) => app.store.photo(shop.id, id, size).await,
        Ok(None) => Ok(None),
        Err(error) => Err(error),
    };
    match found {
        Ok(Some(bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => AppError::from(error).into_response(),
    }
}

/// `{id}-720.jpg` → the photo's id and the large picture; `-160` the small. Anything else is no photo.
fn picture(file: &str) -> Option<(&str, PhotoSize)> {
    let (id, size) = photo::picture_file(file)?;
    let size = if size == photo::LARGE {
        PhotoSize::Large
    } else {
        PhotoSize::Small
    };
    Some((id, size))
}

/// A photo that did not arrive as sent, in `lang`.
fn body_error(rejection: BytesRejection, lang: &Lang) -> AppError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::client(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            lang.t("This photo is larger than 15 MB. Send a smaller one, or take it again at a lower size."),
        )
    } else {
        AppError::client(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidPhoto,
            lang.t("The photo did not arrive whole. Send it again."),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_photos_two_pictures_have_addresses() {
        let id = "0123456789abcdef01234567";
        assert_eq!(
            picture(&format!("{id}-720.jpg")),
            Some((id, PhotoSize::Large))
        );
        assert_eq!(
            picture(&format!("{id}-160.jpg")),
            Some((id, PhotoSize::Small))
        );
        for bad in [
            format!("{id}-300.jpg"),
            format!("{id}.jpg"),
            format!("{id}-720.png"),
            "../etc-720.jpg".to_owned(),
            format!("{}-720.jpg", id.to_uppercase()),
        ] {
            assert_eq!(picture(&bad), None, "{bad}");
        }
    }
}
