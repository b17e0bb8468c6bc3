//! `POST /apply`: read the body, check its origin and token, parse the answers, hand them to the
//! intake use case (`crate::intake`), and answer: a 303 to the confirmation once committed, the
//! form again (answers kept) when something is to fix or the database is away.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::body::{Posted, read};
use super::{IntakeFormPage, Notice, current_year, thanks_path, unix_now};
use crate::domain::{ApplicationReference, CvUpload, FormErrors, NewApplication};
use crate::intake::token::{FormToken, Refusal};
use crate::intake::{self, Submission, SubmitError};
use crate::telemetry::ErrorChain;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::origin::SentOrigin;
use crate::web::respond;

pub(crate) async fn submit_intake(
    request: HttpRequest,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    // A foreign origin is refused; a missing one leaves the decision to the signed token.
    if state.sent_origin(request.headers()) == SentOrigin::Foreign {
        return Err(AppError::Forbidden);
    }
    let Posted { form, cv } = read(&request, payload).await?;
    if !form.website.trim().is_empty() {
        // A bot filled the honeypot: it sees what a person would, and nothing is stored.
        let decoy = ApplicationReference::decoy(state.secret_key());
        return Ok(respond::see_other(&thanks_path(decoy.as_str())));
    }
    let cv_was_chosen = !matches!(cv, CvUpload::None);
    // The form again, everything typed kept (browsers cannot keep a chosen file: it says so).
    let again = |form, token: &FormToken, notice, errors, status| {
        let page = IntakeFormPage::new(&state, form, token);
        IntakeFormPage {
            notice,
            errors,
            cv_was_chosen,
            ..page
        }
        .respond(status)
    };
    let (key, min_fill) = (state.secret_key(), state.settings.intake.min_fill_seconds);
    let token = match FormToken::judge(&form.form_token, key, unix_now(), min_fill) {
        Ok(token) => token,
        Err((refusal, fresh)) => {
            return again(
                form,
                &fresh,
                Some(refusal.into()),
                FormErrors::default(),
                UNPROCESSABLE,
            );
        }
    };
    let application = match NewApplication::parse(&form, cv, current_year()) {
        Ok(application) => application,
        Err(errors) => return again(form, &token, None, errors, UNPROCESSABLE),
    };
    let client_ip = state.client_ip(&request);
    let submission = Submission {
        form: &form,
        application: &application,
        submission_id: token.submission_id,
        client_ip: &client_ip,
    };
    match intake::submit(&state.pool, &state.settings, &submission).await {
        Ok(reference) => Ok(respond::see_other(&thanks_path(&reference))),
        // The form again with every answer, as for a 422: a shared connection (carrier NAT) can
        // reach the limit without anyone doing wrong.
        Err(SubmitError::RateLimited(wait)) => Ok(respond::with_retry_after(
            again(
                form,
                &token,
                Some(Notice::TooMany(wait)),
                FormErrors::default(),
                StatusCode::TOO_MANY_REQUESTS,
            )?,
            wait,
        )),
        Err(SubmitError::Unexpected(error)) => Err(AppError::unexpected(error)),
        Err(SubmitError::Unavailable(error)) => {
            tracing::warn!(error = ?ErrorChain(&error), "database unavailable, application not saved");
            let unavailable = StatusCode::SERVICE_UNAVAILABLE;
            again(
                form,
                &token,
                Some(Notice::Unavailable),
                FormErrors::default(),
                unavailable,
            )
        }
    }
}

const UNPROCESSABLE: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

impl From<Refusal> for Notice {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::TooFast => Notice::TooFast,
            Refusal::Expired => Notice::Expired,
        }
    }
}
