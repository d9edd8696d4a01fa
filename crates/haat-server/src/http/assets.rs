//! The built storefront: hashed assets cached for a year, `index.html` for every app route, brotli
//! variants served when the build made them and the browser accepts them. A file that is not there is a
//! 404, never the app's page in its place: a page from before a deploy asks for its own build's checkout
//! bundle, and must learn that it is gone (src/bundles.js reloads then).

use std::path::Path;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header::CACHE_CONTROL},
    middleware::{self, Next},
    response::Response,
};
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};

/// Serves the app's pages (`/s/…`) and `dir` for every path no other route took. Any other missing path
/// answers 404 with the app's page, which says it found nothing there.
pub fn serve_from<S: Clone + Send + Sync + 'static>(router: Router<S>, dir: &Path) -> Router<S> {
    let index = ServeFile::new(dir.join("index.html")).precompressed_br();
    let files = ServeDir::new(dir)
        .precompressed_br()
        .not_found_service(index.clone());
    let cached = || ServiceBuilder::new().layer(middleware::from_fn(cache_control));
    router
        .route_service("/s/{*page}", cached().service(index))
        .fallback_service(cached().service(files))
}

/// Trunk names built assets by content hash (`haat-1a2b….wasm`), so they never change and may be cached
/// for good; everything else (the HTML shell) is revalidated on every load.
async fn cache_control(request: Request, next: Next) -> Response {
    let immutable = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = file.rsplit_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hash = stem.rsplit('-').next().unwrap_or_default();
    matches!(extension, "js" | "wasm" | "css")
        && hash.len() >= 16
        && hash.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_content_hashed_assets_are_immutable() {
        assert!(is_hashed_asset("/haat-5c0e2f3a9b1d4e7f_bg.wasm"));
        assert!(is_hashed_asset("/haat-5c0e2f3a9b1d4e7f.js"));
        assert!(is_hashed_asset("/app-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/s/demo"));
        assert!(!is_hashed_asset("/app.css"));
    }
}
