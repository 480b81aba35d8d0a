//! Small shared components: account badges, avatars, times, the dialog shell.

mod account_badge;
mod avatar;
mod modal;
pub mod time;

pub use account_badge::AccountBadge;
pub use avatar::{Avatar, initials};
pub use modal::Modal;
pub use time::RelativeTime;
