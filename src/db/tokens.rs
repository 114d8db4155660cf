//! API keys: their names, the hashes of their tokens, and when they were created and revoked.
//! Tokens themselves are never stored (see `crate::auth`).

use crate::db::sql::{Connection, params};

use super::constraints::{execute, insert};
use super::now;
use crate::error::{AppError, AppResult};

/// An API key as `dealgraph token list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRow {
    /// The name it was created with, which history records as the author of its writes.
    pub name: String,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// Stores a new key `name` whose token hashes to `hash`. A name already used is a `CONFLICT`.
pub fn insert_token(conn: &Connection, name: &str, hash: &str) -> AppResult<i64> {
    insert(
        conn,
        "INSERT INTO api_tokens (name, hash, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        params![name, hash, now()],
        &[],
    )
}

/// Every key, oldest first.
pub fn list_tokens(conn: &Connection) -> AppResult<Vec<TokenRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, created_at, revoked_at FROM api_tokens ORDER BY id")?;
    let rows = stmt.query_map([], |r| {
        Ok(TokenRow {
            name: r.get(0)?,
            created_at: r.get(1)?,
            revoked_at: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}

/// Revokes the key `name`; `NOT_FOUND` when there is none, and a key already revoked keeps
/// its first revocation time.
pub fn revoke_token(conn: &Connection, name: &str) -> AppResult<()> {
    let found = execute(
        conn,
        "UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE name = ?1",
        params![name, now()],
        &[],
    )?;
    if found == 0 {
        return Err(AppError::NotFound {
            what: "token",
            key: name.to_owned(),
        });
    }
    Ok(())
}

/// The names and hashes of the keys not revoked.
pub fn active_hashes(conn: &Connection) -> AppResult<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT name, hash FROM api_tokens WHERE revoked_at IS NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<crate::db::sql::Result<_>>()?)
}
