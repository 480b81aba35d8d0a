//! Small shared components: account badges, avatars, times.

mod account_badge;
mod avatar;
pub mod time;

pub use account_badge::AccountBadge;
pub use avatar::{Avatar, initials};
pub use time::RelativeTime;
