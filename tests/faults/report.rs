//! The oracle of the fault suite: what the visitors were told, compared with what the database
//! holds and what the SMTP server received, counted per fault.

use std::collections::HashMap;
use std::fmt::Write;
use std::time::{Duration, Instant};

use sqlx::PgConnection;
use uuid::Uuid;

use crate::load::{Attempt, Outcome, Record};
use crate::smtp_server::ReceivedMessage;

/// The longest a fault's end may be followed by no acknowledged application.
pub const MAX_RECOVERY: Duration = Duration::from_secs(5);

pub struct Phase {
    pub name: &'static str,
    pub started: Instant,
    pub fault_ended: Instant,
    pub ended: Instant,
}

impl Phase {
    fn contains(&self, at: Instant) -> bool {
        at >= self.started && at < self.ended
    }
    /// Faults during which the database (or its pool) is away: 503s are the right answer there.
    fn database_fault(&self) -> bool {
        matches!(self.name, "database stopped" | "pool exhausted")
    }
    /// Faults during which the app itself is down: no answer at all is expected there.
    fn app_fault(&self) -> bool {
        self.name.starts_with("app ")
    }
    fn affects_http(&self) -> bool {
        self.database_fault() || self.app_fault()
    }
}

#[derive(Default)]
pub struct PhaseStats {
    acknowledged: usize,
    lost: usize,
    duplicated_emails: usize,
    /// Acknowledged only after the visitor sent the form again.
    delayed: usize,
    unavailable: usize,
    no_answer: usize,
    recovery: Option<Duration>,
}

pub struct Verdict {
    pub stats: Vec<(&'static str, PhaseStats)>,
    pub problems: Vec<String>,
    pub saved_unacknowledged: usize,
    /// Delivery attempts that failed and were retried (attempts beyond the successful one).
    pub failed_deliveries: i64,
    pub most_attempts: i32,
    pub panics: usize,
    pub error_events: usize,
    /// Per phase, the Message-IDs whose second (or later) copy arrived in it: at least once
    /// delivery lets a kill between the SMTP server's acceptance and the sent mark repeat a
    /// message, always under its own Message-ID so receivers drop it.
    pub duplicate_deliveries: Vec<(&'static str, Vec<String>)>,
}

pub async fn judge(
    db: &mut PgConnection,
    record: &Record,
    phases: &[Phase],
    received: &[ReceivedMessage],
    panics: &[String],
    error_events: usize,
) -> Verdict {
    let rows: Vec<(Uuid, String, Uuid)> =
        sqlx::query_as("select submission_id, reference, id from applications")
            .fetch_all(&mut *db)
            .await
            .unwrap();
    let mails: Vec<(Uuid, String)> =
        sqlx::query_as("select application_id, message_id from outbox_messages")
            .fetch_all(&mut *db)
            .await
            .unwrap();
    let by_submission: HashMap<Uuid, (String, Uuid)> = rows
        .iter()
        .map(|(s, r, id)| (*s, (r.clone(), *id)))
        .collect();
    let mut mails_of: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (application, message_id) in mails {
        mails_of.entry(application).or_default().push(message_id);
    }
    let mut times_received: HashMap<String, usize> = HashMap::new();
    let mut duplicate_deliveries: Vec<(&'static str, Vec<String>)> =
        phases.iter().map(|p| (p.name, Vec::new())).collect();
    for message in received {
        let Some(id) = message.message_id() else {
            continue;
        };
        let times = times_received.entry(id.clone()).or_default();
        *times += 1;
        if *times > 1 {
            // Counted in the phase the repeat arrived in (after the last phase: the settling).
            let index = phases
                .iter()
                .position(|p| p.contains(message.received_at))
                .unwrap_or(phases.len().saturating_sub(1));
            duplicate_deliveries[index].1.push(id);
        }
    }

    let mut problems = Vec::new();
    let mut stats: Vec<(&'static str, PhaseStats)> = phases
        .iter()
        .map(|p| (p.name, PhaseStats::default()))
        .collect();
    let phase_of = |at: Instant| phases.iter().position(|p| p.contains(at));
    // A request is judged by every fault it lived through, not only by the phase it was sent in:
    // one sent just before the app is killed gets no answer because of the kill, even though it
    // left during the quiet end of the phase before.
    let lived_through = |attempt: &Attempt, fault: fn(&Phase) -> bool| {
        phases
            .iter()
            .any(|p| fault(p) && attempt.sent < p.fault_ended && attempt.done >= p.started)
    };

    let mut acknowledged_ids = std::collections::HashSet::new();
    for (n, submission) in record.submissions.iter().enumerate() {
        let Some((_, reference)) = &submission.acknowledged else {
            problems.push(format!("application {n} was never acknowledged"));
            continue;
        };
        let Some(index) = phase_of(submission.started) else {
            continue;
        };
        let s = &mut stats[index].1;
        s.acknowledged += 1;
        if submission.posts > 1 {
            s.delayed += 1;
        }
        let id = submission
            .submission_id
            .expect("an acknowledged form had a token");
        acknowledged_ids.insert(id);
        let Some((stored_reference, application_id)) = by_submission.get(&id) else {
            s.lost += 1;
            problems.push(format!("acknowledged {reference} has no row"));
            continue;
        };
        if stored_reference != reference {
            problems.push(format!("told {reference}, stored {stored_reference}"));
        }
        let ids = mails_of.get(application_id).cloned().unwrap_or_default();
        if ids.len() != 2 {
            problems.push(format!("{reference} has {} outbox rows, not 2", ids.len()));
        }
        let mut lost_mail = false;
        for message_id in &ids {
            match times_received.get(message_id).copied().unwrap_or(0) {
                0 => lost_mail = true,
                times => s.duplicated_emails += times - 1,
            }
        }
        if lost_mail {
            s.lost += 1;
            problems.push(format!(
                "{reference}: an e-mail never reached the SMTP server"
            ));
        }
    }
    let (failed_deliveries, most_attempts): (i64, i32) = sqlx::query_as(
        "select coalesce(sum(attempts - 1), 0)::int8, coalesce(max(attempts), 0) from outbox_messages",
    )
    .fetch_one(&mut *db)
    .await
    .unwrap();
    let saved_unacknowledged = rows
        .iter()
        .filter(|(s, _, _)| !acknowledged_ids.contains(s))
        .count();

    for attempt in &record.attempts {
        let Some(index) = phase_of(attempt.sent) else {
            continue;
        };
        let phase = &phases[index];
        let s = &mut stats[index].1;
        match &attempt.outcome {
            Outcome::Acknowledged => {}
            Outcome::Unavailable { retry_after } => {
                s.unavailable += 1;
                if !retry_after {
                    problems.push(format!("{}: a 503 without Retry-After", phase.name));
                }
                if !lived_through(attempt, Phase::database_fault) {
                    problems.push(format!("{}: a 503 with the database up", phase.name));
                }
            }
            Outcome::NoAnswer => {
                s.no_answer += 1;
                if !lived_through(attempt, Phase::app_fault) {
                    problems.push(format!("{}: a request got no answer", phase.name));
                }
            }
            Outcome::Status(status) => {
                problems.push(format!("{}: status {status}", phase.name));
            }
        }
    }

    for (index, phase) in phases.iter().enumerate().skip(1) {
        let first_ack = record
            .attempts
            .iter()
            .filter(|a| a.outcome == Outcome::Acknowledged && a.done >= phase.fault_ended)
            .map(|a| a.done.duration_since(phase.fault_ended))
            .min();
        stats[index].1.recovery = first_ack;
        if phase.database_fault() && stats[index].1.unavailable == 0 {
            problems.push(format!(
                "{}: no 503 at all: the fault never bit",
                phase.name
            ));
        }
        if phase.affects_http() && first_ack.is_none_or(|r| r > MAX_RECOVERY) {
            problems.push(format!("{}: recovery took {first_ack:?}", phase.name));
        }
    }
    if !panics.is_empty() {
        problems.push(format!("the app panicked: {panics:#?}"));
    }
    Verdict {
        stats,
        problems,
        saved_unacknowledged,
        failed_deliveries,
        most_attempts,
        panics: panics.len(),
        error_events,
        duplicate_deliveries,
    }
}

impl Verdict {
    pub fn report(&self, plan: &str, settle: Duration, delivered: bool) -> String {
        let sum = |f: fn(&PhaseStats) -> usize| self.stats.iter().map(|(_, s)| f(s)).sum::<usize>();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "fault injection ({plan} form): {} applications acknowledged, {} lost, {} e-mails \
             duplicated, {} delayed; all e-mails delivered: {delivered} ({:.1} s after the load \
             stopped); saved but never acknowledged: {}",
            sum(|s| s.acknowledged),
            sum(|s| s.lost),
            sum(|s| s.duplicated_emails),
            sum(|s| s.delayed),
            settle.as_secs_f64(),
            self.saved_unacknowledged,
        );
        let _ = writeln!(
            out,
            "{:<18} {:>6} {:>5} {:>9} {:>8} {:>5} {:>10} {:>9}",
            "fault", "acked", "lost", "dup-mail", "delayed", "503s", "no-answer", "recovery"
        );
        for (name, s) in &self.stats {
            let recovery = s
                .recovery
                .map_or("-".to_owned(), |r| format!("{:.1} s", r.as_secs_f64()));
            let _ = writeln!(
                out,
                "{name:<18} {:>6} {:>5} {:>9} {:>8} {:>5} {:>10} {:>9}",
                s.acknowledged,
                s.lost,
                s.duplicated_emails,
                s.delayed,
                s.unavailable,
                s.no_answer,
                recovery
            );
        }
        let _ = writeln!(
            out,
            "e-mail: {} failed delivery attempts retried (at most {} attempts for one message); \
             app log: {} panics, {} error events",
            self.failed_deliveries, self.most_attempts, self.panics, self.error_events
        );
        for (name, ids) in &self.duplicate_deliveries {
            // The SIGKILL phase is always reported: it is where a repeat can happen.
            if ids.is_empty() && *name != "app SIGKILL" {
                continue;
            }
            let _ = writeln!(
                out,
                "duplicate deliveries during {name}: {} (same Message-ID each){}{}",
                ids.len(),
                if ids.is_empty() { "" } else { ": " },
                ids.join(", ")
            );
        }
        if self.problems.is_empty() {
            let _ = writeln!(out, "problems: none");
        } else {
            let _ = writeln!(out, "problems ({}):", self.problems.len());
            for problem in self.problems.iter().take(50) {
                let _ = writeln!(out, "  {problem}");
            }
        }
        out
    }
}
