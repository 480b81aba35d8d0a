//! Who the client is behind a reverse proxy (`SERAMBI_TRUSTED_PROXIES`).
//!
//! Behind nginx every request comes from the proxy's address, so the login throttle
//! would see one client. `X-Forwarded-For` names the real one, but anybody can send
//! that header: it is believed only when the peer is a proxy the operator listed, and
//! then read from the right, skipping further listed proxies, so a client cannot put
//! an address of its choosing in front.

use axum::http::HeaderMap;
use std::net::IpAddr;

/// A network: an address and how many leading bits must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    bits: u8,
}

impl Net {
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, canonical(ip)) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => prefix_eq(net.to_bits(), ip.to_bits(), self.bits),
            (IpAddr::V6(net), IpAddr::V6(ip)) => prefix_eq(net.to_bits(), ip.to_bits(), self.bits),
            _ => false,
        }
    }
}

fn prefix_eq<T>(a: T, b: T, bits: u8) -> bool
where
    T: std::ops::BitXor<Output = T> + std::ops::Shr<u32, Output = T> + PartialEq + From<u8>,
{
    let width = (std::mem::size_of::<T>() * 8) as u32;
    let bits = u32::from(bits);
    bits == 0 || (a ^ b) >> (width - bits) == T::from(0)
}

/// An IPv4 client seen through an IPv6 socket (`::ffff:1.2.3.4`) is that IPv4 client.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The proxies whose `X-Forwarded-For` is believed. Empty (the default): the header is
/// ignored and the peer address is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Net>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks
    /// (`127.0.0.1, 10.0.0.0/8, fd00::/8`).
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|item| {
                let (addr, bits) = item.split_once('/').unwrap_or((item, ""));
                let addr: IpAddr = addr
                    .parse()
                    .map_err(|_| format!("'{item}' is not an address or network"))?;
                let addr = canonical(addr);
                let max = if addr.is_ipv4() { 32 } else { 128 };
                let bits = if bits.is_empty() {
                    max
                } else {
                    bits.parse::<u8>()
                        .ok()
                        .filter(|b| *b <= max)
                        .ok_or_else(|| format!("'{item}': the prefix must be 0 to {max}"))?
                };
                Ok(Net { addr, bits })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(ip))
    }

    /// The client behind a request from `peer` carrying `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        // Each proxy appends the address it heard from; read from the right and stop at
        // the first hop that is not one of ours: everything left of it is hearsay.
        let hops: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Ok(ip) = hop.parse::<IpAddr>().map(canonical) else {
                // A garbled entry: the last proxy we could follow heard from it.
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(values: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("address")
    }

    #[test]
    fn the_header_is_believed_only_from_a_listed_proxy() {
        let none = TrustedProxies::default();
        let nginx = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").expect("valid");
        let h = xff(&["203.0.113.7"]);
        // Nobody listed: the header is ignored.
        assert_eq!(none.client(ip("127.0.0.1"), &h), ip("127.0.0.1"));
        // From the proxy: the client it names.
        assert_eq!(nginx.client(ip("127.0.0.1"), &h), ip("203.0.113.7"));
        // From anyone else: the peer, whatever the header says.
        assert_eq!(nginx.client(ip("198.51.100.1"), &h), ip("198.51.100.1"));
    }

    #[test]
    fn a_client_cannot_put_an_address_in_front() {
        let nginx = TrustedProxies::parse("10.0.0.0/8").expect("valid");
        // The client sent "1.1.1.1" itself; nginx appended the address it saw; a second
        // listed proxy appended the first.
        let h = xff(&["1.1.1.1, 203.0.113.7", "10.0.0.2"]);
        assert_eq!(nginx.client(ip("10.0.0.1"), &h), ip("203.0.113.7"));
        // Garbage at the right end: the proxy's own peer view is all we can trust.
        let h = xff(&["203.0.113.7, not-an-ip"]);
        assert_eq!(nginx.client(ip("10.0.0.1"), &h), ip("10.0.0.1"));
        // Only proxies all the way: the leftmost is the best we know.
        let h = xff(&["10.0.0.3"]);
        assert_eq!(nginx.client(ip("10.0.0.1"), &h), ip("10.0.0.3"));
        // Mapped IPv4 is the same address.
        let h = xff(&["::ffff:203.0.113.9"]);
        assert_eq!(nginx.client(ip("::ffff:10.0.0.1"), &h), ip("203.0.113.9"));
    }

    #[test]
    fn lists_are_parsed_strictly() {
        assert_eq!(TrustedProxies::parse(""), Ok(TrustedProxies::default()));
        assert!(TrustedProxies::parse("::1, fd00::/8, 0.0.0.0/0").is_ok());
        for bad in ["10.0.0.0/33", "nginx", "10.0.0.1/x", "::1/129"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
        let all = TrustedProxies::parse("0.0.0.0/0").expect("valid");
        assert!(all.trusts(ip("8.8.8.8")));
        let one = TrustedProxies::parse("192.168.1.1").expect("valid");
        assert!(!one.trusts(ip("192.168.1.2")));
    }
}
