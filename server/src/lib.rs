//! `ishc-server`: the provincial sync server. Phones enrol with a one-time
//! code, then push the operations they made offline and pull everyone
//! else's; the server checks each operation with the core replica rules
//! (`ishc_core::sync::replica`), materialises every club's data with the
//! core schema, and numbers each club's operations (`seq`).
//!
//! `docs/PROTOCOL.md` documents the HTTP API. Modules: [`storage`] (the
//! narrow interface to the database), [`sqlite`] (its SQLite
//! implementation), [`postgres`] (its PostgreSQL implementation, for
//! several server processes over one database), [`http`] (routes, checks, errors), [`codes`] (secrets).
//!
//! For tests, [`spawn`] runs a real server on loopback in the current
//! runtime and returns a [`ServerHandle`] with the storage and the
//! [`http::Faults`] hooks.

pub mod accounts;
pub mod codes;
pub mod dashboard;
pub mod http;
pub mod limits;
pub mod pg_dashboard;
pub mod postgres;
pub mod sqlite;
pub mod storage;
#[doc(hidden)]
pub mod testing;

use crate::http::{AppState, Faults};
use crate::sqlite::SqliteStorage;
use crate::storage::{DashboardStorage, Storage, StorageError};
use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How to run a server.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// The SQLite database file (created if missing); with
    /// [`Config::database_url`], this process's replica of PostgreSQL (a
    /// cache, see [`postgres`]).
    pub db: PathBuf,
    /// A PostgreSQL URL (`postgres://user@host:port/db`): the server keeps
    /// its data there (the sync API's and the dashboard's).
    pub database_url: Option<String>,
    /// Address to listen on; port 0 picks a free port.
    pub listen: SocketAddr,
    /// Reached through an HTTPS reverse proxy on this machine: the
    /// dashboard's cookies are `Secure` and the client's address is the last
    /// one of `X-Forwarded-For`.
    pub behind_https_proxy: bool,
}

impl std::fmt::Debug for Config {
    // The URL may carry a password: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("db", &self.db)
            .field("database_url", &self.database_url.as_ref().map(|_| "(set)"))
            .field("listen", &self.listen)
            .field("behind_https_proxy", &self.behind_https_proxy)
            .finish()
    }
}

impl Config {
    /// A server on `db`, listening on a free loopback port.
    pub fn new(db: impl Into<PathBuf>) -> Config {
        Config {
            db: db.into(),
            database_url: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            behind_https_proxy: false,
        }
    }
}

/// Why a server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened.
    #[error("database: {0}")]
    Storage(#[from] StorageError),
    /// The address could not be bound, or serving failed.
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
}

/// A running server. Dropping it asks the server to stop; [`shutdown`]
/// stops it and waits.
///
/// [`shutdown`]: ServerHandle::shutdown
pub struct ServerHandle {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
    storage: Arc<dyn Storage>,
    dashboard: Option<Arc<dyn DashboardStorage>>,
    faults: Arc<Faults>,
}

impl ServerHandle {
    /// The server's storage, for administration in tests (create clubs,
    /// issue codes, revoke devices) while it serves.
    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    /// The dashboard's storage (officers, sessions, audit log, targets),
    /// when the server serves the dashboard ([`spawn`] and
    /// [`spawn_dashboard`] do, [`spawn_with`] does not).
    pub fn dashboard(&self) -> Option<&Arc<dyn DashboardStorage>> {
        self.dashboard.as_ref()
    }

    /// The fault hooks; all off until a test sets them.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Stops accepting, finishes requests in flight, and waits.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(std::io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The server's log directives when `RUST_LOG` is unset or unreadable.
pub const DEFAULT_LOG: &str = "info,tower_http=info";

/// The server's log filter: `directives` (`RUST_LOG`'s syntax, e.g.
/// `info` or `debug,hyper=info`), with the PostgreSQL client capped at
/// `info` whatever they say. `tokio_postgres` logs every query with its
/// parameters at `debug`, and those parameters are session tokens' and
/// device tokens' hashes, CSRF tokens, password hashes and personal data
/// (found by `tests/logs.rs` on PostgreSQL). The cap replaces a
/// `tokio_postgres=…` directive; one naming a module inside it
/// (`tokio_postgres::query=debug`) is an operator's deliberate choice and
/// still wins. Directives that do not parse give the default,
/// [`DEFAULT_LOG`].
pub fn log_filter(directives: &str) -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_new(directives)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(DEFAULT_LOG))
        .add_directive(
            "tokio_postgres=info"
                .parse()
                .expect("a fixed directive parses"),
        )
}

/// Opens the database of `config` and serves it (the sync API and the
/// dashboard) in the current tokio runtime until the returned handle is
/// shut down or dropped. Returns the address actually bound.
pub async fn spawn(config: Config) -> Result<(SocketAddr, ServerHandle), ServeError> {
    let db = config.db.clone();
    if let Some(url) = config.database_url.clone() {
        let storage = tokio::task::spawn_blocking(move || postgres::PgStorage::open(&url, &db))
            .await
            .map_err(std::io::Error::other)??;
        return spawn_dashboard(Arc::new(storage), &config).await;
    }
    let storage = tokio::task::spawn_blocking(move || SqliteStorage::open(&db))
        .await
        .map_err(std::io::Error::other)??;
    spawn_dashboard(Arc::new(storage), &config).await
}

/// Serves `storage` on `config.listen`: the sync API and the dashboard
/// (tests pass a storage on a fixed clock).
pub async fn spawn_dashboard<S>(
    storage: Arc<S>,
    config: &Config,
) -> Result<(SocketAddr, ServerHandle), ServeError>
where
    S: Storage + DashboardStorage + 'static,
{
    let dashboard_storage: Arc<dyn DashboardStorage> = storage.clone();
    let dashboard = dashboard::router(dashboard::DashboardState {
        storage: dashboard_storage.clone(),
        behind_https_proxy: config.behind_https_proxy,
    });
    serve_router(
        storage,
        Some(dashboard_storage),
        Some(dashboard),
        config.listen,
        config.behind_https_proxy,
    )
    .await
}

/// Serves `storage` on `listen` in the current tokio runtime: the sync API
/// only, no dashboard (see [`spawn`]).
pub async fn spawn_with(
    storage: Arc<dyn Storage>,
    listen: SocketAddr,
) -> Result<(SocketAddr, ServerHandle), ServeError> {
    serve_router(storage, None, None, listen, false).await
}

async fn serve_router(
    storage: Arc<dyn Storage>,
    dashboard_storage: Option<Arc<dyn DashboardStorage>>,
    dashboard: Option<axum::Router>,
    listen: SocketAddr,
    behind_proxy: bool,
) -> Result<(SocketAddr, ServerHandle), ServeError> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let faults = Arc::new(Faults::default());
    let mut app = http::router(AppState {
        storage: storage.clone(),
        faults: faults.clone(),
        enrol_limits: Arc::new(limits::FailureLimiter::enrolment(Arc::new(
            ishc_core::clock::SystemClock,
        ))),
        behind_proxy,
    });
    if let Some(d) = dashboard {
        app = app.merge(d);
    }
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    Ok((
        addr,
        ServerHandle {
            stop: Some(stop),
            task: Some(task),
            storage,
            dashboard: dashboard_storage,
            faults,
        },
    ))
}

/// Serves `config` until `until` completes (the command line passes Ctrl-C
/// or SIGTERM), then finishes requests in flight.
pub async fn serve(config: Config, until: impl Future<Output = ()>) -> Result<(), ServeError> {
    let (addr, handle) = spawn(config).await?;
    tracing::info!(%addr, "listening");
    until.await;
    tracing::info!("shutting down");
    handle.shutdown().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::level_filters::LevelFilter;

    #[test]
    fn the_log_filter_caps_the_postgresql_client_and_falls_back_to_the_default() {
        assert_eq!(
            log_filter("trace").max_level_hint(),
            Some(LevelFilter::TRACE)
        );
        assert_eq!(log_filter("trace").to_string(), "tokio_postgres=info,trace");
        assert_eq!(
            log_filter("warn,tokio_postgres=trace").to_string(),
            "tokio_postgres=info,warn"
        );
        // Unreadable directives: the default, not silence.
        let fallback = log_filter("=nonsense=");
        assert_eq!(fallback.max_level_hint(), Some(LevelFilter::INFO));
    }
}
