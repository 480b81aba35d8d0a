//! The chat-list query on SQLite and PostgreSQL: several accounts are read per account
//! and merged; paging through them must give exactly the threads of those accounts,
//! newest first, each once.

use crate::helpers::{Backend, TestApp};
use app::{
    auth::{CurrentUser, Role},
    inbox::{ChatListQuery, ssr::chat_list},
};

fn admin() -> CurrentUser {
    CurrentUser {
        id: 1,
        name: "Admin".into(),
        email: "admin@serambi.test".into(),
        role: Role::Admin,
    }
}

async fn all_pages(app: &TestApp, mut query: ChatListQuery) -> Vec<String> {
    let mut ids = Vec::new();
    loop {
        let page = chat_list(app.db(), &admin(), &query).await.expect("page");
        ids.extend(page.items.into_iter().map(|c| c.thread_id));
        match page.next_cursor {
            Some(next) => query.cursor = Some(next),
            None => return ids,
        }
    }
}

async fn several_accounts_page_like_one_list(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let everything = all_pages(&app, ChatListQuery::default()).await;
    let wanted: Vec<String> = everything
        .iter()
        .filter(|id| id.starts_with("acc-001:") || id.starts_with("acc-003:"))
        .cloned()
        .collect();
    assert!(wanted.len() > 6, "demo data has threads on both accounts");
    let merged = all_pages(
        &app,
        ChatListQuery {
            accounts: vec!["acc-003".into(), "acc-001".into(), "acc-001".into()],
            limit: Some(4),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(merged, wanted);
}

/// Each account is an index range of its own, and a request naming thousands would make
/// thousands of queries: a list's accounts and labels are capped.
async fn a_list_names_at_most_fifty_accounts_and_labels(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let cookie = app.login("admin@serambi.test", "serambi-admin").await;
    let names = |n: usize, f: fn(usize) -> String| (0..n).map(f).collect::<Vec<_>>().join(",");
    let accounts = |n| names(n, |i| format!("acc-{i:03}"));
    let labels = |n| names(n, |i| (i + 1).to_string());
    for (path, ok) in [
        (format!("/api/inbox/chats?accounts={}", accounts(50)), true),
        (format!("/api/inbox/chats?accounts={}", accounts(51)), false),
        (format!("/api/inbox/chats?labels={}", labels(50)), true),
        (format!("/api/inbox/chats?labels={}", labels(51)), false),
        (
            format!("/api/inbox/chats?accounts={}", accounts(5000)),
            false,
        ),
    ] {
        let res = app
            .call(axum::http::Method::GET, &path, None, Some(&cookie))
            .await;
        if ok {
            assert_eq!(res.status, axum::http::StatusCode::OK, "{}", res.body);
        } else {
            assert_eq!(
                res.status,
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                res.body
            );
            assert!(res.body.contains("at most 50"), "{}", res.body);
        }
    }
}

on_both_backends!(
    several_accounts_page_like_one_list,
    a_list_names_at_most_fifty_accounts_and_labels,
);
