//! Search text, through the same steps as the chat list's search (control characters
//! out, trimmed, three characters or more, quoted as one FTS5 phrase), against a real
//! SQLite trigram index: never a syntax error, and a message that contains the text is
//! always found.
#![no_main]

use app::{
    inbox::{SEARCH_MIN_CHARS, search_ssr::fts_phrase, ssr::without_control_characters},
    messaging::ssr::inbound_form::without_nul,
};
use libfuzzer_sys::fuzz_target;
use sqlx::{Connection, SqliteConnection};
use std::cell::RefCell;
use tokio::runtime::{Builder, Runtime};

thread_local! {
    static DB: RefCell<Option<(Runtime, SqliteConnection)>> = const { RefCell::new(None) };
}

async fn open() -> SqliteConnection {
    let mut conn = SqliteConnection::connect("sqlite::memory:")
        .await
        .expect("in-memory SQLite");
    // As in the message-search migration: trigrams, case-insensitive.
    sqlx::query("CREATE VIRTUAL TABLE messages_fts USING fts5(body, tokenize='trigram')")
        .execute(&mut conn)
        .await
        .expect("the index");
    conn
}

async fn check(conn: &mut SqliteConnection, around: &str, typed: &str) {
    let cleaned = without_control_characters(typed);
    let q = cleaned.trim();
    if q.chars().count() < SEARCH_MIN_CHARS {
        return;
    }
    // A message as the server stores it: the webhook takes NUL characters out.
    let stored = without_nul(&[(String::new(), format!("{around}{q}{around}"))]);
    let body = &stored[0].1;
    sqlx::query("INSERT INTO messages_fts (rowid, body) VALUES (1, ?)")
        .bind(body)
        .execute(&mut *conn)
        .await
        .expect("insert");
    let found: Result<Vec<(i64,)>, _> =
        sqlx::query_as("SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?")
            .bind(fts_phrase(q))
            .fetch_all(&mut *conn)
            .await;
    sqlx::query("DELETE FROM messages_fts")
        .execute(&mut *conn)
        .await
        .expect("delete");
    let found = found.unwrap_or_else(|e| panic!("{typed:?} -> {}: {e}", fts_phrase(q)));
    assert_eq!(found, vec![(1,)], "{typed:?} not found in {body:?}");
}

fuzz_target!(|input: (&str, &str)| {
    let (around, typed) = input;
    DB.with(|cell| {
        let mut slot = cell.borrow_mut();
        let (runtime, conn) = slot.get_or_insert_with(|| {
            let runtime = Builder::new_current_thread().build().expect("runtime");
            let conn = runtime.block_on(open());
            (runtime, conn)
        });
        runtime.block_on(check(conn, around, typed));
    });
});
