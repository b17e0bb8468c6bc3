//! The new owner hears of an assignment once; nobody hears of assigning themselves.

use super::{ANA, BOB, delivered, mails};
use crate::admin::{add_recruiter, post_admin, sign_in};
use crate::portal::spawn_portal;
use crate::support::applications;

const SUBJECT: &str = "A case was assigned to you";

#[tokio::test]
async fn the_new_owner_gets_one_email_per_assignment_and_self_assignment_sends_nothing() {
    let portal = spawn_portal(&[]).await;
    let app = &portal.app;
    let ana = sign_in(app).await;
    let bob = add_recruiter(app, BOB).await;
    let stored = applications::store(&app.pool, None, |_| {}).await;
    let owner_path = format!("/admin/candidates/{}/owner", stored.candidate_id);

    // Ana takes the case herself: no e-mail to anyone.
    let response = post_admin(app, &owner_path, &[("owner", &ana.to_string())]).await;
    assert_eq!(response.status(), 303);
    // Ana gives it to Bob, then presses the button again (the same owner: no new assignment).
    post_admin(app, &owner_path, &[("owner", &bob.to_string())]).await;
    post_admin(app, &owner_path, &[("owner", &bob.to_string())]).await;
    delivered(&portal).await;

    assert!(
        mails(&portal, ANA, SUBJECT).is_empty(),
        "no mail for self-assignment"
    );
    let to_bob = mails(&portal, BOB, SUBJECT);
    assert_eq!(to_bob.len(), 1, "exactly one e-mail for one assignment");
    let text = to_bob[0].body("text/plain").unwrap();
    assert!(text.contains("Hello bob,"), "{text}");
    assert!(text.contains("ana assigned the case"), "{text}");
    assert!(text.contains(&stored.reference), "{text}");
    assert!(
        text.contains(&format!(
            "http://localhost:8080/admin/candidates/{}",
            stored.candidate_id
        )),
        "{text}"
    );
    // Nothing personal in the subject; the same e-mail to the owner only.
    assert_eq!(to_bob[0].header("Subject").as_deref(), Some(SUBJECT));
    assert_eq!(to_bob[0].rcpt_to, [BOB]);

    // Cleared and given back to Bob: a new assignment, a new e-mail.
    post_admin(app, &owner_path, &[("owner", "")]).await;
    post_admin(app, &owner_path, &[("owner", &bob.to_string())]).await;
    delivered(&portal).await;
    assert_eq!(mails(&portal, BOB, SUBJECT).len(), 2);
    let keys: Vec<String> = sqlx::query_scalar(
        "select dedupe_key from outbox_messages where kind = 'case_assigned' order by created_at",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(keys.len(), 2);
    assert!(
        keys.iter().all(|k| k.starts_with("assigned:")) && keys[0] != keys[1],
        "{keys:?}"
    );
}
