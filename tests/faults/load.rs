//! A steady, bounded load of valid applications from loopback, as a visitor's browser sends them:
//! GET /apply, read the form's `form_token`, POST the answers. A visitor who meets a 503 or a
//! dead connection sends the same form again (same token, so the same submission id) until it is
//! acknowledged, which is exactly what makes "acknowledged" the promise worth checking.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

/// What one HTTP attempt got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 303 to a thanks page.
    Acknowledged,
    /// 503; whether it carried Retry-After.
    Unavailable { retry_after: bool },
    /// Any other status (a 500, a 422 for valid answers, a 429...).
    Status(u16),
    /// No HTTP answer at all (refused, reset, timed out).
    NoAnswer,
}

#[derive(Debug, Clone)]
pub struct Attempt {
    pub sent: Instant,
    pub done: Instant,
    pub outcome: Outcome,
}

#[derive(Debug, Clone)]
pub struct Submission {
    /// The submission id signed into the form token (what the database's unique key holds).
    pub submission_id: Option<uuid::Uuid>,
    pub started: Instant,
    /// When the 303 arrived, and the reference it carried.
    pub acknowledged: Option<(Instant, String)>,
    pub posts: u32,
}

#[derive(Default)]
pub struct Record {
    pub attempts: Vec<Attempt>,
    pub submissions: Vec<Submission>,
}

pub struct Load {
    pub record: Arc<Mutex<Record>>,
    stop_new: Arc<AtomicBool>,
    tasks: JoinSet<()>,
}

impl Load {
    /// `visitors` loops, together sending about `per_second` new applications a second.
    pub fn start(base_url: String, visitors: u32, per_second: f64) -> Load {
        let record = Arc::new(Mutex::new(Record::default()));
        let stop_new = Arc::new(AtomicBool::new(false));
        let counter = Arc::new(AtomicU64::new(0));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A fresh connection per request: a kept-alive one closed by a restarting server
            // would fail for reasons of the client's own making.
            .pool_max_idle_per_host(0)
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let pace = Duration::from_secs_f64(f64::from(visitors) / per_second);
        let mut tasks = JoinSet::new();
        for _ in 0..visitors {
            let (client, base_url) = (client.clone(), base_url.clone());
            let (record, stop_new, counter) = (record.clone(), stop_new.clone(), counter.clone());
            tasks.spawn(async move {
                while !stop_new.load(Ordering::SeqCst) {
                    let started = Instant::now();
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    submit_one(&client, &base_url, n, &record).await;
                    tokio::time::sleep(pace.saturating_sub(started.elapsed())).await;
                }
            });
        }
        Load {
            record,
            stop_new,
            tasks,
        }
    }

    /// Stops starting new applications and waits until every visitor's last one is acknowledged
    /// (or `deadline` passes: what is then unacknowledged is reported, not hidden).
    pub async fn finish(mut self, deadline: Duration) -> Record {
        self.stop_new.store(true, Ordering::SeqCst);
        let waited = tokio::time::timeout(deadline, async {
            while self.tasks.join_next().await.is_some() {}
        })
        .await;
        if waited.is_err() {
            self.tasks.abort_all();
        }
        std::mem::take(&mut *self.record.lock().unwrap())
    }
}

/// One visitor's application, sent again after a 503 or a dead connection until acknowledged.
async fn submit_one(client: &reqwest::Client, base: &str, n: u64, record: &Mutex<Record>) {
    let email = format!("faults.candidate.{n}@example.com");
    let index = {
        let mut record = record.lock().unwrap();
        record.submissions.push(Submission {
            submission_id: None,
            started: Instant::now(),
            acknowledged: None,
            posts: 0,
        });
        record.submissions.len() - 1
    };
    let give_up = Instant::now() + Duration::from_secs(240);
    let mut token: Option<String> = None;
    while Instant::now() < give_up {
        let Some(form_token) = token.clone() else {
            let sent = Instant::now();
            match fetch_token(client, base).await {
                Ok(t) => {
                    let id = t
                        .split('.')
                        .next()
                        .and_then(|id| uuid::Uuid::try_parse(id).ok());
                    record.lock().unwrap().submissions[index].submission_id = id;
                    token = Some(t);
                }
                Err(outcome) => {
                    // The form itself could not be had: counted like any other failed request.
                    let done = Instant::now();
                    let attempt = Attempt {
                        sent,
                        done,
                        outcome,
                    };
                    record.lock().unwrap().attempts.push(attempt);
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
            continue;
        };
        let sent = Instant::now();
        let answer = client
            .post(format!("{base}/apply"))
            .form(&answers(&form_token, &email, n))
            .send()
            .await;
        let outcome = match &answer {
            Ok(r) if r.status() == 303 => Outcome::Acknowledged,
            Ok(r) if r.status() == 503 => Outcome::Unavailable {
                retry_after: r.headers().contains_key("retry-after"),
            },
            Ok(r) => Outcome::Status(r.status().as_u16()),
            Err(_) => Outcome::NoAnswer,
        };
        let done = Instant::now();
        let acknowledged = match (&outcome, answer) {
            (Outcome::Acknowledged, Ok(response)) => {
                let location = response.headers()["location"].to_str().unwrap_or_default();
                Some(location.trim_start_matches("/apply/thanks/").to_owned())
            }
            _ => None,
        };
        let finished = {
            let mut rec = record.lock().unwrap();
            rec.attempts.push(Attempt {
                sent,
                done,
                outcome: outcome.clone(),
            });
            let submission = &mut rec.submissions[index];
            submission.posts += 1;
            if let Some(reference) = acknowledged {
                submission.acknowledged = Some((done, reference));
            }
            // A visitor would not send valid answers again after a refusal: stop, and let the
            // oracle report the status.
            matches!(outcome, Outcome::Acknowledged | Outcome::Status(_))
        };
        if finished {
            return;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

async fn fetch_token(client: &reqwest::Client, base: &str) -> Result<String, Outcome> {
    let response = client
        .get(format!("{base}/apply"))
        .send()
        .await
        .map_err(|_| Outcome::NoAnswer)?;
    if response.status() != 200 {
        return Err(Outcome::Status(response.status().as_u16()));
    }
    let html = response.text().await.map_err(|_| Outcome::NoAnswer)?;
    let html = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("input[name=form_token]").unwrap();
    let value = html
        .select(&selector)
        .next()
        .and_then(|input| input.value().attr("value"));
    value.map(str::to_owned).ok_or(Outcome::Status(200))
}

/// The one example application; name, e-mail and phone differ per visitor, so each is a new
/// candidate.
pub fn answers(token: &str, email: &str, n: u64) -> Vec<(&'static str, String)> {
    let phone = format!("0917 {:03} {:04}", (n / 10_000) % 1000, n % 10_000);
    let per_visitor = [
        ("form_token", token.to_owned()),
        ("given_name", letters(n)),
        ("email", email.to_owned()),
        ("phone", phone),
    ];
    let fixed: Vec<(&'static str, String)> = labminds::domain::intake_form::example_application()
        .into_iter()
        .filter(|(name, _)| !per_visitor.iter().any(|(n, _)| n == name))
        .map(|(name, value)| (name, value.to_owned()))
        .collect();
    per_visitor.into_iter().chain(fixed).collect()
}

/// A distinct given name per visitor: names are letters only, so the number is spelt in letters.
fn letters(mut n: u64) -> String {
    let mut name = String::from("Fa");
    loop {
        name.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return name;
        }
    }
}
