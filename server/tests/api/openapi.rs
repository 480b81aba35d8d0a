//! `/api/openapi.json` is generated from the same handlers the router serves: every
//! documented operation is routed, and every REST route of the contract is documented.

use crate::helpers::{Backend, TestApp};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};

/// The REST operations Serambi serves today (SPEC 11 and 14).
const EXPECTED: &[(&str, &str)] = &[
    ("post", "/api/auth/login"),
    ("post", "/api/auth/logout"),
    ("get", "/api/auth/me"),
    ("get", "/api/whatsapp/sessions"),
    ("post", "/api/whatsapp/sessions"),
    ("put", "/api/whatsapp/sessions/{id}"),
    ("delete", "/api/whatsapp/sessions/{id}"),
    ("get", "/api/agents"),
    ("post", "/api/agents"),
    ("put", "/api/agents/{id}"),
    ("put", "/api/agents/{id}/password"),
    ("put", "/api/auth/me/availability"),
    ("get", "/api/whatsapp/sessions/{id}/members"),
    ("put", "/api/whatsapp/sessions/{id}/members"),
    ("get", "/api/whatsapp/overview"),
    ("get", "/api/templates"),
    ("post", "/api/templates"),
    ("get", "/api/templates/top"),
    ("put", "/api/templates/{id}"),
    ("delete", "/api/templates/{id}"),
    ("post", "/api/templates/{id}/reply"),
    ("get", "/api/settings"),
    ("put", "/api/settings"),
    ("get", "/api/settings/audit"),
    ("get", "/api/analytics"),
    ("get", "/api/audit"),
    ("post", "/api/whatsapp/webhook"),
    ("post", "/api/whatsapp/status"),
    ("get", "/api/inbox/chats"),
    ("get", "/api/conversations"),
    ("get", "/api/inbox/chats/{thread_id}/messages"),
    ("post", "/api/inbox/chats/{thread_id}/reply"),
    ("post", "/api/conversations/reply"),
    ("patch", "/api/inbox/messages/{id}/read"),
    ("post", "/api/inbox/messages/{id}/retry"),
    ("post", "/api/outbox/send"),
    ("get", "/api/media/{id}"),
    ("post", "/api/media"),
    ("get", "/api/contacts/lookup/{phone_number}"),
    ("post", "/api/contacts"),
    ("put", "/api/contacts/{id}"),
    ("delete", "/api/contacts/{id}"),
    ("get", "/api/whatsapp/{account_id}/profile/{phone_number}"),
    ("get", "/api/media/uploads/{agent}/{file}"),
    ("get", "/api/labels"),
    ("post", "/api/labels"),
    ("put", "/api/labels/{id}"),
    ("delete", "/api/labels/{id}"),
    ("put", "/api/inbox/chats/{thread_id}/labels"),
    ("get", "/api/spam/keywords"),
    ("post", "/api/spam/keywords"),
    ("put", "/api/spam/keywords/{id}"),
    ("delete", "/api/spam/keywords/{id}"),
    ("get", "/api/spam/options"),
    ("put", "/api/spam/options"),
    ("get", "/api/spam/blocked"),
    ("delete", "/api/spam/blocked"),
    ("post", "/api/spam/blocked/{id}/restore"),
    ("get", "/api/auto-reply/patterns"),
    ("put", "/api/auto-reply/patterns"),
    ("post", "/api/auto-reply/preview"),
    ("get", "/api/notifications"),
    ("post", "/api/notifications/{id}/dismiss"),
    ("get", "/api/cron/check-escalations"),
    ("get", "/healthz"),
    ("get", "/readyz"),
];

#[tokio::test]
async fn the_document_lists_every_route_and_every_listed_operation_is_routed() {
    let Some(app) = TestApp::demo(Backend::Sqlite).await else {
        return;
    };
    let res = app.call(Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(res.status, StatusCode::OK);
    let doc = res.json();
    assert!(
        doc["openapi"]
            .as_str()
            .unwrap_or_default()
            .starts_with("3.")
    );
    let paths = doc["paths"].as_object().expect("paths");

    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                documented.push((method.to_owned(), path.clone()));
            }
        }
    }
    for (method, path) in EXPECTED {
        assert!(
            documented.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is not documented"
        );
    }
    assert_eq!(
        documented.len(),
        EXPECTED.len(),
        "undocumented extras: {documented:?}"
    );

    // Every documented operation reaches a handler (never the unknown-route 404 or 405).
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    for (method, path) in &documented {
        let uri = path
            .replace("{thread_id}", "acc-001:6281234567890")
            .replace("{id}", "1")
            .replace("{account_id}", "acc-001")
            .replace("{phone_number}", "6281234567890")
            .replace("{agent}", "1")
            .replace("{file}", "x.png");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let is_webhook =
            uri.starts_with("/api/whatsapp/webhook") || uri.starts_with("/api/whatsapp/status");
        let req = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header(header::COOKIE, &admin)
            .header(
                header::CONTENT_TYPE,
                if is_webhook {
                    "application/x-www-form-urlencoded"
                } else {
                    "application/json"
                },
            )
            .body(Body::from(if is_webhook { "" } else { "{}" }))
            .expect("request");
        let res = app.send(req).await;
        assert_ne!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert!(
            !res.body.contains("API route not found"),
            "{method} {uri} is not routed"
        );
    }
}
