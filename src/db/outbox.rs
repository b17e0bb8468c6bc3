//! `outbox_messages`: the one place that writes, claims and updates queued e-mail. A use case
//! queues its messages in its own transaction (`enqueue`); the delivery worker claims due rows
//! under a lease, sends outside any transaction and records how each delivery went; the dashboard
//! reads delivery status and puts dead messages back in the queue.

use std::time::Duration;

use sqlx::{PgConnection, PgPool};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::db::Change;
use crate::db::audit::{self, AuditAction};
use crate::email::Email;

crate::domain::choices::stored_list!(
    /// What a message is. The `email_kinds` table holds the same list (tests/api/schema.rs stores
    /// every kind); a migration that adds a kind inserts it there.
    MessageKind {
        /// The recruiters' alert about a new application.
        SupportAlert => "support_alert",
        /// The candidate's acknowledgement.
        CandidateAck => "candidate_ack",
        /// An invitation to join the team (a single-use link).
        RecruiterInvitation => "recruiter_invitation",
        /// An invitation sent to an address that already has an account: "just sign in".
        RecruiterAlreadyMember => "recruiter_already_member",
        /// A password reset link.
        PasswordReset => "password_reset",
        /// A reset asked for an address with no account: says so, sends no link.
        PasswordResetUnknown => "password_reset_unknown",
        /// A sign-in link to "My application" (urgent: someone is waiting for it).
        PortalLink => "portal_link",
        /// The answer to a link request from an address with no application on file.
        PortalNoApplication => "portal_no_application",
        /// The confirmation of an erasure the candidate asked for on their page.
        PortalErased => "portal_erased",
        /// To the case owner (or the support inbox): a candidate changed answers on their page.
        ProfileChanged => "profile_changed",
        /// To a new address a candidate asked for: the link that confirms it (urgent).
        PortalEmailChange => "portal_email_change",
        /// To the old address once a change of address is confirmed.
        PortalEmailChanged => "portal_email_changed",
        /// To the case owner (or the support inbox): a candidate uploaded a document.
        DocumentUploaded => "document_uploaded",
        /// To the candidate: a document nears its last valid day, or an item is still missing
        /// (only with the e-mail-updates consent; one-click unsubscribe).
        Reminder => "reminder",
        /// To the case owner (or the support inbox): the same events.
        ReminderOwner => "reminder_owner",
        /// To a recruiter: a case was assigned to them by someone else (issue 15).
        CaseAssigned => "case_assigned",
        /// A recruiter's daily digest (issue 15): at most one per recruiter per local date.
        RecruiterDigest => "recruiter_digest",
        /// A recruiter's message to a candidate, from a template, edited (issue 15).
        CandidateMessage => "candidate_message",
    }
);

/// Who or what a message is about. A message about a candidate (or one of their applications) is
/// erased with them; one about a recruiter goes with the account. `Nobody` is for mail to an
/// address that is not (or no longer) on file: a sign-in link request, an erasure confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Application {
        application_id: Uuid,
        candidate_id: Uuid,
    },
    Candidate(Uuid),
    Recruiter(Uuid),
    Nobody,
}

impl About {
    fn columns(self) -> (Option<Uuid>, Option<Uuid>, Option<Uuid>) {
        match self {
            About::Application {
                application_id,
                candidate_id,
            } => (Some(application_id), Some(candidate_id), None),
            About::Candidate(id) => (None, Some(id), None),
            About::Recruiter(id) => (None, None, Some(id)),
            About::Nobody => (None, None, None),
        }
    }
}

/// How soon a message must leave. `Urgent` mail (a sign-in link someone is waiting for) is
/// claimed before anything else, and by a lane of the worker that nothing else can hold up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Priority {
    Normal,
    Urgent,
}

impl Priority {
    fn value(self) -> i16 {
        match self {
            Priority::Normal => 0,
            Priority::Urgent => 5,
        }
    }
}

/// A message to queue: what it is, what it is about, how urgent, and (for scheduled mail) a key
/// that makes it at most once ("reminder:<document>:<date>").
pub struct Queued<'a> {
    pub kind: MessageKind,
    pub about: About,
    pub email: &'a Email,
    pub priority: Priority,
    pub dedupe_key: Option<&'a str>,
    /// A single-use token the bodies carry (a sign-in or confirmation link): replaced in the
    /// stored bodies when the message is marked sent, so the row keeps no usable link.
    pub secret: Option<&'a str>,
}

/// What a link's token becomes in a stored body once the message is sent.
pub const SCRUBBED: &str = "[used-link-removed]";

impl<'a> Queued<'a> {
    /// A normal-priority message without a dedupe key.
    pub fn new(kind: MessageKind, about: About, email: &'a Email) -> Self {
        Queued {
            kind,
            about,
            email,
            priority: Priority::Normal,
            dedupe_key: None,
            secret: None,
        }
    }
}

/// Queues a message in the caller's transaction. The row's id makes its Message-ID
/// (`<id@message_domain>`), so every delivery attempt carries the same one and receivers can drop a
/// repeat after a crash. Returns the row's id, or `None` when a message with the same dedupe key
/// was queued before (by this run, an earlier one, or another instance at the same moment).
pub async fn enqueue(
    conn: &mut PgConnection,
    message: &Queued<'_>,
    message_domain: &str,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id = Uuid::new_v4();
    let message_id = format!("<{id}@{message_domain}>");
    let email = message.email;
    // A submission's two e-mails take the statement bench/submission.sql runs too (pgbench cannot
    // pass the NULLs of the other columns: its variables turn NULL into '').
    if let Queued {
        about: About::Application {
            application_id,
            candidate_id,
        },
        priority: Priority::Normal,
        dedupe_key: None,
        ..
    } = *message
        && email.unsubscribe_url.is_none()
    {
        sqlx::query_file!(
            "src/db/submission/enqueue_message.sql",
            id,
            application_id,
            candidate_id,
            message.kind.as_str(),
            email.recipient,
            email.reply_to,
            email.subject,
            email.body_text,
            email.body_html,
            message_id,
            message.secret.unwrap_or(""),
        )
        .execute(conn)
        .await?;
        return Ok(Some(id));
    }
    let (application_id, candidate_id, recruiter_id) = message.about.columns();
    sqlx::query_scalar!(
        r#"
        insert into outbox_messages
            (id, application_id, candidate_id, recruiter_id, kind, priority, dedupe_key,
             recipient, reply_to, subject, body_text, body_html, unsubscribe_url, message_id,
             secret)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        on conflict on constraint outbox_messages_dedupe_key_key do nothing
        returning id
        "#,
        id,
        application_id,
        candidate_id,
        recruiter_id,
        message.kind.as_str(),
        message.priority.value(),
        message.dedupe_key,
        email.recipient,
        email.reply_to,
        email.subject,
        email.body_text,
        email.body_html,
        email.unsubscribe_url,
        message_id,
        message.secret,
    )
    .fetch_optional(conn)
    .await
}

/// A queued e-mail, claimed for one delivery attempt.
#[derive(Debug, Clone)]
pub struct Claimed {
    pub id: Uuid,
    pub(crate) kind: String,
    pub(crate) message_id: String,
    /// Attempts so far, counting the one this claim starts.
    pub(crate) attempts: i32,
    pub(crate) email: Email,
}

/// Claims up to `limit` due rows for `lease`, counting the attempt, and commits at once.
///
/// SKIP LOCKED lets concurrent workers pick disjoint rows; the lease (`locked_until`) keeps the
/// rows away from other workers after the commit, while the message is being sent outside any
/// transaction. A worker that dies mid-send releases its rows when the lease runs out.
///
/// Most urgent first, then oldest. `at_least` restricts the claim to rows of that priority or
/// higher: the worker's urgent lane claims with `Priority::Urgent`, so a sign-in link never waits
/// for a batch of slow deliveries.
pub async fn claim_due(
    pool: &PgPool,
    limit: i64,
    lease: Duration,
    at_least: Priority,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"
        update outbox_messages
        set locked_until = now() + make_interval(secs => $2::float8),
            attempts = attempts + 1
        where id in (
            select id from outbox_messages
            where status = 'pending'
              and next_attempt_at <= now()
              and (locked_until is null or locked_until < now())
              and priority >= $3
            order by priority desc, next_attempt_at
            limit $1
            for update skip locked
        )
        returning id, kind, recipient, reply_to, subject, body_text, body_html, unsubscribe_url,
                  message_id, attempts
        "#,
        limit,
        lease.as_secs_f64(),
        at_least.value(),
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| Claimed {
            id: row.id,
            kind: row.kind,
            message_id: row.message_id,
            attempts: row.attempts,
            email: Email {
                recipient: row.recipient,
                reply_to: row.reply_to,
                subject: row.subject,
                body_text: row.body_text,
                body_html: row.body_html,
                unsubscribe_url: row.unsubscribe_url,
            },
        })
        .collect())
}

/// Extends this claim's lease while its delivery is under way; false when the claim is no longer
/// this worker's (the row was marked, or claimed again: its attempt count moved on).
pub(crate) async fn renew_lease(
    pool: &PgPool,
    id: Uuid,
    attempt: i32,
    lease: Duration,
) -> Result<bool, sqlx::Error> {
    let renewed = sqlx::query!(
        r#"
        update outbox_messages
        set locked_until = now() + make_interval(secs => $3::float8)
        where id = $1 and attempts = $2 and status = 'pending'
        "#,
        id,
        attempt,
        lease.as_secs_f64(),
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(renewed == 1)
}

/// Records a delivery. Guarded by `status = 'pending'` so a late duplicate mark changes nothing.
/// The same statement takes a link's token out of the stored bodies: until now a retry needed
/// it; from now on nothing does, and a copy of the table must not sign anyone in.
pub(crate) async fn mark_sent(pool: &PgPool, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set status = 'sent', sent_at = now(), locked_until = null, last_error = null,
            body_text = case when secret is null then body_text
                             else replace(body_text, secret, $2) end,
            body_html = case when secret is null then body_html
                             else replace(body_html, secret, $2) end,
            secret = null
        where id = $1 and status = 'pending'
        "#,
        id,
        SCRUBBED,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Releases the row for another attempt after `delay`, keeping a short reason (no addresses).
pub async fn mark_retry(
    pool: &PgPool,
    id: Uuid,
    delay: Duration,
    last_error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set next_attempt_at = now() + make_interval(secs => $2::float8),
            locked_until = null,
            last_error = $3
        where id = $1 and status = 'pending'
        "#,
        id,
        delay.as_secs_f64(),
        last_error,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Gives up on the row: it stays in the table, `dead`, for a person to look at.
pub async fn mark_dead(pool: &PgPool, id: Uuid, last_error: &str) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"
        update outbox_messages
        set status = 'dead', locked_until = null, last_error = $2
        where id = $1 and status = 'pending'
        "#,
        id,
        last_error,
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The delivery status of one e-mail, for the candidate page.
pub(crate) struct EmailStatus {
    pub(crate) id: Uuid,
    /// `None` for mail about the candidate rather than one application (sign-in links, reminders).
    pub(crate) application_id: Option<Uuid>,
    pub(crate) kind: String,
    pub(crate) status: String,
    pub(crate) attempts: i32,
    pub(crate) last_error: Option<String>,
    pub(crate) sent_at: Option<OffsetDateTime>,
}

pub(crate) async fn of_candidate(
    pool: &PgPool,
    candidate_id: Uuid,
) -> Result<Vec<EmailStatus>, sqlx::Error> {
    sqlx::query_as!(
        EmailStatus,
        r#"
        select o.id, o.application_id, o.kind, o.status, o.attempts, o.last_error, o.sent_at
        from outbox_messages o
        where o.candidate_id = $1
        order by o.created_at desc, o.kind
        "#,
        candidate_id,
    )
    .fetch_all(pool)
    .await
}

/// Puts a dead e-mail of this candidate back in the queue, to be tried at once.
pub(crate) async fn resend(
    pool: &PgPool,
    candidate_id: Uuid,
    message_id: Uuid,
    recruiter_id: Uuid,
) -> Result<Change, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let status = sqlx::query_scalar!(
        r#"
        select o.status from outbox_messages o
        where o.id = $1 and o.candidate_id = $2
        for update
        "#,
        message_id,
        candidate_id,
    )
    .fetch_optional(&mut *tx)
    .await?;
    match status.as_deref() {
        None => return Ok(Change::NotFound),
        Some("dead") => {}
        Some(_) => return Ok(Change::Unchanged),
    }
    sqlx::query!(
        r#"update outbox_messages
           set status = 'pending', attempts = 0, next_attempt_at = now(), locked_until = null
           where id = $1"#,
        message_id,
    )
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "message": message_id });
    audit::record(
        &mut *tx,
        Some(recruiter_id),
        AuditAction::EmailResent,
        Some(candidate_id),
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Housekeeping for the daily purge: mail about nobody (a link request from an address with no
/// application) is kept 30 days after it was handled, then forgotten; the person is no candidate
/// whose data we keep.
pub(crate) async fn delete_old_about_nobody(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let deleted = sqlx::query!(
        r#"delete from outbox_messages
           where application_id is null and candidate_id is null and recruiter_id is null
             and status <> 'pending' and created_at < now() - interval '30 days'"#
    )
    .execute(pool)
    .await?
    .rows_affected();
    Ok(deleted)
}

/// Messages waiting and given up on: the dashboard's "is e-mail flowing" numbers.
pub(crate) struct Health {
    pub(crate) pending: i64,
    pub(crate) dead: i64,
}

pub(crate) async fn health(pool: &PgPool) -> Result<Health, sqlx::Error> {
    sqlx::query_as!(
        Health,
        r#"
        select
          count(*) filter (where status = 'pending') as "pending!",
          count(*) filter (where status = 'dead') as "dead!"
        from outbox_messages
        "#
    )
    .fetch_one(pool)
    .await
}
