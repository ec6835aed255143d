//! The book's editions: English at `/`, Korean at `/ko/` (rendered through `po/ko.po` by the
//! `book` crate's `i18n`), and the language switch every page carries, which keeps the
//! reader on the same page and section.
//!
//! The switch is a plain link to `/lang/{code}?to=PATH` (`routes::lang`), which remembers
//! the choice in the `wt_lang` cookie and redirects to PATH; `static/lang.js` adds the
//! section the reader is on as the link's `#fragment`, which the redirect keeps (RFC 9110
//! §10.2.2: a `Location` without a fragment inherits the request's).

/// An edition of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
}

/// The link to the same page in the other edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    /// The other edition's name, in its own language (`한국어`, `English`).
    pub label: &'static str,
    /// Its BCP 47 tag (`hreflang`, and the link text's `lang`).
    pub lang: &'static str,
    /// `/lang/ko?to=/ko/08-websocket/handshake.html`
    pub href: String,
    /// `/ko/08-websocket/handshake.html`
    pub page: String,
}

impl Lang {
    /// The BCP 47 tag (`<html lang>`), which is also the cookie's value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    /// The path the edition is served under.
    pub fn root(self) -> &'static str {
        match self {
            Lang::En => "/",
            Lang::Ko => "/ko/",
        }
    }

    /// The edition's name in its own language.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }

    /// The print page's title.
    pub fn print_title(self) -> &'static str {
        match self {
            Lang::En => "The whole book",
            Lang::Ko => "책 전체",
        }
    }

    /// The switch on the page at `url` (relative to the edition's root).
    pub fn switch(self, url: &str) -> Switch {
        let other = self.other();
        let target = if url == "index.html" {
            other.root().to_owned()
        } else {
            format!("{}{url}", other.root())
        };
        Switch {
            label: other.name(),
            lang: other.code(),
            href: format!("/lang/{}?to={}", other.code(), percent_encode(&target)),
            page: target,
        }
    }
}

/// `/` and the unreserved characters stay; everything else is percent-encoded (RFC 3986
/// §2.1), so the path is one query value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_points_at_the_same_page() {
        assert_eq!(
            Lang::En.switch("08-websocket/handshake.html").href,
            "/lang/ko?to=/ko/08-websocket/handshake.html"
        );
        assert_eq!(Lang::Ko.switch("index.html").href, "/lang/en?to=/");
        assert_eq!(Lang::Ko.switch("print.html").label, "English");
        assert_eq!(percent_encode("/a b?&"), "/a%20b%3F%26");
    }
}
