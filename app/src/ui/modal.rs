//! The dialog shell: a dimmed overlay, a sheet from the bottom on a phone and a centred
//! panel above that, with a title and a close button. Clicking outside closes it; Esc
//! is handled by the inbox's keyboard shortcuts. Focus moves into it when it opens and
//! Tab stays inside it while it is open.

use super::{focus_first, trap_focus};
use leptos::{html, prelude::*};

/// A modal dialog around `children`.
#[component]
pub fn Modal(
    /// The title, in Indonesian (translated here).
    title: &'static str,
    /// Element id of the title, for `aria-labelledby`.
    title_id: &'static str,
    /// `data-testid` of the dialog.
    testid: &'static str,
    /// Called to close the dialog.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let dialog = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            focus_first(&dialog);
        }
    });
    view! {
        <div
            class="fixed inset-0 z-40 flex items-end justify-center bg-black/40 sm:items-center"
            on:click=move |_| on_close.run(())
        >
            <div
                role="dialog"
                aria-modal="true"
                node_ref=dialog
                aria-labelledby=title_id
                data-testid=testid
                class="max-h-[90dvh] w-full max-w-md overflow-y-auto rounded-t-2xl bg-white p-4 shadow-xl sm:rounded-2xl"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| {
                    if let Some(dialog) = dialog.get_untracked() {
                        trap_focus(&ev, &dialog);
                    }
                }
            >
                <div class="flex items-center">
                    <h2 id=title_id class="text-lg font-semibold">
                        {move || t(title)}
                    </h2>
                    <button
                        type="button"
                        class="ml-auto min-h-11 min-w-11 rounded-lg text-xl text-slate-600 hover:bg-slate-100"
                        aria-label=move || t("Tutup")
                        on:click=move |_| on_close.run(())
                    >
                        "×"
                    </button>
                </div>
                {children()}
            </div>
        </div>
    }
}
