//! The `/admin` scope's guard, the one place access is decided: every request needs what its
//! route's `Access` says (`admin::ROUTES`): nothing for the public pages, a session at the right
//! sign-in step, an active account, or an admin's. Every state-changing request needs a
//! same-origin Origin (or Referer), and, with a session, the session's CSRF token (read here from
//! the form body; a document upload's multipart body is checked by its handler, which reads it,
//! before anything is stored: `web::upload_body`). Without a
//! session, GET answers 303 to the login page and anything else 403; a session still at a sign-in
//! step is sent back to that step; a recruiter on an admin route gets 403.

use std::future::{Ready, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError, web};

use crate::auth::session::SessionState;
use crate::auth::session::{CookiePolicy, RecruiterSession};
use crate::crypto::{constant_time_eq, token_digest};
use crate::domain::team::Role;
use crate::web::AppState;
use crate::web::admin::{Access, LOGIN_PATH, access_for};
use crate::web::error::AppError;
use crate::web::input::body_error;
use crate::web::origin::SentOrigin;
use crate::web::respond::{CachePolicy, see_other};

pub(crate) async fn require_session(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        let missing = AppError::unexpected(anyhow::anyhow!("the app state is not registered"));
        return Ok(refuse(request, missing.error_response()));
    };
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD);
    // The site's one Origin rule (`web::origin`); for the dashboard a missing Origin and Referer
    // is refused too, not only a foreign one.
    if changes_state && state.sent_origin(request.headers()) != SentOrigin::Own {
        return Ok(refuse(request, AppError::Forbidden.error_response()));
    }
    let access = access_for(request.method(), request.path());
    if access != Access::Public {
        let session = match current_session(request.request(), &state).await {
            Ok(Some(session)) => session,
            Ok(None) if changes_state => {
                return Ok(refuse(request, AppError::Forbidden.error_response()));
            }
            Ok(None) => return Ok(refuse(request, see_other(LOGIN_PATH))),
            Err(error) => return Ok(refuse(request, error.error_response())),
        };
        if let Some(refusal) = refusal(access, &session, changes_state) {
            return Ok(refuse(request, refusal));
        }
        // A document upload's body is the file: its handler checks the token it reads
        // (`web::upload_body`), before anything is stored.
        if changes_state && !crate::web::upload_body::is_upload_path(request.path()) {
            // The form body is read here and put back for the handler's own extractor.
            let body = match request.extract::<web::Bytes>().await {
                Ok(body) => body,
                Err(error) => return Ok(refuse(request, body_error(&error).error_response())),
            };
            let sent = csrf_field(&body);
            if !sent.is_some_and(|token| constant_time_eq(&token, &session.csrf_token)) {
                return Ok(refuse(request, AppError::Forbidden.error_response()));
            }
            request.set_payload(Payload::from(body));
        }
        request.extensions_mut().insert(session);
    }
    let mut response = next.call(request).await?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, CachePolicy::NoStore.header_value());
    Ok(response.map_into_left_body())
}

/// Why a session may not use a route of `access`, as the answer to give; `None` when it may.
fn refusal(
    access: Access,
    session: &RecruiterSession,
    changes_state: bool,
) -> Option<HttpResponse> {
    let state = session.state();
    let allowed = match access {
        Access::Public | Access::AnySession => true,
        Access::SecondFactor => state == SessionState::SecondFactor,
        Access::Enrolment => matches!(state, SessionState::Enrol | SessionState::Active),
        Access::Recruiter => state == SessionState::Active,
        Access::Admin => state == SessionState::Active && session.role() == Role::Admin,
    };
    if allowed {
        return None;
    }
    // A session part-way through sign-in is sent on to its step; anything else is refused.
    let step = match state {
        SessionState::SecondFactor => Some("/admin/login/code"),
        SessionState::Enrol => Some("/admin/two-factor"),
        SessionState::Active => None,
    };
    Some(match step {
        Some(path) if !changes_state => see_other(path),
        Some(_) => AppError::Forbidden.error_response(),
        // An active session on the second step's page has nothing to do there.
        None if access == Access::SecondFactor && !changes_state => {
            see_other(crate::web::admin::SCOPE)
        }
        None => AppError::Forbidden.error_response(),
    })
}

fn refuse<B>(request: ServiceRequest, response: HttpResponse) -> ServiceResponse<EitherBody<B>> {
    let mut response = request.into_response(response);
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, CachePolicy::NoStore.header_value());
    response.map_into_right_body()
}

/// The session of the request's cookie, if it is live (the lookup refreshes its idle timer).
pub(crate) async fn current_session(
    request: &HttpRequest,
    state: &AppState,
) -> Result<Option<RecruiterSession>, AppError> {
    let policy = CookiePolicy::for_settings(&state.settings);
    let Some(cookie) = request.cookie(policy.name) else {
        return Ok(None);
    };
    let session = crate::db::sessions::touch(&state.pool, &token_digest(cookie.value())).await?;
    Ok(session)
}

/// The `csrf_token` field of a urlencoded form body.
fn csrf_field(body: &[u8]) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(name, _)| name == "csrf_token")
        .map(|(_, value)| value.into_owned())
}

/// The signed-in recruiter, as an extractor for handlers behind the guard.
impl FromRequest for RecruiterSession {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        // Absent only if a handler were registered outside the guarded scope: refuse, never panic.
        ready(
            request
                .extensions()
                .get::<RecruiterSession>()
                .cloned()
                .ok_or(AppError::Forbidden),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csrf_field_is_found_in_a_form_body() {
        assert_eq!(
            csrf_field(b"a=1&csrf_token=abc%21&b=2").as_deref(),
            Some("abc!")
        );
        assert_eq!(csrf_field(b"a=1"), None);
    }
}
