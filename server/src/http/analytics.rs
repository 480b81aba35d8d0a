//! `GET /api/analytics` (admins): the dashboard's numbers as JSON, or `format=csv`.

use app::{
    AppError,
    analytics::{
        AnalyticsReport,
        ssr::{Range, parse_day, report},
        stats::to_csv,
    },
    auth::ssr::Admin,
    state::AppState,
};
use axum::{
    Json,
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_analytics))
}

/// `GET /api/analytics`.
#[derive(Debug, Default, Deserialize, IntoParams)]
struct AnalyticsQuery {
    /// First business day, `YYYY-MM-DD` (default: six days before `to`).
    from: Option<String>,
    /// Last business day, `YYYY-MM-DD` (default: today).
    to: Option<String>,
    /// Account ids, comma-separated (default: all).
    accounts: Option<String>,
    /// `csv` for the per-account, per-day rows as CSV.
    format: Option<String>,
}

/// Per account and day, and per agent, for a range of business days (admins).
#[utoipa::path(get, path = "/api/analytics", tag = "analytics", params(AnalyticsQuery), responses(
    (status = OK, body = AnalyticsReport, description = "JSON, or text/csv with format=csv"),
    (status = UNPROCESSABLE_ENTITY, body = super::ErrorBody, description = "a bad date, range or account"),
    (status = FORBIDDEN, body = super::ErrorBody),
))]
async fn get_analytics(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Query(q): Query<AnalyticsQuery>,
) -> Result<Response, AppError> {
    let day = |field: &str, v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.is_empty())
            .map(|s| parse_day(field, s))
            .transpose()
    };
    let range = Range {
        from: day("from", &q.from)?,
        to: day("to", &q.to)?,
        accounts: q
            .accounts
            .as_deref()
            .unwrap_or_default()
            .split(',')
            .map(str::to_owned)
            .collect(),
    };
    let result = report(&state.db, &admin, &range).await?;
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(result).into_response()),
        Some("csv") => {
            let name = format!(
                "attachment; filename=\"serambi-analytics-{}-{}.csv\"",
                result.from, result.to
            );
            Ok((
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                    (header::CONTENT_DISPOSITION, name),
                ],
                to_csv(&result),
            )
                .into_response())
        }
        Some(other) => Err(AppError::validation(
            "format",
            format!("{other:?} is not json or csv"),
        )),
    }
}
