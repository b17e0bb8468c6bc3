//! Finding 1: slow request bodies were never timed out. One client holding about 1,100 slow POST
//! bodies used up the descriptors, and `/` and `/readyz` stopped answering for 40 s. Now one
//! client holds at most its cap of connections, each body has a deadline, and the probes answer.
//! Bounded for CI: 300 connections from the test, a 2 s deadline and a cap of 50 set for it.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::spawn_app_with;

const FLOOD: usize = 300;
const CAP: usize = 50;

/// A connection from 127.0.0.2 (another client than the test's probes on 127.0.0.1) that sends
/// the head of a 100 kB form post and one byte of its body, then nothing.
async fn slow_body(port: u16) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
    let mut stream = socket
        .connect(format!("127.0.0.1:{port}").parse().unwrap())
        .await
        .unwrap();
    stream
        .write_all(
            b"POST /apply HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ng",
        )
        .await
        .unwrap();
    stream
}

/// The status of the answer, once the server has also closed the connection.
async fn answer(mut stream: TcpStream) -> Option<u16> {
    let mut bytes = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut bytes)).await;
    read.ok()?.ok()?;
    let head = String::from_utf8_lossy(&bytes);
    head.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

#[tokio::test]
async fn a_slow_body_flood_from_one_client_is_capped_and_cut_off_while_readyz_answers() {
    let cap = CAP.to_string();
    let app = spawn_app_with(&[
        ("REQUEST_TIMEOUT_SECONDS", "2"),
        ("MAX_CONNECTIONS_PER_CLIENT", &cap),
    ])
    .await;
    let started = Instant::now();
    let mut flood = Vec::with_capacity(FLOOD);
    for _ in 0..FLOOD {
        flood.push(slow_body(app.port).await);
    }
    // While the flood holds its connections, the probes of other clients answer at once.
    for probe in ["/readyz", "/", "/healthz"] {
        let asked = Instant::now();
        assert_eq!(app.get(probe).await.status(), 200, "{probe}");
        assert!(
            asked.elapsed() < Duration::from_secs(1),
            "{probe} took {:?}",
            asked.elapsed()
        );
    }
    let answers = futures_util::future::join_all(flood.into_iter().map(answer)).await;
    let elapsed = started.elapsed();
    let count = |status| answers.iter().filter(|a| **a == Some(status)).count();
    let (refused, timed_out) = (count(429), count(408));
    println!(
        "slow-body flood: {FLOOD} connections, {refused} refused with 429 at once, {timed_out} \
         cut off with 408, all closed after {:.1} s",
        elapsed.as_secs_f64()
    );
    assert_eq!((refused, timed_out), (FLOOD - CAP, CAP), "{answers:?}");
    // Every connection was closed by the server within the deadline and a margin.
    assert!(elapsed < Duration::from_secs(12), "{elapsed:?}");
    assert_eq!(app.get("/readyz").await.status(), 200);
}

#[tokio::test]
async fn a_body_read_to_its_end_keeps_the_connection_and_an_unread_one_closes_it() {
    let app = spawn_app_with(&[("FORM_MIN_FILL_SECONDS", "0")]).await;
    let answers = crate::intake::valid_answers(&crate::intake::form_token(&app).await);
    let response = crate::intake::post_multipart(&app, &answers, None).await;
    assert_eq!(response.status(), 303);
    assert!(
        response.headers().get("connection").is_none(),
        "{:?}",
        response.headers()
    );
    // A body the route never reads (a GET with one) ends the connection after the answer.
    let mut stream = TcpStream::connect(("127.0.0.1", app.port)).await.unwrap();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\nab")
        .await
        .unwrap();
    let status = answer(stream).await;
    assert_eq!(status, Some(200));
}
