//! Documents (issue 14) over real HTTP with the e-mail worker delivering to a real SMTP server:
//! uploads from My application and from the candidate page, verification and waivers, who may
//! download what, bad files and dates, the data export, erasure and the retention purge.

mod browser;
mod http;

use reqwest::multipart::{Form, Part};
use reqwest::{Client, Response};
use uuid::Uuid;

use crate::admin::ORIGIN;
use crate::helpers::{TestApp, attrs};
use crate::portal::{html, my_application};

/// A small but whole PDF (the upload check reads it from its first byte to its last).
pub fn pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(2000, b' ');
    pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
    pdf
}

/// The multipart body a browser sends: the token first, then the fields, then the file.
pub fn upload_form(csrf: &str, fields: &[(&str, &str)], file: Option<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new().text("csrf_token", csrf.to_owned());
    for (name, value) in fields {
        form = form.text((*name).to_owned(), (*value).to_owned());
    }
    let part = match file {
        Some((name, bytes)) => Part::bytes(bytes).file_name(name.to_owned()),
        None => Part::bytes(Vec::new()).file_name(""),
    };
    form.part(
        "file",
        part.mime_str("application/octet-stream")
            .expect("a mime type"),
    )
}

/// The candidate's session token, from their page.
pub async fn candidate_csrf(app: &TestApp, client: &Client) -> String {
    let page = html(my_application(app, client).await).await;
    attrs(&page, "input[name=csrf_token]", "value").remove(0)
}

/// A candidate's upload from My application.
pub async fn candidate_upload(
    app: &TestApp,
    client: &Client,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> Response {
    let csrf = candidate_csrf(app, client).await;
    client
        .post(app.url("/my-application/documents"))
        .header("Origin", ORIGIN)
        .multipart(upload_form(&csrf, fields, file))
        .send()
        .await
        .unwrap()
}

/// A recruiter's upload on the candidate page (through `app.client`, signed in).
pub async fn recruiter_upload(
    app: &TestApp,
    candidate_id: Uuid,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> Response {
    let csrf = crate::admin::csrf_token(app).await;
    app.client
        .post(app.url(&format!("/admin/candidates/{candidate_id}/documents")))
        .header("Origin", ORIGIN)
        .multipart(upload_form(&csrf, fields, file))
        .send()
        .await
        .unwrap()
}

/// (type, uploaded_by, file_name, expires_on) of every stored document, oldest first.
pub async fn stored_documents(app: &TestApp) -> Vec<(String, String, String, Option<time::Date>)> {
    sqlx::query_as(
        "select i.type_key, d.uploaded_by, d.file_name, d.expires_on
         from candidate_documents d join document_checklist_items i on i.id = d.item_id
         order by d.created_at, d.id",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap()
}

pub async fn count(app: &TestApp, sql: &str) -> i64 {
    // The query borrows its text for the connection's lifetime: a test's few strings may leak.
    let sql: &'static str = Box::leak(sql.to_owned().into_boxed_str());
    sqlx::query_scalar(sql).fetch_one(&app.pool).await.unwrap()
}
