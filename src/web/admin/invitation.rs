//! `/admin/invitation/{token}`: the link an invitation e-mail carries. The GET only shows the form
//! (mail scanners that open links use nothing up); the POST checks the answers, uses the link and
//! makes the account in one transaction, then signs the new member in and leads them to set up
//! two-factor sign-in. An unknown, used and expired link get the same page.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::password::{NewPassword, PasswordError};
use crate::auth::session::SessionState;
use crate::crypto::token_digest;
use crate::db::links;
use crate::domain::FormErrors;
use crate::domain::team::{DisplayName, TimeZoneName};
use crate::team::links::{Acceptance, accept_invitation as accept};
use crate::web::AppState;
use crate::web::admin::login::start_session;
use crate::web::admin::{admin_meta, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::layout::PageMeta;

#[derive(Template)]
#[template(path = "admin/invitation.html")]
pub(crate) struct InvitationPage {
    pub(crate) meta: PageMeta,
    /// `None`: the link cannot be used (unknown, used, expired).
    pub(crate) email: Option<String>,
    pub(crate) action: String,
    pub(crate) form: InvitationForm,
    pub(crate) errors: FormErrors,
}

#[derive(Deserialize, Default)]
pub(crate) struct InvitationForm {
    #[serde(default)]
    pub(crate) display_name: String,
    #[serde(default)]
    pub(crate) time_zone: String,
    #[serde(default)]
    pub(crate) password: String,
}

pub(crate) fn password_message(error: &PasswordError) -> String {
    match error {
        PasswordError::TooShort => {
            "Choose a password of at least 12 characters (a few words work well).".to_owned()
        }
        PasswordError::TooLong => "Choose a password of at most 1024 characters.".to_owned(),
    }
}

fn page(
    token: &str,
    email: Option<String>,
    form: InvitationForm,
    errors: FormErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = InvitationPage {
        meta: admin_meta("/admin/invitation", "Join the LabMinds Staffing team"),
        email,
        action: format!("/admin/invitation/{token}"),
        form,
        errors,
    };
    render_admin_with_status(&page, status)
}

pub(crate) async fn show_invitation(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let invitation = links::open_invitation(&state.pool, &token_digest(&path)).await?;
    let Some(invitation) = invitation else {
        return page(
            &path,
            None,
            InvitationForm::default(),
            FormErrors::default(),
            StatusCode::GONE,
        );
    };
    let form = InvitationForm {
        time_zone: "UTC".to_owned(),
        ..InvitationForm::default()
    };
    page(
        &path,
        Some(invitation.email),
        form,
        FormErrors::default(),
        StatusCode::OK,
    )
}

pub(crate) async fn accept_invitation(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<InvitationForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let mut form = form.into_inner();
    let mut errors = FormErrors::default();
    let name = DisplayName::parse(&form.display_name)
        .map_err(|e| errors.add("display_name", capitalised(&e.to_string())));
    let zone = TimeZoneName::parse(&form.time_zone)
        .map_err(|e| errors.add("time_zone", capitalised(&e.to_string())));
    let password = NewPassword::parse(&form.password)
        .map_err(|e| errors.add("password", password_message(&e)));
    let (Ok(name), Ok(zone), Ok(password)) = (name, zone, password) else {
        form.password.clear();
        let invitation = links::open_invitation(&state.pool, &token_digest(&token)).await?;
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return page(&token, invitation.map(|i| i.email), form, errors, status);
    };
    let acceptance = Acceptance {
        display_name: &name,
        time_zone: &zone,
        password: &password,
    };
    let Some((id, role)) = accept(&state.pool, &token, &acceptance).await? else {
        let status = StatusCode::GONE;
        return page(
            &token,
            None,
            InvitationForm::default(),
            FormErrors::default(),
            status,
        );
    };
    if role.needs_second_factor(state.settings.require_2fa) {
        return start_session(&state, &request, id, SessionState::Enrol).await;
    }
    // Not required for this account, but offered straight away.
    let mut response = start_session(&state, &request, id, SessionState::Active).await?;
    response.headers_mut().insert(
        LOCATION,
        actix_web::http::header::HeaderValue::from_static("/admin/two-factor"),
    );
    Ok(response)
}

/// A domain error's message as a sentence.
pub(crate) fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars.next().map_or_else(String::new, |first| {
        format!("{}{}.", first.to_uppercase(), chars.as_str())
    })
}
