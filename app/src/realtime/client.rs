//! The browser's realtime connection: one WebSocket to `/ws`, reopened with
//! exponential backoff and jitter after any drop, resuming from the last sequence seen
//! so nothing is missed.

use super::{Envelope, Status};
use leptos::prelude::*;
use leptos::wasm_bindgen::{JsCast, closure::Closure};
use leptos::web_sys::{self, MessageEvent, WebSocket};
use std::{
    cell::{Cell, RefCell},
    rc::Rc,
    time::Duration,
};

/// A connection silent for this long (no event, no heartbeat) is presumed dead.
const SILENCE: Duration = Duration::from_secs(40);
/// First and longest pause before reconnecting.
const FIRST_DELAY_MS: f64 = 500.0;
const MAX_DELAY_MS: f64 = 30_000.0;

/// A socket event handler kept alive as long as its socket.
type Handler = Closure<dyn FnMut(web_sys::Event)>;

struct Shared {
    status: RwSignal<Status>,
    on_event: Box<dyn Fn(Envelope)>,
    /// The highest `seq` received: where a new connection resumes.
    last_seq: Cell<Option<i64>>,
    /// Failed attempts since the last good connection.
    attempts: Cell<u32>,
    /// Bumped on every message; the silence watchdog compares it.
    heard: Cell<u64>,
    socket: RefCell<Option<WebSocket>>,
    /// The current socket's handlers (dropped with it).
    handlers: RefCell<Vec<Handler>>,
}

/// Opens the connection and keeps it open for the page's lifetime; `on_event` gets
/// every envelope, `hello`, `heartbeat` and `sync:reset` included.
pub fn start(status: RwSignal<Status>, on_event: impl Fn(Envelope) + 'static) {
    let shared = Rc::new(Shared {
        status,
        on_event: Box::new(on_event),
        last_seq: Cell::new(None),
        attempts: Cell::new(0),
        heard: Cell::new(0),
        socket: RefCell::new(None),
        handlers: RefCell::new(Vec::new()),
    });
    connect(&shared);
}

fn url(since: Option<i64>) -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    let host = location.host().ok()?;
    Some(match since {
        Some(seq) => format!("{scheme}://{host}/ws?since={seq}"),
        None => format!("{scheme}://{host}/ws"),
    })
}

fn connect(shared: &Rc<Shared>) {
    let Some(socket) = url(shared.last_seq.get()).and_then(|u| WebSocket::new(&u).ok()) else {
        retry(shared);
        return;
    };
    let mut handlers = Vec::new();

    let on_open = {
        let shared = Rc::clone(shared);
        Handler::new(move |_| {
            shared.attempts.set(0);
            shared.status.set(Status::Live);
            watch(&shared, shared.heard.get());
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    handlers.push(on_open);

    let on_message = {
        let shared = Rc::clone(shared);
        Handler::new(move |ev: web_sys::Event| {
            shared.heard.set(shared.heard.get().wrapping_add(1));
            let Some(text) = ev
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
            else {
                return;
            };
            let Ok(envelope) = serde_json::from_str::<Envelope>(&text) else {
                return;
            };
            let seq = envelope.seq;
            if shared.last_seq.get().is_none_or(|last| seq > last) {
                shared.last_seq.set(Some(seq));
            }
            (shared.on_event)(envelope);
        })
    };
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    handlers.push(on_message);

    let on_close = {
        let shared = Rc::clone(shared);
        Handler::new(move |ev: web_sys::Event| {
            // Only the current socket's end counts (an old one may close late).
            let closed = ev.target().and_then(|t| t.dyn_into::<WebSocket>().ok());
            let current = closed.is_some() && *shared.socket.borrow() == closed;
            if current {
                shared.socket.borrow_mut().take();
                shared.status.set(Status::Reconnecting);
                retry(&shared);
            }
        })
    };
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    handlers.push(on_close);

    *shared.socket.borrow_mut() = Some(socket);
    *shared.handlers.borrow_mut() = handlers;
}

/// Reconnects after `500 ms × 2^attempts`, at most 30 s, scattered by ±50 % so a
/// restarted server is not hit by every browser at the same instant.
fn retry(shared: &Rc<Shared>) {
    let attempts = shared.attempts.get();
    shared.attempts.set(attempts.saturating_add(1));
    let base = (FIRST_DELAY_MS * 2f64.powi(attempts.min(16) as i32)).min(MAX_DELAY_MS);
    let delay = base * (0.5 + js_sys::Math::random());
    let shared = Rc::clone(shared);
    set_timeout(
        move || connect(&shared),
        Duration::from_millis(delay as u64),
    );
}

/// Closes the socket if nothing was heard for [`SILENCE`] since `heard`, which makes it
/// reconnect; otherwise looks again later.
fn watch(shared: &Rc<Shared>, heard: u64) {
    let shared = Rc::clone(shared);
    set_timeout(
        move || {
            let now = shared.heard.get();
            let socket = shared.socket.borrow().clone();
            match socket {
                Some(socket) if now == heard => {
                    let _ = socket.close();
                }
                Some(_) => watch(&shared, now),
                None => {}
            }
        },
        SILENCE,
    );
}
