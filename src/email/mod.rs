//! E-mail delivery: the `Mailer` transport (SMTP or .eml files) and the composition of an outbox
//! row into a MIME message. Rendering the messages happens earlier, when the outbox row is written.

pub mod compose;
pub mod mailer;

pub use compose::{ComposeError, compose};
pub use mailer::{Mailer, MailerError, SendError};
