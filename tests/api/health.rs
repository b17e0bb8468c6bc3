//! Liveness, readiness, and behaviour while the database is unreachable.

use std::time::{Duration, Instant};

use crate::helpers::{spawn_app, spawn_app_behind_proxy};

#[tokio::test]
async fn healthz_answers_ok_without_touching_the_database() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn readyz_answers_ok_when_the_database_is_reachable() {
    let app = spawn_app().await;
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn readyz_answers_503_while_the_database_is_cut_off_and_recovers_by_itself() {
    // Arrange: the app reaches PostgreSQL only through a proxy the test controls.
    let (app, proxy) = spawn_app_behind_proxy(&[]).await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    // Act: cut the database off.
    proxy.cut();
    let started = Instant::now();
    let response = app.get("/readyz").await;

    // Assert: a prompt 503 with Retry-After, never a hang or a 500; the process keeps serving.
    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("retry-after"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "readiness must answer promptly"
    );
    assert_eq!(app.get("/healthz").await.status(), 200);
    assert_eq!(
        app.get("/").await.status(),
        200,
        "pages that need no database still work"
    );

    // The database comes back: readiness recovers without a restart.
    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if app.get("/readyz").await.status() == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "readiness did not recover within 10 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_schema_newer_than_the_binary_is_refused() {
    let app = spawn_app().await;
    sqlx::query(
        "insert into _sqlx_migrations (version, description, success, checksum, execution_time) \
         values (99990101000000, 'from a newer release', true, '\\x00', 0)",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let error = labminds::db::migrate(&app.pool).await.unwrap_err();
    assert!(
        matches!(
            error,
            labminds::db::SchemaError::AheadOfBinary(99990101000000)
        ),
        "{error}"
    );
    assert!(error.to_string().contains("newer than this binary"));
}
