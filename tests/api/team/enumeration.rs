//! Nobody learns which addresses have accounts: a reset asked for an unknown address and an
//! invitation to an existing member get the same answer, after the same kind of work (one
//! transaction that queues one e-mail), as the real thing.

use std::time::{Duration, Instant};

use super::*;
use crate::admin::add_recruiter;

const KNOWN: &str = "ana@labmindsstaffing.com";
const UNKNOWN: &str = "nobody@labmindsstaffing.com";

/// The answer's status and its main text with the typed address taken out.
async fn reset_answer(app: &TestApp, email: &str) -> (u16, String, Duration) {
    let started = Instant::now();
    let response = post_form(
        app,
        &crate::helpers::client(),
        "/admin/forgot-password",
        &[("email", email)],
    )
    .await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    (
        status,
        texts(&html, "main").join(" ").replace(email, "ADDRESS"),
        elapsed,
    )
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

#[tokio::test]
async fn a_reset_for_an_unknown_address_gets_the_same_answer_in_about_the_same_time() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, KNOWN).await;
    reset_answer(app, "warm@labmindsstaffing.com").await;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    let mut answers = Vec::new();
    // Alternated, so whatever else the machine does slows both alike; the medians are compared.
    for _ in 0..7 {
        let (status, text, time) = reset_answer(app, KNOWN).await;
        known.push(time);
        answers.push((status, text));
        let (status, text, time) = reset_answer(app, UNKNOWN).await;
        unknown.push(time);
        answers.push((status, text));
        // The per-address limit would otherwise stop the queueing (and so change the work).
        sqlx::query("delete from rate_limit_hits")
            .execute(&app.pool)
            .await
            .unwrap();
    }
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert_eq!(answers[0].0, 200);
    let (known, unknown) = (median(known), median(unknown));
    assert!(
        unknown >= 0.5 * known && unknown <= 2.0 * known,
        "unknown {unknown} s vs known {known} s"
    );
    // Each got one e-mail: the account a link, the stranger a note without one.
    let to_known = team.delivered_to(KNOWN).await;
    let to_unknown = team.delivered_to(UNKNOWN).await;
    assert_eq!((to_known.len(), to_unknown.len()), (7, 7));
    assert!(link_in(&to_known[0], "/admin/reset/").is_some());
    assert!(link_in(&to_unknown[0], "/admin/reset/").is_none());
    assert!(
        to_unknown[0]
            .body("text/plain")
            .unwrap()
            .contains("there is no account")
    );
}

#[tokio::test]
async fn resets_are_limited_per_address_and_per_client() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    add_recruiter(app, KNOWN).await;
    for _ in 0..5 {
        assert_eq!(reset_answer(app, KNOWN).await.0, 200);
    }
    assert_eq!(
        team.delivered_to(KNOWN).await.len(),
        3,
        "three e-mails an hour at most"
    );
    for _ in 0..5 {
        reset_answer(app, UNKNOWN).await;
    }
    let response = post_form(
        app,
        &crate::helpers::client(),
        "/admin/forgot-password",
        &[("email", "x@example.com")],
    )
    .await;
    assert_eq!(
        response.status(),
        429,
        "eleven requests from one client in an hour"
    );
    assert!(response.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn inviting_an_existing_member_gets_the_same_answer_and_a_sign_in_note() {
    let team = spawn_team(&[]).await;
    let app = &team.app;
    let (admin, _, _) = signed_in_admin(app, "maria@labmindsstaffing.com").await;
    add_recruiter(app, KNOWN).await;
    async fn invite(
        app: &TestApp,
        admin: &reqwest::Client,
        email: &str,
    ) -> (u16, String, Duration) {
        let token = csrf_on(app, admin, "/admin/team").await;
        let started = Instant::now();
        let response = post_form(
            app,
            admin,
            "/admin/team/invite",
            &[
                ("csrf_token", &token),
                ("email", email),
                ("role", "recruiter"),
            ],
        )
        .await;
        let elapsed = started.elapsed();
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        (response.status().as_u16(), location, elapsed)
    }
    let (mut member, mut stranger) = (Vec::new(), Vec::new());
    for i in 0..5 {
        let (status, location, time) = invite(app, &admin, KNOWN).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/admin/team?done=invited")
        );
        member.push(time);
        let (status, location, time) =
            invite(app, &admin, &format!("new{i}@labmindsstaffing.com")).await;
        assert_eq!(
            (status, location.as_str()),
            (303, "/admin/team?done=invited")
        );
        stranger.push(time);
    }
    let (member, stranger) = (median(member), median(stranger));
    assert!(
        member >= 0.5 * stranger && member <= 2.0 * stranger,
        "member {member} s vs new {stranger} s"
    );
    let notes = team.delivered_to(KNOWN).await;
    assert_eq!(notes.len(), 5);
    assert_eq!(
        notes[0].header("Subject").as_deref(),
        Some("You already have a LabMinds Staffing account")
    );
    assert!(
        link_in(&notes[0], "/admin/invitation/").is_none(),
        "no link for a member"
    );
    let invitations: i64 = sqlx::query_scalar("select count(*) from recruiter_invitations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(invitations, 5, "only the new addresses got invitations");
}
