//! `candidate_messages`: who sent a candidate which message, from which template; the outbox row
//! it points to carries the text and the delivery status. The timeline (`db::timeline`) reads it.
//! Each row keeps the one-time token of the form that sent it (`messages::form_token`).

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
}

/// Stores the message; `None` when a message with its form token exists already (the same form
/// posted again). A post of the same form at the same moment waits for the other's transaction
/// and then finds the token taken.
pub(crate) async fn insert(
    conn: &mut PgConnection,
    message: &NewMessage<'_>,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"insert into candidate_messages
               (id, candidate_id, recruiter_id, template, subject, outbox_message_id, form_token)
           values ($1, $2, $3, $4, $5, $6, $7)
           on conflict on constraint candidate_messages_form_token_key do nothing
           returning id"#,
        Uuid::now_v7(),
        message.candidate_id,
        message.recruiter_id,
        message.template,
        message.subject,
        message.outbox_message_id,
        message.form_token,
    )
    .fetch_optional(conn)
    .await
}
