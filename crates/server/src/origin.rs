//! Which web pages may use this server: the Origin check (RFC 6455 §10.2, RFC 6454).
//!
//! A browser names the page that makes a request in the `Origin` header: the scheme, host and
//! port the page came from (RFC 6454 §7). It sends it with every WebSocket opening handshake
//! and every POST, so a server that serves browsers can refuse a page of another site that
//! tries to use the learner's browser against it: RFC 6455 §10.2 asks a server that expects
//! only certain sites to check the Origin, and to answer any other with 403. Clients that are
//! not browsers send no Origin and are let in.
//!
//! An origin is allowed when its host is one this server answers to — the same allow-list
//! as the `Host` check ([`HostList`]: loopback names, the listen address, the classroom's LAN
//! address, `--allow-host`) — at the port the request was addressed to; or when
//! `--allow-origin` names it (`*` allows every page). It is *not* compared with the
//! request's own `Host`: a DNS-rebinding page makes its own name point here, so its Origin
//! and its Host agree (`http://evil.example:8080`), and only a list the attacker cannot
//! write tells it apart. [`OriginCheck`] is the one place that decides, so the WebSocket
//! upgrade and the workbook's POSTs answer alike.

use axum::http::{HeaderMap, header};

use crate::config::Settings;
use crate::error::AppError;
use crate::net::host::{HostList, split_host};

/// The Origin policy: a page on a host of the allow-list, or one of the origins allowed on
/// the command line.
#[derive(Debug, Clone)]
pub struct OriginCheck {
    allowed: Vec<String>,
    hosts: HostList,
}

impl OriginCheck {
    /// The policy with these extra allowed origins (`--allow-origin`; `*` allows all) and
    /// these hosts.
    pub fn new(allowed: Vec<String>, hosts: HostList) -> Self {
        Self { allowed, hosts }
    }

    /// The policy of a server with these settings: its host list is the one the serve loop
    /// checks `Host` against.
    pub fn from_settings(settings: &Settings) -> Self {
        let lan: Vec<std::net::IpAddr> = if settings.classroom {
            crate::classroom::lan::lan_address()
                .map(std::net::IpAddr::V4)
                .into_iter()
                .collect()
        } else {
            Vec::new()
        };
        let mut names = settings.allow_hosts.clone();
        if settings.classroom {
            // Students may type the machine's name, or its mDNS name, rather than the address.
            names.extend(crate::net::host::machine_names());
        }
        let hosts = HostList::new(settings.addr, &lan, &names);
        Self::new(settings.allow_origins.clone(), hosts)
    }

    /// The names this server answers to.
    pub fn hosts(&self) -> &HostList {
        &self.hosts
    }

    /// May a page of `origin` use a request addressed to `host` (its `Host` header)? The
    /// origin's host must be on the allow-list and its port the one `host` names.
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        if self
            .allowed
            .iter()
            .any(|a| a == "*" || a.eq_ignore_ascii_case(origin))
        {
            return true;
        }
        let lower = origin.to_ascii_lowercase();
        let (authority, default_port) = if let Some(rest) = lower.strip_prefix("http://") {
            (rest, 80)
        } else if let Some(rest) = lower.strip_prefix("https://") {
            (rest, 443)
        } else {
            // `null` (a sandboxed page, a file) and every other scheme.
            return false;
        };
        let Some((origin_host, origin_port)) = split_host(authority.as_bytes()) else {
            return false;
        };
        if !self.hosts.allows_name(&origin_host) {
            return false;
        }
        match host.and_then(|h| split_host(h.as_bytes())) {
            Some((_, port)) => origin_port.unwrap_or(default_port) == port.unwrap_or(80),
            None => host.is_none(),
        }
    }

    /// Refuses a request from a page of another origin (a browser sends Origin with every
    /// POST), so another site cannot use the learner's browser to drive `what`; a request
    /// without Origin (curl, a script) is let in.
    pub fn check_page(&self, headers: &HeaderMap, what: &'static str) -> Result<(), AppError> {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return Ok(());
        };
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        match origin.to_str() {
            Ok(origin) if self.allows(origin, host) => Ok(()),
            _ => Err(AppError::ForeignPage { what }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OriginCheck;
    use crate::net::host::HostList;

    fn check(allowed: &[&str], hosts: &[&str]) -> OriginCheck {
        let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        OriginCheck::new(
            allowed.iter().map(|a| a.to_string()).collect(),
            HostList::new("127.0.0.1:8080".parse().unwrap(), &[], &hosts),
        )
    }

    #[test]
    fn the_allow_list_not_the_request_host() {
        let same = check(&[], &[]);
        assert!(same.allows("http://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(same.allows("HTTP://Localhost:8080", Some("localhost:8080")));
        assert!(same.allows("http://localhost:8080", Some("127.0.0.1:8080")));
        assert!(!same.allows("http://evil.example", Some("127.0.0.1:8080")));
        // DNS rebinding: the page's Origin and the request's Host agree, and still no.
        assert!(!same.allows("http://evil.example:8080", Some("evil.example:8080")));
        // Another program's page on this machine, at another port.
        assert!(!same.allows("http://127.0.0.1:3000", Some("127.0.0.1:8080")));
        assert!(!same.allows("null", Some("127.0.0.1:8080")));
        assert!(!same.allows("ftp://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(same.allows("http://127.0.0.1:8080", None));
        let named = check(&[], &["lab.example"]);
        assert!(named.allows("http://lab.example:8080", Some("lab.example:8080")));
        assert!(named.allows("http://lab.example", Some("lab.example")));
        let listed = check(&["http://lab.example"], &[]);
        assert!(listed.allows("http://lab.example", Some("127.0.0.1:8080")));
        assert!(check(&["*"], &[]).allows("http://x", None));
    }
}
