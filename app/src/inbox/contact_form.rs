//! The add / change form for the saved contact in the sender profile dialog.

use crate::{
    contacts::{ContactInput, ContactView, SenderProfile, save_contact},
    ui::explain,
};
use leptos::prelude::*;

/// What the form starts with: the saved contact as it is, or for a number not saved
/// yet, the number and its WhatsApp profile name so adding it needs no retyping.
pub(super) fn form_start(profile: &SenderProfile) -> ContactInput {
    profile.contact.as_ref().map_or_else(
        || ContactInput {
            phone_number: profile.phone_number.clone(),
            name: profile.profile_name.clone().unwrap_or_default(),
            ..Default::default()
        },
        to_input,
    )
}

// Every field, including those the form does not show, so saving a change keeps them.
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

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn optional(s: String) -> Option<String> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// Empty clears the rating; anything that is not a number becomes 0, out of range, so
/// the check before saving reports it instead of the typed text being quietly dropped.
fn typed_rating(typed: &str) -> Option<f64> {
    crate::contacts::parse_rating(typed).unwrap_or(Some(0.0))
}

/// The add / change form, checked in the browser first and then by the server.
#[component]
pub(super) fn ContactForm(
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
                "text",
                |f| f.rating.map(|r| r.to_string()).unwrap_or_default(),
                |f, v| f.rating = typed_rating(&v),
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

#[cfg(test)]
pub(super) mod tests {
    use super::{form_start, optional, typed_rating};
    use crate::{
        contacts::{ContactView, SenderProfile},
        domain::Provider,
    };

    /// A saved contact with only the required fields, as the server sends it (absent
    /// fields are empty); the dialog's tests use it too.
    pub(in crate::inbox) fn saved() -> ContactView {
        serde_json::from_value(serde_json::json!({
            "id": 7, "phoneNumber": "6281234567890", "name": "Budi",
            "isBusiness": false, "hasReceivedMessage": false,
        }))
        .expect("a saved contact")
    }

    fn profile(contact: Option<ContactView>) -> SenderProfile {
        SenderProfile {
            account_id: "acc-001".into(),
            phone_number: "6281234567890".into(),
            display: "+62 812-3456-7890".into(),
            profile_name: Some("Budi WA".into()),
            provider: Provider::Simulator,
            provider_note: String::new(),
            contact,
            last_contacted_at: None,
        }
    }

    #[test]
    fn the_form_starts_from_the_saved_contact_else_the_profile() {
        let new = form_start(&profile(None));
        assert_eq!(new.phone_number, "6281234567890");
        assert_eq!(new.name, "Budi WA", "the WhatsApp profile name");

        let mut contact = saved();
        contact.state = Some("Jawa Barat".into());
        let start = form_start(&profile(Some(contact)));
        assert_eq!(start.name, "Budi", "the saved name, not the profile name");
        let state = start.state.as_deref();
        assert_eq!(state, Some("Jawa Barat"), "kept though not shown");
    }

    #[test]
    fn typed_text_is_read_as_the_form_means_it() {
        assert_eq!(optional("  ".into()), None);
        assert_eq!(optional("a@b.id".into()).as_deref(), Some("a@b.id"));
        assert_eq!(typed_rating(" "), None);
        assert_eq!(typed_rating("4,5"), Some(4.5));
        let bad = typed_rating("lima");
        assert_eq!(bad, Some(0.0), "left for the check to reject");
    }
}
