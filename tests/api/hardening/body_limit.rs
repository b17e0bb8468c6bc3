//! Finding 12: a gzip body that inflates past the limit on an admin POST was logged at ERROR.
//! It is the client's doing: a 413 page, logged at warn.

use std::io::Write;
use std::time::Duration;

use crate::support::binary::Binary;
use crate::support::database::TestDatabase;

#[tokio::test]
async fn a_body_that_inflates_past_the_limit_gets_413_and_a_warning_not_an_error() {
    let db = TestDatabase::create().await;
    let (binary, origin) = Binary::serve_on_own_origin(&db);
    // 4 MiB of form that compresses to a few kilobytes.
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(b"csrf_token=x&note=").unwrap();
    gzip.write_all(&vec![b'a'; 4 * 1024 * 1024]).unwrap();
    let bomb = gzip.finish().unwrap();
    assert!(bomb.len() < 64 * 1024);
    for path in ["/admin/logout", "/admin/login", "/apply"] {
        let response = crate::helpers::client()
            .post(format!("{origin}{path}"))
            .header("Origin", &origin)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Content-Encoding", "gzip")
            .body(bomb.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 413, "{path}");
    }
    binary.signal("TERM");
    let (_, log) = binary.wait(Duration::from_secs(20));
    let levels: Vec<&str> = log
        .iter()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| {
            event["fields"]["message"] == "request body over the limit, answering 413"
                || event["message"] == "request body over the limit, answering 413"
        })
        .map(|event| {
            if event["level"] == "WARN" {
                "warn"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(levels, vec!["warn"; 3], "{log:#?}");
    let errors: Vec<&String> = log
        .iter()
        .filter(|l| l.contains("\"level\":\"ERROR\""))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
