//! Settings through the REST API: partial changes merge, each changed key leaves an
//! audit row, bad values change nothing; working hours stop the escalation clock and
//! the chat list says so; display settings apply at once.

use crate::helpers::{Backend, TestApp, sid};
use app::db::{audit_log, threads};
use axum::http::{Method, StatusCode};
use chrono::{Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT1: (&str, &str) = ("agent1@serambi.test", "serambi-agent");
const TOKO_A: &str = "6281211110001";

async fn audit_rows(app: &TestApp) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Kind.eq("setting"))
        .count(app.db())
        .await
        .expect("count")
}

async fn partial_changes_merge_and_every_change_is_audited(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let res = app
        .call(Method::GET, "/api/settings", None, Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let before = res.json();
    for key in ["spamFilter", "labels", "display", "escalation"] {
        assert!(!before[key].is_null(), "{key} missing: {before}");
    }
    assert!(
        before["spamFilter"]["keywords"]
            .as_array()
            .is_some_and(|k| !k.is_empty())
    );
    assert_eq!(before["display"]["defaultLanguage"], "id");
    assert_eq!(before["escalation"]["workingHours"]["enabled"], false);
    let old_timeout = before["escalation"]["timeoutSeconds"]
        .as_i64()
        .expect("timeout");
    let old_max = before["escalation"]["maxEscalations"].clone();

    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "escalation": { "timeoutSeconds": 600 } })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after = res.json();
    assert_eq!(after["escalation"]["timeoutSeconds"], 600);
    assert_eq!(
        after["escalation"]["maxEscalations"], old_max,
        "untouched keys stay"
    );
    assert_eq!(after["display"], before["display"]);
    let res = app
        .call(Method::GET, "/api/settings/audit", None, Some(&admin))
        .await;
    let audit = res.json();
    assert_eq!(audit.as_array().map(Vec::len), Some(1), "{audit}");
    assert_eq!(audit[0]["key"], "escalation.timeoutSeconds");
    assert_eq!(audit[0]["oldValue"], old_timeout.to_string());
    assert_eq!(audit[0]["newValue"], "600");
    assert_eq!(audit[0]["agentName"], "Admin Serambi");

    // The same value again is no change: no row.
    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "escalation": { "timeoutSeconds": 600 } })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(audit_rows(&app).await, 1);
    // Nor is a default stated out loud (a key never stored, set to what it is anyway).
    let res = app
        .call(Method::PUT, "/api/settings", Some(json!({ "display": { "defaultLanguage": "id", "showAutoReplies": true }, "spamFilter": { "caseInsensitive": true } })), Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(audit_rows(&app).await, 1);

    // A bad value anywhere changes nothing at all, and says which.
    for (body, field) in [
        (
            json!({ "escalation": { "timeoutSeconds": 5 } }),
            "escalation.timeoutSeconds",
        ),
        (
            json!({ "display": { "showAutoReplies": false }, "escalation": { "maxEscalations": 99 } }),
            "escalation.maxEscalations",
        ),
        (
            json!({ "display": { "defaultLanguage": "fr" } }),
            "display.defaultLanguage",
        ),
        (
            json!({ "escalation": { "workingHours": { "enabled": true, "timeZone": "Asia/Jakarta", "days": [{ "open": "17:00", "close": "08:00" }, null, null, null, null, null, null] } } }),
            "escalation.workingHours",
        ),
    ] {
        let res = app
            .call(
                Method::PUT,
                "/api/settings",
                Some(body.clone()),
                Some(&admin),
            )
            .await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.body
        );
        assert!(res.body.contains(field), "{body}: {}", res.body);
    }
    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "escalation": { "timeoutSecs": 60 } })),
            Some(&admin),
        )
        .await;
    assert!(
        res.status.is_client_error(),
        "an unknown field is refused: {}",
        res.body
    );
    let res = app.call(Method::PUT, "/api/settings", Some(json!({ "escalation": { "workingHours": { "enabled": true, "timeZone": "Europe/Paris", "days": [null, null, null, null, null, null, null] } } })), Some(&admin)).await;
    assert!(
        res.status.is_client_error(),
        "an unknown zone is refused: {}",
        res.body
    );
    assert_eq!(audit_rows(&app).await, 1, "nothing half-stored");
    assert_eq!(
        app.call(Method::GET, "/api/settings", None, Some(&admin))
            .await
            .json()["display"]["showAutoReplies"],
        true
    );

    // Admins only.
    let agent = app.login(AGENT1.0, AGENT1.1).await;
    for (method, body) in [
        (Method::GET, None),
        (
            Method::PUT,
            Some(json!({ "display": { "showAutoReplies": false } })),
        ),
    ] {
        let res = app
            .call(method.clone(), "/api/settings", body.clone(), Some(&agent))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method}");
        let res = app.call(method.clone(), "/api/settings", body, None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method}");
    }
    let res = app
        .call(Method::GET, "/api/settings/audit", None, Some(&agent))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

/// Working hours open only on the day after tomorrow (Jakarta), 08:00–17:00.
fn open_only_in_two_days() -> (Value, chrono::DateTime<Utc>) {
    let wib = FixedOffset::east_opt(7 * 3600).expect("offset");
    let day = (Utc::now().with_timezone(&wib) + Duration::days(2)).date_naive();
    let mut days = vec![Value::Null; 7];
    days[day.weekday().num_days_from_monday() as usize] =
        json!({ "open": "08:00", "close": "17:00" });
    let opening = wib
        .from_local_datetime(&day.and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("t")))
        .single()
        .expect("opening")
        .with_timezone(&Utc);
    (
        json!({ "enabled": true, "timeZone": "Asia/Jakarta", "days": days }),
        opening,
    )
}

async fn working_hours_stop_the_escalation_clock_until_opening(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let (hours, opening) = open_only_in_two_days();
    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "escalation": { "timeoutSeconds": 300, "workingHours": hours } })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    let from = "6281377700001";
    assert_eq!(
        app.inbound(&sid(), from, TOKO_A, "Halo").await.status,
        StatusCode::OK
    );
    let thread_id = format!("acc-001:{from}");
    let owner = threads::Entity::find_by_id(thread_id.clone())
        .one(app.db())
        .await
        .expect("q")
        .expect("t")
        .owner_id;
    assert!(owner.is_some());

    // The chat list says the clock stands still until opening, due 5 working minutes later.
    let res = app
        .call(
            Method::GET,
            "/api/inbox/chats?owner=all&limit=100",
            None,
            Some(&admin),
        )
        .await;
    let row = res.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["threadId"] == thread_id.as_str())
        .cloned()
        .expect("row");
    let parse = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().expect("time"))
            .expect("rfc3339")
            .with_timezone(&Utc)
    };
    assert_eq!(parse(&row["escalationPausedUntil"]), opening);
    assert_eq!(
        parse(&row["escalationDeadline"]),
        opening + Duration::minutes(5)
    );

    // An hour later nothing has moved; after the deadline it has.
    let run = |at| app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, at);
    run(Utc::now() + Duration::hours(1)).await.expect("run");
    assert_eq!(
        threads::Entity::find_by_id(thread_id.clone())
            .one(app.db())
            .await
            .expect("q")
            .expect("t")
            .owner_id,
        owner
    );
    run(opening + Duration::minutes(4)).await.expect("run");
    assert_eq!(
        threads::Entity::find_by_id(thread_id.clone())
            .one(app.db())
            .await
            .expect("q")
            .expect("t")
            .owner_id,
        owner
    );
    run(opening + Duration::minutes(6)).await.expect("run");
    let after = threads::Entity::find_by_id(thread_id.clone())
        .one(app.db())
        .await
        .expect("q")
        .expect("t");
    assert_ne!(
        after.owner_id, owner,
        "escalated once the working minutes ran out"
    );
}

async fn display_settings_apply_at_once(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    // A customer's auto-reply makes the newest message of a thread a machine's.
    let from = "6281377700002";
    let res = app
        .inbound(
            &sid(),
            from,
            TOKO_A,
            "Kami akan menghubungi Anda kembali besok pagi.",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let thread_id = format!("acc-001:{from}");
    async fn listed(app: &TestApp, cookie: String, id: String) -> bool {
        let res = app
            .call(
                Method::GET,
                "/api/inbox/chats?owner=all&limit=100",
                None,
                Some(&cookie),
            )
            .await;
        res.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["threadId"] == id.as_str())
    }
    let auto = threads::Entity::find_by_id(thread_id.clone())
        .one(app.db())
        .await
        .expect("q")
        .expect("t")
        .last_inbound_auto_reply;
    assert!(auto, "the message is an auto-reply by the default patterns");
    assert!(listed(&app, admin.clone(), thread_id.clone()).await);
    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "display": { "showAutoReplies": false } })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        !listed(&app, admin.clone(), thread_id.clone()).await,
        "hidden at once"
    );

    // The default language: someone without a language cookie gets it, cookie and all.
    let res = app.call(Method::GET, "/inbox", None, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("Kotak Masuk"), "Indonesian by default");
    assert!(!res.set_cookie().contains("serambi_lang"));
    let res = app
        .call(
            Method::PUT,
            "/api/settings",
            Some(json!({ "display": { "defaultLanguage": "en" } })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let res = app.call(Method::GET, "/inbox", None, Some(&admin)).await;
    assert!(
        res.set_cookie().contains("serambi_lang=en"),
        "{:?}",
        res.set_cookie()
    );
    assert!(!res.body.contains("Kotak Masuk"), "rendered in English");
    // Someone who chose Indonesian keeps it.
    let res = app
        .call(
            Method::GET,
            "/inbox",
            None,
            Some(&format!("{admin}; serambi_lang=id")),
        )
        .await;
    assert!(res.body.contains("Kotak Masuk"));
    assert!(!res.set_cookie().contains("serambi_lang"));
}

on_both_backends!(
    partial_changes_merge_and_every_change_is_audited,
    working_hours_stop_the_escalation_clock_until_opening,
    display_settings_apply_at_once,
);
