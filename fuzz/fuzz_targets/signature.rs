//! `X-Twilio-Signature`: any header value is checked without a panic; Twilio's own
//! signature is accepted whatever the order of the parameters and whichever of the
//! URL's port forms it was made for; a signature for other parameters, another URL or
//! another token is refused.
#![no_main]

use app::providers::signature::{compute, is_valid};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    token: String,
    other_token: String,
    url: String,
    params: Vec<(String, String)>,
    header: String,
    extra: (String, String),
}

fuzz_target!(|input: Input| {
    let Input {
        token,
        other_token,
        url,
        mut params,
        header,
        extra,
    } = input;
    // Whatever an attacker puts in the header.
    let _ = is_valid(&token, &url, &params, &header);

    let signature = compute(&token, &url, &params);
    assert!(is_valid(&token, &url, &params, &signature));
    // Twilio signs the sorted parameters: the order the form arrived in is irrelevant.
    params.reverse();
    assert!(is_valid(&token, &url, &params, &signature));
    // One more parameter is another request (Twilio's scheme concatenates names and
    // values, so an empty name with an empty value adds nothing to sign).
    if !(extra.0.is_empty() && extra.1.is_empty()) {
        let mut more = params.clone();
        more.push(extra);
        assert!(!is_valid(&token, &url, &more, &signature), "{more:?}");
    }
    // Another token signs differently. HMAC pads short keys with zero bytes, so
    // "k" and "k\0" are the same key; Twilio's tokens are 32 hex digits and never
    // end in NUL.
    if other_token.trim_end_matches('\0') != token.trim_end_matches('\0')
        && other_token.len() <= 64
        && token.len() <= 64
    {
        assert!(!is_valid(&other_token, &url, &params, &signature));
    }
    // Another path on the same host is another request.
    let elsewhere = format!("{url}/elsewhere");
    assert!(!is_valid(&token, &elsewhere, &params, &signature), "{elsewhere}");
});
