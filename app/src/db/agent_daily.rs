//! `agent_daily`: per agent, account and business day, the leads they answered first
//! (with their response times as histograms) and the leads escalated away from them.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agent_daily")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    #[sea_orm(primary_key, auto_increment = false)]
    pub account_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub agent_id: i64,
    pub escalations_away: i32,
    /// Leads answered first.
    pub answered: i32,
    /// Seconds from the customer's first message to the answer, as
    /// [`crate::analytics::histogram::Histogram`] text.
    pub arrival_seconds: String,
    /// Seconds from getting the lead to the answer, the same way.
    pub assigned_seconds: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
