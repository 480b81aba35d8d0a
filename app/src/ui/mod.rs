//! Small shared components: account badges, avatars, times, the dialog shell, the
//! confirmation box, the error panel, loading skeletons, the language switch and focus
//! handling for dialogs.

mod account_badge;
mod avatar;
mod confirm;
mod copy;
mod erase;
mod error;
mod focus;
mod lang_switch;
mod modal;
mod skeleton;
pub mod time;

pub use account_badge::{AccountBadge, AccountPalette, provide_account_palette};
pub use avatar::{Avatar, initials};
pub use confirm::ConfirmBox;
pub use copy::CopyField;
pub use erase::EraseOnServer;
pub use error::{ErrorLine, ErrorPanel, explain};
pub use focus::{focus_first, trap_focus};
pub use lang_switch::LangSwitch;
pub use modal::Modal;
pub use skeleton::ListSkeleton;
pub use time::RelativeTime;
