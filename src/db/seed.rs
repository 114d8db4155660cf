//! The seed dataset: the record files of `db/seed/` ([`super::files`]), embedded in the
//! binary, and loading them into a new database.
//!
//! Records refer to each other by slug. Loading them is an import ([`super::import`]): every
//! record goes through the repository's write functions, which hold the rules the data must
//! obey, so the seed is checked exactly as every other write is.

use crate::db::sql::Connection;
use anyhow::bail;
use include_dir::{Dir, include_dir};

use super::files::Dataset;

static SEED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/db/seed");

/// The `meta` key whose presence records that the seed dataset was loaded.
const SEEDED_KEY: &str = "seed_loaded_at";

/// Reads every embedded seed file, in file-name order, into one dataset; any error is a
/// mistake in the seed files.
pub fn embedded() -> anyhow::Result<Dataset> {
    let mut files: Vec<_> = SEED
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort_by_key(|f| f.path());
    let mut data = Dataset::default();
    let mut errors = Vec::new();
    for file in files {
        let name = format!("db/seed/{}", file.path().display());
        match file.contents_utf8() {
            Some(text) => data.read(&name, text, &mut errors),
            None => errors.push(format!("{name}: not UTF-8")),
        }
    }
    if !errors.is_empty() {
        bail!("the seed files have mistakes:\n{}", errors.join("\n"));
    }
    Ok(data)
}

/// Whether the database holds no data yet.
fn is_empty(conn: &Connection) -> anyhow::Result<bool> {
    Ok(conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM sources) AND NOT EXISTS (SELECT 1 FROM companies) \
           AND NOT EXISTS (SELECT 1 FROM people) AND NOT EXISTS (SELECT 1 FROM agreements)",
        [],
        |r| r.get(0),
    )?)
}

/// Loads the embedded seed dataset into a database that has never been seeded and holds no
/// data (one filled by an import is left alone). Returns whether it loaded it. The seed is
/// imported as every other file is, and its records' history names the actor `seed`.
pub fn seed_if_empty(conn: &Connection) -> anyhow::Result<bool> {
    let tx = conn.write_transaction()?;
    if super::search::meta(&tx, SEEDED_KEY)?.is_some() || !is_empty(&tx)? {
        return Ok(false);
    }
    if let Err(errors) = super::import::import(&tx, &embedded()?, "seed") {
        bail!("the seed dataset does not load:\n{}", errors.join("\n"));
    }
    super::record_time(&tx, SEEDED_KEY)?;
    tx.commit()?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_seed_loads_into_an_empty_database() {
        let conn = crate::db::test_connection();
        assert!(seed_if_empty(&conn).expect("seed loads"));
        assert!(!seed_if_empty(&conn).expect("second call"), "seeded twice");
    }
}
