//! The chat list: first page rendered on the server, further pages fetched as the agent
//! scrolls, and only the rows in view rendered, so thousands of threads stay smooth.

use super::{
    ChatSummary,
    chat_item::ChatItem,
    filter_bar::FilterBar,
    list_chats,
    page::{ErrorPanel, InboxCtx, ListSkeleton},
};
use leptos::{html, prelude::*};

/// Height of one row in pixels; rows are fixed-height so the window can be computed.
pub const ROW_HEIGHT: f64 = 76.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 6;
/// Fetch the next page when the agent is this close to the end (in pixels).
const PREFETCH_PX: f64 = 600.0;

/// Which rows of `len` to render for a viewport at `scroll_top` of `height` pixels.
pub fn visible_range(scroll_top: f64, height: f64, len: usize) -> (usize, usize) {
    let first = (scroll_top.max(0.0) / ROW_HEIGHT).floor() as usize;
    let start = first.saturating_sub(OVERSCAN).min(len);
    let shown = (height.max(0.0) / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
    (start, (start + shown).min(len))
}

/// Left panel: title, new-message button, filters and the list.
#[component]
pub fn ChatListPanel() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let first_page = Resource::new(
        move || (ctx.filters.with(|f| f.list_query()), ctx.list_version.get()),
        |(query, _)| list_chats(query),
    );
    view! {
        <div class="flex items-center gap-2 border-b border-slate-200 px-4 py-2">
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
                            view! { <ChatRows first=page.items cursor=page.next_cursor /> }
                                .into_any()
                        }
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    })
            }}
        </Transition>
    }
    .into_any()
}

/// The rows of one filter state: the first page plus the pages loaded since.
#[component]
fn ChatRows(first: Vec<ChatSummary>, cursor: Option<String>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let go = ctx.navigator();
    let show_owner = ctx.user.with_value(|u| u.is_admin());
    let rows = RwSignal::new(first);
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
            leptos::task::spawn_local(async move {
                if let Ok(page) = list_chats(query).await {
                    if let Some(at) = page.server_time {
                        ctx.live.sync_clock(at.timestamp_millis());
                    }
                    rows.update(|r| merge_first_page(r, page.items, page.next_cursor.is_some()));
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
            let total = rows.with_untracked(Vec::len) as f64 * ROW_HEIGHT;
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
            if len == 0 {
                return;
            }
            let current = active.get_untracked();
            let next = match ev.key().as_str() {
                "ArrowDown" | "j" => Some(current.map_or(0, |i| (i + 1).min(len - 1))),
                "ArrowUp" | "k" => Some(current.map_or(0, |i| i.saturating_sub(1))),
                "Enter" => {
                    if let Some(i) = current
                        && let Some(id) =
                            rows.with_untracked(|r| r.get(i).map(|c| c.thread_id.clone()))
                    {
                        let mut f = ctx.filters.get_untracked();
                        f.thread = Some(id);
                        go(f, false);
                    }
                    None
                }
                _ => None,
            };
            if let Some(i) = next {
                ev.prevent_default();
                active.set(Some(i));
                if let Some(el) = scroller.get() {
                    let top = i as f64 * ROW_HEIGHT;
                    let view_top = f64::from(el.scroll_top());
                    let view_h = f64::from(el.client_height());
                    if top < view_top {
                        el.set_scroll_top(top as i32);
                    } else if top + ROW_HEIGHT > view_top + view_h {
                        el.set_scroll_top((top + ROW_HEIGHT - view_h) as i32);
                    }
                }
                if i + 10 >= len {
                    load_more();
                }
            }
        }
    };

    let window = move || {
        let (start, end) = rows.with(|r| visible_range(scroll_top.get(), height.get(), r.len()));
        let open = ctx.filters.with(|f| f.thread.clone());
        rows.with(|r| {
            r[start..end]
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
        let (start, _) = rows.with(|r| visible_range(scroll_top.get(), height.get(), r.len()));
        start as f64 * ROW_HEIGHT
    };
    let total_height = move || rows.with(Vec::len) as f64 * ROW_HEIGHT;

    view! {
        <Show
            when=move || rows.with(|r| !r.is_empty())
            fallback=move || {
                view! {
                    <div class="p-8 text-center text-slate-500">
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
                                    chat.overdue,
                                )
                            }
                            children=move |(index, selected, chat)| {
                                let mut f = ctx.filters.get_untracked();
                                f.thread = Some(chat.thread_id.clone());
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
                    <p class="py-3 text-center text-sm text-slate-500">{move || t("Memuat…")}</p>
                </Show>
            </div>
        </Show>
    }
    .into_any()
}

/// Puts a freshly loaded first page over `rows`: its threads replace their old rows
/// and go on top, and a loaded row that is no longer on it while it should be (newer
/// than the page's oldest, or the page is the whole list) left the list (escalated to
/// someone else, say). Older rows loaded by scrolling stay below.
pub fn merge_first_page(rows: &mut Vec<ChatSummary>, fresh: Vec<ChatSummary>, more: bool) {
    let oldest = fresh.last().and_then(|c| c.last_message_at);
    rows.retain(|row| {
        let on_page = fresh.iter().any(|f| f.thread_id == row.thread_id);
        let in_page_range = !more || row.last_message_at >= oldest;
        !on_page && !in_page_range
    });
    let mut merged = fresh;
    merged.append(rows);
    *rows = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(id: &str, minute: i64) -> ChatSummary {
        ChatSummary {
            thread_id: id.into(),
            account_id: "acc-001".into(),
            account_name: "Toko A".into(),
            contact_number: "628".into(),
            contact_display: "+62 8".into(),
            contact_name: None,
            last_message_preview: None,
            last_message_at: chrono::DateTime::from_timestamp(minute * 60, 0),
            last_message_direction: None,
            unread_count: 0,
            last_inbound_auto_reply: false,
            owner_id: None,
            owner_name: None,
            assigned_at: None,
            first_response_at: None,
            escalation_deadline: None,
            overdue: false,
        }
    }

    fn ids(rows: &[ChatSummary]) -> Vec<&str> {
        rows.iter().map(|c| c.thread_id.as_str()).collect()
    }

    #[test]
    fn a_fresh_first_page_merges_in_place() {
        // Loaded: a page of 3 (b, c, a) and, by scrolling, older x and y.
        let mut rows = vec![
            chat("b", 33),
            chat("c", 30),
            chat("a", 10),
            chat("x", 5),
            chat("y", 1),
        ];
        // New message on a; b was escalated away; d is a new lead.
        let fresh = vec![chat("a", 40), chat("d", 35), chat("c", 30)];
        merge_first_page(&mut rows, fresh, true);
        assert_eq!(ids(&rows), ["a", "d", "c", "x", "y"]);

        // The fresh page is the whole list: nothing else stays.
        let mut rows = vec![chat("c", 30), chat("b", 20)];
        merge_first_page(&mut rows, vec![chat("c", 31)], false);
        assert_eq!(ids(&rows), ["c"]);
    }

    #[test]
    fn only_the_rows_in_view_are_rendered() {
        assert_eq!(visible_range(0.0, 760.0, 10_000), (0, 22));
        let (start, end) = visible_range(ROW_HEIGHT * 5_000.0, 760.0, 10_000);
        assert_eq!((start, end), (4_994, 5_016));
        assert_eq!(visible_range(ROW_HEIGHT * 9_999.0, 760.0, 10_000).1, 10_000);
        assert_eq!(visible_range(0.0, 760.0, 3), (0, 3));
        assert_eq!(visible_range(-50.0, 760.0, 0), (0, 0));
    }
}
