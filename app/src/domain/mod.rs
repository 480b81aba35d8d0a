//! Pure rules of the product, shared by the server and the browser. Nothing here touches
//! a database or the network; every rule has a table of unit tests next to it.

pub mod audit;
pub mod badge;
pub mod contact_name;
pub mod contrast;
pub mod direction;
pub mod lead_state;
pub mod media_types;
pub mod message_kind;
pub mod name;
pub mod notification_kind;
pub mod phone;
pub mod placeholders;
pub mod role;
pub mod sender;
pub mod status;
pub mod stored;
pub mod thread_id;

pub use badge::{BadgeColor, badge_color, badge_colors};
pub use contact_name::contact_name;
pub use direction::{Direction, Provider};
pub use lead_state::{AssignReason, EscalationState};
pub use message_kind::{MediaStatus, MessageType};
pub use notification_kind::NotificationKind;
pub use phone::{PhoneError, PhoneNumber};
pub use role::Role;
pub use sender::{SenderChoice, SenderError, choose_sender};
pub use status::MessageStatus;
pub use thread_id::{ThreadId, ThreadIdError, validate_account_id};
pub mod auto_reply;
pub mod round_robin;
pub mod spam;
pub mod window;
pub mod working_hours;
