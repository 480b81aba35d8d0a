//! `/inbox` and `/admin/inbox`: the three-panel inbox.
//!
//! The URL holds the state (filters and the open thread), so every view can be shared,
//! reloaded and walked with back and forward. On a phone one panel shows at a time, on
//! a tablet the list and the chat, on a desktop the lead panel too.

use super::{
    chat_list::ChatListPanel, chat_window::ChatWindow, filters::InboxFilters, header::Header,
    inbox_accounts, lead_panel::LeadPanel, new_message::NewMessageDialog,
    profile_dialog::ProfileDialog, remembered_accounts::remember_accounts,
    shortcuts::keyboard_shortcuts,
};
use crate::ui::EraseOnServer;
use crate::{
    accounts::AccountView,
    auth::{CurrentUser, whoami},
    error::AppError,
    ui::{ErrorPanel, ListSkeleton},
};
use leptos::{
    either::{Either, EitherOf3},
    prelude::*,
};
use leptos_router::{
    NavigateOptions,
    components::Redirect,
    hooks::{use_location, use_navigate, use_query_map},
};

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
    /// The first page of the chat list for the current filters.
    pub first_page: Resource<Result<super::ChatPage, AppError>>,
    /// The logged-in user.
    pub user: StoredValue<CurrentUser>,
    /// The open chat's resources.
    pub chat: super::thread_data::ThreadData,
    /// Bumped to reload the chat list (after a send, say).
    // Bumped by realtime events, which only the browser receives.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
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
    let data = InboxData::new();
    // A Transition: once the inbox is on screen, nothing loading inside it can swap
    // it back for the skeleton.
    view! {
        <Transition fallback=move || {
            view! { <InboxSkeleton /> }
        }>
            {move || {
                me.get()
                    .map(|result| match result {
                        Ok(user) => EitherOf3::A(view! { <Inbox user=user data=data /> }),
                        Err(AppError::Unauthorized) => {
                            EitherOf3::B(view! { <Redirect path="/login?next=/inbox" /> })
                        }
                        Err(e) => EitherOf3::C(view! { <ErrorPanel error=e /> }),
                    })
            }}
        </Transition>
    }
    .erase_on_server()
}

/// What the inbox loads for everyone, and the state those loads follow.
///
/// Made by the page, outside its Transition: on the server a Suspense walks its
/// children more than once to find every resource they read, and a resource made in
/// there would be made, fetched and written into the page once per walk.
#[derive(Clone, Copy)]
struct InboxData {
    filters: Memo<InboxFilters>,
    base: Memo<String>,
    accounts: Resource<Result<Vec<AccountView>, AppError>>,
    labels: Resource<Result<Vec<crate::labels::LabelView>, AppError>>,
    first_page: Resource<Result<super::ChatPage, AppError>>,
    list_version: RwSignal<u64>,
    live: super::live::Live,
    thread: Memo<Option<String>>,
    chat: super::thread_data::ThreadData,
}

impl InboxData {
    fn new() -> Self {
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
        let live = super::live::Live::new();
        let list_version = RwSignal::new(0);
        // Only a change of thread reloads the chat (not typing in the search).
        let thread = Memo::new(move |_| filters.with(|f| f.thread.clone()));
        Self {
            filters,
            base,
            accounts: Resource::new(move || live.accounts_tick.get(), |_| inbox_accounts()),
            labels: Resource::new(move || live.labels_tick.get(), |_| super::inbox_labels()),
            first_page: Resource::new(
                move || (filters.with(|f| f.list_query()), list_version.get()),
                |(query, _)| super::list_chats(query),
            ),
            list_version,
            live,
            thread,
            chat: super::thread_data::ThreadData::new(thread, list_version, live),
        }
    }
}

#[component]
fn Inbox(user: CurrentUser, data: InboxData) -> impl IntoView {
    let t = crate::i18n::use_t();
    let InboxData {
        filters,
        base,
        accounts,
        labels,
        first_page,
        list_version,
        live,
        thread,
        chat,
    } = data;
    let ctx = InboxCtx {
        filters,
        base,
        accounts,
        labels,
        first_page,
        user: StoredValue::new(user.clone()),
        chat,
        list_version,
        read_threads: RwSignal::new(Vec::new()),
        new_message: RwSignal::new(false),
        lead_drawer: RwSignal::new(false),
        profile: RwSignal::new(None),
        live,
    };
    provide_context(ctx);
    // Every badge below tells the accounts apart by the colours the server chose
    // among all of them.
    crate::ui::provide_account_palette(Signal::derive(move || {
        accounts
            .get()
            .and_then(Result::ok)
            .map(|list| list.into_iter().map(|a| (a.id, a.color)).collect())
            .unwrap_or_default()
    }));
    super::live::start(ctx);
    remember_accounts(ctx);
    keyboard_shortcuts(ctx);
    super::viewport::follow_visual_viewport();

    let thread_open = move || thread.with(Option::is_some);
    view! {
        <div class="flex h-[var(--app-height,100dvh)] flex-col bg-slate-100">
            <Header user=user />
            <super::saved_list::SavedListNotice />
            <super::live::Announcer />
            <super::toast::PersonalToast />
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
                            "@container min-w-0 flex-1 flex-col bg-[#efeae2] {}",
                            if thread_open() { "flex" } else { "hidden md:flex" },
                        )
                    }
                >
                    {move || match thread.get() {
                        Some(id) => Either::Left(view! { <ChatWindow thread_id=id /> }),
                        None => {
                            Either::Right(
                                view! {
                                    <div class="flex flex-1 items-center justify-center p-8 text-center text-slate-600">
                                        <p>{move || t("Pilih percakapan untuk mulai membalas.")}</p>
                                    </div>
                                },
                            )
                        }
                    }}
                </section>
                {move || thread.get().map(|id| view! { <LeadPanel thread_id=id /> })}
            </div>
            // The two dialogs are chunks of their own (`#[lazy]`), fetched the first
            // time they open: the inbox's first screen never needs their code.
            <Show when=move || ctx.new_message.get()>
                <Suspense>{|| Suspend::new(new_message_dialog())}</Suspense>
            </Show>
            {move || {
                ctx.profile
                    .get()
                    .map(|(account_id, number)| {
                        view! {
                            <Suspense>{Suspend::new(profile_dialog(account_id, number))}</Suspense>
                        }
                    })
            }}
        </div>
    }
    .erase_on_server()
}

/// "Pesan Baru", loaded with its code.
#[lazy]
fn new_message_dialog() -> AnyView {
    view! { <NewMessageDialog /> }.into_any()
}

/// The sender profile of `number` on `account_id`, loaded with its code.
#[lazy]
fn profile_dialog(account_id: String, number: String) -> AnyView {
    view! { <ProfileDialog account_id=account_id number=number /> }.into_any()
}

/// The page's shape while the session is checked.
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
    .erase_on_server()
}
