//! The installed app: a small service worker (`public/sw.js`) keeps the app's code and
//! the last `/inbox` page, so an agent who reopens the app sees the last list at once.
//! A page the worker served from its cache carries `<meta name="serambi-saved-at">`;
//! the inbox then says that the list is the saved one until it has been refreshed.

/// The worker's cache of the last `/inbox` page (the name `public/sw.js` uses).
pub const PAGES_CACHE: &str = "serambi-pages";

/// Registers the service worker and asks it to keep the current list whenever the app
/// goes to the background (in the browser; nothing on the server).
pub fn register() {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::{document, window, window_event_listener};
        let navigator = window().navigator();
        // Absent where the browser has none, or the page is not a secure context.
        if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
            return;
        }
        let workers = navigator.service_worker();
        // A refusal (a blocked worker, say) leaves the app as it is without one.
        let _ = workers.register("/sw.js");
        // Leaving the app: the page the worker keeps becomes the list as it is now.
        let _ = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().hidden()
                && window().location().pathname().as_deref() == Ok("/inbox")
                && let Some(worker) = window().navigator().service_worker().controller()
            {
                let _ = worker.post_message(&"serambi:keep-inbox".into());
            }
        });
    }
}

/// When the page on screen is the worker's saved copy: the time it was saved, in
/// milliseconds since the epoch.
pub fn saved_at() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        let meta = leptos::prelude::document()
            .query_selector("meta[name=serambi-saved-at]")
            .ok()??;
        meta.get_attribute("content")?.parse().ok()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Forgets the saved page (logged out, or the session is gone): the next person to
/// open the app on this device sees no list. Resolves once it is gone.
pub async fn forget_last_list() {
    #[cfg(feature = "hydrate")]
    if let Ok(caches) = leptos::prelude::window().caches() {
        let _ = wasm_bindgen_futures::JsFuture::from(caches.delete(PAGES_CACHE)).await;
    }
}
