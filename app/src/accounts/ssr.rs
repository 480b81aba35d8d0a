//! Listing and managing accounts.

use super::{AccountView, CreateAccountRequest, UpdateAccountRequest, vault::TokenVault};
use crate::{
    db::accounts,
    domain::{PhoneNumber, phone::DEFAULT_REGION, validate_account_id},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

impl From<accounts::Model> for AccountView {
    fn from(a: accounts::Model) -> Self {
        let phone = PhoneNumber::from_trusted_digits(a.phone_number.clone());
        Self {
            phone_display: phone.display_international(),
            has_own_credentials: a.twilio_account_sid.is_some() || a.twilio_auth_token.is_some(),
            provider: a.provider,
            color: crate::domain::badge_color(&a.id).background.to_owned(),
            id: a.id,
            name: a.name,
            phone_number: a.phone_number,
            active: a.active,
        }
    }
}

/// Gives each of `views` its badge colour among `all` the accounts that exist.
pub fn with_colors(mut views: Vec<AccountView>, all: &[String]) -> Vec<AccountView> {
    let colours = crate::domain::badge_colors(all.iter().map(String::as_str));
    for view in &mut views {
        if let Some((_, c)) = colours.iter().find(|(id, _)| *id == view.id) {
            view.color = c.background.to_owned();
        }
    }
    views
}

/// Accounts in id order; inactive ones only when `include_inactive`.
pub async fn list_accounts(
    db: &impl ConnectionTrait,
    include_inactive: bool,
) -> Result<Vec<AccountView>, AppError> {
    // All of them, inactive too: their chats still carry badges, and every viewer
    // must get the same colours.
    let all = accounts::Entity::find()
        .order_by_asc(accounts::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<String> = all.iter().map(|a| a.id.clone()).collect();
    let views = all
        .into_iter()
        .filter(|a| include_inactive || a.active)
        .map(AccountView::from)
        .collect();
    Ok(with_colors(views, &ids))
}

fn validate_name(name: &str) -> Result<String, AppError> {
    crate::domain::name::display_name(name, crate::domain::name::MAX_ACCOUNT_NAME)
}

fn parse_phone(input: &str) -> Result<String, AppError> {
    PhoneNumber::parse(input, Some(DEFAULT_REGION))
        .map(|p| p.digits().to_owned())
        .map_err(|e| AppError::validation("phoneNumber", e.to_string()))
}

/// Empty strings clear an override.
fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

async fn ensure_phone_free(
    db: &impl ConnectionTrait,
    phone: &str,
    except_id: Option<&str>,
) -> Result<(), AppError> {
    let taken = accounts::Entity::find()
        .filter(accounts::Column::PhoneNumber.eq(phone))
        .one(db)
        .await?;
    match taken {
        Some(a) if Some(a.id.as_str()) != except_id => Err(AppError::Conflict(format!(
            "number +{phone} already belongs to account {}",
            a.id
        ))),
        _ => Ok(()),
    }
}

/// The next free id of the form `acc-NNN`.
async fn next_account_id(db: &impl ConnectionTrait) -> Result<String, AppError> {
    let ids: Vec<String> = accounts::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let highest = ids
        .iter()
        .filter_map(|id| id.strip_prefix("acc-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("acc-{:03}", highest + 1))
}

/// Adds an account.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create_account(
    db: &impl ConnectionTrait,
    vault: &TokenVault,
    req: CreateAccountRequest,
) -> Result<AccountView, AppError> {
    let name = validate_name(&req.name)?;
    let phone = parse_phone(&req.phone_number)?;
    let id = match non_empty(req.id) {
        Some(id) => {
            validate_account_id(&id).map_err(|e| AppError::validation("id", e.to_string()))?;
            if accounts::Entity::find_by_id(id.clone())
                .one(db)
                .await?
                .is_some()
            {
                return Err(AppError::Conflict(format!("account {id} exists")));
            }
            id
        }
        None => next_account_id(db).await?,
    };
    ensure_phone_free(db, &phone, None).await?;
    let token = non_empty(req.twilio_auth_token)
        .map(|t| vault.seal(&id, &t))
        .transpose()?;
    let now = Utc::now();
    let model = accounts::ActiveModel {
        id: Set(id),
        name: Set(name),
        phone_number: Set(phone),
        provider: Set(req.provider),
        twilio_account_sid: Set(non_empty(req.twilio_account_sid)),
        twilio_auth_token: Set(token),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(model.into())
}

/// Changes an account.
#[tracing::instrument(skip_all, fields(account_id = id), err(level = "info"))]
pub async fn update_account(
    db: &impl ConnectionTrait,
    vault: &TokenVault,
    id: &str,
    req: UpdateAccountRequest,
) -> Result<AccountView, AppError> {
    let account = accounts::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {id}")))?;
    let mut model: accounts::ActiveModel = account.into();
    if let Some(name) = req.name {
        model.name = Set(validate_name(&name)?);
    }
    if let Some(phone) = req.phone_number {
        let phone = parse_phone(&phone)?;
        ensure_phone_free(db, &phone, Some(id)).await?;
        model.phone_number = Set(phone);
    }
    if let Some(provider) = req.provider {
        model.provider = Set(provider);
    }
    if let Some(active) = req.active {
        model.active = Set(active);
    }
    if req.twilio_account_sid.is_some() {
        model.twilio_account_sid = Set(non_empty(req.twilio_account_sid));
    }
    if req.twilio_auth_token.is_some() {
        model.twilio_auth_token = Set(non_empty(req.twilio_auth_token)
            .map(|t| vault.seal(id, &t))
            .transpose()?);
    }
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?.into())
}

/// Deactivates an account: its threads and history stay, it no longer sends or
/// receives. (Deleting would orphan conversations customers may still answer.)
#[tracing::instrument(skip_all, fields(account_id = id), err(level = "info"))]
pub async fn deactivate_account(
    db: &impl ConnectionTrait,
    id: &str,
) -> Result<AccountView, AppError> {
    let account = accounts::Entity::find_by_id(id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {id}")))?;
    let mut model: accounts::ActiveModel = account.into();
    model.active = Set(false);
    model.updated_at = Set(Utc::now());
    Ok(model.update(db).await?.into())
}

/// What the audit trail keeps of an account: everything an admin can set, the auth
/// token only as "it changed" ([`crate::audit::ssr::redact`] sees to that).
fn audited(m: &accounts::Model) -> serde_json::Value {
    serde_json::json!({
        "name": m.name,
        "phoneNumber": m.phone_number,
        "provider": m.provider,
        "active": m.active,
        "twilioAccountSid": m.twilio_account_sid,
        "twilioAuthToken": m.twilio_auth_token,
    })
}

/// The admin doors onto accounts: each change checked for `admin`, made and audited
/// in one transaction.
pub mod admin {
    use super::*;
    use crate::{
        audit::ssr::{Change, record},
        auth::CurrentUser,
        db::write_gate::WriteGate,
        domain::audit::{AuditAction, AuditKind},
    };
    use sea_orm::DatabaseConnection;

    async fn model(db: &impl ConnectionTrait, id: &str) -> Result<accounts::Model, AppError> {
        accounts::Entity::find_by_id(id.to_owned())
            .one(db)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("account {id}")))
    }

    /// [`create_account`] by `admin`, audited.
    pub async fn create(
        db: &DatabaseConnection,
        gate: &WriteGate,
        vault: &TokenVault,
        admin: &CurrentUser,
        req: CreateAccountRequest,
    ) -> Result<AccountView, AppError> {
        admin.require_admin()?;
        let (_guard, txn) = gate.begin(db).await?;
        let created = create_account(&txn, vault, req).await?;
        let stored = model(&txn, &created.id).await?;
        let change = Change::new(AuditKind::Account, AuditAction::Create, &created.id)
            .after(audited(&stored));
        record(&txn, admin, change).await?;
        txn.commit().await?;
        Ok(created)
    }

    /// [`update_account`] by `admin`, audited (credentials: only that they changed).
    pub async fn update(
        db: &DatabaseConnection,
        gate: &WriteGate,
        vault: &TokenVault,
        admin: &CurrentUser,
        id: &str,
        req: UpdateAccountRequest,
    ) -> Result<AccountView, AppError> {
        admin.require_admin()?;
        let (_guard, txn) = gate.begin(db).await?;
        let before = audited(&model(&txn, id).await?);
        let updated = update_account(&txn, vault, id, req).await?;
        let after = audited(&model(&txn, id).await?);
        let change = Change::new(AuditKind::Account, AuditAction::Update, id)
            .before(before)
            .after(after);
        record(&txn, admin, change).await?;
        txn.commit().await?;
        Ok(updated)
    }

    /// [`deactivate_account`] by `admin`, audited.
    pub async fn deactivate(
        db: &DatabaseConnection,
        gate: &WriteGate,
        admin: &CurrentUser,
        id: &str,
    ) -> Result<AccountView, AppError> {
        admin.require_admin()?;
        let (_guard, txn) = gate.begin(db).await?;
        let before = audited(&model(&txn, id).await?);
        let done = deactivate_account(&txn, id).await?;
        let change = Change::new(AuditKind::Account, AuditAction::Delete, id)
            .before(before)
            .after(audited(&model(&txn, id).await?));
        record(&txn, admin, change).await?;
        txn.commit().await?;
        Ok(done)
    }
}
