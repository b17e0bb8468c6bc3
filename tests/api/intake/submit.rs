//! Saving: the redirect, the rows, the outbox e-mails, the CV.

use super::*;
use crate::helpers::texts;

/// given, family, email, normalised, E.164, citizenships, states, experience, returning,
/// policy version, utm_source, keep data.
type StoredApplication = (
    String,
    Option<String>,
    String,
    String,
    String,
    Vec<String>,
    Vec<String>,
    f64,
    bool,
    String,
    String,
    bool,
);
/// kind, recipient, reply_to, subject, body_text, body_html, message_id.
type StoredEmail = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
);

#[tokio::test]
async fn a_valid_urlencoded_submission_redirects_to_a_thanks_page_with_its_reference() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;

    let response = post_form(&app, &valid_answers(&token)).await;

    let reference = thanks_reference(&response);
    let (status, html) = app.get_html(&format!("/apply/thanks/{reference}")).await;
    assert_eq!(status, 200);
    let main = texts(&html, "main").join(" ");
    assert!(main.contains(&reference), "{main}");
    assert!(
        !main.contains("María"),
        "the thanks page shows no personal data"
    );
    let stored: String = sqlx::query_scalar("select reference from applications")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, reference);
}

#[tokio::test]
async fn a_saved_application_stores_answers_raw_and_normalised_with_its_candidate() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = with(valid_answers(&token), "citizenship", "CA");
    let answers = [answers, vec![("citizenship".into(), "PH".into())]].concat();

    thanks_reference(&post_form(&app, &answers).await);

    let row: StoredApplication = sqlx::query_as(
        "select given_name, family_name, email, email_normalised, phone_e164, citizenships, \
             target_states, experience_years::float8, is_returning, privacy_policy_version, \
             utm_source, keep_data_consent from applications",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(row.0, "María José");
    assert_eq!(row.1.as_deref(), Some("dela Cruz"));
    assert_eq!(row.2, "Maria.Cruz@Example.com");
    assert_eq!(row.3, "maria.cruz@example.com");
    assert_eq!(row.4, "+639171234567");
    assert_eq!(row.5, vec!["CA", "PH"]);
    assert_eq!(row.6, vec!["CA", "NY"]);
    assert_eq!(row.7, 6.5);
    assert!(!row.8);
    assert_eq!(row.9, labminds::guide::PRIVACY_POLICY_VERSION);
    assert_eq!(row.10, "facebook");
    assert!(row.11);
    let raw_phone: String = sqlx::query_scalar("select raw_answers->>'phone' from applications")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(raw_phone, "0917 123 4567");
    assert_eq!(count(&app, "candidates").await, 1);
}

#[tokio::test]
async fn a_saved_application_queues_an_alert_and_an_acknowledgement_with_escaped_content() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = with(
        valid_answers(&token),
        "message",
        "<script>alert('x')</script> & \"quotes\"\r\nSecond line",
    );

    let reference = thanks_reference(&post_form(&app, &answers).await);

    let rows: Vec<StoredEmail> = sqlx::query_as(
        "select kind, recipient, reply_to, subject, body_text, body_html, message_id \
             from outbox_messages order by kind",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 2);
    let (ack, alert) = (&rows[0], &rows[1]);

    assert_eq!(alert.0, "support_alert");
    assert_eq!(alert.1, "support@labmindsstaffing.com");
    assert_eq!(alert.2.as_deref(), Some("Maria.Cruz@Example.com"));
    assert_eq!(alert.3, format!("New application {reference}"));
    assert!(alert.4.contains("María José") && alert.4.contains("+639171234567"));
    assert!(alert.4.contains("Philippines") && alert.4.contains("California, New York"));
    assert!(
        alert.4.contains("<script>alert('x')</script>"),
        "the text part is plain text"
    );
    assert!(alert.4.contains("/admin/candidates/"));
    assert!(
        !alert.5.contains("<script>"),
        "the HTML part is escaped: {}",
        alert.5
    );
    assert!(
        alert.5.contains("&#60;script&#62;alert(&#39;x&#39;)"),
        "{}",
        alert.5
    );
    assert!(alert.6.starts_with('<') && alert.6.ends_with("@localhost>"));

    assert_eq!(ack.0, "candidate_ack");
    assert_eq!(ack.1, "Maria.Cruz@Example.com");
    assert_eq!(ack.2.as_deref(), Some("support@labmindsstaffing.com"));
    assert!(ack.3.contains(&reference) && !ack.3.contains("María"));
    assert!(ack.4.contains(&reference) && ack.4.contains("/guide"));
    assert!(ack.5.contains("/certification") && ack.5.contains("/visas"));
    assert_ne!(ack.6, alert.6);
}

#[tokio::test]
async fn a_multipart_submission_with_a_small_pdf_stores_the_cv() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let pdf = small_pdf();

    let response = post_multipart(
        &app,
        &valid_answers(&token),
        Some(("C:\\Users\\maria\\My CV.pdf", pdf.clone())),
    )
    .await;

    let reference = thanks_reference(&response);
    let (kind, name, size, content): (String, String, i32, Vec<u8>) =
        sqlx::query_as("select kind, file_name, size_bytes, content from application_files")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    // Stored under a name derived from the reference and the detected kind (issue 18).
    let derived = format!("{reference}-cv.pdf");
    assert_eq!((kind.as_str(), name.as_str()), ("pdf", derived.as_str()));
    assert_eq!(size as usize, pdf.len());
    assert_eq!(content, pdf);
    let alert: String =
        sqlx::query_scalar("select body_text from outbox_messages where kind = 'support_alert'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(alert.contains(&derived), "{alert}");
    assert!(!alert.contains("My CV"), "{alert}");
}

#[tokio::test]
async fn a_multipart_submission_without_a_file_is_saved_without_a_cv() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    thanks_reference(&post_multipart(&app, &valid_answers(&token), None).await);
    assert_eq!(count(&app, "applications").await, 1);
    assert_eq!(count(&app, "application_files").await, 0);
}

#[tokio::test]
async fn a_single_name_without_a_family_name_is_accepted() {
    let app = spawn_intake_app().await;
    let token = form_token(&app).await;
    let answers = with(
        with(valid_answers(&token), "family_name", ""),
        "single_name",
        "yes",
    );
    thanks_reference(&post_form(&app, &answers).await);
    let family: Option<String> = sqlx::query_scalar("select family_name from applications")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(family, None);
}
