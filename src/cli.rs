//! The commands besides `serve` that work on a database from the command line: managing API
//! keys, importing and exporting record files, backups. Each opens the database (creating and migrating
//! it when needed), does its work in one transaction and prints the outcome.

use std::path::Path;

use anyhow::Context;

use crate::auth;
use crate::config::TokenAction;
use crate::db::files::Dataset;
use crate::db::sql::Dialect;
use crate::db::{Db, Location, export, import, tokens};
use crate::error::AppError;

/// Opens the database at `location` off the async threads; `seed` loads the seed dataset
/// into a new one.
async fn open(location: &Location, seed: bool) -> anyhow::Result<Db> {
    let location = location.clone();
    let (db, _) = tokio::task::spawn_blocking(move || Db::open_with(location, 1, seed))
        .await
        .context("opening the database")??;
    Ok(db)
}

/// Runs `dealgraph import PATH`: reads the files, then imports them in one transaction as the
/// actor `import`, printing what it did, or every invalid record (and writing nothing).
pub async fn import(database: &Location, path: &Path) -> anyhow::Result<()> {
    let mut data = Dataset::default();
    let mut unreadable = Vec::new();
    data.read_path(path, &mut unreadable);
    let db = open(database, false).await?;
    // The records that could be read are checked too, so that one run reports every invalid
    // record; any error rolls the whole import back.
    let outcome = db
        .write(move |tx| {
            let mut errors = unreadable;
            match import::import(tx, &data, "import") {
                Ok(report) if errors.is_empty() => return Ok(report),
                Ok(_) => {}
                Err(found) => errors.extend(found),
            }
            Err(AppError::bad_input("records", errors.join("\n")))
        })
        .await;
    match outcome {
        Ok(report) => {
            println!(
                "imported: {} created, {} updated, {} unchanged, {} deleted",
                report.created, report.updated, report.unchanged, report.deleted
            );
            Ok(())
        }
        Err(AppError::BadInput { reason, .. }) => {
            eprintln!("{reason}");
            anyhow::bail!("nothing was imported: the records above are invalid")
        }
        Err(other) => anyhow::bail!("importing failed: {}", other.public_message()),
    }
}

/// Runs `dealgraph backup TARGET`: a consistent copy of the SQLite database in a new file. A
/// PostgreSQL database is backed up with PostgreSQL's own tools, which the message names.
pub async fn backup(database: &Location, target: &Path) -> anyhow::Result<()> {
    let Some(database) = database.sqlite_path() else {
        anyhow::bail!(
            "dealgraph backup copies a SQLite file; back up a PostgreSQL database with \
             `pg_dump --format=custom --file={} URL` (restore with pg_restore), or continuously \
             with its WAL archiving (pg_basebackup)",
            target.display()
        );
    };
    if !database.exists() {
        anyhow::bail!("there is no database at {}", database.display());
    }
    let (from, to) = (database.to_owned(), target.to_owned());
    tokio::task::spawn_blocking(move || crate::db::backup::backup(&from, &to))
        .await
        .context("backing up")??;
    println!("{}", target.display());
    Ok(())
}

/// Runs `dealgraph generate`: migrates a new (or empty) database and fills it with the
/// synthetic dataset of [`crate::generate`].
pub async fn generate(
    database: &Location,
    companies: usize,
    agreements: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    // The server's own migrations make the tables; nothing is seeded.
    let db = open(database, false).await?;
    let sizes = crate::generate::Sizes {
        companies,
        agreements,
    };
    let shown = database.shown();
    let outcome = db
        .with_writer(move |conn| {
            if conn.dialect() == Dialect::Sqlite {
                // A page cache large enough for the indexes being filled (128 MiB) keeps the
                // millions of index updates in memory until the commit.
                conn.execute_batch("PRAGMA cache_size = -131072;")?;
            }
            let holding: i64 = conn.query_row(
                "SELECT (SELECT count(*) FROM companies) + (SELECT count(*) FROM people) \
                 + (SELECT count(*) FROM agreements) + (SELECT count(*) FROM sources)",
                [],
                |r| r.get(0),
            )?;
            if holding > 0 {
                return Err(AppError::bad_input(
                    "database",
                    format!("{shown} holds data already; generate into a new database"),
                ));
            }
            crate::generate::populate_new(conn, sizes, seed)?;
            Ok(())
        })
        .await;
    match outcome {
        Ok(()) => {}
        Err(AppError::BadInput { reason, .. }) => anyhow::bail!(reason),
        Err(other) => return Err(anyhow::Error::from(other).context("generating the dataset")),
    }
    db.checkpoint().await?;
    println!(
        "generated {companies} companies and {agreements} agreements (seed {seed}) into {} in {:.1} s",
        database,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Runs `dealgraph export DIR`: writes the whole database as record files into `dir`.
pub async fn export(database: &Location, dir: &Path) -> anyhow::Result<()> {
    if let Some(path) = database.sqlite_path().filter(|p| !p.exists()) {
        anyhow::bail!("there is no database at {}", path.display());
    }
    let db = open(database, false).await?;
    let files = db.read(export::export).await?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    for (name, text) in files {
        let file = dir.join(name);
        std::fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
        println!("{}", file.display());
    }
    Ok(())
}

/// Runs `dealgraph token …` on the database at `path`, printing to standard output.
pub async fn token(path: &Location, action: TokenAction) -> anyhow::Result<()> {
    let db = open(path, true).await?;
    match action {
        TokenAction::Create { name } => {
            let name = name.trim().to_owned();
            if name.is_empty() || name.chars().count() > 100 {
                anyhow::bail!("a token's name must have 1 to 100 characters");
            }
            let token = auth::new_token()?;
            let hash = auth::hash(&token);
            let stored = name.clone();
            db.write(move |tx| tokens::insert_token(tx, &stored, &hash))
                .await?;
            println!("{token}");
            eprintln!(
                "created the API key {name:?}; its token is printed above and is not shown again"
            );
        }
        TokenAction::List => {
            let keys = db.read(tokens::list_tokens).await?;
            for key in keys {
                match key.revoked_at {
                    Some(revoked) => println!(
                        "{}\tcreated {}\trevoked {revoked}",
                        key.name, key.created_at
                    ),
                    None => println!("{}\tcreated {}\tactive", key.name, key.created_at),
                }
            }
        }
        TokenAction::Revoke { name } => {
            let stored = name.clone();
            db.write(move |tx| tokens::revoke_token(tx, &stored))
                .await?;
            eprintln!("revoked the API key {name:?}");
        }
    }
    Ok(())
}
