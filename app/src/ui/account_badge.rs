//! The account badge: the account's name on its colour.

use crate::domain::{badge_color, contrast::text_on};
use leptos::prelude::*;

/// The badge colours of the accounts a page knows (`AccountView::color`, unique among
/// the accounts that exist): provided by pages that list the accounts, read by every
/// badge below them. A badge without it takes its id's own colour.
#[derive(Debug, Clone, Copy)]
pub struct AccountPalette(pub Signal<Vec<(String, String)>>);

/// Provides the palette of `accounts` (`(id, colour)`) to the components below.
pub fn provide_account_palette(accounts: Signal<Vec<(String, String)>>) {
    provide_context(AccountPalette(accounts));
}

/// The background of `account_id`'s badge: from the page's palette when it has the
/// account, else from the id alone.
fn background_of(palette: Option<AccountPalette>, account_id: &str) -> String {
    palette
        .and_then(|p| {
            p.0.with(|list| {
                list.iter()
                    .find(|(id, c)| id == account_id && c.starts_with('#'))
                    .map(|(_, c)| c.clone())
            })
        })
        .unwrap_or_else(|| badge_color(account_id).background.to_owned())
}

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
    let palette = use_context::<AccountPalette>();
    let id = account_id.clone();
    let style = move || {
        let background = background_of(palette, &id);
        format!(
            "background-color:{background};color:{}",
            text_on(&background)
        )
    };
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
