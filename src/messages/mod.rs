//! Messages to candidates (issue 15, item 5): a recruiter picks a template (`templates`), edits
//! the prefilled subject and body, and sends it through the outbox to the candidate's address
//! with Reply-To the recruiter, so the candidate's answer reaches them. The message row
//! (`db::candidate_messages`), its outbox row and the audit event are one transaction; the
//! message is on the candidate's timeline with its delivery status. The form's one-time token
//! (`form_token`) makes a second post of the same form send nothing; the SHA-256 of what was sent
//! (`Checked::content_sha256`) tells a double click (the same text) from the recruiter having gone
//! back and edited it (another text), which is shown the form again rather than dropped silently.

pub(crate) mod form_token;
pub(crate) mod templates;

use anyhow::Context;
use askama::Template;
use sqlx::PgPool;
use uuid::Uuid;

use crate::config::Settings;
use crate::db::audit::{self, AuditAction};
use crate::db::candidate_messages::{self, Inserted};
use crate::db::outbox::{self, About, MessageKind, Queued};
use crate::db::{candidates, recruiters};
use crate::domain::FormErrors;
use crate::domain::text::{MultiLineText, SingleLineText};
use crate::email::Email;
pub(crate) use form_token::MessageToken;
pub(crate) use templates::{Draft, MessageTemplate};

pub(crate) const MAX_SUBJECT_CHARS: usize = 200;
pub(crate) const MAX_BODY_CHARS: usize = 5000;

/// A message as the recruiter typed it, checked: one-line subject, a body.
pub(crate) struct Checked {
    pub(crate) template: MessageTemplate,
    pub(crate) subject: SingleLineText,
    pub(crate) body: MultiLineText,
}

impl Checked {
    /// The checked message, or the messages for the fields (`template`, `subject`, `body`).
    pub(crate) fn parse(template: &str, subject: &str, body: &str) -> Result<Checked, FormErrors> {
        let mut errors = FormErrors::default();
        let template = MessageTemplate::parse(template)
            .map_err(|_| errors.add("template", "Choose one of the templates."));
        let subject = SingleLineText::parse(subject, MAX_SUBJECT_CHARS).map_err(|e| {
            errors.add(
                "subject",
                format!(
                    "The subject {e}: write one line of at most {MAX_SUBJECT_CHARS} characters."
                ),
            )
        });
        let body = match MultiLineText::parse_optional(body, MAX_BODY_CHARS) {
            Ok(Some(body)) => Some(body),
            Ok(None) => {
                errors.add("body", "Write the message.");
                None
            }
            Err(e) => {
                let message = format!("The message {e} (at most {MAX_BODY_CHARS} characters).");
                errors.add("body", message);
                None
            }
        };
        match (template, subject, body) {
            (Ok(template), Ok(subject), Some(body)) => Ok(Checked {
                template,
                subject,
                body,
            }),
            _ => Err(errors),
        }
    }

    /// The SHA-256 of the template, subject and text: what "the same message" means for a
    /// repeat of a form. Each part is length-prefixed, so no two messages share an encoding.
    pub(crate) fn content_sha256(&self) -> [u8; 32] {
        let mut encoded = Vec::new();
        for part in [
            self.template.as_str(),
            self.subject.as_str(),
            self.body.as_str(),
        ] {
            let len = u64::try_from(part.len()).unwrap_or(u64::MAX);
            encoded.extend_from_slice(&len.to_be_bytes());
            encoded.extend_from_slice(part.as_bytes());
        }
        crate::crypto::digest(&encoded)
    }
}

/// What sending came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sent {
    Queued,
    /// This form's message was sent before with this content (a double click, a re-post):
    /// nothing was sent now.
    Repeated,
    /// This form's message was sent before with other content (back, edited, "send" again, or
    /// sent before the content was kept): nothing was sent now.
    Edited,
    /// No such candidate (or erased meanwhile).
    NoCandidate,
}

/// The template's text for this candidate and recruiter, to edit before sending; `None` when
/// the candidate is gone.
pub(crate) async fn prefill(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    recruiter_id: Uuid,
    template: MessageTemplate,
    what_to_do: Vec<String>,
) -> anyhow::Result<Option<Draft>> {
    let mut conn = pool.acquire().await?;
    let Some(candidate) = candidates::latest_contact(&mut conn, candidate_id).await? else {
        return Ok(None);
    };
    let me = recruiters::active_contact(&mut conn, recruiter_id).await?;
    let fields = templates::MergeFields {
        given_name: &candidate.given_name,
        reference: &candidate.reference,
        recruiter_name: me
            .as_ref()
            .map_or("LabMinds Staffing", |r| r.display_name.as_str()),
        site: &settings.public_origin(),
        what_to_do,
    };
    Ok(Some(
        template
            .draft(&fields)
            .context("rendering a message template failed")?,
    ))
}

/// The e-mail of a message: the recruiter's text as typed (plain text part) and the same text,
/// escaped, in paragraphs (HTML part).
#[derive(Template)]
#[template(path = "email/candidate_message.txt")]
struct MessageText<'a> {
    body: &'a str,
    recruiter_name: &'a str,
    /// `PUBLIC_URL` without a trailing slash: every e-mail to a candidate links to My application.
    site: &'a str,
}

#[derive(Template)]
#[template(path = "email/candidate_message.html")]
struct MessageHtml<'a> {
    subject: &'a str,
    /// Paragraphs (split at blank lines), each a list of lines.
    paragraphs: Vec<Vec<&'a str>>,
    recruiter_name: &'a str,
    site: &'a str,
}

pub(crate) fn compose(
    recipient: &str,
    reply_to: &str,
    recruiter_name: &str,
    subject: &str,
    body: &str,
    site: &str,
) -> Result<Email, askama::Error> {
    let paragraphs = body
        .split("\n\n")
        .map(|p| p.lines().collect::<Vec<_>>())
        .filter(|lines| lines.iter().any(|l| !l.trim().is_empty()))
        .collect();
    Ok(Email {
        recipient: recipient.to_owned(),
        reply_to: Some(reply_to.to_owned()),
        subject: subject.to_owned(),
        body_text: MessageText {
            body,
            recruiter_name,
            site,
        }
        .render()?,
        body_html: MessageHtml {
            subject,
            paragraphs,
            recruiter_name,
            site,
        }
        .render()?,
        unsubscribe_url: None,
    })
}

/// Queues the message to the candidate's latest address, Reply-To the recruiter, and records it,
/// once per form: when the form's token is taken, nothing is kept (the transaction, outbox row
/// included, is rolled back), and the answer says whether the earlier message had this content.
pub(crate) async fn send(
    pool: &PgPool,
    settings: &Settings,
    candidate_id: Uuid,
    recruiter_id: Uuid,
    message: &Checked,
    token: MessageToken,
) -> anyhow::Result<Sent> {
    let mut tx = pool.begin().await?;
    let Some(candidate) = candidates::latest_contact(&mut tx, candidate_id).await? else {
        return Ok(Sent::NoCandidate);
    };
    let me = recruiters::active_contact(&mut tx, recruiter_id)
        .await?
        .context("the sender's account is gone")?;
    let email = compose(
        &candidate.email,
        &me.email,
        &me.display_name,
        message.subject.as_str(),
        message.body.as_str(),
        &settings.public_origin(),
    )
    .context("rendering a message failed")?;
    let queued = Queued::new(
        MessageKind::CandidateMessage,
        About::Candidate(candidate_id),
        &email,
    );
    let outbox_id = outbox::enqueue(&mut tx, &queued, settings.message_domain())
        .await?
        .context("a message without a dedupe key was not queued")?;
    let template = message.template.as_str();
    let content_sha256 = message.content_sha256();
    let row = candidate_messages::NewMessage {
        candidate_id,
        recruiter_id,
        template,
        subject: message.subject.as_str(),
        outbox_message_id: outbox_id,
        form_token: token.id(),
        content_sha256,
    };
    if let Inserted::TokenTaken(earlier) = candidate_messages::insert(&mut tx, &row).await? {
        tx.rollback().await?;
        // A message from before the hashes were kept (null) compares as different.
        let same = earlier.is_some_and(|earlier| earlier == content_sha256);
        return Ok(if same { Sent::Repeated } else { Sent::Edited });
    }
    let details = serde_json::json!({ "template": template, "message": outbox_id });
    let by = Some(recruiter_id);
    let action = AuditAction::CandidateMessageSent;
    audit::record(&mut *tx, by, action, Some(candidate_id), details).await?;
    tx.commit().await?;
    Ok(Sent::Queued)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(template: &str, subject: &str, body: &str) -> Checked {
        Checked::parse(template, subject, body).unwrap_or_else(|_| panic!("{subject:?} {body:?}"))
    }

    #[test]
    fn the_content_hash_changes_with_the_template_the_subject_or_the_text_only() {
        let sent = checked("general", "Your documents", "Please send them.").content_sha256();
        assert_eq!(
            checked("general", "Your documents", "Please send them.").content_sha256(),
            sent
        );
        for (template, subject, body) in [
            ("missing_document", "Your documents", "Please send them."),
            ("general", "Your document", "Please send them."),
            ("general", "Your documents", "Please send them!"),
            // The same characters split differently between subject and text.
            ("general", "Your documentsP", "lease send them."),
        ] {
            assert_ne!(
                checked(template, subject, body).content_sha256(),
                sent,
                "{template} {subject:?} {body:?}"
            );
        }
    }
}
