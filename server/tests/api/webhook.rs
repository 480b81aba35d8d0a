//! The inbound webhook and status callbacks through the real router, on SQLite and
//! PostgreSQL: signatures, idempotency, routing, spam, auto-replies, lead assignment.

use crate::helpers::{Backend, Response, TestApp, sid};
use app::{
    db::{assignment_events, blocked_messages, messages, notifications, threads},
    demo::{ACCOUNTS, SHARED_NUMBER},
};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::collections::HashMap;

const TOKO_A: &str = ACCOUNTS[0].2;
const TOKO_B: &str = ACCOUNTS[1].2;

async fn message_count(app: &TestApp) -> u64 {
    messages::Entity::find()
        .count(app.db())
        .await
        .expect("count")
}

async fn thread(app: &TestApp, id: &str) -> Option<threads::Model> {
    threads::Entity::find_by_id(id.to_owned())
        .one(app.db())
        .await
        .expect("query")
}

async fn a_signed_message_is_stored_in_a_new_assigned_thread(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let res = app
        .inbound(&sid(), "6281390001111", TOKO_A, "Halo, mau tanya harga")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.body, "<Response></Response>");
    assert!(
        res.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/xml")
    );
    let t = thread(&app, "acc-001:6281390001111")
        .await
        .expect("thread created");
    assert_eq!(t.unread_count, 1);
    assert_eq!(
        t.last_message_preview.as_deref(),
        Some("Halo, mau tanya harga")
    );
    assert!(t.owner_id.is_some() && t.assigned_at.is_some() && t.first_response_at.is_none());
    assert!(t.last_inbound_at.is_some());
    let events = assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.eq(t.id.as_str()))
        .all(app.db())
        .await
        .expect("events");
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].reason.as_str(), events[0].to_agent_id),
        ("round_robin", t.owner_id)
    );
}

async fn bad_or_missing_signatures_are_refused_and_nothing_is_stored(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let before = message_count(&app).await;
    let params = [
        ("MessageSid", "SM11111111111111111111111111111111"),
        ("From", "whatsapp:+6281390002222"),
        ("To", "whatsapp:+6281211110001"),
        ("Body", "Halo"),
    ];
    let form = serde_urlencoded::to_string(params).expect("form");
    let post = |signature: Option<&'static str>, body: String| {
        let mut req = Request::builder()
            .method(Method::POST)
            .uri("/api/whatsapp/webhook")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(s) = signature {
            req = req.header("X-Twilio-Signature", s);
        }
        req.body(Body::from(body)).expect("request")
    };
    let missing = app.send(post(None, form.clone())).await;
    assert_eq!(missing.status, StatusCode::FORBIDDEN);
    let invalid = app
        .send(post(Some("bm90IGEgc2lnbmF0dXJl"), form.clone()))
        .await;
    assert_eq!(invalid.status, StatusCode::FORBIDDEN);
    // Signed with the wrong token.
    let wrong_token = app
        .signed_post("/api/whatsapp/webhook", &params, "not-the-token")
        .await;
    assert_eq!(wrong_token.status, StatusCode::FORBIDDEN);
    // Signed correctly, then tampered with: the body changed after signing.
    let url = format!("{}/api/whatsapp/webhook", app.state.runtime.public_base_url);
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    let good = app::providers::signature::compute(&app.simulator_token(), &url, &owned);
    let tampered = form.replace("Halo", "Transfer+ke+rekening+lain");
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/whatsapp/webhook")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", good.as_str())
        .body(Body::from(tampered))
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::FORBIDDEN);
    // A Host header naming another site changes nothing: the public URL is configured.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/whatsapp/webhook")
        .header(header::HOST, "evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("X-Twilio-Signature", good.as_str())
        .body(Body::from(form))
        .expect("request");
    assert_eq!(app.send(req).await.status, StatusCode::OK);
    assert_eq!(
        message_count(&app).await,
        before + 1,
        "only the genuine request stored"
    );
}

async fn malformed_requests_get_400_with_the_reason(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let token = app.simulator_token();
    let before = message_count(&app).await;
    let no_sid = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("From", "whatsapp:+6281390003333"),
                ("To", "whatsapp:+6281211110001"),
                ("Body", "x"),
            ],
            &token,
        )
        .await;
    assert_eq!(no_sid.status, StatusCode::BAD_REQUEST);
    assert!(no_sid.body.contains("MessageSid"), "{}", no_sid.body);
    let bad_from = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", "SM1"),
                ("From", "whatsapp:+12"),
                ("To", "whatsapp:+6281211110001"),
                ("Body", "x"),
            ],
            &token,
        )
        .await;
    assert_eq!(bad_from.status, StatusCode::BAD_REQUEST);
    assert!(bad_from.body.contains("From"), "{}", bad_from.body);
    let json = Request::builder()
        .method(Method::POST)
        .uri("/api/whatsapp/webhook")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let res = app.send(json).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("x-www-form-urlencoded"));
    let huge = "x".repeat(200 * 1024);
    let too_big = app.inbound(&sid(), "6281390003333", TOKO_A, &huge).await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(message_count(&app).await, before);
}

async fn unknown_parameters_are_accepted_and_signed_over(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let res = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", &sid()),
                ("From", "whatsapp:+6281390004444"),
                ("To", "whatsapp:+6281211110001"),
                ("Body", "Halo"),
                ("ProfileName", "Tono"),
                ("WaId", "6281390004444"),
                ("ChannelMetadata", "{\"type\":\"whatsapp\"}"),
                ("BrandNewTwilioField", "anything"),
            ],
            &app.simulator_token(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let t = thread(&app, "acc-001:6281390004444").await.expect("thread");
    assert_eq!(t.profile_name.as_deref(), Some("Tono"));
}

async fn an_unknown_account_is_refused_clearly(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("TWILIO_AUTH_TOKEN", "default-token"),
        ],
    )
    .await
    else {
        return;
    };
    let before = message_count(&app).await;
    let res = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", &sid()),
                ("From", "whatsapp:+6281390005555"),
                ("To", "whatsapp:+6281299990000"),
                ("Body", "x"),
            ],
            "default-token",
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    assert!(res.body.contains("6281299990000"), "{}", res.body);
    assert_eq!(message_count(&app).await, before);
}

async fn repeated_deliveries_store_one_message(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let before = message_count(&app).await;
    let one = sid();
    for _ in 0..3 {
        let res = app
            .inbound(&one, "6281390006666", TOKO_A, "Sekali saja")
            .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    assert_eq!(message_count(&app).await, before + 1);
    assert_eq!(
        thread(&app, "acc-001:6281390006666")
            .await
            .expect("thread")
            .unread_count,
        1
    );

    // Twenty at once, from a brand-new number (the thread is created in the race too).
    let two = sid();
    let results = futures::future::join_all(
        (0..20).map(|_| app.inbound(&two, "6281390007777", TOKO_B, "Bersamaan")),
    )
    .await;
    assert!(
        results.iter().all(|r| r.status == StatusCode::OK),
        "{:?}",
        results
            .iter()
            .map(|r| (r.status, &r.body))
            .collect::<Vec<_>>()
    );
    assert_eq!(message_count(&app).await, before + 2);
    let t = thread(&app, "acc-002:6281390007777").await.expect("thread");
    assert_eq!(t.unread_count, 1);
    let events = assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.eq(t.id.as_str()))
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(events, 1, "one lead, one assignment");
}

async fn the_same_number_on_two_accounts_is_two_threads_with_a_sticky_owner(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let number = "6281390008888";
    app.inbound(&sid(), number, TOKO_A, "Halo Toko A").await;
    app.inbound(&sid(), number, TOKO_B, "Halo Toko B").await;
    let a = thread(&app, &format!("acc-001:{number}"))
        .await
        .expect("thread on A");
    let b = thread(&app, &format!("acc-002:{number}"))
        .await
        .expect("thread on B");
    assert_ne!(a.id, b.id);
    assert_eq!(
        a.owner_id, b.owner_id,
        "the second thread goes to the same owner"
    );
    let reason = assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.eq(b.id.as_str()))
        .one(app.db())
        .await
        .expect("query")
        .expect("event")
        .reason;
    assert_eq!(reason, app::domain::AssignReason::Sticky);
    // The demo's shared number keeps its owner on a third account too.
    app.inbound(&sid(), SHARED_NUMBER, ACCOUNTS[2].2, "Halo Personal")
        .await;
    let shared_a = thread(&app, &format!("acc-001:{SHARED_NUMBER}"))
        .await
        .expect("demo thread");
    let shared_c = thread(&app, &format!("acc-003:{SHARED_NUMBER}"))
        .await
        .expect("new thread");
    assert_eq!(shared_a.owner_id, shared_c.owner_id);
}

async fn spam_goes_to_the_blocked_log_only(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let before = message_count(&app).await;
    let spam = sid();
    let res = app
        .inbound(
            &spam,
            "6281390009999",
            TOKO_A,
            "Terima kasih telah menghubungi PT Maju. Kami di luar jam kerja.",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    // A repeat of the blocked message is a no-op too.
    app.inbound(
        &spam,
        "6281390009999",
        TOKO_A,
        "Terima kasih telah menghubungi PT Maju.",
    )
    .await;
    assert_eq!(message_count(&app).await, before);
    assert!(
        thread(&app, "acc-001:6281390009999").await.is_none(),
        "spam created a thread"
    );
    let blocked = blocked_messages::Entity::find()
        .all(app.db())
        .await
        .expect("blocked");
    assert_eq!(blocked.len(), 1);
    assert_eq!(blocked[0].matched_keyword, "terima kasih telah menghubungi");
    assert_eq!(blocked[0].provider_message_id, spam);
    assert!(blocked[0].raw_params.contains("MessageSid"));
}

async fn auto_replies_are_flagged_and_a_personal_follow_up_notifies_the_owner(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let number = "6281390010000";
    // "Pesan … diterima" is an auto-reply pattern but not a spam keyword.
    app.inbound(
        &sid(),
        number,
        TOKO_A,
        "Pesan Anda sudah diterima sistem kami",
    )
    .await;
    let t = thread(&app, &format!("acc-001:{number}"))
        .await
        .expect("thread");
    assert!(t.last_inbound_auto_reply);
    let flagged = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(t.id.as_str()))
        .one(app.db())
        .await
        .expect("query")
        .expect("message");
    assert!(flagged.is_auto_reply);

    app.inbound(
        &sid(),
        number,
        TOKO_A,
        "Maaf tadi otomatis, saya mau pesan 2",
    )
    .await;
    let t = thread(&app, &format!("acc-001:{number}"))
        .await
        .expect("thread");
    assert!(!t.last_inbound_auto_reply);
    let notes = notifications::Entity::find()
        .filter(notifications::Column::ThreadId.eq(t.id.as_str()))
        .all(app.db())
        .await
        .expect("notifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(Some(notes[0].agent_id), t.owner_id);
    assert!(notes[0].title.starts_with("Pesan Personal dari"));
}

async fn fifty_concurrent_new_leads_are_shared_evenly(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let numbers: Vec<String> = (0..50).map(|i| format!("62813911{i:05}")).collect();
    let sids: Vec<String> = numbers.iter().map(|_| sid()).collect();
    let results = futures::future::join_all(
        numbers
            .iter()
            .zip(&sids)
            .map(|(n, s)| app.inbound(s, n, TOKO_B, "Lead baru")),
    )
    .await;
    assert!(results.iter().all(|r| r.status == StatusCode::OK));
    let mut per_agent: HashMap<i64, usize> = HashMap::new();
    for n in &numbers {
        let t = thread(&app, &format!("acc-002:{n}")).await.expect("thread");
        *per_agent.entry(t.owner_id.expect("assigned")).or_default() += 1;
    }
    let mut counts: Vec<usize> = per_agent.values().copied().collect();
    counts.sort_unstable();
    assert_eq!(counts, vec![16, 17, 17], "uneven split {per_agent:?}");
    let events = assignment_events::Entity::find()
        .filter(assignment_events::Column::Reason.eq("round_robin"))
        .filter(assignment_events::Column::ThreadId.like("acc-002:62813911%"))
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(events, 50);
}

async fn report(app: &TestApp, sid: &str, status: &str, code: Option<&str>) -> Response {
    let mut p = vec![
        ("MessageSid", sid),
        ("MessageStatus", status),
        ("ChannelPrefix", "whatsapp"),
    ];
    if let Some(c) = code {
        p.push(("ErrorCode", c));
    }
    app.signed_post("/api/whatsapp/status", &p, &app.simulator_token())
        .await
}

async fn status_of(app: &TestApp, sid: &str) -> messages::Model {
    messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .one(app.db())
        .await
        .expect("query")
        .expect("message")
}

async fn status_callbacks_only_move_forward(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let thread_id = format!("acc-001:{SHARED_NUMBER}");
    let now = Utc::now();
    for provider_id in [
        "SMout0000000000000000000000000001",
        "SMout0000000000000000000000000002",
    ] {
        messages::ActiveModel {
            thread_id: Set(thread_id.clone()),
            account_id: Set("acc-001".into()),
            direction: Set(app::domain::Direction::Outbound),
            message_type: Set(app::domain::MessageType::Text),
            body: Set("Siap kak".into()),
            provider_message_id: Set(Some(provider_id.into())),
            status: Set(app::domain::MessageStatus::Queued),
            template_credited: Set(false),
            is_auto_reply: Set(false),
            attempts: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(app.db())
        .await
        .expect("outbound message");
    }
    let one = "SMout0000000000000000000000000001";
    for (status, want) in [
        ("delivered", "delivered"),
        ("sent", "delivered"),
        ("read", "read"),
        ("delivered", "read"),
        ("failed", "read"),
    ] {
        let res = report(&app, one, status, None).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
        assert_eq!(
            status_of(&app, one).await.status.as_str(),
            want,
            "after {status}"
        );
    }
    let two = "SMout0000000000000000000000000002";
    report(&app, two, "sent", None).await;
    report(&app, two, "undelivered", Some("63016")).await;
    report(&app, two, "delivered", None).await;
    let m = status_of(&app, two).await;
    assert_eq!(
        (m.status.as_str(), m.error_code.as_deref()),
        ("undelivered", Some("63016"))
    );
    assert!(m.error_message.unwrap_or_default().contains("24 jam"));

    // Unsigned or badly signed callbacks change nothing.
    let forged = app
        .signed_post(
            "/api/whatsapp/status",
            &[("MessageSid", two), ("MessageStatus", "read")],
            "forged",
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let unknown_status = report(&app, two, "exploded", None).await;
    assert_eq!(unknown_status.status, StatusCode::BAD_REQUEST);
}

async fn twilio_accounts_use_their_own_token_over_the_default(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("TWILIO_AUTH_TOKEN", "default-token"),
        ],
    )
    .await
    else {
        return;
    };
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    for (name, number, token) in [
        ("Twilio Default", "+6281244440001", None),
        ("Twilio Own", "+6281244440002", Some("own-token")),
    ] {
        let res = app
            .call(
                Method::POST,
                "/api/whatsapp/sessions",
                Some(serde_json::json!({ "name": name, "phoneNumber": number, "provider": "twilio", "twilioAuthToken": token })),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    let send = |to: &'static str, token: &'static str| {
        let app = &app;
        async move {
            app.signed_post(
                "/api/whatsapp/webhook",
                &[
                    ("MessageSid", &sid()),
                    ("From", "whatsapp:+6281390020000"),
                    ("To", to),
                    ("Body", "Halo"),
                ],
                token,
            )
            .await
            .status
        }
    };
    assert_eq!(
        send("whatsapp:+6281244440001", "default-token").await,
        StatusCode::OK
    );
    assert_eq!(
        send("whatsapp:+6281244440002", "own-token").await,
        StatusCode::OK
    );
    assert_eq!(
        send("whatsapp:+6281244440002", "default-token").await,
        StatusCode::FORBIDDEN
    );
    // A simulator account never accepts the Twilio token.
    assert_eq!(
        send("whatsapp:+6281211110001", "default-token").await,
        StatusCode::FORBIDDEN
    );
}

on_both_backends!(
    a_signed_message_is_stored_in_a_new_assigned_thread,
    bad_or_missing_signatures_are_refused_and_nothing_is_stored,
    malformed_requests_get_400_with_the_reason,
    unknown_parameters_are_accepted_and_signed_over,
    an_unknown_account_is_refused_clearly,
    repeated_deliveries_store_one_message,
    the_same_number_on_two_accounts_is_two_threads_with_a_sticky_owner,
    spam_goes_to_the_blocked_log_only,
    auto_replies_are_flagged_and_a_personal_follow_up_notifies_the_owner,
    fifty_concurrent_new_leads_are_shared_evenly,
    status_callbacks_only_move_forward,
    twilio_accounts_use_their_own_token_over_the_default,
);
