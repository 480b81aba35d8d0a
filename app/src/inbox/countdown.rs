//! The escalation countdown of an unanswered lead: `mm:ss` until it moves to the next
//! agent, amber in the last two minutes, red in the last one, "eskalasi…" at zero, and
//! a lock once the owner has answered.

use super::page::InboxCtx;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// How close the deadline is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// Two minutes or more left.
    Calm,
    /// Under two minutes.
    Soon,
    /// Under one minute.
    Urgent,
    /// Time is up: the server is moving the lead.
    Due,
}

/// The text and urgency of a countdown with `remaining_ms` left.
pub fn countdown_label(remaining_ms: i64) -> (String, Urgency) {
    if remaining_ms <= 0 {
        return ("eskalasi…".to_owned(), Urgency::Due);
    }
    // Whole seconds, rounded up: "00:01" until the very end, never "00:00" early.
    let seconds = (remaining_ms + 999) / 1000;
    let urgency = match seconds {
        0..60 => Urgency::Urgent,
        60..120 => Urgency::Soon,
        _ => Urgency::Calm,
    };
    (format!("{:02}:{:02}", seconds / 60, seconds % 60), urgency)
}

/// What a screen reader hears of a countdown: nothing while time is plentiful, then
/// one sentence as each threshold passes (never the ticking seconds).
pub fn urgency_notice(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Calm => "",
        Urgency::Soon => "Kurang dari 2 menit sebelum eskalasi",
        Urgency::Urgent => "Kurang dari 1 menit sebelum eskalasi",
        Urgency::Due => "Waktu habis: lead dieskalasi",
    }
}

/// The countdown, the lock or the overdue mark of one lead. Outside a list row, a
/// polite live region also says when the lead crosses two minutes, one, and zero.
#[component]
pub fn Countdown(
    /// When the lead escalates; `None` when no clock runs.
    #[prop(into)]
    deadline: Signal<Option<DateTime<Utc>>>,
    /// The owner answered: show the lock.
    #[prop(into)]
    locked: Signal<bool>,
    /// Nobody answered in time and nobody could take it.
    #[prop(into)]
    overdue: Signal<bool>,
    /// Outside working hours: the clock stands still until then.
    #[prop(optional, into)]
    paused_until: MaybeProp<DateTime<Utc>>,
    /// In a list row: the lock without its word.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let live = InboxCtx::get().live;
    // The browser's clock is only known in the browser: the server renders nothing.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    // Changes only when a threshold passes, so the live region speaks only then.
    let notice = Memo::new(move |_| {
        if !mounted.get() || locked.get() || overdue.get() {
            return "";
        }
        let Some(deadline) = deadline.get() else {
            return "";
        };
        let now = live.now_ms.get() + live.offset_ms.get();
        if paused_until
            .get()
            .is_some_and(|p| p.timestamp_millis() > now)
        {
            return "";
        }
        urgency_notice(countdown_label(deadline.timestamp_millis() - now).1)
    });
    let heard = (!compact).then(|| {
        view! {
            <span class="sr-only" role="status" aria-live="polite" data-testid="countdown-announce">
                {move || {
                    let said = notice.get();
                    if said.is_empty() { "" } else { t(said) }
                }}
            </span>
        }
    });
    let shown = move || {
        if !mounted.get() {
            return ().into_any();
        }
        if locked.get() {
            return view! {
                <span
                    class="shrink-0 text-xs text-emerald-700"
                    data-testid="lead-lock"
                    title=t("Terkunci (sudah dibalas)")
                >
                    {move || {
                        if compact { "🔒".to_owned() } else { format!("🔒 {}", t("terkunci")) }
                    }}
                </span>
            }
            .into_any();
        }
        if overdue.get() {
            return view! {
                <span
                    class="shrink-0 text-xs font-semibold text-red-700"
                    data-testid="lead-overdue"
                >
                    {move || format!("⚠ {}", t("terlambat"))}
                </span>
            }
            .into_any();
        }
        let Some(deadline) = deadline.get() else {
            return ().into_any();
        };
        let now = move || live.now_ms.get() + live.offset_ms.get();
        // Stopped outside working hours: the time left stays as it was at closing.
        if let Some(resume) = paused_until.get().filter(|p| p.timestamp_millis() > now()) {
            let left = deadline.timestamp_millis() - resume.timestamp_millis();
            let (text, _) = countdown_label(left);
            return view! {
                <span
                    data-testid="countdown-paused"
                    class="shrink-0 text-xs tabular-nums text-slate-600"
                    title=t("Di luar jam kerja: hitung mundur berlanjut saat buka")
                    aria-label=t("Di luar jam kerja: hitung mundur berlanjut saat buka")
                >
                    {format!("⏸ {text}")}
                </span>
            }
            .into_any();
        }
        let remaining = move || deadline.timestamp_millis() - now();
        view! {
            <span
                data-testid="countdown"
                data-deadline=deadline.to_rfc3339()
                class=move || {
                    let color = match countdown_label(remaining()).1 {
                        Urgency::Calm => "text-slate-600",
                        Urgency::Soon => "text-amber-600",
                        Urgency::Urgent | Urgency::Due => "text-red-600 font-semibold",
                    };
                    format!("shrink-0 text-xs tabular-nums {color}")
                }
                aria-label=t("Sisa waktu sebelum eskalasi")
            >
                {move || {
                    let (text, urgency) = countdown_label(remaining());
                    if urgency == Urgency::Due {
                        t("eskalasi…").to_owned()
                    } else {
                        format!("⏱ {text}")
                    }
                }}
            </span>
        }
        .into_any()
    };
    view! {
        {shown}
        {heard}
    }
}

#[cfg(test)]
mod tests {
    use super::{Urgency, countdown_label, urgency_notice};

    #[test]
    fn only_thresholds_are_spoken() {
        assert_eq!(urgency_notice(Urgency::Calm), "");
        for urgency in [Urgency::Soon, Urgency::Urgent, Urgency::Due] {
            assert!(!urgency_notice(urgency).is_empty(), "{urgency:?}");
        }
        assert_ne!(
            urgency_notice(Urgency::Soon),
            urgency_notice(Urgency::Urgent)
        );
    }

    #[test]
    fn minutes_and_seconds_with_colour_by_urgency() {
        assert_eq!(countdown_label(300_000), ("05:00".into(), Urgency::Calm));
        assert_eq!(countdown_label(120_000), ("02:00".into(), Urgency::Calm));
        assert_eq!(countdown_label(119_001), ("02:00".into(), Urgency::Calm));
        assert_eq!(countdown_label(119_000), ("01:59".into(), Urgency::Soon));
        assert_eq!(countdown_label(60_000), ("01:00".into(), Urgency::Soon));
        assert_eq!(countdown_label(59_999), ("01:00".into(), Urgency::Soon));
        assert_eq!(countdown_label(59_000), ("00:59".into(), Urgency::Urgent));
        assert_eq!(countdown_label(1), ("00:01".into(), Urgency::Urgent));
        assert_eq!(countdown_label(0), ("eskalasi…".into(), Urgency::Due));
        assert_eq!(countdown_label(-5_000), ("eskalasi…".into(), Urgency::Due));
    }
}
