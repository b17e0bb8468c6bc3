//! `Mailer`: the one way the application hands an e-mail to the outside world, chosen from the
//! settings: SMTP when `SMTP_URL` is set, otherwise .eml files under `MAIL_DIR`.

use std::path::PathBuf;

use lettre::transport::{file, smtp};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::config::MailSettings;

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// Development and tests without a relay: each message becomes `<uuid>.eml` in the folder.
    File {
        transport: AsyncFileTransport<Tokio1Executor>,
        dir: PathBuf,
    },
}

/// The mail transport could not be set up; start-up stops with this.
#[derive(Debug, thiserror::Error)]
pub enum MailerError {
    #[error("SMTP_URL is not a usable SMTP URL")]
    InvalidSmtpUrl(#[source] smtp::Error),
    #[error("MAIL_DIR {path} could not be created")]
    MailDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// One delivery failed. Every failure is worth a retry: see the worker for the policy.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SendError {
    #[error("SMTP delivery failed")]
    Smtp(#[source] smtp::Error),
    #[error("writing the .eml file failed")]
    File(#[source] file::Error),
    #[error("the mail directory could not be created")]
    MailDir(#[source] std::io::Error),
}

impl Mailer {
    pub fn from_settings(settings: &MailSettings) -> Result<Self, MailerError> {
        match &settings.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .map_err(MailerError::InvalidSmtpUrl)?
                    .timeout(Some(settings.smtp_timeout))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                let dir = settings.mail_dir.clone();
                std::fs::create_dir_all(&dir).map_err(|source| MailerError::MailDir {
                    path: dir.clone(),
                    source,
                })?;
                Ok(Mailer::File {
                    transport: AsyncFileTransport::new(&dir),
                    dir,
                })
            }
        }
    }

    /// A name for logs: which transport, never the URL (it may hold a password).
    pub(crate) fn transport_name(&self) -> &'static str {
        match self {
            Mailer::Smtp(_) => "smtp",
            Mailer::File { .. } => "file",
        }
    }

    pub(crate) async fn send(&self, message: Message) -> Result<(), SendError> {
        match self {
            Mailer::Smtp(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(SendError::Smtp),
            Mailer::File { transport, dir } => {
                // The folder may have been cleaned up since start-up; recreate it rather than fail.
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(SendError::MailDir)?;
                transport
                    .send(message)
                    .await
                    .map(|_| ())
                    .map_err(SendError::File)
            }
        }
    }
}

impl SendError {
    /// A short description for `outbox_messages.last_error` and the logs: the error chain, with
    /// anything that looks like an address (servers quote them in rejections) blanked out.
    pub(crate) fn summary(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            // lettre repeats the server's reply in both the error and its source.
            let cause_text = cause.to_string();
            if !text.contains(&cause_text) {
                text.push_str(": ");
                text.push_str(&cause_text);
            }
            source = cause.source();
        }
        redact_addresses(&text)
    }
}

/// Replaces every whitespace-separated word containing `@` with `[address]`, collapses the text to
/// one line and caps its length, so `last_error` stays short and holds no recipient.
pub(crate) fn redact_addresses(text: &str) -> String {
    const MAX_CHARS: usize = 300;
    let redacted: Vec<&str> = text
        .split_whitespace()
        .map(|word| {
            if word.contains('@') {
                "[address]"
            } else {
                word
            }
        })
        .collect();
    let line = redacted.join(" ");
    match line.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_removes_addresses_and_line_breaks() {
        let text = "permanent error (550): 5.1.1 <ana@example.com>: Recipient rejected\r\nbye";
        assert_eq!(
            redact_addresses(text),
            "permanent error (550): 5.1.1 [address] Recipient rejected bye"
        );
    }

    #[test]
    fn redaction_caps_the_length() {
        let long = "x ".repeat(1000);
        assert!(redact_addresses(&long).chars().count() <= 301);
    }
}
