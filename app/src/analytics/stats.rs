//! The arithmetic of the dashboard: percentiles and the CSV, pure and unit-tested.

use super::AnalyticsReport;

/// The median of `values` (the mean of the two middle ones for an even count, rounded
/// down); `None` for none. The exact computation the histograms are tested against:
/// the report itself reads histograms, never every time.
#[cfg(test)]
pub fn median(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]).div_euclid(2)
    })
}

/// The `p`-th percentile of `values` by the nearest-rank method (the smallest value
/// with at least `p` % of the values at or below it); `None` for none. Tests only, as
/// [`median`].
#[cfg(test)]
pub fn percentile(values: &mut [i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let rank = (u64::from(p) * n as u64).div_ceil(100).max(1) as usize;
    values.get(rank.min(n) - 1).copied()
}

/// One CSV cell. Text a spreadsheet would read as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return: an account named `=HYPERLINK(…)`) gets a `'`
/// in front, as OWASP's CSV-injection advice says; then it is quoted if it must be.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The report's per-account, per-day rows as CSV (the dashboard's table).
pub fn to_csv(report: &AnalyticsReport) -> String {
    let mut out = String::from(
        "day,accountId,accountName,receivedCount,replyCount,blocked,newLeads,escalations,answered,medianFirstResponseSeconds,p90FirstResponseSeconds\r\n",
    );
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in &report.rows {
        let c = &r.counts;
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\r\n",
            r.day,
            csv_field(&r.account_id),
            csv_field(&r.account_name),
            c.received,
            c.replied,
            c.blocked,
            c.new_leads,
            c.escalations,
            c.answered,
            opt(c.median_first_response_seconds),
            opt(c.p90_first_response_seconds),
        ));
    }
    out
}

/// `1 j 05 m`, `4 m 10 d`, `35 d`: a duration for people.
pub fn human_seconds(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    if h > 0 {
        format!("{h} j {m:02} m")
    } else if m > 0 {
        format!("{m} m {s:02} d")
    } else {
        format!("{s} d")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles_by_hand() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [7]), Some(7));
        assert_eq!(median(&mut [30, 10, 20]), Some(20));
        assert_eq!(median(&mut [40, 10, 30, 20]), Some(25));
        assert_eq!(median(&mut [1, 2]), Some(1));
        let mut ten: Vec<i64> = (1..=10).map(|i| i * 60).collect();
        assert_eq!(percentile(&mut ten, 90), Some(540));
        assert_eq!(percentile(&mut ten, 100), Some(600));
        assert_eq!(percentile(&mut ten, 50), Some(300));
        assert_eq!(percentile(&mut [5], 90), Some(5));
        assert_eq!(percentile(&mut [], 90), None);
        let mut three = [300, 60, 120];
        assert_eq!(percentile(&mut three, 90), Some(300));
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_seconds(35), "35 d");
        assert_eq!(human_seconds(250), "4 m 10 d");
        assert_eq!(human_seconds(3900), "1 j 05 m");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("Toko A"), "Toko A");
        assert_eq!(csv_field("Toko, \"B\""), "\"Toko, \"\"B\"\"\"");
    }

    #[test]
    fn csv_cells_never_start_a_formula() {
        for (text, cell) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+62 812", "'+62 812"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("\rCR", "\"'\rCR\""),
            ("Toko =A", "Toko =A"),
            ("", ""),
        ] {
            assert_eq!(csv_field(text), cell, "{text:?}");
        }
    }
}
