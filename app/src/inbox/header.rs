//! The inbox's top bar.

use super::{live, page::InboxCtx};
use crate::ui::EraseOnServer;
use crate::{
    auth::{CurrentUser, Logout},
    ui::LangSwitch,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The top bar: title, connection state, who is logged in, notifications, language
/// and log out.
#[component]
pub fn Header(
    /// The logged-in user.
    user: CurrentUser,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let realtime = InboxCtx::get().live;
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full load, so nothing of the old session stays in memory, once the
            // app's saved list is gone from the device too.
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async {
                crate::pwa::forget_last_list().await;
                let _ = window().location().set_href("/login");
            });
        }
    });
    let role = if user.is_admin() { "Admin" } else { "Agen" };
    view! {
        <header class="flex items-center gap-1 bg-emerald-800 px-2 py-1 text-white sm:gap-3 sm:px-4 sm:py-2">
            <h1 class="sr-only whitespace-nowrap text-lg font-bold sm:not-sr-only">
                {move || t("Kotak Masuk")}
            </h1>
            <live::ConnectionStatus />
            <Title text=move || live::title(realtime.unseen.get()) />
            <span class="ml-auto min-w-0 truncate text-sm" data-testid="current-user">
                {user.name.clone()}
                <span class="ml-1 rounded bg-emerald-900/60 px-1.5 py-0.5 text-xs">{role}</span>
            </span>
            <crate::agents::AvailabilitySwitch />
            <crate::notifications::menu::NotificationMenu tick=realtime.notice_tick />
            <live::NotifyButton />
            {user
                .is_admin()
                .then(|| {
                    view! {
                        <a
                            href="/admin/labels"
                            aria-label="Admin"
                            class="min-h-11 min-w-11 content-center rounded-lg px-2 text-center text-sm font-medium hover:bg-emerald-700"
                        >
                            <span aria-hidden="true" class="sm:hidden">
                                "⚙"
                            </span>
                            <span class="hidden sm:inline">"Admin"</span>
                        </a>
                    }
                })}
            <LangSwitch />
            <ActionForm action=logout>
                // On a phone an icon, so the bar fits 360 px; the name stays for
                // screen readers.
                <button
                    type="submit"
                    class="min-h-11 min-w-11 rounded-lg px-1 text-sm font-medium hover:bg-emerald-700 sm:px-3"
                    aria-label=move || t("Keluar")
                >
                    <svg
                        aria-hidden="true"
                        viewBox="0 0 24 24"
                        class="mx-auto h-5 w-5 sm:hidden"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                        stroke-linecap="round"
                    >
                        <path d="M12 3v9M6.3 6.3a8 8 0 1 0 11.4 0" />
                    </svg>
                    <span class="hidden sm:inline">{move || t("Keluar")}</span>
                </button>
            </ActionForm>
        </header>
    }
    .erase_on_server()
}
