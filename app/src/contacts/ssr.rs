//! Saved contacts and the sender profile, on the server.

use super::{ContactInput, ContactView, SenderProfile};
use crate::{
    auth::CurrentUser,
    db::{accounts, contacts, threads},
    domain::{PhoneNumber, phone::DEFAULT_REGION},
    error::AppError,
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr,
};

impl From<contacts::Model> for ContactView {
    fn from(c: contacts::Model) -> Self {
        Self {
            id: c.id,
            phone_number: c.phone_number,
            name: c.name,
            address: c.address,
            city: c.city,
            state: c.state,
            country: c.country,
            postal_code: c.postal_code,
            email: c.email,
            website: c.website,
            business_name: c.business_name,
            business_category: c.business_category,
            rating: c.rating,
            reviews: c.reviews,
            is_business: c.is_business,
            has_received_message: c.has_received_message,
            latitude: c.latitude,
            longitude: c.longitude,
            notes: c.notes,
        }
    }
}

fn parse_number(raw: &str, field: &str) -> Result<PhoneNumber, AppError> {
    PhoneNumber::parse(raw, Some(DEFAULT_REGION))
        .map_err(|e| AppError::validation(field, e.to_string()))
}

/// The contact saved for `number` (any common form), if any.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn lookup(
    db: &impl ConnectionTrait,
    number: &str,
) -> Result<Option<ContactView>, AppError> {
    let number = parse_number(number, "phoneNumber")?;
    Ok(contacts::Entity::find()
        .filter(contacts::Column::PhoneNumber.eq(number.digits()))
        .one(db)
        .await?
        .map(ContactView::from))
}

fn fill(model: &mut contacts::ActiveModel, c: ContactInput) {
    model.name = Set(c.name);
    model.address = Set(c.address);
    model.city = Set(c.city);
    model.state = Set(c.state);
    model.country = Set(c.country);
    model.postal_code = Set(c.postal_code);
    model.email = Set(c.email);
    model.website = Set(c.website);
    model.business_name = Set(c.business_name);
    model.business_category = Set(c.business_category);
    model.rating = Set(c.rating);
    model.reviews = Set(c.reviews);
    model.is_business = Set(c.is_business);
    model.latitude = Set(c.latitude);
    model.longitude = Set(c.longitude);
    model.notes = Set(c.notes);
}

fn conflict_on_duplicate(e: sea_orm::DbErr, digits: &str) -> AppError {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict(format!("a contact with number {digits} exists already"))
        }
        _ => e.into(),
    }
}

/// Whether any message to `digits` was taken by a provider, from any account.
async fn was_messaged(db: &impl ConnectionTrait, digits: &str) -> Result<bool, AppError> {
    use crate::domain::{Direction, MessageStatus};
    let accepted = MessageStatus::ALL
        .into_iter()
        .filter(|s| s.accepted_by_provider());
    let threads_of_number = sea_orm::sea_query::Query::select()
        .column(threads::Column::Id)
        .from(threads::Entity)
        .and_where(threads::Column::ContactNumber.eq(digits))
        .to_owned();
    Ok(crate::db::messages::Entity::find()
        .filter(crate::db::messages::Column::ThreadId.in_subquery(threads_of_number))
        .filter(crate::db::messages::Column::Direction.eq(Direction::Outbound))
        .filter(crate::db::messages::Column::Status.is_in(accepted))
        .one(db)
        .await?
        .is_some())
}

/// Marks the saved contact of `digits` (if any) as one that has received a message:
/// called when a provider takes a message to it. Once true it stays true.
pub async fn note_messaged(db: &impl ConnectionTrait, digits: &str) -> Result<(), AppError> {
    contacts::Entity::update_many()
        .col_expr(
            contacts::Column::HasReceivedMessage,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(contacts::Column::PhoneNumber.eq(digits))
        .filter(contacts::Column::HasReceivedMessage.eq(false))
        .exec(db)
        .await?;
    Ok(())
}

/// Saves a new contact; a number can be saved once.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create(
    db: &impl ConnectionTrait,
    input: &ContactInput,
) -> Result<ContactView, AppError> {
    let c = input.cleaned()?;
    let number = parse_number(&c.phone_number, "phoneNumber")?;
    let now = Utc::now();
    let has_received_message = was_messaged(db, number.digits()).await?;
    let mut model = contacts::ActiveModel {
        phone_number: Set(number.digits().to_owned()),
        has_received_message: Set(has_received_message),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    fill(&mut model, c);
    let saved = model
        .insert(db)
        .await
        .map_err(|e| conflict_on_duplicate(e, number.digits()))?;
    Ok(saved.into())
}

/// Changes contact `id` (its number too).
#[tracing::instrument(skip_all, fields(contact_id = id), err(level = "info"))]
pub async fn update(
    db: &impl ConnectionTrait,
    id: i64,
    input: &ContactInput,
) -> Result<ContactView, AppError> {
    let c = input.cleaned()?;
    let number = parse_number(&c.phone_number, "phoneNumber")?;
    let existing = contacts::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("contact {id}")))?;
    let mut model: contacts::ActiveModel = existing.into();
    model.phone_number = Set(number.digits().to_owned());
    model.updated_at = Set(Utc::now());
    fill(&mut model, c);
    let saved = model
        .update(db)
        .await
        .map_err(|e| conflict_on_duplicate(e, number.digits()))?;
    Ok(saved.into())
}

/// Deletes contact `id`; its conversations stay.
#[tracing::instrument(skip_all, fields(contact_id = id), err(level = "info"))]
pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<(), AppError> {
    let deleted = contacts::Entity::delete_by_id(id).exec(db).await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::NotFound(format!("contact {id}")));
    }
    Ok(())
}

/// What we know about `number` on `account_id`: the profile name the provider passed
/// on, the saved contact and the last message. Twilio tells nothing else about a
/// number (no photo, status or last seen), and the profile says so.
#[tracing::instrument(skip_all, fields(account_id = %account_id), err(level = "info"))]
pub async fn profile(
    db: &impl ConnectionTrait,
    viewer: &CurrentUser,
    account_id: &str,
    number: &str,
) -> Result<SenderProfile, AppError> {
    let account = accounts::Entity::find_by_id(account_id.to_owned())
        .one(db)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("account {account_id}")))?;
    let number = parse_number(number, "phoneNumber")?;
    // Only threads `viewer` may see speak here: an agent does not learn what another
    // agent's chat with the number holds (its name, when it last spoke), nor that
    // it exists. The saved contact is the team's address book and is shared.
    let mine = |query: sea_orm::Select<threads::Entity>| match viewer.thread_scope() {
        Some(own) => query.filter(own),
        None => query,
    };
    let thread = mine(threads::Entity::find())
        .filter(threads::Column::AccountId.eq(account.id.as_str()))
        .filter(threads::Column::ContactNumber.eq(number.digits()))
        .one(db)
        .await?;
    // A name given on another account is still the person's WhatsApp name.
    let profile_name = match thread.as_ref().and_then(|t| t.profile_name.clone()) {
        Some(name) => Some(name),
        None => mine(threads::Entity::find())
            .filter(threads::Column::ContactNumber.eq(number.digits()))
            .filter(threads::Column::ProfileName.is_not_null())
            .order_by_desc(threads::Column::LastMessageAt)
            .one(db)
            .await?
            .and_then(|t| t.profile_name),
    };
    let provider = account.provider;
    let provider_note = if provider == crate::domain::Provider::Twilio {
        "Twilio hanya meneruskan nama profil WhatsApp; foto, status, dan terakhir dilihat tidak tersedia."
    } else {
        "Akun simulator: hanya nama profil yang dikirim bersama pesan."
    };
    Ok(SenderProfile {
        account_id: account.id,
        phone_number: number.digits().to_owned(),
        display: number.display_international(),
        profile_name,
        provider,
        provider_note: provider_note.to_owned(),
        contact: lookup(db, number.digits()).await?,
        last_contacted_at: thread.and_then(|t| t.last_message_at),
    })
}
