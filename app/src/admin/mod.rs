//! The admin area, `/admin/...`: one frame ([`shell::AdminShell`]) with a navigation,
//! and a page per concern. Each page is a lazy route: its code is a separate wasm
//! chunk fetched when the page is opened, so the inbox's first load carries none of it.

mod accounts_page;
mod analytics_page;
mod auto_reply_page;
mod labels_page;
mod notifications_page;
mod settings_page;
pub mod shell;
mod spam_page;
mod team_page;
mod templates_page;

pub use accounts_page::AccountsRoute;
pub use analytics_page::AnalyticsRoute;
pub use auto_reply_page::AutoReplyRoute;
pub use labels_page::LabelsRoute;
pub use notifications_page::NotificationsRoute;
pub use settings_page::SettingsRoute;
pub use spam_page::SpamRoute;
pub use team_page::TeamRoute;
pub use templates_page::TemplatesRoute;
