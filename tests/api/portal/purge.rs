//! The daily purge forgets what "My application" no longer needs: spent and expired links, idle
//! sessions, and after 30 days the notes sent to addresses with no application.

use super::*;

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}

#[tokio::test]
async fn the_purge_forgets_spent_links_idle_sessions_and_old_notes_to_nobody() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, "ana.purge@example.com").await;
    candidate(app, "bo.purge@example.com").await;
    // Ana signs in (a spent link, a session); Bo's link stays unused; a stranger gets a note.
    let ana = signed_in_client(&portal, "ana.purge@example.com", 1).await;
    request_link(app, &client(), "bo.purge@example.com").await;
    request_link(app, &client(), "nobody.purge@example.com").await;
    mail_to(&portal, "nobody.purge@example.com", 1).await;
    wait_until_sent(app).await;
    sqlx::query("update candidate_sessions set last_seen_at = now() - interval '31 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    let nobody = "select count(*) from outbox_messages where candidate_id is null";
    let today = time::OffsetDateTime::now_utc().date();

    labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert_eq!(
        count(app, "select count(*) from candidate_sessions").await,
        0
    );
    assert_eq!(
        count(app, "select count(*) from candidate_links").await,
        1,
        "Bo's is live"
    );
    assert_eq!(count(app, nobody).await, 1, "a fresh note is kept");

    sqlx::query("update outbox_messages set created_at = now() - interval '31 days'")
        .execute(&app.pool)
        .await
        .unwrap();
    labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert_eq!(count(app, nobody).await, 0);
    assert_eq!(
        count(
            app,
            "select count(*) from outbox_messages where kind = 'portal_link'"
        )
        .await,
        2,
        "mail about candidates stays with them"
    );
    assert!(!is_signed_in(app, &ana).await);
}
