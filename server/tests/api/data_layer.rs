//! The schema and the chat-list query, on SQLite and PostgreSQL: constraints that make
//! wrong states impossible, the demo data, and who sees which threads.

use crate::helpers::{Backend, TestApp};
use app::{
    auth::{CurrentUser, Role},
    db::{accounts, agents, assignment_events, contacts, messages, threads},
    demo,
    inbox::{ChatListQuery, OwnerFilter, ssr::chat_list},
};
use chrono::Utc;
use migrations::MigratorTrait;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::collections::HashSet;

/// Tables the product cannot work without; the migrations may create more (search
/// indexes, audit trails), and every one of them must go on the way down.
const TABLES: [&str; 22] = [
    "accounts",
    "agents",
    "sessions",
    "rotation_state",
    "contacts",
    "threads",
    "templates",
    "messages",
    "message_media",
    "blocked_messages",
    "spam_keywords",
    "labels",
    "thread_labels",
    "assignment_events",
    "daily_analytics",
    "settings",
    "notifications",
    "events",
    "account_members",
    "audit_log",
    "first_responses",
    "agent_daily",
];

/// Every table in the database but the migrator's own bookkeeping, read from the
/// database's catalogue (so a table a new migration adds is counted without a list).
async fn tables_in(db: &sea_orm::DatabaseConnection) -> Vec<String> {
    use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY name"
        }
        _ => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_name <> 'seaql_migrations' \
             ORDER BY table_name"
        }
    };
    db.query_all(Statement::from_string(backend, sql))
        .await
        .expect("catalogue")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("name"))
        .collect()
}

async fn migrations_create_every_table_and_can_be_reverted(backend: Backend) {
    let Some(app) = TestApp::start(backend, &[("SERAMBI_DEMO", "0")]).await else {
        return;
    };
    let created = tables_in(app.db()).await;
    for table in TABLES {
        assert!(
            created.iter().any(|t| t == table),
            "missing table {table} in {created:?}"
        );
    }
    let status = migrations::Migrator::get_pending_migrations(app.db())
        .await
        .expect("status");
    assert!(status.is_empty(), "pending migrations after start-up");
    migrations::Migrator::down(app.db(), None)
        .await
        .expect("down");
    let left = tables_in(app.db()).await;
    assert!(
        left.is_empty(),
        "left behind by the migrations' down: {left:?}"
    );
    migrations::Migrator::up(app.db(), None)
        .await
        .expect("up again");
    assert_eq!(tables_in(app.db()).await, created, "up after down differs");
}

async fn demo_data_has_the_shared_number_as_two_threads_with_one_owner(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    // Seeding again changes nothing.
    assert!(!demo::seed(app.db()).await.expect("seed"));
    let shared = threads::Entity::find()
        .filter(threads::Column::ContactNumber.eq(demo::SHARED_NUMBER))
        .all(app.db())
        .await
        .expect("query");
    let accounts: HashSet<_> = shared.iter().map(|t| t.account_id.as_str()).collect();
    assert_eq!(accounts, HashSet::from(["acc-001", "acc-002"]));
    assert!(
        shared
            .iter()
            .all(|t| t.id == format!("{}:{}", t.account_id, t.contact_number))
    );
    assert_eq!(shared[0].owner_id, shared[1].owner_id, "sticky owner");
    let reasons: HashSet<String> = assignment_events::Entity::find()
        .filter(assignment_events::Column::ThreadId.is_in(shared.iter().map(|t| t.id.clone())))
        .all(app.db())
        .await
        .expect("events")
        .into_iter()
        .map(|e| e.reason.as_str().to_owned())
        .collect();
    assert_eq!(
        reasons,
        HashSet::from(["round_robin".to_owned(), "sticky".to_owned()])
    );
    assert!(shared[0].owner_id.is_some());

    let thread_count = threads::Entity::find()
        .count(app.db())
        .await
        .expect("count");
    assert!(
        (24..=60).contains(&thread_count),
        "{thread_count} demo threads"
    );
    assert_eq!(
        accounts::Entity::find()
            .count(app.db())
            .await
            .expect("count"),
        3
    );
    assert_eq!(
        agents::Entity::find().count(app.db()).await.expect("count"),
        4
    );
    // Every thread has its messages and a consistent preview.
    for t in threads::Entity::find()
        .all(app.db())
        .await
        .expect("threads")
    {
        let n = messages::Entity::find()
            .filter(messages::Column::ThreadId.eq(t.id.as_str()))
            .count(app.db())
            .await
            .expect("count");
        assert!(n > 0, "{} has no messages", t.id);
        assert!(t.last_message_at.is_some() && t.last_message_preview.is_some());
    }
}

fn thread(account: &str, number: &str) -> threads::ActiveModel {
    let now = Utc::now();
    threads::ActiveModel {
        id: Set(format!("{account}:{number}")),
        account_id: Set(account.into()),
        contact_number: Set(number.into()),
        escalation_count: Set(0),
        escalation_state: Set(app::domain::EscalationState::None),
        unread_count: Set(0),
        last_message_at: Set(Some(now)),
        last_inbound_auto_reply: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

fn message(thread_id: &str, account: &str, provider_id: &str) -> messages::ActiveModel {
    let now = Utc::now();
    messages::ActiveModel {
        thread_id: Set(thread_id.into()),
        account_id: Set(account.into()),
        direction: Set(app::domain::Direction::Inbound),
        message_type: Set(app::domain::MessageType::Text),
        body: Set("halo".into()),
        provider_message_id: Set(Some(provider_id.into())),
        status: Set(app::domain::MessageStatus::Received),
        template_credited: Set(false),
        is_auto_reply: Set(false),
        attempts: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn constraints_refuse_wrong_states(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let db = app.db();
    // One thread per account and number; a second id for the same pair is refused.
    let mut dup = thread("acc-001", demo::SHARED_NUMBER);
    dup.id = Set(format!("acc-001:{}-copy", demo::SHARED_NUMBER));
    assert!(
        dup.insert(db).await.is_err(),
        "duplicate account+number accepted"
    );
    // A thread of an account that does not exist.
    assert!(thread("acc-999", "6281399998888").insert(db).await.is_err());
    // A message of a thread that does not exist.
    assert!(
        message("acc-001:6289900001111", "acc-001", "SMx1")
            .insert(db)
            .await
            .is_err()
    );

    // A provider message id is stored once per account...
    thread("acc-001", "6281399998888")
        .insert(db)
        .await
        .expect("thread a");
    thread("acc-002", "6281399998888")
        .insert(db)
        .await
        .expect("thread b");
    message("acc-001:6281399998888", "acc-001", "SMsame")
        .insert(db)
        .await
        .expect("first");
    assert!(
        message("acc-001:6281399998888", "acc-001", "SMsame")
            .insert(db)
            .await
            .is_err(),
        "duplicate MessageSid on one account accepted"
    );
    // ...but another account may have the same id.
    message("acc-002:6281399998888", "acc-002", "SMsame")
        .insert(db)
        .await
        .expect("other account");

    // Enumerations and ranges.
    // The typed model cannot name an unknown status: the database must refuse one
    // written by hand.
    message("acc-001:6281399998888", "acc-001", "SMbad")
        .insert(db)
        .await
        .expect("a known status");
    assert!(
        sea_orm::ConnectionTrait::execute_unprepared(
            db,
            "UPDATE messages SET status = 'lost' WHERE provider_message_id = 'SMbad'"
        )
        .await
        .is_err(),
        "unknown status accepted"
    );
    let mut negative = thread("acc-003", "6281399997777");
    negative.unread_count = Set(-1);
    assert!(
        negative.insert(db).await.is_err(),
        "negative unread count accepted"
    );
    let now = Utc::now();
    let contact = |rating: Option<f64>, lat: Option<f64>| contacts::ActiveModel {
        phone_number: Set(format!("62813{:08}", rand::random::<u32>() % 100_000_000)),
        name: Set("Uji".into()),
        rating: Set(rating),
        latitude: Set(lat),
        is_business: Set(false),
        has_received_message: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    assert!(
        contact(Some(6.0), None).insert(db).await.is_err(),
        "rating 6 accepted"
    );
    assert!(
        contact(None, Some(91.0)).insert(db).await.is_err(),
        "latitude 91 accepted"
    );
    contact(Some(4.2), Some(-6.2))
        .insert(db)
        .await
        .expect("valid contact");

    // An account with threads cannot be deleted (deactivate it instead).
    assert!(
        accounts::Entity::delete_by_id("acc-001")
            .exec(db)
            .await
            .is_err()
    );
}

fn viewer(id: i64, role: Role) -> CurrentUser {
    CurrentUser {
        id,
        name: "x".into(),
        email: "x@y.z".into(),
        role,
    }
}

async fn the_chat_list_shows_each_viewer_what_they_may_see(backend: Backend) {
    let Some(app) = TestApp::demo(backend).await else {
        return;
    };
    let db = app.db();
    let agent1 = agents::Entity::find()
        .filter(agents::Column::Email.eq("agent1@serambi.test"))
        .one(db)
        .await
        .expect("query")
        .expect("agent1");
    let admin = viewer(999_999, Role::Admin);
    let all_query = ChatListQuery {
        limit: Some(200),
        ..Default::default()
    };
    let everything = chat_list(db, &admin, &all_query).await.expect("admin list");
    let total = threads::Entity::find().count(db).await.expect("count") as usize;
    assert_eq!(everything.items.len(), total);

    // An agent sees only their own threads, even when asking for all.
    let own = chat_list(db, &viewer(agent1.id, Role::Agent), &all_query)
        .await
        .expect("agent list");
    assert!(!own.items.is_empty());
    assert!(own.items.iter().all(|c| c.owner_id == Some(agent1.id)));
    let shared: Vec<_> = own
        .items
        .iter()
        .filter(|c| c.contact_number == demo::SHARED_NUMBER)
        .map(|c| c.account_name.as_str())
        .collect();
    assert_eq!(
        shared.len(),
        2,
        "agent1 sees both threads of the shared number"
    );

    // Newest first.
    let times: Vec<_> = everything.items.iter().map(|c| c.last_message_at).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "not sorted");

    // Account filter.
    let one = ChatListQuery {
        accounts: vec!["acc-002".into()],
        limit: Some(200),
        ..Default::default()
    };
    let only_b = chat_list(db, &admin, &one).await.expect("filtered");
    assert!(!only_b.items.is_empty());
    assert!(
        only_b
            .items
            .iter()
            .all(|c| c.account_id == "acc-002" && c.account_name == "Toko B")
    );

    // Unassigned and unread filters.
    let unassigned = ChatListQuery {
        owner: OwnerFilter::Unassigned,
        ..Default::default()
    };
    assert!(
        chat_list(db, &admin, &unassigned)
            .await
            .expect("list")
            .items
            .is_empty()
    );
    let unread = ChatListQuery {
        unread: true,
        limit: Some(200),
        ..Default::default()
    };
    let unread_items = chat_list(db, &admin, &unread).await.expect("list").items;
    assert!(!unread_items.is_empty() && unread_items.iter().all(|c| c.unread_count > 0));

    // Saved contact names win over WhatsApp profile names.
    assert!(
        everything
            .items
            .iter()
            .any(|c| c.contact_name.as_deref() == Some("Budi Santoso"))
    );

    // Cursor paging visits every thread exactly once.
    let mut seen = Vec::new();
    let mut cursor = None;
    loop {
        let q = ChatListQuery {
            limit: Some(7),
            cursor: cursor.clone(),
            ..Default::default()
        };
        let page = chat_list(db, &admin, &q).await.expect("page");
        assert!(page.items.len() <= 7);
        seen.extend(page.items.into_iter().map(|c| c.thread_id));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    let unique: HashSet<_> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (total, total));

    let bad = ChatListQuery {
        cursor: Some("garbage".into()),
        ..Default::default()
    };
    assert_eq!(
        chat_list(db, &admin, &bad)
            .await
            .map_err(|e| e.code())
            .err(),
        Some("validation")
    );
}

on_both_backends!(
    migrations_create_every_table_and_can_be_reverted,
    demo_data_has_the_shared_number_as_two_threads_with_one_owner,
    constraints_refuse_wrong_states,
    the_chat_list_shows_each_viewer_what_they_may_see,
);

#[tokio::test]
async fn a_database_that_cannot_be_opened_stops_start_up_with_a_clear_message() {
    let config = server::config::Config::from_lookup(|name| {
        (name == "DATABASE_URL").then(|| "postgres://nobody@127.0.0.1:1/none".to_owned())
    })
    .expect("valid config");
    let err = server::startup::open_database(&config)
        .await
        .expect_err("must fail");
    assert!(
        err.to_string().contains("cannot connect to PostgreSQL"),
        "{err:#}"
    );
}

/// Makes SQLite tell `waiting` each time `conn` has to wait for a lock (its busy
/// handler), instead of waiting silently; it still waits, for up to a minute.
async fn signal_when_busy(
    conn: &mut sea_orm::sqlx::SqliteConnection,
) -> &'static tokio::sync::Notify {
    use std::ffi::{c_int, c_void};
    unsafe extern "C" fn on_busy(arg: *mut c_void, tries: c_int) -> c_int {
        // SAFETY: `arg` is the leaked `Notify` below, alive for the whole program.
        let waiting = unsafe { &*(arg as *const tokio::sync::Notify) };
        waiting.notify_one();
        std::thread::sleep(std::time::Duration::from_millis(2));
        c_int::from(tries < 30_000)
    }
    let waiting: &'static tokio::sync::Notify = Box::leak(Box::default());
    let mut handle = conn.lock_handle().await.expect("the connection's handle");
    // SAFETY: the handle is a live connection, which the lock guard keeps to itself
    // while the handler is set; the handler's argument outlives the connection.
    let rc = unsafe {
        libsqlite3_sys::sqlite3_busy_handler(
            handle.as_raw_handle().as_ptr(),
            Some(on_busy),
            waiting as *const tokio::sync::Notify as *mut c_void,
        )
    };
    assert_eq!(rc, libsqlite3_sys::SQLITE_OK, "busy handler");
    waiting
}

/// A gated write transaction on SQLite holds the write lock from its first statement:
/// a writer outside the gate waits for it instead of committing between the
/// transaction's read and its write (which would fail it with `SQLITE_BUSY_SNAPSHOT`).
#[tokio::test]
async fn a_gated_transaction_on_sqlite_is_never_overtaken_by_another_writer() {
    use sea_orm::{ConnectionTrait, sqlx::Connection as _};
    let Some(app) = TestApp::demo(Backend::Sqlite).await else {
        return;
    };
    let gate = app.state.runtime.write_gate.clone();
    let (guard, txn) = gate.begin(app.db()).await.expect("begin");
    let before = app::db::agents::Entity::find()
        .all(&txn)
        .await
        .expect("read in the transaction");
    // The writer outside the gate: one of the app's own connections, taken out of its
    // pool so that the busy handler set on it goes nowhere else.
    let mut conn = app
        .db()
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .expect("a connection")
        .detach();
    let waiting = signal_when_busy(&mut conn).await;
    let mut outside = tokio::spawn(async move {
        let done = sea_orm::sqlx::query("UPDATE agents SET name = name || ' (luar)'")
            .execute(&mut conn)
            .await
            .map(|r| r.rows_affected());
        let _ = conn.close().await;
        done
    });
    // SQLite itself says the outside writer is waiting for the lock; had it got
    // through, it would finish instead.
    tokio::select! {
        () = waiting.notified() => {}
        done = &mut outside => panic!("the outside writer did not wait for the lock: {done:?}"),
    }
    txn.execute_unprepared("UPDATE agents SET name = name || ' (gerbang)'")
        .await
        .expect("the write after a read succeeds");
    txn.commit().await.expect("commit");
    drop(guard);
    let changed = outside
        .await
        .expect("join")
        .expect("the outside write runs afterwards");
    assert_eq!(changed, before.len() as u64);
    assert!(!before.is_empty());
    // Both writes landed, the gated one first.
    for agent in app::db::agents::Entity::find()
        .all(app.db())
        .await
        .expect("agents")
    {
        assert!(agent.name.ends_with(" (gerbang) (luar)"), "{}", agent.name);
    }
}
