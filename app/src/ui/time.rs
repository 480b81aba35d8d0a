//! Times as a chat list shows them, in the browser's time zone.

use crate::i18n::{Lang, translate};
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The cookie in which the browser tells the server its zone (minutes east of UTC), so
/// the server draws the chat list's times as the reader will see them.
pub const ZONE_COOKIE: &str = "serambi_tz";

const DAY_MS: i64 = 86_400_000;
/// Weekday names from Thursday (day 0 of the epoch was a Thursday).
const WEEKDAYS: [&str; 7] = [
    "Kamis", "Jumat", "Sabtu", "Minggu", "Senin", "Selasa", "Rabu",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

fn weekday(day: i64, lang: Lang) -> &'static str {
    let names = match lang {
        Lang::Id => &WEEKDAYS,
        Lang::En => &WEEKDAYS_EN,
    };
    names[day.rem_euclid(7) as usize]
}

/// A label for the instant `at_ms`, seen at `now_ms`, both in milliseconds since the
/// epoch, in a zone `offset_min` minutes east of UTC: `14:05` today, `Kemarin`
/// yesterday, the weekday within a week, else `22/11/26` (weekdays in `lang`).
pub fn relative_label(now_ms: i64, at_ms: i64, offset_min: i64, lang: Lang) -> String {
    let shift = offset_min * 60_000;
    let local_at = at_ms + shift;
    let day_at = local_at.div_euclid(DAY_MS);
    let day_now = (now_ms + shift).div_euclid(DAY_MS);
    let days_ago = day_now - day_at;
    let minute_of_day = local_at.rem_euclid(DAY_MS) / 60_000;
    match days_ago {
        i64::MIN..=0 => format!("{:02}:{:02}", minute_of_day / 60, minute_of_day % 60),
        1 => translate(lang, "Kemarin").to_owned(),
        2..=6 => weekday(day_at, lang).to_owned(),
        _ => {
            // Civil date of the local day (Howard Hinnant's algorithm).
            let (y, m, d) = civil_from_days(day_at);
            format!("{d:02}/{m:02}/{:02}", y.rem_euclid(100))
        }
    }
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The local day number (days since the epoch) of `at_ms` in a zone `offset_min` east.
pub fn local_day(at_ms: i64, offset_min: i64) -> i64 {
    (at_ms + offset_min * 60_000).div_euclid(DAY_MS)
}

/// The separator above a day of messages: `Hari ini`, `Kemarin`, else `Senin, 16 Nov 2026`
/// (in `lang`).
pub fn day_label(now_ms: i64, at_ms: i64, offset_min: i64, lang: Lang) -> String {
    let day = local_day(at_ms, offset_min);
    match local_day(now_ms, offset_min) - day {
        i64::MIN..=0 => translate(lang, "Hari ini").to_owned(),
        1 => translate(lang, "Kemarin").to_owned(),
        _ => {
            let (y, m, d) = civil_from_days(day);
            let month = match lang {
                Lang::Id => MONTHS[(m - 1) as usize],
                Lang::En => MONTHS_EN[(m - 1) as usize],
            };
            format!("{}, {d} {month} {y}", weekday(day, lang))
        }
    }
}

/// `HH:MM` of `at_ms` in a zone `offset_min` east of UTC.
pub fn clock_label(at_ms: i64, offset_min: i64) -> String {
    let minute = (at_ms + offset_min * 60_000).rem_euclid(DAY_MS) / 60_000;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The zone in a `Cookie` header's [`ZONE_COOKIE`], if it holds a real one.
pub fn zone_from_cookie_header(header: &str) -> Option<i64> {
    crate::i18n::cookie_value(header, ZONE_COOKIE)
        .and_then(|v| v.parse::<i64>().ok())
        // Zones run from UTC-12 to UTC+14.
        .filter(|m| (-720..=840).contains(m))
}

/// The reader's zone in a request's zone cookie, if it holds a real one.
#[cfg(feature = "ssr")]
pub fn zone_from_headers(headers: &axum::http::HeaderMap) -> Option<i64> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(zone_from_cookie_header)
}

/// Tells the server the browser's zone (a year-long cookie), when it does not know it
/// yet or the reader has moved.
#[cfg(feature = "hydrate")]
pub fn remember_browser_zone() {
    use leptos::wasm_bindgen::JsCast;
    let (_, offset) = browser_now();
    let Ok(doc) = document().dyn_into::<leptos::web_sys::HtmlDocument>() else {
        return;
    };
    let known = doc.cookie().ok().and_then(|c| zone_from_cookie_header(&c));
    if known != Some(offset) {
        let _ = doc.set_cookie(&format!(
            "{ZONE_COOKIE}={offset}; path=/; max-age=31536000; samesite=lax"
        ));
    }
}

/// The browser's clock and zone offset (minutes east of UTC).
#[cfg(feature = "hydrate")]
pub fn browser_now() -> (i64, i64) {
    let now = js_sys::Date::new_0();
    // getTimezoneOffset is minutes *behind* UTC (Jakarta: -420).
    (now.get_time() as i64, -(now.get_timezone_offset() as i64))
}

/// `at` as the server draws it: relative to now in the reader's zone from the request's
/// zone cookie, else as a UTC date.
fn server_label(at: DateTime<Utc>) -> String {
    let at_ms = at.timestamp_millis();
    #[cfg(feature = "ssr")]
    {
        let zone = use_context::<axum::http::request::Parts>()
            .and_then(|parts| zone_from_headers(&parts.headers));
        if let Some(zone) = zone {
            let lang = crate::i18n::use_lang().get_untracked();
            return relative_label(Utc::now().timestamp_millis(), at_ms, zone, lang);
        }
    }
    relative_label(at_ms + 7 * DAY_MS, at_ms, 0, Lang::Id)
}

/// The clock and zone a chat's messages are drawn with. Two are equal when they draw
/// alike: the same zone and the same local day.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReaderClock {
    /// Now, in milliseconds since the epoch.
    pub now_ms: i64,
    /// The reader's zone, minutes east of UTC.
    pub offset_min: i64,
}

impl PartialEq for ReaderClock {
    fn eq(&self, other: &Self) -> bool {
        self.offset_min == other.offset_min
            && local_day(self.now_ms, self.offset_min) == local_day(other.now_ms, other.offset_min)
    }
}

impl ReaderClock {
    /// The browser's clock and zone in the browser. On the server, its clock and the
    /// zone the browser left in its cookie (UTC before it has): what the server draws,
    /// the browser hydrates unchanged and then redraws only if its own day or zone
    /// differ.
    pub fn here() -> Self {
        #[cfg(feature = "hydrate")]
        let (now_ms, offset_min) = browser_now();
        #[cfg(not(feature = "hydrate"))]
        let (now_ms, offset_min) = {
            #[cfg(feature = "ssr")]
            let zone = use_context::<axum::http::request::Parts>()
                .and_then(|parts| zone_from_headers(&parts.headers));
            #[cfg(not(feature = "ssr"))]
            let zone = None;
            (Utc::now().timestamp_millis(), zone.unwrap_or(0))
        };
        Self { now_ms, offset_min }
    }
}

/// A `<time>` showing `at` relative to now in the reader's zone.
#[component]
pub fn RelativeTime(
    /// The instant to show.
    at: DateTime<Utc>,
) -> impl IntoView {
    // The server draws the label in the zone the browser left in its cookie (the UTC
    // date before it has), and the browser draws it again with its own clock once it
    // runs: the server's "now" and the browser's may straddle a minute or a midnight.
    let label = RwSignal::new(server_label(at));
    #[cfg(feature = "hydrate")]
    {
        let lang = crate::i18n::use_lang();
        Effect::new(move |_| {
            let (now, offset) = browser_now();
            label.set(relative_label(
                now,
                at.timestamp_millis(),
                offset,
                lang.get_untracked(),
            ));
        });
    }
    view! {
        <time datetime=at.to_rfc3339() title=at.to_rfc3339()>
            {move || label.get()}
        </time>
    }
}

#[cfg(test)]
mod tests {
    use super::{clock_label, day_label, relative_label, zone_from_cookie_header};
    use crate::i18n::Lang;
    use chrono::DateTime;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .timestamp_millis()
    }

    #[test]
    fn labels_follow_the_local_calendar() {
        let jakarta = 7 * 60;
        // Sunday 22 November 2026, 10:00 in Jakarta.
        let now = ms("2026-11-22T03:00:00Z");
        let cases = [
            ("2026-11-22T02:05:00Z", jakarta, "09:05"),
            // 23:30 UTC on the 21st is 06:30 on the 22nd in Jakarta: today.
            ("2026-11-21T23:30:00Z", jakarta, "06:30"),
            // ...but yesterday in UTC.
            ("2026-11-21T23:30:00Z", 0, "Kemarin"),
            ("2026-11-21T10:00:00Z", jakarta, "Kemarin"),
            ("2026-11-20T10:00:00Z", jakarta, "Jumat"),
            ("2026-11-16T10:00:00Z", jakarta, "Senin"),
            ("2026-11-15T10:00:00Z", jakarta, "15/11/26"),
            ("2025-01-02T10:00:00Z", jakarta, "02/01/25"),
            // A clock running slightly behind the server: still today.
            ("2026-11-22T03:00:30Z", jakarta, "10:00"),
        ];
        for (at, offset, want) in cases {
            assert_eq!(
                relative_label(now, ms(at), offset, Lang::Id),
                want,
                "{at} at offset {offset}"
            );
        }
    }

    #[test]
    fn the_zone_cookie_holds_real_zones_only() {
        assert_eq!(zone_from_cookie_header("a=1; serambi_tz=420"), Some(420));
        assert_eq!(zone_from_cookie_header("serambi_tz=-300; b=2"), Some(-300));
        assert_eq!(zone_from_cookie_header("serambi_tz=99999"), None);
        assert_eq!(zone_from_cookie_header("serambi_tz=jakarta"), None);
        assert_eq!(zone_from_cookie_header("serambi_lang=en"), None);
    }

    #[test]
    fn day_separators_and_clock_times() {
        let jakarta = 7 * 60;
        let now = ms("2026-11-22T03:00:00Z");
        let day = |at: &str, lang| day_label(now, ms(at), jakarta, lang);
        assert_eq!(day("2026-11-21T23:30:00Z", Lang::Id), "Hari ini");
        assert_eq!(day("2026-11-21T10:00:00Z", Lang::Id), "Kemarin");
        assert_eq!(day("2026-11-16T10:00:00Z", Lang::Id), "Senin, 16 Nov 2026");
        assert_eq!(day("2026-11-21T23:30:00Z", Lang::En), "Today");
        assert_eq!(day("2026-11-21T10:00:00Z", Lang::En), "Yesterday");
        assert_eq!(day("2026-08-17T10:00:00Z", Lang::En), "Monday, 17 Aug 2026");
        assert_eq!(day("2026-08-17T10:00:00Z", Lang::Id), "Senin, 17 Agu 2026");
        assert_eq!(
            relative_label(now, ms("2026-11-20T10:00:00Z"), jakarta, Lang::En),
            "Friday"
        );
        assert_eq!(clock_label(ms("2026-11-21T23:30:00Z"), jakarta), "06:30");
        assert_eq!(clock_label(ms("2026-11-21T23:30:00Z"), 0), "23:30");
    }
}
