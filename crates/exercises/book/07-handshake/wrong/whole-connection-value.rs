//! Wrong on purpose: compares the whole Connection (and Upgrade) value with the token. Both
//! hold comma-separated lists (RFC 9110 §7.6.1, §7.8): Firefox sends `Connection: keep-alive,
//! Upgrade`, and that is an upgrade.

fn has_token(values: &[&str], token: &str) -> bool {
    values.iter().any(|v| v.eq_ignore_ascii_case(token))
}
