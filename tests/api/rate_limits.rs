//! The shared rate limiter counts every hit once, also when they arrive at the same moment, and
//! says when the window ends.

use std::time::Duration;

use labminds::db::rate_limits::hit;

use crate::helpers::spawn_app;

#[tokio::test]
async fn parallel_hits_are_each_counted_once_per_key_and_bucket() {
    let app = spawn_app().await;
    let window = Duration::from_secs(3600);
    let hits = futures_util::future::join_all(
        (0..20).map(|_| hit(&app.pool, "test_bucket", b"client-a", window)),
    )
    .await;
    let mut counts: Vec<i32> = hits.into_iter().map(|h| h.unwrap().count).collect();
    counts.sort_unstable();
    assert_eq!(counts, (1..=20).collect::<Vec<_>>());
    // Another key, or the same key in another bucket, starts at one.
    assert_eq!(
        hit(&app.pool, "test_bucket", b"client-b", window)
            .await
            .unwrap()
            .count,
        1
    );
    assert_eq!(
        hit(&app.pool, "other_bucket", b"client-a", window)
            .await
            .unwrap()
            .count,
        1
    );
}

#[tokio::test]
async fn the_window_ends_within_one_window_from_now() {
    let app = spawn_app().await;
    let window = Duration::from_secs(900);
    let before = time::OffsetDateTime::now_utc();
    let hits = hit(&app.pool, "test_bucket", b"k", window).await.unwrap();
    assert!(hits.window_ends > before, "{hits:?}");
    assert!(
        hits.window_ends <= before + time::Duration::seconds(901),
        "{hits:?}"
    );
    // Aligned to the epoch: the window's end is a multiple of its length.
    assert_eq!(hits.window_ends.unix_timestamp() % 900, 0);
}
