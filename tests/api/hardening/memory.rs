//! Finding 3: each password check allocated argon2's 19 MiB and nothing bounded how many ran at
//! once: 30 parallel logins took the process from 199 MB to 610 MB, and it stayed there. Now
//! every check runs in the shared pool (one slot per core, memory reused), so the real binary's
//! resident memory grows by at most one 19 MiB buffer per core plus a 24 MiB margin, however
//! many logins arrive at once.

use crate::support::binary::{Binary, free_port, wait_until_healthy};
use crate::support::database::TestDatabase;

const PARALLEL: usize = 30;
const ARGON2_MIB: u64 = 19;
const MARGIN_MIB: u64 = 24;

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

async fn logins(client: &reqwest::Client, port: u16, round: usize) -> Vec<u16> {
    let attempts = (0..PARALLEL).map(|i| {
        // Each from its own address (through the trusted proxy), for an account that does not
        // exist: every one reaches the password check, none is throttled.
        client
            .post(format!("http://127.0.0.1:{port}/admin/login"))
            .header("Origin", format!("http://127.0.0.1:{port}"))
            .header("X-Forwarded-For", format!("198.51.{round}.{i}"))
            .form(&[
                ("email", format!("nobody{round}x{i}@example.com")),
                ("password", "wrong wrong wrong".into()),
            ])
            .send()
    });
    futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.unwrap().status().as_u16())
        .collect()
}

#[tokio::test]
async fn parallel_logins_leave_resident_memory_flat() {
    let db = TestDatabase::create().await;
    let port = free_port();
    let binary = Binary::start(
        "serve",
        &db,
        &[
            ("BIND_ADDR", format!("127.0.0.1:{port}")),
            ("PUBLIC_URL", format!("http://127.0.0.1:{port}")),
            ("TRUST_PROXY_HEADERS", "true".into()),
            ("RUN_WORKER", "false".into()),
        ],
    );
    wait_until_healthy(port);
    let client = crate::helpers::client();
    // Warm up with one login: it makes the dummy hash and the pool's first buffer.
    let warm_up = client
        .post(format!("http://127.0.0.1:{port}/admin/login"))
        .header("Origin", format!("http://127.0.0.1:{port}"))
        .form(&[
            ("email", "warm@example.com"),
            ("password", "wrong wrong wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(warm_up.status(), 401);
    let pid = binary.child.id();
    let before = resident_kib(pid);
    let mut statuses = Vec::new();
    for round in 1..=3 {
        statuses.extend(logins(&client, port, round).await);
    }
    let after = resident_kib(pid);
    let slots = std::thread::available_parallelism().unwrap().get() as u64;
    let bound_kib = (slots * ARGON2_MIB + MARGIN_MIB) * 1024;
    println!(
        "parallel logins: {} in 3 rounds of {PARALLEL}; RSS {} MiB before, {} MiB after \
         (growth {} KiB, bound {} KiB = {slots} cores x {ARGON2_MIB} MiB + {MARGIN_MIB} MiB)",
        statuses.len(),
        before / 1024,
        after / 1024,
        after.saturating_sub(before),
        bound_kib
    );
    // Checked (401) or told the server is busy (503), never anything else.
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 503),
        "{statuses:?}"
    );
    assert!(statuses.iter().filter(|s| **s == 401).count() >= PARALLEL);
    assert!(
        after.saturating_sub(before) <= bound_kib,
        "RSS grew from {before} KiB to {after} KiB"
    );
}
