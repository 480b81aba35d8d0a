//! Twilio auth tokens at rest: sealed with `SERAMBI_SECRET_KEY`, never shown, and
//! still what webhooks are checked with and sends are signed with. SQLite and
//! PostgreSQL.

use crate::helpers::{Backend, TestApp, fake_twilio::FakeTwilio, sid};
use app::{
    accounts::{CreateAccountRequest, Provider, ssr::create_account, vault},
    db::{accounts, agents, threads},
    messaging::ssr::{credentials, outbox::tick},
};
use axum::http::{Method, StatusCode};
use chrono::Utc;
use sea_orm::EntityTrait;
use serde_json::json;
use server::config::Secret;

const KEY: &str = "5e4a6b0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8";
const OWN_SID: &str = "ACown0000000000000000000000000000";
const OWN_TOKEN: &str = "own-token-7f3a";
const NUMBER: &str = "6281255559999";
const CUSTOMER: &str = "6281377771111";
const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");

async fn stored_token(app: &TestApp, id: &str) -> Option<String> {
    accounts::Entity::find_by_id(id.to_owned())
        .one(app.db())
        .await
        .expect("query")
        .expect("account")
        .twilio_auth_token
}

async fn a_sealed_token_is_never_shown_yet_checks_webhooks_and_signs_sends(backend: Backend) {
    let twilio = FakeTwilio::start().await;
    let Some(app) = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("SERAMBI_SECRET_KEY", KEY),
            ("TWILIO_API_BASE_URL", &twilio.base_url),
        ],
    )
    .await
    else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let created = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(json!({
                "id": "tw-own",
                "name": "Toko Sendiri",
                "phoneNumber": format!("+{NUMBER}"),
                "provider": "twilio",
                "twilioAccountSid": OWN_SID,
                "twilioAuthToken": OWN_TOKEN,
            })),
            Some(&admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert!(!created.body.contains(OWN_TOKEN));

    let stored = stored_token(&app, "tw-own").await.expect("a token");
    assert!(stored.starts_with(vault::SEALED), "stored as {stored}");
    assert!(!stored.contains(OWN_TOKEN));

    let overview = app
        .call(Method::GET, "/api/whatsapp/overview", None, Some(&admin))
        .await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert!(!overview.body.contains(OWN_TOKEN));
    let card = overview.json()["accounts"]
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["account"]["id"] == "tw-own")
        .cloned()
        .expect("the new account");
    assert_eq!(card["authTokenLast4"], "7f3a");
    assert_eq!(card["authTokenSealed"], true);

    // Webhooks are checked with the opened token: the wrong one is refused.
    let webhook = |token: String| {
        let app = &app;
        async move {
            let (message, from, to) = (
                sid(),
                format!("whatsapp:+{CUSTOMER}"),
                format!("whatsapp:+{NUMBER}"),
            );
            let params = [
                ("MessageSid", message.as_str()),
                ("From", from.as_str()),
                ("To", to.as_str()),
                ("Body", "Halo, stok ada?"),
            ];
            app.signed_post("/api/whatsapp/webhook", &params, &token)
                .await
                .status
        }
    };
    // Not the stored text, not the default: the opened token.
    assert_eq!(webhook(stored.clone()).await, StatusCode::FORBIDDEN);
    assert_eq!(webhook(OWN_TOKEN.to_owned()).await, StatusCode::OK);

    // The owner's reply is sent with the account's own credentials.
    let thread_id = format!("tw-own:{CUSTOMER}");
    let owner_id = threads::Entity::find_by_id(thread_id.clone())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread")
        .owner_id
        .expect("owner");
    let owner = agents::Entity::find_by_id(owner_id)
        .one(app.db())
        .await
        .expect("query")
        .expect("agent");
    let password = if owner.role.as_str() == "admin" {
        ADMIN.1
    } else {
        "serambi-agent"
    };
    let cookie = app.login(&owner.email, password).await;
    let reply = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{thread_id}/reply"),
            Some(json!({ "body": "Ada kak" })),
            Some(&cookie),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    let report = tick(app.db(), &app.state.runtime, Utc::now())
        .await
        .expect("tick");
    assert_eq!(report.sent, 1);
    let sent = twilio.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].basic_auth,
        Some((OWN_SID.to_owned(), OWN_TOKEN.to_owned()))
    );
    assert_eq!(
        sent[0].path,
        format!("/2010-04-01/Accounts/{OWN_SID}/Messages.json")
    );
}

async fn a_key_set_later_seals_plain_tokens_and_without_it_they_do_not_open(backend: Backend) {
    let Some(app) = TestApp::start(backend, &[("SERAMBI_DEMO", "1")]).await else {
        return;
    };
    // Stored before any key was configured: as given.
    create_account(
        app.db(),
        &app.state.runtime.vault,
        CreateAccountRequest {
            id: Some("tw-old".into()),
            name: "Toko Lama".into(),
            phone_number: format!("+{NUMBER}"),
            provider: Provider::Twilio,
            twilio_account_sid: Some(OWN_SID.into()),
            twilio_auth_token: Some(OWN_TOKEN.into()),
        },
    )
    .await
    .expect("account");
    assert_eq!(
        stored_token(&app, "tw-old").await.as_deref(),
        Some(OWN_TOKEN)
    );

    // The next start with a key seals it, once.
    let mut keyed = app.config.clone();
    keyed.secret_key = Some(Secret::new(KEY));
    server::startup::bootstrap(app.db(), &keyed)
        .await
        .expect("bootstrap");
    let sealed = stored_token(&app, "tw-old").await.expect("a token");
    assert!(sealed.starts_with(vault::SEALED), "stored as {sealed}");
    server::startup::bootstrap(app.db(), &keyed)
        .await
        .expect("bootstrap again");
    assert_eq!(stored_token(&app, "tw-old").await, Some(sealed.clone()));
    assert_eq!(
        keyed.token_vault().open("tw-old", &sealed).as_deref(),
        Ok(OWN_TOKEN)
    );

    // This server has no key: the account cannot use the token, nor falls back to
    // the default one, and its webhooks are refused rather than trusted.
    let account = accounts::Entity::find_by_id("tw-old".to_owned())
        .one(app.db())
        .await
        .expect("query")
        .expect("account");
    assert_eq!(credentials::auth_token(&app.state.runtime, &account), None);
    let refused = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", &sid()),
                ("From", &format!("whatsapp:+{CUSTOMER}")),
                ("To", &format!("whatsapp:+{NUMBER}")),
                ("Body", "Halo"),
            ],
            OWN_TOKEN,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A sealed token moved onto another account does not open there.
    assert!(keyed.token_vault().open("acc-001", &sealed).is_err());
}

on_both_backends!(
    a_sealed_token_is_never_shown_yet_checks_webhooks_and_signs_sends,
    a_key_set_later_seals_plain_tokens_and_without_it_they_do_not_open,
);
