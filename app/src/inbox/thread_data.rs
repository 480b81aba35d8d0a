//! What the inbox loads for the open chat: its header and lead details and its newest
//! messages, made by the page (like the chat list) so that the server draws them into
//! the page and the browser hydrates the same resources.

use super::{detail::ThreadDetail, load_thread, thread_messages};
use crate::{error::AppError, messaging::MessagePage, ui::time::ReaderClock};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a page-level resource loaded, and for which thread: right after a switch it
/// still holds the previous chat's, which the new chat must not show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded<T> {
    /// `{accountId}:{contactNumber}` of the thread it was loaded for.
    pub thread_id: String,
    /// What the server answered.
    pub value: Result<T, AppError>,
}

impl<T: Clone> Loaded<T> {
    /// The answer when it is `thread_id`'s.
    pub fn of(&self, thread_id: &str) -> Option<Result<T, AppError>> {
        (self.thread_id == thread_id).then(|| self.value.clone())
    }
}

/// The newest page of a thread's history and the clock it is drawn with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewestPage {
    /// The page.
    pub page: MessagePage,
    /// Where it was loaded: the server's clock and the reader's zone from its cookie
    /// when the server draws the page, the browser's own when the browser loads it.
    pub clock: ReaderClock,
}

/// A resource of the open thread (none while no chat is open).
pub type ThreadResource<T> = Resource<Option<Loaded<T>>>;

/// The open thread's resources and the triggers that reload them.
#[derive(Clone, Copy)]
pub struct ThreadData {
    /// Bumped to reload the newest page of the history (a reply landed).
    pub history_refresh: RwSignal<u64>,
    /// Header and composer details; loaded once per opened chat, as the chat window
    /// redraws with them (a reload would clear the composer).
    pub detail: ThreadResource<ThreadDetail>,
    /// The lead panel's details, which follow every change to the lead.
    pub lead: ThreadResource<ThreadDetail>,
    /// The newest page of the history.
    pub newest: ThreadResource<NewestPage>,
}

impl ThreadData {
    /// The resources of `thread`, reloaded on the given triggers besides its own.
    pub fn new(
        thread: Memo<Option<String>>,
        list_version: RwSignal<u64>,
        live: super::live::Live,
    ) -> Self {
        let history_refresh = RwSignal::new(0);
        Self {
            history_refresh,
            detail: Resource::new(move || thread.get(), detail),
            lead: Resource::new(
                move || (thread.get(), list_version.get(), live.lead_tick.get()),
                |(id, ..)| detail(id),
            ),
            newest: Resource::new(
                move || (thread.get(), live.thread_tick.get(), history_refresh.get()),
                |(id, ..)| newest(id),
            ),
        }
    }
}

async fn detail(thread: Option<String>) -> Option<Loaded<ThreadDetail>> {
    let thread_id = thread?;
    let value = load_thread(thread_id.clone()).await;
    Some(Loaded { thread_id, value })
}

async fn newest(thread: Option<String>) -> Option<Loaded<NewestPage>> {
    let thread_id = thread?;
    let clock = ReaderClock::here();
    let value = thread_messages(thread_id.clone(), None)
        .await
        .map(|page| NewestPage { page, clock });
    Some(Loaded { thread_id, value })
}
