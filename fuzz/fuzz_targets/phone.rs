//! Phone numbers as customers, agents and Twilio write them: any text either is
//! refused with a reason or becomes E.164 digits that read back as themselves in every
//! form the server writes them (`+62…`, `whatsapp:+62…`, bare digits, the display form).
#![no_main]

use app::domain::PhoneNumber;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (u8, &str)| {
    let (region, text) = data;
    let region = match region % 4 {
        0 => None,
        1 => Some("ID"),
        2 => Some("US"),
        _ => Some("not-a-region"),
    };
    let Ok(number) = PhoneNumber::parse(text, region) else {
        return;
    };
    let digits = number.digits();
    assert!(
        (2..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()),
        "{text:?} gave {digits:?}"
    );
    assert!(!digits.starts_with('0'), "{text:?} gave {digits:?}");
    for written in [
        number.e164(),
        number.whatsapp_address(),
        number.digits().to_owned(),
        number.display_international(),
    ] {
        assert_eq!(
            PhoneNumber::parse(&written, Some("ID")).as_ref(),
            Ok(&number),
            "{text:?} -> {written:?}"
        );
    }
});
