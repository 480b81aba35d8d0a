//! Errors as people read them: a panel with a retry for a failed load, a line under a
//! form, and the text of an error the agent can act on.

use crate::ui::EraseOnServer;
use crate::{
    error::AppError,
    i18n::{Lang, translate},
};
use leptos::prelude::*;

/// A clear error with a way to try again (a full reload, so nothing stale stays).
#[component]
pub fn ErrorPanel(
    /// What failed.
    error: AppError,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <div role="alert" class="m-4 rounded-lg bg-red-50 p-4 text-sm text-red-800">
            <p class="font-semibold">{move || t("Gagal memuat data.")}</p>
            <p class="mt-1">{error.to_string()}</p>
            <button
                class="mt-2 rounded bg-red-700 px-3 py-1 text-white"
                on:click=|_| {
                    #[cfg(feature = "hydrate")]
                    {
                        let _ = window().location().reload();
                    }
                }
            >
                {move || t("Coba lagi")}
            </button>
        </div>
    }
    .erase_on_server()
}

/// The error of a form or a row, if there is one: a line of red text that screen
/// readers announce.
#[component]
pub fn ErrorLine(
    /// What to show; nothing while `None`.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Layout classes besides the text's own (margins, grid span).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <p role="alert" class=format!("text-sm text-red-700 {class}")>
                    {m}
                </p>
            }
        })
    }
}

/// An error as the agent should read it, in the interface language: what happened and
/// what to do, rather than the error's technical text where there is a better one.
pub fn explain(e: &AppError) -> String {
    explain_in(crate::i18n::current_lang(), e)
}

/// [`explain`] in `lang`.
pub fn explain_in(lang: Lang, e: &AppError) -> String {
    let t = |text| translate(lang, text);
    match e {
        AppError::OutsideWindow => t("Di luar jendela 24 jam WhatsApp: pelanggan belum menulis dalam 24 jam terakhir. Kirim template yang disetujui.").to_owned(),
        AppError::Forbidden => t("Percakapan ini milik agen lain.").to_owned(),
        AppError::Validation { field, message } => format!("{field}: {message}"),
        AppError::Unauthorized => t("Sesi berakhir. Silakan masuk lagi.").to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_the_agent_can_act_on_say_what_to_do() {
        let outside = explain_in(Lang::Id, &AppError::OutsideWindow);
        assert!(outside.contains("template"), "{outside}");
        assert_eq!(
            explain_in(Lang::Id, &AppError::Forbidden),
            "Percakapan ini milik agen lain."
        );
        assert_eq!(
            explain_in(Lang::Id, &AppError::validation("body", "is empty")),
            "body: is empty"
        );
        assert_ne!(
            explain_in(Lang::En, &AppError::Unauthorized),
            explain_in(Lang::Id, &AppError::Unauthorized),
            "translated"
        );
        let other = AppError::NotFound("thread x".into());
        assert_eq!(explain_in(Lang::En, &other), other.to_string());
    }
}
