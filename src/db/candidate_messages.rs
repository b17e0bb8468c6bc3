//! `candidate_messages`: who sent a candidate which message, from which template; the outbox row
//! it points to carries the text and the delivery status. The timeline (`db::timeline`) reads it.

use sqlx::PgConnection;
use uuid::Uuid;

pub(crate) struct NewMessage<'a> {
    pub(crate) candidate_id: Uuid,
    pub(crate) recruiter_id: Uuid,
    pub(crate) template: &'a str,
    pub(crate) subject: &'a str,
    pub(crate) outbox_message_id: Uuid,
}

pub(crate) async fn insert(
    conn: &mut PgConnection,
    message: &NewMessage<'_>,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into candidate_messages
               (id, candidate_id, recruiter_id, template, subject, outbox_message_id)
           values ($1, $2, $3, $4, $5, $6)"#,
        id,
        message.candidate_id,
        message.recruiter_id,
        message.template,
        message.subject,
        message.outbox_message_id,
    )
    .execute(conn)
    .await?;
    Ok(id)
}
