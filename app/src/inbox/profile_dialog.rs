//! The sender profile dialog: who wrote, what the provider knows about them, and the
//! saved contact, which can be added, changed and deleted here.

use super::{composer::explain, page::InboxCtx};
use crate::{
    contacts::{
        ContactInput, ContactView, SenderProfile, delete_contact, load_profile, save_contact,
    },
    ui::{Avatar, Modal, RelativeTime},
};
use leptos::prelude::*;

/// The dialog for the number and account in `InboxCtx::profile`.
#[component]
pub fn ProfileDialog(account_id: String, number: String) -> impl IntoView {
    let t = crate::i18n::use_t();
    let ctx = InboxCtx::get();
    let version = RwSignal::new(0u32);
    let profile = LocalResource::new(move || {
        version.get();
        load_profile(account_id.clone(), number.clone())
    });
    let close = move || ctx.profile.set(None);
    view! {
        <Modal
            title="Profil Pengirim"
            title_id="profile-title"
            testid="profile-dialog"
            on_close=Callback::new(move |()| close())
        >
            <Suspense fallback=move || {
                view! {
                    <p class="py-6 text-center text-sm text-slate-500">{move || t("Memuat…")}</p>
                }
            }>
                {move || {
                    profile
                        .get()
                        .map(|r| match r {
                            Ok(p) => view! { <ProfileBody profile=p version=version /> }.into_any(),
                            Err(e) => {
                                view! {
                                    <p role="alert" class="py-4 text-sm text-red-700">
                                        {explain(&e)}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </Modal>
    }
    .into_any()
}

#[component]
fn ProfileBody(profile: SenderProfile, version: RwSignal<u32>) -> impl IntoView {
    let t = crate::i18n::use_t();
    let editing = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let name = profile
        .contact
        .as_ref()
        .map(|c| c.name.clone())
        .or_else(|| profile.profile_name.clone())
        .unwrap_or_else(|| profile.display.clone());
    let contact = profile.contact.clone();
    let contact_id = contact.as_ref().map(|c| c.id);
    let on_delete = move |_| {
        let Some(id) = contact_id else {
            return;
        };
        if !confirm_delete.get_untracked() {
            confirm_delete.set(true);
            return;
        }
        leptos::task::spawn_local(async move {
            match delete_contact(id).await {
                Ok(()) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(explain(&e))),
            }
        });
    };
    let start = profile.contact.clone().map_or_else(
        || ContactInput {
            phone_number: profile.phone_number.clone(),
            name: profile.profile_name.clone().unwrap_or_default(),
            ..Default::default()
        },
        |c| to_input(&c),
    );
    view! {
        <div class="mt-3 flex items-center gap-3">
            <span class="scale-150 p-2">
                <Avatar name=name.clone() />
            </span>
            <div class="min-w-0">
                <p class="truncate text-base font-semibold" data-testid="profile-name">
                    {profile.profile_name.clone().unwrap_or_else(|| t("Tanpa nama profil").into())}
                </p>
                <p class="text-sm text-slate-600">{profile.display.clone()}</p>
                {profile
                    .last_contacted_at
                    .map(|at| {
                        view! {
                            <p class="text-xs text-slate-500">
                                {t("Terakhir dihubungi ")} <RelativeTime at=at />
                            </p>
                        }
                    })}
            </div>
        </div>
        <p class="mt-3 rounded bg-slate-50 px-3 py-2 text-xs text-slate-600">
            {profile.provider_note.clone()}
        </p>
        <section class="mt-4" aria-label=move || t("Kontak")>
            <Show
                when=move || editing.get()
                fallback=move || match contact.clone() {
                    Some(c) => {
                        view! {
                            <ContactFacts contact=c />
                            <div class="mt-3 flex gap-2">
                                <button
                                    type="button"
                                    class="rounded-lg bg-slate-100 px-3 py-1.5 text-sm font-medium hover:bg-slate-200"
                                    on:click=move |_| editing.set(true)
                                >
                                    {move || t("Ubah")}
                                </button>
                                <button
                                    type="button"
                                    class="rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50"
                                    data-testid="delete-contact"
                                    on:click=on_delete
                                >
                                    {move || {
                                        t(
                                            if confirm_delete.get() { "Yakin hapus?" } else { "Hapus" },
                                        )
                                    }}
                                </button>
                            </div>
                        }
                            .into_any()
                    }
                    None => {
                        view! {
                            <p class="text-sm text-slate-600" data-testid="not-saved">
                                {move || t("Tidak tersimpan di Kontak")}
                            </p>
                            <button
                                type="button"
                                class="mt-2 rounded-lg bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white"
                                on:click=move |_| editing.set(true)
                            >
                                {move || t("+ Tambah ke Kontak")}
                            </button>
                        }
                            .into_any()
                    }
                }
            >
                <ContactForm start=start.clone() id=contact_id editing=editing version=version />
            </Show>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p role="alert" class="mt-2 text-sm text-red-700">
                                {e}
                            </p>
                        }
                    })
            }}
        </section>
    }
    .into_any()
}

fn to_input(c: &ContactView) -> ContactInput {
    ContactInput {
        phone_number: c.phone_number.clone(),
        name: c.name.clone(),
        address: c.address.clone(),
        city: c.city.clone(),
        state: c.state.clone(),
        country: c.country.clone(),
        postal_code: c.postal_code.clone(),
        email: c.email.clone(),
        website: c.website.clone(),
        business_name: c.business_name.clone(),
        business_category: c.business_category.clone(),
        rating: c.rating,
        reviews: c.reviews,
        is_business: c.is_business,
        latitude: c.latitude,
        longitude: c.longitude,
        notes: c.notes.clone(),
    }
}

#[component]
fn ContactFacts(contact: ContactView) -> impl IntoView {
    let rows: Vec<(&str, Option<String>)> = vec![
        ("Nama", Some(contact.name.clone())),
        ("Email", contact.email.clone()),
        ("Situs", contact.website.clone()),
        ("Usaha", contact.business_name.clone()),
        ("Alamat", contact.address.clone()),
        ("Kota", contact.city.clone()),
        ("Negara", contact.country.clone()),
        ("Penilaian", contact.rating.map(|r| format!("{} / 5", r))),
        (
            "Koordinat",
            contact
                .latitude
                .zip(contact.longitude)
                .map(|(a, b)| format!("{a}, {b}")),
        ),
        ("Catatan", contact.notes.clone()),
    ];
    view! {
        <dl class="grid grid-cols-3 gap-x-2 gap-y-1 text-sm" data-testid="contact-facts">
            {rows
                .into_iter()
                .filter_map(|(label, value)| value.map(|v| (label, v)))
                .map(|(label, value)| {
                    view! {
                        <dt class="text-slate-500">{label}</dt>
                        <dd class="col-span-2 break-words">{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn optional(s: String) -> Option<String> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// The add / change form, checked in the browser first and then by the server.
#[component]
fn ContactForm(
    start: ContactInput,
    id: Option<i64>,
    editing: RwSignal<bool>,
    version: RwSignal<u32>,
) -> impl IntoView {
    let t = crate::i18n::use_t();
    let form = RwSignal::new(start);
    let error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = form.get_untracked();
        if let Err(e) = input.cleaned() {
            error.set(Some(explain(&e)));
            return;
        }
        saving.set(true);
        leptos::task::spawn_local(async move {
            match save_contact(id, input).await {
                Ok(_) => {
                    editing.set(false);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(explain(&e))),
            }
            saving.set(false);
        });
    };
    let field = move |label: &'static str,
                      testid: &'static str,
                      kind: &'static str,
                      get: fn(&ContactInput) -> String,
                      set: fn(&mut ContactInput, String)| {
        view! {
            <label class="block text-sm font-medium">
                {t(label)}
                <input
                    type=kind
                    class="mt-1 w-full rounded-lg border border-slate-300 px-3 py-1.5 font-normal"
                    data-testid=testid
                    prop:value=move || form.with(get)
                    on:input=move |ev| form.update(|f| set(f, event_target_value(&ev)))
                />
            </label>
        }
    };
    view! {
        <form class="space-y-2" on:submit=on_submit data-testid="contact-form">
            {field("Nama", "contact-name", "text", |f| f.name.clone(), |f, v| f.name = v)}
            {field(
                "Email",
                "contact-email",
                "text",
                |f| text(&f.email),
                |f, v| f.email = optional(v),
            )}
            {field(
                "Situs web",
                "contact-website",
                "text",
                |f| text(&f.website),
                |f, v| f.website = optional(v),
            )}
            {field(
                "Nama usaha",
                "contact-business",
                "text",
                |f| text(&f.business_name),
                |f, v| f.business_name = optional(v),
            )}
            {field("Kota", "contact-city", "text", |f| text(&f.city), |f, v| f.city = optional(v))}
            {field(
                "Penilaian (1–5)",
                "contact-rating",
                "number",
                |f| f.rating.map(|r| r.to_string()).unwrap_or_default(),
                |f, v| {
                    f.rating = v
                        .trim()
                        .parse()
                        .ok()
                        .or(if v.trim().is_empty() { None } else { Some(0) });
                },
            )}
            {field(
                "Lintang",
                "contact-latitude",
                "text",
                |f| f.latitude.map(|r| r.to_string()).unwrap_or_default(),
                |f, v| f.latitude = v.trim().parse().ok(),
            )}
            {field(
                "Bujur",
                "contact-longitude",
                "text",
                |f| f.longitude.map(|r| r.to_string()).unwrap_or_default(),
                |f, v| f.longitude = v.trim().parse().ok(),
            )}
            {field(
                "Catatan",
                "contact-notes",
                "text",
                |f| text(&f.notes),
                |f, v| f.notes = optional(v),
            )}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p
                                role="alert"
                                class="text-sm text-red-700"
                                data-testid="contact-error"
                            >
                                {e}
                            </p>
                        }
                    })
            }}
            <div class="flex gap-2 pt-1">
                <button
                    type="submit"
                    class="rounded-lg bg-emerald-700 px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-50"
                    disabled=move || saving.get()
                >
                    {move || t("Simpan")}
                </button>
                <button
                    type="button"
                    class="rounded-lg px-3 py-1.5 text-sm"
                    on:click=move |_| editing.set(false)
                >
                    {move || t("Batal")}
                </button>
            </div>
        </form>
    }
    .into_any()
}
