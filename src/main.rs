//! The `dealgraph` binary: parses the command line, sets up logging and runs the command.

#![deny(unsafe_code)]

use std::io::IsTerminal;

use clap::Parser;
use dealgraph::app::{Server, shutdown_signal};
use dealgraph::config::{Cli, Command, LogFormat};
use tracing_subscriber::EnvFilter;

/// mimalloc rather than the system allocator: rows are allocated on the blocking threads that
/// read them and freed on the async workers that answer, and glibc's allocator serialises such
/// cross-thread traffic on its arena locks and keeps an arena per thread.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(filter);
    match cli.log_format {
        // Each line carries the fields of its spans, the request's id among them.
        LogFormat::Json => logs.json().with_current_span(true).init(),
        // Colours only for a terminal, not for log files and collectors.
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
    }
    let command = cli.command();
    match command {
        Command::Schema => {
            print!("{}", dealgraph::graphql::sdl());
            Ok(())
        }
        Command::Token { action, database } => {
            dealgraph::cli::token(&database.location, action).await
        }
        Command::Import { records, database } => {
            dealgraph::cli::import(&database.location, &records).await
        }
        Command::Export { dir, database } => dealgraph::cli::export(&database.location, &dir).await,
        Command::Generate {
            companies,
            agreements,
            seed,
            database,
        } => dealgraph::cli::generate(&database.location, companies, agreements, seed).await,
        Command::Backup { target, database } => {
            dealgraph::cli::backup(&database.location, &target).await
        }
        Command::Serve(args) => {
            let server = Server::bind(&args).await?;
            server.run(shutdown_signal()).await
        }
    }
}
