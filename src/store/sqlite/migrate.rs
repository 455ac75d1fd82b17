//! Creating the schema, and migrating an older one after an encrypted backup.

use std::fs;
use std::path::Path;

use rusqlite::{Connection, TransactionBehavior, params};

use super::{db_err, pragma_i32, precreate};
use crate::error::Failure;
use crate::store::{Passphrase, file, schema};
use crate::texts::store as t;

pub(super) fn initialise(conn: &mut Connection) -> Result<(), Failure> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(db_err)?;
    tx.execute_batch(&schema::create_current())
        .map_err(db_err)?;
    tx.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = {};",
        schema::APPLICATION_ID,
        schema::CURRENT
    ))
    .map_err(db_err)?;
    tx.commit().map_err(db_err)
}

/// Writes an encrypted copy (same key) of the open database to `target`.
pub(super) fn encrypted_copy(
    conn: &Connection,
    passphrase: &Passphrase,
    target: &Path,
    version: i32,
) -> Result<(), Failure> {
    precreate(target)?;
    let target_str = target.to_string_lossy();
    conn.execute(
        "ATTACH DATABASE ?1 AS copie KEY ?2",
        params![target_str, passphrase.sqlcipher_key().as_ref()],
    )
    .map_err(db_err)?;
    let res = (|| {
        conn.query_row("SELECT sqlcipher_export('copie')", [], |_| Ok(()))?;
        conn.execute_batch(&format!(
            "PRAGMA copie.user_version = {version}; PRAGMA copie.application_id = {};",
            schema::APPLICATION_ID
        ))
    })();
    let detach = conn.execute_batch("DETACH DATABASE copie");
    res.map_err(db_err)?;
    detach.map_err(db_err)?;
    fs::File::open(target)
        .and_then(|f| f.sync_all())
        .map_err(|e| Failure::io(t::cannot_create_store(target, &e)))?;
    if let Some(dir) = target.parent()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

pub(super) fn migrate(
    conn: &mut Connection,
    dir: &Path,
    passphrase: &Passphrase,
) -> Result<(), Failure> {
    // Another process may have migrated while we waited for the exclusive lock.
    let version = pragma_i32(conn, "user_version")?;
    if version >= schema::CURRENT {
        return Ok(());
    }
    let backup = file::create_kept(dir, &format!("acces-avant-migration-v{version}"))?;
    if let Err(f) = encrypted_copy(conn, passphrase, &backup, version) {
        let _ = file::remove_db_files(&backup);
        return Err(f);
    }
    for v in version..schema::CURRENT {
        let step = schema::STEPS[(v - 1) as usize];
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        tx.execute_batch(step).map_err(db_err)?;
        tx.execute_batch(&format!("PRAGMA user_version = {}", v + 1))
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
    }
    Ok(())
}
