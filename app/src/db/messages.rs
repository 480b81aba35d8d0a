//! `messages`: every message, inbound and outbound; outbound rows are the outbox.
use crate::domain::{Direction, MessageStatus, MessageType};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub thread_id: String,
    pub account_id: String,
    pub direction: Direction,
    pub message_type: MessageType,
    pub body: String,
    pub provider_message_id: Option<String>,
    pub status: MessageStatus,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub template_id: Option<i64>,
    pub template_credited: bool,
    /// The approved template (Twilio `ContentSid`) it goes out as, outside the window.
    pub content_sid: Option<String>,
    /// The filled `ContentVariables` (JSON) sent with `content_sid`.
    pub content_variables: Option<String>,
    pub sent_by: Option<i64>,
    pub is_auto_reply: bool,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTimeUtc>,
    pub read_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::threads::Entity",
        from = "Column::ThreadId",
        to = "super::threads::Column::Id",
        on_delete = "Cascade"
    )]
    Thread,
    /// The account the message came in on or left from.
    #[sea_orm(
        belongs_to = "super::accounts::Entity",
        from = "Column::AccountId",
        to = "super::accounts::Column::Id"
    )]
    Account,
}

impl Related<super::threads::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Thread.def()
    }
}

impl Related<super::accounts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Account.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
