//! The chat list: first page rendered on the server, further pages fetched as the agent
//! scrolls, and only the rows in view rendered, so thousands of threads stay smooth.

use super::{
    ChatSummary,
    chat_item::ChatItem,
    filter_bar::FilterBar,
    list_chats,
    list_rows::{merge_first_page, row_tops, scroll_to_row, visible_range},
    page::InboxCtx,
    shortcuts::{ListKey, list_key},
};
use crate::ui::EraseOnServer;
use crate::ui::{ErrorPanel, ListSkeleton};
use leptos::{either::Either, html, prelude::*};

/// Fetch the next page when the agent is this close to the end (in pixels).
const PREFETCH_PX: f64 = 600.0;

/// Left panel: title, new-message button, filters and the list.
#[component]
pub fn ChatListPanel() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let first_page = ctx.first_page;
    view! {
        <div class="flex items-center gap-2 border-b border-slate-200 px-4 py-1 sm:py-2">
            <h2 class="text-sm font-semibold text-slate-700">{move || t("Percakapan")}</h2>
            <button
                type="button"
                class="ml-auto rounded-lg bg-emerald-700 px-3 py-1 text-sm font-semibold text-white hover:bg-emerald-800"
                data-testid="new-message"
                on:click=move |_| ctx.new_message.set(true)
            >
                {move || t("+ Pesan Baru")}
            </button>
        </div>
        <FilterBar />
        <Transition fallback=move || {
            view! { <ListSkeleton /> }
        }>
            {move || {
                first_page
                    .get()
                    .map(|page| match page {
                        Ok(page) => {
                            Either::Left(
                                view! { <ChatRows first=page.items cursor=page.next_cursor /> },
                            )
                        }
                        Err(e) => Either::Right(view! { <ErrorPanel error=e /> }),
                    })
            }}
        </Transition>
    }
    .erase_on_server()
}

/// The rows of one filter state: the first page plus the pages loaded since.
#[component]
fn ChatRows(first: Vec<ChatSummary>, cursor: Option<String>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let go = ctx.navigator();
    let show_owner = ctx.user.with_value(|u| u.is_admin());
    let rows = RwSignal::new(first);
    // Where each row starts: rows are as tall as what they hold.
    let tops = Memo::new(move |_| rows.with(|r| row_tops(r, show_owner)));
    // Whom each loaded row is, for the new-message announcement.
    Effect::new(move |_| {
        rows.with(|r| {
            ctx.live.names.update_value(|names| {
                for chat in r {
                    names.insert(chat.thread_id.clone(), chat.title().to_owned());
                }
            })
        })
    });
    let cursor = RwSignal::new(cursor);
    let loading = RwSignal::new(false);
    let scroll_top = RwSignal::new(0.0);
    let height = RwSignal::new(900.0);
    let active = RwSignal::new(None::<usize>);
    let scroller = NodeRef::<html::Div>::new();

    let load_more = move || {
        let Some(next) = cursor.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        let mut query = ctx.filters.with_untracked(|f| f.list_query());
        query.cursor = Some(next);
        leptos::task::spawn_local(async move {
            if let Ok(page) = list_chats(query).await {
                rows.update(|r| {
                    for item in page.items {
                        if !r.iter().any(|x| x.thread_id == item.thread_id) {
                            r.push(item);
                        }
                    }
                });
                cursor.set(page.next_cursor);
            }
            loading.set(false);
        });
    };

    // An event changed something: reload the first page and merge it in place, so the
    // list stays where the agent scrolled it.
    Effect::new(move |previous: Option<u64>| {
        let tick = ctx.live.list_tick.get();
        if previous.is_some_and(|p| p != tick) {
            let query = ctx.filters.with_untracked(|f| f.list_query());
            let by_time = query.search_text().is_none();
            leptos::task::spawn_local(async move {
                if let Ok(page) = list_chats(query).await {
                    if let Some(at) = page.server_time {
                        ctx.live.sync_clock(at.timestamp_millis());
                    }
                    let more = page.next_cursor.is_some();
                    rows.update(|r| merge_first_page(r, page.items, more, by_time));
                    ctx.live.list_refreshed.update(|n| *n += 1);
                }
            });
        }
        tick
    });

    let on_scroll = move |_| {
        if let Some(el) = scroller.get() {
            let top = f64::from(el.scroll_top());
            let h = f64::from(el.client_height());
            scroll_top.set(top);
            height.set(h);
            let total = tops.with_untracked(|t| t.last().copied().unwrap_or_default());
            if total - (top + h) < PREFETCH_PX {
                load_more();
            }
        }
    };

    // j/k or the arrow keys move, Enter opens (while the list has the focus).
    let on_key = {
        let go = go.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let len = rows.with_untracked(Vec::len);
            match list_key(&ev.key(), active.get_untracked(), len) {
                Some(ListKey::Open(i)) => {
                    if let Some((id, at)) = rows.with_untracked(|r| {
                        r.get(i).map(|c| {
                            (
                                c.thread_id.clone(),
                                c.found.as_ref().map(|found| found.message_id),
                            )
                        })
                    }) {
                        let mut f = ctx.filters.get_untracked();
                        f.thread = Some(id);
                        f.at = at;
                        go(f, false);
                    }
                }
                Some(ListKey::Move(i)) => {
                    ev.prevent_default();
                    active.set(Some(i));
                    if let Some(el) = scroller.get()
                        && let Some(top) = tops.with_untracked(|t| {
                            scroll_to_row(
                                t,
                                i,
                                f64::from(el.scroll_top()),
                                f64::from(el.client_height()),
                            )
                        })
                    {
                        el.set_scroll_top(top as i32);
                    }
                    // Near the end: fetch more before the cursor gets there.
                    if i + 10 >= len {
                        load_more();
                    }
                }
                None => {}
            }
        }
    };

    let window = move || {
        let (start, end) = tops.with(|t| visible_range(t, scroll_top.get(), height.get()));
        let open = ctx.filters.with(|f| f.thread.clone());
        rows.with(|r| {
            r[start.min(r.len())..end.min(r.len())]
                .iter()
                .enumerate()
                .map(|(offset, chat)| {
                    let index = start + offset;
                    let selected = open.as_deref() == Some(chat.thread_id.as_str());
                    (index, selected, chat.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    let offset = move || {
        tops.with(|t| {
            let (start, _) = visible_range(t, scroll_top.get(), height.get());
            t.get(start).copied().unwrap_or_default()
        })
    };
    let total_height = move || tops.with(|t| t.last().copied().unwrap_or_default());

    view! {
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=move || {
                view! {
                    <div class="p-8 text-center text-slate-600">
                        <p class="font-medium">{move || t("Belum ada percakapan")}</p>
                        <p class="mt-1 text-sm">
                            {move || t("Pesan WhatsApp yang masuk akan muncul di sini.")}
                        </p>
                    </div>
                }
            }
        >
            <div
                node_ref=scroller
                class="min-h-0 flex-1 overflow-y-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600"
                tabindex="0"
                aria-label=t("Daftar percakapan (j/k untuk pindah, Enter untuk membuka)")
                on:scroll=on_scroll
                on:keydown=on_key.clone()
            >
                <div class="relative" style=move || format!("height:{}px", total_height())>
                    <ul
                        role="list"
                        data-testid="chat-list"
                        class="absolute inset-x-0 top-0"
                        style=move || format!("transform:translateY({}px)", offset())
                    >
                        <For
                            each=window
                            key=|(index, selected, chat)| {
                                (
                                    *index,
                                    *selected,
                                    chat.thread_id.clone(),
                                    chat.unread_count,
                                    chat.last_message_at,
                                    chat.owner_id,
                                    chat.first_response_at,
                                    chat.escalation_deadline,
                                    chat.escalation_paused_until,
                                    chat.overdue,
                                    chat.labels.iter().map(|l| l.id).collect::<Vec<_>>(),
                                )
                            }
                            children=move |(index, selected, chat)| {
                                let mut f = ctx.filters.get_untracked();
                                f.thread = Some(chat.thread_id.clone());
                                f.at = chat.found.as_ref().map(|found| found.message_id);
                                let href = f.href(&ctx.base.get_untracked());
                                let id = chat.thread_id.clone();
                                let count = chat.unread_count;
                                let unread = Signal::derive(move || {
                                    if ctx.read_threads.with(|r| r.contains(&id)) {
                                        0
                                    } else {
                                        count
                                    }
                                });
                                view! {
                                    <ChatItem
                                        chat=chat
                                        href=href
                                        unread=unread
                                        show_owner=show_owner
                                        selected=selected
                                        active=Signal::derive(move || active.get() == Some(index))
                                    />
                                }
                            }
                        />
                    </ul>
                </div>
                <Show when=move || loading.get()>
                    <p class="py-3 text-center text-sm text-slate-600">{move || t("Memuat…")}</p>
                </Show>
            </div>
        </Show>
    }
    .erase_on_server()
}
