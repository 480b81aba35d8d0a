//! Background work inside the server: the outbox sender, media downloads, escalation.

use app::{
    messaging::ssr::{media, outbox},
    state::AppState,
};
use chrono::Utc;
use std::time::Duration;

/// How often the outbox looks for due retries when nothing wakes it.
const OUTBOX_POLL: Duration = Duration::from_secs(1);

/// Sends queued messages and downloads inbound media until `shutdown` resolves; woken
/// at once when a message is queued, and every second for retries that became due.
pub async fn run_outbox(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    match outbox::in_doubt(&state.db).await {
        Ok(0) => {}
        Ok(n) => tracing::warn!(
            "{n} outgoing message(s) may or may not have reached the provider before the last \
             stop; they are marked unknown and wait for a manual retry"
        ),
        Err(e) => tracing::error!("checking the outbox failed: {e}"),
    }
    tokio::pin!(shutdown);
    loop {
        match outbox::tick(&state.db, &state.runtime, Utc::now()).await {
            Ok(report) if report != outbox::OutboxReport::default() => {
                tracing::debug!(?report, "outbox tick");
            }
            Ok(_) => {}
            Err(e) => tracing::error!("outbox tick failed: {e}"),
        }
        if let Err(e) = media::tick(&state.db, &state.runtime, &state.runtime.media_dir).await {
            tracing::error!("media download tick failed: {e}");
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = state.runtime.outbox_wake.notified() => {}
            () = tokio::time::sleep(OUTBOX_POLL) => {}
        }
    }
}

/// How often uploads nobody sent are looked for.
const SWEEP_EVERY: Duration = Duration::from_secs(3600);

/// Removes what is no longer needed, hourly until `shutdown` resolves: uploads no
/// message was sent with, a day after they were made.
pub async fn run_housekeeping(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        match app::messaging::ssr::upload::sweep_unsent(&state.db, &state.runtime.media_dir).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("deleted {n} upload(s) never sent within a day"),
            Err(e) => tracing::warn!("sweeping unsent uploads failed: {e}"),
        }
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(SWEEP_EVERY) => {}
        }
    }
}

/// Escalates due leads until `shutdown` resolves. It looks at least every 15 seconds,
/// and five times per timeout when the timeout is short (a 5-second timeout in a test
/// is checked every second), so a lead moves within a fifth of its timeout of falling due.
pub async fn run_escalation(state: AppState, shutdown: impl std::future::Future<Output = ()>) {
    tokio::pin!(shutdown);
    loop {
        let now = state.runtime.clock.now();
        match app::escalation::ssr::run(&state.db, &state.runtime.write_gate, now).await {
            Ok(report) if report.checked > 0 => tracing::info!(
                escalated = report.escalated.len(),
                overdue = report.overdue.len(),
                "escalation run"
            ),
            Ok(_) => {}
            Err(e) => tracing::error!("escalation run failed: {e}"),
        }
        let tick = match app::escalation::ssr::policy(&state.db).await {
            Ok(policy) => escalation_tick(policy.timeout),
            Err(_) => ESCALATION_TICK,
        };
        tokio::select! {
            () = &mut shutdown => break,
            () = tokio::time::sleep(tick) => {}
        }
    }
}

/// The longest pause between escalation runs.
const ESCALATION_TICK: Duration = Duration::from_secs(15);

/// A fifth of `timeout`, between one and fifteen seconds.
fn escalation_tick(timeout: chrono::Duration) -> Duration {
    (timeout / 5)
        .to_std()
        .unwrap_or(ESCALATION_TICK)
        .clamp(Duration::from_secs(1), ESCALATION_TICK)
}

#[cfg(test)]
mod tests {
    use super::escalation_tick;
    use std::time::Duration;

    #[test]
    fn short_timeouts_are_checked_often_long_ones_every_15_seconds() {
        let tick = |s| escalation_tick(chrono::Duration::seconds(s));
        assert_eq!(tick(300), Duration::from_secs(15));
        assert_eq!(tick(30), Duration::from_secs(6));
        assert_eq!(tick(5), Duration::from_secs(1));
        assert_eq!(tick(1), Duration::from_secs(1));
    }
}
