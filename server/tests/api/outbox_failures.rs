//! The outbox when Twilio fails: passing errors retried with growing waits and then
//! failed with a reason, sends without an answer left *unknown* and never sent again by
//! themselves, a person's resend sent exactly once, two workers never sending one
//! message twice, and a deactivated account's queued message refused. Every send is
//! counted at the fake Twilio. SQLite and PostgreSQL.

use crate::{
    helpers::{Backend, fake_twilio::Answer},
    outbound::{CUSTOMER, Setup, message, run_outbox, setup_with},
};
use app::{
    db::{accounts, messages},
    messaging::ssr::outbox::{MAX_ATTEMPTS, backoff, tick},
};
use axum::http::{Method, StatusCode};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::time::Duration;

/// The owner's reply on the customer's `tw-a` thread; its message id.
async fn reply(s: &Setup, body: &str) -> i64 {
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/reply"),
            Some(json!({ "body": body })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    res.json()["id"].as_i64().expect("id")
}

/// A person presses "Kirim ulang" through the REST API.
async fn resend(s: &Setup, id: i64, cookie: &str) -> StatusCode {
    s.app
        .call(
            Method::POST,
            &format!("/api/inbox/messages/{id}/retry"),
            None,
            Some(cookie),
        )
        .await
        .status
}

/// The same through the server function the browser calls.
async fn resend_rpc(s: &Setup, id: i64, cookie: &str) -> StatusCode {
    s.app
        .call(
            Method::POST,
            "/api/rpc/retry_message",
            Some(json!({ "id": id })),
            Some(cookie),
        )
        .await
        .status
}

/// How many sends carried `body`.
fn sends_of(s: &Setup, body: &str) -> usize {
    s.twilio
        .requests()
        .iter()
        .filter(|r| r.field("Body") == Some(body))
        .count()
}

async fn passing_errors_are_retried_with_growing_waits_then_failed_with_a_reason(backend: Backend) {
    let Some(s) = setup_with(backend, &[]).await else {
        return;
    };
    let body = "Stok ready kak (uji 5xx)";
    let id = reply(&s, body).await;
    let overloaded = r#"{"code":20500,"message":"Internal Server Error"}"#;
    let mut answers = vec![(503, overloaded); MAX_ATTEMPTS as usize - 1];
    answers.push((500, ""));
    s.twilio.script(&answers);
    let mut at = Utc::now();
    let mut last_wait = chrono::Duration::zero();
    for attempt in 1..MAX_ATTEMPTS {
        let report = run_outbox(&s.app, at).await;
        assert_eq!((report.retried, report.sent), (1, 0), "attempt {attempt}");
        let m = message(&s.app, id).await;
        assert_eq!((m.status.as_str(), m.attempts), ("pending", attempt));
        let next = m.next_attempt_at.expect("a next attempt");
        let wait = next - at;
        let base = backoff(attempt, 0.0);
        assert!(
            wait >= base * 4 / 5 && wait <= base * 6 / 5 && wait > last_wait,
            "attempt {attempt}: waits {wait} after {last_wait}"
        );
        // Nothing is sent before its time.
        assert_eq!(
            run_outbox(&s.app, next - chrono::Duration::milliseconds(1)).await,
            Default::default()
        );
        last_wait = wait;
        at = next;
    }
    let report = run_outbox(&s.app, at).await;
    assert_eq!(report.failed, 1);
    let m = message(&s.app, id).await;
    assert_eq!(m.status.as_str(), "failed");
    assert_eq!(m.error_code.as_deref(), Some("500"));
    let reason = m.error_message.unwrap_or_default();
    assert!(reason.contains("HTTP 500"), "{reason}");
    assert_eq!(sends_of(&s, body), MAX_ATTEMPTS as usize);
    // Never again by itself.
    assert_eq!(
        run_outbox(&s.app, at + chrono::Duration::days(1)).await,
        Default::default()
    );

    // A person's resend is sent once; pressing again does nothing.
    assert_eq!(resend(&s, id, &s.owner).await, StatusCode::ACCEPTED);
    assert_eq!(resend(&s, id, &s.owner).await, StatusCode::CONFLICT);
    assert_eq!(run_outbox(&s.app, Utc::now()).await.sent, 1);
    assert_eq!(resend(&s, id, &s.owner).await, StatusCode::CONFLICT);
    assert_eq!(run_outbox(&s.app, Utc::now()).await, Default::default());
    assert_eq!(sends_of(&s, body), MAX_ATTEMPTS as usize + 1);
    assert_eq!(message(&s.app, id).await.status.as_str(), "queued");
}

async fn a_connection_error_is_retried_then_failed_with_a_reason(backend: Backend) {
    // A port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let Some(s) = setup_with(backend, &[("TWILIO_API_BASE_URL", &closed)]).await else {
        return;
    };
    let id = reply(&s, "Halo (uji jaringan)").await;
    let mut at = Utc::now();
    for attempt in 1..MAX_ATTEMPTS {
        assert_eq!(run_outbox(&s.app, at).await.retried, 1, "attempt {attempt}");
        let m = message(&s.app, id).await;
        assert_eq!(m.status.as_str(), "pending");
        at = m.next_attempt_at.expect("a next attempt");
    }
    assert_eq!(run_outbox(&s.app, at).await.failed, 1);
    let m = message(&s.app, id).await;
    assert_eq!(
        (m.status.as_str(), m.error_code.as_deref()),
        ("failed", Some("network"))
    );
    let reason = m.error_message.unwrap_or_default();
    assert!(reason.contains("tidak dapat dihubungi"), "{reason}");
}

async fn a_send_without_a_readable_answer_is_unknown_and_resent_only_by_a_person(backend: Backend) {
    let Some(s) = setup_with(backend, &[("TWILIO_TIMEOUT", "1s")]).await else {
        return;
    };
    let bodies = [
        "Halo (tanpa jawaban)",
        "Halo (jawaban terputus)",
        "Halo (jawaban rusak)",
    ];
    let mut ids = Vec::new();
    for body in bodies {
        ids.push(reply(&s, body).await);
    }
    s.twilio.script_answers(&[
        Answer::Silence(Duration::from_secs(5)),
        Answer::CutOff,
        Answer::Json(201, "<html>not json</html>".into()),
    ]);
    let report = run_outbox(&s.app, Utc::now()).await;
    assert_eq!((report.unknown, report.sent, report.retried), (3, 0, 0));
    for (id, body) in ids.iter().zip(bodies) {
        let m = message(&s.app, *id).await;
        assert_eq!(m.status.as_str(), "unknown", "{body}");
        assert!(
            m.error_message
                .as_deref()
                .is_some_and(|e| e.contains("mungkin sudah terkirim")),
            "{body}: {:?}",
            m.error_message
        );
        assert_eq!(sends_of(&s, body), 1, "{body}");
    }
    // Not by itself, however long it waits.
    assert_eq!(
        run_outbox(&s.app, Utc::now() + chrono::Duration::days(2)).await,
        Default::default()
    );

    // A person decides: the owner resends the first through REST, the second through
    // the server function; two presses at once on the first send it once.
    let (one, two) = tokio::join!(resend(&s, ids[0], &s.owner), resend(&s, ids[0], &s.owner));
    let mut answers = [one, two];
    answers.sort();
    assert_eq!(answers, [StatusCode::ACCEPTED, StatusCode::CONFLICT]);
    assert_eq!(resend_rpc(&s, ids[1], &s.owner).await, StatusCode::OK);
    assert_eq!(resend_rpc(&s, ids[1], &s.owner).await, StatusCode::CONFLICT);
    // Another agent cannot, by either door, and learns nothing of the message.
    assert_eq!(resend(&s, ids[2], &s.other).await, StatusCode::NOT_FOUND);
    assert_eq!(
        resend_rpc(&s, ids[2], &s.other).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(run_outbox(&s.app, Utc::now()).await.sent, 2);
    assert_eq!(run_outbox(&s.app, Utc::now()).await, Default::default());
    let sent: Vec<usize> = bodies.iter().map(|b| sends_of(&s, b)).collect();
    assert_eq!(sent, [2, 2, 1]);
    assert_eq!(message(&s.app, ids[2]).await.status.as_str(), "unknown");
}

async fn two_outbox_workers_send_each_message_once(backend: Backend) {
    let Some(s) = setup_with(backend, &[]).await else {
        return;
    };
    // A second server's worker on the same database.
    let other = s.app.second_server().await;
    let bodies: Vec<String> = (0..30).map(|i| format!("Pesan ganda? {i}")).collect();
    for body in &bodies {
        reply(&s, body).await;
    }
    let mut sent = 0;
    for _ in 0..10 {
        let now = Utc::now();
        let (a, b) = tokio::join!(
            tick(s.app.db(), &s.app.state.runtime, now),
            tick(other.db(), &other.state.runtime, now)
        );
        let (a, b) = (a.expect("tick A"), b.expect("tick B"));
        assert_eq!(a.unknown + b.unknown + a.failed + b.failed, 0);
        sent += a.sent + b.sent;
        if a.sent + b.sent == 0 {
            break;
        }
    }
    assert_eq!(sent, bodies.len());
    for body in &bodies {
        assert_eq!(sends_of(&s, body), 1, "{body}");
    }
}

async fn a_queued_message_of_a_deactivated_account_is_refused_with_a_reason(backend: Backend) {
    let Some(s) = setup_with(backend, &[]).await else {
        return;
    };
    let body = "Halo (akun dinonaktifkan)";
    let id = reply(&s, body).await;
    let mut account: accounts::ActiveModel = accounts::Entity::find_by_id("tw-a".to_owned())
        .one(s.app.db())
        .await
        .expect("query")
        .expect("account")
        .into();
    account.active = Set(false);
    account.update(s.app.db()).await.expect("deactivate");
    assert_eq!(run_outbox(&s.app, Utc::now()).await.failed, 1);
    let m = message(&s.app, id).await;
    assert_eq!(
        (m.status.as_str(), m.error_code.as_deref()),
        ("failed", Some("account"))
    );
    let reason = m.error_message.unwrap_or_default();
    assert!(reason.contains("dinonaktifkan"), "{reason}");
    assert_eq!(sends_of(&s, body), 0);
    let pending = messages::Entity::find()
        .filter(messages::Column::Status.eq("pending"))
        .all(s.app.db())
        .await
        .expect("query");
    assert!(pending.is_empty(), "{pending:?}");
}

on_both_backends!(
    passing_errors_are_retried_with_growing_waits_then_failed_with_a_reason,
    a_connection_error_is_retried_then_failed_with_a_reason,
    a_send_without_a_readable_answer_is_unknown_and_resent_only_by_a_person,
    two_outbox_workers_send_each_message_once,
    a_queued_message_of_a_deactivated_account_is_refused_with_a_reason,
);
