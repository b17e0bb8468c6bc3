//! The team's e-mails, rendered from templates (text and HTML) when they are queued: an
//! invitation, its "you already have an account" twin, a reset link and its "no account" twin.
//! Subjects say what the message is, never who.

use askama::Template;

use crate::db::outbox::MessageKind;
use crate::email::Email;

/// What every team e-mail can show: who invited, as what, and the one link.
pub(crate) struct TeamMail {
    pub(crate) inviter: String,
    pub(crate) role: &'static str,
    pub(crate) link: String,
}

macro_rules! mail_pair {
    ($text:ident, $html:ident, $text_path:literal, $html_path:literal) => {
        #[derive(Template)]
        #[template(path = $text_path)]
        struct $text<'a> {
            m: &'a TeamMail,
        }
        #[derive(Template)]
        #[template(path = $html_path)]
        struct $html<'a> {
            m: &'a TeamMail,
        }
    };
}

mail_pair!(
    InvitationText,
    InvitationHtml,
    "email/team/invitation.txt",
    "email/team/invitation.html"
);
mail_pair!(
    AlreadyMemberText,
    AlreadyMemberHtml,
    "email/team/already_member.txt",
    "email/team/already_member.html"
);
mail_pair!(
    ResetText,
    ResetHtml,
    "email/team/password_reset.txt",
    "email/team/password_reset.html"
);
mail_pair!(
    ResetUnknownText,
    ResetUnknownHtml,
    "email/team/password_reset_unknown.txt",
    "email/team/password_reset_unknown.html"
);

impl TeamMail {
    /// The e-mail of `kind` (one of the four team kinds) to `recipient`.
    pub(crate) fn render(
        &self,
        kind: MessageKind,
        recipient: &str,
    ) -> Result<Email, askama::Error> {
        let m = self;
        let (subject, text, html) = match kind {
            MessageKind::RecruiterInvitation => (
                "Your invitation to the LabMinds Staffing team",
                InvitationText { m }.render()?,
                InvitationHtml { m }.render()?,
            ),
            MessageKind::RecruiterAlreadyMember => (
                "You already have a LabMinds Staffing account",
                AlreadyMemberText { m }.render()?,
                AlreadyMemberHtml { m }.render()?,
            ),
            MessageKind::PasswordReset => (
                "Reset your LabMinds Staffing password",
                ResetText { m }.render()?,
                ResetHtml { m }.render()?,
            ),
            _ => (
                "Password reset request",
                ResetUnknownText { m }.render()?,
                ResetUnknownHtml { m }.render()?,
            ),
        };
        Ok(Email {
            recipient: recipient.to_owned(),
            reply_to: None,
            subject: subject.to_owned(),
            body_text: text,
            body_html: html,
            unsubscribe_url: None,
        })
    }
}
