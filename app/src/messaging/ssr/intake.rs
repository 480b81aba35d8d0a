//! The webhook's queue in front of the inbound flow.
//!
//! Webhook requests check their signature and parse their form concurrently, then hand
//! the message to one writer task per server, which stores whatever has queued up in
//! one transaction ([`receive_many`]). A busy server thus pays one commit and one round
//! of lookups per batch instead of per message, and SQLite's single writer never idles
//! between small transactions. Each request still gets its own outcome, and is answered
//! only once its message is committed.

use super::inbound::{InboundOutcome, Routed, receive, receive_many};
use crate::{db::write_gate::WriteGate, error::AppError};
use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

/// At most this many messages share a transaction.
const MAX_BATCH: usize = 64;
/// Messages waiting for the writer before senders wait too (back-pressure).
const QUEUE_LENGTH: usize = 1024;

/// A queued message and where its outcome goes.
struct Job {
    routed: Routed,
    answer: oneshot::Sender<Result<InboundOutcome, AppError>>,
}

/// The handle requests queue messages on; cheap to share. The default handle has no
/// writer and stores each message on its own.
#[derive(Debug, Clone, Default)]
pub struct Intake {
    queue: Option<mpsc::Sender<Job>>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("sid", &self.routed.message.message_sid)
            .finish()
    }
}

impl Intake {
    /// Starts the writer task; it ends when every handle is dropped.
    pub fn start(db: DatabaseConnection, gate: WriteGate) -> Self {
        let (queue, jobs) = mpsc::channel(QUEUE_LENGTH);
        tokio::spawn(write(db, gate, jobs));
        Self { queue: Some(queue) }
    }

    /// Stores `routed` and returns what happened to it, once it is committed.
    pub async fn receive(
        &self,
        db: &DatabaseConnection,
        gate: &WriteGate,
        routed: Routed,
    ) -> Result<InboundOutcome, AppError> {
        let Some(queue) = &self.queue else {
            return receive(db, gate, &routed).await;
        };
        let (answer, outcome) = oneshot::channel();
        if let Err(mpsc::error::SendError(job)) = queue.send(Job { routed, answer }).await {
            // The writer is gone (shutting down): store it here instead.
            return receive(db, gate, &job.routed).await;
        }
        outcome
            .await
            .map_err(|_| AppError::internal("the inbound writer stopped before answering"))?
    }
}

/// The writer: takes what has queued (at least one message), stores it, answers.
async fn write(db: DatabaseConnection, gate: WriteGate, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (batch, answers): (Vec<Routed>, Vec<_>) =
            jobs.drain(..).map(|j| (j.routed, j.answer)).unzip();
        let outcomes = receive_many(&db, &gate, &batch).await;
        for (answer, outcome) in answers.into_iter().zip(outcomes) {
            // The request may have given up waiting; its message is stored regardless.
            let _ = answer.send(outcome);
        }
    }
}
