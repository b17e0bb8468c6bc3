//! `/admin/account`: a recruiter's own account: name, public phone (E.164, shown to their
//! candidates), time zone, password change, two-factor status, and their active sessions (device,
//! last seen in their time zone), each of which they can end; and the daily digest's settings.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::auth::session::RecruiterSession;
use crate::db::audit::{self, AuditAction};
use crate::db::recruiters::{self, Profile};
use crate::db::sessions::{self, SessionRow};
use crate::domain::FormErrors;
use crate::domain::phone::PhoneNumber;
use crate::domain::team::{DisplayName, TimeZoneName, local_time};
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::admin::invitation::capitalised;
use crate::web::admin::{AdminChrome, render_admin, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::respond::see_other;

const PATH: &str = "/admin/account";

#[derive(Template)]
#[template(path = "admin/account.html")]
pub(crate) struct AccountPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) profile: Profile,
    /// What the profile form shows: the stored values, or what was typed when it was refused.
    pub(crate) form: ProfileForm,
    pub(crate) sessions: Vec<SessionRow>,
    pub(crate) current_session: uuid::Uuid,
    pub(crate) time_zone: String,
    pub(crate) notice: Option<&'static str>,
    pub(crate) errors: FormErrors,
}

wears_chrome!(AccountPage);

impl AccountPage {
    /// The digest's hours to choose from (local, 0 to 23).
    pub(crate) fn hours(&self) -> Vec<i16> {
        (0..24).collect()
    }

    pub(crate) fn local(&self, at: &time::OffsetDateTime) -> String {
        local_time(*at, &self.time_zone)
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ProfileForm {
    #[serde(default)]
    pub(crate) display_name: String,
    #[serde(default)]
    pub(crate) public_phone: String,
    #[serde(default)]
    pub(crate) time_zone: String,
}

#[derive(Deserialize)]
pub(crate) struct AccountQuery {
    #[serde(default)]
    pub(crate) done: String,
}

/// The page, with the profile form as stored unless `typed` says otherwise.
pub(crate) async fn account_page(
    state: &AppState,
    session: &RecruiterSession,
    typed: Option<ProfileForm>,
    errors: FormErrors,
) -> Result<AccountPage, AppError> {
    let profile = recruiters::profile(&state.pool, session.recruiter_id)
        .await?
        .ok_or(AppError::Forbidden)?;
    let form = typed.unwrap_or_else(|| ProfileForm {
        display_name: profile.display_name.clone(),
        public_phone: profile.public_phone.clone().unwrap_or_default(),
        time_zone: profile.time_zone.clone(),
    });
    Ok(AccountPage {
        chrome: AdminChrome::new(session, PATH, "Your account"),
        time_zone: profile.time_zone.clone(),
        profile,
        form,
        sessions: sessions::list_active(&state.pool, session.recruiter_id).await?,
        current_session: session.session_id,
        notice: None,
        errors,
    })
}

pub(crate) async fn show_account(
    state: web::Data<AppState>,
    session: RecruiterSession,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    let mut page = account_page(&state, &session, None, FormErrors::default()).await?;
    page.notice = match query.done.as_str() {
        "profile" => Some("Your details are saved."),
        "password" => Some("Your password is changed; your other sessions have ended."),
        "session" => Some("The session has ended."),
        "digest" => Some("Your digest settings are saved."),
        _ => None,
    };
    render_admin(&page)
}

pub(crate) async fn update_profile(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let mut errors = FormErrors::default();
    let name = DisplayName::parse(&form.display_name)
        .map_err(|e| errors.add("display_name", capitalised(&e.to_string())));
    let phone = match form.public_phone.trim() {
        "" => Ok(None),
        raw => PhoneNumber::parse("", raw).map(Some).map_err(|_| {
            errors.add(
                "public_phone",
                "Enter the number in international form with + and the country code, e.g. +63 917 123 4567.",
            )
        }),
    };
    let zone = TimeZoneName::parse(&form.time_zone)
        .map_err(|e| errors.add("time_zone", capitalised(&e.to_string())));
    let (Ok(name), Ok(phone), Ok(zone)) = (name, phone, zone) else {
        let page = account_page(&state, &session, Some(form), errors).await?;
        return render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let mut tx = state.pool.begin().await?;
    let phone = phone.as_ref().map(|p| p.e164());
    recruiters::update_profile(
        &mut *tx,
        session.recruiter_id,
        name.as_str(),
        phone,
        zone.as_str(),
    )
    .await?;
    let me = Some(session.recruiter_id);
    let nothing = serde_json::json!({});
    audit::record(&mut *tx, me, AuditAction::ProfileChanged, None, nothing).await?;
    tx.commit().await?;
    Ok(see_other("/admin/account?done=profile"))
}

#[derive(Deserialize)]
pub(crate) struct DigestForm {
    /// "on" when the box is ticked; absent when not.
    #[serde(default)]
    pub(crate) digest_enabled: String,
    #[serde(default)]
    pub(crate) digest_hour: String,
}

/// The daily digest's settings (issue 15): on or off, and its hour in the account's time zone.
pub(crate) async fn update_digest(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Form<DigestForm>,
) -> Result<HttpResponse, AppError> {
    let Some(hour) = form
        .digest_hour
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|h| (0..24).contains(h))
    else {
        let mut errors = FormErrors::default();
        errors.add("digest_hour", "Choose an hour from 00:00 to 23:00.");
        let page = account_page(&state, &session, None, errors).await?;
        return render_admin_with_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let enabled = form.digest_enabled == "on";
    let mut tx = state.pool.begin().await?;
    recruiters::update_digest(&mut *tx, session.recruiter_id, enabled, hour).await?;
    let details = serde_json::json!({ "enabled": enabled, "hour": hour });
    let me = Some(session.recruiter_id);
    audit::record(
        &mut *tx,
        me,
        AuditAction::DigestSettingsChanged,
        None,
        details,
    )
    .await?;
    tx.commit().await?;
    Ok(see_other("/admin/account?done=digest"))
}

pub(crate) async fn end_session(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut tx = state.pool.begin().await?;
    if !sessions::end_own(&mut tx, session.recruiter_id, id).await? {
        return Err(AppError::NotFound);
    }
    let me = Some(session.recruiter_id);
    let nothing = serde_json::json!({});
    audit::record(&mut *tx, me, AuditAction::SessionEnded, None, nothing).await?;
    tx.commit().await?;
    if id == session.session_id {
        return Ok(see_other(crate::web::admin::LOGIN_PATH));
    }
    Ok(see_other("/admin/account?done=session"))
}
