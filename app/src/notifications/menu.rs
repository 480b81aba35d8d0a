//! The 🔔 in the header of every page: the count of unread notices and a menu of them
//! with "Lihat Chat" and "Dismiss".

use super::{
    NotificationPage, NotificationView,
    server_fns::{dismiss_notification, my_notifications},
};
use crate::error::AppError;
use leptos::prelude::*;

/// The link that opens the chat of a notice.
pub fn chat_link(thread_id: &str) -> String {
    format!(
        "/inbox?thread={}",
        crate::query::percent_encode(thread_id, b":")
    )
}

/// The bell and its menu. `tick` changes whenever the server says notices changed
/// (a new one arrived, one was dismissed in another tab); the count follows.
#[component]
pub fn NotificationMenu(
    /// Moves when notices may have changed.
    #[prop(into)]
    tick: Signal<u32>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let local = RwSignal::new(0u32);
    // Loaded in the browser only: the count is the viewer's own and changes all day,
    // so the server renders the bell without it (and without another resource shared
    // between suspense boundaries on the server).
    let page = LocalResource::new(move || {
        tick.track();
        local.track();
        my_notifications(None)
    });
    let open = RwSignal::new(false);
    let dismiss = Action::new(move |id: &i64| {
        let id = *id;
        async move { dismiss_notification(id).await }
    });
    Effect::new(move |_| {
        if dismiss.value().get().is_some() {
            local.update(|n| *n += 1);
        }
    });
    let on_dismiss = Callback::new(move |id| {
        dismiss.dispatch(id);
    });
    let unread = move || {
        // Only the browser loads the count; on the server, reading a local resource
        // would hold the page's suspense boundary open.
        if cfg!(feature = "hydrate") {
            page.get().and_then(Result::ok).map_or(0, |p| p.unread)
        } else {
            0
        }
    };
    view! {
        <div class="relative">
            <button
                type="button"
                data-testid="notification-bell"
                class="relative min-h-11 min-w-11 rounded-lg px-2 hover:bg-emerald-700"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || format!("{} ({})", t("Notifikasi"), unread())
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"🔔"</span>
                {move || {
                    let n = unread();
                    (n > 0)
                        .then(|| {
                            view! {
                                <span
                                    data-testid="notification-count"
                                    class="absolute -right-0.5 -top-0.5 min-w-5 rounded-full bg-red-600 px-1 text-xs font-bold text-white"
                                >
                                    {n}
                                </span>
                            }
                        })
                }}
            </button>
            // The menu is a chunk of its own (`#[lazy]`), fetched when first opened.
            <Show when=move || open.get()>
                <Suspense>{move || Suspend::new(menu_body(page, on_dismiss))}</Suspense>
            </Show>
        </div>
    }
}

/// The open menu: the newest notices, or why there are none.
#[lazy]
fn menu_body(
    page: LocalResource<Result<NotificationPage, AppError>>,
    on_dismiss: Callback<i64>,
) -> AnyView {
    let t = crate::i18n::use_t();
    view! {
        <div
            role="menu"
            data-testid="notification-menu"
            class="absolute right-0 z-30 mt-1 w-80 max-w-[calc(100vw-1rem)] rounded-xl bg-white text-slate-900 shadow-lg ring-1 ring-slate-200"
        >
            <Transition fallback=|| {
                view! { <p class="p-3 text-sm">"Memuat…"</p> }
            }>
                {move || {
                    page.get()
                        .map(|r| match r {
                            Err(e) => {
                                view! {
                                    <p class="p-3 text-sm text-red-700">{crate::ui::explain(&e)}</p>
                                }
                                    .into_any()
                            }
                            Ok(p) if p.items.is_empty() => {
                                view! {
                                    <p class="p-3 text-sm text-slate-600">
                                        {t("Tidak ada notifikasi.")}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(p) => {
                                view! {
                                    <ul class="max-h-96 divide-y divide-slate-100 overflow-y-auto">
                                        {p
                                            .items
                                            .into_iter()
                                            .map(|n| {
                                                view! { <Entry n on_dismiss /> }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <a
                href="/admin/notifications"
                class="block p-2 text-center text-sm text-emerald-800 underline"
            >
                {move || t("Semua notifikasi")}
            </a>
        </div>
    }
    .into_any()
}

/// One notice in the menu.
#[component]
pub fn Entry(n: NotificationView, on_dismiss: Callback<i64>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let unread = n.dismissed_at.is_none();
    let id = n.id;
    view! {
        <li role="menuitem" class="p-3" class:bg-amber-50=unread data-testid="notification">
            <p class="text-sm font-semibold">{n.title.clone()}</p>
            <p class="truncate text-sm text-slate-600">{n.body.clone()}</p>
            <div class="mt-1 flex gap-2">
                {n
                    .thread_id
                    .as_deref()
                    .map(|thread| {
                        view! {
                            <a
                                href=chat_link(thread)
                                class="min-h-11 content-center rounded-lg px-2 text-sm font-medium text-emerald-800 hover:bg-emerald-50"
                            >
                                {move || t("Lihat Chat")}
                            </a>
                        }
                    })}
                {unread
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="min-h-11 rounded-lg px-2 text-sm hover:bg-slate-100"
                                on:click=move |_| on_dismiss.run(id)
                            >
                                {move || t("Dismiss")}
                            </button>
                        }
                    })}
            </div>
        </li>
    }
}
