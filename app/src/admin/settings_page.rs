//! `/admin/settings` (admins): the escalation rule with working hours, display, the
//! spam filter's options, and the audit trail of every change (who, when, before and
//! after).

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    domain::working_hours::{BusinessZone, DayHours, WorkingHours, weekday_name},
    error::AppError,
    settings::{
        AuditEntry, DisplayPatch, EscalationPatch, SettingsPage, SettingsPatch, SpamPatch,
        server_fns::{load_settings, save_settings},
    },
    ui::{ErrorPanel, RelativeTime, explain},
};
use chrono::NaiveTime;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct SettingsRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    page: Resource<Result<SettingsPage, AppError>>,
}

#[lazy_route]
impl LazyRoute for SettingsRoute {
    fn data() -> Self {
        Self {
            me: Resource::new(|| (), |_| whoami()),
            page: Resource::new(|| (), |_| load_settings()),
        }
    }

    fn view(this: Self) -> AnyView {
        let SettingsRoute { me, page } = this;
        view! {
            <AdminShell section=Section::Settings me>
                <Suspense fallback=|| {
                    view! { <p class="text-slate-600">"Memuat…"</p> }
                }>
                    {move || {
                        page.get()
                            .map(|r| match r {
                                Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                                Ok(p) => view! { <SettingsForm start=p /> }.into_any(),
                            })
                    }}
                </Suspense>
            </AdminShell>
        }
        .into_any()
    }
}

/// `HH:MM` for a time input.
fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Reads a time input's `HH:MM`.
fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// Minutes as the timeout field shows them (`5`, `0.5`).
fn minutes_text(seconds: i64) -> String {
    if seconds % 60 == 0 {
        (seconds / 60).to_string()
    } else {
        format!("{:.1}", seconds as f64 / 60.0)
    }
}

/// One weekday's row: open or closed, and the hours.
#[derive(Clone, Copy)]
struct DayFields {
    open_day: RwSignal<bool>,
    opens: RwSignal<String>,
    closes: RwSignal<String>,
}

#[component]
fn SettingsForm(start: SettingsPage) -> impl IntoView {
    let t = crate::i18n::use_t();
    let s = start.settings;
    let timeout = RwSignal::new(minutes_text(s.escalation.timeout_seconds));
    let max_moves = RwSignal::new(s.escalation.max_escalations.to_string());
    let hours = s.escalation.working_hours;
    let hours_on = RwSignal::new(hours.enabled);
    let zone = RwSignal::new(hours.time_zone);
    let defaults = WorkingHours::default();
    let days: Vec<DayFields> = (0..7)
        .map(|i| {
            let shown = hours.days[i].or(defaults.days[i]).or(defaults.days[0]);
            DayFields {
                open_day: RwSignal::new(hours.days[i].is_some()),
                opens: RwSignal::new(shown.map(|d| hhmm(d.open)).unwrap_or_default()),
                closes: RwSignal::new(shown.map(|d| hhmm(d.close)).unwrap_or_default()),
            }
        })
        .collect();
    let days = StoredValue::new(days);
    let language = RwSignal::new(s.display.default_language.clone());
    let show_auto = RwSignal::new(s.display.show_auto_replies);
    let case_insensitive = RwSignal::new(s.spam_filter.case_insensitive);
    let partial = RwSignal::new(s.spam_filter.partial_match);
    let audit = RwSignal::new(start.audit);
    let status = RwSignal::new(None::<Result<(), String>>);
    let save = Action::new(move |p: &SettingsPatch| {
        let p = p.clone();
        async move { save_settings(p).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            status.set(Some(match r {
                Ok(page) => {
                    audit.set(page.audit);
                    Ok(())
                }
                Err(e) => Err(explain(&e)),
            }));
        }
    });
    let patch = move || -> Result<SettingsPatch, String> {
        let minutes: f64 = timeout
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse()
            .map_err(|_| t("Batas waktu harus berupa angka menit.").to_owned())?;
        let max: i32 = max_moves
            .get_untracked()
            .trim()
            .parse()
            .map_err(|_| t("Batas pindah harus berupa angka.").to_owned())?;
        let mut week = [None; 7];
        for (i, d) in days.get_value().iter().enumerate() {
            if d.open_day.get_untracked() {
                let (Some(open), Some(close)) = (
                    parse_hhmm(&d.opens.get_untracked()),
                    parse_hhmm(&d.closes.get_untracked()),
                ) else {
                    return Err(format!("{}: {}", weekday_name(i), t("jam tidak lengkap")));
                };
                week[i] = Some(DayHours { open, close });
            }
        }
        let hours = WorkingHours {
            enabled: hours_on.get_untracked(),
            time_zone: zone.get_untracked(),
            days: week,
        };
        hours.check()?;
        Ok(SettingsPatch {
            escalation: Some(EscalationPatch {
                timeout_seconds: Some((minutes * 60.0).round() as i64),
                max_escalations: Some(max),
                working_hours: Some(hours),
            }),
            display: Some(DisplayPatch {
                default_language: Some(language.get_untracked()),
                show_auto_replies: Some(show_auto.get_untracked()),
            }),
            spam_filter: Some(SpamPatch {
                case_insensitive: Some(case_insensitive.get_untracked()),
                partial_match: Some(partial.get_untracked()),
            }),
        })
    };
    let card = "mt-4 flex flex-col gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200";
    let input = "mt-1 block min-h-11 rounded-lg border border-slate-300 px-3";
    view! {
        <h1 class="text-2xl font-bold">{move || t("Pengaturan")}</h1>
        <form
            data-testid="settings-form"
            on:submit=move |ev| {
                ev.prevent_default();
                match patch() {
                    Ok(p) => {
                        status.set(None);
                        save.dispatch(p);
                    }
                    Err(m) => status.set(Some(Err(m))),
                }
            }
        >
            <section class=card>
                <h2 class="font-semibold">{move || t("Eskalasi")}</h2>
                <div class="flex flex-wrap gap-4">
                    <label class="text-sm font-medium">
                        {move || t("Batas waktu balasan pertama (menit)")}
                        <input
                            class=input
                            name="timeoutMinutes"
                            inputmode="decimal"
                            prop:value=move || timeout.get()
                            on:input=move |ev| timeout.set(event_target_value(&ev))
                        />
                    </label>
                    <label class="text-sm font-medium">
                        {move || t("Paling banyak pindah")}
                        <input
                            class=input
                            name="maxEscalations"
                            inputmode="numeric"
                            prop:value=move || max_moves.get()
                            on:input=move |ev| max_moves.set(event_target_value(&ev))
                        />
                    </label>
                </div>
            </section>
            <section class=card data-testid="working-hours">
                <h2 class="font-semibold">{move || t("Jam kerja")}</h2>
                <label class="flex min-h-11 items-center gap-2 text-sm">
                    <input
                        type="checkbox"
                        class="size-5"
                        name="workingHoursEnabled"
                        prop:checked=move || hours_on.get()
                        on:change=move |ev| hours_on.set(event_target_checked(&ev))
                    />
                    {move || t(
                        "Hitung mundur hanya berjalan di jam kerja (di luar jam kerja berhenti dan lanjut saat buka)",
                    )}
                </label>
                <label class="text-sm font-medium">
                    {move || t("Zona waktu")}
                    <select
                        class=input
                        name="timeZone"
                        on:change=move |ev| {
                            if let Some(z) = BusinessZone::parse(&event_target_value(&ev)) {
                                zone.set(z);
                            }
                        }
                    >
                        {BusinessZone::ALL
                            .into_iter()
                            .map(|z| {
                                view! {
                                    <option value=z.name() selected=move || zone.get() == z>
                                        {z.name()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <div class="grid gap-1">
                    {days
                        .get_value()
                        .into_iter()
                        .enumerate()
                        .map(|(i, d)| {
                            view! {
                                <div
                                    class="flex flex-wrap items-center gap-2 text-sm"
                                    data-testid="day"
                                >
                                    <label class="flex min-h-11 w-32 items-center gap-2">
                                        <input
                                            type="checkbox"
                                            class="size-5"
                                            prop:checked=move || d.open_day.get()
                                            on:change=move |ev| {
                                                d.open_day.set(event_target_checked(&ev))
                                            }
                                        />
                                        {weekday_name(i)}
                                    </label>
                                    <input
                                        type="time"
                                        class="min-h-11 rounded-lg border border-slate-300 px-2 disabled:opacity-40"
                                        aria-label=format!("{} {}", weekday_name(i), t("buka"))
                                        disabled=move || !d.open_day.get()
                                        prop:value=move || d.opens.get()
                                        on:input=move |ev| d.opens.set(event_target_value(&ev))
                                    />
                                    "–"
                                    <input
                                        type="time"
                                        class="min-h-11 rounded-lg border border-slate-300 px-2 disabled:opacity-40"
                                        aria-label=format!("{} {}", weekday_name(i), t("tutup"))
                                        disabled=move || !d.open_day.get()
                                        prop:value=move || d.closes.get()
                                        on:input=move |ev| d.closes.set(event_target_value(&ev))
                                    />
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </section>
            <section class=card>
                <h2 class="font-semibold">{move || t("Tampilan")}</h2>
                <label class="text-sm font-medium">
                    {move || t("Bahasa bawaan")}
                    <select
                        class=input
                        name="defaultLanguage"
                        on:change=move |ev| language.set(event_target_value(&ev))
                    >
                        <option value="id" selected=move || language.get() == "id">
                            "Bahasa Indonesia"
                        </option>
                        <option value="en" selected=move || language.get() == "en">
                            "English"
                        </option>
                    </select>
                </label>
                <label class="flex min-h-11 items-center gap-2 text-sm">
                    <input
                        type="checkbox"
                        class="size-5"
                        name="showAutoReplies"
                        prop:checked=move || show_auto.get()
                        on:change=move |ev| show_auto.set(event_target_checked(&ev))
                    />
                    {move || t("Tampilkan chat yang pesan terakhirnya balasan otomatis 🤖")}
                </label>
            </section>
            <section class=card>
                <h2 class="font-semibold">{move || t("Filter spam")}</h2>
                <label class="flex min-h-11 items-center gap-2 text-sm">
                    <input
                        type="checkbox"
                        class="size-5"
                        prop:checked=move || case_insensitive.get()
                        on:change=move |ev| case_insensitive.set(event_target_checked(&ev))
                    />
                    {move || t("Abaikan huruf besar/kecil")}
                </label>
                <label class="flex min-h-11 items-center gap-2 text-sm">
                    <input
                        type="checkbox"
                        class="size-5"
                        prop:checked=move || partial.get()
                        on:change=move |ev| partial.set(event_target_checked(&ev))
                    />
                    {move || t("Cocokkan juga di dalam kata")}
                </label>
            </section>
            <div class="mt-4 flex items-center gap-3">
                <button
                    type="submit"
                    class="min-h-11 rounded-lg bg-emerald-700 px-5 font-medium text-white hover:bg-emerald-800"
                >
                    {move || t("Simpan")}
                </button>
                {move || match status.get() {
                    Some(Ok(())) => {
                        Some(
                            view! {
                                <p role="status" class="text-sm text-emerald-800">
                                    {t("Tersimpan; berlaku segera di semua server.")}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                    Some(Err(m)) => {
                        Some(
                            view! {
                                <p role="alert" class="text-sm text-red-700">
                                    {m}
                                </p>
                            }
                                .into_any(),
                        )
                    }
                    None => None,
                }}
            </div>
        </form>
        <AuditTrail audit />
    }
}

/// The latest changes.
#[component]
fn AuditTrail(audit: RwSignal<Vec<AuditEntry>>) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <section class="mt-6">
            <h2 class="font-semibold">{move || t("Riwayat perubahan")}</h2>
            <Show
                when=move || audit.with(|a| !a.is_empty())
                fallback=move || {
                    view! { <p class="mt-1 text-sm text-slate-600">{t("Belum ada perubahan.")}</p> }
                }
            >
                <div
                    class="mt-2 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
                    tabindex="0"
                    role="region"
                    aria-label=move || t("Riwayat perubahan")
                >
                    <table class="w-full text-left text-sm" data-testid="audit">
                        <thead class="bg-slate-50 text-xs text-slate-600">
                            <tr>
                                <th class="px-3 py-2">{move || t("Kapan")}</th>
                                <th class="px-3 py-2">{move || t("Oleh")}</th>
                                <th class="px-3 py-2">{move || t("Pengaturan")}</th>
                                <th class="px-3 py-2">{move || t("Sebelum")}</th>
                                <th class="px-3 py-2">{move || t("Sesudah")}</th>
                            </tr>
                        </thead>
                        <tbody class="divide-y divide-slate-100">
                            <For each=move || audit.get() key=|a| a.id let:a>
                                <tr data-testid="audit-row">
                                    <td class="whitespace-nowrap px-3 py-2">
                                        <RelativeTime at=a.changed_at />
                                    </td>
                                    <td class="px-3 py-2">{a.agent_name.clone()}</td>
                                    <td class="px-3 py-2 font-mono text-xs">{a.key.clone()}</td>
                                    <td
                                        class="max-w-48 truncate px-3 py-2 font-mono text-xs"
                                        title=a.old_value.clone()
                                    >
                                        {a.old_value.clone().unwrap_or_else(|| "—".into())}
                                    </td>
                                    <td
                                        class="max-w-48 truncate px-3 py-2 font-mono text-xs"
                                        title=a.new_value.clone()
                                    >
                                        {a.new_value.clone()}
                                    </td>
                                </tr>
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_minutes_read_as_written() {
        let eight = NaiveTime::from_hms_opt(8, 0, 0).expect("t");
        assert_eq!(hhmm(eight), "08:00");
        assert_eq!(parse_hhmm("08:00"), Some(eight));
        assert_eq!(parse_hhmm("8"), None);
        assert_eq!(minutes_text(300), "5");
        assert_eq!(minutes_text(30), "0.5");
    }
}
