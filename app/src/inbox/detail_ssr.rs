//! Loading a thread's details and a recipient's sender options.

use super::{
    detail::{AlsoOn, SenderOptions, ThreadDetail},
    ssr::chat_summary,
};
use crate::{
    auth::CurrentUser,
    db::{accounts, threads},
    domain::{
        PhoneNumber, phone::DEFAULT_REGION, sender::choose_sender, window::may_send_free_text,
    },
    error::AppError,
};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Thread `id` with its account, "also on" threads and labels, if `viewer` may see it.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, thread_id = id), err(level = "info"))]
pub async fn thread_detail(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    id: &str,
) -> Result<ThreadDetail, AppError> {
    let summary = chat_summary(db, viewer, id).await?;
    let thread = threads::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("thread {id}")))?;
    let account = accounts::Entity::find_by_id(thread.account_id.clone())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {}", thread.account_id)))?;
    let also_on = other_threads(db, &thread.contact_number)
        .await?
        .into_iter()
        .filter(|(t, _)| t.id != thread.id)
        .filter(|(t, _)| viewer.may_see(t.owner_id))
        .map(|(t, a)| AlsoOn {
            thread_id: t.id,
            account_id: a.id,
            account_name: a.name,
        })
        .collect();
    let labels = crate::labels::ssr::thread_labels_of(db, id).await?;
    let provider = account.provider;
    let window_open = may_send_free_text(provider, thread.last_inbound_at, Utc::now());
    Ok(ThreadDetail {
        summary,
        account_display: PhoneNumber::from_trusted_digits(account.phone_number.clone())
            .display_international(),
        provider,
        also_on,
        escalation_state: thread.escalation_state,
        escalation_count: thread.escalation_count,
        last_inbound_at: thread.last_inbound_at,
        window_open,
        notes: thread.notes,
        labels,
    })
}

/// Every thread with `contact`, with its account, in account order.
async fn other_threads(
    db: &impl ConnectionTrait,
    contact: &str,
) -> Result<Vec<(threads::Model, accounts::Model)>, AppError> {
    Ok(threads::Entity::find()
        .find_also_related(accounts::Entity)
        .filter(threads::Column::ContactNumber.eq(contact))
        .order_by_asc(threads::Column::AccountId)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(t, a)| a.filter(|a| a.active).map(|a| (t, a)))
        .collect())
}

/// Which accounts a new message to `recipient` may leave from (SPEC 5.1), with
/// `open_account` (the open thread's account) preselected when it is one of them.
/// Only threads `viewer` may see count: an agent does not learn that a number talks
/// to another agent.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn sender_options(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    recipient: &str,
    open_account: Option<&str>,
) -> Result<SenderOptions, AppError> {
    let number = PhoneNumber::parse(recipient, Some(DEFAULT_REGION))
        .map_err(|e| AppError::validation("recipientNumber", e.to_string()))?;
    let threads: Vec<AlsoOn> = other_threads(db, number.digits())
        .await?
        .into_iter()
        .filter(|(t, _)| viewer.may_see(t.owner_id))
        .map(|(t, a)| AlsoOn {
            thread_id: t.id,
            account_id: a.id,
            account_name: a.name,
        })
        .collect();
    let known: Vec<String> = threads.iter().map(|t| t.account_id.clone()).collect();
    Ok(SenderOptions {
        digits: number.digits().to_owned(),
        display: number.display_international(),
        choice: choose_sender(&known, open_account),
        threads,
    })
}
