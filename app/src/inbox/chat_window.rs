//! The chat window: a header with the contact, the thread's account and the lead's
//! clock, then the history (see [`super::history`]) and the composer.

use super::{
    ChatSummary, composer::Composer, countdown::Countdown, detail::ThreadDetail, history::History,
    load_thread, outgoing::Outgoing, page::InboxCtx,
};
use crate::ui::EraseOnServer;
use crate::ui::{AccountBadge, Avatar, ErrorPanel};
use leptos::{either::Either, html, prelude::*};

/// The open thread.
#[component]
pub fn ChatWindow(
    /// `{accountId}:{contactNumber}` of the thread.
    thread_id: String,
) -> impl IntoView {
    let ctx = InboxCtx::get();
    Outgoing::provide(thread_id.clone(), ctx.chat.history_refresh);
    let id = StoredValue::new(thread_id);
    // One boundary for the whole window: header, history and composer appear together
    // once the thread is known. The page loads the detail; while it still holds the
    // previous chat's, nothing shows (a composer must never pair this thread with
    // another thread's account).
    view! {
        <Transition fallback=move || {
            view! { <div class="h-16 animate-pulse border-b border-slate-200 bg-white"></div> }
        }>
            {move || {
                ctx.chat
                    .detail
                    .get()
                    .flatten()
                    .and_then(|loaded| id.with_value(|id| loaded.of(id)))
                    .map(|r| match r {
                        Ok(d) => {
                            Either::Left(
                                view! {
                                    <ChatHeader detail=d.clone() />
                                    <History
                                        thread_id=id.get_value()
                                        focus=ctx.filters.with_untracked(|f| f.at)
                                    />
                                    <Composer detail=d />
                                },
                            )
                        }
                        Err(e) => Either::Right(view! { <ErrorPanel error=e /> }),
                    })
            }}
        </Transition>
    }
    .erase_on_server()
}

/// Contact, the account the thread belongs to (large: this is where replies leave
/// from), the contact's threads on other accounts, and the info button.
#[component]
fn ChatHeader(
    /// The open thread.
    detail: ThreadDetail,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let s = detail.summary.clone();
    let title = s.title().to_owned();
    let back = {
        let mut f = ctx.filters.get_untracked();
        f.thread = None;
        f.href(&ctx.base.get_untracked())
    };
    // The same chat on another account: its link keeps the list's filters.
    let href_of = move |thread_id: &str| {
        let mut f = ctx.filters.get_untracked();
        f.thread = Some(thread_id.to_owned());
        f.at = None;
        f.href(&ctx.base.get_untracked())
    };
    let also_on = detail
        .also_on
        .iter()
        .map(|other| {
            view! {
                <a
                    href=href_of(&other.thread_id)
                    class="rounded-full ring-1 ring-slate-300 hover:ring-emerald-600"
                    data-testid="also-on"
                    aria-label=format!("{} {}", t("Buka percakapan di akun"), other.account_name)
                >
                    <AccountBadge
                        account_id=other.account_id.clone()
                        name=other.account_name.clone()
                    />
                </a>
            }
        })
        .collect_view();
    let has_also_on = !detail.also_on.is_empty();
    // The phone's menu: the other accounts, the lead and the profile, which beside a
    // long name would leave it no room.
    let also_on_items = detail
        .also_on
        .iter()
        .map(|other| {
            view! {
                <a
                    href=href_of(&other.thread_id)
                    role="menuitem"
                    class="flex min-h-11 items-center gap-2 rounded-lg px-3 text-sm hover:bg-slate-50"
                >
                    {move || t("Juga di:")}
                    <AccountBadge
                        account_id=other.account_id.clone()
                        name=other.account_name.clone()
                    />
                </a>
            }
        })
        .collect_view();
    let menu = RwSignal::new(false);
    // The ⋮ menu takes the focus when it opens (so Esc, read inside it, closes it from
    // the keyboard and from a tap alike) and gives it back to ⋮ when Esc closes it.
    let menu_button = NodeRef::<html::Button>::new();
    let menu_list = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if menu.get()
            && let Some(list) = menu_list.get_untracked()
        {
            crate::ui::focus_first(&list);
        }
    });
    let profile_key = (s.account_id.clone(), s.contact_number.clone());
    view! {
        <header
            class="relative flex flex-wrap items-center gap-x-2 gap-y-0.5 border-b border-slate-200 bg-white px-2 py-1.5"
            data-testid="chat-header"
            data-account-id=s.account_id.clone()
        >
            <a
                href=back
                class="flex min-h-11 min-w-11 items-center justify-center rounded-full text-xl text-slate-600 hover:bg-slate-100 md:hidden"
                aria-label=t("Kembali ke daftar percakapan")
            >
                "←"
            </a>
            <button
                type="button"
                class="flex min-h-11 min-w-0 flex-1 items-center gap-3 rounded-lg text-left hover:bg-slate-50"
                data-testid="open-profile"
                on:click={
                    let key = profile_key.clone();
                    move |_| ctx.profile.set(Some(key.clone()))
                }
            >
                <span class="sr-only">{move || t("Profil")}</span>
                <span class="hidden @2xl:block">
                    <Avatar name=title.clone() />
                </span>
                <span class="min-w-0 flex-1">
                    <span
                        class="block truncate font-semibold text-slate-900"
                        data-testid="chat-title"
                    >
                        {title.clone()}
                    </span>
                    <span class="block truncate text-xs text-slate-600" data-testid="chat-number">
                        {s.contact_display.clone()}
                    </span>
                </span>
            </button>
            // On a narrow panel, a line of its own under the name: the account a reply
            // leaves from, and the lead's clock (indented past the phone's back arrow).
            <div class="flex shrink-0 items-center gap-3 @max-2xl:order-last @max-2xl:basis-full @max-2xl:justify-between @max-2xl:pb-1 @max-2xl:pl-[3.25rem] md:pl-0! @2xl:flex-row-reverse">
                <div
                    class="flex shrink-0 flex-col items-end gap-1"
                    data-testid="thread-account"
                    aria-label=format!("{} {}", t("Akun percakapan ini:"), s.account_name)
                >
                    <div class="flex items-center gap-1.5 rounded-lg bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
                        <span class="text-xs text-slate-600">{move || t("Akun")}</span>
                        <span class="text-sm">
                            <AccountBadge
                                account_id=s.account_id.clone()
                                name=s.account_name.clone()
                            />
                        </span>
                        <span class="hidden text-xs text-slate-600 lg:inline">
                            {detail.account_display.clone()}
                        </span>
                    </div>
                    {has_also_on
                        .then(|| {
                            view! {
                                <div class="hidden items-center gap-1 text-xs text-slate-600 @2xl:flex">
                                    <span>{move || t("Juga di:")}</span>
                                    {also_on}
                                </div>
                            }
                        })}
                </div>
                <div class="shrink-0" data-testid="header-clock">
                    <LeadClock thread_id=s.thread_id.clone() summary=s.clone() />
                </div>
            </div>
            // The chips show on the chat's row; here the menu alone, so the name keeps
            // its room (on a phone, from the list row's menu only, for the same reason).
            <div class="hidden @2xl:block">
                <super::label_menu::LabelMenu
                    thread_id=s.thread_id.clone()
                    initial=detail.labels.clone()
                />
            </div>
            <button
                type="button"
                class="hidden min-h-11 rounded-full px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 @2xl:inline-flex @2xl:items-center xl:hidden!"
                aria-label=t("Info lead")
                data-testid="lead-info-button"
                on:click=move |_| ctx.lead_drawer.update(|open| *open = !*open)
            >
                "Lead"
            </button>
            <button
                type="button"
                class="hidden min-h-11 min-w-11 items-center justify-center rounded-full text-lg text-slate-600 hover:bg-slate-100 @2xl:inline-flex"
                aria-label=t("Profil pengirim")
                data-testid="profile-button"
                on:click={
                    let key = profile_key.clone();
                    move |_| ctx.profile.set(Some(key.clone()))
                }
            >
                <span
                    aria-hidden="true"
                    class="flex h-6 w-6 items-center justify-center rounded-full border-2 border-slate-500 font-serif text-sm font-bold italic"
                >
                    "i"
                </span>
            </button>
            <button
                type="button"
                class="flex min-h-11 min-w-11 items-center justify-center rounded-full text-xl text-slate-600 hover:bg-slate-100 @2xl:hidden"
                aria-label=t("Menu percakapan")
                aria-haspopup="menu"
                aria-expanded=move || menu.get().to_string()
                data-testid="chat-menu"
                node_ref=menu_button
                on:click=move |_| menu.update(|open| *open = !*open)
            >
                <span aria-hidden="true">"⋮"</span>
            </button>
            <Show when=move || menu.get()>
                <div
                    class="fixed inset-0 z-30 @2xl:hidden"
                    aria-hidden="true"
                    on:click=move |_| menu.set(false)
                ></div>
            </Show>
            <div
                role="menu"
                aria-label=t("Menu percakapan")
                class=move || {
                    if menu.get() {
                        "absolute right-2 top-12 z-40 w-64 rounded-xl bg-white p-1 shadow-lg ring-1 ring-slate-200 @2xl:hidden"
                    } else {
                        "hidden"
                    }
                }
                node_ref=menu_list
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        menu.set(false);
                        if let Some(button) = menu_button.get_untracked() {
                            let _ = button.focus();
                        }
                    }
                }
                on:click=move |_| menu.set(false)
            >
                <button
                    type="button"
                    role="menuitem"
                    class="flex min-h-11 w-full items-center rounded-lg px-3 text-left text-sm hover:bg-slate-50"
                    on:click=move |_| ctx.lead_drawer.update(|open| *open = !*open)
                >
                    {move || t("Info lead")}
                </button>
                <button
                    type="button"
                    role="menuitem"
                    class="flex min-h-11 w-full items-center rounded-lg px-3 text-left text-sm hover:bg-slate-50"
                    on:click={
                        let key = profile_key.clone();
                        move |_| ctx.profile.set(Some(key.clone()))
                    }
                >
                    {move || t("Profil pengirim")}
                </button>
                {also_on_items}
            </div>
        </header>
    }
    .erase_on_server()
}

/// The open lead's countdown or lock, kept current by lead events.
#[component]
fn LeadClock(
    /// The open thread, reloaded when a lead event arrives.
    thread_id: String,
    /// Its row as the window opened with it.
    summary: ChatSummary,
) -> impl IntoView {
    let ctx = InboxCtx::get();
    let state = RwSignal::new(summary);
    let id = StoredValue::new(thread_id);
    Effect::new(move |previous: Option<u64>| {
        let tick = ctx.live.lead_tick.get();
        if previous.is_some_and(|p| p != tick) {
            leptos::task::spawn_local(async move {
                if let Ok(detail) = load_thread(id.get_value()).await {
                    state.set(detail.summary);
                }
            });
        }
        tick
    });
    view! {
        <Countdown
            deadline=Signal::derive(move || state.with(|s| s.escalation_deadline))
            paused_until=Signal::derive(move || state.with(|s| s.escalation_paused_until))
            locked=Signal::derive(move || state.with(ChatSummary::is_locked))
            overdue=Signal::derive(move || state.with(|s| s.overdue))
        />
    }
}
