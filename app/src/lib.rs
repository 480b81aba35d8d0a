//! Serambi: a unified WhatsApp team inbox.
//!
//! This crate is the product itself, shared by the server (feature `ssr`) and the
//! browser (feature `hydrate`): pure rules in [`domain`], one folder per feature with
//! its types, server functions and components, server-only code in `ssr` modules.

#![recursion_limit = "256"]

pub mod accounts;
pub mod admin;
pub mod agents;
pub mod analytics;
mod app;
pub mod audit;
pub mod auth;
pub mod auto_reply;
pub mod codec;
pub mod contacts;
pub mod domain;
pub mod error;
pub mod escalation;
pub mod i18n;
pub mod inbox;
pub mod labels;
pub mod messaging;
pub mod notifications;
pub mod pwa;
pub mod query;
pub mod realtime;
pub mod settings;
pub mod simulator;
pub mod spam;
pub mod templates;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod providers;
#[cfg(feature = "ssr")]
pub mod secret;
#[cfg(feature = "ssr")]
pub mod state;

pub use app::{App, shell};
pub use error::{AppError, AppResult};
