//! The app's own translations, beside the book's (`book::i18n`): gettext domains whose
//! messages the server extracts from what it renders and says.
//!
//! [`wire`] is the domain of the protocol crates' words: every summary, field meaning,
//! problem and answer a dissector produces, normalised (numbers and quoted values become
//! `{0}`, `{1}`, …, see `wire::i18n`), in `po/wire/`.
//!
//! (A minimal `mod.rs` on the wire branch: the ui-pages branch owns this file and its other
//! domains; the shared type is [`Message`].)

pub mod wire;

/// One message of a domain's catalog, as `wiretrail i18n extract` writes it to the
/// domain's `messages.pot`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The English (for the wire domain, normalised).
    pub msgid: String,
    /// The plural English, for a message with plural forms.
    pub msgid_plural: Option<String>,
    /// `#:` references: where the message comes from.
    pub references: Vec<String>,
    /// A `#.` comment for the translator.
    pub comment: Option<String>,
}
