//! One message in the chat window.

use crate::ui::EraseOnServer;
use crate::{
    domain::{Direction, MessageStatus},
    messaging::{MediaView, MessageView},
    ui::time::clock_label,
};
use leptos::prelude::*;

/// The delivery mark of an outbound message and what it says.
pub fn status_mark(status: MessageStatus) -> (&'static str, &'static str) {
    match status {
        MessageStatus::Pending | MessageStatus::Sending => ("🕓", "Menunggu dikirim"),
        MessageStatus::Queued => ("✓", "Diterima penyedia"),
        MessageStatus::Sent => ("✓", "Terkirim"),
        MessageStatus::Delivered => ("✓✓", "Sampai"),
        MessageStatus::Read => ("✓✓", "Dibaca"),
        MessageStatus::Failed | MessageStatus::Undelivered => ("⚠", "Gagal"),
        MessageStatus::Unknown => ("?", "Status tidak pasti"),
        MessageStatus::Received => ("", ""),
    }
}

/// A message bubble: inbound on the left, outbound on the right, with its media,
/// time and delivery status; a failed one says why and offers a retry.
#[component]
pub fn Bubble(message: MessageView, offset: i64) -> impl IntoView {
    let t = crate::i18n::use_t();
    let outbound = message.direction == Direction::Outbound;
    let time = clock_label(message.created_at.timestamp_millis(), offset);
    let written = message.created_at.to_rfc3339();
    let (mark, mark_label) = status_mark(message.status);
    let mark_label = t(mark_label);
    // The same rule the server applies when it accepts the retry.
    let failed = message.status.can_retry();
    let reason = message
        .error_message
        .clone()
        .or_else(|| {
            message
                .error_code
                .clone()
                .map(|c| format!("{} {c}", t("Kode")))
        })
        .unwrap_or_else(|| t("Pesan tidak terkirim.").to_owned());
    let retry = RwSignal::new(None::<Result<(), String>>);
    let id = message.id;
    let ctx = super::page::InboxCtx::get();
    let outgoing = super::outgoing::Outgoing::get();
    let on_retry = move |_| {
        leptos::task::spawn_local(async move {
            let result = super::retry_message(id).await;
            retry.set(Some(
                result.as_ref().map(|_| ()).map_err(ToString::to_string),
            ));
            if result.is_ok() {
                outgoing.refresh.update(|n| *n += 1);
                ctx.live.list_tick.update(|n| *n += 1);
            }
        });
    };
    let read = message.status == MessageStatus::Read;
    view! {
        <div
            class=format!("my-1 flex {}", if outbound { "justify-end" } else { "justify-start" })
            data-testid="message"
            data-direction=message.direction.as_str()
            data-status=message.status.as_str()
            data-message-id=message.id.to_string()
        >
            <div class=format!(
                "max-w-[85%] rounded-lg px-3 py-1.5 text-sm shadow-sm md:max-w-[65%] {}",
                if outbound { "bg-[#d9fdd3]" } else { "bg-white" },
            )>
                {message.media.into_iter().map(|m| view! { <Media media=m /> }).collect_view()}
                <Show when={
                    let empty = message.body.is_empty();
                    move || !empty
                }>
                    <p class="whitespace-pre-wrap break-words text-slate-900">
                        {message.body.clone()}
                    </p>
                </Show>
                <p class="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-600">
                    {message.is_auto_reply.then_some("🤖 ")}
                    <time datetime=written data-testid="message-time">
                        {time}
                    </time>
                    {outbound
                        .then(|| {
                            view! {
                                <span
                                    class=if read { "text-sky-600" } else { "" }
                                    title=mark_label
                                    aria-label=mark_label
                                    data-testid="status-mark"
                                >
                                    {mark}
                                </span>
                            }
                        })}
                </p> <Show when=move || outbound && failed>
                    <div
                        role="alert"
                        class="mt-1 border-t border-red-200 pt-1 text-xs text-red-700"
                    >
                        <p data-testid="failure-reason">{reason.clone()}</p>
                        <button
                            type="button"
                            class="mt-1 rounded bg-red-700 px-2 py-0.5 font-semibold text-white"
                            on:click=on_retry
                        >
                            {t("Kirim ulang")}
                        </button>
                        {move || {
                            retry
                                .get()
                                .and_then(Result::err)
                                .map(|e| {
                                    view! {
                                        <p class="mt-1" data-testid="retry-error">
                                            {e}
                                        </p>
                                    }
                                })
                        }}
                    </div>
                </Show>
            </div>
        </div>
    }
    .erase_on_server()
}

/// An attachment: images inline, anything else as a download link.
#[component]
fn Media(media: MediaView) -> impl IntoView {
    let t = crate::i18n::use_t();
    match (media.url, media.content_type.starts_with("image/")) {
        (Some(url), true) => view! {
            <a href=url.clone() target="_blank" rel="noopener">
                <img
                    src=url.clone()
                    alt=t("Gambar")
                    loading="lazy"
                    class="mb-1 max-h-72 rounded-md object-contain"
                />
            </a>
        }
        .into_any(),
        (Some(url), false) => view! {
            <a
                href=url
                download
                class="mb-1 flex items-center gap-2 rounded-md bg-black/5 px-2 py-1.5 text-emerald-800 underline"
            >
                "📎 "
                {media.content_type.clone()}
            </a>
        }
        .into_any(),
        (None, _) => {
            let label = t(if media.status == crate::domain::MediaStatus::Failed {
                "Lampiran tidak dapat diunduh"
            } else {
                "Lampiran sedang diunduh…"
            });
            view! { <p class="mb-1 text-xs italic text-slate-600">{label}</p> }.into_any()
        }
    }
}
