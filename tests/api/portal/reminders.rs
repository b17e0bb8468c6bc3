//! Document reminders (issue 14, item 4) with the real binary and a real SMTP server: for a
//! chosen `--as-of` date each reminder is delivered exactly once, even when two processes run
//! `labminds reminders` at the same moment; running again sends nothing new; the one-click
//! unsubscribe stops the candidate's reminders while the owner's go on.

use std::process::{Command, Output};

use super::*;
use crate::admin::ORIGIN;
use crate::support::documents::{backdate_item, seed_document, seed_missing};
use time::macros::date;
use time::{Date, Duration};

const ANA: &str = "ana.reminders@example.com";
const BEN: &str = "ben.reminders@example.com";
const SUPPORT: &str = "support@labmindsstaffing.com";
const AS_OF: Date = date!(2026 - 12 - 01);

fn reminders(app: &TestApp, as_of: Date) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_labminds"))
        .args(["reminders", "--as-of", &as_of.to_string()])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &app.db.url)
        .env("PUBLIC_URL", ORIGIN)
        .env("SECRET_KEY", "test-secret-key-0123456789abcdef0123456789")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start labminds reminders")
}

fn finished(child: std::process::Child) -> Output {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    output
}

async fn outbox_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from outbox_messages where kind like 'reminder%'")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

fn to(portal: &Portal, email: &str) -> Vec<ReceivedMessage> {
    portal
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(email)))
        .filter(|m| {
            m.header("Subject").is_some_and(|s| {
                s.contains("reminder about your documents") || s.contains("needs attention")
            })
        })
        .collect()
}

/// A current document of `type_key` whose last valid day is `days` after `AS_OF`.
async fn valid_for(app: &TestApp, candidate_id: uuid::Uuid, type_key: &str, days: i64) {
    seed_document(
        app,
        candidate_id,
        type_key,
        Some(AS_OF + Duration::days(days)),
    )
    .await;
}

async fn give_email_updates(portal: &Portal, email: &str, nth: usize) {
    let client = signed_in_client(portal, email, nth).await;
    let fields = [("purpose", "email_updates"), ("give", "yes")];
    let response = post_signed_in(&portal.app, &client, "/my-application/consents", &fields).await;
    assert_eq!(response.status(), 303);
}

#[tokio::test]
async fn reminders_for_a_date_are_sent_exactly_once_even_by_two_processes_at_once() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    let ben = candidate(app, BEN).await;
    give_email_updates(&portal, ANA, 1).await;
    // Ana: a passport whose last valid day is 30 days away (the type warns 180 days before), an
    // English test result valid for another 200 days (it warns 90 days before: not yet), and a
    // VisaScreen certificate missing since 35 days. Ben (no e-mail updates): an expiring passport.
    valid_for(app, ana.candidate_id, "passport", 30).await;
    valid_for(app, ana.candidate_id, "english_test", 200).await;
    let missing = seed_missing(app, ana.candidate_id, "visascreen").await;
    backdate_item(app, missing, AS_OF - Duration::days(35)).await;
    valid_for(app, ben.candidate_id, "passport", 10).await;

    // Two processes at the same moment: one does the work, the other finds it locked or done.
    let first = reminders(app, AS_OF);
    let second = reminders(app, AS_OF);
    let outputs = [finished(first), finished(second)];
    let said: Vec<String> = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .collect();
    assert!(
        said.iter()
            .any(|s| s.contains("3 reminder(s) due on 2026-12-01")),
        "{said:?}"
    );
    assert_eq!(
        outbox_rows(app).await,
        5,
        "2 to Ana, 3 to the support inbox"
    );
    wait_until_sent(app).await;
    let to_ana = to(&portal, ANA);
    assert_eq!(
        to_ana.len(),
        2,
        "the expiring passport and the missing VisaScreen"
    );
    assert!(
        to(&portal, BEN).is_empty(),
        "Ben did not choose e-mail reminders"
    );
    let to_support = to(&portal, SUPPORT);
    assert_eq!(
        to_support.len(),
        3,
        "nobody owns the cases: the support inbox"
    );
    let texts: Vec<String> = to_ana
        .iter()
        .map(|m| m.body("text/plain").unwrap())
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Passport is valid until 31 December 2026 (30 day(s) from today)")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("We still need your VisaScreen")),
        "{texts:?}"
    );
    let owner_texts: Vec<String> = to_support
        .iter()
        .map(|m| m.body("text/plain").unwrap())
        .collect();
    assert!(
        owner_texts
            .iter()
            .any(|t| t.contains(&ben.reference) && t.contains("were not told"))
    );

    // One-click unsubscribe headers on the candidate's mail (RFC 8058), none on the owner's.
    for message in &to_ana {
        let list = message
            .header("List-Unsubscribe")
            .expect("List-Unsubscribe");
        assert!(
            list.starts_with(&format!("<{ORIGIN}/unsubscribe/")),
            "{list}"
        );
        assert_eq!(
            message.header("List-Unsubscribe-Post").as_deref(),
            Some("List-Unsubscribe=One-Click")
        );
    }
    assert!(
        to_support
            .iter()
            .all(|m| m.header("List-Unsubscribe").is_none())
    );

    // Again for the same date, and the next day: nothing new.
    finished(reminders(app, AS_OF));
    finished(reminders(app, AS_OF + Duration::days(1)));
    assert_eq!(outbox_rows(app).await, 5);
}

#[tokio::test]
async fn after_the_one_click_unsubscribe_only_the_owner_is_reminded() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = candidate(app, ANA).await;
    give_email_updates(&portal, ANA, 1).await;
    valid_for(app, ana.candidate_id, "passport", 30).await;
    finished(reminders(app, AS_OF));
    wait_until_sent(app).await;
    let reminder = to(&portal, ANA).remove(0);
    let header = reminder.header("List-Unsubscribe").unwrap();
    let url = header.trim_start_matches('<').trim_end_matches('>');
    let path = url.strip_prefix(ORIGIN).expect("our own address");
    // The mail provider's one-click POST: no cookie, no Origin, the RFC 8058 body.
    let done = crate::helpers::client()
        .post(app.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);

    // A new event after the withdrawal: the English test enters its 90-day warning (the
    // passport's reminder was sent already).
    valid_for(app, ana.candidate_id, "english_test", 100).await;
    let later = AS_OF + Duration::days(20);
    let output = finished(reminders(app, later));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("queued 0 to candidates and 1 to owners"),
        "{said}"
    );
    wait_until_sent(app).await;
    assert_eq!(
        to(&portal, ANA).len(),
        1,
        "no reminder after the withdrawal"
    );
    let owner = to(&portal, SUPPORT);
    assert_eq!(owner.len(), 2);
    assert!(
        owner
            .iter()
            .any(|m| m.body("text/plain").unwrap().contains("English test"))
    );
}
