//! Replies and new messages: checked, then written to the outbox in one transaction.
//! Nothing here talks to a provider; the outbox worker does.

use super::{
    bookkeeping::{bump_daily, preview, record_first_response},
    media::message_type_for,
    open_thread::{NewThread, open_thread},
    upload::{Attachment, resolve_upload},
};
use crate::{
    auth::CurrentUser,
    db::{accounts, contacts, daily_analytics, message_media, messages, threads},
    domain::MessageType,
    domain::{
        Direction, MessageStatus, PhoneNumber, ThreadId, phone::DEFAULT_REGION, placeholders,
        window::may_send_free_text,
    },
    error::AppError,
    messaging::MessageView,
    state::Runtime,
    templates::ssr::{ApprovedContent, approved_content, find_template},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, Set, sea_query::Expr,
};

/// Longest text WhatsApp (through Twilio) accepts.
pub const MAX_BODY_CHARS: usize = 1600;

impl From<messages::Model> for MessageView {
    fn from(m: messages::Model) -> Self {
        let (direction, status) = (m.direction, m.status);
        let contact = crate::domain::ThreadId::parse(&m.thread_id)
            .ok()
            .map(|t| t.contact_digits().to_owned());
        let inbound = direction == Direction::Inbound;
        Self {
            sender_number: contact.clone().filter(|_| inbound),
            sender_name: None,
            media_path: None,
            is_read: inbound.then_some(m.read_at.is_some()),
            received_at: inbound.then_some(m.created_at),
            recipient_number: contact.filter(|_| !inbound),
            sent_at: (!inbound).then_some(m.created_at),
            id: m.id,
            thread_id: m.thread_id,
            account_id: m.account_id,
            direction,
            message_type: m.message_type,
            body: m.body,
            status,
            error_code: m.error_code,
            error_message: m.error_message,
            provider_message_id: m.provider_message_id,
            sent_by: m.sent_by,
            template_id: m.template_id,
            is_auto_reply: m.is_auto_reply,
            created_at: m.created_at,
            media: Vec::new(),
        }
    }
}

/// What an agent wrote: text, the template it came from, an upload to attach.
#[derive(Debug, Clone, Copy, Default)]
pub struct Draft<'a> {
    /// Text; may be empty when a file is attached.
    pub body: &'a str,
    /// The quick-reply template it came from.
    pub template_id: Option<i64>,
    /// An upload (`POST /api/media`) to attach.
    pub media_path: Option<&'a str>,
}

/// A checked draft.
struct Checked {
    body: String,
    template_id: Option<i64>,
    attachment: Option<Attachment>,
    /// Set when it goes out as a WhatsApp-approved template (outside the window).
    approved: Option<ApprovedContent>,
}

async fn check_draft(
    runtime: &Runtime,
    viewer: &CurrentUser,
    draft: Draft<'_>,
) -> Result<Checked, AppError> {
    let attachment = match draft.media_path.filter(|p| !p.is_empty()) {
        Some(path) => Some(resolve_upload(&runtime.media_dir, viewer, path).await?),
        None => None,
    };
    // A draft from a template may arrive empty: outside the window the template's own
    // text is sent, and inside it `decide_content` still refuses an empty message.
    let body = validate_body(
        draft.body,
        attachment.is_some() || draft.template_id.is_some(),
    )?;
    Ok(Checked {
        body,
        template_id: draft.template_id,
        attachment,
        approved: None,
    })
}

fn validate_body(body: &str, has_attachment: bool) -> Result<String, AppError> {
    let trimmed = body.trim();
    if trimmed.is_empty() && !has_attachment {
        return Err(AppError::validation("body", "is empty"));
    }
    if trimmed.chars().count() > MAX_BODY_CHARS {
        return Err(AppError::validation(
            "body",
            format!("is longer than {MAX_BODY_CHARS} characters"),
        ));
    }
    Ok(trimmed.to_owned())
}

/// What goes out: free text inside WhatsApp's 24-hour window (the simulator has no
/// window), else only a WhatsApp-approved template, filled for this conversation.
/// Twilio refuses free text outside the window; refuse it before it gets there (the
/// chat window shows the same rule as `ThreadDetail::window_open`).
async fn decide_content(
    txn: &DatabaseTransaction,
    viewer: &CurrentUser,
    account: &accounts::Model,
    thread: Option<&threads::Model>,
    contact: &str,
    draft: &mut Checked,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let template = match draft.template_id {
        Some(id) => Some(find_template(txn, id).await?),
        None => None,
    };
    let last_inbound = thread.and_then(|t| t.last_inbound_at);
    if may_send_free_text(account.provider, last_inbound, now) {
        if draft.body.is_empty() && draft.attachment.is_none() {
            return Err(AppError::validation("body", "is empty"));
        }
        return Ok(());
    }
    let Some(template) = template.filter(|t| t.content_sid.is_some()) else {
        return Err(AppError::OutsideWindow);
    };
    if draft.attachment.is_some() {
        return Err(AppError::validation(
            "mediaPath",
            "an approved template is sent as WhatsApp approved it, without attachments",
        ));
    }
    let saved_name = contacts::Entity::find()
        .filter(contacts::Column::PhoneNumber.eq(contact))
        .one(txn)
        .await?
        .map(|c| c.name);
    let nama = crate::domain::contact_name(
        saved_name.as_deref(),
        thread.and_then(|t| t.profile_name.as_deref()),
    )
    .unwrap_or_else(|| {
        PhoneNumber::from_trusted_digits(contact.to_owned()).display_international()
    });
    let values = placeholders::Values {
        nama: &nama,
        toko: &account.name,
        agen: &viewer.name,
    };
    let content = approved_content(&template, &values)?.ok_or(AppError::OutsideWindow)?;
    draft.body = content.body.clone();
    draft.approved = Some(content);
    Ok(())
}

async fn active_account(txn: &DatabaseTransaction, id: &str) -> Result<accounts::Model, AppError> {
    let account = accounts::Entity::find_by_id(id.to_owned())
        .one(txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {id}")))?;
    if !account.active {
        return Err(AppError::Conflict(format!("account {id} is deactivated")));
    }
    Ok(account)
}

/// Answers `thread_id` as `viewer`. The message leaves from the thread's account: the
/// request has no way to name another.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, thread_id = %thread_id), err(level = "info"))]
pub async fn reply(
    db: &DatabaseConnection,
    runtime: &Runtime,
    viewer: &CurrentUser,
    thread_id: &str,
    draft: Draft<'_>,
) -> Result<MessageView, AppError> {
    let thread_id = ThreadId::parse(thread_id)
        .map_err(|e| AppError::validation("threadId", e.to_string()))?
        .to_string();
    let mut draft = check_draft(runtime, viewer, draft).await?;
    let now = Utc::now();
    let (_guard, txn) = runtime.write_gate.begin(db).await?;
    let thread = threads::Entity::find_by_id(thread_id.clone())
        .one(&txn)
        .await?
        // Someone else's thread answers as one that does not exist: nothing is
        // learnt by trying ids.
        .filter(|t| viewer.may_write(t.owner_id))
        .ok_or_else(|| AppError::NotFound(format!("thread {thread_id}")))?;
    let account = active_account(&txn, &thread.account_id).await?;
    let contact = thread.contact_number.clone();
    decide_content(
        &txn,
        viewer,
        &account,
        Some(&thread),
        &contact,
        &mut draft,
        now,
    )
    .await?;
    let message = enqueue(&txn, viewer, &thread, &draft, now).await?;
    txn.commit().await?;
    crate::realtime::ssr::committed();
    runtime.outbox_wake.notify_one();
    Ok(message)
}

/// Sends a new message from the explicitly chosen `account_id` to `recipient`. The
/// thread is found or created; a new one belongs to the sender.
#[tracing::instrument(skip_all, fields(viewer = viewer.id, account_id = %account_id), err(level = "info"))]
pub async fn send_new(
    db: &DatabaseConnection,
    runtime: &Runtime,
    viewer: &CurrentUser,
    account_id: &str,
    recipient: &str,
    draft: Draft<'_>,
) -> Result<MessageView, AppError> {
    if account_id.trim().is_empty() {
        return Err(AppError::validation("accountId", "is required"));
    }
    let to = PhoneNumber::parse(recipient, Some(DEFAULT_REGION))
        .map_err(|e| AppError::validation("recipientNumber", e.to_string()))?;
    let mut draft = check_draft(runtime, viewer, draft).await?;
    let now = Utc::now();
    let (_guard, txn) = runtime.write_gate.begin(db).await?;
    let account = active_account(&txn, account_id).await?;
    if account.phone_number == to.digits() {
        return Err(AppError::validation(
            "recipientNumber",
            "is the account's own number",
        ));
    }
    let thread_id = ThreadId::new(&account.id, to.digits())
        .map_err(|e| AppError::validation("recipientNumber", e.to_string()))?
        .to_string();
    let existing = threads::Entity::find_by_id(thread_id.clone())
        .one(&txn)
        .await?;
    // Another agent's chat is judged as a number nobody wrote from: the answer tells
    // nothing of it (that it exists, when its customer last wrote), so free text gets
    // the same "outside the window" a stranger's number gets. Only content that a
    // stranger's number would take is then refused.
    let theirs = existing
        .as_ref()
        .is_some_and(|t| !viewer.may_write(t.owner_id));
    decide_content(
        &txn,
        viewer,
        &account,
        existing.as_ref().filter(|_| !theirs),
        to.digits(),
        &mut draft,
        now,
    )
    .await?;
    if theirs {
        return Err(AppError::Forbidden);
    }
    let thread = match existing {
        Some(t) => t,
        None => {
            open_thread(
                &txn,
                NewThread {
                    id: &thread_id,
                    account_id: &account.id,
                    contact: to.digits(),
                    profile_name: None,
                    owner: Some((viewer.id, crate::domain::AssignReason::Sender)),
                },
                now,
            )
            .await?
        }
    };
    let message = enqueue(&txn, viewer, &thread, &draft, now).await?;
    txn.commit().await?;
    crate::realtime::ssr::committed();
    runtime.outbox_wake.notify_one();
    Ok(message)
}

/// Writes the outbound message `pending` and updates its thread. The owner's first
/// message locks the lead (`firstResponseAt`).
async fn enqueue(
    txn: &DatabaseTransaction,
    viewer: &CurrentUser,
    thread: &threads::Model,
    draft: &Checked,
    now: DateTime<Utc>,
) -> Result<MessageView, AppError> {
    let message_type = match (&draft.attachment, &draft.approved) {
        (Some(a), _) => message_type_for(&a.content_type),
        (None, Some(_)) => MessageType::Template,
        (None, None) => MessageType::Text,
    };
    let message = messages::ActiveModel {
        thread_id: Set(thread.id.clone()),
        // The thread's account, always: this is where account accuracy is decided.
        account_id: Set(thread.account_id.clone()),
        direction: Set(Direction::Outbound),
        message_type: Set(message_type),
        body: Set(draft.body.clone()),
        status: Set(MessageStatus::Pending),
        template_id: Set(draft.template_id),
        template_credited: Set(false),
        content_sid: Set(draft.approved.as_ref().map(|c| c.content_sid.clone())),
        content_variables: Set(draft.approved.as_ref().map(|c| c.content_variables.clone())),
        sent_by: Set(Some(viewer.id)),
        is_auto_reply: Set(false),
        attempts: Set(0),
        next_attempt_at: Set(Some(now)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut view = MessageView::from(message);
    if let Some(a) = &draft.attachment {
        let media = message_media::ActiveModel {
            message_id: Set(view.id),
            position: Set(0),
            provider_url: Set(None),
            content_type: Set(a.content_type.clone()),
            local_path: Set(Some(a.relative.clone())),
            size_bytes: Set(Some(a.size_bytes)),
            status: Set(crate::domain::MediaStatus::Stored),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        view.media.push(media.into());
    }
    let mut update = threads::Entity::update_many()
        .col_expr(threads::Column::LastMessageAt, Expr::value(now))
        .col_expr(
            threads::Column::LastMessagePreview,
            Expr::value(preview(&draft.body, message_type)),
        )
        .col_expr(
            threads::Column::LastMessageDirection,
            Expr::value(Direction::Outbound),
        )
        .col_expr(threads::Column::UnreadCount, Expr::value(0))
        .col_expr(threads::Column::UpdatedAt, Expr::value(now));
    let owner_answers_first = thread.owner_id == Some(viewer.id)
        && !crate::escalation::is_locked(thread.owner_id, thread.first_response_at);
    if owner_answers_first {
        update = update
            .col_expr(threads::Column::FirstResponseAt, Expr::value(now))
            .col_expr(
                threads::Column::EscalationState,
                Expr::value(crate::domain::EscalationState::None),
            );
        record_first_response(txn, thread, viewer.id, now).await?;
    }
    update
        .filter(threads::Column::Id.eq(thread.id.as_str()))
        .exec(txn)
        .await?;
    bump_daily(
        txn,
        &thread.account_id,
        now,
        daily_analytics::Column::ReplyCount,
    )
    .await?;
    let event = crate::realtime::ssr::NewEvent::thread(
        crate::realtime::kind::THREAD_UPDATED,
        &thread.id,
        thread.owner_id,
        serde_json::json!({
            "threadId": thread.id,
            "message": view,
            // The owner's first reply: the countdown stops and the lead is locked.
            "firstResponseAt": if owner_answers_first { Some(now) } else { thread.first_response_at },
        }),
    );
    crate::realtime::ssr::record(txn, vec![event], now).await?;
    Ok(view)
}

/// Queues a failed or unknown outbound message again, on a person's decision (the
/// outbox never resends a message that may have arrived).
#[tracing::instrument(skip_all, fields(viewer = viewer.id, message_id = id), err(level = "info"))]
pub async fn retry(
    db: &DatabaseConnection,
    runtime: &Runtime,
    viewer: &CurrentUser,
    id: i64,
) -> Result<MessageView, AppError> {
    let message = messages::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|m| m.direction == Direction::Outbound)
        .ok_or_else(|| AppError::NotFound(format!("message {id}")))?;
    let thread = threads::Entity::find_by_id(message.thread_id.clone())
        .one(db)
        .await?
        .filter(|t| viewer.may_write(t.owner_id))
        .ok_or_else(|| AppError::NotFound(format!("message {id}")))?;
    let status: MessageStatus = message.status;
    if !status.can_retry() {
        return Err(AppError::Conflict(format!(
            "message {id} is {status}; only failed, undelivered or unknown messages can be sent again"
        )));
    }
    let account = accounts::Entity::find_by_id(thread.account_id.clone())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {}", thread.account_id)))?;
    // A template message was sent as WhatsApp approved it and may go again at any
    // time; free text only inside the window.
    let approved = message.content_sid.is_some();
    if !approved && !may_send_free_text(account.provider, thread.last_inbound_at, Utc::now()) {
        return Err(AppError::OutsideWindow);
    }
    let now = Utc::now();
    let updated = messages::Entity::update_many()
        .col_expr(
            messages::Column::Status,
            Expr::value(MessageStatus::Pending),
        )
        .col_expr(
            messages::Column::ErrorCode,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            messages::Column::ErrorMessage,
            Expr::value(Option::<String>::None),
        )
        .col_expr(messages::Column::Attempts, Expr::value(0))
        .col_expr(messages::Column::NextAttemptAt, Expr::value(now))
        .col_expr(messages::Column::UpdatedAt, Expr::value(now))
        .filter(messages::Column::Id.eq(id))
        .filter(messages::Column::Status.eq(message.status))
        .exec(db)
        .await?;
    if updated.rows_affected != 1 {
        return Err(AppError::Conflict(format!(
            "message {id} changed meanwhile"
        )));
    }
    runtime.outbox_wake.notify_one();
    crate::realtime::ssr::publish_thread_event(
        db,
        crate::realtime::kind::OUTBOX_STATUS,
        &thread.id,
        serde_json::json!({ "threadId": thread.id, "messageId": id, "status": MessageStatus::Pending }),
    )
    .await;
    let fresh = messages::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("message {id}")))?;
    let mut view = MessageView::from(fresh);
    view.set_media(
        super::history::media_of(db, &[id])
            .await?
            .remove(&id)
            .unwrap_or_default(),
    );
    Ok(view)
}
