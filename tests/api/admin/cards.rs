//! The dashboard's read model (`candidate_cards`, issue 15): after every kind of write, made the
//! way the site makes it (the intake form, a returning candidate, a recruiter's stage, owner,
//! next action and note, the candidate's own change on My application, erasure, the retention
//! purge), every card equals what its one definition, the view `candidate_card_source`,
//! computes from the sources, the overview's counts (`candidate_card_counts`) equal the cards',
//! and the list and overview show them.

use uuid::Uuid;

use crate::admin::{Seed, post_admin, seed_candidate, sign_in_admin, signed_in_app};
use crate::helpers::{TestApp, texts};
use crate::intake::{form_token, post_form, valid_answers, with};
use crate::portal::{CHANGED_DETAILS, candidate, post_signed_in, signed_in_client, spawn_portal};
use crate::support::applications;

/// Cards the view would not make, and cards the view makes that are missing (or different).
async fn assert_cards_match_their_sources(app: &TestApp, after: &str) {
    let (extra, missing, cards, candidates): (i64, i64, i64, i64) = sqlx::query_as(
        "select
           (select count(*) from (select * from candidate_cards
                                  except select * from candidate_card_source) x),
           (select count(*) from (select * from candidate_card_source
                                  except select * from candidate_cards) x),
           (select count(*) from candidate_cards),
           (select count(*) from candidates)",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((extra, missing), (0, 0), "cards out of step after {after}");
    assert_eq!(cards, candidates, "one card per candidate after {after}");
    assert_eq!(
        count_differences(&app.pool).await,
        0,
        "the overview's counts out of step after {after}"
    );
}

/// Counts per stage and per country that `candidate_card_counts` and the cards disagree on.
pub async fn count_differences(pool: &sqlx::PgPool) -> i64 {
    sqlx::query_scalar(
        "with kept as (select dimension, key, sum(candidates)::int8 as n from candidate_card_counts
                       group by 1, 2 having sum(candidates) <> 0),
              counted as (select 'stage' as dimension, stage as key, count(*) as n
                          from candidate_cards group by 2
                          union all
                          select 'country_of_education', country_of_education, count(*)
                          from candidate_cards group by 2)
         select count(*) from ((select * from kept except select * from counted)
                               union all (select * from counted except select * from kept)) x",
    )
    .fetch_one(pool)
    .await
    .unwrap()
}

/// One card's stage, owner, due date, reference and whether it is a returning candidate's.
async fn card(app: &TestApp, id: Uuid) -> (String, Option<Uuid>, Option<time::Date>, String, bool) {
    sqlx::query_as(
        "select stage, owner_id, due_on, reference, is_returning
         from candidate_cards where candidate_id = $1",
    )
    .bind(id)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn submit(app: &TestApp, email: &str) -> reqwest::Response {
    let answers = with(valid_answers(&form_token(app).await), "email", email);
    let response = post_form(app, &answers).await;
    assert_eq!(response.status(), 303, "the application is saved");
    response
}

#[tokio::test]
async fn every_kind_of_write_keeps_every_card_equal_to_its_definition() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    // An admin: erasure is theirs.
    let recruiter = sign_in_admin(app).await;
    assert_cards_match_their_sources(app, "nothing").await;

    submit(app, "card.one@example.com").await;
    assert_cards_match_their_sources(app, "a submission").await;
    let id: Uuid = sqlx::query_scalar(
        "select id from candidates where email_normalised = 'card.one@example.com'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let first = card(app, id).await;
    assert_eq!(
        (first.0.as_str(), first.1, first.2, first.4),
        ("new", None, None, false)
    );

    submit(app, "card.one@example.com").await;
    assert_cards_match_their_sources(app, "a re-submission").await;
    let second = card(app, id).await;
    assert!(
        second.4,
        "the latest application is a returning candidate's"
    );
    assert_ne!(second.3, first.3, "the card shows the latest application");

    let path = format!("/admin/candidates/{id}");
    let response = post_admin(app, &format!("{path}/stage"), &[("stage", "screening")]).await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "a stage change").await;
    let owner = recruiter.to_string();
    let response = post_admin(app, &format!("{path}/owner"), &[("owner", &owner)]).await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "an owner change").await;
    let (stage, owner_id, ..) = card(app, id).await;
    assert_eq!((stage.as_str(), owner_id), ("screening", Some(recruiter)));

    let response = post_admin(
        app,
        &format!("{path}/next-action"),
        &[
            ("what", "Ask for the IELTS result"),
            ("due_on", "2099-03-15"),
            ("assignee", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "a next action").await;
    let due = time::Date::from_calendar_date(2099, time::Month::March, 15).unwrap();
    assert_eq!(card(app, id).await.2, Some(due));
    let response = post_admin(app, &format!("{path}/next-action/done"), &[]).await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "an action done").await;
    assert_eq!(card(app, id).await.2, None);
    // Parking the case sets the stage and the re-check action in one transaction.
    let response = post_admin(
        app,
        &format!("{path}/stage"),
        &[("stage", "not_eligible_yet"), ("recheck_on", "2099-06-01")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "parking until a re-check").await;

    let response = post_admin(
        app,
        &format!("{path}/notes"),
        &[("body", "Called; all good.")],
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "a note").await;

    // The candidate changes their details on My application.
    let two = candidate(app, "card.two@example.com").await;
    let client = signed_in_client(&portal, "card.two@example.com", 1).await;
    let response = post_signed_in(app, &client, "/my-application/details", CHANGED_DETAILS).await;
    assert_eq!(response.status(), 303, "the change is saved");
    assert_cards_match_their_sources(app, "a change on My application").await;

    // The list and the overview read the cards.
    let (_, list) = app.get_html("/admin/candidates?sort=due").await;
    let names = texts(&list, "tbody tr");
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(
        names[0].contains("Not eligible yet"),
        "the re-check is due first: {names:?}"
    );
    let (_, overview) = app.get_html("/admin").await;
    let overview = texts(&overview, "main").join(" ");
    assert!(overview.contains("Not eligible yet"), "{overview}");

    let response = post_admin(app, &format!("{path}/erase"), &[("confirm", "ERASE")]).await;
    assert_eq!(response.status(), 303);
    assert_cards_match_their_sources(app, "an erasure").await;

    // The purge: an old application without consent to keep the data goes, a fresh one stays.
    let old = seed_candidate(
        app,
        &Seed {
            email: "card.old@example.com",
            phone: "+639170000001",
            age_days: 1000,
            ..Seed::default()
        },
    )
    .await;
    assert_cards_match_their_sources(app, "an old application").await;
    let today = time::OffsetDateTime::now_utc().date();
    labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert_cards_match_their_sources(app, "the purge").await;
    let left: Vec<Uuid> = sqlx::query_scalar("select candidate_id from candidate_cards")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        left,
        vec![two.candidate_id],
        "the old candidate {} went",
        old.candidate_id
    );
}

/// Two transactions writing one candidate at once: each computes the card after the other's
/// commit (the refresh locks the card before it reads), so neither change is lost.
#[tokio::test]
async fn two_writers_of_one_candidate_at_once_both_reach_the_card() {
    let (app, recruiter) = signed_in_app().await;
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let id = stored.candidate_id;
    // An open action written in a transaction that stays open (the app's own writers commit at
    // once, so this one is written here)...
    let mut action = app.pool.begin().await.unwrap();
    sqlx::query(
        "insert into next_actions (id, candidate_id, what, due_on) values ($1, $2, 'Call', '2099-01-01')",
    )
    .bind(Uuid::now_v7())
    .bind(id)
    .execute(&mut *action)
    .await
    .unwrap();
    // ...while a recruiter changes the stage: its refresh waits for the card.
    let pool = app.pool.clone();
    let stage = tokio::spawn(async move {
        labminds::db::pipeline::change_stage(&pool, id, "screening", recruiter).await
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!stage.is_finished(), "the stage change waits for the card");
    action.commit().await.unwrap();
    stage.await.unwrap().unwrap();

    assert_cards_match_their_sources(&app, "two writers at once").await;
    let (stage, _, due, ..) = card(&app, id).await;
    let due_on = time::Date::from_calendar_date(2099, time::Month::January, 1).unwrap();
    assert_eq!((stage.as_str(), due), ("screening", Some(due_on)));
}
