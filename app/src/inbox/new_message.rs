//! "Pesan Baru": a message to any number, from an account chosen as SPEC 5.1 says —
//! a new contact needs an explicit choice, a contact known on one account writes from
//! it, a contact known on several gets a picker.

use super::detail::SenderOptions;
use super::{page::InboxCtx, recipient_senders, send_new_message};
use crate::{AppError, domain::sender::SenderChoice, inbox::composer::explain, ui::Modal};
use leptos::prelude::*;

/// Formats a phone number as it is typed: `0812-3456-7890`, `+62 812-3456-7890`.
/// Anything but digits and a leading `+` is dropped.
pub fn format_typed(input: &str) -> String {
    let plus = input.trim_start().starts_with('+');
    let digits: String = input
        .chars()
        .filter(char::is_ascii_digit)
        .take(15)
        .collect();
    let (prefix, rest) = match (plus, digits.strip_prefix("62")) {
        (true, Some(rest)) => ("+62 ", rest),
        (true, None) => return format!("+{digits}"),
        (false, _) => ("", digits.as_str()),
    };
    let first = if rest.starts_with('0') { 4 } else { 3 };
    let mut groups: Vec<&str> = Vec::new();
    let mut remaining = rest;
    let mut size = first;
    while !remaining.is_empty() {
        let cut = size.min(remaining.len());
        groups.push(&remaining[..cut]);
        remaining = &remaining[cut..];
        size = 4;
    }
    format!("{prefix}{}", groups.join("-"))
}

/// Enough digits to be worth asking the server about.
fn looks_complete(typed: &str) -> bool {
    typed.chars().filter(char::is_ascii_digit).count() >= 9
}

/// The dialog.
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
    let open_account = ctx.filters.with_untracked(|f| {
        f.thread
            .as_deref()
            .and_then(|t| t.split_once(':'))
            .map(|(a, _)| a.to_owned())
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
                <p class="text-sm text-slate-500">
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
                        <span class="text-slate-500">
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

/// "Kirim sebagai": a required choice among `ids`.
#[component]
fn SenderPicker(
    ids: Vec<String>,
    names: Vec<String>,
    chosen: RwSignal<Option<String>>,
    hint: &'static str,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <label class="block text-sm font-medium">
            {move || t("Kirim sebagai")}
            <select
                class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2"
                data-testid="sender-picker"
                required
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    chosen.set(Some(v).filter(|v| !v.is_empty()));
                }
            >
                <option value="" selected=move || chosen.get().is_none()>
                    {move || t("Pilih akun…")}
                </option>
                {ids
                    .into_iter()
                    .zip(names)
                    .map(|(id, name)| {
                        let selected = {
                            let id = id.clone();
                            move || chosen.get().as_deref() == Some(id.as_str())
                        };
                        view! {
                            <option value=id selected=selected>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select> <span class="mt-1 block text-xs font-normal text-slate-500">{hint}</span>
        </label>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_formatted_as_typed() {
        for (typed, want) in [
            ("0812", "0812"),
            ("08123", "0812-3"),
            ("081234567890", "0812-3456-7890"),
            ("0812 3456 7890", "0812-3456-7890"),
            ("+6281234567890", "+62 812-3456-7890"),
            ("+62 812-3456", "+62 812-3456"),
            ("+1 415 555 0100", "+14155550100"),
            ("abc", ""),
        ] {
            assert_eq!(format_typed(typed), want, "{typed}");
        }
        assert!(looks_complete("0812-3456-7") && !looks_complete("0812-34"));
    }
}
