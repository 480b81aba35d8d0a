//! The audit trail: every admin change, through the REST API and the server functions,
//! leaves exactly one row in its own transaction, with secrets only as "(diubah)";
//! `GET /api/audit` pages it for admins, by person and by kind; two settings changes
//! at once lose neither.

use crate::helpers::{Backend, Response, TestApp, sid};
use app::db::{accounts, audit_log};
use axum::http::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database, EntityTrait, PaginatorTrait, TransactionTrait};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT1: (&str, &str) = ("agent1@serambi.test", "serambi-agent");
const TOKO_A: &str = "6281211110001";

/// Calls `path` as `cookie` and requires a 2xx answer.
async fn ok(app: &TestApp, method: Method, path: &str, body: Value, cookie: &str) -> Response {
    let res = app
        .call(method.clone(), path, Some(body), Some(cookie))
        .await;
    assert!(
        res.status.is_success(),
        "{method} {path}: {} {}",
        res.status,
        res.body
    );
    res
}

async fn trail(app: &TestApp, query: &str, cookie: &str) -> Vec<Value> {
    let res = app
        .call(
            Method::GET,
            &format!("/api/audit?{query}"),
            None,
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()["items"].as_array().cloned().unwrap_or_default()
}

async fn rows(app: &TestApp) -> u64 {
    audit_log::Entity::find()
        .count(app.db())
        .await
        .expect("count")
}

async fn every_admin_change_is_audited_without_its_secrets(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let admin_id = app
        .call(Method::GET, "/api/auth/me", None, Some(&admin))
        .await
        .json()["id"]
        .as_i64()
        .expect("id");
    let secrets = [
        "token-one-never-shown",
        "token-two-never-shown",
        "a-password-never-shown",
        "another-password-never-shown",
    ];
    assert_eq!(rows(&app).await, 0, "the demo starts with an empty trail");
    let id_of = |res: &Response| res.json()["id"].clone();
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);

    // Settings, by REST and by the settings page's server function.
    ok(
        &app,
        Method::PUT,
        "/api/settings",
        json!({ "escalation": { "timeoutSeconds": 600 } }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::POST,
        "/api/rpc/settings_save",
        json!({ "patch": { "display": { "defaultLanguage": "en" } } }),
        &admin,
    )
    .await;
    // The spam filter's options, by REST and by the spam page's server function.
    ok(
        &app,
        Method::PUT,
        "/api/spam/options",
        json!({ "caseInsensitive": false, "partialMatch": true }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::POST,
        "/api/rpc/spam_options_set",
        json!({ "options": { "caseInsensitive": true, "partialMatch": false } }),
        &admin,
    )
    .await;
    // A keyword's life.
    let keyword = id_of(
        &ok(
            &app,
            Method::POST,
            "/api/spam/keywords",
            json!({ "keyword": "judi online" }),
            &admin,
        )
        .await,
    );
    let k = text(&keyword);
    ok(
        &app,
        Method::PUT,
        &format!("/api/spam/keywords/{k}"),
        json!({ "enabled": false }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/api/spam/keywords/{k}"),
        json!({}),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::PUT,
        "/api/auto-reply/patterns",
        json!({ "patterns": ["^Mohon tunggu"] }),
        &admin,
    )
    .await;
    // An account, its credentials and its members.
    let agent1_id = app
        .call(Method::GET, "/api/agents", None, Some(&admin))
        .await
        .json()
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["email"] == AGENT1.0)
                .map(|x| x["id"].clone())
        })
        .expect("agent 1");
    let account = ok(
        &app,
        Method::POST,
        "/api/whatsapp/sessions",
        json!({
            "name": "Toko Audit", "phoneNumber": "+6281299990001", "provider": "twilio",
            "twilioAccountSid": "AC0123456789abcdef0123456789abcdef", "twilioAuthToken": secrets[0],
        }),
        &admin,
    )
    .await;
    let a = text(&id_of(&account));
    ok(
        &app,
        Method::PUT,
        &format!("/api/whatsapp/sessions/{a}"),
        json!({ "twilioAuthToken": secrets[1] }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::PUT,
        &format!("/api/whatsapp/sessions/{a}/members"),
        json!({ "agentIds": [agent1_id] }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/api/whatsapp/sessions/{a}"),
        json!({}),
        &admin,
    )
    .await;
    // An agent: created, renamed, password reset.
    let agent = ok(&app, Method::POST, "/api/agents", json!({
        "name": "Agen Audit", "email": "audit@serambi.test", "password": secrets[2], "role": "agent",
    }), &admin).await;
    let g = text(&id_of(&agent));
    ok(
        &app,
        Method::PUT,
        &format!("/api/agents/{g}"),
        json!({ "name": "Agen Audit Baru" }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::PUT,
        &format!("/api/agents/{g}/password"),
        json!({ "password": secrets[3] }),
        &admin,
    )
    .await;
    // A label and a template, each created, changed and deleted.
    let label = ok(
        &app,
        Method::POST,
        "/api/labels",
        json!({ "name": "Audit VIP", "color": "#dc2626" }),
        &admin,
    )
    .await;
    let l = text(&id_of(&label));
    ok(
        &app,
        Method::PUT,
        &format!("/api/labels/{l}"),
        json!({ "name": "Audit VVIP" }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/api/labels/{l}"),
        json!({}),
        &admin,
    )
    .await;
    let template = ok(
        &app,
        Method::POST,
        "/api/templates",
        json!({ "title": "Salam", "body": "Halo {nama}" }),
        &admin,
    )
    .await;
    let t = text(&id_of(&template));
    ok(
        &app,
        Method::PUT,
        &format!("/api/templates/{t}"),
        json!({ "title": "Salam", "body": "Halo kak {nama}" }),
        &admin,
    )
    .await;
    ok(
        &app,
        Method::DELETE,
        &format!("/api/templates/{t}"),
        json!({}),
        &admin,
    )
    .await;
    // A blocked message restored, and the log emptied.
    for body in [
        "Balasan otomatis: kami tutup",
        "Balasan otomatis: besok buka",
    ] {
        let res = app.inbound(&sid(), "6281377778888", TOKO_A, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let blocked = ok(&app, Method::GET, "/api/spam/blocked", json!({}), &admin)
        .await
        .json();
    let first = blocked["items"][0]["id"].clone();
    ok(
        &app,
        Method::POST,
        &format!("/api/spam/blocked/{}/restore", text(&first)),
        json!({}),
        &admin,
    )
    .await;
    ok(&app, Method::DELETE, "/api/spam/blocked", json!({}), &admin).await;

    let items = trail(&app, "limit=200", &admin).await;
    let got: Vec<(String, String, String)> = items
        .iter()
        .rev()
        .map(|e| (text(&e["kind"]), text(&e["action"]), text(&e["target"])))
        .collect();
    let s = |k: &str, a: &str, t: &str| (k.to_owned(), a.to_owned(), t.to_owned());
    let want = vec![
        s("setting", "update", "escalation.timeoutSeconds"),
        s("setting", "update", "display.defaultLanguage"),
        s("setting", "update", "spamFilter.options"),
        s("setting", "update", "spamFilter.options"),
        s("spamKeyword", "create", &k),
        s("spamKeyword", "update", &k),
        s("spamKeyword", "delete", &k),
        s("autoReplyPatterns", "update", "null"),
        s("account", "create", &a),
        s("account", "update", &a),
        s("accountMembers", "update", &a),
        s("account", "delete", &a),
        s("agent", "create", &g),
        s("agent", "update", &g),
        s("agent", "passwordReset", &g),
        s("label", "create", &l),
        s("label", "update", &l),
        s("label", "delete", &l),
        s("template", "create", &t),
        s("template", "update", &t),
        s("template", "delete", &t),
        s("blockedMessage", "restore", &text(&first)),
        s("blockedMessage", "clear", "null"),
    ];
    assert_eq!(got, want);
    for e in &items {
        assert_eq!(e["actorId"], admin_id, "{e}");
        assert_eq!(e["actorName"], "Admin Serambi", "{e}");
    }
    let by = |kind: &str, action: &str| {
        items
            .iter()
            .find(|e| e["kind"] == kind && e["action"] == action)
            .cloned()
            .unwrap_or_default()
    };
    let first_setting = items.last().cloned().unwrap_or_default();
    assert_eq!(first_setting["before"], 300, "{first_setting}");
    assert_eq!(first_setting["after"], 600, "{first_setting}");
    let renamed = by("label", "update");
    assert_eq!(renamed["before"]["name"], "Audit VIP", "{renamed}");
    assert_eq!(renamed["after"]["name"], "Audit VVIP", "{renamed}");
    // Credentials: that they changed, never what they are.
    let credentials = by("account", "update");
    assert_eq!(
        credentials["after"]["twilioAuthToken"], "(diubah)",
        "{credentials}"
    );
    assert_ne!(
        credentials["before"]["twilioAuthToken"], "(diubah)",
        "{credentials}"
    );
    let sealed = accounts::Entity::find_by_id(a.clone())
        .one(app.db())
        .await
        .expect("query")
        .and_then(|m| m.twilio_auth_token)
        .expect("a stored token");
    let whole = trail(&app, "limit=200", &admin).await;
    let printed = serde_json::to_string(&whole).expect("json");
    for secret in secrets.iter().copied().chain([sealed.as_str()]) {
        assert!(!printed.contains(secret), "the trail shows {secret}");
    }
    let stored: Vec<String> = audit_log::Entity::find()
        .all(app.db())
        .await
        .expect("rows")
        .into_iter()
        .flat_map(|r| [r.before.unwrap_or_default(), r.after.unwrap_or_default()])
        .collect();
    for secret in secrets.iter().copied().chain([sealed.as_str()]) {
        assert!(
            stored.iter().all(|v| !v.contains(secret)),
            "the database keeps {secret}"
        );
    }
}

async fn the_trail_pages_and_filters_for_admins_only(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let second = ok(&app, Method::POST, "/api/agents", json!({
        "name": "Admin Kedua", "email": "admin2@serambi.test", "password": "admin-kedua-123", "role": "admin",
    }), &admin).await.json()["id"].clone();
    let other = app.login("admin2@serambi.test", "admin-kedua-123").await;
    for (i, cookie) in [&admin, &other, &admin].into_iter().enumerate() {
        ok(
            &app,
            Method::POST,
            "/api/labels",
            json!({ "name": format!("Label {i}"), "color": "#2563eb" }),
            cookie,
        )
        .await;
    }
    ok(
        &app,
        Method::PUT,
        "/api/settings",
        json!({ "escalation": { "maxEscalations": 2 } }),
        &other,
    )
    .await;

    // A refused change leaves no row: its audit row went with its transaction.
    let before = rows(&app).await;
    let taken = app
        .call(
            Method::POST,
            "/api/labels",
            Some(json!({ "name": "label 0", "color": "#2563eb" })),
            Some(&admin),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
    assert_eq!(rows(&app).await, before);

    let everything = trail(&app, "", &admin).await;
    assert_eq!(everything.len(), 5, "{everything:?}");
    let mine = trail(&app, &format!("actor={second}"), &admin).await;
    assert_eq!(mine.len(), 2);
    assert!(
        mine.iter()
            .all(|e| e["actorId"] == second && e["actorName"] == "Admin Kedua")
    );
    let labels = trail(&app, "kind=label", &admin).await;
    assert_eq!(labels.len(), 3);
    assert!(labels.iter().all(|e| e["kind"] == "label"));
    let both = trail(&app, &format!("kind=setting&actor={second}"), &admin).await;
    assert_eq!(both.len(), 1);

    // One row a page, newest first, every row once.
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let res = app
            .call(
                Method::GET,
                &format!("/api/audit?limit=1&cursor={cursor}"),
                None,
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let page = res.json();
        seen.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["nextCursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
        assert!(seen.len() <= 5, "paging does not end");
    }
    assert_eq!(seen, everything);

    // The same page through the audit page's server function.
    let rpc = ok(
        &app,
        Method::POST,
        "/api/rpc/audit_page",
        json!({ "query": { "kind": "label" } }),
        &admin,
    )
    .await;
    assert_eq!(rpc.json()["items"].as_array().map(Vec::len), Some(3));

    // Agents are refused; bad input is named.
    let agent = app.login(AGENT1.0, AGENT1.1).await;
    let refused = app
        .call(Method::GET, "/api/audit", None, Some(&agent))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let nobody = app.call(Method::GET, "/api/audit", None, None).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    for query in ["cursor=abc", "kind=everything", "actor=me"] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/audit?{query}"),
                None,
                Some(&admin),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            res.body
        );
        assert_eq!(res.error_code(), "validation", "{query}");
    }
}

/// Two admins change different parts of the same setting at the same moment: both
/// changes stay, and the trail's rows follow one another (one's after is the next's
/// before). On PostgreSQL both are made to wait on the settings row, so that each
/// would have read the value before the other's change if reading were outside the
/// lock.
async fn two_settings_changes_at_once_lose_neither(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    // The options row exists (a change and back).
    for partial in [false, true] {
        ok(
            &app,
            Method::PUT,
            "/api/settings",
            json!({ "spamFilter": { "partialMatch": partial } }),
            &admin,
        )
        .await;
    }
    let postgres = backend == Backend::Postgres;
    let blocker = if postgres {
        let db = Database::connect(&app.config.database_url)
            .await
            .expect("connect");
        let txn = db.begin().await.expect("begin");
        txn.execute_unprepared(
            "SELECT key FROM settings WHERE key = 'spamFilter.options' FOR UPDATE",
        )
        .await
        .expect("lock the row");
        Some((db, txn))
    } else {
        None
    };
    let change = |body: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            app.call(Method::PUT, "/api/settings", Some(body), Some(admin))
                .await
        }
    };
    let release = async {
        if let Some((_db, txn)) = blocker {
            // Both changes are under way: one waits on the row, the other on it or on
            // the settings' lock.
            crate::helpers::lock_waiters_reach(&app, 2).await;
            txn.commit().await.expect("release");
        }
    };
    let (a, b, ()) = tokio::join!(
        change(json!({ "spamFilter": { "caseInsensitive": false } })),
        change(json!({ "spamFilter": { "partialMatch": false } })),
        release,
    );
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    let now = ok(&app, Method::GET, "/api/settings", json!({}), &admin)
        .await
        .json();
    assert_eq!(
        now["spamFilter"]["caseInsensitive"], false,
        "a change was lost: {now}"
    );
    assert_eq!(
        now["spamFilter"]["partialMatch"], false,
        "a change was lost: {now}"
    );
    let options = trail(&app, "kind=setting", &admin).await;
    let (newest, older) = (&options[0], &options[1]);
    assert_eq!(newest["before"], older["after"], "{options:?}");
    assert_eq!(newest["after"]["caseInsensitive"], false);
    assert_eq!(newest["after"]["partialMatch"], false);
}

on_both_backends!(
    every_admin_change_is_audited_without_its_secrets,
    the_trail_pages_and_filters_for_admins_only,
    two_settings_changes_at_once_lose_neither,
);
