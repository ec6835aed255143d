//! Exercise 07, reference solution: the server's side of the opening handshake (RFC 6455 §4.2).

/// The rule of RFC 6455 §4.2.1 a request broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    NotGet,
    NotHttp11,
    NoHost,
    NoUpgradeWebsocket,
    NoConnectionUpgrade,
    BadKey,
    NoVersion,
}

/// The server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    SwitchingProtocols { key: String },
    BadRequest(Rule),
    UpgradeRequired,
}

const BASE64_ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn has_token(values: &[&str], token: &str) -> bool {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .any(|t| t.trim().eq_ignore_ascii_case(token))
}

fn is_nonce(key: &str) -> bool {
    key.len() == 24
        && key.ends_with("==")
        && key.as_bytes()[..22]
            .iter()
            .all(|b| BASE64_ALPHABET.as_bytes().contains(b))
}

/// The values of every header named `name` (names are case-insensitive), in order.
fn values<'a>(headers: &[(&str, &'a str)], name: &str) -> Vec<&'a str> {
    headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
        .collect()
}

/// Decides the answer to a request head (request line and headers, lines ending in CRLF).
pub fn validate(request: &str) -> Decision {
    let mut lines = request.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (method, _target, version) = (parts.next(), parts.next(), parts.next());
    if method != Some("GET") {
        return Decision::BadRequest(Rule::NotGet);
    }
    if version != Some("HTTP/1.1") {
        return Decision::BadRequest(Rule::NotHttp11);
    }
    let headers: Vec<(&str, &str)> = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim(), v.trim()))
        .collect();
    let all = |name: &str| values(&headers, name);
    if all("Host").is_empty() {
        return Decision::BadRequest(Rule::NoHost);
    }
    if !has_token(&all("Upgrade"), "websocket") {
        return Decision::BadRequest(Rule::NoUpgradeWebsocket);
    }
    if !has_token(&all("Connection"), "Upgrade") {
        return Decision::BadRequest(Rule::NoConnectionUpgrade);
    }
    let key = match all("Sec-WebSocket-Key").as_slice() {
        [key] if is_nonce(key) => (*key).to_owned(),
        _ => return Decision::BadRequest(Rule::BadKey),
    };
    match all("Sec-WebSocket-Version").as_slice() {
        [] => Decision::BadRequest(Rule::NoVersion),
        ["13"] => Decision::SwitchingProtocols { key },
        _ => Decision::UpgradeRequired,
    }
}
