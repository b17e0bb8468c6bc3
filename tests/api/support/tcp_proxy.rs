//! A TCP proxy in front of a real server, which a test can cut (dropping every open connection and
//! refusing new ones) and restore: how the tests simulate a database outage without stopping the
//! PostgreSQL server other tests share.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

pub struct TcpProxy {
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    /// Connections refused while cut: each is a client that met the outage.
    refused: Arc<AtomicU64>,
    generation: watch::Sender<u64>,
}

impl TcpProxy {
    pub async fn start(upstream: SocketAddr) -> TcpProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let refused = Arc::new(AtomicU64::new(0));
        let (generation, _) = watch::channel(0u64);
        let proxy = TcpProxy {
            addr,
            up: up.clone(),
            refused: refused.clone(),
            generation: generation.clone(),
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
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
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

    /// Connections refused so far.
    pub fn refused(&self) -> u64 {
        self.refused.load(Ordering::SeqCst)
    }
}
