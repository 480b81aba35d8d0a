//! The account badge: the account's name on its stable colour.

use crate::domain::badge_color;
use leptos::prelude::*;

/// A pill with the account's name on the account's colour. The name is always shown
/// as text: colour alone would fail colour-blind agents.
#[component]
pub fn AccountBadge(
    /// Account id; decides the colour.
    #[prop(into)]
    account_id: String,
    /// Account name; the label.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let colour = badge_color(&account_id);
    let style = format!(
        "background-color:{};color:{}",
        colour.background, colour.text
    );
    view! {
        <span
            class="inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-[11px] font-semibold leading-4"
            style=style
            data-account-id=account_id
            title=format!("Akun: {name}")
        >
            {name.clone()}
        </span>
    }
}
