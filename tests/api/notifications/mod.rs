//! Notifications, messages and the timeline (issue 15, items 3 to 5) over real HTTP, with the
//! e-mail worker delivering to a real SMTP server and the real binary for `labminds digest`.

mod assignment;
mod digest;
mod messages;
mod timeline;

use std::time::{Duration, Instant};

use crate::portal::Portal;
use crate::support::outbox::count_with_status;
use crate::support::smtp_server::ReceivedMessage;

pub const ANA: &str = "ana@labmindsstaffing.com";
pub const BOB: &str = "bob@labmindsstaffing.com";

/// Waits until the outbox has nothing pending (the worker delivered everything queued).
pub async fn delivered(portal: &Portal) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while count_with_status(&portal.app.pool, "pending").await > 0 {
        assert!(
            Instant::now() < deadline,
            "the outbox did not drain in 10 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Every message delivered to `address` whose subject contains `subject`.
pub fn mails(portal: &Portal, address: &str, subject: &str) -> Vec<ReceivedMessage> {
    portal
        .smtp
        .messages()
        .into_iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(address)))
        .filter(|m| m.header("Subject").is_some_and(|s| s.contains(subject)))
        .collect()
}
