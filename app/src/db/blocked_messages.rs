//! `blocked_messages`: what the spam filter kept out of the inbox.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "blocked_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: String,
    pub contact_number: String,
    pub profile_name: Option<String>,
    pub body: String,
    pub provider_message_id: String,
    pub matched_keyword: String,
    pub raw_params: String,
    pub received_at: DateTimeUtc,
    pub restored_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
