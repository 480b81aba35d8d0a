//! Small shared components: account badges, avatars, times, the dialog shell, the
//! error panel, loading skeletons and the language switch.

mod account_badge;
mod avatar;
mod error;
mod lang_switch;
mod modal;
mod skeleton;
pub mod time;

pub use account_badge::AccountBadge;
pub use avatar::{Avatar, initials};
pub use error::{ErrorPanel, explain};
pub use lang_switch::LangSwitch;
pub use modal::Modal;
pub use skeleton::ListSkeleton;
pub use time::RelativeTime;
