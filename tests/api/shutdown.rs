//! The real binary: start-up, JSON logs with request ids, and graceful shutdown on SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::database::TestDatabase;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_until_healthy(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.write_all(
                b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            );
            let mut answer = String::new();
            let _ = stream.read_to_string(&mut answer);
            if answer.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not become healthy within 30 s");
}

#[tokio::test]
async fn sigterm_finishes_the_request_in_flight_then_exits_cleanly() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
    let mut child = Command::new(env!("CARGO_BIN_EXE_labminds"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("MAIL_DIR", &mail_dir)
        .env("LOG_FORMAT", "json")
        .env("SHUTDOWN_TIMEOUT_SECONDS", "10")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the labminds binary");
    let stderr = child.stderr.take().unwrap();
    let log_lines = std::thread::spawn(move || {
        BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
            .collect::<Vec<_>>()
    });
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
    assert_eq!(send_signal(child.id(), "TERM"), 0);
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

    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop within 15 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "exit status after SIGTERM: {status}");

    // The log: JSON lines, the request line carries a request id and the route, never the query.
    let lines = log_lines.join().unwrap();
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

/// Signals our own child with the `kill` command (the crate forbids unsafe code, so no libc::kill).
fn send_signal(pid: u32, signal: &str) -> i32 {
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    if status.success() { 0 } else { 1 }
}
