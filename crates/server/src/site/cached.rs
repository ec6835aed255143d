//! A response body built once and served as shared bytes, the way a static file server
//! serves a file.
//!
//! - **Validators** (RFC 9110 §8.8.3): every representation has a strong ETag, the first 80
//!   bits of the SHA-1 of its identity bytes in hex, with `.gz` or `.br` added for the
//!   compressed ones (a strong validator must differ between representations that differ,
//!   and a gzip body is not a brotli body). The tag comes from the content, so a rebuilt page
//!   that did not change keeps its tag.
//! - **Conditional requests** (RFC 9110 §13.1.2): `If-None-Match` with the selected
//!   representation's tag (weak comparison, or `*`) gets `304 Not Modified` with no body.
//! - **Content coding** (RFC 9110 §12.5.3): `Accept-Encoding` chooses brotli (RFC 7932),
//!   gzip (RFC 1952) or none, by its q-values (ties go to the smaller). Each compressed body
//!   is made once, on first use, and only kept if it is smaller; pictures that are already
//!   compressed (PNG, WOFF2) are never compressed again. `Vary: Accept-Encoding` says so to
//!   caches (§12.5.5).
//! - **Freshness** (RFC 9111 §5.2.2.4): `Cache-Control: no-cache`: a browser may keep the
//!   bytes but asks each time whether they are still current, so a new binary or an edited
//!   chapter is seen at once, and the answer costs a 304.
//!
//! *Why precompressed rather than tower-http's compression layer:* the layer compresses
//! every response again, per request. Measured on the development machine (release build):
//! `/print.html` (370 KB) takes 24 ms to gzip (level 6 or 9: 104 KB) and 28 ms to brotli
//! at quality 5 (94 KB; quality 9: 117 ms, 91 KB; quality 11: 1.1 s, 82 KB); a chapter
//! page (22 KB) 0.6 ms and 6 ms. Per request, that would cap `/print.html` at a few dozen
//! requests a second per core; made once, a compressed page costs what an identity page
//! costs (`crates/bench/run pages` prints both next to nginx).

use std::sync::OnceLock;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use sha1::{Digest, Sha1};

/// brotli's quality for the precompressed bodies. 11 is the smallest but takes a second
/// for `/print.html`, and the first request for a body waits for its compression; 5 takes
/// about what gzip takes and still beats it (see the module docs for the figures).
pub const BROTLI_QUALITY: u32 = 5;
/// brotli's window (log2 of its size in bytes): 22, its default, 4 MiB.
const BROTLI_WINDOW: u32 = 22;
/// gzip's level: 9, the best (on these pages it costs what the default 6 costs).
const GZIP_LEVEL: u32 = 9;

/// RFC 9111 §5.2.2.4: store, but revalidate before each use.
pub const NO_CACHE: HeaderValue = HeaderValue::from_static("no-cache");

/// A content coding we can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    Identity,
    Gzip,
    Brotli,
}

impl Coding {
    /// The `Content-Encoding` token (RFC 9110 §8.4.1); none for identity.
    fn token(self) -> Option<&'static str> {
        match self {
            Coding::Identity => None,
            Coding::Gzip => Some("gzip"),
            Coding::Brotli => Some("br"),
        }
    }
}

/// One resource: its identity bytes, its tags, and its compressed bodies once made.
#[derive(Debug)]
pub struct Cached {
    content_type: HeaderValue,
    identity: Bytes,
    /// Whether this type is worth compressing at all.
    compressible: bool,
    /// The hash part of the tags (20 hex digits).
    hash: String,
    /// The identity tag, `"HASH"`.
    etag: HeaderValue,
    gzip: OnceLock<Option<(Bytes, HeaderValue)>>,
    brotli: OnceLock<Option<(Bytes, HeaderValue)>>,
}

impl Cached {
    /// `body` as `content_type`.
    pub fn new(content_type: &'static str, body: impl Into<Bytes>) -> Cached {
        let identity = body.into();
        let digest = Sha1::digest(&identity);
        let hash: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        Cached {
            content_type: HeaderValue::from_static(content_type),
            compressible: compressible(content_type),
            etag: tag(&hash, ""),
            hash,
            identity,
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
        }
    }

    /// The identity bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.identity
    }

    /// The response to a GET with these request headers.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let (coding, body, etag) = self.select(request);
        let status = if not_modified(request, etag) {
            StatusCode::NOT_MODIFIED
        } else {
            StatusCode::OK
        };
        let mut response = Response::new(if status == StatusCode::OK {
            Body::from(body.clone())
        } else {
            Body::empty()
        });
        *response.status_mut() = status;
        // Room for ours, the app's security headers and hyper's, without growing.
        *response.headers_mut() = HeaderMap::with_capacity(16);
        let headers = response.headers_mut();
        if status == StatusCode::OK {
            headers.insert(header::CONTENT_TYPE, self.content_type.clone());
            if let Some(token) = coding.token() {
                headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
        }
        headers.insert(header::ETAG, etag.clone());
        headers.insert(header::CACHE_CONTROL, NO_CACHE);
        if self.compressible {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        response
    }

    /// The representation `Accept-Encoding` asks for, among those that exist.
    fn select(&self, request: &HeaderMap) -> (Coding, &Bytes, &HeaderValue) {
        if !self.compressible {
            return (Coding::Identity, &self.identity, &self.etag);
        }
        let accept = AcceptEncoding::parse(request);
        for coding in accept.preference() {
            let made = match coding {
                Coding::Identity => return (coding, &self.identity, &self.etag),
                Coding::Gzip => self.gzip.get_or_init(|| self.compressed(Coding::Gzip)),
                Coding::Brotli => self.brotli.get_or_init(|| self.compressed(Coding::Brotli)),
            };
            if let Some((body, etag)) = made {
                return (coding, body, etag);
            }
        }
        (Coding::Identity, &self.identity, &self.etag)
    }

    /// The body in `coding` and its tag, if it is smaller than the identity body.
    fn compressed(&self, coding: Coding) -> Option<(Bytes, HeaderValue)> {
        let body = compress(&self.identity, coding)?;
        let suffix = match coding {
            Coding::Gzip => ".gz",
            Coding::Brotli => ".br",
            Coding::Identity => return None,
        };
        (body.len() < self.identity.len()).then(|| (Bytes::from(body), tag(&self.hash, suffix)))
    }
}

fn tag(hash: &str, suffix: &str) -> HeaderValue {
    // Hex digits and a dot: always a valid header value.
    HeaderValue::from_str(&format!("\"{hash}{suffix}\""))
        .unwrap_or(HeaderValue::from_static("\"\""))
}

/// Text compresses; PNG, WOFF2 and unknown bytes are compressed already or not worth it.
fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type.starts_with("image/svg+xml")
}

/// `bytes` in `coding`; `None` for identity or if the encoder fails.
pub fn compress(bytes: &[u8], coding: Coding) -> Option<Vec<u8>> {
    use std::io::Write;
    match coding {
        Coding::Identity => None,
        Coding::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(
                Vec::with_capacity(bytes.len() / 3),
                flate2::Compression::new(GZIP_LEVEL),
            );
            encoder.write_all(bytes).ok()?;
            encoder.finish().ok()
        }
        Coding::Brotli => {
            let mut out = Vec::with_capacity(bytes.len() / 3);
            let params = brotli::enc::BrotliEncoderParams {
                quality: BROTLI_QUALITY as i32,
                lgwin: BROTLI_WINDOW as i32,
                size_hint: bytes.len(),
                ..Default::default()
            };
            brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
            Some(out)
        }
    }
}

/// RFC 9110 §13.1.2: does `If-None-Match` name this tag (weak comparison), or `*`?
fn not_modified(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .flat_map(|v| v.as_bytes().split(|&b| b == b','))
        .map(|t| t.trim_ascii())
        .any(|t| t == b"*" || t.strip_prefix(b"W/").unwrap_or(t) == ours)
}

/// The q-values of an `Accept-Encoding` field (RFC 9110 §12.5.3), in thousandths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct AcceptEncoding {
    brotli: u16,
    gzip: u16,
    identity: u16,
}

impl AcceptEncoding {
    fn parse(request: &HeaderMap) -> AcceptEncoding {
        let mut values = request.get_all(header::ACCEPT_ENCODING).iter().peekable();
        if values.peek().is_none() {
            // No field: any coding is acceptable (§12.5.3), but a client that says nothing
            // may not know any; send identity.
            return AcceptEncoding {
                brotli: 0,
                gzip: 0,
                identity: 1000,
            };
        }
        let (mut brotli, mut gzip, mut identity, mut star) = (None, None, None, None);
        for item in values
            .flat_map(|v| v.to_str().unwrap_or_default().split(','))
            .map(str::trim)
        {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
                .find_map(qvalue)
                .unwrap_or(1000);
            match coding.as_str() {
                "br" => brotli = Some(q),
                "gzip" | "x-gzip" => gzip = Some(q),
                "identity" => identity = Some(q),
                "*" => star = Some(q),
                _ => {}
            }
        }
        AcceptEncoding {
            brotli: brotli.or(star).unwrap_or(0),
            gzip: gzip.or(star).unwrap_or(0),
            // Identity is acceptable unless excluded, by name or by `*;q=0` (§12.5.3); not
            // named, it comes after any coding the client did name.
            identity: identity.or(star.filter(|&q| q == 0)).unwrap_or(1),
        }
    }

    /// The acceptable codings, best first; ties go to the smaller body.
    fn preference(self) -> impl Iterator<Item = Coding> {
        let mut order = [
            (self.brotli, 2, Coding::Brotli),
            (self.gzip, 1, Coding::Gzip),
            (self.identity, 0, Coding::Identity),
        ];
        order.sort_by_key(|o| std::cmp::Reverse((o.0, o.1)));
        order.into_iter().filter(|o| o.0 > 0).map(|o| o.2)
    }
}

/// A qvalue (RFC 9110 §12.4.2): `0`, `1`, or up to three decimals; in thousandths.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn request(headers: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    fn page() -> Cached {
        Cached::new("text/html; charset=utf-8", "<p>hello</p>\n".repeat(200))
    }

    #[test]
    fn coding_follows_accept_encoding() {
        let page = page();
        let encoding = |h: &[(&'static str, &'static str)]| {
            let r = page.respond(&request(h));
            r.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_owned())
        };
        assert_eq!(encoding(&[]), None);
        assert_eq!(
            encoding(&[("accept-encoding", "gzip, deflate, br")]).as_deref(),
            Some("br")
        );
        assert_eq!(
            encoding(&[("accept-encoding", "gzip")]).as_deref(),
            Some("gzip")
        );
        assert_eq!(
            encoding(&[("accept-encoding", "br;q=0.5, gzip")]).as_deref(),
            Some("gzip")
        );
        assert_eq!(encoding(&[("accept-encoding", "br;q=0, gzip;q=0")]), None);
        assert_eq!(encoding(&[("accept-encoding", "identity")]), None);
        assert_eq!(encoding(&[("accept-encoding", "*")]).as_deref(), Some("br"));
        assert_eq!(encoding(&[("accept-encoding", "deflate")]), None);
        assert_eq!(
            encoding(&[("accept-encoding", "GZIP;Q=0.9")]).as_deref(),
            Some("gzip")
        );
        // Not worth compressing: a PNG is served as it is, with no Vary.
        let png = Cached::new("image/png", vec![0u8; 4096]);
        let r = png.respond(&request(&[("accept-encoding", "br")]));
        assert!(r.headers().get(header::CONTENT_ENCODING).is_none());
        assert!(r.headers().get(header::VARY).is_none());
    }

    #[test]
    fn compressed_bodies_decode_to_the_page() {
        let page = page();
        let (_, gz, _) = page.select(&request(&[("accept-encoding", "gzip")]));
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out, page.bytes()[..]);
        let (_, br, _) = page.select(&request(&[("accept-encoding", "br")]));
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, page.bytes()[..]);
        // A body too small to shrink is kept as it is.
        let tiny = Cached::new("text/css", "a{}");
        let (coding, _, _) = tiny.select(&request(&[("accept-encoding", "br, gzip")]));
        assert_eq!(coding, Coding::Identity);
    }

    #[test]
    fn each_representation_has_its_own_strong_tag() {
        let page = page();
        let etag = |h: &[(&'static str, &'static str)]| {
            page.respond(&request(h)).headers()[header::ETAG]
                .to_str()
                .unwrap()
                .to_owned()
        };
        let plain = etag(&[]);
        let gz = etag(&[("accept-encoding", "gzip")]);
        let br = etag(&[("accept-encoding", "br")]);
        assert!(plain.starts_with('"') && plain.ends_with('"') && plain.len() == 22);
        assert_eq!(gz, format!("{}.gz\"", &plain[..21]));
        assert_eq!(br, format!("{}.br\"", &plain[..21]));
        // The same bytes, the same tag; other bytes, another.
        assert_eq!(
            Cached::new("text/html", "<p>hello</p>\n".repeat(200)).etag,
            page.etag
        );
        assert_ne!(Cached::new("text/html", "<p>other</p>").etag, page.etag);
    }

    #[test]
    fn if_none_match_gets_304() {
        let page = page();
        let first = page.respond(&request(&[("accept-encoding", "gzip")]));
        assert_eq!(first.status(), StatusCode::OK);
        assert_eq!(first.headers()[header::CACHE_CONTROL], "no-cache");
        assert_eq!(first.headers()[header::VARY], "accept-encoding");
        let tag = first.headers()[header::ETAG].clone();

        let mut again = request(&[("accept-encoding", "gzip")]);
        again.insert(header::IF_NONE_MATCH, tag.clone());
        let r = page.respond(&again);
        assert_eq!(r.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(r.headers()[header::ETAG], tag);
        assert!(r.headers().get(header::CONTENT_TYPE).is_none());

        // In a list, weak, or `*`: still a match (weak comparison, RFC 9110 §13.1.2).
        let weak = format!("\"other\", W/{}", tag.to_str().unwrap());
        let mut listed = request(&[("accept-encoding", "gzip")]);
        listed.insert(header::IF_NONE_MATCH, HeaderValue::from_str(&weak).unwrap());
        assert_eq!(page.respond(&listed).status(), StatusCode::NOT_MODIFIED);
        let star = request(&[("if-none-match", "*")]);
        assert_eq!(page.respond(&star).status(), StatusCode::NOT_MODIFIED);

        // The gzip tag does not validate the brotli body.
        let mut other = request(&[("accept-encoding", "br")]);
        other.insert(header::IF_NONE_MATCH, tag);
        assert_eq!(page.respond(&other).status(), StatusCode::OK);
    }

    #[test]
    fn qvalues() {
        assert_eq!(qvalue("1"), Some(1000));
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("0.5"), Some(500));
        assert_eq!(qvalue("0.125"), Some(125));
        assert_eq!(qvalue("0"), Some(0));
        assert_eq!(qvalue("1.5"), None);
        assert_eq!(qvalue("0.1234"), None);
        assert_eq!(qvalue("x"), None);
        assert_eq!(qvalue("2"), None);
    }
}
