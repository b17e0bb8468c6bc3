//! The database's check constraints and the application's closed lists agree: every value of
//! every list is stored, through the application's own functions, without a constraint refusing
//! it (a value added to a list but not to its migration fails here, not in production).

use labminds::cli::recruiter::{RecruiterCommand, run};
use labminds::db::applications::{self, FileRow};
use labminds::db::audit::{self, AuditAction};
use labminds::db::outbox::{self, About, MessageKind, Queued};
use labminds::db::pipeline;
use labminds::domain::choices::{
    Availability, CertificationStatus, EnglishTest, HeardAbout, Qualification, UsCertification,
    WorkAuthorisation,
};
use labminds::domain::cv::CV_KINDS;
use labminds::domain::stage::STAGES;
use labminds::email::Email;

use crate::helpers::spawn_app;
use crate::support::applications::store;

#[tokio::test]
async fn every_value_of_every_choice_list_is_accepted_by_the_database() {
    let app = spawn_app().await;
    let pool = &app.pool;

    // The intake's lists: each value on an application of its own (`store` fails loudly).
    for &value in Qualification::ALL {
        store(pool, None, |row| row.qualification = value.as_str()).await;
    }
    for &value in UsCertification::ALL {
        store(pool, None, |row| row.us_certification = value.as_str()).await;
    }
    for &value in CertificationStatus::ALL {
        store(pool, None, |row| {
            row.us_certification_status = value.as_str()
        })
        .await;
    }
    for &value in EnglishTest::ALL {
        store(pool, None, |row| row.english_test = value.as_str()).await;
    }
    for &value in WorkAuthorisation::ALL {
        store(pool, None, |row| row.work_authorisation = value.as_str()).await;
    }
    for &value in Availability::ALL {
        store(pool, None, |row| row.availability = value.as_str()).await;
    }
    for &value in HeardAbout::ALL {
        store(pool, None, |row| row.heard_about = Some(value.as_str())).await;
    }

    // A CV of every kind, and every kind of e-mail.
    let mut conn = pool.acquire().await.unwrap();
    for &kind in CV_KINDS {
        let stored = store(pool, None, |_| {}).await;
        let file = FileRow {
            application_id: stored.application_id,
            kind: kind.as_str(),
            content_type: kind.content_type(),
            file_name: "cv",
            sha256: &[0; 32],
            content: b"content",
        };
        applications::insert_file(&mut conn, &file)
            .await
            .unwrap_or_else(|e| panic!("CV kind {}: {e}", kind.as_str()));
    }
    let stored = store(pool, None, |_| {}).await;
    let email = Email {
        recipient: "ana@example.com".to_owned(),
        reply_to: None,
        subject: "s".to_owned(),
        body_text: "t".to_owned(),
        body_html: "h".to_owned(),
        unsubscribe_url: None,
    };
    let about = About::Application {
        application_id: stored.application_id,
        candidate_id: stored.candidate_id,
    };
    for &kind in MessageKind::ALL {
        outbox::enqueue(&mut conn, &Queued::new(kind, about, &email), "example.com")
            .await
            .unwrap_or_else(|e| panic!("e-mail kind {}: {e}", kind.as_str()));
    }

    // Every pipeline stage, and every audited action.
    let add = RecruiterCommand::Add {
        email: "ana@labmindsstaffing.com".to_owned(),
        admin: false,
        name: None,
    };
    run(add, pool, &b"correct horse battery staple\n"[..])
        .await
        .unwrap();
    let recruiter: uuid::Uuid = sqlx::query_scalar("select id from recruiters")
        .fetch_one(pool)
        .await
        .unwrap();
    for stage in STAGES.iter().skip(1).chain(&STAGES[..1]) {
        pipeline::change_stage(pool, stored.candidate_id, stage.value, recruiter)
            .await
            .unwrap_or_else(|e| panic!("stage {}: {e}", stage.value));
    }
    for &action in AuditAction::ALL {
        let details = serde_json::json!({});
        audit::record(pool, Some(recruiter), action, None, details)
            .await
            .unwrap_or_else(|e| panic!("audit action {}: {e}", action.as_str()));
    }

    // The lookup tables hold nothing the code does not know either (a kind or action left in a
    // table but gone from the code is a list that drifted).
    let mut kinds: Vec<String> = sqlx::query_scalar("select kind from email_kinds order by kind")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut ours: Vec<&str> = MessageKind::ALL.iter().map(|k| k.as_str()).collect();
    ours.sort_unstable();
    kinds.sort_unstable();
    assert_eq!(kinds, ours);
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_actions order by action")
            .fetch_all(pool)
            .await
            .unwrap();
    let mut ours: Vec<&str> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    ours.sort_unstable();
    assert_eq!(actions, ours);
}
