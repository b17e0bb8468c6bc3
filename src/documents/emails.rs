//! The recruiters' e-mail about a document a candidate uploaded (text + HTML templates). It names
//! the application's reference and the document type, never the candidate or the file.

use askama::Template;

use crate::email::Email;

pub(crate) struct UploadedEmail<'a> {
    pub(crate) recipient: &'a str,
    pub(crate) reference: &'a str,
    pub(crate) type_name: &'a str,
    pub(crate) candidate_url: &'a str,
}

#[derive(Template)]
#[template(path = "email/document_uploaded.txt")]
struct UploadedText<'a> {
    email: &'a UploadedEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/document_uploaded.html")]
struct UploadedHtml<'a> {
    email: &'a UploadedEmail<'a>,
}

impl UploadedEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.recipient.to_owned(),
            reply_to: None,
            subject: "A candidate uploaded a document".to_owned(),
            body_text: UploadedText { email: self }.render()?,
            body_html: UploadedHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}
