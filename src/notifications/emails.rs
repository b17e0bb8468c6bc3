//! The recruiters' notification e-mails, rendered from askama templates (text + HTML). Subjects
//! hold nothing personal; bodies name cases by reference and link to the dashboard, where a
//! signed-in recruiter sees the rest.

use askama::Template;

use crate::email::Email;

/// To the new owner of a case, when someone else assigned it to them.
pub(crate) struct AssignedEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) owner_name: &'a str,
    pub(crate) assigned_by: &'a str,
    pub(crate) reference: &'a str,
    pub(crate) candidate_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/case_assigned.txt")]
struct AssignedText<'a> {
    email: &'a AssignedEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/case_assigned.html")]
struct AssignedHtml<'a> {
    email: &'a AssignedEmail<'a>,
}

impl AssignedEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: None,
            subject: "A case was assigned to you".to_owned(),
            body_text: AssignedText { email: self }.render()?,
            body_html: AssignedHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// One line of a digest section: a case (by reference), what about it, and its page.
pub(crate) struct DigestItem {
    pub(crate) reference: String,
    pub(crate) text: String,
    pub(crate) url: String,
}

/// A titled list in the digest. A section with no items is left out of the e-mail.
pub(crate) struct DigestSection {
    pub(crate) title: &'static str,
    pub(crate) items: Vec<DigestItem>,
    /// The section was cut at its limit: "and more on the dashboard".
    pub(crate) more: bool,
}

/// A recruiter's daily digest for one local date.
pub(crate) struct DigestEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) name: &'a str,
    /// The recruiter's local date, "2026-12-05".
    pub(crate) date: String,
    /// Only the sections that have items.
    pub(crate) sections: Vec<DigestSection>,
    pub(crate) dashboard_url: String,
    pub(crate) settings_url: String,
}

#[derive(Template)]
#[template(path = "email/recruiter_digest.txt")]
struct DigestText<'a> {
    email: &'a DigestEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/recruiter_digest.html")]
struct DigestHtml<'a> {
    email: &'a DigestEmail<'a>,
}

impl DigestEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: None,
            subject: format!("Your LabMinds digest for {}", self.date),
            body_text: DigestText { email: self }.render()?,
            body_html: DigestHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}
