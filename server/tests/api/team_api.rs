//! Running the team through the REST API: open leads and last activity per agent,
//! deactivation that moves unanswered leads on at once and ends the sessions, a
//! password reset that logs the agent out, and an agent's own availability switch.

use crate::helpers::{Backend, TestApp, sid};
use app::db::threads;
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT1: &str = "agent1@serambi.test";
const PASSWORD: &str = "serambi-agent";
/// Toko A's number in the demo data.
const TOKO_A: &str = "6281211110001";

async fn agent(app: &TestApp, admin: &str, email: &str) -> Value {
    let res = app
        .call(Method::GET, "/api/agents", None, Some(admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
        .as_array()
        .expect("array")
        .iter()
        .find(|a| a["email"] == email)
        .cloned()
        .unwrap_or_else(|| panic!("no agent {email}"))
}

async fn unanswered_of(app: &TestApp, agent_id: i64) -> u64 {
    threads::Entity::find()
        .filter(threads::Column::OwnerId.eq(agent_id))
        .filter(threads::Column::FirstResponseAt.is_null())
        .count(app.db())
        .await
        .expect("count")
}

/// New leads on Toko A until agent 1 owns `n` more unanswered ones.
async fn leads_for(app: &TestApp, agent_id: i64, n: u64) {
    let start = unanswered_of(app, agent_id).await;
    let mut i = 0;
    while unanswered_of(app, agent_id).await < start + n {
        i += 1;
        assert!(i < 50, "round-robin never reached agent {agent_id}");
        let from = format!("62813555{:05}", i + 70_000);
        let res = app.inbound(&sid(), &from, TOKO_A, "Halo, mau tanya").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

async fn the_team_list_shows_open_leads_and_last_activity(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let before = agent(&app, &admin, AGENT1).await;
    assert_eq!(before["lastSeenAt"], Value::Null, "never logged in");
    let id = before["id"].as_i64().expect("id");
    let open = before["openLeads"].as_i64().expect("openLeads");
    assert_eq!(open as u64, unanswered_of(&app, id).await);

    app.login(AGENT1, PASSWORD).await;
    leads_for(&app, id, 1).await;
    let after = agent(&app, &admin, AGENT1).await;
    assert_eq!(after["openLeads"].as_i64(), Some(open + 1));
    assert!(after["lastSeenAt"].is_string(), "{after}");
}

async fn deactivating_an_agent_moves_their_leads_and_ends_their_sessions(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1 = app.login(AGENT1, PASSWORD).await;
    let id = agent(&app, &admin, AGENT1).await["id"]
        .as_i64()
        .expect("id");
    leads_for(&app, id, 2).await;
    let theirs: Vec<(String, i32)> = threads::Entity::find()
        .filter(threads::Column::OwnerId.eq(id))
        .filter(threads::Column::FirstResponseAt.is_null())
        .all(app.db())
        .await
        .expect("threads")
        .into_iter()
        .map(|t| (t.id, t.escalation_count))
        .collect();
    assert!(theirs.len() >= 2);

    let res = app
        .call(
            Method::PUT,
            &format!("/api/agents/{id}"),
            Some(json!({ "active": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["active"], false);
    assert_eq!(res.json()["openLeads"], 0, "{}", res.body);
    // Every one of their unanswered leads has a new, active owner now, not later.
    for (thread_id, count) in &theirs {
        let t = threads::Entity::find_by_id(thread_id.clone())
            .one(app.db())
            .await
            .expect("q")
            .expect("thread");
        let owner = t.owner_id.expect("owner");
        assert_ne!(owner, id, "{thread_id} stayed with the deactivated agent");
        assert_eq!(t.escalation_count, count + 1, "{thread_id}");
    }
    // Their session is over; they cannot log in again.
    let res = app
        .call(Method::GET, "/api/auth/me", None, Some(&agent1))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT1, "password": PASSWORD })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // New leads skip them.
    leads_for(
        &app,
        agent(&app, &admin, "agent2@serambi.test").await["id"]
            .as_i64()
            .expect("id"),
        1,
    )
    .await;
    assert_eq!(unanswered_of(&app, id).await, 0);
}

async fn a_password_reset_logs_the_agent_out(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1 = app.login(AGENT1, PASSWORD).await;
    let id = agent(&app, &admin, AGENT1).await["id"]
        .as_i64()
        .expect("id");
    let path = format!("/api/agents/{id}/password");

    // Agents may not; too short is refused; a missing field gets a clear error.
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "password": "new-password-1" })),
            Some(&agent1),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "password": "short" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app
        .call(Method::PUT, &path, Some(json!({})), Some(&admin))
        .await;
    assert!(res.status.is_client_error(), "{}", res.body);
    assert!(res.body.contains("password"), "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            "/api/agents/424242/password",
            Some(json!({ "password": "new-password-1" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "password": "new-password-1" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(!res.body.contains("argon2"));
    let res = app
        .call(Method::GET, "/api/auth/me", None, Some(&agent1))
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT1, "password": PASSWORD })),
            None,
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNAUTHORIZED,
        "the old password is gone"
    );
    app.login(AGENT1, "new-password-1").await;
    // The admin's own session was untouched.
    let res = app
        .call(Method::GET, "/api/auth/me", None, Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK);
}

async fn an_agent_steps_out_of_the_rotation_themselves(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1 = app.login(AGENT1, PASSWORD).await;
    let id = agent(&app, &admin, AGENT1).await["id"]
        .as_i64()
        .expect("id");
    let path = "/api/auth/me/availability";
    let res = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "available": false })),
            Some(&agent1),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["available"], false);
    let before = unanswered_of(&app, id).await;
    for i in 0..6 {
        let from = format!("62813666{:05}", i);
        assert_eq!(
            app.inbound(&sid(), &from, TOKO_A, "Halo").await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        unanswered_of(&app, id).await,
        before,
        "no new lead while away"
    );
    let res = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "available": true })),
            Some(&agent1),
        )
        .await;
    assert_eq!(res.json()["available"], true);
    leads_for(&app, id, 1).await;
    // No session, no switch; a malformed body is refused.
    let res = app
        .call(Method::PUT, path, Some(json!({ "available": false })), None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "available": "ya" })),
            Some(&agent1),
        )
        .await;
    assert!(res.status.is_client_error(), "{}", res.body);
}

on_both_backends!(
    the_team_list_shows_open_leads_and_last_activity,
    deactivating_an_agent_moves_their_leads_and_ends_their_sessions,
    a_password_reset_logs_the_agent_out,
    an_agent_steps_out_of_the_rotation_themselves,
);

const TOKO_B: &str = "6281211110002";

/// Ids of agent1..agent3 in the demo data.
async fn agent_ids(app: &TestApp, admin: &str) -> [i64; 3] {
    let mut ids = [0; 3];
    for (i, id) in ids.iter_mut().enumerate() {
        let email = format!("agent{}@serambi.test", i + 1);
        *id = agent(app, admin, &email).await["id"].as_i64().expect("id");
    }
    ids
}

async fn owner_of(app: &TestApp, thread_id: &str) -> Option<i64> {
    threads::Entity::find_by_id(thread_id.to_owned())
        .one(app.db())
        .await
        .expect("q")
        .expect("thread")
        .owner_id
}

async fn new_leads_go_only_to_the_accounts_members(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let [a1, a2, a3] = agent_ids(&app, &admin).await;
    let path = "/api/whatsapp/sessions/acc-002/members";
    let res = app.call(Method::GET, path, None, Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        res.json(),
        json!({ "agentIds": [] }),
        "no members: everyone"
    );

    // Refused: agents, no session, an unknown agent, an unknown account, a bad body.
    let agent1 = app.login(AGENT1, PASSWORD).await;
    let body = json!({ "agentIds": [a3] });
    let res = app
        .call(Method::PUT, path, Some(body.clone()), Some(&agent1))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call(Method::PUT, path, Some(body.clone()), None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "agentIds": [a3, 424242] })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("424242"), "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            "/api/whatsapp/sessions/acc-999/members",
            Some(body.clone()),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .call(
            Method::PUT,
            path,
            Some(json!({ "agentIds": "a3" })),
            Some(&admin),
        )
        .await;
    assert!(res.status.is_client_error());
    assert_eq!(
        app.call(Method::GET, path, None, Some(&admin)).await.json(),
        json!({ "agentIds": [] }),
        "nothing half-saved"
    );

    // Toko B is agent 3's alone: every new lead there goes to them.
    let res = app.call(Method::PUT, path, Some(body), Some(&admin)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json(), json!({ "agentIds": [a3] }));
    for i in 0..4 {
        let from = format!("62813777{i:05}");
        assert_eq!(
            app.inbound(&sid(), &from, TOKO_B, "Halo").await.status,
            StatusCode::OK
        );
        assert_eq!(
            owner_of(&app, &format!("acc-002:{from}")).await,
            Some(a3),
            "lead {i}"
        );
    }
    // Toko A has no members: its leads still go round the whole team.
    let mut owners = std::collections::HashSet::new();
    for i in 0..6 {
        let from = format!("62813778{i:05}");
        assert_eq!(
            app.inbound(&sid(), &from, TOKO_A, "Halo").await.status,
            StatusCode::OK
        );
        owners.insert(
            owner_of(&app, &format!("acc-001:{from}"))
                .await
                .expect("owner"),
        );
    }
    assert_eq!(owners, [a1, a2, a3].into_iter().collect());

    // A returning contact of agent 1 writing to Toko B goes to Toko B's member, not
    // back to agent 1 (who does not serve Toko B).
    let mut from = String::new();
    for i in 0..10 {
        let candidate = format!("62813780{i:05}");
        assert_eq!(
            app.inbound(&sid(), &candidate, TOKO_A, "Halo").await.status,
            StatusCode::OK
        );
        if owner_of(&app, &format!("acc-001:{candidate}")).await == Some(a1) {
            from = candidate;
            break;
        }
    }
    assert!(!from.is_empty(), "a lead of agent 1 on Toko A");
    assert_eq!(
        app.inbound(&sid(), &from, TOKO_B, "Saya juga mau tanya di toko B")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(owner_of(&app, &format!("acc-002:{from}")).await, Some(a3));

    // Agent 3 steps out: with no member available the lead waits unassigned (admins see
    // it) rather than going to someone who does not serve Toko B.
    let res = app
        .call(
            Method::PUT,
            &format!("/api/agents/{a3}"),
            Some(json!({ "available": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let from = "6281377799999";
    assert_eq!(
        app.inbound(&sid(), from, TOKO_B, "Halo").await.status,
        StatusCode::OK
    );
    assert_eq!(owner_of(&app, &format!("acc-002:{from}")).await, None);
}

async fn escalation_moves_a_lead_only_among_the_accounts_members(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let [a1, a2, a3] = agent_ids(&app, &admin).await;
    let res = app
        .call(
            Method::PUT,
            "/api/whatsapp/sessions/acc-002/members",
            Some(json!({ "agentIds": [a2, a3] })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let from = "6281377712345";
    assert_eq!(
        app.inbound(&sid(), from, TOKO_B, "Halo").await.status,
        StatusCode::OK
    );
    let thread_id = format!("acc-002:{from}");
    let mut seen = vec![owner_of(&app, &thread_id).await.expect("owner")];
    // Each run far enough in the future escalates it once more (up to the cap).
    for step in 1..=3i64 {
        let now = chrono::Utc::now() + chrono::Duration::hours(3 * step);
        app::escalation::ssr::run(app.db(), &app.state.runtime.write_gate, now)
            .await
            .expect("escalation");
        seen.push(owner_of(&app, &thread_id).await.expect("owner"));
    }
    assert!(seen.iter().all(|o| *o == a2 || *o == a3), "{seen:?}");
    assert!(!seen.contains(&a1));
    assert!(seen.windows(2).any(|w| w[0] != w[1]), "it moved: {seen:?}");
}

async fn the_accounts_overview_shows_health_and_never_the_auth_token(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let token = "super-secret-token-9f3c";
    let res = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(json!({ "id": "tw-own", "name": "Toko Sendiri", "phoneNumber": "0812 5555 0009", "provider": "twilio", "twilioAccountSid": "ACown0000000000000000000000000000", "twilioAuthToken": token })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    assert!(!res.body.contains(token));
    // An invalid number is refused with the field named.
    let res = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(json!({ "name": "X", "phoneNumber": "12", "provider": "twilio" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("phoneNumber"), "{}", res.body);

    let before = app
        .call(Method::GET, "/api/whatsapp/overview", None, Some(&admin))
        .await;
    let received = |o: &Value, id: &str| {
        o["accounts"]
            .as_array()
            .expect("accounts")
            .iter()
            .find(|a| a["account"]["id"] == id)
            .map(|a| a["health"].clone())
            .expect("account")
    };
    let toko_a_before = received(&before.json(), "acc-001")["receivedToday"]
        .as_i64()
        .expect("n");
    for i in 0..3 {
        let from = format!("62813779{i:05}");
        assert_eq!(
            app.inbound(&sid(), &from, TOKO_A, "Halo").await.status,
            StatusCode::OK
        );
    }
    let res = app
        .call(Method::GET, "/api/whatsapp/overview", None, Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let o = res.json();
    let toko_a = received(&o, "acc-001");
    assert_eq!(toko_a["receivedToday"].as_i64(), Some(toko_a_before + 3));
    assert!(toko_a["lastWebhookAt"].is_string());
    assert_eq!(received(&o, "tw-own")["lastWebhookAt"], Value::Null);
    assert!(
        o["webhookUrl"]
            .as_str()
            .unwrap_or_default()
            .ends_with("/api/whatsapp/webhook")
    );
    let own = o["accounts"]
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["account"]["id"] == "tw-own")
        .expect("tw-own")
        .clone();
    assert_eq!(own["authTokenLast4"], "9f3c");
    // The token appears in no answer: overview, list, update.
    assert!(!res.body.contains(token));
    let list = app
        .call(Method::GET, "/api/whatsapp/sessions", None, Some(&admin))
        .await;
    assert!(!list.body.contains(token));
    let upd = app
        .call(
            Method::PUT,
            "/api/whatsapp/sessions/tw-own",
            Some(json!({ "name": "Toko Sendiri 2" })),
            Some(&admin),
        )
        .await;
    assert_eq!(upd.status, StatusCode::OK);
    assert!(!upd.body.contains(token));
    // Admins only.
    let agent1 = app.login(AGENT1, PASSWORD).await;
    let res = app
        .call(Method::GET, "/api/whatsapp/overview", None, Some(&agent1))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .call(Method::GET, "/api/whatsapp/overview", None, None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // A deactivated account refuses to send, with a clear reason.
    let res = app
        .call(
            Method::DELETE,
            "/api/whatsapp/sessions/acc-001",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let thread = threads::Entity::find()
        .filter(threads::Column::AccountId.eq("acc-001"))
        .one(app.db())
        .await
        .expect("q")
        .expect("a Toko A thread");
    let res = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{}/reply", thread.id),
            Some(json!({ "body": "Halo" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("deactivated"), "{}", res.body);
}

on_both_backends!(
    new_leads_go_only_to_the_accounts_members,
    escalation_moves_a_lead_only_among_the_accounts_members,
    the_accounts_overview_shows_health_and_never_the_auth_token,
);
