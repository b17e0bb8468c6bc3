//! The audit log of recruiter and candidate actions (`audit_events`; a candidate's own actions
//! have no recruiter). Details never hold personal data of
//! candidates: stage names, counts and filter names only.

use sqlx::PgExecutor;
use uuid::Uuid;

crate::domain::choices::stored_list!(
    /// The actions the log knows; the table's check constraint holds the same list.
    AuditAction {
        LoginSucceeded => "login_succeeded",
        LoginFailed => "login_failed",
        Logout => "logout",
        CandidateViewed => "candidate_viewed",
        CvDownloaded => "cv_downloaded",
        CandidatesExported => "candidates_exported",
        CandidateExported => "candidate_exported",
        CandidateErased => "candidate_erased",
        StageChanged => "stage_changed",
        OwnerChanged => "owner_changed",
        NoteAdded => "note_added",
        EmailResent => "email_resent",
        RetentionPurge => "retention_purge",
        RecruiterInvited => "recruiter_invited",
        InvitationAccepted => "invitation_accepted",
        RoleChanged => "role_changed",
        RecruiterDisabled => "recruiter_disabled",
        TwoFactorEnrolled => "two_factor_enrolled",
        RecoveryCodeUsed => "recovery_code_used",
        PasswordResetRequested => "password_reset_requested",
        PasswordReset => "password_reset",
        PasswordChanged => "password_changed",
        SessionEnded => "session_ended",
        ProfileChanged => "profile_changed",
        /// A candidate asked for a sign-in link (the candidate's id only when the address is on
        /// file); the candidate actions below have no recruiter.
        PortalLinkRequested => "portal_link_requested",
        PortalSignedIn => "portal_signed_in",
        PortalSignedOut => "portal_signed_out",
        /// A candidate made (or replaced) their calendar feed, or stopped it (never the token).
        PortalCalendarFeedMade => "portal_calendar_feed_made",
        PortalCalendarFeedStopped => "portal_calendar_feed_stopped",
        PortalViewed => "portal_viewed",
        /// The candidate downloaded or printed everything held about them.
        PortalExported => "portal_exported",
        /// A privacy request from "My application" (the kind only), and a recruiter answering it.
        PrivacyRequestMade => "privacy_request_made",
        PrivacyRequestAnswered => "privacy_request_answered",
        /// A consent given or withdrawn by the candidate (the purpose and channel only).
        ConsentGiven => "consent_given",
        ConsentWithdrawn => "consent_withdrawn",
        NextActionSet => "next_action_set",
        NextActionDone => "next_action_done",
        /// A recruiter set or cleared the step shown to the candidate on My application.
        NextStepSet => "next_step_set",
        NextStepCleared => "next_step_cleared",
        /// The candidate changed answers on My application (the changed field names only).
        PortalDetailsChanged => "portal_details_changed",
        /// A change of e-mail address: asked for (a link to the new address), confirmed, or
        /// refused on confirmation (the address is another candidate's). Never the addresses.
        PortalEmailChangeRequested => "portal_email_change_requested",
        PortalEmailChanged => "portal_email_changed",
        PortalEmailChangeRefused => "portal_email_change_refused",
        /// A document uploaded, verified or downloaded (the type and who, never the file name).
        DocumentUploaded => "document_uploaded",
        DocumentVerified => "document_verified",
        DocumentDownloaded => "document_downloaded",
        /// A recruiter added a document type to a checklist, or waived one (the type only).
        ChecklistItemAdded => "checklist_item_added",
        ChecklistItemWaived => "checklist_item_waived",
        /// A recruiter sent a candidate a message (the template and outbox row only).
        CandidateMessageSent => "candidate_message_sent",
        /// A recruiter changed their daily digest's settings (on/off, hour).
        DigestSettingsChanged => "digest_settings_changed",
    }
);

pub async fn record<'e>(
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
