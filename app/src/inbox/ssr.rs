//! The chat-list query.

use super::{
    ChatListQuery, ChatPage, ChatSummary, FoundMessage, OwnerFilter,
    contact_search_ssr::{self, ContactMatch, contact_or_preview_like},
    search_ssr,
    snippet::{CONTEXT, Snippet, snippet},
};
use crate::{
    auth::CurrentUser,
    db::{accounts, agents, contacts, labels, thread_labels, threads},
    domain::PhoneNumber,
    error::AppError,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use chrono::{DateTime, SecondsFormat, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter,
    QueryOrder, QuerySelect, RelationTrait,
};
use std::collections::{HashMap, HashSet};

/// Default and largest page sizes.
const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

#[derive(Debug, FromQueryResult)]
struct Row {
    id: String,
    account_id: String,
    account_name: String,
    contact_number: String,
    profile_name: Option<String>,
    saved_name: Option<String>,
    last_message_preview: Option<String>,
    last_message_at: Option<DateTime<Utc>>,
    last_message_direction: Option<crate::domain::Direction>,
    unread_count: i32,
    last_inbound_auto_reply: bool,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    assigned_at: Option<DateTime<Utc>>,
    first_response_at: Option<DateTime<Utc>>,
    escalation_state: crate::domain::EscalationState,
}

/// Escapes `%`, `_` and `\` so user text matches literally in LIKE.
pub(super) fn escape_like(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// Position after a row: its last-message time and id (the sort keys).
pub fn encode_cursor(at: DateTime<Utc>, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(
        "{}|{id}",
        at.to_rfc3339_opts(SecondsFormat::Nanos, true)
    ))
}

/// Reads a cursor made by [`encode_cursor`]; anything else is refused as a validation
/// error naming `cursor`.
pub fn decode_cursor(cursor: &str) -> Result<(DateTime<Utc>, String), AppError> {
    let bad = || AppError::validation("cursor", "is not a cursor this server issued");
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
    let text = String::from_utf8(bytes).map_err(|_| bad())?;
    let (at, id) = text.split_once('|').ok_or_else(bad)?;
    let at = DateTime::parse_from_rfc3339(at).map_err(|_| bad())?;
    Ok((at.with_timezone(&Utc), id.to_owned()))
}

/// Threads with the account, owner and saved-contact names a [`ChatSummary`] needs.
fn summary_select() -> sea_orm::Select<threads::Entity> {
    threads::Entity::find()
        .select_only()
        .columns([
            threads::Column::Id,
            threads::Column::AccountId,
            threads::Column::ContactNumber,
            threads::Column::ProfileName,
            threads::Column::LastMessagePreview,
            threads::Column::LastMessageAt,
            threads::Column::LastMessageDirection,
            threads::Column::UnreadCount,
            threads::Column::LastInboundAutoReply,
            threads::Column::OwnerId,
            threads::Column::AssignedAt,
            threads::Column::FirstResponseAt,
            threads::Column::EscalationState,
        ])
        .column_as(accounts::Column::Name, "account_name")
        .column_as(agents::Column::Name, "owner_name")
        .column_as(contacts::Column::Name, "saved_name")
        .join(JoinType::InnerJoin, threads::Relation::Account.def())
        .join(JoinType::LeftJoin, threads::Relation::Owner.def())
        .join(JoinType::LeftJoin, threads::Relation::Contact.def())
}

/// The summary of thread `id` if `viewer` may see it (its owner, or an admin).
#[tracing::instrument(skip_all, fields(viewer = viewer.id, thread_id = id), err(level = "info"))]
pub async fn chat_summary(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: &str,
) -> Result<ChatSummary, AppError> {
    let summary = summary_select()
        .filter(threads::Column::Id.eq(id))
        .into_model::<Row>()
        .one(db)
        .await?
        .map(ChatSummary::from)
        .filter(|s| viewer.may_see(s.owner_id))
        .ok_or_else(|| AppError::NotFound(format!("thread {id}")))?;
    let policy = crate::escalation::ssr::policy(db).await?;
    Ok(with_deadline(summary, &policy))
}

/// Fills in when an unanswered lead escalates.
fn with_deadline(mut s: ChatSummary, policy: &crate::escalation::Policy) -> ChatSummary {
    let lead = crate::escalation::Lead {
        owner_id: s.owner_id,
        owner_active: true,
        assigned_at: s.assigned_at,
        first_response_at: s.first_response_at,
        escalation_count: 0,
        overdue: s.overdue,
    };
    s.escalation_deadline = crate::escalation::deadline(&lead, policy);
    s.escalation_paused_until = s
        .escalation_deadline
        .and_then(|_| policy.hours.paused_until(chrono::Utc::now()));
    s
}

/// `text` with every control character (NUL, tab, newline, …) turned into a space.
pub fn without_control_characters(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The page of threads `viewer` may see that matches `query`, newest first.
///
/// Agents only ever see threads they own, whatever `owner` says; admins see all and
/// can narrow to their own or unassigned ones.
#[tracing::instrument(skip_all, fields(viewer = viewer.id), err(level = "info"))]
pub async fn chat_list(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    query: &ChatListQuery,
) -> Result<ChatPage, AppError> {
    // Control characters are never part of a name, number or message anyone types, and
    // a NUL ends a string early in SQLite's search syntax (and PostgreSQL refuses it).
    let cleaned;
    let query = if query
        .q
        .as_deref()
        .is_some_and(|q| q.chars().any(char::is_control))
    {
        cleaned = ChatListQuery {
            q: query.q.as_deref().map(without_control_characters),
            ..query.clone()
        };
        &cleaned
    } else {
        query
    };
    if query
        .q
        .as_deref()
        .is_some_and(|q| q.trim().chars().count() > super::SEARCH_MAX_CHARS)
    {
        return Err(AppError::validation(
            "q",
            format!("at most {} characters", super::SEARCH_MAX_CHARS),
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let mut accounts = query.accounts.clone();
    accounts.sort();
    accounts.dedup();
    check_filter_sizes(accounts.len(), &query.labels)?;
    // An admin may hide threads whose latest customer message was a machine's.
    let hide_auto = !crate::settings::ssr::display(db).await?.show_auto_replies;
    let policy = crate::escalation::ssr::policy(db).await?;
    if let Some(q) = query.search_text() {
        return search_page(db, viewer, query, q, limit, hide_auto, &policy).await;
    }
    // A query too short for the indexes is compared with each thread's texts.
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let text = q.map(|q| contact_or_preview_like(q, db.get_database_backend()));
    let conditions = |filter: Condition| match &text {
        Some(text) => filter.add(text.clone()),
        None => filter,
    };
    let rows = if accounts.len() > 1 {
        // One index range per account, merged here: asked for several accounts at
        // once, the database would read every thread of those accounts and sort them.
        let mut merged = Vec::new();
        for account in accounts {
            let one = ChatListQuery {
                accounts: vec![account],
                ..query.clone()
            };
            let filter = thread_conditions(db, viewer, &one, hide_auto).await?;
            merged.extend(page_rows(db, conditions(filter), query.cursor.as_deref(), limit).await?);
        }
        merged.sort_by(|a, b| {
            (b.last_message_at, b.id.as_str()).cmp(&(a.last_message_at, a.id.as_str()))
        });
        merged.truncate(limit as usize + 1);
        merged
    } else {
        let filter = thread_conditions(db, viewer, query, hide_auto).await?;
        page_rows(db, conditions(filter), query.cursor.as_deref(), limit).await?
    };
    list_page(db, rows, limit, &policy).await
}

/// Most accounts, and most labels, one chat-list request may name. Each account is an
/// index range read on its own; without a cap one request could make thousands of
/// queries. A team's filter bar names far fewer.
pub const MAX_FILTER_ITEMS: usize = 50;

/// Refuses more than [`MAX_FILTER_ITEMS`] distinct accounts or labels.
fn check_filter_sizes(accounts: usize, labels: &[i64]) -> Result<(), AppError> {
    let mut labels = labels.to_vec();
    labels.sort_unstable();
    labels.dedup();
    for (field, count) in [("accounts", accounts), ("labels", labels.len())] {
        if count > MAX_FILTER_ITEMS {
            return Err(AppError::validation(
                field,
                format!("at most {MAX_FILTER_ITEMS} {field} at once, not {count}"),
            ));
        }
    }
    Ok(())
}

/// The page of the first `limit` of `rows` (read one beyond, to know whether more
/// follow), with deadlines, labels and the cursor to the next page.
async fn list_page(
    db: &impl ConnectionTrait,
    rows: Vec<Row>,
    limit: u32,
    policy: &crate::escalation::Policy,
) -> Result<ChatPage, AppError> {
    let has_more = rows.len() > limit as usize;
    let mut items: Vec<ChatSummary> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| with_deadline(ChatSummary::from(r), policy))
        .collect();
    attach_labels(db, &mut items).await?;
    let next_cursor = if has_more {
        items.last().and_then(|last| {
            last.last_message_at
                .map(|at| encode_cursor(at, &last.thread_id))
        })
    } else {
        None
    };
    Ok(ChatPage {
        items,
        next_cursor,
        server_time: Some(Utc::now()),
    })
}

/// What `query` asks of threads besides its text and cursor, as `viewer` may see them:
/// owner, accounts, unread, labels, and auto-replies hidden.
async fn thread_conditions(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    query: &ChatListQuery,
    hide_auto: bool,
) -> Result<Condition, AppError> {
    let mut all = Condition::all();
    if hide_auto {
        all = all.add(threads::Column::LastInboundAutoReply.eq(false));
    }
    // Agents see their own threads whatever `owner` says; admins may narrow to
    // their own or the unassigned ones.
    all = match viewer.thread_scope() {
        Some(own) => all.add(own),
        None => match query.owner {
            OwnerFilter::Mine => all.add(threads::Column::OwnerId.eq(viewer.id)),
            OwnerFilter::Unassigned => all.add(threads::Column::OwnerId.is_null()),
            OwnerFilter::All => all,
        },
    };
    if !query.accounts.is_empty() {
        all = all.add(threads::Column::AccountId.is_in(query.accounts.iter().cloned()));
    }
    if query.unread {
        all = all.add(threads::Column::UnreadCount.gt(0));
    }
    // A label deleted since the link was made is dropped, not an error, and not a
    // filter that matches nothing.
    let labels: Vec<i64> = if query.labels.is_empty() {
        Vec::new()
    } else {
        labels::Entity::find()
            .select_only()
            .column(labels::Column::Id)
            .filter(labels::Column::Id.is_in(query.labels.iter().copied()))
            .into_tuple()
            .all(db)
            .await?
    };
    if !labels.is_empty() {
        all = all.add(
            threads::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(thread_labels::Column::ThreadId)
                    .from(thread_labels::Entity)
                    .and_where(thread_labels::Column::LabelId.is_in(labels))
                    .to_owned(),
            ),
        );
    }
    Ok(all)
}

/// What a search's cursor starts with once the contacts are through and the messages'
/// hits page on (never a character of the list's own base64 cursors).
const MESSAGES_CURSOR: &str = "m.";

/// A search's page: first the chats whose contact matches (number, names), newest
/// first; then the chats with a matching message, newest hit first, each with the
/// words around it.
async fn search_page(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    query: &ChatListQuery,
    q: &str,
    limit: u32,
    hide_auto: bool,
    policy: &crate::escalation::Policy,
) -> Result<ChatPage, AppError> {
    let filter = thread_conditions(db, viewer, query, hide_auto).await?;
    let summaries = |rows: Vec<Row>| -> Vec<ChatSummary> {
        rows.into_iter()
            .map(|r| with_deadline(ChatSummary::from(r), policy))
            .collect()
    };
    let message_cursor = match query.cursor.as_deref() {
        Some(c) => match c.strip_prefix(MESSAGES_CURSOR) {
            Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
                AppError::validation("cursor", "is not a cursor this server issued")
            })?)),
            None => None,
        },
        None => None,
    };
    let mut items = Vec::new();
    let before = match message_cursor {
        Some(before) => before,
        None => {
            let rows = match contact_search_ssr::matching_contacts(db, q).await? {
                ContactMatch::Threads(ids) if ids.is_empty() => Vec::new(),
                found => {
                    let contacts = found.condition(q, db.get_database_backend());
                    page_rows(
                        db,
                        filter.clone().add(contacts),
                        query.cursor.as_deref(),
                        limit,
                    )
                    .await?
                }
            };
            if rows.len() > limit as usize {
                return list_page(db, rows, limit, policy).await;
            }
            items = summaries(rows);
            None
        }
    };
    let shown: HashSet<String> = items.iter().map(|c| c.thread_id.clone()).collect();
    let found =
        search_ssr::matching_messages(db, q, filter, before, limit as usize - items.len(), &shown)
            .await?;
    let chats = if found.hits.is_empty() {
        Vec::new()
    } else {
        summary_select()
            .filter(threads::Column::Id.is_in(found.hits.iter().map(|h| h.thread_id.clone())))
            .into_model::<Row>()
            .all(db)
            .await?
    };
    let mut by_id: HashMap<String, ChatSummary> = summaries(chats)
        .into_iter()
        .map(|c| (c.thread_id.clone(), c))
        .collect();
    for hit in found.hits {
        if let Some(mut chat) = by_id.remove(&hit.thread_id) {
            chat.found = Some(FoundMessage {
                snippet: snippet(&hit.body, q, CONTEXT).unwrap_or_else(|| Snippet {
                    before: hit.body.chars().take(2 * CONTEXT).collect(),
                    ..Default::default()
                }),
                message_id: hit.id,
                at: hit.created_at,
            });
            items.push(chat);
        }
    }
    attach_labels(db, &mut items).await?;
    Ok(ChatPage {
        items,
        next_cursor: found.next_before.map(|id| format!("{MESSAGES_CURSOR}{id}")),
        server_time: Some(Utc::now()),
    })
}

/// Up to `limit + 1` rows of threads meeting `conditions` after `cursor`, newest first.
async fn page_rows(
    db: &impl ConnectionTrait,
    conditions: Condition,
    cursor: Option<&str>,
    limit: u32,
) -> Result<Vec<Row>, AppError> {
    let mut select = summary_select().filter(conditions);
    if let Some(cursor) = cursor {
        let (at, id) = decode_cursor(cursor)?;
        select = select.filter(
            Condition::any()
                .add(threads::Column::LastMessageAt.lt(at))
                .add(
                    Condition::all()
                        .add(threads::Column::LastMessageAt.eq(at))
                        .add(threads::Column::Id.lt(id)),
                ),
        );
    }
    Ok(select
        .order_by_desc(threads::Column::LastMessageAt)
        .order_by_desc(threads::Column::Id)
        .limit(u64::from(limit) + 1)
        .into_model::<Row>()
        .all(db)
        .await?)
}

impl From<Row> for ChatSummary {
    fn from(r: Row) -> Self {
        Self {
            contact_display: PhoneNumber::from_trusted_digits(r.contact_number.clone())
                .display_international(),
            contact_name: crate::domain::contact_name(
                r.saved_name.as_deref(),
                r.profile_name.as_deref(),
            ),
            thread_id: r.id,
            account_id: r.account_id,
            account_name: r.account_name,
            contact_number: r.contact_number,
            last_message_preview: r.last_message_preview,
            last_message_at: r.last_message_at,
            last_message_direction: r.last_message_direction,
            unread_count: r.unread_count,
            last_inbound_auto_reply: r.last_inbound_auto_reply,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            assigned_at: r.assigned_at,
            first_response_at: r.first_response_at,
            escalation_deadline: None,
            escalation_paused_until: None,
            overdue: r.escalation_state == crate::domain::EscalationState::Overdue,
            labels: Vec::new(),
            found: None,
        }
    }
}

/// Puts each row's labels on it, in the admins' order: one query for the page.
async fn attach_labels(
    db: &impl ConnectionTrait,
    items: &mut [ChatSummary],
) -> Result<(), AppError> {
    if items.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> = items.iter().map(|c| c.thread_id.clone()).collect();
    let pairs: Vec<(String, i64, String, String)> = thread_labels::Entity::find()
        .select_only()
        .column(thread_labels::Column::ThreadId)
        .column(labels::Column::Id)
        .column(labels::Column::Name)
        .column(labels::Column::Color)
        .join(
            JoinType::InnerJoin,
            thread_labels::Entity::belongs_to(labels::Entity)
                .from(thread_labels::Column::LabelId)
                .to(labels::Column::Id)
                .into(),
        )
        .filter(thread_labels::Column::ThreadId.is_in(ids))
        .order_by_asc(labels::Column::Position)
        .order_by_asc(labels::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for (thread_id, id, name, color) in pairs {
        if let Some(item) = items.iter_mut().find(|c| c.thread_id == thread_id) {
            item.labels
                .push(crate::labels::LabelView { id, name, color });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        let at = DateTime::parse_from_rfc3339("2026-11-22T03:04:05.123456789Z")
            .expect("time")
            .with_timezone(&Utc);
        let c = encode_cursor(at, "acc-001:6281234567890");
        assert_eq!(
            decode_cursor(&c),
            Ok((at, "acc-001:6281234567890".to_owned()))
        );
        for bad in ["", "!!!", "bm8gc2VwYXJhdG9y", "eHx5"] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }
}
