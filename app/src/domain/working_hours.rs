//! Working hours: when the escalation clock runs. Outside them a lead's first-response
//! time stands still and resumes at opening time, so a lead that arrives at 16:58 with
//! five minutes to answer and a 17:00 close is due at 08:03 on the next working day.
//!
//! Indonesia's three time zones have no daylight saving time, so a business time
//! zone is a fixed offset from UTC; no time zone database is needed (and none is
//! shipped to the browser).

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, NaiveTime, Offset, TimeZone, Utc, Weekday,
};
use serde::{Deserialize, Serialize};

/// The business's time zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum BusinessZone {
    /// WIB, UTC+7 (Jakarta, Sumatra, West and Central Kalimantan).
    #[default]
    #[serde(rename = "Asia/Jakarta")]
    Jakarta,
    /// WITA, UTC+8 (Bali, Sulawesi, Nusa Tenggara).
    #[serde(rename = "Asia/Makassar")]
    Makassar,
    /// WIT, UTC+9 (Maluku, Papua).
    #[serde(rename = "Asia/Jayapura")]
    Jayapura,
}

impl BusinessZone {
    /// Every zone, for the settings page.
    pub const ALL: [BusinessZone; 3] = [Self::Jakarta, Self::Makassar, Self::Jayapura];

    /// The IANA name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Jakarta => "Asia/Jakarta",
            Self::Makassar => "Asia/Makassar",
            Self::Jayapura => "Asia/Jayapura",
        }
    }

    /// Reads an IANA name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|z| z.name() == name)
    }

    /// Its offset from UTC.
    pub fn offset(self) -> FixedOffset {
        let hours = match self {
            Self::Jakarta => 7,
            Self::Makassar => 8,
            Self::Jayapura => 9,
        };
        // 7–9 hours is always a valid offset; UTC stands in for the impossible case.
        FixedOffset::east_opt(hours * 3600).unwrap_or_else(|| Utc.fix())
    }

    /// The business day `at` falls on.
    pub fn day_of(self, at: DateTime<Utc>) -> chrono::NaiveDate {
        at.with_timezone(&self.offset()).date_naive()
    }

    /// The start of the business day `at` falls on (midnight in this zone), as UTC.
    pub fn midnight_of(self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.day_of(at)
            .and_time(NaiveTime::MIN)
            .and_local_timezone(self.offset())
            .single()
            .map_or(at, |t| t.with_timezone(&Utc))
    }
}

/// Opening and closing time of one day, in the business's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct DayHours {
    /// Opening time, `HH:MM`.
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "08:00"))]
    pub open: NaiveTime,
    /// Closing time, `HH:MM`, after `open`.
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "17:00"))]
    pub close: NaiveTime,
}

/// When the escalation clock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct WorkingHours {
    /// Off: the clock always runs (the default).
    pub enabled: bool,
    /// The business's time zone.
    pub time_zone: BusinessZone,
    /// Monday first; `None` is a closed day.
    pub days: [Option<DayHours>; 7],
}

impl Default for WorkingHours {
    /// Off, with Monday to Friday 08:00–17:00 and Saturday 08:00–12:00 ready to switch on.
    fn default() -> Self {
        let hours = |open: u32, close: u32| {
            Some(DayHours {
                open: NaiveTime::from_hms_opt(open, 0, 0).unwrap_or_default(),
                close: NaiveTime::from_hms_opt(close, 0, 0).unwrap_or_default(),
            })
        };
        Self {
            enabled: false,
            time_zone: BusinessZone::Jakarta,
            days: [
                hours(8, 17),
                hours(8, 17),
                hours(8, 17),
                hours(8, 17),
                hours(8, 17),
                hours(8, 12),
                None,
            ],
        }
    }
}

/// How far ahead the clock looks for an open hour before giving up (a week with no
/// open day at all).
const HORIZON_DAYS: i64 = 8;

impl WorkingHours {
    /// Checks the hours: each day closes after it opens.
    pub fn check(&self) -> Result<(), String> {
        for (i, day) in self.days.iter().enumerate() {
            if let Some(d) = day
                && d.close <= d.open
            {
                return Err(format!(
                    "{}: closing time must be after opening time",
                    weekday_name(i)
                ));
            }
        }
        Ok(())
    }

    fn hours_on(&self, weekday: Weekday) -> Option<DayHours> {
        self.days[weekday.num_days_from_monday() as usize]
    }

    /// The open interval (in UTC) that contains `at` or starts after it, searching
    /// `HORIZON_DAYS` ahead. Always `(at, far future)` when working hours are off.
    fn interval_from(&self, at: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        if !self.enabled {
            return Some((at, DateTime::<Utc>::MAX_UTC));
        }
        let zone = self.time_zone.offset();
        let local = at.with_timezone(&zone);
        for ahead in 0..HORIZON_DAYS {
            let date = local.date_naive() + Duration::days(ahead);
            let Some(hours) = self.hours_on(date.weekday()) else {
                continue;
            };
            let (Some(open), Some(close)) = (
                zone.from_local_datetime(&date.and_time(hours.open))
                    .single(),
                zone.from_local_datetime(&date.and_time(hours.close))
                    .single(),
            ) else {
                continue;
            };
            let (open, close) = (open.with_timezone(&Utc), close.with_timezone(&Utc));
            if close <= at {
                continue;
            }
            return Some((open.max(at), close));
        }
        None
    }

    /// Whether the clock runs at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.interval_from(at).is_some_and(|(start, _)| start == at)
    }

    /// When the clock next runs, if it is stopped at `at` (`None` when it runs, or
    /// when no day is open at all).
    pub fn paused_until(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.interval_from(at)
            .map(|(start, _)| start)
            .filter(|start| *start > at)
    }

    /// The moment `work` of working time has passed since `start`: the escalation
    /// deadline of a lead assigned at `start`. `None` when no day is ever open.
    pub fn after_working_time(
        &self,
        start: DateTime<Utc>,
        work: Duration,
    ) -> Option<DateTime<Utc>> {
        let mut at = start;
        let mut left = work;
        // Each step uses up one open interval; a week holds at most seven.
        for _ in 0..(HORIZON_DAYS * 2) {
            let (from, until) = self.interval_from(at)?;
            if until == DateTime::<Utc>::MAX_UTC || from + left <= until {
                return Some(from + left);
            }
            left -= until - from;
            at = until;
        }
        None
    }
}

/// `Senin` … `Minggu`, for messages.
pub fn weekday_name(monday_first: usize) -> &'static str {
    [
        "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
    ]
    .get(monday_first)
    .copied()
    .unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Jakarta wall-clock time (UTC+7) as UTC.
    fn wib(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(&format!("{s}+07:00"))
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn the_business_day_starts_at_midnight_in_its_zone() {
        // 2026-12-01 18:30 UTC is 01:30 on 2 December in Jakarta, 03:30 in Jayapura.
        let late = wib("2026-12-02T01:30:00");
        assert_eq!(
            BusinessZone::Jakarta.midnight_of(late),
            wib("2026-12-02T00:00:00")
        );
        assert_eq!(
            BusinessZone::Jakarta.day_of(late),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("d")
        );
        assert_eq!(
            BusinessZone::Jayapura.midnight_of(late),
            wib("2026-12-01T22:00:00")
        );
        // 17:00 in Jakarta is still the same day.
        let day = wib("2026-12-01T17:00:00");
        assert_eq!(
            BusinessZone::Jakarta.midnight_of(day),
            wib("2026-12-01T00:00:00")
        );
    }

    fn on() -> WorkingHours {
        WorkingHours {
            enabled: true,
            ..WorkingHours::default()
        }
    }

    #[test]
    fn a_lead_at_closing_time_is_due_after_opening_the_next_working_day() {
        // 2026-12-01 is a Tuesday.
        let hours = on();
        let five = Duration::minutes(5);
        assert_eq!(
            hours.after_working_time(wib("2026-12-01T16:58:00"), five),
            Some(wib("2026-12-02T08:03:00"))
        );
        // Inside the day: plain addition.
        assert_eq!(
            hours.after_working_time(wib("2026-12-01T10:00:00"), five),
            Some(wib("2026-12-01T10:05:00"))
        );
        // Arriving at night: the clock starts at opening.
        assert_eq!(
            hours.after_working_time(wib("2026-12-01T22:30:00"), five),
            Some(wib("2026-12-02T08:05:00"))
        );
        // Exactly at closing: due at closing (nothing left over).
        assert_eq!(
            hours.after_working_time(wib("2026-12-01T16:55:00"), five),
            Some(wib("2026-12-01T17:00:00"))
        );
    }

    #[test]
    fn weekends_and_closed_days_are_skipped() {
        let hours = on();
        let five = Duration::minutes(5);
        // Friday 16:58 → Saturday is open 08–12: 08:03 Saturday.
        assert_eq!(
            hours.after_working_time(wib("2026-12-04T16:58:00"), five),
            Some(wib("2026-12-05T08:03:00"))
        );
        // Saturday 11:58 → Sunday closed → Monday 08:03.
        assert_eq!(
            hours.after_working_time(wib("2026-12-05T11:58:00"), five),
            Some(wib("2026-12-07T08:03:00"))
        );
        // Wednesday closed (a holiday): Tuesday 16:58 → Thursday 08:03.
        let mut holiday = on();
        holiday.days[2] = None;
        assert_eq!(
            holiday.after_working_time(wib("2026-12-01T16:58:00"), five),
            Some(wib("2026-12-03T08:03:00"))
        );
        // A timeout longer than a working day spans days.
        assert_eq!(
            hours.after_working_time(wib("2026-12-01T16:00:00"), Duration::hours(10)),
            Some(wib("2026-12-02T17:00:00"))
        );
        // No open day at all: never due.
        let closed = WorkingHours {
            enabled: true,
            days: [None; 7],
            ..WorkingHours::default()
        };
        assert_eq!(
            closed.after_working_time(wib("2026-12-01T10:00:00"), five),
            None
        );
    }

    #[test]
    fn off_means_the_clock_always_runs() {
        let hours = WorkingHours::default();
        let at = wib("2026-12-06T03:00:00"); // Sunday night
        assert!(hours.is_open(at));
        assert_eq!(hours.paused_until(at), None);
        assert_eq!(
            hours.after_working_time(at, Duration::minutes(5)),
            Some(at + Duration::minutes(5))
        );
    }

    #[test]
    fn the_clock_pauses_outside_hours_until_opening() {
        let hours = on();
        assert!(hours.is_open(wib("2026-12-01T08:00:00")));
        assert!(hours.is_open(wib("2026-12-01T16:59:59")));
        assert!(!hours.is_open(wib("2026-12-01T17:00:00")));
        assert_eq!(
            hours.paused_until(wib("2026-12-01T19:00:00")),
            Some(wib("2026-12-02T08:00:00"))
        );
        assert_eq!(
            hours.paused_until(wib("2026-12-06T10:00:00")),
            Some(wib("2026-12-07T08:00:00"))
        );
        assert_eq!(hours.paused_until(wib("2026-12-01T09:00:00")), None);
    }

    #[test]
    fn other_zones_shift_the_day() {
        let hours = WorkingHours {
            time_zone: BusinessZone::Jayapura,
            ..on()
        };
        // 08:00 WIT is 06:00 WIB.
        assert!(hours.is_open(wib("2026-12-01T06:00:00")));
        assert!(!on().is_open(wib("2026-12-01T06:00:00")));
        assert_eq!(
            BusinessZone::parse("Asia/Makassar"),
            Some(BusinessZone::Makassar)
        );
        assert_eq!(BusinessZone::parse("Europe/Paris"), None);
        // 23:30 UTC on the 1st is already the 2nd in Jakarta.
        let late = DateTime::parse_from_rfc3339("2026-12-01T23:30:00Z")
            .expect("t")
            .with_timezone(&Utc);
        assert_eq!(
            BusinessZone::Jakarta.day_of(late),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("date")
        );
    }

    #[test]
    fn analytics_count_by_the_business_day() {
        let utc = |s: &str| {
            DateTime::parse_from_rfc3339(s)
                .expect("t")
                .with_timezone(&Utc)
        };
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
        let jakarta = BusinessZone::Jakarta;
        // 16:59:59 UTC is 23:59:59 in Jakarta: still the 1st; a second later, the 2nd.
        assert_eq!(
            jakarta.day_of(utc("2026-12-01T16:59:59Z")),
            day(2026, 12, 1)
        );
        assert_eq!(
            jakarta.day_of(utc("2026-12-01T17:00:00Z")),
            day(2026, 12, 2)
        );
        // Early morning in Jakarta is still the previous day in UTC.
        assert_eq!(
            jakarta.day_of(utc("2026-11-30T18:30:00Z")),
            day(2026, 12, 1)
        );
        // Makassar's day starts an hour earlier.
        assert_eq!(
            BusinessZone::Makassar.day_of(utc("2026-12-01T16:30:00Z")),
            day(2026, 12, 2)
        );
    }

    #[test]
    fn a_day_must_close_after_it_opens() {
        let mut hours = on();
        assert!(hours.check().is_ok());
        hours.days[1] = Some(DayHours {
            open: NaiveTime::from_hms_opt(17, 0, 0).expect("t"),
            close: NaiveTime::from_hms_opt(8, 0, 0).expect("t"),
        });
        assert!(hours.check().unwrap_err().starts_with("Selasa"));
    }
}
