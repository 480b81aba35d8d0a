//! The sender profile dialog: who wrote, what the provider knows about them, and the
//! saved contact, which can be added, changed and deleted here.

use super::{
    contact_form::{ContactForm, form_start},
    page::InboxCtx,
};
use crate::{
    contacts::{ContactView, SenderProfile, delete_contact, load_profile, rating_stars},
    ui::{Avatar, Modal, RelativeTime, explain},
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
                    <p class="py-6 text-center text-sm text-slate-600">{move || t("Memuat…")}</p>
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
    let name = crate::domain::contact_name(
        profile.contact.as_ref().map(|c| c.name.as_str()),
        profile.profile_name.as_deref(),
    )
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
    let start = form_start(&profile);
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
                            <p class="text-xs text-slate-600">
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

/// The saved contact's facts worth a row, in order: the name always, the rest only when
/// filled in (coordinates only with both halves).
fn fact_rows(contact: &ContactView) -> Vec<(&'static str, String)> {
    [
        ("Nama", Some(contact.name.clone())),
        ("Email", contact.email.clone()),
        ("Situs", contact.website.clone()),
        ("Usaha", contact.business_name.clone()),
        ("Alamat", contact.address.clone()),
        ("Kota", contact.city.clone()),
        ("Negara", contact.country.clone()),
        ("Penilaian", contact.rating.map(rating_stars)),
        (
            "Koordinat",
            contact
                .latitude
                .zip(contact.longitude)
                .map(|(a, b)| format!("{a}, {b}")),
        ),
        ("Catatan", contact.notes.clone()),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.map(|v| (label, v)))
    .collect()
}

#[component]
fn ContactFacts(contact: ContactView) -> impl IntoView {
    view! {
        <dl class="grid grid-cols-3 gap-x-2 gap-y-1 text-sm" data-testid="contact-facts">
            {fact_rows(&contact)
                .into_iter()
                .map(|(label, value)| {
                    view! {
                        <dt class="text-slate-600">{label}</dt>
                        <dd class="col-span-2 break-words">{value}</dd>
                    }
                })
                .collect_view()}
        </dl>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::{fact_rows, rating_stars};
    use crate::inbox::contact_form::tests::saved;

    #[test]
    fn a_bare_contact_shows_only_its_name() {
        assert_eq!(fact_rows(&saved()), [("Nama", "Budi".to_string())]);
    }

    #[test]
    fn only_filled_facts_show_in_their_order() {
        let mut contact = saved();
        contact.notes = Some("Pelanggan lama".into());
        contact.email = Some("budi@example.com".into());
        contact.rating = Some(4.2);
        contact.state = Some("Jawa Barat".into());
        contact.latitude = Some(-6.2);
        let rows = fact_rows(&contact);
        let labels: Vec<_> = rows.iter().map(|(label, _)| *label).collect();
        assert_eq!(labels, ["Nama", "Email", "Penilaian", "Catatan"]);
        assert_eq!(rows[2].1, rating_stars(4.2));

        contact.longitude = Some(106.8);
        assert!(fact_rows(&contact).contains(&("Koordinat", "-6.2, 106.8".to_string())));
    }
}
