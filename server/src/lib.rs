//! The `serambi` server: configuration, database start-up, the HTTP router and the
//! command line. The product itself lives in the `app` crate; this crate wires it up.

#![recursion_limit = "256"]

pub mod bench;
pub mod cli;
pub mod config;
pub mod http;
pub mod memory;
pub mod simulate;
pub mod startup;
pub mod workers;

use app::{App, shell, state::AppState};
use axum::{Router, extract::DefaultBodyLimit, middleware};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::trace::TraceLayer;

/// The whole HTTP surface: pages and server functions, the REST API, health checks and
/// static files. Tests call it directly; `serve` binds it to a port.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let options = state.leptos_options.clone();
    let pkg = http::assets::pkg_router(&state.leptos_options);
    Router::new()
        .leptos_routes_with_context(&state, routes, http::nonce_context, move || {
            shell(options.clone())
        })
        .merge(http::api_router())
        .merge(pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(http::nonce_context, shell))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::require_login_for_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::refuse_cross_site,
        ))
        .layer(DefaultBodyLimit::max(http::MAX_JSON_BODY))
        .layer(http::assets::compression())
        .layer(middleware::from_fn_with_state(
            state.clone(),
            http::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
