//! `assignment_events`: who owned a lead when, and why it moved.
use crate::domain::AssignReason;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assignment_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub thread_id: String,
    pub from_agent_id: Option<i64>,
    pub to_agent_id: Option<i64>,
    pub reason: AssignReason,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
