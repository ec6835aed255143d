//! Wrong on purpose: looks header names up exactly as written in the RFC's request. Field
//! names are case-insensitive (RFC 9110 §5.1, which RFC 6455 §4.2.1 relies on): `upgrade:`
//! and `sec-websocket-key:` name the same fields.

fn values<'a>(headers: &[(&str, &'a str)], name: &str) -> Vec<&'a str> {
    headers.iter().filter(|h| h.0 == name).map(|h| h.1).collect()
}
