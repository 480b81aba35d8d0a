//! The admin area, `/admin/...`: one frame ([`shell::AdminShell`]) with a navigation,
//! and a page per concern. Each page is a lazy route: its code is a separate wasm
//! chunk fetched when the page is opened, so the inbox's first load carries none of it.

mod auto_reply_page;
mod labels_page;
mod notifications_page;
pub mod shell;
mod spam_page;

pub use auto_reply_page::AutoReplyRoute;
pub use labels_page::LabelsRoute;
pub use notifications_page::NotificationsRoute;
pub use spam_page::SpamRoute;
