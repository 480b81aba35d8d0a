//! The login page.

use super::Login;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/login`: email and password; on success, on to the inbox (or `?next=`).
#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = login.value().get() {
            let next = query
                .with_untracked(|q| q.get("next"))
                .filter(|n| is_local_path(n))
                .unwrap_or_else(|| "/inbox".to_owned());
            navigate(&next, Default::default());
        }
    });
    // Whoever reaches this page has no session: no list of the last one stays saved
    // on the device (logged out here, elsewhere, or expired).
    #[cfg(feature = "hydrate")]
    Effect::new(|_| leptos::task::spawn_local(crate::pwa::forget_last_list()));
    let error = move || match login.value().get() {
        Some(Err(e)) => Some(login_error_text(&e)),
        _ => None,
    };

    view! {
        <main class="min-h-dvh flex items-center justify-center bg-slate-100 px-4">
            <div class="w-full max-w-sm">
                <div class="mb-6 text-center">
                    <h1 class="text-3xl font-bold tracking-tight text-emerald-700">"Serambi"</h1>
                    <p class="mt-1 text-sm text-slate-600">"Kotak masuk WhatsApp untuk tim Anda"</p>
                </div>
                <ActionForm
                    action=login
                    attr:class="space-y-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200"
                    attr:aria-label="Masuk"
                >
                    <div>
                        <label for="email" class="block text-sm font-medium text-slate-700">
                            "Email"
                        </label>
                        <input
                            id="email"
                            name="email"
                            type="email"
                            autocomplete="username"
                            required
                            class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 focus:border-emerald-600 focus:outline-none focus:ring-2 focus:ring-emerald-600/30"
                        />
                    </div>
                    <div>
                        <label for="password" class="block text-sm font-medium text-slate-700">
                            "Kata sandi"
                        </label>
                        <input
                            id="password"
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2 focus:border-emerald-600 focus:outline-none focus:ring-2 focus:ring-emerald-600/30"
                        />
                    </div>
                    <Show when=move || error().is_some()>
                        <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
                            {error}
                        </p>
                    </Show>
                    <button
                        type="submit"
                        class="w-full rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60"
                        disabled=move || login.pending().get()
                    >
                        {move || if login.pending().get() { "Memproses…" } else { "Masuk" }}
                    </button>
                </ActionForm>
                <DemoHint />
            </div>
        </main>
    }
}

/// The message shown for a failed login; never says whether the email exists.
fn login_error_text(e: &AppError) -> String {
    match e {
        AppError::InvalidCredentials => "Email atau kata sandi salah.".to_owned(),
        AppError::TooManyAttempts { retry_after_secs } => {
            format!("Terlalu banyak percobaan gagal. Coba lagi dalam {retry_after_secs} detik.")
        }
        AppError::Validation { message, .. } => message.clone(),
        _ => "Tidak dapat masuk saat ini. Coba lagi sebentar lagi.".to_owned(),
    }
}

/// In demo mode, the demo logins under the form.
#[component]
fn DemoHint() -> impl IntoView {
    let logins = Resource::new(|| (), |_| async { super::demo_logins().await });
    view! {
        <Suspense>
            {move || {
                logins
                    .get()
                    .and_then(Result::ok)
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        view! {
                            <div class="mt-4 rounded-xl bg-amber-50 p-4 text-xs text-amber-900 ring-1 ring-amber-200">
                                <p class="font-semibold">"Mode demo — akun contoh:"</p>
                                <ul class="mt-1 space-y-0.5 font-mono">
                                    {l
                                        .into_iter()
                                        .map(|(email, password)| {
                                            view! { <li>{email}" / "{password}</li> }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </Suspense>
    }
}

/// Whether `next` (already percent-decoded) stays on this site once the browser has
/// resolved it against the page. Browsers read a backslash as `/` and drop tabs and
/// newlines from URLs, so `/%5Cevil.example` and `/%09/evil.example` both mean
/// `//evil.example`, another host: only a plain path is followed.
pub fn is_local_path(next: &str) -> bool {
    let mut chars = next.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && !next
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_a_path_on_this_site_is_followed_after_login() {
        for ok in [
            "/inbox",
            "/inbox?thread=4&accounts=1,2",
            "/admin/labels",
            "/",
        ] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
            "https://evil.example",
            "evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
