//! A real HTTP server on loopback standing in for Twilio's Messages API: it records
//! every request and answers from a script (201 "queued" when the script is empty).

use axum::{
    Router,
    extract::State,
    http::{HeaderMap, StatusCode, Uri},
    response::IntoResponse,
    routing::post,
};
use base64::{Engine, engine::general_purpose::STANDARD};
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
};

/// One request Twilio received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub path: String,
    /// `(user, password)` of the basic auth header.
    pub basic_auth: Option<(String, String)>,
    pub form: Vec<(String, String)>,
}

impl Recorded {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.form
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// How the fake answers one send.
#[derive(Debug, Clone)]
pub enum Answer {
    /// This HTTP status with this JSON body.
    Json(u16, String),
    /// No answer for this long (the request was received).
    Silence(std::time::Duration),
    /// A 201 whose body breaks off half-way (the connection is cut).
    CutOff,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Recorded>,
    script: VecDeque<Answer>,
    /// Media files by name: content type, bytes.
    media: std::collections::HashMap<String, (String, Vec<u8>)>,
    /// Media downloads, in order: the file's name and the basic-auth credentials.
    media_auth: Vec<(String, Option<(String, String)>)>,
}

/// The fake Twilio.
#[derive(Clone)]
pub struct FakeTwilio {
    pub base_url: String,
    inner: Arc<Mutex<Inner>>,
}

impl FakeTwilio {
    pub async fn start() -> Self {
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new()
            .route("/2010-04-01/Accounts/{sid}/Messages.json", post(create))
            .route("/media/{name}", axum::routing::get(media))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self {
            base_url: format!("http://{addr}"),
            inner,
        }
    }

    /// The next answers, in order: `(HTTP status, JSON body)`.
    pub fn script(&self, answers: &[(u16, &str)]) {
        let mut inner = self.inner.lock().expect("lock");
        inner.script.extend(
            answers
                .iter()
                .map(|(s, b)| Answer::Json(*s, (*b).to_owned())),
        );
    }

    /// The next answers, in order, including ones no real server should give.
    pub fn script_answers(&self, answers: &[Answer]) {
        self.inner
            .lock()
            .expect("lock")
            .script
            .extend(answers.iter().cloned());
    }

    /// Serves `bytes` as `content_type` at `{base_url}/media/{name}`.
    pub fn add_media(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> String {
        let mut inner = self.inner.lock().expect("lock");
        inner
            .media
            .insert(name.to_owned(), (content_type.to_owned(), bytes));
        format!("{}/media/{name}", self.base_url)
    }

    /// Each media download: the file's name and the basic-auth credentials it came with.
    pub fn media_auth(&self) -> Vec<(String, Option<(String, String)>)> {
        self.inner.lock().expect("lock").media_auth.clone()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().expect("lock").requests.clone()
    }
}

fn basic_auth(headers: &HeaderMap) -> Option<(String, String)> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())))
}

async fn media(
    State(inner): State<Arc<Mutex<Inner>>>,
    axum::extract::Path(name): axum::extract::Path<String>,
    headers: HeaderMap,
) -> axum::response::Response {
    let mut inner = inner.lock().expect("lock");
    inner.media_auth.push((name.clone(), basic_auth(&headers)));
    match inner.media.get(&name) {
        Some((content_type, bytes)) => {
            ([("content-type", content_type.clone())], bytes.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn create(
    State(inner): State<Arc<Mutex<Inner>>>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let basic_auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())));
    let form: Vec<(String, String)> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let answer = {
        let mut inner = inner.lock().expect("lock");
        inner.requests.push(Recorded {
            path: uri.path().to_owned(),
            basic_auth,
            form,
        });
        inner.script.pop_front()
    }
    .unwrap_or_else(|| {
        Answer::Json(
            201,
            format!(
                r#"{{"sid":"SM{:032x}","status":"queued","error_code":null}}"#,
                rand::random::<u128>()
            ),
        )
    });
    let json = [("content-type", "application/json")];
    match answer {
        Answer::Json(status, body) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            json,
            body,
        )
            .into_response(),
        Answer::Silence(wait) => {
            tokio::time::sleep(wait).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        Answer::CutOff => {
            let parts: [Result<&'static str, std::io::Error>; 2] = [
                Ok(r#"{"sid":"SM0000000000000000000000000000000","sta"#),
                Err(std::io::Error::other("connection cut")),
            ];
            let body = axum::body::Body::from_stream(futures::stream::iter(parts));
            (StatusCode::CREATED, json, body).into_response()
        }
    }
}
