//! The chat window: header with the thread's account, history paged backwards and
//! grouped by day, and the composer.

use super::{
    composer::{Composer, Outgoing},
    countdown::Countdown,
    detail::ThreadDetail,
    load_thread,
    page::{ErrorPanel, InboxCtx},
    thread_messages,
};
use crate::{
    messaging::MessageView,
    ui::{AccountBadge, Avatar},
};
use leptos::{html, prelude::*};

/// The open thread.
#[component]
pub fn ChatWindow(thread_id: String) -> impl IntoView {
    let ctx = InboxCtx::get();
    Outgoing::provide(thread_id.clone());
    let id = StoredValue::new(thread_id);
    let detail = Resource::new(
        move || (id.get_value(), ctx.version.get()),
        |(id, _)| load_thread(id),
    );
    // One boundary for the whole window: header, history and composer appear together
    // once the thread is known.
    view! {
        <Transition fallback=move || {
            view! { <div class="h-16 animate-pulse border-b border-slate-200 bg-white"></div> }
        }>
            {move || {
                detail
                    .get()
                    .map(|r| match r {
                        Ok(d) => {
                            view! {
                                <ChatHeader detail=d.clone() />
                                <History thread_id=id.get_value() />
                                <Composer detail=d />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    })
            }}
        </Transition>
    }
    .into_any()
}

/// Contact, the account the thread belongs to (large: this is where replies leave
/// from), the contact's threads on other accounts, and the info button.
#[component]
fn ChatHeader(detail: ThreadDetail) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let s = detail.summary.clone();
    let title = s.title().to_owned();
    let back = {
        let mut f = ctx.filters.get_untracked();
        f.thread = None;
        f.href(&ctx.base.get_untracked())
    };
    let also_on = detail
        .also_on
        .iter()
        .map(|other| {
            let mut f = ctx.filters.get_untracked();
            f.thread = Some(other.thread_id.clone());
            let href = f.href(&ctx.base.get_untracked());
            view! {
                <a
                    href=href
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
    view! {
        <header
            class="flex items-center gap-3 border-b border-slate-200 bg-white px-3 py-2"
            data-testid="chat-header"
            data-account-id=s.account_id.clone()
        >
            <a
                href=back
                class="rounded-full p-1 text-xl text-slate-600 hover:bg-slate-100 md:hidden"
                aria-label=t("Kembali ke daftar percakapan")
            >
                "←"
            </a>
            <button
                type="button"
                class="flex min-w-0 flex-1 items-center gap-3 rounded-lg text-left hover:bg-slate-50"
                aria-label=format!("{} {title}", t("Profil"))
                data-testid="open-profile"
                on:click={
                    let key = (s.account_id.clone(), s.contact_number.clone());
                    move |_| ctx.profile.set(Some(key.clone()))
                }
            >
                <Avatar name=title.clone() />
                <span class="min-w-0 flex-1">
                    <span
                        class="block truncate font-semibold text-slate-900"
                        data-testid="chat-title"
                    >
                        {title.clone()}
                    </span>
                    <span class="block truncate text-xs text-slate-500">
                        {s.contact_display.clone()}
                    </span>
                </span>
            </button>
            <div class="shrink-0" data-testid="header-clock">
                <LeadClock thread_id=s.thread_id.clone() summary=s.clone() />
            </div>
            <div
                class="flex shrink-0 flex-col items-end gap-1"
                data-testid="thread-account"
                aria-label=format!("{} {}", t("Akun percakapan ini:"), s.account_name)
            >
                <div class="flex items-center gap-1.5 rounded-lg bg-slate-50 px-2 py-1 ring-1 ring-slate-200">
                    <span class="hidden text-xs text-slate-500 sm:inline">{move || t("Akun")}</span>
                    <span class="text-sm">
                        <AccountBadge account_id=s.account_id.clone() name=s.account_name.clone() />
                    </span>
                    <span class="hidden text-xs text-slate-600 lg:inline">
                        {detail.account_display.clone()}
                    </span>
                </div>
                {has_also_on
                    .then(|| {
                        view! {
                            <div class="flex items-center gap-1 text-xs text-slate-500">
                                <span>{move || t("Juga di:")}</span>
                                {also_on}
                            </div>
                        }
                    })}
            </div>
            <button
                type="button"
                class="rounded-full px-2 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100 xl:hidden"
                aria-label=t("Info lead")
                data-testid="lead-info-button"
                on:click=move |_| ctx.lead_drawer.update(|open| *open = !*open)
            >
                "Lead"
            </button>
            <button
                type="button"
                class="rounded-full px-2 py-1 text-lg text-slate-600 hover:bg-slate-100"
                aria-label=t("Profil pengirim")
                data-testid="profile-button"
                on:click={
                    let key = (s.account_id.clone(), s.contact_number.clone());
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
        </header>
    }
    .into_any()
}

/// The open lead's countdown or lock, kept current by lead events.
#[component]
fn LeadClock(thread_id: String, summary: super::ChatSummary) -> impl IntoView {
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
            locked=Signal::derive(move || {
                state.with(|s| s.first_response_at.is_some() && s.owner_id.is_some())
            })
            overdue=Signal::derive(move || state.with(|s| s.overdue))
        />
    }
}

/// The thread's messages: newest page first, older ones as the agent scrolls up.
#[component]
fn History(thread_id: String) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let outgoing = Outgoing::get();
    let id = StoredValue::new(thread_id);
    let latest = LocalResource::new(move || {
        ctx.version.get();
        ctx.live.thread_tick.get();
        outgoing.refresh.get();
        thread_messages(id.get_value(), None)
    });
    // The newest message shown so far, and whether newer ones arrived below the view.
    let newest = StoredValue::new(0i64);
    let news_below = RwSignal::new(false);
    let older = RwSignal::new(Vec::<MessageView>::new());
    let older_cursor = RwSignal::new(None::<Option<i64>>);
    let loading_older = RwSignal::new(false);
    let scroller = NodeRef::<html::Div>::new();
    let at_bottom = RwSignal::new(true);

    let messages = move || {
        let mut all: Vec<MessageView> = older.get();
        if let Some(Ok(page)) = latest.get() {
            all.extend(page.items);
        }
        all.extend(outgoing.sent.get());
        all.sort_by_key(|m| m.id);
        all.dedup_by_key(|m| m.id);
        all
    };

    // Marks what the agent now sees as read and keeps the newest message in view. Run
    // from inside the history's own Suspense (not an effect), so reading the resource
    // never suspends the page around the chat.
    let after_load = move |page: &crate::messaging::MessagePage| {
        if older_cursor.get_untracked().is_none() {
            older_cursor.set(Some(page.next_before));
        }
        if let Some(newest_inbound) = page
            .items
            .iter()
            .filter(|m| m.direction == "inbound")
            .map(|m| m.id)
            .max()
        {
            let thread = id.get_value();
            leptos::task::spawn_local(async move {
                if super::mark_read(newest_inbound).await.is_ok() {
                    ctx.read_threads.update(|r| {
                        if !r.contains(&thread) {
                            r.push(thread);
                        }
                    });
                }
            });
        }
        let page_newest = page.items.iter().map(|m| m.id).max().unwrap_or(0);
        let arrived = page_newest > newest.get_value() && newest.get_value() > 0;
        newest.set_value(newest.get_value().max(page_newest));
        if at_bottom.get_untracked() {
            scroll_to_bottom(scroller);
        } else if arrived {
            // The agent is reading further up: do not pull the view away.
            news_below.set(true);
        }
    };
    Effect::new(move |_| {
        outgoing.sent.track();
        outgoing.pending.track();
        scroll_to_bottom(scroller);
    });

    let load_older = move || {
        let Some(Some(before)) = older_cursor.get_untracked() else {
            return;
        };
        if loading_older.get_untracked() {
            return;
        }
        loading_older.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(page) = thread_messages(id.get_value(), Some(before)).await {
                let height_before = scroller.get_untracked().map(|el| el.scroll_height());
                older.update(|o| o.extend(page.items));
                older_cursor.set(Some(page.next_before));
                // Keep the message the agent was reading where it was.
                request_animation_frame(move || {
                    if let (Some(el), Some(before)) = (scroller.get_untracked(), height_before) {
                        el.set_scroll_top(el.scroll_top() + el.scroll_height() - before);
                    }
                });
            }
            loading_older.set(false);
        });
    };

    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));

    let on_scroll = move |_| {
        if let Some(el) = scroller.get() {
            let bottom = el.scroll_height() - el.scroll_top() - el.client_height() < 40;
            at_bottom.set(bottom);
            if bottom {
                news_below.set(false);
            }
            if el.scroll_top() < 200 {
                load_older();
            }
        }
    };

    view! {
        <div
            node_ref=scroller
            class="min-h-0 flex-1 overflow-y-auto px-3 py-2 md:px-8"
            data-testid="message-list"
            role="log"
            aria-label=t("Riwayat pesan")
            on:scroll=on_scroll
        >
            // Messages are rendered in the browser only (they need its clock and time
            // zone), after hydration, so server and browser never disagree about them.
            <Show
                when=move || mounted.get()
                fallback=move || {
                    view! {
                        <p class="py-8 text-center text-sm text-slate-500">
                            {move || t("Memuat pesan…")}
                        </p>
                    }
                }
            >
                <Show when=move || loading_older.get()>
                    <p class="py-2 text-center text-xs text-slate-500">
                        {move || t("Memuat pesan lama…")}
                    </p>
                </Show>
                <Suspense fallback=move || {
                    view! {
                        <p class="py-8 text-center text-sm text-slate-500">
                            {move || t("Memuat pesan…")}
                        </p>
                    }
                }>
                    {move || {
                        latest
                            .get()
                            .map(|r| match r {
                                Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                                Ok(page) => {
                                    after_load(&page);
                                    view! { <MessageDays messages=Signal::derive(messages) /> }
                                        .into_any()
                                }
                            })
                    }}
                </Suspense>
                <super::composer::PendingBubbles />
            </Show>
            <Show when=move || news_below.get()>
                <button
                    type="button"
                    class="sticky bottom-2 left-1/2 z-10 mx-auto block -translate-x-0 rounded-full bg-emerald-700 px-3 py-1 text-sm font-semibold text-white shadow-lg"
                    data-testid="new-messages-pill"
                    on:click=move |_| {
                        news_below.set(false);
                        scroll_to_bottom(scroller);
                    }
                >
                    {move || format!("{} ↓", t("Pesan baru"))}
                </button>
            </Show>
        </div>
    }
    .into_any()
}

fn scroll_to_bottom(scroller: NodeRef<html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(el.scroll_height());
        }
    });
}

/// Messages with a separator above each day.
#[component]
fn MessageDays(messages: Signal<Vec<MessageView>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let lang = crate::i18n::use_lang().get_untracked();
    move || {
        let list = messages.get();
        if list.is_empty() {
            return view! { <p class="py-8 text-center text-sm text-slate-500">{move || t("Belum ada pesan.")}</p> }
            .into_any();
        }
        let (now, offset) = now_and_offset();
        let mut last_day = None;
        list.into_iter()
            .map(|m| {
                let at = m.created_at.timestamp_millis();
                let day = crate::ui::time::local_day(at, offset);
                let separator = (last_day != Some(day)).then(|| {
                    last_day = Some(day);
                    view! {
                        <div class="my-3 flex justify-center">
                            <span class="rounded-lg bg-white/90 px-3 py-1 text-xs text-slate-600 shadow-sm">
                                {crate::ui::time::day_label(now, at, offset, lang)}
                            </span>
                        </div>
                    }
                });
                view! {
                    {separator}
                    <super::bubble::Bubble message=m offset=offset />
                }
            })
            .collect_view()
            .into_any()
    }
}

/// The browser's clock and zone; UTC on the server (messages render in the browser).
fn now_and_offset() -> (i64, i64) {
    #[cfg(feature = "hydrate")]
    {
        crate::ui::time::browser_now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        (chrono::Utc::now().timestamp_millis(), 0)
    }
}
