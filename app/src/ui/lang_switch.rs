//! The interface language switch in the header.

use crate::i18n::{Lang, set_lang, use_lang};
use crate::ui::EraseOnServer;
use leptos::prelude::*;

/// ID | EN: the interface language, the current one pressed.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let lang = use_lang();
    let button = move |l: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class=move || {
                    format!(
                        "px-1.5 py-0.5 {}",
                        if lang.get() == l {
                            "rounded bg-white/20 font-semibold max-sm:hidden"
                        } else {
                            "opacity-80"
                        },
                    )
                }
                aria-pressed=move || (lang.get() == l).to_string()
                data-testid=format!("lang-{}", l.code())
                on:click=move |_| set_lang(l)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="flex items-center text-xs" role="group" aria-label="Bahasa / Language">
            {button(Lang::Id, "ID")}
            {button(Lang::En, "EN")}
        </div>
    }
    .erase_on_server()
}
