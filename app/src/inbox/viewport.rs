//! The inbox fits the part of the screen the on-screen keyboard leaves free, so the
//! composer sits right above the keyboard with the chat still in view.
//!
//! Chromium shrinks the layout to the keyboard on its own (`interactive-widget=
//! resizes-content` in the shell's viewport tag). Safari only shrinks the visual
//! viewport and scrolls the page under it, which would push the header out of sight:
//! there the inbox takes its height from `--app-height`, the visual viewport's height.

/// Keeps `--app-height` on `<html>` equal to the visual viewport's height (in the
/// browser; nothing on the server). Set up once per page: only the inbox reads it.
pub(super) fn follow_visual_viewport() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::{document, window};
        use wasm_bindgen::{JsCast, closure::Closure};
        thread_local! {
            static FOLLOWING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
        }
        let Some(viewport) = window().visual_viewport() else {
            return;
        };
        if FOLLOWING.with(|f| f.replace(true)) {
            return;
        }
        let fit = move || {
            let Some(viewport) = window().visual_viewport() else {
                return;
            };
            let Some(root) = document().document_element() else {
                return;
            };
            // Zoomed in by a pinch, the visible part is smaller but the page is not:
            // the inbox keeps the full height then.
            if (viewport.scale() - 1.0).abs() > 0.01 {
                let _ = root.remove_attribute("style");
                return;
            }
            let _ = root.set_attribute(
                "style",
                &format!("--app-height:{}px", viewport.height().round()),
            );
            // Safari scrolled the page to show the text box: the inbox is already
            // sized to the visible part, so the page goes back to its top.
            if viewport.offset_top() > 0.0 {
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        };
        fit();
        let on_resize = Closure::<dyn Fn()>::new(fit);
        let _ =
            viewport.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        // Listens for the page's lifetime.
        on_resize.forget();
    }
}
