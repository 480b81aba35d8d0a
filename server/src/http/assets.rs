//! The browser's code and styles (`/pkg/…`) and on-the-fly compression of everything
//! else.
//!
//! `cargo leptos build --release --precompress` writes a brotli (`.br`) and a gzip
//! (`.gz`) copy of every file under `/pkg` at build time, and `hash-files` puts a
//! content hash in each name (`serambi.<hash>.wasm`). A browser gets the smallest copy
//! it accepts, and, because a name never changes meaning, may keep it for a year
//! without asking again. HTML and JSON are compressed as they are sent.

use axum::{
    Router,
    http::{HeaderValue, Response, StatusCode, header},
};
use leptos::config::LeptosOptions;
use tower::ServiceBuilder;
use tower_http::{
    compression::{
        CompressionLayer, Predicate,
        predicate::{NotForContentType, SizeAbove},
    },
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
};

/// `Cache-Control` of a file whose name carries its content's hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `/pkg/…` from the site root: precompressed copies when the browser accepts them,
/// cached for a year when file names are hashed, revalidated on every visit when they
/// are not (a development build without `hash-files`).
pub fn pkg_router<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let cache = HeaderValue::from_static(if options.hash_files {
        IMMUTABLE
    } else {
        "no-cache"
    });
    // A missing file must not be remembered for a year: only successes are cacheable.
    let cache_control = move |res: &Response<_>| res.status().is_success().then(|| cache.clone());
    let files = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            cache_control,
        ))
        .service(ServeDir::new(dir).precompressed_br().precompressed_gzip());
    Router::new().nest_service(&format!("/{}", options.site_pkg_dir), files)
}

/// Compresses responses (brotli or gzip, as the browser asks) unless compressing gains
/// nothing: already-compressed media, tiny bodies, the WebSocket handshake, and the
/// precompressed `/pkg` files (which carry their `Content-Encoding` already).
pub fn compression() -> CompressionLayer<impl Predicate> {
    let not_upgrades =
        |status: StatusCode, _: _, _: &_, _: &_| status != StatusCode::SWITCHING_PROTOCOLS;
    let predicate = SizeAbove::new(256)
        .and(NotForContentType::IMAGES)
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::SSE)
        .and(not_upgrades);
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .no_deflate()
        .no_zstd()
        .compress_when(predicate)
}
