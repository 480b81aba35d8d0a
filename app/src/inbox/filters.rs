//! The chat list's filters as they live in the URL (`/inbox?accounts=acc-001,acc-002`),
//! so a filtered view can be shared, reloaded and walked with back and forward.
//!
//! An empty account selection means every account, and so does a selection of every
//! account: both are written as no `accounts` parameter at all.

use super::{ChatListQuery, OwnerFilter};
use crate::query::split_list;

/// The filters of the chat list plus the open thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboxFilters {
    /// Selected accounts; empty means every account.
    pub accounts: Vec<String>,
    /// Whose threads (admins; agents always see their own).
    pub owner: OwnerFilter,
    /// Only threads with unread messages.
    pub unread: bool,
    /// Only threads with one of these labels.
    pub labels: Vec<i64>,
    /// Search text.
    pub q: String,
    /// The open thread.
    pub thread: Option<String>,
    /// The message the open thread shows first (a search hit), instead of the newest.
    pub at: Option<i64>,
}

impl InboxFilters {
    /// How many filters narrow the list (each account, each label, unread, and an
    /// owner other than everyone); the search is counted apart, as it is always shown.
    pub fn active_count(&self) -> usize {
        self.accounts.len()
            + self.labels.len()
            + usize::from(self.unread)
            + usize::from(self.owner != OwnerFilter::All)
    }

    /// Drops every filter the count counts (accounts, labels, unread, owner), keeping
    /// the search and the open thread: "Hapus semua filter".
    pub fn clear_filters(&mut self) {
        self.accounts.clear();
        self.labels.clear();
        self.unread = false;
        self.owner = OwnerFilter::default();
    }

    /// Reads the filters from URL query parameters (`get` looks one up by name).
    /// Unknown values are ignored rather than refused: a hand-edited link still opens.
    pub fn from_query<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Self {
        let mut accounts: Vec<String> = Vec::new();
        for a in split_list(get("accounts")) {
            if !accounts.iter().any(|x| x == a) {
                accounts.push(a.to_owned());
            }
        }
        let owner = get("owner")
            .and_then(|o| o.parse().ok())
            .unwrap_or_default();
        let unread = matches!(get("unread"), Some("1" | "true"));
        let mut labels: Vec<i64> = split_list(get("labels"))
            .filter_map(|l| l.parse().ok())
            .collect();
        labels.sort_unstable();
        labels.dedup();
        let thread = get("thread")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        // A message to show first means nothing without its thread; kept, it would
        // vanish from the next URL written and the same link would read two ways.
        let at = thread
            .as_ref()
            .and_then(|_| get("at"))
            .and_then(|a| a.trim().parse().ok());
        Self {
            accounts,
            owner,
            unread,
            labels,
            q: get("q").unwrap_or_default().trim().to_owned(),
            thread,
            at,
        }
    }

    /// The query string (without `?`) that [`from_query`](Self::from_query) reads back;
    /// defaults are left out, so the plain inbox is just `/inbox`.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.accounts.is_empty() {
            parts.push(format!("accounts={}", encode(&self.accounts.join(","))));
        }
        if self.owner != OwnerFilter::All {
            parts.push(format!("owner={}", self.owner.as_query()));
        }
        if self.unread {
            parts.push("unread=1".into());
        }
        if !self.labels.is_empty() {
            let labels: Vec<String> = self.labels.iter().map(i64::to_string).collect();
            parts.push(format!("labels={}", labels.join(",")));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        if let Some(t) = &self.thread {
            parts.push(format!("thread={}", encode(t)));
            if let Some(at) = self.at {
                parts.push(format!("at={at}"));
            }
        }
        parts.join("&")
    }

    /// The inbox URL of these filters.
    pub fn href(&self, base: &str) -> String {
        let query = self.to_query();
        if query.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{query}")
        }
    }

    /// Keeps only accounts in `all` (in `all`'s order), and writes a selection of
    /// every account as the empty selection.
    pub fn normalize_accounts(&mut self, all: &[String]) {
        let selected: Vec<String> = all
            .iter()
            .filter(|a| self.accounts.contains(a))
            .cloned()
            .collect();
        self.accounts = if selected.len() == all.len() {
            Vec::new()
        } else {
            selected
        };
    }

    /// Is `account` shown? (Every account is when none is selected.)
    pub fn shows_account(&self, account: &str) -> bool {
        self.accounts.is_empty() || self.accounts.iter().any(|a| a == account)
    }

    /// Flips `account`'s checkbox. With every account shown, unticking one shows all the
    /// others; ticking the last one brings back "every account".
    pub fn toggle_account(&mut self, account: &str, all: &[String]) {
        if self.accounts.is_empty() {
            self.accounts = all.iter().filter(|a| *a != account).cloned().collect();
        } else if let Some(i) = self.accounts.iter().position(|a| a == account) {
            self.accounts.remove(i);
        } else {
            self.accounts.push(account.to_owned());
        }
        self.normalize_accounts(all);
    }

    /// Flips label `id` in the label filter (a thread shows when it carries any of the
    /// chosen labels; none chosen means labels do not matter). Kept sorted, so the same
    /// choice is always the same URL.
    pub fn toggle_label(&mut self, id: i64) {
        match self.labels.binary_search(&id) {
            Ok(i) => {
                self.labels.remove(i);
            }
            Err(i) => self.labels.insert(i, id),
        }
    }

    /// The server query for the first page of the list.
    pub fn list_query(&self) -> ChatListQuery {
        ChatListQuery {
            accounts: self.accounts.clone(),
            owner: self.owner,
            unread: self.unread,
            labels: self.labels.clone(),
            q: Some(self.q.clone()).filter(|q| !q.is_empty()),
            cursor: None,
            limit: None,
        }
    }
}

/// Percent-encodes a query value; `,` and `:` stay readable, so account lists and
/// thread ids look in the address bar as they are written.
fn encode(value: &str) -> String {
    crate::query::percent_encode(value, b",:")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<String> {
        ["acc-001", "acc-002", "acc-003"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    }

    /// Parses a query string the way the router does (percent-decoded values).
    fn parse(query: &str) -> InboxFilters {
        let pairs: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_owned(), decode(v))
            })
            .collect();
        InboxFilters::from_query(|name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        })
    }

    fn decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(b'?'));
                i += 3;
            } else {
                out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
                i += 1;
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn the_url_round_trips() {
        let f = InboxFilters {
            accounts: vec!["acc-001".into(), "acc-003".into()],
            owner: OwnerFilter::Unassigned,
            unread: true,
            labels: vec![2, 7],
            q: "budi & co 100%".into(),
            thread: Some("acc-001:6281234567890".into()),
            at: Some(4242),
        };
        let query = f.to_query();
        assert!(query.starts_with("accounts=acc-001,acc-003&"), "{query}");
        assert_eq!(parse(&query), f);
        assert_eq!(InboxFilters::default().href("/inbox"), "/inbox");
        // Found by fuzzing (fuzz/fuzz_targets/chat_filters.rs): `at` without a thread
        // was read but never written back.
        assert_eq!(parse("q=budi&at=4242"), parse("q=budi"));
        assert_eq!(parse("at=4242&thread=acc-001:628").at, Some(4242));
        assert_eq!(
            parse("accounts=acc-002").href("/inbox"),
            "/inbox?accounts=acc-002"
        );
    }

    #[test]
    fn odd_links_still_open() {
        let f = parse("accounts=acc-002,,acc-002,%20acc-001&owner=boss&unread=yes&labels=3,x,3");
        assert_eq!(f.accounts, ["acc-002", "acc-001"]);
        assert_eq!(f.owner, OwnerFilter::All);
        assert!(!f.unread);
        assert_eq!(f.labels, [3]);
    }

    #[test]
    fn none_or_every_account_selected_means_every_account() {
        let mut every = parse("accounts=acc-003,acc-001,acc-002");
        every.normalize_accounts(&all());
        assert!(every.accounts.is_empty());
        assert_eq!(every.to_query(), "");
        let none = parse("");
        assert!(all().iter().all(|a| none.shows_account(a)));
        assert_eq!(none.list_query().accounts, Vec::<String>::new());
        // Accounts that no longer exist are dropped; what is left keeps the bar's order.
        let mut stale = parse("accounts=acc-009,acc-002,acc-001");
        stale.normalize_accounts(&all());
        assert_eq!(stale.accounts, ["acc-001", "acc-002"]);
    }

    #[test]
    fn ticking_and_unticking_accounts() {
        let mut f = InboxFilters::default();
        f.toggle_account("acc-002", &all());
        assert_eq!(f.accounts, ["acc-001", "acc-003"], "untick one of all");
        f.toggle_account("acc-001", &all());
        assert_eq!(f.accounts, ["acc-003"]);
        assert!(f.shows_account("acc-003") && !f.shows_account("acc-001"));
        f.toggle_account("acc-001", &all());
        f.toggle_account("acc-002", &all());
        assert!(
            f.accounts.is_empty(),
            "ticking the last one means every account"
        );
        assert_eq!(f.list_query().accounts.len(), 0);
    }

    #[test]
    fn toggling_labels_keeps_one_url_per_choice() {
        let mut f = parse("");
        f.toggle_label(7);
        f.toggle_label(2);
        assert_eq!(f.to_query(), "labels=2,7");
        f.toggle_label(7);
        assert_eq!(f.labels, [2]);
        f.toggle_label(2);
        assert_eq!(f.to_query(), "");
        assert_eq!(parse("labels=7,2").labels, [2, 7]);
    }

    #[test]
    fn the_server_query_follows_the_filters() {
        let q = parse("accounts=acc-001&unread=1&owner=mine&q=halo").list_query();
        assert_eq!(q.accounts, ["acc-001"]);
        assert!(q.unread);
        assert_eq!(q.owner, OwnerFilter::Mine);
        assert_eq!(q.q.as_deref(), Some("halo"));
        assert_eq!(parse("q=").list_query().q, None);
    }

    #[test]
    fn the_active_count_is_each_choice_but_the_search() {
        let mut f = InboxFilters::default();
        assert_eq!(f.active_count(), 0);
        f.q = "budi".into();
        f.thread = Some("acc-001:6281".into());
        assert_eq!(f.active_count(), 0);
        f.accounts = vec!["acc-001".into(), "acc-002".into()];
        f.unread = true;
        assert_eq!(f.active_count(), 3);
        f.labels = vec![4];
        f.owner = OwnerFilter::Unassigned;
        assert_eq!(f.active_count(), 5);
    }

    #[test]
    fn clearing_the_filters_keeps_the_search_and_the_open_thread() {
        let mut f = InboxFilters {
            accounts: vec!["acc-001".into()],
            owner: OwnerFilter::Unassigned,
            unread: true,
            labels: vec![4, 7],
            q: "budi".into(),
            thread: Some("acc-001:6281".into()),
            at: None,
        };
        f.clear_filters();
        assert_eq!(f.active_count(), 0);
        assert_eq!(f.q, "budi");
        assert_eq!(f.thread.as_deref(), Some("acc-001:6281"));
        assert_eq!(
            f.href("/inbox"),
            InboxFilters {
                q: "budi".into(),
                thread: Some("acc-001:6281".into()),
                ..Default::default()
            }
            .href("/inbox")
        );
    }
}
