//! `/api/auth/login`, `/api/auth/logout`, `/api/auth/me`.

use super::ApiJson;
use app::{
    AppError,
    auth::{
        CurrentUser, LoginRequest,
        ssr::{
            Authenticated, authenticate, clear_cookie, client_ip, delete_session, session_cookie,
            session_token_from_headers,
        },
    },
    state::AppState,
};
use axum::{
    Json, Router,
    extract::{FromRequest, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/me", get(me))
}

async fn login(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let ip = client_ip(req.extensions());
    let ApiJson(body) = ApiJson::<LoginRequest>::from_request(req, &state).await?;
    let (user, token) = authenticate(
        &state.db,
        &state.runtime.login_throttle,
        ip,
        &body.email,
        &body.password,
    )
    .await?;
    let cookie = session_cookie(&token, state.runtime.secure_cookies());
    Ok(([(header::SET_COOKIE, cookie)], Json(user)).into_response())
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session_token_from_headers(&headers) {
        delete_session(&state.db, &token).await?;
    }
    let cookie = clear_cookie(state.runtime.secure_cookies());
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

async fn me(Authenticated(user): Authenticated) -> Json<CurrentUser> {
    Json(user)
}
