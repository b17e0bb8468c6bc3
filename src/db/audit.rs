//! The audit log of recruiter actions (`audit_events`). Details never hold personal data of
//! candidates: stage names, counts and filter names only.

use sqlx::PgExecutor;
use uuid::Uuid;

/// The actions the log knows; the table's check constraint holds the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    Logout,
    CandidateViewed,
    CvDownloaded,
    CandidatesExported,
    CandidateExported,
    CandidateErased,
    StageChanged,
    OwnerChanged,
    NoteAdded,
    EmailResent,
    RetentionPurge,
}

impl AuditAction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login_succeeded",
            AuditAction::LoginFailed => "login_failed",
            AuditAction::Logout => "logout",
            AuditAction::CandidateViewed => "candidate_viewed",
            AuditAction::CvDownloaded => "cv_downloaded",
            AuditAction::CandidatesExported => "candidates_exported",
            AuditAction::CandidateExported => "candidate_exported",
            AuditAction::CandidateErased => "candidate_erased",
            AuditAction::StageChanged => "stage_changed",
            AuditAction::OwnerChanged => "owner_changed",
            AuditAction::NoteAdded => "note_added",
            AuditAction::EmailResent => "email_resent",
            AuditAction::RetentionPurge => "retention_purge",
        }
    }
}

pub(crate) async fn record<'e>(
    executor: impl PgExecutor<'e>,
    recruiter_id: Option<Uuid>,
    action: AuditAction,
    candidate_id: Option<Uuid>,
    details: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into audit_events (id, recruiter_id, action, candidate_id, details)
           values ($1, $2, $3, $4, $5)"#,
        Uuid::now_v7(),
        recruiter_id,
        action.as_str(),
        candidate_id,
        details,
    )
    .execute(executor)
    .await?;
    Ok(())
}
