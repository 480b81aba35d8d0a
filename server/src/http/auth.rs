//! `/api/auth/login`, `/api/auth/logout`, `/api/auth/me`.

use super::ApiJson;
use app::{
    AppError,
    auth::{
        CurrentUser, LoginRequest,
        ssr::{
            Authenticated, authenticate, clear_cookie, client_ip, log_out, session_cookie,
            session_token_from_headers,
        },
    },
    state::AppState,
};
use axum::{
    Json,
    extract::{FromRequest, Request, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
        .routes(routes!(availability))
}

/// Logs in; the answer sets the session cookie.
#[utoipa::path(post, path = "/api/auth/login", tag = "auth", request_body = LoginRequest, responses(
    (status = OK, body = CurrentUser, description = "logged in; `Set-Cookie: serambi_session=…`"),
    (status = UNAUTHORIZED, body = super::ErrorBody, description = "wrong email or password"),
    (status = TOO_MANY_REQUESTS, body = super::ErrorBody, description = "too many failures from this address"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody),
))]
async fn login(State(state): State<AppState>, req: Request) -> Result<Response, AppError> {
    let ip = client_ip(
        req.extensions(),
        req.headers(),
        &state.runtime.trusted_proxies,
    );
    let old = session_token_from_headers(req.headers());
    let ApiJson(body) = ApiJson::<LoginRequest>::from_request(req, &state).await?;
    let (user, token) = authenticate(
        &state.db,
        &state.runtime.write_gate,
        &state.runtime.login_throttle,
        ip,
        &body.email,
        &body.password,
        old.as_deref(),
    )
    .await?;
    let cookie = session_cookie(&token, state.runtime.secure_cookies());
    Ok(([(header::SET_COOKIE, cookie)], Json(user)).into_response())
}

/// Ends the session and clears the cookie.
#[utoipa::path(post, path = "/api/auth/logout", tag = "auth", responses((status = NO_CONTENT)))]
async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(token) = session_token_from_headers(&headers) {
        log_out(&state.db, &state.runtime.write_gate, &token).await?;
    }
    let cookie = clear_cookie(state.runtime.secure_cookies());
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

/// The logged-in user.
#[utoipa::path(get, path = "/api/auth/me", tag = "auth", responses(
    (status = OK, body = CurrentUser),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn me(Authenticated(user): Authenticated) -> Json<CurrentUser> {
    Json(user)
}

/// Sets the user's own "Siap menerima lead": whether new leads come to them.
#[utoipa::path(put, path = "/api/auth/me/availability", tag = "auth", request_body = app::agents::AvailabilityRequest, responses(
    (status = OK, body = app::agents::AgentView),
    (status = UNAUTHORIZED, body = super::ErrorBody),
))]
async fn availability(
    State(state): State<AppState>,
    Authenticated(user): Authenticated,
    ApiJson(req): ApiJson<app::agents::AvailabilityRequest>,
) -> Result<Json<app::agents::AgentView>, AppError> {
    let gate = &state.runtime.write_gate;
    Ok(Json(
        app::agents::ssr::set_own_availability(&state.db, gate, &user, req.available).await?,
    ))
}
