//! The spam filter through the REST API: keywords and options that apply to the next
//! webhook, the blocked log, and restoring a message exactly once, into exactly the
//! state it would have reached unfiltered.

use crate::helpers::{Backend, TestApp, business_day, sid};
use app::{
    db::{assignment_events, daily_analytics, events, messages, threads},
    demo::ACCOUNTS,
};
use axum::http::{Method, StatusCode};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::json;

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT: (&str, &str) = ("agent1@serambi.test", "serambi-agent");

/// Messages stored with `MessageSid` `sid`.
async fn stored(app: &TestApp, sid: &str) -> u64 {
    messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .count(app.db())
        .await
        .expect("count")
}

/// The blocked log's `(senderNumber, matchedKeyword)`, newest first (first page).
async fn blocked(app: &TestApp, cookie: &str, query: &str) -> serde_json::Value {
    let res = app
        .call(
            Method::GET,
            &format!("/api/spam/blocked{query}"),
            None,
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    res.json()
}

async fn keyword_changes_apply_to_the_next_webhook(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent = app.login(AGENT.0, AGENT.1).await;
    let toko_a = ACCOUNTS[0].2;

    // The defaults exist.
    let list = app
        .call(Method::GET, "/api/spam/keywords", None, Some(&admin))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let words: Vec<_> = list
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|k| k["keyword"].as_str().unwrap_or_default().to_owned())
        .collect();
    for default in app::domain::spam::DEFAULT_KEYWORDS {
        assert!(words.iter().any(|w| w == default), "{default} missing");
    }

    // Before the keyword exists, the message goes through.
    let first = sid();
    let res = app
        .inbound(&first, "6281377770001", toko_a, "PROMO GRATIS hari ini!")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(stored(&app, &first).await, 1);

    let add = app
        .call(
            Method::POST,
            "/api/spam/keywords",
            Some(json!({ "keyword": "  promo   gratis " })),
            Some(&admin),
        )
        .await;
    assert_eq!(add.status, StatusCode::CREATED, "{}", add.body);
    assert_eq!(add.json()["keyword"], "promo gratis");
    assert_eq!(add.json()["enabled"], true);
    let id = add.json()["id"].as_i64().expect("id");

    // Refused: the same words in another case, blank, too long, agents, no session.
    for (body, status) in [
        (json!({ "keyword": "PROMO GRATIS" }), StatusCode::CONFLICT),
        (
            json!({ "keyword": "   " }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "keyword": "x".repeat(101) }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({ "word": "promo" }), StatusCode::UNPROCESSABLE_ENTITY),
    ] {
        let res = app
            .call(
                Method::POST,
                "/api/spam/keywords",
                Some(body.clone()),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, status, "{body}: {}", res.body);
    }
    let res = app
        .call(
            Method::POST,
            "/api/spam/keywords",
            Some(json!({ "keyword": "baru" })),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    for (method, path) in [
        (Method::GET, "/api/spam/keywords"),
        (Method::GET, "/api/spam/blocked"),
        (Method::DELETE, "/api/spam/blocked"),
    ] {
        let res = app.call(method.clone(), path, None, Some(&agent)).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        let res = app.call(method.clone(), path, None, None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }

    // The very next webhook is blocked: logged, not stored.
    let second = sid();
    let res = app
        .inbound(
            &second,
            "6281377770002",
            toko_a,
            "Ada promo gratis ongkir 🎉",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(stored(&app, &second).await, 0);
    let log = blocked(&app, &admin, "").await;
    assert_eq!(log["items"][0]["senderNumber"], "6281377770002");
    assert_eq!(log["items"][0]["matchedKeyword"], "promo gratis");
    assert_eq!(log["items"][0]["accountId"], ACCOUNTS[0].0);

    // Switched off, it no longer blocks; whole-word matching spares longer words.
    let res = app
        .call(
            Method::PUT,
            &format!("/api/spam/keywords/{id}"),
            Some(json!({ "enabled": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let third = sid();
    app.inbound(&third, "6281377770003", toko_a, "promo gratis lagi")
        .await;
    assert_eq!(stored(&app, &third).await, 1);

    let res = app
        .call(
            Method::PUT,
            &format!("/api/spam/keywords/{id}"),
            Some(json!({ "keyword": "promo", "enabled": true })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            "/api/spam/options",
            Some(json!({ "caseInsensitive": true, "partialMatch": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let (whole, part) = (sid(), sid());
    app.inbound(&part, "6281377770004", toko_a, "Ada promosi akhir tahun")
        .await;
    app.inbound(&whole, "6281377770005", toko_a, "Ada PROMO akhir tahun")
        .await;
    assert_eq!(
        (stored(&app, &part).await, stored(&app, &whole).await),
        (1, 0)
    );

    // Deleted, it blocks nothing.
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/spam/keywords/{id}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/spam/keywords/{id}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let fourth = sid();
    app.inbound(&fourth, "6281377770006", toko_a, "PROMO akhir tahun")
        .await;
    assert_eq!(stored(&app, &fourth).await, 1);
}

async fn the_blocked_log_pages_filters_and_clears(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    for i in 0..5 {
        let account = ACCOUNTS[i % 2].2;
        let from = format!("62813888800{i:02}");
        let res = app
            .inbound(&sid(), &from, account, "Balasan otomatis: kami libur")
            .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = blocked(&app, &admin, &format!("?limit=2&cursor={cursor}")).await;
        let items = page["items"].as_array().expect("items").clone();
        assert!(items.len() <= 2);
        seen.extend(
            items
                .iter()
                .map(|m| m["senderNumber"].as_str().unwrap_or_default().to_owned()),
        );
        match page["nextCursor"].as_str() {
            Some(next) => cursor = next.to_owned(),
            None => break,
        }
    }
    let newest_first: Vec<_> = (0..5).rev().map(|i| format!("62813888800{i:02}")).collect();
    assert_eq!(seen, newest_first);

    let only_b = blocked(&app, &admin, &format!("?account={}", ACCOUNTS[1].0)).await;
    let b: Vec<_> = only_b["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|m| m["senderNumber"].clone())
        .collect();
    assert_eq!(b, [json!("6281388880003"), json!("6281388880001")]);

    let res = app
        .call(
            Method::GET,
            "/api/spam/blocked?cursor=nonsense",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);

    let res = app
        .call(Method::DELETE, "/api/spam/blocked", None, Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["deleted"], 5);
    assert_eq!(blocked(&app, &admin, "").await["items"], json!([]));
}

/// Everything a message changes, with its own time written as `t`, so that the same
/// message stored at two different moments compares equal.
async fn footprint(app: &TestApp, message_sid: &str) -> Vec<String> {
    let m = messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(message_sid))
        .one(app.db())
        .await
        .expect("query")
        .expect("the message is stored");
    let t = m.created_at;
    let at = |x: Option<DateTime<Utc>>| match x {
        Some(x) if x == t => "t".to_owned(),
        other => format!("{other:?}"),
    };
    let th = threads::Entity::find_by_id(m.thread_id.clone())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread");
    let mut out = vec![
        format!(
            "message {} {} {} {} {:?} {} {} {} {}",
            m.thread_id,
            m.account_id,
            m.direction,
            m.message_type,
            m.body,
            m.status,
            m.is_auto_reply,
            m.attempts,
            at(Some(m.updated_at))
        ),
        format!(
            "thread {} {} {:?} owner={:?} assigned={} first_response={} esc={} {} unread={} last={} {:?} {:?} inbound={} auto={} created={}",
            th.account_id,
            th.contact_number,
            th.profile_name,
            th.owner_id,
            at(th.assigned_at),
            at(th.first_response_at),
            th.escalation_count,
            th.escalation_state,
            th.unread_count,
            at(th.last_message_at),
            th.last_message_preview,
            th.last_message_direction,
            at(th.last_inbound_at),
            th.last_inbound_auto_reply,
            at(Some(th.created_at))
        ),
    ];
    for a in assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.eq(th.id.as_str()))
        .all(app.db())
        .await
        .expect("query")
    {
        out.push(format!(
            "assigned {:?}->{:?} {} {}",
            a.from_agent_id,
            a.to_agent_id,
            a.reason,
            at(Some(a.created_at))
        ));
    }
    for e in events::Entity::find()
        .filter(events::Column::ThreadId.eq(th.id.as_str()))
        .order_by_asc(events::Column::Id)
        .all(app.db())
        .await
        .expect("query")
    {
        out.push(format!("event {} agent={:?}", e.kind, e.agent_id));
    }
    let day = daily_analytics::Entity::find()
        .filter(daily_analytics::Column::AccountId.eq(m.account_id.as_str()))
        .filter(daily_analytics::Column::Day.eq(business_day(app, t).await))
        .one(app.db())
        .await
        .expect("query")
        .expect("the day's counters");
    out.push(format!(
        "day received={} new_leads={}",
        day.received_count, day.new_lead_count
    ));
    out
}

async fn a_restored_message_is_stored_as_if_never_filtered_and_only_once(backend: Backend) {
    // The same message, blocked and restored on one server and delivered unfiltered
    // on another with the same history.
    let Some(filtered) = TestApp::demo(backend).await else {
        return;
    };
    let Some(plain) = TestApp::demo(backend).await else {
        return;
    };
    let toko_b = ACCOUNTS[1].2;
    let (from, body) = (
        "6281399991234",
        "Terima kasih telah menghubungi kami, kami buka jam 9",
    );
    let message_sid = sid();

    let admin = filtered.login(ADMIN.0, ADMIN.1).await;
    let res = filtered.inbound(&message_sid, from, toko_b, body).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        stored(&filtered, &message_sid).await,
        0,
        "a default keyword blocks it"
    );
    let id = blocked(&filtered, &admin, "").await["items"][0]["id"]
        .as_i64()
        .expect("logged");
    let received_at = blocked(&filtered, &admin, "").await["items"][0]["receivedAt"].clone();

    // Two admins press "Pulihkan" at the same moment: one restores, one is told.
    let path = format!("/api/spam/blocked/{id}/restore");
    let (a, b) = tokio::join!(
        filtered.call(Method::POST, &path, None, Some(&admin)),
        filtered.call(Method::POST, &path, None, Some(&admin)),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    assert_eq!(stored(&filtered, &message_sid).await, 1);
    assert_eq!(
        blocked(&filtered, &admin, "").await["items"],
        json!([]),
        "restored leaves the log"
    );
    // A late retry of the same webhook is a duplicate, not a second message.
    filtered.inbound(&message_sid, from, toko_b, body).await;
    assert_eq!(stored(&filtered, &message_sid).await, 1);

    // The unfiltered delivery, on a server with no keywords.
    let plain_admin = plain.login(ADMIN.0, ADMIN.1).await;
    let keywords = plain
        .call(Method::GET, "/api/spam/keywords", None, Some(&plain_admin))
        .await;
    for k in keywords.json().as_array().expect("array") {
        let path = format!("/api/spam/keywords/{}", k["id"]);
        let res = plain
            .call(Method::DELETE, &path, None, Some(&plain_admin))
            .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);
    }
    plain.inbound(&message_sid, from, toko_b, body).await;

    let restored = footprint(&filtered, &message_sid).await;
    assert_eq!(restored, footprint(&plain, &message_sid).await);
    // At its original time.
    let m = messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(message_sid.as_str()))
        .one(filtered.db())
        .await
        .expect("query")
        .expect("message");
    let original: DateTime<Utc> = serde_json::from_value(received_at).expect("time");
    assert_eq!(m.created_at, original);

    let res = filtered
        .call(
            Method::POST,
            "/api/spam/blocked/999999/restore",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

on_both_backends!(
    keyword_changes_apply_to_the_next_webhook,
    the_blocked_log_pages_filters_and_clears,
    a_restored_message_is_stored_as_if_never_filtered_and_only_once,
);
