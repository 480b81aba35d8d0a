//! Inbound writers racing: Twilio's retry of a webhook landing on another instance at
//! the same moment, and a batch that loses a unique key to another writer. One message,
//! one lead, and every request answered 200. SQLite and PostgreSQL (the lost-key batch
//! on PostgreSQL, the only database where two writers' inserts can meet).

use crate::helpers::{Backend, TestApp, sid};
use app::{
    db::{assignment_events, messages, threads},
    demo::ACCOUNTS,
    messaging::ssr::inbound::{InboundOutcome, Routed, receive, receive_many},
};
use axum::http::StatusCode;
use futures::future::join_all;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};

const TOKO_A: &str = ACCOUNTS[0].2;

async fn the_same_message_on_two_servers_at_once_is_stored_once(backend: Backend) {
    let Some(a) = TestApp::demo(backend).await else {
        return;
    };
    let b = a.second_server().await;
    let customers: Vec<(String, String)> = (0..25)
        .map(|i| (sid(), format!("62813977{i:05}")))
        .collect();
    // Every webhook twice, once on each server, all at the same time.
    let requests = customers.iter().flat_map(|(sid, from)| {
        [
            a.inbound(sid, from, TOKO_A, "Halo, kembar?"),
            b.inbound(sid, from, TOKO_A, "Halo, kembar?"),
        ]
    });
    for res in join_all(requests).await {
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    for (sid, from) in &customers {
        let stored = messages::Entity::find()
            .filter(messages::Column::ProviderMessageId.eq(sid.as_str()))
            .count(a.db())
            .await
            .expect("count");
        assert_eq!(stored, 1, "{sid}");
        let thread_id = format!("{}:{from}", ACCOUNTS[0].0);
        let thread = threads::Entity::find_by_id(thread_id.clone())
            .one(a.db())
            .await
            .expect("query")
            .expect("thread");
        assert_eq!(thread.unread_count, 1, "{thread_id}");
        let assigned = assignment_events::Entity::find()
            .filter(assignment_events::Column::ThreadId.eq(thread_id.as_str()))
            .count(a.db())
            .await
            .expect("count");
        assert_eq!(assigned, 1, "{thread_id}: one lead, assigned once");
    }
}

/// Inbound message `i` from a new customer to Toko A, with `sid`, ready to store.
async fn routed(app: &TestApp, sid: &str, i: usize) -> Routed {
    let from = format!("62813966{i:05}");
    crate::inbound_batch::routed(app, sid, &from, TOKO_A, &format!("Halo, pesan ke-{i}")).await
}

/// Another writer (another server's connection) inserts a message with `sid` and
/// holds it uncommitted.
async fn hold(app: &TestApp, other: &TestApp, sid: &str) -> sea_orm::DatabaseTransaction {
    let txn = other.db().begin().await.expect("begin");
    let existing = messages::Entity::find()
        .filter(messages::Column::AccountId.eq(ACCOUNTS[0].0))
        .one(app.db())
        .await
        .expect("query")
        .expect("a demo message");
    let mut taken: messages::ActiveModel = existing.into();
    taken.id = sea_orm::ActiveValue::NotSet;
    taken.provider_message_id = Set(Some(sid.to_owned()));
    taken.insert(&txn).await.expect("the other writer's insert");
    txn
}

async fn count_of(app: &TestApp, sid: &str) -> u64 {
    messages::Entity::find()
        .filter(messages::Column::ProviderMessageId.eq(sid))
        .count(app.db())
        .await
        .expect("count")
}

/// A message whose `MessageSid` another writer stores while it waits on the unique key:
/// in a batch, the batch gives way and every message is stored on its own; alone, it
/// is answered as the duplicate it is.
async fn a_writer_that_loses_a_unique_key_gives_way(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let other = app.second_server().await;
    let sids: Vec<String> = (0..3).map(|_| sid()).collect();
    let mut batch = Vec::new();
    for (i, sid) in sids.iter().enumerate() {
        batch.push(routed(&app, sid, i).await);
    }
    let txn = hold(&app, &other, &sids[0]).await;
    let (db, gate) = (app.db().clone(), app.state.runtime.write_gate.clone());
    let stored = tokio::spawn(async move { receive_many(&db, &gate, &batch).await });
    crate::helpers::lock_waiters_reach(&app, 1).await;
    txn.commit().await.expect("commit");
    let outcomes = stored.await.expect("join");
    assert!(
        matches!(outcomes[0], Ok(InboundOutcome::Duplicate)),
        "{:?}",
        outcomes[0]
    );
    for outcome in &outcomes[1..] {
        assert!(
            matches!(outcome, Ok(InboundOutcome::Stored { new_lead: true, .. })),
            "{outcome:?}"
        );
    }
    for sid in &sids {
        assert_eq!(count_of(&app, sid).await, 1, "{sid}");
    }

    // One message on its own.
    let single = sid();
    let message = routed(&app, &single, 3).await;
    let txn = hold(&app, &other, &single).await;
    let (db, gate) = (app.db().clone(), app.state.runtime.write_gate.clone());
    let stored = tokio::spawn(async move { receive(&db, &gate, &message).await });
    crate::helpers::lock_waiters_reach(&app, 1).await;
    txn.commit().await.expect("commit");
    let outcome = stored.await.expect("join");
    assert!(
        matches!(outcome, Ok(InboundOutcome::Duplicate)),
        "{outcome:?}"
    );
    assert_eq!(count_of(&app, &single).await, 1);
}

on_both_backends!(the_same_message_on_two_servers_at_once_is_stored_once);

mod a_writer_that_loses_a_unique_key_gives_way {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn on_postgres() {
        super::a_writer_that_loses_a_unique_key_gives_way(crate::helpers::Backend::Postgres).await;
    }
}
