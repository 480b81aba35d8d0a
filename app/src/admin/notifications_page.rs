//! `/admin/notifications`: every notice of the viewer, unread first, paged.

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    error::AppError,
    notifications::{
        NotificationView,
        menu::Entry,
        server_fns::{dismiss_notification, my_notifications},
    },
    ui::explain,
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct NotificationsRoute {
    me: Resource<Result<CurrentUser, AppError>>,
}

#[lazy_route]
impl LazyRoute for NotificationsRoute {
    fn data() -> Self {
        Self {
            me: Resource::new(|| (), |_| whoami()),
        }
    }

    fn view(this: Self) -> AnyView {
        view! {
            <AdminShell section=Section::Notifications me=this.me>
                <AllNotifications />
            </AdminShell>
        }
        .into_any()
    }
}

/// The list, a page at a time.
#[component]
fn AllNotifications() -> impl IntoView {
    let t = crate::i18n::use_t();
    let items = RwSignal::new(Vec::<NotificationView>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let load = Action::new(move |from: &Option<String>| {
        let from = from.clone();
        async move { (from.is_some(), my_notifications(from).await) }
    });
    load.dispatch(None);
    Effect::new(move |_| match load.value().get() {
        Some((more, Ok(page))) => {
            cursor.set(page.next_cursor);
            if more {
                items.update(|i| i.extend(page.items));
            } else {
                items.set(page.items);
            }
        }
        Some((_, Err(e))) => error.set(Some(explain(&e))),
        None => {}
    });
    let dismiss = Action::new(move |id: &i64| {
        let id = *id;
        async move { dismiss_notification(id).await }
    });
    Effect::new(move |_| match dismiss.value().get() {
        Some(Ok(done)) => items.update(|i| {
            if let Some(n) = i.iter_mut().find(|n| n.id == done.id) {
                *n = done;
            }
        }),
        Some(Err(e)) => error.set(Some(explain(&e))),
        None => {}
    });
    view! {
        <h1 class="text-2xl font-bold">{move || t("Notifikasi")}</h1>
        {move || {
            error
                .get()
                .map(|m| {
                    view! {
                        <p role="alert" class="mt-3 rounded bg-red-50 p-3 text-red-800">
                            {m}
                        </p>
                    }
                })
        }}
        <ul class="mt-4 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
            <For each=move || items.get() key=|n| (n.id, n.dismissed_at.is_some()) let:n>
                <Entry
                    n
                    on_dismiss=Callback::new(move |id| {
                        dismiss.dispatch(id);
                    })
                />
            </For>
        </ul>
        <Show when=move || items.with(Vec::is_empty)>
            <p class="mt-2 text-sm text-slate-600">{move || t("Tidak ada notifikasi.")}</p>
        </Show>
        <Show when=move || cursor.with(Option::is_some)>
            <button
                type="button"
                class="mt-2 min-h-11 rounded-lg px-4 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200"
                on:click=move |_| {
                    load.dispatch(cursor.get_untracked());
                }
            >
                {move || t("Muat lagi")}
            </button>
        </Show>
    }
}
