//! Putting labels on a chat: a menu of every label with a tick for those the chat
//! carries, from the chat header and from each list row; admins can create a label
//! right there ("+ Buat Label Baru").

use super::page::InboxCtx;
use crate::labels::{
    LabelChip, LabelView,
    rules::{PALETTE, clean_name},
    server_fns::{create_label, set_thread_labels},
};
use leptos::prelude::*;

/// The 🏷 button and its menu for thread `thread_id`, which carries `initial` now.
#[component]
pub(super) fn LabelMenu(
    /// The chat.
    thread_id: String,
    /// Its labels when the menu was drawn.
    initial: Vec<LabelView>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let is_admin = ctx.user.get_value().is_admin();
    let thread = StoredValue::new(thread_id);
    let carried = RwSignal::new(initial);
    let open = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let save = Action::new(move |ids: &Vec<i64>| {
        let ids = ids.clone();
        async move { set_thread_labels(thread.get_value(), ids).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(labels)) => {
            problem.set(None);
            carried.set(labels);
            ctx.live.list_tick.update(|n| *n += 1);
        }
        Some(Err(e)) => problem.set(Some(crate::ui::explain(&e))),
        None => {}
    });
    let toggle = move |id: i64| {
        let mut ids: Vec<i64> = carried.with_untracked(|c| c.iter().map(|l| l.id).collect());
        if let Some(at) = ids.iter().position(|x| *x == id) {
            ids.remove(at);
        } else {
            ids.push(id);
        }
        save.dispatch(ids);
    };
    let draft = RwSignal::new(String::new());
    let create = Action::new(move |name: &String| {
        let name = name.clone();
        let color = PALETTE[(name.len()) % PALETTE.len()].to_owned();
        async move { create_label(name, color).await }
    });
    Effect::new(move |_| match create.value().get() {
        Some(Ok(label)) => {
            draft.set(String::new());
            ctx.live.labels_tick.update(|n| *n += 1);
            toggle(label.id);
        }
        Some(Err(e)) => problem.set(Some(crate::ui::explain(&e))),
        None => {}
    });
    let parts = MenuParts {
        carried,
        draft,
        problem,
        is_admin,
        toggle: Callback::new(toggle),
        create: Callback::new(move |name: String| {
            create.dispatch(name);
        }),
    };
    view! {
        <div class="relative flex min-w-0 items-center gap-1">
            <button
                type="button"
                class="min-h-11 min-w-11 rounded-full px-2 text-slate-600 hover:bg-slate-100"
                data-testid="label-menu-button"
                aria-haspopup="true"
                aria-expanded=move || open.get().to_string()
                aria-label=move || t("Label chat")
                on:click=move |ev| {
                    ev.prevent_default();
                    ev.stop_propagation();
                    open.update(|o| *o = !*o);
                }
            >
                <span aria-hidden="true">"🏷"</span>
            </button>
            // The menu itself is a chunk of its own (`#[lazy]`), fetched when a menu
            // first opens: a list of a hundred rows has a hundred buttons, no menus.
            <Show when=move || open.get()>
                <Suspense>{move || Suspend::new(label_menu_body(parts))}</Suspense>
            </Show>
        </div>
    }
}

/// What the open menu works with: the chat's labels, the new label being typed and
/// what went wrong, and the two things it can do.
#[derive(Clone, Copy)]
struct MenuParts {
    carried: RwSignal<Vec<LabelView>>,
    draft: RwSignal<String>,
    problem: RwSignal<Option<String>>,
    is_admin: bool,
    toggle: Callback<i64>,
    create: Callback<String>,
}

/// The open menu: every label with a tick, and for admins a new one.
#[lazy]
fn label_menu_body(parts: MenuParts) -> AnyView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let MenuParts {
        carried,
        draft,
        problem,
        is_admin,
        toggle,
        create,
    } = parts;
    view! {
        <div
            role="menu"
            data-testid="label-menu"
            class="absolute right-0 top-full z-30 mt-1 w-64 rounded-xl bg-white p-2 text-slate-900 shadow-lg ring-1 ring-slate-200"
            on:click=move |ev| ev.stop_propagation()
        >
            <Transition>
                {move || {
                    ctx.labels
                        .get()
                        .and_then(Result::ok)
                        .map(|all| {
                            all.into_iter()
                                .map(|l| {
                                    let id = l.id;
                                    let on = move || {
                                        carried.with(|c| c.iter().any(|x| x.id == id))
                                    };
                                    view! {
                                        <label
                                            role="menuitemcheckbox"
                                            aria-checked=move || on().to_string()
                                            class="flex min-h-11 items-center gap-2 rounded-lg px-2 hover:bg-slate-50"
                                        >
                                            <input
                                                type="checkbox"
                                                class="size-5"
                                                prop:checked=on
                                                on:change=move |_| toggle.run(id)
                                            />
                                            <LabelChip name=l.name.clone() color=l.color.clone() />
                                        </label>
                                    }
                                })
                                .collect_view()
                        })
                }}
            </Transition>
            {is_admin
                .then(|| {
                    view! {
                        <form
                            class="mt-1 flex gap-1 border-t border-slate-100 pt-2"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                match clean_name(&draft.get_untracked()) {
                                    Ok(name) => {
                                        create.run(name);
                                    }
                                    Err(m) => problem.set(Some(m)),
                                }
                            }
                        >
                            <input
                                class="min-w-0 flex-1 rounded-lg border border-slate-300 px-2 py-1 text-sm"
                                data-testid="new-label-inline"
                                placeholder=move || t("+ Buat Label Baru")
                                aria-label=move || t("+ Buat Label Baru")
                                prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev))
                            />
                            <button
                                type="submit"
                                class="min-h-11 rounded-lg bg-emerald-700 px-2 text-sm text-white"
                            >
                                {move || t("Buat")}
                            </button>
                        </form>
                    }
                })}
            {move || {
                problem
                    .get()
                    .map(|m| {
                        view! {
                            <p role="alert" class="mt-1 text-xs text-red-700">
                                {m}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
