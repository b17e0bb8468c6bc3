//! `/trust`: how to recognise LabMinds Staffing, a check of an address someone used to contact
//! a visitor, the ethical-recruitment stance and the agency's own statements.
//!
//! `POST /trust` answers yes or no for exactly the value typed (`crate::trust::check`), with our
//! Origin and a signed form token (the intake form's, `intake::token`), counted per client in
//! the shared limiter (`db::rate_limits`), logged without the value, and never sooner than
//! `ANSWER_FLOOR` after it arrived, so a yes and a no take the same time.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::config::Settings;
use crate::crypto;
use crate::domain::contact_query::{ContactQuery, ContactQueryError};
use crate::domain::countries::Country;
use crate::domain::window::{FixedWindow, RetryAfter};
use crate::guide::ReviewDate;
use crate::intake::token::{FormToken, TokenAge};
use crate::trust::safeguards::{self, ListSource};
use crate::trust::statements::AgencyStatements;
use crate::trust::{self, Answer};
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::intake::{parse_urlencoded, unix_now};
use crate::web::layout::PageMeta;
use crate::web::origin::SentOrigin;
use crate::web::respond::{self, CachePolicy};

/// Checks one client may make per hour; a person checks a few addresses, a harvester many.
pub const CHECKS_PER_HOUR: i32 = 20;
/// The limit's window (epoch-aligned hours, as `db::rate_limits` counts them).
const CHECK_WINDOW: FixedWindow = FixedWindow::of_seconds(3600);
/// No answer to a check leaves sooner than this after the request arrived: the look-up takes a
/// few milliseconds either way, and the rest is a timer (no thread is held while it runs).
pub const ANSWER_FLOOR: Duration = Duration::from_millis(400);
/// The field's name in the form.
pub const FIELD: &str = "contact";
const RATE_BUCKET: &str = "trust_check";

/// A banner above the check when it did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    /// The form token was missing, forged or too old: press Check again.
    Expired,
    /// The client's hourly limit is reached.
    TooMany(RetryAfter),
}

/// The channels the page describes, from the configuration.
pub(crate) struct Channels {
    pub(crate) origin: String,
    pub(crate) host: String,
    pub(crate) support_inbox: String,
    pub(crate) mail_from: String,
}

impl Channels {
    fn of(settings: &Settings) -> Self {
        Channels {
            origin: settings.public_origin(),
            host: settings
                .public_url
                .host_str()
                .unwrap_or_default()
                .to_owned(),
            support_inbox: settings.mail.support_inbox.to_string(),
            mail_from: settings.mail.from.to_string(),
        }
    }
}

#[derive(Template)]
#[template(path = "trust.html")]
pub(crate) struct TrustPage {
    pub(crate) meta: PageMeta,
    pub(crate) form_token: String,
    /// What the visitor typed, kept as typed.
    pub(crate) contact: String,
    pub(crate) error: Option<ContactQueryError>,
    pub(crate) notice: Option<Notice>,
    pub(crate) answer: Option<Answer>,
    pub(crate) channels: Channels,
    pub(crate) statements: Option<Arc<AgencyStatements>>,
    pub(crate) safeguards: Vec<&'static Country>,
    pub(crate) safeguards_checked: ReviewDate,
    pub(crate) safeguards_sources: &'static [ListSource],
    pub(crate) checks_per_hour: i32,
}

impl TrustPage {
    fn new(state: &AppState, contact: String) -> Self {
        TrustPage {
            meta: state.page_meta(
                "/trust",
                "Is it really LabMinds? Check an address",
                "Applying to LabMinds Staffing is free. Check whether an e-mail address that contacted you is really ours, see how to report a fake, and read our ethical-recruitment rules.",
            ),
            form_token: FormToken::issue(unix_now()).encode(state.secret_key()),
            contact,
            error: None,
            notice: None,
            answer: None,
            channels: Channels::of(&state.settings),
            statements: state.settings.agency_statements.clone(),
            safeguards: safeguards::countries(),
            safeguards_checked: safeguards::checked(),
            safeguards_sources: safeguards::SOURCES,
            checks_per_hour: CHECKS_PER_HOUR,
        }
    }

    /// Each render carries its own token (and maybe what was typed): never cached.
    fn respond(&self, status: StatusCode) -> Result<HttpResponse, AppError> {
        Ok(respond::page(status, CachePolicy::NoStore, self)?)
    }

    pub(crate) fn field_id(&self) -> &'static str {
        FIELD
    }
}

/// `GET /trust`.
pub(crate) async fn show_trust_page(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    TrustPage::new(&state, String::new()).respond(StatusCode::OK)
}

/// `POST /trust`: the check. Only a post from our own pages is answered (a missing Origin too
/// is refused: every browser that can show the page sends one on a form post).
pub(crate) async fn check_contact(
    request: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    if state.sent_origin(request.headers()) != SentOrigin::Own {
        return Err(AppError::Forbidden);
    }
    let deadline = tokio::time::Instant::now() + ANSWER_FLOOR;
    let response = answer(&request, &body, &state).await;
    tokio::time::sleep_until(deadline).await;
    response
}

async fn answer(
    request: &HttpRequest,
    body: &[u8],
    state: &AppState,
) -> Result<HttpResponse, AppError> {
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let Some(pairs) = parse_urlencoded(body) else {
        let page = TrustPage::new(state, String::new());
        return TrustPage {
            error: Some(ContactQueryError::NotText),
            ..page
        }
        .respond(unprocessable);
    };
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let page = TrustPage::new(state, field(FIELD));
    let token_ok = FormToken::verify(&field("form_token"), state.secret_key())
        .is_ok_and(|token| token.age(unix_now(), 0) != TokenAge::Expired);
    if !token_ok {
        let notice = Some(Notice::Expired);
        return TrustPage { notice, ..page }.respond(unprocessable);
    }
    let query = match ContactQuery::parse(&page.contact) {
        Ok(query) => query,
        Err(error) => {
            let error = Some(error);
            return TrustPage { error, ..page }.respond(unprocessable);
        }
    };
    let client = crypto::keyed_digest(
        state.secret_key(),
        RATE_BUCKET,
        state.client_ip(request).as_bytes(),
    );
    let hits =
        crate::db::rate_limits::hit(&state.pool, RATE_BUCKET, &client, CHECK_WINDOW.length())
            .await?;
    if hits.count > CHECKS_PER_HOUR {
        let wait = CHECK_WINDOW.retry_after(time::OffsetDateTime::now_utc());
        tracing::info!("trust check refused: hourly limit reached");
        let notice = Some(Notice::TooMany(wait));
        let page = TrustPage { notice, ..page }.respond(StatusCode::TOO_MANY_REQUESTS)?;
        return Ok(respond::with_retry_after(page, wait));
    }
    let answer = trust::check(&state.pool, &state.settings, &query).await?;
    // The outcome only: never the address or number, which could identify the visitor.
    tracing::info!(answer = answer.as_str(), "trust check answered");
    let answer = Some(answer);
    TrustPage { answer, ..page }.respond(StatusCode::OK)
}
