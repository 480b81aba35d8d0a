//! A WebSocket client for `/ws`, as a browser would use it.

use futures::StreamExt;
use serde_json::Value;
use std::{net::SocketAddr, time::Duration};
use tokio::net::TcpStream;
use tokio_tungstenite::{
    MaybeTlsStream, WebSocketStream,
    tungstenite::{self, Message, client::IntoClientRequest, http::HeaderValue},
};

/// How long a test waits for an event that must come.
const PATIENCE: Duration = Duration::from_secs(15);

pub struct WsClient {
    stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

/// Opens `/ws` on `addr` with a session `cookie`, resuming after `since`, sending
/// `origin` if given. The error is the refused handshake.
pub async fn connect(
    addr: SocketAddr,
    cookie: Option<&str>,
    since: Option<i64>,
    origin: Option<&str>,
) -> Result<WsClient, tungstenite::Error> {
    let url = match since {
        Some(seq) => format!("ws://{addr}/ws?since={seq}"),
        None => format!("ws://{addr}/ws"),
    };
    let mut request = url.into_client_request()?;
    if let Some(c) = cookie {
        request
            .headers_mut()
            .insert("Cookie", HeaderValue::from_str(c).expect("cookie header"));
    }
    if let Some(o) = origin {
        request
            .headers_mut()
            .insert("Origin", HeaderValue::from_str(o).expect("origin header"));
    }
    let (stream, _) = tokio_tungstenite::connect_async(request).await?;
    Ok(WsClient { stream })
}

/// The HTTP status of a refused handshake.
pub fn refused_status(e: &tungstenite::Error) -> Option<u16> {
    match e {
        tungstenite::Error::Http(res) => Some(res.status().as_u16()),
        _ => None,
    }
}

impl WsClient {
    /// The next envelope other than a heartbeat; panics after 15 s of silence.
    pub async fn next(&mut self) -> Value {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.stream.next())
                .await
                .expect("an event within 15 s")
                .expect("the connection is open")
                .expect("a WebSocket message");
            if let Message::Text(text) = message {
                let value: Value = serde_json::from_str(&text).expect("JSON envelope");
                if value["type"] != "heartbeat" {
                    return value;
                }
            }
        }
    }

    /// Skips envelopes until one of type `kind`.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let event = self.next().await;
            if event["type"] == kind {
                return event;
            }
        }
    }

    /// Skips envelopes until one about `thread` of type `kind`, returning the ones
    /// skipped too.
    pub async fn until(&mut self, kind: &str, thread: &str) -> (Value, Vec<Value>) {
        let mut skipped = Vec::new();
        loop {
            let event = self.next().await;
            if event["type"] == kind && event["payload"]["threadId"] == thread {
                return (event, skipped);
            }
            skipped.push(event);
        }
    }

    /// Skips envelopes until one of type `kind`, returning the ones skipped too (a
    /// barrier: events reach a connection in order, so whatever came before `kind`
    /// is in the list).
    pub async fn until_kind(&mut self, kind: &str) -> (Value, Vec<Value>) {
        let mut skipped = Vec::new();
        loop {
            let event = self.next().await;
            if event["type"] == kind {
                return (event, skipped);
            }
            skipped.push(event);
        }
    }

    /// Waits for the server to close the connection (a close frame or the end of the
    /// stream); panics if it stays open for 15 s or sends another event first.
    pub async fn closed(&mut self) {
        loop {
            let message = tokio::time::timeout(PATIENCE, self.stream.next())
                .await
                .expect("the server closes the connection within 15 s");
            match message {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return,
                Some(Ok(Message::Text(text))) => {
                    let value: Value = serde_json::from_str(&text).expect("JSON envelope");
                    assert_eq!(
                        value["type"], "heartbeat",
                        "an event after the end: {value}"
                    );
                }
                Some(Ok(_)) => {}
            }
        }
    }

    pub async fn close(mut self) {
        let _ = self.stream.close(None).await;
    }
}
