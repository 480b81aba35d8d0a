//! Abuse and session defences: password guessing (in parallel, from many addresses,
//! behind a proxy), session lifetime and renewal, sockets closed when a session ends,
//! webhooks that cost nothing until signed, and what an agent may learn of other
//! agents' chats.

use crate::helpers::{Backend, Response, TestApp, sid, ws};
use app::db::{sessions, threads};
use axum::{
    body::Body,
    http::{Method, Request, StatusCode, header},
};
use chrono::{Duration, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT1: (&str, &str) = ("agent1@serambi.test", "serambi-agent");

/// A login attempt, from `forwarded_for` (as a proxy would say) if given.
async fn try_login(
    app: &TestApp,
    email: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> Response {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(ip) = forwarded_for {
        req = req.header("x-forwarded-for", ip);
    }
    let body = json!({ "email": email, "password": password }).to_string();
    app.send(req.body(Body::from(body)).expect("request")).await
}

async fn parallel_guesses_are_counted_before_any_password_is_checked(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    // Twenty guesses at once from one address: without counting first, all twenty
    // would pass the check before the first failure was written down.
    let guesses = (0..20).map(|i| {
        let app = &app;
        async move { try_login(app, AGENT1.0, &format!("guess-{i}"), None).await }
    });
    let answers = futures::future::join_all(guesses).await;
    let checked = answers
        .iter()
        .filter(|r| r.status == StatusCode::UNAUTHORIZED)
        .count();
    let refused = answers
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 20, "{answers:?}");
    assert!(checked <= 5, "{checked} passwords were checked");
    // Even the right password now waits.
    let right = try_login(&app, AGENT1.0, AGENT1.1, None).await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        right.body
    );
    assert!(right.headers.contains_key(header::RETRY_AFTER));
}

async fn forwarded_addresses_count_only_from_a_trusted_proxy(backend: Backend) {
    // Not configured: X-Forwarded-For is the client's own word and is ignored.
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    for i in 0..5 {
        let ip = format!("203.0.113.{i}");
        let res = try_login(&app, &format!("nobody{i}@x.test"), "wrong", Some(&ip)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    }
    let res = try_login(&app, "else@x.test", "wrong", Some("198.51.100.9")).await;
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "a made-up X-Forwarded-For escaped the throttle"
    );

    // Behind a listed proxy (in-process requests come from 0.0.0.0): clients are
    // told apart, and each waits alone.
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("SERAMBI_TRUSTED_PROXIES", "0.0.0.0/32"),
        ],
    )
    .await
    else {
        return;
    };
    for i in 0..5 {
        let res = try_login(
            &app,
            &format!("nobody{i}@x.test"),
            "wrong",
            Some("203.0.113.1"),
        )
        .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{}", res.body);
    }
    let same = try_login(&app, "else@x.test", "wrong", Some("203.0.113.1")).await;
    assert_eq!(same.status, StatusCode::TOO_MANY_REQUESTS);
    let other = try_login(&app, "else@x.test", "wrong", Some("203.0.113.2")).await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED, "{}", other.body);
    // A client cannot hide behind an address it writes in front of the proxy's.
    let spoofed = try_login(&app, "else@x.test", "wrong", Some("10.9.9.9, 203.0.113.1")).await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Guessing at the admin's email from two addresses must not keep the admin out: the
/// guessing addresses wait, the email's attempts are only slowed down.
async fn an_email_guessed_at_from_elsewhere_still_lets_its_owner_in(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("SERAMBI_TRUSTED_PROXIES", "0.0.0.0/32"),
        ],
    )
    .await
    else {
        return;
    };
    for attacker in ["198.51.100.1", "198.51.100.2"] {
        for i in 0..5 {
            let res = try_login(&app, ADMIN.0, "wrong", Some(attacker)).await;
            assert_eq!(
                res.status,
                StatusCode::UNAUTHORIZED,
                "{attacker} attempt {i}: {}",
                res.body
            );
        }
        let locked = try_login(&app, ADMIN.0, ADMIN.1, Some(attacker)).await;
        assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{attacker}");
    }
    // Ten failures for the email: its owner, from their own address, gets in.
    let owner = try_login(&app, ADMIN.0, ADMIN.1, Some("203.0.113.50")).await;
    assert_eq!(owner.status, StatusCode::OK, "{}", owner.body);

    // An IPv6 client is one /64: a fresh address in it is no fresh start.
    for host in 1..=5 {
        let ip = format!("2001:db8:1:2::{host}");
        let res = try_login(&app, AGENT1.0, "wrong", Some(&ip)).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{ip}");
    }
    let same_64 = try_login(&app, AGENT1.0, AGENT1.1, Some("2001:db8:1:2:ffff::9")).await;
    assert_eq!(same_64.status, StatusCode::TOO_MANY_REQUESTS);
    let other_64 = try_login(&app, AGENT1.0, AGENT1.1, Some("2001:db8:1:3::1")).await;
    assert_eq!(other_64.status, StatusCode::OK, "{}", other_64.body);
}

async fn me(app: &TestApp, cookie: &str) -> StatusCode {
    app.call(Method::GET, "/api/auth/me", None, Some(cookie))
        .await
        .status
}

async fn a_login_replaces_the_session_the_browser_had(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let first = app.login(AGENT1.0, AGENT1.1).await;
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, &first);
    let body = json!({ "email": ADMIN.0, "password": ADMIN.1 }).to_string();
    let res = app.send(req.body(Body::from(body)).expect("request")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let second = res.session_cookie().expect("a new session");
    assert_ne!(first, second, "the session id must change at login");
    assert_eq!(me(&app, &first).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &second).await, StatusCode::OK);
}

/// Asserts that every door refuses `cookie` as no session: the REST API, a server
/// function, a page (sent to the login) and the realtime socket.
async fn refused_at_every_door(app: &TestApp, addr: std::net::SocketAddr, cookie: &str) {
    assert_eq!(me(app, cookie).await, StatusCode::UNAUTHORIZED);
    let rpc = app
        .call(
            Method::POST,
            "/api/rpc/list_chats",
            Some(json!({ "query": {} })),
            Some(cookie),
        )
        .await;
    assert_eq!(rpc.status, StatusCode::UNAUTHORIZED, "{}", rpc.body);
    let page = app.call(Method::GET, "/inbox", None, Some(cookie)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.headers[header::LOCATION], "/login?next=/inbox");
    let socket = ws::connect(addr, Some(cookie), None, None)
        .await
        .err()
        .expect("the socket is refused");
    assert_eq!(ws::refused_status(&socket), Some(401));
}

async fn a_session_ends_after_its_lifetime_however_busy(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let cookie = app.login(AGENT1.0, AGENT1.1).await;
    let db = app.db();
    let age = |days: i64| async move {
        // Used every day (never idle), started `days` ago.
        sessions::Entity::update_many()
            .col_expr(
                sessions::Column::CreatedAt,
                Expr::value(Utc::now() - Duration::days(days)),
            )
            .col_expr(sessions::Column::LastSeenAt, Expr::value(Utc::now()))
            .col_expr(
                sessions::Column::ExpiresAt,
                Expr::value(Utc::now() + Duration::days(5)),
            )
            .exec(db)
            .await
            .expect("update");
    };
    age(29).await;
    assert_eq!(me(&app, &cookie).await, StatusCode::OK);
    let rpc = app
        .call(
            Method::POST,
            "/api/rpc/list_chats",
            Some(json!({ "query": {} })),
            Some(&cookie),
        )
        .await;
    assert_eq!(rpc.status, StatusCode::OK, "{}", rpc.body);
    let mut socket = ws::connect(addr, Some(&cookie), None, None)
        .await
        .expect("a live session opens a socket");
    socket.next_of("hello").await;
    age(31).await;
    refused_at_every_door(&app, addr, &cookie).await;
    // A week unused ends it too.
    let idle = app.login(AGENT1.0, AGENT1.1).await;
    sessions::Entity::update_many()
        .col_expr(
            sessions::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::seconds(1)),
        )
        .exec(app.db())
        .await
        .expect("update");
    refused_at_every_door(&app, addr, &idle).await;
}

/// Waits for the server to end `socket` with `session:ended`, then for the close.
async fn ended(socket: &mut ws::WsClient) {
    let event = socket.next_of("session:ended").await;
    assert!(event["seq"].as_i64().is_some(), "{event}");
    socket.closed().await;
}

/// An admin's `PUT` that must succeed.
async fn put_ok(app: &TestApp, admin: &str, path: &str, body: Value) {
    let res = app.call(Method::PUT, path, Some(body), Some(admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
}

async fn agent_id(app: &TestApp, admin: &str, email: &str) -> i64 {
    let res = app
        .call(Method::GET, "/api/agents", None, Some(admin))
        .await;
    res.json()
        .as_array()
        .expect("agents")
        .iter()
        .find(|a| a["email"] == email)
        .and_then(|a| a["id"].as_i64())
        .expect("agent id")
}

async fn sockets_close_when_their_session_ends(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1_id = agent_id(&app, &admin, AGENT1.0).await;

    // Logout: the socket of that session ends; the same agent's other session stays.
    let phone = app.login(AGENT1.0, AGENT1.1).await;
    let desk = app.login(AGENT1.0, AGENT1.1).await;
    let mut on_phone = ws::connect(addr, Some(&phone), None, None)
        .await
        .expect("connect");
    let mut on_desk = ws::connect(addr, Some(&desk), None, None)
        .await
        .expect("connect");
    on_phone.next_of("hello").await;
    on_desk.next_of("hello").await;
    let out = app
        .call(Method::POST, "/api/auth/logout", None, Some(&phone))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    ended(&mut on_phone).await;
    // The desk still hears what everyone hears.
    let label = app
        .call(
            Method::POST,
            "/api/labels",
            Some(json!({ "name": "Zq sesi", "color": "#123456" })),
            Some(&admin),
        )
        .await;
    assert_eq!(label.status, StatusCode::CREATED, "{}", label.body);
    on_desk.next_of("labels:changed").await;

    // A new role: the socket ends (it filtered events by the old role).
    put_ok(
        &app,
        &admin,
        &format!("/api/agents/{agent1_id}"),
        json!({ "role": "admin" }),
    )
    .await;
    ended(&mut on_desk).await;
    // The session itself still stands, with the new role.
    assert_eq!(me(&app, &desk).await, StatusCode::OK);
    put_ok(
        &app,
        &admin,
        &format!("/api/agents/{agent1_id}"),
        json!({ "role": "agent" }),
    )
    .await;

    // A new password: every socket of the agent ends.
    let mut socket = ws::connect(addr, Some(&desk), None, None)
        .await
        .expect("connect");
    socket.next_of("hello").await;
    put_ok(
        &app,
        &admin,
        &format!("/api/agents/{agent1_id}/password"),
        json!({ "password": "a-new-password-1" }),
    )
    .await;
    ended(&mut socket).await;

    // Deactivation.
    let cookie = app.login(AGENT1.0, "a-new-password-1").await;
    let mut socket = ws::connect(addr, Some(&cookie), None, None)
        .await
        .expect("connect");
    socket.next_of("hello").await;
    put_ok(
        &app,
        &admin,
        &format!("/api/agents/{agent1_id}"),
        json!({ "active": false }),
    )
    .await;
    ended(&mut socket).await;
    // And the ended session cannot open a new one.
    let refused = ws::connect(addr, Some(&cookie), None, None)
        .await
        .err()
        .expect("refused");
    assert_eq!(ws::refused_status(&refused), Some(401));
}

/// A form posted to a webhook with a made-up signature.
fn forged(path: &str, params: &[(&str, &str)]) -> Request<Body> {
    let body = serde_urlencoded::to_string(params).expect("form");
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-twilio-signature", "bm90IGEgc2lnbmF0dXJl")
        .body(Body::from(body))
        .expect("request")
}

async fn forged_webhooks_cost_no_query(backend: Backend) {
    let Some((app, log)) = TestApp::observed(backend, &[("SERAMBI_DEMO", "1")]).await else {
        return;
    };
    // One genuine webhook first, so the tokens are in memory.
    let res = app
        .inbound(&sid(), "6281388880001", "6281211110001", "Halo")
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Twilio's tokens are known now; a miss may read them again, at most every 2 s.
    log.clear();
    let started = std::time::Instant::now();
    for i in 0..200 {
        let sid = format!("SM{i:032}");
        let status = app
            .send(forged(
                "/api/whatsapp/status",
                &[("MessageSid", &sid), ("MessageStatus", "delivered")],
            ))
            .await;
        assert_eq!(status.status, StatusCode::FORBIDDEN, "{}", status.body);
        let inbound = app
            .send(forged(
                "/api/whatsapp/webhook",
                &[
                    ("MessageSid", &sid),
                    ("From", "whatsapp:+6281388880002"),
                    ("To", "whatsapp:+6281211110001"),
                    ("Body", "x"),
                ],
            ))
            .await;
        assert_eq!(inbound.status, StatusCode::FORBIDDEN, "{}", inbound.body);
    }
    let elapsed = started.elapsed().as_secs();
    // The event hub polls on its own; everything else was on the forgers' behalf.
    let statements: Vec<_> = log
        .take()
        .into_iter()
        .filter(|s| !s.sql.contains("\"events\""))
        .collect();
    let about_data = statements
        .iter()
        .filter(|s| {
            !s.sql.to_lowercase().starts_with("select")
                || !s.sql.contains("FROM \"accounts\"")
                || s.sql.contains("WHERE")
        })
        .count();
    assert_eq!(
        about_data, 0,
        "forged webhooks reached the data: {statements:?}"
    );
    // At most one reading of the tokens per 2 seconds, whatever the forgers send.
    assert!(
        statements.len() as u64 <= elapsed / 2 + 1,
        "400 forged webhooks in {elapsed} s made {} queries: {statements:?}",
        statements.len()
    );
}

/// A server function called as the browser calls it.
async fn rpc(app: &TestApp, name: &str, args: Value, cookie: &str) -> Response {
    app.call(
        Method::POST,
        &format!("/api/rpc/{name}"),
        Some(args),
        Some(cookie),
    )
    .await
}

async fn an_agent_learns_nothing_of_another_agents_chats(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1 = app.login(AGENT1.0, AGENT1.1).await;
    let agent1_id = agent_id(&app, &admin, AGENT1.0).await;
    // A chat agent 1 does not own, with a profile name and a label.
    let theirs = threads::Entity::find()
        .filter(threads::Column::OwnerId.ne(agent1_id))
        .filter(threads::Column::OwnerId.is_not_null())
        .filter(threads::Column::ProfileName.is_not_null())
        .one(app.db())
        .await
        .expect("q")
        .expect("a chat of another agent");
    let number = theirs.contact_number.clone();
    let profile_path = format!("/api/whatsapp/{}/profile/{number}", theirs.account_id);

    // The profile: the admin sees the name and when they last spoke; agent 1 sees the
    // number (which they typed) and the team's address book, nothing of the chat.
    let as_admin = app
        .call(Method::GET, &profile_path, None, Some(&admin))
        .await
        .json();
    assert_eq!(as_admin["profileName"], json!(theirs.profile_name));
    assert!(as_admin["lastContactedAt"].is_string(), "{as_admin}");
    let as_agent = app
        .call(Method::GET, &profile_path, None, Some(&agent1))
        .await
        .json();
    assert_eq!(as_agent["profileName"], Value::Null, "{as_agent}");
    assert_eq!(as_agent["lastContactedAt"], Value::Null, "{as_agent}");
    let by_rpc = rpc(
        &app,
        "load_profile",
        json!({ "account_id": theirs.account_id, "phone_number": number }),
        &agent1,
    )
    .await
    .json();
    assert_eq!(by_rpc["profileName"], Value::Null, "{by_rpc}");

    // Sender options: the admin is offered the chat's account; agent 1 is not told
    // that the number talks to anyone.
    let options = |cookie: String| {
        let app = &app;
        let number = number.clone();
        async move {
            rpc(
                app,
                "recipient_senders",
                json!({ "recipient": number, "open_account": null }),
                &cookie,
            )
            .await
            .json()
        }
    };
    let for_admin = options(admin.clone()).await;
    assert!(
        for_admin["threads"]
            .as_array()
            .expect("threads")
            .iter()
            .any(|t| t["threadId"] == theirs.id),
        "{for_admin}"
    );
    let for_agent = options(agent1.clone()).await;
    assert!(
        for_agent["threads"]
            .as_array()
            .expect("threads")
            .iter()
            .all(|t| t["threadId"] != theirs.id),
        "{for_agent}"
    );

    // Label counts: an agent's own chats only, the admin's every chat.
    let counts = |cookie: String| {
        let app = &app;
        async move {
            app.call(Method::GET, "/api/labels", None, Some(&cookie))
                .await
                .json()
                .as_array()
                .expect("labels")
                .iter()
                .map(|l| l["chatCount"].as_i64().unwrap_or(-1))
                .sum::<i64>()
        }
    };
    let all: i64 = counts(admin.clone()).await;
    let own: i64 = counts(agent1.clone()).await;
    let expected_own = app::db::thread_labels::Entity::find()
        .filter(
            app::db::thread_labels::Column::ThreadId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(threads::Column::Id)
                    .from(threads::Entity)
                    .and_where(threads::Column::OwnerId.eq(agent1_id))
                    .to_owned(),
            ),
        )
        .all(app.db())
        .await
        .expect("q")
        .len() as i64;
    assert_eq!(own, expected_own);
    assert!(
        all > own,
        "the demo's labels are spread over several agents"
    );
    let by_rpc: i64 = rpc(&app, "label_list", json!({}), &agent1)
        .await
        .json()
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l["chatCount"].as_i64().unwrap_or(-1))
        .sum();
    assert_eq!(by_rpc, expected_own);
}

async fn a_client_that_stops_reading_is_dropped_while_the_others_keep_up(backend: Backend) {
    use futures::StreamExt;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let addr = app.serve().await;
    let hub = app.state.runtime.hub.clone().expect("hub");
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    // A browser that stops reading, with a receive window of a few kilobytes so the
    // server's writes back up quickly.
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket.set_recv_buffer_size(2048).expect("buffer size");
    let stream = socket.connect(addr).await.expect("connect");
    let mut request = format!("ws://{addr}/ws")
        .into_client_request()
        .expect("request");
    request
        .headers_mut()
        .insert("Cookie", admin.parse().expect("cookie header"));
    let (mut stalled, _) = tokio_tungstenite::client_async(request, stream)
        .await
        .expect("handshake");
    let hello = stalled.next().await.expect("hello").expect("message");
    assert!(hello.to_string().contains("hello"), "{hello}");
    // A hundred that keep reading.
    // More than the server's socket buffers can hold (4 MiB at most on Linux).
    const EVENTS: usize = 3_000;
    let mut readers = Vec::new();
    for _ in 0..100 {
        let mut client = ws::connect(addr, Some(&admin), None, None)
            .await
            .expect("connect");
        client.next_of("hello").await;
        readers.push(tokio::spawn(async move {
            let mut seen = 0;
            while seen < EVENTS {
                if client.next().await["type"] == "inbox:new-message" {
                    seen += 1;
                }
            }
            // Still connected afterwards: the count below is of these and the stalled one.
            (seen, client)
        }));
    }
    assert_eq!(hub.listeners(), 101);
    // Long messages (about 1.5 KB each), sixteen at a time.
    let long = "Halo, saya mau tanya stok dan harga untuk pesanan grosir. ".repeat(25);
    for chunk in (0..EVENTS).collect::<Vec<_>>().chunks(16) {
        let sent = futures::future::join_all(chunk.iter().map(|i| {
            let (app, long) = (&app, &long);
            async move {
                app.inbound(&sid(), &format!("6281377{i:06}"), "6281211110001", long)
                    .await
            }
        }))
        .await;
        for res in sent {
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
    }
    // Every reader got every event (each waits at most 15 s per event).
    let mut keep = Vec::new();
    for reader in readers {
        let (seen, client) = reader.await.expect("reader");
        assert_eq!(seen, EVENTS);
        keep.push(client);
    }
    // The stalled one is dropped once a write has waited for the send timeout (10 s).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(40);
    while hub.listeners() > 100 {
        assert!(
            std::time::Instant::now() < deadline,
            "a client that stopped reading is still connected after 40 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert_eq!(hub.listeners(), 100, "a reader was dropped too");
    // What it finds when it reads again: what was buffered, then the end.
    let mut read = 0;
    let drained = tokio::time::timeout(std::time::Duration::from_secs(15), async {
        while let Some(Ok(_)) = stalled.next().await {
            read += 1;
        }
    })
    .await;
    assert!(
        drained.is_ok(),
        "the dropped connection did not end after {read} messages"
    );
}

on_both_backends!(
    parallel_guesses_are_counted_before_any_password_is_checked,
    forwarded_addresses_count_only_from_a_trusted_proxy,
    an_email_guessed_at_from_elsewhere_still_lets_its_owner_in,
    a_login_replaces_the_session_the_browser_had,
    a_session_ends_after_its_lifetime_however_busy,
    sockets_close_when_their_session_ends,
    forged_webhooks_cost_no_query,
    an_agent_learns_nothing_of_another_agents_chats,
    a_client_that_stops_reading_is_dropped_while_the_others_keep_up,
);
