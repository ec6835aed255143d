//! Wrong on purpose: trims the field name before checking it, so `Host : evil.example` is read
//! as Host. RFC 9112 §5.1: "No whitespace is allowed between the field name and colon", and
//! a server MUST answer 400; parsers that disagreed here let requests be smuggled past
//! proxies.

fn field_line(line: &[u8]) -> Result<(String, String), HeadError> {
    if line.starts_with(b" ") || line.starts_with(b"\t") {
        return Err(HeadError::ObsoleteLineFolding);
    }
    let text = String::from_utf8_lossy(line);
    let (name, value) = text.split_once(':').ok_or(HeadError::BadFieldName)?;
    let name = name.trim();
    if !is_token(name.as_bytes()) {
        return Err(HeadError::BadFieldName);
    }
    Ok((name.to_owned(), value.trim_matches([' ', '\t']).to_owned()))
}
