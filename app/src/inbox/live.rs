//! The inbox kept current by the realtime connection: the list, the open chat and the
//! lead panel refresh in place when an event concerns them, the clock ticks for the
//! countdowns, and new messages raise a title badge and (when allowed) a notification.

use super::page::InboxCtx;
use crate::realtime::Status;
#[cfg(feature = "hydrate")]
use crate::realtime::{Envelope, kind};
use leptos::prelude::*;

/// What the live connection shares with the inbox.
#[derive(Clone, Copy)]
pub(super) struct Live {
    /// The connection's state, for the header.
    pub status: RwSignal<Status>,
    /// The browser's clock in milliseconds, ticking every second.
    pub now_ms: RwSignal<i64>,
    /// Server clock minus browser clock, in milliseconds.
    pub offset_ms: RwSignal<i64>,
    /// Bumped to reload the list's first page in place (rows change, scroll stays).
    pub list_tick: RwSignal<u64>,
    /// Bumped to reload the open chat's newest messages.
    pub thread_tick: RwSignal<u64>,
    /// Bumped to reload the open lead's state (owner, countdown, lock).
    pub lead_tick: RwSignal<u64>,
    /// New messages that arrived while the page was hidden (the title badge).
    pub unseen: RwSignal<u32>,
    /// Bumped when the viewer's notices changed (the 🔔 count).
    pub notice_tick: RwSignal<u32>,
    /// Bumped when the label list changed (filter chips, names on rows).
    pub labels_tick: RwSignal<u32>,
    /// Bumped when the accounts may have changed (the page on screen was the saved
    /// copy, drawn with the accounts of its day).
    pub accounts_tick: RwSignal<u32>,
    /// The personal-message alert on screen, if any.
    pub toast: RwSignal<Option<Toast>>,
    /// What screen readers hear next, politely: a new message ("Pesan baru dari …").
    pub announcement: RwSignal<String>,
    /// Bumped each time the list's first page was reloaded from the server.
    pub list_refreshed: RwSignal<u64>,
    /// The name on each chat row loaded so far, by thread id: whom a new message is
    /// from, for screen readers.
    pub names: StoredValue<std::collections::HashMap<String, String>>,
}

/// A personal-message alert: "Pesan Personal dari …" with "Lihat Chat" and "Dismiss".
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Toast {
    /// The notice it shows.
    pub notification_id: i64,
    /// The chat it is about.
    pub thread_id: String,
    /// Its title.
    pub title: String,
    /// A preview of the message.
    pub body: String,
}

impl Live {
    /// Fresh state; nothing runs until [`start`].
    pub fn new() -> Self {
        Self {
            status: RwSignal::new(Status::Connecting),
            now_ms: RwSignal::new(now_ms()),
            offset_ms: RwSignal::new(0),
            list_tick: RwSignal::new(0),
            thread_tick: RwSignal::new(0),
            lead_tick: RwSignal::new(0),
            unseen: RwSignal::new(0),
            notice_tick: RwSignal::new(0),
            labels_tick: RwSignal::new(0),
            accounts_tick: RwSignal::new(0),
            toast: RwSignal::new(None),
            announcement: RwSignal::new(String::new()),
            list_refreshed: RwSignal::new(0),
            names: StoredValue::new(std::collections::HashMap::new()),
        }
    }

    /// Corrects the countdowns by the server's clock reading `server_ms`, taken now.
    pub fn sync_clock(&self, server_ms: i64) {
        #[cfg(feature = "hydrate")]
        self.offset_ms.set(server_ms - js_sys::Date::now() as i64);
        #[cfg(not(feature = "hydrate"))]
        let _ = server_ms;
    }
}

/// The current time in milliseconds (chrono's clock does not exist in the browser).
fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        chrono::Utc::now().timestamp_millis()
    }
}

/// Starts the clock and the connection (in the browser; nothing on the server).
pub(super) fn start(ctx: InboxCtx) {
    #[cfg(feature = "hydrate")]
    {
        let live = ctx.live;
        if let Ok(ticker) = set_interval_with_handle(
            move || live.now_ms.set(now_ms()),
            std::time::Duration::from_secs(1),
        ) {
            on_cleanup(move || ticker.clear());
        }
        crate::realtime::client::start(live.status, move |event| on_event(ctx, &event));
        badge_clears_when_seen(live);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

/// Refreshes what `event` concerns.
#[cfg(feature = "hydrate")]
fn on_event(ctx: InboxCtx, event: &Envelope) {
    let live = ctx.live;
    let open = ctx.filters.with_untracked(|f| f.thread.clone());
    let is_open = event.thread_id().is_some() && event.thread_id() == open.as_deref();
    match event.kind.as_str() {
        kind::HELLO => {
            if let Some(ms) = event.payload.get("serverTime").and_then(|v| v.as_i64()) {
                live.sync_clock(ms);
            }
            // Whatever changed while there was no connection (or before the first).
            refresh_list(live);
            live.thread_tick.update(|n| *n += 1);
            live.lead_tick.update(|n| *n += 1);
        }
        kind::RESET => {
            ctx.list_version.update(|n| *n += 1);
            live.thread_tick.update(|n| *n += 1);
            live.lead_tick.update(|n| *n += 1);
        }
        kind::HEARTBEAT => {}
        kind::SESSION_ENDED => {
            // Logged out elsewhere, deactivated, or given a new password or role: the
            // server closed the connection; the login page says what to do next.
            leptos::task::spawn_local(async {
                crate::pwa::forget_last_list().await;
                let _ = window().location().set_href("/login");
            });
        }
        kind::NEW_MESSAGE => {
            refresh_list(live);
            if is_open {
                live.thread_tick.update(|n| *n += 1);
            }
            announce(ctx, event, is_open);
        }
        kind::LEAD_ASSIGNED | kind::LEAD_ESCALATED => {
            // An escalation writes notices to both agents.
            live.notice_tick.update(|n| *n += 1);
            refresh_list(live);
            if is_open {
                live.lead_tick.update(|n| *n += 1);
            }
        }
        kind::THREAD_UPDATED => {
            refresh_list(live);
            if is_open {
                live.thread_tick.update(|n| *n += 1);
                live.lead_tick.update(|n| *n += 1);
            }
        }
        kind::MESSAGE_READ => refresh_list(live),
        kind::LABELS_CHANGED => {
            live.labels_tick.update(|n| *n += 1);
            refresh_list(live);
            if open.is_some() {
                live.thread_tick.update(|n| *n += 1);
            }
        }
        kind::NOTIFICATION_DISMISSED => {
            let id = event.payload.get("notificationId").and_then(|v| v.as_i64());
            if live
                .toast
                .with_untracked(|t| t.as_ref().map(|t| t.notification_id))
                == id
            {
                live.toast.set(None);
            }
            live.notice_tick.update(|n| *n += 1);
        }
        kind::PERSONAL_MESSAGE => {
            // Admins receive every event; the alert is only for its addressee.
            let me = ctx.user.get_value().id;
            let to = event.payload.get("agentId").and_then(|v| v.as_i64());
            if to == Some(me) {
                let text = |k: &str| {
                    event
                        .payload
                        .get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                let id = event.payload.get("notificationId").and_then(|v| v.as_i64());
                if let (Some(notification_id), Some(thread_id)) = (id, event.thread_id()) {
                    live.toast.set(Some(Toast {
                        notification_id,
                        thread_id: thread_id.to_owned(),
                        title: text("title"),
                        body: text("body"),
                    }));
                }
                live.notice_tick.update(|n| *n += 1);
            }
        }
        _ => {
            // Delivery statuses.
            refresh_list(live);
            if is_open {
                live.thread_tick.update(|n| *n += 1);
            }
        }
    }
}

/// Reloads the list's first page soon, once for a burst of events.
#[cfg(feature = "hydrate")]
fn refresh_list(live: Live) {
    thread_local! {
        static QUEUED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if QUEUED.with(|q| q.replace(true)) {
        return;
    }
    set_timeout(
        move || {
            QUEUED.with(|q| q.set(false));
            live.list_tick.update(|n| *n += 1);
        },
        std::time::Duration::from_millis(120),
    );
}

/// A customer wrote: tell screen readers (politely, whatever the agent is looking at),
/// badge the title while the page is hidden, and show a browser notification when the
/// agent allowed them and is looking elsewhere.
#[cfg(feature = "hydrate")]
fn announce(ctx: InboxCtx, event: &Envelope, is_open: bool) {
    {
        let message = event.payload.get("message");
        let text = |k: &str| {
            message
                .and_then(|m| m.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        // The sender's name, when the chat was on the list (a new lead is not yet).
        let name = event
            .thread_id()
            .filter(|_| !is_open)
            .and_then(|thread| ctx.live.names.with_value(|n| n.get(thread).cloned()));
        let lang = crate::i18n::current_lang();
        ctx.live.announcement.set(spoken(
            crate::i18n::translate(lang, "Pesan baru"),
            crate::i18n::translate(lang, "dari"),
            name.as_deref(),
            &text("body"),
            &text("messageType"),
        ));
        let hidden = document().hidden();
        if !hidden && is_open {
            return;
        }
        if hidden {
            ctx.live.unseen.update(|n| *n += 1);
        }
        use leptos::web_sys::{Notification, NotificationOptions, NotificationPermission};
        if Notification::permission() == NotificationPermission::Granted {
            let message = event.payload.get("message");
            let body = message
                .and_then(|m| m.get("body"))
                .and_then(|b| b.as_str())
                .unwrap_or_default();
            let options = NotificationOptions::new();
            options.set_body(body);
            if let Some(thread) = event.thread_id() {
                options.set_tag(thread);
            }
            let t = crate::i18n::translate(crate::i18n::current_lang(), "Pesan baru");
            let _ = Notification::new_with_options(t, &options);
        }
    }
}

/// What a screen reader says of a new message: "Pesan baru dari Budi: Halo", the text
/// cut at 120 characters, and the kind of attachment when there is no text.
// Called from the browser's event handler only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(super) fn spoken(
    new_message: &str,
    from: &str,
    name: Option<&str>,
    body: &str,
    message_type: &str,
) -> String {
    let mut said = match name {
        Some(name) => format!("{new_message} {from} {name}"),
        None => new_message.to_owned(),
    };
    let body = body.trim();
    let what = if body.is_empty() {
        message_type.trim()
    } else {
        body
    };
    if !what.is_empty() {
        let cut: String = what.chars().take(120).collect();
        let more = if what.chars().count() > 120 {
            "…"
        } else {
            ""
        };
        said.push_str(&format!(": {cut}{more}"));
    }
    said
}

#[cfg(feature = "hydrate")]
fn badge_clears_when_seen(live: Live) {
    let handle = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if !document().hidden() {
            live.unseen.set(0);
        }
    });
    on_cleanup(move || handle.remove());
}

/// The page title with the unseen count: "(3) Serambi".
pub(super) fn title(unseen: u32) -> String {
    if unseen == 0 {
        "Serambi".to_owned()
    } else {
        format!("({unseen}) Serambi")
    }
}

/// Asks for permission to show notifications, from a button the agent pressed (never
/// on page load: browsers and people both dislike that).
#[component]
pub(super) fn NotifyButton() -> impl IntoView {
    let t = crate::i18n::use_t();
    let ask = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use leptos::web_sys::{Notification, NotificationPermission};
        ask.set(Notification::permission() == NotificationPermission::Default);
    });
    view! {
        <Show when=move || ask.get()>
            <button
                type="button"
                class="rounded-lg px-2 py-1 text-sm hover:bg-emerald-700"
                data-testid="enable-notifications"
                title=t("Beri tahu saya saat ada pesan baru")
                aria-label=t("Aktifkan notifikasi")
                on:click=move |_| {
                    ask.set(false);
                    #[cfg(feature = "hydrate")]
                    {
                        let _ = leptos::web_sys::Notification::request_permission();
                    }
                }
            >
                "🔕"
                // The word only where there is room for it.
                <span class="ml-1 hidden lg:inline">{move || t("Aktifkan notifikasi")}</span>
            </button>
        </Show>
    }
}

/// "Menyambung ulang…" while the connection is down (after it was up once).
#[component]
pub(super) fn ConnectionStatus() -> impl IntoView {
    let t = crate::i18n::use_t();
    let live = InboxCtx::get().live;
    view! {
        <span
            class="rounded bg-amber-400/90 px-2 text-xs font-medium text-amber-950 empty:hidden"
            role="status"
            aria-live="polite"
            data-testid="connection-status"
            data-state=move || match live.status.get() {
                Status::Connecting => "connecting",
                Status::Live => "live",
                Status::Reconnecting => "reconnecting",
            }
        >
            {move || (live.status.get() == Status::Reconnecting).then(|| t("Menyambung ulang…"))}
        </span>
    }
}

/// The polite live region through which screen readers hear new messages.
#[component]
pub(super) fn Announcer() -> impl IntoView {
    let live = InboxCtx::get().live;
    view! {
        <p class="sr-only" role="status" aria-live="polite" data-testid="announcer">
            {move || live.announcement.get()}
        </p>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_new_message_is_spoken_with_its_sender_and_text() {
        use super::spoken;
        assert_eq!(
            spoken("Pesan baru", "dari", Some("Budi"), "Halo kak", "text"),
            "Pesan baru dari Budi: Halo kak"
        );
        assert_eq!(
            spoken("Pesan baru", "dari", None, " Halo ", "text"),
            "Pesan baru: Halo"
        );
        assert_eq!(
            spoken("New message", "from", None, "", "image"),
            "New message: image"
        );
        assert_eq!(spoken("Pesan baru", "dari", None, "", ""), "Pesan baru");
        let long = "a".repeat(130);
        assert_eq!(
            spoken("Pesan baru", "dari", None, &long, "text"),
            format!("Pesan baru: {}…", "a".repeat(120))
        );
    }

    #[test]
    fn the_title_counts_unseen_messages() {
        assert_eq!(super::title(0), "Serambi");
        assert_eq!(super::title(3), "(3) Serambi");
    }
}
