//! `ishc-server`: serve the sync API and the provincial dashboard, and
//! administer clubs, enrolment codes, devices and officers on the same
//! database: a SQLite file (`--db`), or for clubs, codes and devices a
//! PostgreSQL server (`--database-url`; officers and the dashboard need
//! SQLite).
//!
//! Exit status: 0 on success, 1 when input broke a rule or named something
//! unknown (the error carries a stable code), 2 on other failures.

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use ishc_server::accounts::{NewOfficer, Officer, Role};
use ishc_server::sqlite::SqliteStorage;
use ishc_server::storage::{DashboardStorage, NewClub, Storage, StorageError};
use ishc_server::Config;
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The provincial sync server for ISHC clubs.
#[derive(Debug, Parser)]
#[command(name = "ishc-server", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the sync API and the provincial dashboard.
    Serve {
        #[command(flatten)]
        database: Database,
        /// With --database-url: this process's replica of PostgreSQL, a
        /// SQLite file it may delete and rebuild at any time (a cache).
        #[arg(long, requires = "database_url", default_value = "ishc-replica.db")]
        replica: PathBuf,
        /// Address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// The server is reached through an HTTPS reverse proxy on this
        /// machine: the dashboard's cookies are marked Secure and the
        /// client's address is read from the proxy's X-Forwarded-For.
        #[arg(long)]
        behind_https_proxy: bool,
    },
    /// Provincial officers' accounts for the dashboard.
    Officer {
        #[command(subcommand)]
        command: OfficerCommand,
    },
    /// Clubs.
    Club {
        #[command(subcommand)]
        command: ClubCommand,
    },
    /// Enrolment codes.
    Code {
        #[command(subcommand)]
        command: CodeCommand,
    },
    /// Enrolled devices.
    Device {
        #[command(subcommand)]
        command: DeviceCommand,
    },
}

/// Where the data is: a SQLite file, or a PostgreSQL server.
#[derive(Debug, clap::Args)]
struct Database {
    /// The SQLite database file (created if missing).
    #[arg(
        long,
        required_unless_present = "database_url",
        conflicts_with = "database_url"
    )]
    db: Option<PathBuf>,
    /// A PostgreSQL server instead of --db: postgres://user:password@host:port/dbname
    /// (read from ISHC_DATABASE_URL when not given, which keeps a password
    /// out of the process list).
    #[arg(long, env = "ISHC_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

impl Database {
    /// Opens the storage for an administration command. On PostgreSQL the
    /// command's replica is a temporary file, deleted afterwards (a cache).
    fn open(self) -> Result<(Box<dyn Storage>, Option<TempReplica>), Failure> {
        let (s, replica) = self.open_both()?;
        Ok((s.into_storage(), replica))
    }

    /// Opens the storage for an officer command (the dashboard's accounts).
    fn open_accounts(self) -> Result<(Box<dyn DashboardStorage>, Option<TempReplica>), Failure> {
        let (s, replica) = self.open_both()?;
        Ok((s.into_accounts(), replica))
    }

    fn open_both(self) -> Result<(Backend, Option<TempReplica>), Failure> {
        match (self.db, self.database_url) {
            (_, Some(url)) => {
                let replica = TempReplica::new();
                let s = ishc_server::postgres::PgStorage::open(&url, &replica.0)?;
                Ok((Backend::Pg(s), Some(replica)))
            }
            (Some(db), None) => Ok((Backend::Sqlite(SqliteStorage::open(&db)?), None)),
            (None, None) => Err(Failure::Other("--db or --database-url is required".into())),
        }
    }
}

/// The opened backend of an administration command.
enum Backend {
    Sqlite(SqliteStorage),
    Pg(ishc_server::postgres::PgStorage),
}

impl Backend {
    fn into_storage(self) -> Box<dyn Storage> {
        match self {
            Backend::Sqlite(s) => Box::new(s),
            Backend::Pg(s) => Box::new(s),
        }
    }

    fn into_accounts(self) -> Box<dyn DashboardStorage> {
        match self {
            Backend::Sqlite(s) => Box::new(s),
            Backend::Pg(s) => Box::new(s),
        }
    }
}

/// A temporary replica file of an administration command, deleted on drop.
struct TempReplica(PathBuf);

impl TempReplica {
    fn new() -> TempReplica {
        TempReplica(std::env::temp_dir().join(format!(
            "ishc-server-replica-{}.db",
            uuid::Uuid::now_v7().simple()
        )))
    }
}

impl Drop for TempReplica {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

#[derive(Debug, Subcommand)]
enum ClubCommand {
    /// Create a club (its first operation, which phones pull).
    Create {
        #[command(flatten)]
        database: Database,
        /// Club name.
        #[arg(long)]
        name: String,
        /// Official commune code (2025 units).
        #[arg(long)]
        commune: u32,
        /// Founding date, YYYY-MM-DD.
        #[arg(long)]
        founded: NaiveDate,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List clubs.
    List {
        #[command(flatten)]
        database: Database,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum CodeCommand {
    /// Issue a one-time enrolment code for a club.
    Issue {
        #[command(flatten)]
        database: Database,
        /// Club id.
        #[arg(long)]
        club: String,
        /// Hours the code stays valid.
        #[arg(long, default_value_t = 72)]
        ttl_hours: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum DeviceCommand {
    /// List devices.
    List {
        #[command(flatten)]
        database: Database,
        /// Only this club's devices.
        #[arg(long)]
        club: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke a device: its token stops working at once.
    Revoke {
        #[command(flatten)]
        database: Database,
        /// Device id.
        device_id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
enum OfficerCommand {
    /// Create an officer. The password is read from standard input (its
    /// first line), or asked twice at a prompt on a terminal; never from
    /// the command line.
    Create {
        #[command(flatten)]
        database: Database,
        /// Username: 3–32 of a-z, 0-9, '.', '_', '-', starting with a letter.
        #[arg(long)]
        username: String,
        /// Full name.
        #[arg(long)]
        name: String,
        /// viewer (aggregates), analyst (also member lists, logged) or
        /// admin (also targets and the audit log).
        #[arg(long, value_parser = ["viewer", "analyst", "admin"])]
        role: String,
        /// Province code (2025 units), e.g. 75 for Đồng Nai.
        #[arg(long)]
        province: u32,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// List officers.
    List {
        #[command(flatten)]
        database: Database,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Disable an officer: sign-in is refused and open sessions end.
    Disable {
        #[command(flatten)]
        database: Database,
        /// Username.
        username: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The new officer's password: asked twice at a prompt on a terminal (not
/// echoed), else the first line of standard input.
fn read_password() -> Result<String, Failure> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Mật khẩu (password): ")
            .map_err(|e| Failure::Other(e.to_string()))?;
        let again = rpassword::prompt_password("Nhập lại (again): ")
            .map_err(|e| Failure::Other(e.to_string()))?;
        if first != again {
            return Err(Failure::Storage(StorageError::Invalid {
                code: "officer.password_mismatch".into(),
                message: "password: the two entries differ".into(),
            }));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::Other(e.to_string()))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

fn print_officer(o: &Officer) {
    println!(
        "{}\t{}\t{}\t{}\t{}\t{}",
        o.username,
        o.full_name,
        o.role.as_str(),
        o.province_code,
        o.created_at,
        dash(&o.disabled_at)
    );
}

/// A failure of a command.
#[derive(Debug)]
enum Failure {
    Storage(StorageError),
    Other(String),
}

impl From<StorageError> for Failure {
    fn from(e: StorageError) -> Self {
        Failure::Storage(e)
    }
}

fn print_json<T: Serialize + ?Sized>(v: &T) {
    match serde_json::to_string_pretty(v) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("error: {e}"),
    }
}

fn dash(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("-")
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Serve {
            database,
            replica,
            listen,
            behind_https_proxy,
        } => {
            tracing_subscriber::fmt()
                .with_env_filter(ishc_server::log_filter(
                    &std::env::var("RUST_LOG").unwrap_or_else(|_| ishc_server::DEFAULT_LOG.into()),
                ))
                // Plain text when the log goes to a file, colours on a terminal.
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
                .init();
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| Failure::Other(e.to_string()))?;
            let config = match (database.db, database.database_url) {
                (_, Some(url)) => Config {
                    db: replica,
                    database_url: Some(url),
                    listen,
                    behind_https_proxy,
                },
                (Some(db), None) => Config {
                    db,
                    database_url: None,
                    listen,
                    behind_https_proxy,
                },
                (None, None) => {
                    return Err(Failure::Other("--db or --database-url is required".into()))
                }
            };
            rt.block_on(ishc_server::serve(config, shutdown_signal()))
                .map_err(|e| match e {
                    ishc_server::ServeError::Storage(s) => Failure::Storage(s),
                    other => Failure::Other(other.to_string()),
                })
        }
        Command::Officer { command } => match command {
            OfficerCommand::Create {
                database,
                username,
                name,
                role,
                province,
                json,
            } => {
                let (storage, _replica) = database.open_accounts()?;
                let password = read_password()?;
                let o = storage.create_officer(NewOfficer {
                    username,
                    full_name: name,
                    role: Role::parse(&role).unwrap_or(Role::Viewer),
                    province_code: province,
                    password,
                })?;
                if json {
                    print_json(&o);
                } else {
                    print_officer(&o);
                }
                Ok(())
            }
            OfficerCommand::List { database, json } => {
                let officers = database.open_accounts()?.0.list_officers()?;
                if json {
                    print_json(&officers);
                } else {
                    println!("username\tname\trole\tprovince\tcreated\tdisabled");
                    officers.iter().for_each(print_officer);
                }
                Ok(())
            }
            OfficerCommand::Disable {
                database,
                username,
                json,
            } => {
                let o = database.open_accounts()?.0.disable_officer(&username)?;
                if json {
                    print_json(&o);
                } else {
                    print_officer(&o);
                }
                Ok(())
            }
        },
        Command::Club { command } => match command {
            ClubCommand::Create {
                database,
                name,
                commune,
                founded,
                json,
            } => {
                let (s, _replica) = database.open()?;
                let club = s.create_club(NewClub {
                    name,
                    commune_code: commune,
                    founded_on: founded,
                    activity_areas: None,
                })?;
                if json {
                    print_json(&club);
                } else {
                    println!("{}\t{}", club.id, club.name);
                }
                Ok(())
            }
            ClubCommand::List { database, json } => {
                let clubs = database.open()?.0.list_clubs()?;
                if json {
                    print_json(&clubs);
                } else {
                    println!("id\tname\tcommune\tfounded\tdevices\tlast_seq");
                    for c in clubs {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}",
                            c.club.id,
                            c.club.name,
                            c.club.commune_code,
                            c.club.founded_on,
                            c.active_devices,
                            c.last_seq
                        );
                    }
                }
                Ok(())
            }
        },
        Command::Code { command } => match command {
            CodeCommand::Issue {
                database,
                club,
                ttl_hours,
                json,
            } => {
                let code = database.open()?.0.issue_code(&club, ttl_hours)?;
                if json {
                    print_json(&code);
                } else {
                    println!("{}", code.code);
                    eprintln!(
                        "one-time enrolment code for club {}, valid until {}",
                        code.club_id, code.expires_at
                    );
                }
                Ok(())
            }
        },
        Command::Device { command } => match command {
            DeviceCommand::List {
                database,
                club,
                json,
            } => {
                let devices = database.open()?.0.list_devices(club.as_deref())?;
                if json {
                    print_json(&devices);
                } else {
                    println!("id\tclub\tname\tcreated\tlast_seen\trevoked\tclock_skew_ms");
                    for d in devices {
                        println!(
                            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                            d.id,
                            d.club_id,
                            d.name,
                            d.created_at,
                            dash(&d.last_seen_at),
                            dash(&d.revoked_at),
                            d.clock_skew_ms.map_or("-".to_string(), |s| s.to_string())
                        );
                    }
                }
                Ok(())
            }
            DeviceCommand::Revoke {
                database,
                device_id,
                json,
            } => {
                let d = database.open()?.0.revoke_device(&device_id)?;
                if json {
                    print_json(&d);
                } else {
                    println!("{}\trevoked at {}", d.id, dash(&d.revoked_at));
                }
                Ok(())
            }
        },
    }
}

/// Completes on Ctrl-C, or on SIGTERM on Unix.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let term = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            _ = ctrl_c => {},
            _ = term => {},
        }
    }
    #[cfg(not(unix))]
    ctrl_c.await;
}

fn main() {
    let cli = Cli::parse();
    if let Err(f) = run(cli) {
        match f {
            Failure::Storage(StorageError::Internal(m)) => {
                eprintln!("error: {m} [server.internal]");
                std::process::exit(2);
            }
            Failure::Storage(e) => {
                eprintln!("error: {e} [{}]", e.code());
                std::process::exit(1);
            }
            Failure::Other(m) => {
                eprintln!("error: {m}");
                std::process::exit(2);
            }
        }
    }
}
