//! Who is calling: axum extractors for REST handlers and the same lookup for server
//! functions, both reading the session cookie.

use super::{
    proxies::TrustedProxies,
    session::{session_token_from_headers, user_for_token},
};
use crate::{auth::CurrentUser, error::AppError, state::AppState};
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, request::Parts},
};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The user behind a request's session cookie, or `Unauthorized`.
pub async fn user_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<CurrentUser, AppError> {
    let token = session_token_from_headers(headers).ok_or(AppError::Unauthorized)?;
    user_for_token(&state.db, &token).await
}

/// The client address of a request: the peer, or behind a trusted proxy the client
/// it forwarded for (see [`TrustedProxies`]). Requests built in-process (tests) have no
/// peer and count as one anonymous address.
pub fn client_ip(
    extensions: &axum::http::Extensions,
    headers: &HeaderMap,
    proxies: &TrustedProxies,
) -> IpAddr {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    proxies.client(peer, headers)
}

/// A logged-in user (agent or admin); rejects with 401 otherwise.
#[derive(Debug, Clone)]
pub struct Authenticated(pub CurrentUser);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        user_from_headers(state, &parts.headers)
            .await
            .map(Authenticated)
    }
}

/// A logged-in admin; 401 without a session, 403 for agents.
#[derive(Debug, Clone)]
pub struct Admin(pub CurrentUser);

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let user = user_from_headers(state, &parts.headers).await?;
        if user.is_admin() {
            Ok(Admin(user))
        } else {
            Err(AppError::Forbidden)
        }
    }
}
