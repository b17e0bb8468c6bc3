//! A fresh database per test, cloned from a template that holds the migrated schema, and dropped
//! when the test ends (also when it panics).
//!
//! The server comes from `LABMINDS_TEST_DATABASE_URL` (set by scripts/test), else `DATABASE_URL`.

use std::sync::OnceLock;

use sqlx::{Connection, PgConnection};
use url::Url;

pub struct TestDatabase {
    pub name: String,
    pub url: String,
    maintenance_url: String,
}

fn server_url() -> Url {
    let raw = std::env::var("LABMINDS_TEST_DATABASE_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .expect("set LABMINDS_TEST_DATABASE_URL (or run scripts/test, which starts PostgreSQL and sets it)");
    Url::parse(&raw).expect("LABMINDS_TEST_DATABASE_URL is not a URL")
}

fn url_for(database: &str) -> String {
    let mut url = server_url();
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// The template's name carries a hash of the migrations, so a changed migration builds a new one.
fn template_name() -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for migration in labminds::db::MIGRATOR.iter() {
        for byte in migration
            .version
            .to_le_bytes()
            .iter()
            .chain(migration.checksum.iter())
        {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x100000001b3);
        }
    }
    format!("labminds_test_tmpl_{hash:016x}")
}

async fn ensure_template(name: &str) {
    let mut admin = PgConnection::connect(&url_for("postgres"))
        .await
        .expect("connect to the test PostgreSQL server");
    // One creator at a time, across test threads and test processes.
    sqlx::query("select pg_advisory_lock(7264001)")
        .execute(&mut admin)
        .await
        .unwrap();
    let exists: bool =
        sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
            .bind(name)
            .fetch_one(&mut admin)
            .await
            .unwrap();
    if !exists {
        let building = format!("{name}_building");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "drop database if exists \"{building}\" with (force)"
        )))
        .execute(&mut admin)
        .await
        .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "create database \"{building}\""
        )))
        .execute(&mut admin)
        .await
        .unwrap();
        {
            let mut conn = PgConnection::connect(&url_for(&building)).await.unwrap();
            labminds::db::MIGRATOR
                .run(&mut conn)
                .await
                .expect("migrations apply to a new database");
            conn.close().await.unwrap();
        }
        // Renamed only when complete, so a crash never leaves a half-built template behind.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "alter database \"{building}\" rename to \"{name}\""
        )))
        .execute(&mut admin)
        .await
        .unwrap();
    }
    sqlx::query("select pg_advisory_unlock(7264001)")
        .execute(&mut admin)
        .await
        .unwrap();
    admin.close().await.ok();
}

impl TestDatabase {
    pub async fn create() -> TestDatabase {
        static TEMPLATE: OnceLock<String> = OnceLock::new();
        let template = match TEMPLATE.get() {
            Some(name) => name.clone(),
            None => {
                let name = template_name();
                ensure_template(&name).await;
                TEMPLATE.get_or_init(|| name).clone()
            }
        };
        let name = format!("labminds_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&url_for("postgres")).await.unwrap();
        // Two tests cloning the template at the same instant can collide on its lock: retry.
        let mut attempt = 0;
        loop {
            let created = sqlx::query(sqlx::AssertSqlSafe(format!(
                "create database \"{name}\" template \"{template}\""
            )))
            .execute(&mut admin)
            .await;
            match created {
                Ok(_) => break,
                Err(e) if attempt < 50 => {
                    attempt += 1;
                    let _ = e;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Err(e) => panic!("could not create test database: {e}"),
            }
        }
        admin.close().await.ok();
        TestDatabase {
            url: url_for(&name),
            name,
            maintenance_url: url_for("postgres"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let name = self.name.clone();
        let url = self.maintenance_url.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on: use a thread of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let mut admin = PgConnection::connect(&url).await?;
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "drop database if exists \"{name}\" with (force)"
                )))
                .execute(&mut admin)
                .await?;
                admin.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("warning: test database {} was not dropped", self.name);
        }
    }
}
