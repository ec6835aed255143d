//! Which names this server answers to: the `Host` allow-list against DNS rebinding
//! (RFC 9112 §3.2, RFC 9110 §7.2 and §15.5.20).
//!
//! A page on `http://evil.example:8080` may make its own name resolve to `127.0.0.1` a moment
//! after it loaded ("DNS rebinding"). The browser then sends the page's requests to this
//! server, and because the name is the page's own, it treats the answers as same-origin: the
//! page can read them. The one thing that betrays the trick is the request's `Host`, which
//! still says `evil.example:8080`. So a server on loopback answers only the names it knows:
//!
//! ```text
//!   GET /api/... HTTP/1.1            Host missing, or twice  ──▶ 400 (RFC 9112 §3.2)
//!   Host: evil.example:8080          name not on the list    ──▶ 421 Misdirected Request
//!   Host: 127.0.0.1:8080             on the list             ──▶ the app
//! ```
//!
//! The list: `localhost`, `127.0.0.1` and `[::1]`, the listen address, in classroom mode
//! the LAN address it prints and the machine's name (and `NAME.local`), and every
//! `--allow-host NAME`. Ports are not compared: a
//! rebinding attack needs a *name* the attacker's DNS answers, and a forwarded port
//! (`ssh -L 9000:localhost:8080`) is a legitimate reason for another one. When the server
//! listens on every address (`0.0.0.0` or `[::]`), any IP literal is allowed too: nobody can
//! rebind an IP literal, and a classroom reaches the machine by whichever address it has.
//!
//! HTTP/2 has no `Host` line but the `:authority` pseudo-header (RFC 9113 §8.3.1), which hyper
//! puts in the request's URI; it is checked the same way. An absolute-form request target
//! (RFC 9112 §3.2.2) names its authority too, which then wins over `Host` (§3.2.3).
//!
//! Sans-IO: [`HostList::check`] is given the values and says what to answer; `serve` feeds it
//! each request and writes the answer.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The longest `Host` value this check reads; a longer one is not a name we know.
const MAX_HOST_LEN: usize = 255;

/// The names this server answers to (lowercase, without port or trailing dot).
#[derive(Debug, Clone)]
pub struct HostList {
    names: Vec<String>,
    /// Listening on every address: any IP literal is allowed.
    any_ip: bool,
    /// `--allow-host '*'`: the check is off.
    any: bool,
}

/// What the check decided about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The name is on the list.
    Allowed,
    /// HTTP/1.1 without a `Host` (RFC 9112 §3.2: 400).
    Missing,
    /// More than one `Host` line (RFC 9112 §3.2: 400).
    Duplicate,
    /// A `Host` that is not a valid `uri-host [ ":" port ]` (400).
    Invalid,
    /// A name not on the list (421), as sent (truncated for the answer).
    Unknown(String),
}

impl HostList {
    /// The default list for a server listening on `listen`, plus `lan` addresses (classroom
    /// mode) and `extra` names (`--allow-host`, with or without a port; `*` turns the check
    /// off).
    pub fn new(listen: SocketAddr, lan: &[IpAddr], extra: &[String]) -> Self {
        let mut list = HostList {
            names: Vec::new(),
            any_ip: listen.ip().is_unspecified(),
            any: false,
        };
        for name in ["localhost", "127.0.0.1", "[::1]"] {
            list.names.push(name.to_owned());
        }
        list.push_ip(listen.ip());
        for ip in lan {
            list.push_ip(*ip);
        }
        for name in extra {
            let name = name.trim();
            if name == "*" {
                list.any = true;
            } else if let Some((host, _port)) = split_host(name.as_bytes()) {
                list.names.push(host);
            }
        }
        list
    }

    fn push_ip(&mut self, ip: IpAddr) {
        if ip.is_unspecified() {
            return;
        }
        let name = match ip {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => format!("[{v6}]"),
        };
        if !self.names.contains(&name) {
            self.names.push(name);
        }
    }

    /// Is this `Host` (or `:authority`) value one of ours?
    pub fn allows(&self, value: &[u8]) -> bool {
        if self.any {
            return true;
        }
        let Some((host, _port)) = split_host(value) else {
            return false;
        };
        self.allows_name(&host)
    }

    /// Is this host (lowercase, IPv6 in brackets, no port) one of ours?
    pub fn allows_name(&self, host: &str) -> bool {
        if self.any || self.names.iter().any(|n| n == host) {
            return true;
        }
        if let Some(ip) = parse_ip(host) {
            return (self.any_ip && !ip.is_unspecified()) || ip.is_loopback();
        }
        false
    }

    /// Judges one request: `http11` when it is HTTP/1.1 (where Host is required), `hosts`
    /// every `Host` line's value, `authority` the URI's authority (HTTP/2's `:authority` or
    /// an absolute-form target), if any.
    pub fn check<'a>(
        &self,
        http11: bool,
        mut hosts: impl Iterator<Item = &'a [u8]>,
        authority: Option<&str>,
    ) -> Verdict {
        let first = hosts.next();
        if first.is_some() && hosts.next().is_some() {
            return Verdict::Duplicate;
        }
        if http11 && first.is_none() {
            return Verdict::Missing;
        }
        let value = match (authority, first) {
            (Some(authority), _) => authority.as_bytes(),
            (None, Some(host)) => host,
            // HTTP/1.0 without Host: nothing to judge, and no browser sends it.
            (None, None) => return Verdict::Allowed,
        };
        if self.any {
            return Verdict::Allowed;
        }
        match split_host(value) {
            None => Verdict::Invalid,
            Some((host, _)) if self.allows_name(&host) => Verdict::Allowed,
            Some((host, _)) => Verdict::Unknown(host.chars().take(100).collect()),
        }
    }
}

/// Splits `uri-host [ ":" port ]` (RFC 9110 §7.2) into the lowercase host (a trailing dot
/// dropped, IPv6 kept in brackets) and the port; `None` when it is not one.
pub fn split_host(value: &[u8]) -> Option<(String, Option<u16>)> {
    if value.is_empty() || value.len() > MAX_HOST_LEN {
        return None;
    }
    let text = std::str::from_utf8(value).ok()?.trim();
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        let (v6, after) = rest.split_once(']')?;
        v6.parse::<Ipv6Addr>().ok()?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (format!("[{}]", v6.to_ascii_lowercase()), port)
    } else {
        match text.rsplit_once(':') {
            Some((h, p)) => (h.to_ascii_lowercase(), Some(p)),
            None => (text.to_ascii_lowercase(), None),
        }
    };
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => {
            Some(p.parse::<u16>().ok()?)
        }
        Some(_) => return None,
    };
    let host = host.strip_suffix('.').map(str::to_owned).unwrap_or(host);
    // reg-name characters (RFC 3986 §3.2.2), as browsers send them.
    let valid = !host.is_empty()
        && (host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)));
    valid.then_some((host, port))
}

/// This machine's host name and its mDNS name (`NAME.local`, RFC 6762), which classroom
/// mode answers to as well; none where the name cannot be read.
pub fn machine_names() -> Vec<String> {
    let Ok(name) = std::fs::read_to_string("/proc/sys/kernel/hostname") else {
        return Vec::new();
    };
    let name = name.trim().to_ascii_lowercase();
    if split_host(name.as_bytes()).is_none() {
        return Vec::new();
    }
    let local = if name.ends_with(".local") {
        name.clone()
    } else {
        format!("{name}.local")
    };
    vec![name, local]
}

/// The IP literal `host` is, if it is one (`[v6]` or dotted v4).
fn parse_ip(host: &str) -> Option<IpAddr> {
    if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return v6.parse::<Ipv6Addr>().ok().map(IpAddr::V6);
    }
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The plain-text body of the 421 answer: what was refused and how to allow it.
pub fn misdirected_text(host: &str) -> String {
    let host: String = host
        .chars()
        .filter(|c| c.is_ascii_graphic())
        .take(100)
        .collect();
    format!(
        "421 Misdirected Request: this wiretrail server does not answer to the name {host:?} \
         (a page that makes its own name point at this machine, DNS rebinding, would be \
         refused the same way). To use that name, restart with --allow-host {host} \
         (or WIRETRAIL_ALLOW_HOST={host}).\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loopback() -> HostList {
        HostList::new("127.0.0.1:8080".parse().unwrap(), &[], &[])
    }

    fn one(list: &HostList, host: &str) -> Verdict {
        list.check(true, std::iter::once(host.as_bytes()), None)
    }

    #[test]
    fn loopback_names_with_or_without_the_port() {
        let list = loopback();
        for host in [
            "localhost",
            "localhost:8080",
            "LocalHost.:8080",
            "127.0.0.1",
            "127.0.0.1:8080",
            "[::1]",
            "[::1]:8080",
            "127.0.0.2:9000",
        ] {
            assert_eq!(one(&list, host), Verdict::Allowed, "{host}");
        }
        assert_eq!(
            one(&list, "evil.example:8080"),
            Verdict::Unknown("evil.example".into())
        );
        assert_eq!(
            one(&list, "192.168.1.20:8080"),
            Verdict::Unknown("192.168.1.20".into())
        );
        for bad in ["", "a b", "[::1", "host:port", "x:99999", "[zz]:1"] {
            assert_eq!(one(&list, bad), Verdict::Invalid, "{bad:?}");
        }
    }

    #[test]
    fn missing_and_duplicate_host() {
        let list = loopback();
        assert_eq!(list.check(true, std::iter::empty(), None), Verdict::Missing);
        assert_eq!(
            list.check(false, std::iter::empty(), None),
            Verdict::Allowed
        );
        let two: [&[u8]; 2] = [b"localhost", b"localhost"];
        assert_eq!(list.check(true, two.into_iter(), None), Verdict::Duplicate);
    }

    #[test]
    fn the_authority_wins_over_host() {
        let list = loopback();
        let host: [&[u8]; 1] = [b"localhost"];
        assert_eq!(
            list.check(true, host.into_iter(), Some("evil.example")),
            Verdict::Unknown("evil.example".into())
        );
        // HTTP/2: no Host line, the :authority only.
        assert_eq!(
            list.check(false, std::iter::empty(), Some("127.0.0.1:8080")),
            Verdict::Allowed
        );
    }

    #[test]
    fn every_address_allows_ip_literals_and_the_lan() {
        let any = HostList::new("0.0.0.0:8080".parse().unwrap(), &[], &[]);
        assert_eq!(one(&any, "192.168.1.20:8080"), Verdict::Allowed);
        assert_eq!(one(&any, "[fe80::1]:8080"), Verdict::Allowed);
        assert_ne!(one(&any, "0.0.0.0:8080"), Verdict::Allowed);
        assert_ne!(one(&any, "evil.example"), Verdict::Allowed);
        let lan = HostList::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["10.1.2.3".parse().unwrap()],
            &["Lab.Example:8080".into()],
        );
        assert_eq!(one(&lan, "10.1.2.3:8080"), Verdict::Allowed);
        assert_eq!(one(&lan, "lab.example"), Verdict::Allowed);
        let off = HostList::new("127.0.0.1:8080".parse().unwrap(), &[], &["*".into()]);
        assert_eq!(one(&off, "anything.example"), Verdict::Allowed);
    }

    #[test]
    fn the_answer_names_the_flag() {
        let text = misdirected_text("evil.example");
        assert!(text.contains("--allow-host evil.example"), "{text}");
        assert!(!misdirected_text("a\r\nb").contains('\n') || text.ends_with('\n'));
    }
}
