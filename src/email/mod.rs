//! E-mail: the `Email` value a use case renders and queues in the outbox, the `Mailer` transport
//! (SMTP or .eml files) and the composition of an `Email` into a MIME message for delivery.
//! Rendering happens when the message is queued; this module only sends what it is given.

pub(crate) mod compose;
pub(crate) mod mailer;

pub(crate) use compose::compose;
pub use mailer::Mailer;

/// One e-mail as the site writes it: rendered from templates (text and HTML, the recipient's input
/// escaped), addressed, and stored as it is in the outbox until the worker sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    pub recipient: String,
    pub reply_to: Option<String>,
    /// Never personal data: subjects end up in mail logs everywhere along the way.
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    /// For mail that is not strictly about the case (reminders, updates): the one-click address
    /// that withdraws the e-mail-updates consent (RFC 8058). Sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    pub unsubscribe_url: Option<String>,
}
