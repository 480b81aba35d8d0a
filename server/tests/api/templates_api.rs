//! Quick-reply templates through the REST API: admins write them (placeholders
//! checked), everyone reads them by points, a customer's answer earns a template 3
//! points once per message sent from it, and an approved template is the one message
//! that leaves outside WhatsApp's 24-hour window, as `ContentSid`/`ContentVariables`.

use crate::helpers::{Backend, TestApp, fake_twilio::FakeTwilio, sid};
use app::{
    accounts::{CreateAccountRequest, Provider, ssr::create_account},
    db::{agents, messages, templates, threads},
    messaging::ssr::outbox::tick,
};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const TWILIO_SID: &str = "ACtest00000000000000000000000000";
const TOKEN: &str = "twilio-token";
const ACCOUNT_NUMBER: &str = "6281255550001";
const CUSTOMER: &str = "6281377770000";
const THREAD: &str = "tw-a:6281377770000";
const CONTENT_SID: &str = "HXb5b62575e6e4ff6129ad7c8efe1f983e";

struct Setup {
    app: TestApp,
    twilio: FakeTwilio,
    admin: String,
    /// The agent who owns the customer's thread.
    owner: String,
    owner_name: String,
}

/// Demo data, a Twilio account "Toko Twilio" and a customer who wrote to it.
async fn setup(backend: Backend) -> Option<Setup> {
    let twilio = FakeTwilio::start().await;
    let app = TestApp::start(
        backend,
        &[
            ("SERAMBI_DEMO", "1"),
            ("TWILIO_ACCOUNT_SID", TWILIO_SID),
            ("TWILIO_AUTH_TOKEN", TOKEN),
            ("TWILIO_API_BASE_URL", &twilio.base_url),
        ],
    )
    .await?;
    create_account(
        app.db(),
        &Default::default(),
        CreateAccountRequest {
            id: Some("tw-a".into()),
            name: "Toko Twilio".into(),
            phone_number: format!("+{ACCOUNT_NUMBER}"),
            provider: Provider::Twilio,
            twilio_account_sid: None,
            twilio_auth_token: None,
        },
    )
    .await
    .expect("account");
    let res = customer_writes(&app, "Halo, mau pesan").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let owner_id = thread(&app).await.owner_id.expect("owner");
    let owner = agents::Entity::find_by_id(owner_id)
        .one(app.db())
        .await
        .expect("q")
        .expect("agent");
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let cookie = app.login(&owner.email, "serambi-agent").await;
    Some(Setup {
        app,
        twilio,
        admin,
        owner: cookie,
        owner_name: owner.name,
    })
}

async fn customer_writes(app: &TestApp, body: &str) -> crate::helpers::Response {
    app.signed_post(
        "/api/whatsapp/webhook",
        &[
            ("MessageSid", &sid()),
            ("From", &format!("whatsapp:+{CUSTOMER}")),
            ("To", &format!("whatsapp:+{ACCOUNT_NUMBER}")),
            ("Body", body),
            ("ProfileName", "Budi"),
        ],
        TOKEN,
    )
    .await
}

async fn thread(app: &TestApp) -> threads::Model {
    threads::Entity::find_by_id(THREAD.to_owned())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread")
}

async fn create(app: &TestApp, cookie: &str, body: Value) -> Value {
    let res = app
        .call(Method::POST, "/api/templates", Some(body), Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.body);
    res.json()
}

async fn points(app: &TestApp, id: i64) -> i32 {
    templates::Entity::find_by_id(id)
        .one(app.db())
        .await
        .expect("query")
        .expect("template")
        .points
}

async fn reply(app: &TestApp, cookie: &str, body: Value) -> crate::helpers::Response {
    app.call(
        Method::POST,
        &format!("/api/inbox/chats/{THREAD}/reply"),
        Some(body),
        Some(cookie),
    )
    .await
}

async fn admins_write_templates_and_everyone_reads_them_by_points(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let app = &s.app;
    let salam = create(
        app,
        &s.admin,
        json!({ "title": " Salam ", "body": "Halo {{nama}}, ini {{agen}} dari {{toko}}.", "shortcut": "/Salam" }),
    )
    .await;
    assert_eq!(salam["title"], "Salam");
    assert_eq!(salam["shortcut"], "salam");
    assert_eq!(salam["points"], 0);
    assert_eq!(salam["contentSid"], Value::Null);

    // An unknown placeholder is refused, by name.
    let res = app
        .call(
            Method::POST,
            "/api/templates",
            Some(json!({ "title": "Harga", "body": "Harga {{harga}} untuk {{nama}}" })),
            Some(&s.admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("{{harga}}"), "{}", res.body);
    // A taken shortcut (whatever its case) is a conflict; a bad Content SID is refused.
    let res = app
        .call(
            Method::POST,
            "/api/templates",
            Some(json!({ "title": "Lain", "body": "x", "shortcut": "SALAM" })),
            Some(&s.admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = app
        .call(
            Method::POST,
            "/api/templates",
            Some(json!({ "title": "Lain", "body": "x", "contentSid": "HX12" })),
            Some(&s.admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    // Malformed JSON and a missing field get a clear error too.
    let res = app
        .call(
            Method::POST,
            "/api/templates",
            Some(json!({ "title": "Tanpa isi" })),
            Some(&s.admin),
        )
        .await;
    assert!(res.status.is_client_error(), "{}", res.body);
    assert!(res.body.contains("body"), "{}", res.body);

    // Agents read but do not write; no session reads nothing.
    let res = app
        .call(
            Method::POST,
            "/api/templates",
            Some(json!({ "title": "Agen", "body": "x" })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let id = salam["id"].as_i64().expect("id");
    for (method, path, body) in [
        (
            Method::PUT,
            format!("/api/templates/{id}"),
            Some(json!({ "title": "x", "body": "x" })),
        ),
        (Method::DELETE, format!("/api/templates/{id}"), None),
    ] {
        let res = app
            .call(method.clone(), &path, body.clone(), Some(&s.owner))
            .await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{method} {path}");
        let res = app.call(method.clone(), &path, body, None).await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED, "{method} {path}");
    }
    let res = app.call(Method::GET, "/api/templates", None, None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // Points order the list and `top`; an edit keeps them.
    let promo = create(
        app,
        &s.admin,
        json!({ "title": "Promo", "body": "Diskon 10%" }),
    )
    .await;
    let promo_id = promo["id"].as_i64().expect("id");
    templates::Entity::update_many()
        .col_expr(
            templates::Column::Points,
            sea_orm::sea_query::Expr::value(9),
        )
        .filter(templates::Column::Id.eq(promo_id))
        .exec(app.db())
        .await
        .expect("points");
    let res = app
        .call(
            Method::GET,
            "/api/templates/top?limit=1",
            None,
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let top: Vec<String> = res
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(top, ["Promo"]);
    let res = app
        .call(
            Method::PUT,
            &format!("/api/templates/{promo_id}"),
            Some(json!({ "title": "Promo Desember", "body": "Diskon 12% untuk {{nama}}", "points": 100 })),
            Some(&s.admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["points"], 9, "points are read-only");
    let res = app
        .call(Method::GET, "/api/templates", None, Some(&s.owner))
        .await;
    let titles: Vec<String> = res
        .json()
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["title"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(titles, ["Promo Desember", "Salam"]);

    // Delete; a second delete is a 404.
    let path = format!("/api/templates/{id}");
    let res = app.call(Method::DELETE, &path, None, Some(&s.admin)).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    let res = app.call(Method::DELETE, &path, None, Some(&s.admin)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

async fn a_template_gains_three_points_once_per_answered_message(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let app = &s.app;
    let tpl = create(
        app,
        &s.admin,
        json!({ "title": "Salam", "body": "Halo {{nama}}" }),
    )
    .await;
    let id = tpl["id"].as_i64().expect("id");

    // Two messages from the template and one typed by hand, then the customer answers.
    for body in [
        json!({ "body": "Halo Budi", "templateId": id }),
        json!({ "body": "Halo lagi", "templateId": id }),
        json!({ "body": "Ketik sendiri" }),
    ] {
        let res = reply(app, &s.owner, body).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    }
    let sent: Vec<messages::Model> = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(THREAD))
        .filter(messages::Column::Direction.eq("outbound"))
        .all(app.db())
        .await
        .expect("messages");
    let from_template: Vec<i64> = sent
        .iter()
        .filter(|m| m.template_id == Some(id))
        .map(|m| m.id)
        .collect();
    assert_eq!(from_template.len(), 2, "the template id is recorded");
    assert_eq!(points(app, id).await, 0, "nothing before the answer");

    assert_eq!(
        customer_writes(app, "Boleh, berapa?").await.status,
        StatusCode::OK
    );
    assert_eq!(
        points(app, id).await,
        6,
        "3 points for each of the two messages"
    );
    // A second inbound message earns nothing more.
    assert_eq!(customer_writes(app, "Halo?").await.status, StatusCode::OK);
    assert_eq!(points(app, id).await, 6);

    // The explicit endpoint is idempotent per message: already credited, nothing.
    let path = format!("/api/templates/{id}/reply");
    let res = app
        .call(
            Method::POST,
            &path,
            Some(json!({ "messageId": from_template[0] })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json(), json!({ "credited": false, "points": 6 }));

    // A new message from the template, credited explicitly: once.
    let res = reply(
        app,
        &s.owner,
        json!({ "body": "Halo Budi", "templateId": id }),
    )
    .await;
    let fresh = res.json()["id"].as_i64().expect("id");
    let res = app
        .call(
            Method::POST,
            &path,
            Some(json!({ "messageId": fresh })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.json(), json!({ "credited": true, "points": 9 }));
    let res = app
        .call(
            Method::POST,
            &path,
            Some(json!({ "messageId": fresh })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.json(), json!({ "credited": false, "points": 9 }));
    // …and the customer's next message does not credit it again.
    assert_eq!(customer_writes(app, "Oke").await.status, StatusCode::OK);
    assert_eq!(points(app, id).await, 9);

    // A message not from this template, a bad body, or no session: refused.
    let typed = sent
        .iter()
        .find(|m| m.template_id.is_none())
        .expect("typed")
        .id;
    let res = app
        .call(
            Method::POST,
            &path,
            Some(json!({ "messageId": typed })),
            Some(&s.owner),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app
        .call(Method::POST, &path, Some(json!({})), Some(&s.owner))
        .await;
    assert!(res.status.is_client_error(), "{}", res.body);
    let res = app
        .call(
            Method::POST,
            &path,
            Some(json!({ "messageId": fresh })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    // A reply naming a template that does not exist is refused before it is queued.
    let res = reply(app, &s.owner, json!({ "body": "x", "templateId": 999_999 })).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("templateId"), "{}", res.body);
}

async fn an_approved_template_leaves_outside_the_window_as_content_sid(backend: Backend) {
    let Some(s) = setup(backend).await else {
        return;
    };
    let app = &s.app;
    let approved = create(
        app,
        &s.admin,
        json!({
            "title": "Follow up",
            "body": "Halo {{nama}}, ini {{agen}} dari {{toko}}. Masih tertarik?",
            "contentSid": CONTENT_SID,
            "contentVariables": { "1": "{{nama}}", "2": "{{agen}}", "3": "{{toko}}" },
        }),
    )
    .await;
    let approved_id = approved["id"].as_i64().expect("id");
    let plain = create(
        app,
        &s.admin,
        json!({ "title": "Biasa", "body": "Halo {{nama}}" }),
    )
    .await;
    let plain_id = plain["id"].as_i64().expect("id");

    // The customer last wrote 25 hours ago: the window is closed.
    let mut t: threads::ActiveModel = thread(app).await.into();
    t.last_inbound_at = Set(Some(Utc::now() - Duration::hours(25)));
    t.update(app.db()).await.expect("update");

    // Free text and a template that is not approved are still refused.
    for body in [
        json!({ "body": "Masih ada?" }),
        json!({ "body": "Halo Budi", "templateId": plain_id }),
    ] {
        let res = reply(app, &s.owner, body).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        assert_eq!(res.error_code(), "outside_window");
    }
    // The approved template goes, with the server's own filling (the typed text is
    // not what WhatsApp approved and is not sent).
    let res = reply(
        app,
        &s.owner,
        json!({ "body": "", "templateId": approved_id }),
    )
    .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    let sent = res.json();
    let expected_body = format!(
        "Halo Budi, ini {} dari Toko Twilio. Masih tertarik?",
        s.owner_name
    );
    assert_eq!(sent["body"], expected_body.as_str());
    assert_eq!(sent["messageType"], "template");
    assert_eq!(sent["templateId"], approved_id);

    let report = tick(app.db(), &app.state.runtime, Utc::now())
        .await
        .expect("tick");
    assert_eq!(report.sent, 1, "{report:?}");
    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 1);
    let form = &requests[0];
    assert_eq!(
        form.path,
        format!("/2010-04-01/Accounts/{TWILIO_SID}/Messages.json")
    );
    assert_eq!(
        form.field("From"),
        Some(format!("whatsapp:+{ACCOUNT_NUMBER}").as_str())
    );
    assert_eq!(
        form.field("To"),
        Some(format!("whatsapp:+{CUSTOMER}").as_str())
    );
    assert_eq!(form.field("ContentSid"), Some(CONTENT_SID));
    let variables: Value =
        serde_json::from_str(form.field("ContentVariables").expect("ContentVariables"))
            .expect("JSON");
    assert_eq!(
        variables,
        json!({ "1": "Budi", "2": s.owner_name, "3": "Toko Twilio" })
    );
    assert_eq!(form.field("Body"), None, "no Body beside a ContentSid");
    assert_eq!(form.field("MediaUrl"), None);
    let names: Vec<&str> = form.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "From",
            "To",
            "ContentSid",
            "ContentVariables",
            "StatusCallback"
        ]
    );

    // Inside the window the same template is ordinary text, as the agent edited it.
    assert_eq!(
        customer_writes(app, "Masih, kak").await.status,
        StatusCode::OK
    );
    let res = reply(
        app,
        &s.owner,
        json!({ "body": "Halo Budi, sudah kami siapkan", "templateId": approved_id }),
    )
    .await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    tick(app.db(), &app.state.runtime, Utc::now())
        .await
        .expect("tick");
    let requests = s.twilio.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].field("Body"),
        Some("Halo Budi, sudah kami siapkan")
    );
    assert_eq!(requests[1].field("ContentSid"), None);
    // And the answer credited the approved template's first message.
    assert_eq!(points(app, approved_id).await, 3);
}

on_both_backends!(
    admins_write_templates_and_everyone_reads_them_by_points,
    a_template_gains_three_points_once_per_answered_message,
    an_approved_template_leaves_outside_the_window_as_content_sid,
);
