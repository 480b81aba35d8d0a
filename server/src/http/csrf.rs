//! Refuses cross-site requests that would act with a signed-in browser's cookie.
//!
//! The session cookie is `SameSite=Lax`, which stops most cross-site posts, but not
//! those from a sibling subdomain ("same-site") nor a top-level form post in every
//! browser, and it does nothing for login CSRF (no cookie yet). So every request that
//! changes something (anything but GET, HEAD and OPTIONS), and the WebSocket upgrade
//! (which browsers send with cookies from any page), must come from Serambi's own
//! pages. Browsers say where a request comes from in `Origin`; older ones only in
//! `Sec-Fetch-Site` or `Referer`. A request with none of the three is not from a
//! browser (curl, Twilio, a script holding its own cookie), which CSRF cannot abuse.

use app::{AppError, state::AppState};

/// Where the server functions answer (their `#[server(prefix = …)]`).
const SERVER_FN_PREFIX: &str = "/api/rpc/";
use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// Middleware: answers 403 to a state-changing request from another site.
pub async fn refuse_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    if is_guarded(req.method(), req.uri().path(), req.headers())
        && let Err(why) = same_origin(req.headers(), &state.runtime.public_base_url)
    {
        tracing::warn!(path = %req.uri().path(), why, "cross-site request refused");
        return refused(req.uri().path());
    }
    next.run(req).await
}

/// Which requests must come from Serambi's own pages.
fn is_guarded(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    if path == "/ws" {
        return true;
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    // Twilio's webhooks prove themselves with a signature, and the cron endpoints with
    // their bearer secret; neither rides on a browser's cookie. Anywhere else an
    // `Authorization` header proves nothing (a page can add any header to a request
    // that still carries the cookie), so it buys no exemption.
    let signed = path == "/api/whatsapp/webhook" || path == "/api/whatsapp/status";
    let cron = path.starts_with(CRON_PREFIX)
        && headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer "));
    !(signed || cron)
}

/// Where the cron endpoints answer (`/api/cron/check-escalations`).
const CRON_PREFIX: &str = "/api/cron/";

/// `Ok` when the request comes from this server's pages, or from no browser at all.
fn same_origin(headers: &HeaderMap, public_base_url: &str) -> Result<(), &'static str> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST);
    if let Some(origin) = text(header::ORIGIN) {
        return if is_ours(origin, public_base_url, host) {
            Ok(())
        } else {
            Err("the Origin is another site")
        };
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return match site {
            "same-origin" | "none" => Ok(()),
            _ => Err("Sec-Fetch-Site says another site"),
        };
    }
    if let Some(referer) = text(header::REFERER) {
        return if is_ours(origin_of(referer), public_base_url, host) {
            Ok(())
        } else {
            Err("the Referer is another site")
        };
    }
    Ok(())
}

/// Whether `origin` (`scheme://host[:port]`) is `PUBLIC_BASE_URL`'s, or names the host
/// the request was sent to (a server reached by another name than the configured one,
/// as `localhost` for `127.0.0.1` in development). An attacker's page cannot forge
/// either: the browser writes `Origin` and `Host` itself.
fn is_ours(origin: &str, public_base_url: &str, host: Option<&str>) -> bool {
    let origin = origin.trim();
    if origin.eq_ignore_ascii_case(origin_of(public_base_url)) {
        return true;
    }
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    matches!((authority, host), (Some(a), Some(h)) if !a.is_empty() && a.eq_ignore_ascii_case(h))
}

/// `scheme://authority` of a URL: everything before the path.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find(['/', '?', '#']) {
        Some(end) => &url[..after_scheme + end],
        None => url,
    }
}

/// The refusal, in the form the caller reads errors in: a server function's client
/// decodes the error itself (so the page can say what went wrong), every other
/// caller gets the REST API's `{"error": {"code", "message"}}`.
fn refused(path: &str) -> Response {
    let error = AppError::CrossSite;
    if path.starts_with(SERVER_FN_PREFIX) {
        match serde_json::to_string(&error) {
            Ok(body) => (
                StatusCode::FORBIDDEN,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response(),
            Err(_) => StatusCode::FORBIDDEN.into_response(),
        }
    } else {
        error.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    const BASE: &str = "https://inbox.example.co.id";

    #[test]
    fn a_request_from_our_pages_passes() {
        for h in [
            headers(&[("origin", "https://inbox.example.co.id")]),
            headers(&[("origin", "HTTPS://Inbox.Example.co.id")]),
            headers(&[("sec-fetch-site", "same-origin")]),
            headers(&[("referer", "https://inbox.example.co.id/inbox?thread=4")]),
            // Reached as localhost while configured as 127.0.0.1.
            headers(&[
                ("origin", "http://localhost:3000"),
                ("host", "localhost:3000"),
            ]),
            // Not a browser.
            headers(&[]),
        ] {
            assert_eq!(same_origin(&h, BASE), Ok(()), "{h:?}");
        }
    }

    #[test]
    fn a_request_from_another_site_is_refused() {
        for h in [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "https://inbox.example.co.id.evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[
                ("origin", "https://evil.example"),
                ("host", "inbox.example.co.id"),
            ]),
            headers(&[("sec-fetch-site", "cross-site")]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("referer", "https://evil.example/inbox.example.co.id")]),
            headers(&[("referer", "https://inbox.example.co.id.evil.example/")]),
        ] {
            assert!(same_origin(&h, BASE).is_err(), "{h:?}");
        }
    }

    #[test]
    fn only_browser_requests_that_act_are_guarded() {
        let none = HeaderMap::new();
        assert!(is_guarded(&Method::POST, "/api/rpc/send_reply", &none));
        assert!(is_guarded(&Method::DELETE, "/api/labels/3", &none));
        assert!(is_guarded(&Method::GET, "/ws", &none));
        assert!(!is_guarded(&Method::GET, "/api/inbox/chats", &none));
        assert!(!is_guarded(&Method::POST, "/api/whatsapp/webhook", &none));
        assert!(!is_guarded(&Method::POST, "/api/whatsapp/status", &none));
        let bearer = headers(&[("authorization", "Bearer s3cret")]);
        assert!(!is_guarded(
            &Method::POST,
            "/api/cron/check-escalations",
            &bearer
        ));
        // Any other route: a header a page can set buys no exemption.
        assert!(is_guarded(&Method::POST, "/api/outbox/send", &bearer));
        let basic = headers(&[("authorization", "Basic eDp5")]);
        assert!(is_guarded(&Method::POST, "/api/labels", &basic));
        assert!(is_guarded(
            &Method::POST,
            "/api/cron/check-escalations",
            &basic
        ));
    }
}
