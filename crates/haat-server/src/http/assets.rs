//! The built storefront's files: hashed assets cached for a year, brotli variants served when the build
//! made them and the browser accepts them. A file that is not there is a 404, never a page in its place.
//! The shopper's pages themselves are rendered (`storefront.rs`).

use std::path::Path;

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header::CACHE_CONTROL},
    middleware::{self, Next},
    response::Response,
};
use tower::ServiceBuilder;
use tower_http::services::ServeDir;

/// Serves `dir` for every path no other route took.
pub fn serve_from<S: Clone + Send + Sync + 'static>(router: Router<S>, dir: &Path) -> Router<S> {
    let files = ServeDir::new(dir).precompressed_br();
    let cached = ServiceBuilder::new().layer(middleware::from_fn(cache_control));
    router.fallback_service(cached.service(files))
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
