//! The inline "are you sure?" box of destructive actions: what will happen, a red
//! button that does it and one that backs out.

use leptos::prelude::*;

/// Asks before something that cannot be undone. Shown while `open` is true.
#[component]
pub fn ConfirmBox(
    /// Shown while true; "Batal" sets it back to false.
    open: RwSignal<bool>,
    /// The box's accessible name ("Hapus label").
    #[prop(into)]
    title: Signal<String>,
    /// What will happen.
    #[prop(into)]
    message: Signal<String>,
    /// The red button's text ("Ya, hapus").
    #[prop(into)]
    confirm: Signal<String>,
    /// Runs on the red button.
    on_confirm: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <Show when=move || open.get()>
            <div
                role="alertdialog"
                aria-label=move || title.get()
                class="mt-2 w-full rounded-lg bg-red-50 p-3 text-sm text-red-900"
            >
                <p>{move || message.get()}</p>
                <div class="mt-2 flex gap-2">
                    <button
                        type="button"
                        class="min-h-11 rounded-lg bg-red-700 px-3 text-white"
                        on:click=move |_| on_confirm.run(())
                    >
                        {move || confirm.get()}
                    </button>
                    <button
                        type="button"
                        class="min-h-11 rounded-lg px-3 hover:bg-red-100"
                        on:click=move |_| open.set(false)
                    >
                        {move || t("Batal")}
                    </button>
                </div>
            </div>
        </Show>
    }
}
