//! The HTTP header fields the app explains (from the `http1` crate's one table,
//! [`http1::header_meanings`]): each lowercase field name with the sentence of what it means
//! and the section that defines it. The dissectors put the same sentence on each header
//! line they read; a page that shows headers without a dissection (the HTTP/2 lab's decoded
//! header lists) looks them up here.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub(super) struct Http1Tables {
    pub(super) header_meanings: Vec<HeaderEntry>,
}

#[derive(Debug, Serialize)]
pub(super) struct HeaderEntry {
    pub(super) name: &'static str,
    pub(super) meaning: &'static str,
}

pub(super) fn http1_tables() -> Http1Tables {
    Http1Tables {
        header_meanings: http1::header_meanings()
            .iter()
            .map(|&(name, meaning)| HeaderEntry { name, meaning })
            .collect(),
    }
}
