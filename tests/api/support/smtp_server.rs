//! A real SMTP server on 127.0.0.1, speaking enough of RFC 5321 for lettre, that stores what it
//! receives. Tests switch its behaviour (accept, reject, hang) and stop or restart it, to see the
//! worker deal with a relay that misbehaves.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// How the server answers, changeable while it runs (read at each command).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// Answers MAIL FROM with this code, e.g. 554 (permanent) or 451 (temporary).
    RejectAll(u16),
    /// Accepts the connection and then never answers.
    Hang,
    /// Stores the message at the end of DATA, then waits this long before answering 250.
    AcceptSlowly(Duration),
}

/// A message as received: the envelope and the raw data (dot-unstuffed, CRLF line ends).
#[derive(Debug, Clone)]
pub struct ReceivedMessage {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
    /// When the data was accepted (the fault suite tells which fault a duplicate followed).
    #[allow(
        dead_code,
        reason = "read by the fault suite's report, which shares this file"
    )]
    pub received_at: Instant,
}

#[derive(Default)]
struct Shared {
    mode: Option<Mode>,
    messages: Vec<ReceivedMessage>,
}

pub struct SmtpServer {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
    received: Arc<Notify>,
    /// The accept loop and every connection: aborted together by `stop`.
    tasks: Option<JoinSet<()>>,
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        Self::start_on(0).await
    }

    async fn start_on(port: u16) -> SmtpServer {
        let mut server = SmtpServer {
            port,
            shared: Arc::new(Mutex::new(Shared {
                mode: Some(Mode::Accept),
                messages: Vec::new(),
            })),
            received: Arc::new(Notify::new()),
            tasks: None,
        };
        server.listen().await;
        server
    }

    async fn listen(&mut self) {
        let socket = TcpSocket::new_v4().unwrap();
        // The port of a stopped server is taken again at once on restart.
        socket.set_reuseaddr(true).unwrap();
        let addr: SocketAddr = ([127, 0, 0, 1], self.port).into();
        socket
            .bind(addr)
            .unwrap_or_else(|e| panic!("bind SMTP port {}: {e}", self.port));
        let listener = socket.listen(64).unwrap();
        self.port = listener.local_addr().unwrap().port();
        let mut tasks = JoinSet::new();
        let shared = self.shared.clone();
        let received = self.received.clone();
        tasks.spawn(async move {
            // Owned by the accept task: aborting it drops the listener and every connection.
            let mut connections = JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (shared, received) = (shared.clone(), received.clone());
                connections.spawn(session(stream, shared, received));
            }
        });
        self.tasks = Some(tasks);
    }

    pub fn set_mode(&self, mode: Mode) {
        self.shared.lock().unwrap().mode = Some(mode);
    }

    /// Closes the port and every open connection: clients get "connection refused".
    pub async fn stop(&mut self) {
        if let Some(mut tasks) = self.tasks.take() {
            tasks.shutdown().await;
        }
    }

    /// Listens again on the same port, keeping the messages received so far.
    pub async fn restart(&mut self) {
        self.stop().await;
        self.listen().await;
    }

    pub fn messages(&self) -> Vec<ReceivedMessage> {
        self.shared.lock().unwrap().messages.clone()
    }

    /// Waits until at least `n` messages arrived; panics after `timeout`.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMessage> {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.received.notified();
            let messages = self.messages();
            if messages.len() >= n {
                return messages;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            assert!(
                !left.is_zero(),
                "expected {n} messages within {timeout:?}, got {}",
                messages.len()
            );
            let _ = tokio::time::timeout(left.min(Duration::from_millis(200)), notified).await;
        }
    }
}

async fn session(stream: TcpStream, shared: Arc<Mutex<Shared>>, received: Arc<Notify>) {
    let mode = || shared.lock().unwrap().mode.unwrap_or(Mode::Accept);
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if mode() == Mode::Hang {
        return hang(lines, write).await;
    }
    if !reply(&mut write, "220 localhost test SMTP server\r\n").await {
        return;
    }
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if !matches!(lines.read_line(&mut line).await, Ok(n) if n > 0) {
            return;
        }
        if mode() == Mode::Hang {
            return hang(lines, write).await;
        }
        let command = line.trim_end().to_ascii_uppercase();
        let answer = if command.starts_with("EHLO") {
            "250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE 20000000\r\n".to_owned()
        } else if command.starts_with("HELO") {
            "250 localhost\r\n".to_owned()
        } else if command.starts_with("MAIL FROM:") {
            match mode() {
                Mode::RejectAll(code) => format!("{code} 5.7.1 not accepting mail\r\n"),
                _ => {
                    mail_from = path_of(&line);
                    rcpt_to.clear();
                    "250 2.1.0 ok\r\n".to_owned()
                }
            }
        } else if command.starts_with("RCPT TO:") {
            rcpt_to.push(path_of(&line));
            "250 2.1.5 ok\r\n".to_owned()
        } else if command == "DATA" {
            if !reply(&mut write, "354 end data with <CR><LF>.<CR><LF>\r\n").await {
                return;
            }
            let Some(data) = read_data(&mut lines).await else {
                return;
            };
            shared.lock().unwrap().messages.push(ReceivedMessage {
                mail_from: std::mem::take(&mut mail_from),
                rcpt_to: std::mem::take(&mut rcpt_to),
                data,
                received_at: Instant::now(),
            });
            received.notify_waiters();
            if let Mode::AcceptSlowly(delay) = mode() {
                tokio::time::sleep(delay).await;
            }
            "250 2.0.0 queued\r\n".to_owned()
        } else if command == "RSET" {
            mail_from.clear();
            rcpt_to.clear();
            "250 2.0.0 ok\r\n".to_owned()
        } else if command == "NOOP" {
            "250 2.0.0 ok\r\n".to_owned()
        } else if command == "QUIT" {
            let _ = reply(&mut write, "221 2.0.0 bye\r\n").await;
            return;
        } else {
            "502 5.5.2 command not implemented\r\n".to_owned()
        };
        if !reply(&mut write, &answer).await {
            return;
        }
    }
}

async fn reply(write: &mut OwnedWriteHalf, text: &str) -> bool {
    write.write_all(text.as_bytes()).await.is_ok()
}

/// Reads until the client goes away, answering nothing (holding the write half: dropping it would
/// close our side of the connection, which is not a hang).
async fn hang(mut lines: BufReader<OwnedReadHalf>, _write: OwnedWriteHalf) {
    let mut sink = String::new();
    while matches!(lines.read_line(&mut sink).await, Ok(n) if n > 0) {
        sink.clear();
    }
}

/// The DATA section up to the lone dot, with dot-stuffing undone.
async fn read_data(lines: &mut BufReader<OwnedReadHalf>) -> Option<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == ".\r\n" || line == ".\n" {
            return Some(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

/// `<a@b>` from `MAIL FROM:<a@b> SIZE=…`.
fn path_of(line: &str) -> String {
    let after = line.split_once(':').map_or("", |(_, rest)| rest).trim();
    let end = after.find('>').map_or(after.len(), |i| i + 1);
    after[..end]
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_owned()
}

impl ReceivedMessage {
    /// The unfolded value of the first header of that name, as sent (not decoded).
    pub fn header(&self, name: &str) -> Option<String> {
        header_in(self.headers(), name)
    }

    pub fn message_id(&self) -> Option<String> {
        self.header("Message-ID")
    }

    fn headers(&self) -> &str {
        self.data.split("\r\n\r\n").next().unwrap_or("")
    }

    /// The decoded body of the first part with this content type (e.g. "text/plain").
    pub fn body(&self, content_type: &str) -> Option<String> {
        let top_type = self.header("Content-Type")?;
        let boundary = top_type
            .split(';')
            .find_map(|p| p.trim().strip_prefix("boundary="))?
            .trim_matches('"')
            .to_owned();
        let delimiter = format!("--{boundary}");
        self.data.split(&delimiter).skip(1).find_map(|part| {
            let part = part.strip_prefix("\r\n")?;
            let (headers, body) = part.split_once("\r\n\r\n")?;
            let this_type = header_in(headers, "Content-Type")?;
            if !this_type.to_ascii_lowercase().starts_with(content_type) {
                return None;
            }
            let body = body.strip_suffix("\r\n").unwrap_or(body);
            let encoding = header_in(headers, "Content-Transfer-Encoding")
                .unwrap_or_default()
                .to_ascii_lowercase();
            Some(match encoding.as_str() {
                "quoted-printable" => decode_quoted_printable(body),
                "base64" => decode_base64(body),
                _ => body.to_owned(),
            })
        })
    }
}

fn header_in(headers: &str, name: &str) -> Option<String> {
    let unfolded = headers.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded.split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

fn decode_quoted_printable(body: &str) -> String {
    let joined = body.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(hex) = joined.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn decode_base64(body: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in body.bytes() {
        let Some(value) = ALPHABET.iter().position(|&c| c == byte) else {
            continue; // line breaks and padding
        };
        buffer = (buffer << 6) | value as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
