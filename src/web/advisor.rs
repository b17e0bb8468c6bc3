//! The pathway advisor (issue 6): `GET /advisor` shows the questionnaire (pre-filled from the
//! query, for "change my answers"), `GET /advisor/plan?…` shows the plan for the answers in the
//! query string. Nothing is stored and nothing about the answers is logged (the request log never
//! has query strings); the rules live in `crate::advisor`.

use std::sync::LazyLock;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use std::borrow::Borrow;

use crate::advisor::{self, AdvisorForm, Answers, ClinicalTraining, LabAccreditation, Plan};
use crate::domain::countries::{COUNTRIES, Country};
use crate::domain::us_states::{US_STATES, UsState};
use crate::domain::{EnglishTest, FormErrors, Qualification, UsCertification, WorkAuthorisation};
use crate::guide::facts;
use crate::web::AppState;
use crate::web::error::AppError;
use crate::web::forms;
use crate::web::layout::PageMeta;
use crate::web::respond::{self, CachePolicy};

/// The intake's values; the labels ask for a credential held, and AMT's MT goes by its new name.
static CERTIFICATIONS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    UsCertification::ALL
        .iter()
        .map(|c| match c {
            UsCertification::MtAmt => (c.as_str(), "MLS(AMT), earlier called MT(AMT)"),
            _ => (c.as_str(), c.label()),
        })
        .collect()
});

#[derive(Template)]
#[template(path = "advisor/questionnaire.html")]
pub(crate) struct QuestionnairePage {
    pub(crate) meta: PageMeta,
    pub(crate) form: AdvisorForm,
    pub(crate) errors: FormErrors,
}

impl QuestionnairePage {
    fn new(state: &AppState, form: AdvisorForm, errors: FormErrors) -> Self {
        QuestionnairePage {
            meta: state.page_meta(
                "/advisor",
                "Pathway advisor: which US routes fit you",
                "Answer a few questions about your lab training, experience and citizenship and get a plan: which US certification, state licences and visa routes fit you, with official sources.",
            ),
            form,
            errors,
        }
    }

    pub(crate) fn described_by(&self, field: &str, has_hint: impl Borrow<bool>) -> String {
        forms::described_by(&self.errors, field, has_hint)
    }

    pub(crate) fn input_id(&self, name: &str, first: impl Borrow<bool>, value: &str) -> String {
        forms::group_input_id(name, first, value)
    }

    pub(crate) fn countries(&self) -> &'static [Country] {
        COUNTRIES
    }

    pub(crate) fn states(&self) -> &'static [UsState] {
        US_STATES
    }

    pub(crate) fn qualifications(&self) -> &'static [(&'static str, &'static str)] {
        Qualification::OPTIONS
    }

    pub(crate) fn trainings(&self) -> &'static [(&'static str, &'static str)] {
        ClinicalTraining::OPTIONS
    }

    pub(crate) fn labs(&self) -> &'static [(&'static str, &'static str)] {
        LabAccreditation::OPTIONS
    }

    pub(crate) fn certifications(&self) -> &'static [(&'static str, &'static str)] {
        &CERTIFICATIONS
    }

    pub(crate) fn english_tests(&self) -> &'static [(&'static str, &'static str)] {
        EnglishTest::OPTIONS
    }

    pub(crate) fn work_authorisations(&self) -> &'static [(&'static str, &'static str)] {
        WorkAuthorisation::OPTIONS
    }
}

#[derive(Template)]
#[template(path = "advisor/plan.html")]
pub(crate) struct PlanPage {
    pub(crate) meta: PageMeta,
    pub(crate) plan: Plan,
}

/// The plan and a re-shown questionnaire carry a person's answers: no cache may keep them.
fn private_page<T: Template>(page: &T, status: StatusCode) -> Result<HttpResponse, AppError> {
    Ok(respond::page(status, CachePolicy::NoStore, page)?)
}

/// `GET /advisor`: the questionnaire, pre-filled from the query string when there is one.
pub(crate) async fn show_questionnaire(
    request: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let page = QuestionnairePage::new(
        &state,
        AdvisorForm::from_query(request.query_string()),
        FormErrors::default(),
    );
    private_page(&page, StatusCode::OK)
}

/// `GET /advisor/plan?…`: the plan, or the questionnaire with messages (422) for answers to fix.
pub(crate) async fn show_plan(
    request: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let form = AdvisorForm::from_query(request.query_string());
    let answers = match Answers::parse(&form) {
        Ok(answers) => answers,
        Err(errors) => {
            let page = QuestionnairePage::new(&state, form, errors);
            return private_page(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let page = PlanPage {
        meta: PageMeta::unindexed(
            "/advisor/plan",
            "Your pathway plan",
            "Your plan: certification, credential evaluation, English, state licences and visa routes.",
        ),
        plan: advisor::plan(&answers, facts::facts()),
    };
    private_page(&page, StatusCode::OK)
}
