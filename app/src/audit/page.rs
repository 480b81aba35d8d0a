//! `/admin/audit` (admins): the audit trail, newest first, filtered by person and by
//! kind, a page at a time.

use super::{AuditEntry, AuditQuery, server_fns::load_audit};
use crate::{
    admin::shell::{AdminShell, Section},
    agents::{AgentView, server_fns::load_team},
    auth::{CurrentUser, whoami},
    domain::audit::AuditKind,
    error::AppError,
    ui::{RelativeTime, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct AuditRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    team: Resource<Result<Vec<AgentView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for AuditRoute {
    fn data() -> Self {
        Self {
            me: Resource::new(|| (), |_| whoami()),
            team: Resource::new(|| (), |_| load_team()),
        }
    }

    fn view(this: Self) -> AnyView {
        let AuditRoute { me, team } = this;
        view! {
            <AdminShell section=Section::Audit me>
                <Trail team />
            </AdminShell>
        }
        .into_any()
    }
}

/// A value of the trail as one short line of JSON (strings without their quotes).
pub fn shown(value: Option<&serde_json::Value>) -> String {
    match value {
        None | Some(serde_json::Value::Null) => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The filters and the list.
#[component]
fn Trail(team: Resource<Result<Vec<AgentView>, AppError>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let actor = RwSignal::new(None::<i64>);
    let kind = RwSignal::new(None::<AuditKind>);
    let items = RwSignal::new(Vec::<AuditEntry>::new());
    let cursor = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let load = Action::new(move |query: &AuditQuery| {
        let query = query.clone();
        async move { (query.cursor.is_some(), load_audit(query).await) }
    });
    let query = move |cursor: Option<String>| AuditQuery {
        actor: actor.get_untracked(),
        kind: kind.get_untracked(),
        cursor,
        limit: None,
    };
    // A new filter starts from the newest change.
    Effect::new(move |_| {
        actor.track();
        kind.track();
        load.dispatch(query(None));
    });
    Effect::new(move |_| match load.value().get() {
        Some((more, Ok(page))) => {
            error.set(None);
            cursor.set(page.next_cursor);
            if more {
                items.update(|i| i.extend(page.items));
            } else {
                items.set(page.items);
            }
        }
        Some((_, Err(e))) => error.set(Some(explain(&e))),
        None => {}
    });
    let people = move || team.get().and_then(Result::ok).unwrap_or_default();
    view! {
        <h1 class="text-2xl font-bold">{move || t("Jejak audit")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Setiap perubahan oleh admin: siapa, kapan, apa, sebelum → sesudah. Rahasia hanya ditandai \"(diubah)\".",
            )}
        </p>
        <div class="mt-4 flex flex-wrap items-end gap-3">
            <label class="flex flex-col text-sm">
                <span class="font-medium">{move || t("Orang")}</span>
                <select
                    data-testid="audit-actor"
                    class="min-h-11 rounded-lg border border-slate-300 bg-white px-2 lg:min-h-9"
                    on:change=move |ev| actor.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">{move || t("Semua orang")}</option>
                    <For each=people key=|a| a.id let:a>
                        <option value=a.id.to_string()>{a.name}</option>
                    </For>
                </select>
            </label>
            <label class="flex flex-col text-sm">
                <span class="font-medium">{move || t("Jenis")}</span>
                <select
                    data-testid="audit-kind"
                    class="min-h-11 rounded-lg border border-slate-300 bg-white px-2 lg:min-h-9"
                    on:change=move |ev| kind.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">{move || t("Semua jenis")}</option>
                    {AuditKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str()>{move || t(k.label())}</option> })
                        .collect_view()}
                </select>
            </label>
        </div>
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
        <ul
            data-testid="audit-list"
            class="mt-4 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
        >
            <For each=move || items.get() key=|e| e.id let:e>
                <Row e />
            </For>
        </ul>
        <Show when=move || items.with(Vec::is_empty) && !load.pending().get()>
            <p class="mt-2 text-sm text-slate-600">{move || t("Belum ada perubahan.")}</p>
        </Show>
        <Show when=move || cursor.with(Option::is_some)>
            <button
                type="button"
                class="mt-2 min-h-11 rounded-lg px-4 text-sm font-medium text-emerald-800 ring-1 ring-emerald-200"
                on:click=move |_| {
                    load.dispatch(query(cursor.get_untracked()));
                }
            >
                {move || t("Muat lagi")}
            </button>
        </Show>
    }
}

/// One change: who and when, what, and before → after.
#[component]
fn Row(e: AuditEntry) -> impl IntoView {
    let t = crate::i18n::use_t();
    let (kind, action) = (e.kind, e.action);
    let target = e.target.clone().map(|t| format!(" · {t}"));
    let before = shown(e.before.as_ref());
    let after = shown(e.after.as_ref());
    view! {
        <li class="flex flex-col gap-1 p-3 text-sm" data-testid="audit-row">
            <div class="flex flex-wrap items-baseline gap-x-2">
                <span class="font-semibold">{e.actor_name}</span>
                <span class="text-slate-600">
                    <RelativeTime at=e.created_at />
                </span>
            </div>
            <div>
                <span class="font-medium">{move || t(kind.label())}</span>
                {target}
                " "
                <span class="text-slate-700">{move || t(action.label())}</span>
            </div>
            <div class="break-all font-mono text-xs text-slate-700">
                <span data-testid="audit-before">{before}</span>
                " → "
                <span data-testid="audit-after">{after}</span>
            </div>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_short_json() {
        assert_eq!(shown(None), "—");
        assert_eq!(shown(Some(&json!(null))), "—");
        assert_eq!(shown(Some(&json!("VIP"))), "VIP");
        assert_eq!(shown(Some(&json!(300))), "300");
        assert_eq!(
            shown(Some(&json!({ "name": "VIP", "color": "#dc2626" }))),
            r##"{"color":"#dc2626","name":"VIP"}"##
        );
    }
}
