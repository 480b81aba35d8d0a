//! `message_media`: attachments of a message.
use crate::domain::MediaStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "message_media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub message_id: i64,
    pub position: i32,
    pub provider_url: Option<String>,
    pub content_type: String,
    pub local_path: Option<String>,
    pub size_bytes: Option<i64>,
    pub status: MediaStatus,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
