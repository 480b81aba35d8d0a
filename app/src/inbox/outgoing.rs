//! Replies on their way: shown at once in the history, then replaced by the server's
//! copy, or kept with the reason they were refused and a retry. The composer adds them;
//! the history shows them and reloads when they land.

use super::{page::InboxCtx, send_reply};
use crate::ui::EraseOnServer;
use crate::{
    messaging::{MessageView, UploadView},
    ui::explain,
};
use leptos::{either::Either, prelude::*};

/// A message on its way: shown at once, replaced by the server's copy when accepted.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    key: u64,
    body: String,
    media: Option<UploadView>,
    template_id: Option<i64>,
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
    /// Creates the state for `thread_id` and makes it available below; `refresh` is
    /// the page's trigger of the history's newest page.
    pub fn provide(thread_id: String, refresh: RwSignal<u64>) -> Self {
        let this = Self {
            thread_id: StoredValue::new(thread_id),
            sent: RwSignal::new(Vec::new()),
            pending: RwSignal::new(Vec::new()),
            refresh,
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
    pub fn send(
        self,
        ctx: InboxCtx,
        body: String,
        media: Option<UploadView>,
        template_id: Option<i64>,
        key: Option<u64>,
    ) {
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
                    template_id,
                    error: None,
                }),
            });
        let thread = self.thread_id.get_value();
        leptos::task::spawn_local(async move {
            let result = send_reply(thread, body, media.map(|m| m.media_path), template_id).await;
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
                let (body, media, template_id) = (p.body.clone(), p.media.clone(), p.template_id);
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
                                    Either::Left(
                                        view! {
                                            <p
                                                class="text-right text-[11px] text-slate-600"
                                                aria-label=t("Mengirim…")
                                            >
                                                "🕓 "
                                                {t("Mengirim…")}
                                            </p>
                                        },
                                    )
                                }
                                Some(why) => {
                                    Either::Right(
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
                                                        out.send(
                                                            ctx,
                                                            body.clone(),
                                                            media.clone(),
                                                            template_id,
                                                            Some(p.key),
                                                        )
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
                                        },
                                    )
                                }
                            }}
                        </div>
                    </div>
                }
            }
        />
    }
    .erase_on_server()
}
