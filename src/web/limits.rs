//! What one client may hold of the server, for every route: a cap on its concurrent connections
//! (`MAX_CONNECTIONS_PER_CLIENT`) and a deadline for each request's body (`REQUEST_TIMEOUT_SECONDS`,
//! the head has its own, shorter one in `server`). A slow-body flood from one address then holds
//! at most its cap of connections, each for at most the deadline, and probes and other visitors
//! keep being served. Also the file-descriptor limit, raised at start-up.
//!
//! Behind a trusted load balancer (`TRUST_PROXY_HEADERS`) every connection comes from the
//! balancer, so the cap counts the forwarded client's requests in flight instead.

use std::cell::Cell;
use std::collections::HashMap;
use std::net::IpAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::ConnectionType;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError};
use futures_util::Stream;
use tokio::time::{Instant, Sleep};

use crate::domain::window::RetryAfter;
use crate::web::AppState;
use crate::web::error::AppError;

/// A slow upload keeps its deadline moving: one more second for every this many bytes received,
/// so a 10 MB CV over a 128 kbit/s line still arrives while a dribbling body is cut off.
pub(crate) const MIN_BODY_BYTES_PER_SECOND: u64 = 16 * 1024;

/// Connections (or, behind a trusted proxy, requests in flight) per client address.
#[derive(Debug, Default)]
pub(crate) struct ClientSlots {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection or request counted against its client; released when dropped.
pub(crate) struct Slot {
    slots: Arc<ClientSlots>,
    client: IpAddr,
    over_cap: bool,
}

impl ClientSlots {
    pub(crate) fn take(self: &Arc<Self>, client: IpAddr, cap: usize) -> Slot {
        let held = {
            let mut open = self
                .open
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let count = open.entry(client).or_default();
            *count += 1;
            *count
        };
        Slot {
            slots: self.clone(),
            client,
            over_cap: held > cap,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .slots
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// The middleware: refuses the requests of a client over its cap (429, and the connection is
/// closed), and gives every body its deadline (408, closed) once the handler has read what it
/// reads. A response to a body that was not read to its end closes the connection, so nobody
/// keeps a connection open by never finishing a body the site ignores.
pub(crate) async fn limit_clients(
    mut request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(request).await?.map_into_left_body());
    };
    let limits = &state.settings.limits;
    // Whoever holds a slot may be done within the request deadline.
    let busy = AppError::TooManyConnections(RetryAfter(
        u32::try_from(limits.request_timeout.as_secs()).unwrap_or(u32::MAX),
    ));
    let mut request_slot = None;
    if state.settings.trust_proxy_headers {
        // The forwarded client; a request that did not come through the balancer, its peer.
        let client = crate::web::forwarded_client(request.headers())
            .or_else(|| request.peer_addr().map(|peer| peer.ip()));
        if let Some(client) = client {
            request_slot = Some(
                state
                    .client_slots
                    .take(client, limits.max_connections_per_client),
            );
        }
    } else if request
        .conn_data::<Slot>()
        .is_some_and(|slot| slot.over_cap)
    {
        return Ok(closing(request, busy));
    }
    if request_slot.as_ref().is_some_and(|slot| slot.over_cap) {
        return Ok(closing(request, busy));
    }
    let declared = request
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let chunked = request
        .headers()
        .contains_key(actix_web::http::header::TRANSFER_ENCODING);
    let has_body = chunked || declared.is_some_and(|length| length > 0);
    if !has_body {
        // Neither a length nor chunks: the body is empty (RFC 9112 6.3), nothing to give a
        // deadline, so most requests skip the timer and the wrapper (issue 17).
        let response = next.call(request).await?;
        drop(request_slot);
        return Ok(response.map_into_left_body());
    }
    let watch = BodyWatch::default();
    let payload = request.take_payload();
    let deadline = Deadline::new(payload, limits.request_timeout, watch.clone());
    request.set_payload(Payload::Stream {
        payload: Box::pin(deadline),
    });
    let mut response = next.call(request).await?;
    drop(request_slot);
    if watch.expired.get() {
        tracing::warn!("request body too slow, answering 408");
        let (request, _) = response.into_parts();
        let page = closing_page(&AppError::RequestTimeout);
        return Ok(ServiceResponse::new(request, page).map_into_right_body());
    }
    // Read to its end: the stream said so, or every declared byte arrived (a reader may stop
    // polling once it has what it needs, e.g. after a multipart body's closing boundary).
    let read_whole = watch.finished.get() || declared.is_some_and(|n| watch.received.get() >= n);
    if has_body && !read_whole {
        response
            .response_mut()
            .head_mut()
            .set_connection_type(ConnectionType::Close);
    }
    Ok(response.map_into_left_body())
}

/// The refusal's page, with the connection closed after it.
fn closing_page(error: &AppError) -> HttpResponse {
    let mut response = error.error_response();
    response
        .head_mut()
        .set_connection_type(ConnectionType::Close);
    response
}

fn closing<B>(request: ServiceRequest, error: AppError) -> ServiceResponse<EitherBody<B>> {
    request
        .into_response(closing_page(&error))
        .map_into_right_body()
}

/// What became of a request's body, shared by the payload wrapper and the middleware.
#[derive(Clone, Default)]
struct BodyWatch {
    expired: Rc<Cell<bool>>,
    finished: Rc<Cell<bool>>,
    received: Rc<Cell<u64>>,
}

/// The request's payload with its deadline: `base` after the head, plus a second for every
/// `MIN_BODY_BYTES_PER_SECOND` received. Past it the body ends with an error (`TimedOut`).
struct Deadline {
    inner: Payload,
    sleep: Pin<Box<Sleep>>,
    started: Instant,
    base: Duration,
    received: u64,
    watch: BodyWatch,
}

impl Deadline {
    fn new(inner: Payload, base: Duration, watch: BodyWatch) -> Self {
        let started = Instant::now();
        Deadline {
            inner,
            sleep: Box::pin(tokio::time::sleep_until(started + base)),
            started,
            base,
            received: 0,
            watch,
        }
    }
}

impl Stream for Deadline {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.watch.expired.get() {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.inner).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                this.received += chunk.len() as u64;
                this.watch.received.set(this.received);
                let allowance =
                    this.base + Duration::from_secs(this.received / MIN_BODY_BYTES_PER_SECOND);
                this.sleep.as_mut().reset(this.started + allowance);
                return Poll::Ready(Some(Ok(chunk)));
            }
            Poll::Ready(None) => {
                this.watch.finished.set(true);
                return Poll::Ready(None);
            }
            Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
            Poll::Pending => {}
        }
        match this.sleep.as_mut().poll(cx) {
            Poll::Ready(()) => {
                this.watch.expired.set(true);
                let timed_out =
                    std::io::Error::new(std::io::ErrorKind::TimedOut, "request body too slow");
                Poll::Ready(Some(Err(PayloadError::Io(timed_out))))
            }
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Raises the file-descriptor soft limit to the hard limit, and says both; returns the soft
/// limit in force.
pub(crate) fn raise_descriptor_limit() -> u64 {
    let before = rlimit::getrlimit(rlimit::Resource::NOFILE);
    let raised = rlimit::increase_nofile_limit(u64::MAX);
    match (before, raised) {
        (Ok((soft, hard)), Ok(now)) => {
            tracing::info!(
                soft_before = soft,
                hard,
                soft = now,
                "file descriptor limit"
            );
            now
        }
        (before, raised) => {
            let soft = before.map(|(soft, _)| soft).unwrap_or(1024);
            tracing::warn!(
                error = %raised.err().map(|e| e.to_string()).unwrap_or_default(),
                soft,
                "could not raise the file descriptor limit"
            );
            soft
        }
    }
}

/// Connections each HTTP worker accepts: what the descriptor limit leaves after the database
/// pool and a reserve (SMTP, files, the listener), shared by the workers. At the limit actix
/// stops accepting until a connection closes, instead of failing to accept in a loop, and the
/// pool and the probes still have descriptors.
pub(crate) fn connections_per_worker(soft_limit: u64, pool: u32, workers: usize) -> usize {
    const RESERVE: u64 = 64;
    let free = soft_limit.saturating_sub(RESERVE + u64::from(pool));
    let per_worker = free / u64::try_from(workers.max(1)).unwrap_or(1);
    usize::try_from(per_worker)
        .unwrap_or(usize::MAX)
        .clamp(16, 25_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_count_per_client_and_free_on_drop() {
        let slots = Arc::new(ClientSlots::default());
        let a: IpAddr = "203.0.113.1".parse().unwrap();
        let b: IpAddr = "203.0.113.2".parse().unwrap();
        let first = slots.take(a, 2);
        let second = slots.take(a, 2);
        let third = slots.take(a, 2);
        assert!(!first.over_cap && !second.over_cap && third.over_cap);
        assert!(!slots.take(b, 2).over_cap);
        drop(third);
        drop(second);
        assert!(!slots.take(a, 2).over_cap);
        drop(first);
        assert!(slots.open.lock().unwrap().is_empty());
    }

    #[test]
    fn workers_share_what_the_descriptor_limit_leaves() {
        assert_eq!(connections_per_worker(1024, 10, 2), 475);
        assert_eq!(connections_per_worker(100, 10, 2), 16);
        assert_eq!(connections_per_worker(10_000_000, 10, 1), 25_000);
    }
}
