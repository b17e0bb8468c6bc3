//! `candidate_messages`: who sent a candidate which message, from which template; the outbox row
//! it points to carries the text and the delivery status. The timeline (`db::timeline`) reads it.
//! Each row keeps the one-time token of the form that sent it (`messages::form_token`) and the
//! SHA-256 of what it sent (`messages::Checked::content_sha256`), to tell a double click from an
//! edited text posted again from the same form.

use sqlx::PgConnection;
use uuid::Uuid;

pub(crate) struct NewMessage<'a> {
    pub(crate) candidate_id: Uuid,
    pub(crate) recruiter_id: Uuid,
    pub(crate) template: &'a str,
    pub(crate) subject: &'a str,
    pub(crate) outbox_message_id: Uuid,
    /// The id of the form's one-time token.
    pub(crate) form_token: Uuid,
    /// The SHA-256 of the template, subject and text sent.
    pub(crate) content_sha256: [u8; 32],
}

/// What storing a message came to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Inserted {
    Stored,
    /// A message with this form token exists already (the same form posted again), with this
    /// content hash (`None`: sent before the hashes were kept).
    TokenTaken(Option<Vec<u8>>),
}

/// Stores the message, unless a message with its form token exists already. A post of the same
/// form at the same moment waits for the other's transaction and then finds the token taken; the
/// second statement then sees the row the other committed (read committed: a snapshot per
/// statement).
pub(crate) async fn insert(
    conn: &mut PgConnection,
    message: &NewMessage<'_>,
) -> Result<Inserted, sqlx::Error> {
    let inserted = sqlx::query_scalar!(
        r#"insert into candidate_messages
               (id, candidate_id, recruiter_id, template, subject, outbox_message_id, form_token,
                content_sha256)
           values ($1, $2, $3, $4, $5, $6, $7, $8)
           on conflict on constraint candidate_messages_form_token_key do nothing
           returning id"#,
        Uuid::now_v7(),
        message.candidate_id,
        message.recruiter_id,
        message.template,
        message.subject,
        message.outbox_message_id,
        message.form_token,
        &message.content_sha256[..],
    )
    .fetch_optional(&mut *conn)
    .await?;
    if inserted.is_some() {
        return Ok(Inserted::Stored);
    }
    let earlier = sqlx::query_scalar!(
        "select content_sha256 from candidate_messages where form_token = $1",
        message.form_token,
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Inserted::TokenTaken(earlier))
}
