//! What one submission costs the database in round trips (issue 17): counted by a proxy that
//! reads the messages the app sends, on a pool of one connection whose statements were prepared
//! by an earlier submission, so the count is the steady state every later submission pays.

use super::*;
use crate::helpers::spawn_app_counting_round_trips;

/// Posts a fresh form with this e-mail and phone and returns the round trips it cost.
async fn round_trips_of(
    app: &TestApp,
    proxy: &crate::support::tcp_proxy::TcpProxy,
    email: &str,
    phone: &str,
) -> u64 {
    let token = form_token(app).await;
    let answers = with(with(valid_answers(&token), "email", email), "phone", phone);
    let before = settled(proxy).await;
    let response = post_form(app, &answers).await;
    thanks_reference(&response);
    settled(proxy).await - before
}

/// The count once nothing has been sent for a while: sqlx pings a connection as it goes back to
/// the pool in a task of its own, which may end after the answer was sent.
async fn settled(proxy: &crate::support::tcp_proxy::TcpProxy) -> u64 {
    let mut count = proxy.round_trips();
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let now = proxy.round_trips();
        if now == count {
            return count;
        }
        count = now;
    }
}

#[tokio::test]
async fn a_submission_costs_sixteen_round_trips_and_fifteen_for_a_returning_candidate() {
    let (app, proxy) = spawn_app_counting_round_trips(&[
        ("FORM_MIN_FILL_SECONDS", "0"),
        ("DATABASE_MAX_CONNECTIONS", "1"),
    ])
    .await;
    // Prepares every statement on the one connection.
    round_trips_of(&app, &proxy, "first@example.com", "0917 000 0001").await;

    let new_candidate = round_trips_of(&app, &proxy, "second@example.com", "0917 000 0002").await;
    let returning = round_trips_of(&app, &proxy, "first@example.com", "0917 000 0001").await;

    // sqlx's pings as the connection leaves the pool and as it goes back, the idempotency
    // look-up, BEGIN, the counter, the returning-candidate look-up, the candidate (new ones
    // only), the application, the sign-in link, the possible-duplicate look-up, two e-mails,
    // COMMIT, and the checklist's three statements (the applications, the newest changed
    // details, the plan's items).
    assert_eq!((new_candidate, returning), (16, 15));
}
