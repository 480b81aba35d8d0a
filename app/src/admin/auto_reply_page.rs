//! `/admin/auto-reply` (admins): the patterns that mark a message as a machine's
//! answer, one per line, and a preview box that shows which patterns and which spam
//! keyword a pasted message meets.

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    auto_reply::{
        PatternList, Preview,
        server_fns::{load_patterns, preview_text, save_patterns},
    },
    error::AppError,
    ui::{ErrorPanel, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// The page's data, loaded with its code.
pub struct AutoReplyRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    patterns: Resource<Result<PatternList, AppError>>,
}

#[lazy_route]
impl LazyRoute for AutoReplyRoute {
    fn data() -> Self {
        Self {
            me: Resource::new(|| (), |_| whoami()),
            patterns: Resource::new(|| (), |_| load_patterns()),
        }
    }

    fn view(this: Self) -> AnyView {
        let AutoReplyRoute { me, patterns } = this;
        view! {
            <AdminShell section=Section::AutoReply me>
                <Suspense fallback=|| {
                    view! { <p class="text-slate-600">"Memuat…"</p> }
                }>
                    {move || {
                        patterns
                            .get()
                            .map(|r| match r {
                                Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                                Ok(list) => view! { <Patterns stored=list.patterns /> }.into_any(),
                            })
                    }}
                </Suspense>
            </AdminShell>
        }
        .into_any()
    }
}

/// The patterns as an editable list, one per line, and the preview.
#[component]
fn Patterns(stored: Vec<String>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let text = RwSignal::new(stored.join("\n"));
    let lines = move || {
        text.with(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    };
    let saved = RwSignal::new(None::<Result<(), String>>);
    let save = Action::new(move |p: &Vec<String>| {
        let p = p.clone();
        async move { save_patterns(p).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            saved.set(Some(match r {
                Ok(list) => {
                    text.set(list.patterns.join("\n"));
                    Ok(())
                }
                Err(e) => Err(explain(&e)),
            }));
        }
    });
    let sample = RwSignal::new(String::new());
    let tried = Action::new(move |(s, p): &(String, Vec<String>)| {
        let (s, p) = (s.clone(), p.clone());
        async move { preview_text(s, Some(p)).await }
    });
    view! {
        <h1 class="text-2xl font-bold">{move || t("Balasan otomatis")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Pesan yang cocok dengan salah satu pola ditandai 🤖. Pola adalah ekspresi reguler, tanpa membedakan huruf besar/kecil, satu per baris.",
            )}
        </p>
        <form
            class="mt-4 flex flex-col gap-2 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
            on:submit=move |ev| {
                ev.prevent_default();
                saved.set(None);
                save.dispatch(lines());
            }
        >
            <label class="text-sm font-medium" for="patterns">
                {move || t("Pola")}
            </label>
            <textarea
                id="patterns"
                data-testid="patterns"
                rows="8"
                class="w-full rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm"
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            {move || match saved.get() {
                Some(Ok(())) => {
                    Some(
                        view! {
                            <p role="status" class="text-sm text-emerald-800">
                                {t("Tersimpan. Berlaku untuk pesan berikutnya.")}
                            </p>
                        }
                            .into_any(),
                    )
                }
                Some(Err(m)) => {
                    Some(
                        view! {
                            <p role="alert" class="text-sm text-red-700">
                                {m}
                            </p>
                        }
                            .into_any(),
                    )
                }
                None => None,
            }}
            <button
                type="submit"
                class="min-h-11 self-start rounded-lg bg-emerald-700 px-4 font-medium text-white"
            >
                {move || t("Simpan")}
            </button>
        </form>
        <section class="mt-6 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
            <h2 class="text-lg font-semibold">{move || t("Coba pesan")}</h2>
            <label class="mt-2 block text-sm">
                <span class="sr-only">{move || t("Teks pesan")}</span>
                <textarea
                    data-testid="preview-text"
                    rows="3"
                    class="w-full rounded-lg border border-slate-300 px-3 py-2"
                    placeholder=move || t("Tempel pesan di sini")
                    prop:value=move || sample.get()
                    on:input=move |ev| sample.set(event_target_value(&ev))
                ></textarea>
            </label>
            <button
                type="button"
                class="mt-2 min-h-11 rounded-lg px-4 font-medium text-emerald-800 ring-1 ring-emerald-200"
                on:click=move |_| {
                    tried.dispatch((sample.get_untracked(), lines()));
                }
            >
                {move || t("Periksa")}
            </button>
            <div data-testid="preview-result" aria-live="polite">
                {move || {
                    tried
                        .value()
                        .get()
                        .map(|r| match r {
                            Err(e) => {
                                view! {
                                    <p role="alert" class="mt-2 text-sm text-red-700">
                                        {explain(&e)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(p) => view! { <PreviewResult p /> }.into_any(),
                        })
                }}
            </div>
        </section>
    }
}

/// What the preview found.
#[component]
fn PreviewResult(p: Preview) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <ul class="mt-2 space-y-1 text-sm">
            <li>
                {if p.auto_reply_patterns.is_empty() {
                    t("👤 Bukan balasan otomatis.").to_owned()
                } else {
                    format!(
                        "🤖 {} {}",
                        t("Balasan otomatis, cocok dengan:"),
                        p.auto_reply_patterns.join(", "),
                    )
                }}
            </li>
            <li>
                {match p.spam_keyword {
                    Some(k) => {
                        format!("🚫 {} “{k}”", t("Diblokir filter spam oleh kata kunci"))
                    }
                    None => t("✅ Lolos filter spam.").to_owned(),
                }}
            </li>
        </ul>
    }
}
