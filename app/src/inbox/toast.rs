//! The personal-message alert: a person wrote after a machine did, in one of the
//! viewer's chats. It stays until looked at or dismissed (and goes in every tab when
//! dismissed in one).

use super::page::InboxCtx;
use crate::notifications::{menu::chat_link, server_fns::dismiss_notification};
use leptos::prelude::*;

/// The alert, when there is one.
#[component]
pub(super) fn PersonalToast() -> impl IntoView {
    let t = crate::i18n::use_t();
    let live = InboxCtx::get().live;
    let dismiss = Action::new(move |id: &i64| {
        let id = *id;
        async move { dismiss_notification(id).await }
    });
    view! {
        {move || {
            live.toast
                .get()
                .map(|toast| {
                    let id = toast.notification_id;
                    view! {
                        <div
                            role="status"
                            aria-live="polite"
                            data-testid="personal-toast"
                            class="fixed bottom-4 right-4 z-40 w-80 max-w-[calc(100vw-2rem)] rounded-xl bg-white p-4 shadow-xl ring-1 ring-amber-300"
                        >
                            <p class="font-semibold">{toast.title.clone()}</p>
                            <p class="mt-1 truncate text-sm text-slate-600">{toast.body.clone()}</p>
                            <div class="mt-2 flex gap-2">
                                <a
                                    href=chat_link(&toast.thread_id)
                                    class="min-h-11 content-center rounded-lg bg-emerald-700 px-3 text-sm font-medium text-white"
                                    on:click=move |_| live.toast.set(None)
                                >
                                    {move || t("Lihat Chat")}
                                </a>
                                <button
                                    type="button"
                                    class="min-h-11 rounded-lg px-3 text-sm hover:bg-slate-100"
                                    on:click=move |_| {
                                        live.toast.set(None);
                                        dismiss.dispatch(id);
                                    }
                                >
                                    {move || t("Dismiss")}
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
    }
}
