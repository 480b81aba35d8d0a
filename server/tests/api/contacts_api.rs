//! Contacts and the sender profile through the real router, on SQLite and PostgreSQL.

use crate::helpers::{Backend, TestApp};
use app::demo::SHARED_NUMBER;
use axum::http::{Method, StatusCode};
use serde_json::json;

async fn contacts_are_saved_validated_changed_and_deleted(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let agent = app.login("agent2@serambi.test", "serambi-agent").await;
    let lookup = |n: &'static str| format!("/api/contacts/lookup/{n}");

    let none = app
        .call(Method::GET, &lookup("081377776666"), None, Some(&agent))
        .await;
    assert_eq!(none.status, StatusCode::NOT_FOUND, "{}", none.body);
    let anonymous = app
        .call(Method::GET, &lookup("081377776666"), None, None)
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let bad_number = app
        .call(Method::GET, &lookup("12"), None, Some(&agent))
        .await;
    assert_eq!(bad_number.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Each invalid field is refused with its name, and nothing is saved.
    for (body, field) in [
        (json!({ "phoneNumber": "081377776666", "name": "" }), "name"),
        (
            json!({ "phoneNumber": "0812", "name": "Sari" }),
            "phoneNumber",
        ),
        (
            json!({ "phoneNumber": "081377776666", "name": "Sari", "email": "sari@" }),
            "email",
        ),
        (
            json!({ "phoneNumber": "081377776666", "name": "Sari", "website": "sari.id" }),
            "website",
        ),
        (
            json!({ "phoneNumber": "081377776666", "name": "Sari", "rating": 6 }),
            "rating",
        ),
        (
            json!({ "phoneNumber": "081377776666", "name": "Sari", "latitude": -6.2 }),
            "longitude",
        ),
    ] {
        let res = app
            .call(Method::POST, "/api/contacts", Some(body), Some(&agent))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(
            res.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field),
            "{field}: {}",
            res.body
        );
    }
    let missing = app
        .call(
            Method::POST,
            "/api/contacts",
            Some(json!({ "name": "Sari" })),
            Some(&agent),
        )
        .await;
    assert_eq!(
        missing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        missing.body
    );
    let unknown = app
        .call(
            Method::POST,
            "/api/contacts",
            Some(json!({ "phoneNumber": "081377776666", "name": "Sari", "colour": "red" })),
            Some(&agent),
        )
        .await;
    assert_eq!(
        unknown.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        unknown.body
    );
    let still_none = app
        .call(Method::GET, &lookup("081377776666"), None, Some(&agent))
        .await;
    assert_eq!(still_none.status, StatusCode::NOT_FOUND);

    let created = app
        .call(
            Method::POST,
            "/api/contacts",
            Some(json!({
                "phoneNumber": "0813 7777 6666", "name": " Sari Dewi ", "email": "sari@toko.id",
                "website": "https://toko.id", "rating": 4.2, "latitude": -6.2, "longitude": 106.8,
                "city": "Jakarta", "isBusiness": true
            })),
            Some(&agent),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let c = created.json();
    assert_eq!(
        (c["phoneNumber"].as_str(), c["name"].as_str()),
        (Some("6281377776666"), Some("Sari Dewi"))
    );
    // A decimal rating (seed 004: "★★★★☆ (4.2)") is kept as given.
    assert_eq!(c["rating"], 4.2);
    let id = c["id"].as_i64().expect("id");
    let found = app
        .call(Method::GET, &lookup("+6281377776666"), None, Some(&agent))
        .await;
    assert_eq!(found.json()["id"].as_i64(), Some(id));

    let twice = app
        .call(
            Method::POST,
            "/api/contacts",
            Some(json!({ "phoneNumber": "6281377776666", "name": "Sari" })),
            Some(&agent),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.body);

    let changed = app
        .call(
            Method::PUT,
            &format!("/api/contacts/{id}"),
            Some(json!({ "phoneNumber": "6281377776666", "name": "Sari D.", "rating": 4.5 })),
            Some(&agent),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.json()["rating"], 4.5);
    assert_eq!(
        changed.json()["city"],
        serde_json::Value::Null,
        "a PUT replaces the contact"
    );
    let bad_change = app
        .call(
            Method::PUT,
            &format!("/api/contacts/{id}"),
            Some(json!({ "phoneNumber": "6281377776666", "name": "Sari", "rating": 0 })),
            Some(&agent),
        )
        .await;
    assert_eq!(bad_change.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.call(Method::GET, &lookup("6281377776666"), None, Some(&agent))
            .await
            .json()["rating"],
        4.5,
        "a refused change keeps the stored rating"
    );

    let gone = app
        .call(
            Method::DELETE,
            &format!("/api/contacts/{id}"),
            None,
            Some(&agent),
        )
        .await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    let again = app
        .call(
            Method::DELETE,
            &format!("/api/contacts/{id}"),
            None,
            Some(&agent),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let missing_put = app
        .call(
            Method::PUT,
            "/api/contacts/999999",
            Some(json!({ "phoneNumber": "6281377776666", "name": "X" })),
            Some(&agent),
        )
        .await;
    assert_eq!(missing_put.status, StatusCode::NOT_FOUND);
}

async fn the_profile_says_what_the_provider_knows(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    // An admin sees every chat's part of the profile (an agent only their own chats':
    // `hardening::an_agent_learns_nothing_of_another_agents_chats`).
    let agent = app.login("admin@serambi.test", "serambi-admin").await;
    let res = app
        .call(
            Method::GET,
            &format!("/api/whatsapp/acc-002/profile/{SHARED_NUMBER}"),
            None,
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = res.json();
    assert_eq!(p["profileName"], "Budi Santoso");
    assert_eq!(p["display"], "+62 812-3456-7890");
    assert!(p["lastContactedAt"].is_string());
    assert_eq!(p["contact"]["name"], "Budi Santoso", "saved in the demo");
    assert!(
        p["providerNote"]
            .as_str()
            .unwrap_or_default()
            .contains("nama profil")
    );

    let unsaved = app
        .call(
            Method::GET,
            "/api/whatsapp/acc-001/profile/6281322223333",
            None,
            Some(&agent),
        )
        .await
        .json();
    assert!(unsaved["contact"].is_null(), "{unsaved}");
    assert_eq!(unsaved["profileName"], "Rudi Hartono");

    let unknown_account = app
        .call(
            Method::GET,
            &format!("/api/whatsapp/acc-404/profile/{SHARED_NUMBER}"),
            None,
            Some(&agent),
        )
        .await;
    assert_eq!(unknown_account.status, StatusCode::NOT_FOUND);
    let bad_number = app
        .call(
            Method::GET,
            "/api/whatsapp/acc-002/profile/abc",
            None,
            Some(&agent),
        )
        .await;
    assert_eq!(bad_number.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(
    contacts_are_saved_validated_changed_and_deleted,
    the_profile_says_what_the_provider_knows,
);
