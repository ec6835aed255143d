//! Wrong on purpose: accepts any number of Host fields. RFC 9112 §3.2: an HTTP/1.1 request
//! without Host, and any request with two, MUST get 400 — with two, which host is meant?

fn check_host(version: (u8, u8), fields: &[(String, String)]) -> Result<(), HeadError> {
    let _ = (version, fields);
    Ok(())
}
