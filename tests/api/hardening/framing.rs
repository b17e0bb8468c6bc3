//! Finding 12: with pipelining, an earlier response carried `connection: close` when a later
//! request asked for it, and request lines ending in a bare LF were accepted (a front proxy that
//! reads them otherwise could be made to disagree about where a request ends).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::spawn_app;

/// Sends `bytes` at once and returns everything the server answers until it closes.
async fn exchange(port: u16, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer));
    read.await
        .expect("the server closed the connection")
        .unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

/// The responses in `answer`, as (head, body) by their Content-Length.
fn responses(answer: &str) -> Vec<(String, String)> {
    let mut rest = answer;
    let mut out = Vec::new();
    while let Some((head, after)) = rest.split_once("\r\n\r\n") {
        let length = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_owned)
            })
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let is_head_answer = out.len() == usize::MAX;
        let length = if is_head_answer {
            0
        } else {
            length.min(after.len())
        };
        out.push((head.to_ascii_lowercase(), after[..length].to_owned()));
        rest = &after[length..];
    }
    out
}

#[tokio::test]
async fn each_pipelined_response_carries_its_own_connection_header() {
    let app = spawn_app().await;
    let answer = exchange(
        app.port,
        // The first asks the database, so the second is read before the first is answered.
        b"GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n\
          GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    let answers = responses(&answer);
    assert_eq!(answers.len(), 2, "{answer}");
    assert!(!answers[0].0.contains("connection: close"), "{answer}");
    assert!(answers[1].0.contains("connection: close"), "{answer}");
    assert_eq!(answers[0].1, "ready\n", "{answer}");
    assert_eq!(answers[1].1, "ok\n", "{answer}");
}

#[tokio::test]
async fn a_get_answers_with_its_body_when_a_head_is_pipelined_behind_it() {
    let app = spawn_app().await;
    let answer = exchange(
        app.port,
        b"GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n\
          HEAD /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (_, first) = answer.split_once("\r\n\r\n").unwrap();
    assert!(first.starts_with("ready\n"), "{answer}");
}

#[tokio::test]
async fn a_request_with_a_bare_lf_line_ending_is_refused() {
    let app = spawn_app().await;
    for request in [
        &b"GET /healthz HTTP/1.1\nHost: localhost\r\nConnection: close\r\n\r\n"[..],
        b"GET /healthz HTTP/1.1\r\nHost: localhost\nConnection: close\r\n\r\n",
        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\n\n",
    ] {
        let answer = exchange(app.port, request).await;
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 400"),
            "{:?} got {answer:?}",
            String::from_utf8_lossy(request)
        );
    }
    // CRLF everywhere is fine.
    let answer = exchange(
        app.port,
        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
