//! Wrong on purpose: encodes the digest with base64url's alphabet (`-` and `_` for `+` and
//! `/`, RFC 4648 §5). The header carries the standard alphabet of §4, padding included: the
//! RFC's own example ends in `+xOo=`.

pub fn accept_key(key: &str) -> String {
    let url_safe = base64::engine::GeneralPurpose::new(&base64::alphabet::URL_SAFE, *STANDARD.config());
    url_safe.encode(sha1_digest(concatenate(key).as_bytes()))
}
