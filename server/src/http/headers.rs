//! Security headers on every response, and the Content-Security-Policy nonce that
//! lets the pages' own inline scripts (Leptos's hydration and streamed data) run.

use app::state::AppState;
use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};
use std::sync::{Arc, LazyLock};

/// The nonce of one response, shared by its `Content-Security-Policy` header and the
/// `nonce` attribute of the page's inline scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    /// 128 random bits, hex-encoded.
    fn fresh() -> Self {
        let n: u128 = rand::random();
        Self(format!("{n:032x}").into())
    }
}

/// The policy of Serambi's pages: only its own scripts and wasm (and inline scripts
/// bearing this response's nonce), its own stylesheet (inline `style` attributes are
/// used for label colours, which are checked as `#rrggbb` first), images and media
/// from itself (and `blob:` for a picked file's preview), no plugins, no framing.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; \
         media-src 'self' blob:; connect-src 'self'{reload}; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        reload = *LIVE_RELOAD
    )
}

/// Under `cargo leptos watch` the page reloads itself through a WebSocket on the
/// tool's own port, which `connect-src` must then allow. Read once: the environment
/// does not change while the server runs.
static LIVE_RELOAD: LazyLock<String> = LazyLock::new(|| {
    std::env::var("LEPTOS_WATCH")
        .ok()
        .filter(|v| v == "true" || v == "1")
        .and_then(|_| std::env::var("LEPTOS_RELOAD_PORT").ok())
        .map(|port| format!(" ws://127.0.0.1:{port} ws://localhost:{port}"))
        .unwrap_or_default()
});

/// `Strict-Transport-Security` of a server reached over https: a year, this host only
/// (other hosts of the domain may still be plain http).
pub const HSTS: &str = "max-age=31536000";

/// Middleware: gives the request its nonce (read by [`nonce_context`] while the page
/// renders) and adds the security headers to the response, with HSTS when
/// `PUBLIC_BASE_URL` is https. A handler that set its own policy (media files are
/// sandboxed) keeps it.
pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::fresh();
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY)
        && let Ok(value) = HeaderValue::from_str(&page_policy(&nonce.0))
    {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    let fixed: [(HeaderName, &'static str); 3] = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        // For browsers that predate `frame-ancestors`.
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    for (name, value) in fixed {
        headers.insert(name, HeaderValue::from_static(value));
    }
    // Browsers ignore it over plain http, and a plain-http deployment (a laptop, a
    // LAN) must not be told to insist on https.
    if state.runtime.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

/// Leptos context for every render and server function: the request's nonce becomes
/// the page's, so the hydration script and the streamed data carry the nonce the
/// header allows.
pub fn nonce_context() {
    use leptos::prelude::{provide_context, use_context};
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
