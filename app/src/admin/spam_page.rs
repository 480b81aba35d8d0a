//! `/admin/spam` (admins): today's count, the keywords and how they match, and the
//! log of blocked messages with "Pulihkan ke Inbox" and "Kosongkan".

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    domain::spam::{SpamOptions, clean_keyword},
    error::AppError,
    spam::{
        BlockedMessage, SpamKeyword, SpamOverview,
        server_fns::{
            add_keyword, clear_blocked, delete_keyword, load_blocked, load_spam_overview,
            restore_blocked, set_spam_options, toggle_keyword,
        },
    },
    ui::{ConfirmBox, ErrorLine, ErrorPanel, RelativeTime, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct SpamRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    overview: Resource<Result<SpamOverview, AppError>>,
    reload: RwSignal<u32>,
}

#[lazy_route]
impl LazyRoute for SpamRoute {
    fn data() -> Self {
        let reload = RwSignal::new(0);
        Self {
            me: Resource::new(|| (), |_| whoami()),
            overview: Resource::new(move || reload.get(), |_| load_spam_overview()),
            reload,
        }
    }

    fn view(this: Self) -> AnyView {
        let SpamRoute {
            me,
            overview,
            reload,
        } = this;
        view! {
            <AdminShell section=Section::Spam me>
                <SpamFilter overview reload />
                <BlockedLog reload />
            </AdminShell>
        }
        .into_any()
    }
}

/// Today's count, the options and the keywords.
#[component]
fn SpamFilter(
    overview: Resource<Result<SpamOverview, AppError>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let error = RwSignal::new(None::<String>);
    let done = move |r: Result<(), AppError>| match r {
        Ok(()) => {
            error.set(None);
            reload.update(|n| *n += 1);
        }
        Err(e) => error.set(Some(explain(&e))),
    };
    let options = Action::new(move |o: &SpamOptions| {
        let o = *o;
        async move { set_spam_options(o).await.map(|_| ()) }
    });
    Effect::new(move |_| {
        if let Some(r) = options.value().get() {
            done(r);
        }
    });
    view! {
        <h1 class="text-2xl font-bold">{move || t("Filter spam")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Pesan yang memuat kata kunci aktif tidak masuk inbox; pesan itu disimpan di log di bawah dan bisa dipulihkan.",
            )}
        </p>
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
                overview
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(o) => {
                            let current = o.options;
                            view! {
                                <p class="mt-4 text-lg" data-testid="blocked-today">
                                    <strong>{o.blocked_today}</strong>
                                    " "
                                    {move || t("pesan diblokir hari ini")}
                                </p>
                                <fieldset class="mt-4 flex flex-wrap gap-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
                                    <legend class="sr-only">{move || t("Cara mencocokkan")}</legend>
                                    <label class="flex min-h-11 items-center gap-2">
                                        <input
                                            type="checkbox"
                                            class="size-5"
                                            prop:checked=current.case_insensitive
                                            on:change=move |ev| {
                                                options
                                                    .dispatch(SpamOptions {
                                                        case_insensitive: event_target_checked(&ev),
                                                        ..current
                                                    });
                                            }
                                        />
                                        {move || t("Abaikan huruf besar/kecil")}
                                    </label>
                                    <label class="flex min-h-11 items-center gap-2">
                                        <input
                                            type="checkbox"
                                            class="size-5"
                                            prop:checked=current.partial_match
                                            on:change=move |ev| {
                                                options
                                                    .dispatch(SpamOptions {
                                                        partial_match: event_target_checked(&ev),
                                                        ..current
                                                    });
                                            }
                                        />
                                        {move || t("Cocokkan sebagian kata")}
                                    </label>
                                </fieldset>
                                <Keywords keywords=o.keywords on_done=Callback::new(done) />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// The keyword list with its switches, and the form that adds one.
#[component]
fn Keywords(keywords: Vec<SpamKeyword>, on_done: Callback<Result<(), AppError>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let draft = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = Action::new(move |k: &String| {
        let k = k.clone();
        async move { add_keyword(k).await.map(|_| ()) }
    });
    let toggle = Action::new(move |(id, on): &(i64, bool)| {
        let (id, on) = (*id, *on);
        async move { toggle_keyword(id, on).await.map(|_| ()) }
    });
    let remove = Action::new(move |id: &i64| {
        let id = *id;
        async move { delete_keyword(id).await }
    });
    Effect::new(move |_| {
        if let Some(r) = add.value().get() {
            if r.is_ok() {
                draft.set(String::new());
            }
            on_done.run(r);
        }
    });
    Effect::new(move |_| {
        if let Some(r) = toggle.value().get() {
            on_done.run(r);
        }
    });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            on_done.run(r);
        }
    });
    view! {
        <h2 class="mt-6 text-lg font-semibold">{move || t("Kata kunci")}</h2>
        <form
            class="mt-2 flex gap-2"
            on:submit=move |ev| {
                ev.prevent_default();
                match clean_keyword(&draft.get_untracked()) {
                    Ok(k) => {
                        problem.set(None);
                        add.dispatch(k);
                    }
                    Err(m) => problem.set(Some(m)),
                }
            }
        >
            <label class="flex-1">
                <span class="sr-only">{move || t("Kata kunci baru")}</span>
                <input
                    class="w-full rounded-lg border border-slate-300 px-3 py-2"
                    data-testid="new-keyword"
                    placeholder=move || t("Kata kunci baru, mis. promo gratis")
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
            </label>
            <button
                type="submit"
                class="min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white"
            >
                {move || t("Tambah")}
            </button>
        </form>
        <ErrorLine message=problem class="mt-1" />
        <ul
            class="mt-3 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
            data-testid="keyword-list"
        >
            {keywords
                .into_iter()
                .map(|k| {
                    let (id, on) = (k.id, k.enabled);
                    let words = k.keyword.clone();
                    view! {
                        <li
                            class="flex items-center gap-3 px-3 py-1"
                            data-testid="keyword"
                            data-keyword=k.keyword.clone()
                        >
                            <label class="flex min-h-11 flex-1 items-center gap-3">
                                <input
                                    type="checkbox"
                                    class="size-5"
                                    prop:checked=on
                                    on:change=move |ev| {
                                        toggle.dispatch((id, event_target_checked(&ev)));
                                    }
                                />
                                <span class:text-slate-500=!on class:line-through=!on>
                                    {k.keyword.clone()}
                                </span>
                            </label>
                            <button
                                type="button"
                                class="min-h-11 rounded-lg px-3 text-sm text-red-700 hover:bg-red-50"
                                aria-label=move || format!("{} {}", t("Hapus"), words)
                                on:click=move |_| {
                                    remove.dispatch(id);
                                }
                            >
                                {move || t("Hapus")}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The blocked log, newest first, one page at a time.
#[component]
fn BlockedLog(reload: RwSignal<u32>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let account = RwSignal::new(String::new());
    let accounts = Resource::new(|| (), |_| crate::inbox::inbox_accounts());
    let entries = RwSignal::new(Vec::<BlockedMessage>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let load = Action::new(move |(acc, from): &(String, Option<String>)| {
        let (acc, from) = (acc.clone(), from.clone());
        async move {
            (
                from.is_some(),
                load_blocked((!acc.is_empty()).then_some(acc), from).await,
            )
        }
    });
    Effect::new(move |_| {
        reload.track();
        load.dispatch((account.get(), None));
    });
    Effect::new(move |_| match load.value().get() {
        Some((more, Ok(page))) => {
            error.set(None);
            cursor.set(page.next_cursor);
            if more {
                entries.update(|e| e.extend(page.items));
            } else {
                entries.set(page.items);
            }
        }
        Some((_, Err(e))) => error.set(Some(explain(&e))),
        None => {}
    });
    let restore = Action::new(move |id: &i64| {
        let id = *id;
        async move { (id, restore_blocked(id).await) }
    });
    Effect::new(move |_| match restore.value().get() {
        Some((id, Ok(_))) => {
            entries.update(|e| e.retain(|m| m.id != id));
            reload.update(|n| *n += 1);
        }
        Some((_, Err(e))) => error.set(Some(explain(&e))),
        None => {}
    });
    let confirming = RwSignal::new(false);
    let clear = Action::new(move |_: &()| clear_blocked());
    Effect::new(move |_| match clear.value().get() {
        Some(Ok(_)) => {
            confirming.set(false);
            reload.update(|n| *n += 1);
        }
        Some(Err(e)) => error.set(Some(explain(&e))),
        None => {}
    });
    view! {
        <div class="mt-8 flex flex-wrap items-center gap-2">
            <h2 class="text-lg font-semibold">{move || t("Pesan diblokir")}</h2>
            <label class="ml-auto text-sm">
                <span class="sr-only">{move || t("Akun")}</span>
                <select
                    class="min-h-11 rounded-lg border border-slate-300 px-2"
                    data-testid="blocked-account"
                    on:change=move |ev| account.set(event_target_value(&ev))
                >
                    <option value="">{move || t("Semua akun")}</option>
                    <Suspense>
                        {move || {
                            accounts
                                .get()
                                .and_then(Result::ok)
                                .map(|list| {
                                    list.into_iter()
                                        .map(|a| {
                                            view! {
                                                <option value=a.id.clone()>{a.name.clone()}</option>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </Suspense>
                </select>
            </label>
            <button
                type="button"
                class="min-h-11 rounded-lg px-3 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50"
                on:click=move |_| confirming.set(true)
            >
                {move || t("Kosongkan")}
            </button>
        </div>
        <ConfirmBox
            open=confirming
            title=Signal::derive(move || t("Kosongkan log").to_owned())
            message=Signal::derive(move || {
                t("Semua pesan di log akan dihapus permanen. Lanjutkan?").to_owned()
            })
            confirm=Signal::derive(move || t("Ya, kosongkan").to_owned())
            on_confirm=Callback::new(move |()| {
                clear.dispatch(());
            })
        />
        {move || {
            error
                .get()
                .map(|m| {
                    view! {
                        <p role="alert" class="mt-2 rounded bg-red-50 p-3 text-red-800">
                            {m}
                        </p>
                    }
                })
        }}
        <ul
            class="mt-3 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
            data-testid="blocked-log"
        >
            <For each=move || entries.get() key=|m| m.id let:m>
                <li
                    class="flex flex-wrap items-start gap-x-3 gap-y-1 px-3 py-2"
                    data-testid="blocked-entry"
                >
                    <span class="font-medium">{format!("+{}", m.sender_number)}</span>
                    <span class="text-sm text-slate-600">
                        {m.profile_name.clone().unwrap_or_default()}
                    </span>
                    <span class="rounded bg-slate-100 px-1.5 text-xs">{m.account_id.clone()}</span>
                    <span class="ml-auto text-xs text-slate-600">
                        <RelativeTime at=m.received_at />
                    </span>
                    <p class="w-full truncate text-sm text-slate-700">{m.body.clone()}</p>
                    <span class="text-xs text-amber-800">
                        {format!("“{}”", m.matched_keyword)}
                    </span>
                    <button
                        type="button"
                        class="ml-auto min-h-11 rounded-lg px-3 text-sm font-medium text-emerald-800 hover:bg-emerald-50"
                        on:click=move |_| {
                            restore.dispatch(m.id);
                        }
                    >
                        {move || t("Pulihkan ke Inbox")}
                    </button>
                </li>
            </For>
        </ul>
        <Show when=move || entries.with(Vec::is_empty)>
            <p class="mt-2 text-sm text-slate-600">{move || t("Tidak ada pesan yang diblokir.")}</p>
        </Show>
        <Show when=move || cursor.with(Option::is_some)>
            <button
                type="button"
                class="mt-2 min-h-11 rounded-lg px-4 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200"
                on:click=move |_| {
                    load.dispatch((account.get_untracked(), cursor.get_untracked()));
                }
            >
                {move || t("Muat lagi")}
            </button>
        </Show>
    }
}
