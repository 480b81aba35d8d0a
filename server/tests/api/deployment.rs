//! Demo mode or a real inbox: what the environment and the database decide at start.

use crate::helpers::{Backend, TestApp};
use app::db::{accounts, agents};
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;

const DEMO_ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const OWN_ADMIN: (&str, &str) = ("boss@toko.id", "a long admin password");

/// What a visitor of the login page learns about demo logins: the rendered page and
/// the server function it asks.
async fn advertised_logins(app: &TestApp) -> (String, serde_json::Value) {
    let page = app.call(Method::GET, "/login", None, None).await;
    assert_eq!(page.status, StatusCode::OK);
    let rpc = app
        .call(Method::POST, "/api/rpc/demo_logins", Some(json!({})), None)
        .await;
    assert_eq!(rpc.status, StatusCode::OK, "{}", rpc.body);
    (page.body, rpc.json())
}

async fn login_status(app: &TestApp, (email, password): (&str, &str)) -> StatusCode {
    app.call(
        Method::POST,
        "/api/auth/login",
        Some(json!({ "email": email, "password": password })),
        None,
    )
    .await
    .status
}

/// nginx → 127.0.0.1:3000 on one host, SQLite by default (no `DATABASE_URL`), the
/// admin configured: a real inbox, whose login page shows no demo logins.
async fn a_single_host_behind_a_reverse_proxy_is_a_real_inbox(backend: Backend) {
    for vars in [
        &[
            ("LEPTOS_SITE_ADDR", "127.0.0.1:3000"),
            ("PUBLIC_BASE_URL", "https://inbox.toko.id"),
            ("SERAMBI_ADMIN_EMAIL", OWN_ADMIN.0),
            ("SERAMBI_ADMIN_PASSWORD", OWN_ADMIN.1),
        ][..],
        // The same without PUBLIC_BASE_URL (the proxy passes the Host on).
        &[
            ("LEPTOS_SITE_ADDR", "127.0.0.1:3000"),
            ("SERAMBI_ADMIN_EMAIL", OWN_ADMIN.0),
            ("SERAMBI_ADMIN_PASSWORD", OWN_ADMIN.1),
        ][..],
    ] {
        let Some(app) = TestApp::configured_by(backend, vars).await else {
            return;
        };
        assert!(!app.state.runtime.demo, "{vars:?} started the demo");
        assert_eq!(
            login_status(&app, OWN_ADMIN).await,
            StatusCode::OK,
            "{vars:?}"
        );
        assert_eq!(
            login_status(&app, DEMO_ADMIN).await,
            StatusCode::UNAUTHORIZED,
            "{vars:?}: the demo admin exists"
        );
        let agents = agents::Entity::find().count(app.db()).await.expect("count");
        assert_eq!(agents, 1, "{vars:?}: only the configured admin");
        let demo_accounts = accounts::Entity::find()
            .count(app.db())
            .await
            .expect("count");
        assert_eq!(demo_accounts, 0, "{vars:?}: demo accounts were created");
        let (page, rpc) = advertised_logins(&app).await;
        assert!(
            !page.contains(DEMO_ADMIN.1),
            "{vars:?}: the page shows demo logins"
        );
        assert_eq!(rpc, json!([]), "{vars:?}");
    }
}

/// Asked for by `SERAMBI_DEMO=1`, the demo still never goes into a database that
/// has agents of its own, nor advertises its logins there.
async fn demo_logins_are_never_seeded_into_a_database_with_agents(backend: Backend) {
    let Some(real) = TestApp::start(
        backend,
        &[
            ("SERAMBI_ADMIN_EMAIL", OWN_ADMIN.0),
            ("SERAMBI_ADMIN_PASSWORD", OWN_ADMIN.1),
        ],
    )
    .await
    else {
        return;
    };
    // The same database restarted with the demo asked for.
    let mut config = real.config.clone();
    config.demo = true;
    server::startup::bootstrap(real.db(), &config)
        .await
        .expect("bootstrap");
    let state = server::startup::app_state(&config, real.db().clone())
        .await
        .expect("state");
    assert!(!state.runtime.demo, "the demo runs on a real inbox");
    let demo_agents = agents::Entity::find()
        .filter(agents::Column::Email.eq(DEMO_ADMIN.0))
        .count(real.db())
        .await
        .expect("count");
    assert_eq!(demo_agents, 0, "the demo admin was seeded");
    assert!(
        !app::demo::seed(real.db()).await.expect("seed"),
        "seed-demo filled a real inbox"
    );
    assert_eq!(
        accounts::Entity::find()
            .count(real.db())
            .await
            .expect("count"),
        0
    );

    // Whereas the demo's own database, restarted, stays the demo and says so, even
    // with a teammate added in the demo's admin area.
    let Some(demo) = TestApp::demo(backend).await else {
        return;
    };
    assert!(demo.state.runtime.demo);
    let admin = demo.login(DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    let added = demo
        .call(
            Method::POST,
            "/api/agents",
            Some(json!({ "name": "Rekan Baru", "email": "rekan@toko.id", "password": "rekan-baru-123", "role": "agent" })),
            Some(&admin),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let again = server::startup::app_state(&demo.config, demo.db().clone())
        .await
        .expect("state");
    assert!(again.runtime.demo, "a restarted demo is no demo");
    let (page, rpc) = advertised_logins(&demo).await;
    assert!(
        page.contains(DEMO_ADMIN.1),
        "the demo's login page hides its logins"
    );
    assert!(rpc.to_string().contains(DEMO_ADMIN.0), "{rpc}");
}

/// The runtime's `Debug` (what a stray `{:?}` or a traced argument prints) holds no
/// secret: not the Twilio token, the cron secret nor the simulator's token.
async fn the_runtime_never_prints_its_secrets(backend: Backend) {
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("TWILIO_ACCOUNT_SID", "AC0123456789abcdef0123456789abcdef"),
            ("TWILIO_AUTH_TOKEN", "twilio-token-never-printed"),
            ("CRON_SECRET", "cron-secret-never-printed"),
        ],
    )
    .await
    else {
        return;
    };
    // A webhook loads the tokens webhooks are checked against into the runtime.
    let res = app
        .inbound(
            &crate::helpers::sid(),
            "6281377770001",
            app::demo::ACCOUNTS[0].2,
            "Halo",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let printed = format!("{:?}", app.state.runtime);
    let simulator = app.simulator_token();
    assert!(simulator.len() >= 16, "{simulator}");
    for secret in [
        "twilio-token-never-printed",
        "cron-secret-never-printed",
        simulator.as_str(),
    ] {
        assert!(!printed.contains(secret), "Debug prints {secret}");
    }
    assert!(printed.contains("Secret(***)"), "{printed}");
}

on_both_backends!(
    the_runtime_never_prints_its_secrets,
    a_single_host_behind_a_reverse_proxy_is_a_real_inbox,
    demo_logins_are_never_seeded_into_a_database_with_agents,
);
