//! Personal-message alerts (SPEC 9) and the notification centre's REST API: who gets
//! a notice, that each agent sees only their own, and dismissing.

use crate::helpers::{Backend, TestApp, sid};
use app::{
    db::{agents, notifications, threads},
    demo::ACCOUNTS,
};
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

const AUTO: &str = "Terima kasih telah menghubungi kami. Pesan Anda akan kami balas.";
const PERSONAL: &str = "Halo kak, saya mau pesan 3 lusin kaos";

/// Personal-message notices about the thread of `from` on Toko A.
async fn personal_notices(app: &TestApp, from: &str) -> u64 {
    notifications::Entity::find()
        .filter(notifications::Column::ThreadId.eq(format!("{}:{from}", ACCOUNTS[0].0)))
        .filter(notifications::Column::Kind.eq("personal_message"))
        .count(app.db())
        .await
        .expect("count")
}

/// Sends `bodies` from `from` to Toko A, one after the other.
async fn conversation(app: &TestApp, from: &str, bodies: &[&str]) {
    for body in bodies {
        let res = app.inbound(&sid(), from, ACCOUNTS[0].2, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
}

async fn only_a_person_after_a_machine_is_announced(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    // The spam filter would keep the machine's words out; this is about detection.
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let keywords = app
        .call(Method::GET, "/api/spam/keywords", None, Some(&admin))
        .await;
    for k in keywords.json().as_array().expect("array") {
        let path = format!("/api/spam/keywords/{}", k["id"]);
        app.call(Method::DELETE, &path, None, Some(&admin)).await;
    }

    conversation(&app, "6281355550001", &[AUTO, PERSONAL]).await;
    assert_eq!(
        personal_notices(&app, "6281355550001").await,
        1,
        "auto-reply, then a person"
    );
    conversation(&app, "6281355550002", &[PERSONAL, PERSONAL]).await;
    assert_eq!(
        personal_notices(&app, "6281355550002").await,
        0,
        "a person twice"
    );
    conversation(&app, "6281355550003", &[AUTO, AUTO]).await;
    assert_eq!(
        personal_notices(&app, "6281355550003").await,
        0,
        "a machine twice"
    );
    conversation(&app, "6281355550004", &[AUTO, PERSONAL, PERSONAL]).await;
    assert_eq!(
        personal_notices(&app, "6281355550004").await,
        1,
        "announced once, not per message"
    );
}

async fn each_agent_sees_and_dismisses_only_their_own(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    let keywords = app
        .call(Method::GET, "/api/spam/keywords", None, Some(&admin))
        .await;
    for k in keywords.json().as_array().expect("array") {
        let path = format!("/api/spam/keywords/{}", k["id"]);
        app.call(Method::DELETE, &path, None, Some(&admin)).await;
    }
    let from = "6281355559999";
    conversation(&app, from, &[AUTO, PERSONAL]).await;
    let thread_id = format!("{}:{from}", ACCOUNTS[0].0);
    let owner = threads::Entity::find_by_id(thread_id.clone())
        .one(app.db())
        .await
        .expect("query")
        .and_then(|t| t.owner_id)
        .expect("the new lead has an owner");
    let owner_email = agents::Entity::find_by_id(owner)
        .one(app.db())
        .await
        .expect("query")
        .expect("agent")
        .email;
    let other_email = [
        "agent1@serambi.test",
        "agent2@serambi.test",
        "agent3@serambi.test",
    ]
    .into_iter()
    .find(|e| *e != owner_email)
    .expect("another agent");
    let mine = app.login(&owner_email, "serambi-agent").await;
    let theirs = app.login(other_email, "serambi-agent").await;

    let list = app
        .call(Method::GET, "/api/notifications", None, Some(&mine))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let page = list.json();
    let first = &page["items"][0];
    assert_eq!(
        first["threadId"],
        thread_id.as_str(),
        "unread first: {page}"
    );
    assert!(
        first["title"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Pesan Personal dari")
    );
    assert!(first["dismissedAt"].is_null());
    let unread = page["unread"].as_u64().expect("unread");
    assert!(unread >= 1);
    let id = first["id"].as_i64().expect("id");

    let others = app
        .call(Method::GET, "/api/notifications", None, Some(&theirs))
        .await;
    assert!(
        others.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|n| n["id"] != id),
        "another agent never sees it"
    );
    let path = format!("/api/notifications/{id}/dismiss");
    let res = app.call(Method::POST, &path, None, Some(&theirs)).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.call(Method::POST, &path, None, None).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app
        .call(Method::GET, "/api/notifications", None, None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    let res = app.call(Method::POST, &path, None, Some(&mine)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(res.json()["dismissedAt"].is_string());
    let again = app.call(Method::POST, &path, None, Some(&mine)).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        again.json()["dismissedAt"],
        res.json()["dismissedAt"],
        "dismissing twice changes nothing"
    );
    let after = app
        .call(Method::GET, "/api/notifications", None, Some(&mine))
        .await
        .json();
    assert_eq!(after["unread"].as_u64(), Some(unread - 1));
    let items = after["items"].as_array().expect("items");
    let position = items
        .iter()
        .position(|n| n["id"] == id)
        .expect("still listed");
    assert!(
        items[..position].iter().all(|n| n["dismissedAt"].is_null()),
        "dismissed notices come after unread ones"
    );

    let res = app
        .call(
            Method::GET,
            "/api/notifications?cursor=x",
            None,
            Some(&mine),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
}

on_both_backends!(
    only_a_person_after_a_machine_is_announced,
    each_agent_sees_and_dismisses_only_their_own,
);
