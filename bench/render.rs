//! Template rendering micro-benchmarks (issue 7): the heaviest pages and the recruiters' alert.
//!
//! `cargo bench --bench render` measures; `cargo test --all-targets` (scripts/test) runs each
//! benchmark once as a smoke test, which takes well under a second.
//!
//! - `apply_form`: `GET /apply`, rendered for every visitor (it carries its own signed token);
//!   the heaviest page (every country three times, dial codes, every state).
//! - `guide_licensure` and `guide_state`: the heaviest guide pages rendered afresh, the work the
//!   page cache does once per process instead of per visit.
//! - `support_alert`: the alert e-mail (text and HTML) rendered inside each submission's
//!   transaction.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use labminds::config::Settings;
use labminds::domain::intake_form::example_application;
use labminds::domain::{ApplicationReference, CvUpload, IntakeForm, NewApplication};
use labminds::intake::emails::SupportAlertEmail;
use labminds::intake::token::FormToken;
use labminds::web::AppState;
use labminds::web::intake::{IntakeFormPage, current_year};

fn state() -> AppState {
    let settings = Settings::from_lookup(|name| match name {
        "DATABASE_URL" => Some("postgres://127.0.0.1:1/labminds".to_owned()),
        "PUBLIC_URL" => Some("https://labmindsstaffing.com".to_owned()),
        // Required with https.
        "SECRET_KEY" => Some("render-benchmark-secret-key-0123456789".to_owned()),
        _ => None,
    })
    .expect("benchmark settings are valid");
    // Never connected: rendering needs the state, not the database.
    let pool = sqlx::PgPool::connect_lazy("postgres://127.0.0.1:1/labminds").expect("a valid URL");
    AppState::new(pool, settings)
}

/// The one example application, with a message that gives the templates something to escape.
fn answers() -> IntakeForm {
    let message = "I have six years in a hospital lab, mostly chemistry & haematology <b>.";
    let pairs = example_application()
        .into_iter()
        .map(|(k, v)| (k, if k == "message" { message } else { v }));
    IntakeForm::from_pairs(pairs)
}

fn rendering(c: &mut Criterion) {
    // The lazy pool needs a runtime to exist in; nothing runs on it.
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let _entered = runtime.enter();
    let state = state();

    c.bench_function("apply_form", |b| {
        b.iter(|| {
            let page = IntakeFormPage::new(&state, IntakeForm::default(), &FormToken::issue(0));
            black_box(askama::Template::render(&page).expect("the form renders"))
        })
    });
    c.bench_function("guide_licensure", |b| {
        b.iter(|| black_box(labminds::web::guide::render_fresh(&state, "/licensure")))
    });
    c.bench_function("guide_state", |b| {
        b.iter(|| {
            black_box(labminds::web::guide::render_fresh(
                &state,
                "/licensure/california",
            ))
        })
    });

    let form = answers();
    let application =
        NewApplication::parse(&form, CvUpload::None, current_year()).expect("valid answers");
    let reference = ApplicationReference::generate();
    c.bench_function("support_alert", |b| {
        b.iter(|| {
            let email = SupportAlertEmail::new(
                &application,
                &reference,
                None,
                None,
                "https://labmindsstaffing.com/admin/candidates/1".to_owned(),
            );
            black_box(
                email
                    .render("support@labmindsstaffing.com")
                    .expect("the alert renders"),
            )
        })
    });
}

criterion_group!(benches, rendering);
criterion_main!(benches);
