//! Slows down password guessing.
//!
//! Every attempt is counted *before* its password is hashed, against the client and
//! against the email it names, so a burst of parallel guesses cannot all slip through
//! before the first failure is written down. A client (an IPv4 address, or an IPv6
//! /64: one home or phone gets a whole /64) that fails a few times must wait, doubling
//! with every further failure. An email that fails many times, from any clients, is
//! *slowed down*, never refused: refusing it would let anyone keep its owner (the
//! admin, say) out by guessing from two addresses. A success forgets both counts.
//! Hashing itself is rationed by a semaphore, so a flood of logins cannot occupy every
//! core with Argon2. Memory is bounded: each table keeps at most [`MAX_KEYS`] entries
//! whatever arrives.

use std::{
    collections::HashMap,
    hash::Hash,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};
use tokio::sync::{Semaphore, SemaphorePermit};

/// Failures allowed from one address before it has to wait.
const FREE_PER_ADDRESS: u32 = 5;
/// Failures allowed for one email (from any addresses) before its attempts are slowed
/// down: more than an address gets, so a typo never slows the owner.
const FREE_PER_EMAIL: u32 = 10;
/// The first delay of an email that failed too often; each further failure doubles it.
const BASE_EMAIL_DELAY: Duration = Duration::from_millis(250);
/// The longest delay of an email's attempt.
const MAX_EMAIL_DELAY: Duration = Duration::from_secs(4);
/// Failures older than this are forgotten.
const WINDOW: Duration = Duration::from_secs(15 * 60);
/// The first wait; each further failure doubles it.
const BASE_LOCKOUT: Duration = Duration::from_secs(30);
/// The longest wait.
const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Entries each table keeps at most (about a megabyte in all).
pub const MAX_KEYS: usize = 10_000;
/// Longest email remembered; longer ones are cut (no address is that long anyway).
const MAX_EMAIL_LEN: usize = 254;
/// How long a login waits for a free hasher before it is told to try again.
const HASH_QUEUE_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failure counts per key, bounded in size.
#[derive(Debug)]
struct Counts<K> {
    free: u32,
    map: HashMap<K, Failures>,
}

impl<K: Eq + Hash + Clone> Counts<K> {
    fn new(free: u32) -> Self {
        Self {
            free,
            map: HashMap::new(),
        }
    }

    /// How many failures `key` has within the window.
    fn recent(&self, key: &K, now: Instant) -> u32 {
        self.map
            .get(key)
            .filter(|f| now.duration_since(f.last) < WINDOW)
            .map_or(0, |f| f.count)
    }

    /// Seconds `key` must still wait, if it must.
    fn wait(&self, key: &K, now: Instant) -> Option<u64> {
        let f = self.map.get(key)?;
        if f.count < self.free || now.duration_since(f.last) >= WINDOW {
            return None;
        }
        let until = f.last + lockout(f.count, self.free);
        (now < until).then(|| (until - now).as_secs().max(1))
    }

    fn fail(&mut self, key: K, now: Instant) {
        if self.map.len() >= MAX_KEYS && !self.map.contains_key(&key) {
            self.make_room(now);
        }
        let entry = self.map.entry(key).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.duration_since(entry.last) >= WINDOW {
            entry.count = 0;
        }
        entry.count = entry.count.saturating_add(1);
        entry.last = now;
    }

    /// Frees space under a spray of keys: first what the window has forgotten, then
    /// keys that are not waiting, and if every key is waiting, the oldest half (they
    /// are the nearest to being let go anyway).
    fn make_room(&mut self, now: Instant) {
        self.map.retain(|_, f| now.duration_since(f.last) < WINDOW);
        if self.map.len() >= MAX_KEYS {
            let free = self.free;
            self.map.retain(|_, f| f.count >= free);
        }
        if self.map.len() >= MAX_KEYS {
            let mut lasts: Vec<Instant> = self.map.values().map(|f| f.last).collect();
            let (_, median, _) = lasts.select_nth_unstable(MAX_KEYS / 2);
            let median = *median;
            self.map.retain(|_, f| f.last > median);
        }
    }

    fn forget(&mut self, key: &K) {
        self.map.remove(key);
    }
}

/// Failed-login bookkeeping of this server instance (each instance keeps its own).
#[derive(Debug)]
pub struct LoginThrottle {
    /// Keyed by [`client`]: an IPv4 address or an IPv6 /64.
    by_address: Mutex<Counts<IpAddr>>,
    by_email: Mutex<Counts<String>>,
    hashing: Semaphore,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        // Half the cores at most: logins never starve the rest of the server.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::with_hashers((cores / 2).max(1))
    }
}

impl LoginThrottle {
    /// A throttle that lets `hashers` password checks run at once.
    pub fn with_hashers(hashers: usize) -> Self {
        Self {
            by_address: Mutex::new(Counts::new(FREE_PER_ADDRESS)),
            by_email: Mutex::new(Counts::new(FREE_PER_EMAIL)),
            hashing: Semaphore::new(hashers.max(1)),
        }
    }

    /// Starts an attempt from `ip` for `email`: `Err(seconds to wait)` when the client
    /// must wait; otherwise how long to hold the attempt back before its password is
    /// checked (zero unless the email has failed too often), and the attempt is counted
    /// as a failure until [`Self::succeeded`] says otherwise.
    pub fn begin(&self, ip: IpAddr, email: &str, now: Instant) -> Result<Duration, u64> {
        let email = email_key(email);
        let ip = client(ip);
        // One lock at a time, always in this order.
        let mut addresses = self.by_address.lock().unwrap_or_else(|p| p.into_inner());
        let mut emails = self.by_email.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(secs) = addresses.wait(&ip, now) {
            return Err(secs);
        }
        let delay = email_delay(emails.recent(&email, now));
        addresses.fail(ip, now);
        emails.fail(email, now);
        Ok(delay)
    }

    /// Forgets the failures of `ip` and `email` after a successful login.
    pub fn succeeded(&self, ip: IpAddr, email: &str) {
        let email = email_key(email);
        self.by_address
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget(&client(ip));
        self.by_email
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .forget(&email);
    }

    /// Waits for a turn to hash a password; `Err(seconds)` when the queue is too long.
    pub async fn hasher(&self) -> Result<SemaphorePermit<'_>, u64> {
        match tokio::time::timeout(HASH_QUEUE_WAIT, self.hashing.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(1),
        }
    }

    /// Entries held (addresses, emails), for tests of the memory bound.
    pub fn sizes(&self) -> (usize, usize) {
        (
            self.by_address
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .map
                .len(),
            self.by_email
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .map
                .len(),
        )
    }
}

/// The key a client is counted under: an IPv4 address as it is, an IPv6 address by
/// its /64 (a single subscriber is handed a whole /64, so counting each address would
/// give one attacker 2^64 fresh starts), an IPv4-mapped IPv6 address as its IPv4.
pub fn client(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

/// How long an attempt for an email with `failures` recent failures is held back.
fn email_delay(failures: u32) -> Duration {
    if failures < FREE_PER_EMAIL {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_PER_EMAIL).min(8);
    (BASE_EMAIL_DELAY * 2u32.pow(doublings)).min(MAX_EMAIL_DELAY)
}

fn email_key(email: &str) -> String {
    email
        .trim()
        .chars()
        .take(MAX_EMAIL_LEN)
        .collect::<String>()
        .to_lowercase()
}

fn lockout(count: u32, free: u32) -> Duration {
    let doublings = count.saturating_sub(free).min(10);
    (BASE_LOCKOUT * 2u32.pow(doublings)).min(MAX_LOCKOUT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([10, 0, 0, last])
    }

    #[test]
    fn five_attempts_are_free_then_the_address_waits() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..FREE_PER_ADDRESS {
            assert_eq!(t.begin(ip(1), &format!("u{i}@x"), now), Ok(Duration::ZERO));
        }
        // Counted before any password was checked: the sixth waits.
        assert_eq!(t.begin(ip(1), "other@x", now), Err(30));
        // Other addresses are not affected.
        assert_eq!(t.begin(ip(2), "other@x", now), Ok(Duration::ZERO));
        // The wait ends.
        assert_eq!(
            t.begin(ip(1), "other@x", now + Duration::from_secs(31)),
            Ok(Duration::ZERO)
        );
    }

    #[test]
    fn one_email_guessed_from_many_addresses_is_slowed_never_refused() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for i in 0..FREE_PER_EMAIL {
            assert_eq!(
                t.begin(ip(i as u8), "Boss@Example.com ", now),
                Ok(Duration::ZERO)
            );
        }
        // The owner, from an address of their own, still gets in: slowed down.
        assert_eq!(
            t.begin(ip(200), "boss@example.com", now),
            Ok(Duration::from_millis(250))
        );
        assert_eq!(
            t.begin(ip(201), "boss@example.com", now),
            Ok(Duration::from_millis(500))
        );
        assert_eq!(
            t.begin(ip(200), "someone@example.com", now),
            Ok(Duration::ZERO)
        );
        // Success forgets the email's count.
        t.succeeded(ip(200), "BOSS@example.com");
        assert_eq!(
            t.begin(ip(202), "boss@example.com", now),
            Ok(Duration::ZERO)
        );
        // The delay has a ceiling.
        assert_eq!(email_delay(10_000), MAX_EMAIL_DELAY);
    }

    #[test]
    fn an_ipv6_client_is_counted_by_its_64() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        let home = |host: u16| -> IpAddr {
            std::net::Ipv6Addr::new(0x2001, 0xdb8, 7, 9, host, host, host, host).into()
        };
        for i in 0..FREE_PER_ADDRESS {
            assert!(t.begin(home(i as u16 + 1), "a@x", now).is_ok());
        }
        // A new address in the same /64 is the same client.
        assert_eq!(t.begin(home(999), "a@x", now), Err(30));
        let neighbour: IpAddr = std::net::Ipv6Addr::new(0x2001, 0xdb8, 7, 10, 1, 1, 1, 1).into();
        assert!(t.begin(neighbour, "a@x", now).is_ok());
        // An IPv4-mapped address is its IPv4 address.
        let mapped: IpAddr = std::net::Ipv4Addr::new(10, 0, 0, 1).to_ipv6_mapped().into();
        assert_eq!(client(mapped), ip(1));
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
                lockout(count, FREE_PER_ADDRESS),
                Duration::from_secs(secs),
                "after {count} failures"
            );
        }
    }

    #[test]
    fn success_and_time_forget_failures() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..FREE_PER_ADDRESS {
            t.begin(ip(3), "a@x", now).ok();
        }
        t.succeeded(ip(3), "a@x");
        assert_eq!(t.begin(ip(3), "a@x", now), Ok(Duration::ZERO));
        for _ in 0..FREE_PER_ADDRESS {
            t.begin(ip(4), "b@x", now).ok();
        }
        // After the window the count starts again.
        let later = now + WINDOW + Duration::from_secs(1);
        assert_eq!(t.begin(ip(4), "b@x", later), Ok(Duration::ZERO));
    }

    #[test]
    fn memory_stays_bounded_and_waiting_keys_are_kept_longest() {
        let t = LoginThrottle::default();
        let now = Instant::now();
        // One address that must wait…
        for _ in 0..FREE_PER_ADDRESS {
            t.begin(ip(9), "victim@x", now).ok();
        }
        // …then a spray of 50,000 addresses and emails, one attempt each.
        for i in 0..50_000u32 {
            // One per /64: addresses within a /64 are one client.
            let addr = IpAddr::from(std::net::Ipv6Addr::from((u128::from(i) + 1) << 64));
            t.begin(addr, &format!("{i}@spray"), now).ok();
        }
        let (addresses, emails) = t.sizes();
        assert!(addresses <= MAX_KEYS, "{addresses} addresses kept");
        assert!(emails <= MAX_KEYS, "{emails} emails kept");
        // The waiting address survived the spray.
        assert!(t.begin(ip(9), "victim@x", now).is_err());
        // A very long email is cut, not stored whole.
        assert_eq!(email_key(&"a".repeat(10_000)).len(), MAX_EMAIL_LEN);
    }

    #[tokio::test]
    async fn hashing_is_rationed() {
        let t = LoginThrottle::with_hashers(2);
        let a = t.hasher().await;
        let b = t.hasher().await;
        assert!(a.is_ok() && b.is_ok());
        assert_eq!(t.hashing.available_permits(), 0);
        drop(a);
        assert!(t.hasher().await.is_ok());
    }
}
