//! A TCP proxy in front of a real server, which a test can cut (dropping every open connection and
//! refusing new ones) and restore: how the tests simulate a database outage without stopping the
//! PostgreSQL server other tests share. It also counts the round trips its clients make to
//! PostgreSQL (`round_trips`), reading the frontend messages as they pass.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    /// Connections refused while cut: each is a client that met the outage.
    refused: Arc<AtomicU64>,
    generation: watch::Sender<u64>,
    round_trips: Arc<AtomicU64>,
}

impl TcpProxy {
    pub async fn start(upstream: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let refused = Arc::new(AtomicU64::new(0));
        let (generation, _) = watch::channel(0u64);
        let round_trips = Arc::new(AtomicU64::new(0));
        let proxy = TcpProxy {
            addr,
            up: up.clone(),
            refused: refused.clone(),
            generation: generation.clone(),
            round_trips: round_trips.clone(),
        };
        tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !up.load(Ordering::SeqCst) {
                    drop(client); // refused: the "server" is down
                    refused.fetch_add(1, Ordering::SeqCst);
                    continue;
                }
                let mut cut = generation.subscribe();
                let round_trips = round_trips.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let (mut from_server, mut to_server) = server.into_split();
                    let (mut from_client, mut to_client) = client.split();
                    let requests = forward_counting(&mut from_client, &mut to_server, &round_trips);
                    let answers = tokio::io::copy(&mut from_server, &mut to_client);
                    tokio::select! {
                        _ = requests => {}
                        _ = answers => {}
                        _ = cut.changed() => {} // dropping both ends cuts the connection
                    }
                });
            }
        });
        proxy
    }

    /// A database URL that reaches the same database through this proxy.
    pub fn database_url(&self, direct_url: &str) -> String {
        let mut url = url::Url::parse(direct_url).expect("a database URL");
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(self.addr.port())).unwrap();
        url.to_string()
    }

    /// The same without TLS, so the proxy can read the messages it counts (`round_trips`).
    pub fn plain_database_url(&self, direct_url: &str) -> String {
        let mut url = url::Url::parse(&self.database_url(direct_url)).expect("a database URL");
        url.query_pairs_mut().append_pair("sslmode", "disable");
        url.to_string()
    }

    /// Drops every open connection and refuses new ones until `restore`.
    pub fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.generation.send_modify(|g| *g += 1);
    }

    pub fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// Waits until `n` more connections than `since` were refused (clients that met the outage
    /// and tried again); panics after `timeout`.
    pub async fn wait_for_refused(&self, since: u64, n: u64, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while self.refused() < since + n {
            assert!(
                Instant::now() < deadline,
                "fewer than {n} connections met the outage within {timeout:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Round trips to the server so far: every Sync (the end of an extended-protocol exchange,
    /// or sqlx's ping on acquiring a pooled connection) and every simple Query, of all clients.
    pub fn round_trips(&self) -> u64 {
        self.round_trips.load(Ordering::SeqCst)
    }

    /// Connections refused so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::SeqCst)
    }
}

/// Copies a PostgreSQL client's bytes to the server, counting the messages that wait for an
/// answer. The first messages of a connection have no type byte (SSLRequest, StartupMessage);
/// after the StartupMessage every message is a type byte and a length that counts itself.
async fn forward_counting(
    from_client: &mut (impl AsyncRead + Unpin),
    to_server: &mut (impl AsyncWrite + Unpin),
    round_trips: &AtomicU64,
) -> std::io::Result<()> {
    const SSL_REQUEST: u32 = 80_877_103;
    const GSSENC_REQUEST: u32 = 80_877_104;
    let mut pending: Vec<u8> = Vec::new();
    let mut started = false;
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = from_client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        to_server.write_all(&chunk[..n]).await?;
        pending.extend_from_slice(&chunk[..n]);
        loop {
            let header = if started { 5 } else { 8 };
            if pending.len() < header {
                break;
            }
            let at = usize::from(started);
            let length = u32::from_be_bytes(pending[at..at + 4].try_into().unwrap()) as usize;
            let whole = at + length;
            if pending.len() < whole {
                break;
            }
            if started {
                if matches!(pending[0], b'S' | b'Q') {
                    round_trips.fetch_add(1, Ordering::SeqCst);
                }
            } else {
                let code = u32::from_be_bytes(pending[4..8].try_into().unwrap());
                started = !matches!(code, SSL_REQUEST | GSSENC_REQUEST);
            }
            pending.drain(..whole);
        }
    }
}
