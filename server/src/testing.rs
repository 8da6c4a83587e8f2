//! Test support (hidden from the documentation): the one place where the
//! server's tests and benchmarks choose their storage backend.
//!
//! With `ISHC_TEST_DATABASE_URL` unset, [`storage`] opens a
//! [`SqliteStorage`] on the given file. With it set (by
//! `scripts/postgres.sh`), it opens a [`PgStorage`] on that server, in a
//! schema of its own named in a file beside `db` (so that reopening `db`
//! after a restart finds the same data, and tests run in parallel without
//! seeing each other), with `db` itself as the process's replica. It panics
//! when PostgreSQL was promised but is not reachable: a test must fail, not
//! quietly run on SQLite.

use crate::postgres::PgStorage;
use crate::sqlite::SqliteStorage;
use crate::storage::{DashboardStorage, Storage};
use ishc_core::clock::Clock;
use std::path::Path;
use std::sync::Arc;

/// The variable naming the PostgreSQL server the tests run against.
pub const DATABASE_URL_ENV: &str = "ISHC_TEST_DATABASE_URL";
/// Set (to `1`) by `scripts/postgres.sh`: PostgreSQL must be reachable.
pub const EXPECT_POSTGRES_ENV: &str = "ISHC_EXPECT_POSTGRES";

/// The PostgreSQL URL the tests run against, if any.
pub fn database_url() -> Option<String> {
    std::env::var(DATABASE_URL_ENV)
        .ok()
        .filter(|u| !u.is_empty())
}

/// The backend the tests run on: `"postgresql"` or `"sqlite"`.
pub fn backend_name() -> &'static str {
    if database_url().is_some() {
        "postgresql"
    } else {
        "sqlite"
    }
}

/// A fresh PostgreSQL configuration for `db`: a new schema named in
/// `<db>.pg-schema` the first time, the same schema afterwards. `None` on
/// SQLite. Panics when the server cannot be reached.
pub fn pg_config(db: &Path) -> Option<::postgres::Config> {
    let url = database_url()?;
    let marker = db.with_extension("pg-schema");
    let schema = match std::fs::read_to_string(&marker) {
        Ok(s) => s.trim().to_string(),
        Err(_) => {
            let s = format!("t_{}", uuid::Uuid::now_v7().simple());
            std::fs::write(&marker, &s).expect("schema marker written");
            s
        }
    };
    let mut config: ::postgres::Config = url
        .parse()
        .unwrap_or_else(|e| panic!("{DATABASE_URL_ENV} is not a PostgreSQL URL: {e}"));
    let admin = config.clone();
    let create = schema.clone();
    crate::postgres::off_runtime(move || {
        let mut c = admin
            .connect(::postgres::NoTls)
            .unwrap_or_else(|e| panic!("PostgreSQL at {DATABASE_URL_ENV} is not reachable: {e}"));
        c.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {create}"))
            .expect("test schema created");
    });
    config.options(&format!("-c search_path={schema}"));
    Some(config)
}

/// The storage of a test server on `db`, reading time from `clock`:
/// SQLite on `db`, or PostgreSQL with `db` as the replica (see the module
/// documentation). Panics when it cannot be opened.
pub fn storage(db: &Path, clock: Arc<dyn Clock>) -> Arc<dyn Storage> {
    backend(db, clock).storage
}

/// A test backend's two interfaces, over one storage.
#[derive(Clone)]
pub struct Backend {
    /// The sync API's.
    pub storage: Arc<dyn Storage>,
    /// The dashboard's.
    pub dashboard: Arc<dyn DashboardStorage>,
}

/// [`storage`]'s backend with both its interfaces.
pub fn backend(db: &Path, clock: Arc<dyn Clock>) -> Backend {
    match pg_config(db) {
        Some(config) => {
            let s = Arc::new(
                PgStorage::open_with_config(config, db, clock).expect("PostgreSQL storage opens"),
            );
            Backend {
                storage: s.clone(),
                dashboard: s,
            }
        }
        None => {
            let s =
                Arc::new(SqliteStorage::open_with_clock(db, clock).expect("SQLite storage opens"));
            Backend {
                storage: s.clone(),
                dashboard: s,
            }
        }
    }
}

/// A test server on `db` listening on `listen`, serving the sync API and
/// the dashboard, on [`storage`]'s backend (as [`crate::spawn`] does).
pub async fn spawn(
    db: &Path,
    clock: Arc<dyn Clock>,
    listen: std::net::SocketAddr,
) -> Result<(std::net::SocketAddr, crate::ServerHandle), crate::ServeError> {
    let mut config = crate::Config::new(db);
    config.listen = listen;
    spawn_config(config, clock).await
}

/// [`spawn`] with every setting of `config` but the backend, which is the
/// tests' (`config.db` is the SQLite file or the replica).
pub async fn spawn_config(
    config: crate::Config,
    clock: Arc<dyn Clock>,
) -> Result<(std::net::SocketAddr, crate::ServerHandle), crate::ServeError> {
    if database_url().is_some() {
        let db = config.db.clone();
        let storage = tokio::task::spawn_blocking(move || {
            let pg = pg_config(&db).expect("PostgreSQL is configured");
            PgStorage::open_with_config(pg, &db, clock)
        })
        .await
        .map_err(std::io::Error::other)??;
        return crate::spawn_dashboard(Arc::new(storage), &config).await;
    }
    let storage = Arc::new(SqliteStorage::open_with_clock(&config.db, clock)?);
    crate::spawn_dashboard(storage, &config).await
}
