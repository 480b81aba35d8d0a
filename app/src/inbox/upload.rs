//! Uploading an attachment from the browser (`POST /api/media`, multipart).

use crate::messaging::UploadView;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys;
use wasm_bindgen_futures::JsFuture;

fn js_error(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| {
        crate::i18n::translate(
            crate::i18n::current_lang(),
            "Unggahan gagal: jaringan tidak tersedia.",
        )
        .to_owned()
    })
}

/// Uploads `file`; the error is the server's message, ready to show.
pub async fn upload(file: web_sys::File) -> Result<UploadView, String> {
    let form = web_sys::FormData::new().map_err(js_error)?;
    form.append_with_blob_and_filename("file", &file, &file.name())
        .map_err(js_error)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&form);
    let request = web_sys::Request::new_with_str_and_init("/api/media", &init).map_err(js_error)?;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        return serde_json::from_str(&text).map_err(|e| e.to_string());
    }
    let message = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| {
            let text =
                crate::i18n::translate(crate::i18n::current_lang(), "Unggahan gagal (HTTP {}).");
            text.replace("{}", &response.status().to_string())
        });
    Err(message)
}
