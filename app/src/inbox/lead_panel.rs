//! The lead panel: who owns the lead, since when, whether it was answered, escalation,
//! labels, contact data and notes. A column on a desktop, a drawer below that.

use super::{detail::ThreadDetail, load_thread, page::InboxCtx};
use crate::ui::RelativeTime;
use leptos::prelude::*;

/// The lead panel of thread `thread_id`.
#[component]
pub fn LeadPanel(thread_id: String) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let id = StoredValue::new(thread_id);
    let detail = Resource::new(
        move || {
            (
                id.get_value(),
                ctx.version.get(),
                ctx.list_version.get(),
                ctx.live.lead_tick.get(),
            )
        },
        |(id, ..)| load_thread(id),
    );
    view! {
        <aside
            aria-label=t("Info lead")
            data-testid="lead-panel"
            class=move || {
                format!(
                    "w-80 shrink-0 overflow-y-auto border-l border-slate-200 bg-white {}",
                    if ctx.lead_drawer.get() {
                        "fixed inset-y-0 right-0 z-30 block max-w-full shadow-xl xl:static xl:shadow-none"
                    } else {
                        "hidden xl:block"
                    },
                )
            }
        >
            <div class="flex items-center border-b border-slate-200 px-4 py-3">
                <h2 class="text-sm font-semibold text-slate-700">{move || t("Info Lead")}</h2>
                <button
                    type="button"
                    class="ml-auto rounded px-2 text-lg text-slate-500 hover:bg-slate-100 xl:hidden"
                    aria-label=t("Tutup info lead")
                    on:click=move |_| ctx.lead_drawer.set(false)
                >
                    "×"
                </button>
            </div>
            <Transition fallback=move || {
                view! { <p class="p-4 text-sm text-slate-500">{move || t("Memuat…")}</p> }
            }>
                {move || {
                    detail
                        .get()
                        .map(|r| match r {
                            Ok(d) => view! { <LeadFacts detail=d /> }.into_any(),
                            Err(e) => {
                                view! {
                                    <p role="alert" class="p-4 text-sm text-red-700">
                                        {e.to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        </aside>
    }
    .into_any()
}

/// A label and its value.
#[component]
fn Fact(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="py-2">
            <dt class="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
            <dd class="mt-0.5 text-sm text-slate-900">{children()}</dd>
        </div>
    }
    .into_any()
}

#[component]
fn LeadFacts(detail: ThreadDetail) -> impl IntoView {
    let t = crate::i18n::use_t();
    let s = detail.summary.clone();
    let escalation = match detail.escalation_state.as_str() {
        "overdue" => t("Terlambat dibalas").to_owned(),
        "escalated" => t("Dieskalasi {} kali").replace("{}", &detail.escalation_count.to_string()),
        _ if s.first_response_at.is_some() => t("Terkunci (sudah dibalas)").to_owned(),
        _ if detail.escalation_count > 0 => {
            t("Dieskalasi {} kali").replace("{}", &detail.escalation_count.to_string())
        }
        _ => t("Menunggu balasan pertama").to_owned(),
    };
    let labels = detail.labels.clone();
    let has_labels = !labels.is_empty();
    let owner = s
        .owner_name
        .clone()
        .unwrap_or_else(|| t("Belum ditugaskan").into());
    let (assigned_at, first_response_at) = (s.assigned_at, s.first_response_at);
    let (contact_title, contact_display) = (s.title().to_owned(), s.contact_display.clone());
    view! {
        <dl class="divide-y divide-slate-100 px-4">
            <Fact label=t("Pemilik")>
                <span data-testid="lead-owner">{owner}</span>
            </Fact>
            <Fact label=t(
                "Ditugaskan",
            )>
                {assigned_at
                    .map(|at| view! { <RelativeTime at=at /> }.into_any())
                    .unwrap_or_else(|| "—".into_any())}
            </Fact>
            <Fact label=t(
                "Respons pertama",
            )>
                {first_response_at
                    .map(|at| view! { <RelativeTime at=at /> }.into_any())
                    .unwrap_or_else(|| t("Belum dibalas").into_any())}
            </Fact>
            <Fact label=t("Eskalasi")>
                <span data-testid="lead-escalation">{escalation}</span>
            </Fact>
            <Fact label=t("Label")>
                <Show when=move || has_labels fallback=move || t("Tidak ada label")>
                    <span class="flex flex-wrap gap-1">
                        {labels
                            .iter()
                            .map(|l| {
                                view! {
                                    <span
                                        class="rounded-full px-2 py-0.5 text-xs font-medium text-white"
                                        style=format!("background-color:{}", l.color)
                                    >
                                        {l.name.clone()}
                                    </span>
                                }
                            })
                            .collect_view()}
                    </span>
                </Show>
            </Fact>
            <Fact label=t("Kontak")>
                <p>{contact_title}</p>
                <p class="text-xs text-slate-500">{contact_display}</p>
            </Fact>
            <Fact label=t(
                "Catatan",
            )>
                {detail
                    .notes
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| "—".into())}
            </Fact>
        </dl>
    }
    .into_any()
}
