//! `first_responses`: one row per answered lead, for response-time analytics.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "first_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub thread_id: String,
    pub account_id: String,
    pub agent_id: i64,
    pub day: Date,
    pub responded_at: DateTimeUtc,
    pub since_arrival_seconds: i64,
    pub since_assigned_seconds: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
