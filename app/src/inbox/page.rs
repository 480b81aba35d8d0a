//! `/inbox` and `/admin/inbox`: the three-panel inbox.
//!
//! The URL holds the state (filters and the open thread), so every view can be shared,
//! reloaded and walked with back and forward. On a phone one panel shows at a time, on
//! a tablet the list and the chat, on a desktop the lead panel too.

use super::{
    chat_list::ChatListPanel, chat_window::ChatWindow, filters::InboxFilters, inbox_accounts,
    lead_panel::LeadPanel, new_message::NewMessageDialog, profile_dialog::ProfileDialog,
};
use crate::{
    accounts::AccountView,
    auth::{CurrentUser, Logout, whoami},
    error::AppError,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::{
    NavigateOptions,
    components::Redirect,
    hooks::{use_location, use_navigate, use_query_map},
};

/// localStorage key of the remembered account selection.
const ACCOUNTS_KEY: &str = "serambi.accounts";

/// What every part of the inbox shares.
#[derive(Clone, Copy)]
pub(super) struct InboxCtx {
    /// Filters and open thread, from the URL.
    pub filters: Memo<InboxFilters>,
    /// `/inbox` or `/admin/inbox`.
    pub base: Memo<String>,
    /// The active accounts.
    pub accounts: Resource<Result<Vec<AccountView>, AppError>>,
    /// Every label, for the label filter.
    pub labels: Resource<Result<Vec<crate::labels::LabelView>, AppError>>,
    /// The logged-in user.
    pub user: StoredValue<CurrentUser>,
    /// Bumped to reload the open thread.
    pub version: RwSignal<u64>,
    /// Bumped to reload the chat list (after a send, say).
    pub list_version: RwSignal<u64>,
    /// Threads read in this page's lifetime (their unread badge clears at once).
    pub read_threads: RwSignal<Vec<String>>,
    /// The new-message dialog is open.
    pub new_message: RwSignal<bool>,
    /// The lead panel is open as a drawer (below desktop width).
    pub lead_drawer: RwSignal<bool>,
    /// The sender profile dialog is open for `(accountId, number)`.
    pub profile: RwSignal<Option<(String, String)>>,
    /// Realtime: connection state, clock and refresh triggers.
    pub live: super::live::Live,
}

impl InboxCtx {
    /// The shared inbox state.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// A function that moves the inbox to other filters (a new history entry, or a
    /// replaced one for typing in the search box).
    pub fn navigator(&self) -> impl Fn(InboxFilters, bool) + Clone + 'static + use<> {
        let navigate = use_navigate();
        let base = self.base;
        move |filters: InboxFilters, replace: bool| {
            let href = filters.href(&base.get_untracked());
            navigate(
                &href,
                NavigateOptions {
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    }
}

/// The inbox page. Without a session the server already redirected to `/login`; a
/// session that ends while the page is open redirects here.
#[component]
pub fn InboxPage() -> impl IntoView {
    let me = Resource::new(|| (), |_| whoami());
    // A Transition: once the inbox is on screen, nothing loading inside it can swap
    // it back for the skeleton.
    view! {
        <Transition fallback=move || {
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
        </Transition>
    }
    .into_any()
}

#[component]
fn Inbox(user: CurrentUser) -> impl IntoView {
    let t = crate::i18n::use_t();
    let query = use_query_map();
    let location = use_location();
    let filters = Memo::new(move |_| {
        let q = query.read();
        InboxFilters::from_query(|k| q.get_str(k))
    });
    let base = Memo::new(move |_| {
        if location.pathname.get().starts_with("/admin") {
            "/admin/inbox".to_owned()
        } else {
            "/inbox".to_owned()
        }
    });
    let ctx = InboxCtx {
        filters,
        base,
        accounts: Resource::new(|| (), |_| inbox_accounts()),
        labels: Resource::new(|| (), |_| super::inbox_labels()),
        user: StoredValue::new(user.clone()),
        version: RwSignal::new(0),
        list_version: RwSignal::new(0),
        read_threads: RwSignal::new(Vec::new()),
        new_message: RwSignal::new(false),
        lead_drawer: RwSignal::new(false),
        profile: RwSignal::new(None),
        live: super::live::Live::new(),
    };
    provide_context(ctx);
    super::live::start(ctx);
    remember_accounts(ctx);
    keyboard_shortcuts(ctx);

    // Only a change of thread remounts the chat window (not typing in the search).
    let thread = Memo::new(move |_| filters.with(|f| f.thread.clone()));
    let thread_open = move || thread.with(Option::is_some);
    view! {
        <div class="flex h-dvh flex-col bg-slate-100">
            <Header user=user />
            <div class="flex min-h-0 flex-1">
                <section
                    aria-label=t("Daftar percakapan")
                    class=move || {
                        format!(
                            "min-w-0 flex-col border-r border-slate-200 bg-white md:flex md:w-96 md:shrink-0 {}",
                            if thread_open() { "hidden" } else { "flex w-full" },
                        )
                    }
                >
                    <ChatListPanel />
                </section>
                <section
                    aria-label=t("Jendela chat")
                    class=move || {
                        format!(
                            "min-w-0 flex-1 flex-col bg-[#efeae2] {}",
                            if thread_open() { "flex" } else { "hidden md:flex" },
                        )
                    }
                >
                    {move || match thread.get() {
                        Some(id) => view! { <ChatWindow thread_id=id /> }.into_any(),
                        None => {
                            view! {
                                <div class="flex flex-1 items-center justify-center p-8 text-center text-slate-500">
                                    <p>{move || t("Pilih percakapan untuk mulai membalas.")}</p>
                                </div>
                            }
                                .into_any()
                        }
                    }}
                </section>
                {move || thread.get().map(|id| view! { <LeadPanel thread_id=id /> })}
            </div>
            <Show when=move || ctx.new_message.get()>
                <NewMessageDialog />
            </Show>
            {move || {
                ctx.profile
                    .get()
                    .map(|(account_id, number)| {
                        view! { <ProfileDialog account_id=account_id number=number /> }
                    })
            }}
        </div>
    }
    .into_any()
}

/// Restores the remembered account selection when the URL names none, and remembers
/// every later selection.
fn remember_accounts(ctx: InboxCtx) {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten();
        let go = ctx.navigator();
        let saved = storage
            .as_ref()
            .and_then(|s| s.get_item(ACCOUNTS_KEY).ok().flatten())
            .filter(|s| !s.is_empty());
        // Once, after the page is on screen.
        Effect::new(move |_| {
            let first = ctx.filters.get_untracked();
            if first.accounts.is_empty()
                && let Some(saved) = &saved
            {
                let mut restored = first;
                restored.accounts = saved.split(',').map(str::to_owned).collect();
                go(restored, true);
            }
        });
        Effect::new(move |previous: Option<Vec<String>>| {
            let accounts = ctx.filters.with(|f| f.accounts.clone());
            // A selection that came with the URL is remembered too; an empty one at
            // load is not, so it cannot wipe the remembered one before it is restored.
            if (previous.is_some() || !accounts.is_empty())
                && let Some(s) = &storage
            {
                let _ = s.set_item(ACCOUNTS_KEY, &accounts.join(","));
            }
            accounts
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ctx, ACCOUNTS_KEY);
}

/// `/` focuses the search, `n` opens a new message, Esc closes what is open.
fn keyboard_shortcuts(ctx: InboxCtx) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| {
                use leptos::wasm_bindgen::JsCast;
                t.dyn_into::<leptos::web_sys::Element>().ok()
            })
            .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        match ev.key().as_str() {
            "Escape" => {
                ctx.new_message.set(false);
                ctx.lead_drawer.set(false);
                ctx.profile.set(None);
            }
            "/" if !typing => {
                ev.prevent_default();
                if let Some(search) = document().get_element_by_id("inbox-search") {
                    use leptos::wasm_bindgen::JsCast;
                    if let Ok(input) = search.dyn_into::<leptos::web_sys::HtmlElement>() {
                        let _ = input.focus();
                    }
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

#[component]
fn Header(user: CurrentUser) -> impl IntoView {
    let t = crate::i18n::use_t();
    let live = InboxCtx::get().live;
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
            <h1 class="whitespace-nowrap text-lg font-bold">{move || t("Kotak Masuk")}</h1>
            <super::live::ConnectionStatus />
            <Title text=move || super::live::title(live.unseen.get()) />
            <span class="ml-auto truncate text-sm" data-testid="current-user">
                {user.name.clone()}
                <span class="ml-1 rounded bg-emerald-900/60 px-1.5 py-0.5 text-xs">{role}</span>
            </span>
            <super::live::NotifyButton />
            <LangSwitch />
            <ActionForm action=logout>
                <button
                    type="submit"
                    class="rounded-lg px-3 py-1 text-sm font-medium hover:bg-emerald-700"
                >
                    {move || t("Keluar")}
                </button>
            </ActionForm>
        </header>
    }
    .into_any()
}

/// A clear error with a way to try again.
#[component]
pub(super) fn ErrorPanel(error: AppError) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <div role="alert" class="m-4 rounded-lg bg-red-50 p-4 text-sm text-red-800">
            <p class="font-semibold">{move || t("Gagal memuat data.")}</p>
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
                {move || t("Coba lagi")}
            </button>
        </div>
    }
    .into_any()
}

/// Grey rows while the list loads.
#[component]
pub(super) fn ListSkeleton() -> impl IntoView {
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
    .into_any()
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
    .into_any()
}

/// ID | EN: the interface language.
#[component]
fn LangSwitch() -> impl IntoView {
    use crate::i18n::{Lang, set_lang, use_lang};
    let lang = use_lang();
    let button = move |l: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class=move || {
                    format!(
                        "px-1.5 py-0.5 {}",
                        if lang.get() == l {
                            "rounded bg-white/20 font-semibold"
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
    .into_any()
}
