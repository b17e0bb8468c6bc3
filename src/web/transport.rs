//! The bytes between the socket and actix-http's HTTP/1.1 parser, for two gaps it leaves:
//!
//! - Pipelining: actix-http reads ahead and decodes a pipelined request before it has encoded
//!   the answer to the one before, and its codec keeps one connection type and one HEAD flag per
//!   connection: an earlier answer said `connection: close` because a later request asked for
//!   it, and a GET lost its body when a HEAD was pipelined behind it. Here the next request's
//!   bytes are held back until the answer to the current one has begun.
//! - Line endings: httparse accepts a bare LF where HTTP requires CRLF. A front proxy that reads
//!   such a request otherwise could be made to disagree with us about where a request ends
//!   (request smuggling), so a bare LF in a request head is turned into a NUL, which the parser
//!   refuses with a 400.
//!
//! To know where a request ends, the requests are framed as RFC 9112 section 6 frames them: the
//! head up to its empty line, then `Content-Length` bytes or the chunked body with its trailers.
//! Anything this framing does not understand is passed through untouched, for actix-http to
//! judge and refuse.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Longer heads are left for actix-http to refuse (431); their bytes pass through unframed.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// A chunk-size line longer than this is not one.
const MAX_CHUNK_LINE: usize = 1024;

/// Where the framing is in the stream of requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Head,
    Fixed(u64),
    ChunkSize,
    ChunkData(u64),
    /// The CRLF after a chunk's data: this many bytes left.
    ChunkEnd(u8),
    Trailers,
    /// The request is whole; the next one waits until its answer has begun.
    Complete,
    /// Framing gave up (or refused a bare LF): everything passes as it is.
    PassThrough,
}

/// Frames the request bytes of one connection.
#[derive(Debug)]
pub(crate) struct Framing {
    state: State,
    line: Vec<u8>,
    prev: u8,
    /// Something was written since the current request's head ended: its answer has begun.
    answer_started: bool,
}

impl Default for Framing {
    fn default() -> Self {
        Framing {
            state: State::Head,
            line: Vec::new(),
            prev: 0,
            answer_started: false,
        }
    }
}

impl Framing {
    /// Scans `bytes` (changing a bare LF in a head to a NUL) and returns how many of them the
    /// server may read now: all, or those up to the end of a request whose answer has not begun.
    pub(crate) fn scan(&mut self, bytes: &mut [u8]) -> usize {
        let mut at = 0;
        while at < bytes.len() {
            match self.state {
                State::PassThrough => return bytes.len(),
                State::Complete if !self.answer_started => return at,
                State::Complete => {
                    self.state = State::Head;
                    self.prev = 0;
                }
                State::Head => {
                    // A line at a time: the bytes up to the next LF are copied whole (scanning and
                    // pushing byte by byte cost more than parsing the request, issue 17).
                    let rest = &bytes[at..];
                    let Some(lf) = rest.iter().position(|&b| b == b'\n') else {
                        self.line.extend_from_slice(rest);
                        self.prev = rest[rest.len() - 1];
                        if self.line.len() > MAX_HEAD_BYTES {
                            self.state = State::PassThrough;
                        }
                        return bytes.len();
                    };
                    let before = if lf == 0 { self.prev } else { rest[lf - 1] };
                    if before != b'\r' {
                        bytes[at + lf] = 0;
                        self.state = State::PassThrough;
                        return bytes.len();
                    }
                    self.line.extend_from_slice(&rest[..=lf]);
                    self.prev = b'\n';
                    at += lf + 1;
                    if self.line == b"\r\n" {
                        // Empty lines before a request line are allowed (RFC 9112 2.2).
                        self.line.clear();
                    } else if self.line.ends_with(b"\r\n\r\n") {
                        self.state = body_of(&self.line);
                        self.line.clear();
                        self.answer_started = false;
                    } else if self.line.len() > MAX_HEAD_BYTES {
                        self.state = State::PassThrough;
                    }
                }
                State::Fixed(left) => {
                    let take = left.min((bytes.len() - at) as u64);
                    at += take as usize;
                    self.state = match left - take {
                        0 => State::Complete,
                        left => State::Fixed(left),
                    };
                }
                State::ChunkData(left) => {
                    let take = left.min((bytes.len() - at) as u64);
                    at += take as usize;
                    self.state = match left - take {
                        0 => State::ChunkEnd(2),
                        left => State::ChunkData(left),
                    };
                }
                State::ChunkEnd(left) => {
                    at += 1;
                    self.state = match left - 1 {
                        0 => State::ChunkSize,
                        left => State::ChunkEnd(left),
                    };
                }
                State::ChunkSize | State::Trailers => {
                    let byte = bytes[at];
                    at += 1;
                    self.line.push(byte);
                    if self.line.len() > MAX_CHUNK_LINE {
                        self.state = State::PassThrough;
                    } else if byte == b'\n' {
                        let line = std::mem::take(&mut self.line);
                        self.state = self.after_line(&line);
                    }
                }
            }
        }
        at
    }

    /// A write happened: the current request's answer has begun.
    pub(crate) fn answered(&mut self) {
        self.answer_started = true;
    }

    fn is_waiting(&self) -> bool {
        self.state == State::Complete && !self.answer_started
    }

    fn after_line(&self, line: &[u8]) -> State {
        let text = String::from_utf8_lossy(line);
        let text = text.trim_end_matches(['\r', '\n']);
        match self.state {
            State::Trailers if text.is_empty() => State::Complete,
            State::Trailers => State::Trailers,
            _ => {
                let size = text.split(';').next().unwrap_or_default().trim();
                match u64::from_str_radix(size, 16) {
                    Ok(0) => State::Trailers,
                    Ok(size) => State::ChunkData(size),
                    Err(_) => State::PassThrough,
                }
            }
        }
    }
}

/// What follows a request head: its body's framing, from `Transfer-Encoding` and
/// `Content-Length` (RFC 9112 6.3); anything unusual is left to actix-http.
fn body_of(head: &[u8]) -> State {
    // Every line of a head that got here ends in CRLF (a bare LF passes it through).
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    if request_line.starts_with(b"CONNECT ") {
        return State::PassThrough;
    }
    let (mut length, mut chunked, mut other) = (None::<u64>, false, false);
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (line[..colon].trim_ascii(), line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"transfer-encoding") {
            if value.eq_ignore_ascii_case(b"chunked") {
                chunked = true;
            } else {
                other = true;
            }
        } else if name.eq_ignore_ascii_case(b"upgrade") {
            other = true;
        } else if name.eq_ignore_ascii_case(b"content-length") {
            let parsed = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.parse::<u64>().ok());
            match (parsed, length) {
                (Some(n), None) => length = Some(n),
                (Some(n), Some(seen)) if n == seen => {}
                _ => other = true,
            }
        }
    }
    match (chunked, length, other) {
        (_, _, true) | (true, Some(_), _) => State::PassThrough,
        (true, None, false) => State::ChunkSize,
        (false, Some(0) | None, false) => State::Complete,
        (false, Some(n), false) => State::Fixed(n),
    }
}

/// A connection's stream with the framing in front of the parser.
pub(crate) struct StrictHttp1<T> {
    io: T,
    framing: Framing,
    /// Read from the socket, not yet given to the parser: the start of a pipelined request.
    held: Vec<u8>,
    /// The reader, waiting for the answer that releases the held request.
    reader: Option<Waker>,
}

impl<T> StrictHttp1<T> {
    pub(crate) fn new(io: T) -> Self {
        StrictHttp1 {
            io,
            framing: Framing::default(),
            held: Vec::new(),
            reader: None,
        }
    }

    pub(crate) fn get_ref(&self) -> &T {
        &self.io
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StrictHttp1<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if !this.held.is_empty() {
            let room = this.held.len().min(buf.remaining());
            let ready = this.framing.scan(&mut this.held[..room]);
            if ready == 0 {
                this.reader = Some(cx.waker().clone());
                return Poll::Pending;
            }
            buf.put_slice(&this.held[..ready]);
            this.held.drain(..ready);
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {}
            other => return other,
        }
        let fresh = buf.filled().len() - before;
        if fresh == 0 {
            return Poll::Ready(Ok(()));
        }
        let ready = this.framing.scan(&mut buf.filled_mut()[before..]);
        if ready < fresh {
            this.held.extend_from_slice(&buf.filled()[before + ready..]);
            buf.set_filled(before + ready);
        }
        if ready == 0 && this.framing.is_waiting() {
            this.reader = Some(cx.waker().clone());
            return Poll::Pending;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StrictHttp1<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let written = Pin::new(&mut this.io).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            this.framing.answered();
            if let Some(reader) = this.reader.take() {
                reader.wake();
            }
        }
        written
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(framing: &mut Framing, input: &[u8]) -> (usize, Vec<u8>) {
        let mut bytes = input.to_vec();
        let ready = framing.scan(&mut bytes);
        (ready, bytes)
    }

    #[test]
    fn the_next_request_waits_for_the_answer_to_the_one_before() {
        let mut framing = Framing::default();
        let first = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        let input = [&first[..], b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n"].concat();
        assert_eq!(scan_all(&mut framing, &input).0, first.len());
        assert_eq!(scan_all(&mut framing, &input[first.len()..]).0, 0);
        framing.answered();
        assert_eq!(
            scan_all(&mut framing, &input[first.len()..]).0,
            input.len() - first.len()
        );
    }

    #[test]
    fn bodies_are_framed_by_length_and_by_chunks() {
        let mut framing = Framing::default();
        let post = b"POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nab\ncd";
        let input = [&post[..], b"GET / HTTP/1.1\r\n\r\n"].concat();
        // The body may hold any byte, a bare LF included.
        let (ready, bytes) = scan_all(&mut framing, &input);
        assert_eq!((ready, &bytes[..ready]), (post.len(), &post[..]));
        let mut framing = Framing::default();
        let chunked = b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\na\nb\r\n0\r\nT: 1\r\n\r\n";
        let input = [&chunked[..], b"GET / HTTP/1.1\r\n\r\n"].concat();
        assert_eq!(scan_all(&mut framing, &input).0, chunked.len());
    }

    #[test]
    fn a_bare_lf_in_a_head_becomes_a_nul_for_the_parser_to_refuse() {
        for head in [
            &b"GET / HTTP/1.1\nHost: x\r\n\r\n"[..],
            b"GET / HTTP/1.1\r\nHost: x\n\r\n",
            b"GET / HTTP/1.1\r\nHost: x\r\n\n",
        ] {
            let mut framing = Framing::default();
            let (ready, bytes) = scan_all(&mut framing, head);
            assert_eq!(ready, head.len());
            assert!(bytes.contains(&0), "{:?}", String::from_utf8_lossy(head));
            assert_eq!(
                bytes.iter().filter(|b| **b == b'\n').count() + 1,
                head.iter().filter(|b| **b == b'\n').count()
            );
        }
    }

    #[test]
    fn split_reads_frame_the_same() {
        let input = b"POST /a HTTP/1.1\r\ncontent-length: 3\r\n\r\nabcGET / HTTP/1.1\r\n\r\n";
        let mut framing = Framing::default();
        let mut ready = 0;
        for byte in input {
            ready += scan_all(&mut framing, &[*byte]).0;
            if framing.is_waiting() {
                break;
            }
        }
        assert_eq!(ready, input.len() - b"GET / HTTP/1.1\r\n\r\n".len());
    }

    #[test]
    fn unusual_framing_is_left_to_the_parser() {
        for head in [
            &b"POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n"[..],
            b"POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        ] {
            let mut framing = Framing::default();
            let input = [head, b"anything\nat all"].concat();
            assert_eq!(scan_all(&mut framing, &input).0, input.len());
        }
    }
}
