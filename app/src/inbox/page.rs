//! `/inbox` and `/admin/inbox`: the three-panel inbox.

use super::{ChatListQuery, ChatPage, chat_item::ChatItem, list_chats};
use crate::{
    auth::{CurrentUser, Logout, whoami},
    error::AppError,
};
use leptos::prelude::*;
use leptos_router::components::Redirect;

/// The inbox page. Without a session the server already redirected to `/login`; a
/// session that ends while the page is open redirects here.
#[component]
pub fn InboxPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    view! {
        <Suspense fallback=|| {
            view! { <InboxSkeleton /> }
        }>
            {move || {
                me.get()
                    .map(|result| match result {
                        Ok(user) => view! { <Inbox user=user /> }.into_any(),
                        Err(AppError::Unauthorized) => {
                            view! { <Redirect path="/login?next=/inbox" /> }.into_any()
                        }
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Inbox(user: CurrentUser) -> impl IntoView {
    let chats = Resource::new(ChatListQuery::default, list_chats);
    let is_admin = user.is_admin();
    view! {
        <div class="flex h-dvh flex-col bg-slate-100">
            <Header user=user />
            <div class="flex min-h-0 flex-1">
                <section
                    aria-label="Daftar percakapan"
                    class="flex w-full min-w-0 flex-col border-r border-slate-200 bg-white md:w-96 md:shrink-0"
                >
                    <h2 class="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-700">
                        "Percakapan"
                    </h2>
                    <div class="min-h-0 flex-1 overflow-y-auto">
                        <Suspense fallback=|| {
                            view! { <ListSkeleton /> }
                        }>
                            {move || {
                                chats
                                    .get()
                                    .map(|page| match page {
                                        Ok(page) => {
                                            view! { <ChatList page=page show_owner=is_admin /> }
                                                .into_any()
                                        }
                                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                                    })
                            }}
                        </Suspense>
                    </div>
                </section>
                <section
                    aria-label="Jendela chat"
                    class="hidden min-w-0 flex-1 items-center justify-center md:flex"
                >
                    <p class="text-slate-500">"Pilih percakapan untuk mulai membalas."</p>
                </section>
                <aside
                    aria-label="Info lead"
                    class="hidden w-80 shrink-0 border-l border-slate-200 bg-white xl:block"
                >
                    <h2 class="border-b border-slate-200 px-4 py-3 text-sm font-semibold text-slate-700">
                        "Info Lead"
                    </h2>
                </aside>
            </div>
        </div>
    }
}

#[component]
fn ChatList(page: ChatPage, show_owner: bool) -> impl IntoView {
    if page.items.is_empty() {
        return view! {
            <div class="p-8 text-center text-slate-500">
                <p class="font-medium">"Belum ada percakapan"</p>
                <p class="mt-1 text-sm">"Pesan WhatsApp yang masuk akan muncul di sini."</p>
            </div>
        }
        .into_any();
    }
    view! {
        <ul role="list" data-testid="chat-list">
            {page
                .items
                .into_iter()
                .map(|chat| view! { <ChatItem chat=chat show_owner=show_owner /> })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Header(user: CurrentUser) -> impl IntoView {
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // A full load, so nothing of the old session stays in memory.
            #[cfg(feature = "hydrate")]
            {
                let _ = window().location().set_href("/login");
            }
        }
    });
    let role = if user.is_admin() { "Admin" } else { "Agen" };
    view! {
        <header class="flex items-center gap-3 bg-emerald-800 px-4 py-2 text-white">
            <h1 class="text-lg font-bold">"Kotak Masuk"</h1>
            <span class="ml-auto truncate text-sm" data-testid="current-user">
                {user.name.clone()}
                <span class="ml-1 rounded bg-emerald-900/60 px-1.5 py-0.5 text-xs">{role}</span>
            </span>
            <ActionForm action=logout>
                <button
                    type="submit"
                    class="rounded-lg px-3 py-1 text-sm font-medium hover:bg-emerald-700"
                >
                    "Keluar"
                </button>
            </ActionForm>
        </header>
    }
}

/// A clear error with a way to try again.
#[component]
fn ErrorPanel(error: AppError) -> impl IntoView {
    view! {
        <div role="alert" class="m-4 rounded-lg bg-red-50 p-4 text-sm text-red-800">
            <p class="font-semibold">"Gagal memuat data."</p>
            <p class="mt-1">{error.to_string()}</p>
            <button
                class="mt-2 rounded bg-red-700 px-3 py-1 text-white"
                on:click=|_| {
                    #[cfg(feature = "hydrate")]
                    {
                        let _ = window().location().reload();
                    }
                }
            >
                "Coba lagi"
            </button>
        </div>
    }
}

#[component]
fn ListSkeleton() -> impl IntoView {
    view! {
        <ul aria-busy="true" aria-label="Memuat percakapan">
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
}

#[component]
fn InboxSkeleton() -> impl IntoView {
    view! {
        <div class="flex h-dvh flex-col bg-slate-100">
            <div class="h-11 bg-emerald-800"></div>
            <div class="w-full bg-white md:w-96">
                <ListSkeleton />
            </div>
        </div>
    }
}
