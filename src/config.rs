//! Command-line and environment configuration: every flag has an environment variable and a
//! default that works on a fresh checkout.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::db::Location;

/// dealgraph: a GraphQL API over companies, people and the agreements between them in the
/// media, entertainment and sports-media industry, with German and English summaries.
#[derive(Debug, Parser)]
#[command(
    name = "dealgraph",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; `serve` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// How log lines are written to standard error: `text` for people, `json` (one object per
    /// line) for log collectors.
    #[arg(long, global = true, env = "DEALGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Options of `serve`, for when no subcommand is given.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines (coloured on a terminal).
    Text,
    /// One JSON object per line.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the server (the default): GraphiQL at `/`, the API at `/graphql`, health at
    /// `/healthz`. Creates, migrates and seeds the database on first start.
    Serve(ServeArgs),
    /// Print the GraphQL schema (SDL), as checked in at `schema.graphql`.
    Schema,
    /// Manage the API keys that mutations need.
    Token {
        /// What to do with them.
        #[command(subcommand)]
        action: TokenAction,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Load record files in the seed format (a `.toml` file, or every `.toml` file of a
    /// folder) into the database, in one transaction: records whose slug exists are updated,
    /// the others created. Every invalid record is reported with its file and line, and then
    /// nothing is written. A database that does not exist yet is created empty (no seed).
    Import {
        /// The file or folder to read.
        #[arg(value_name = "FILE_OR_DIR")]
        records: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Copy the database into a new file with SQLite's online backup API: a consistent
    /// snapshot, taken while a server goes on serving reads and writes.
    Backup {
        /// The new file to write.
        target: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Fill a new database with a deterministic synthetic dataset of the given size, for
    /// benchmarks and load tests: companies (with parents, people, rivals, events, sources and
    /// quotes) and agreements between them. The same seed gives the same data. Refuses a
    /// database that holds data.
    Generate {
        /// How many companies.
        #[arg(long, default_value_t = 10_000)]
        companies: usize,
        /// How many agreements.
        #[arg(long, default_value_t = 100_000)]
        agreements: usize,
        /// The seed of the generator.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Write the whole database into a folder as record files in the seed format, which
    /// `import` reads back.
    Export {
        /// The folder to write (created when missing); files of the same names are replaced.
        dir: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// `dealgraph token …`.
#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Create a key and print its token, once; only a hash of it is stored.
    Create {
        /// A name for the key, such as the desk or tool that uses it; history names it as the
        /// author of the key's writes.
        name: String,
    },
    /// List the keys with when they were created and revoked.
    List,
    /// Revoke a key: its token is refused from the next request on.
    Revoke {
        /// The key's name.
        name: String,
    },
}

impl Cli {
    /// The command to run, with `serve` standing in for none.
    pub fn command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// Where the database lives; shared by every subcommand that touches it.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// The database: a SQLite file (a path, or a `sqlite:` URL), created with its folder when
    /// missing; or a PostgreSQL database (a `postgres://` or `postgresql://` URL in libpq's
    /// syntax, several hosts and `target_session_attrs` included), which must exist. Either is
    /// migrated when behind, and seeded when empty (`serve` and `token`).
    #[arg(
        long = "database",
        global = true,
        env = "DEALGRAPH_DATABASE",
        default_value = "data/dealgraph.sqlite",
        value_name = "PATH|URL"
    )]
    pub location: Location,
}

/// Options of the server.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on; port 0 picks a free port (the address chosen is logged).
    #[arg(long, env = "DEALGRAPH_LISTEN", default_value = "127.0.0.1:8000")]
    pub listen: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// How many read connections to keep open at most; default twice the number of CPUs.
    #[arg(long, env = "DEALGRAPH_READERS", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub readers: Option<u32>,

    /// How long one request may take before it is answered with 408, in seconds.
    #[arg(long, env = "DEALGRAPH_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout: u64,

    /// On SIGTERM or Ctrl-C, how long requests in flight may take to finish, in seconds;
    /// connections still open after it (a client stalled half-way through its request) are
    /// closed.
    #[arg(long, env = "DEALGRAPH_SHUTDOWN_GRACE", default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_grace: u64,

    /// How long a client may take to send a request's headers, in seconds; a connection still
    /// sending them after it is closed, so stalled clients hold no connection.
    #[arg(long, env = "DEALGRAPH_HEADER_TIMEOUT", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,

    /// How many HTTP requests may be in flight at once; one more is answered 503 with
    /// `Retry-After` at once rather than queued.
    #[arg(long, env = "DEALGRAPH_MAX_IN_FLIGHT", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_in_flight: u64,

    /// Origins (such as `https://desk.example.com`, comma-separated) whose pages may call the
    /// API, `Authorization` included, so that a frontend on another origin can read and call
    /// mutations. Without it no page of another origin may call the API.
    #[arg(
        long = "cors-origin",
        env = "DEALGRAPH_CORS_ORIGINS",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,

    /// The largest cost an operation may have: each field counts one, and what a list selects
    /// counts as often as its page (`first`, `last`, else 20) or list may hold it. Every answer
    /// reports its cost in `extensions.cost`.
    #[arg(long, env = "DEALGRAPH_MAX_COST", default_value_t = crate::graphql::cost::DEFAULT_MAX_COST, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_cost: u64,

    /// The largest answer, in bytes of JSON; an answer that grows past it is cut off and
    /// replaced by a `RESPONSE_TOO_LARGE` error.
    #[arg(long, env = "DEALGRAPH_MAX_RESPONSE_BYTES", default_value_t = crate::graphql::limits::DEFAULT_MAX_RESPONSE_BYTES, value_parser = clap::value_parser!(u64).range(1024..))]
    pub max_response_bytes: u64,

    /// Requests per second each client (by address) may make to the API; one more is answered
    /// 429 with `Retry-After`. 0, the default, sets no limit.
    #[arg(long, env = "DEALGRAPH_RATE_LIMIT", default_value_t = 0)]
    pub rate_limit: u32,

    /// How many requests a client may make at once within its rate; by default as many as
    /// the rate per second.
    #[arg(long, env = "DEALGRAPH_RATE_LIMIT_BURST", default_value_t = 0)]
    pub rate_limit_burst: u32,

    /// The server runs behind a reverse proxy: a client is the address the proxy appends to
    /// `X-Forwarded-For`, not the connection's peer (the proxy).
    #[arg(long, env = "DEALGRAPH_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// Where the playground's browser assets are installed (`npm ci --prefix playground`);
    /// without them the page at `/` loads them from a CDN.
    #[arg(
        long,
        env = "DEALGRAPH_PLAYGROUND_ASSETS",
        default_value = "playground/node_modules"
    )]
    pub playground_assets: PathBuf,

    /// How many bytes of answers the response cache keeps; an identical query is answered
    /// from it until the next write. 0 turns it off.
    #[arg(long, env = "DEALGRAPH_RESPONSE_CACHE_BYTES", default_value_t = 64 << 20)]
    pub response_cache_bytes: usize,

    /// Report in every GraphQL response how many SQL statements it cost, as
    /// `extensions.sqlStatements` (for tests and benchmarks).
    #[arg(long, env = "DEALGRAPH_EXPOSE_STATEMENT_COUNTS")]
    pub expose_statement_counts: bool,

    /// A PostgreSQL hot standby of the database that takes reads (repeatable; in the
    /// environment, URLs separated by spaces). A request's reads go to a standby once it has
    /// replayed the primary's data as the request found it, so no read is older than a write
    /// acknowledged before it began; otherwise, and while no standby answers, to the primary.
    #[arg(
        long = "read-replica",
        env = "DEALGRAPH_READ_REPLICAS",
        value_delimiter = ' ',
        value_name = "URL"
    )]
    pub read_replicas: Vec<Location>,

    /// Lets reads use a read replica that lags by at most this many seconds, without asking
    /// the primary how far it is: a round trip less per request, but a read may then miss a
    /// write acknowledged up to that long before it.
    #[arg(long, env = "DEALGRAPH_MAX_STALENESS", value_name = "SECS", value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub max_staleness: Option<u64>,

    /// On SIGTERM or Ctrl-C, how long `/readyz` answers 503 while requests are still served,
    /// before the server stops taking connections, in seconds: a load balancer's health checks
    /// take it out of rotation first, so that no request meets a closed port during a rolling
    /// restart. Set it above the health checks' interval times their fall count.
    #[arg(long, env = "DEALGRAPH_SHUTDOWN_DRAIN", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_drain: u64,

    /// This server's name in its log lines (`replica` in every line), so that the lines of
    /// several servers behind one load balancer can be told apart; by default the address it
    /// listens on.
    #[arg(long, env = "DEALGRAPH_NAME")]
    pub name: Option<String>,
}

impl ServeArgs {
    /// Settings for a server on `listen` over the database at `location`, with defaults
    /// otherwise.
    pub fn new(listen: SocketAddr, location: impl Into<Location>) -> Self {
        Self {
            listen,
            database: DatabaseArgs {
                location: location.into(),
            },
            readers: None,
            request_timeout: 30,
            shutdown_grace: 10,
            max_in_flight: 512,
            header_timeout: 10,
            cors_origins: Vec::new(),
            max_cost: crate::graphql::cost::DEFAULT_MAX_COST,
            max_response_bytes: crate::graphql::limits::DEFAULT_MAX_RESPONSE_BYTES,
            rate_limit: 0,
            rate_limit_burst: 0,
            behind_proxy: false,
            playground_assets: PathBuf::from("playground/node_modules"),
            response_cache_bytes: 64 << 20,
            expose_statement_counts: false,
            read_replicas: Vec::new(),
            max_staleness: None,
            shutdown_drain: 0,
            name: None,
        }
    }

    /// The read pool's size.
    pub fn readers(&self) -> u32 {
        self.readers.unwrap_or_else(|| {
            let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
            u32::try_from(cpus * 2).unwrap_or(8)
        })
    }
}
