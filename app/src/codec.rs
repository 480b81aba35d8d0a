//! The one wire format of every server function: JSON, read from text.
//!
//! Leptos reads a resource's data (embedded in the server's HTML) with
//! `serde_json::from_str`, while the stock `Json` codec of server functions reads an
//! answer with `serde_json::from_slice`. serde generates a deserialiser per type *and*
//! per reader, so every type that arrives both ways was compiled into the browser's
//! bundle twice. [`JsonText`] reads answers as text too, so each type has one.

use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType, codec::Post};
use serde::{Serialize, de::DeserializeOwned};

/// JSON in a `POST` body, for arguments and answers alike.
pub type JsonText = Post<JsonTextEncoding>;

/// JSON written with `serde_json::to_vec` and read with `serde_json::from_str`.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_and_bad_bytes_are_an_error() {
        let bytes =
            <JsonTextEncoding as Encodes<Vec<String>>>::encode(&vec!["héllo".into()]).unwrap();
        let back: Vec<String> = JsonTextEncoding::decode(bytes).unwrap();
        assert_eq!(back, ["héllo"]);
        let broken: Result<Vec<String>, _> =
            JsonTextEncoding::decode(Bytes::from_static(b"[\"\xff\"]"));
        assert!(broken.is_err());
    }
}
