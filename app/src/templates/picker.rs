//! The composer's template picker: opened with its button or by typing `/` at the
//! start of the text, filtered as the agent types, most points first, driven from the
//! keyboard (↑ ↓ Enter Esc) while the focus stays in the text box.

use super::{TemplateView, rules::match_rank, server_fns::load_templates};
use crate::domain::placeholders::{Values, fill};
use leptos::prelude::*;

/// Most templates shown at once.
const SHOWN: usize = 8;

/// The picker's state, shared by the composer (which owns the keyboard) and the list.
#[derive(Clone, Copy)]
pub struct PickerState {
    /// Shown.
    pub open: RwSignal<bool>,
    /// What was typed after `/` (or nothing, when opened from the button).
    pub query: RwSignal<String>,
    /// The highlighted row.
    pub active: RwSignal<usize>,
    /// Only approved templates (WhatsApp's 24-hour window is closed).
    pub only_approved: bool,
    /// Loaded once, when first opened (`None` until the answer arrives).
    templates: RwSignal<Option<Result<Vec<TemplateView>, String>>>,
    requested: StoredValue<bool>,
}

impl PickerState {
    /// A closed picker; `only_approved` when free text may not be sent.
    pub fn new(only_approved: bool) -> Self {
        Self {
            open: RwSignal::new(false),
            query: RwSignal::new(String::new()),
            active: RwSignal::new(0),
            only_approved,
            templates: RwSignal::new(None),
            requested: StoredValue::new(false),
        }
    }

    /// Opens the picker for `query`, loading the templates the first time.
    pub fn show(self, query: String) {
        if self.query.get_untracked() != query {
            self.active.set(0);
            self.query.set(query);
        }
        self.open.set(true);
        if !self.requested.get_value() {
            self.requested.set_value(true);
            leptos::task::spawn_local(async move {
                let loaded = load_templates().await.map_err(|e| crate::ui::explain(&e));
                self.templates.set(Some(loaded));
            });
        }
    }

    /// Closes the picker.
    pub fn hide(self) {
        self.open.set(false);
        self.active.set(0);
    }

    /// The templates that answer the query, best first.
    pub fn matches(self) -> Vec<TemplateView> {
        let query = self.query.get();
        let only_approved = self.only_approved;
        self.templates.with(|loaded| {
            let Some(Ok(all)) = loaded else {
                return Vec::new();
            };
            let mut ranked: Vec<(u8, &TemplateView)> = all
                .iter()
                .filter(|t| !only_approved || t.approved())
                .filter_map(|t| {
                    match_rank(&query, &t.title, t.shortcut.as_deref(), &t.body).map(|r| (r, t))
                })
                .collect();
            // Stable: the server's order (most points first) breaks ties.
            ranked.sort_by_key(|(rank, t)| (*rank, -t.points));
            ranked
                .into_iter()
                .take(SHOWN)
                .map(|(_, t)| t.clone())
                .collect()
        })
    }

    /// Moves the highlight by `step` rows, wrapping.
    pub fn step(self, step: isize) {
        let n = self.matches().len();
        if n == 0 {
            return;
        }
        let at = self.active.get_untracked() as isize;
        self.active.set((at + step).rem_euclid(n as isize) as usize);
    }

    /// The highlighted template.
    pub fn chosen(self) -> Option<TemplateView> {
        self.matches().into_iter().nth(self.active.get_untracked())
    }
}

/// `template`'s text for this conversation.
pub fn filled(template: &TemplateView, values: &Values<'_>) -> String {
    fill(&template.body, values)
}

/// The list under the composer's text box. Its code is a chunk of its own
/// (`#[lazy]`), fetched the first time the picker opens.
#[component]
pub fn TemplatePicker(
    /// Shared with the composer.
    state: PickerState,
    /// Called with the chosen template.
    on_pick: Callback<TemplateView>,
) -> impl IntoView {
    view! {
        <Show when=move || state.open.get()>
            <Suspense>{move || Suspend::new(picker_list(state, on_pick))}</Suspense>
        </Show>
    }
}

/// The open picker: the matching templates, most points first.
#[lazy]
fn picker_list(state: PickerState, on_pick: Callback<TemplateView>) -> AnyView {
    let t = crate::i18n::use_t();
    let loading = move || state.templates.with(Option::is_none);
    let failed = move || {
        state
            .templates
            .with(|l| l.as_ref().and_then(|r| r.clone().err()))
    };
    view! {
        <div
            class="mb-1 max-h-72 overflow-y-auto rounded-lg border border-slate-200 bg-white shadow-lg"
            data-testid="template-picker"
        >
            <p class="border-b border-slate-100 px-3 py-1 text-xs text-slate-600">
                {move || {
                    if state.only_approved {
                        t("Template yang disetujui WhatsApp")
                    } else {
                        t("Template · ↑↓ pilih, Enter pakai, Esc tutup")
                    }
                }}
            </p>
            <ul role="listbox" aria-label=t("Template")>
                {move || {
                    let rows = state.matches();
                    if rows.is_empty() && !loading() && failed().is_none() {
                        return view! {
                            <li class="px-3 py-2 text-sm text-slate-600">
                                {t("Tidak ada template yang cocok.")}
                            </li>
                        }
                            .into_any();
                    }
                    rows.into_iter()
                        .enumerate()
                        .map(|(i, tpl)| {
                            let selected = move || state.active.get() == i;
                            let pick = tpl.clone();
                            view! {
                                <li
                                    role="option"
                                    aria-selected=move || selected().to_string()
                                    class=move || {
                                        format!(
                                            "cursor-pointer px-3 py-1.5 text-sm {}",
                                            if selected() {
                                                "bg-emerald-50"
                                            } else {
                                                "hover:bg-slate-50"
                                            },
                                        )
                                    }
                                    data-testid="template-option"
                                    on:mousedown=move |ev| {
                                        ev.prevent_default();
                                        on_pick.run(pick.clone());
                                    }
                                >
                                    <span class="flex items-center gap-2">
                                        <span class="font-medium">{tpl.title.clone()}</span>
                                        {tpl
                                            .shortcut
                                            .clone()
                                            .map(|s| {
                                                view! {
                                                    <span class="text-xs text-slate-600">"/" {s}</span>
                                                }
                                            })}
                                        {tpl
                                            .approved()
                                            .then(|| {
                                                view! {
                                                    <span class="rounded bg-emerald-100 px-1 text-xs text-emerald-900">
                                                        "✓ WhatsApp"
                                                    </span>
                                                }
                                            })}
                                        <span class="ml-auto text-xs text-slate-600">
                                            {format!("{} pts", tpl.points)}
                                        </span>
                                    </span>
                                    <span class="block truncate text-xs text-slate-600">
                                        {tpl.body.clone()}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                        .into_any()
                }}
            </ul>
            {move || {
                failed()
                    .map(|why| {
                        view! {
                            <p role="alert" class="px-3 py-2 text-xs text-red-700">
                                {why}
                            </p>
                        }
                    })
            }}
        </div>
    }
    .into_any()
}
