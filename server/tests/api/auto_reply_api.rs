//! Auto-reply patterns through the REST API: checked when saved, applied to the next
//! message, admins only; and the preview.

use crate::helpers::{Backend, TestApp, sid};
use app::{db::messages, demo::ACCOUNTS};
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// Whether the message `message_sid` was stored flagged as an auto-reply.
async fn flagged(app: &TestApp, message_sid: &str) -> bool {
    messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(message_sid))
        .one(app.db())
        .await
        .expect("query")
        .expect("stored")
        .is_auto_reply
}

async fn patterns_are_checked_and_apply_to_the_next_message(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let agent = app.login("agent1@serambi.test", "serambi-agent").await;
    let path = "/api/auto-reply/patterns";

    let stored = app.call(Method::GET, path, None, Some(&admin)).await;
    assert_eq!(stored.status, StatusCode::OK, "{}", stored.body);
    assert!(
        stored.json()["patterns"]
            .as_array()
            .expect("patterns")
            .iter()
            .any(|p| p == "auto.?reply")
    );

    // Refused, with the reason: a broken regex (the parser's own words), one that
    // matches everything, agents, no session. The stored list stays.
    let broken = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "patterns": ["sedang cuti", "(unclosed"] })),
            Some(&admin),
        )
        .await;
    assert_eq!(
        broken.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        broken.body
    );
    assert!(broken.body.contains("unclosed"), "{}", broken.body);
    let everything = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "patterns": [".*"] })),
            Some(&admin),
        )
        .await;
    assert_eq!(
        everything.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        everything.body
    );
    for (method, p, body) in [
        (Method::GET, path, None),
        (Method::PUT, path, Some(json!({ "patterns": ["x"] }))),
        (
            Method::POST,
            "/api/auto-reply/preview",
            Some(json!({ "text": "x" })),
        ),
    ] {
        let res = app
            .call(method.clone(), p, body.clone(), Some(&agent))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {p}");
        let res = app.call(method.clone(), p, body, None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {p}");
    }
    assert_eq!(
        app.call(Method::GET, path, None, Some(&admin)).await.json(),
        stored.json()
    );

    // Before: an out-of-office text nobody anticipated is a person.
    let (before, after) = (sid(), sid());
    let text = "Saya sedang cuti sampai Senin";
    app.inbound(&before, "6281366660001", ACCOUNTS[0].2, text)
        .await;
    assert!(!flagged(&app, &before).await);
    let saved = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "patterns": ["  sedang\\s+cuti ", "auto.?reply"] })),
            Some(&admin),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(
        saved.json()["patterns"],
        json!(["sedang\\s+cuti", "auto.?reply"])
    );
    app.inbound(&after, "6281366660002", ACCOUNTS[0].2, text)
        .await;
    assert!(
        flagged(&app, &after).await,
        "the next message meets the new pattern"
    );

    // The preview: which patterns, and which spam keyword.
    let preview = app
        .call(
            Method::POST,
            "/api/auto-reply/preview",
            Some(json!({ "text": "AUTO REPLY: sedang  cuti" })),
            Some(&admin),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(
        preview.json()["autoReplyPatterns"],
        json!(["sedang\\s+cuti", "auto.?reply"])
    );
    assert_eq!(preview.json()["spamKeyword"], "auto reply");
    let unsaved = app
        .call(
            Method::POST,
            "/api/auto-reply/preview",
            Some(json!({ "text": "Halo kak", "patterns": ["halo"] })),
            Some(&admin),
        )
        .await;
    assert_eq!(unsaved.json()["autoReplyPatterns"], json!(["halo"]));
    assert!(unsaved.json()["spamKeyword"].is_null());
}

on_both_backends!(patterns_are_checked_and_apply_to_the_next_message);
