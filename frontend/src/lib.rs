//! The browser half of Serambi: takes over the server-rendered page and makes it live.

/// Called by the generated JS glue once the wasm module is loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panics show up in the browser console with a Rust backtrace instead of
    // "unreachable executed".
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: a lazy route (the admin pages) fetches its code before it
    // hydrates.
    leptos::mount::hydrate_lazy(app::App);
}
