//! Twilio's webhooks: `POST /api/whatsapp/webhook` (inbound messages) and
//! `POST /api/whatsapp/status` (delivery statuses). Both are signed; the signature is
//! checked against the tokens held in memory before anything is read or stored, then
//! against the account the request concerns.

use app::{
    AppError,
    db::accounts,
    domain::{PhoneNumber, phone::DEFAULT_REGION},
    messaging::ssr::{
        InboundMessage, InboundOutcome, Routed, account_by_number, apply_status,
        credentials::speaks_for, find_reported, parse_twilio_status,
    },
    providers::signature,
    state::AppState,
};
use axum::{
    body::Bytes,
    extract::{OriginalUri, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbound))
        .routes(routes!(status))
}

/// The empty TwiML answer: received, no automatic reply.
fn twiml_ok() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/xml; charset=utf-8")],
        "<Response></Response>",
    )
        .into_response()
}

/// The refusal of a malformed webhook: the API's error JSON, but 400 (what Twilio
/// expects of a request it got wrong), not the API's usual 422.
fn bad_request(err: AppError) -> Response {
    let mut response = err.into_response();
    *response.status_mut() = StatusCode::BAD_REQUEST;
    response
}

/// Reads the form body; anything but `application/x-www-form-urlencoded` is refused.
fn read_form(headers: &HeaderMap, body: &Bytes) -> Result<Vec<(String, String)>, AppError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::validation(
            "body",
            "expected Content-Type: application/x-www-form-urlencoded",
        ));
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|e| AppError::validation("body", format!("is not a valid form: {e}")))
}

/// The URL Twilio signed: our public URL (never the Host header), path and raw query.
fn signed_url(state: &AppState, uri: &axum::http::Uri) -> String {
    let path_and_query = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    format!("{}{}", state.runtime.public_base_url, path_and_query)
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The known token `X-Twilio-Signature` was made with, found without a query (see
/// [`app::messaging::ssr::credentials::SigningTokens`]); the refusal otherwise.
async fn signer(
    state: &AppState,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    params: &[(String, String)],
) -> Result<String, Response> {
    let url = signed_url(state, uri);
    let Some(signature) = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
    else {
        return Err(forbidden(&url, "no X-Twilio-Signature"));
    };
    let runtime = &state.runtime;
    runtime
        .signing_tokens
        .signer(runtime, &state.db, |token| {
            signature::is_valid(token, &url, params, signature)
        })
        .await
        .ok_or_else(|| forbidden(&url, "invalid signature"))
}

/// The refusal of a request signed with `token` when that token does not speak for
/// `account` ([`speaks_for`]).
fn check_signer(
    state: &AppState,
    uri: &axum::http::Uri,
    token: &str,
    account: Option<&accounts::Model>,
) -> Option<Response> {
    (!speaks_for(&state.runtime, token, account)).then(|| {
        forbidden(
            &signed_url(state, uri),
            "signed with the token of another account",
        )
    })
}

/// The 403 of a request whose signature did not check out.
fn forbidden(url: &str, why: &str) -> Response {
    tracing::warn!(%url, "webhook refused: {why}");
    AppError::Forbidden.into_response()
}

/// Twilio's inbound-message webhook (form-encoded, `X-Twilio-Signature`).
#[utoipa::path(post, path = "/api/whatsapp/webhook", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", description = "Twilio's inbound message parameters"),
    responses(
        (status = OK, content_type = "text/xml", description = "stored, duplicate or blocked: `<Response></Response>`"),
        (status = BAD_REQUEST, body = super::ErrorBody, description = "malformed form"),
        (status = FORBIDDEN, body = super::ErrorBody, description = "missing or invalid signature"),
        (status = NOT_FOUND, body = super::ErrorBody, description = "no active account has the `To` number"),
    ))]
async fn inbound(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match read_form(&headers, &body) {
        Ok(p) => p,
        // Without a readable form there is nothing to check a signature over.
        Err(e) => return bad_request(e),
    };
    // Authenticated before anything is read: a forged request costs no query.
    let token = match signer(&state, &uri, &headers, &params).await {
        Ok(token) => token,
        Err(refusal) => return refusal,
    };
    // The token must be the one of the account written to; an unknown or unreadable
    // `To` must be signed with the default token.
    let account = match param(&params, "To")
        .and_then(|to| PhoneNumber::parse(to, Some(DEFAULT_REGION)).ok())
    {
        Some(to) => match account_by_number(&state.db, &to).await {
            Ok(account) => account,
            Err(e) => return e.into_response(),
        },
        None => None,
    };
    if let Some(refusal) = check_signer(&state, &uri, &token, account.as_ref()) {
        return refusal;
    }
    let message = match InboundMessage::from_params(&params, Utc::now()) {
        Ok(m) => m,
        Err(e) => return bad_request(e),
    };
    let account = match account.filter(|a| a.active) {
        Some(a) => a,
        None => {
            tracing::warn!(to = %message.to, "inbound message for an unknown or inactive account");
            let e = AppError::NotFound(format!("account for number {}", message.to));
            return e.into_response();
        }
    };
    let filters = match state.runtime.filters.current(&state.db).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let routed = Routed::new(account, message, filters);
    match state
        .runtime
        .intake
        .receive(&state.db, &state.runtime.write_gate, routed)
        .await
    {
        Ok(InboundOutcome::Stored {
            thread_id,
            new_lead,
            ..
        }) => {
            tracing::debug!(%thread_id, new_lead, "inbound message stored");
            twiml_ok()
        }
        Ok(InboundOutcome::Duplicate) => twiml_ok(),
        Ok(InboundOutcome::Blocked { keyword }) => {
            tracing::info!(%keyword, "inbound message blocked by the spam filter");
            twiml_ok()
        }
        Err(e) => e.into_response(),
    }
}

/// Twilio's delivery status callback (form-encoded, signed).
#[utoipa::path(post, path = "/api/whatsapp/status", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", description = "MessageSid, MessageStatus, ErrorCode"),
    responses(
        (status = NO_CONTENT, description = "applied or ignored (late, repeated, unknown)"),
        (status = BAD_REQUEST, body = super::ErrorBody),
        (status = FORBIDDEN, body = super::ErrorBody),
    ))]
async fn status(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let params = match read_form(&headers, &body) {
        Ok(p) => p,
        Err(e) => return bad_request(e),
    };
    // Authenticated before anything is read: a forged callback costs no query.
    let token = match signer(&state, &uri, &headers, &params).await {
        Ok(token) => token,
        Err(refusal) => return refusal,
    };
    let sid = param(&params, "MessageSid").unwrap_or_default();
    // The message tells whose token must have signed the callback.
    let reported = match find_reported(&state.db, sid).await {
        Ok(reported) => reported,
        Err(e) => return e.into_response(),
    };
    let account = reported.as_ref().and_then(|r| r.account.as_ref());
    if let Some(refusal) = check_signer(&state, &uri, &token, account) {
        return refusal;
    }
    if sid.is_empty() {
        return bad_request(AppError::validation("MessageSid", "is required"));
    }
    let Some(status) = param(&params, "MessageStatus").and_then(parse_twilio_status) else {
        return bad_request(AppError::validation(
            "MessageStatus",
            "is missing or not a Twilio status",
        ));
    };
    // A report on a message this server never sent: nothing to change.
    let Some(reported) = reported else {
        return StatusCode::NO_CONTENT.into_response();
    };
    let error_code = param(&params, "ErrorCode");
    match apply_status(&state.db, reported, status, error_code, Utc::now()).await {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}
