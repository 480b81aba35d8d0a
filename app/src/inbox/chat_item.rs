//! One row of the chat list.

use super::{ChatSummary, countdown::Countdown};
use crate::ui::EraseOnServer;
use crate::ui::{AccountBadge, Avatar, RelativeTime};
use leptos::{either::Either, prelude::*};

/// A chat-list row: who, on which account, the last message, when, unread count,
/// auto-reply badge and owner. It is a link to the thread, so it opens with a click,
/// a tap or the keyboard, and can be opened in a new tab.
#[component]
pub fn ChatItem(
    /// The thread to show.
    chat: ChatSummary,
    /// The inbox URL with this thread open.
    href: String,
    /// Unread messages (cleared at once when the thread is read here).
    #[prop(into)]
    unread: Signal<i32>,
    /// Show the owner's name (admins looking at everyone's threads).
    #[prop(optional)]
    show_owner: bool,
    /// This thread is open.
    #[prop(optional)]
    selected: bool,
    /// The keyboard cursor is on this row.
    #[prop(optional, into)]
    active: Signal<bool>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let title = chat.title().to_owned();
    let (auto_icon, auto_label) = if chat.last_inbound_auto_reply {
        ("🤖", t("Balasan otomatis"))
    } else {
        ("👤", t("Pesan personal"))
    };
    let preview = chat.last_message_preview.clone().unwrap_or_default();
    let outbound = chat.last_message_direction == Some(crate::domain::Direction::Outbound);
    let owner = chat
        .owner_name
        .clone()
        .unwrap_or_else(|| t("Belum ditugaskan").to_owned());
    let labels = StoredValue::new(chat.labels.clone());
    let has_labels = !chat.labels.is_empty();
    // The list places rows by the same rule (`row_tops`).
    let height = super::list_rows::row_height(&chat, show_owner);
    view! {
        <li data-thread-id=chat.thread_id.clone() data-testid="chat-item" class="relative">
            <a
                href=href
                class=move || {
                    format!(
                        "flex gap-3 overflow-hidden border-b border-slate-100 px-4 py-2.5 {} {}",
                        if selected { "bg-emerald-50" } else { "hover:bg-slate-50" },
                        if active.get() { "ring-2 ring-inset ring-emerald-600" } else { "" },
                    )
                }
                style=format!("height:{height}px")
                aria-current=selected.then_some("true")
            >
                <Avatar name=title.clone() />
                <div class="min-w-0 flex-1">
                    <div class="flex items-center gap-2">
                        <span class="truncate font-semibold text-slate-900">{title.clone()}</span>
                        <Countdown
                            deadline=chat.escalation_deadline
                            paused_until=chat.escalation_paused_until
                            locked=chat.is_locked()
                            overdue=chat.overdue
                            compact=true
                        />
                        <span class="ml-auto shrink-0 text-xs text-slate-600">
                            {chat.last_message_at.map(|at| view! { <RelativeTime at=at /> })}
                        </span>
                    </div>
                    <div class="mt-0.5 flex items-center gap-2 pr-9">
                        <AccountBadge
                            account_id=chat.account_id.clone()
                            name=chat.account_name.clone()
                        />
                        <span title=auto_label role="img" aria-label=auto_label class="text-xs">
                            {auto_icon}
                        </span>
                        {match chat.found.clone() {
                            Some(found) => {
                                Either::Left(
                                    // A search hit: the words around it, the match marked.
                                    view! {
                                        <p
                                            class="min-w-0 flex-1 truncate text-sm text-slate-600"
                                            data-testid="search-snippet"
                                        >
                                            {found.snippet.before}
                                            <mark class="rounded bg-amber-100 px-0.5 text-slate-900">
                                                {found.snippet.hit}
                                            </mark>
                                            {found.snippet.after}
                                        </p>
                                    },
                                )
                            }
                            None => {
                                Either::Right(
                                    view! {
                                        <p class="min-w-0 flex-1 truncate text-sm text-slate-600">
                                            {outbound.then(|| t("Anda: "))} {preview}
                                        </p>
                                    },
                                )
                            }
                        }}
                        <Show when=move || { unread.get() > 0 }>
                            <span
                                class="shrink-0 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white"
                                aria-label=move || format!("{} {}", unread.get(), t("belum dibaca"))
                                data-testid="unread-count"
                            >
                                {move || unread.get()}
                            </span>
                        </Show>
                    </div>
                    <Show when=move || show_owner || has_labels>
                        <p class="mt-0.5 flex items-center gap-1 truncate text-xs text-slate-600">
                            {labels
                                .get_value()
                                .into_iter()
                                .map(|l| {
                                    view! { <crate::labels::LabelChip name=l.name color=l.color /> }
                                })
                                .collect_view()}
                            {show_owner
                                .then(|| {
                                    view! {
                                        <span class="truncate">
                                            {t("Pemilik: ")} {owner.clone()}
                                        </span>
                                    }
                                })}
                        </p>
                    </Show>
                </div>
            </a>
            <div class="absolute right-1 top-7" data-testid="row-label-menu">
                <super::label_menu::LabelMenu
                    thread_id=chat.thread_id.clone()
                    initial=chat.labels.clone()
                />
            </div>
        </li>
    }
    .erase_on_server()
}
