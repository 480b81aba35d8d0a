//! Escalation through the cron endpoint and the worker's function, on SQLite and
//! PostgreSQL, with the server's clock moved forward instead of sleeping.

use crate::helpers::{Backend, Response, TestApp, sid};
use axum::http::{Method, Request, StatusCode, header};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

const TOKO_A: &str = "6281211110001";
const SECRET: &str = "cron-secret-for-tests";

async fn cron(app: &TestApp, token: Option<&str>) -> Response {
    let mut req = Request::builder()
        .method(Method::GET)
        .uri("/api/cron/check-escalations");
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    app.send(req.body(axum::body::Body::empty()).expect("request"))
        .await
}

async fn threads(app: &TestApp, ids: &[String]) -> HashMap<String, app::db::threads::Model> {
    app::db::threads::Entity::find()
        .filter(app::db::threads::Column::Id.is_in(ids.iter().cloned()))
        .all(app.db())
        .await
        .expect("threads")
        .into_iter()
        .map(|t| (t.id.clone(), t))
        .collect()
}

/// `n` new leads on Toko A, returned by thread id.
async fn new_leads(app: &TestApp, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let from = format!("{prefix}{i:03}");
        let res = app.inbound(&sid(), &from, TOKO_A, "Halo, masih ada?").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        ids.push(format!("acc-001:{from}"));
    }
    ids
}

async fn the_cron_endpoint_wants_its_secret(backend: Backend) {
    let Some(app) =
        TestApp::start(backend, &[("SERAMBI_DEMO", "1"), ("CRON_SECRET", SECRET)]).await
    else {
        return;
    };
    for token in [None, Some("wrong"), Some("")] {
        let res = cron(&app, token).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(res.error_code(), "unauthorized");
    }
    let res = cron(&app, Some(SECRET)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report = res.json();
    assert!(report["checked"].is_u64());
    assert!(report["escalated"].is_array());

    // Without CRON_SECRET the endpoint is closed, not open.
    let Some(closed) = TestApp::demo(backend).await else {
        return;
    };
    let res = cron(&closed, Some("anything")).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.body.contains("CRON_SECRET"), "{}", res.body);
}

async fn concurrent_runs_escalate_each_due_lead_exactly_once(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("CRON_SECRET", SECRET),
            ("SERAMBI_ESCALATION_TIMEOUT", "5m"),
        ],
    )
    .await
    else {
        return;
    };
    let ids = new_leads(&app, "6281398800", 12).await;
    let before = threads(&app, &ids).await;

    // Not due yet: nothing moves.
    let report = cron(&app, Some(SECRET)).await.json();
    let moved_early = report["escalated"].as_array().map(|a| {
        a.iter()
            .filter(|m| ids.iter().any(|id| m["threadId"] == id.as_str()))
            .count()
    });
    assert_eq!(moved_early, Some(0));

    // Six minutes later, ten cron calls and two worker runs at the same moment.
    app.state
        .runtime
        .clock
        .advance(chrono::Duration::minutes(6));
    let now = app.state.runtime.clock.now();
    let crons = (0..10).map(|_| cron(&app, Some(SECRET)));
    let workers =
        (0..2).map(|_| app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, now));
    let (cron_answers, worker_answers) = tokio::join!(
        futures::future::join_all(crons),
        futures::future::join_all(workers)
    );
    let mut moved: HashMap<String, usize> = HashMap::new();
    for res in cron_answers {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        for m in res.json()["escalated"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            *moved
                .entry(m["threadId"].as_str().unwrap_or_default().to_owned())
                .or_default() += 1;
        }
    }
    for report in worker_answers {
        for m in report.expect("worker run").escalated {
            *moved.entry(m.thread_id).or_default() += 1;
        }
    }
    let after = threads(&app, &ids).await;
    for id in &ids {
        assert_eq!(moved.get(id), Some(&1), "{id} reported moved exactly once");
        let (old, new) = (&before[id], &after[id]);
        assert_eq!(new.escalation_count, 1, "{id}");
        assert_ne!(new.owner_id, old.owner_id, "{id} changed hands");
        assert!(
            new.assigned_at > old.assigned_at,
            "{id}: the timer restarted"
        );
        let events = app::db::assignment_events::Entity::find()
            .filter(app::db::assignment_events::Column::ThreadId.eq(id.as_str()))
            .filter(app::db::assignment_events::Column::Reason.eq("escalation"))
            .all(app.db())
            .await
            .expect("events");
        assert_eq!(events.len(), 1, "{id}: one assignment event");
        assert_eq!(events[0].from_agent_id, old.owner_id);
        assert_eq!(events[0].to_agent_id, new.owner_id);
        // Both agents got a notice.
        let notices = app::db::notifications::Entity::find()
            .filter(app::db::notifications::Column::ThreadId.eq(id.as_str()))
            .filter(app::db::notifications::Column::Kind.eq("escalation"))
            .all(app.db())
            .await
            .expect("notices");
        let mut told: Vec<i64> = notices.iter().map(|n| n.agent_id).collect();
        told.sort_unstable();
        let mut both = vec![
            old.owner_id.unwrap_or_default(),
            new.owner_id.unwrap_or_default(),
        ];
        both.sort_unstable();
        assert_eq!(told, both, "{id}");
    }
    // The moved leads were spread by the rotation, not all handed to one agent.
    let owners: std::collections::HashSet<_> = after.values().map(|t| t.owner_id).collect();
    assert!(owners.len() > 1, "{owners:?}");

    // Answered in time after the move: nothing more happens to it, ever.
    let answered = &ids[0];
    let owner = after[answered].owner_id.expect("owner");
    let agent = app::db::agents::Entity::find_by_id(owner)
        .one(app.db())
        .await
        .expect("agent")
        .expect("exists");
    let cookie = app.login(&agent.email, "serambi-agent").await;
    let reply = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{answered}/reply"),
            Some(serde_json::json!({ "body": "Masih kak" })),
            Some(&cookie),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.body);
    app.state
        .runtime
        .clock
        .advance(chrono::Duration::minutes(6));
    let report = cron(&app, Some(SECRET)).await.json();
    let again: Vec<_> = report["escalated"].as_array().cloned().unwrap_or_default();
    assert!(
        again.iter().all(|m| m["threadId"] != answered.as_str()),
        "locked: {again:?}"
    );
    assert!(
        again.iter().any(|m| m["threadId"] == ids[1].as_str()),
        "unanswered ones move on"
    );
    let locked = &threads(&app, std::slice::from_ref(answered)).await[answered];
    assert_eq!(locked.owner_id, Some(owner));
    assert!(locked.first_response_at.is_some());
}

async fn a_single_agent_keeps_the_lead_marked_overdue(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[("SERAMBI_DEMO", "1"), ("SERAMBI_ESCALATION_TIMEOUT", "30s")],
    )
    .await
    else {
        return;
    };
    // Only agent 1 stays available.
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    for email in ["agent2@serambi.test", "agent3@serambi.test"] {
        let agent = app::db::agents::Entity::find()
            .filter(app::db::agents::Column::Email.eq(email))
            .one(app.db())
            .await
            .expect("query")
            .expect("agent");
        let res = app
            .call(
                Method::PUT,
                &format!("/api/agents/{}", agent.id),
                Some(serde_json::json!({ "available": false })),
                Some(&admin),
            )
            .await;
        assert!(res.status.is_success(), "{}", res.body);
    }
    let ids = new_leads(&app, "6281398900", 1).await;
    let id = &ids[0];
    let owner = threads(&app, &ids).await[id].owner_id;
    assert!(owner.is_some());

    app.state
        .runtime
        .clock
        .advance(chrono::Duration::seconds(31));
    let now = app.state.runtime.clock.now();
    let report = app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, now)
        .await
        .expect("run");
    assert!(report.overdue.contains(id), "{report:?}");
    assert!(report.escalated.iter().all(|m| &m.thread_id != id));
    let thread = &threads(&app, &ids).await[id];
    assert_eq!(thread.owner_id, owner, "stays with its only agent");
    assert_eq!(thread.escalation_state.as_str(), "overdue");
    // Marked once: the next run leaves it alone.
    let report = app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, now)
        .await
        .expect("run");
    assert!(!report.overdue.contains(id));
}

on_both_backends!(
    the_cron_endpoint_wants_its_secret,
    concurrent_runs_escalate_each_due_lead_exactly_once,
    a_single_agent_keeps_the_lead_marked_overdue,
);
