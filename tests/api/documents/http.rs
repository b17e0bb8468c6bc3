//! The whole document flow over HTTP, as the candidate and a recruiter use it.

use super::*;
use crate::admin::{post_admin, sign_in};
use crate::helpers::{client, texts};
use crate::portal::{
    Portal, candidate, mail_to, my_export, signed_in_client, spawn_portal, wait_until_sent,
};

const ANA: &str = "ana.documents@example.com";
const BEN: &str = "ben.documents@example.com";
const INBOX: &str = "support@labmindsstaffing.com";

fn uploaded_mails(portal: &Portal) -> usize {
    portal
        .smtp
        .messages()
        .into_iter()
        .filter(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("uploaded a document"))
        })
        .count()
}

async fn document_id(app: &TestApp, type_key: &str) -> Uuid {
    sqlx::query_scalar(
        "select d.id from candidate_documents d join document_checklist_items i on i.id = d.item_id
         where i.type_key = $1 and d.superseded_at is null",
    )
    .bind(type_key)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_candidate_uploads_from_my_application_and_the_inbox_hears_once() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;

    let page = client
        .get(app.url("/my-application/documents"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = html(page).await;
    let types = attrs(&page, "ul.checklist li", "data-type");
    // A Philippine MLS(ASCPi) holder heading for California and New York.
    for expected in [
        "passport",
        "mls_ascpi",
        "evaluation",
        "english_test",
        "visascreen",
        "state_licence_ca",
        "state_licence_ny",
    ] {
        assert!(
            types.contains(&expected.to_owned()),
            "{expected} in {types:?}"
        );
    }
    assert!(
        attrs(&page, "ul.checklist li", "data-status")
            .iter()
            .all(|s| s == "missing")
    );

    let response = candidate_upload(
        app,
        &client,
        &[("type", "english_test"), ("issued_on", "2025-03-10")],
        Some(("IELTS result.pdf", pdf())),
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        "/my-application/documents?uploaded=1"
    );
    let reference =
        sqlx::query_scalar::<_, String>("select reference from applications where id = $1")
            .bind(ana.application_id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(
        stored_documents(app).await,
        [(
            "english_test".to_owned(),
            "candidate".to_owned(),
            format!("{reference}-english-test.pdf"),
            // Two years from the test date, the last valid day.
            Some(time::macros::date!(2027 - 03 - 09)),
        )]
    );
    let page = html(
        client
            .get(app.url("/my-application/documents?uploaded=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(texts(&page, "p.note[role=status]").len(), 1);
    assert_eq!(
        attrs(&page, "li[data-type=english_test]", "data-status"),
        ["received"]
    );

    // The support inbox (nobody owns the case) is told once, with a link to the checklist.
    let mail = mail_to(&portal, INBOX, 1).await;
    let text = mail.body("text/plain").unwrap();
    assert!(text.contains("English test result"), "{text}");
    assert!(text.contains(&format!("/admin/candidates/{}#documents", ana.candidate_id)));
    assert!(
        !text.contains("IELTS result.pdf"),
        "the device's file name never travels"
    );
    wait_until_sent(app).await;
    assert_eq!(uploaded_mails(&portal), 1);

    // Her own download: an attachment under the derived name, never sniffed, the same bytes.
    let id = document_id(app, "english_test").await;
    let download = client
        .get(app.url(&format!("/my-application/documents/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200);
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(disposition.contains(&format!("{reference}-english-test.pdf")));
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.headers()["content-type"], "application/pdf");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf());

    // A new CV from My application is a document of type CV; the application stays as sent.
    let response = candidate_upload(app, &client, &[("type", "cv")], Some(("cv.pdf", pdf()))).await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        count(app, "select count(*) from application_files").await,
        0,
        "the application's own CV (none here) is untouched"
    );

    for action in ["document_uploaded", "document_downloaded"] {
        let n: i64 = sqlx::query_scalar("select count(*) from audit_events where action = $1")
            .bind(action)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert!(n >= 1, "{action} audited");
    }
}

#[tokio::test]
async fn only_the_owner_and_signed_in_recruiters_can_download() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    candidate(app, ANA).await;
    candidate(app, BEN).await;
    let ana = signed_in_client(&portal, ANA, 1).await;
    let response =
        candidate_upload(app, &ana, &[("type", "passport")], Some(("p.pdf", pdf()))).await;
    assert_eq!(response.status(), 303);
    let id = document_id(app, "passport").await;
    let portal_path = format!("/my-application/documents/{id}");
    let admin_path = format!("/admin/documents/{id}");

    // Another candidate gets the same 404 as for no such document; nobody at all is sent to
    // sign in, as on every page of My application, and gets no file.
    let ben = signed_in_client(&portal, BEN, 1).await;
    let theirs = ben.get(app.url(&portal_path)).send().await.unwrap();
    assert_eq!(theirs.status(), 404);
    let stranger = client();
    let to_sign_in = stranger.get(app.url(&portal_path)).send().await.unwrap();
    assert_eq!(to_sign_in.status(), 303);
    assert_eq!(to_sign_in.headers()["location"], "/my-application");
    let signed_out = stranger.get(app.url(&admin_path)).send().await.unwrap();
    assert_eq!(signed_out.status(), 303, "to the login page");
    assert_eq!(signed_out.headers()["location"], "/admin/login");
    // A candidate's session is no recruiter's.
    assert_eq!(
        ana.get(app.url(&admin_path)).send().await.unwrap().status(),
        303
    );
    let random = format!("/my-application/documents/{}", Uuid::now_v7());
    assert_eq!(
        ana.get(app.url(&random)).send().await.unwrap().status(),
        404
    );
    assert_eq!(
        ana.get(app.url("/my-application/documents/x"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // A signed-in recruiter can, as an attachment.
    sign_in(app).await;
    let download = app.get(&admin_path).await;
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf());
    let downloads: Vec<(Option<Uuid>,)> = sqlx::query_as(
        "select recruiter_id from audit_events where action = 'document_downloaded'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(downloads.len(), 1, "refused attempts are not downloads");
    assert!(downloads[0].0.is_some());
}

#[tokio::test]
async fn a_recruiter_uploads_verifies_waives_and_adds_on_the_candidate_page() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let recruiter = sign_in(app).await;
    let page_path = format!("/admin/candidates/{}", ana.candidate_id);
    let (status, page) = app.get_html(&page_path).await;
    assert_eq!(status, 200);
    assert!(
        attrs(&page, "#documents li", "data-type").contains(&"visascreen".to_owned()),
        "the checklist follows the plan"
    );

    let response = recruiter_upload(
        app,
        ana.candidate_id,
        &[
            ("type", "passport"),
            ("issued_on", "2020-01-05"),
            ("expires_on", "2030-01-04"),
        ],
        Some(("scan.jpg", jpeg())),
    )
    .await;
    assert_eq!(response.status(), 303);
    assert_eq!(
        response.headers()["location"],
        format!("{page_path}#documents")
    );
    let stored = stored_documents(app).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].1, "recruiter");
    assert!(stored[0].2.ends_with("-passport.jpg"), "{:?}", stored[0]);
    assert_eq!(stored[0].3, Some(time::macros::date!(2030 - 01 - 04)));
    assert_eq!(
        uploaded_mails(&portal),
        0,
        "a recruiter's own upload mails nobody"
    );

    let id = document_id(app, "passport").await;
    let verified = post_admin(app, &format!("{page_path}/documents/{id}/verify"), &[]).await;
    assert_eq!(verified.status(), 303);
    let (_, page) = app.get_html(&page_path).await;
    assert_eq!(
        attrs(&page, "#documents li[data-type=passport]", "data-status"),
        ["verified"]
    );
    let by: Option<Uuid> =
        sqlx::query_scalar("select verified_by from candidate_documents where id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(by, Some(recruiter));

    // Waiving needs a reason; the refused form keeps the page and says why beside the field.
    let item: Uuid = sqlx::query_scalar(
        "select id from document_checklist_items where type_key = 'state_licence_ny'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let waive = format!("{page_path}/checklist/{item}/waive");
    let refused = post_admin(app, &waive, &[("reason", "  ")]).await;
    assert_eq!(refused.status(), 422);
    let refused = html(refused).await;
    assert_eq!(
        texts(&refused, &format!("#waive-{item}-error")).len(),
        1,
        "the message beside the reason"
    );
    let waived = post_admin(app, &waive, &[("reason", "Heading for California only")]).await;
    assert_eq!(waived.status(), 303);
    let (_, page) = app.get_html(&page_path).await;
    assert_eq!(
        attrs(
            &page,
            "#documents li[data-type=state_licence_ny]",
            "data-status"
        ),
        ["waived"]
    );

    // Adding: an unknown type is a 422 beside the field; a known one joins the checklist.
    let add = format!("{page_path}/checklist");
    let unknown = post_admin(app, &add, &[("type", "diploma_of_magic")]).await;
    assert_eq!(unknown.status(), 422);
    assert_eq!(texts(&html(unknown).await, "#add-type-error").len(), 1);
    let added = post_admin(
        app,
        &add,
        &[("type", "specialist_ascp"), ("note", "Blood bank role")],
    )
    .await;
    assert_eq!(added.status(), 303);
    let again = post_admin(app, &add, &[("type", "specialist_ascp")]).await;
    assert_eq!(again.status(), 422, "already on the checklist");
    let origin: String = sqlx::query_scalar(
        "select origin from document_checklist_items where type_key = 'specialist_ascp'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(origin, "recruiter");

    // The lists across candidates and the overview's counts.
    let (status, list) = app.get_html("/admin/documents?within=90").await;
    assert_eq!(status, 200);
    assert!(
        texts(&list, "#missing td")
            .iter()
            .any(|t| t == "VisaScreen certificate")
    );
    let (_, list) = app.get_html("/admin/documents?type=evaluation").await;
    assert!(
        texts(&list, "#missing td")
            .iter()
            .all(|t| t != "VisaScreen certificate")
    );
    let (_, overview) = app.get_html("/admin").await;
    assert_eq!(texts(&overview, "#documents-counts h2"), ["Documents"]);

    for action in [
        "document_uploaded",
        "document_verified",
        "checklist_item_waived",
        "checklist_item_added",
    ] {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from audit_events where action = $1 and recruiter_id is not null",
        )
        .bind(action)
        .fetch_one(&app.pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{action}");
    }
}

/// A small whole JPEG: start of image, one APP0 segment, end of image.
fn jpeg() -> Vec<u8> {
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    jpeg.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    jpeg.extend(std::iter::repeat_n(0x55, 200));
    jpeg.extend_from_slice(&[0xFF, 0xD9]);
    jpeg
}

/// The fields, the file, and the field whose message is expected.
type BadUpload = (
    &'static [(&'static str, &'static str)],
    Option<(&'static str, Vec<u8>)>,
    &'static str,
);

#[tokio::test]
async fn bad_files_and_dates_get_a_message_beside_the_field_and_store_nothing() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let client = signed_in_client(&portal, ANA, 1).await;
    let program = [b"MZ\x90\0".as_slice(), &[0u8; 2000]].concat();
    let too_large = vec![b'%'; 10 * 1024 * 1024 + 1];
    let cases: Vec<BadUpload> = vec![
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            Some(("passport.pdf", program)),
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            Some(("passport.pdf", too_large)),
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            Some(("passport.pdf", Vec::new())),
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            None,
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            Some(("../../passport.pdf", pdf())),
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2020-01-05")],
            Some(("<img src=x>.pdf", pdf())),
            "file",
        ),
        (
            &[("type", "passport"), ("issued_on", "2999-01-01")],
            Some(("p.pdf", pdf())),
            "issued_on",
        ),
        (
            &[
                ("type", "passport"),
                ("issued_on", "2020-01-05"),
                ("expires_on", "2019-12-31"),
            ],
            Some(("p.pdf", pdf())),
            "expires_on",
        ),
        (
            &[("type", "diploma_of_magic"), ("issued_on", "2020-01-05")],
            Some(("p.pdf", pdf())),
            "type",
        ),
    ];
    for (fields, file, field) in cases {
        let response = candidate_upload(app, &client, fields, file).await;
        assert_eq!(response.status(), 422, "{fields:?}");
        let page = html(response).await;
        assert_eq!(
            texts(&page, &format!("#{field}-error")).len(),
            1,
            "{fields:?}: a message beside {field}"
        );
        assert_eq!(
            attrs(&page, "#issued_on", "value"),
            [fields[1].1],
            "what was typed is kept"
        );
    }
    // The same rules on the candidate page.
    sign_in(app).await;
    let response = recruiter_upload(
        app,
        ana.candidate_id,
        &[("type", "passport"), ("issued_on", "2999-01-01")],
        Some(("p.pdf", pdf())),
    )
    .await;
    assert_eq!(response.status(), 422);
    assert_eq!(texts(&html(response).await, "#doc-issued-error").len(), 1);
    // A forged upload (no token, another site) stores nothing either.
    let forged = app
        .client
        .post(app.url(&format!("/admin/candidates/{}/documents", ana.candidate_id)))
        .header("Origin", ORIGIN)
        .multipart(upload_form(
            "wrong",
            &[("type", "passport")],
            Some(("p.pdf", pdf())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let foreign = client
        .post(app.url("/my-application/documents"))
        .header("Origin", "https://evil.example")
        .multipart(upload_form(
            &candidate_csrf(app, &client).await,
            &[("type", "passport")],
            Some(("p.pdf", pdf())),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);

    assert_eq!(
        count(app, "select count(*) from candidate_documents").await,
        0
    );
    assert_eq!(
        count(app, "select count(*) from document_contents").await,
        0
    );
    wait_until_sent(app).await;
    assert_eq!(uploaded_mails(&portal), 0);
}

#[tokio::test]
async fn exports_list_the_documents_and_erasure_and_the_purge_remove_them() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let ben = candidate(app, BEN).await;
    let ana_client = signed_in_client(&portal, ANA, 1).await;
    let ben_client = signed_in_client(&portal, BEN, 1).await;
    for client in [&ana_client, &ben_client] {
        let response = candidate_upload(
            app,
            client,
            &[("type", "visascreen"), ("issued_on", "2024-02-29")],
            Some(("v.pdf", pdf())),
        )
        .await;
        assert_eq!(response.status(), 303);
    }

    let export = my_export(app, &ana_client).await;
    let documents = export["documents"]
        .as_array()
        .expect("documents in the export");
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["type"], "visascreen");
    assert_eq!(documents[0]["expires_on"], "2029-02-28");
    assert!(
        documents[0]["file_name"]
            .as_str()
            .unwrap()
            .ends_with("-visascreen.pdf")
    );
    assert!(
        export["checklist"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
    sign_in(app).await;
    let admin_export: serde_json::Value = app
        .get(&format!(
            "/admin/candidates/{}/export.json",
            ana.candidate_id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(admin_export["documents"], export["documents"]);

    // Ana erases everything from her page: her files go, Ben's stay.
    let confirm = html(
        ana_client
            .get(app.url("/my-application/erase"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let csrf = attrs(&confirm, "input[name=csrf_token]", "value").remove(0);
    let erased = ana_client
        .post(app.url("/my-application/erase"))
        .header("Origin", ORIGIN)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), 303);
    let of = |id: Uuid| {
        format!(
            "select count(*) from candidate_documents d join document_contents c on c.document_id = d.id where d.candidate_id = '{id}'"
        )
    };
    assert_eq!(count(app, &of(ana.candidate_id)).await, 0);
    assert_eq!(count(app, &of(ben.candidate_id)).await, 1);

    // Ben's application is past retention, without consent to keep it: the purge takes his files.
    sqlx::query("update applications set created_at = now() - interval '900 days', keep_data_consent = false where candidate_id = $1")
        .bind(ben.candidate_id)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("delete from candidate_consents where candidate_id = $1")
        .bind(ben.candidate_id)
        .execute(&app.pool)
        .await
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let purged = labminds::retention::purge(&app.pool, 24, today)
        .await
        .unwrap();
    assert!(purged >= 1);
    assert_eq!(
        count(app, "select count(*) from candidate_documents").await,
        0
    );
    assert_eq!(
        count(app, "select count(*) from document_contents").await,
        0
    );
    assert_eq!(
        count(app, "select count(*) from document_checklist_items").await,
        0
    );
}

/// The dashboard list narrows to one's own cases and to items missing for at least N days, and a
/// candidate's upload on an owned case tells the owner, not the support inbox.
#[tokio::test]
async fn the_lists_filter_by_owner_and_days_missing_and_an_upload_tells_the_owner() {
    use crate::support::applications::Stored;
    use crate::support::documents::{backdate_item, seed_missing};
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let ben = candidate(app, BEN).await;
    let me = sign_in(app).await;
    let owner_path = format!("/admin/candidates/{}/owner", ana.candidate_id);
    let assigned = post_admin(app, &owner_path, &[("owner", &me.to_string())]).await;
    assert_eq!(assigned.status(), 303);
    let waited = seed_missing(app, ana.candidate_id, "evaluation").await;
    seed_missing(app, ben.candidate_id, "evaluation").await;
    let today = time::OffsetDateTime::now_utc().date();
    backdate_item(app, waited, today - time::Duration::days(40)).await;

    let rows = |page: &scraper::Html| texts(page, "#missing tbody tr td:first-child");
    let of =
        |rows: &[String], who: &Stored| rows.iter().filter(|r| r.contains(&who.reference)).count();
    let (_, page) = app.get_html("/admin/documents").await;
    let all = rows(&page);
    assert!(of(&all, &ana) > 0 && of(&all, &ben) > 0, "{all:?}");
    let (_, page) = app.get_html("/admin/documents?mine=1").await;
    let mine = rows(&page);
    assert!(of(&mine, &ana) > 0 && of(&mine, &ben) == 0, "{mine:?}");
    let (_, page) = app.get_html("/admin/documents?waiting=30").await;
    let waiting = rows(&page);
    assert_eq!(
        waiting.len(),
        1,
        "only the evaluation waited 30 days: {waiting:?}"
    );
    assert_eq!(of(&waiting, &ana), 1);
    assert_eq!(
        texts(&page, "#missing tbody tr td:nth-child(2)"),
        ["Credential evaluation report"]
    );

    let client = signed_in_client(&portal, ANA, 1).await;
    let response = candidate_upload(
        app,
        &client,
        &[("type", "passport"), ("expires_on", "2031-06-30")],
        Some(("passport.pdf", pdf())),
    )
    .await;
    assert_eq!(response.status(), 303);
    let told = mail_to(&portal, "ana@labmindsstaffing.com", 1).await;
    assert!(
        told.header("Subject")
            .is_some_and(|s| s.contains("uploaded a document")),
        "{:?}",
        told.header("Subject")
    );
    wait_until_sent(app).await;
    let to_inbox = portal
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.header("To").is_some_and(|to| to.contains(INBOX)))
        .filter(|m| {
            m.header("Subject")
                .is_some_and(|s| s.contains("uploaded a document"))
        })
        .count();
    assert_eq!(to_inbox, 0, "an owned case tells its owner only");
}
