//! The state every request handler and server function shares.

use crate::{auth::ssr::LoginThrottle, error::AppError};
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, use_context};
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Handed to axum with `with_state` and to server functions as a Leptos context.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The connection pool.
    pub db: DatabaseConnection,
    /// Where the site's files are and how pages are rendered.
    pub leptos_options: LeptosOptions,
    /// Settings fixed at start-up and process-wide helpers.
    pub runtime: Arc<Runtime>,
}

/// Settings fixed at start-up that request handling needs.
#[derive(Debug)]
pub struct Runtime {
    /// The URL the outside world reaches us at (signatures, links), no trailing `/`.
    pub public_base_url: String,
    /// Demo mode: simulator accounts and demo data.
    pub demo: bool,
    /// Failed-login bookkeeping per client address.
    pub login_throttle: LoginThrottle,
}

impl Runtime {
    /// Builds the runtime settings for `public_base_url`.
    pub fn new(public_base_url: impl Into<String>, demo: bool) -> Self {
        Self {
            public_base_url: public_base_url.into().trim_end_matches('/').to_owned(),
            demo,
            login_throttle: LoginThrottle::default(),
        }
    }

    /// Session cookies get `Secure` when we are served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}

/// The state, from inside a server function.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("AppState is not in the context"))
}
