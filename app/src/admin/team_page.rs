//! `/admin/team` (admins): who works the inbox. Each agent with role, whether they
//! can log in, whether they take new leads, their open leads and when they were last
//! seen; add an agent, change one, deactivate (their unanswered leads move on at
//! once), and set a new password (their sessions end).

use super::shell::{AdminShell, Section};
use crate::{
    agents::{
        AgentView, UpdateAgentRequest,
        server_fns::{add_agent, change_agent, load_team, reset_agent_password},
    },
    auth::{CurrentUser, Role, whoami},
    error::AppError,
    ui::{ConfirmBox, ErrorLine, ErrorPanel, RelativeTime, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct TeamRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    team: Resource<Result<Vec<AgentView>, AppError>>,
    reload: RwSignal<u32>,
}

#[lazy_route]
impl LazyRoute for TeamRoute {
    fn data() -> Self {
        let reload = RwSignal::new(0);
        Self {
            me: Resource::new(|| (), |_| whoami()),
            team: Resource::new(move || reload.get(), |_| load_team()),
            reload,
        }
    }

    fn view(this: Self) -> AnyView {
        let TeamRoute { me, team, reload } = this;
        view! {
            <AdminShell section=Section::Team me>
                <Team team reload />
            </AdminShell>
        }
        .into_any()
    }
}

/// The list and the form that adds an agent.
#[component]
fn Team(team: Resource<Result<Vec<AgentView>, AppError>>, reload: RwSignal<u32>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let me = use_context::<CurrentUser>()
        .map(|u| u.id)
        .unwrap_or_default();
    let done = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <h1 class="text-2xl font-bold">{move || t("Tim")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Lead baru dibagi bergiliran kepada agen yang aktif dan siap menerima lead. Menonaktifkan agen langsung memindahkan lead mereka yang belum dibalas.",
            )}
        </p>
        <NewAgent on_done=done />
        <Suspense fallback=|| {
            view! { <p class="mt-4 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                team.get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(list) => {
                            view! {
                                <ul
                                    class="mt-4 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
                                    data-testid="team-list"
                                >
                                    {list
                                        .into_iter()
                                        .map(|agent| {
                                            let is_me = agent.id == me;
                                            view! { <AgentRow agent is_me on_done=done /> }
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

/// A switch that saves at once.
#[component]
fn Toggle(
    label: &'static str,
    on: bool,
    disabled: bool,
    test_id: &'static str,
    on_change: Callback<bool>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <label class="flex min-h-11 items-center gap-2 text-sm">
            <input
                type="checkbox"
                class="size-5"
                checked=on
                disabled=disabled
                data-testid=test_id
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            {move || t(label)}
        </label>
    }
}

/// One agent: facts, switches and the controls.
#[component]
fn AgentRow(agent: AgentView, is_me: bool, on_done: Callback<()>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let id = agent.id;
    let error = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<String>);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let resetting = RwSignal::new(false);
    let change = Action::new(move |c: &UpdateAgentRequest| {
        let c = c.clone();
        async move { change_agent(id, c).await }
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
    let send = move |c: UpdateAgentRequest| {
        change.dispatch(c);
    };
    let role_text = match agent.role {
        Role::Admin => "Admin",
        Role::Agent => "Agen",
    };
    let name = StoredValue::new(agent.name.clone());
    let open = agent.open_leads;
    let button = "min-h-11 rounded-lg px-2 text-sm hover:bg-slate-100";
    // Bound here: the view formatter drops the braces around an `if` attribute.
    let name_class = if agent.active {
        "font-medium"
    } else {
        "font-medium text-slate-500 line-through"
    };
    view! {
        <li
            class="px-3 py-2"
            data-testid="agent-row"
            data-email=agent.email.clone()
            data-active=agent.active.to_string()
        >
            <div class="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span class=name_class>{agent.name.clone()}</span>
                <span class="text-sm text-slate-600">{agent.email.clone()}</span>
                <span class="rounded bg-slate-100 px-1.5 text-xs">{move || t(role_text)}</span>
                {(!agent.active)
                    .then(|| {
                        view! {
                            <span class="rounded bg-slate-200 px-1.5 text-xs">
                                {move || t("Nonaktif")}
                            </span>
                        }
                    })}
                <span class="text-sm text-slate-600" data-testid="open-leads">
                    {move || format!("{open} {}", t("lead terbuka"))}
                </span>
                <span class="text-sm text-slate-600">
                    {move || t("Terakhir terlihat")} " "
                    {match agent.last_seen_at {
                        Some(at) => view! { <RelativeTime at /> }.into_any(),
                        None => view! { <span>"—"</span> }.into_any(),
                    }}
                </span>
            </div>
            <div class="mt-1 flex flex-wrap items-center gap-x-4">
                <Toggle
                    label="Siap menerima lead"
                    on=agent.available
                    disabled=!agent.active
                    test_id="agent-available"
                    on_change=Callback::new(move |v| {
                        send(UpdateAgentRequest {
                            available: Some(v),
                            ..Default::default()
                        })
                    })
                />
                <button type="button" class=button on:click=move |_| editing.update(|e| *e = !*e)>
                    {move || t("Ubah")}
                </button>
                <button type="button" class=button on:click=move |_| resetting.update(|r| *r = !*r)>
                    {move || t("Atur ulang kata sandi")}
                </button>
                {match (agent.active, is_me) {
                    (true, false) => {
                        Some(
                            view! {
                                <button
                                    type="button"
                                    class=format!("{button} text-red-700")
                                    data-testid="deactivate"
                                    on:click=move |_| confirming.set(true)
                                >
                                    {move || t("Nonaktifkan")}
                                </button>
                            }
                                .into_any(),
                        )
                    }
                    (false, _) => {
                        Some(
                            view! {
                                <button
                                    type="button"
                                    class=button
                                    on:click=move |_| {
                                        send(UpdateAgentRequest {
                                            active: Some(true),
                                            ..Default::default()
                                        })
                                    }
                                >
                                    {move || t("Aktifkan")}
                                </button>
                            }
                                .into_any(),
                        )
                    }
                    (true, true) => None,
                }}
            </div>
            <ConfirmBox
                open=confirming
                title=Signal::derive(move || t("Nonaktifkan agen").to_owned())
                message=Signal::derive(move || {
                    format!(
                        "{} {} {open} {}",
                        name.get_value(),
                        t("tidak bisa masuk lagi dan"),
                        t(
                            "lead yang belum dibalas langsung dipindahkan ke agen berikutnya. Lanjutkan?",
                        ),
                    )
                })
                confirm=Signal::derive(move || t("Ya, nonaktifkan").to_owned())
                on_confirm=Callback::new(move |()| {
                    send(UpdateAgentRequest {
                        active: Some(false),
                        ..Default::default()
                    })
                })
            />
            <Show when=move || editing.get()>
                <EditAgent
                    name=name.get_value()
                    role=agent.role
                    is_me
                    on_save=Callback::new(send)
                    editing
                />
            </Show>
            <Show when=move || resetting.get()>
                <ResetPassword id resetting note />
            </Show>
            {move || {
                note.get()
                    .map(|m| {
                        view! {
                            <p role="status" class="mt-1 text-sm text-emerald-800">
                                {m}
                            </p>
                        }
                    })
            }}
            <ErrorLine message=error class="mt-1" />
        </li>
    }
}

/// The role choice.
#[component]
fn RoleSelect(role: RwSignal<Role>, disabled: bool) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <label class="text-sm font-medium">
            {move || t("Peran")}
            <select
                class="mt-1 block min-h-11 rounded-lg border border-slate-300 px-2"
                name="role"
                disabled=disabled
                on:change=move |ev| {
                    role.set(event_target_value(&ev).parse().unwrap_or(Role::Agent))
                }
            >
                <option value=Role::Agent.as_str() selected=move || role.get() == Role::Agent>
                    {move || t("Agen")}
                </option>
                <option value=Role::Admin.as_str() selected=move || role.get() == Role::Admin>
                    "Admin"
                </option>
            </select>
        </label>
    }
}

/// Renames an agent or changes their role.
#[component]
fn EditAgent(
    name: String,
    role: Role,
    is_me: bool,
    on_save: Callback<UpdateAgentRequest>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let name = RwSignal::new(name);
    let role = RwSignal::new(role);
    view! {
        <form
            class="mt-2 flex flex-wrap items-end gap-3 rounded-lg bg-slate-50 p-3"
            on:submit=move |ev| {
                ev.prevent_default();
                on_save
                    .run(UpdateAgentRequest {
                        name: Some(name.get_untracked()),
                        role: Some(role.get_untracked()),
                        ..Default::default()
                    });
            }
        >
            <label class="text-sm font-medium">
                {move || t("Nama")}
                <input
                    class="mt-1 block rounded-lg border border-slate-300 px-3 py-2"
                    name="name"
                    required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            // An admin cannot demote themselves (they could lock everyone out).
            <RoleSelect role disabled=is_me />
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
        </form>
    }
}

/// Sets a new password for an agent.
#[component]
fn ResetPassword(
    id: i64,
    resetting: RwSignal<bool>,
    note: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new(move |p: &String| {
        let p = p.clone();
        async move { reset_agent_password(id, p).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(_) => {
                    resetting.set(false);
                    note.set(Some(
                        t("Kata sandi diganti; semua sesi agen ini berakhir.").into(),
                    ));
                }
                Err(e) => problem.set(Some(explain(&e))),
            }
        }
    });
    view! {
        <form
            class="mt-2 flex flex-wrap items-end gap-3 rounded-lg bg-slate-50 p-3"
            on:submit=move |ev| {
                ev.prevent_default();
                save.dispatch(password.get_untracked());
            }
        >
            <label class="text-sm font-medium">
                {move || t("Kata sandi baru (min. 8 karakter)")}
                <input
                    type="password"
                    autocomplete="new-password"
                    class="mt-1 block rounded-lg border border-slate-300 px-3 py-2"
                    name="password"
                    minlength="8"
                    required
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" class="min-h-11 rounded-lg bg-emerald-700 px-4 text-white">
                {move || t("Simpan")}
            </button>
            <ErrorLine message=problem class="w-full" />
        </form>
    }
}

/// The form that adds an agent.
#[component]
fn NewAgent(on_done: Callback<()>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Agent);
    let problem = RwSignal::new(None::<String>);
    let create = Action::new(move |(n, e, p, r): &(String, String, String, Role)| {
        let (n, e, p, r) = (n.clone(), e.clone(), p.clone(), *r);
        async move { add_agent(n, e, p, r).await }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            match r {
                Ok(_) => {
                    problem.set(None);
                    name.set(String::new());
                    email.set(String::new());
                    password.set(String::new());
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => problem.set(Some(explain(&e))),
            }
        }
    });
    let field = "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2";
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class="mt-4 min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white hover:bg-emerald-800"
                        data-testid="new-agent"
                        on:click=move |_| open.set(true)
                    >
                        {move || t("+ Agen baru")}
                    </button>
                }
            }
        >
            <form
                class="mt-4 grid gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2"
                data-testid="agent-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    create
                        .dispatch((
                            name.get_untracked(),
                            email.get_untracked(),
                            password.get_untracked(),
                            role.get_untracked(),
                        ));
                }
            >
                <label class="text-sm font-medium">
                    {move || t("Nama")}
                    <input
                        class=field
                        name="name"
                        required
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label class="text-sm font-medium">
                    "Email"
                    <input
                        type="email"
                        class=field
                        name="email"
                        required
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev))
                    />
                </label>
                <label class="text-sm font-medium">
                    {move || t("Kata sandi pertama (min. 8 karakter)")}
                    <input
                        type="password"
                        autocomplete="new-password"
                        class=field
                        name="password"
                        minlength="8"
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <RoleSelect role disabled=false />
                <ErrorLine message=problem class="sm:col-span-2" />
                <div class="flex gap-2 sm:col-span-2">
                    <button
                        type="submit"
                        class="min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white"
                    >
                        {move || t("Tambah agen")}
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
