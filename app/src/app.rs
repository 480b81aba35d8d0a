//! The HTML shell and the router.

use crate::{
    admin::{
        AccountsRoute, AnalyticsRoute, AutoReplyRoute, LabelsRoute, NotificationsRoute,
        SettingsRoute, SpamRoute, TeamRoute, TemplatesRoute,
    },
    audit::AuditRoute,
    auth::LoginPage,
    inbox::InboxPage,
    simulator::SimulatorRoute,
};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Redirect, Route, Router, Routes},
    path,
};

/// The document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="id">
            <head>
                <meta charset="utf-8" />
                // The on-screen keyboard shrinks the page instead of covering its bottom,
                // where the composer is.
                <meta
                    name="viewport"
                    content="width=device-width, initial-scale=1, interactive-widget=resizes-content"
                />
                <meta name="theme-color" content="#065f46" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Installable: an agent adds the inbox to the phone's home screen.
                <link rel="manifest" href="/manifest.webmanifest" />
                <link rel="apple-touch-icon" href="/icons/icon-192.png" />
                // The stylesheet's name carries its content hash (`hash-files`), read
                // from the build's `hash.txt` like the scripts' names.
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="bg-slate-100 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

/// The application: every page and its route.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    crate::i18n::provide_i18n();
    // Tells end-to-end tests (and curious humans) that the wasm has taken over.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
        // The next page the server draws shows times in this browser's zone.
        crate::ui::time::remember_browser_zone();
        crate::pwa::register();
    });
    // Each admin page, and the simulator, is its own wasm chunk, fetched when it is
    // opened. (Bound here: a turbofish does not survive the view macro's formatter.)
    // The admin pages render whole before the first byte is sent (`SsrMode::Async`),
    // so the response's status can say 403 to someone a page is not for.
    let labels: Lazy<LabelsRoute> = Lazy::new();
    let spam: Lazy<SpamRoute> = Lazy::new();
    let auto_reply: Lazy<AutoReplyRoute> = Lazy::new();
    let notifications: Lazy<NotificationsRoute> = Lazy::new();
    let templates: Lazy<TemplatesRoute> = Lazy::new();
    let team: Lazy<TeamRoute> = Lazy::new();
    let accounts: Lazy<AccountsRoute> = Lazy::new();
    let settings: Lazy<SettingsRoute> = Lazy::new();
    let analytics: Lazy<AnalyticsRoute> = Lazy::new();
    let audit: Lazy<AuditRoute> = Lazy::new();
    let simulator: Lazy<SimulatorRoute> = Lazy::new();
    // The inbox streams in order: its HTML carries the list and an open chat's header
    // as plain markup (rows are links), so it reads and works before the wasm arrives
    // and without JavaScript, with no script moving streamed parts into place.
    view! {
        <Title text="Serambi" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/inbox" /> } />
                <Route path=path!("/login") view=LoginPage />
                <Route path=path!("/inbox") view=InboxPage ssr=SsrMode::InOrder />
                <Route path=path!("/admin/inbox") view=InboxPage ssr=SsrMode::InOrder />
                <Route path=path!("/admin") view=|| view! { <Redirect path="/admin/labels" /> } />
                <Route path=path!("/admin/labels") view=labels ssr=SsrMode::Async />
                <Route path=path!("/admin/spam") view=spam ssr=SsrMode::Async />
                <Route path=path!("/admin/auto-reply") view=auto_reply ssr=SsrMode::Async />
                <Route path=path!("/admin/templates") view=templates ssr=SsrMode::Async />
                <Route path=path!("/admin/team") view=team ssr=SsrMode::Async />
                <Route path=path!("/admin/accounts") view=accounts ssr=SsrMode::Async />
                <Route path=path!("/admin/settings") view=settings ssr=SsrMode::Async />
                <Route path=path!("/admin/analytics") view=analytics ssr=SsrMode::Async />
                <Route path=path!("/admin/notifications") view=notifications ssr=SsrMode::Async />
                <Route path=path!("/admin/audit") view=audit ssr=SsrMode::Async />
                <Route path=path!("/dev/simulator") view=simulator />
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="flex min-h-dvh flex-col items-center justify-center gap-2">
            <h1 class="text-2xl font-bold">"Halaman tidak ditemukan"</h1>
            <a href="/inbox" class="text-emerald-700 underline">
                "Kembali ke Kotak Masuk"
            </a>
        </main>
    }
}
