//! The candidate list (search, filters, sort, pages), the candidate page, the work on it (stage,
//! owner, notes, resend), the overview, and the CSV export.

use labminds::db::outbox;

use super::*;
use crate::helpers::texts;

/// Names shown in the list for a query string.
async fn listed(app: &TestApp, query: &str) -> Vec<String> {
    let (status, page) = app.get_html(&format!("/admin/candidates?{query}")).await;
    assert_eq!(status, 200, "{query}");
    texts(&page, "table.candidates tbody td:first-child a")
}

async fn three_candidates(app: &TestApp) -> [Seeded; 3] {
    let ana = seed_candidate(app, &Seed::default()).await;
    let bola = seed_candidate(
        app,
        &Seed {
            given_name: "Bolanle",
            family_name: Some("Okafor"),
            email: "bola@example.ng",
            phone: "+2348031234567",
            education: "NG",
            certification: "none_yet",
            english: "none_yet",
            states: &["TX", "NY"],
            work_authorisation: "h1b",
            heard_about: Some("linkedin"),
            age_days: 10,
            ..Seed::default()
        },
    )
    .await;
    let chen = seed_candidate(
        app,
        &Seed {
            given_name: "Chen",
            family_name: None,
            email: "chen@example.in",
            phone: "+919812345678",
            education: "IN",
            english: "toefl_ibt",
            states: &["TX"],
            heard_about: None,
            age_days: 40,
            ..Seed::default()
        },
    )
    .await;
    [ana, bola, chen]
}

#[tokio::test]
async fn search_finds_candidates_by_name_email_phone_and_reference() {
    let (app, _) = signed_in_app().await;
    let [ana, _, chen] = three_candidates(&app).await;
    assert_eq!(
        listed(&app, "").await,
        vec!["Ana Reyes", "Bolanle Okafor", "Chen"]
    );
    assert_eq!(listed(&app, "q=okafor").await, vec!["Bolanle Okafor"]);
    assert_eq!(
        listed(&app, "q=BOLA%40EXAMPLE").await,
        vec!["Bolanle Okafor"]
    );
    assert_eq!(listed(&app, "q=0917+123+4567").await, Vec::<String>::new());
    assert_eq!(listed(&app, "q=917-123-4567").await, vec!["Ana Reyes"]);
    assert_eq!(
        listed(&app, &format!("q={}", ana.reference.to_lowercase())).await,
        vec!["Ana Reyes"]
    );
    // Wildcards are literal.
    assert_eq!(listed(&app, "q=%25").await, Vec::<String>::new());
    assert_eq!(listed(&app, "q=_").await, Vec::<String>::new());
    // An earlier application's reference still finds the person, shown with the latest answers.
    let later = add_application(
        &app,
        chen.candidate_id,
        &Seed {
            given_name: "Chen",
            family_name: Some("Wei"),
            email: "chen@example.in",
            phone: "+919812345678",
            education: "IN",
            ..Seed::default()
        },
    )
    .await;
    assert_eq!(
        listed(&app, &format!("q={}", chen.reference)).await,
        vec!["Chen Wei"]
    );
    assert_eq!(
        listed(&app, &format!("q={}", later.reference)).await,
        vec!["Chen Wei"]
    );
    assert_eq!(listed(&app, "returning=yes").await, vec!["Chen Wei"]);
    assert_eq!(
        listed(&app, "returning=no").await,
        vec!["Ana Reyes", "Bolanle Okafor"]
    );
}

#[tokio::test]
async fn filters_narrow_the_list_and_combine() {
    let (app, me) = signed_in_app().await;
    let [ana, bola, _] = three_candidates(&app).await;
    assert_eq!(listed(&app, "education=NG").await, vec!["Bolanle Okafor"]);
    assert_eq!(
        listed(&app, "certification=none_yet").await,
        vec!["Bolanle Okafor"]
    );
    assert_eq!(
        listed(&app, "certification_status=passed&education=IN").await,
        vec!["Chen"]
    );
    assert_eq!(listed(&app, "english=toefl_ibt").await, vec!["Chen"]);
    assert_eq!(
        listed(&app, "state=TX").await,
        vec!["Bolanle Okafor", "Chen"]
    );
    assert_eq!(listed(&app, "state=TX&education=IN").await, vec!["Chen"]);
    assert_eq!(
        listed(&app, "work_authorisation=h1b").await,
        vec!["Bolanle Okafor"]
    );
    assert_eq!(
        listed(&app, "source=linkedin").await,
        vec!["Bolanle Okafor"]
    );
    let today = time::OffsetDateTime::now_utc().date();
    let week_ago = today - time::Duration::days(7);
    assert_eq!(
        listed(&app, &format!("from={week_ago}")).await,
        vec!["Ana Reyes"]
    );
    assert_eq!(
        listed(&app, &format!("to={week_ago}")).await,
        vec!["Bolanle Okafor", "Chen"]
    );
    assert_eq!(listed(&app, &format!("to={today}")).await.len(), 3);
    // Unknown values mean "any" rather than an error.
    assert_eq!(listed(&app, "english=klingon&sort=random").await.len(), 3);
    // Sorting.
    assert_eq!(
        listed(&app, "sort=oldest").await,
        vec!["Chen", "Bolanle Okafor", "Ana Reyes"]
    );
    assert_eq!(
        listed(&app, "sort=name").await,
        vec!["Ana Reyes", "Bolanle Okafor", "Chen"]
    );
    // Stage and owner come from the recruiters' work.
    post_admin(
        &app,
        &format!("/admin/candidates/{}/stage", bola.candidate_id),
        &[("stage", "screening")],
    )
    .await;
    post_admin(
        &app,
        &format!("/admin/candidates/{}/owner", ana.candidate_id),
        &[("owner", &me.to_string())],
    )
    .await;
    assert_eq!(
        listed(&app, "stage=screening").await,
        vec!["Bolanle Okafor"]
    );
    assert_eq!(listed(&app, "stage=new").await, vec!["Ana Reyes", "Chen"]);
    assert_eq!(
        listed(&app, &format!("owner={me}")).await,
        vec!["Ana Reyes"]
    );
}

#[tokio::test]
async fn the_list_pages_through_many_candidates() {
    let (app, _) = signed_in_app().await;
    for i in 1..=120 {
        let email: &'static str = Box::leak(format!("p{i}@example.com").into_boxed_str());
        let phone: &'static str = Box::leak(format!("+63917000{i:04}").into_boxed_str());
        crate::support::applications::store(&app.pool, None, |row| {
            row.given_name = "Person";
            row.family_name = None;
            (row.email, row.email_normalised) = (email, email);
            (row.phone_raw, row.phone_e164) = (phone, phone);
        })
        .await;
    }
    let (_, first) = app.get_html("/admin/candidates").await;
    assert_eq!(texts(&first, "table.candidates tbody tr").len(), 50);
    assert_eq!(
        texts(&first, "#result-count")[0].split(' ').next(),
        Some("120")
    );
    let (_, last) = app.get_html("/admin/candidates?page=3").await;
    assert_eq!(texts(&last, "table.candidates tbody tr").len(), 20);
    assert_eq!(texts(&last, ".pager span"), vec!["Page 3 of 3"]);
    let (status, _) = app.get_html("/admin/candidates?page=999999").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn the_candidate_page_shows_every_application_and_records_the_work() {
    let (app, me) = signed_in_app().await;
    let first = seed_candidate(
        &app,
        &Seed {
            age_days: 30,
            ..Seed::default()
        },
    )
    .await;
    let second = add_application(
        &app,
        first.candidate_id,
        &Seed {
            english: "oet",
            ..Seed::default()
        },
    )
    .await;
    let path = format!("/admin/candidates/{}", first.candidate_id);
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, 200);
    assert_eq!(texts(&page, "h1"), vec!["Ana Reyes"]);
    let headings = texts(&page, "section.application h2");
    assert_eq!(
        headings,
        vec![
            format!("Application {} (latest)", second.reference),
            format!("Application {}", first.reference)
        ]
    );
    let answers = texts(&page, "section.application dd");
    assert!(answers.iter().any(|a| a == "OET"), "{answers:?}");
    assert!(answers.iter().any(|a| a == "IELTS Academic"));

    let response = post_admin(&app, &format!("{path}/stage"), &[("stage", "contacted")]).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], path.as_str());
    post_admin(&app, &format!("{path}/stage"), &[("stage", "screening")]).await;
    assert_eq!(
        post_admin(&app, &format!("{path}/stage"), &[("stage", "hired")])
            .await
            .status(),
        400
    );
    post_admin(
        &app,
        &format!("{path}/notes"),
        &[("body", "Called; prefers nights.")],
    )
    .await;
    assert_eq!(
        post_admin(&app, &format!("{path}/notes"), &[("body", "   ")])
            .await
            .status(),
        400
    );
    post_admin(
        &app,
        &format!("{path}/owner"),
        &[("owner", &me.to_string())],
    )
    .await;

    let (_, page) = app.get_html(&path).await;
    assert_eq!(texts(&page, "#current-stage"), vec!["Screening"]);
    assert_eq!(texts(&page, ".note-body"), vec!["Called; prefers nights."]);
    // The recruiter's display name is shown, not their e-mail (issue 16).
    let name: String = sqlx::query_scalar("select display_name from recruiters where id = $1")
        .bind(me)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let meta = &texts(&page, ".note-entry .meta")[0];
    assert!(
        meta.starts_with(&format!("{name} ·")) && !meta.contains('@'),
        "{meta}"
    );
    let history = texts(&page, "ul.history li");
    assert_eq!(history.len(), 2);
    assert!(
        history[0].contains(&format!("Contacted → Screening by {name}")),
        "{history:?}"
    );
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_events where candidate_id = $1 order by created_at",
    )
    .bind(first.candidate_id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    for expected in [
        "candidate_viewed",
        "stage_changed",
        "note_added",
        "owner_changed",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} missing from {actions:?}"
        );
    }
    // Notes are append-only, even for the database's own users.
    let edited = sqlx::query("update candidate_notes set body = 'changed'")
        .execute(&app.pool)
        .await;
    assert!(edited.is_err());
}

#[tokio::test]
async fn dead_emails_are_shown_and_can_be_resent() {
    let (app, _) = signed_in_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    // Ten failed deliveries, recorded by the outbox's own functions as the worker records them.
    let email = labminds::email::Email {
        recipient: "ana.reyes@example.com".to_owned(),
        reply_to: None,
        subject: "s".to_owned(),
        body_text: "t".to_owned(),
        body_html: "h".to_owned(),
        unsubscribe_url: None,
    };
    let mut conn = app.pool.acquire().await.unwrap();
    let kind = outbox::MessageKind::CandidateAck;
    let about = outbox::About::Application {
        application_id: seeded.application_id,
        candidate_id: seeded.candidate_id,
    };
    let queued = outbox::Queued::new(kind, about, &email);
    let message_id = outbox::enqueue(&mut conn, &queued, "labminds.test")
        .await
        .unwrap()
        .unwrap();
    let lease = std::time::Duration::from_secs(60);
    for attempt in 1..=10 {
        let claimed = outbox::claim_due(&app.pool, 1, lease, outbox::Priority::Normal)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1, "attempt {attempt}");
        if attempt < 10 {
            let delay = std::time::Duration::ZERO;
            outbox::mark_retry(&app.pool, message_id, delay, "smtp 451 try later")
                .await
                .unwrap();
        }
    }
    outbox::mark_dead(&app.pool, message_id, "smtp 550 mailbox unavailable")
        .await
        .unwrap();
    let path = format!("/admin/candidates/{}", seeded.candidate_id);
    let (_, page) = app.get_html(&path).await;
    let emails = texts(&page, "ul.emails li");
    assert!(emails[0].contains("dead, 10 attempts"), "{emails:?}");
    assert!(emails[0].contains("smtp 550 mailbox unavailable"));
    let (_, overview) = app.get_html("/admin").await;
    assert!(
        texts(&overview, ".stats li.alert")
            .iter()
            .any(|t| t.contains("E-mails failed 1"))
    );

    let response = post_admin(&app, &format!("{path}/emails/{message_id}/resend"), &[]).await;
    assert_eq!(response.status(), 303);
    let (status, attempts, due): (String, i32, bool) = sqlx::query_as(
        "select status, attempts, next_attempt_at <= now() from outbox_messages where id = $1",
    )
    .bind(message_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((status.as_str(), attempts, due), ("pending", 0, true));
    // Another candidate's path cannot reach this message.
    let other = seed_candidate(
        &app,
        &Seed {
            email: "x@example.com",
            ..Seed::default()
        },
    )
    .await;
    let response = post_admin(
        &app,
        &format!(
            "/admin/candidates/{}/emails/{message_id}/resend",
            other.candidate_id
        ),
        &[],
    )
    .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_overview_counts_new_candidates_stages_and_countries() {
    let (app, _) = signed_in_app().await;
    three_candidates(&app).await;
    let (status, page) = app.get_html("/admin").await;
    assert_eq!(status, 200);
    let stats = texts(&page, ".stats li");
    assert!(
        stats[0].starts_with("New this week 1 of 3 candidates"),
        "{stats:?}"
    );
    let tables = texts(&page, "table tbody tr");
    assert!(tables.contains(&"New 3".to_owned()), "{tables:?}");
    for country in ["Philippines 1", "Nigeria 1", "India 1"] {
        assert!(
            tables.contains(&country.to_owned()),
            "{country} in {tables:?}"
        );
    }
}

#[tokio::test]
async fn the_csv_export_follows_the_filter_neutralises_formulas_and_is_audited() {
    // Exporting candidates in bulk is for admins (issue 16).
    let (app, _) = signed_in_admin_app().await;
    seed_candidate(
        &app,
        &Seed {
            given_name: "=HYPERLINK(\"http://evil.example\")",
            family_name: Some("@SUM(A1)"),
            ..Seed::default()
        },
    )
    .await;
    seed_candidate(
        &app,
        &Seed {
            given_name: "Bolanle",
            email: "b@example.ng",
            education: "NG",
            ..Seed::default()
        },
    )
    .await;
    let response = app
        .get("/admin/candidates.csv?education=PH&q=example")
        .await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body = response.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1, "{body}");
    assert_eq!(&rows[0][1], "'=HYPERLINK(\"http://evil.example\")");
    assert_eq!(&rows[0][2], "'@SUM(A1)");
    assert_eq!(&rows[0][4], "'+639171234567");
    for cell in rows[0].iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell}"
        );
    }
    let details: serde_json::Value =
        sqlx::query_scalar("select details from audit_events where action = 'candidates_exported'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        details,
        serde_json::json!({ "rows": 1, "filters": ["q", "education"] })
    );
}
