//! The "send as" picker of the new-message dialog.

use leptos::prelude::*;

/// "Kirim sebagai": a required choice among `ids`.
#[component]
pub fn SenderPicker(
    /// The accounts to choose from.
    ids: Vec<String>,
    /// Their names, in the same order.
    names: Vec<String>,
    /// The chosen account (`None` until one is chosen).
    chosen: RwSignal<Option<String>>,
    /// Why a choice is needed.
    hint: &'static str,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    view! {
        <label class="block text-sm font-medium">
            {move || t("Kirim sebagai")}
            <select
                class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-2"
                data-testid="sender-picker"
                required
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    chosen.set(Some(v).filter(|v| !v.is_empty()));
                }
            >
                <option value="" selected=move || chosen.get().is_none()>
                    {move || t("Pilih akun…")}
                </option>
                {ids
                    .into_iter()
                    .zip(names)
                    .map(|(id, name)| {
                        let selected = {
                            let id = id.clone();
                            move || chosen.get().as_deref() == Some(id.as_str())
                        };
                        view! {
                            <option value=id selected=selected>
                                {name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select> <span class="mt-1 block text-xs font-normal text-slate-600">{hint}</span>
        </label>
    }
    .into_any()
}
