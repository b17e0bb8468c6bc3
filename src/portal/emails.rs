//! The sign-in e-mails of "My application", rendered from askama templates (text + HTML): the
//! link for an address with an application on file, and the note for one without (so every
//! request costs the same work and the page can answer the same). Subjects hold nothing personal.

use askama::Template;

use crate::email::Email;

/// The sign-in link. Reply-To is the support inbox, so a reply reaches a recruiter.
pub(crate) struct PortalLinkEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) link_url: &'a str,
    /// How long the link works, in minutes.
    pub(crate) minutes: u64,
    /// `PUBLIC_URL` without a trailing slash, for links.
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/portal_link.txt")]
struct PortalLinkText<'a> {
    email: &'a PortalLinkEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/portal_link.html")]
struct PortalLinkHtml<'a> {
    email: &'a PortalLinkEmail<'a>,
}

impl PortalLinkEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "Your link to My application".to_owned(),
            body_text: PortalLinkText { email: self }.render()?,
            body_html: PortalLinkHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// The answer to a request from an address with no application: it says so, and what to do.
pub(crate) struct NoApplicationEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/portal_no_application.txt")]
struct NoApplicationText<'a> {
    email: &'a NoApplicationEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/portal_no_application.html")]
struct NoApplicationHtml<'a> {
    email: &'a NoApplicationEmail<'a>,
}

impl NoApplicationEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "Your request for My application".to_owned(),
            body_text: NoApplicationText { email: self }.render()?,
            body_html: NoApplicationHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// The confirmation that everything about the person was erased at their request. Sent after
/// the erasure, so it is about nobody; it names no reference or detail of the case.
pub(crate) struct ErasedEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/portal_erased.txt")]
struct ErasedText<'a> {
    email: &'a ErasedEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/portal_erased.html")]
struct ErasedHtml<'a> {
    email: &'a ErasedEmail<'a>,
}

impl ErasedEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "We have deleted your data".to_owned(),
            body_text: ErasedText { email: self }.render()?,
            body_html: ErasedHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// To the case's owner, or the support inbox when nobody owns it: a candidate changed answers on
/// their page. It names the reference and the changed fields, never their values (the dashboard
/// shows those to a signed-in recruiter).
pub(crate) struct DetailsChangedEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) reference: &'a str,
    pub(crate) fields: Vec<&'static str>,
    pub(crate) candidate_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/profile_changed.txt")]
struct DetailsChangedText<'a> {
    email: &'a DetailsChangedEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/profile_changed.html")]
struct DetailsChangedHtml<'a> {
    email: &'a DetailsChangedEmail<'a>,
}

impl DetailsChangedEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: None,
            subject: "A candidate updated their details".to_owned(),
            body_text: DetailsChangedText { email: self }.render()?,
            body_html: DetailsChangedHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// To a new address a signed-in candidate asked for: the link that confirms it. It names no
/// reference or detail of the case (whoever reads it may not be the candidate yet).
pub(crate) struct EmailChangeEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) link_url: &'a str,
    pub(crate) minutes: u64,
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/portal_email_change.txt")]
struct EmailChangeText<'a> {
    email: &'a EmailChangeEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/portal_email_change.html")]
struct EmailChangeHtml<'a> {
    email: &'a EmailChangeEmail<'a>,
}

impl EmailChangeEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "Please confirm your new e-mail address".to_owned(),
            body_text: EmailChangeText { email: self }.render()?,
            body_html: EmailChangeHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// To the old address once a change is confirmed: if this was not you, contact us.
pub(crate) struct EmailChangedEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) site: &'a str,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/portal_email_changed.txt")]
struct EmailChangedText<'a> {
    email: &'a EmailChangedEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/portal_email_changed.html")]
struct EmailChangedHtml<'a> {
    email: &'a EmailChangedEmail<'a>,
}

impl EmailChangedEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: "Your e-mail address was changed".to_owned(),
            body_text: EmailChangedText { email: self }.render()?,
            body_html: EmailChangedHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}
