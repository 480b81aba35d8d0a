//! `/admin/labels`: the labels with their chat counts. Admins create, rename,
//! recolour, reorder (drag, or the arrow buttons from a keyboard) and delete; agents
//! read the list they assign from.

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    error::AppError,
    labels::{
        LabelChip, LabelSummary,
        rules::{PALETTE, clean_color, clean_name},
        server_fns::{create_label, delete_label, label_list, update_label},
    },
    ui::{ConfirmBox, ErrorLine, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct LabelsRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    labels: Resource<Result<Vec<LabelSummary>, AppError>>,
    reload: RwSignal<u32>,
}

#[lazy_route]
impl LazyRoute for LabelsRoute {
    fn data() -> Self {
        let reload = RwSignal::new(0);
        Self {
            me: Resource::new(|| (), |_| whoami()),
            labels: Resource::new(move || reload.get(), |_| label_list()),
            reload,
        }
    }

    fn view(this: Self) -> AnyView {
        let LabelsRoute { me, labels, reload } = this;
        view! {
            <AdminShell section=Section::Labels me>
                <LabelManager labels reload />
            </AdminShell>
        }
        .into_any()
    }
}

/// The list and, for admins, its controls.
#[component]
fn LabelManager(
    labels: Resource<Result<Vec<LabelSummary>, AppError>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let is_admin = use_context::<CurrentUser>().is_some_and(|u| u.is_admin());
    let admin = move || is_admin;
    let error = RwSignal::new(None::<String>);
    let done = move |r: Result<(), AppError>| match r {
        Ok(()) => {
            error.set(None);
            reload.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(explain(&e))),
    };
    let move_to = Action::new(move |(id, order): &(i64, i32)| {
        let (id, order) = (*id, *order);
        async move { update_label(id, None, None, Some(order)).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(r) = move_to.value().get() {
            done(r);
        }
    });
    let dragging = RwSignal::new(None::<i64>);
    view! {
        <h1 class="text-2xl font-bold">{move || t("Label")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t("Label menandai chat (misalnya prospek panas) dan menyaring daftar chat.")}
        </p>
        <Show when=admin>
            <NewLabel on_done=Callback::new(done) />
        </Show>
        {move || {
            error
                .get()
                .map(|m| {
                    view! {
                        <p role="alert" class="mt-3 rounded bg-red-50 p-3 text-red-800">
                            {m}
                        </p>
                    }
                })
        }}
        <Suspense fallback=|| {
            view! { <p class="mt-4 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                labels
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <crate::ui::ErrorPanel error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-4 text-slate-600">{move || t("Belum ada label.")}</p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let last = list.len() as i32 - 1;
                            let is_admin = admin();
                            view! {
                                <ul
                                    class="mt-4 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
                                    data-testid="label-list"
                                >
                                    {list
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, label)| {
                                            view! {
                                                <LabelRow
                                                    label
                                                    index=i as i32
                                                    last
                                                    is_admin
                                                    dragging
                                                    on_move=Callback::new(move |to| {
                                                        move_to.dispatch(to);
                                                    })
                                                    on_done=Callback::new(done)
                                                />
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

/// One label: its chip and chat count; for admins the controls.
#[component]
fn LabelRow(
    label: LabelSummary,
    index: i32,
    last: i32,
    is_admin: bool,
    dragging: RwSignal<Option<i64>>,
    on_move: Callback<(i64, i32)>,
    on_done: Callback<Result<(), AppError>>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let id = label.id;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let count = label.chat_count;
    let remove = Action::new(move |_: &()| async move { delete_label(id).await.map(|_| ()) });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            confirming.set(false);
            on_done.run(r);
        }
    });
    let name = StoredValue::new(label.name.clone());
    let color = StoredValue::new(label.color.clone());
    let button = "min-h-11 min-w-11 rounded-lg px-2 text-sm hover:bg-slate-100 disabled:opacity-30";
    view! {
        <li
            class="flex flex-wrap items-center gap-2 px-3 py-2"
            data-testid="label-row"
            data-label=label.name.clone()
            draggable=if is_admin { "true" } else { "false" }
            on:dragstart=move |_| dragging.set(Some(id))
            on:dragover=move |ev| {
                if is_admin {
                    ev.prevent_default();
                }
            }
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(from) = dragging.get_untracked().filter(|f| *f != id) {
                    on_move.run((from, index));
                }
                dragging.set(None);
            }
        >
            {is_admin
                .then(|| {
                    view! {
                        <span aria-hidden="true" class="cursor-grab text-slate-400">
                            "⋮⋮"
                        </span>
                    }
                })}
            <LabelChip name=label.name.clone() color=label.color.clone() />
            <span class="text-sm text-slate-600" data-testid="chat-count">
                {move || format!("{count} {}", t("chat"))}
            </span>
            {is_admin
                .then(|| {
                    view! {
                        <span class="ml-auto flex items-center">
                            <button
                                type="button"
                                class=button
                                aria-label=move || format!("{} {}", t("Naikkan"), name.get_value())
                                disabled=index == 0
                                on:click=move |_| on_move.run((id, index - 1))
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                class=button
                                aria-label=move || format!("{} {}", t("Turunkan"), name.get_value())
                                disabled=index == last
                                on:click=move |_| on_move.run((id, index + 1))
                            >
                                "↓"
                            </button>
                            <button
                                type="button"
                                class=button
                                on:click=move |_| editing.update(|e| *e = !*e)
                            >
                                {move || t("Ubah")}
                            </button>
                            <button
                                type="button"
                                class=format!("{button} text-red-700")
                                on:click=move |_| confirming.set(true)
                            >
                                {move || t("Hapus")}
                            </button>
                        </span>
                    }
                })}
            <Show when=move || editing.get()>
                <EditLabel id name=name.get_value() color=color.get_value() on_done editing />
            </Show>
            <ConfirmBox
                open=confirming
                title=Signal::derive(move || t("Hapus label").to_owned())
                message=Signal::derive(move || {
                    if count == 0 {
                        t("Label ini belum dipakai di chat mana pun. Hapus?").to_owned()
                    } else {
                        format!(
                            "{} {count} {}",
                            t("Label ini dipakai di"),
                            t("chat dan akan dilepas dari semuanya. Hapus?"),
                        )
                    }
                })
                confirm=Signal::derive(move || t("Ya, hapus").to_owned())
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(());
                })
            />
        </li>
    }
}

/// The colour choice: the palette as buttons, and a field for any `#rrggbb`.
#[component]
fn ColorPicker(color: RwSignal<String>) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <fieldset class="flex flex-wrap items-center gap-1">
            <legend class="sr-only">{move || t("Warna")}</legend>
            {PALETTE
                .iter()
                .map(|&c| {
                    view! {
                        <button
                            type="button"
                            class="size-11 rounded-full ring-offset-2 aria-pressed:ring-2 aria-pressed:ring-slate-900"
                            style=format!("background-color:{c}")
                            aria-label=c
                            aria-pressed=move || (color.get() == c).to_string()
                            on:click=move |_| color.set(c.to_owned())
                        ></button>
                    }
                })
                .collect_view()}
            <label class="ml-1 text-sm">
                <span class="sr-only">{move || t("Kode warna")}</span>
                <input
                    class="w-28 rounded-lg border border-slate-300 px-2 py-2 font-mono text-sm"
                    data-testid="label-color"
                    prop:value=move || color.get()
                    on:input=move |ev| color.set(event_target_value(&ev))
                />
            </label>
        </fieldset>
    }
}

/// Checks `name` and `color` as the server will, for an answer before sending.
fn check(name: &str, color: &str) -> Result<(String, String), String> {
    Ok((clean_name(name)?, clean_color(color)?))
}

/// The form that adds a label.
#[component]
fn NewLabel(on_done: Callback<Result<(), AppError>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let name = RwSignal::new(String::new());
    let color = RwSignal::new(PALETTE[4].to_owned());
    let problem = RwSignal::new(None::<String>);
    let create = Action::new(move |(n, c): &(String, String)| {
        let (n, c) = (n.clone(), c.clone());
        async move { create_label(n, c).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(r) = create.value().get() {
            if r.is_ok() {
                name.set(String::new());
            }
            on_done.run(r);
        }
    });
    view! {
        <form
            class="mt-4 flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
            data-testid="new-label"
            on:submit=move |ev| {
                ev.prevent_default();
                match check(&name.get_untracked(), &color.get_untracked()) {
                    Ok(valid) => {
                        problem.set(None);
                        create.dispatch(valid);
                    }
                    Err(m) => problem.set(Some(m)),
                }
            }
        >
            <label class="text-sm font-medium">
                {move || t("Nama label baru")}
                <input
                    class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2"
                    maxlength="64"
                    required
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <ColorPicker color />
            <ErrorLine message=problem />
            <button
                type="submit"
                class="min-h-11 self-start rounded-lg bg-emerald-700 px-4 font-medium text-white hover:bg-emerald-800"
            >
                {move || t("+ Buat Label")}
            </button>
        </form>
    }
}

/// The inline form that renames and recolours a label.
#[component]
fn EditLabel(
    id: i64,
    name: String,
    color: String,
    on_done: Callback<Result<(), AppError>>,
    editing: RwSignal<bool>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let name = RwSignal::new(name);
    let color = RwSignal::new(color);
    let problem = RwSignal::new(None::<String>);
    let save = Action::new(move |(n, c): &(String, String)| {
        let (n, c) = (n.clone(), c.clone());
        async move { update_label(id, Some(n), Some(c), None).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            if r.is_ok() {
                editing.set(false);
            }
            on_done.run(r);
        }
    });
    view! {
        <form
            class="flex w-full flex-col gap-2 rounded-lg bg-slate-50 p-3"
            on:submit=move |ev| {
                ev.prevent_default();
                match check(&name.get_untracked(), &color.get_untracked()) {
                    Ok(valid) => {
                        problem.set(None);
                        save.dispatch(valid);
                    }
                    Err(m) => problem.set(Some(m)),
                }
            }
        >
            <label class="text-sm font-medium">
                {move || t("Nama")}
                <input
                    class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <ColorPicker color />
            <ErrorLine message=problem />
            <div class="flex gap-2">
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
