//! The message templates: one askama file per template under `templates/messages/`, rendered
//! with `MergeFields` (askama checks every field a file names when the crate compiles, so a
//! template cannot ask for a field that does not exist). The result only prefills the form: the
//! recruiter edits it, and what they send is their text.
//!
//! Subjects name nothing personal (they travel through every mail log on the way).

use askama::Template;

crate::domain::choices::choice!(
    /// The templates a recruiter can start from.
    MessageTemplate {
        MissingDocument => "missing_document", "Missing document";
        InterviewInvitation => "interview_invitation", "Interview invitation";
        NotEligibleYet => "not_eligible_yet", "Not eligible yet: what to do";
        General => "general", "General message";
    }
);

/// What a template may use.
pub(crate) struct MergeFields<'a> {
    /// The candidate's given name, as their latest application has it.
    pub(crate) given_name: &'a str,
    /// The latest application's reference ("LM-7KQ2M9XD").
    pub(crate) reference: &'a str,
    /// The sending recruiter's display name.
    pub(crate) recruiter_name: &'a str,
    /// `PUBLIC_URL`'s origin, for the link to My application.
    pub(crate) site: &'a str,
    /// What the candidate still needs, in plain words (the triage's list; may be empty).
    pub(crate) what_to_do: Vec<String>,
}

/// A template's text for one candidate: the form's starting point.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Draft {
    pub(crate) subject: String,
    pub(crate) body: String,
}

#[derive(Template)]
#[template(path = "messages/missing_document.txt")]
struct MissingDocument<'a> {
    m: &'a MergeFields<'a>,
}

#[derive(Template)]
#[template(path = "messages/interview_invitation.txt")]
struct InterviewInvitation<'a> {
    m: &'a MergeFields<'a>,
}

#[derive(Template)]
#[template(path = "messages/not_eligible_yet.txt")]
struct NotEligibleYet<'a> {
    m: &'a MergeFields<'a>,
}

#[derive(Template)]
#[template(path = "messages/general.txt")]
struct General<'a> {
    m: &'a MergeFields<'a>,
}

impl MessageTemplate {
    pub(crate) fn draft(self, m: &MergeFields<'_>) -> Result<Draft, askama::Error> {
        let (subject, body) = match self {
            MessageTemplate::MissingDocument => (
                "A document we still need for your application",
                MissingDocument { m }.render()?,
            ),
            MessageTemplate::InterviewInvitation => (
                "Invitation to an interview with LabMinds Staffing",
                InterviewInvitation { m }.render()?,
            ),
            MessageTemplate::NotEligibleYet => (
                "Your application: what to do next",
                NotEligibleYet { m }.render()?,
            ),
            MessageTemplate::General => (
                "About your application to LabMinds Staffing",
                General { m }.render()?,
            ),
        };
        Ok(Draft {
            subject: subject.to_owned(),
            body: body.trim().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(what_to_do: Vec<String>) -> MergeFields<'static> {
        MergeFields {
            given_name: "Ana <b>",
            reference: "LM-7KQ2M9XD",
            recruiter_name: "Maria",
            site: "https://labmindsstaffing.com",
            what_to_do,
        }
    }

    #[test]
    fn every_template_greets_the_candidate_and_names_the_reference_and_the_sender() {
        for &template in MessageTemplate::ALL {
            let draft = template.draft(&fields(vec![])).unwrap();
            // Plain text: nothing is escaped here; the page and the HTML e-mail escape it.
            assert!(
                draft.body.starts_with("Dear Ana <b>,"),
                "{template:?}: {}",
                draft.body
            );
            assert!(draft.body.contains("LM-7KQ2M9XD"), "{template:?}");
            assert!(draft.body.trim_end().ends_with("Maria"), "{template:?}");
            assert!(!draft.subject.contains("Ana"), "subjects are not personal");
        }
    }

    #[test]
    fn not_eligible_yet_lists_what_to_do() {
        let m = fields(vec!["Take the IELTS Academic".to_owned()]);
        let draft = MessageTemplate::NotEligibleYet.draft(&m).unwrap();
        assert!(
            draft.body.contains("- Take the IELTS Academic"),
            "{}",
            draft.body
        );
        // Without a list, a placeholder the recruiter replaces.
        let draft = MessageTemplate::NotEligibleYet
            .draft(&fields(vec![]))
            .unwrap();
        assert!(
            draft.body.contains("- [what the candidate should do next]"),
            "{}",
            draft.body
        );
    }
}
