//! Two `serambi` processes on one PostgreSQL database, as behind a load balancer: an
//! event caused on one reaches browsers connected to the other, and both escalation
//! workers together still move each lead once per timeout.

use crate::helpers::{self, Backend, ws};
use sea_orm::{ColumnTrait, Database, EntityTrait, QueryFilter, QueryOrder};
use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

/// A server process, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn start(database_url: &str, media: &std::path::Path) -> Server {
    let port = free_port();
    let url = format!("http://127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_serambi"))
        .env("DATABASE_URL", database_url)
        .env("SERAMBI_DEMO", "1")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("SERAMBI_ESCALATION_TIMEOUT", "3s")
        .env("SERAMBI_MEDIA_DIR", media)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start serambi");
    let server = Server { child, url };
    let http = reqwest::Client::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if let Ok(r) = http.get(format!("{}/readyz", server.url)).send().await
            && r.status().is_success()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("serambi on {} did not become ready", server.url);
}

/// Posts an inbound message from `from` to Toko A on `server`, signed with the
/// simulator token both servers share through the database.
async fn inbound(http: &reqwest::Client, server: &Server, token: &str, from: &str, body: &str) {
    let params = vec![
        ("MessageSid".to_owned(), helpers::sid()),
        ("From".to_owned(), format!("whatsapp:+{from}")),
        ("To".to_owned(), "whatsapp:+6281211110001".to_owned()),
        ("Body".to_owned(), body.to_owned()),
        ("NumMedia".to_owned(), "0".to_owned()),
    ];
    // Each server checks signatures against its own address.
    let url = format!("{}/api/whatsapp/webhook", server.url);
    let signature = app::providers::signature::compute(token, &url, &params);
    let res = http
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", signature)
        .body(serde_urlencoded::to_string(&params).expect("form"))
        .send()
        .await
        .expect("webhook");
    assert!(res.status().is_success(), "webhook: {}", res.status());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_events_and_escalate_each_lead_once() {
    let Some((database_url, _guard)) = helpers::fresh_database(Backend::Postgres).await else {
        return;
    };
    let media = tempfile::tempdir().expect("media dir");
    // The first one creates the schema and the demo data, then the second starts.
    let a = start(&database_url, media.path()).await;
    let b = start(&database_url, media.path()).await;
    let db = Database::connect(&database_url).await.expect("database");
    let token = app::messaging::ssr::settings::simulator_token(&db)
        .await
        .expect("simulator token");
    let http = reqwest::Client::new();

    // An admin's browser on server B.
    let cookie = server::bench::login(&http, &b.url, "admin@serambi.test", "serambi-admin")
        .await
        .expect("login on B");
    let addr = b
        .url
        .trim_start_matches("http://")
        .parse()
        .expect("address");
    let mut socket = ws::connect(addr, Some(&cookie), None, None)
        .await
        .expect("WebSocket on B");
    assert_eq!(socket.next().await["type"], "hello");

    // A webhook to server A is heard on server B (within the helper's 15 s patience;
    // how fast is a benchmark's figure: `bench-realtime --listen-url`). The first one
    // warms both servers up.
    inbound(&http, &a, &token, "6281399000000", "pemanasan").await;
    socket
        .until("inbox:new-message", "acc-001:6281399000000")
        .await;
    inbound(&http, &a, &token, "6281399000001", "dari server A").await;
    let (event, _) = socket
        .until("inbox:new-message", "acc-001:6281399000001")
        .await;
    assert_eq!(event["payload"]["message"]["body"], "dari server A");

    // Both servers run the escalation worker against the same leads (3-second timeout,
    // checked every second by each). Wait until every lead moved at least once.
    let leads: Vec<String> = (0..6)
        .map(|i| format!("acc-001:62813990001{i:02}"))
        .collect();
    for lead in &leads {
        let from = lead.trim_start_matches("acc-001:");
        inbound(&http, &a, &token, from, "tolong dibalas").await;
    }
    let started = Instant::now();
    loop {
        let moved = app::db::threads::Entity::find()
            .filter(app::db::threads::Column::Id.is_in(leads.iter().cloned()))
            .filter(app::db::threads::Column::EscalationCount.gte(1))
            .all(&db)
            .await
            .expect("threads")
            .len();
        if moved == leads.len() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "only {moved} of {} leads escalated",
            leads.len()
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }

    // Each move took the lead from its current owner, and moves of one lead are a full
    // timeout apart: two servers never moved a lead twice at once.
    for lead in &leads {
        let moves = app::db::assignment_events::Entity::find()
            .filter(app::db::assignment_events::Column::ThreadId.eq(lead.as_str()))
            .order_by_asc(app::db::assignment_events::Column::Id)
            .all(&db)
            .await
            .expect("assignment events");
        assert_eq!(moves[0].reason.as_str(), "round_robin", "{lead}: {moves:?}");
        for pair in moves.windows(2) {
            assert_eq!(pair[1].reason.as_str(), "escalation", "{lead}");
            assert_eq!(
                pair[1].from_agent_id, pair[0].to_agent_id,
                "{lead}: {moves:?}"
            );
            assert_ne!(pair[1].to_agent_id, pair[1].from_agent_id, "{lead}");
            if pair[0].reason.as_str() == "escalation" {
                let gap = pair[1].created_at - pair[0].created_at;
                assert!(
                    gap >= chrono::Duration::milliseconds(2_990),
                    "{lead} moved twice within {gap}: {moves:?}"
                );
            }
        }
        let thread = app::db::threads::Entity::find_by_id(lead.clone())
            .one(&db)
            .await
            .expect("thread")
            .expect("exists");
        let escalations = moves
            .iter()
            .filter(|m| m.reason.as_str() == "escalation")
            .count();
        assert_eq!(thread.escalation_count as usize, escalations, "{lead}");
    }
    socket.close().await;
    drop((a, b));
}
