//! `/ws` against the real router on a loopback port, on SQLite and PostgreSQL: who may
//! connect, who hears what, and that a reconnecting browser misses nothing.

use crate::helpers::{
    Backend, TestApp, sid,
    ws::{self, connect, refused_status},
};
use sea_orm::EntityTrait;

const TOKO_A: &str = "6281211110001";

/// The owner of thread `id`.
async fn owner_of(app: &TestApp, id: &str) -> Option<i64> {
    app::db::threads::Entity::find_by_id(id.to_owned())
        .one(app.db())
        .await
        .expect("query")
        .and_then(|t| t.owner_id)
}

/// A demo app served on a port, an admin's session and that admin's open socket.
async fn admin_watching(
    backend: Backend,
) -> Option<(TestApp, std::net::SocketAddr, String, ws::WsClient)> {
    let app = TestApp::demo(backend).await?;
    let addr = app.serve().await;
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let ws = connect(addr, Some(&admin), None, None)
        .await
        .expect("connect");
    Some((app, addr, admin, ws))
}

/// Marks message `id` read through the API.
async fn mark_read(app: &TestApp, id: i64, cookie: &str) {
    let res = app
        .call(
            axum::http::Method::PATCH,
            &format!("/api/inbox/messages/{id}/read"),
            None,
            Some(cookie),
        )
        .await;
    assert!(res.status.is_success(), "{}", res.body);
}

async fn agent_id(app: &TestApp, email: &str) -> i64 {
    use sea_orm::{ColumnTrait, QueryFilter};
    app::db::agents::Entity::find()
        .filter(app::db::agents::Column::Email.eq(email))
        .one(app.db())
        .await
        .expect("query")
        .expect("agent")
        .id
}

async fn only_the_session_and_our_origin_may_connect(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let cookie = app.login("agent1@serambi.test", "serambi-agent").await;

    let no_session = connect(addr, None, None, None).await.err();
    assert_eq!(no_session.as_ref().and_then(refused_status), Some(401));
    let bad_session = connect(addr, Some("serambi_session=forged"), None, None)
        .await
        .err();
    assert_eq!(bad_session.as_ref().and_then(refused_status), Some(401));
    let foreign = connect(addr, Some(&cookie), None, Some("https://evil.example.net"))
        .await
        .err();
    assert_eq!(foreign.as_ref().and_then(refused_status), Some(403));

    // Our own page's origin, and a program without one, get in and hear `hello` first.
    let own = format!("http://{addr}");
    let mut ws = connect(addr, Some(&cookie), None, Some(&own))
        .await
        .expect("same-origin connection");
    let hello = ws.next().await;
    assert_eq!(hello["type"], "hello");
    assert!(hello["seq"].as_i64().is_some());
    assert!(hello["payload"]["serverTime"].as_i64().is_some());
    ws.close().await;
}

async fn an_agent_hears_only_the_threads_they_may_see(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let agent1 = app.login("agent1@serambi.test", "serambi-agent").await;
    let agent2 = app.login("agent2@serambi.test", "serambi-agent").await;
    let (id1, id2) = (
        agent_id(&app, "agent1@serambi.test").await,
        agent_id(&app, "agent2@serambi.test").await,
    );
    let mut ws_admin = connect(addr, Some(&admin), None, None)
        .await
        .expect("admin");
    let mut ws1 = connect(addr, Some(&agent1), None, None)
        .await
        .expect("agent 1");
    let mut ws2 = connect(addr, Some(&agent2), None, None)
        .await
        .expect("agent 2");
    for ws in [&mut ws_admin, &mut ws1, &mut ws2] {
        assert_eq!(ws.next().await["type"], "hello");
    }

    // New leads go round the agents; send until one lands with agent 1 and then one
    // with agent 2.
    let thread_of = |owner: i64| {
        let app = &app;
        async move {
            for n in 0..6 {
                let from = format!("62813955{owner:02}{n:03}");
                let res = app.inbound(&sid(), &from, TOKO_A, "Halo kak").await;
                assert_eq!(res.status, 200, "{}", res.body);
                let thread = format!("acc-001:{from}");
                if owner_of(app, &thread).await == Some(owner) {
                    return thread;
                }
            }
            panic!("no lead reached agent {owner}");
        }
    };
    let of_agent1 = thread_of(id1).await;
    let of_agent2 = thread_of(id2).await;

    // Agent 1 hears their lead: the assignment and the message.
    let (event, _) = ws1.until("inbox:new-message", &of_agent1).await;
    assert_eq!(event["payload"]["accountId"], "acc-001");
    assert_eq!(event["payload"]["message"]["body"], "Halo kak");
    // Agent 2 hears their own lead; events reach a connection in order, so had agent
    // 1's lead (sent earlier) been delivered to agent 2, it would be among the skipped.
    let (_, skipped) = ws2.until("inbox:new-message", &of_agent2).await;
    assert!(
        skipped
            .iter()
            .all(|e| e["payload"]["threadId"] != of_agent1.as_str()),
        "agent 2 received events of agent 1's thread: {skipped:?}"
    );
    // The admin hears both.
    ws_admin.until("inbox:new-message", &of_agent1).await;
    ws_admin.until("inbox:new-message", &of_agent2).await;
    // And agent 1 never hears agent 2's lead: everything agent 1 received up to an
    // event everyone gets after it.
    label_barrier(&app, &admin).await;
    let (_, heard) = ws1.until_kind("labels:changed").await;
    assert!(
        heard
            .iter()
            .all(|e| e["payload"]["threadId"] != of_agent2.as_str()),
        "agent 1 received events of agent 2's thread: {heard:?}"
    );
}

/// An event every connection receives (`labels:changed`), made by the admin.
async fn label_barrier(app: &TestApp, admin: &str) {
    let res = app
        .call(
            axum::http::Method::POST,
            "/api/labels",
            Some(serde_json::json!({ "name": format!("Zq {}", &sid()[24..]), "color": "#123456" })),
            Some(admin),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
}

async fn the_old_owner_hears_nothing_more_of_an_escalated_lead(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let agent1 = app.login("agent1@serambi.test", "serambi-agent").await;
    let id1 = agent_id(&app, "agent1@serambi.test").await;
    let mut ws1 = connect(addr, Some(&agent1), None, None)
        .await
        .expect("agent 1");
    let mut ws_admin = connect(addr, Some(&admin), None, None)
        .await
        .expect("admin");
    // A new lead for agent 1.
    let mut lead = None;
    for n in 0..6 {
        let from = format!("628139440{n:04}");
        let res = app.inbound(&sid(), &from, TOKO_A, "Halo, ada stok?").await;
        assert_eq!(res.status, 200, "{}", res.body);
        let thread = format!("acc-001:{from}");
        if owner_of(&app, &thread).await == Some(id1) {
            lead = Some(thread);
            break;
        }
    }
    let lead = lead.expect("a lead for agent 1");
    ws1.until("inbox:new-message", &lead).await;

    // Nobody answered in time: the lead moves on.
    app.state
        .runtime
        .clock
        .advance(chrono::Duration::minutes(6));
    let now = app.state.runtime.clock.now();
    app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, now)
        .await
        .expect("escalation");
    let new_owner = owner_of(&app, &lead).await;
    assert!(
        new_owner.is_some() && new_owner != Some(id1),
        "{new_owner:?}"
    );
    // Agent 1 is told it left (the escalation names them) ...
    ws1.until("lead:escalated", &lead).await;

    // ... and hears nothing of what follows in it, while the admin does.
    let res = app
        .inbound(
            &sid(),
            lead.trim_start_matches("acc-001:"),
            TOKO_A,
            "Halo? masih ada?",
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    loop {
        let (event, _) = ws_admin.until("inbox:new-message", &lead).await;
        if event["payload"]["message"]["body"] == "Halo? masih ada?" {
            break;
        }
    }
    label_barrier(&app, &admin).await;
    let (_, heard) = ws1.until_kind("labels:changed").await;
    assert!(
        heard
            .iter()
            .all(|e| e["payload"]["threadId"] != lead.as_str()),
        "the old owner still hears the lead: {heard:?}"
    );
}

async fn resuming_from_before_the_kept_events_gets_a_reset(backend: Backend) {
    let Some((app, addr, admin, mut ws)) = admin_watching(backend).await else {
        return;
    };
    assert_eq!(ws.next().await["type"], "hello");
    // Where a browser stopped: after one event (0 would mean "from the start").
    app.inbound(&sid(), "6281393309999", TOKO_A, "Halo").await;
    let (event, _) = ws.until("inbox:new-message", "acc-001:6281393309999").await;
    let since = event["seq"].as_i64().expect("seq");
    for n in 0..3 {
        let from = format!("628139330{n:04}");
        app.inbound(&sid(), &from, TOKO_A, "Halo").await;
        ws.until("inbox:new-message", &format!("acc-001:{from}"))
            .await;
    }
    ws.close().await;
    // The oldest events are pruned, as the hourly clean-up does after two days.
    use sea_orm::{ColumnTrait, QueryFilter};
    app::db::events::Entity::delete_many()
        .filter(app::db::events::Column::Id.lte(since + 2))
        .exec(app.db())
        .await
        .expect("prune");
    let mut ws = connect(addr, Some(&admin), Some(since), None)
        .await
        .expect("reconnect");
    assert_eq!(ws.next().await["type"], "hello");
    let reset = ws.next().await;
    assert_eq!(reset["type"], "sync:reset", "{reset}");
    assert!(reset["seq"].as_i64() > Some(since), "{reset}");
    // A resume from a point still kept is no reset: it gets the events.
    ws.close().await;
    let kept = app::db::events::Entity::find()
        .all(app.db())
        .await
        .expect("events")
        .iter()
        .map(|e| e.id)
        .min()
        .expect("events kept");
    let mut ws = connect(addr, Some(&admin), Some(kept - 1), None)
        .await
        .expect("reconnect");
    assert_eq!(ws.next().await["type"], "hello");
    assert_ne!(ws.next().await["type"], "sync:reset");
}

async fn a_reconnecting_browser_gets_every_missed_event_in_order(backend: Backend) {
    let Some((app, addr, admin, mut ws)) = admin_watching(backend).await else {
        return;
    };
    let hello = ws.next().await;
    let mut last = hello["seq"].as_i64().expect("seq");
    // One live event, then the connection drops.
    app.inbound(&sid(), "6281396660000", TOKO_A, "sebelum putus")
        .await;
    let (event, _) = ws.until("inbox:new-message", "acc-001:6281396660000").await;
    last = last.max(event["seq"].as_i64().expect("seq"));
    ws.close().await;

    // Five messages while away.
    let bodies: Vec<String> = (1..=5).map(|i| format!("selagi putus {i}")).collect();
    for body in &bodies {
        let res = app.inbound(&sid(), "6281396660000", TOKO_A, body).await;
        assert_eq!(res.status, 200);
    }

    let mut ws = connect(addr, Some(&admin), Some(last), None)
        .await
        .expect("reconnect");
    assert_eq!(ws.next().await["type"], "hello");
    let mut got = Vec::new();
    let mut seqs = vec![last];
    while got.len() < bodies.len() {
        let event = ws.next_of("inbox:new-message").await;
        seqs.push(event["seq"].as_i64().expect("seq"));
        got.push(
            event["payload"]["message"]["body"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        );
    }
    assert_eq!(got, bodies, "every missed message, in order");
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "sequences grow: {seqs:?}"
    );

    // Live again, and nothing twice: the next event is the new one.
    app.inbound(&sid(), "6281396660000", TOKO_A, "sudah tersambung")
        .await;
    let event = ws.next_of("inbox:new-message").await;
    assert_eq!(event["payload"]["message"]["body"], "sudah tersambung");
    assert!(event["seq"].as_i64() > seqs.last().copied());
}

async fn a_reply_read_and_statuses_are_events(backend: Backend) {
    let Some((app, _, admin, mut ws)) = admin_watching(backend).await else {
        return;
    };
    ws.next_of("hello").await;
    let thread = "acc-001:6281397770000";
    app.inbound(&sid(), "6281397770000", TOKO_A, "halo").await;
    let (message, skipped) = ws.until("inbox:new-message", thread).await;
    let assigned: Vec<_> = skipped
        .iter()
        .filter(|e| e["type"] == "lead:assigned" && e["payload"]["threadId"] == thread)
        .collect();
    assert_eq!(assigned.len(), 1, "the new lead's assignment comes first");
    assert!(assigned[0]["payload"]["deadline"].is_string());

    let message_id = message["payload"]["message"]["id"].as_i64().expect("id");
    mark_read(&app, message_id, &admin).await;
    let (read, _) = ws.until("inbox:message-read", thread).await;
    assert_eq!(read["payload"]["unreadCount"], 0);
    // Reading it again changes nothing, so nobody is told (a browser that reloads on
    // reads would otherwise loop).
    mark_read(&app, message_id, &admin).await;

    let reply = app
        .call(
            axum::http::Method::POST,
            &format!("/api/inbox/chats/{thread}/reply"),
            Some(serde_json::json!({ "body": "Halo juga" })),
            Some(&admin),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.body);
    let (updated, between) = ws.until("thread:updated", thread).await;
    assert!(
        between.iter().all(|e| e["type"] != "inbox:message-read"),
        "a second read was announced: {between:?}"
    );
    assert_eq!(updated["payload"]["message"]["body"], "Halo juga");
    // The simulator accepts it: the outbox reports it sent.
    app::messaging::ssr::outbox::tick(app.db(), &app.state.runtime, chrono::Utc::now())
        .await
        .expect("outbox tick");
    let (sent, _) = ws.until("outbox:sent", thread).await;
    assert_eq!(
        sent["payload"]["messageId"],
        updated["payload"]["message"]["id"]
    );
}

on_both_backends!(
    only_the_session_and_our_origin_may_connect,
    an_agent_hears_only_the_threads_they_may_see,
    a_reconnecting_browser_gets_every_missed_event_in_order,
    a_reply_read_and_statuses_are_events,
    the_old_owner_hears_nothing_more_of_an_escalated_lead,
    resuming_from_before_the_kept_events_gets_a_reset,
);
