//! Slows down password guessing: after a few failures from one address, further
//! attempts from it are refused for a while, doubling with every further failure.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Failures allowed before an address has to wait.
const FREE_FAILURES: u32 = 5;
/// Failures older than this are forgotten.
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The first wait; each further failure doubles it.
const BASE_LOCKOUT: Duration = Duration::from_secs(30);
/// The longest wait.
const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Per-address failed-login counts, in memory (each server instance keeps its own).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<IpAddr, Failures>>,
}

impl LoginThrottle {
    /// `Err(seconds to wait)` when `ip` must wait before trying again.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        match map.get(&ip) {
            Some(f) if f.count >= FREE_FAILURES => {
                let until = f.last + lockout(f.count);
                if now < until {
                    Err((until - now).as_secs().max(1))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    /// Records a failed attempt from `ip`.
    pub fn record_failure(&self, ip: IpAddr, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Keep the map from growing without bound under a spray of addresses.
        if map.len() > 10_000 {
            map.retain(|_, f| now.duration_since(f.last) < WINDOW);
        }
        let entry = map.entry(ip).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.duration_since(entry.last) >= WINDOW {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
    }

    /// Forgets the failures of `ip` after a successful login.
    pub fn record_success(&self, ip: IpAddr) {
        self.failures
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&ip);
    }
}

fn lockout(count: u32) -> Duration {
    let doublings = count.saturating_sub(FREE_FAILURES).min(10);
    (BASE_LOCKOUT * 2u32.pow(doublings)).min(MAX_LOCKOUT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn five_failures_are_free_then_the_address_waits() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            assert_eq!(t.check(ip(1), now), Ok(()));
            t.record_failure(ip(1), now);
        }
        assert_eq!(t.check(ip(1), now), Err(30));
        // Other addresses are not affected.
        assert_eq!(t.check(ip(2), now), Ok(()));
        // The wait ends.
        assert_eq!(t.check(ip(1), now + Duration::from_secs(31)), Ok(()));
    }

    #[test]
    fn each_further_failure_doubles_the_wait_up_to_a_cap() {
        let cases = [
            (5, 30),
            (6, 60),
            (7, 120),
            (8, 240),
            (9, 480),
            (10, 900),
            (30, 900),
        ];
        for (count, secs) in cases {
            assert_eq!(
                lockout(count),
                Duration::from_secs(secs),
                "after {count} failures"
            );
        }
    }

    #[test]
    fn success_and_time_forget_failures() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES {
            t.record_failure(ip(3), now);
        }
        t.record_success(ip(3));
        assert_eq!(t.check(ip(3), now), Ok(()));
        for _ in 0..FREE_FAILURES {
            t.record_failure(ip(4), now);
        }
        // A failure after the window starts the count again.
        t.record_failure(ip(4), now + WINDOW + Duration::from_secs(1));
        assert_eq!(
            t.check(ip(4), now + WINDOW + Duration::from_secs(1)),
            Ok(())
        );
    }
}
