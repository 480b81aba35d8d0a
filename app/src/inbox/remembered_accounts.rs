//! The account selection survives a visit: it is kept in the browser's localStorage and
//! restored when the inbox opens without one in its URL.
// Only the browser has localStorage; elsewhere the rules are compiled for their tests.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

use super::page::InboxCtx;
#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// localStorage key of the remembered account selection.
pub const ACCOUNTS_KEY: &str = "serambi.accounts";

/// The selection to restore, if any: only when the URL names no accounts (a shared or
/// bookmarked link wins), and only a saved selection with something in it.
pub fn to_restore(url_accounts: &[String], saved: Option<&str>) -> Option<Vec<String>> {
    if !url_accounts.is_empty() {
        return None;
    }
    let saved: Vec<String> = crate::query::split_list(saved).map(str::to_owned).collect();
    (!saved.is_empty()).then_some(saved)
}

/// Whether to write `accounts` as the remembered selection. `first`: this is the
/// selection the page opened with. An empty one at load is not written, so it cannot
/// wipe the remembered one before it is restored; every later change is, emptying it
/// included.
pub fn should_remember(first: bool, accounts: &[String]) -> bool {
    !first || !accounts.is_empty()
}

/// The stored form of a selection (what [`to_restore`] reads back).
pub fn stored(accounts: &[String]) -> String {
    accounts.join(",")
}

/// Restores the remembered account selection when the URL names none, and remembers
/// every later selection.
pub fn remember_accounts(ctx: InboxCtx) {
    #[cfg(feature = "hydrate")]
    {
        let storage = window().local_storage().ok().flatten();
        let go = ctx.navigator();
        let saved = storage
            .as_ref()
            .and_then(|s| s.get_item(ACCOUNTS_KEY).ok().flatten());
        // Once, after the page is on screen (the server could not know the selection).
        Effect::new(move |_| {
            let first = ctx.filters.get_untracked();
            if let Some(accounts) = to_restore(&first.accounts, saved.as_deref()) {
                let mut restored = first;
                restored.accounts = accounts;
                go(restored, true);
            }
        });
        Effect::new(move |previous: Option<Vec<String>>| {
            let accounts = ctx.filters.with(|f| f.accounts.clone());
            if should_remember(previous.is_none(), &accounts)
                && let Some(s) = &storage
            {
                let _ = s.set_item(ACCOUNTS_KEY, &stored(&accounts));
            }
            accounts
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ctx;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_saved_selection_is_restored_only_into_an_empty_url() {
        let saved = stored(&list(&["acc-001", "acc-003"]));
        assert_eq!(
            to_restore(&[], Some(&saved)),
            Some(list(&["acc-001", "acc-003"]))
        );
        assert_eq!(
            to_restore(&list(&["acc-002"]), Some(&saved)),
            None,
            "the URL wins"
        );
        assert_eq!(to_restore(&[], Some("")), None);
        assert_eq!(to_restore(&[], Some(",,")), None);
        assert_eq!(to_restore(&[], None), None);
    }

    #[test]
    fn an_empty_selection_at_load_does_not_wipe_the_saved_one() {
        assert!(!should_remember(true, &[]));
        assert!(should_remember(true, &list(&["acc-001"])), "from the URL");
        assert!(should_remember(false, &[]), "cleared by the agent");
        assert!(should_remember(false, &list(&["acc-002"])));
    }
}
