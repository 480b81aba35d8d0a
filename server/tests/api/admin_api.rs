//! Accounts (`/api/whatsapp/sessions`) and agents (`/api/agents`) through the REST API.

use crate::helpers::{Backend, TestApp};
use axum::http::{Method, StatusCode};
use serde_json::json;

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT: (&str, &str) = ("agent1@serambi.test", "serambi-agent");

async fn everyone_lists_active_accounts_and_only_admins_change_them(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let agent = app.login(AGENT.0, AGENT.1).await;
    let admin = app.login(ADMIN.0, ADMIN.1).await;

    let list = app
        .call(Method::GET, "/api/whatsapp/sessions", None, Some(&agent))
        .await;
    assert_eq!(list.status, StatusCode::OK);
    let names: Vec<_> = list
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|a| a["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(names, ["Toko A", "Toko B", "Personal"]);
    let first = &list.json()[0];
    assert_eq!(first["phoneNumber"], "6281211110001");
    assert!(
        first.get("twilioAuthToken").is_none(),
        "credentials must never leave the server"
    );

    let new = json!({ "name": "Toko C", "phoneNumber": "0812-2222-3333", "provider": "twilio",
                      "twilioAccountSid": "AC123", "twilioAuthToken": "tok" });
    let forbidden = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(new.clone()),
            Some(&agent),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let created = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(new.clone()),
            Some(&admin),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let c = created.json();
    assert_eq!(
        (c["id"].as_str(), c["phoneNumber"].as_str()),
        (Some("acc-004"), Some("6281222223333"))
    );
    assert_eq!(c["hasOwnCredentials"], true);
    assert!(!created.body.contains("tok\""), "token echoed back");

    let same_number = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(
                json!({ "name": "Dup", "phoneNumber": "+6281222223333", "provider": "simulator" }),
            ),
            Some(&admin),
        )
        .await;
    assert_eq!(same_number.status, StatusCode::CONFLICT);
    let same_id = app.call(Method::POST, "/api/whatsapp/sessions", Some(json!({ "id": "acc-001", "name": "Dup", "phoneNumber": "+6281299998888", "provider": "simulator" })), Some(&admin)).await;
    assert_eq!(same_id.status, StatusCode::CONFLICT);

    for (body, field) in [
        (
            json!({ "name": "X", "phoneNumber": "12", "provider": "simulator" }),
            "phoneNumber",
        ),
        (
            json!({ "name": " ", "phoneNumber": "+6281299998888", "provider": "simulator" }),
            "name",
        ),
        (
            json!({ "id": "acc:1", "name": "X", "phoneNumber": "+6281299998888", "provider": "simulator" }),
            "id",
        ),
    ] {
        let res = app
            .call(
                Method::POST,
                "/api/whatsapp/sessions",
                Some(body),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(
            res.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field),
            "{}",
            res.body
        );
    }
    let unknown_provider = app
        .call(
            Method::POST,
            "/api/whatsapp/sessions",
            Some(json!({ "name": "X", "phoneNumber": "+6281299998888", "provider": "telegram" })),
            Some(&admin),
        )
        .await;
    assert_eq!(unknown_provider.status, StatusCode::UNPROCESSABLE_ENTITY);

    let renamed = app
        .call(
            Method::PUT,
            "/api/whatsapp/sessions/acc-004",
            Some(json!({ "name": "Toko C Jakarta" })),
            Some(&admin),
        )
        .await;
    assert_eq!(renamed.json()["name"], "Toko C Jakarta");
    let missing = app
        .call(
            Method::PUT,
            "/api/whatsapp/sessions/acc-404",
            Some(json!({ "name": "X" })),
            Some(&admin),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    let gone = app
        .call(
            Method::DELETE,
            "/api/whatsapp/sessions/acc-004",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(
        (gone.status, gone.json()["active"].as_bool()),
        (StatusCode::OK, Some(false))
    );
    let agent_view = app
        .call(Method::GET, "/api/whatsapp/sessions", None, Some(&agent))
        .await;
    assert_eq!(agent_view.json().as_array().map(Vec::len), Some(3));
    let admin_view = app
        .call(Method::GET, "/api/whatsapp/sessions", None, Some(&admin))
        .await;
    assert_eq!(admin_view.json().as_array().map(Vec::len), Some(4));
}

async fn admins_create_and_change_agents(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let agent = app.login(AGENT.0, AGENT.1).await;
    let admin = app.login(ADMIN.0, ADMIN.1).await;

    assert_eq!(
        app.call(Method::GET, "/api/agents", None, Some(&agent))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let list = app
        .call(Method::GET, "/api/agents", None, Some(&admin))
        .await;
    let agents = list.json();
    assert_eq!(agents.as_array().map(Vec::len), Some(4));
    assert!(!list.body.contains("argon2"), "password hashes leak");
    // Admins stay out of the lead rotation unless they opt in.
    assert_eq!(agents[0]["role"], "admin");
    assert_eq!(agents[0]["available"], false);
    assert_eq!(agents[1]["available"], true);

    let new = json!({ "name": "Dedi", "email": "Dedi@Serambi.Test", "password": "dedi-password", "role": "agent" });
    let created = app
        .call(Method::POST, "/api/agents", Some(new.clone()), Some(&admin))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.json()["email"], "dedi@serambi.test");
    app.login("dedi@serambi.test", "dedi-password").await;

    let dup = app
        .call(Method::POST, "/api/agents", Some(new), Some(&admin))
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    for (body, field) in [
        (
            json!({ "name": "E", "email": "not-an-email", "password": "long-enough", "role": "agent" }),
            "email",
        ),
        (
            json!({ "name": "E", "email": "e@serambi.test", "password": "short", "role": "agent" }),
            "password",
        ),
        (
            json!({ "name": "", "email": "e@serambi.test", "password": "long-enough", "role": "agent" }),
            "name",
        ),
    ] {
        let res = app
            .call(Method::POST, "/api/agents", Some(body), Some(&admin))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert!(
            res.json()["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with(field)
        );
    }
    let bad_role = app.call(Method::POST, "/api/agents", Some(json!({ "name": "E", "email": "e@serambi.test", "password": "long-enough", "role": "owner" })), Some(&admin)).await;
    assert_eq!(bad_role.status, StatusCode::UNPROCESSABLE_ENTITY);

    let id = created.json()["id"].as_i64().expect("id");
    let changed = app
        .call(
            Method::PUT,
            &format!("/api/agents/{id}"),
            Some(json!({ "available": false, "role": "admin", "name": "Dedi S." })),
            Some(&admin),
        )
        .await;
    let c = changed.json();
    assert_eq!(
        (
            c["available"].as_bool(),
            c["role"].as_str(),
            c["name"].as_str()
        ),
        (Some(false), Some("admin"), Some("Dedi S."))
    );

    let me = app
        .call(Method::GET, "/api/auth/me", None, Some(&admin))
        .await
        .json();
    let own_id = me["id"].as_i64().expect("id");
    let self_lockout = app
        .call(
            Method::PUT,
            &format!("/api/agents/{own_id}"),
            Some(json!({ "active": false })),
            Some(&admin),
        )
        .await;
    assert_eq!(self_lockout.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.call(
            Method::PUT,
            "/api/agents/424242",
            Some(json!({ "name": "X" })),
            Some(&admin)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

on_both_backends!(
    everyone_lists_active_accounts_and_only_admins_change_them,
    admins_create_and_change_agents,
);
