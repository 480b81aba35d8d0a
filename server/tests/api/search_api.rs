//! Search over every message through `GET /api/inbox/chats?q=`: a word anywhere in a
//! chat's history finds it, with the words around the match and the message to open
//! at; what the viewer may not see stays hidden; pages go on by cursor. SQLite (FTS5
//! trigram index) and PostgreSQL (pg_trgm).

use crate::helpers::{Backend, TestApp, sid};
use app::{
    db::{agents, messages, threads},
    demo::ACCOUNTS,
};
use axum::http::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;

const ADMIN: (&str, &str) = ("admin@serambi.test", "serambi-admin");

async fn search(app: &TestApp, cookie: &str, query: &str) -> Value {
    let res = app
        .call(
            Method::GET,
            &format!("/api/inbox/chats?{query}"),
            None,
            Some(cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
    res.json()
}

fn threads_of(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|c| c["threadId"].as_str().map(str::to_owned))
        .collect()
}

fn item<'a>(page: &'a Value, thread: &str) -> Option<&'a Value> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["threadId"] == thread)
}

async fn first_message(app: &TestApp, thread: &str) -> i64 {
    messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread))
        .order_by_asc(messages::Column::Id)
        .one(app.db())
        .await
        .expect("query")
        .expect("a message")
        .id
}

async fn a_word_anywhere_in_a_history_finds_its_chat(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let toko_a = ACCOUNTS[0].2;
    let customer = "6281355510001";
    for body in [
        "Halo kak, apakah ukuran XL kemeja batik masih tersedia?\nSaya di 0812-7777-1234",
        "Oke terima kasih",
    ] {
        let res = app.inbound(&sid(), customer, toko_a, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let thread = format!("acc-001:{customer}");
    let asked = first_message(&app, &thread).await;

    // Not in the name, the number nor the last message: only in the history.
    let page = search(&app, &admin, "q=KEMEJA%20batik").await;
    let chat = item(&page, &thread).expect("found by an older message");
    assert_eq!(chat["lastMessagePreview"], "Oke terima kasih");
    let found = &chat["found"];
    assert_eq!(found["messageId"], asked);
    assert_eq!(found["snippet"]["hit"], "kemeja batik");
    assert_eq!(found["snippet"]["before"], "Halo kak, apakah ukuran XL ");
    assert!(
        found["snippet"]["after"]
            .as_str()
            .is_some_and(|a| a.starts_with(" masih tersedia?") && !a.contains('\n')),
        "{found}"
    );
    // A piece of a phone number written in a message.
    let page = search(&app, &admin, "q=7777-12").await;
    assert_eq!(
        item(&page, &thread).expect("by digits")["found"]["messageId"],
        asked
    );

    // Only what the filters and the viewer allow.
    let page = search(&app, &admin, "q=kemeja&accounts=acc-002").await;
    assert!(item(&page, &thread).is_none());
    let owner_id = threads::Entity::find_by_id(thread.clone())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread")
        .owner_id
        .expect("assigned");
    let owner = agents::Entity::find_by_id(owner_id)
        .one(app.db())
        .await
        .expect("query")
        .expect("agent");
    let other = agents::Entity::find()
        .filter(agents::Column::Role.eq("agent"))
        .filter(agents::Column::Id.ne(owner_id))
        .one(app.db())
        .await
        .expect("query")
        .expect("another agent");
    let other_cookie = app.login(&other.email, "serambi-agent").await;
    assert!(item(&search(&app, &other_cookie, "q=kemeja").await, &thread).is_none());
    if owner.role == "agent" {
        let owner_cookie = app.login(&owner.email, "serambi-agent").await;
        assert!(item(&search(&app, &owner_cookie, "q=kemeja").await, &thread).is_some());
    }

    // Too short for the index: names, numbers and the last message, as before.
    let page = search(&app, &admin, "q=ok").await;
    assert!(threads_of(&page).contains(&thread), "preview still matches");
    assert!(item(&page, &thread).is_some_and(|c| c.get("found").is_none()));

    // A cursor that is not ours is refused, naming it.
    let res = app
        .call(
            Method::GET,
            "/api/inbox/chats?q=kemeja&cursor=m.x1",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("cursor"), "{}", res.body);
}

async fn hits_page_on_without_repeating_a_chat(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let toko_b = ACCOUNTS[1].2;
    // Five chats mention the word, one of them twice.
    let customers: Vec<String> = (0..5).map(|i| format!("62813555200{i:02}")).collect();
    for c in &customers {
        let res = app
            .inbound(&sid(), c, toko_b, "Mohon info stokopname gudang")
            .await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let res = app
        .inbound(&sid(), &customers[0], toko_b, "Stokopname jadi besok ya")
        .await;
    assert_eq!(res.status, StatusCode::OK);

    let mut seen: Vec<String> = Vec::new();
    let mut query = "q=stokopname&limit=2".to_owned();
    for _ in 0..5 {
        let page = search(&app, &admin, &query).await;
        for t in threads_of(&page) {
            assert!(!seen.contains(&t), "{t} shown twice");
            seen.push(t);
        }
        match page["nextCursor"].as_str() {
            Some(c) => query = format!("q=stokopname&limit=2&cursor={c}"),
            None => break,
        }
    }
    let mut expected: Vec<String> = customers.iter().map(|c| format!("acc-002:{c}")).collect();
    // Newest hit first: the chat that mentioned it again comes first.
    assert_eq!(seen.first(), expected.first());
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected);
}

on_both_backends!(
    a_word_anywhere_in_a_history_finds_its_chat,
    hits_page_on_without_repeating_a_chat,
);
