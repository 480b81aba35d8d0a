//! The queries on the hot paths use indexes. Every statement that an inbound webhook
//! (new lead, repeat, spam), a reply, the outbox, a status callback, the chat list, a
//! thread's history, marking read, the realtime catch-up and the escalation run send is
//! recorded, then explained by the database itself; none may read the whole of
//! `messages`, `threads` or `events`, which grow without bound.

use crate::helpers::{Backend, TestApp, sid};
use app::{
    auth::{CurrentUser, Role},
    db::messages,
    demo::ACCOUNTS,
    messaging::ssr::outbox,
    realtime::ssr::catch_up,
};
use axum::http::{Method, StatusCode};
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    Statement, TransactionTrait,
};

/// Tables whose full scan is a defect: they hold every message, conversation and event.
const GROWING: [&str; 3] = ["messages", "threads", "events"];

/// The lines of `statement`'s plan that read a whole growing table.
async fn full_scans(db: &DatabaseConnection, statement: &Statement) -> Vec<String> {
    let sql = statement.sql.trim_start();
    let head = sql
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    if !matches!(head.as_str(), "SELECT" | "UPDATE" | "DELETE" | "WITH") {
        return Vec::new();
    }
    let explain = |prefix: &str| Statement {
        sql: format!("{prefix} {sql}"),
        values: statement.values.clone(),
        db_backend: statement.db_backend,
    };
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let rows = db
                .query_all(explain("EXPLAIN QUERY PLAN"))
                .await
                .unwrap_or_else(|e| panic!("explain {sql}: {e}"));
            let limited = sql.to_ascii_uppercase().contains(" LIMIT ");
            rows.iter()
                .filter_map(|r| r.try_get::<String>("", "detail").ok())
                .filter(|d| sqlite_full_scan(d, limited))
                .collect()
        }
        _ => {
            // Tiny test tables make a sequential scan the cheapest plan; with it
            // priced out, PostgreSQL still picks one only when no index serves.
            let txn = db.begin().await.expect("begin");
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .expect("set");
            let rows = txn
                .query_all(explain("EXPLAIN (FORMAT JSON)"))
                .await
                .unwrap_or_else(|e| panic!("explain {sql}: {e}"));
            txn.rollback().await.expect("rollback");
            let mut scans = Vec::new();
            let mut lookups = Vec::new();
            for row in rows {
                let plan: serde_json::Value = row.try_get("", "QUERY PLAN").expect("plan");
                for root in plan.as_array().into_iter().flatten() {
                    postgres_full_scans(&root["Plan"], false, &mut scans);
                    index_lookups(&root["Plan"], &mut lookups);
                }
            }
            // An index searched on a column other than its first is read whole.
            for (index, cond) in lookups {
                let first = leading_column(db, &index).await;
                if !cond.contains(&first) {
                    scans.push(format!("all of {index} for {cond}"));
                }
            }
            scans
        }
    }
}

/// The `(index, condition)` of every index search on a growing table in a plan.
fn index_lookups(node: &serde_json::Value, out: &mut Vec<(String, String)>) {
    if let (Some(table), Some(index), Some(cond)) = (
        node["Relation Name"].as_str(),
        node["Index Name"].as_str(),
        node["Index Cond"].as_str(),
    ) && GROWING.contains(&table)
    {
        out.push((index.to_owned(), cond.to_owned()));
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        index_lookups(child, out);
    }
}

/// The first column of PostgreSQL index `index`, or its expression (`lower(body)`).
async fn leading_column(db: &DatabaseConnection, index: &str) -> String {
    let row = db
        .query_one(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_get_indexdef(c.oid, 1, true) AS name FROM pg_class c \
             WHERE c.relname = $1 AND c.relkind = 'i'",
            [index.into()],
        ))
        .await
        .expect("index columns")
        .unwrap_or_else(|| panic!("no index {index}"));
    row.try_get("", "name").expect("column name")
}

/// Collects the nodes of a PostgreSQL plan that read a whole growing table: a
/// sequential scan, or an index scan with no condition on the index (a walk of all of
/// it) that no `Limit` above it stops early.
fn postgres_full_scans(node: &serde_json::Value, limited: bool, out: &mut Vec<String>) {
    let kind = node["Node Type"].as_str().unwrap_or_default();
    let limited = limited || kind == "Limit";
    if let Some(table) = node["Relation Name"].as_str()
        && GROWING.contains(&table)
    {
        let whole_index = kind.contains("Index") && node.get("Index Cond").is_none();
        if kind == "Seq Scan" || (whole_index && !limited) {
            out.push(format!("{kind} on {table}"));
        }
    }
    for child in node["Plans"].as_array().into_iter().flatten() {
        postgres_full_scans(child, limited, out);
    }
}

/// A SQLite plan line that reads a whole growing table: `SCAN messages` without an
/// index, or a walk of a whole index with nothing to stop it early (no `LIMIT`).
fn sqlite_full_scan(detail: &str, limited: bool) -> bool {
    let Some(rest) = detail.strip_prefix("SCAN ") else {
        return false;
    };
    let rest = rest.strip_prefix("TABLE ").unwrap_or(rest);
    let table = rest.split_whitespace().next().unwrap_or_default();
    if !GROWING.contains(&table) {
        return false;
    }
    !rest.contains("USING") || !limited
}

#[test]
fn a_postgres_plan_node_is_a_full_scan_when_it_reads_a_whole_growing_table() {
    let scans = |plan: serde_json::Value| {
        let mut out = Vec::new();
        postgres_full_scans(&plan, false, &mut out);
        out
    };
    let seq = serde_json::json!({ "Node Type": "Seq Scan", "Relation Name": "messages" });
    assert_eq!(scans(seq), ["Seq Scan on messages"]);
    let walk = serde_json::json!({ "Node Type": "Index Scan", "Relation Name": "threads" });
    assert_eq!(scans(walk.clone()), ["Index Scan on threads"]);
    let page = serde_json::json!({ "Node Type": "Limit", "Plans": [walk] });
    assert!(
        scans(page).is_empty(),
        "a page of an index walk stops early"
    );
    let lookup = serde_json::json!({
        "Node Type": "Index Scan", "Relation Name": "messages", "Index Cond": "(x = $1)"
    });
    assert!(scans(lookup).is_empty());
    let small = serde_json::json!({ "Node Type": "Seq Scan", "Relation Name": "accounts" });
    assert!(scans(small).is_empty());
}

#[test]
fn a_plan_line_is_a_full_scan_when_it_reads_a_whole_growing_table() {
    assert!(sqlite_full_scan("SCAN messages", true));
    assert!(sqlite_full_scan("SCAN TABLE threads", false));
    assert!(sqlite_full_scan(
        "SCAN threads USING INDEX ix_threads_last_message",
        false
    ));
    assert!(!sqlite_full_scan(
        "SCAN threads USING INDEX ix_threads_last_message",
        true
    ));
    assert!(!sqlite_full_scan(
        "SEARCH messages USING INDEX ix_messages_provider_id (provider_message_id=?)",
        false
    ));
    assert!(!sqlite_full_scan("SCAN accounts", false));
    assert!(!sqlite_full_scan("USE TEMP B-TREE FOR ORDER BY", false));
}

async fn hot_paths_never_scan_messages_threads_or_events(backend: Backend) {
    let Some((app, log)) = TestApp::observed(backend, &[("SERAMBI_DEMO", "1")]).await else {
        return;
    };
    let admin = app.login("admin@serambi.test", "serambi-admin").await;
    log.clear();
    let toko_a = ACCOUNTS[0].2;
    let customer = "6281399990001";

    // Inbound: a new lead, a repeat of it, a second message, and spam.
    let first = sid();
    for (message_sid, body) in [
        (first.as_str(), "Halo, mau tanya harga"),
        (first.as_str(), "Halo, mau tanya harga"),
        (&sid(), "Masih ada stok?"),
        (&sid(), "Terima kasih telah menghubungi PT Maju."),
    ] {
        let res = app.inbound(message_sid, customer, toko_a, body).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let thread_id = format!("acc-001:{customer}");

    // A reply, sent by the outbox, and its delivery reports.
    let reply = app
        .call(
            Method::POST,
            &format!("/api/inbox/chats/{thread_id}/reply"),
            Some(serde_json::json!({ "body": "Ada, kak" })),
            Some(&admin),
        )
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    outbox::tick(app.db(), &app.state.runtime, Utc::now())
        .await
        .expect("outbox");
    let sent = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread_id.as_str()))
        .filter(messages::Column::Direction.eq("outbound"))
        .one(app.db())
        .await
        .expect("query")
        .and_then(|m| m.provider_message_id)
        .expect("the reply was handed to the provider");
    let token = app.simulator_token();
    for status in ["sent", "delivered", "read"] {
        let res = app
            .signed_post(
                "/api/whatsapp/status",
                &[("MessageSid", &sent), ("MessageStatus", status)],
                &token,
            )
            .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.body);
    }

    // Reading: the chat list with its common filters, the thread, its history.
    for path in [
        "/api/inbox/chats".to_owned(),
        "/api/inbox/chats?accounts=acc-001".to_owned(),
        "/api/inbox/chats?accounts=acc-001,acc-002".to_owned(),
        "/api/inbox/chats?unread=true".to_owned(),
        "/api/inbox/chats?owner=unassigned".to_owned(),
        // Searches: a number's digits and a name (the contact indexes), a word in the
        // history (the message index), and a later page of message hits.
        "/api/inbox/chats?q=62812".to_owned(),
        "/api/inbox/chats?q=budi".to_owned(),
        "/api/inbox/chats?q=terima%20kasih".to_owned(),
        "/api/inbox/chats?q=terima&cursor=m.999999999".to_owned(),
        format!("/api/inbox/chats/{thread_id}/messages"),
    ] {
        let res = app.call(Method::GET, &path, None, Some(&admin)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    }
    let inbound = messages::Entity::find()
        .filter(messages::Column::ThreadId.eq(thread_id.as_str()))
        .filter(messages::Column::Direction.eq("inbound"))
        .one(app.db())
        .await
        .expect("query")
        .expect("an inbound message");
    let read = app
        .call(
            Method::PATCH,
            &format!("/api/inbox/messages/{}/read", inbound.id),
            None,
            Some(&admin),
        )
        .await;
    assert!(read.status.is_success(), "{}", read.body);

    // Workers and realtime: the escalation run and a reconnecting browser's catch-up.
    app::escalation::ssr::run(
        app.db(),
        &app.state.runtime.write_gate,
        Utc::now() + Duration::hours(3),
    )
    .await
    .expect("escalation");
    let viewer = CurrentUser {
        id: 1,
        name: "Agen".into(),
        email: "agent1@serambi.test".into(),
        role: Role::Agent,
    };
    catch_up(app.db(), 1, &viewer, 500).await.expect("catch-up");

    let statements = log.take();
    assert!(
        statements.len() > 40,
        "too few statements recorded ({}): is the log wired?",
        statements.len()
    );
    let mut scans = Vec::new();
    for statement in &statements {
        for line in full_scans(app.db(), statement).await {
            scans.push(format!("{line}\n    in: {}", statement.sql));
        }
    }
    assert!(
        scans.is_empty(),
        "{} statement(s) read a whole growing table:\n{}",
        scans.len(),
        scans.join("\n")
    );
}

on_both_backends!(hot_paths_never_scan_messages_threads_or_events);

/// The whole plan of `statement` as text (on PostgreSQL with sequential scans priced
/// out, as tiny test tables would otherwise always get one).
async fn plan_text(db: &DatabaseConnection, statement: &Statement) -> String {
    let explain = |prefix: &str| Statement {
        sql: format!("{prefix} {}", statement.sql),
        values: statement.values.clone(),
        db_backend: statement.db_backend,
    };
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => db
            .query_all(explain("EXPLAIN QUERY PLAN"))
            .await
            .unwrap_or_else(|e| panic!("explain {}: {e}", statement.sql))
            .iter()
            .filter_map(|r| r.try_get::<String>("", "detail").ok())
            .collect::<Vec<_>>()
            .join("\n"),
        _ => {
            let txn = db.begin().await.expect("begin");
            txn.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .expect("set");
            let rows = txn
                .query_all(explain("EXPLAIN (FORMAT JSON)"))
                .await
                .unwrap_or_else(|e| panic!("explain {}: {e}", statement.sql));
            txn.rollback().await.expect("rollback");
            rows.iter()
                .map(|r| {
                    r.try_get::<serde_json::Value>("", "QUERY PLAN")
                        .expect("plan")
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

/// Leads that were never answered stay unanswered forever, marked overdue once
/// escalated as often as allowed; the worker's look for due leads, run every few
/// seconds, must read only the leads it may still act on (the partial index
/// `ix_threads_due`), never that growing history.
async fn the_escalation_worker_reads_only_live_leads(backend: Backend) {
    let Some((app, log)) = TestApp::observed(backend, &[("SERAMBI_DEMO", "1")]).await else {
        return;
    };
    log.clear();
    app::escalation::ssr::run(
        app.db(),
        &app.state.runtime.write_gate,
        Utc::now() + Duration::hours(3),
    )
    .await
    .expect("escalation");
    let due_queries: Vec<Statement> = log
        .take()
        .into_iter()
        .filter(|s| s.sql.contains("escalation_state <> 'overdue'"))
        .collect();
    assert!(
        !due_queries.is_empty(),
        "the escalation run sent no query for due leads"
    );
    for statement in &due_queries {
        let plan = plan_text(app.db(), statement).await;
        assert!(
            plan.contains("ix_threads_due"),
            "the look for due leads does not use ix_threads_due:\n{plan}\n    in: {}",
            statement.sql
        );
    }
}

on_both_backends!(the_escalation_worker_reads_only_live_leads);
