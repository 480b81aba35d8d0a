//! Analytics through the REST API after a scripted day of traffic on an account of its
//! own: every count and first-response time below is worked out by hand from the
//! script.

use crate::helpers::{Backend, TestApp, sid};
use app::{
    accounts::{CreateAccountRequest, Provider, ssr::create_account},
    db::{agents, messages, threads},
    domain::{Direction, working_hours::BusinessZone},
};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const NUMBER: &str = "6281255557001";

async fn owner_cookie(app: &TestApp, thread_id: &str) -> (i64, String) {
    let owner = threads::Entity::find_by_id(thread_id.to_owned())
        .one(app.db())
        .await
        .expect("q")
        .expect("thread")
        .owner_id
        .expect("owner");
    let email = agents::Entity::find_by_id(owner)
        .one(app.db())
        .await
        .expect("q")
        .expect("agent")
        .email;
    (owner, app.login(&email, "serambi-agent").await)
}

/// Moves the thread's arrival and assignment back by the given seconds.
async fn age(app: &TestApp, thread_id: &str, arrived_ago: i64, assigned_ago: i64) {
    let t = threads::Entity::find_by_id(thread_id.to_owned())
        .one(app.db())
        .await
        .expect("q")
        .expect("thread");
    let now = Utc::now();
    let mut t: threads::ActiveModel = t.into();
    t.created_at = Set(now - Duration::seconds(arrived_ago));
    t.assigned_at = Set(Some(now - Duration::seconds(assigned_ago)));
    t.update(app.db()).await.expect("update");
}

async fn reply(app: &TestApp, cookie: &str, thread_id: &str, body: &str) {
    let res = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{thread_id}/reply"),
            Some(json!({ "body": body })),
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
}

async fn a_scripted_day_adds_up(backend: Backend) {
    let Some((app, log)) = TestApp::observed(backend, &[("SERAMBI_DEMO", "1")]).await else {
        return;
    };
    create_account(
        app.db(),
        &Default::default(),
        CreateAccountRequest {
            id: Some("an-1".into()),
            name: "Toko Analitik".into(),
            phone_number: format!("+{NUMBER}"),
            provider: Provider::Simulator,
            twilio_account_sid: None,
            twilio_auth_token: None,
        },
    )
    .await
    .expect("account");
    let admin = app.login(ADMIN.0, ADMIN.1).await;

    // Three new leads, a second message from the first, and a spam message.
    let leads = ["6281377701001", "6281377701002", "6281377701003"];
    for from in leads {
        assert_eq!(
            app.inbound(&sid(), from, NUMBER, "Halo, mau tanya harga")
                .await
                .status,
            StatusCode::OK
        );
    }
    assert_eq!(
        app.inbound(&sid(), leads[0], NUMBER, "Yang ukuran L")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.inbound(&sid(), "6281377701009", NUMBER, "Ini balasan otomatis kami")
            .await
            .status,
        StatusCode::OK
    );
    let ids: Vec<String> = leads.iter().map(|n| format!("an-1:{n}")).collect();

    // Lead 1: arrived and assigned 10 minutes ago, answered now (then once more).
    // Lead 2: arrived 20 minutes ago, its owner got it 3 minutes ago, answered now.
    let (owner1, cookie1) = owner_cookie(&app, &ids[0]).await;
    let (owner2, cookie2) = owner_cookie(&app, &ids[1]).await;
    let (owner3, _) = owner_cookie(&app, &ids[2]).await;
    age(&app, &ids[0], 600, 600).await;
    reply(&app, &cookie1, &ids[0], "Ada, kak").await;
    reply(&app, &cookie1, &ids[0], "Ukuran L masih ada").await;
    age(&app, &ids[1], 1200, 180).await;
    reply(&app, &cookie2, &ids[1], "Halo kak").await;
    // Lead 3 goes unanswered and escalates once (the demo timeout is 5 minutes).
    let run_at = Utc::now() + Duration::minutes(6);
    app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, run_at)
        .await
        .expect("escalation");
    let moved = threads::Entity::find_by_id(ids[2].clone())
        .one(app.db())
        .await
        .expect("q")
        .expect("t");
    assert_ne!(moved.owner_id, Some(owner3), "lead 3 escalated");

    let zone = BusinessZone::Jakarta;
    let (today, last) = (zone.day_of(Utc::now()), zone.day_of(run_at));
    let path = format!("/api/analytics?from={today}&to={last}&accounts=an-1");
    log.clear();
    let res = app.call(Method::GET, &path, None, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Only the rollups: never the messages, the threads, nor a row per lead.
    let read: Vec<String> = log.take().into_iter().map(|s| s.sql).collect();
    for table in ["\"messages\"", "\"threads\"", "\"first_responses\""] {
        assert!(
            read.iter().all(|sql| !sql.contains(table)),
            "the dashboard read {table}: {read:#?}"
        );
    }
    assert!(read.iter().any(|sql| sql.contains("\"agent_daily\"")));
    let r = res.json();
    let t = &r["totals"];
    let counts = |v: &Value| {
        [
            "receivedCount",
            "replyCount",
            "blocked",
            "newLeads",
            "escalations",
            "answered",
        ]
        .map(|k| v[k].as_i64().unwrap_or(-1))
    };
    assert_eq!(counts(t), [4, 3, 1, 3, 1, 2], "{t}");
    assert_eq!(
        t["medianFirstResponseSeconds"], 900,
        "median of 600 and 1,200 s"
    );
    assert_eq!(
        t["p90FirstResponseSeconds"], 1200,
        "nearest rank of two values"
    );
    assert_eq!(r["timeZone"], "Asia/Jakarta");
    assert_eq!(r["accounts"], json!(["an-1"]));
    // One row per account and day with anything; the day rows cover the range.
    let rows = r["rows"].as_array().expect("rows");
    assert!(
        rows.iter()
            .all(|row| row["accountId"] == "an-1" && row["accountName"] == "Toko Analitik")
    );
    let per_day = r["perDay"].as_array().expect("perDay");
    assert_eq!(per_day.len() as i64, (last - today).num_days() + 1);
    assert_eq!(per_day[0]["day"], today.to_string());

    // Per agent: first responses since they got the lead, and escalations away.
    let agent = |id: i64| {
        r["agents"]
            .as_array()
            .expect("agents")
            .iter()
            .find(|a| a["agentId"] == id)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(agent(owner1)["leadsHandled"], 1);
    assert_eq!(agent(owner1)["medianFirstResponseSeconds"], 600);
    assert_eq!(agent(owner2)["leadsHandled"], 1);
    assert_eq!(agent(owner2)["medianFirstResponseSeconds"], 180);
    assert_eq!(agent(owner3)["leadsHandled"], 0);
    assert_eq!(agent(owner3)["escalationsAway"], 1);

    // The same numbers as CSV.
    let res = app
        .call(
            Method::GET,
            &format!("{path}&format=csv"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(
        res.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = res.body.lines().collect();
    assert!(
        lines[0].starts_with("day,accountId,accountName,receivedCount,replyCount"),
        "{}",
        lines[0]
    );
    // The escalation ran six minutes on: past the business day's midnight it is a
    // row of the next day.
    let expected: Vec<String> = if today == last {
        vec![format!("{today},an-1,Toko Analitik,4,3,1,3,1,2,900,1200")]
    } else {
        vec![
            format!("{today},an-1,Toko Analitik,4,3,1,3,0,2,900,1200"),
            format!("{last},an-1,Toko Analitik,0,0,0,0,1,0,,"),
        ]
    };
    assert_eq!(lines[1..], expected[..]);

    // Other accounts are not counted in; no account filter counts every one.
    let all = app
        .call(
            Method::GET,
            &format!("/api/analytics?from={today}&to={last}"),
            None,
            Some(&admin),
        )
        .await
        .json();
    assert!(all["totals"]["receivedCount"].as_i64().unwrap_or(0) >= 4);

    // Bad input: a clear error naming the field.
    for (query, field) in [
        ("from=2026-13-01", "from"),
        ("from=2026-12-05&to=2026-12-01", "from"),
        ("from=2020-01-01&to=2026-12-01", "from"),
        ("accounts=acc-999", "accounts"),
        ("format=xml", "format"),
    ] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/analytics?{query}"),
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
        assert!(res.body.contains(field), "{query}: {}", res.body);
    }
    // Admins only.
    let (_, agent_cookie) = owner_cookie(&app, &ids[0]).await;
    assert_eq!(
        app.call(Method::GET, "/api/analytics", None, Some(&agent_cookie))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(Method::GET, "/api/analytics", None, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

/// The demo's conversations show on its dashboard: the counters hold what its
/// messages, leads and first answers imply, and the accounts' health counts today's.
async fn the_demo_dashboard_shows_its_conversations(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let count = |direction: Direction| {
        let db = app.db();
        async move {
            messages::Entity::find()
                .filter(messages::Column::Direction.eq(direction.as_str()))
                .count(db)
                .await
                .expect("count") as i64
        }
    };
    let (inbound, outbound) = (
        count(Direction::Inbound).await,
        count(Direction::Outbound).await,
    );
    let threads_all = threads::Entity::find()
        .all(app.db())
        .await
        .expect("threads");
    let answered = threads_all
        .iter()
        .filter(|t| t.first_response_at.is_some() && t.owner_id.is_some())
        .count() as i64;
    assert!(inbound > 0 && outbound > 0 && answered > 0);
    let zone = app::messaging::ssr::bookkeeping::business_zone(app.db())
        .await
        .expect("zone");
    let today = zone.day_of(Utc::now());
    let from = today - Duration::days(7);
    let res = app
        .call(
            Method::GET,
            &format!("/api/analytics?from={from}&to={today}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let totals = &res.json()["totals"];
    assert_eq!(totals["receivedCount"], inbound, "{totals}");
    assert_eq!(totals["replyCount"], outbound, "{totals}");
    assert_eq!(totals["newLeads"], threads_all.len() as i64, "{totals}");
    assert_eq!(totals["answered"], answered, "{totals}");
    assert!(
        totals["medianFirstResponseSeconds"]
            .as_i64()
            .is_some_and(|s| s > 0),
        "{totals}"
    );
    // More than one day has something: the demo spreads over days.
    let busy_days = res.json()["perDay"]
        .as_array()
        .expect("perDay")
        .iter()
        .filter(|d| d["receivedCount"].as_i64().unwrap_or(0) > 0)
        .count();
    assert!(busy_days >= 2, "{busy_days} busy days");

    // The accounts' health: what arrived today on each account.
    let overview = app
        .call(Method::GET, "/api/whatsapp/overview", None, Some(&admin))
        .await
        .json();
    let received_today: i64 = overview["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .map(|a| a["health"]["receivedToday"].as_i64().unwrap_or(0))
        .sum();
    let midnight = zone.midnight_of(Utc::now());
    let arrived_today = messages::Entity::find()
        .filter(messages::Column::Direction.eq(Direction::Inbound.as_str()))
        .filter(messages::Column::CreatedAt.gte(midnight))
        .count(app.db())
        .await
        .expect("count") as i64;
    assert_eq!(received_today, arrived_today, "{overview}");
}

on_both_backends!(
    a_scripted_day_adds_up,
    the_demo_dashboard_shows_its_conversations
);
