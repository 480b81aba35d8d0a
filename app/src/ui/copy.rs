//! A text to paste elsewhere (a webhook URL) with a button that copies it.

use leptos::prelude::*;

/// `text` in a read-only field and a "Salin" button that puts it on the clipboard.
#[component]
pub fn CopyField(
    /// What the field says (its accessible name).
    label: &'static str,
    /// The text to copy.
    text: String,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let copied = RwSignal::new(false);
    let value = StoredValue::new(text.clone());
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let clipboard = window().navigator().clipboard();
            let promise = clipboard.write_text(&value.get_value());
            leptos::task::spawn_local(async move {
                let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                copied.set(ok);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = value;
    };
    view! {
        <label class="block text-sm">
            <span class="font-medium">{move || t(label)}</span>
            <span class="mt-1 flex gap-2">
                <input
                    class="min-h-11 w-full min-w-0 rounded-lg border border-slate-300 bg-slate-50 px-3 font-mono text-xs"
                    readonly
                    value=text
                    on:focus=move |ev| {
                        #[cfg(feature = "hydrate")]
                        {
                            use leptos::wasm_bindgen::JsCast;
                            if let Some(input) = ev
                                .target()
                                .and_then(|t| {
                                    t.dyn_into::<leptos::web_sys::HtmlInputElement>().ok()
                                })
                            {
                                input.select();
                            }
                        }
                        #[cfg(not(feature = "hydrate"))]
                        let _ = ev;
                    }
                />
                <button
                    type="button"
                    class="min-h-11 shrink-0 rounded-lg px-3 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100"
                    on:click=copy
                >
                    {move || if copied.get() { t("Tersalin ✓") } else { t("Salin") }}
                </button>
            </span>
        </label>
    }
}
