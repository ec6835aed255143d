//! Which web pages may use this server: the Origin check (RFC 6455 §10.2, RFC 6454).
//!
//! A browser names the page that makes a request in the `Origin` header: the scheme, host and
//! port the page came from (RFC 6454 §7). It sends it with every WebSocket opening handshake
//! and every POST, so a server that serves browsers can refuse a page of another site that
//! tries to use the learner's browser against it: RFC 6455 §10.2 asks a server that expects
//! only certain sites to check the Origin, and to answer any other with 403. Clients that are
//! not browsers send no Origin and are let in.
//!
//! Today an origin is allowed when it is the origin of the host the request is addressed to
//! (`http://` or `https://` plus the `Host` header), or when `--allow-origin` names it (`*`
//! allows every page). [`OriginCheck`] is the one place that decides, so the WebSocket
//! upgrade and the workbook's POSTs answer alike.

use axum::http::{HeaderMap, header};

use crate::error::AppError;

/// The Origin policy: same origin, or one of the origins allowed on the command line.
#[derive(Debug, Clone, Default)]
pub struct OriginCheck {
    allowed: Vec<String>,
}

impl OriginCheck {
    /// The policy with these extra allowed origins (`--allow-origin`; `*` allows all).
    pub fn new(allowed: Vec<String>) -> Self {
        Self { allowed }
    }

    /// May a page of `origin` use a request addressed to `host` (its `Host` header)?
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        if self
            .allowed
            .iter()
            .any(|a| a == "*" || a.eq_ignore_ascii_case(origin))
        {
            return true;
        }
        let Some(host) = host else { return false };
        let origin = origin.to_ascii_lowercase();
        let host = host.to_ascii_lowercase();
        origin == format!("http://{host}") || origin == format!("https://{host}")
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

    #[test]
    fn same_origin_and_allow_list() {
        let same = OriginCheck::default();
        assert!(same.allows("http://127.0.0.1:8080", Some("127.0.0.1:8080")));
        assert!(same.allows("HTTP://Localhost:8080", Some("localhost:8080")));
        assert!(!same.allows("http://evil.example", Some("127.0.0.1:8080")));
        assert!(!same.allows("http://127.0.0.1:8080", None));
        assert!(!same.allows("null", Some("127.0.0.1:8080")));
        let listed = OriginCheck::new(vec!["http://lab.example".to_owned()]);
        assert!(listed.allows("http://lab.example", Some("127.0.0.1:8080")));
        assert!(OriginCheck::new(vec!["*".to_owned()]).allows("http://x", None));
    }
}
