//! "Siap menerima lead": the header switch with which an agent joins or leaves the
//! round-robin of new leads for themselves.

use super::server_fns::{my_agent, set_my_availability};
use leptos::prelude::*;

/// The switch. Read in the browser only (like the 🔔 count): the server renders it
/// unknown and disabled, and it settles once the page is hydrated.
#[component]
pub fn AvailabilitySwitch() -> impl IntoView {
    let t = crate::i18n::use_t();
    let available = RwSignal::new(None::<bool>);
    let failed = RwSignal::new(false);
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            match my_agent().await {
                Ok(me) => available.set(Some(me.available)),
                Err(_) => failed.set(true),
            }
        });
    });
    let toggle = move |_| {
        let Some(now) = available.get_untracked() else {
            return;
        };
        available.set(Some(!now));
        leptos::task::spawn_local(async move {
            match set_my_availability(!now).await {
                Ok(me) => {
                    failed.set(false);
                    available.set(Some(me.available));
                }
                Err(_) => {
                    failed.set(true);
                    available.set(Some(now));
                }
            }
        });
    };
    let on = move || available.get() == Some(true);
    view! {
        <button
            type="button"
            role="switch"
            aria-checked=move || on().to_string()
            aria-label=move || t("Siap menerima lead")
            title=move || t("Siap menerima lead")
            data-testid="availability"
            disabled=move || available.get().is_none()
            class="flex min-h-11 min-w-11 items-center justify-center gap-1.5 rounded-lg px-2 text-sm hover:bg-emerald-700 disabled:opacity-60"
            on:click=toggle
        >
            <span
                aria-hidden="true"
                class=move || {
                    format!(
                        "inline-block size-3 rounded-full ring-2 ring-white/70 {}",
                        if on() { "bg-lime-300" } else { "bg-slate-400" },
                    )
                }
            ></span>
            <span class="hidden lg:inline">
                {move || if on() { t("Siap") } else { t("Tidak menerima lead") }}
            </span>
            {move || failed.get().then(|| view! { <span aria-hidden="true">"⚠"</span> })}
        </button>
    }
}
