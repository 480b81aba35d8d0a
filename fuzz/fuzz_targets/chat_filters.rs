//! The inbox URL: whatever query string a hand-edited or shared link carries, the
//! filters read from it write back a URL that reads as the same filters, so reloading,
//! sharing and walking back and forward never changes what the list shows.
#![no_main]

use app::inbox::filters::InboxFilters;
use libfuzzer_sys::fuzz_target;

/// Reads a query string the way the router does: `&`-separated, percent-decoded.
fn read(query: &str) -> InboxFilters {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    InboxFilters::from_query(|name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    })
}

fuzz_target!(|query: &str| {
    let filters = read(query);
    let written = filters.to_query();
    assert_eq!(read(&written), filters, "{query:?} -> {written:?}");
    // Written once more, it is the same URL: one choice of filters, one address.
    assert_eq!(read(&written).to_query(), written);
    assert_eq!(filters.href("/inbox"), match written.as_str() {
        "" => "/inbox".to_owned(),
        q => format!("/inbox?{q}"),
    });
    // Nothing in the query string can break out of its value.
    assert!(!written.contains('#') && !written.contains(' '), "{written:?}");
});
