//! Finding 12: any well-formed `/apply/thanks/LM-XXXXXXXX` rendered a thank-you page for a
//! reference that does not exist. Now only a saved application's reference (or the honeypot's
//! decoy, which must look accepted to the bot) gets one; any other is a 404.

use crate::helpers::spawn_app_with;
use crate::intake::{form_token, post_form, thanks_reference, valid_answers, with};

#[tokio::test]
async fn a_thank_you_page_exists_only_for_a_saved_application() {
    let app = spawn_app_with(&[("FORM_MIN_FILL_SECONDS", "0")]).await;
    assert_eq!(app.get("/apply/thanks/LM-23456789").await.status(), 404);
    let reference =
        thanks_reference(&post_form(&app, &valid_answers(&form_token(&app).await)).await);
    assert_eq!(
        app.get(&format!("/apply/thanks/{reference}"))
            .await
            .status(),
        200
    );
    // The honeypot's decoy still looks accepted, and stores nothing.
    let bot = with(
        valid_answers(&form_token(&app).await),
        "website",
        "http://spam.example",
    );
    let decoy = thanks_reference(&post_form(&app, &bot).await);
    assert_ne!(decoy, reference);
    assert_eq!(
        app.get(&format!("/apply/thanks/{decoy}")).await.status(),
        200
    );
    assert_eq!(crate::intake::count(&app, "applications").await, 1);
}
