//! `/admin/candidates/{id}/message`: write a message to the candidate from a template. The GET
//! shows the template picker (a plain GET form, no script) and the message form prefilled from
//! the chosen template; the POST sends what was typed (`messages::send`) and answers 303 to the
//! candidate's timeline, or 422 with the messages beside the fields and the text kept.
//!
//! Each rendering carries a new one-time token (`messages::MessageToken`): a second post of the
//! same form with the same text (a double click) gets the same 303 and sends nothing; with
//! another text (back, edited, "send" again) it sends nothing either, and gets the form back
//! (422) with what was typed, a notice and a new token, so the edit is not dropped silently. A
//! post without a token of this candidate's form gets the form back the same way.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::db::{applications, candidates};
use crate::domain::FormErrors;
use crate::messages::{self, Checked, Draft, MessageTemplate, MessageToken, Sent};
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::admin::{AdminChrome, render_admin, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::respond::see_other;

#[derive(Template)]
#[template(path = "admin/message.html")]
pub(crate) struct MessagePage {
    pub(crate) chrome: AdminChrome,
    pub(crate) candidate_id: Uuid,
    pub(crate) name: String,
    /// Where the message goes: the latest application's address.
    pub(crate) recipient: String,
    pub(crate) template: MessageTemplate,
    pub(crate) templates: &'static [(&'static str, &'static str)],
    pub(crate) draft: Draft,
    pub(crate) errors: FormErrors,
    /// The hidden one-time token (`MessageToken::encode`).
    pub(crate) form_token: String,
    /// Why a post came back without field errors (its token was not this form's, or its form had
    /// sent another text).
    pub(crate) notice: Option<&'static str>,
}

wears_chrome!(MessagePage);

#[derive(Deserialize)]
pub(crate) struct TemplateQuery {
    #[serde(default)]
    pub(crate) template: String,
}

#[derive(Deserialize)]
pub(crate) struct MessageForm {
    #[serde(default)]
    pub(crate) template: String,
    #[serde(default)]
    pub(crate) subject: String,
    #[serde(default)]
    pub(crate) body: String,
    #[serde(default)]
    pub(crate) form_token: String,
}

/// The notice of a post whose one-time token is missing or not this form's.
const NOT_THIS_FORM: &str = "This message was not sent: the form was not the one shown for this \
    candidate (or had lost its hidden token). Check the text below and send it again.";

/// The notice of a post of a form that had already sent another text.
const ALREADY_SENT: &str = "A message was already sent from this form. Nothing was sent now: \
    check the text and press Send to send it as a new message.";

pub(crate) async fn show_message_form(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    query: web::Query<TemplateQuery>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    // An unknown or missing choice starts from the general template.
    let template = MessageTemplate::parse(&query.template).unwrap_or(MessageTemplate::General);
    let what_to_do = match template {
        MessageTemplate::NotEligibleYet => what_to_do(&state, id).await?,
        _ => Vec::new(),
    };
    let draft = messages::prefill(
        &state.pool,
        &state.settings,
        id,
        session.recruiter_id,
        template,
        what_to_do,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let form = Shown::fresh(draft);
    let page = message_page(&state, &session, id, template, form).await?;
    render_admin(&page)
}

pub(crate) async fn send_message(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<MessageForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let form = form.into_inner();
    let template = MessageTemplate::parse(&form.template).unwrap_or(MessageTemplate::General);
    let token = MessageToken::verify(&form.form_token, state.secret_key(), id);
    let checked = Checked::parse(&form.template, &form.subject, &form.body);
    let typed = Draft {
        subject: form.subject,
        body: form.body,
    };
    let (token, checked) = match (token, checked) {
        (Some(token), Ok(checked)) => (token, checked),
        (token, checked) => {
            let again = Shown {
                token: token.unwrap_or_else(MessageToken::issue),
                notice: token.is_none().then_some(NOT_THIS_FORM),
                errors: checked.err().unwrap_or_default(),
                draft: typed,
            };
            let page = message_page(&state, &session, id, template, again).await?;
            return render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let sent = messages::send(
        &state.pool,
        &state.settings,
        id,
        session.recruiter_id,
        &checked,
        token,
    )
    .await?;
    match sent {
        // A repeat of the form answers as its first post did.
        Sent::Queued | Sent::Repeated => Ok(see_other(&format!(
            "/admin/candidates/{id}?done=message#timeline"
        ))),
        // Sending it is the recruiter's choice, with a new form: a new token.
        Sent::Edited => {
            let again = Shown {
                notice: Some(ALREADY_SENT),
                ..Shown::fresh(typed)
            };
            let page = message_page(&state, &session, id, template, again).await?;
            render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Sent::NoCandidate => Err(AppError::NotFound),
    }
}

/// What the form shows: the text, its token, and why it came back.
struct Shown {
    draft: Draft,
    token: MessageToken,
    errors: FormErrors,
    notice: Option<&'static str>,
}

impl Shown {
    /// A newly rendered form: a new token, nothing refused.
    fn fresh(draft: Draft) -> Self {
        Shown {
            draft,
            token: MessageToken::issue(),
            errors: FormErrors::default(),
            notice: None,
        }
    }
}

async fn message_page(
    state: &AppState,
    session: &RecruiterSession,
    id: Uuid,
    template: MessageTemplate,
    form: Shown,
) -> Result<MessagePage, AppError> {
    let mut conn = state.pool.acquire().await?;
    let contact = candidates::latest_contact(&mut conn, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let path = format!("/admin/candidates/{id}/message");
    Ok(MessagePage {
        chrome: AdminChrome::new(session, &path, "Message to the candidate"),
        candidate_id: id,
        name: chrome_name(&contact),
        recipient: contact.email,
        template,
        templates: MessageTemplate::OPTIONS,
        draft: form.draft,
        errors: form.errors,
        form_token: form.token.encode(state.secret_key(), id),
        notice: form.notice,
    })
}

fn chrome_name(contact: &candidates::LatestContact) -> String {
    crate::web::admin::labels::Labels.name(&contact.given_name, &contact.family_name)
}

/// What the triage of the latest application says the candidate still needs.
async fn what_to_do(state: &AppState, id: Uuid) -> Result<Vec<String>, AppError> {
    let applications = applications::of_candidate(&state.pool, id).await?;
    let Some(latest) = applications.first() else {
        return Ok(Vec::new());
    };
    let mut conn = state.pool.acquire().await?;
    let triage = crate::triage::stored::of_application(&mut conn, id, latest).await?;
    Ok(triage.map(|t| t.missing).unwrap_or_default())
}
