//! The authorization matrix, generated from the routes themselves: every operation of
//! the OpenAPI document and every server function is called with no session, as an
//! agent who does not own the target (A), as the agent who does (B) and as an admin,
//! and each answer is checked against the rule in [`REST`] or [`RPC`]. A route with no
//! rule fails the test, so a new endpoint cannot ship without one; a rule for a route
//! that no longer exists fails it too.

use crate::helpers::{Backend, Response, TestApp, sid};
use app::{
    auth::ssr::create_session,
    db::{accounts, message_media, messages, notifications, threads},
};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Nobody needs a session (login, health, a provider fetching an upload by its
    /// unguessable name).
    Anyone,
    /// Any logged-in user.
    Session,
    /// Admins only: 401 without a session, 403 for agents.
    Admin,
    /// The owner of the target (B) and admins; to anyone else the target does not
    /// exist (404), so nothing is learnt by trying ids.
    Owner,
    /// Like [`Rule::Owner`], but a new message to someone else's chat is refused
    /// (403): the number and account were typed, not found.
    OwnerElse403,
    /// Only the agent it is addressed to (B): a personal notice is nobody else's to
    /// dismiss, an admin's neither (404 to anyone else).
    Addressee,
    /// Twilio's signature; a session does not help (403 without it).
    Signed,
    /// The bearer `CRON_SECRET`; a session does not help (401 without it).
    Cron,
}

/// What the test knows about the demo it runs on.
struct Fixture {
    /// B's chat, with an inbound message, an outbound one and a stored picture.
    thread: String,
    account: String,
    number: String,
    inbound: i64,
    outbound: i64,
    media: i64,
    notification: i64,
    agent_b: i64,
    label: i64,
    template: i64,
    /// A template the admin may delete (the other one must stay for the credit).
    spare_template: i64,
    keyword: i64,
    contact: i64,
}

type Call = fn(&Fixture) -> (String, Option<Value>);

/// Every REST operation: method, path as documented, rule, and the concrete call.
const REST: &[(&str, &str, Rule, Call)] = &[
    ("get", "/healthz", Rule::Anyone, |_| {
        ("/healthz".into(), None)
    }),
    ("get", "/readyz", Rule::Anyone, |_| ("/readyz".into(), None)),
    ("post", "/api/auth/login", Rule::Anyone, |_| {
        (
            "/api/auth/login".into(),
            Some(json!({ "email": "admin@serambi.test", "password": "serambi-admin" })),
        )
    }),
    ("post", "/api/auth/logout", Rule::Anyone, |_| {
        ("/api/auth/logout".into(), None)
    }),
    ("get", "/api/auth/me", Rule::Session, |_| {
        ("/api/auth/me".into(), None)
    }),
    ("put", "/api/auth/me/availability", Rule::Session, |_| {
        (
            "/api/auth/me/availability".into(),
            Some(json!({ "available": true })),
        )
    }),
    ("get", "/api/agents", Rule::Admin, |_| {
        ("/api/agents".into(), None)
    }),
    ("post", "/api/agents", Rule::Admin, |_| {
        ("/api/agents".into(), Some(json!({})))
    }),
    ("put", "/api/agents/{id}", Rule::Admin, |f| {
        (format!("/api/agents/{}", f.agent_b), Some(json!({})))
    }),
    ("put", "/api/agents/{id}/password", Rule::Admin, |f| {
        (
            format!("/api/agents/{}/password", f.agent_b),
            Some(json!({ "password": "short" })),
        )
    }),
    ("get", "/api/analytics", Rule::Admin, |_| {
        ("/api/analytics".into(), None)
    }),
    ("get", "/api/audit", Rule::Admin, |_| {
        ("/api/audit".into(), None)
    }),
    ("get", "/api/auto-reply/patterns", Rule::Admin, |_| {
        ("/api/auto-reply/patterns".into(), None)
    }),
    ("put", "/api/auto-reply/patterns", Rule::Admin, |_| {
        ("/api/auto-reply/patterns".into(), Some(json!({})))
    }),
    ("post", "/api/auto-reply/preview", Rule::Admin, |_| {
        (
            "/api/auto-reply/preview".into(),
            Some(json!({ "text": "Terima kasih" })),
        )
    }),
    ("post", "/api/contacts", Rule::Session, |_| {
        ("/api/contacts".into(), Some(json!({})))
    }),
    (
        "get",
        "/api/contacts/lookup/{phone_number}",
        Rule::Session,
        |f| (format!("/api/contacts/lookup/{}", f.number), None),
    ),
    ("put", "/api/contacts/{id}", Rule::Session, |f| {
        (format!("/api/contacts/{}", f.contact), Some(json!({})))
    }),
    ("delete", "/api/contacts/{id}", Rule::Session, |f| {
        (format!("/api/contacts/{}", f.contact), None)
    }),
    ("get", "/api/conversations", Rule::Session, |_| {
        ("/api/conversations".into(), None)
    }),
    ("post", "/api/conversations/reply", Rule::Owner, |f| {
        (
            "/api/conversations/reply".into(),
            Some(json!({ "threadId": f.thread, "body": "Baik" })),
        )
    }),
    ("get", "/api/cron/check-escalations", Rule::Cron, |_| {
        ("/api/cron/check-escalations".into(), None)
    }),
    ("get", "/api/inbox/chats", Rule::Session, |_| {
        ("/api/inbox/chats".into(), None)
    }),
    (
        "put",
        "/api/inbox/chats/{thread_id}/labels",
        Rule::Owner,
        |f| {
            (
                format!("/api/inbox/chats/{}/labels", f.thread),
                Some(json!({ "labelIds": [] })),
            )
        },
    ),
    (
        "get",
        "/api/inbox/chats/{thread_id}/messages",
        Rule::Owner,
        |f| (format!("/api/inbox/chats/{}/messages", f.thread), None),
    ),
    (
        "post",
        "/api/inbox/chats/{thread_id}/reply",
        Rule::Owner,
        |f| {
            (
                format!("/api/inbox/chats/{}/reply", f.thread),
                Some(json!({ "body": "Baik" })),
            )
        },
    ),
    ("patch", "/api/inbox/messages/{id}/read", Rule::Owner, |f| {
        (format!("/api/inbox/messages/{}/read", f.inbound), None)
    }),
    ("post", "/api/inbox/messages/{id}/retry", Rule::Owner, |f| {
        (format!("/api/inbox/messages/{}/retry", f.outbound), None)
    }),
    ("get", "/api/labels", Rule::Session, |_| {
        ("/api/labels".into(), None)
    }),
    ("post", "/api/labels", Rule::Admin, |_| {
        ("/api/labels".into(), Some(json!({})))
    }),
    ("put", "/api/labels/{id}", Rule::Admin, |f| {
        (format!("/api/labels/{}", f.label), Some(json!({})))
    }),
    ("delete", "/api/labels/{id}", Rule::Admin, |f| {
        (format!("/api/labels/{}", f.label), None)
    }),
    ("post", "/api/media", Rule::Session, |_| {
        ("/api/media".into(), Some(json!({})))
    }),
    (
        "get",
        "/api/media/uploads/{agent}/{file}",
        Rule::Anyone,
        |f| {
            (
                format!(
                    "/api/media/uploads/{}/00000000000000000000000000000000.png",
                    f.agent_b
                ),
                None,
            )
        },
    ),
    ("get", "/api/media/{id}", Rule::Owner, |f| {
        (format!("/api/media/{}", f.media), None)
    }),
    ("get", "/api/notifications", Rule::Session, |_| {
        ("/api/notifications".into(), None)
    }),
    (
        "post",
        "/api/notifications/{id}/dismiss",
        Rule::Addressee,
        |f| {
            (
                format!("/api/notifications/{}/dismiss", f.notification),
                None,
            )
        },
    ),
    ("post", "/api/outbox/send", Rule::OwnerElse403, |f| {
        (
            "/api/outbox/send".into(),
            Some(json!({ "accountId": f.account, "recipientNumber": f.number, "body": "Baik" })),
        )
    }),
    ("get", "/api/settings", Rule::Admin, |_| {
        ("/api/settings".into(), None)
    }),
    ("put", "/api/settings", Rule::Admin, |_| {
        ("/api/settings".into(), Some(json!({})))
    }),
    ("get", "/api/settings/audit", Rule::Admin, |_| {
        ("/api/settings/audit".into(), None)
    }),
    ("delete", "/api/spam/blocked", Rule::Admin, |_| {
        ("/api/spam/blocked".into(), None)
    }),
    ("get", "/api/spam/blocked", Rule::Admin, |_| {
        ("/api/spam/blocked".into(), None)
    }),
    (
        "post",
        "/api/spam/blocked/{id}/restore",
        Rule::Admin,
        |_| ("/api/spam/blocked/424242/restore".into(), None),
    ),
    ("get", "/api/spam/keywords", Rule::Admin, |_| {
        ("/api/spam/keywords".into(), None)
    }),
    ("post", "/api/spam/keywords", Rule::Admin, |_| {
        ("/api/spam/keywords".into(), Some(json!({})))
    }),
    ("delete", "/api/spam/keywords/{id}", Rule::Admin, |f| {
        (format!("/api/spam/keywords/{}", f.keyword), None)
    }),
    ("put", "/api/spam/keywords/{id}", Rule::Admin, |f| {
        (format!("/api/spam/keywords/{}", f.keyword), Some(json!({})))
    }),
    ("get", "/api/spam/options", Rule::Admin, |_| {
        ("/api/spam/options".into(), None)
    }),
    ("put", "/api/spam/options", Rule::Admin, |_| {
        ("/api/spam/options".into(), Some(json!({})))
    }),
    ("get", "/api/templates", Rule::Session, |_| {
        ("/api/templates".into(), None)
    }),
    ("post", "/api/templates", Rule::Admin, |_| {
        ("/api/templates".into(), Some(json!({})))
    }),
    ("get", "/api/templates/top", Rule::Session, |_| {
        ("/api/templates/top".into(), None)
    }),
    ("delete", "/api/templates/{id}", Rule::Admin, |f| {
        (format!("/api/templates/{}", f.spare_template), None)
    }),
    ("put", "/api/templates/{id}", Rule::Admin, |f| {
        (format!("/api/templates/{}", f.template), Some(json!({})))
    }),
    ("post", "/api/templates/{id}/reply", Rule::Owner, |f| {
        (
            format!("/api/templates/{}/reply", f.template),
            Some(json!({ "messageId": f.outbound })),
        )
    }),
    ("get", "/api/whatsapp/overview", Rule::Admin, |_| {
        ("/api/whatsapp/overview".into(), None)
    }),
    ("get", "/api/whatsapp/sessions", Rule::Session, |_| {
        ("/api/whatsapp/sessions".into(), None)
    }),
    ("post", "/api/whatsapp/sessions", Rule::Admin, |_| {
        ("/api/whatsapp/sessions".into(), Some(json!({})))
    }),
    ("delete", "/api/whatsapp/sessions/{id}", Rule::Admin, |_| {
        ("/api/whatsapp/sessions/no-such-account".into(), None)
    }),
    ("put", "/api/whatsapp/sessions/{id}", Rule::Admin, |f| {
        (
            format!("/api/whatsapp/sessions/{}", f.account),
            Some(json!({})),
        )
    }),
    (
        "get",
        "/api/whatsapp/sessions/{id}/members",
        Rule::Admin,
        |f| {
            (
                format!("/api/whatsapp/sessions/{}/members", f.account),
                None,
            )
        },
    ),
    (
        "put",
        "/api/whatsapp/sessions/{id}/members",
        Rule::Admin,
        |f| {
            (
                format!("/api/whatsapp/sessions/{}/members", f.account),
                Some(json!({})),
            )
        },
    ),
    ("post", "/api/whatsapp/status", Rule::Signed, |_| {
        (
            "/api/whatsapp/status".into(),
            Some(json!("MessageSid=SM1&MessageStatus=delivered")),
        )
    }),
    ("post", "/api/whatsapp/webhook", Rule::Signed, |_| {
        (
            "/api/whatsapp/webhook".into(),
            Some(json!(
                "MessageSid=SM1&From=whatsapp%3A%2B6281377770001&To=whatsapp%3A%2B6281211110001&Body=Halo"
            )),
        )
    }),
    (
        "get",
        "/api/whatsapp/{account_id}/profile/{phone_number}",
        Rule::Session,
        |f| {
            (
                format!("/api/whatsapp/{}/profile/{}", f.account, f.number),
                None,
            )
        },
    ),
];

type Args = fn(&Fixture) -> Value;

/// Every server function: name, rule, and arguments that reach its permission check.
const RPC: &[(&str, Rule, Args)] = &[
    (
        "login",
        Rule::Anyone,
        |_| json!({ "email": "admin@serambi.test", "password": "serambi-admin" }),
    ),
    ("logout", Rule::Anyone, |_| json!({})),
    ("whoami", Rule::Session, |_| json!({})),
    ("demo_logins", Rule::Anyone, |_| json!({})),
    ("me_agent", Rule::Session, |_| json!({})),
    (
        "me_availability",
        Rule::Session,
        |_| json!({ "available": true }),
    ),
    ("team", Rule::Admin, |_| json!({})),
    (
        "team_add",
        Rule::Admin,
        |_| json!({ "name": "", "email": "", "password": "", "role": "agent" }),
    ),
    (
        "team_update",
        Rule::Admin,
        |f| json!({ "id": f.agent_b, "change": {} }),
    ),
    (
        "team_password",
        Rule::Admin,
        |f| json!({ "id": f.agent_b, "password": "short" }),
    ),
    ("simulator_accounts", Rule::Admin, |_| json!({})),
    (
        "simulate_inbound",
        Rule::Admin,
        |f| json!({ "from": "6281377779999", "account_id": f.account, "body": "Halo", "name": null }),
    ),
    ("spam_overview", Rule::Admin, |_| json!({})),
    (
        "spam_keyword_add",
        Rule::Admin,
        |_| json!({ "keyword": "" }),
    ),
    (
        "spam_keyword_toggle",
        Rule::Admin,
        |f| json!({ "id": f.keyword, "enabled": true }),
    ),
    (
        "spam_keyword_delete",
        Rule::Admin,
        |_| json!({ "id": 424242 }),
    ),
    (
        "spam_options_set",
        Rule::Admin,
        |_| json!({ "options": { "caseInsensitive": true, "partialMatch": true } }),
    ),
    (
        "spam_blocked",
        Rule::Admin,
        |_| json!({ "account": null, "cursor": null }),
    ),
    ("spam_blocked_clear", Rule::Admin, |_| json!({})),
    (
        "spam_blocked_restore",
        Rule::Admin,
        |_| json!({ "id": 424242 }),
    ),
    ("label_list", Rule::Session, |_| json!({})),
    (
        "label_create",
        Rule::Admin,
        |_| json!({ "name": "", "color": "" }),
    ),
    (
        "label_update",
        Rule::Admin,
        |f| json!({ "id": f.label, "name": null, "color": null, "order": null }),
    ),
    ("label_delete", Rule::Admin, |_| json!({ "id": 424242 })),
    (
        "thread_labels_set",
        Rule::Owner,
        |f| json!({ "thread_id": f.thread, "label_ids": [] }),
    ),
    ("templates", Rule::Session, |_| json!({})),
    (
        "template_save",
        Rule::Admin,
        |_| json!({ "id": null, "template": { "title": "", "body": "" } }),
    ),
    ("template_delete", Rule::Admin, |_| json!({ "id": 424242 })),
    (
        "notifications_list",
        Rule::Session,
        |_| json!({ "cursor": null }),
    ),
    (
        "notifications_dismiss",
        Rule::Addressee,
        |f| json!({ "id": f.notification }),
    ),
    (
        "load_profile",
        Rule::Session,
        |f| json!({ "account_id": f.account, "phone_number": f.number }),
    ),
    (
        "save_contact",
        Rule::Session,
        |_| json!({ "id": null, "contact": { "name": "", "phoneNumber": "" } }),
    ),
    ("delete_contact", Rule::Session, |_| json!({ "id": 424242 })),
    ("settings", Rule::Admin, |_| json!({})),
    ("audit_page", Rule::Admin, |_| json!({ "query": {} })),
    ("settings_save", Rule::Admin, |_| json!({ "patch": {} })),
    ("auto_reply_patterns", Rule::Admin, |_| json!({})),
    (
        "auto_reply_save",
        Rule::Admin,
        |_| json!({ "patterns": ["("] }),
    ),
    (
        "auto_reply_preview",
        Rule::Admin,
        |_| json!({ "text": "Terima kasih", "patterns": null }),
    ),
    ("list_chats", Rule::Session, |_| json!({ "query": {} })),
    ("inbox_accounts", Rule::Session, |_| json!({})),
    ("inbox_labels", Rule::Session, |_| json!({})),
    (
        "load_thread",
        Rule::Owner,
        |f| json!({ "thread_id": f.thread }),
    ),
    (
        "thread_messages",
        Rule::Owner,
        |f| json!({ "thread_id": f.thread, "before": null }),
    ),
    ("mark_read", Rule::Owner, |f| json!({ "id": f.inbound })),
    (
        "send_reply",
        Rule::Owner,
        |f| json!({ "thread_id": f.thread, "body": "Baik", "media_path": null, "template_id": null }),
    ),
    (
        "send_new_message",
        Rule::OwnerElse403,
        |f| json!({ "account_id": f.account, "recipient": f.number, "body": "Baik" }),
    ),
    (
        "retry_message",
        Rule::Owner,
        |f| json!({ "id": f.outbound }),
    ),
    (
        "recipient_senders",
        Rule::Session,
        |f| json!({ "recipient": f.number, "open_account": null }),
    ),
    ("accounts_overview", Rule::Admin, |_| json!({})),
    (
        "account_add",
        Rule::Admin,
        |_| json!({ "account": { "name": "", "phoneNumber": "", "provider": "simulator" } }),
    ),
    (
        "account_update",
        Rule::Admin,
        |f| json!({ "id": f.account, "change": {} }),
    ),
    (
        "account_members",
        Rule::Admin,
        |_| json!({ "id": "no-such-account", "agent_ids": [] }),
    ),
    (
        "analytics",
        Rule::Admin,
        |_| json!({ "from": null, "to": null, "last_days": null, "accounts": [] }),
    ),
];

/// The three server functions that take a form (the login page works without
/// JavaScript); every other one takes JSON.
const FORM_ENCODED: [&str; 3] = ["login", "logout", "simulate_inbound"];

/// Who calls.
#[derive(Debug, Clone, Copy)]
enum Caller {
    Nobody,
    AgentA,
    OwnerB,
    Admin,
}

/// Is `status` what `rule` allows `caller`? Returns the expectation when it is not.
///
/// Whoever a rule lets in must never meet a server error, and the owner's (and an
/// admin's) calls on the owner's things must succeed outright: the fixture makes each
/// of them valid, so an answer such as 409 or 422 there means the route refused the
/// very caller it is for.
fn verdict(rule: Rule, caller: Caller, status: StatusCode) -> Result<(), &'static str> {
    let code = status.as_u16();
    let through = code != 401 && code != 403 && code < 500;
    let success = status.is_success();
    let ok = match (rule, caller) {
        (Rule::Anyone, _) => through,
        (Rule::Signed, _) => code == 403,
        (Rule::Cron, _) => code == 401,
        (_, Caller::Nobody) => code == 401,
        (Rule::Session, _) => through,
        (Rule::Admin, Caller::Admin) => through,
        (Rule::Admin, _) => code == 403,
        (Rule::Owner | Rule::OwnerElse403, Caller::OwnerB | Caller::Admin) => success,
        (Rule::Owner, Caller::AgentA) => code == 404,
        (Rule::Addressee, Caller::OwnerB) => success,
        (Rule::Addressee, _) => code == 404,
        (Rule::OwnerElse403, Caller::AgentA) => code == 403,
    };
    if ok {
        return Ok(());
    }
    Err(match (rule, caller) {
        (Rule::Anyone, _) => "let through, without a server error",
        (Rule::Signed, _) => "403 (no signature)",
        (Rule::Cron, _) => "401 (no bearer token)",
        (_, Caller::Nobody) => "401",
        (Rule::Admin, Caller::AgentA | Caller::OwnerB) => "403",
        (Rule::Owner, Caller::AgentA) => "404, as for nothing",
        (Rule::Addressee, Caller::AgentA | Caller::Admin) => "404, as for nothing",
        (Rule::OwnerElse403, Caller::AgentA) => "403",
        (Rule::Session | Rule::Admin, _) => "let through, without a server error",
        _ => "success (2xx): the call is valid and the caller may make it",
    })
}

/// Puts back what an allowed call changes, so each caller meets the same state: the
/// outbound message is failed again (a retry makes it pending, and a second retry of a
/// pending message is rightly refused) and the notice is not yet dismissed.
async fn reset(app: &TestApp, f: &Fixture) {
    messages::Entity::update_many()
        .col_expr(
            messages::Column::Status,
            sea_orm::sea_query::Expr::value("failed"),
        )
        .filter(messages::Column::Id.eq(f.outbound))
        .exec(app.db())
        .await
        .expect("message failed again");
    notifications::Entity::update_many()
        .col_expr(
            notifications::Column::DismissedAt,
            sea_orm::sea_query::Expr::value(Option::<chrono::DateTime<Utc>>::None),
        )
        .filter(notifications::Column::Id.eq(f.notification))
        .exec(app.db())
        .await
        .expect("notice back");
}

async fn fixture(
    app: &TestApp,
    admin: &str,
    b_cookie: &str,
    media_dir: &std::path::Path,
) -> Fixture {
    let agents = app
        .call(Method::GET, "/api/agents", None, Some(admin))
        .await
        .json();
    let id_of = |email: &str| {
        agents
            .as_array()
            .expect("agents")
            .iter()
            .find(|a| a["email"] == email)
            .and_then(|a| a["id"].as_i64())
            .expect("agent")
    };
    let agent_b = id_of("agent2@serambi.test");
    let thread = threads::Entity::find()
        .filter(threads::Column::OwnerId.eq(agent_b))
        .order_by_asc(threads::Column::Id)
        .one(app.db())
        .await
        .expect("q")
        .expect("a chat of agent 2");
    let inbound = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .filter(messages::Column::Direction.eq("inbound"))
        .one(app.db())
        .await
        .expect("q")
        .expect("an inbound message")
        .id;
    // The customer writes again, so the 24-hour window is open and B may answer in
    // free text; the webhook lands in B's chat (it is the customer's chat there).
    let account = accounts::Entity::find_by_id(thread.account_id.clone())
        .one(app.db())
        .await
        .expect("q")
        .expect("the chat's account");
    let res = app
        .inbound(
            &sid(),
            &thread.contact_number,
            &account.phone_number,
            "Masih ada?",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let reply = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{}/reply", thread.id),
            Some(json!({ "body": "Siap, kami cek dulu" })),
            Some(b_cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    // Its send failed (no worker runs here, so nothing else touches it): the state in
    // which a retry is allowed, put back before every call by `reset`.
    let outbound = reply.json()["id"].as_i64().expect("message id");
    // A stored picture in B's chat.
    std::fs::create_dir_all(media_dir.join("inbound")).expect("media dir");
    std::fs::write(media_dir.join("inbound/authz.png"), b"\x89PNG\r\n\x1a\n").expect("file");
    let media = message_media::ActiveModel {
        message_id: Set(inbound),
        position: Set(7),
        provider_url: Set(None),
        content_type: Set("image/png".into()),
        local_path: Set(Some("inbound/authz.png".into())),
        size_bytes: Set(Some(8)),
        status: Set(app::domain::MediaStatus::Stored),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("media")
    .id;
    let notification = notifications::ActiveModel {
        agent_id: Set(agent_b),
        kind: Set(app::domain::NotificationKind::Escalation),
        thread_id: Set(Some(thread.id.clone())),
        title: Set("Lead baru".into()),
        body: Set("Zq".into()),
        created_at: Set(Utc::now()),
        dismissed_at: Set(None),
        ..Default::default()
    }
    .insert(app.db())
    .await
    .expect("notification")
    .id;
    let created = |path: &'static str, body: Value| {
        let admin = admin.to_owned();
        async move {
            let res = app.call(Method::POST, path, Some(body), Some(&admin)).await;
            assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.body);
            res.json()["id"].as_i64().expect("id")
        }
    };
    let label = created(
        "/api/labels",
        json!({ "name": "Zq matrix", "color": "#224466" }),
    )
    .await;
    let template = created(
        "/api/templates",
        json!({ "title": "Zq matrix", "body": "Halo {{nama}}" }),
    )
    .await;
    // B's reply went out from this template (the customer's answer credits it).
    messages::Entity::update_many()
        .col_expr(
            messages::Column::TemplateId,
            sea_orm::sea_query::Expr::value(template),
        )
        .filter(messages::Column::Id.eq(outbound))
        .exec(app.db())
        .await
        .expect("template message");
    let spare_template = created(
        "/api/templates",
        json!({ "title": "Zq spare", "body": "Halo" }),
    )
    .await;
    let keyword = created("/api/spam/keywords", json!({ "keyword": "zqmatrix" })).await;
    let contact = created(
        "/api/contacts",
        json!({ "name": "Zq Matrix", "phoneNumber": "6281377771234" }),
    )
    .await;
    Fixture {
        account: thread.account_id.clone(),
        number: thread.contact_number.clone(),
        thread: thread.id,
        inbound,
        outbound,
        media,
        notification,
        agent_b,
        label,
        template,
        spare_template,
        keyword,
        contact,
    }
}

async fn send(
    app: &TestApp,
    method: &Method,
    path: &str,
    body: Option<String>,
    content_type: &str,
    cookie: Option<&str>,
) -> Response {
    let mut req = Request::builder().method(method.clone()).uri(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(b)),
        None => req.body(Body::empty()),
    }
    .expect("request");
    app.send(req).await
}

async fn every_route_answers_each_caller_by_its_rule(backend: Backend) {
    let media_dir = tempfile::tempdir().expect("media dir");
    let media_path = media_dir.path().display().to_string();
    // Served for real, at the address it believes is its own: the simulator posts the
    // webhook of `simulate_inbound` there.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("SERAMBI_MEDIA_DIR", &media_path),
            ("CRON_SECRET", "matrix-secret"),
            ("PUBLIC_BASE_URL", &base),
        ],
    )
    .await
    else {
        return;
    };
    app.serve_on(listener);
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let b = app.login("agent2@serambi.test", "serambi-agent").await;
    let f = fixture(&app, &admin, &b, media_dir.path()).await;
    let ids = |email: &str| {
        let email = email.to_owned();
        let app = &app;
        async move {
            app::db::agents::Entity::find()
                .filter(app::db::agents::Column::Email.eq(email))
                .one(app.db())
                .await
                .expect("q")
                .expect("agent")
                .id
        }
    };
    let (a_id, admin_id) = (
        ids("agent1@serambi.test").await,
        ids("admin@serambi.test").await,
    );
    // A fresh session per call: some calls end the session they came with (logout).
    let session = async |caller: Caller| -> Option<String> {
        let id = match caller {
            Caller::Nobody => return None,
            Caller::AgentA => a_id,
            Caller::OwnerB => f.agent_b,
            Caller::Admin => admin_id,
        };
        let token = create_session(app.db(), id).await.expect("session");
        Some(format!("serambi_session={token}"))
    };

    // The routes that exist, from the routes themselves.
    let doc = app
        .call(Method::GET, "/api/openapi.json", None, None)
        .await
        .json();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("operations").keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let ruled: BTreeSet<(String, String)> = REST
        .iter()
        .map(|(m, p, _, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let unruled: Vec<_> = documented.difference(&ruled).collect();
    assert!(
        unruled.is_empty(),
        "REST operations without a rule: {unruled:?}"
    );
    let stale: Vec<_> = ruled.difference(&documented).collect();
    assert!(
        stale.is_empty(),
        "rules for operations that do not exist: {stale:?}"
    );

    let functions: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/rpc/").to_owned())
        .collect();
    let ruled: BTreeSet<String> = RPC.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    let unruled: Vec<_> = functions.difference(&ruled).collect();
    assert!(
        unruled.is_empty(),
        "server functions without a rule: {unruled:?}"
    );
    let stale: Vec<_> = ruled.difference(&functions).collect();
    assert!(
        stale.is_empty(),
        "rules for server functions that do not exist: {stale:?}"
    );

    let mut wrong = Vec::new();
    let mut calls = 0;
    for caller in [
        Caller::Nobody,
        Caller::AgentA,
        Caller::OwnerB,
        Caller::Admin,
    ] {
        for (method, documented_path, rule, call) in REST {
            let (path, body) = call(&f);
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let cookie = session(caller).await;
            reset(&app, &f).await;
            // A JSON string is a form (the webhooks); anything else goes as JSON.
            let (body, content_type) = match body {
                Some(Value::String(form)) => (Some(form), "application/x-www-form-urlencoded"),
                Some(json) => (Some(json.to_string()), "application/json"),
                None => (None, "application/json"),
            };
            let res = send(&app, &method, &path, body, content_type, cookie.as_deref()).await;
            calls += 1;
            if let Err(want) = verdict(*rule, caller, res.status) {
                wrong.push(format!(
                    "{method} {documented_path} as {caller:?}: {} where {rule:?} wants {want}: {}",
                    res.status, res.body
                ));
            }
        }
        for (name, rule, args) in RPC {
            let args = args(&f);
            let (body, content_type) = if FORM_ENCODED.contains(name) {
                let pairs: Vec<(String, String)> = args
                    .as_object()
                    .expect("arguments")
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                        )
                    })
                    .collect();
                (
                    serde_urlencoded::to_string(pairs).expect("form"),
                    "application/x-www-form-urlencoded",
                )
            } else {
                (args.to_string(), "application/json")
            };
            let cookie = session(caller).await;
            reset(&app, &f).await;
            let res = send(
                &app,
                &Method::POST,
                &format!("/api/rpc/{name}"),
                Some(body),
                content_type,
                cookie.as_deref(),
            )
            .await;
            calls += 1;
            // A body the function could not read never reached its check: the
            // arguments in the table are wrong, not the rule.
            assert!(
                !res.body.contains("\"transport\""),
                "{name}: the arguments were not understood: {}",
                res.body
            );
            if let Err(want) = verdict(*rule, caller, res.status) {
                wrong.push(format!(
                    "rpc {name} as {caller:?}: {} where {rule:?} wants {want}: {}",
                    res.status, res.body
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {calls} calls broke their rule:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // A signed webhook still works after all that (the matrix did not break the app).
    let res = app
        .inbound(&sid(), "6281377775555", "6281211110001", "Halo")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

on_both_backends!(every_route_answers_each_caller_by_its_rule);
