//! The server side of realtime: recording events and fanning them out.

mod hub;
mod record;

pub use hub::{CatchUp, Event, Hub, catch_up};
pub use record::{NewEvent, committed, publish_thread_event, record};
