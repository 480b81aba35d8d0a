//! `GET /ws`: the realtime connection of a logged-in browser.
//!
//! The server writes JSON envelopes `{type, seq, payload}`: `hello` first, then (with
//! `?since=n`) every event after `n` the user may see, then live events, with a
//! `heartbeat` every 15 seconds. The `seq` of any envelope is a point the browser can
//! reconnect from: every event up to it that the user may see has been sent before it.
//! A connection that cannot keep up reloads what it missed from the database; one that
//! stops reading is dropped, never waited for. When the user's sessions change (a
//! logout, deactivation, a new password or role) the connection checks its own
//! session again and ends with `session:ended` if it no longer stands; it also checks
//! every few minutes, so a session that expires does not keep a socket alive.

use app::{
    auth::{
        CurrentUser,
        ssr::{session_token_from_headers, user_for_token},
    },
    realtime::{
        kind,
        ssr::{CatchUp, Event, Hub, catch_up},
    },
    state::AppState,
};
use axum::{
    Json, Router,
    extract::{
        Query, State,
        ws::{Message, Utf8Bytes, WebSocket, WebSocketUpgrade},
    },
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use futures_util::{SinkExt, StreamExt, stream::SplitSink};
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use std::{sync::Arc, time::Duration};
use tokio::sync::broadcast::error::RecvError;

/// Missed events sent on reconnect at most; more means "reload".
const CATCH_UP_LIMIT: u64 = 1000;
/// How often an idle connection says it is alive.
const HEARTBEAT: Duration = Duration::from_secs(15);
/// A browser that takes longer than this to accept a message is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the close frame may take to go out.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);
/// Heartbeats between two checks of the connection's session (every 5 minutes).
const RECHECK_EVERY: u32 = 20;

pub fn router() -> Router<AppState> {
    Router::new().route("/ws", get(upgrade))
}

#[derive(Debug, Deserialize)]
struct WsQuery {
    /// The last sequence the browser saw.
    since: Option<i64>,
}

async fn upgrade(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<WsQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    if !origin_allowed(&headers, &state.runtime.public_base_url) {
        let body = serde_json::json!({ "error": { "code": "forbidden", "message": "this origin may not open the realtime connection" } });
        return (StatusCode::FORBIDDEN, Json(body)).into_response();
    }
    let Some(token) = session_token_from_headers(&headers) else {
        return app::AppError::Unauthorized.into_response();
    };
    let user = match user_for_token(&state.db, &token).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    let session = Session {
        db: state.db.clone(),
        token,
        user,
    };
    let Some(hub) = state.runtime.hub.clone() else {
        let body = serde_json::json!({ "error": { "code": "unavailable", "message": "realtime is not running on this server" } });
        return (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response();
    };
    // Browsers send nothing but pongs: a small read buffer (the default is 128 KiB per
    // connection) keeps a thousand idle connections cheap.
    ws.max_message_size(64 * 1024)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(16 * 1024)
        .on_upgrade(move |socket| connection(socket, session, hub, query.since))
}

/// A browser's `Origin` must be ours: our public address, or the host it connected
/// to. Without the check any site could open a socket with the user's cookie. Programs
/// that send no `Origin` are not browsers and still need the session cookie.
fn origin_allowed(headers: &HeaderMap, public_base_url: &str) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin.trim_end_matches('/') == public_base_url {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let authority = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((authority, host), (Some(a), Some(h)) if a == h)
}

type Sink = SplitSink<WebSocket, Message>;

/// Sends `text`; false when the browser is gone or too slow.
async fn send(sink: &mut Sink, text: impl Into<Utf8Bytes>) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sink.send(Message::Text(text.into()))).await,
        Ok(Ok(()))
    )
}

fn envelope(kind: &str, seq: i64, payload: serde_json::Value) -> String {
    serde_json::json!({ "type": kind, "seq": seq, "payload": payload }).to_string()
}

/// Who a connection serves, and the session it was opened with.
struct Session {
    db: DatabaseConnection,
    token: String,
    user: CurrentUser,
}

impl Session {
    /// Whether the session still stands for the same user in the same role. A database
    /// that cannot answer keeps the connection: the next check decides.
    async fn stands(&self) -> bool {
        match user_for_token(&self.db, &self.token).await {
            Ok(now) => now.id == self.user.id && now.role == self.user.role,
            Err(app::AppError::Internal { .. }) => true,
            Err(_) => false,
        }
    }

    /// Tells the browser its session ended; always false (the connection ends).
    async fn end(&self, sink: &mut Sink, seq: i64) -> bool {
        let _ = send(
            sink,
            envelope(kind::SESSION_ENDED, seq, serde_json::json!({})),
        )
        .await;
        false
    }
}

/// Where a connection stands: every event up to `floor` it may see has been sent.
struct Cursor {
    floor: i64,
}

impl Cursor {
    /// Sends `event` if it is new and visible; false when the connection must end (the
    /// browser is gone, or its session ended).
    async fn deliver(&mut self, sink: &mut Sink, event: &Event, session: &Session) -> bool {
        if event.seq <= self.floor {
            return true;
        }
        self.floor = event.seq;
        if event.kind == kind::SESSION_ENDED {
            // Never sent as such: each connection of that user checks its own session.
            if event.is_for(session.user.id) && !session.stands().await {
                return session.end(sink, self.floor).await;
            }
            return true;
        }
        !event.visible_to(&session.user) || send(sink, event.json.clone()).await
    }

    /// Sends what the database holds after `floor`; false when the connection must end.
    async fn catch_up(&mut self, sink: &mut Sink, hub: &Hub, session: &Session) -> bool {
        match catch_up(&session.db, self.floor, &session.user, CATCH_UP_LIMIT).await {
            Ok(CatchUp::Events(events)) => {
                for event in events {
                    if !self.deliver(sink, &event, session).await {
                        return false;
                    }
                }
                true
            }
            Ok(CatchUp::TooOld) | Err(_) => {
                self.floor = self.floor.max(hub.latest());
                send(
                    sink,
                    envelope(kind::RESET, self.floor, serde_json::json!({})),
                )
                .await
            }
        }
    }
}

async fn connection(socket: WebSocket, session: Session, hub: Arc<Hub>, since: Option<i64>) {
    let (mut sink, mut incoming) = socket.split();
    // Subscribe before reading the position, so nothing falls between the two.
    let mut live = hub.subscribe();
    let mut cursor = Cursor {
        floor: since.unwrap_or_else(|| hub.latest()),
    };
    let hello = serde_json::json!({ "serverTime": chrono::Utc::now().timestamp_millis() });
    if !send(&mut sink, envelope(kind::HELLO, cursor.floor, hello)).await {
        return;
    }
    if since.is_some() && !cursor.catch_up(&mut sink, &hub, &session).await {
        return;
    }
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    heartbeat.reset();
    let mut beats = 0u32;
    loop {
        tokio::select! {
            event = live.recv() => {
                let alive = match event {
                    Ok(event) => cursor.deliver(&mut sink, &event, &session).await,
                    // Fell behind the buffer: the database still has everything.
                    Err(RecvError::Lagged(_)) => cursor.catch_up(&mut sink, &hub, &session).await,
                    Err(RecvError::Closed) => false,
                };
                if !alive {
                    break;
                }
            }
            message = incoming.next() => match message {
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                // Pings are answered by the WebSocket layer; browsers send nothing else.
                Some(Ok(_)) => {}
            },
            _ = heartbeat.tick() => {
                beats = beats.wrapping_add(1);
                if beats.is_multiple_of(RECHECK_EVERY) && !session.stands().await {
                    session.end(&mut sink, cursor.floor).await;
                    break;
                }
                if !send(&mut sink, envelope(kind::HEARTBEAT, cursor.floor, serde_json::json!({}))).await {
                    break;
                }
            }
        }
    }
    // A polite close frame, but never waited for: a browser that stopped reading would
    // otherwise hold this task and its socket open for good.
    drop(live);
    let _ = tokio::time::timeout(CLOSE_TIMEOUT, sink.close()).await;
}

#[cfg(test)]
mod tests {
    use super::origin_allowed;
    use axum::http::{HeaderMap, HeaderValue, header};

    fn headers(origin: Option<&'static str>, host: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static(host));
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_static(o));
        }
        h
    }

    #[test]
    fn only_our_own_pages_may_connect() {
        let public = "https://inbox.example.com";
        for (origin, host, allowed) in [
            (Some("https://inbox.example.com"), "10.0.0.5:3000", true),
            (Some("http://127.0.0.1:3000"), "127.0.0.1:3000", true),
            (Some("https://evil.example.net"), "inbox.example.com", false),
            (Some("http://127.0.0.1:3001"), "127.0.0.1:3000", false),
            (Some("null"), "127.0.0.1:3000", false),
            (None, "127.0.0.1:3000", true),
        ] {
            assert_eq!(
                origin_allowed(&headers(origin, host), public),
                allowed,
                "{origin:?} on {host}"
            );
        }
    }
}
