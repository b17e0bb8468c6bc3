//! Turns an `Email` (rendered by the use case that queued it) into a lettre `Message`.
//!
//! Every header value goes through lettre's types: addresses are parsed into `Address` (which
//! refuses line breaks and anything else that is not an address), and text headers are encoded by
//! lettre, so nothing a candidate typed can add or break a header.

use lettre::message::header::{ContentType, HeaderName, HeaderValue, MessageId};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};

use super::Email;

/// Why a queued e-mail can never be sent. Retrying cannot help: the outbox marks it dead.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ComposeError {
    #[error("the recipient is not a valid e-mail address")]
    InvalidRecipient,
    #[error("the reply-to is not a valid e-mail address")]
    InvalidReplyTo,
    #[error("the message id is not of the form <local@domain>")]
    InvalidMessageId,
    #[error("the unsubscribe address is not a plain http(s) URL")]
    InvalidUnsubscribeUrl,
    #[error("the message could not be built")]
    Build(#[source] lettre::error::Error),
}

/// Parses a bare address (no display name), refusing control characters outright.
fn parse_address(raw: &str) -> Option<Address> {
    if raw.chars().any(char::is_control) {
        return None;
    }
    raw.trim().parse().ok()
}

/// From `from`, To the recipient, Reply-To when set, the given Message-ID, and the text and HTML
/// bodies as multipart/alternative (text first, so clients that prefer HTML pick the last part).
pub(crate) fn compose(
    email: &Email,
    message_id: &str,
    from: &Address,
) -> Result<Message, ComposeError> {
    let to = parse_address(&email.recipient).ok_or(ComposeError::InvalidRecipient)?;
    let message_id = checked_message_id(message_id).ok_or(ComposeError::InvalidMessageId)?;
    let mut builder = Message::builder()
        .from(Mailbox::new(None, from.clone()))
        .to(Mailbox::new(None, to))
        .subject(email.subject.as_str())
        .header(MessageId::from(message_id));
    if let Some(reply_to) = email.reply_to.as_deref().filter(|r| !r.trim().is_empty()) {
        let reply_to = parse_address(reply_to).ok_or(ComposeError::InvalidReplyTo)?;
        builder = builder.reply_to(Mailbox::new(None, reply_to));
    }
    if let Some(url) = &email.unsubscribe_url {
        let url = checked_unsubscribe_url(url).ok_or(ComposeError::InvalidUnsubscribeUrl)?;
        // RFC 8058 one-click: mailbox providers POST `List-Unsubscribe=One-Click` to the URL.
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(email.body_text.clone()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(email.body_html.clone()),
                ),
        )
        .map_err(ComposeError::Build)
}

/// The Message-ID in angle brackets, or `None` when it is not `local@domain` in printable ASCII.
/// The outbox generates these, but a malformed one would make receivers ignore it for dedupe.
fn checked_message_id(raw: &str) -> Option<String> {
    let inner = raw.trim();
    let inner = inner
        .strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(inner);
    let (local, domain) = inner.split_once('@')?;
    let valid_part = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>' | b'@'))
    };
    (valid_part(local) && valid_part(domain)).then(|| format!("<{inner}>"))
}

/// An http(s) URL in printable ASCII without spaces or angle brackets (it goes inside `<...>`).
fn checked_unsubscribe_url(raw: &str) -> Option<&str> {
    let plain = raw
        .bytes()
        .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'>'));
    (plain && (raw.starts_with("https://") || raw.starts_with("http://"))).then_some(raw)
}

/// The part after `@`, for logs: the most of a recipient the logs may show.
pub(crate) fn recipient_domain(raw: &str) -> &str {
    match raw.rsplit_once('@') {
        Some((_, domain)) if !domain.chars().any(char::is_control) => domain,
        _ => "(invalid)",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSAGE_ID: &str = "<abc123@labmindsstaffing.com>";

    fn row() -> Email {
        Email {
            recipient: "ana@example.com".to_owned(),
            reply_to: Some("support@labmindsstaffing.com".to_owned()),
            subject: "We received your application".to_owned(),
            body_text: "Hello".to_owned(),
            body_html: "<p>Hello</p>".to_owned(),
            unsubscribe_url: None,
        }
    }

    fn from() -> Address {
        "no-reply@labmindsstaffing.com".parse().unwrap()
    }

    fn formatted_with(row: &Email, message_id: &str) -> String {
        String::from_utf8(compose(row, message_id, &from()).unwrap().formatted()).unwrap()
    }

    fn formatted(row: &Email) -> String {
        formatted_with(row, MESSAGE_ID)
    }

    #[test]
    fn a_row_becomes_a_multipart_message_with_its_headers() {
        let text = formatted(&row());
        assert!(text.contains("From: no-reply@labmindsstaffing.com\r\n"));
        assert!(text.contains("To: ana@example.com\r\n"));
        assert!(text.contains("Reply-To: support@labmindsstaffing.com\r\n"));
        assert!(text.contains("Message-ID: <abc123@labmindsstaffing.com>\r\n"));
        assert!(text.contains("multipart/alternative"));
        assert!(text.contains("text/plain") && text.contains("text/html"));
    }

    #[test]
    fn mail_with_an_unsubscribe_url_carries_the_one_click_headers() {
        assert!(!formatted(&row()).contains("List-Unsubscribe"));
        let mut row = row();
        row.unsubscribe_url =
            Some("https://labmindsstaffing.com/my-application/unsubscribe/t0k3n".to_owned());
        let text = formatted(&row);
        assert!(
            text.contains("List-Unsubscribe: <https://labmindsstaffing.com/my-application/unsubscribe/t0k3n>\r\n"),
            "{text}"
        );
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
    }

    #[test]
    fn unsubscribe_urls_that_could_break_the_header_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "https://x.example/a b",
            "https://x.example/>\r\nBcc: e@v",
            "",
        ] {
            let mut row = row();
            row.unsubscribe_url = Some(bad.to_owned());
            assert!(
                matches!(
                    compose(&row, MESSAGE_ID, &from()),
                    Err(ComposeError::InvalidUnsubscribeUrl)
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_message_id_without_brackets_gets_them() {
        let text = formatted_with(&row(), "abc123@labmindsstaffing.com");
        assert!(text.contains("Message-ID: <abc123@labmindsstaffing.com>\r\n"));
    }

    #[test]
    fn recipients_with_line_breaks_or_names_are_refused() {
        for bad in [
            "ana@example.com\r\nBcc: eve@evil.example",
            "ana@example.com\nBcc: eve@evil.example",
            "Ana <ana@example.com>",
            "not an address",
            "",
        ] {
            let mut row = row();
            row.recipient = bad.to_owned();
            assert!(
                matches!(
                    compose(&row, MESSAGE_ID, &from()),
                    Err(ComposeError::InvalidRecipient)
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_subject_with_a_line_break_cannot_add_a_header() {
        let mut row = row();
        row.subject = "Hello\r\nBcc: eve@evil.example".to_owned();
        let text = formatted(&row);
        assert!(!text.contains("\r\nBcc:"), "{text}");
    }

    #[test]
    fn malformed_message_ids_are_refused() {
        for bad in ["", "<>", "no-at-sign", "<a b@c>", "<a@b>\r\nBcc: x@y"] {
            assert_eq!(checked_message_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_log_shows_the_domain_only() {
        assert_eq!(recipient_domain("ana@example.com"), "example.com");
        assert_eq!(recipient_domain("nonsense"), "(invalid)");
    }
}
