//! The real binary: start-up, JSON logs with request ids, and graceful shutdown on SIGTERM.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::support::binary::{Binary, free_port, wait_until_healthy};
use crate::support::database::TestDatabase;

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let binary = Binary::start(
        "serve",
        &db,
        &[
            ("BIND_ADDR", format!("127.0.0.1:{port}")),
            ("SHUTDOWN_TIMEOUT_SECONDS", "10".into()),
        ],
    );
    wait_until_healthy(port);

    // A request is in flight: the handler is reading its body when the signal arrives.
    let body = "given_name=Ana&utm_source=secret-query";
    let mut in_flight = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "POST /apply HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).unwrap();
    in_flight.write_all(&body.as_bytes()[..10]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    binary.signal("TERM");
    std::thread::sleep(Duration::from_millis(500));

    // The server no longer accepts new connections, but the request in flight is answered.
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "a stopping server must not accept new connections"
    );
    in_flight.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    in_flight
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    in_flight.read_to_string(&mut answer).unwrap();
    let status: u16 = answer.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    assert!(
        (200..500).contains(&status),
        "the in-flight request was not answered properly: {answer:.80}"
    );

    let (status, lines) = binary.wait(Duration::from_secs(15));
    assert!(status.success(), "exit status after SIGTERM: {status}");

    // The log: JSON lines, the request line carries a request id and the route, never the query.
    let events: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    let requests: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["message"] == "request finished")
        .collect();
    assert!(!requests.is_empty(), "no request lines in {lines:#?}");
    for request in &requests {
        assert!(
            request["span"]["request_id"]
                .as_str()
                .is_some_and(|id| id.len() == 36),
            "{request}"
        );
    }
    assert!(
        !lines.iter().any(|l| l.contains("secret-query")),
        "the query string must never be logged"
    );
    assert!(events.iter().any(|e| e["message"] == "stopped gracefully"));
}
