//! The real `labminds` binary as a child process: started with a clean environment against a test
//! database, its JSON log collected, stopped with a signal.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::support::database::TestDatabase;

pub struct Binary {
    pub child: Child,
    log: Option<JoinHandle<Vec<String>>>,
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Binary {
    /// Starts `labminds <subcommand>` with only PATH, DATABASE_URL, MAIL_DIR, LOG_FORMAT=json and
    /// the given variables set (BIND_ADDR defaults to a random port).
    pub fn start(subcommand: &str, db: &TestDatabase, env: &[(&str, String)]) -> Binary {
        let mail_dir = std::env::temp_dir().join(format!("labminds-mail-{}", db.name));
        let mut command = Command::new(env!("CARGO_BIN_EXE_labminds"));
        command
            .arg(subcommand)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", &db.url)
            .env("BIND_ADDR", "127.0.0.1:0")
            .env("MAIL_DIR", &mail_dir)
            .env("LOG_FORMAT", "json")
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start the labminds binary");
        let stderr = child.stderr.take().unwrap();
        let log = std::thread::spawn(move || {
            BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
                .collect()
        });
        Binary {
            child,
            log: Some(log),
        }
    }

    /// `labminds serve` on a free port with PUBLIC_URL its own address (so a form post's Origin
    /// is the site's own), without the e-mail worker, once healthy; returns it and its origin.
    pub fn serve_on_own_origin(db: &TestDatabase) -> (Binary, String) {
        let port = free_port();
        let origin = format!("http://127.0.0.1:{port}");
        let binary = Binary::start(
            "serve",
            db,
            &[
                ("BIND_ADDR", format!("127.0.0.1:{port}")),
                ("PUBLIC_URL", origin.clone()),
                ("RUN_WORKER", "false".into()),
            ],
        );
        wait_until_healthy(port);
        (binary, origin)
    }

    pub fn signal(&self, signal: &str) {
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal} failed");
    }

    /// Waits for the process to exit (at most `timeout`) and returns its exit status and log lines.
    pub fn wait(mut self, timeout: Duration) -> (std::process::ExitStatus, Vec<String>) {
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the process did not exit within {timeout:?}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        let lines = self.log.take().unwrap().join().unwrap();
        (status, lines)
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        // A failed test must not leave a server running.
        let _ = self.child.kill();
    }
}

/// Waits until `GET /healthz` on the port answers 200.
pub fn wait_until_healthy(port: u16) {
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
