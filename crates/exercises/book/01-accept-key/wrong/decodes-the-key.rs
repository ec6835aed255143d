//! Wrong on purpose: base64-decodes the key and hashes its 16 bytes with the GUID. RFC 6455
//! §4.2.2 hashes the key *as the client sent it*, 24 characters of text.

pub fn accept_key(key: &str) -> String {
    let mut input = STANDARD.decode(key).unwrap_or_default();
    input.extend_from_slice(GUID.as_bytes());
    STANDARD.encode(sha1_digest(&input))
}
