//! Host pages: `/embed.js`, the stable loader that mounts the storefront into a host page's
//! `<div data-haat-store="…">` (Trunk's asset names change with every build, so the loader names them), and
//! the demo host pages under `/demo/` (a chat embedding the store in a frame, a page mounting it into a div,
//! a fake Telegram Mini App).

use axum::{
    Router,
    http::{
        HeaderValue,
        header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE},
    },
    response::IntoResponse,
    routing::get,
};

use super::storefront::Assets;

/// The demo pages and their scripts: path under `/demo/`, content type, body.
const DEMO: [(&str, &str, &str); 7] = [
    ("chat", HTML, include_str!("../../demo/chat.html")),
    ("chat.js", JS, include_str!("../../demo/chat.js")),
    ("div", HTML, include_str!("../../demo/div.html")),
    ("telegram", HTML, include_str!("../../demo/telegram.html")),
    ("telegram.js", JS, include_str!("../../demo/telegram.js")),
    ("demo.css", CSS, include_str!("../../demo/demo.css")),
    ("", HTML, include_str!("../../demo/index.html")),
];
const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
/// The chat demo frames the store from any origin it is told (the store's own `frame-ancestors` decides
/// whether it may be framed); everything else is as strict as the storefront's policy.
const DEMO_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; frame-src 'self' http: https:; object-src 'none'; \
    base-uri 'none'; form-action 'self'";

/// `/embed.js` (built once from the storefront's `index.html`, empty when there is none) and the demo pages.
pub fn routes<S: Clone + Send + Sync + 'static>(index_html: &str) -> Router<S> {
    let loader = loader(index_html).unwrap_or_else(|| {
        "console.error('Haat: the storefront is not built, so it cannot be mounted');".to_owned()
    });
    let router = Router::new().route(
        "/embed.js",
        get(move || async move { ([(CONTENT_TYPE, JS), (CACHE_CONTROL, "no-cache")], loader) }),
    );
    DEMO.iter()
        .fold(router, |router, &(path, content_type, body)| {
            router.route(
                &format!("/demo/{path}"),
                get(move || async move {
                    let mut response = ([(CONTENT_TYPE, content_type)], body).into_response();
                    response.headers_mut().insert(
                        CONTENT_SECURITY_POLICY,
                        HeaderValue::from_static(DEMO_POLICY),
                    );
                    response
                }),
            )
        })
}

/// The loader's script: the storefront's stylesheet, module and wasm (named as in Trunk's `index.html`),
/// fetched from the loader's own origin, so a host page needs one script tag and one element.
fn loader(index_html: &str) -> Option<String> {
    let Assets { css, js, wasm } = Assets::find(index_html)?;
    Some(format!(
        "// Mounts the Haat storefront into the host page's <div data-haat-store=\"…\">.\n\
         const at = path => new URL(path, import.meta.url);\n\
         const css = document.createElement('link');\n\
         css.rel = 'stylesheet';\n\
         css.href = at('{css}');\n\
         document.head.append(css);\n\
         const {{ default: init }} = await import(at('{js}'));\n\
         await init({{ module_or_path: at('{wasm}') }});\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::loader;

    #[test]
    fn the_loader_names_the_built_assets() {
        let index = "<link href=/app-0123.css rel=stylesheet><script type=module>import init, * as \
            bindings from '/haat-4a6f.js';\nconst wasm = await init({ module_or_path: '/haat-4a6f_bg.wasm' \
            });</script><link crossorigin href=/haat-4a6f.js rel=modulepreload>";
        let script = loader(index).expect("assets found");
        assert!(script.contains("at('/app-0123.css')"), "{script}");
        assert!(script.contains("import(at('/haat-4a6f.js'))"), "{script}");
        assert!(script.contains("at('/haat-4a6f_bg.wasm')"), "{script}");
        assert_eq!(loader("<html></html>"), None);
    }
}
