//! `/admin/templates`: the quick replies. Admins write them (placeholders, shortcut,
//! and for WhatsApp-approved templates the Content SID and its variables); agents
//! read them, most points first, to know what works.

use super::shell::{AdminShell, Section};
use crate::{
    auth::{CurrentUser, whoami},
    domain::placeholders::{PLACEHOLDERS, Values, fill},
    error::AppError,
    templates::{
        TemplateRequest, TemplateView, rules,
        server_fns::{load_templates, remove_template, save_template},
    },
    ui::{ConfirmBox, ErrorLine, ErrorPanel, explain},
};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};
use std::collections::BTreeMap;

/// The page's data, loaded with its code.
pub struct TemplatesRoute {
    me: Resource<Result<CurrentUser, AppError>>,
    templates: Resource<Result<Vec<TemplateView>, AppError>>,
    reload: RwSignal<u32>,
}

#[lazy_route]
impl LazyRoute for TemplatesRoute {
    fn data() -> Self {
        let reload = RwSignal::new(0);
        Self {
            me: Resource::new(|| (), |_| whoami()),
            templates: Resource::new(move || reload.get(), |_| load_templates()),
            reload,
        }
    }

    fn view(this: Self) -> AnyView {
        let TemplatesRoute {
            me,
            templates,
            reload,
        } = this;
        view! {
            <AdminShell section=Section::Templates me>
                <TemplateManager templates reload />
            </AdminShell>
        }
        .into_any()
    }
}

/// The variables as the form edits them: one `number = text` per line.
fn variables_text(vars: &Option<BTreeMap<String, String>>) -> String {
    vars.iter()
        .flatten()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Reads `number = text` lines back; a line without `=` is refused by its text.
fn parse_variables(text: &str) -> Result<BTreeMap<String, String>, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            line.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| format!("\"{line}\": tulis nomor = isi, misalnya 1 = {{{{nama}}}}"))
        })
        .collect()
}

/// The list and, for admins, the form.
#[component]
fn TemplateManager(
    templates: Resource<Result<Vec<TemplateView>, AppError>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let user = use_context::<CurrentUser>();
    let is_admin = user.as_ref().is_some_and(CurrentUser::is_admin);
    let agent_name = user.map(|u| u.name).unwrap_or_default();
    let agent_name = StoredValue::new(agent_name);
    let done = Callback::new(move |()| reload.update(|n| *n += 1));
    let adding = RwSignal::new(false);
    view! {
        <h1 class="text-2xl font-bold">{move || t("Template")}</h1>
        <p class="mt-1 text-sm text-slate-600">
            {move || t(
                "Balasan cepat untuk composer: ketik / atau tekan ⚡. Template mendapat 3 poin setiap kali pelanggan membalas pesan yang dikirim darinya.",
            )}
        </p>
        <Show when=move || is_admin>
            <Show
                when=move || adding.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="mt-4 min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white hover:bg-emerald-800"
                            data-testid="new-template"
                            on:click=move |_| adding.set(true)
                        >
                            {move || t("+ Template baru")}
                        </button>
                    }
                }
            >
                <TemplateForm
                    id=None
                    start=TemplateRequest::default()
                    agent_name=agent_name.get_value()
                    open=adding
                    on_done=done
                />
            </Show>
        </Show>
        <Suspense fallback=|| {
            view! { <p class="mt-4 text-slate-600">"Memuat…"</p> }
        }>
            {move || {
                templates
                    .get()
                    .map(|r| match r {
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="mt-4 text-slate-600">
                                    {move || t("Belum ada template.")}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            view! {
                                <ul
                                    class="mt-4 divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
                                    data-testid="template-list"
                                >
                                    {list
                                        .into_iter()
                                        .map(|template| {
                                            view! {
                                                <TemplateRow
                                                    template
                                                    is_admin
                                                    agent_name=agent_name.get_value()
                                                    on_done=done
                                                />
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// One template: title, shortcut, approval, points and text; for admins the controls.
#[component]
fn TemplateRow(
    template: TemplateView,
    is_admin: bool,
    agent_name: String,
    on_done: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let id = template.id;
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let remove = Action::new(move |_: &()| async move { remove_template(id).await });
    Effect::new(move |_| {
        if let Some(r) = remove.value().get() {
            confirming.set(false);
            match r {
                Ok(()) => on_done.run(()),
                Err(e) => error.set(Some(explain(&e))),
            }
        }
    });
    let start = TemplateRequest {
        title: template.title.clone(),
        body: template.body.clone(),
        shortcut: template.shortcut.clone(),
        content_sid: template.content_sid.clone(),
        content_variables: template.content_variables.clone(),
    };
    let button = "min-h-11 min-w-11 rounded-lg px-2 text-sm hover:bg-slate-100";
    view! {
        <li class="px-3 py-2" data-testid="template-row" data-title=template.title.clone()>
            <div class="flex flex-wrap items-center gap-2">
                <span class="font-medium">{template.title.clone()}</span>
                {template
                    .shortcut
                    .clone()
                    .map(|s| view! { <span class="text-sm text-slate-600">"/" {s}</span> })}
                {template
                    .approved()
                    .then(|| {
                        view! {
                            <span
                                class="rounded bg-emerald-100 px-1.5 text-xs text-emerald-900"
                                title=template.content_sid.clone()
                            >
                                {move || t("✓ Disetujui WhatsApp")}
                            </span>
                        }
                    })}
                <span class="text-sm text-slate-600" data-testid="template-points">
                    {format!("{} {}", template.points, t("poin"))}
                </span>
                {is_admin
                    .then(|| {
                        view! {
                            <span class="ml-auto flex items-center">
                                <button
                                    type="button"
                                    class=button
                                    on:click=move |_| editing.update(|e| *e = !*e)
                                >
                                    {move || t("Ubah")}
                                </button>
                                <button
                                    type="button"
                                    class=format!("{button} text-red-700")
                                    on:click=move |_| confirming.set(true)
                                >
                                    {move || t("Hapus")}
                                </button>
                            </span>
                        }
                    })}
            </div>
            <p class="mt-1 whitespace-pre-wrap text-sm text-slate-700">{template.body.clone()}</p>
            <ConfirmBox
                open=confirming
                title=Signal::derive(move || t("Hapus template").to_owned())
                message=Signal::derive(move || {
                    t("Template ini hilang dari composer; pesan yang sudah terkirim tetap. Hapus?")
                        .to_owned()
                })
                confirm=Signal::derive(move || t("Ya, hapus").to_owned())
                on_confirm=Callback::new(move |()| {
                    remove.dispatch(());
                })
            />
            <ErrorLine message=error class="mt-1" />
            <Show when=move || editing.get()>
                <TemplateForm
                    id=Some(id)
                    start=start.clone()
                    agent_name=agent_name.clone()
                    open=editing
                    on_done
                />
            </Show>
        </li>
    }
}

/// The form that writes a template: new (`id` empty) or an existing one.
#[component]
fn TemplateForm(
    id: Option<i64>,
    start: TemplateRequest,
    agent_name: String,
    open: RwSignal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let title = RwSignal::new(start.title);
    let body = RwSignal::new(start.body);
    let shortcut = RwSignal::new(start.shortcut.unwrap_or_default());
    let approved = RwSignal::new(start.content_sid.is_some());
    let content_sid = RwSignal::new(start.content_sid.unwrap_or_default());
    let variables = RwSignal::new(variables_text(&start.content_variables));
    let problem = RwSignal::new(None::<String>);
    let body_box = NodeRef::<leptos::html::Textarea>::new();
    let save = Action::new(move |req: &TemplateRequest| {
        let req = req.clone();
        async move { save_template(id, req).await }
    });
    Effect::new(move |_| {
        if let Some(r) = save.value().get() {
            match r {
                Ok(_) => {
                    problem.set(None);
                    open.set(false);
                    on_done.run(());
                }
                Err(e) => problem.set(Some(explain(&e))),
            }
        }
    });
    let request = move || -> Result<TemplateRequest, String> {
        let with_sid = approved.get_untracked();
        let vars = if with_sid {
            parse_variables(&variables.get_untracked())?
        } else {
            BTreeMap::new()
        };
        let req = TemplateRequest {
            title: title.get_untracked(),
            body: body.get_untracked(),
            shortcut: Some(shortcut.get_untracked()),
            content_sid: with_sid.then(|| content_sid.get_untracked()),
            content_variables: Some(vars),
        };
        // The server checks again; this answers before the round trip.
        rules::clean(&req).map_err(|(field, why)| format!("{field}: {why}"))?;
        Ok(req)
    };
    let insert = move |name: &str| {
        let token = format!("{{{{{name}}}}}");
        let at = body_box
            .get()
            .and_then(|b| b.selection_start().ok().flatten())
            .map(|n| n as usize);
        body.update(|b| {
            // The caret counts UTF-16 units; fall back to the end when it does not
            // land on a character boundary of the Rust string.
            let at = at
                .map(|units| {
                    b.char_indices()
                        .scan(0usize, |u, (i, c)| {
                            let here = (*u, i);
                            *u += c.len_utf16();
                            Some(here)
                        })
                        .find(|(u, _)| *u >= units)
                        .map_or(b.len(), |(_, i)| i)
                })
                .unwrap_or(b.len());
            b.insert_str(at, &token);
        });
    };
    let preview = move || {
        let values = Values {
            nama: "Budi Santoso",
            toko: "Toko A",
            agen: &agent_name,
        };
        fill(&body.get(), &values)
    };
    let field = "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2";
    view! {
        <form
            class="mt-3 flex w-full flex-col gap-3 rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200"
            data-testid="template-form"
            on:submit=move |ev| {
                ev.prevent_default();
                match request() {
                    Ok(req) => {
                        problem.set(None);
                        save.dispatch(req);
                    }
                    Err(m) => problem.set(Some(m)),
                }
            }
        >
            <label class="text-sm font-medium">
                {move || t("Judul")}
                <input
                    class=field
                    name="title"
                    maxlength=rules::MAX_TITLE_CHARS.to_string()
                    required
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
            </label>
            <label class="text-sm font-medium">
                {move || t("Isi pesan")}
                <textarea
                    class=format!("{field} min-h-24")
                    name="body"
                    node_ref=body_box
                    required
                    prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))
                ></textarea>
            </label>
            <div class="flex flex-wrap items-center gap-1 text-sm">
                <span class="text-slate-600">{move || t("Sisipkan:")}</span>
                {PLACEHOLDERS
                    .iter()
                    .map(|&p| {
                        view! {
                            <button
                                type="button"
                                class="min-h-11 rounded-lg bg-white px-2 font-mono ring-1 ring-slate-300 hover:bg-slate-100"
                                on:click=move |_| insert(p)
                            >
                                {format!("{{{{{p}}}}}")}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="rounded-lg bg-white p-2 text-sm text-slate-700 ring-1 ring-slate-200">
                <span class="block text-xs text-slate-600">{move || t("Pratinjau")}</span>
                <span class="whitespace-pre-wrap" data-testid="template-preview">
                    {preview}
                </span>
            </p>
            <label class="text-sm font-medium">
                {move || t("Shortcut (opsional)")} <span class="mt-1 flex items-center gap-1">
                    <span class="text-slate-600">"/"</span>
                    <input
                        class="w-48 rounded-lg border border-slate-300 px-3 py-2"
                        name="shortcut"
                        maxlength=rules::MAX_SHORTCUT_CHARS.to_string()
                        prop:value=move || shortcut.get()
                        on:input=move |ev| shortcut.set(event_target_value(&ev))
                    />
                </span>
            </label>
            <label class="flex items-center gap-2 text-sm font-medium">
                <input
                    type="checkbox"
                    class="size-5"
                    name="approved"
                    prop:checked=move || approved.get()
                    on:change=move |ev| approved.set(event_target_checked(&ev))
                />
                {move || t(
                    "Template yang disetujui WhatsApp (bisa dikirim di luar jendela 24 jam)",
                )}
            </label>
            <Show when=move || approved.get()>
                <label class="text-sm font-medium">
                    "Content SID"
                    <input
                        class=format!("{field} font-mono")
                        name="contentSid"
                        placeholder="HX…"
                        prop:value=move || content_sid.get()
                        on:input=move |ev| content_sid.set(event_target_value(&ev))
                    />
                </label>
                <label class="text-sm font-medium">
                    {move || t("Variabel (satu per baris: nomor = isi)")}
                    <textarea
                        class=format!("{field} font-mono")
                        name="contentVariables"
                        placeholder="1 = {{nama}}"
                        prop:value=move || variables.get()
                        on:input=move |ev| variables.set(event_target_value(&ev))
                    ></textarea>
                </label>
            </Show>
            <ErrorLine message=problem />
            <div class="flex gap-2">
                <button
                    type="submit"
                    class="min-h-11 rounded-lg bg-emerald-700 px-4 font-medium text-white hover:bg-emerald-800"
                >
                    {move || t("Simpan")}
                </button>
                <button
                    type="button"
                    class="min-h-11 rounded-lg px-4 hover:bg-slate-200"
                    on:click=move |_| open.set(false)
                >
                    {move || t("Batal")}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_round_trip_through_the_form_text() {
        let vars: BTreeMap<String, String> = [("1", "{{nama}}"), ("2", "{{toko}}")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let text = variables_text(&Some(vars.clone()));
        assert_eq!(text, "1 = {{nama}}\n2 = {{toko}}");
        assert_eq!(parse_variables(&text), Ok(vars));
        assert_eq!(parse_variables("\n  \n"), Ok(BTreeMap::new()));
        assert!(
            parse_variables("1 {{nama}}")
                .unwrap_err()
                .contains("1 {{nama}}")
        );
    }
}
