//! The frame of every admin page: the top bar, the navigation between the pages
//! (extended as pages are added) and the answer for someone who may not be there.

use crate::{
    auth::{CurrentUser, Logout},
    error::AppError,
    ui::{ErrorPanel, LangSwitch},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A page of the admin area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `/admin/labels`: admins manage, agents read.
    Labels,
    /// `/admin/spam` (admins).
    Spam,
    /// `/admin/auto-reply` (admins).
    AutoReply,
    /// `/admin/templates`: admins write, agents read.
    Templates,
    /// `/admin/team` (admins).
    Team,
    /// `/admin/accounts` (admins).
    Accounts,
    /// `/admin/settings` (admins).
    Settings,
    /// `/admin/analytics` (admins).
    Analytics,
    /// `/admin/notifications`: everyone's own.
    Notifications,
    /// `/admin/audit` (admins): every admin change.
    Audit,
}

impl Section {
    /// The navigation, in order: `(section, path, label)`.
    pub const ALL: [(Section, &'static str, &'static str); 10] = [
        (Section::Analytics, "/admin/analytics", "Analitik"),
        (Section::Team, "/admin/team", "Tim"),
        (Section::Accounts, "/admin/accounts", "Akun WhatsApp"),
        (Section::Templates, "/admin/templates", "Template"),
        (Section::Labels, "/admin/labels", "Label"),
        (Section::Spam, "/admin/spam", "Filter spam"),
        (Section::AutoReply, "/admin/auto-reply", "Balasan otomatis"),
        (Section::Notifications, "/admin/notifications", "Notifikasi"),
        (Section::Settings, "/admin/settings", "Pengaturan"),
        (Section::Audit, "/admin/audit", "Jejak audit"),
    ];

    /// Whether `user` may open it (the server checks again on every call).
    pub fn open_to(self, user: &CurrentUser) -> bool {
        match self {
            Section::Labels | Section::Templates | Section::Notifications => true,
            Section::Spam
            | Section::AutoReply
            | Section::Team
            | Section::Accounts
            | Section::Settings
            | Section::Analytics
            | Section::Audit => user.is_admin(),
        }
    }

    fn title(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(s, ..)| *s == self)
            .map_or("Admin", |(.., label)| *label)
    }
}

/// The admin frame around `children`, for `section`, once `me` says who is looking:
/// the not-allowed page for someone the section is not open to.
#[component]
pub fn AdminShell(
    /// Which page this is.
    section: Section,
    /// The logged-in user.
    me: Resource<Result<CurrentUser, AppError>>,
    /// The page itself, rendered for whoever may see it.
    children: ChildrenFn,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let children = StoredValue::new(children);
    view! {
        <Title text=move || format!("{} · Serambi", t(section.title())) />
        <Suspense fallback=|| {
            view! { <p class="p-6 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                me.get()
                    .map(|me| match me {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(user) => {
                            let allowed = section.open_to(&user);
                            provide_context(user.clone());
                            // The pages read the user from here rather than from `me`
                            // in a suspense boundary of their own: two boundaries on one
                            // resource can deadlock Leptos's server rendering
                            // (leptos-rs/leptos#4673).
                            view! {
                                <TopBar user=user.clone() section />
                                <main class="mx-auto w-full max-w-4xl p-3 sm:p-6">
                                    {if allowed {
                                        children.with_value(|c| c()).into_any()
                                    } else {
                                        view! { <NotAllowed /> }.into_any()
                                    }}
                                </main>
                                <PageReady section />
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// Marks the body once this page's own code (a lazy chunk, fetched after the main
/// bundle) has taken over: `data-admin-page="/admin/…"`. Before that, a click on the
/// page does nothing and a form submits as plain HTML; end-to-end tests wait for it.
#[component]
fn PageReady(section: Section) -> impl IntoView {
    Effect::new(move |_| {
        let path = Section::ALL
            .iter()
            .find(|(s, ..)| *s == section)
            .map_or("", |(_, path, _)| *path);
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-admin-page", path);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = path;
    });
}

/// The bar with the navigation, who is logged in and log out.
#[component]
fn TopBar(user: CurrentUser, section: Section) -> impl IntoView {
    let t = crate::i18n::use_t();
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            // The app's saved inbox goes with the session.
            #[cfg(feature = "hydrate")]
            leptos::task::spawn_local(async {
                crate::pwa::forget_last_list().await;
                let _ = window().location().set_href("/login");
            });
        }
    });
    let links = Section::ALL
        .iter()
        .filter(|(s, ..)| s.open_to(&user))
        .map(|&(s, path, label)| {
            let current = (s == section).then_some("page");
            view! {
                <a
                    href=path
                    aria-current=current
                    class="whitespace-nowrap rounded-t-lg px-3 py-2 text-sm font-medium text-emerald-50 hover:bg-emerald-700 aria-[current=page]:bg-slate-100 aria-[current=page]:text-emerald-900"
                >
                    {move || t(label)}
                </a>
            }
        })
        .collect_view();
    view! {
        <header class="bg-emerald-800 text-white">
            <div class="flex items-center gap-3 px-4 py-2">
                <span class="text-lg font-bold">"Serambi"</span>
                <span class="rounded bg-emerald-900/60 px-1.5 py-0.5 text-xs">
                    {if user.is_admin() { "Admin" } else { "Agen" }}
                </span>
                <span class="ml-auto truncate text-sm" data-testid="current-user">
                    {user.name.clone()}
                </span>
                <LangSwitch />
                <ActionForm action=logout>
                    <button
                        type="submit"
                        class="min-h-11 rounded-lg px-3 py-1 text-sm font-medium hover:bg-emerald-700"
                    >
                        {move || t("Keluar")}
                    </button>
                </ActionForm>
            </div>
            <nav aria-label="Admin" class="flex gap-1 overflow-x-auto px-2">
                <a
                    href="/inbox"
                    class="whitespace-nowrap rounded-t-lg px-3 py-2 text-sm font-medium text-emerald-50 hover:bg-emerald-700"
                >
                    {move || t("Kotak Masuk")}
                </a>
                {links}
            </nav>
        </header>
    }
}

/// What someone sees on a page that is not for them: a clear answer and a way back,
/// with HTTP 403 when the server renders it.
#[component]
pub fn NotAllowed() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::FORBIDDEN);
    }
    let t = crate::i18n::use_t();
    view! {
        <section
            data-testid="not-allowed"
            class="mx-auto mt-10 max-w-md rounded-xl bg-white p-6 text-center shadow-sm ring-1 ring-slate-200"
        >
            <h1 class="text-xl font-bold">{move || t("Halaman ini khusus admin")}</h1>
            <p class="mt-2 text-slate-600">
                {move || t(
                    "Akun Anda tidak punya akses ke halaman ini. Minta admin bila Anda memerlukannya.",
                )}
            </p>
            <a href="/inbox" class="mt-4 inline-block text-emerald-700 underline">
                {move || t("Kembali ke Kotak Masuk")}
            </a>
        </section>
    }
}
