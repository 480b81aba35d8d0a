//! "Pesan Baru": a message to any number, from an account chosen as SPEC 5.1 says —
//! a new contact needs an explicit choice, a contact known on one account writes from
//! it, a contact known on several gets a picker.

use super::{
    detail::SenderOptions,
    page::InboxCtx,
    recipient_senders, send_new_message,
    sender_picker::SenderPicker,
    typed_number::{format_typed, looks_complete},
};
use crate::{
    AppError,
    domain::{ThreadId, sender::SenderChoice},
    ui::{Modal, explain},
};
use leptos::prelude::*;

/// The dialog (open while `InboxCtx::new_message` is set).
#[component]
pub fn NewMessageDialog() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let go = ctx.navigator();
    let to = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<String>);
    let body = RwSignal::new(String::new());
    let sending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let recipient_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = recipient_input.get() {
            let _ = input.focus();
        }
    });
    // The open thread's account is the server's hint for a number known on several.
    let open_account = ctx.filters.with_untracked(|f| {
        f.thread
            .as_deref()
            .and_then(|t| ThreadId::parse(t).ok())
            .map(|id| id.account_id().to_owned())
    });
    // The sender options of the typed number, fetched as it is typed. A plain signal
    // (not a resource), so a pending answer never suspends the page around the
    // dialog; `asked` drops answers that arrive after a newer question.
    let options = RwSignal::new(None::<Result<SenderOptions, AppError>>);
    let asked = StoredValue::new(0u64);
    let ask = move |typed: String| {
        asked.update_value(|n| *n += 1);
        let question = asked.get_value();
        options.set(None);
        if !looks_complete(&typed) {
            return;
        }
        let open_account = open_account.clone();
        leptos::task::spawn_local(async move {
            let answer = recipient_senders(typed, open_account).await;
            if asked.get_value() == question {
                options.set(Some(answer));
            }
        });
    };

    // The account a send would use: the fixed one, the agent's choice, or the
    // preselected one of a picker.
    let account = move || match options.get() {
        Some(Ok(o)) => match o.choice {
            SenderChoice::Fixed { account_id } => Some(account_id),
            SenderChoice::Picker { default, .. } => chosen.get().or(default),
            SenderChoice::PickerRequired => chosen.get(),
        },
        _ => None,
    };
    let can_send =
        move || !sending.get() && account().is_some() && !body.with(|b| b.trim().is_empty());

    let send = move || {
        let Some(account_id) = account() else {
            return;
        };
        sending.set(true);
        error.set(None);
        let (recipient, text) = (to.get_untracked(), body.get_untracked());
        let go = go.clone();
        leptos::task::spawn_local(async move {
            match send_new_message(account_id, recipient, text).await {
                Ok(message) => {
                    ctx.new_message.set(false);
                    ctx.live.list_tick.update(|n| *n += 1);
                    let mut f = ctx.filters.get_untracked();
                    f.thread = Some(message.thread_id);
                    f.at = None;
                    go(f, false);
                }
                Err(e) => error.set(Some(explain(&e))),
            }
            sending.set(false);
        });
    };

    let picker = move || {
        let all = ctx.accounts.get().and_then(Result::ok).unwrap_or_default();
        let name_of = |id: &str| {
            all.iter()
                .find(|a| a.id == id)
                .map_or_else(|| id.to_owned(), |a| a.name.clone())
        };
        match options.get() {
            None => view! {
                <p class="text-sm text-slate-600">
                    {move || t("Ketik nomor tujuan untuk memilih akun pengirim.")}
                </p>
            }
            .into_any(),
            Some(Err(e)) => view! {
                <p role="alert" class="text-sm text-red-700" data-testid="recipient-error">
                    {explain(&e)}
                </p>
            }
            .into_any(),
            Some(Ok(o)) => match o.choice {
                SenderChoice::Fixed { account_id } => view! {
                    <p
                        class="text-sm"
                        data-testid="sender-fixed"
                        data-account-id=account_id.clone()
                    >
                        {move || t("Dikirim dari ")}
                        <strong>{name_of(&account_id)}</strong>
                        <span class="text-slate-600">
                            {move || t(" — nomor ini sudah berbicara dengan akun tersebut.")}
                        </span>
                    </p>
                }
                .into_any(),
                SenderChoice::PickerRequired => {
                    let ids: Vec<String> = all.iter().map(|a| a.id.clone()).collect();
                    view! {
                        <SenderPicker
                            ids=ids
                            names=all.iter().map(|a| a.name.clone()).collect()
                            chosen=chosen
                            hint="Kontak baru: pilih akun pengirim."
                        />
                    }
                    .into_any()
                }
                SenderChoice::Picker { options, default } => {
                    if chosen.get_untracked().is_none() {
                        chosen.set(default);
                    }
                    let names = options.iter().map(|id| name_of(id)).collect();
                    view! {
                        <SenderPicker
                            ids=options
                            names=names
                            chosen=chosen
                            hint="Nomor ini dikenal di beberapa akun."
                        />
                    }
                    .into_any()
                }
            },
        }
    };

    let input = "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2";
    view! {
        <Modal
            title="Pesan Baru"
            title_id="new-message-title"
            testid="new-message-dialog"
            on_close=Callback::new(move |()| ctx.new_message.set(false))
        >
            <form
                class="mt-3 space-y-3"
                on:submit={
                    let send = send.clone();
                    move |ev| {
                        ev.prevent_default();
                        if can_send() {
                            send();
                        }
                    }
                }
            >
                <label class="block text-sm font-medium">
                    {move || t("Kepada")}
                    <input
                        type="tel"
                        inputmode="tel"
                        autocomplete="off"
                        node_ref=recipient_input
                        placeholder="0812-3456-7890"
                        class=input
                        data-testid="recipient"
                        prop:value=move || to.get()
                        on:input={
                            let ask = ask.clone();
                            move |ev| {
                                let typed = format_typed(&event_target_value(&ev));
                                chosen.set(None);
                                to.set(typed.clone());
                                ask(typed);
                            }
                        }
                    />
                </label>
                <div data-testid="sender-choice">{picker}</div>
                <label class="block text-sm font-medium">
                    {move || t("Pesan")}
                    <textarea
                        rows="3"
                        class=input
                        data-testid="new-message-body"
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))
                    ></textarea>
                </label>
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p role="alert" class="text-sm text-red-700">
                                    {e}
                                </p>
                            }
                        })
                }}
                <button
                    type="submit"
                    class="w-full rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white disabled:opacity-50"
                    disabled=move || !can_send()
                    data-testid="new-message-send"
                >
                    {move || t(if sending.get() { "Mengirim…" } else { "Kirim" })}
                </button>
            </form>
        </Modal>
    }
    .into_any()
}
