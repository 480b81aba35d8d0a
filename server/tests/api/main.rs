//! Serambi's integration tests, linked as one binary (`cargo test -p server --test api`):
//! the real router on a fresh SQLite or PostgreSQL database per test, one module per area.

// First, so that its `on_both_backends!` macro is in scope in the modules below.
#[macro_use]
mod helpers;

mod admin_api;
mod analytics_api;
mod audit_api;
mod auth_api;
mod authz_matrix;
mod auto_reply_api;
mod chat_list;
mod contacts_api;
mod data_layer;
mod deployment;
mod escalation;
mod hardening;
mod inbound_batch;
mod inbound_races;
mod labels_api;
mod notifications_api;
mod openapi;
mod outbound;
mod outbox_failures;
mod query_plans;
mod realtime;
mod schema_changes;
mod search_api;
mod security;
mod settings_api;
mod spam_api;
mod team_api;
mod templates_api;
mod token_vault;
mod two_servers;
mod webhook;
