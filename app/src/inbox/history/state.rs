//! The history's paging, scrolling and read-marking: the rules as plain functions, and
//! the state of one open thread that applies them.

use super::super::{mark_read, page::InboxCtx, thread_messages};
use crate::{
    domain::Direction,
    messaging::{MessagePage, MessageView},
};
use leptos::{html, prelude::*};

/// Closer than this (pixels) to the bottom counts as reading the newest messages.
const BOTTOM_SLACK_PX: i32 = 40;
/// Closer than this (pixels) to the top fetches the page before.
const LOAD_OLDER_PX: i32 = 200;
/// Older pages fetched at most to find a search hit before giving up on it.
const MAX_FOCUS_PAGES: u8 = 20;

/// Everything the history shows, oldest first and each message once: pages loaded by
/// scrolling up, the newest page, and replies accepted in this window (which the
/// newest page may already hold).
pub fn merge_messages(
    older: Vec<MessageView>,
    newest: impl IntoIterator<Item = MessageView>,
    sent: impl IntoIterator<Item = MessageView>,
) -> Vec<MessageView> {
    let mut all = older;
    all.extend(newest);
    all.extend(sent);
    all.sort_by_key(|m| m.id);
    all.dedup_by_key(|m| m.id);
    all
}

/// The message to mark read once `page` is on screen: its newest inbound one (the
/// server marks the ones before it read too). `None` when the customer wrote nothing.
pub fn to_mark_read(page: &[MessageView]) -> Option<i64> {
    page.iter()
        .filter(|m| m.direction == Direction::Inbound)
        .map(|m| m.id)
        .max()
}

/// The newest message id after a page loaded, given the newest one `seen` before (0
/// before the first page), and whether the page brought news: the first page is not
/// news, only messages newer than what was already on screen are.
pub fn note_newest(seen: i64, page: &[MessageView]) -> (i64, bool) {
    let page_newest = page.iter().map(|m| m.id).max().unwrap_or(0);
    (seen.max(page_newest), seen > 0 && page_newest > seen)
}

/// Paging, scrolling and read-marking state of the open thread's history.
#[derive(Clone, Copy)]
pub struct HistoryState {
    thread_id: StoredValue<String>,
    /// Pages loaded by scrolling up.
    pub older: RwSignal<Vec<MessageView>>,
    /// Where the next older page starts: unknown (`None`) until the newest page
    /// arrived, `Some(None)` once the thread's first message is loaded.
    older_cursor: RwSignal<Option<Option<i64>>>,
    /// An older page is on its way.
    pub loading_older: RwSignal<bool>,
    /// The newest message id shown so far.
    newest: StoredValue<i64>,
    /// Newer messages arrived below while the agent reads further up (the pill).
    pub news_below: RwSignal<bool>,
    at_bottom: RwSignal<bool>,
    /// A message to bring into view once it is loaded (a search hit), and how many
    /// older pages may still be fetched to find it.
    focus: StoredValue<Option<(i64, u8)>>,
    /// The scrolling message list.
    pub scroller: NodeRef<html::Div>,
}

impl HistoryState {
    /// The state of a freshly opened `thread_id`: nothing loaded, at the bottom (or
    /// going to message `focus`).
    pub fn new(thread_id: String, focus: Option<i64>) -> Self {
        Self {
            thread_id: StoredValue::new(thread_id),
            older: RwSignal::new(Vec::new()),
            older_cursor: RwSignal::new(None),
            loading_older: RwSignal::new(false),
            newest: StoredValue::new(0),
            news_below: RwSignal::new(false),
            at_bottom: RwSignal::new(focus.is_none()),
            focus: StoredValue::new(focus.map(|id| (id, MAX_FOCUS_PAGES))),
            scroller: NodeRef::new(),
        }
    }

    /// The open thread.
    pub fn thread_id(self) -> String {
        self.thread_id.get_value()
    }

    /// A newest page arrived: remember where older pages start, and keep the newest
    /// message in view, or show the pill if the agent is reading further up.
    pub fn page_loaded(self, page: &MessagePage) {
        if self.older_cursor.get_untracked().is_none() {
            self.older_cursor.set(Some(page.next_before));
        }
        let (newest, arrived) = note_newest(self.newest.get_value(), &page.items);
        self.newest.set_value(newest);
        if self.at_bottom.get_untracked() {
            self.scroll_to_bottom();
        } else if arrived {
            // Do not pull the view away from what the agent is reading.
            self.news_below.set(true);
        }
    }

    /// Marks what the agent now sees read, and clears the thread's unread badge.
    pub fn mark_read(self, ctx: InboxCtx, page: &MessagePage) {
        let Some(id) = to_mark_read(&page.items) else {
            return;
        };
        let thread = self.thread_id();
        leptos::task::spawn_local(async move {
            if mark_read(id).await.is_ok() {
                ctx.read_threads.update(|r| {
                    if !r.contains(&thread) {
                        r.push(thread);
                    }
                });
            }
        });
    }

    /// Brings the focused message into view and marks it, once it is among `loaded`;
    /// otherwise fetches the page before, a bounded number of times.
    pub fn seek_focus(self, loaded: &[MessageView]) {
        let Some((id, pages_left)) = self.focus.get_value() else {
            return;
        };
        let shown = loaded.iter().any(|m| m.id == id)
            || self.older.with_untracked(|o| o.iter().any(|m| m.id == id));
        if !shown {
            if pages_left == 0 || matches!(self.older_cursor.get_untracked(), Some(None)) {
                // Not in this thread, or too far back: the newest messages it is.
                self.focus.set_value(None);
                self.at_bottom.set(true);
                self.scroll_to_bottom();
            } else {
                self.focus.set_value(Some((id, pages_left - 1)));
                self.load_older();
            }
            return;
        }
        self.focus.set_value(None);
        let scroller = self.scroller;
        request_animation_frame(move || {
            let Some(list) = scroller.get_untracked() else {
                return;
            };
            if let Ok(Some(bubble)) = list.query_selector(&format!("[data-message-id=\"{id}\"]")) {
                bubble.scroll_into_view_with_bool(true);
                // A little below the top edge, with what came before it in sight.
                list.set_scroll_top(list.scroll_top() - list.client_height() / 3);
                let _ = bubble.set_attribute("data-focused", "true");
            }
        });
    }

    /// Fetches the page before the oldest loaded one (once at a time, until the start).
    pub fn load_older(self) {
        let Some(Some(before)) = self.older_cursor.get_untracked() else {
            return;
        };
        if self.loading_older.get_untracked() {
            return;
        }
        self.loading_older.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(page) = thread_messages(self.thread_id(), Some(before)).await {
                let scroller = self.scroller;
                let height_before = scroller.get_untracked().map(|el| el.scroll_height());
                let items = page.items.clone();
                self.older.update(|o| o.extend(page.items));
                self.older_cursor.set(Some(page.next_before));
                self.seek_focus(&items);
                // Keep the message the agent was reading where it was.
                request_animation_frame(move || {
                    if let (Some(el), Some(before)) = (scroller.get_untracked(), height_before) {
                        el.set_scroll_top(el.scroll_top() + el.scroll_height() - before);
                    }
                });
            }
            self.loading_older.set(false);
        });
    }

    /// Follows the agent's scrolling: at the bottom the pill goes, near the top the
    /// page before loads.
    pub fn on_scroll(self) {
        if let Some(el) = self.scroller.get() {
            let bottom =
                el.scroll_height() - el.scroll_top() - el.client_height() < BOTTOM_SLACK_PX;
            self.at_bottom.set(bottom);
            if bottom {
                self.news_below.set(false);
            }
            if el.scroll_top() < LOAD_OLDER_PX {
                self.load_older();
            }
        }
    }

    /// Shows the newest message (after the next paint, when it is in the list).
    pub fn scroll_to_bottom(self) {
        let scroller = self.scroller;
        request_animation_frame(move || {
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{ids, message};
    use super::*;

    #[test]
    fn pages_and_sent_replies_merge_in_order_once_each() {
        let older = vec![
            message(2, Direction::Inbound, 2),
            message(1, Direction::Inbound, 1),
        ];
        // The newest page arrives newest first and already holds reply 5.
        let newest = vec![
            message(5, Direction::Outbound, 5),
            message(4, Direction::Inbound, 4),
            message(3, Direction::Inbound, 3),
        ];
        let sent = vec![
            message(5, Direction::Outbound, 5),
            message(6, Direction::Outbound, 6),
        ];
        assert_eq!(
            ids(&merge_messages(older, newest, sent)),
            [1, 2, 3, 4, 5, 6]
        );
        assert!(merge_messages(Vec::new(), Vec::new(), Vec::new()).is_empty());
    }

    #[test]
    fn the_newest_inbound_message_is_marked_read() {
        let page = vec![
            message(9, Direction::Outbound, 9),
            message(7, Direction::Inbound, 7),
            message(8, Direction::Inbound, 8),
        ];
        assert_eq!(to_mark_read(&page), Some(8), "not the agent's own reply");
        assert_eq!(to_mark_read(&[message(3, Direction::Outbound, 3)]), None);
        assert_eq!(to_mark_read(&[]), None);
    }

    #[test]
    fn only_messages_newer_than_those_shown_are_news() {
        let page = [
            message(4, Direction::Inbound, 4),
            message(3, Direction::Inbound, 3),
        ];
        assert_eq!(note_newest(0, &page), (4, false), "the first page");
        assert_eq!(note_newest(3, &page), (4, true));
        assert_eq!(
            note_newest(4, &page),
            (4, false),
            "a reload with nothing new"
        );
        assert_eq!(
            note_newest(6, &page),
            (6, false),
            "older than what is shown"
        );
        assert_eq!(note_newest(4, &[]), (4, false));
    }
}
