//! A private PostgreSQL cluster made from the machine's binaries (the ones scripts/lib/setup.sh
//! finds), which the fault suite owns and may therefore stop abruptly: the shared test server
//! cannot be, because every other test uses it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Cluster {
    bindir: PathBuf,
    dir: PathBuf,
    pub port: u16,
    /// `runuser -u postgres --` when we are root: PostgreSQL refuses to run as root.
    as_postgres: bool,
}

/// `LABMINDS_PG_BINDIR` (set by scripts/test), else the newest /usr/lib/postgresql/*/bin.
fn find_bindir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LABMINDS_PG_BINDIR") {
        return PathBuf::from(dir);
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path().join("bin"))
                .filter(|bin| bin.join("initdb").exists() && bin.join("pg_ctl").exists())
                .collect()
        })
        .unwrap_or_default();
    // Version directories are numbers: the newest sorts last numerically.
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    dirs.pop().expect(
        "PostgreSQL binaries not found: run scripts/test (it installs them) or set LABMINDS_PG_BINDIR",
    )
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Cluster {
    /// initdb into a fresh temporary directory and start the server on a free port.
    pub fn create() -> Cluster {
        let dir = std::env::temp_dir().join(format!(
            "labminds-faults-pg-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        let cluster = Cluster {
            bindir: find_bindir(),
            port: free_port(),
            as_postgres: is_root(),
            dir,
        };
        if cluster.as_postgres {
            let owned = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(&cluster.dir)
                .status()
                .unwrap();
            assert!(owned.success(), "chown of the cluster directory failed");
        }
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
        );
        let conf = format!(
            "listen_addresses = '127.0.0.1'\nport = {}\nunix_socket_directories = '{}'\n\
             max_connections = 60\nshared_buffers = 32MB\n",
            cluster.port,
            cluster.dir.join("run").display()
        );
        let mut existing = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        existing.push_str(&conf);
        std::fs::write(data.join("postgresql.conf"), existing).unwrap();
        cluster.start();
        cluster
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    fn run(&self, program: &str, args: &[&str]) -> Output {
        let binary = self.bindir.join(program);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&binary);
            c
        } else {
            Command::new(&binary)
        };
        let output = command.args(args).output().unwrap();
        assert!(
            output.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data();
        let log = self.dir.join("postgres.log");
        let mut all = vec!["-D", data.to_str().unwrap(), "-l", log.to_str().unwrap()];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    /// Starts and waits until the server accepts connections (crash recovery included).
    pub fn start(&self) {
        self.pg_ctl(&["-w", "-t", "120", "start"]);
    }

    /// The abrupt stop: every backend is killed at once, no checkpoint; recovery at the next start.
    pub fn stop_immediately(&self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Also after a failed assertion: never leave a server running behind the test.
        let data = self.data();
        let _ = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(self.bindir.join("pg_ctl"))
                .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
                .output()
        } else {
            Command::new(self.bindir.join("pg_ctl"))
                .args(["-D", data.to_str().unwrap(), "-m", "immediate", "stop"])
                .output()
        };
        remove_dir(&self.dir);
    }
}

fn remove_dir(dir: &Path) {
    if std::env::var_os("FAULTS_KEEP").is_none() {
        let _ = std::fs::remove_dir_all(dir);
    }
}
