//! Pages behind the login: a request without a valid session is sent to `/login`
//! before any rendering starts.

use app::{auth::ssr::user_from_headers, state::AppState};
use axum::{
    extract::{Request, State},
    http::Method,
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

/// Paths that need a session (pages only; the API answers 401 itself).
fn is_protected_page(path: &str) -> bool {
    path == "/inbox"
        || path.starts_with("/inbox/")
        || path.starts_with("/admin")
        || path.starts_with("/dev")
}

/// Middleware: redirects page loads of protected paths to `/login?next=…`, and the
/// login page to the inbox when the session is still valid.
pub async fn require_login_for_pages(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if req.method() == Method::GET
        && is_protected_page(req.uri().path())
        && user_from_headers(&state, req.headers()).await.is_err()
    {
        let target = req
            .uri()
            .path_and_query()
            .map_or("/inbox", |pq| pq.as_str());
        return Redirect::to(&format!("/login?next={}", url_encode(target))).into_response();
    }
    if req.method() == Method::GET
        && req.uri().path() == "/login"
        && user_from_headers(&state, req.headers()).await.is_ok()
    {
        return Redirect::to("/inbox").into_response();
    }
    let page = req.method() == Method::GET && is_page(req.uri().path());
    if page && !has_lang_cookie(req.headers()) {
        return with_default_language(&state, req, next).await;
    }
    next.run(req).await
}

/// Server-rendered pages (not the API, the assets or the WebSocket).
fn is_page(path: &str) -> bool {
    !(path.starts_with("/api")
        || path.starts_with("/pkg")
        || path == "/ws"
        || path.starts_with("/healthz")
        || path.starts_with("/readyz"))
}

fn has_lang_cookie(headers: &axum::http::HeaderMap) -> bool {
    let prefix = format!("{}=", app::i18n::LANG_COOKIE);
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|c| c.trim().starts_with(&prefix)))
}

/// Someone who never chose a language gets the admins' default (display settings):
/// the page renders in it, and the cookie that says so is set, so the browser
/// hydrates in the same language.
async fn with_default_language(state: &AppState, mut req: Request, next: Next) -> Response {
    let lang = match app::settings::ssr::display(&state.db).await {
        Ok(d) if d.default_language == "en" => "en",
        _ => return next.run(req).await,
    };
    let cookie = format!("{}={lang}", app::i18n::LANG_COOKIE);
    let merged = match req
        .headers()
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
    {
        Some(existing) => format!("{existing}; {cookie}"),
        None => cookie.clone(),
    };
    if let Ok(value) = axum::http::HeaderValue::from_str(&merged) {
        req.headers_mut().insert(axum::http::header::COOKIE, value);
    }
    let mut res = next.run(req).await;
    if let Ok(value) = axum::http::HeaderValue::from_str(&format!(
        "{cookie}; Path=/; Max-Age=31536000; SameSite=Lax"
    )) {
        res.headers_mut()
            .append(axum::http::header::SET_COOKIE, value);
    }
    res
}

/// Percent-encodes everything but unreserved characters and `/` (a path stays
/// readable in the `next` parameter).
fn url_encode(s: &str) -> String {
    app::query::percent_encode(s, b"/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_pages_behind_the_login_are_guarded() {
        for (path, guarded) in [
            ("/inbox", true),
            ("/admin/inbox", true),
            ("/dev/simulator", true),
            ("/login", false),
            ("/", false),
            ("/pkg/serambi.js", false),
            ("/inboxes", false),
        ] {
            assert_eq!(super::is_protected_page(path), guarded, "{path}");
        }
        assert_eq!(
            super::url_encode("/inbox?accounts=a,b"),
            "/inbox%3Faccounts%3Da%2Cb"
        );
    }
}
