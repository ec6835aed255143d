//! What each header field means: one table, one sentence a field, with its source.
//!
//! The dissectors (this crate's, the WebSocket handshake's) and the pages all explain
//! headers; they read this one table, so a field never means two things in two places. Names
//! are lowercase (field names are case-insensitive, RFC 9110 §5.1); each sentence ends with
//! the section that defines the field, or the standard for fields outside the RFCs. The
//! WebSocket fields are those RFC 6455 §11.3 registers. What the WebSocket handshake
//! *requires* of a field (that `Upgrade` contain `websocket`, say) is the handshake
//! dissector's business, on top of this.

/// Every field this crate can explain, by lowercase name, in alphabetical order.
const MEANINGS: &[(&str, &str)] = &[
    (
        "accept",
        "The media types the client prefers in the response, with q-values for preference (RFC 9110 §12.5.1).",
    ),
    (
        "accept-charset",
        "The character sets the client accepts (RFC 9110 §12.5.2); modern browsers no longer send it.",
    ),
    (
        "accept-encoding",
        "The content codings the client can decompress: gzip, deflate, br, zstd (RFC 9110 §12.5.3).",
    ),
    (
        "accept-language",
        "The languages the reader prefers, from the browser's settings (RFC 9110 §12.5.4).",
    ),
    (
        "accept-ranges",
        "bytes: the server answers Range requests for this resource (RFC 9110 §14.3).",
    ),
    (
        "access-control-allow-origin",
        "Which origin's scripts may read this response: the CORS answer to a cross-origin fetch (WHATWG Fetch, CORS protocol).",
    ),
    (
        "age",
        "Seconds since the origin server produced this response, as a cache counts them (RFC 9111 §5.1).",
    ),
    (
        "allow",
        "The methods the resource supports, sent with 405 Method Not Allowed (RFC 9110 §10.2.1).",
    ),
    (
        "authorization",
        "Credentials for this request (RFC 9110 §11.6.2).",
    ),
    (
        "cache-control",
        "Caching directives; a reload sends max-age=0 or no-cache to revalidate (RFC 9111 §5.2).",
    ),
    (
        "connection",
        "Options for this connection only: keep-alive keeps it open for the next request, close ends it (RFC 9110 §7.6.1).",
    ),
    (
        "content-encoding",
        "The codings applied to the body, such as gzip or br; undo them to get the media type (RFC 9110 §8.4).",
    ),
    (
        "content-length",
        "The body's length in bytes: where this message ends and the next begins (RFC 9112 §6.2).",
    ),
    (
        "content-security-policy",
        "Where the page may load scripts, styles and images from and connect to; the browser enforces it (W3C Content Security Policy Level 3).",
    ),
    (
        "content-type",
        "The media type of the body this message carries (RFC 9110 §8.3).",
    ),
    (
        "cookie",
        "The cookies this site set earlier in your browser, sent back on every request to it (RFC 6265 §5.4). This is your own browser's state.",
    ),
    (
        "cross-origin-opener-policy",
        "same-origin keeps windows of other origins that this page opens, or that opened it, out of its browsing context group (WHATWG HTML).",
    ),
    (
        "date",
        "When the message was produced, as an IMF-fixdate (RFC 9110 §6.6.1).",
    ),
    (
        "dnt",
        "Do Not Track (retired): 1 asked not to be tracked (W3C Tracking Preference Expression).",
    ),
    (
        "etag",
        "An opaque tag for this version of the representation; a client revalidates with If-None-Match (RFC 9110 §8.8.3).",
    ),
    (
        "expires",
        "When the response goes stale, for caches that find no max-age (RFC 9111 §5.3).",
    ),
    (
        "host",
        "The host (and port) the request is for: one IP address can serve many sites, so HTTP/1.1 requires it (RFC 9112 §3.2).",
    ),
    (
        "if-modified-since",
        "Send the body only if it changed since this date (RFC 9110 §13.1.3).",
    ),
    (
        "if-none-match",
        "Send the body only if its ETag changed; otherwise 304 Not Modified (RFC 9110 §13.1.2).",
    ),
    (
        "keep-alive",
        "Hints for a persistent connection (timeout, max requests); HTTP/1.1 keeps connections open by default (RFC 2068 §19.7.1.1).",
    ),
    (
        "last-modified",
        "When the origin server believes the representation last changed (RFC 9110 §8.8.2).",
    ),
    (
        "location",
        "Where to go instead: the target of a redirect, or the resource a 201 created (RFC 9110 §10.2.2).",
    ),
    (
        "origin",
        "The scheme, host and port of the page that made the request, which CORS and WebSocket servers check (RFC 6454 §7).",
    ),
    (
        "pragma",
        "HTTP/1.0's no-cache, still sent beside Cache-Control for old caches (RFC 9111 §5.4).",
    ),
    (
        "priority",
        "The client's priority for this response: urgency u and incremental i (RFC 9218).",
    ),
    (
        "range",
        "Only these bytes of the representation, please (RFC 9110 §14.2).",
    ),
    (
        "referer",
        "The page that led here (misspelled since RFC 1945); the Referrer-Policy trims it (RFC 9110 §10.1.3).",
    ),
    (
        "referrer-policy",
        "How much of this page's URL the browser may send as Referer on the requests the page makes (W3C Referrer Policy).",
    ),
    (
        "retry-after",
        "How long to wait before asking again, after a 503 or a redirect (RFC 9110 §10.2.3).",
    ),
    (
        "sec-ch-ua",
        "A User-Agent Client Hint: the browser's brands and major versions (WICG User-Agent Client Hints).",
    ),
    (
        "sec-ch-ua-mobile",
        "A Client Hint: ?1 on a mobile device (WICG User-Agent Client Hints).",
    ),
    (
        "sec-ch-ua-platform",
        "A Client Hint: the operating system (WICG User-Agent Client Hints).",
    ),
    (
        "sec-fetch-dest",
        "Fetch metadata: what the response will become — document, script, image, empty for fetch() (W3C Fetch Metadata).",
    ),
    (
        "sec-fetch-mode",
        "Fetch metadata: navigate for a page load, cors or no-cors for a fetch() or sub-resource, websocket for a socket (W3C Fetch Metadata).",
    ),
    (
        "sec-fetch-site",
        "Fetch metadata: how the requesting page relates to this server — same-origin, same-site, cross-site or none (typed into the address bar) (W3C Fetch Metadata).",
    ),
    (
        "sec-fetch-user",
        "?1 when a user's action (a click, a typed URL) started this navigation (W3C Fetch Metadata).",
    ),
    (
        "sec-gpc",
        "Global Privacy Control: 1 asks sites not to sell or share the user's data (W3C Global Privacy Control).",
    ),
    (
        "sec-websocket-accept",
        "base64(SHA-1(the client's key + the GUID)): proves the server read a WebSocket handshake; the client checks it (RFC 6455 §4.1, §4.2.2).",
    ),
    (
        "sec-websocket-extensions",
        "The WebSocket extensions the client offers, e.g. permessage-deflate (RFC 7692), or those the server accepted from the offer (RFC 6455 §9.1, §11.3.2).",
    ),
    (
        "sec-websocket-key",
        "A random 16-byte nonce in base64, new for every connection; the server hashes it into Sec-WebSocket-Accept to prove it understood the request (RFC 6455 §4.1 item 7).",
    ),
    (
        "sec-websocket-protocol",
        "WebSocket subprotocols: the client's offer in order of preference, or the one the server chose from it (RFC 6455 §1.9, §11.3.4).",
    ),
    (
        "sec-websocket-version",
        "The WebSocket version: 13 from a client; with 426 Upgrade Required, the versions the server speaks (RFC 6455 §4.4, §11.3.5).",
    ),
    (
        "server",
        "The server's software, product tokens like User-Agent's (RFC 9110 §10.2.4).",
    ),
    (
        "set-cookie",
        "Asks the browser to keep a cookie and send it back in Cookie on later requests (RFC 6265 §4.1).",
    ),
    (
        "strict-transport-security",
        "Use only HTTPS for this host for max-age seconds (RFC 6797 §6.1).",
    ),
    (
        "te",
        "The transfer codings the client accepts; trailers says it accepts trailer fields (RFC 9110 §10.1.4).",
    ),
    (
        "transfer-encoding",
        "The body is sent in chunks, each with its length (RFC 9112 §7.1).",
    ),
    (
        "upgrade",
        "Asks to switch this connection to another protocol, e.g. websocket (RFC 9110 §7.8).",
    ),
    (
        "upgrade-insecure-requests",
        "1: the browser prefers an https:// version of this and later resources (W3C Upgrade Insecure Requests).",
    ),
    (
        "user-agent",
        "The browser's self-description, product tokens kept for compatibility (RFC 9110 §10.1.5).",
    ),
    (
        "vary",
        "The request fields that chose this response, so a cache keys on them too (RFC 9110 §12.5.5).",
    ),
    (
        "www-authenticate",
        "The authentication schemes a 401 asks the client to use (RFC 9110 §11.6.1).",
    ),
    (
        "x-content-type-options",
        "nosniff: the browser must take the Content-Type as sent and not guess another (WHATWG Fetch).",
    ),
    (
        "x-forwarded-for",
        "Added by a proxy: the client address it received the request from (de facto; RFC 7239 standardised Forwarded for it).",
    ),
    (
        "x-frame-options",
        "Whether other pages may show this one in a frame: DENY or SAMEORIGIN (RFC 7034).",
    ),
];

/// Every header field meaning, as `(lowercase name, sentence)`, in alphabetical order: the
/// table the pages are served.
pub fn header_meanings() -> &'static [(&'static str, &'static str)] {
    MEANINGS
}

/// What the field `name` (any case) means, if the table knows it.
pub fn header_meaning(name: &str) -> Option<&'static str> {
    MEANINGS
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sentence_each_with_its_source_sorted_and_lowercase() {
        for pair in MEANINGS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        for (name, meaning) in MEANINGS {
            assert_eq!(name.to_ascii_lowercase(), *name);
            assert!(
                ["RFC ", "W3C", "WHATWG", "WICG"]
                    .iter()
                    .any(|s| meaning.contains(s)),
                "{name} cites no source"
            );
        }
        // Every field RFC 6455 §11.3 registers.
        for name in [
            "Sec-WebSocket-Key",
            "Sec-WebSocket-Extensions",
            "Sec-WebSocket-Accept",
            "Sec-WebSocket-Protocol",
            "Sec-WebSocket-Version",
        ] {
            assert!(header_meaning(name).is_some(), "{name}");
        }
        assert_eq!(header_meaning("X-Unknown"), None);
    }
}
