//! Focus inside dialogs: where it starts, and that Tab cannot leave. (Browser only:
//! on the server these do nothing, as there is no focus to move.)

use leptos::web_sys::{Element, KeyboardEvent};
#[cfg(feature = "hydrate")]
use leptos::{prelude::*, wasm_bindgen::JsCast, web_sys::HtmlElement};

/// What can take focus with Tab.
#[cfg(feature = "hydrate")]
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
    select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/// The controls in `container` that Tab can reach now (shown, not disabled), in order.
#[cfg(feature = "hydrate")]
fn focusable(container: &Element) -> Vec<HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        // Hidden controls (display: none, or inside it) have no box.
        .filter(|el| el.offset_width() > 0 || el.offset_height() > 0)
        .collect()
}

/// Moves focus into `container` (its first control) unless it is there already, as a
/// dialog that opens should: a keyboard or screen-reader user starts inside it.
pub fn focus_first(container: &Element) {
    #[cfg(not(feature = "hydrate"))]
    let _ = container;
    #[cfg(feature = "hydrate")]
    {
        let inside = document()
            .active_element()
            .is_some_and(|active| container.contains(Some(&active)));
        if !inside && let Some(first) = focusable(container).first() {
            let _ = first.focus();
        }
    }
}

/// Keeps Tab and Shift+Tab inside `container`, a dialog: from its last control Tab
/// goes round to the first, and from the first Shift+Tab to the last.
pub fn trap_focus(ev: &KeyboardEvent, container: &Element) {
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, container);
    #[cfg(feature = "hydrate")]
    trap(ev, container);
}

#[cfg(feature = "hydrate")]
fn trap(ev: &KeyboardEvent, container: &Element) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusable(container);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    let outside = !active.as_ref().is_some_and(|a| container.contains(Some(a)));
    if ev.shift_key() && (at(first) || outside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (at(last) || outside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
