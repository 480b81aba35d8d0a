//! The composer: locked to the thread's account, text with Enter to send, and an
//! attachment (the file picker offers the types the server accepts). What it sends is
//! shown at once through [`Outgoing`].

use super::{detail::ThreadDetail, outgoing::Outgoing, page::InboxCtx};
use crate::ui::EraseOnServer;
use crate::{
    domain::{media_types, placeholders::Values},
    messaging::UploadView,
    templates::{
        TemplatePicker, TemplateView,
        picker::{PickerState, filled},
    },
    ui::AccountBadge,
};
use leptos::{html, prelude::*};

/// What follows a `/` typed at the very start of the text, while it is one word: the
/// picker's query. `None` when the text is not a `/` command.
pub fn slash_query(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('/')?;
    (!rest.contains(char::is_whitespace)).then_some(rest)
}

/// Whether the composer holds something to send: text that is not only spaces, or an
/// attachment, and no upload still running (its message would leave without it).
pub fn ready_to_send(text: &str, has_attachment: bool, uploading: bool) -> bool {
    !uploading && (!text.trim().is_empty() || has_attachment)
}

/// The composer of a reply. The sending account is the thread's and is shown, never
/// chosen: a reply cannot leave from any other.
#[component]
pub fn Composer(
    /// The open thread (its account, and whether WhatsApp's 24-hour window is open).
    detail: ThreadDetail,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let out = Outgoing::get();
    let text = RwSignal::new(String::new());
    let attachment = RwSignal::new(None::<UploadView>);
    let uploading = RwSignal::new(false);
    let upload_error = RwSignal::new(None::<String>);
    let file_input = NodeRef::<html::Input>::new();
    let text_box = NodeRef::<html::Textarea>::new();
    let s = detail.summary.clone();
    let window_open = detail.window_open;
    // Outside WhatsApp's window only an approved template may go, as approved: the
    // text box shows it but cannot change it.
    let picker = PickerState::new(!window_open);
    let template = RwSignal::new(None::<i64>);
    // The name the list and the header show (`ChatSummary::title`).
    let nama = s.title().to_owned();
    let toko = s.account_name.clone();
    let agen = ctx.user.with_value(|u| u.name.clone());
    let pick = Callback::new(move |tpl: TemplateView| {
        let values = Values {
            nama: &nama,
            toko: &toko,
            agen: &agen,
        };
        text.set(filled(&tpl, &values));
        template.set(Some(tpl.id));
        picker.hide();
    });

    let send = move || {
        let body = text.get_untracked();
        let media = attachment.get_untracked();
        if !ready_to_send(&body, media.is_some(), uploading.get_untracked()) {
            return;
        }
        if !window_open && template.get_untracked().is_none() {
            return;
        }
        text.set(String::new());
        attachment.set(None);
        out.send(ctx, body, media, template.get_untracked(), None);
        template.set(None);
    };
    let can_send = move || {
        let chosen_if_needed = window_open || template.with(Option::is_some);
        chosen_if_needed
            && text
                .with(|body| ready_to_send(body, attachment.with(Option::is_some), uploading.get()))
    };
    // Opened from a button: the keyboard (↑ ↓ Enter Esc) works from the text box.
    let open_picker = move || {
        picker.show(String::new());
        if let Some(el) = text_box.get_untracked() {
            let _ = el.focus();
        }
    };
    let on_text = move |value: String| {
        match slash_query(&value) {
            Some(q) => picker.show(q.to_owned()),
            None if picker.open.get_untracked() && !picker.query.get_untracked().is_empty() => {
                picker.hide()
            }
            None => {}
        }
        // Emptied: what follows is no longer the template's text.
        if value.trim().is_empty() {
            template.set(None);
        }
        text.set(value);
    };

    let on_file = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        upload_error.set(None);
        #[cfg(feature = "hydrate")]
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            // The server refuses larger files too; checked here to save the wait.
            if file.size() > media_types::MAX_MEDIA_BYTES as f64 {
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
    };

    // Pressing Kirim leaves the focus in the text box, so a phone's keyboard stays
    // open for the next message (the press still sends).
    let keep_focus = |ev: leptos::ev::MouseEvent| ev.prevent_default();

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
            <Show when=move || !window_open>
                <p
                    role="note"
                    class="mb-1 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900"
                    data-testid="window-closed"
                >
                    {move || t(
                        "Di luar jendela 24 jam: WhatsApp hanya menerima template yang disetujui sampai pelanggan menulis lagi.",
                    )}
                    " "
                    <button
                        type="button"
                        class="font-semibold underline"
                        on:click=move |_| open_picker()
                    >
                        {move || t("Pilih template")}
                    </button>
                </p>
            </Show>
            <TemplatePicker state=picker on_pick=pick />
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
                    accept=media_types::accept_attribute()
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
                <button
                    type="button"
                    class="rounded-full p-2 text-xl text-slate-600 hover:bg-slate-100"
                    aria-label=t("Template")
                    aria-expanded=move || picker.open.get().to_string()
                    data-testid="template-button"
                    on:click=move |_| open_picker()
                >
                    "⚡"
                </button>
                <textarea
                    rows="1"
                    class="max-h-40 min-h-[2.5rem] flex-1 pointer-coarse:min-h-11 resize-none rounded-2xl border border-slate-300 px-3 py-2 text-sm"
                    placeholder=move || t("Tulis pesan…")
                    aria-label=move || t("Pesan")
                    data-testid="composer-input"
                    node_ref=text_box
                    prop:value=move || text.get()
                    readonly=!window_open
                    aria-autocomplete="list"
                    on:input=move |ev| on_text(event_target_value(&ev))
                    on:blur=move |_| picker.hide()
                    on:keydown=move |ev| {
                        if picker.open.get_untracked() {
                            match ev.key().as_str() {
                                "ArrowDown" => {
                                    ev.prevent_default();
                                    picker.step(1);
                                    return;
                                }
                                "ArrowUp" => {
                                    ev.prevent_default();
                                    picker.step(-1);
                                    return;
                                }
                                "Escape" => {
                                    ev.prevent_default();
                                    picker.hide();
                                    return;
                                }
                                "Enter" | "Tab" if !ev.shift_key() => {
                                    if let Some(tpl) = picker.chosen() {
                                        ev.prevent_default();
                                        pick.run(tpl);
                                        return;
                                    }
                                }
                                _ => {}
                            }
                        }
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
                    on:mousedown=keep_focus
                >
                    {move || t("Kirim")}
                </button>
            </form>
        </div>
    }
    .erase_on_server()
}

#[cfg(test)]
mod tests {
    use super::{ready_to_send, slash_query};

    #[test]
    fn a_slash_at_the_start_opens_the_picker_for_one_word() {
        for (text, want) in [
            ("/", Some("")),
            ("/pro", Some("pro")),
            ("/promo desember", None),
            ("halo /pro", None),
            ("", None),
            (" /pro", None),
        ] {
            assert_eq!(slash_query(text), want, "{text:?}");
        }
    }

    #[test]
    fn only_something_to_say_is_sent() {
        for (text, attachment, uploading, want) in [
            ("Halo", false, false, true),
            ("  \n ", false, false, false),
            ("", true, false, true),
            ("", false, false, false),
            ("Halo", false, true, false),
            ("", true, true, false),
        ] {
            assert_eq!(
                ready_to_send(text, attachment, uploading),
                want,
                "{text:?} {attachment} {uploading}"
            );
        }
    }
}
