//! Replies and new messages through the real router and the outbox, against a fake
//! Twilio on loopback: the account a message leaves from, the exact form Twilio gets,
//! retries, failures, permissions and the 24-hour window. SQLite and PostgreSQL.

use crate::helpers::{Backend, TestApp, fake_twilio::FakeTwilio, sid};
use app::{
    accounts::{CreateAccountRequest, Provider, ssr::create_account},
    db::message_media,
    db::{agents, messages, threads},
    messaging::ssr::{
        media::{self, MAX_MEDIA_BYTES, stored_file},
        outbox::tick,
    },
};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::json;
use tower::ServiceExt;

pub(crate) const SID: &str = "ACtest00000000000000000000000000";
pub(crate) const TOKEN: &str = "twilio-token";
pub(crate) const TWILIO_A: &str = "6281255550001";
const TWILIO_B: &str = "6281255550002";
pub(crate) const CUSTOMER: &str = "6281377770000";

pub(crate) struct Setup {
    pub(crate) app: TestApp,
    pub(crate) twilio: FakeTwilio,
    /// Session cookie of the agent owning the customer's threads.
    pub(crate) owner: String,
    /// Session cookie of another agent.
    pub(crate) other: String,
    /// The media folder (`SERAMBI_MEDIA_DIR`).
    media_dir: tempfile::TempDir,
}

/// Demo data plus two Twilio accounts ("Twilio A", "Twilio B") to which the same
/// customer wrote; the fake Twilio answers their sends.
async fn setup(backend: Backend) -> Option<Setup> {
    setup_with(backend, &[]).await
}

/// [`setup`] with more environment (`extra` wins over the defaults).
pub(crate) async fn setup_with(backend: Backend, extra: &[(&str, &str)]) -> Option<Setup> {
    let twilio = FakeTwilio::start().await;
    let media_dir = tempfile::tempdir().expect("media dir");
    let media_path = media_dir.path().display().to_string();
    let mut vars = vec![
        ("SERAMBI_DEMO", "1"),
        ("TWILIO_ACCOUNT_SID", SID),
        ("TWILIO_AUTH_TOKEN", TOKEN),
        ("TWILIO_API_BASE_URL", twilio.base_url.as_str()),
        ("SERAMBI_MEDIA_DIR", media_path.as_str()),
    ];
    vars.extend_from_slice(extra);
    let app = TestApp::start(backend, &vars).await?;
    for (id, name, number) in [
        ("tw-a", "Twilio A", TWILIO_A),
        ("tw-b", "Twilio B", TWILIO_B),
    ] {
        create_account(
            app.db(),
            &Default::default(),
            CreateAccountRequest {
                id: Some(id.into()),
                name: name.into(),
                phone_number: format!("+{number}"),
                provider: Provider::Twilio,
                twilio_account_sid: None,
                twilio_auth_token: None,
            },
        )
        .await
        .expect("account");
    }
    for to in [TWILIO_A, TWILIO_B] {
        let res = app
            .signed_post(
                "/api/whatsapp/webhook",
                &[
                    ("MessageSid", &sid()),
                    ("From", &format!("whatsapp:+{CUSTOMER}")),
                    ("To", &format!("whatsapp:+{to}")),
                    ("Body", "Halo, mau pesan"),
                ],
                TOKEN,
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let owner_id = thread(&app, &format!("tw-b:{CUSTOMER}"))
        .await
        .owner_id
        .expect("owner");
    let owner_email = agents::Entity::find_by_id(owner_id)
        .one(app.db())
        .await
        .expect("q")
        .expect("agent")
        .email;
    let other_email = agents::Entity::find()
        .filter(agents::Column::Role.eq("agent"))
        .filter(agents::Column::Id.ne(owner_id))
        .one(app.db())
        .await
        .expect("q")
        .expect("another agent")
        .email;
    let owner = app.login(&owner_email, "serambi-agent").await;
    let other = app.login(&other_email, "serambi-agent").await;
    Some(Setup {
        app,
        twilio,
        owner,
        other,
        media_dir,
    })
}

async fn thread(app: &TestApp, id: &str) -> threads::Model {
    threads::Entity::find_by_id(id.to_owned())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread")
}

pub(crate) async fn message(app: &TestApp, id: i64) -> messages::Model {
    messages::Entity::find_by_id(id)
        .one(app.db())
        .await
        .expect("query")
        .expect("message")
}

pub(crate) async fn run_outbox(
    app: &TestApp,
    at: chrono::DateTime<Utc>,
) -> app::messaging::ssr::outbox::OutboxReport {
    tick(app.db(), &app.state.runtime, at).await.expect("tick")
}

async fn a_reply_leaves_from_the_threads_account_with_the_exact_form(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let thread_id = format!("tw-b:{CUSTOMER}");
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{thread_id}/reply"),
            Some(json!({ "body": "Siap kak, ready" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    let queued = res.json();
    assert_eq!(
        (queued["accountId"].as_str(), queued["status"].as_str()),
        (Some("tw-b"), Some("pending"))
    );
    let t = thread(&s.app, &thread_id).await;
    assert!(
        t.first_response_at.is_some(),
        "the owner's first reply locks the lead"
    );

    let report = run_outbox(&s.app, Utc::now()).await;
    assert_eq!(report.sent, 1);
    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.path, format!("/2010-04-01/Accounts/{SID}/Messages.json"));
    assert_eq!(r.basic_auth, Some((SID.to_owned(), TOKEN.to_owned())));
    assert_eq!(
        r.field("From"),
        Some(format!("whatsapp:+{TWILIO_B}").as_str())
    );
    assert_eq!(
        r.field("To"),
        Some(format!("whatsapp:+{CUSTOMER}").as_str())
    );
    assert_eq!(r.field("Body"), Some("Siap kak, ready"));
    assert_eq!(
        r.field("StatusCallback"),
        Some("http://127.0.0.1:3000/api/whatsapp/status")
    );

    let sent = message(&s.app, queued["id"].as_i64().expect("id")).await;
    assert_eq!(sent.status.as_str(), "queued");
    let provider_id = sent.provider_message_id.expect("Twilio's sid stored");
    // The status follows Twilio's callbacks.
    let cb = s
        .app
        .signed_post(
            "/api/whatsapp/status",
            &[("MessageSid", &provider_id), ("MessageStatus", "delivered")],
            TOKEN,
        )
        .await;
    assert_eq!(cb.status, StatusCode::NO_CONTENT);
    assert_eq!(message(&s.app, sent.id).await.status.as_str(), "delivered");
}

async fn a_reply_cannot_name_another_account(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let before = messages::Entity::find()
        .count(s.app.db())
        .await
        .expect("count");
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/reply"),
            Some(json!({ "body": "Halo", "accountId": "tw-a" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("accountId"), "{}", res.body);
    // Seed 000's endpoint: also from the thread's account only.
    let res = s
        .app
        .call(
            Method::POST,
            "/api/conversations/reply",
            Some(json!({ "conversationId": format!("tw-a:{CUSTOMER}"), "body": "Dari A" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    assert_eq!(res.json()["accountId"], "tw-a");
    run_outbox(&s.app, Utc::now()).await;
    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].field("From"),
        Some(format!("whatsapp:+{TWILIO_A}").as_str())
    );
    assert_eq!(
        messages::Entity::find()
            .count(s.app.db())
            .await
            .expect("count"),
        before + 1
    );
}

async fn a_429_is_retried_with_backoff_until_twilio_accepts(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    s.twilio.script(&[(
        429,
        r#"{"code":20429,"message":"Too Many Requests","status":429}"#,
    )]);
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/reply"),
            Some(json!({ "body": "Sebentar" })),
            Some(&s.owner),
        )
        .await;
    let id = res.json()["id"].as_i64().expect("id");
    let now = Utc::now();
    assert_eq!(run_outbox(&s.app, now).await.retried, 1);
    let waiting = message(&s.app, id).await;
    assert_eq!((waiting.status.as_str(), waiting.attempts), ("pending", 1));
    assert!(
        waiting.next_attempt_at.expect("scheduled") > now,
        "retried at once"
    );
    // Not due yet: nothing is sent.
    assert_eq!(run_outbox(&s.app, now).await, Default::default());
    assert_eq!(s.twilio.requests().len(), 1);
    // Due: sent.
    assert_eq!(
        run_outbox(&s.app, now + Duration::minutes(10)).await.sent,
        1
    );
    let sent = message(&s.app, id).await;
    assert_eq!((sent.status.as_str(), sent.attempts), ("queued", 2));
    assert_eq!(s.twilio.requests().len(), 2);
}

async fn a_permanent_error_fails_at_once_with_twilios_code(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    s.twilio.script(&[(
        400,
        r#"{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}"#,
    )]);
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/reply"),
            Some(json!({ "body": "Halo" })),
            Some(&s.owner),
        )
        .await;
    let id = res.json()["id"].as_i64().expect("id");
    assert_eq!(run_outbox(&s.app, Utc::now()).await.failed, 1);
    let failed = message(&s.app, id).await;
    assert_eq!(
        (failed.status.as_str(), failed.error_code.as_deref()),
        ("failed", Some("21211"))
    );
    assert!(
        failed
            .error_message
            .unwrap_or_default()
            .contains("tidak valid")
    );
    assert_eq!(
        run_outbox(&s.app, Utc::now() + Duration::hours(1)).await,
        Default::default()
    );
    assert_eq!(
        s.twilio.requests().len(),
        1,
        "a permanent failure is not retried"
    );
    // The history shows the failure with its reason.
    let page = s
        .app
        .call(
            Method::GET,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/messages"),
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(page.json()["items"][0]["errorCode"], "21211");
}

async fn another_agents_thread_is_refused_and_nothing_is_sent(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let before = messages::Entity::find()
        .count(s.app.db())
        .await
        .expect("count");
    let reply = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/reply"),
            Some(json!({ "body": "Saya ambil" })),
            Some(&s.other),
        )
        .await;
    // Exactly the answer for a thread that does not exist: nothing learnt by trying.
    let nowhere = s
        .app
        .call(
            Method::POST,
            "/api/inbox/chats/tw-a:6281999000111/reply",
            Some(json!({ "body": "Saya ambil" })),
            Some(&s.other),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND, "{}", nowhere.body);
    assert_eq!(reply.error_code(), nowhere.error_code());
    assert_eq!(
        reply.body.replace(CUSTOMER, "N"),
        nowhere.body.replace("6281999000111", "N")
    );
    // A new message to the colleague's customer gets the answer a number nobody
    // knows gets: an agent cannot sort numbers into colleagues' customers and others.
    let send = s
        .app
        .call(
            Method::POST,
            "/api/outbox/send",
            Some(json!({ "accountId": "tw-a", "recipientNumber": CUSTOMER, "body": "Saya ambil" })),
            Some(&s.other),
        )
        .await;
    let unknown = s
        .app
        .call(
            Method::POST,
            "/api/outbox/send",
            Some(json!({ "accountId": "tw-a", "recipientNumber": "6281999000111", "body": "Saya ambil" })),
            Some(&s.other),
        )
        .await;
    assert_eq!(
        send.status, unknown.status,
        "{} / {}",
        send.body, unknown.body
    );
    assert_eq!(send.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        send.body.replace(CUSTOMER, "N"),
        unknown.body.replace("6281999000111", "N")
    );
    let history = s
        .app
        .call(
            Method::GET,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/messages"),
            None,
            Some(&s.other),
        )
        .await;
    assert_eq!(
        history.status,
        StatusCode::NOT_FOUND,
        "another agent's thread is invisible"
    );
    assert_eq!(run_outbox(&s.app, Utc::now()).await, Default::default());
    assert!(s.twilio.requests().is_empty());
    assert_eq!(
        messages::Entity::find()
            .count(s.app.db())
            .await
            .expect("count"),
        before
    );
    // An admin may answer any thread.
    let admin = s.app.login("admin@serambi.test", "serambi-admin").await;
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-a:{CUSTOMER}/reply"),
            Some(json!({ "body": "Dari admin" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED);
    assert!(
        thread(&s.app, &format!("tw-a:{CUSTOMER}"))
            .await
            .first_response_at
            .is_none(),
        "only the owner's reply locks the lead"
    );
}

async fn free_text_outside_the_24_hour_window_is_refused_before_twilio(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let thread_id = format!("tw-a:{CUSTOMER}");
    let mut t: threads::ActiveModel = thread(&s.app, &thread_id).await.into();
    t.last_inbound_at = Set(Some(Utc::now() - Duration::hours(25)));
    t.update(s.app.db()).await.expect("update");
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{thread_id}/reply"),
            Some(json!({ "body": "Masih ada?" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_code(), "outside_window");
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("24-hour")
    );
    // A number that never wrote is outside the window too.
    let new = s
        .app
        .call(Method::POST, "/api/outbox/send", Some(json!({ "accountId": "tw-a", "recipientNumber": "0813 9999 0000", "body": "Promo" })), Some(&s.owner))
        .await;
    assert_eq!(new.error_code(), "outside_window");
    assert_eq!(run_outbox(&s.app, Utc::now()).await, Default::default());
    assert!(s.twilio.requests().is_empty());
}

async fn a_new_message_needs_an_account_and_a_valid_number(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let send = |body: serde_json::Value| {
        let s = &s;
        async move {
            s.app
                .call(Method::POST, "/api/outbox/send", Some(body), Some(&s.owner))
                .await
        }
    };
    let missing = send(json!({ "recipientNumber": "081399990000", "body": "Halo" })).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("accountId"), "{}", missing.body);
    let unknown =
        send(json!({ "accountId": "acc-999", "recipientNumber": "081399990000", "body": "Halo" }))
            .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_number =
        send(json!({ "accountId": "acc-001", "recipientNumber": "0812", "body": "Halo" })).await;
    assert_eq!(bad_number.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_number.body.contains("recipientNumber"),
        "{}",
        bad_number.body
    );
    let empty =
        send(json!({ "accountId": "acc-001", "recipientNumber": "081399990000", "body": "  " }))
            .await;
    assert_eq!(
        empty.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        empty.body
    );
    assert_eq!(
        empty.json()["error"]["code"],
        "validation",
        "{}",
        empty.body
    );
    assert!(
        empty.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("body")),
        "{}",
        empty.body
    );
    assert!(
        threads::Entity::find_by_id("acc-001:6281399990000".to_owned())
            .one(s.app.db())
            .await
            .expect("query")
            .is_none(),
        "a refused message opens no thread"
    );
    let too_long = send(json!({ "accountId": "acc-001", "recipientNumber": "081399990000", "body": "x".repeat(1601) })).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);

    // A simulator account may write first; the new thread belongs to the sender.
    let ok = send(json!({ "accountId": "acc-001", "recipientNumber": "0813-9999-0000", "body": "Halo, ini Toko A" })).await;
    assert_eq!(ok.status, StatusCode::ACCEPTED, "{}", ok.body);
    assert_eq!(ok.json()["threadId"], "acc-001:6281399990000");
    let me = s
        .app
        .call(Method::GET, "/api/auth/me", None, Some(&s.owner))
        .await
        .json();
    let t = thread(&s.app, "acc-001:6281399990000").await;
    assert_eq!(t.owner_id, me["id"].as_i64());
    assert!(t.first_response_at.is_some());
    let report = run_outbox(&s.app, Utc::now()).await;
    assert_eq!(report.sent, 1, "the simulator accepted it");
    assert!(
        s.twilio.requests().is_empty(),
        "a simulator account never reaches Twilio"
    );
}

async fn the_rest_api_lists_filters_pages_and_marks_read(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let list = s
        .app
        .call(
            Method::GET,
            "/api/inbox/chats?accounts=tw-a,tw-b&limit=10",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let items = list.json()["items"].as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|c| c["threadId"].as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(
        ids.contains(&format!("tw-a:{CUSTOMER}").as_str())
            && ids.contains(&format!("tw-b:{CUSTOMER}").as_str())
    );
    let by_text = s
        .app
        .call(
            Method::GET,
            "/api/inbox/chats?q=MAU%20PESAN",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(by_text.json()["items"].as_array().map(Vec::len), Some(2));
    let by_number = s
        .app
        .call(
            Method::GET,
            "/api/inbox/chats?q=8137777",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(by_number.json()["items"].as_array().map(Vec::len), Some(2));
    // The older path answers exactly as the chat list.
    let thread_ids = crate::search_api::threads_of;
    let legacy = s
        .app
        .call(
            Method::GET,
            "/api/conversations?accounts=tw-a,tw-b&limit=10",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(legacy.status, StatusCode::OK, "{}", legacy.body);
    assert_eq!(thread_ids(&legacy.json()), thread_ids(&list.json()));
    let everyone = s
        .app
        .call(
            Method::GET,
            "/api/inbox/chats?owner=everyone",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(
        everyone.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        everyone.body
    );
    assert!(
        everyone.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("owner")),
        "{}",
        everyone.body
    );
    assert_eq!(
        s.app
            .call(
                Method::GET,
                "/api/inbox/chats?limit=0",
                None,
                Some(&s.owner)
            )
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        s.app
            .call(
                Method::GET,
                "/api/inbox/chats?unread=maybe",
                None,
                Some(&s.owner)
            )
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Three more inbound messages, then page through the history backwards.
    for text in ["satu", "dua", "tiga"] {
        s.app
            .signed_post(
                "/api/whatsapp/webhook",
                &[
                    ("MessageSid", &sid()),
                    ("From", &format!("whatsapp:+{CUSTOMER}")),
                    ("To", &format!("whatsapp:+{TWILIO_A}")),
                    ("Body", text),
                ],
                TOKEN,
            )
            .await;
    }
    let path = format!("/api/inbox/chats/tw-a:{CUSTOMER}/messages?limit=3");
    let first = s
        .app
        .call(Method::GET, &path, None, Some(&s.owner))
        .await
        .json();
    let bodies: Vec<&str> = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|m| m["body"].as_str())
        .collect();
    assert_eq!(bodies, ["tiga", "dua", "satu"]);
    let before = first["nextBefore"].as_i64().expect("more");
    let second = s
        .app
        .call(
            Method::GET,
            &format!("{path}&before={before}"),
            None,
            Some(&s.owner),
        )
        .await
        .json();
    assert_eq!(second["items"][0]["body"], "Halo, mau pesan");
    assert!(second["nextBefore"].is_null());

    assert_eq!(
        thread(&s.app, &format!("tw-a:{CUSTOMER}"))
            .await
            .unread_count,
        4
    );
    let dua = first["items"][1]["id"].as_i64().expect("id");
    let read = s
        .app
        .call(
            Method::PATCH,
            &format!("/api/inbox/messages/{dua}/read"),
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(read.status, StatusCode::NO_CONTENT);
    assert_eq!(
        thread(&s.app, &format!("tw-a:{CUSTOMER}"))
            .await
            .unread_count,
        1,
        "everything up to 'dua' is read"
    );
    let not_yours = s
        .app
        .call(
            Method::PATCH,
            &format!("/api/inbox/messages/{dua}/read"),
            None,
            Some(&s.other),
        )
        .await;
    assert_eq!(not_yours.status, StatusCode::NOT_FOUND);
}

async fn inbound_media_is_downloaded_with_credentials_and_served_only_to_the_owner(
    backend: Backend,
) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let photo: Vec<u8> = (0..2048u32).map(|i| (i % 251) as u8).collect();
    let ok = s.twilio.add_media("ME1", "image/jpeg", photo.clone());
    let exe = s
        .twilio
        .add_media("ME2", "application/x-msdownload", vec![0x4d, 0x5a]);
    let huge = s
        .twilio
        .add_media("ME3", "image/png", vec![0; MAX_MEDIA_BYTES as usize + 1]);
    // The same server by another name: not the Twilio API this server is configured
    // with, so its URL would receive the account's credentials. Never fetched.
    let elsewhere = s
        .twilio
        .add_media("ME4", "image/jpeg", photo.clone())
        .replace("127.0.0.1", "localhost");
    assert!(elsewhere.contains("localhost"), "{elsewhere}");
    let res = s
        .app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", &sid()),
                ("From", &format!("whatsapp:+{CUSTOMER}")),
                ("To", &format!("whatsapp:+{TWILIO_A}")),
                ("Body", ""),
                ("NumMedia", "4"),
                ("MediaUrl0", &ok),
                ("MediaContentType0", "image/jpeg"),
                ("MediaUrl1", &exe),
                ("MediaContentType1", "application/x-msdownload"),
                ("MediaUrl2", &huge),
                ("MediaContentType2", "image/png"),
                ("MediaUrl3", &elsewhere),
                ("MediaContentType3", "image/jpeg"),
            ],
            TOKEN,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let t = thread(&s.app, &format!("tw-a:{CUSTOMER}")).await;
    assert_eq!(t.last_message_preview.as_deref(), Some("📷 Foto"));

    let dir = s.media_dir.path();
    assert_eq!(s.app.state.runtime.media_dir, dir);
    let report = media::tick(s.app.db(), &s.app.state.runtime, dir)
        .await
        .expect("tick");
    assert_eq!((report.stored, report.failed), (1, 3));
    // Twilio's media URLs were fetched with the account's credentials (the refused type
    // and the URL off the Twilio API are never fetched).
    let auth = s.twilio.media_auth();
    let mut fetched: Vec<&str> = auth.iter().map(|(name, _)| name.as_str()).collect();
    fetched.sort_unstable();
    assert_eq!(
        fetched,
        ["ME1", "ME3"],
        "fetched: the photo and the oversize one"
    );
    assert!(
        auth.iter()
            .all(|(_, a)| a == &Some((SID.to_owned(), TOKEN.to_owned()))),
        "{auth:?}"
    );

    let rows = message_media::Entity::find()
        .all(s.app.db())
        .await
        .expect("media");
    let stored = rows
        .iter()
        .find(|m| m.status.as_str() == "stored")
        .expect("one stored");
    assert_eq!(stored.size_bytes, Some(2048));
    let file = stored_file(s.app.db(), &me(&s).await, dir, stored.id)
        .await
        .expect("visible")
        .0;
    assert!(file.starts_with(dir));

    // Over HTTP: the owner gets it, another agent and strangers do not.
    let url = format!("/api/media/{}", stored.id);
    let req = axum::http::Request::builder()
        .uri(&url)
        .header(axum::http::header::COOKIE, &s.owner)
        .body(axum::body::Body::empty())
        .expect("request");
    let res = s.app.router.clone().oneshot(req).await.expect("response");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[axum::http::header::CONTENT_TYPE],
        "image/jpeg"
    );
    // A picture is shown in the chat, but never runs as a page of ours.
    assert_eq!(
        res.headers()[axum::http::header::CONTENT_DISPOSITION],
        "inline"
    );
    assert_eq!(
        res.headers()[axum::http::header::CONTENT_SECURITY_POLICY],
        "sandbox"
    );
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(body.to_vec(), photo);
    let stranger = s.app.call(Method::GET, &url, None, None).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let other = s.app.call(Method::GET, &url, None, Some(&s.other)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let failed = rows
        .iter()
        .find(|m| m.status.as_str() == "failed")
        .expect("failed");
    let not_stored = s
        .app
        .call(
            Method::GET,
            &format!("/api/media/{}", failed.id),
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(not_stored.status, StatusCode::NOT_FOUND);
}

/// A `multipart/form-data` upload of `bytes` as part `name`.
fn upload_request(
    cookie: Option<&str>,
    name: &str,
    content_type: &str,
    bytes: &[u8],
) -> axum::http::Request<axum::body::Body> {
    let boundary = "serambi-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"foto.png\"\r\nContent-Type: {content_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/media")
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(c) = cookie {
        req = req.header(axum::http::header::COOKIE, c);
    }
    req.body(axum::body::Body::from(body)).expect("request")
}

async fn get_bytes(
    app: &TestApp,
    url: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, Vec<u8>) {
    let mut req = axum::http::Request::builder().uri(url);
    if let Some(c) = cookie {
        req = req.header(axum::http::header::COOKIE, c);
    }
    let res = app
        .router
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("response");
    let status = res.status();
    let content_type = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = http_body_util::BodyExt::collect(res.into_body())
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, content_type, body)
}

async fn an_upload_is_checked_and_sent_as_media_from_the_threads_account(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend((0..4096u32).map(|i| (i % 253) as u8));

    // Refusals, each with a clear error and nothing stored.
    /// Cookie, part name, declared type, content, expected status and error code.
    type Refusal<'a> = (
        Option<&'a str>,
        &'a str,
        &'a str,
        Vec<u8>,
        StatusCode,
        &'a str,
    );
    let refusals: Vec<Refusal> = vec![
        (
            None,
            "file",
            "image/png",
            png.clone(),
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            Some(&s.owner),
            "file",
            "application/x-msdownload",
            b"MZ\x90\0".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            Some(&s.owner),
            "file",
            "image/png",
            b"just text".to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            Some(&s.owner),
            "file",
            "image/png",
            Vec::new(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            Some(&s.owner),
            "photo",
            "image/png",
            png.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
    ];
    for (cookie, part, ct, bytes, status, code) in refusals {
        let res = s.app.send(upload_request(cookie, part, ct, &bytes)).await;
        assert_eq!(
            (res.status, res.error_code().as_str()),
            (status, code),
            "{part} {ct}: {}",
            res.body
        );
    }
    let mut huge = png.clone();
    huge.resize(MAX_MEDIA_BYTES as usize + 1, 0);
    let too_big = s
        .app
        .send(upload_request(Some(&s.owner), "file", "image/png", &huge))
        .await;
    assert_eq!(
        too_big.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        too_big.body
    );
    assert_eq!(too_big.error_code(), "payload_too_large");
    let not_multipart = s
        .app
        .call(
            Method::POST,
            "/api/media",
            Some(json!({"file": "x"})),
            Some(&s.owner),
        )
        .await;
    assert_eq!(
        not_multipart.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        not_multipart.body
    );
    assert!(
        !s.media_dir.path().join("uploads").exists(),
        "no refused upload is kept"
    );

    let res = s
        .app
        .send(upload_request(Some(&s.owner), "file", "image/png", &png))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    let upload = res.json();
    let media_path = upload["mediaPath"].as_str().expect("mediaPath").to_owned();
    assert_eq!(upload["contentType"], "image/png");
    assert_eq!(upload["sizeBytes"], png.len());

    // Another agent cannot send someone else's upload.
    let stolen = s
        .app
        .call(
            Method::POST,
            "/api/outbox/send",
            Some(json!({ "accountId": "acc-001", "recipientNumber": "081311112222", "body": "", "mediaPath": media_path })),
            Some(&s.other),
        )
        .await;
    assert_eq!(
        stolen.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stolen.body
    );
    assert!(stolen.body.contains("mediaPath"), "{}", stolen.body);
    let made_up = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/reply"),
            Some(json!({ "body": "", "mediaPath": "uploads/1/../../../etc/passwd" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(
        made_up.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        made_up.body
    );

    // The owner sends it, without text, from the thread's account.
    let res = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/reply"),
            Some(json!({ "body": "", "mediaPath": media_path })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    let queued = res.json();
    assert_eq!(queued["messageType"], "image");
    assert_eq!(queued["accountId"], "tw-b");
    let media_url = queued["media"][0]["url"]
        .as_str()
        .expect("media url")
        .to_owned();
    assert_eq!(
        thread(&s.app, &format!("tw-b:{CUSTOMER}"))
            .await
            .last_message_preview
            .as_deref(),
        Some("📷 Foto")
    );

    assert_eq!(run_outbox(&s.app, Utc::now()).await.sent, 1);
    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(
        r.field("From"),
        Some(format!("whatsapp:+{TWILIO_B}").as_str())
    );
    assert_eq!(r.field("Body"), Some(""));
    let public = r.field("MediaUrl").expect("MediaUrl sent").to_owned();
    let path = public
        .strip_prefix("http://127.0.0.1:3000")
        .expect("our public base URL");
    // Twilio fetches it without credentials; the agent's view is behind the login.
    let (status, ct, body) = get_bytes(&s.app, path, None).await;
    assert_eq!((status, ct.as_str()), (StatusCode::OK, "image/png"));
    assert_eq!(body, png);
    let (status, _, body) = get_bytes(&s.app, &media_url, Some(&s.owner)).await;
    assert_eq!((status, body.len()), (StatusCode::OK, png.len()));
    let (status, _, _) = get_bytes(&s.app, &media_url, Some(&s.other)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = get_bytes(
        &s.app,
        "/api/media/uploads/1/00000000000000000000000000000000.png",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let history = s
        .app
        .call(
            Method::GET,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/messages"),
            None,
            Some(&s.owner),
        )
        .await
        .json();
    assert_eq!(history["items"][0]["media"][0]["contentType"], "image/png");
}

/// Sets the modification time of the upload at `relative` to `hours` ago.
fn age_upload(s: &Setup, relative: &str, hours: u64) {
    let file = std::fs::File::options()
        .write(true)
        .open(s.media_dir.path().join(relative))
        .expect("upload file");
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(hours * 3600))
        .expect("set mtime");
}

async fn uploads_are_rate_limited_and_unsent_ones_are_swept(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend([7u8; 64]);
    let upload = async |cookie: &str| {
        s.app
            .send(upload_request(Some(cookie), "file", "image/png", &png))
            .await
    };
    let path_of = |res: &crate::helpers::Response| {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
        res.json()["mediaPath"]
            .as_str()
            .expect("mediaPath")
            .to_owned()
    };
    let sent = path_of(&upload(&s.owner).await);
    let reply = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/reply"),
            Some(json!({ "body": "", "mediaPath": sent })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let unsent = path_of(&upload(&s.owner).await);
    let fresh = path_of(&upload(&s.owner).await);
    age_upload(&s, &sent, 25);
    age_upload(&s, &unsent, 25);

    // Too old to attach: it may be swept any moment.
    let late = s
        .app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/tw-b:{CUSTOMER}/reply"),
            Some(json!({ "body": "", "mediaPath": unsent })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        late.body
    );
    assert!(late.body.contains("attach the file again"), "{}", late.body);

    let deleted = app::messaging::ssr::upload::sweep_unsent(s.app.db(), s.media_dir.path())
        .await
        .expect("sweep");
    assert_eq!(deleted, 1);
    let exists = |relative: &str| s.media_dir.path().join(relative).exists();
    assert!(!exists(&unsent), "a day-old upload nobody sent is deleted");
    assert!(exists(&sent), "a sent upload stays with its message");
    assert!(exists(&fresh), "a new upload stays");

    // 60 uploads per agent per 10 minutes (3 made above); the 61st waits.
    for _ in 3..app::messaging::ssr::upload::UPLOADS_PER_WINDOW {
        path_of(&upload(&s.owner).await);
    }
    let refused = upload(&s.owner).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    assert!(
        refused
            .headers
            .contains_key(axum::http::header::RETRY_AFTER)
    );
    // Another agent has their own allowance.
    path_of(&upload(&s.other).await);
}

async fn me(s: &Setup) -> app::auth::CurrentUser {
    let me = s
        .app
        .call(Method::GET, "/api/auth/me", None, Some(&s.owner))
        .await;
    serde_json::from_str(&me.body).expect("user")
}

/// Uploads count against a byte quota per agent and day, and stop before the media
/// disk fills up; what is refused is not stored and costs no allowance.
async fn uploads_have_a_byte_quota_and_keep_the_disk_from_filling(backend: Backend) {
    let Some(s) = setup_with(backend, &[("SERAMBI_UPLOAD_QUOTA", "1K")]).await else {
        return;
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend([7u8; 392]); // 400 bytes
    let upload = async |cookie: &str| {
        s.app
            .send(upload_request(Some(cookie), "file", "image/png", &png))
            .await
    };
    for _ in 0..2 {
        let res = upload(&s.owner).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    }
    // 800 of 1,024 bytes used: 400 more do not fit.
    let over = upload(&s.owner).await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    assert_eq!(over.error_code(), "quota_exceeded");
    let retry: u64 = over.headers[axum::http::header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(
        (23 * 3600..=24 * 3600).contains(&retry),
        "Retry-After {retry}"
    );
    // Another agent has their own quota.
    let other = upload(&s.other).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let stored = |agent: &str| {
        std::fs::read_dir(s.media_dir.path().join("uploads").join(agent))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    let owner_id = s
        .app
        .call(Method::GET, "/api/auth/me", None, Some(&s.owner))
        .await
        .json()["id"]
        .as_i64()
        .expect("id")
        .to_string();
    assert_eq!(stored(&owner_id), 2, "the refused upload was stored");

    // A disk that would keep less than SERAMBI_MEDIA_MIN_FREE: refused, nothing stored,
    // no allowance spent.
    let Some(full) = setup_with(backend, &[("SERAMBI_MEDIA_MIN_FREE", "1000000T")]).await else {
        return;
    };
    let res = full
        .app
        .send(upload_request(Some(&full.owner), "file", "image/png", &png))
        .await;
    assert_eq!(res.status, StatusCode::INSUFFICIENT_STORAGE, "{}", res.body);
    assert_eq!(res.error_code(), "storage_full");
    let files = walk_files(full.media_dir.path());
    assert!(files.is_empty(), "stored on a full disk: {files:?}");
}

/// Every file under `dir`.
fn walk_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

on_both_backends!(
    uploads_have_a_byte_quota_and_keep_the_disk_from_filling,
    inbound_media_is_downloaded_with_credentials_and_served_only_to_the_owner,
    a_reply_leaves_from_the_threads_account_with_the_exact_form,
    an_upload_is_checked_and_sent_as_media_from_the_threads_account,
    a_reply_cannot_name_another_account,
    a_429_is_retried_with_backoff_until_twilio_accepts,
    a_permanent_error_fails_at_once_with_twilios_code,
    another_agents_thread_is_refused_and_nothing_is_sent,
    free_text_outside_the_24_hour_window_is_refused_before_twilio,
    a_new_message_needs_an_account_and_a_valid_number,
    the_rest_api_lists_filters_pages_and_marks_read,
    uploads_are_rate_limited_and_unsent_ones_are_swept,
);
