//! Exercise 16, reference solution: parse an HTTP/1.1 request head (RFC 9112 §2.2, §3, §5).

impl HeadError {
    /// 505, 431, or 400 (Bad Request).
    pub fn status(self) -> u16 {
        match self {
            HeadError::VersionNotSupported => 505,
            HeadError::TooLarge => 431,
            _ => 400,
        }
    }
}

/// Parses the request head at the start of `buf`; `Ok(None)` until its empty line arrives.
pub fn parse_head(buf: &[u8]) -> Result<Option<RequestHead>, HeadError> {
    let Some((lines, len)) = head_lines(buf)? else {
        return if buf.len() > MAX_HEAD {
            Err(HeadError::TooLarge)
        } else {
            Ok(None)
        };
    };
    let Some((request_line, field_lines)) = lines.split_first() else {
        return Ok(None);
    };
    let (method, target, version) = request_line_parts(request_line)?;
    let fields = field_lines
        .iter()
        .map(|line| field_line(line))
        .collect::<Result<Vec<_>, _>>()?;
    check_host(version, &fields)?;
    Ok(Some(RequestHead {
        method,
        target,
        version,
        fields,
        len,
    }))
}

/// The head's lines, without their line ends and without empty lines before the request
/// line, and the head's length; `None` while its empty line has not arrived (§2.2).
fn head_lines(buf: &[u8]) -> Result<Option<(Vec<&[u8]>, usize)>, HeadError> {
    let mut lines = Vec::new();
    let mut start = 0;
    while let Some(lf) = buf[start..].iter().position(|&b| b == b'\n') {
        let raw = &buf[start..start + lf];
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if line.contains(&b'\r') {
            return Err(HeadError::BareCr);
        }
        start += lf + 1;
        if start > MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
        match (line.is_empty(), lines.is_empty()) {
            (true, true) => {}
            (true, false) => return Ok(Some((lines, start))),
            (false, _) => lines.push(line),
        }
    }
    // A CR already followed by something other than LF is bare, however the line ends.
    let tail = &buf[start..];
    if tail.iter().position(|&b| b == b'\r').is_some_and(|cr| cr + 1 < tail.len()) {
        return Err(HeadError::BareCr);
    }
    Ok(None)
}

/// `method SP request-target SP HTTP-version` (§3).
fn request_line_parts(line: &[u8]) -> Result<(String, String, (u8, u8)), HeadError> {
    let parts: Vec<&[u8]> = line.split(|&b| b == b' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(HeadError::BadRequestLine);
    };
    if !is_token(method) || target.is_empty() || target.iter().any(|b| b.is_ascii_control()) {
        return Err(HeadError::BadRequestLine);
    }
    let version = match version.strip_prefix(b"HTTP/") {
        Some([major, b'.', minor]) if major.is_ascii_digit() && minor.is_ascii_digit() => {
            (major - b'0', minor - b'0')
        }
        _ => return Err(HeadError::BadVersion),
    };
    if version.0 != 1 {
        return Err(HeadError::VersionNotSupported);
    }
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    Ok((text(method), text(target), version))
}

/// `field-name ":" OWS field-value OWS` (§5.1), refusing obsolete folding (§5.2).
fn field_line(line: &[u8]) -> Result<(String, String), HeadError> {
    if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return Err(HeadError::ObsoleteLineFolding);
    }
    let colon = line
        .iter()
        .position(|&b| b == b':')
        .ok_or(HeadError::BadFieldName)?;
    let (name, value) = (&line[..colon], &line[colon + 1..]);
    if name.last().is_some_and(|b| *b == b' ' || *b == b'\t') {
        return Err(HeadError::WhitespaceBeforeColon);
    }
    if !is_token(name) {
        return Err(HeadError::BadFieldName);
    }
    // OWS is spaces and tabs only (RFC 9110 §5.6.3).
    let ows = |b: &u8| *b == b' ' || *b == b'\t';
    let start = value.iter().position(|b| !ows(b)).unwrap_or(value.len());
    let end = value.iter().rposition(|b| !ows(b)).map_or(start, |i| i + 1);
    let value = &value[start..end];
    Ok((
        String::from_utf8_lossy(name).into_owned(),
        String::from_utf8_lossy(value).into_owned(),
    ))
}

/// §3.2: an HTTP/1.1 request has exactly one Host; no request has two.
fn check_host(version: (u8, u8), fields: &[(String, String)]) -> Result<(), HeadError> {
    let hosts = fields
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
        .count();
    match hosts {
        0 if version >= (1, 1) => Err(HeadError::MissingHost),
        0 | 1 => Ok(()),
        _ => Err(HeadError::MultipleHost),
    }
}

/// RFC 9110 §5.6.2: `token = 1*tchar`.
fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(b))
}

/// Which form `target` has for `method` (§3.2), or `None`.
pub fn target_form(method: &str, target: &str) -> Option<Form> {
    if target == "*" {
        return (method == "OPTIONS").then_some(Form::Asterisk);
    }
    if method == "CONNECT" {
        let (host, port) = target.rsplit_once(':')?;
        let ok = !host.is_empty() && !host.contains('/') && !port.is_empty();
        return (ok && port.bytes().all(|b| b.is_ascii_digit())).then_some(Form::Authority);
    }
    if target.starts_with('/') {
        return Some(Form::Origin);
    }
    let (scheme, rest) = target.split_once("://")?;
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    (scheme_ok && !rest.is_empty()).then_some(Form::Absolute)
}
