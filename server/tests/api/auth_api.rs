//! Logging in and out through the REST API and the page guard, on SQLite and
//! PostgreSQL.

use crate::helpers::{Backend, TestApp};
use app::{
    db::{messages, threads},
    i18n::Lang,
    ui::time::{clock_label, relative_label},
};
use axum::http::{Method, StatusCode, header};
use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;

const AGENT: (&str, &str) = ("agent1@serambi.test", "serambi-agent");

async fn demo_credentials_log_in_with_an_http_only_lax_cookie(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": "Agent1@Serambi.Test", "password": AGENT.1 })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["email"], "agent1@serambi.test");
    assert_eq!(res.json()["role"], "agent");
    let set_cookie = res.set_cookie();
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    assert!(set_cookie.contains("SameSite=Lax"), "{set_cookie}");
    assert!(
        !set_cookie.contains("Secure"),
        "plain http must not get Secure: {set_cookie}"
    );

    let cookie = res.session_cookie().expect("cookie");
    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json()["name"], "Andi Pratama");
}

async fn wrong_password_and_unknown_email_get_the_same_generic_401(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let wrong = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT.0, "password": "not-the-password" })),
            None,
        )
        .await;
    let unknown = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": "nobody@serambi.test", "password": "whatever1" })),
            None,
        )
        .await;
    for res in [&wrong, &unknown] {
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
        assert_eq!(res.error_code(), "invalid_credentials");
        assert!(res.session_cookie().is_none());
    }
    assert_eq!(
        wrong.body, unknown.body,
        "the answer must not tell which part was wrong"
    );
}

async fn repeated_failures_from_one_address_are_slowed_down(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    for _ in 0..5 {
        let res = app
            .call(
                Method::POST,
                "/api/auth/login",
                Some(json!({ "email": AGENT.0, "password": "guess-guess" })),
                None,
            )
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now.
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT.0, "password": AGENT.1 })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "{}", res.body);
    assert_eq!(res.error_code(), "too_many_attempts");
    let retry: u64 = res.headers[header::RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
}

async fn logout_ends_the_session(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login(AGENT.0, AGENT.1).await;
    let res = app
        .call(Method::POST, "/api/auth/logout", None, Some(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    assert!(res.set_cookie().contains("Max-Age=0"));
    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

async fn requests_without_a_valid_session_are_refused(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    for cookie in [None, Some("serambi_session=forged-token")] {
        for (method, path) in [
            (Method::GET, "/api/auth/me"),
            (Method::GET, "/api/whatsapp/sessions"),
            (Method::GET, "/api/agents"),
        ] {
            let res = app.call(method, path, None, cookie).await;
            assert_eq!(
                res.status,
                StatusCode::UNAUTHORIZED,
                "{path} with {cookie:?}"
            );
            assert_eq!(res.error_code(), "unauthorized");
        }
    }
}

async fn a_deactivated_agent_is_logged_out_and_cannot_log_in(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let agent_cookie = app.login(AGENT.0, AGENT.1).await;
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&agent_cookie))
        .await;
    let id = me.json()["id"].as_i64().expect("id");
    let res = app
        .call(
            Method::PUT,
            &format!("/api/agents/{id}"),
            Some(json!({ "active": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&agent_cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    let again = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT.0, "password": AGENT.1 })),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

async fn bad_login_bodies_get_clear_errors(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let send = |body: String, content_type: &'static str| {
        let app = &app;
        async move {
            let req = axum::http::Request::builder()
                .method(Method::POST)
                .uri("/api/auth/login")
                .header(header::CONTENT_TYPE, content_type)
                .body(axum::body::Body::from(body))
                .expect("request");
            app.send(req).await
        }
    };
    let malformed = send("{\"email\": ".into(), "application/json").await;
    assert_eq!(
        malformed.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        malformed.body
    );
    assert_eq!(malformed.error_code(), "validation");

    let missing = send(json!({ "email": AGENT.0 }).to_string(), "application/json").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing.json()["error"]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("password")
    );

    let form = send(
        "email=a&password=b".into(),
        "application/x-www-form-urlencoded",
    )
    .await;
    assert_eq!(form.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(form.body.contains("application/json"));

    let huge = json!({ "email": AGENT.0, "password": "x".repeat(100 * 1024) }).to_string();
    let too_big = send(huge, "application/json").await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.error_code(), "payload_too_large");
}

async fn pages_behind_the_login_redirect_to_it(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    for path in ["/inbox", "/admin/inbox"] {
        let res = app.call(Method::GET, path, None, None).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        let location = res.headers[header::LOCATION].to_str().expect("ascii");
        assert_eq!(location, format!("/login?next={}", path));
    }
    let login_page = app.call(Method::GET, "/login", None, None).await;
    assert_eq!(login_page.status, StatusCode::OK);
    assert!(login_page.body.contains("Kata sandi"));

    let cookie = app.login(AGENT.0, AGENT.1).await;
    let inbox = app.call(Method::GET, "/inbox", None, Some(&cookie)).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains("Kotak Masuk"), "{}", inbox.body);
    // The page is drawn whole on the server: the rows are there as links, and the
    // list's data rides along once (made outside the page's Transition, which walks its
    // children more than once; made inside, it was queried and written three times).
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let inbox = app.call(Method::GET, "/inbox", None, Some(&admin)).await;
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(
        inbox.body.contains("data-testid=\"chat-item\""),
        "{}",
        inbox.body
    );
    assert!(
        !inbox.body.contains("<template"),
        "streamed in order, not patched in"
    );
    let embedded = inbox.body.matches("\\\"threadId\\\":").count();
    assert!(
        (1..=50).contains(&embedded),
        "one page of the list (50 at most) is in the page once, found {embedded} entries"
    );
    // An open chat is drawn whole too: its newest messages, the list's and the
    // messages' times in the zone the browser left in its cookie (New York here, to
    // differ from UTC and Jakarta), and the messages' data once.
    let thread = threads::Entity::find()
        .order_by_desc(threads::Column::LastMessageAt)
        .one(app.db())
        .await
        .expect("query")
        .expect("the demo has chats");
    let newest = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread.id.as_str()))
        .order_by_desc(messages::Column::Id)
        .one(app.db())
        .await
        .expect("query")
        .expect("the first chat has messages");
    let zone = -300;
    let page = app
        .call(
            Method::GET,
            &format!("/inbox?thread={}", newest.thread_id.replace(':', "%3A")),
            None,
            Some(&format!("{admin}; serambi_tz={zone}")),
        )
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let drawn = |at: chrono::DateTime<chrono::Utc>, label: &str| {
        let attribute = format!("datetime=\"{}\"", at.to_rfc3339());
        page.body.match_indices(&attribute).any(|(i, _)| {
            page.body[i..]
                .split_once("</time>")
                .is_some_and(|(element, _)| element.ends_with(&format!(">{label}")))
        })
    };
    let at_ms = newest.created_at.timestamp_millis();
    let message_time = clock_label(at_ms, zone);
    assert!(
        drawn(newest.created_at, &message_time),
        "the newest message at {message_time} in its zone: {}",
        page.body
    );
    let last = thread.last_message_at.expect("a last message");
    let list_time = relative_label(
        Utc::now().timestamp_millis(),
        last.timestamp_millis(),
        zone,
        Lang::Id,
    );
    assert!(drawn(last, &list_time), "the row says {list_time}");
    let messages_embedded = page.body.matches("\\\"providerMessageId\\\":").count();
    assert!(
        (1..=50).contains(&messages_embedded),
        "one page of messages is in the page once, found {messages_embedded}"
    );
    // Logged in, the login page sends you back to the inbox.
    let again = app.call(Method::GET, "/login", None, Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.headers[header::LOCATION], "/inbox");
}

async fn health_endpoints_answer_and_unknown_api_routes_are_json_404(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let health = app.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(health.status, StatusCode::OK);
    let ready = app.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(
        (ready.status, ready.json()["status"].as_str()),
        (StatusCode::OK, Some("ready"))
    );
    let unknown = app
        .call(Method::GET, "/api/no/such/route", None, None)
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.error_code(), "not_found");
}

on_both_backends!(
    demo_credentials_log_in_with_an_http_only_lax_cookie,
    wrong_password_and_unknown_email_get_the_same_generic_401,
    repeated_failures_from_one_address_are_slowed_down,
    logout_ends_the_session,
    requests_without_a_valid_session_are_refused,
    a_deactivated_agent_is_logged_out_and_cannot_log_in,
    bad_login_bodies_get_clear_errors,
    pages_behind_the_login_redirect_to_it,
    health_endpoints_answer_and_unknown_api_routes_are_json_404,
);

#[tokio::test]
async fn the_cookie_is_secure_when_served_over_https() {
    let Some(app) = TestApp::start(
        Backend::Sqlite,
        &[
            ("SERAMBI_DEMO", "1"),
            ("PUBLIC_BASE_URL", "https://inbox.toko.example"),
        ],
    )
    .await
    else {
        return;
    };
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": AGENT.0, "password": AGENT.1 })),
            None,
        )
        .await;
    assert!(
        res.set_cookie().contains("; Secure"),
        "{}",
        res.set_cookie()
    );
}

#[tokio::test]
async fn the_admin_from_the_environment_is_created_on_first_start_only() {
    let vars = [
        ("SERAMBI_DEMO", "0"),
        ("SERAMBI_ADMIN_EMAIL", "boss@toko.example"),
        ("SERAMBI_ADMIN_PASSWORD", "first-password"),
    ];
    let Some(app) = TestApp::start(Backend::Sqlite, &vars).await else {
        return;
    };
    let cookie = app.login("boss@toko.example", "first-password").await;
    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&cookie))
        .await;
    assert_eq!(me.json()["role"], "admin");
    // A second start with another password changes nothing: agents exist.
    let mut config = app.config.clone();
    config.admin = Some(server::config::AdminBootstrap {
        email: "other@toko.example".into(),
        password: server::config::Secret::new("second-password"),
    });
    server::startup::bootstrap(app.db(), &config)
        .await
        .expect("bootstrap");
    let res = app
        .call(
            Method::POST,
            "/api/auth/login",
            Some(json!({ "email": "other@toko.example", "password": "second-password" })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
}
