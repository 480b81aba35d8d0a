//! Defences a team inbox on the internet needs: cross-site requests refused, security
//! headers on every response, a Content-Security-Policy whose nonce the page's
//! scripts carry.

use crate::helpers::{Backend, Response, TestApp};
use app::AppError;
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};

const EVIL: &str = "https://evil.example";

/// How a cross-site request says where it comes from, in each browser generation.
const CROSS_SITE: [(&str, &str); 3] = [
    ("origin", EVIL),
    ("sec-fetch-site", "cross-site"),
    ("referer", "https://evil.example/page.html"),
];

fn request(
    method: Method,
    path: &str,
    cookie: &str,
    content_type: &str,
    body: &str,
    from: (&str, &str),
) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, content_type)
        .header(from.0, from.1)
        .body(Body::from(body.to_owned()))
        .expect("request")
}

/// Sends the request once per way a browser says "another site", and checks each is
/// refused with 403; returns the answers for the caller's own checks.
async fn refused_from_every_other_site(
    app: &TestApp,
    method: &Method,
    path: &str,
    cookie: &str,
    content_type: &str,
    body: &str,
) -> Vec<Response> {
    let mut answers = Vec::new();
    for from in CROSS_SITE {
        let res = app
            .send(request(
                method.clone(),
                path,
                cookie,
                content_type,
                body,
                from,
            ))
            .await;
        assert_eq!(
            res.status,
            StatusCode::FORBIDDEN,
            "{method} {path} {content_type} {from:?}: {}",
            res.body
        );
        answers.push(res);
    }
    answers
}

async fn cross_site_requests_are_refused_and_change_nothing(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login("admin@serambi.test", "serambi-admin").await;

    // Every server function, as a form (what a cross-site <form> can send) and as
    // text/plain (what fetch can send without asking first).
    let functions: Vec<_> = leptos::server_fn::axum::server_fn_paths()
        .filter(|(_, method)| *method != Method::GET)
        .collect();
    assert!(
        functions.len() >= 30,
        "only {} server functions",
        functions.len()
    );
    for (path, method) in &functions {
        for content_type in ["application/x-www-form-urlencoded", "text/plain"] {
            for res in
                refused_from_every_other_site(&app, method, path, &cookie, content_type, "a=1")
                    .await
            {
                // In the server functions' own error encoding, so the page can say why.
                let error: AppError = serde_json::from_str(&res.body)
                    .unwrap_or_else(|e| panic!("{path}: not an AppError ({e}): {}", res.body));
                assert_eq!(error, AppError::CrossSite, "{path}");
            }
        }
    }

    // The REST calls that act, the login among them (login CSRF).
    let labels_before = app
        .call(Method::GET, "/api/labels", None, Some(&cookie))
        .await
        .body;
    for (method, path, content_type, body) in [
        (
            Method::POST,
            "/api/inbox/messages/1/retry",
            "text/plain",
            "",
        ),
        (
            Method::POST,
            "/api/media",
            "multipart/form-data; boundary=x",
            "--x--",
        ),
        (
            Method::POST,
            "/api/auth/login",
            "text/plain",
            r#"{"email":"admin@serambi.test","password":"serambi-admin"}"#,
        ),
        (Method::POST, "/api/auth/logout", "text/plain", ""),
        (
            Method::POST,
            "/api/labels",
            "text/plain",
            r##"{"name":"Qzxv cross-site","color":"#ff0000"}"##,
        ),
        (Method::PUT, "/api/settings", "text/plain", "{}"),
        (Method::DELETE, "/api/labels/1", "text/plain", ""),
    ] {
        for res in
            refused_from_every_other_site(&app, &method, path, &cookie, content_type, body).await
        {
            assert_eq!(res.error_code(), "cross_site", "{path}");
            assert!(res.session_cookie().is_none(), "{path} set a session");
        }
    }
    // Nothing changed: the session still works and the labels are as they were.
    let after = app
        .call(Method::GET, "/api/labels", None, Some(&cookie))
        .await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(after.body, labels_before);

    // The same requests from Serambi's own pages go through.
    let own = app.state.runtime.public_base_url.clone();
    let res = app
        .send(request(
            Method::POST,
            "/api/labels",
            &cookie,
            "application/json",
            r##"{"name":"Qzxv own page","color":"#00aa00"}"##,
            ("origin", &own),
        ))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);

    // A WebSocket opened by another site's page would read the inbox with the cookie.
    let upgrade = |origin: &str| {
        Request::builder()
            .uri("/ws")
            .header(header::COOKIE, &cookie)
            .header(header::ORIGIN, origin)
            .header(header::CONNECTION, "upgrade")
            .header(header::UPGRADE, "websocket")
            .header(header::SEC_WEBSOCKET_VERSION, "13")
            .header(header::SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ==")
            .body(Body::empty())
            .expect("request")
    };
    let res = app.send(upgrade(EVIL)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn every_response_carries_the_security_headers(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    for path in [
        "/login",
        "/healthz",
        "/api/openapi.json",
        "/api/no-such-route",
        "/no-such-page",
    ] {
        let res = app.call(Method::GET, path, None, None).await;
        let get = |name: header::HeaderName| {
            res.headers
                .get(&name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(get(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        // Plain http (this test's PUBLIC_BASE_URL): never told to insist on https.
        assert_eq!(get(header::STRICT_TRANSPORT_SECURITY), "", "{path}");
        assert_eq!(get(header::REFERRER_POLICY), "same-origin", "{path}");
        let csp = get(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        // Scripts: no inline code but by nonce, no eval (compiling wasm is allowed).
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src "))
            .unwrap_or_else(|| panic!("{path}: no script-src in {csp}"));
        for source in script_src.split_whitespace() {
            assert!(
                !matches!(
                    source,
                    "'unsafe-inline'" | "'unsafe-eval'" | "*" | "data:" | "https:"
                ),
                "{path}: script-src allows {source}"
            );
        }
    }
}

async fn a_server_reached_over_https_sends_hsts(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("PUBLIC_BASE_URL", "https://inbox.toko.id"),
        ],
    )
    .await
    else {
        return;
    };
    for path in ["/login", "/healthz", "/api/no-such-route"] {
        let res = app.call(Method::GET, path, None, None).await;
        assert_eq!(
            res.headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .and_then(|v| v.to_str().ok()),
            Some("max-age=31536000"),
            "{path}"
        );
    }
}

/// The nonce of a page's `Content-Security-Policy`.
fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("a nonce") + "'nonce-".len();
    let len = csp[start..].find('\'').expect("closing quote");
    csp[start..start + len].to_owned()
}

async fn a_pages_inline_scripts_carry_the_nonce_its_policy_allows(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login("agent1@serambi.test", "serambi-agent").await;
    let mut nonces = Vec::new();
    for (path, cookie) in [("/login", None), ("/inbox", Some(cookie.as_str()))] {
        let res = app.call(Method::GET, path, None, cookie).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        let csp = res.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .expect("text")
            .to_owned();
        let nonce = nonce_of(&csp);
        assert!(nonce.len() >= 22, "{nonce}");
        // Each `<script …>` tag itself, not a count of nonces anywhere in the page.
        let tags: Vec<&str> = res
            .body
            .match_indices("<script")
            .map(|(at, _)| {
                let rest = &res.body[at..];
                &rest[..rest.find('>').map_or(rest.len(), |end| end + 1)]
            })
            .collect();
        assert!(!tags.is_empty(), "{path} has no script");
        for tag in &tags {
            assert!(
                tag.contains(&format!(" nonce=\"{nonce}\"")),
                "{path}: a script without the policy's nonce: {tag}"
            );
        }
        nonces.push(nonce);
    }
    let again = app.call(Method::GET, "/login", None, None).await;
    let csp = again.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("text");
    assert_ne!(nonce_of(csp), nonces[0], "a nonce is used once");
}

on_both_backends!(
    cross_site_requests_are_refused_and_change_nothing,
    every_response_carries_the_security_headers,
    a_server_reached_over_https_sends_hsts,
    a_pages_inline_scripts_carry_the_nonce_its_policy_allows,
);
