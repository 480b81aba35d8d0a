//! `X-Twilio-Signature`: HMAC-SHA1 over the public URL and the sorted form parameters.

use base64::{Engine, engine::general_purpose::STANDARD};
use hmac::{Hmac, Mac};
use sha1::Sha1;

type HmacSha1 = Hmac<Sha1>;

fn mac_for(token: &str, url: &str, params: &[(String, String)]) -> HmacSha1 {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    // Byte order of names, then of values for a repeated name (Twilio's rule).
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()).then(a.1.cmp(&b.1)));
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha1::new_from_slice(token.as_bytes()).unwrap_or_else(|_| {
        HmacSha1::new_from_slice(b"").unwrap_or_else(|_| unreachable!("HMAC takes any key"))
    });
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The signature Twilio sends for a form POST of `params` to `url`.
pub fn compute(token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(mac_for(token, url, params).finalize().into_bytes())
}

/// True when `signature` was made with `token` for `url` (as given, without its port,
/// or with the scheme's default port) and `params`. Compared in constant time.
pub fn is_valid(token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    let Ok(expected) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    url_variants(url).iter().any(|candidate| {
        mac_for(token, candidate, params)
            .verify_slice(&expected)
            .is_ok()
    })
}

/// `url`, plus the same URL without an explicit port and with the default port.
fn url_variants(url: &str) -> Vec<String> {
    let mut out = vec![url.to_owned()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return out;
    };
    let default_port = match scheme {
        "https" => "443",
        "http" => "80",
        _ => return out,
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(split);
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => authority,
    };
    for variant in [
        format!("{scheme}://{host}{tail}"),
        format!("{scheme}://{host}:{default_port}{tail}"),
    ] {
        if !out.contains(&variant) {
            out.push(variant);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn official_params() -> Vec<(String, String)> {
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn twilio_official_vectors_are_reproduced() {
        let p = official_params();
        let cases = [
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=",
            ),
            (
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                "kvajT1Ptam85bY51eRf/AJRuM3w=",
            ),
            (
                "http://mycompany.com:80/myapp.php?foo=1&bar=2",
                "0ZXoZLH/DfblKGATFgpif+LLRf4=",
            ),
        ];
        for (url, signature) in cases {
            assert_eq!(compute("12345", url, &p), signature, "{url}");
            assert!(is_valid("12345", url, &p, signature), "{url}");
        }
    }

    #[test]
    fn port_variants_validate_and_everything_else_fails() {
        let p = official_params();
        let sig = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";
        let cases = [
            (
                "https://mycompany.com:1234/myapp.php?foo=1&bar=2",
                "12345",
                sig,
                true,
            ),
            (
                "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                "12345",
                sig,
                true,
            ),
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "54321",
                sig,
                false,
            ),
            (
                "https://mycompany.com/myapp.php?foo=1&bar=3",
                "12345",
                sig,
                false,
            ),
            (
                "https://evil.com/myapp.php?foo=1&bar=2",
                "12345",
                sig,
                false,
            ),
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "12345",
                "",
                false,
            ),
            (
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                "12345",
                "not base64!",
                false,
            ),
        ];
        for (url, token, signature, want) in cases {
            assert_eq!(
                is_valid(token, url, &p, signature),
                want,
                "{url} {token} {signature}"
            );
        }
        let mut tampered = p.clone();
        tampered[2].1 = "9999".into();
        assert!(!is_valid(
            "12345",
            "https://mycompany.com/myapp.php?foo=1&bar=2",
            &tampered,
            sig
        ));
    }

    #[test]
    fn repeated_names_and_prefixes_sort_in_byte_order() {
        let a = vec![
            ("SidAccount".to_owned(), "2".to_owned()),
            ("Sid".to_owned(), "1".to_owned()),
            ("MediaUrl".to_owned(), "b".to_owned()),
            ("MediaUrl".to_owned(), "a".to_owned()),
        ];
        let mut b = a.clone();
        b.reverse();
        let url = "https://x.test/hook";
        assert_eq!(compute("t", url, &a), compute("t", url, &b));
        // Same as hand-concatenating in Twilio's order.
        let mut mac = HmacSha1::new_from_slice(b"t").expect("key");
        mac.update(b"https://x.test/hookMediaUrlaMediaUrlbSid1SidAccount2");
        assert_eq!(
            compute("t", url, &a),
            STANDARD.encode(mac.finalize().into_bytes())
        );
    }
}
