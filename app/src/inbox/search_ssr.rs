//! Search over every message: the newest messages matching a query, at most one per
//! thread, in the threads a chat-list filter lets through.
//!
//! Through the trigram index of `m20261202_000010_message_search` (SQLite's FTS5
//! `messages_fts`, PostgreSQL's `pg_trgm` GIN on `lower(body)`), newest message first,
//! so a common word stops after the first page and a rare one reads only its matches.

use super::ssr::escape_like;
use crate::{db::messages, db::threads, error::AppError};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
    sea_query::{Alias, Condition, Expr, LikeExpr, Order, Query},
};
use std::collections::HashSet;

/// Matches read per round trip.
const BATCH: u64 = 200;

/// Matches one request reads at most: a filter that lets few threads through (an agent
/// with few chats, a quiet account) cannot make it read the whole index; the page
/// ends early and its cursor carries on.
const MAX_SCANNED: usize = 4_000;

/// A message that matched.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Hit {
    /// The message.
    pub id: i64,
    /// Its thread.
    pub thread_id: String,
    /// Its text.
    pub body: String,
    /// When it was sent or received.
    pub created_at: DateTime<Utc>,
}

/// One page of hits.
#[derive(Debug, Default)]
pub struct Hits {
    /// Newest first, one per thread.
    pub hits: Vec<Hit>,
    /// Where the next page starts (a message id to read below), if there may be more.
    pub next_before: Option<i64>,
}

/// The phrase `q` as an FTS5 string (quoted, so its words are not operators).
pub fn fts_phrase(q: &str) -> String {
    format!("\"{}\"", q.replace('"', "\"\""))
}

/// Up to `want` threads' newest messages matching `q` (at least
/// [`SEARCH_MIN_CHARS`](super::SEARCH_MIN_CHARS) characters), in threads passing `threads_filter`, among messages older than
/// `before`. Threads in `skip` are passed over (already shown).
///
/// A page after the first leaves out the threads the pages before it showed: those
/// with a match newer than `before` (every match above the cursor was read, and its
/// thread shown, on an earlier page).
pub async fn matching_messages(
    db: &impl ConnectionTrait,
    q: &str,
    threads_filter: Condition,
    before: Option<i64>,
    want: usize,
    skip: &HashSet<String>,
) -> Result<Hits, AppError> {
    let q = q.trim().to_lowercase();
    let backend = db.get_database_backend();
    let mut seen: HashSet<String> = skip.clone();
    let mut out = Hits::default();
    let mut below = before;
    let mut scanned = 0;
    if want == 0 {
        return Ok(out);
    }
    loop {
        let statement = backend.build(&batch_query(backend, &q, threads_filter.clone(), below));
        let rows = Hit::find_by_statement(statement).all(db).await?;
        let full = rows.len() as u64 == BATCH;
        let shown_earlier = match before {
            Some(cursor) => {
                let fresh: HashSet<&str> = rows
                    .iter()
                    .map(|h| h.thread_id.as_str())
                    .filter(|t| !seen.contains(*t))
                    .collect();
                matched_above(db, &fresh, cursor, &q).await?
            }
            None => HashSet::new(),
        };
        for hit in rows {
            scanned += 1;
            below = Some(hit.id);
            if !seen.insert(hit.thread_id.clone()) || shown_earlier.contains(&hit.thread_id) {
                continue;
            }
            out.hits.push(hit);
            if out.hits.len() == want {
                out.next_before = below;
                return Ok(out);
            }
        }
        if !full {
            // Every match was read.
            return Ok(out);
        }
        if scanned >= MAX_SCANNED {
            out.next_before = below;
            return Ok(out);
        }
    }
}

/// Which of `threads` have a message newer than `cursor` containing `q` (lower-case):
/// read through the thread-and-id index, compared here as the index compares.
async fn matched_above(
    db: &impl ConnectionTrait,
    threads: &HashSet<&str>,
    cursor: i64,
    q: &str,
) -> Result<HashSet<String>, AppError> {
    if threads.is_empty() {
        return Ok(HashSet::new());
    }
    let newer: Vec<(String, String)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::ThreadId)
        .column(messages::Column::Body)
        .filter(messages::Column::ThreadId.is_in(threads.iter().map(|t| (*t).to_owned())))
        .filter(messages::Column::Id.gt(cursor))
        .into_tuple()
        .all(db)
        .await?;
    Ok(newer
        .into_iter()
        .filter(|(_, body)| body.to_lowercase().contains(q))
        .map(|(thread, _)| thread)
        .collect())
}

/// One batch of matches below `below`, newest first.
fn batch_query(
    backend: DatabaseBackend,
    q: &str,
    threads_filter: Condition,
    below: Option<i64>,
) -> sea_orm::sea_query::SelectStatement {
    let id = Expr::col((messages::Entity, messages::Column::Id));
    let mut select = Query::select();
    select
        .columns([
            (messages::Entity, messages::Column::Id),
            (messages::Entity, messages::Column::ThreadId),
            (messages::Entity, messages::Column::Body),
            (messages::Entity, messages::Column::CreatedAt),
        ])
        .cond_where(threads_filter)
        .limit(BATCH);
    if backend == DatabaseBackend::Sqlite {
        let fts = Alias::new("messages_fts");
        // The index drives: newest match first, and the joins check each one.
        select
            .from(fts.clone())
            .inner_join(
                messages::Entity,
                id.clone().equals((fts.clone(), Alias::new("rowid"))),
            )
            .and_where(Expr::cust_with_values(
                "messages_fts MATCH ?",
                [fts_phrase(q)],
            ))
            .order_by((fts.clone(), Alias::new("rowid")), Order::Desc);
        if let Some(b) = below {
            select.and_where(Expr::col((fts, Alias::new("rowid"))).lt(b));
        }
    } else {
        select
            .from(messages::Entity)
            .and_where(
                Expr::expr(sea_orm::sea_query::Func::lower(Expr::col((
                    messages::Entity,
                    messages::Column::Body,
                ))))
                .like(LikeExpr::new(format!("%{}%", escape_like(q))).escape('\\')),
            )
            .order_by((messages::Entity, messages::Column::Id), Order::Desc);
        if let Some(b) = below {
            select.and_where(id.clone().lt(b));
        }
    }
    select.inner_join(
        threads::Entity,
        Expr::col((threads::Entity, threads::Column::Id))
            .equals((messages::Entity, messages::Column::ThreadId)),
    );
    select.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_phrases_not_operators() {
        assert_eq!(fts_phrase("stok OR harga"), "\"stok OR harga\"");
        assert_eq!(fts_phrase("12\" tv"), "\"12\"\" tv\"");
    }
}
