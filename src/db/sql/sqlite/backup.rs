//! Backups: a consistent copy of the database file, taken while a server goes on reading and
//! writing.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use rusqlite::{Connection, OpenFlags};

/// Copies the database at `source` into a new file at `target` with SQLite's online backup
/// API, in one step under one read transaction: a consistent snapshot of every write committed
/// before it began, taken while a server goes on reading and writing (WAL lets writers go on
/// meanwhile). An existing `target` is refused rather than overwritten.
pub fn backup(source: &Path, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        anyhow::bail!(
            "{} exists already; back up into a new file",
            target.display()
        );
    }
    let from = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("opening the database {}", source.display()))?;
    from.busy_timeout(Duration::from_secs(30))?;
    let mut to = Connection::open(target)
        .with_context(|| format!("creating the backup {}", target.display()))?;
    let copy = rusqlite::backup::Backup::new(&from, &mut to)?;
    // All pages in one step: copying in several would start over whenever a write lands
    // between steps, which under a steady write load may be never done.
    match copy.step(-1)? {
        rusqlite::backup::StepResult::Done => {}
        other => anyhow::bail!("the backup did not complete: {other:?}"),
    }
    drop(copy);
    let check: String = to.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        anyhow::bail!("the backup fails its integrity check: {check}");
    }
    Ok(())
}
