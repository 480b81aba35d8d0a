//! The open thread's history: the newest page (reloaded when something changes), older
//! pages fetched as the agent scrolls up, messages grouped by day, what the agent sees
//! marked read, and a pill instead of a jump when news arrives while reading above.

mod days;
mod state;

use super::{
    outgoing::{Outgoing, PendingBubbles},
    page::InboxCtx,
    thread_data::NewestPage,
};
use crate::ui::EraseOnServer;
use crate::{error::AppError, ui::ErrorPanel, ui::time::ReaderClock};
use days::MessageDays;
use leptos::{either::Either, prelude::*};
use state::{HistoryState, merge_messages};

/// The thread's messages: newest page first, older ones as the agent scrolls up.
#[component]
pub fn History(
    /// The open thread.
    thread_id: String,
    /// A message to show first instead of the newest (a search hit).
    focus: Option<i64>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let outgoing = Outgoing::get();
    let state = HistoryState::new(thread_id, focus);
    let newest = ctx.chat.newest;
    // This chat's newest page, loaded by the page (never the previous chat's).
    let latest: Signal<Option<Result<NewestPage, AppError>>> = Signal::derive(move || {
        newest
            .get()
            .flatten()
            .and_then(|loaded| loaded.of(&state.thread_id()))
    });
    let messages = Signal::derive(move || {
        let newest = latest.get().and_then(Result::ok).map(|p| p.page.items);
        merge_messages(
            state.older.get(),
            newest.unwrap_or_default(),
            outgoing.sent.get(),
        )
    });
    // The server draws the messages with its clock and the reader's zone from the
    // cookie, and the browser hydrates them so; once it runs, the browser's own clock
    // takes over, but only if it draws otherwise (another day or zone: a first visit
    // before the cookie, say), so a page hydrated right is not drawn twice.
    let own_clock = RwSignal::new(None::<ReaderClock>);
    Effect::new(move |_| {
        let here = ReaderClock::here();
        let drawn = newest
            .get_untracked()
            .flatten()
            .and_then(|loaded| loaded.value.ok())
            .map(|p| p.clock);
        if drawn != Some(here) {
            own_clock.set(Some(here));
        }
    });
    let clock = Signal::derive(move || {
        let page = latest.get().and_then(Result::ok).map(|p| p.clock);
        // The later of the two: a page the browser loads after it runs is newer.
        match (page, own_clock.get()) {
            (Some(page), Some(own)) if own.now_ms > page.now_ms => own,
            (page, own) => page.or(own).unwrap_or_else(ReaderClock::here),
        }
    });
    // A reply on its way or just accepted goes below everything: show it.
    Effect::new(move |_| {
        outgoing.sent.track();
        outgoing.pending.track();
        state.scroll_to_bottom();
    });
    let loading = move || {
        view! { <p class="py-8 text-center text-sm text-slate-600">{move || t("Memuat pesan…")}</p> }
    };

    view! {
        <div
            node_ref=state.scroller
            class="min-h-0 flex-1 overflow-y-auto px-3 py-2 md:px-8"
            data-testid="message-list"
            role="log"
            aria-label=t("Riwayat pesan")
            on:scroll=move |_| state.on_scroll()
        >
            <Show when=move || state.loading_older.get()>
                <p class="py-2 text-center text-xs text-slate-600">
                    {move || t("Memuat pesan lama…")}
                </p>
            </Show>
            <Suspense fallback=loading>
                <PageLoaded latest=latest state=state />
                {move || {
                    latest
                        .get()
                        .map(|r| match r {
                            Err(e) => Either::Left(view! { <ErrorPanel error=e /> }),
                            Ok(_) => {
                                Either::Right(
                                    view! { <MessageDays messages=messages clock=clock /> },
                                )
                            }
                        })
                }}
            </Suspense>
            <PendingBubbles />
            <Show when=move || state.news_below.get()>
                <button
                    type="button"
                    class="sticky bottom-2 left-1/2 z-10 mx-auto block -translate-x-0 rounded-full bg-emerald-700 px-3 py-1 text-sm font-semibold text-white shadow-lg"
                    data-testid="new-messages-pill"
                    on:click=move |_| {
                        state.news_below.set(false);
                        state.scroll_to_bottom();
                    }
                >
                    {move || format!("{} ↓", t("Pesan baru"))}
                </button>
            </Show>
        </div>
    }
    .erase_on_server()
}

/// Renders nothing: its effect handles each newest page (paging, scrolling, marking
/// read). It sits inside the history's own Suspense so that reading the page there
/// registers with that Suspense, never with the chat window's Transition around it.
#[component]
fn PageLoaded(
    /// The newest page of the history.
    latest: Signal<Option<Result<NewestPage, AppError>>>,
    /// The history it updates.
    state: HistoryState,
) -> impl IntoView {
    let ctx = InboxCtx::get();
    Effect::new(move |_| {
        if let Some(Ok(NewestPage { page, .. })) = latest.get() {
            state.page_loaded(&page);
            state.mark_read(ctx, &page);
            state.seek_focus(&page.items);
        }
    });
}

/// Messages for the tests of the history's rules.
#[cfg(test)]
mod test_support {
    use crate::{
        domain::{Direction, MessageStatus},
        messaging::MessageView,
    };
    use chrono::{DateTime, Utc};

    /// Minutes after 2026-11-16 00:00 UTC.
    pub fn at(minutes: i64) -> DateTime<Utc> {
        DateTime::<Utc>::from_timestamp(1_794_787_200 + minutes * 60, 0).unwrap_or_default()
    }

    /// Message `id`, written `minutes` after [`at`]'s start.
    pub fn message(id: i64, direction: Direction, minutes: i64) -> MessageView {
        MessageView {
            id,
            thread_id: "acc-001:6281234567890".into(),
            account_id: "acc-001".into(),
            direction,
            message_type: crate::domain::MessageType::Text,
            body: format!("pesan {id}"),
            status: match direction {
                Direction::Inbound => MessageStatus::Received,
                Direction::Outbound => MessageStatus::Sent,
            },
            error_code: None,
            error_message: None,
            provider_message_id: None,
            sent_by: None,
            template_id: None,
            is_auto_reply: false,
            created_at: at(minutes),
            media: Vec::new(),
            sender_number: None,
            sender_name: None,
            media_path: None,
            is_read: None,
            received_at: None,
            recipient_number: None,
            sent_at: None,
        }
    }

    /// The ids of `messages`, in order.
    pub fn ids(messages: &[MessageView]) -> Vec<i64> {
        messages.iter().map(|m| m.id).collect()
    }
}
