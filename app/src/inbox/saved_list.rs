//! "Showing the saved list · refreshing…": said while the page on screen is the copy the
//! service worker kept, until the list has been fetched again. A saved page whose
//! session has ended goes to the login page instead (and is forgotten).

#[cfg(feature = "hydrate")]
use super::page::InboxCtx;
use leptos::prelude::*;

/// The notice, while the list is the saved one.
#[component]
pub(super) fn SavedListNotice() -> impl IntoView {
    let t = crate::i18n::use_t();
    // Read in the browser only: the server never sends a saved page.
    let saved_at = RwSignal::new(None::<i64>);
    #[cfg(feature = "hydrate")]
    let live = InboxCtx::get().live;
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        let Some(at) = crate::pwa::saved_at() else {
            return;
        };
        saved_at.set(Some(at));
        let refreshed = live.list_refreshed.get_untracked();
        // Fresh once the list has been fetched again after this point.
        Effect::new(move |_| {
            if live.list_refreshed.get() > refreshed {
                saved_at.set(None);
            }
        });
        leptos::task::spawn_local(async move {
            match crate::auth::whoami().await {
                Err(crate::error::AppError::Unauthorized) => {
                    crate::pwa::forget_last_list().await;
                    let _ = window().location().set_href("/login?next=/inbox");
                }
                // Fetch now, without waiting for the live connection, everything the
                // saved page drew from its day: the list, and the labels and accounts
                // an admin may have changed since (the filters, the label menu).
                _ => {
                    live.list_tick.update(|n| *n += 1);
                    live.labels_tick.update(|n| *n += 1);
                    live.accounts_tick.update(|n| *n += 1);
                }
            }
        });
    });
    view! {
        <Show when=move || saved_at.get().is_some()>
            <p
                role="status"
                aria-live="polite"
                data-testid="saved-list"
                class="bg-amber-100 px-3 py-1 text-center text-xs text-amber-950"
            >
                {move || t("Menampilkan daftar tersimpan")}
                " ("
                {move || saved_at.get().map(clock).unwrap_or_default()}
                ") · "
                {move || t("memperbarui…")}
            </p>
        </Show>
    }
}

/// `HH:MM` in the browser's zone.
fn clock(ms: i64) -> String {
    #[cfg(feature = "hydrate")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
        format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ms;
        String::new()
    }
}
