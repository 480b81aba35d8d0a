//! Grey placeholders shown while something loads, shaped like what will replace them so
//! the page does not jump.

use crate::ui::EraseOnServer;
use leptos::prelude::*;

/// Grey rows while the chat list loads.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <ul aria-busy="true" aria-label=t("Memuat percakapan")>
            {(0..8)
                .map(|_| {
                    view! {
                        <li class="flex animate-pulse gap-3 border-b border-slate-100 px-4 py-3">
                            <span class="h-10 w-10 rounded-full bg-slate-200"></span>
                            <span class="flex-1 space-y-2">
                                <span class="block h-3 w-1/2 rounded bg-slate-200"></span>
                                <span class="block h-3 w-3/4 rounded bg-slate-100"></span>
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .erase_on_server()
}
