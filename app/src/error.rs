//! The one error type the browser and the server agree on.
//!
//! Server functions return `Result<T, AppError>`, REST handlers turn it into
//! `{"error": {"code", "message"}}` with the matching HTTP status. Internal failures are
//! logged on the server with their cause; the client only sees a reference to quote.

use serde::{Deserialize, Serialize};

/// An error a user or API client can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    /// No valid session.
    #[error("please log in")]
    Unauthorized,
    /// Email or password wrong; deliberately does not say which.
    #[error("wrong email or password")]
    InvalidCredentials,
    /// Logged in, but not allowed to do this.
    #[error("you are not allowed to do this")]
    Forbidden,
    /// The thing asked for does not exist (or is not visible to this user).
    #[error("{0} not found")]
    NotFound(String),
    /// The input was refused; `field` names the offending field.
    #[error("{field}: {message}")]
    Validation {
        /// The request field at fault, in camelCase.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request conflicts with what exists (a duplicate email, say).
    #[error("{0}")]
    Conflict(String),
    /// Too many failed attempts; try again later.
    #[error("too many attempts, try again in {retry_after_secs} s")]
    TooManyAttempts {
        /// Seconds until the next attempt is allowed.
        retry_after_secs: u64,
    },
    /// WhatsApp allows free text only within 24 hours of the customer's last message;
    /// an approved template is needed.
    #[error(
        "outside WhatsApp's 24-hour window: the customer has not written in the last 24 hours, send an approved template instead"
    )]
    OutsideWindow,
    /// The request came from another site's page (cross-site request forgery), or
    /// from this one under an address the server does not know as its own.
    #[error(
        "refused: this request did not come from Serambi's own pages (is PUBLIC_BASE_URL the address in the browser?)"
    )]
    CrossSite,
    /// The request body is larger than allowed.
    #[error("request body too large")]
    PayloadTooLarge,
    /// The agent's upload allowance (bytes a day) is used up.
    #[error("upload quota used up for today, try again in {retry_after_secs} s")]
    QuotaExceeded {
        /// Seconds until enough of the allowance is free again.
        retry_after_secs: u64,
    },
    /// The disk that holds media is nearly full: nothing more is stored there until
    /// an administrator frees space.
    #[error("the media storage is nearly full; uploads are refused until space is freed")]
    StorageFull,
    /// Something failed on the server; `reference` finds it in the logs.
    #[error("internal error (reference {reference})")]
    Internal {
        /// A short id written next to the cause in the server log.
        reference: String,
    },
    /// The request never reached the server function or its answer was unreadable.
    #[error("{0}")]
    Transport(String),
}

impl AppError {
    /// A validation error on `field`.
    pub fn validation(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The stable machine-readable code (`unauthorized`, `validation`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::Validation { .. } => "validation",
            Self::Conflict(_) => "conflict",
            Self::TooManyAttempts { .. } => "too_many_attempts",
            Self::OutsideWindow => "outside_window",
            Self::CrossSite => "cross_site",
            Self::PayloadTooLarge => "payload_too_large",
            Self::QuotaExceeded { .. } => "quota_exceeded",
            Self::StorageFull => "storage_full",
            Self::Internal { .. } => "internal",
            Self::Transport(_) => "transport",
        }
    }

    /// The HTTP status that goes with this error.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthorized | Self::InvalidCredentials => 401,
            Self::Forbidden | Self::CrossSite => 403,
            Self::NotFound(_) => 404,
            Self::Validation { .. } | Self::OutsideWindow => 422,
            Self::Conflict(_) => 409,
            Self::TooManyAttempts { .. } | Self::QuotaExceeded { .. } => 429,
            Self::StorageFull => 507,
            Self::PayloadTooLarge => 413,
            Self::Internal { .. } | Self::Transport(_) => 500,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = crate::codec::JsonTextEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

/// Shorthand for results of services and server functions.
pub type AppResult<T> = Result<T, AppError>;

#[cfg(feature = "ssr")]
pub use ssr::respond;

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use axum::{
        Json,
        http::{HeaderValue, StatusCode, header},
        response::{IntoResponse, Response},
    };

    /// Gives a server function's HTTP response the status of its error (server
    /// functions answer 500 for every error otherwise), and passes the result on.
    pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result
            && let Some(options) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
        {
            options.set_status(
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            );
        }
        result
    }

    impl AppError {
        /// Logs `cause` with a fresh reference and returns the opaque error the client
        /// sees. Use it for every failure the user cannot fix.
        pub fn internal(cause: impl std::fmt::Display) -> Self {
            let reference = format!("{:08x}", rand::random::<u32>());
            tracing::error!(%reference, "internal error: {cause:#}");
            Self::Internal { reference }
        }
    }

    impl From<sea_orm::DbErr> for AppError {
        fn from(err: sea_orm::DbErr) -> Self {
            Self::internal(err)
        }
    }

    impl From<sea_orm::TransactionError<AppError>> for AppError {
        fn from(err: sea_orm::TransactionError<AppError>) -> Self {
            match err {
                sea_orm::TransactionError::Connection(e) => e.into(),
                sea_orm::TransactionError::Transaction(e) => e,
            }
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let status =
                StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = serde_json::json!({
                "error": { "code": self.code(), "message": self.to_string() }
            });
            let mut response = (status, Json(body)).into_response();
            if let Self::TooManyAttempts { retry_after_secs }
            | Self::QuotaExceeded { retry_after_secs } = self
                && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
            {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_code_and_a_status() {
        let cases = [
            (AppError::Unauthorized, "unauthorized", 401),
            (AppError::InvalidCredentials, "invalid_credentials", 401),
            (AppError::Forbidden, "forbidden", 403),
            (AppError::CrossSite, "cross_site", 403),
            (AppError::NotFound("thread".into()), "not_found", 404),
            (AppError::validation("email", "is empty"), "validation", 422),
            (AppError::Conflict("email taken".into()), "conflict", 409),
            (
                AppError::TooManyAttempts {
                    retry_after_secs: 30,
                },
                "too_many_attempts",
                429,
            ),
            (AppError::PayloadTooLarge, "payload_too_large", 413),
            (
                AppError::QuotaExceeded {
                    retry_after_secs: 60,
                },
                "quota_exceeded",
                429,
            ),
            (AppError::StorageFull, "storage_full", 507),
            (AppError::OutsideWindow, "outside_window", 422),
            (
                AppError::Internal {
                    reference: "ab".into(),
                },
                "internal",
                500,
            ),
        ];
        for (err, code, status) in cases {
            assert_eq!((err.code(), err.status()), (code, status), "{err:?}");
            let json = serde_json::to_string(&err).expect("serialise");
            let back: AppError = serde_json::from_str(&json).expect("deserialise");
            assert_eq!(back, err);
        }
    }
}
