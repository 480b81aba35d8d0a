//! `threads`: one conversation (account x contact number), which is also the lead.
use crate::domain::{Direction, EscalationState};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "threads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub account_id: String,
    pub contact_number: String,
    pub profile_name: Option<String>,
    pub owner_id: Option<i64>,
    pub assigned_at: Option<DateTimeUtc>,
    pub first_response_at: Option<DateTimeUtc>,
    pub escalation_count: i32,
    pub escalation_state: EscalationState,
    pub unread_count: i32,
    pub last_message_at: Option<DateTimeUtc>,
    pub last_message_preview: Option<String>,
    pub last_message_direction: Option<Direction>,
    pub last_inbound_at: Option<DateTimeUtc>,
    pub last_inbound_auto_reply: bool,
    pub notes: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::accounts::Entity",
        from = "Column::AccountId",
        to = "super::accounts::Column::Id"
    )]
    Account,
    #[sea_orm(
        belongs_to = "super::agents::Entity",
        from = "Column::OwnerId",
        to = "super::agents::Column::Id",
        on_delete = "SetNull"
    )]
    Owner,
    #[sea_orm(has_many = "super::messages::Entity")]
    Messages,
    /// The saved contact with this thread's number, if any.
    #[sea_orm(
        belongs_to = "super::contacts::Entity",
        from = "Column::ContactNumber",
        to = "super::contacts::Column::PhoneNumber"
    )]
    Contact,
}

impl Related<super::accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl Related<super::agents::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl Related<super::messages::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Messages.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
