//! `/trust` (issue 12): the page, and its check of an address over real HTTP against a real
//! database: yes only for the exact address of an active recruiter or one of the site's own
//! inboxes, the same timing for yes and no, hostile input refused with a message, the per-client
//! limit, and a log line without the value.

use std::time::{Duration, Instant};

use crate::admin::{ORIGIN, add_recruiter};
use crate::helpers::{TestApp, attrs, spawn_app, spawn_app_with, texts};
use crate::support::binary::Binary;
use crate::support::database::TestDatabase;

/// The least time any answer takes.
const FLOOR: Duration = labminds::web::trust::ANSWER_FLOOR;

async fn form_token(app: &TestApp) -> String {
    let (status, html) = app.get_html("/trust").await;
    assert_eq!(status, 200);
    attrs(&html, "input[name=form_token]", "value").remove(0)
}

/// Posts a raw urlencoded body with our Origin; returns the status, the page and the time taken.
async fn post_raw(app: &TestApp, origin: Option<&str>, body: Vec<u8>) -> (u16, String, Duration) {
    let mut request = app
        .client
        .post(app.url("/trust"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    if let Some(origin) = origin {
        request = request.header("Origin", origin);
    }
    let started = Instant::now();
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let mut html = response.text().await.unwrap();
    if let Some(seconds) = retry_after {
        html.push_str(&format!("<!-- Retry-After: {seconds} -->"));
    }
    (status, html, started.elapsed())
}

fn encoded(pairs: &[(&str, &str)]) -> Vec<u8> {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
        .into_bytes()
}

/// One check as a browser on our page sends it.
async fn check(app: &TestApp, token: &str, contact: &str) -> (u16, String, Duration) {
    post_raw(
        app,
        Some(ORIGIN),
        encoded(&[("form_token", token), ("contact", contact)]),
    )
    .await
}

/// The answer's heading, e.g. "Yes: this is one of our addresses".
fn answer(html: &str) -> String {
    let html = scraper::Html::parse_document(html);
    texts(&html, "#answer h3").join(" ")
}

fn field_error(html: &str) -> String {
    let html = scraper::Html::parse_document(html);
    texts(&html, "#contact-error").join(" ")
}

const YES: &str = "Yes: this is one of our addresses";
const NO: &str = "No: this is not one of our addresses";

async fn app_with_recruiters() -> TestApp {
    let app = spawn_app().await;
    add_recruiter(&app, "ana.reyes@labmindsstaffing.com").await;
    add_recruiter(&app, "bob@labmindsstaffing.com").await;
    assert!(
        labminds::db::recruiters::disable(&app.pool, "bob@labmindsstaffing.com")
            .await
            .unwrap()
    );
    app
}

#[tokio::test]
async fn the_page_names_our_channels_the_safeguards_list_and_no_unconfigured_claims() {
    let app = spawn_app().await;
    let (status, html) = app.get_html("/trust").await;
    assert_eq!(status, 200);
    let text = html.root_element().text().collect::<String>();
    for expected in [
        "http://localhost:8080",
        "support@labmindsstaffing.com",
        "no-reply@labmindsstaffing.com",
        "Applying to LabMinds Staffing through this website is free",
        "We do not actively recruit in these countries",
    ] {
        assert!(text.contains(expected), "{expected}");
    }
    let countries = texts(&html, "#ethics ~ details li");
    assert_eq!(countries.len(), 55, "{countries:?}");
    assert!(countries.contains(&"Nigeria".to_owned()));
    assert!(!countries.contains(&"Philippines".to_owned()));
    // Without AGENCY_STATEMENTS_FILE the page makes no statement about fees or contracts.
    assert!(texts(&html, "#agency").is_empty());
    // Linked from every page's footer and from the application form.
    for path in ["/", "/apply"] {
        let (_, page) = app.get_html(path).await;
        assert!(
            attrs(&page, "footer a", "href").contains(&"/trust".to_owned()),
            "{path}"
        );
    }
    let (_, form) = app.get_html("/apply").await;
    assert!(attrs(&form, "main a", "href").contains(&"/trust".to_owned()));
}

#[tokio::test]
async fn the_operators_statements_are_shown_with_their_date() {
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/agency-statements.example.toml"
    );
    let app = spawn_app_with(&[("AGENCY_STATEMENTS_FILE", example)]).await;
    let (_, html) = app.get_html("/trust").await;
    assert_eq!(
        texts(&html, "#agency"),
        ["What LabMinds Staffing states about its business"]
    );
    assert_eq!(texts(&html, "#agency ~ h3"), ["Fees", "Contracts"]);
    assert_eq!(
        attrs(&html, "#agency ~ p time", "datetime")[0],
        "2026-12-01"
    );
}

#[tokio::test]
async fn only_exact_active_addresses_get_yes_and_yes_and_no_take_the_same_time() {
    let app = app_with_recruiters().await;
    let token = form_token(&app).await;
    let cases = [
        ("ana.reyes@labmindsstaffing.com", YES),
        // The domain's case does not make another address.
        ("  ana.reyes@LabMindsStaffing.COM ", YES),
        ("support@labmindsstaffing.com", YES),
        ("no-reply@labmindsstaffing.com", YES),
        // Near-misses: another case before the @, a dot more or less, another domain.
        ("Ana.Reyes@labmindsstaffing.com", NO),
        ("ana.re.yes@labmindsstaffing.com", NO),
        ("anareyes@labmindsstaffing.com", NO),
        ("ana.reyes@labmindsstaffing.co", NO),
        // A disabled recruiter, and an address at our domain that nobody has.
        ("bob@labmindsstaffing.com", NO),
        ("hr@labmindsstaffing.com", NO),
    ];
    let (mut yes, mut no) = (Vec::new(), Vec::new());
    for (contact, expected) in cases {
        let (status, html, took) = check(&app, &token, contact).await;
        assert_eq!(status, 200, "{contact}");
        assert_eq!(answer(&html), expected, "{contact}");
        if expected == YES {
            yes.push(took);
        } else {
            no.push(took);
        }
    }
    // Phone numbers: an active recruiter's public number (issue 16) is ours, exactly; a number
    // without its country code cannot be told either way, and the page says so.
    let (status, html, took) = check(&app, &token, "+63 917 123 4567").await;
    assert_eq!(status, 200);
    assert_eq!(answer(&html), NO, "nobody has this number yet");
    assert!(took >= FLOOR);
    let response = crate::admin::log_in_as(
        &app,
        "ana.reyes@labmindsstaffing.com",
        crate::admin::PASSWORD,
    )
    .await;
    assert_eq!(response.status(), 303);
    let saved = crate::admin::post_admin(
        &app,
        "/admin/account/profile",
        &[
            ("display_name", "Ana Reyes"),
            ("public_phone", "+63 917 123 4567"),
            ("time_zone", "Asia/Manila"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303);
    for (contact, expected) in [
        ("+63 917 123 4567", YES),
        ("+639171234567", YES),
        ("+63 917 123 4568", NO),
        (
            "0917 123 4567",
            "Please type the number with its country code",
        ),
    ] {
        let (_, html, took) = check(&app, &token, contact).await;
        assert_eq!(answer(&html), expected, "{contact}");
        assert!(took >= FLOOR);
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    let (yes_median, no_median) = (median(&mut yes), median(&mut no));
    println!(
        "trust check timing: yes {:?} (median {yes_median:?}), no {:?} (median {no_median:?})",
        yes, no
    );
    for took in yes.iter().chain(&no) {
        assert!(
            *took >= FLOOR,
            "an answer came sooner than the floor: {took:?}"
        );
    }
    let gap = yes_median.abs_diff(no_median);
    assert!(
        gap < Duration::from_millis(100),
        "yes ({yes_median:?}) and no ({no_median:?}) differ by {gap:?}"
    );
}

#[tokio::test]
async fn hostile_input_gets_a_message_and_never_a_500() {
    let app = spawn_app().await;
    let token = form_token(&app).await;
    let long = format!("{}@labmindsstaffing.com", "a".repeat(300));
    for (contact, message) in [
        ("", "Enter the e-mail address or phone number"),
        (long.as_str(), "longer than any e-mail address"),
        (
            "ana\u{1}@labmindsstaffing.com",
            "invisible control characters",
        ),
        ("ana\u{1b}[2J@x.com", "invisible control characters"),
        ("<script>alert(1)</script>", "is not an e-mail address"),
        ("' or 1=1 --", "is not an e-mail address"),
    ] {
        let (status, html, _) = check(&app, &token, contact).await;
        assert_eq!(status, 422, "{contact:?}");
        assert!(
            field_error(&html).contains(message),
            "{contact:?}: {}",
            field_error(&html)
        );
        // Kept as typed (escaped), and linked to its message.
        let page = scraper::Html::parse_document(&html);
        assert_eq!(
            attrs(&page, "input[name=contact]", "value"),
            [contact.to_owned()],
            "{contact:?}"
        );
        assert_eq!(
            attrs(&page, "input[name=contact]", "aria-describedby"),
            ["contact-hint contact-error"]
        );
    }
    // Bytes that are not UTF-8.
    let mut body = format!("form_token={token}&contact=").into_bytes();
    body.extend_from_slice(b"%FF%FEana%C0@x.com");
    let (status, html, _) = post_raw(&app, Some(ORIGIN), body).await;
    assert_eq!(status, 422);
    assert!(field_error(&html).contains("not readable text"), "{html}");
    // NUL: the site-wide rule answers before the handler, with its own message.
    let (status, html, _) = post_raw(
        &app,
        Some(ORIGIN),
        encoded(&[("form_token", &token), ("contact", "a\0@x.com")]),
    )
    .await;
    assert_eq!(status, 400);
    assert!(html.contains("NUL character"), "{html}");
    // A forged token: the check does not run, and says why.
    let (status, html, _) = post_raw(
        &app,
        Some(ORIGIN),
        encoded(&[
            ("form_token", "forged.1.abc"),
            ("contact", "ana@labmindsstaffing.com"),
        ]),
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("Please press “Check” again"), "{html}");
    assert!(answer(&html).is_empty());
    // No Origin, or another site's: refused.
    let good = encoded(&[
        ("form_token", &token),
        ("contact", "ana@labmindsstaffing.com"),
    ]);
    for origin in [None, Some("https://evil.example")] {
        let (status, html, _) = post_raw(&app, origin, good.clone()).await;
        assert_eq!(status, 403, "{origin:?}");
        assert!(answer(&html).is_empty());
    }
}

#[tokio::test]
async fn the_twenty_first_check_in_an_hour_gets_429_with_retry_after_and_keeps_the_value() {
    let app = spawn_app().await;
    let token = form_token(&app).await;
    let limit = labminds::web::trust::CHECKS_PER_HOUR as usize;
    let checks = (0..limit).map(|i| {
        let (app, token) = (&app, &token);
        async move { check(app, token, &format!("person{i}@example.com")).await }
    });
    for (status, _, _) in futures_util::future::join_all(checks).await {
        assert_eq!(status, 200);
    }
    let (status, html, _) = check(&app, &token, "one.more@example.com").await;
    assert_eq!(status, 429);
    let retry_after: u32 = html
        .rsplit("<!-- Retry-After: ")
        .next()
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a Retry-After header");
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    assert!(
        html.contains("Too many checks from your connection"),
        "{html}"
    );
    assert!(answer(&html).is_empty(), "no answer past the limit");
    let page = scraper::Html::parse_document(&html);
    assert_eq!(
        attrs(&page, "input[name=contact]", "value"),
        ["one.more@example.com"]
    );
}

#[tokio::test]
async fn the_log_says_a_check_was_answered_without_the_address() {
    let db = TestDatabase::create().await;
    let (binary, origin) = Binary::serve_on_own_origin(&db);
    let client = crate::helpers::client();
    let page = client
        .get(format!("{origin}/trust"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let page = scraper::Html::parse_document(&page);
    let token = attrs(&page, "input[name=form_token]", "value").remove(0);
    let secret = "someone.secret@scam.example";
    let response = client
        .post(format!("{origin}/trust"))
        .header("Origin", &origin)
        .form(&[("form_token", token.as_str()), ("contact", secret)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.text().await.unwrap().contains(NO));
    binary.signal("TERM");
    let (status, lines) = binary.wait(Duration::from_secs(15));
    assert!(status.success(), "{lines:#?}");
    let answered: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("trust check answered"))
        .collect();
    assert_eq!(answered.len(), 1, "{lines:#?}");
    let event: serde_json::Value = serde_json::from_str(answered[0]).unwrap();
    assert_eq!(event["answer"], "not_ours", "{event}");
    for line in &lines {
        assert!(
            !line.contains("someone.secret"),
            "the value was logged: {line}"
        );
        assert!(
            !line.contains("scam.example"),
            "the value was logged: {line}"
        );
    }
}
