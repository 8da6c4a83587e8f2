//! `ishc enrol`, `ishc sync`, `ishc status` and `ishc conflicts`.

use crate::args::{Cli, ConflictsCmd};
use crate::output;
use ishc_core::clock::SystemClock;
use ishc_core::error::{Error, FieldError, Result};
use ishc_core::store::Store;
use ishc_core::sync::client::{self, SyncClient, SyncConfig, SyncError};
use std::sync::{Arc, Mutex};

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Sync failures as command-line errors (exit 1 for the server's refusals
/// of bad input, 2 for network trouble).
pub(crate) fn sync_err(e: SyncError) -> Error {
    match e {
        SyncError::Store(e) => e,
        SyncError::Server {
            status,
            code,
            message,
        } if (400..500).contains(&status) => {
            Error::Invalid(FieldError::new(&code, "server", message))
        }
        SyncError::NotEnrolled => {
            Error::Invalid(FieldError::new("sync.not_enrolled", "db", e.to_string()))
        }
        other => Error::Io(std::io::Error::other(other.to_string())),
    }
}

fn open(cli: &Cli) -> Result<Arc<Mutex<Store>>> {
    Ok(Arc::new(Mutex::new(Store::open(
        &cli.db,
        &cli.device,
        Arc::new(SystemClock),
    )?)))
}

pub fn enrol(cli: &Cli, server: &str, code: &str, name: &str) -> Result<()> {
    let store = open(cli)?;
    let rt = runtime()?;
    let enrolled = rt
        .block_on(client::enrol(&store, server, code, name))
        .map_err(sync_err)?;
    let c = SyncClient::new(store, SyncConfig::default()).map_err(sync_err)?;
    let report = rt.block_on(c.sync()).map_err(sync_err)?;
    if cli.json {
        output::json(
            &serde_json::json!({ "device_id": enrolled.device_id, "club": enrolled.club, "sync": report }),
        );
    } else {
        println!(
            "Enrolled as device {} of {} ({} operations received)",
            enrolled.device_id, enrolled.club.name, report.received
        );
    }
    Ok(())
}

pub fn sync(cli: &Cli, if_due: bool) -> Result<()> {
    let store = open(cli)?;
    let rt = runtime()?;
    let c = SyncClient::new(store, SyncConfig::default()).map_err(sync_err)?;
    let report = if if_due {
        rt.block_on(c.sync_if_due())
    } else {
        rt.block_on(c.sync()).map(Some)
    }
    .map_err(sync_err)?;
    match (report, cli.json) {
        (Some(r), true) => output::json(&r),
        (Some(r), false) => println!(
            "Sent {}, received {}, rejected {}, open conflicts {} in {} ms{}",
            r.sent,
            r.received,
            r.rejected,
            r.conflicts,
            r.duration_ms,
            if r.clock_skew_flagged {
                "; the server says this device's clock is off by more than 5 minutes"
            } else {
                ""
            }
        ),
        (None, true) => output::json(&serde_json::json!({ "due": false })),
        (None, false) => println!("Not due yet (backing off after a failure)"),
    }
    Ok(())
}

pub fn status(cli: &Cli) -> Result<()> {
    let store = Store::open(&cli.db, &cli.device, Arc::new(SystemClock))?;
    let pending = store.pending_count()?;
    let rejected = store.rejected_ops()?;
    let conflicts = store.conflicts(false)?;
    let last = store.meta("sync_last_success_at")?;
    let next = store.meta("sync_next_attempt_at")?;
    if cli.json {
        output::json(&serde_json::json!({
            "server_url": store.meta("server_url")?, "device_id": store.device_id(), "pending": pending,
            "rejected": rejected, "conflicts": conflicts, "last_success_at": last, "next_attempt_at": next,
            "cursor": store.pull_cursor() }));
    } else {
        println!(
            "Server: {}",
            store
                .meta("server_url")?
                .unwrap_or_else(|| "(not enrolled)".into())
        );
        println!("Last sync: {}", last.unwrap_or_else(|| "never".into()));
        if let Some(n) = next {
            println!("Next attempt after failures: {n}");
        }
        println!("Operations waiting to sync: {pending}");
        println!("Rejected by the server (kept here): {}", rejected.len());
        for r in &rejected {
            println!(
                "  {} {} {}: {} [{}]",
                r.recorded_at, r.entity, r.entity_id, r.reason, r.code
            );
        }
        println!("Open conflicts: {}", conflicts.len());
        for c in &conflicts {
            println!(
                "  {} {} {} {}: losing value {}",
                c.id, c.entity, c.entity_id, c.field, c.losing_value
            );
        }
    }
    Ok(())
}

pub fn conflicts(store: &mut Store, cmd: ConflictsCmd, json: bool) -> Result<()> {
    match cmd {
        ConflictsCmd::List => {
            let list = store.conflicts(false)?;
            if json {
                output::json(&list);
            } else {
                for c in &list {
                    println!(
                        "{}  {} {}  {}: {} (lost to {})",
                        c.id, c.entity, c.entity_id, c.field, c.losing_value, c.winning_op_id
                    );
                }
                println!(
                    "{}",
                    output::count(list.len(), "open conflict", "open conflicts")
                );
            }
        }
        ConflictsCmd::Restore { id } => {
            let m = store.restore_conflict(&id)?;
            if json {
                output::json(&m);
            } else {
                println!("Restored; {} is now as before the conflict", m.full_name);
            }
        }
        ConflictsCmd::Dismiss { id } => {
            store.dismiss_conflict(&id)?;
            if !json {
                println!("Dismissed");
            }
        }
    }
    Ok(())
}
