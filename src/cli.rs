//! The commands besides `serve` that work on a database from the command line: managing API
//! keys. Each opens the database (creating, migrating and seeding it when needed), does its
//! work in one transaction and prints the outcome.

use std::path::Path;

use anyhow::Context;

use crate::auth;
use crate::config::TokenAction;
use crate::db::{Db, tokens};

/// Runs `dealgraph token …` on the database at `path`, printing to standard output.
pub async fn token(path: &Path, action: TokenAction) -> anyhow::Result<()> {
    let path = path.to_owned();
    let (db, _) = tokio::task::spawn_blocking(move || Db::open(&path, 1))
        .await
        .context("opening the database")??;
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
