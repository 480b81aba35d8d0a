//! Response times as a compact histogram, so the dashboard reads one row per agent,
//! account and day instead of one row per answered lead.
//!
//! A time is kept at a precision people read it at: exact under a minute, to 5 s
//! under ten minutes, to 30 s under an hour, to a minute under a day, to 15 minutes
//! beyond (at worst 4 % off, at 60 s). Stored as text, `seconds:count` pairs
//! (`45:2,600:1`); reading accepts any order and repeated keys, so a row can be
//! built by concatenating exact times (`45:1,45:1,600:1`).

use std::collections::BTreeMap;

/// Seconds counted by the value they round to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram {
    counts: BTreeMap<i64, u64>,
}

/// `seconds` at the precision it is kept at (negative counts as zero).
pub fn quantize(seconds: i64) -> i64 {
    let s = seconds.max(0);
    let step = match s {
        0..60 => return s,
        60..600 => 5,
        600..3_600 => 30,
        3_600..86_400 => 60,
        _ => 900,
    };
    // Round half up, so 62 s is 60 s and 63 s is 65 s.
    (s + step / 2) / step * step
}

impl Histogram {
    /// Reads the stored text; unreadable pairs are skipped (a row is never lost to
    /// one bad pair).
    pub fn decode(text: &str) -> Self {
        let mut h = Self::default();
        for pair in text.split(',') {
            let Some((seconds, count)) = pair.trim().split_once(':') else {
                continue;
            };
            if let (Ok(seconds), Ok(count)) = (seconds.parse::<i64>(), count.parse::<u64>()) {
                *h.counts.entry(seconds.max(0)).or_default() += count;
            }
        }
        h
    }

    /// The stored text: pairs in ascending seconds, each key once.
    pub fn encode(&self) -> String {
        let pairs: Vec<String> = self
            .counts
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(s, n)| format!("{s}:{n}"))
            .collect();
        pairs.join(",")
    }

    /// Counts one time.
    pub fn add(&mut self, seconds: i64) {
        *self.counts.entry(quantize(seconds)).or_default() += 1;
    }

    /// Adds every time of `other`.
    pub fn merge(&mut self, other: &Self) {
        for (s, n) in &other.counts {
            *self.counts.entry(*s).or_default() += n;
        }
    }

    /// How many times are counted.
    pub fn len(&self) -> u64 {
        self.counts.values().sum()
    }

    /// Whether nothing is counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `rank`-th smallest time, 1-based.
    fn at_rank(&self, rank: u64) -> Option<i64> {
        let mut seen = 0;
        for (s, n) in &self.counts {
            seen += n;
            if seen >= rank {
                return Some(*s);
            }
        }
        None
    }

    /// The median: the middle time, or the mean of the two middle ones (rounded down).
    pub fn median(&self) -> Option<i64> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        if n % 2 == 1 {
            self.at_rank(n / 2 + 1)
        } else {
            Some((self.at_rank(n / 2)? + self.at_rank(n / 2 + 1)?).div_euclid(2))
        }
    }

    /// The `p`-th percentile by nearest rank: the smallest time with at least `p` % of
    /// the times at or below it.
    pub fn percentile(&self, p: u32) -> Option<i64> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        let rank = (u64::from(p) * n).div_ceil(100).clamp(1, n);
        self.at_rank(rank)
    }
}

#[cfg(test)]
mod tests {
    use super::super::stats;
    use super::*;

    #[test]
    fn precision_follows_the_size_of_the_time() {
        assert_eq!(quantize(-3), 0);
        assert_eq!(quantize(59), 59);
        assert_eq!(quantize(62), 60);
        assert_eq!(quantize(63), 65);
        assert_eq!(quantize(599), 600);
        assert_eq!(quantize(614), 600);
        assert_eq!(quantize(615), 630);
        assert_eq!(quantize(3_629), 3_600);
        assert_eq!(quantize(90_000), 90_000);
        for s in (0..200_000).step_by(7) {
            let q = quantize(s);
            assert!((q - s).abs() * 100 <= s.max(1) * 5, "{s} became {q}");
        }
    }

    #[test]
    fn text_round_trips_and_tolerates_concatenation() {
        let mut h = Histogram::default();
        for s in [600, 45, 45, 1_200] {
            h.add(s);
        }
        assert_eq!(h.encode(), "45:2,600:1,1200:1");
        assert_eq!(Histogram::decode(&h.encode()), h);
        let built = Histogram::decode("600:1,45:1,45:1,,junk,1200:1,7:x");
        assert_eq!(built, h);
        assert_eq!(Histogram::decode("").encode(), "");
    }

    #[test]
    fn medians_and_percentiles_match_the_exact_ones_on_kept_values() {
        let times = [30, 45, 120, 180, 600, 1_200, 1_200, 3_600, 7_200, 86_400];
        for take in 1..=times.len() {
            let mut exact: Vec<i64> = times[..take].to_vec();
            let mut h = Histogram::default();
            exact.iter().for_each(|s| h.add(*s));
            assert_eq!(h.median(), stats::median(&mut exact), "{take} times");
            assert_eq!(h.percentile(90), stats::percentile(&mut exact, 90));
            assert_eq!(h.percentile(100), stats::percentile(&mut exact, 100));
        }
        assert_eq!(Histogram::default().median(), None);
        assert_eq!(Histogram::default().percentile(90), None);
    }

    #[test]
    fn merging_adds_counts() {
        let mut a = Histogram::decode("60:2");
        a.merge(&Histogram::decode("60:1,5:4"));
        assert_eq!(a.encode(), "5:4,60:3");
        assert_eq!(a.len(), 7);
        assert_eq!(a.median(), Some(5));
    }
}
