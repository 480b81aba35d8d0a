//! sea-orm entities, one module per table of `migrations/`, in the shape sea-orm-cli
//! generates them. Change the migration first, then these.

pub mod account_members;
pub mod accounts;
pub mod agent_daily;
pub mod agents;
pub mod assignment_events;
pub mod audit_log;
pub mod blocked_messages;
pub mod contacts;
pub mod daily_analytics;
pub mod events;
pub mod first_responses;
pub mod labels;
pub mod message_media;
pub mod messages;
pub mod notifications;
pub mod rotation_state;
pub mod sessions;
pub mod settings;
pub mod spam_keywords;
pub mod templates;
pub mod thread_labels;
pub mod threads;

pub mod connect;
pub mod write_gate;
