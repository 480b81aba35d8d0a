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
    next.run(req).await
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
