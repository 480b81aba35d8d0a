//! The chat list's page cursor: any text a client sends is refused or read, never a
//! panic; what the server reads it writes back the same; every cursor it writes for a
//! row's time and id reads back exactly.
#![no_main]

use app::inbox::ssr::{decode_cursor, encode_cursor};
use arbitrary::Arbitrary;
use chrono::DateTime;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    sent: String,
    nanos: i64,
    id: String,
}

fuzz_target!(|input: Input| {
    if let Ok((at, id)) = decode_cursor(&input.sent) {
        let again = encode_cursor(at, &id);
        assert_eq!(decode_cursor(&again), Ok((at, id)));
    }
    // Any time in nanoseconds (1677 to 2262), as the rows' times are stored.
    let at = DateTime::from_timestamp_nanos(input.nanos);
    let cursor = encode_cursor(at, &input.id);
    assert_eq!(decode_cursor(&cursor), Ok((at, input.id.clone())), "{cursor}");
    // A cursor is safe in a URL as it is.
    assert!(
        cursor.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{cursor}"
    );
});
