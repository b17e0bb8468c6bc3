//! Finding 4: a CV starting with `%PDF-` was accepted under any name and offered to recruiters
//! under it (`cv.html`, `cv.hta`, `cv.exe`...); a downloaded `cv.html` ran its script. Now the
//! name comes from the reference and the detected kind, and a file that is not wholly one allowed
//! kind is refused.

use super::site_with_data;
use crate::helpers::texts;
use crate::intake::{
    count, form_token, post_multipart, small_pdf, thanks_reference, valid_answers,
};

#[tokio::test]
async fn a_cv_is_stored_and_offered_under_a_name_from_its_reference_whatever_it_was_called() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    for name in ["cv.html", "cv.hta", "cv.bat", "cv.svg", "cv.exe"] {
        let answers = crate::intake::with(
            valid_answers(&form_token(app).await),
            "email",
            &format!("{name}@example.com"),
        );
        let reference =
            thanks_reference(&post_multipart(app, &answers, Some((name, small_pdf()))).await);
        let application: uuid::Uuid =
            sqlx::query_scalar("select id from applications where reference = $1")
                .bind(&reference)
                .fetch_one(&app.pool)
                .await
                .unwrap();
        let response = app
            .get(&format!("/admin/applications/{application}/cv"))
            .await;
        assert_eq!(response.status(), 200);
        let disposition = response.headers()["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with(&format!("attachment; filename=\"{reference}-cv.pdf\"")),
            "{name}: {disposition}"
        );
        assert!(!disposition.contains(name), "{disposition}");
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    let names: Vec<String> = sqlx::query_scalar("select file_name from application_files")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with("LM-") && n.ends_with("-cv.pdf")),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_pdf_with_a_web_page_appended_is_refused_beside_the_field() {
    let site = site_with_data(&[]).await;
    let app = &site.app;
    let before = count(app, "applications").await;
    let polyglot = [
        small_pdf(),
        b"<html><script>fetch('/admin')</script></html>".to_vec(),
    ]
    .concat();
    let answers = crate::intake::with(
        valid_answers(&form_token(app).await),
        "email",
        "p@example.com",
    );
    let response = post_multipart(app, &answers, Some(("cv.pdf", polyglot))).await;
    assert_eq!(response.status(), 422);
    let html = scraper::Html::parse_document(&response.text().await.unwrap());
    assert!(
        !texts(&html, "#cv-error").is_empty(),
        "no message beside the CV field"
    );
    assert_eq!(count(app, "applications").await, before);
}
