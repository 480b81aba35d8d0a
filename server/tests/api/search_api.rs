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

pub(crate) fn threads_of(page: &Value) -> Vec<String> {
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
    // A new lead goes round the agents (admins are not in the rotation): its owner
    // is one, and finds it.
    assert_eq!(
        owner.role.as_str(),
        "agent",
        "{} owns the new lead",
        owner.email
    );
    let owner_cookie = app.login(&owner.email, "serambi-agent").await;
    assert!(item(&search(&app, &owner_cookie, "q=kemeja").await, &thread).is_some());

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

/// An inbound message with a WhatsApp profile name.
async fn inbound_from(app: &TestApp, from: &str, to: &str, profile: &str, body: &str) {
    let (from, to) = (format!("whatsapp:+{from}"), format!("whatsapp:+{to}"));
    let res = app
        .signed_post(
            "/api/whatsapp/webhook",
            &[
                ("MessageSid", &sid()),
                ("From", &from),
                ("To", &to),
                ("Body", body),
                ("ProfileName", profile),
                ("NumMedia", "0"),
            ],
            &app.simulator_token(),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

async fn a_contact_is_found_by_its_number_and_names(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    let (toko_a, toko_b) = (ACCOUNTS[0].2, ACCOUNTS[1].2);
    let customer = "6281399917345";
    inbound_from(&app, customer, toko_a, "Wulandari Sekarsari", "Halo").await;
    inbound_from(&app, customer, toko_b, "Wulandari Sekarsari", "Halo juga").await;
    let (on_a, on_b) = (format!("acc-001:{customer}"), format!("acc-002:{customer}"));
    let found = |page: &Value| {
        let mut t = threads_of(page);
        t.sort();
        t
    };

    // A piece of the number, of the profile name (any case), on every account.
    for q in ["99917", "6281399917", "LANDARI"] {
        let page = search(&app, &admin, &format!("q={q}")).await;
        assert_eq!(found(&page), [on_a.clone(), on_b.clone()], "{q}");
        assert!(
            item(&page, &on_a).is_some_and(|c| c.get("found").is_none()),
            "{q}"
        );
    }

    // A saved name is found on both accounts' chats; the profile name changes with the
    // next message and the old one no longer finds the chat.
    let res = app
        .call(
            Method::POST,
            "/api/contacts",
            Some(serde_json::json!({ "phoneNumber": customer, "name": "Bu Rahmawati" })),
            Some(&admin),
        )
        .await;
    assert!(res.status.is_success(), "{}", res.body);
    assert_eq!(
        found(&search(&app, &admin, "q=rahmawati").await),
        [on_a.clone(), on_b.clone()]
    );
    inbound_from(&app, customer, toko_a, "Wulan Official", "Ganti nama").await;
    assert_eq!(
        found(&search(&app, &admin, "q=wulan%20official").await),
        [on_a.as_str()]
    );
    assert_eq!(
        found(&search(&app, &admin, "q=sekarsari").await),
        [on_b.as_str()]
    );

    // Filters and the viewer still apply to a contact match.
    assert_eq!(
        found(&search(&app, &admin, "q=rahmawati&accounts=acc-002").await),
        [on_b.as_str()]
    );
    let owner_of_a = threads::Entity::find_by_id(on_a.clone())
        .one(app.db())
        .await
        .expect("query")
        .expect("thread")
        .owner_id;
    let stranger = agents::Entity::find()
        .filter(agents::Column::Role.eq("agent"))
        .all(app.db())
        .await
        .expect("query")
        .into_iter()
        .find(|a| Some(a.id) != owner_of_a)
        .expect("an agent who does not own the chat");
    let stranger = app.login(&stranger.email, "serambi-agent").await;
    assert!(item(&search(&app, &stranger, "q=rahmawati").await, &on_a).is_none());

    // Characters that mean something to the index or to LIKE are plain text.
    for q in ["%25%25%25", "___", "%22%22%22", "a%20OR%20b", "NEAR(x)"] {
        let page = search(&app, &admin, &format!("q={q}")).await;
        assert!(threads_of(&page).is_empty(), "{q}: {page}");
    }
}

async fn a_name_on_many_chats_lists_them_newest_first(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let admin = app.login(ADMIN.0, ADMIN.1).await;
    // More chats share the name than the index lists one by one: the list's own order
    // finds them, newest first, page after page.
    let n = 1_030;
    let now = chrono::Utc::now();
    let rows: Vec<threads::ActiveModel> = (0..n)
        .map(|i| {
            let number = format!("62813900{i:05}");
            let at = now - chrono::Duration::seconds(i64::from(i));
            threads::ActiveModel {
                id: sea_orm::Set(format!("acc-003:{number}")),
                account_id: sea_orm::Set("acc-003".into()),
                contact_number: sea_orm::Set(number),
                profile_name: sea_orm::Set(Some(format!("Pelanggan Setia {i}"))),
                last_message_at: sea_orm::Set(Some(at)),
                last_message_preview: sea_orm::Set(Some("Halo".into())),
                escalation_count: sea_orm::Set(0),
                escalation_state: sea_orm::Set(app::domain::EscalationState::None),
                unread_count: sea_orm::Set(0),
                last_inbound_auto_reply: sea_orm::Set(false),
                created_at: sea_orm::Set(at),
                updated_at: sea_orm::Set(at),
                ..Default::default()
            }
        })
        .collect();
    for chunk in rows.chunks(200) {
        threads::Entity::insert_many(chunk.to_vec())
            .exec(app.db())
            .await
            .expect("insert threads");
    }
    let mut seen = Vec::new();
    let mut query = "q=pelanggan%20setia&limit=200".to_owned();
    loop {
        let page = search(&app, &admin, &query).await;
        seen.extend(threads_of(&page));
        match page["nextCursor"].as_str() {
            Some(c) => query = format!("q=pelanggan%20setia&limit=200&cursor={c}"),
            None => break,
        }
    }
    let expected: Vec<String> = (0..n).map(|i| format!("acc-003:62813900{i:05}")).collect();
    assert_eq!(seen, expected);
    // One of them by a rarer piece of its name.
    let page = search(&app, &admin, "q=setia%201029").await;
    assert_eq!(threads_of(&page), ["acc-003:6281390001029"]);
}

/// Found by Schemathesis: a NUL in the text ended SQLite's search string early (500).
async fn control_characters_in_a_search_are_ignored(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login("admin@serambi.test", "serambi-admin").await;
    for q in [
        "%05%F1%99%88%B5R%00%C3%92",
        "Bud%00i",
        "%00%00%00",
        "ha%0Alo%09x",
        "%22%00%22",
    ] {
        for path in ["/api/inbox/chats", "/api/conversations"] {
            let res = app
                .call(Method::GET, &format!("{path}?q={q}"), None, Some(&cookie))
                .await;
            assert_eq!(res.status, StatusCode::OK, "{path}?q={q}: {}", res.body);
        }
    }
    // The rest of the text still searches: "Budi" with a NUL in the middle finds nothing
    // wrongly, and a clean query still finds Budi.
    assert!(!threads_of(&search(&app, &cookie, "q=Budi").await).is_empty());
}

/// Found by fuzzing (fuzz/fuzz_targets/search_text.rs): a NUL in a webhook's text was
/// refused by PostgreSQL (so the message was never stored, and Twilio retried it), and
/// on SQLite it hid the rest of the message from search.
async fn a_message_with_a_nul_is_stored_and_found_whole(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login("admin@serambi.test", "serambi-admin").await;
    let res = app
        .inbound(
            &sid(),
            "6281390004321",
            ACCOUNTS[0].2,
            "promo\0sepatu-kulit-qzx\0",
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let found = search(&app, &cookie, "q=sepatu-kulit-qzx").await;
    assert_eq!(threads_of(&found), ["acc-001:6281390004321"], "{found}");
}

on_both_backends!(
    a_message_with_a_nul_is_stored_and_found_whole,
    control_characters_in_a_search_are_ignored,
    a_word_anywhere_in_a_history_finds_its_chat,
    hits_page_on_without_repeating_a_chat,
    a_contact_is_found_by_its_number_and_names,
    a_name_on_many_chats_lists_them_newest_first,
);
