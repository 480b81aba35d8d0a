//! Serambi's database schema.
//!
//! Each migration is one file and is never edited after it ships; a change to the schema
//! is a new migration. The same migrations run on SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_initial;
mod m20261122_000002_events;
mod m20261201_000001_provider_id_lookups;
mod m20261201_000002_decimal_rating;
mod m20261201_000003_due_leads;
mod m20261201_000004_admin_area;
mod m20261201_000005_templates;
mod m20261201_000006_account_members;
mod m20261201_000007_settings_audit;
mod m20261201_000008_analytics;
mod m20261202_000009_response_histograms;
mod m20261202_000010_message_search;
mod m20261202_000011_contact_search;
mod m20261207_000012_audit_log;

/// Every migration of Serambi, in the order they apply.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_initial::Migration),
            Box::new(m20261122_000002_events::Migration),
            Box::new(m20261201_000001_provider_id_lookups::Migration),
            Box::new(m20261201_000002_decimal_rating::Migration),
            Box::new(m20261201_000003_due_leads::Migration),
            Box::new(m20261201_000004_admin_area::Migration),
            Box::new(m20261201_000005_templates::Migration),
            Box::new(m20261201_000006_account_members::Migration),
            Box::new(m20261201_000007_settings_audit::Migration),
            Box::new(m20261201_000008_analytics::Migration),
            Box::new(m20261202_000009_response_histograms::Migration),
            Box::new(m20261202_000010_message_search::Migration),
            Box::new(m20261202_000011_contact_search::Migration),
            Box::new(m20261207_000012_audit_log::Migration),
        ]
    }
}
