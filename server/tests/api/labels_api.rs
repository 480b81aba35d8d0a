//! Labels through the REST API: the admins' list (create, rename, recolour, reorder,
//! delete), labels on threads, and the chat list's label filter afterwards.

use crate::helpers::{Backend, TestApp};
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");
const AGENT1: (&str, &str) = ("agent1@serambi.test", "serambi-agent");
const AGENT2: (&str, &str) = ("agent2@serambi.test", "serambi-agent");

/// `(name, color, order, chatCount)` of every label, in order.
async fn labels(app: &TestApp, cookie: &str) -> Vec<(String, String, i64, i64)> {
    let res = app
        .call(Method::GET, "/api/labels", None, Some(cookie))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|l| {
            (
                l["name"].as_str().unwrap_or_default().to_owned(),
                l["color"].as_str().unwrap_or_default().to_owned(),
                l["order"].as_i64().unwrap_or(-1),
                l["chatCount"].as_i64().unwrap_or(-1),
            )
        })
        .collect()
}

/// The id of the label named `name`.
async fn label_id(app: &TestApp, cookie: &str, name: &str) -> i64 {
    let res = app
        .call(Method::GET, "/api/labels", None, Some(cookie))
        .await;
    res.json()
        .as_array()
        .expect("array")
        .iter()
        .find(|l| l["name"] == name)
        .and_then(|l| l["id"].as_i64())
        .unwrap_or_else(|| panic!("no label {name}"))
}

/// The thread ids of the chat list at `query` (first page).
async fn chat_ids(app: &TestApp, cookie: &str, query: &str) -> Vec<String> {
    let res = app
        .call(
            Method::GET,
            &format!("/api/inbox/chats{query}"),
            None,
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    res.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["threadId"].as_str().map(str::to_owned))
        .collect()
}

async fn admins_manage_the_label_list(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent = app.login(AGENT1.0, AGENT1.1).await;
    let before = labels(&app, &admin).await;
    let names: Vec<_> = before.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(names, ["Prospek panas", "Tindak lanjut", "Pelanggan"]);

    // Create: trimmed, colour normalised, placed last.
    let vip = json!({ "name": "  VIP   pelanggan ", "color": "#2563EB" });
    let created = app
        .call(Method::POST, "/api/labels", Some(vip.clone()), Some(&admin))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let c = created.json();
    assert_eq!(
        (c["name"].as_str(), c["color"].as_str(), c["order"].as_i64()),
        (Some("VIP pelanggan"), Some("#2563eb"), Some(3))
    );
    let vip_id = c["id"].as_i64().expect("id");

    // Refused: the same name in another case, a bad colour, an empty name, agents,
    // no session. Nothing changes.
    for (body, status, code) in [
        (
            json!({ "name": "vip PELANGGAN", "color": "#000000" }),
            StatusCode::CONFLICT,
            "conflict",
        ),
        (
            json!({ "name": "Baru", "color": "red" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            json!({ "name": "Baru", "color": "#12345" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            json!({ "name": "   ", "color": "#123456" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            json!({ "name": "x".repeat(33), "color": "#123456" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
        (
            json!({ "name": "Baru" }),
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        ),
    ] {
        let res = app
            .call(
                Method::POST,
                "/api/labels",
                Some(body.clone()),
                Some(&admin),
            )
            .await;
        assert_eq!(res.status, status, "{body}: {}", res.body);
        assert_eq!(res.error_code(), code, "{body}");
    }
    let res = app
        .call(
            Method::POST,
            "/api/labels",
            Some(json!({ "name": "Baru", "color": "#123456" })),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .call(
            Method::POST,
            "/api/labels",
            Some(json!({ "name": "Baru", "color": "#123456" })),
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert_eq!(labels(&app, &admin).await.len(), 4);

    // Rename and recolour; renaming to its own name in another case is allowed,
    // to another label's name is not.
    let path = format!("/api/labels/{vip_id}");
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "name": "VIP", "color": "#7C3AED" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(
        (res.json()["name"].as_str(), res.json()["color"].as_str()),
        (Some("VIP"), Some("#7c3aed"))
    );
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "name": "vip" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "name": "pelanggan" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "color": "#fff" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            "/api/labels/999999",
            Some(json!({ "name": "X" })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "name": "Agen" })),
            Some(&agent),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Reorder: to the front, then one step down; the others shift.
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "order": 0 })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let order: Vec<_> = labels(&app, &admin)
        .await
        .into_iter()
        .map(|l| (l.0, l.2))
        .collect();
    assert_eq!(
        order,
        [
            ("vip".to_owned(), 0),
            ("Prospek panas".to_owned(), 1),
            ("Tindak lanjut".to_owned(), 2),
            ("Pelanggan".to_owned(), 3)
        ]
    );
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "order": 1 })),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let names: Vec<_> = labels(&app, &admin)
        .await
        .into_iter()
        .map(|l| l.0)
        .collect();
    assert_eq!(
        names,
        ["Prospek panas", "vip", "Tindak lanjut", "Pelanggan"]
    );

    // Agents read the list (they assign labels) but change nothing.
    assert_eq!(labels(&app, &agent).await.len(), 4);
    let res = app.call(Method::DELETE, &path, None, Some(&agent)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

async fn deleting_a_label_takes_it_off_its_threads_and_the_filter_drops_it(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let hot = label_id(&app, &admin, "Prospek panas").await;
    let carried = labels(&app, &admin)
        .await
        .into_iter()
        .find(|l| l.0 == "Prospek panas")
        .map(|l| l.3)
        .expect("label");
    assert!(carried > 0, "the demo puts this label on threads");
    let filtered = chat_ids(&app, &admin, &format!("?labels={hot}")).await;
    assert_eq!(filtered.len() as i64, carried);
    let all = chat_ids(&app, &admin, "").await;

    let res = app
        .call(
            Method::DELETE,
            &format!("/api/labels/{hot}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["chatsUnlabelled"].as_i64(), Some(carried));
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/labels/{hot}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        labels(&app, &admin)
            .await
            .iter()
            .all(|l| l.0 != "Prospek panas")
    );

    // Its threads no longer carry it; a link that still names it shows every chat
    // (the unknown label is dropped), and with another label only that one counts.
    let left = app::db::thread_labels::Entity::find()
        .filter(app::db::thread_labels::Column::LabelId.eq(hot))
        .count(app.db())
        .await
        .expect("count");
    assert_eq!(left, 0, "no thread carries a deleted label");
    assert_eq!(chat_ids(&app, &admin, &format!("?labels={hot}")).await, all);
    let customer = label_id(&app, &admin, "Pelanggan").await;
    let only_customers = chat_ids(&app, &admin, &format!("?labels={customer}")).await;
    assert_eq!(
        chat_ids(&app, &admin, &format!("?labels={hot},{customer}")).await,
        only_customers
    );
}

async fn owners_label_their_threads_and_the_filter_follows(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let agent1 = app.login(AGENT1.0, AGENT1.1).await;
    let agent2 = app.login(AGENT2.0, AGENT2.1).await;
    let mine = chat_ids(&app, &agent1, "").await;
    let thread = mine.first().expect("agent 1 owns a chat").clone();
    let hot = label_id(&app, &admin, "Prospek panas").await;
    let later = label_id(&app, &admin, "Tindak lanjut").await;
    let path = format!("/api/inbox/chats/{thread}/labels");

    let set = |ids: Value| json!({ "labelIds": ids });
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(set(json!([later, hot]))),
            Some(&agent1),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let names: Vec<_> = res
        .json()
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| l["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        names,
        ["Prospek panas", "Tindak lanjut"],
        "in the admins' order"
    );
    assert!(
        chat_ids(&app, &agent1, &format!("?labels={later}"))
            .await
            .contains(&thread)
    );

    // Unassign one; the filter follows at once.
    let res = app
        .call(Method::PUT, &path, Some(set(json!([hot]))), Some(&agent1))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(
        !chat_ids(&app, &agent1, &format!("?labels={later}"))
            .await
            .contains(&thread)
    );
    assert!(
        chat_ids(&app, &agent1, &format!("?labels={hot}"))
            .await
            .contains(&thread)
    );

    // Refused: another agent (the thread is not theirs: not found), an unknown label,
    // a malformed body, no session. The labels stay.
    let res = app
        .call(Method::PUT, &path, Some(set(json!([later]))), Some(&agent2))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(set(json!([hot, 999_999]))),
            Some(&agent1),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app
        .call(
            Method::PUT,
            &path,
            Some(json!({ "labelIds": "x" })),
            Some(&agent1),
        )
        .await;
    assert!(res.status.is_client_error(), "{}", res.body);
    let res = app
        .call(Method::PUT, &path, Some(set(json!([]))), None)
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(
        chat_ids(&app, &agent1, &format!("?labels={hot}"))
            .await
            .contains(&thread)
    );

    // An admin may label any thread; an empty list clears them.
    let res = app
        .call(Method::PUT, &path, Some(set(json!([]))), Some(&admin))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json().as_array().map(Vec::len), Some(0));
    assert!(
        !chat_ids(&app, &agent1, &format!("?labels={hot}"))
            .await
            .contains(&thread)
    );
}

on_both_backends!(
    admins_manage_the_label_list,
    deleting_a_label_takes_it_off_its_threads_and_the_filter_drops_it,
    owners_label_their_threads_and_the_filter_follows,
);
