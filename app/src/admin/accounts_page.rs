//! `/admin/accounts` (admins): the WhatsApp numbers. Each with its health (last
//! webhook, messages in and out today, send failures in 24 hours), credentials (the
//! auth token only as its last four characters), the agents who serve it, and the
//! controls to add, edit, deactivate and reactivate; the webhook URLs to paste into
//! Twilio at the top.

use super::shell::{AdminShell, Section};
use crate::{
    accounts::{
        AccountAdminView, AccountsOverview, CreateAccountRequest, Provider, UpdateAccountRequest,
        server_fns::{add_account, change_account, load_accounts_overview, save_members},
    },
    agents::{AgentView, server_fns::load_team},
    auth::{CurrentUser, whoami},
    error::AppError,
    ui::{AccountBadge, ConfirmBox, CopyField, ErrorLine, ErrorPanel, RelativeTime, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct AccountsRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    overview: Resource<Result<AccountsOverview, AppError>>,
    team: Resource<Result<Vec<AgentView>, AppError>>,
    reload: RwSignal<u32>,
}

#[lazy_route]
impl LazyRoute for AccountsRoute {
    fn data() -> Self {
        let reload = RwSignal::new(0);
        Self {
            me: Resource::new(|| (), |_| whoami()),
            overview: Resource::new(move || reload.get(), |_| load_accounts_overview()),
            team: Resource::new(|| (), |_| load_team()),
            reload,
        }
    }

    fn view(this: Self) -> AnyView {
        let AccountsRoute {
            me,
            overview,
            team,
            reload,
        } = this;
        let done = Callback::new(move |()| reload.update(|n| *n += 1));
        view! {
            <AdminShell section=Section::Accounts me>
                <Accounts overview team done />
            </AdminShell>
        }
        .into_any()
    }
}

#[component]
fn Accounts(
    overview: Resource<Result<AccountsOverview, AppError>>,
    team: Resource<Result<Vec<AgentView>, AppError>>,
    done: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <h1 class="text-2xl font-bold">{move || t("Akun WhatsApp")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Nomor WhatsApp bisnis. Balasan selalu keluar dari akun percakapannya; akun nonaktif menyimpan riwayat tetapi tidak mengirim.",
            )}
        </p>
        <NewAccount on_done=done />
        <Suspense fallback=|| {
            view! { <p class="mt-4 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                let team = team.get().and_then(Result::ok).unwrap_or_default();
                overview
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(o) => {
                            let team = StoredValue::new(team);
                            view! {
                                <section class="mt-4 grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 md:grid-cols-2">
                                    <CopyField
                                        label="URL webhook Twilio (pesan masuk)"
                                        text=o.webhook_url.clone()
                                    />
                                    <CopyField
                                        label="URL status callback"
                                        text=o.status_url.clone()
                                    />
                                </section>
                                <ul class="mt-4 grid gap-3" data-testid="account-list">
                                    {o
                                        .accounts
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <AccountCard card=a team=team.get_value() on_done=done />
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// One account.
#[component]
fn AccountCard(
    card: AccountAdminView,
    team: Vec<AgentView>,
    on_done: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let a = card.account.clone();
    let id = StoredValue::new(a.id.clone());
    let error = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let change = Action::new(move |c: &UpdateAccountRequest| {
        let c = c.clone();
        async move { change_account(id.get_value(), c).await }
    });
    Effect::new(move |_| {
        if let Some(r) = change.value().get() {
            confirming.set(false);
            match r {
                Ok(_) => {
                    error.set(None);
                    editing.set(false);
                    on_done.run(());
                }
                Err(e) => error.set(Some(explain(&e))),
            }
        }
    });
    let h = card.health.clone();
    let credentials = match (
        &card.twilio_account_sid,
        &card.auth_token_last4,
        card.auth_token_sealed,
    ) {
        (None, None, false) => {
            t("Kredensial Twilio dari lingkungan server (TWILIO_ACCOUNT_SID)").to_owned()
        }
        (sid, last4, sealed) => format!(
            "{} {} · {}",
            t("Kredensial sendiri:"),
            sid.clone().unwrap_or_else(|| "—".into()),
            match (last4, sealed) {
                (Some(l), false) => format!("token …{l}"),
                (Some(l), true) => format!("token …{l} 🔒 {}", t("terenkripsi")),
                (None, true) =>
                    t("token terenkripsi tidak bisa dibuka: periksa SERAMBI_SECRET_KEY").to_owned(),
                (None, false) => t("tanpa token").to_owned(),
            }
        ),
    };
    let provider = match a.provider {
        Provider::Twilio => "Twilio",
        Provider::Simulator => "Simulator",
    };
    let active = a.active;
    // Bound here: the view formatter drops the braces around an `if` attribute.
    let failure_class = if h.failures_24h > 0 {
        "font-semibold text-red-700"
    } else {
        ""
    };
    view! {
        <li
            class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
            data-testid="account-card"
            data-account=a.id.clone()
            data-active=active.to_string()
        >
            <div class="flex flex-wrap items-center gap-2">
                <AccountBadge account_id=a.id.clone() name=a.name.clone() />
                <span class="font-mono text-sm">{a.phone_display.clone()}</span>
                <span class="rounded bg-slate-100 px-1.5 text-xs">{provider}</span>
                <span class="text-xs text-slate-600">{a.id.clone()}</span>
                {(!active)
                    .then(|| {
                        view! {
                            <span class="rounded bg-slate-200 px-1.5 text-xs">
                                {move || t("Nonaktif")}
                            </span>
                        }
                    })}
            </div>
            <dl
                class="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-4"
                data-testid="account-health"
            >
                <div>
                    <dt class="text-xs text-slate-600">{move || t("Webhook terakhir")}</dt>
                    <dd>
                        {match h.last_webhook_at {
                            Some(at) => view! { <RelativeTime at /> }.into_any(),
                            None => view! { <span>{move || t("belum pernah")}</span> }.into_any(),
                        }}
                    </dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-600">{move || t("Masuk hari ini")}</dt>
                    <dd data-testid="received-today">{h.received_today}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-600">{move || t("Keluar hari ini")}</dt>
                    <dd data-testid="sent-today">{h.sent_today}</dd>
                </div>
                <div>
                    <dt class="text-xs text-slate-600">{move || t("Gagal kirim 24 jam")}</dt>
                    <dd class=failure_class>{h.failures_24h}</dd>
                </div>
            </dl>
            {(a.provider == Provider::Twilio)
                .then(|| {
                    view! { <p class="mt-2 text-xs text-slate-600">{credentials.clone()}</p> }
                })}
            <Members id=a.id.clone() chosen=card.member_ids.clone() team on_done />
            <div class="mt-2 flex flex-wrap gap-2">
                <button
                    type="button"
                    class="min-h-11 rounded-lg px-3 text-sm hover:bg-slate-100"
                    on:click=move |_| editing.update(|e| *e = !*e)
                >
                    {move || t("Ubah")}
                </button>
                {if active {
                    view! {
                        <button
                            type="button"
                            class="min-h-11 rounded-lg px-3 text-sm text-red-700 hover:bg-red-50"
                            on:click=move |_| confirming.set(true)
                        >
                            {move || t("Nonaktifkan")}
                        </button>
                    }
                        .into_any()
                } else {
                    view! {
                        <button
                            type="button"
                            class="min-h-11 rounded-lg px-3 text-sm hover:bg-slate-100"
                            on:click=move |_| {
                                change
                                    .dispatch(UpdateAccountRequest {
                                        active: Some(true),
                                        ..Default::default()
                                    });
                            }
                        >
                            {move || t("Aktifkan")}
                        </button>
                    }
                        .into_any()
                }}
            </div>
            <ConfirmBox
                open=confirming
                title=Signal::derive(move || t("Nonaktifkan akun").to_owned())
                message=Signal::derive(move || {
                    t(
                            "Riwayat tetap tersimpan, tetapi akun ini tidak akan mengirim pesan lagi sampai diaktifkan. Lanjutkan?",
                        )
                        .to_owned()
                })
                confirm=Signal::derive(move || t("Ya, nonaktifkan").to_owned())
                on_confirm=Callback::new(move |()| {
                    change
                        .dispatch(UpdateAccountRequest {
                            active: Some(false),
                            ..Default::default()
                        });
                })
            />
            <Show when=move || editing.get()>
                <EditAccount
                    start=card.clone()
                    on_save=Callback::new(move |c| {
                        change.dispatch(c);
                    })
                    editing
                />
            </Show>
            <ErrorLine message=error class="mt-1" />
        </li>
    }
}

/// Who serves the account: a checkbox per active agent; none = everyone.
#[component]
fn Members(
    id: String,
    chosen: Vec<i64>,
    team: Vec<AgentView>,
    on_done: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let selected = RwSignal::new(chosen.clone());
    let saved = RwSignal::new(chosen);
    let problem = RwSignal::new(None::<String>);
    let id = StoredValue::new(id);
    let save = Action::new(move |ids: &Vec<i64>| {
        let ids = ids.clone();
        async move { save_members(id.get_value(), ids).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(m) => {
                    problem.set(None);
                    saved.set(m.agent_ids.clone());
                    selected.set(m.agent_ids);
                    on_done.run(());
                }
                Err(e) => problem.set(Some(explain(&e))),
            }
        }
    });
    let changed = move || {
        let (mut a, mut b) = (selected.get(), saved.get());
        a.sort_unstable();
        b.sort_unstable();
        a != b
    };
    view! {
        <fieldset class="mt-3 rounded-lg bg-slate-50 p-3" data-testid="members">
            <legend class="text-sm font-medium">{move || t("Agen yang melayani akun ini")}</legend>
            <p class="text-xs text-slate-600">
                {move || {
                    if selected.with(Vec::is_empty) {
                        t("Tidak ada yang dipilih: semua agen menerima lead akun ini.")
                    } else {
                        t("Lead baru akun ini hanya dibagi di antara agen yang dipilih.")
                    }
                }}
            </p>
            <div class="mt-1 flex flex-wrap gap-x-4">
                {team
                    .into_iter()
                    .filter(|a| a.active)
                    .map(|agent| {
                        let aid = agent.id;
                        view! {
                            <label class="flex min-h-11 items-center gap-2 text-sm">
                                <input
                                    type="checkbox"
                                    class="size-5"
                                    prop:checked=move || selected.with(|s| s.contains(&aid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected
                                            .update(|s| {
                                                s.retain(|x| *x != aid);
                                                if on {
                                                    s.push(aid);
                                                }
                                            });
                                    }
                                />
                                {agent.name.clone()}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=changed>
                <button
                    type="button"
                    class="mt-1 min-h-11 rounded-lg bg-emerald-700 px-4 text-sm font-medium text-white"
                    data-testid="save-members"
                    on:click=move |_| {
                        save.dispatch(selected.get_untracked());
                    }
                >
                    {move || t("Simpan anggota")}
                </button>
            </Show>
            <ErrorLine message=problem />
        </fieldset>
    }
}

/// The fields an account is made of, shared by the new and the edit forms.
#[derive(Clone, Copy)]
struct AccountFields {
    name: RwSignal<String>,
    phone: RwSignal<String>,
    provider: RwSignal<Provider>,
    sid: RwSignal<String>,
    token: RwSignal<String>,
}

impl AccountFields {
    fn new(name: String, phone: String, provider: Provider, sid: String) -> Self {
        Self {
            name: RwSignal::new(name),
            phone: RwSignal::new(phone),
            provider: RwSignal::new(provider),
            sid: RwSignal::new(sid),
            token: RwSignal::new(String::new()),
        }
    }
}

#[component]
fn FieldsView(fields: AccountFields, editing: bool) -> impl IntoView {
    let t = crate::i18n::use_t();
    let input = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2";
    view! {
        <label class="text-sm font-medium">
            {move || t("Nama")}
            <input
                class=input
                name="name"
                required
                prop:value=move || fields.name.get()
                on:input=move |ev| fields.name.set(event_target_value(&ev))
            />
        </label>
        <label class="text-sm font-medium">
            {move || t("Nomor (E.164, misalnya +62812…)")}
            <input
                class=input
                name="phoneNumber"
                inputmode="tel"
                required
                prop:value=move || fields.phone.get()
                on:input=move |ev| fields.phone.set(event_target_value(&ev))
            />
        </label>
        <label class="text-sm font-medium">
            {move || t("Penyedia")}
            <select
                class="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"
                name="provider"
                on:change=move |ev| {
                    fields
                        .provider
                        .set(event_target_value(&ev).parse().unwrap_or(Provider::Simulator))
                }
            >
                <option
                    value=Provider::Twilio.as_str()
                    selected=move || fields.provider.get() == Provider::Twilio
                >
                    "Twilio"
                </option>
                <option
                    value=Provider::Simulator.as_str()
                    selected=move || fields.provider.get() == Provider::Simulator
                >
                    "Simulator"
                </option>
            </select>
        </label>
        <Show when=move || fields.provider.get() == Provider::Twilio>
            <label class="text-sm font-medium">
                {move || t("Twilio Account SID (kosong = dari lingkungan server)")}
                <input
                    class=format!("{input} font-mono")
                    name="twilioAccountSid"
                    prop:value=move || fields.sid.get()
                    on:input=move |ev| fields.sid.set(event_target_value(&ev))
                />
            </label>
            <label class="text-sm font-medium">
                {move || {
                    if editing {
                        t("Auth token baru (kosong = tidak diubah)")
                    } else {
                        t("Auth token (kosong = dari lingkungan server)")
                    }
                }}
                <input
                    type="password"
                    autocomplete="off"
                    class=format!("{input} font-mono")
                    name="twilioAuthToken"
                    prop:value=move || fields.token.get()
                    on:input=move |ev| fields.token.set(event_target_value(&ev))
                />
            </label>
        </Show>
    }
}

/// Edits an account's name, number, provider and credentials.
#[component]
fn EditAccount(
    start: AccountAdminView,
    on_save: Callback<UpdateAccountRequest>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let fields = AccountFields::new(
        start.account.name.clone(),
        format!("+{}", start.account.phone_number),
        start.account.provider,
        start.twilio_account_sid.clone().unwrap_or_default(),
    );
    view! {
        <form
            class="mt-2 grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-2"
            on:submit=move |ev| {
                ev.prevent_default();
                let token = fields.token.get_untracked();
                on_save
                    .run(UpdateAccountRequest {
                        name: Some(fields.name.get_untracked()),
                        phone_number: Some(fields.phone.get_untracked()),
                        provider: Some(fields.provider.get_untracked()),
                        active: None,
                        twilio_account_sid: Some(fields.sid.get_untracked()),
                        twilio_auth_token: (!token.trim().is_empty()).then_some(token),
                    });
            }
        >
            <FieldsView fields editing=true />
            <div class="flex gap-2 sm:col-span-2">
                <button type="submit" class="min-h-11 rounded-lg bg-emerald-700 px-4 text-white">
                    {move || t("Simpan")}
                </button>
                <button
                    type="button"
                    class="min-h-11 rounded-lg px-4 hover:bg-slate-200"
                    on:click=move |_| editing.set(false)
                >
                    {move || t("Batal")}
                </button>
            </div>
        </form>
    }
}

/// Adds an account.
#[component]
fn NewAccount(on_done: Callback<()>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let open = RwSignal::new(false);
    let fields = AccountFields::new(
        String::new(),
        String::new(),
        Provider::Twilio,
        String::new(),
    );
    let problem = RwSignal::new(None::<String>);
    let create = Action::new(move |req: &CreateAccountRequest| {
        let req = req.clone();
        async move { add_account(req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(_) => {
                    problem.set(None);
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => problem.set(Some(explain(&e))),
            }
        }
    });
    let blank = |s: String| (!s.trim().is_empty()).then_some(s);
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="mt-4 min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white hover:bg-emerald-800"
                        data-testid="new-account"
                        on:click=move |_| open.set(true)
                    >
                        {move || t("+ Akun baru")}
                    </button>
                }
            }
        >
            <form
                class="mt-4 grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2"
                data-testid="account-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    create
                        .dispatch(CreateAccountRequest {
                            id: None,
                            name: fields.name.get_untracked(),
                            phone_number: fields.phone.get_untracked(),
                            provider: fields.provider.get_untracked(),
                            twilio_account_sid: blank(fields.sid.get_untracked()),
                            twilio_auth_token: blank(fields.token.get_untracked()),
                        });
                }
            >
                <FieldsView fields editing=false />
                <ErrorLine message=problem class="sm:col-span-2" />
                <div class="flex gap-2 sm:col-span-2">
                    <button
                        type="submit"
                        class="min-h-11 rounded-lg bg-emerald-700 px-4 text-white"
                    >
                        {move || t("Tambah akun")}
                    </button>
                    <button
                        type="button"
                        class="min-h-11 rounded-lg px-4 hover:bg-slate-200"
                        on:click=move |_| open.set(false)
                    >
                        {move || t("Batal")}
                    </button>
                </div>
            </form>
        </Show>
    }
}
