//! One row of the chat list.

use super::ChatSummary;
use crate::ui::{AccountBadge, Avatar, RelativeTime};
use leptos::prelude::*;

/// A chat-list row: who, on which account, the last message, when, unread count,
/// auto-reply badge and owner.
#[component]
pub fn ChatItem(
    /// The thread to show.
    chat: ChatSummary,
    /// Show the owner's name (admins looking at everyone's threads).
    #[prop(optional)]
    show_owner: bool,
) -> impl IntoView {
    let title = chat.title().to_owned();
    let unread = chat.unread_count;
    let (auto_icon, auto_label) = if chat.last_inbound_auto_reply {
        ("🤖", "Balasan otomatis")
    } else {
        ("👤", "Pesan personal")
    };
    let preview = chat.last_message_preview.clone().unwrap_or_default();
    let outbound = chat.last_message_direction.as_deref() == Some("outbound");
    let owner = chat
        .owner_name
        .clone()
        .unwrap_or_else(|| "Belum ditugaskan".to_owned());
    view! {
        <li
            class="flex cursor-pointer gap-3 border-b border-slate-100 px-4 py-3 hover:bg-slate-50"
            data-thread-id=chat.thread_id.clone()
            data-testid="chat-item"
            aria-label=format!("{title}, {}", chat.account_name)
        >
            <Avatar name=title.clone() />
            <div class="min-w-0 flex-1">
                <div class="flex items-center gap-2">
                    <span class="truncate font-semibold text-slate-900">{title.clone()}</span>
                    <span class="ml-auto shrink-0 text-xs text-slate-500">
                        {chat.last_message_at.map(|at| view! { <RelativeTime at=at /> })}
                    </span>
                </div>
                <div class="mt-0.5 flex items-center gap-2">
                    <AccountBadge
                        account_id=chat.account_id.clone()
                        name=chat.account_name.clone()
                    />
                    <span title=auto_label aria-label=auto_label class="text-xs">
                        {auto_icon}
                    </span>
                    <p class="min-w-0 flex-1 truncate text-sm text-slate-600">
                        {outbound.then_some("Anda: ")} {preview}
                    </p>
                    <Show when=move || { unread > 0 }>
                        <span
                            class="shrink-0 rounded-full bg-emerald-600 px-1.5 text-xs font-semibold text-white"
                            aria-label=format!("{unread} belum dibaca")
                        >
                            {unread}
                        </span>
                    </Show>
                </div>
                <Show when=move || show_owner>
                    <p class="mt-0.5 text-xs text-slate-500">"Pemilik: " {owner.clone()}</p>
                </Show>
            </div>
        </li>
    }
}
