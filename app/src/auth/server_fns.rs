//! The login, logout and "who am I" server functions used by the pages.

use super::CurrentUser;
use crate::codec::JsonText;
use crate::error::AppError;
use leptos::prelude::*;

/// Logs in and sets the session cookie. On success the browser goes to `/inbox`.
#[server(prefix = "/api/rpc", endpoint = "login", output = JsonText)]
pub async fn login(email: String, password: String) -> Result<CurrentUser, AppError> {
    crate::error::respond(login_inner(email, password).await)
}

#[cfg(feature = "ssr")]
async fn login_inner(email: String, password: String) -> Result<CurrentUser, AppError> {
    use super::ssr::{authenticate, client_ip, session_cookie, session_token_from_headers};
    use axum::http::{HeaderValue, header};
    use leptos_axum::ResponseOptions;

    let state = crate::state::app_state()?;
    let parts: axum::http::request::Parts =
        leptos_axum::extract().await.map_err(AppError::internal)?;
    let ip = client_ip(
        &parts.extensions,
        &parts.headers,
        &state.runtime.trusted_proxies,
    );
    let old = session_token_from_headers(&parts.headers);
    let (user, token) = authenticate(
        &state.db,
        &state.runtime.write_gate,
        &state.runtime.login_throttle,
        ip,
        &email,
        &password,
        old.as_deref(),
    )
    .await?;
    let cookie = session_cookie(&token, state.runtime.secure_cookies());
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            HeaderValue::from_str(&cookie).map_err(AppError::internal)?,
        );
    }
    Ok(user)
}

/// Ends the session and clears the cookie.
#[server(prefix = "/api/rpc", endpoint = "logout", output = JsonText)]
pub async fn logout() -> Result<(), AppError> {
    use super::ssr::{clear_cookie, log_out, session_token_from_headers};
    use axum::http::{HeaderMap, HeaderValue, header};
    use leptos_axum::ResponseOptions;

    let state = crate::state::app_state()?;
    let headers: HeaderMap = leptos_axum::extract().await.map_err(AppError::internal)?;
    if let Some(token) = session_token_from_headers(&headers) {
        log_out(&state.db, &state.runtime.write_gate, &token).await?;
    }
    if let Some(response) = use_context::<ResponseOptions>() {
        response.append_header(
            header::SET_COOKIE,
            HeaderValue::from_str(&clear_cookie(state.runtime.secure_cookies()))
                .map_err(AppError::internal)?,
        );
    }
    Ok(())
}

/// The logged-in user, or `Unauthorized`.
#[server(prefix = "/api/rpc", endpoint = "whoami", input = JsonText, output = JsonText)]
pub async fn whoami() -> Result<CurrentUser, AppError> {
    crate::error::respond(crate::state::current_user().await)
}

/// In demo mode, the demo logins to show on the login page; otherwise nothing.
#[server(prefix = "/api/rpc", endpoint = "demo_logins", input = JsonText, output = JsonText)]
pub async fn demo_logins() -> Result<Vec<(String, String)>, AppError> {
    let state = crate::state::app_state()?;
    if !state.runtime.demo {
        return Ok(Vec::new());
    }
    Ok(crate::demo::LOGINS
        .iter()
        .map(|(email, password, _, _)| ((*email).to_owned(), (*password).to_owned()))
        .collect())
}
