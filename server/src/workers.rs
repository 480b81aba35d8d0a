//! Background work inside the server: the outbox sender and media downloads.

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
