//! What a queued message is about decides what it goes with; a dedupe key queues a message at
//! most once; the most urgent message is claimed first, and the urgent lane claims nothing else.

use std::time::Duration;

use labminds::db::outbox::{self, About, MessageKind, Priority, Queued};
use labminds::email::Email;
use uuid::Uuid;

use crate::admin::{Seed, rows_with, seed_candidate};
use crate::helpers::{TestApp, spawn_app};

fn email(subject: &str) -> Email {
    Email {
        recipient: "ana.reyes@example.com".to_owned(),
        reply_to: None,
        subject: subject.to_owned(),
        body_text: "t".to_owned(),
        body_html: "h".to_owned(),
        unsubscribe_url: None,
    }
}

async fn queue(app: &TestApp, message: &Queued<'_>) -> Option<Uuid> {
    let mut conn = app.pool.acquire().await.unwrap();
    outbox::enqueue(&mut conn, message, "labminds.test")
        .await
        .unwrap()
}

const LEASE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn mail_about_a_candidate_is_erased_with_them_and_mail_to_nobody_stays() {
    let app = spawn_app().await;
    let seeded = seed_candidate(&app, &Seed::default()).await;
    let about_them = email("about them");
    let to_nobody = email("to an address");
    let kind = MessageKind::CandidateAck;
    let theirs = queue(
        &app,
        &Queued::new(kind, About::Candidate(seeded.candidate_id), &about_them),
    )
    .await
    .unwrap();
    let nobodys = queue(&app, &Queued::new(kind, About::Nobody, &to_nobody))
        .await
        .unwrap();
    assert_eq!(rows_with(&app, "outbox_messages", "id", theirs).await, 1);
    sqlx::query("delete from candidates where id = $1")
        .bind(seeded.candidate_id)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(rows_with(&app, "outbox_messages", "id", theirs).await, 0);
    assert_eq!(rows_with(&app, "outbox_messages", "id", nobodys).await, 1);
    // An application's e-mails (the intake's) were about the candidate too: none are left.
    assert_eq!(
        rows_with(&app, "outbox_messages", "candidate_id", seeded.candidate_id).await,
        0
    );
}

#[tokio::test]
async fn a_dedupe_key_queues_a_message_once_however_often_it_is_queued() {
    let app = spawn_app().await;
    let reminder = email("reminder");
    let message = Queued {
        dedupe_key: Some("reminder:document-1:2026-12-01"),
        ..Queued::new(MessageKind::CandidateAck, About::Nobody, &reminder)
    };
    let first = queue(&app, &message).await;
    assert!(first.is_some());
    let again = futures_util::future::join_all((0..5).map(|_| queue(&app, &message))).await;
    assert!(again.iter().all(Option::is_none), "{again:?}");
    let next_day = Queued {
        dedupe_key: Some("reminder:document-1:2026-12-02"),
        ..message
    };
    assert!(queue(&app, &next_day).await.is_some());
}

#[tokio::test]
async fn urgent_mail_is_claimed_first_and_the_urgent_lane_claims_only_urgent_mail() {
    let app = spawn_app().await;
    let (normal, urgent) = (email("normal"), email("sign-in link"));
    let normal_id = queue(
        &app,
        &Queued::new(MessageKind::CandidateAck, About::Nobody, &normal),
    )
    .await
    .unwrap();
    let urgent_id = queue(
        &app,
        &Queued {
            priority: Priority::Urgent,
            ..Queued::new(MessageKind::CandidateAck, About::Nobody, &urgent)
        },
    )
    .await
    .unwrap();
    // The urgent lane: the urgent row only, although the normal one is older.
    let claimed = outbox::claim_due(&app.pool, 10, LEASE, Priority::Urgent)
        .await
        .unwrap();
    let ids: Vec<Uuid> = claimed.iter().map(|c| c.id).collect();
    assert_eq!(ids, [urgent_id]);
    outbox::mark_retry(&app.pool, urgent_id, Duration::ZERO, "test")
        .await
        .unwrap();
    // The lane that drains everything: urgent first (one at a time, so the order shows), then
    // the rest.
    for expected in [urgent_id, normal_id] {
        let claimed = outbox::claim_due(&app.pool, 1, LEASE, Priority::Normal)
            .await
            .unwrap();
        let ids: Vec<Uuid> = claimed.iter().map(|c| c.id).collect();
        assert_eq!(ids, [expected]);
    }
}
