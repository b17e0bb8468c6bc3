//! Finding 1, the descriptor side: at the usual soft limit of 1,024 a flood used up the process's
//! descriptors. The binary now raises its soft limit to the hard limit at start-up and logs both.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::binary::free_port;
use crate::support::database::TestDatabase;

#[tokio::test]
async fn serve_raises_its_descriptor_soft_limit_to_the_hard_limit_and_logs_both() {
    let db = TestDatabase::create().await;
    let port = free_port();
    // Started with a soft limit of 256, as a shell with `ulimit -S -n 256` would.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -S -n 256 && exec \"$0\" serve")
        .arg(env!("CARGO_BIN_EXE_labminds"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("LOG_FORMAT", "json")
        .env("RUN_WORKER", "false")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (lines, found) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.contains("file descriptor limit") {
                let _ = lines.send(line);
            }
        }
    });
    let started = Instant::now();
    let line = found.recv_timeout(Duration::from_secs(30));
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("no descriptor-limit log line within 30 s");
    let fields: serde_json::Value = serde_json::from_str(&line).unwrap();
    let hard = fields["hard"].as_u64().unwrap();
    assert_eq!(fields["soft_before"], 256, "{line}");
    assert!(hard >= 256, "{line}");
    assert_eq!(fields["soft"].as_u64(), Some(hard), "{line}");
    assert!(started.elapsed() < Duration::from_secs(30));
}
