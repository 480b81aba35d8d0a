//! Which chats a search finds by their contact: the number, the WhatsApp profile name
//! or the saved name contains the query.
//!
//! Through the trigram indexes of `m20261202_000011_contact_search`. A query that
//! few contacts match is answered from the index alone and the list reads only those
//! chats; one that many match (a common name, the country code) is left to the list's
//! own newest-first scan, which then finds a page of matches within its first rows.

use super::{search_ssr::fts_phrase, ssr::escape_like};
use crate::{
    db::{contacts, threads},
    error::AppError,
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter,
    QuerySelect, Statement,
    sea_query::{Expr, Func, LikeExpr},
};

/// Matches read from an index before a query counts as common.
const CAP: usize = 1_000;

/// The chats whose contact matches `q` (at least three characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactMatch {
    /// These threads, and no others.
    Threads(Vec<String>),
    /// More than the index lists cheaply: compare each thread's texts as the list
    /// reads them.
    Many,
}

impl ContactMatch {
    /// The condition on `threads` (joined to `contacts`) that keeps the matches.
    pub fn condition(self, q: &str, backend: DatabaseBackend) -> Condition {
        match self {
            Self::Threads(ids) => Condition::all().add(threads::Column::Id.is_in(ids)),
            Self::Many => contact_like(q, backend),
        }
    }
}

/// Finds the chats whose number, profile name or saved name contains `q`.
pub async fn matching_contacts(
    db: &impl ConnectionTrait,
    q: &str,
) -> Result<ContactMatch, AppError> {
    let q = q.trim().to_lowercase();
    let backend = db.get_database_backend();
    let limit = CAP as u64 + 1;
    let (mut ids, numbers): (Vec<String>, Vec<String>) = if backend == DatabaseBackend::Sqlite {
        let phrase = fts_phrase(&q);
        let column = |sql: &str| {
            Statement::from_sql_and_values(backend, sql, [phrase.clone().into(), limit.into()])
        };
        (
            strings(
                db,
                column(
                    "SELECT thread_id AS v FROM thread_search WHERE id IN \
                 (SELECT rowid FROM thread_search_fts WHERE thread_search_fts MATCH ? LIMIT ?)",
                ),
            )
            .await?,
            strings(
                db,
                column(
                    "SELECT phone_number AS v FROM contacts WHERE id IN \
                 (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ?)",
                ),
            )
            .await?,
        )
    } else {
        let pattern = format!("%{}%", escape_like(&q));
        let like = |col: threads::Column| {
            Expr::expr(Func::lower(Expr::col((threads::Entity, col))))
                .like(LikeExpr::new(pattern.clone()).escape('\\'))
        };
        (
            threads::Entity::find()
                .select_only()
                .column(threads::Column::Id)
                .filter(
                    Condition::any()
                        .add(like(threads::Column::ContactNumber))
                        .add(like(threads::Column::ProfileName)),
                )
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?,
            contacts::Entity::find()
                .select_only()
                .column(contacts::Column::PhoneNumber)
                .filter(
                    Expr::expr(Func::lower(Expr::col((
                        contacts::Entity,
                        contacts::Column::Name,
                    ))))
                    .like(LikeExpr::new(pattern.clone()).escape('\\')),
                )
                .limit(limit)
                .into_tuple()
                .all(db)
                .await?,
        )
    };
    if ids.len() > CAP || numbers.len() > CAP {
        return Ok(ContactMatch::Many);
    }
    if !numbers.is_empty() {
        // A saved contact is one number, with a chat on each account that knows it.
        let saved: Vec<String> = threads::Entity::find()
            .select_only()
            .column(threads::Column::Id)
            .filter(threads::Column::ContactNumber.is_in(numbers))
            .into_tuple()
            .all(db)
            .await?;
        ids.extend(saved);
        ids.sort();
        ids.dedup();
    }
    Ok(ContactMatch::Threads(ids))
}

/// The first column of every row `statement` returns, as text.
async fn strings(db: &impl ConnectionTrait, statement: Statement) -> Result<Vec<String>, AppError> {
    Ok(db
        .query_all(statement)
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "v"))
        .collect::<Result<_, _>>()?)
}

/// `q` in the number, the profile name or the saved name, compared row by row.
pub fn contact_like(q: &str, backend: DatabaseBackend) -> Condition {
    like_condition(q, backend, false)
}

/// As [`contact_like`], and in the last message's preview: what a query too short for
/// the indexes looks in.
pub fn contact_or_preview_like(q: &str, backend: DatabaseBackend) -> Condition {
    like_condition(q, backend, true)
}

fn like_condition(q: &str, backend: DatabaseBackend, preview: bool) -> Condition {
    // Case-insensitive on both databases. SQLite's LIKE already ignores ASCII case, and
    // skipping lower() on every row scanned keeps a rare term fast; PostgreSQL's LIKE
    // is case-sensitive, so both sides are lowered there.
    let pattern = format!("%{}%", escape_like(&q.to_lowercase()));
    let sqlite = backend == DatabaseBackend::Sqlite;
    let lower_like = |col: Expr| {
        let like = LikeExpr::new(pattern.clone()).escape('\\');
        if sqlite {
            col.like(like)
        } else {
            Expr::expr(Func::lower(col)).like(like)
        }
    };
    let mut any = Condition::any()
        .add(lower_like(Expr::col((
            threads::Entity,
            threads::Column::ContactNumber,
        ))))
        .add(lower_like(Expr::col((
            threads::Entity,
            threads::Column::ProfileName,
        ))));
    if preview {
        any = any.add(lower_like(Expr::col((
            threads::Entity,
            threads::Column::LastMessagePreview,
        ))));
    }
    // Saved names are matched in the (small) contacts table once, rather than by
    // joining a contact to every thread the scan passes.
    any.add(
        threads::Column::ContactNumber.in_subquery(
            sea_orm::sea_query::Query::select()
                .column(contacts::Column::PhoneNumber)
                .from(contacts::Entity)
                .and_where(lower_like(Expr::col((
                    contacts::Entity,
                    contacts::Column::Name,
                ))))
                .to_owned(),
        ),
    )
}
