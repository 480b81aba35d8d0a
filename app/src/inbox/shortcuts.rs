//! The inbox's keyboard: `/` focuses the search and Esc closes what is open (anywhere
//! on the page), j/k or the arrows move through the chat list and Enter opens a thread
//! (while the list has the focus). The key mappings are plain functions, so they are
//! tested without a browser.

use super::page::InboxCtx;
use leptos::prelude::*;

/// What a key does anywhere in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Close the new-message dialog, the lead drawer and the profile dialog.
    CloseAll,
    /// Put the cursor in the search box.
    FocusSearch,
}

/// The shortcut of `key`, if any. `typing`: the focus is in a text field, where `/` is
/// a character to type, not a shortcut (Esc still closes).
pub fn shortcut(key: &str, typing: bool) -> Option<Shortcut> {
    match key {
        "Escape" => Some(Shortcut::CloseAll),
        "/" if !typing => Some(Shortcut::FocusSearch),
        _ => None,
    }
}

/// Is an element with this tag name a place where the agent types?
pub fn is_text_field(tag_name: &str) -> bool {
    matches!(tag_name, "INPUT" | "TEXTAREA" | "SELECT")
}

/// What a key does in the chat list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKey {
    /// Move the keyboard cursor to this row.
    Move(usize),
    /// Open the thread of this row.
    Open(usize),
}

/// The effect of `key` in a list of `len` rows whose cursor is on `current` (none yet:
/// the first move lands on the first row). Moves stop at either end.
pub fn list_key(key: &str, current: Option<usize>, len: usize) -> Option<ListKey> {
    if len == 0 {
        return None;
    }
    match key {
        "ArrowDown" | "j" => Some(ListKey::Move(current.map_or(0, |i| (i + 1).min(len - 1)))),
        "ArrowUp" | "k" => Some(ListKey::Move(current.map_or(0, |i| i.saturating_sub(1)))),
        "Enter" => current.filter(|i| *i < len).map(ListKey::Open),
        _ => None,
    }
}

/// Listens for the page-wide shortcuts while the inbox is mounted.
pub fn keyboard_shortcuts(ctx: InboxCtx) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        use leptos::wasm_bindgen::JsCast;
        let typing = ev
            .target()
            .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
            .is_some_and(|el| is_text_field(&el.tag_name()));
        match shortcut(&ev.key(), typing) {
            Some(Shortcut::CloseAll) => {
                ctx.new_message.set(false);
                ctx.lead_drawer.set(false);
                ctx.profile.set(None);
            }
            Some(Shortcut::FocusSearch) => {
                // Keeps the `/` out of the search box it is about to focus.
                ev.prevent_default();
                if let Some(input) = document()
                    .get_element_by_id("inbox-search")
                    .and_then(|el| el.dyn_into::<leptos::web_sys::HtmlElement>().ok())
                {
                    let _ = input.focus();
                }
            }
            None => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_shortcuts_leave_typing_alone() {
        for (key, typing, want) in [
            ("Escape", false, Some(Shortcut::CloseAll)),
            ("Escape", true, Some(Shortcut::CloseAll)),
            ("/", false, Some(Shortcut::FocusSearch)),
            ("/", true, None),
            ("n", false, None),
            ("a", false, None),
        ] {
            assert_eq!(shortcut(key, typing), want, "{key} typing={typing}");
        }
        assert!(is_text_field("INPUT") && is_text_field("TEXTAREA") && is_text_field("SELECT"));
        assert!(!is_text_field("DIV") && !is_text_field("BUTTON"));
    }

    #[test]
    fn the_list_cursor_moves_and_stops_at_the_ends() {
        for (key, current, len, want) in [
            ("j", None, 3, Some(ListKey::Move(0))),
            ("ArrowDown", Some(0), 3, Some(ListKey::Move(1))),
            ("j", Some(2), 3, Some(ListKey::Move(2))),
            ("k", None, 3, Some(ListKey::Move(0))),
            ("ArrowUp", Some(2), 3, Some(ListKey::Move(1))),
            ("k", Some(0), 3, Some(ListKey::Move(0))),
            ("Enter", Some(1), 3, Some(ListKey::Open(1))),
            ("Enter", None, 3, None),
            ("Enter", Some(5), 3, None),
            ("j", None, 0, None),
            ("x", Some(1), 3, None),
        ] {
            assert_eq!(list_key(key, current, len), want, "{key} {current:?} {len}");
        }
    }
}
