//! The simulator page.

use super::{SimulateInbound, simulator_accounts};
use crate::{accounts::AccountView, error::AppError};
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

/// `/dev/simulator`: a form that plays an inbound message. A lazy route: a tool for
/// demos, so its code is a chunk of its own that the inbox never downloads.
pub struct SimulatorRoute {
    accounts: Resource<Result<Vec<AccountView>, AppError>>,
}

#[lazy_route]
impl LazyRoute for SimulatorRoute {
    fn data() -> Self {
        Self {
            accounts: Resource::new(|| (), |_| simulator_accounts()),
        }
    }

    fn view(this: Self) -> AnyView {
        simulator_page(this.accounts).into_any()
    }
}

/// The form and the webhook's answer.
fn simulator_page(accounts: Resource<Result<Vec<AccountView>, AppError>>) -> impl IntoView {
    let send = ServerAction::<SimulateInbound>::new();
    let result = move || {
        send.value().get().map(|r| match r {
            Ok(200) => (
                "bg-emerald-50 text-emerald-800",
                "Pesan masuk terkirim.".to_owned(),
            ),
            Ok(code) => (
                "bg-amber-50 text-amber-900",
                format!("Webhook menjawab HTTP {code}."),
            ),
            Err(AppError::Validation { field, message }) => {
                ("bg-red-50 text-red-800", format!("{field}: {message}"))
            }
            Err(e) => ("bg-red-50 text-red-800", e.to_string()),
        })
    };
    let input = "mt-1 w-full rounded-lg border border-slate-300 px-3 py-2";
    view! {
        <main class="mx-auto max-w-lg p-4">
            <a href="/inbox" class="text-sm text-emerald-700 underline">
                "← Kotak Masuk"
            </a>
            <h1 class="mt-2 text-2xl font-bold">"Simulator WhatsApp"</h1>
            <p class="mt-1 text-sm text-slate-600">
                "Kirim pesan masuk sebagai nomor mana pun ke akun simulator. Pesan melewati webhook bertanda tangan yang sama dengan Twilio."
            </p>
            <Suspense fallback=|| {
                view! { <p class="mt-4">"Memuat…"</p> }
            }>
                {move || {
                    accounts
                        .get()
                        .map(|r| match r {
                            Err(e) => {
                                view! {
                                    <p role="alert" class="mt-4 rounded bg-red-50 p-3 text-red-800">
                                        {e.to_string()}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(list) => {
                                view! {
                                    <ActionForm
                                        action=send
                                        attr:class="mt-4 space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
                                    >
                                        <label class="block text-sm font-medium">
                                            "Dari nomor"
                                            <input
                                                name="from"
                                                required
                                                placeholder="0812 3456 7890"
                                                class=input
                                            />
                                        </label>
                                        <label class="block text-sm font-medium">
                                            "Nama profil WhatsApp"
                                            <input name="name" placeholder="Budi" class=input />
                                        </label>
                                        <label class="block text-sm font-medium">
                                            "Ke akun" <select name="account_id" class=input>
                                                {list
                                                    .into_iter()
                                                    .map(|a| {
                                                        view! {
                                                            <option value=a
                                                                .id
                                                                .clone()>
                                                                {format!("{} ({})", a.name, a.phone_display)}
                                                            </option>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </select>
                                        </label>
                                        <label class="block text-sm font-medium">
                                            "Pesan"
                                            <textarea
                                                name="body"
                                                required
                                                rows="3"
                                                class=input
                                            ></textarea>
                                        </label>
                                        <button
                                            type="submit"
                                            class="rounded-lg bg-emerald-700 px-4 py-2 font-semibold text-white"
                                        >
                                            "Kirim pesan masuk"
                                        </button>
                                    </ActionForm>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
            {move || {
                result()
                    .map(|(class, text)| {
                        view! {
                            <p role="status" class=format!("mt-3 rounded-lg p-3 text-sm {class}")>
                                {text}
                            </p>
                        }
                    })
            }}
        </main>
    }
}
