//! Templates against the database: the list and its changes (admins), the points a
//! template gains when a customer answers, and what an approved template sends.

use super::{
    POINTS_PER_ANSWER, TemplateCredit, TemplateRequest, TemplateView,
    rules::{CleanTemplate, clean},
};
use crate::{
    auth::CurrentUser,
    db::{messages, templates, threads, write_gate::WriteGate},
    domain::{Direction, audit::AuditAction, placeholders},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, sea_query::Expr,
};
use std::collections::{BTreeMap, HashMap};

/// Most templates `GET /api/templates/top` returns.
pub const MAX_TOP: u64 = 50;

/// The messages still waiting for their template's credit; the same words as the
/// partial index `ix_messages_template_uncredited`, so both planners use it.
const UNCREDITED: &str = "template_id IS NOT NULL AND template_credited = false";

impl From<templates::Model> for TemplateView {
    fn from(t: templates::Model) -> Self {
        // Only this module writes the column, always as a JSON object.
        let content_variables = t
            .content_variables
            .as_deref()
            .and_then(|v| serde_json::from_str(v).ok());
        Self {
            id: t.id,
            title: t.title,
            body: t.body,
            shortcut: t.shortcut,
            content_sid: t.content_sid,
            content_variables,
            points: t.points,
        }
    }
}

/// Every template, most points first (anyone logged in: the composer's picker).
pub async fn list_templates(
    db: &DatabaseConnection,
    _user: &CurrentUser,
    limit: Option<u64>,
) -> Result<Vec<TemplateView>, AppError> {
    let mut query = templates::Entity::find()
        .order_by_desc(templates::Column::Points)
        .order_by_asc(templates::Column::Title)
        .order_by_asc(templates::Column::Id);
    if let Some(limit) = limit {
        query = query.limit(limit.clamp(1, MAX_TOP));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .map(TemplateView::from)
        .collect())
}

fn checked(req: &TemplateRequest) -> Result<CleanTemplate, AppError> {
    clean(req).map_err(|(field, message)| AppError::validation(field, message))
}

fn variables_json(t: &CleanTemplate) -> Result<Option<String>, AppError> {
    t.content_variables
        .as_ref()
        .map(|v| serde_json::to_string(v).map_err(AppError::internal))
        .transpose()
}

fn taken_or_internal(e: sea_orm::DbErr) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict("Shortcut sudah dipakai template lain.".into())
        }
        _ => e.into(),
    }
}

/// What the audit trail keeps of a template: what an admin wrote (its points are
/// earned, not set).
fn audited(t: &templates::Model) -> serde_json::Value {
    serde_json::json!({
        "title": t.title,
        "body": t.body,
        "shortcut": t.shortcut,
        "contentSid": t.content_sid,
        "contentVariables": t.content_variables,
    })
}

async fn audit(
    txn: &impl ConnectionTrait,
    user: &CurrentUser,
    action: AuditAction,
    id: i64,
    before: Option<&templates::Model>,
    after: Option<&templates::Model>,
) -> Result<(), AppError> {
    let mut change =
        crate::audit::ssr::Change::new(crate::domain::audit::AuditKind::Template, action, id);
    if let Some(b) = before {
        change = change.before(audited(b));
    }
    if let Some(a) = after {
        change = change.after(audited(a));
    }
    crate::audit::ssr::record(txn, user, change).await
}

/// Creates a template (admins).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_template(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    req: &TemplateRequest,
) -> Result<TemplateView, AppError> {
    user.require_admin()?;
    let t = checked(req)?;
    let now = Utc::now();
    let (_guard, txn) = gate.begin(db).await?;
    let saved = templates::ActiveModel {
        title: Set(t.title.clone()),
        body: Set(t.body.clone()),
        shortcut: Set(t.shortcut.clone()),
        content_sid: Set(t.content_sid.clone()),
        content_variables: Set(variables_json(&t)?),
        points: Set(0),
        created_by: Set(Some(user.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(taken_or_internal)?;
    audit(
        &txn,
        user,
        AuditAction::Create,
        saved.id,
        None,
        Some(&saved),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}

/// Replaces template `id`'s text and settings (admins); its points stay.
#[tracing::instrument(skip_all, fields(template_id = id), err(level = "info"))]
pub async fn update_template(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
    req: &TemplateRequest,
) -> Result<TemplateView, AppError> {
    user.require_admin()?;
    let t = checked(req)?;
    let (_guard, txn) = gate.begin(db).await?;
    let existing = templates::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("template {id}")))?;
    let before = existing.clone();
    let mut active: templates::ActiveModel = existing.into();
    active.title = Set(t.title.clone());
    active.body = Set(t.body.clone());
    active.shortcut = Set(t.shortcut.clone());
    active.content_sid = Set(t.content_sid.clone());
    active.content_variables = Set(variables_json(&t)?);
    active.updated_at = Set(Utc::now());
    let saved = active.update(&txn).await.map_err(taken_or_internal)?;
    audit(
        &txn,
        user,
        AuditAction::Update,
        id,
        Some(&before),
        Some(&saved),
    )
    .await?;
    txn.commit().await?;
    Ok(saved.into())
}

/// Deletes template `id` (admins). Messages sent from it keep its id (history) and
/// simply earn it nothing any more.
#[tracing::instrument(skip_all, fields(template_id = id), err(level = "info"))]
pub async fn delete_template(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
) -> Result<(), AppError> {
    user.require_admin()?;
    let (_guard, txn) = gate.begin(db).await?;
    let existing = templates::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("template {id}")))?;
    templates::Entity::delete_by_id(id).exec(&txn).await?;
    audit(&txn, user, AuditAction::Delete, id, Some(&existing), None).await?;
    txn.commit().await?;
    Ok(())
}

/// A template exists: refuses a draft naming one that does not.
pub async fn find_template(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<templates::Model, AppError> {
    templates::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("templateId", format!("template {id} does not exist")))
}

/// What an approved template sends in one conversation: the text people read, its
/// `ContentSid` and the filled `ContentVariables` (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovedContent {
    /// The template's body with the placeholders filled (shown in the chat).
    pub body: String,
    /// Twilio Content SID.
    pub content_sid: String,
    /// `{"1": "Budi", …}` as a JSON string, as Twilio's `ContentVariables` takes it.
    pub content_variables: String,
}

/// Fills `template` for one conversation; `None` when it is not an approved template.
pub fn approved_content(
    template: &templates::Model,
    values: &placeholders::Values<'_>,
) -> Result<Option<ApprovedContent>, AppError> {
    let Some(sid) = &template.content_sid else {
        return Ok(None);
    };
    let variables: BTreeMap<String, String> = template
        .content_variables
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(AppError::internal)?
        .unwrap_or_default();
    let filled: BTreeMap<String, String> = variables
        .into_iter()
        .map(|(k, v)| (k, placeholders::fill(&v, values)))
        .collect();
    Ok(Some(ApprovedContent {
        body: placeholders::fill(&template.body, values),
        content_sid: sid.clone(),
        content_variables: serde_json::to_string(&filled).map_err(AppError::internal)?,
    }))
}

/// Credits the templates of the messages sent in `thread_ids` before the customer's
/// answer that is being stored in `txn`: each such message once, 3 points each. Runs
/// in the inbound batch's transaction, through the partial index of the uncredited.
pub async fn credit_answered(
    txn: &impl ConnectionTrait,
    thread_ids: &[&str],
) -> Result<(), AppError> {
    if thread_ids.is_empty() {
        return Ok(());
    }
    let waiting: Vec<(i64, Option<i64>)> = messages::Entity::find()
        .select_only()
        .column(messages::Column::Id)
        .column(messages::Column::TemplateId)
        .filter(Expr::cust(UNCREDITED))
        .filter(messages::Column::ThreadId.is_in(thread_ids.iter().copied()))
        .filter(messages::Column::Direction.eq(Direction::Outbound))
        .into_tuple()
        .all(txn)
        .await?;
    if waiting.is_empty() {
        return Ok(());
    }
    messages::Entity::update_many()
        .col_expr(messages::Column::TemplateCredited, Expr::value(true))
        .filter(messages::Column::Id.is_in(waiting.iter().map(|(id, _)| *id)))
        .exec(txn)
        .await?;
    let mut per_template: HashMap<i64, i32> = HashMap::new();
    for (_, template) in waiting {
        if let Some(t) = template {
            *per_template.entry(t).or_default() += POINTS_PER_ANSWER;
        }
    }
    for (template, points) in per_template {
        add_points(txn, template, points).await?;
    }
    Ok(())
}

async fn add_points(
    txn: &impl ConnectionTrait,
    template: i64,
    points: i32,
) -> Result<(), AppError> {
    templates::Entity::update_many()
        .col_expr(
            templates::Column::Points,
            Expr::col(templates::Column::Points).add(points),
        )
        .filter(templates::Column::Id.eq(template))
        .exec(txn)
        .await?;
    Ok(())
}

/// `POST /api/templates/:id/reply`: the customer answered message `message_id`, sent
/// from template `id`. Idempotent per message: the second call changes nothing.
#[tracing::instrument(skip_all, fields(template_id = id, message_id), err(level = "info"))]
pub async fn credit_reply(
    db: &DatabaseConnection,
    gate: &WriteGate,
    user: &CurrentUser,
    id: i64,
    message_id: i64,
) -> Result<TemplateCredit, AppError> {
    let (_guard, txn) = gate.begin(db).await?;
    let message = messages::Entity::find_by_id(message_id)
        .one(&txn)
        .await?
        .filter(|m| m.direction == Direction::Outbound && m.template_id == Some(id))
        .ok_or_else(|| {
            AppError::NotFound(format!("message {message_id} sent from template {id}"))
        })?;
    let owner = threads::Entity::find_by_id(message.thread_id.clone())
        .one(&txn)
        .await?
        .and_then(|t| t.owner_id);
    if !user.may_see(owner) {
        return Err(AppError::NotFound(format!(
            "message {message_id} sent from template {id}"
        )));
    }
    let claimed = messages::Entity::update_many()
        .col_expr(messages::Column::TemplateCredited, Expr::value(true))
        .filter(messages::Column::Id.eq(message_id))
        .filter(messages::Column::TemplateCredited.eq(false))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    if claimed {
        add_points(&txn, id, POINTS_PER_ANSWER).await?;
    }
    let points = templates::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("template {id}")))?
        .points;
    txn.commit().await?;
    Ok(TemplateCredit {
        credited: claimed,
        points,
    })
}
