//! `/admin/analytics` (admins): the dashboard. A range (today, 7 days, 30 days or two
//! dates) and accounts; totals, charts drawn as SVG, the per-account per-day table and
//! its CSV, and the agents. Days are the business's, in its time zone.

use super::shell::{AdminShell, Section};
use crate::{
    accounts::AccountView,
    analytics::{
        AnalyticsReport, Counts,
        chart::{BarChart, Series},
        server_fns::load_analytics,
        stats::human_seconds,
    },
    auth::{CurrentUser, whoami},
    error::AppError,
    inbox::inbox_accounts,
    ui::{AccountBadge, ErrorPanel},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The range and accounts chosen.
#[derive(Debug, Clone, PartialEq)]
struct Query {
    /// `Some(n)`: the last n days; `None`: `from`..=`to`.
    last_days: Option<i64>,
    from: String,
    to: String,
    accounts: Vec<String>,
}

impl Query {
    /// `/api/analytics?…&format=csv` for the same numbers.
    fn csv_href(&self, report: &AnalyticsReport) -> String {
        let mut href = format!(
            "/api/analytics?from={}&to={}&format=csv",
            report.from, report.to
        );
        if !self.accounts.is_empty() {
            href.push_str("&accounts=");
            href.push_str(&crate::query::percent_encode(
                &self.accounts.join(","),
                b",",
            ));
        }
        href
    }
}

/// The page's data, loaded with its code.
pub struct AnalyticsRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    accounts: Resource<Result<Vec<AccountView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for AnalyticsRoute {
    fn data() -> Self {
        Self {
            me: Resource::new(|| (), |_| whoami()),
            accounts: Resource::new(|| (), |_| inbox_accounts()),
        }
    }

    fn view(this: Self) -> AnyView {
        let AnalyticsRoute { me, accounts } = this;
        view! {
            <AdminShell section=Section::Analytics me>
                <Dashboard accounts />
            </AdminShell>
        }
        .into_any()
    }
}

const PRESETS: [(&str, i64); 3] = [("Hari ini", 1), ("7 hari", 7), ("30 hari", 30)];

#[component]
fn Dashboard(accounts: Resource<Result<Vec<AccountView>, AppError>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let query = RwSignal::new(Query {
        last_days: Some(7),
        from: String::new(),
        to: String::new(),
        accounts: Vec::new(),
    });
    let report = Resource::new(
        move || query.get(),
        |q| async move {
            match q.last_days {
                Some(n) => load_analytics(None, None, Some(n), q.accounts).await,
                None => load_analytics(Some(q.from), Some(q.to), None, q.accounts).await,
            }
        },
    );
    let custom = RwSignal::new(false);
    let button = "min-h-11 rounded-lg px-3 text-sm font-medium ring-1 ring-slate-300 aria-pressed:bg-emerald-700 aria-pressed:text-white";
    view! {
        <h1 class="text-2xl font-bold">{move || t("Analitik")}</h1>
        <div class="mt-3 flex flex-wrap items-end gap-2" data-testid="range">
            {PRESETS
                .iter()
                .map(|&(label, n)| {
                    view! {
                        <button
                            type="button"
                            class=button
                            aria-pressed=move || {
                                (!custom.get() && query.with(|q| q.last_days == Some(n)))
                                    .to_string()
                            }
                            on:click=move |_| {
                                custom.set(false);
                                query.update(|q| q.last_days = Some(n));
                            }
                        >
                            {move || t(label)}
                        </button>
                    }
                })
                .collect_view()}
            <button
                type="button"
                class=button
                aria-pressed=move || custom.get().to_string()
                on:click=move |_| custom.set(true)
            >
                {move || t("Pilih tanggal")}
            </button>
            <Show when=move || custom.get()>
                <CustomRange query />
            </Show>
        </div>
        <Suspense fallback=|| ()>
            {move || {
                accounts
                    .get()
                    .and_then(Result::ok)
                    .map(|list| view! { <AccountChoice list query /> })
            }}
        </Suspense>
        <Transition fallback=|| {
            view! { <p class="mt-4 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                report
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(r) => {
                            let href = query.with_untracked(|q| q.csv_href(&r));
                            view! { <Report report=r csv=href /> }.into_any()
                        }
                    })
            }}
        </Transition>
    }
}

/// Two dates.
#[component]
fn CustomRange(query: RwSignal<Query>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let apply = move || {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        if !f.is_empty() && !t.is_empty() {
            query.update(|q| {
                q.last_days = None;
                q.from = f;
                q.to = t;
            });
        }
    };
    view! {
        <label class="text-sm">
            {move || t("Dari")}
            <input
                type="date"
                name="from"
                class="ml-1 min-h-11 rounded-lg border border-slate-300 px-2"
                on:change=move |ev| {
                    from.set(event_target_value(&ev));
                    apply();
                }
            />
        </label>
        <label class="text-sm">
            {move || t("Hingga")}
            <input
                type="date"
                name="to"
                class="ml-1 min-h-11 rounded-lg border border-slate-300 px-2"
                on:change=move |ev| {
                    to.set(event_target_value(&ev));
                    apply();
                }
            />
        </label>
    }
}

/// Which accounts count (none ticked = all).
#[component]
fn AccountChoice(list: Vec<AccountView>, query: RwSignal<Query>) -> impl IntoView {
    view! {
        <fieldset class="mt-2 flex flex-wrap items-center gap-3" data-testid="analytics-accounts">
            {list
                .into_iter()
                .map(|a| {
                    let id = a.id.clone();
                    let on = {
                        let id = id.clone();
                        move || query.with(|q| q.accounts.contains(&id))
                    };
                    view! {
                        <label class="flex min-h-11 items-center gap-1.5 text-sm">
                            <input
                                type="checkbox"
                                class="size-5"
                                prop:checked=on
                                on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    let id = id.clone();
                                    query
                                        .update(|q| {
                                            q.accounts.retain(|a| *a != id);
                                            if checked {
                                                q.accounts.push(id);
                                            }
                                        });
                                }
                            />
                            <AccountBadge account_id=a.id.clone() name=a.name.clone() />
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

fn seconds_text(v: Option<i64>) -> String {
    v.map_or_else(|| "—".to_owned(), human_seconds)
}

/// The totals, charts and tables of one report.
#[component]
fn Report(report: AnalyticsReport, csv: String) -> impl IntoView {
    let t = crate::i18n::use_t();
    let c: Counts = report.totals.clone();
    let cards = [
        ("Pesan masuk", c.received.to_string(), "received"),
        ("Dibalas", c.replied.to_string(), "replied"),
        ("Diblokir", c.blocked.to_string(), "blocked"),
        ("Lead baru", c.new_leads.to_string(), "new-leads"),
        ("Eskalasi", c.escalations.to_string(), "escalations"),
        (
            "Median respons pertama",
            seconds_text(c.median_first_response_seconds),
            "median",
        ),
        (
            "p90 respons pertama",
            seconds_text(c.p90_first_response_seconds),
            "p90",
        ),
    ];
    let labels: Vec<String> = report
        .per_day
        .iter()
        .map(|d| d.day.format("%d/%m").to_string())
        .collect();
    let pick = |f: fn(&Counts) -> i64| {
        report
            .per_day
            .iter()
            .map(|d| f(&d.counts))
            .collect::<Vec<_>>()
    };
    let messages = vec![
        Series {
            name: t("Pesan masuk").into(),
            color: "#0891b2",
            values: pick(|c| c.received),
        },
        Series {
            name: t("Dibalas").into(),
            color: "#059669",
            values: pick(|c| c.replied),
        },
    ];
    let leads = vec![
        Series {
            name: t("Lead baru").into(),
            color: "#7c3aed",
            values: pick(|c| c.new_leads),
        },
        Series {
            name: t("Eskalasi").into(),
            color: "#dc2626",
            values: pick(|c| c.escalations),
        },
    ];
    let response = vec![Series {
        name: t("Median respons pertama").into(),
        color: "#d97706",
        values: pick(|c| c.median_first_response_seconds.unwrap_or(0)),
    }];
    let cell = "px-3 py-1.5 text-right tabular-nums";
    view! {
        <p class="mt-3 text-sm text-slate-600" data-testid="analytics-range">
            {format!("{} – {} ({})", report.from, report.to, report.time_zone)}
        </p>
        <dl class="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7" data-testid="totals">
            {cards
                .into_iter()
                .map(|(label, value, id)| {
                    view! {
                        <div class="rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
                            <dt class="text-xs text-slate-600">{move || t(label)}</dt>
                            <dd
                                class="text-xl font-semibold tabular-nums"
                                data-testid=format!("total-{id}")
                            >
                                {value}
                            </dd>
                        </div>
                    }
                })
                .collect_view()}
        </dl>
        <div class="mt-3 grid gap-3 lg:grid-cols-2">
            <BarChart title=t("Pesan per hari").to_owned() labels=labels.clone() series=messages />
            <BarChart
                title=t("Lead dan eskalasi per hari").to_owned()
                labels=labels.clone()
                series=leads
            />
            <BarChart
                title=t("Median respons pertama per hari").to_owned()
                labels
                series=response
                format=human_seconds
            />
        </div>
        <div class="mt-4 flex items-center gap-3">
            <h2 class="font-semibold">{move || t("Per akun per hari")}</h2>
            <a
                href=csv
                download="serambi-analytics.csv"
                class="min-h-11 content-center rounded-lg px-3 text-sm font-medium ring-1 ring-slate-300 hover:bg-slate-100"
                data-testid="csv"
            >
                {move || t("Unduh CSV")}
            </a>
        </div>
        <div
            class="mt-2 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
            tabindex="0"
            role="region"
            aria-label=move || t("Per akun per hari")
        >
            <table class="w-full text-sm" data-testid="analytics-table">
                <thead class="bg-slate-50 text-xs text-slate-600">
                    <tr>
                        <th class="px-3 py-2 text-left">{move || t("Hari")}</th>
                        <th class="px-3 py-2 text-left">{move || t("Akun")}</th>
                        <th class=cell>{move || t("Pesan masuk")}</th>
                        <th class=cell>{move || t("Dibalas")}</th>
                        <th class=cell>{move || t("Diblokir")}</th>
                        <th class=cell>{move || t("Lead baru")}</th>
                        <th class=cell>{move || t("Eskalasi")}</th>
                        <th class=cell>{move || t("Median")}</th>
                        <th class=cell>"p90"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {report
                        .rows
                        .iter()
                        .map(|r| {
                            let c = &r.counts;
                            view! {
                                <tr data-testid="analytics-row">
                                    <td class="whitespace-nowrap px-3 py-1.5">
                                        {r.day.to_string()}
                                    </td>
                                    <td class="px-3 py-1.5">{r.account_name.clone()}</td>
                                    <td class=cell>{c.received}</td>
                                    <td class=cell>{c.replied}</td>
                                    <td class=cell>{c.blocked}</td>
                                    <td class=cell>{c.new_leads}</td>
                                    <td class=cell>{c.escalations}</td>
                                    <td class=cell>
                                        {seconds_text(c.median_first_response_seconds)}
                                    </td>
                                    <td class=cell>{seconds_text(c.p90_first_response_seconds)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <h2 class="mt-4 font-semibold">{move || t("Per agen")}</h2>
        <div
            class="mt-2 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
            tabindex="0"
            role="region"
            aria-label=move || t("Per agen")
        >
            <table class="w-full text-sm" data-testid="agents-table">
                <thead class="bg-slate-50 text-xs text-slate-600">
                    <tr>
                        <th class="px-3 py-2 text-left">{move || t("Agen")}</th>
                        <th class=cell>{move || t("Lead ditangani")}</th>
                        <th class=cell>{move || t("Median respons pertama")}</th>
                        <th class=cell>{move || t("Dieskalasi dari mereka")}</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {report
                        .agents
                        .iter()
                        .map(|a| {
                            view! {
                                <tr data-testid="agent-stats">
                                    <td class="px-3 py-1.5">{a.name.clone()}</td>
                                    <td class=cell>{a.leads_handled}</td>
                                    <td class=cell>
                                        {seconds_text(a.median_first_response_seconds)}
                                    </td>
                                    <td class=cell>{a.escalations_away}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
