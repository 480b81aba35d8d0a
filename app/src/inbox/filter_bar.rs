//! The filters above the chat list: accounts (with All and Clear), unread only, whose
//! threads (admins) and search. Every change is a URL change.
//!
//! On a phone or tablet only the search stays in view: the rest folds behind one
//! "Filter" button that counts what is chosen and opens them as a sheet, so the first
//! chat starts near the top of the screen.

use super::{OwnerFilter, filters::InboxFilters, page::InboxCtx};
use crate::ui::EraseOnServer;
use crate::ui::{AccountBadge, focus_first, trap_focus};
use leptos::{html, prelude::*};

/// The filters as an open sheet below `lg`; at `lg` and up the same element sits in
/// the panel as before, whatever the sheet's state.
const SHEET: &str = "fixed inset-x-0 bottom-0 z-50 max-h-[85dvh] space-y-3 overflow-y-auto \
    rounded-t-2xl bg-white p-4 shadow-xl lg:static lg:z-auto lg:max-h-none lg:space-y-2 \
    lg:mt-2 lg:overflow-visible lg:rounded-none lg:p-0 lg:shadow-none";

/// The filter bar.
#[component]
pub fn FilterBar() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let go = ctx.navigator();
    let is_admin = ctx.user.with_value(|u| u.is_admin());

    let set = {
        let go = go.clone();
        move |change: &dyn Fn(&mut InboxFilters), replace: bool| {
            let mut f = ctx.filters.get_untracked();
            change(&mut f);
            // A filter change closes nothing but starts the list from the top.
            go(f, replace);
        }
    };

    let account_boxes = {
        let set = set.clone();
        move || {
            let list = ctx.accounts.get().and_then(Result::ok).unwrap_or_default();
            let all: Vec<String> = list.iter().map(|a| a.id.clone()).collect();
            list.into_iter()
                .map(|a| {
                    let id = a.id.clone();
                    let all = all.clone();
                    let set = set.clone();
                    let checked = {
                        let id = id.clone();
                        move || ctx.filters.with(|f| f.shows_account(&id))
                    };
                    view! {
                        <label class="flex cursor-pointer items-center gap-1.5 rounded-full border border-slate-200 py-0.5 pl-1.5 pr-1 text-sm hover:bg-slate-50">
                            <input
                                type="checkbox"
                                class="h-4 w-4 accent-emerald-700"
                                data-testid="account-filter"
                                value=id.clone()
                                aria-label=format!("{} {}", t("Tampilkan akun"), a.name)
                                prop:checked=checked
                                on:change=move |_| {
                                    set(&|f| f.toggle_account(&id, &all), false);
                                }
                            />
                            <AccountBadge account_id=a.id.clone() name=a.name.clone() />
                        </label>
                    }
                })
                .collect_view()
        }
    };

    let label_chips = {
        let set = set.clone();
        move || {
            let list = ctx.labels.get().and_then(Result::ok).unwrap_or_default();
            list.into_iter()
                .map(|l| {
                    let id = l.id;
                    let set = set.clone();
                    let on = move || ctx.filters.with(|f| f.labels.contains(&id));
                    let style = format!(
                        "--label:{};--label-text:{}",
                        l.color,
                        crate::labels::text_on(&l.color),
                    );
                    view! {
                        <button
                            type="button"
                            data-testid="label-filter"
                            class="label-chip rounded-full border px-2 py-0.5 text-xs font-medium"
                            style=style
                            aria-pressed=move || on().to_string()
                            on:click=move |_| set(&|f| f.toggle_label(id), false)
                        >
                            {l.name}
                        </button>
                    }
                })
                .collect_view()
        }
    };

    let every = move || ctx.filters.with(|f| f.accounts.is_empty());
    let set_all = set.clone();
    let set_unread = set.clone();
    let set_owner = set.clone();
    let set_q = set.clone();
    let set_none = set.clone();

    // The sheet (phone and tablet): open or not, and where focus goes back to.
    let open = RwSignal::new(false);
    let toggle = NodeRef::<html::Button>::new();
    let panel = NodeRef::<html::Div>::new();
    let close = move || {
        open.set(false);
        if let Some(button) = toggle.get_untracked() {
            let _ = button.focus();
        }
    };
    Effect::new(move |_| {
        if open.get()
            && let Some(panel) = panel.get_untracked()
        {
            focus_first(&panel);
        }
    });
    let count = move || ctx.filters.with(InboxFilters::active_count);
    view! {
        <div class="border-b border-slate-200 p-3" data-testid="filter-bar">
            <div class="flex items-center gap-2">
                <input
                    id="inbox-search"
                    type="search"
                    maxlength=super::SEARCH_MAX_CHARS
                    placeholder=move || t("Cari nama, nomor, atau pesan…  ( / )")
                    aria-label=move || t("Cari percakapan")
                    class="min-h-11 w-full min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-1.5 text-sm lg:min-h-0"
                    value=ctx.filters.with_untracked(|f| f.q.clone())
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        set_q(&|f| f.q = q.trim().to_owned(), true);
                    }
                />
                <button
                    type="button"
                    node_ref=toggle
                    class=move || {
                        format!(
                            "min-h-11 shrink-0 rounded-lg border px-3 text-sm font-medium lg:hidden {}",
                            if count() > 0 {
                                "border-emerald-700 bg-emerald-50 text-emerald-900"
                            } else {
                                "border-slate-300 text-slate-700"
                            },
                        )
                    }
                    data-testid="filter-toggle"
                    aria-haspopup="dialog"
                    aria-controls="inbox-filters"
                    aria-expanded=move || open.get().to_string()
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    {move || match count() {
                        0 => t("Filter").to_string(),
                        n => format!("{} · {n}", t("Filter")),
                    }}
                </button>
            </div>
            <Show when=move || open.get()>
                <div
                    class="fixed inset-0 z-40 bg-black/40 lg:hidden"
                    aria-hidden="true"
                    on:click=move |_| close()
                ></div>
            </Show>
            <div
                id="inbox-filters"
                node_ref=panel
                data-testid="filter-panel"
                class=move || if open.get() { SHEET } else { "hidden space-y-2 lg:mt-2 lg:block" }
                role=move || open.get().then_some("dialog")
                aria-modal=move || open.get().then_some("true")
                aria-labelledby=move || open.get().then_some("filter-sheet-title")
                on:keydown=move |ev| {
                    if !open.get_untracked() {
                        return;
                    }
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        close();
                    } else if let Some(panel) = panel.get_untracked() {
                        trap_focus(&ev, &panel);
                    }
                }
            >
                <div class="flex items-center lg:hidden">
                    <h2 id="filter-sheet-title" class="text-lg font-semibold">
                        {move || t("Filter")}
                    </h2>
                    <button
                        type="button"
                        class="ml-auto min-h-11 min-w-11 rounded-lg text-xl text-slate-600 hover:bg-slate-100"
                        aria-label=move || t("Tutup")
                        on:click=move |_| close()
                    >
                        "×"
                    </button>
                </div>
                <fieldset class="flex flex-wrap items-center gap-1.5">
                    <legend class="sr-only">{t("Akun WhatsApp")}</legend>
                    <button
                        type="button"
                        class=move || {
                            format!(
                                "rounded-full px-2.5 py-0.5 text-sm font-medium {}",
                                if every() {
                                    "bg-emerald-700 text-white"
                                } else {
                                    "bg-slate-100 text-slate-700 hover:bg-slate-200"
                                },
                            )
                        }
                        aria-pressed=move || every().to_string()
                        on:click={
                            let set_all = set_all.clone();
                            move |_| set_all(&|f| f.accounts.clear(), false)
                        }
                    >
                        {move || t("Semua")}
                    </button>
                    // Inside Suspense, so the server waits for the accounts and the page
                    // hydrates with the same boxes it was rendered with.
                    <Suspense fallback=move || ()>{account_boxes}</Suspense>
                    <button
                        type="button"
                        class="rounded-full px-2 py-0.5 text-sm text-slate-600 underline-offset-2 hover:underline"
                        aria-label=move || t("Bersihkan pilihan akun")
                        on:click=move |_| set_all(&|f| f.accounts.clear(), false)
                    >
                        {move || t("Bersihkan")}
                    </button>
                </fieldset>
                <div
                    class="flex flex-wrap items-center gap-1.5"
                    role="group"
                    aria-label=move || t("Saring menurut label")
                >
                    <Suspense fallback=move || ()>{label_chips}</Suspense>
                </div>
                <div class="flex flex-wrap items-center gap-3 text-sm">
                    <label class="flex items-center gap-1.5">
                        <input
                            type="checkbox"
                            class="h-4 w-4 accent-emerald-700"
                            data-testid="unread-filter"
                            prop:checked=move || ctx.filters.with(|f| f.unread)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                set_unread(&|f| f.unread = on, false);
                            }
                        />
                        {move || t("Belum dibaca")}
                    </label>
                    <Show when=move || is_admin>
                        <label class="flex items-center gap-1.5">
                            <span class="sr-only">{move || t("Pemilik")}</span>
                            <select
                                class="rounded border border-slate-300 px-1.5 py-0.5"
                                aria-label=t("Pemilik percakapan")
                                data-testid="owner-filter"
                                on:change={
                                    let set_owner = set_owner.clone();
                                    move |ev| {
                                        let owner = event_target_value(&ev)
                                            .parse()
                                            .unwrap_or_default();
                                        set_owner(&|f| f.owner = owner, false);
                                    }
                                }
                            >
                                {[
                                    (OwnerFilter::All, "Semua pemilik"),
                                    (OwnerFilter::Mine, "Milik saya"),
                                    (OwnerFilter::Unassigned, "Belum ditugaskan"),
                                ]
                                    .into_iter()
                                    .map(|(owner, label)| {
                                        view! {
                                            <option
                                                value=owner.as_query()
                                                selected=move || ctx.filters.with(|f| f.owner == owner)
                                            >
                                                {move || t(label)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    </Show>
                </div>
                <div class="flex gap-2 pt-1 lg:hidden">
                    <button
                        type="button"
                        class="min-h-11 flex-1 rounded-lg border border-slate-300 px-3 text-sm font-medium text-slate-700"
                        on:click=move |_| { set_none(&InboxFilters::clear_filters, false) }
                    >
                        {move || t("Hapus semua filter")}
                    </button>
                    <button
                        type="button"
                        class="min-h-11 flex-1 rounded-lg bg-emerald-700 px-3 text-sm font-semibold text-white"
                        on:click=move |_| close()
                    >
                        {move || t("Tampilkan")}
                    </button>
                </div>
            </div>
        </div>
    }
    .erase_on_server()
}
