//! The lead panel: who owns the lead, since when, whether it was answered, escalation,
//! labels, contact data and notes. A column on a desktop, a drawer below that.

use super::{detail::ThreadDetail, page::InboxCtx};
use crate::domain::EscalationState;
use crate::ui::EraseOnServer;
use crate::ui::RelativeTime;
use leptos::{either::Either, prelude::*};

/// The lead panel of thread `thread_id`.
#[component]
pub fn LeadPanel(
    /// `{accountId}:{contactNumber}` of the thread.
    thread_id: String,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let id = StoredValue::new(thread_id);
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
                    class="ml-auto rounded px-2 text-lg text-slate-600 hover:bg-slate-100 xl:hidden"
                    aria-label=t("Tutup info lead")
                    on:click=move |_| ctx.lead_drawer.set(false)
                >
                    "×"
                </button>
            </div>
            <Transition fallback=move || {
                view! { <p class="p-4 text-sm text-slate-600">{move || t("Memuat…")}</p> }
            }>
                {move || {
                    ctx.chat
                        .lead
                        .get()
                        .flatten()
                        .and_then(|loaded| id.with_value(|id| loaded.of(id)))
                        .map(|r| match r {
                            Ok(d) => Either::Left(view! { <LeadFacts detail=d /> }),
                            Err(e) => {
                                Either::Right(
                                    view! {
                                        <p role="alert" class="p-4 text-sm text-red-700">
                                            {e.to_string()}
                                        </p>
                                    },
                                )
                            }
                        })
                }}
            </Transition>
        </aside>
    }
    .erase_on_server()
}

/// What the lead panel says about a lead's escalation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscalationFact {
    /// Nobody answered in time and nobody could take it over.
    Overdue,
    /// It moved on unanswered this many times.
    Escalated(i32),
    /// Its owner answered (see [`ChatSummary::is_locked`](super::ChatSummary::is_locked)).
    Locked,
    /// Its clock runs, or nobody owns it yet.
    Waiting,
}

/// The escalation fact of a lead in escalation `state` that moved `count` times. An
/// overdue lead says so; a lead handed on and then answered says that it was answered,
/// one handed on and not yet answered how often it moved.
pub fn escalation_fact(state: EscalationState, count: i32, locked: bool) -> EscalationFact {
    match state {
        EscalationState::Overdue => EscalationFact::Overdue,
        EscalationState::None if locked => EscalationFact::Locked,
        EscalationState::None if count > 0 => EscalationFact::Escalated(count),
        EscalationState::None => EscalationFact::Waiting,
    }
}

/// A label and its value.
#[component]
fn Fact(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="py-2">
            <dt class="text-xs font-medium uppercase tracking-wide text-slate-600">{label}</dt>
            <dd class="mt-0.5 text-sm text-slate-900">{children()}</dd>
        </div>
    }
    .erase_on_server()
}

#[component]
fn LeadFacts(detail: ThreadDetail) -> impl IntoView {
    let t = crate::i18n::use_t();
    let s = detail.summary.clone();
    let escalation = match escalation_fact(
        detail.escalation_state,
        detail.escalation_count,
        s.is_locked(),
    ) {
        EscalationFact::Overdue => t("Terlambat dibalas").to_owned(),
        EscalationFact::Escalated(n) => t("Dieskalasi {} kali").replace("{}", &n.to_string()),
        EscalationFact::Locked => t("Terkunci (sudah dibalas)").to_owned(),
        EscalationFact::Waiting => t("Menunggu balasan pertama").to_owned(),
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
                {match assigned_at {
                    Some(at) => Either::Left(view! { <RelativeTime at=at /> }),
                    None => Either::Right("—"),
                }}
            </Fact>
            <Fact label=t(
                "Respons pertama",
            )>
                {match first_response_at {
                    Some(at) => Either::Left(view! { <RelativeTime at=at /> }),
                    None => Either::Right(t("Belum dibalas")),
                }}
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
                <p class="text-xs text-slate-600">{contact_display}</p>
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
    .erase_on_server()
}

#[cfg(test)]
mod tests {
    use super::{EscalationFact::*, escalation_fact};
    use crate::domain::EscalationState::{self, None as Running};

    #[test]
    fn the_panel_names_the_escalation_state() {
        for (state, count, locked, want) in [
            (EscalationState::Overdue, 3, false, Overdue),
            (EscalationState::Overdue, 0, true, Overdue),
            (Running, 0, true, Locked),
            (Running, 2, true, Locked),
            (Running, 2, false, Escalated(2)),
            (Running, 0, false, Waiting),
        ] {
            assert_eq!(
                escalation_fact(state, count, locked),
                want,
                "{state} {count} {locked}"
            );
        }
    }
}
