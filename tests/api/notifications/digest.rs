//! The daily digest for a fixed date: its content (each recruiter's own overdue actions and
//! their own candidates' documents expiring or expired), once per recruiter even with two
//! processes running `labminds digest --as-of` at the same moment, nothing when empty, the
//! settings (off, hour in the recruiter's own zone) honoured, disabled accounts left out.

use std::process::{Child, Command, Stdio};

use labminds::jobs::{Job, RunFor, RunOutcome, run_for};
use time::macros::{date, datetime};

use super::{ANA, BOB, delivered, mails};
use crate::admin::{Seed, Seeded, add_recruiter, post_admin, seed_candidate, sign_in};
use crate::documents::{pdf, recruiter_upload};
use crate::portal::{Portal, spawn_portal};

const DAY: &str = "2099-03-20";
const SUBJECT: &str = "Your LabMinds digest for 2099-03-20";

fn digest_process(portal: &Portal, args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("digest")
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &portal.app.db.url)
        .env("PUBLIC_URL", "http://localhost:8080")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finished(child: Child) -> String {
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The names of Ana's, Bob's and the unowned candidate (`Seed`'s default, Ana Reyes), which no
/// digest may carry: every section names a case by its reference only.
const NAMES: [&str; 5] = ["Maria", "Santos", "Jose", "Cruz", "Reyes"];

/// Ana owns a case with a next action overdue on DAY and documents: a passport expiring (inside
/// its 180 days; an older expired file of it replaced), a home-country licence expired, and a
/// California licence valid beyond its 90 days. Bob owns a case with an expiring passport and
/// has no actions; another case has no owner. Returns Ana's case and the (unowned, Bob's)
/// references.
async fn arrange(portal: &Portal) -> (Seeded, String, String) {
    let app = &portal.app;
    let ana = sign_in(app).await;
    let bob = add_recruiter(app, BOB).await;
    let owned = seed_candidate(
        app,
        &Seed {
            given_name: "Maria",
            family_name: Some("Santos"),
            email: "owned@example.com",
            phone: "+639170000021",
            ..Seed::default()
        },
    )
    .await;
    let bobs = seed_candidate(
        app,
        &Seed {
            given_name: "Jose",
            family_name: Some("Cruz"),
            email: "bobs@example.com",
            phone: "+639170000023",
            ..Seed::default()
        },
    )
    .await;
    let unowned = seed_candidate(
        app,
        &Seed {
            email: "unowned@example.com",
            phone: "+639170000022",
            ..Seed::default()
        },
    )
    .await;
    let path = format!("/admin/candidates/{}", owned.candidate_id);
    post_admin(
        app,
        &format!("{path}/owner"),
        &[("owner", &ana.to_string())],
    )
    .await;
    let response = post_admin(
        app,
        &format!("{path}/next-action"),
        &[
            ("what", "Ask for the <b>transcript</b>"),
            ("due_on", "2099-03-15"),
            ("assignee", ""),
        ],
    )
    .await;
    assert_eq!(response.status(), 303);

    let bobs_owner = format!("/admin/candidates/{}/owner", bobs.candidate_id);
    let assigned = post_admin(app, &bobs_owner, &[("owner", &bob.to_string())]).await;
    assert_eq!(assigned.status(), 303);
    for (candidate, type_key, expires_on) in [
        (owned.candidate_id, "passport", "2099-02-01"),
        (owned.candidate_id, "passport", "2099-06-01"),
        (owned.candidate_id, "home_licence", "2099-03-01"),
        (owned.candidate_id, "state_licence_ca", "2100-01-01"),
        (bobs.candidate_id, "passport", "2099-04-30"),
    ] {
        let fields = [("type", type_key), ("expires_on", expires_on)];
        let uploaded = recruiter_upload(app, candidate, &fields, Some(("scan.pdf", pdf()))).await;
        assert_eq!(uploaded.status(), 303, "{type_key} {expires_on}");
    }
    (owned, unowned.reference, bobs.reference)
}

#[tokio::test]
async fn two_processes_at_once_send_each_recruiter_one_digest_with_their_own_content() {
    let portal = spawn_portal(&[]).await;
    let (owned_case, unowned, bobs) = arrange(&portal).await;
    let owned = owned_case.reference.clone();

    let first = digest_process(&portal, &["--as-of", DAY]);
    let second = digest_process(&portal, &["--as-of", DAY]);
    let outputs = [finished(first), finished(second)];
    delivered(&portal).await;

    // One did the work; the other found it running, or found it done.
    assert!(
        outputs
            .iter()
            .any(|o| o.contains("queued 2 digest(s) for 2099-03-20")),
        "{outputs:?}"
    );
    assert!(
        outputs
            .iter()
            .any(|o| o.contains("another instance") || o.contains("queued 0 digest(s)")),
        "{outputs:?}"
    );
    let to_ana = mails(&portal, ANA, SUBJECT);
    let to_bob = mails(&portal, BOB, SUBJECT);
    assert_eq!((to_ana.len(), to_bob.len()), (1, 1));

    let ana_text = to_ana[0].body("text/plain").unwrap();
    assert!(ana_text.contains("Hello ana,"), "{ana_text}");
    assert!(ana_text.contains("New cases nobody owns"), "{ana_text}");
    assert!(
        ana_text.contains(&format!("- {unowned}: new since")),
        "{ana_text}"
    );
    assert!(
        !ana_text.contains(&format!("- {owned}: new since")),
        "owned is not unowned"
    );
    assert!(ana_text.contains("Your overdue next actions"), "{ana_text}");
    assert!(
        ana_text.contains(&format!(
            "- {owned}: Ask for the <b>transcript</b>, due 2099-03-15"
        )),
        "{ana_text}"
    );
    let ana_html = to_ana[0].body("text/html").unwrap();
    assert!(
        ana_html.contains("Ask for the &#60;b&#62;transcript&#60;/b&#62;"),
        "{ana_html}"
    );
    assert!(!ana_html.contains("<b>transcript"), "escaped");

    // Ana's candidates' documents: the expired one first, then the expiring one; not the
    // replaced file, not the licence valid beyond its warning time, not Bob's candidate's.
    let documents = "Your candidates' documents expiring soon";
    let expired = format!("- {owned}: Home-country licence, expired (valid until 2099-03-01)");
    let expiring = format!("- {owned}: Passport, valid until 2099-06-01");
    let position = |line: &str| {
        ana_text
            .find(line)
            .unwrap_or_else(|| panic!("{line}: {ana_text}"))
    };
    assert!(position(documents) < position(&expired), "{ana_text}");
    assert!(position(&expired) < position(&expiring), "{ana_text}");
    for absent in ["2099-02-01", "2100-01-01", "2099-04-30", bobs.as_str()] {
        assert!(!ana_text.contains(absent), "{absent}: {ana_text}");
    }
    // The overdue action and both documents link to the case's page.
    let owned_page = format!(
        "http://localhost:8080/admin/candidates/{}",
        owned_case.candidate_id
    );
    let html_page = scraper::Html::parse_document(&ana_html);
    let links: Vec<(String, String)> = crate::helpers::texts(&html_page, "li a")
        .into_iter()
        .zip(crate::helpers::attrs(&html_page, "li a", "href"))
        .filter(|(text, _)| *text == owned)
        .collect();
    assert_eq!(links.len(), 3, "{links:?}");
    assert!(
        links.iter().all(|(_, href)| *href == owned_page),
        "{links:?}"
    );
    assert!(
        ana_html.contains(&format!("{owned}</a>: Passport, valid until 2099-06-01")),
        "{ana_html}"
    );

    let bob_text = to_bob[0].body("text/plain").unwrap();
    assert!(
        bob_text.contains(&format!("- {unowned}: new since")),
        "{bob_text}"
    );
    assert!(
        !bob_text.contains("overdue"),
        "Bob has no actions: {bob_text}"
    );
    assert!(
        bob_text.contains(&format!("- {bobs}: Passport, valid until 2099-04-30")),
        "{bob_text}"
    );
    assert!(
        !bob_text.contains(&owned),
        "not Ana's candidates: {bob_text}"
    );

    // No candidate's name in any part of either digest: the reference names the case.
    let bob_html = to_bob[0].body("text/html").unwrap();
    for (part, body) in [
        ("Ana's text", &ana_text),
        ("Ana's HTML", &ana_html),
        ("Bob's text", &bob_text),
        ("Bob's HTML", &bob_html),
    ] {
        for name in NAMES {
            assert!(!body.contains(name), "{name} in {part}: {body}");
        }
    }

    // Again, later, by hand: nothing new for that date.
    let again = finished(digest_process(&portal, &["--as-of", DAY]));
    assert!(
        again.contains("queued 0 digest(s) for 2099-03-20; 2 sent before"),
        "{again}"
    );
    delivered(&portal).await;
    assert_eq!(mails(&portal, ANA, SUBJECT).len(), 1);
}

#[tokio::test]
async fn a_day_with_nothing_to_say_sends_nothing() {
    let portal = spawn_portal(&[]).await;
    sign_in(&portal.app).await;
    add_recruiter(&portal.app, BOB).await;
    let output = finished(digest_process(&portal, &["--as-of", DAY]));
    assert!(
        output.contains("queued 0 digest(s) for 2099-03-20; 0 sent before, 2 empty"),
        "{output}"
    );
    let queued: i64 =
        sqlx::query_scalar("select count(*) from outbox_messages where kind = 'recruiter_digest'")
            .fetch_one(&portal.app.pool)
            .await
            .unwrap();
    assert_eq!(queued, 0);
}

async fn run_digest(portal: &Portal, what: RunFor, key: &str) -> serde_json::Value {
    match run_for(&portal.app.pool, &portal.settings, Job::Digest, what, key)
        .await
        .unwrap()
    {
        RunOutcome::Done(counts) => counts,
        RunOutcome::Busy => panic!("nothing else runs the digest here"),
    }
}

#[tokio::test]
async fn the_settings_are_honoured_off_the_hour_and_the_time_zone_and_disabled_accounts_get_nothing()
 {
    let portal = spawn_portal(&[]).await;
    arrange(&portal).await;
    let app = &portal.app;

    // Ana: digest at 14:00. The form refuses an hour that is not one.
    let bad = post_admin(
        app,
        "/admin/account/digest",
        &[("digest_enabled", "on"), ("digest_hour", "24")],
    )
    .await;
    assert_eq!(bad.status(), 422);
    let page = scraper::Html::parse_document(&bad.text().await.unwrap());
    assert_eq!(crate::helpers::texts(&page, "#digest_hour-error").len(), 1);
    let saved = post_admin(
        app,
        "/admin/account/digest",
        &[("digest_enabled", "on"), ("digest_hour", "14")],
    )
    .await;
    assert_eq!(saved.status(), 303);
    let (_, page) = app.get_html("/admin/account").await;
    assert_eq!(
        crate::helpers::attrs(&page, "#digest_hour option[selected]", "value"),
        ["14"]
    );

    // At 09:00 local (Bob's default hour is 08:00): Bob is due, Ana is not yet.
    let nine = RunFor::Date {
        date: date!(2099 - 03 - 20),
        hour: Some(9),
    };
    let counts = run_digest(&portal, nine, "t1").await;
    assert_eq!(
        (counts["queued"].as_u64(), counts["not_due"].as_u64()),
        (Some(1), Some(1)),
        "{counts}"
    );
    let two_pm = RunFor::Date {
        date: date!(2099 - 03 - 20),
        hour: Some(14),
    };
    let counts = run_digest(&portal, two_pm, "t2").await;
    assert_eq!(
        (counts["queued"].as_u64(), counts["sent_before"].as_u64()),
        (Some(1), Some(1)),
        "{counts}"
    );

    // The scheduler's clock: Ana moves to Manila (UTC+8); at 06:30 UTC it is 14:30 there, and
    // 06:30 for Bob in UTC, before his hour.
    let profile = post_admin(
        app,
        "/admin/account/profile",
        &[
            ("display_name", "ana"),
            ("public_phone", ""),
            ("time_zone", "Asia/Manila"),
        ],
    )
    .await;
    assert_eq!(profile.status(), 303);
    let tick = RunFor::Tick(datetime!(2099-03-21 06:30 UTC));
    let counts = run_digest(&portal, tick, "t3").await;
    assert_eq!(
        (counts["queued"].as_u64(), counts["not_due"].as_u64()),
        (Some(1), Some(1)),
        "{counts}"
    );
    delivered(&portal).await;
    assert_eq!(
        mails(&portal, ANA, "Your LabMinds digest for 2099-03-21").len(),
        1
    );
    assert!(mails(&portal, BOB, "Your LabMinds digest for 2099-03-21").is_empty());

    // Off: no digest for Ana. Bob disabled: none for him either.
    let off = post_admin(app, "/admin/account/digest", &[("digest_hour", "14")]).await;
    assert_eq!(off.status(), 303);
    assert!(
        labminds::db::recruiters::disable(&app.pool, BOB)
            .await
            .unwrap()
    );
    let day_end = RunFor::Date {
        date: date!(2099 - 03 - 22),
        hour: None,
    };
    let counts = run_digest(&portal, day_end, "t4").await;
    assert_eq!(
        (counts["recipients"].as_u64(), counts["queued"].as_u64()),
        (Some(0), Some(0)),
        "{counts}"
    );
}
