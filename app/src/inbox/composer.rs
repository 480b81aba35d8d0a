//! The composer: locked to the thread's account, text with Enter to send, an attachment,
//! and sent messages shown at once, then reconciled with the server's answer.

use super::{detail::ThreadDetail, page::InboxCtx, send_reply};
use crate::{
    error::AppError,
    messaging::{MessageView, UploadView},
    ui::AccountBadge,
};
use leptos::{html, prelude::*};

/// Largest attachment, as the server enforces it (checked here first to save a wait).
const MAX_UPLOAD_BYTES: f64 = 16.0 * 1024.0 * 1024.0;

/// A message on its way: shown at once, replaced by the server's copy when accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    key: u64,
    body: String,
    media: Option<UploadView>,
    error: Option<String>,
}

/// What the composer and the history share for the open thread.
#[derive(Clone, Copy)]
pub struct Outgoing {
    thread_id: StoredValue<String>,
    /// Messages the server accepted in this window (until the history has them).
    pub sent: RwSignal<Vec<MessageView>>,
    /// Messages on their way, or refused.
    pub pending: RwSignal<Vec<Pending>>,
    /// Bumped to reload the newest page of the history.
    pub refresh: RwSignal<u64>,
    next_key: StoredValue<u64>,
}

impl Outgoing {
    /// Creates the state for `thread_id` and makes it available below.
    pub fn provide(thread_id: String) -> Self {
        let this = Self {
            thread_id: StoredValue::new(thread_id),
            sent: RwSignal::new(Vec::new()),
            pending: RwSignal::new(Vec::new()),
            refresh: RwSignal::new(0),
            next_key: StoredValue::new(0),
        };
        provide_context(this);
        this
    }

    /// The state of the open thread.
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Shows `body` at once and sends it; the server's copy replaces it, or it stays
    /// with the reason it was refused. `key` re-sends a refused one in place.
    fn send(self, ctx: InboxCtx, body: String, media: Option<UploadView>, key: Option<u64>) {
        let key = key.unwrap_or_else(|| {
            self.next_key.update_value(|k| *k += 1);
            self.next_key.get_value()
        });
        self.pending
            .update(|p| match p.iter_mut().find(|x| x.key == key) {
                Some(x) => x.error = None,
                None => p.push(Pending {
                    key,
                    body: body.clone(),
                    media: media.clone(),
                    error: None,
                }),
            });
        let thread = self.thread_id.get_value();
        leptos::task::spawn_local(async move {
            let result = send_reply(thread, body, media.map(|m| m.media_path)).await;
            match result {
                Ok(message) => {
                    self.pending.update(|p| p.retain(|x| x.key != key));
                    self.sent.update(|s| s.push(message));
                    ctx.live.list_tick.update(|n| *n += 1);
                    // Delivery statuses arrive over the next seconds.
                    for delay in [1_500, 4_000] {
                        set_timeout(
                            move || self.refresh.update(|n| *n += 1),
                            std::time::Duration::from_millis(delay),
                        );
                    }
                }
                Err(e) => {
                    let why = explain(&e);
                    self.pending.update(|p| {
                        if let Some(x) = p.iter_mut().find(|x| x.key == key) {
                            x.error = Some(why);
                        }
                    });
                }
            }
        });
    }
}

/// An error as the agent should read it.
pub fn explain(e: &AppError) -> String {
    let t = |text| crate::i18n::translate(crate::i18n::current_lang(), text);
    match e {
        AppError::OutsideWindow => t("Di luar jendela 24 jam WhatsApp: pelanggan belum menulis dalam 24 jam terakhir. Kirim template yang disetujui.").to_owned(),
        AppError::Forbidden => t("Percakapan ini milik agen lain.").to_owned(),
        AppError::Validation { field, message } => format!("{field}: {message}"),
        AppError::Unauthorized => t("Sesi berakhir. Silakan masuk lagi.").to_owned(),
        other => other.to_string(),
    }
}

/// Messages on their way (or refused, with the reason and a retry).
#[component]
pub fn PendingBubbles() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let out = Outgoing::get();
    view! {
        <For
            each=move || out.pending.get()
            key=|p| (p.key, p.error.clone())
            children=move |p| {
                let failed = p.error.is_some();
                let (body, media) = (p.body.clone(), p.media.clone());
                view! {
                    <div
                        class="my-1 flex justify-end"
                        data-testid="pending-message"
                        data-failed=failed.to_string()
                    >
                        <div class=format!(
                            "max-w-[85%] rounded-lg px-3 py-1.5 text-sm shadow-sm md:max-w-[65%] {}",
                            if failed { "bg-red-50 ring-1 ring-red-300" } else { "bg-[#d9fdd3]/70" },
                        )>
                            {p
                                .media
                                .as_ref()
                                .map(|m| {
                                    view! { <p class="text-xs">"📎 " {m.file_name.clone()}</p> }
                                })} <p class="whitespace-pre-wrap break-words">{p.body.clone()}</p>
                            {match p.error.clone() {
                                None => {
                                    view! {
                                        <p
                                            class="text-right text-[11px] text-slate-500"
                                            aria-label=t("Mengirim…")
                                        >
                                            "🕓 "
                                            {t("Mengirim…")}
                                        </p>
                                    }
                                        .into_any()
                                }
                                Some(why) => {
                                    view! {
                                        <div
                                            role="alert"
                                            class="mt-1 text-xs text-red-700"
                                            data-testid="send-error"
                                        >
                                            <p>{why}</p>
                                            <button
                                                type="button"
                                                class="mt-1 rounded bg-red-700 px-2 py-0.5 font-semibold text-white"
                                                on:click=move |_| {
                                                    out.send(ctx, body.clone(), media.clone(), Some(p.key))
                                                }
                                            >
                                                {move || t("Coba lagi")}
                                            </button>
                                            <button
                                                type="button"
                                                class="ml-2 underline"
                                                on:click=move |_| {
                                                    out.pending.update(|x| x.retain(|q| q.key != p.key))
                                                }
                                            >
                                                {move || t("Buang")}
                                            </button>
                                        </div>
                                    }
                                        .into_any()
                                }
                            }}
                        </div>
                    </div>
                }
            }
        />
    }
    .into_any()
}

/// The composer of a reply. The sending account is the thread's and is shown, never
/// chosen: a reply cannot leave from any other.
#[component]
pub fn Composer(detail: ThreadDetail) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let out = Outgoing::get();
    let text = RwSignal::new(String::new());
    let attachment = RwSignal::new(None::<UploadView>);
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<String>);
    let file_input = NodeRef::<html::Input>::new();
    let s = detail.summary.clone();

    let send = move || {
        let body = text.get_untracked();
        let media = attachment.get_untracked();
        if (body.trim().is_empty() && media.is_none()) || uploading.get_untracked() {
            return;
        }
        text.set(String::new());
        attachment.set(None);
        out.send(ctx, body, media, None);
    };
    let can_send = move || {
        !uploading.get()
            && (!text.with(|t| t.trim().is_empty()) || attachment.with(Option::is_some))
    };

    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        upload_error.set(None);
        #[cfg(feature = "hydrate")]
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            if file.size() > MAX_UPLOAD_BYTES {
                upload_error.set(Some(t("Berkas lebih dari 16 MB.").into()));
                input.set_value("");
                return;
            }
            uploading.set(true);
            leptos::task::spawn_local(async move {
                match super::upload::upload(file).await {
                    Ok(done) => attachment.set(Some(done)),
                    Err(why) => upload_error.set(Some(why)),
                }
                uploading.set(false);
            });
        }
        input.set_value("");
        let _ = MAX_UPLOAD_BYTES;
    };

    view! {
        <div class="border-t border-slate-200 bg-white px-3 py-2" data-testid="composer">
            <p
                class="mb-1 flex items-center gap-1.5 text-xs text-slate-600"
                data-testid="composer-account"
            >
                <span aria-hidden="true">"🔒"</span>
                {move || t("Dikirim dari")}
                <AccountBadge account_id=s.account_id.clone() name=s.account_name.clone() />
                <span>{detail.account_display.clone()}</span>
            </p>
            <Show when={
                let open = detail.window_open;
                move || !open
            }>
                <p role="note" class="mb-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900">
                    {move || t(
                        "Di luar jendela 24 jam: WhatsApp hanya menerima template yang disetujui sampai pelanggan menulis lagi.",
                    )}
                </p>
            </Show>
            {move || {
                attachment
                    .get()
                    .map(|a| {
                        view! {
                            <p
                                class="mb-1 flex items-center gap-2 text-xs"
                                data-testid="attachment"
                            >
                                <span class="rounded bg-slate-100 px-2 py-0.5">
                                    "📎 " {a.file_name.clone()}
                                </span>
                                <button
                                    type="button"
                                    class="underline"
                                    on:click=move |_| attachment.set(None)
                                >
                                    {move || t("Hapus")}
                                </button>
                            </p>
                        }
                    })
            }}
            {move || {
                upload_error
                    .get()
                    .map(|e| {
                        view! {
                            <p role="alert" class="mb-1 text-xs text-red-700">
                                {e}
                            </p>
                        }
                    })
            }}
            <form
                class="flex items-end gap-2"
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <input
                    type="file"
                    class="hidden"
                    node_ref=file_input
                    accept="image/jpeg,image/png,image/webp,image/gif,video/mp4,audio/ogg,audio/mpeg,application/pdf,.doc,.docx,.xls,.xlsx,.txt,.vcf"
                    on:change=on_file
                    data-testid="file-input"
                />
                <button
                    type="button"
                    class="rounded-full p-2 text-xl text-slate-600 hover:bg-slate-100 disabled:opacity-50"
                    aria-label=t("Lampirkan berkas")
                    disabled=move || uploading.get()
                    on:click=move |_| {
                        if let Some(input) = file_input.get() {
                            input.click();
                        }
                    }
                >
                    {move || if uploading.get() { "⏳" } else { "📎" }}
                </button>
                <textarea
                    rows="1"
                    class="max-h-40 min-h-[2.5rem] flex-1 resize-none rounded-2xl border border-slate-300 px-3 py-2 text-sm"
                    placeholder=move || t("Tulis pesan…")
                    aria-label=move || t("Pesan")
                    data-testid="composer-input"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                            ev.prevent_default();
                            send();
                        }
                    }
                ></textarea>
                <button
                    type="submit"
                    class="rounded-full bg-emerald-700 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-800 disabled:opacity-50"
                    disabled=move || !can_send()
                    data-testid="send-button"
                >
                    {move || t("Kirim")}
                </button>
            </form>
        </div>
    }
    .into_any()
}
