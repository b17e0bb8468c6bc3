//! `/admin/team` (admins only; the guard checks the role): the accounts with their role, state,
//! second factor and last sign-in, the invitation form, role changes and disabling. Disabling ends
//! every session of the account in the same transaction; the last active admin can be neither
//! demoted nor disabled.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::session::RecruiterSession;
use crate::auth::throttle::normalise_email;
use crate::db::audit::{self, AuditAction};
use crate::db::recruiters::{self, TeamChange, TeamMember};
use crate::domain::EmailAddress;
use crate::domain::team::{Role, local_time};
use crate::team::{ANSWER_FLOOR, links};
use crate::web::AppState;
use crate::web::admin::candidate::parse_id;
use crate::web::admin::{AdminChrome, render_admin_with_status};
use crate::web::error::AppError;
use crate::web::respond::see_other;

const PATH: &str = "/admin/team";
pub(crate) const LAST_ADMIN: &str =
    "The team needs at least one active admin: make someone else an admin first.";
pub(crate) const BAD_EMAIL: &str = "Enter an e-mail address like name@example.com.";

#[derive(Template)]
#[template(path = "admin/team.html")]
pub(crate) struct TeamPage {
    pub(crate) chrome: AdminChrome,
    pub(crate) members: Vec<TeamMember>,
    pub(crate) roles: &'static [(&'static str, &'static str)],
    pub(crate) notice: Option<&'static str>,
    pub(crate) error: Option<&'static str>,
    pub(crate) invite_email: String,
    pub(crate) time_zone: String,
    pub(crate) me: Uuid,
}

wears_chrome!(TeamPage);

impl TeamPage {
    pub(crate) fn last_seen(&self, member: &TeamMember) -> String {
        member
            .last_sign_in_at
            .map_or_else(|| "never".to_owned(), |at| local_time(at, &self.time_zone))
    }

    pub(crate) fn role_label(&self, role: &str) -> &'static str {
        Role::stored(role).label()
    }
}

#[derive(Deserialize)]
pub(crate) struct TeamQuery {
    #[serde(default)]
    pub(crate) done: String,
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    #[serde(default)]
    pub(crate) email: String,
    #[serde(default)]
    pub(crate) role: String,
}

#[derive(Deserialize)]
pub(crate) struct RoleForm {
    #[serde(default)]
    pub(crate) role: String,
}

async fn team_page(
    state: &AppState,
    session: &RecruiterSession,
    notice: Option<&'static str>,
    error: Option<&'static str>,
    invite_email: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = TeamPage {
        chrome: AdminChrome::new(session, PATH, "Team"),
        members: recruiters::team(&state.pool).await?,
        roles: Role::OPTIONS,
        notice,
        error,
        invite_email,
        time_zone: session.time_zone.clone(),
        me: session.recruiter_id,
    };
    render_admin_with_status(&page, status)
}

pub(crate) async fn show_team(
    state: web::Data<AppState>,
    session: RecruiterSession,
    query: web::Query<TeamQuery>,
) -> Result<HttpResponse, AppError> {
    let notice = match query.done.as_str() {
        "invited" => Some("Invitation sent. The link works once and for 72 hours."),
        "role" => Some("Role changed."),
        "disabled" => Some("Account disabled; its sessions have ended."),
        _ => None,
    };
    team_page(
        &state,
        &session,
        notice,
        None,
        String::new(),
        StatusCode::OK,
    )
    .await
}

pub(crate) async fn invite(
    state: web::Data<AppState>,
    session: RecruiterSession,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let answer_at = tokio::time::Instant::now() + ANSWER_FLOOR;
    let InviteForm { email, role } = form.into_inner();
    let (Ok(address), Ok(role)) = (EmailAddress::parse(&email), Role::parse(&role)) else {
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return team_page(&state, &session, None, Some(BAD_EMAIL), email, status).await;
    };
    let email = normalise_email(address.as_str());
    let inviter = (session.recruiter_id, session.display_name.as_str());
    links::invite(&state.pool, &state.settings, inviter, &email, role).await?;
    // Whether the address had an account shows in neither the answer nor its time.
    tokio::time::sleep_until(answer_at).await;
    Ok(see_other("/admin/team?done=invited"))
}

async fn team_change(
    state: &AppState,
    session: &RecruiterSession,
    change: TeamChange,
    done: &str,
) -> Result<HttpResponse, AppError> {
    match change {
        TeamChange::Done => Ok(see_other(&format!("{PATH}?done={done}"))),
        TeamChange::NotFound => Err(AppError::NotFound),
        TeamChange::LastAdmin => {
            let status = StatusCode::CONFLICT;
            team_page(
                state,
                session,
                None,
                Some(LAST_ADMIN),
                String::new(),
                status,
            )
            .await
        }
    }
}

pub(crate) async fn change_role(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let role = Role::parse(&form.role).map_err(|_| AppError::BadRequest)?;
    let mut tx = state.pool.begin().await?;
    let change = recruiters::change_role(&mut tx, id, role).await?;
    if change == TeamChange::Done {
        let details = serde_json::json!({ "recruiter": id, "role": role.as_str() });
        let me = Some(session.recruiter_id);
        audit::record(&mut *tx, me, AuditAction::RoleChanged, None, details).await?;
    }
    tx.commit().await?;
    team_change(&state, &session, change, "role").await
}

pub(crate) async fn disable(
    state: web::Data<AppState>,
    session: RecruiterSession,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = parse_id(&path)?;
    let mut tx = state.pool.begin().await?;
    let change = recruiters::disable_member(&mut tx, id).await?;
    if change == TeamChange::Done {
        let details = serde_json::json!({ "recruiter": id });
        let me = Some(session.recruiter_id);
        audit::record(&mut *tx, me, AuditAction::RecruiterDisabled, None, details).await?;
    }
    tx.commit().await?;
    team_change(&state, &session, change, "disabled").await
}
