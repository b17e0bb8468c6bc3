//! The two e-mails an application produces, rendered from askama templates (text + HTML) when the
//! application is saved and queued in the outbox as they are: the recruiters' alert and the
//! candidate's acknowledgement. Subjects carry the reference only, never personal data.

use askama::Template;

use crate::domain::{ApplicationReference, NewApplication, countries};
use crate::email::Email;
use crate::guide::facts::facts;
use crate::triage::{self, ApplicationAnswers, Signals, Triage};

/// Everything the recruiters' alert shows. Sent to the support inbox, with Reply-To set to the
/// candidate so a recruiter's reply reaches them.
pub struct SupportAlertEmail<'a> {
    pub(crate) candidate_email: &'a str,
    pub(crate) reference: &'a str,
    /// The reference of the candidate's latest earlier application, when this is a returning one.
    pub(crate) earlier_reference: Option<&'a str>,
    pub(crate) admin_url: String,
    /// (question, answer) in the order of the form.
    pub(crate) answers: Vec<(&'static str, String)>,
    /// "cv.pdf (PDF, 120 KB)" when a CV came with the application.
    pub(crate) cv_note: Option<String>,
    /// The advisor's reading of the answers; `None` only if they no longer parse as the
    /// advisor's (the alert then shows the answers alone).
    pub(crate) triage: Option<Triage>,
}

#[derive(Template)]
#[template(path = "email/support_alert.txt")]
struct SupportAlertText<'a> {
    email: &'a SupportAlertEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/support_alert.html")]
struct SupportAlertHtml<'a> {
    email: &'a SupportAlertEmail<'a>,
}

impl<'a> SupportAlertEmail<'a> {
    pub fn new(
        application: &'a NewApplication,
        reference: &'a ApplicationReference,
        earlier_reference: Option<&'a str>,
        duplicate_of: Option<&'a str>,
        admin_url: String,
    ) -> Self {
        let cv_note = application.cv.as_ref().map(|cv| {
            format!(
                "{} ({}, {} KB)",
                cv.stored_name(reference),
                cv.kind().as_str().to_uppercase(),
                cv.size().div_ceil(1024)
            )
        });
        let signals = Signals {
            earlier_reference,
            duplicate_of,
        };
        Self {
            candidate_email: application.email.as_str(),
            reference: reference.as_str(),
            earlier_reference,
            admin_url,
            answers: answers(application),
            cv_note,
            triage: triage_of(application, signals),
        }
    }

    pub fn render(&self, support_inbox: &str) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: support_inbox.to_owned(),
            reply_to: Some(self.candidate_email.to_owned()),
            subject: format!("New application {}", self.reference),
            body_text: SupportAlertText { email: self }.render()?,
            body_html: SupportAlertHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

fn triage_of(a: &NewApplication, signals: Signals<'_>) -> Option<Triage> {
    let citizenships: Vec<String> = a.citizenships.iter().map(|c| c.code.to_owned()).collect();
    let states: Vec<String> = a.target_states.iter().map(|s| s.code.to_owned()).collect();
    let experience = a.experience.display();
    let stored = ApplicationAnswers {
        country_of_education: a.country_of_education.code,
        qualification: a.qualification.as_str(),
        experience_years: &experience,
        us_certification: a.us_certification.as_str(),
        us_certification_status: a.certification_status.as_str(),
        english_test: a.english_test.as_str(),
        citizenships: &citizenships,
        target_states: &states,
        open_to_any_state: a.open_to_any_state,
        country_of_residence: a.country_of_residence.code,
        work_authorisation: a.work_authorisation.as_str(),
    };
    let answers = stored.to_answers().ok()?;
    Some(triage::triage(&answers, signals, facts()))
}

fn answers(a: &NewApplication) -> Vec<(&'static str, String)> {
    let or_none = |value: Option<&str>| value.unwrap_or("(not given)").to_owned();
    let names = |list: &[&'static countries::Country]| {
        list.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
    };
    let mut states: Vec<&str> = a.target_states.iter().map(|s| s.name).collect();
    if a.open_to_any_state {
        states.insert(0, "Open to any state");
    }
    let utm = a
        .utm
        .pairs()
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let yes_no = |b: bool| if b { "Yes" } else { "No" }.to_owned();
    vec![
        ("Given name", a.given_name.as_str().to_owned()),
        (
            "Family name",
            or_none(a.family_name.as_ref().map(|n| n.as_str())),
        ),
        ("E-mail", a.email.as_str().to_owned()),
        ("Phone", a.phone.e164().to_owned()),
        (
            "Country of residence",
            a.country_of_residence.name.to_owned(),
        ),
        ("Citizenship", names(&a.citizenships)),
        (
            "Country of education",
            a.country_of_education.name.to_owned(),
        ),
        ("Qualification", a.qualification.label().to_owned()),
        ("Graduation year", a.graduation_year.value().to_string()),
        ("Years of clinical lab experience", a.experience.display()),
        ("US certification", a.us_certification.label().to_owned()),
        (
            "Certification status",
            a.certification_status.label().to_owned(),
        ),
        ("English test", a.english_test.label().to_owned()),
        ("Target states", states.join(", ")),
        (
            "US work authorisation",
            a.work_authorisation.label().to_owned(),
        ),
        ("Available", a.availability.label().to_owned()),
        ("Heard about us", or_none(a.heard_about.map(|h| h.label()))),
        (
            "Heard about us (details)",
            or_none(a.heard_about_detail.as_ref().map(|d| d.as_str())),
        ),
        (
            "Campaign",
            if utm.is_empty() {
                "(none)".to_owned()
            } else {
                utm
            },
        ),
        ("Keep data for future roles", yes_no(a.keep_data)),
        ("Message", or_none(a.message.as_ref().map(|m| m.as_str()))),
    ]
}

/// The candidate's acknowledgement: the reference, what happens next, where to read meanwhile.
/// Reply-To is the support inbox, so a reply reaches a recruiter.
pub(crate) struct CandidateAckEmail<'a> {
    pub(crate) candidate_email: &'a str,
    pub(crate) given_name: &'a str,
    pub(crate) reference: &'a str,
    /// `PUBLIC_URL` without a trailing slash, for links.
    pub(crate) site: &'a str,
    /// A sign-in link to "My application", valid 72 hours, once; `None` when the address typed
    /// is not the person's current one (the e-mail then says to ask for a link instead).
    pub(crate) portal_link: Option<&'a str>,
    pub(crate) support_inbox: &'a str,
}

#[derive(Template)]
#[template(path = "email/candidate_ack.txt")]
struct CandidateAckText<'a> {
    email: &'a CandidateAckEmail<'a>,
}

#[derive(Template)]
#[template(path = "email/candidate_ack.html")]
struct CandidateAckHtml<'a> {
    email: &'a CandidateAckEmail<'a>,
}

impl CandidateAckEmail<'_> {
    pub(crate) fn render(&self) -> Result<Email, askama::Error> {
        Ok(Email {
            recipient: self.candidate_email.to_owned(),
            reply_to: Some(self.support_inbox.to_owned()),
            subject: format!("We have received your application {}", self.reference),
            body_text: CandidateAckText { email: self }.render()?,
            body_html: CandidateAckHtml { email: self }.render()?,
            unsubscribe_url: None,
        })
    }
}
