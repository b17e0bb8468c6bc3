//! Finding 9: without SECRET_KEY, a restart refused every open form once and reset the login and
//! submission counters (their hashes were keyed with a random per-process key). Now https needs
//! SECRET_KEY, and over http the key kept in the database stands in for it.

use labminds::web::server::Application;

use crate::admin::{ORIGIN, PASSWORD, add_recruiter};
use crate::helpers::{TestApp, client, spawn_app_with, test_settings};
use crate::intake::{form_token, thanks_reference, valid_answers};

/// A second server on the same database, as after a restart; returns its address.
async fn restarted(app: &TestApp) -> String {
    let settings = test_settings(
        &app.db,
        &app.mail_dir,
        &[("SECRET_KEY", ""), ("FORM_MIN_FILL_SECONDS", "0")],
    );
    let pool = labminds::db::connect(&settings).await.unwrap();
    let server = Application::build_with_pool(settings, pool, false)
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run_until_stopped());
    address
}

#[tokio::test]
async fn without_a_secret_key_a_restart_keeps_open_forms_and_counters() {
    let app = spawn_app_with(&[("SECRET_KEY", ""), ("FORM_MIN_FILL_SECONDS", "0")]).await;
    add_recruiter(&app, "ana@labmindsstaffing.com").await;
    let token = form_token(&app).await;
    for _ in 0..5 {
        crate::admin::log_in_as(&app, "ana@labmindsstaffing.com", "wrong wrong wrong").await;
    }
    let after = restarted(&app).await;
    // The form shown before the restart is accepted after it.
    let response = client()
        .post(format!("{after}/apply"))
        .form(&valid_answers(&token))
        .send()
        .await
        .unwrap();
    thanks_reference(&response);
    // The five failures still count.
    let response = client()
        .post(format!("{after}/admin/login"))
        .header("Origin", ORIGIN)
        .form(&[
            ("email", "ana@labmindsstaffing.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
}
