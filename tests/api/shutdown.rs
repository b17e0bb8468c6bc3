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

    // A request is in flight: the handler is reading its body when the signal arrives. The
    // connection first carries a whole request, whose answer proves the server took it up.
    let body = "given_name=Ana&utm_source=secret-query";
    let mut in_flight = TcpStream::connect(("127.0.0.1", port)).unwrap();
    in_flight
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    in_flight
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .unwrap();
    let mut first = Vec::new();
    while !first.ends_with(b"\r\n\r\nok\n") {
        let mut chunk = [0u8; 1024];
        let read = in_flight.read(&mut chunk).unwrap();
        assert!(read > 0, "the connection closed");
        first.extend_from_slice(&chunk[..read]);
    }
    assert!(
        first.starts_with(b"HTTP/1.1 200"),
        "the connection is served"
    );
    let head = format!(
        "POST /apply HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).unwrap();
    in_flight.write_all(&body.as_bytes()[..10]).unwrap();
    wait_until_server_read(&in_flight, port);
    binary.signal("TERM");

    // The server soon stops accepting new connections, but the request in flight is answered.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_ok() {
        assert!(
            std::time::Instant::now() < deadline,
            "a stopping server must not accept new connections"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    in_flight.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
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

/// Waits until the server has read everything sent on `client` (its socket's receive queue is
/// empty in /proc/net/tcp): the request head is then in the server's hands, not the kernel's.
fn wait_until_server_read(client: &TcpStream, server_port: u16) {
    let client_port = client.local_addr().unwrap().port();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let table = std::fs::read_to_string("/proc/net/tcp").unwrap();
        // Columns: sl, local address, remote address, state, tx_queue:rx_queue, ...
        let unread = table.lines().skip(1).find_map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let port_of = |address: &str| {
                address
                    .rsplit(':')
                    .next()
                    .and_then(|p| u16::from_str_radix(p, 16).ok())
            };
            let ours = port_of(columns.get(1)?)? == server_port
                && port_of(columns.get(2)?)? == client_port;
            ours.then(|| columns.get(4)?.split(':').nth(1).map(str::to_owned))?
        });
        if unread
            .as_deref()
            .is_some_and(|queue| u64::from_str_radix(queue, 16) == Ok(0))
        {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server never read the request ({unread:?} bytes waiting)"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
