//! Server half of messaging: the inbound flow, status callbacks, lead assignment.

pub mod assign;
pub mod bookkeeping;
pub mod credentials;
pub mod filters;
pub mod history;
pub mod inbound;
pub mod inbound_form;
mod inbound_rows;
pub mod intake;
pub mod media;
pub mod open_thread;
pub mod outbound;
pub mod outbox;
mod restore;
pub mod settings;
pub mod status;
pub mod upload;

pub use inbound::{InboundOutcome, Routed, account_by_number, find_account, receive};
pub use inbound_form::InboundMessage;
pub use intake::Intake;
pub use restore::restore_blocked;
pub use status::{Reported, StatusOutcome, apply_status, find_reported, parse_twilio_status};
