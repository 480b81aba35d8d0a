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
);
