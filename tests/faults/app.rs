//! The real `labminds` binary as a child process: started, killed (SIGKILL or SIGTERM) and
//! started again on the same port, its standard error appended to one log file across restarts so
//! the suite can count panics afterwards.

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct AppProcess {
    pub port: u16,
    env: Vec<(String, String)>,
    pub log: PathBuf,
    child: Option<Child>,
    pub starts: u32,
}

impl AppProcess {
    /// Starts `labminds serve` with these variables (and nothing else from our environment).
    pub async fn start(port: u16, env: Vec<(String, String)>) -> AppProcess {
        let log = std::env::temp_dir().join(format!(
            "labminds-faults-app-{}.log",
            uuid::Uuid::new_v4().simple()
        ));
        let mut app = AppProcess {
            port,
            env,
            log,
            child: None,
            starts: 0,
        };
        app.spawn().await;
        app
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts the process and waits (up to 60 s, a generous deadline for a loaded machine) until
    /// `/healthz` answers.
    pub async fn spawn(&mut self) {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_labminds"));
        command
            .arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("BIND_ADDR", format!("127.0.0.1:{}", self.port))
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log));
        for (name, value) in &self.env {
            command.env(name, value);
        }
        self.child = Some(command.spawn().expect("start the labminds binary"));
        self.starts += 1;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let url = format!("{}/healthz", self.base_url());
            if client
                .get(&url)
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return;
            }
            if let Some(status) = self.child.as_mut().unwrap().try_wait().unwrap() {
                panic!(
                    "the app exited at start-up with {status}; log: {}",
                    self.log_text()
                );
            }
            assert!(Instant::now() < deadline, "the app never became healthy");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Sends a signal with the `kill` command (the crate forbids unsafe code, so no libc::kill)
    /// and waits for the exit; returns whether the process exited successfully.
    pub async fn signal_and_wait(&mut self, signal: &str) -> bool {
        let mut child = self.child.take().expect("the app is running");
        let sent = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal} failed");
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status.success();
            }
            assert!(Instant::now() < deadline, "no exit within 60 s of {signal}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// None while running; the exit status once the process has ended.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child
            .as_mut()
            .and_then(|c| c.try_wait().ok().flatten())
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Lines of the log that report a panic (Rust prints "panicked at" for every one).
    pub fn panics(&self) -> Vec<String> {
        self.log_text()
            .lines()
            .filter(|line| line.contains("panicked"))
            .map(str::to_owned)
            .collect()
    }

    /// Log events at ERROR level (JSON logs).
    pub fn errors(&self) -> Vec<String> {
        self.log_text()
            .lines()
            .filter(|line| line.contains("\"level\":\"ERROR\""))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for AppProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::env::var_os("FAULTS_KEEP").is_none() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}
