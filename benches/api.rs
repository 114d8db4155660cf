//! The API benchmark: `cargo bench --bench api`.
//!
//! Builds a database with the seed data plus a generated dataset (or uses one given), starts
//! the real `dealgraph` binary on it as a separate process (so its memory is its own), and
//! measures a handful of GraphQL queries over HTTP: latency at one connection (p50/p90/p99 of
//! sequential requests), and throughput at 32 concurrent connections for a fixed time, with the
//! latency of each of its requests and the server's CPU time per request. Every response is
//! checked (200, no `errors`); the SQL statements a request costs come from
//! `extensions.sqlStatements` (`--expose-statement-counts`), measured at two page sizes so an
//! N+1 shows. A program that prints figures, not a test: nothing here asserts a timing.
//!
//! # Targets
//!
//! Every scenario is measured on each of these servers in the same run, one at a time, in this
//! order, so that drift over the run affects them alike; each is a process of its own on its
//! own port:
//! - `baseline` (only with `DEALGRAPH_BENCH_BASELINE`, the path of another `dealgraph` binary):
//!   serves its own copy of the database, made before any server starts;
//! - `current`: the `dealgraph` binary this benchmark was built with, its response cache off
//!   (`DEALGRAPH_RESPONSE_CACHE_BYTES=0`, or `DEALGRAPH_BENCH_RESPONSE_CACHE_BYTES`, which sets
//!   the cache of `baseline` and `current` alike): answers made afresh;
//! - `current-cached` (unless `DEALGRAPH_BENCH_CACHED=0`): the same binary on the same file with
//!   a 64 MiB response cache, started once `current` has built its search index;
//! - `twin-graphql` and `twin-plain` (unless `DEALGRAPH_BENCH_TWINS=0`): the bare twins of the
//!   stack (module `twin`): this benchmark's executable started again with `--twin graphql` or
//!   `--twin plain`, reading the same file read-only with dealgraph's connection settings and
//!   SQL, with no more than axum and a minimal async-graphql schema (graphql) or axum and serde
//!   (plain) around it. They answer only the scenarios "company by slug" and "100 agreements,
//!   parties + companies" (skipped on them for the others, with the reason printed); before
//!   a twin (or the cached server) is measured, its `data` is compared with the `current`
//!   server's for the same request bodies, and a difference counts as a failure.
//!
//! The summary ends with Markdown tables to paste into the README: each server's figures,
//! baseline against current, the figures per request of every target, memory after the load,
//! and the ratios: dealgraph uncached against each twin (req/s, p50), cached against uncached,
//! and "company by slug, German summary" against "company by slug" (the aim: at least 0.6).
//!
//! # Environment
//!
//! `DEALGRAPH_BENCH_COMPANIES` (default 10,000) and `DEALGRAPH_BENCH_AGREEMENTS` (100,000),
//! the generated dataset; `DEALGRAPH_BENCH_DATABASE` (unset: a database made with `dealgraph
//! generate`, say, to use instead of generating one; the benchmark does not write to it, the
//! servers do: migrations and the search index at dealgraph's first start on it; only the
//! baseline gets a copy); `DEALGRAPH_BENCH_SECONDS` (5, per throughput run);
//! `DEALGRAPH_BENCH_REQUESTS` (300, per latency run); `DEALGRAPH_BENCH_ONLY` (unset: every
//! scenario; else only those whose name contains one of its comma-separated parts, a
//! scenario's name with a comma in it counting as one part);
//! `DEALGRAPH_BENCH_STARTUP_SECONDS` (60, or 600 with `DEALGRAPH_BENCH_DATABASE`: how long a
//! server may take to become healthy and build its search index); `DEALGRAPH_BENCH_BASELINE`;
//! `DEALGRAPH_BENCH_RESPONSE_CACHE_BYTES` (0); `DEALGRAPH_BENCH_CACHED` and
//! `DEALGRAPH_BENCH_TWINS` (`1`, `0` to leave those targets out); `DEALGRAPH_BENCH_POSTGRES`
//! (unset; a `postgres://` URL adds the target `postgres`: the current binary serving that
//! database, which the benchmark first fills as it fills the SQLite file, the seed plus the
//! same generated dataset, unless it holds one already; its answers are not compared with the
//! current server's, since PostgreSQL orders search results differently);
//! `DEALGRAPH_BENCH_POSTGRES_ARGS` (more `serve` flags for that target only, separated by
//! spaces, such as `--read-replica URL`).

mod twin;

use dealgraph::generate as synthetic;

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::{Value, json};

use synthetic::Sizes;

/// The allocator dealgraph's binary uses (see its `main.rs`), so that the twins, which run
/// this executable, allocate as it does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Concurrent connections of the throughput runs.
const CONNECTIONS: usize = 32;
/// Requests before a latency run starts timing.
const WARM_UP: usize = 20;
/// The page size of the list scenarios, and the smaller one compared with it.
const PAGE: u32 = 100;
const SMALL_PAGE: u32 = 10;
/// How many pages in the deep-page scenario starts.
const DEEP_PAGES: usize = 50;
/// Failure messages kept per scenario.
const KEPT_FAILURES: usize = 5;
/// The generated dataset's seed.
const SEED: u64 = 42;
/// Share of the CPUs other processes may use during a throughput run before it is flagged.
const NOISY_PERCENT: f64 = 20.0;
/// The response cache of the `current-cached` server, in bytes (64 MiB).
const CACHED_BYTES: u64 = 64 * 1024 * 1024;
/// The company of the company-by-slug scenarios, from the seed data; a database without the
/// seed (`dealgraph generate`) uses its first company by name instead.
const SEED_COMPANY: &str = "alibaba-group";

/// The targets' labels.
const BASELINE: &str = "baseline";
const CURRENT: &str = "current";
const CACHED: &str = "current-cached";
const POSTGRES: &str = "postgres";
const TWIN_GRAPHQL: &str = "twin-graphql";
const TWIN_PLAIN: &str = "twin-plain";

/// The scenarios the ratios of the German summary compare.
const COMPANY_SCENARIO: &str = "company by slug";
const GERMAN_SCENARIO: &str = "company by slug, German summary";
/// What the German summary's throughput should reach, as a share of the plain lookup's.
const GERMAN_TARGET: f64 = 0.6;

/// The data of each request body a server answered, by body.
type Answers = HashMap<String, Value>;

fn main() {
    // A twin server: this executable started again by the benchmark (see `twin`).
    if let Some(args) = twin::Args::from_command_line() {
        twin::run(&args);
        return;
    }

    let existing = std::env::var_os("DEALGRAPH_BENCH_DATABASE")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from);
    let companies = env_usize("DEALGRAPH_BENCH_COMPANIES", 10_000);
    let agreements = env_usize("DEALGRAPH_BENCH_AGREEMENTS", 100_000);
    let seconds = env_usize("DEALGRAPH_BENCH_SECONDS", 5).max(1);
    let requests = env_usize("DEALGRAPH_BENCH_REQUESTS", 300).max(1);
    // The first start over a database filled offline builds the search index, which takes
    // longer the larger the dataset; a database given may be large.
    let default_startup = if existing.is_some() { 600 } else { 60 };
    let startup = env_usize("DEALGRAPH_BENCH_STARTUP_SECONDS", default_startup).max(1);
    let baseline = std::env::var_os("DEALGRAPH_BENCH_BASELINE")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from);
    // A PostgreSQL database to serve the same dataset from, beside the SQLite file.
    let postgres = std::env::var("DEALGRAPH_BENCH_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty());
    let with_cached = env_flag("DEALGRAPH_BENCH_CACHED", true);
    let with_twins = env_flag("DEALGRAPH_BENCH_TWINS", true);
    // The response cache of the uncached servers: off unless asked for.
    let cache_bytes =
        std::env::var("DEALGRAPH_BENCH_RESPONSE_CACHE_BYTES").unwrap_or_else(|_| "0".into());
    // Scenarios whose name contains one of these comma-separated parts; all when unset.
    let only = selection(&std::env::var("DEALGRAPH_BENCH_ONLY").unwrap_or_default());
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());

    // In the order each scenario runs on them: the baseline first, the current binary before
    // the targets compared with its answers.
    let current_binary = PathBuf::from(env!("CARGO_BIN_EXE_dealgraph"));
    let mut targets = Vec::new();
    if let Some(binary) = &baseline {
        assert!(
            binary.is_file(),
            "DEALGRAPH_BENCH_BASELINE: {} is not a file",
            binary.display()
        );
        targets.push(Target {
            label: BASELINE,
            kind: TargetKind::Dealgraph {
                binary: binary.clone(),
                cache_bytes: cache_bytes.clone(),
            },
        });
    }
    targets.push(Target {
        label: CURRENT,
        kind: TargetKind::Dealgraph {
            binary: current_binary.clone(),
            cache_bytes: cache_bytes.clone(),
        },
    });
    if postgres.is_some() {
        targets.push(Target {
            label: POSTGRES,
            kind: TargetKind::Dealgraph {
                binary: current_binary.clone(),
                cache_bytes: cache_bytes.clone(),
            },
        });
    }
    if with_cached {
        targets.push(Target {
            label: CACHED,
            kind: TargetKind::Dealgraph {
                binary: current_binary.clone(),
                cache_bytes: CACHED_BYTES.to_string(),
            },
        });
    }
    if with_twins {
        targets.push(Target {
            label: TWIN_GRAPHQL,
            kind: TargetKind::Twin(twin::Kind::Graphql),
        });
        targets.push(Target {
            label: TWIN_PLAIN,
            kind: TargetKind::Twin(twin::Kind::Plain),
        });
    }
    let tagged = targets.len() > 1;

    println!("dealgraph API benchmark");
    println!("  CPUs (available_parallelism): {cpus}");
    println!("  load average at start: {}", load_average());
    println!(
        "  latency: {requests} sequential requests after {WARM_UP} warm-up, 1 connection; \
         throughput: {CONNECTIONS} connections for {seconds} s"
    );
    println!("  targets, loaded one at a time in this order in every scenario:");
    for target in &targets {
        println!("    {:<14} {}", target.label, target.describe());
    }
    if let Some(binary) = &baseline
        && same_bytes(binary, &current_binary)
    {
        println!("  note: the baseline and current binaries are identical, byte for byte");
    }

    let dir = tempfile::tempdir().expect("a temporary folder");
    let (shared, generated) = match &existing {
        Some(path) => {
            assert!(
                path.is_file(),
                "DEALGRAPH_BENCH_DATABASE: {} is not a file",
                path.display()
            );
            println!(
                "database: {} ({}), from DEALGRAPH_BENCH_DATABASE; not generated",
                path.display(),
                file_size(path)
            );
            (path.clone(), None)
        }
        None => {
            let built = dir.path().join("bench.sqlite");
            build_database(&built, companies, agreements);
            let dataset = format!("{companies} companies, {agreements} agreements generated");
            (built, Some(dataset))
        }
    };
    // A server writes to its database (its search index): the baseline, whose index may differ,
    // gets a copy of its own, made before any server starts; the others share the file.
    let databases: Vec<PathBuf> = targets
        .iter()
        .map(|target| match (target.label, &postgres) {
            (BASELINE, _) => {
                let copy = dir.path().join("baseline.sqlite");
                copy_database(&shared, &copy);
                copy
            }
            // The URL, which `--database` takes as it takes a path.
            (POSTGRES, Some(url)) => PathBuf::from(url),
            _ => shared.clone(),
        })
        .collect();
    if let Some(url) = &postgres {
        fill_postgres(url, companies, agreements);
    }
    for (target, database) in targets.iter().zip(&databases) {
        println!("  {:<14} serves {}", target.label, database.display());
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    // The servers live inside this future, so a panic anywhere in it unwinds through their
    // guards and kills them.
    runtime.block_on(async {
        // One after the other, each once the one before has finished starting (its search
        // index built), so that no server's start-up work overlaps another's measurement, and
        // the servers that share a file find its index built.
        let mut servers = Vec::with_capacity(targets.len());
        for (target, database) in targets.iter().zip(&databases) {
            let tag = if tagged { target.label } else { "" };
            servers.push(Running::start(target, tag, database, startup).await);
        }
        let current = servers
            .iter()
            .position(|server| server.label == CURRENT)
            .expect("the current server runs");
        let slug = company_slug(&servers[current].url).await;
        for server in &mut servers {
            server.context.slug.clone_from(&slug);
        }
        let dataset = match generated {
            Some(dataset) => dataset,
            None => count_dataset(&servers[current].url).await,
        };
        println!("dataset: {dataset}");

        let mut outcomes: Vec<Vec<Option<Outcome>>> = servers.iter().map(|_| Vec::new()).collect();
        let mut died = None;
        'scenarios: for spec in SCENARIOS {
            if !only.is_empty() && !only.iter().any(|part| spec.name.contains(part.as_str())) {
                outcomes.iter_mut().for_each(|results| results.push(None));
                continue;
            }
            // The current server's answers, which the twins' and the cached server's must
            // equal.
            let mut reference: Option<Answers> = None;
            for (server, results) in servers.iter_mut().zip(&mut outcomes) {
                // PostgreSQL ranks search results in another order; the tests compare its
                // answers with SQLite's.
                let check = match server.label {
                    BASELINE | CURRENT | POSTGRES => Check::Skip,
                    _ => Check::Against(reference.as_ref()),
                };
                let outcome = match server.context.bodies(spec) {
                    Ok(bodies) => Some(
                        run_scenario(server, spec.name, &bodies, requests, seconds, check).await,
                    ),
                    Err(reason) => {
                        println!();
                        println!("{}{}: skipped, {reason}", server.prefix(), spec.name);
                        None
                    }
                };
                if server.label == CURRENT {
                    reference = outcome.as_ref().map(|o| o.answers.clone());
                }
                results.push(outcome);
                // A dead server fails every request that follows: nothing more to measure.
                if let Some(status) = server.guard.has_exited() {
                    let message = format!(
                        "!!!!! the {} server (pid {}) exited during \"{}\": {status}; \
                         the scenarios after it were not run",
                        server.label,
                        server.pid(),
                        spec.name
                    );
                    println!("{message}");
                    died = Some(message);
                    break 'scenarios;
                }
            }
        }
        // A scenario cut short leaves the servers after the one that died without its entry.
        for results in &mut outcomes {
            results.resize_with(SCENARIOS.len(), || None);
        }

        let loaded: Vec<Memory> = servers.iter().map(|s| memory(s.pid())).collect();
        println!();
        for (server, memory) in servers.iter().zip(&loaded) {
            println!(
                "{}memory after the load: {}",
                server.prefix(),
                memory.line()
            );
        }
        for ((server, results), memory) in servers.iter().zip(&outcomes).zip(&loaded) {
            let title = if tagged {
                format!("Summary of the {} server", server.label)
            } else {
                "Summary".to_owned()
            };
            print_table(&title, results, cpus, &dataset, memory);
        }
        if let Some(base) = servers.iter().position(|s| s.label == BASELINE) {
            print_comparison(
                &servers[base],
                &outcomes[base],
                &servers[current],
                &outcomes[current],
            );
        }
        print_figures(&servers, &outcomes, &dataset, cpus);
        if tagged {
            print_memory(&servers, &loaded);
            print_ratios(&servers, &outcomes);
        }
        println!("load average at the end: {}", load_average());
        let failed: usize = outcomes
            .iter()
            .flatten()
            .flatten()
            .map(|r| r.failures)
            .sum();
        if failed > 0 {
            println!("!!!!! {failed} requests FAILED; see the scenarios above");
        }
        if let Some(message) = died {
            println!("{message}");
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Set-up

fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(text) => text
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {text:?}")),
        Err(_) => default,
    }
}

/// The parts of `DEALGRAPH_BENCH_ONLY`: split at its commas, except where the parts joined
/// again with their commas name (part of) a scenario whose name holds a comma, so that
/// `company by slug,100 agreements, parties + companies` selects "100 agreements, parties +
/// companies" and not every scenario of 100 agreements. The longest such run of parts wins.
fn selection(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value.split(',').collect();
    let mut selected = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let end = (i + 1..parts.len())
            .rev()
            .find(|&j| {
                let joined = parts[i..=j].join(",");
                SCENARIOS.iter().any(|s| s.name.contains(joined.trim()))
            })
            .unwrap_or(i);
        let part = parts[i..=end].join(",");
        let part = part.trim();
        if !part.is_empty() {
            selected.push(part.to_owned());
        }
        i = end + 1;
    }
    selected
}

/// `name` as a switch: unset is `default`; `1`/`true`/`yes`/`on` or `0`/`false`/`no`/`off`.
fn env_flag(name: &str, default: bool) -> bool {
    match std::env::var(name) {
        Err(_) => default,
        Ok(text) => match text.trim().to_ascii_lowercase().as_str() {
            "" => default,
            "1" | "true" | "yes" | "on" => true,
            "0" | "false" | "no" | "off" => false,
            _ => panic!("{name} must be 1 or 0, not {text:?}"),
        },
    }
}

/// A server to measure.
struct Target {
    /// `baseline`, `current`, `current-cached`, `twin-graphql` or `twin-plain`.
    label: &'static str,
    kind: TargetKind,
}

/// What a target runs.
enum TargetKind {
    /// A `dealgraph` binary, with its response cache set to `cache_bytes`.
    Dealgraph {
        binary: PathBuf,
        cache_bytes: String,
    },
    /// A bare twin: this executable again (see `twin`).
    Twin(twin::Kind),
}

impl Target {
    /// What it runs, for the header of the output.
    fn describe(&self) -> String {
        match &self.kind {
            TargetKind::Dealgraph {
                binary,
                cache_bytes,
            } => format!(
                "{}; response cache {cache_bytes} bytes",
                describe_binary(binary)
            ),
            TargetKind::Twin(kind) => format!(
                "this executable, --twin {} (axum + {})",
                kind.name(),
                match kind {
                    twin::Kind::Graphql => "a minimal async-graphql schema",
                    twin::Kind::Plain => "serde, no GraphQL",
                }
            ),
        }
    }

    /// The binary, for a dealgraph server.
    fn binary(&self) -> Option<&Path> {
        match &self.kind {
            TargetKind::Dealgraph { binary, .. } => Some(binary),
            TargetKind::Twin(_) => None,
        }
    }
}

fn file_size(path: &Path) -> String {
    std::fs::metadata(path).map_or_else(
        |_| "?".to_owned(),
        |meta| format!("{:.1} MiB", meta.len() as f64 / (1024.0 * 1024.0)),
    )
}

/// Copies the database at `from` to `to`: byte for byte when its write-ahead log is empty (as
/// `build_database` and `dealgraph generate` leave it), else with SQLite's backup API, which
/// takes a consistent snapshot of the file and its log without writing to either.
fn copy_database(from: &Path, to: &Path) {
    let started = Instant::now();
    let mut wal = from.as_os_str().to_owned();
    wal.push("-wal");
    let how = if std::fs::metadata(&wal).map_or(true, |m| m.len() == 0) {
        std::fs::copy(from, to).unwrap_or_else(|e| {
            panic!(
                "copying the database {} to {}: {e}",
                from.display(),
                to.display()
            )
        });
        "copied"
    } else {
        dealgraph::db::backup::backup(from, to).unwrap_or_else(|e| {
            panic!(
                "backing the database {} up to {}: {e:#}",
                from.display(),
                to.display()
            )
        });
        "backed up (its write-ahead log holds data)"
    };
    println!(
        "  the baseline's copy of the database: {how} to {} in {:.2} s",
        to.display(),
        started.elapsed().as_secs_f64()
    );
}

/// Its path, version, size and age, to tell which binaries a comparison measured.
fn describe_binary(path: &Path) -> String {
    let shown = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    let version = Command::new(path)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map_or_else(
            || "version unknown".to_owned(),
            |output| String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        );
    let (size, age) = match std::fs::metadata(path) {
        Ok(meta) => (
            format!("{:.1} MiB", meta.len() as f64 / (1024.0 * 1024.0)),
            meta.modified()
                .ok()
                .and_then(|modified| modified.elapsed().ok())
                .map_or_else(|| "?".to_owned(), age),
        ),
        Err(_) => ("?".to_owned(), "?".to_owned()),
    };
    format!("{} ({version}, {size}, built {age} ago)", shown.display())
}

fn age(elapsed: Duration) -> String {
    match elapsed.as_secs() {
        s if s < 120 => format!("{s} s"),
        s if s < 2 * 3600 => format!("{} min", s / 60),
        s if s < 2 * 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    match (std::fs::read(a), std::fs::read(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Creates, migrates and seeds the database, then adds the generated dataset.
fn build_database(path: &Path, companies: usize, agreements: usize) {
    let started = Instant::now();
    let (db, _) = dealgraph::db::Db::open(path, 1).expect("the database opens");
    drop(db);
    let conn = rusqlite::Connection::open(path).expect("the database reopens");
    dealgraph::db::configure(&conn).expect("the connection is configured as the server's");
    synthetic::populate(
        &dealgraph::db::sql::Connection::sqlite(&conn),
        Sizes {
            companies,
            agreements,
        },
        SEED,
    )
    .expect("the generated dataset loads");
    // Everything must be in the main file before it is copied: a copy without its WAL would
    // miss the data still in the WAL.
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get(0))
        .expect("the WAL checkpoints");
    assert_eq!(
        busy, 0,
        "the WAL checkpoint was blocked by another connection"
    );
    drop(conn);
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "the WAL still holds data after the checkpoint"
    );
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    println!(
        "database: {companies} generated companies, {agreements} generated agreements \
         (plus the seed), built in {:.2} s, {:.1} MiB",
        started.elapsed().as_secs_f64(),
        size as f64 / (1024.0 * 1024.0)
    );
}

/// Fills the PostgreSQL database at `url`, when it holds no companies yet, as
/// [`build_database`] fills the SQLite file: migrated and seeded by the server's own code,
/// then the generated dataset of the same sizes and seed.
fn fill_postgres(url: &str, companies: usize, agreements: usize) {
    let started = Instant::now();
    let location: dealgraph::db::Location = url.parse().expect("DEALGRAPH_BENCH_POSTGRES: a URL");
    let (db, _) = dealgraph::db::Db::open(location, 1).expect("the PostgreSQL database opens");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let filled = runtime.block_on(db.with_writer(move |conn| {
        let held: i64 = conn.query_row(
            "SELECT count(*) FROM companies WHERE slug LIKE 'synthetic-%'",
            [],
            |r| r.get(0),
        )?;
        if held > 0 {
            return Ok(false);
        }
        synthetic::populate(
            conn,
            Sizes {
                companies,
                agreements,
            },
            SEED,
        )?;
        Ok(true)
    }));
    drop(runtime);
    drop(db);
    if filled.expect("the generated dataset loads into PostgreSQL") {
        println!(
            "postgres: {companies} generated companies, {agreements} generated agreements \
             (plus the seed), built in {:.2} s",
            started.elapsed().as_secs_f64()
        );
    } else {
        println!("postgres: holds a generated dataset already; not generated");
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// The server process; killed when dropped, panics included.
struct ServerGuard {
    child: Child,
}

/// The command that starts `binary` serving `path` on `port`, with its response cache set to
/// `cache_bytes`.
fn dealgraph_command(binary: &Path, path: &Path, port: u16, cache_bytes: &str) -> Command {
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .arg("--listen")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(path)
        .arg("--expose-statement-counts")
        // An environment variable, which a binary from before the cache ignores, where a flag
        // would stop it.
        .env("DEALGRAPH_RESPONSE_CACHE_BYTES", cache_bytes)
        .env("RUST_LOG", "warn");
    command
}

impl ServerGuard {
    /// Starts `command` (`what` names it in a failure).
    fn start(mut command: Command, what: &str) -> Self {
        command.stdin(Stdio::null());
        die_with_this_thread(&mut command);
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("the server {what} starts: {e}"));
        Self { child }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn has_exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Has the kernel kill the server when the thread that starts it ends, for the ways out that
/// run no destructor (SIGTERM, SIGKILL): a server left behind would hold its port and memory on
/// a shared machine. Servers are started on the main thread, which lives as long as the run.
#[cfg(target_os = "linux")]
fn die_with_this_thread(command: &mut Command) {
    use std::os::unix::process::CommandExt;

    unsafe extern "C" {
        fn prctl(option: std::ffi::c_int, ...) -> std::ffi::c_int;
    }
    const PR_SET_PDEATHSIG: std::ffi::c_int = 1;
    const SIGKILL: std::ffi::c_ulong = 9;
    let parent = std::process::id();
    // SAFETY: between fork and exec the closure only makes two async-signal-safe system calls
    // (prctl, getppid) and allocates nothing, not even for its errors.
    unsafe {
        command.pre_exec(move || {
            if prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 {
                return Err(std::io::Error::last_os_error());
            }
            // The benchmark may have died before the signal was arranged.
            if std::os::unix::process::parent_id() != parent {
                return Err(std::io::ErrorKind::Other.into());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn die_with_this_thread(_: &mut Command) {}

/// How much of the database file the search index takes: the pages of every table whose name
/// begins with `search` (FTS5's shadow tables and the list of words), counted by SQLite's
/// `dbstat`.
fn search_index_size(database: &Path) -> String {
    if database.to_string_lossy().starts_with("postgres") {
        return "search index size not measured on PostgreSQL".to_owned();
    }
    let measured =
        rusqlite::Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|conn| {
                conn.query_row(
                    "SELECT sum(d.pgsize) FROM sqlite_schema AS s, dbstat('main', 1) AS d
             WHERE s.type IN ('table', 'index') AND s.name LIKE 'search%' AND d.name = s.name",
                    [],
                    |r| r.get::<_, Option<i64>>(0),
                )
            });
    match measured {
        Ok(Some(bytes)) => format!("search index {:.1} MiB", bytes as f64 / f64::from(1 << 20)),
        Ok(None) => "search index size unknown".to_owned(),
        Err(error) => format!("search index size unknown ({error})"),
    }
}

/// A server that is up: healthy, its search index built, its scenarios' inputs gathered.
struct Running {
    label: &'static str,
    /// `label` when there are several targets, empty otherwise: printed with everything about
    /// this server.
    tag: &'static str,
    /// The `dealgraph` binary it runs; none for a twin.
    binary: Option<PathBuf>,
    guard: ServerGuard,
    /// Its GraphQL endpoint.
    url: String,
    context: Context,
}

impl Running {
    async fn start(target: &Target, tag: &'static str, database: &Path, startup: usize) -> Self {
        let prefix = prefix(tag);
        let port = free_port();
        let started = Instant::now();
        let deadline = started + Duration::from_secs(startup as u64);
        let command = match &target.kind {
            TargetKind::Dealgraph {
                binary,
                cache_bytes,
            } => {
                let mut command = dealgraph_command(binary, database, port, cache_bytes);
                if target.label == POSTGRES {
                    let extra = std::env::var("DEALGRAPH_BENCH_POSTGRES_ARGS").unwrap_or_default();
                    command.args(extra.split_whitespace());
                }
                command
            }
            TargetKind::Twin(kind) => {
                twin::command(*kind, database, SocketAddr::from(([127, 0, 0, 1], port)))
            }
        };
        let mut guard = ServerGuard::start(command, target.label);
        let base = format!("http://127.0.0.1:{port}");
        wait_until_healthy(&base, &mut guard, deadline).await;
        println!();
        println!(
            "{prefix}server: pid {}, healthy after {:.2} s, listening on {base}",
            guard.pid(),
            started.elapsed().as_secs_f64()
        );
        let url = format!("{base}/graphql");
        let context = match target.kind {
            TargetKind::Dealgraph { .. } => {
                let roots = query_fields(&url).await;
                if roots.iter().any(|root| root == "search") {
                    wait_for_search_index(&url, &mut guard, deadline).await;
                    println!(
                        "{prefix}search index ready after {:.2} s; {}",
                        started.elapsed().as_secs_f64(),
                        search_index_size(database)
                    );
                }
                println!("{prefix}memory at idle: {}", memory(guard.pid()).line());
                Context {
                    roots,
                    deep_cursor: deep_cursor(&url, &prefix).await,
                    company_ids: company_ids(&url).await,
                    group_id: seed_company_id(&url).await,
                    ..Context::default()
                }
            }
            // A twin knows no introspection: its two fields, for the twin scenarios only.
            TargetKind::Twin(_) => {
                println!("{prefix}memory at idle: {}", memory(guard.pid()).line());
                Context {
                    roots: vec!["company".to_owned(), "agreements".to_owned()],
                    twin: true,
                    ..Context::default()
                }
            }
        };
        Self {
            label: target.label,
            tag,
            binary: target.binary().map(Path::to_owned),
            guard,
            url,
            context,
        }
    }

    fn pid(&self) -> u32 {
        self.guard.pid()
    }

    /// What lines about this server start with.
    fn prefix(&self) -> String {
        prefix(self.tag)
    }
}

fn prefix(tag: &str) -> String {
    if tag.is_empty() {
        String::new()
    } else {
        format!("{tag}: ")
    }
}

async fn wait_until_healthy(base: &str, server: &mut ServerGuard, deadline: Instant) {
    let client = new_client();
    let url = format!("{base}/healthz");
    loop {
        if let Ok(response) = client.get(&url).send().await
            && response.status().is_success()
        {
            return;
        }
        if let Some(status) = server.has_exited() {
            panic!("the server exited before it was healthy: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the server was not healthy in time (DEALGRAPH_BENCH_STARTUP_SECONDS)"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the search index the server builds in the background at its first start is
/// built: that build competes for the CPUs and the writer with whatever runs meanwhile. A
/// search meanwhile is refused at once (`SEARCH_INDEX_BUILDING`) and sent again.
async fn wait_for_search_index(url: &str, server: &mut ServerGuard, deadline: Instant) {
    let client = new_client();
    let probe = body(
        r#"{ search(query: "index", first: 1) { totalCount } }"#,
        Value::Null,
    );
    loop {
        let error = match fetch(&client, url, &probe).await {
            Ok(_) => return,
            Err(e) => e,
        };
        if let Some(status) = server.has_exited() {
            panic!("the server exited while building its search index: {status}");
        }
        assert!(
            Instant::now() < deadline,
            "the search index was not built in time (DEALGRAPH_BENCH_STARTUP_SECONDS); \
             last answer: {error}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The names of the fields of `Query`, so that a scenario can be skipped on a schema without
/// its field.
async fn query_fields(url: &str) -> Vec<String> {
    let query = r#"{ __type(name: "Query") { fields { name } } }"#;
    let (types, _) = fetch(&new_client(), url, &body(query, Value::Null))
        .await
        .unwrap_or_else(|e| panic!("introspection failed: {e}"));
    types["data"]["__type"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The cursor ~50 pages into the agreements, found by walking the pages as a client would;
/// none when they fit on one page. Asked of each server, since cursors are opaque.
async fn deep_cursor(url: &str, prefix: &str) -> Option<String> {
    let client = new_client();
    let walk = "query($after: String) { agreements(first: 100, after: $after) { \
                pageInfo { hasNextPage endCursor } } }";
    let started = Instant::now();
    let mut after: Option<String> = None;
    let mut pages = 0;
    while pages < DEEP_PAGES {
        let (value, _) = fetch(&client, url, &body(walk, json!({ "after": after })))
            .await
            .unwrap_or_else(|e| panic!("walking the agreement pages failed: {e}"));
        let info = &value["data"]["agreements"]["pageInfo"];
        pages += 1;
        if info["hasNextPage"] != Value::Bool(true) {
            break;
        }
        after = info["endCursor"].as_str().map(str::to_owned);
    }
    if after.is_some() {
        println!(
            "{prefix}deep page: walked {pages} pages of 100 in {:.2} s; measuring page {}",
            started.elapsed().as_secs_f64(),
            pages + 1
        );
    }
    after
}

/// The global ids of the first companies, for `nodes(ids:)`. Asked of each server, since ids
/// are opaque.
async fn company_ids(url: &str) -> Vec<String> {
    let query = format!("{{ companies(first: {PAGE}) {{ nodes {{ id }} }} }}");
    let (value, _) = fetch(&new_client(), url, &body(&query, Value::Null))
        .await
        .unwrap_or_else(|e| panic!("reading company ids failed: {e}"));
    value["data"]["companies"]["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|n| n["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The global id of the seed's group, if the database holds the seed.
async fn seed_company_id(url: &str) -> Option<String> {
    let query = format!(r#"{{ company(slug: "{SEED_COMPANY}") {{ id }} }}"#);
    let (value, _) = fetch(&new_client(), url, &body(&query, Value::Null))
        .await
        .unwrap_or_else(|e| panic!("looking for the seed's group failed: {e}"));
    value["data"]["company"]["id"].as_str().map(str::to_owned)
}

/// The slug of the company-by-slug scenarios: the seed's `alibaba-group` when the database
/// holds the seed, else the first company by name. Asked of the current server.
async fn company_slug(url: &str) -> String {
    let query = format!(
        r#"{{ company(slug: "{SEED_COMPANY}") {{ slug }} companies(first: 1) {{ nodes {{ slug }} }} }}"#
    );
    let (value, _) = fetch(&new_client(), url, &body(&query, Value::Null))
        .await
        .unwrap_or_else(|e| panic!("looking for a company failed: {e}"));
    if let Some(slug) = value["data"]["company"]["slug"].as_str() {
        println!("company-by-slug scenarios: {slug:?}, from the seed data");
        return slug.to_owned();
    }
    let slug = value["data"]["companies"]["nodes"][0]["slug"]
        .as_str()
        .unwrap_or_else(|| panic!("the database holds no company: {value}"));
    println!(
        "company-by-slug scenarios: {slug:?}, the first company by name (the database has no \
         {SEED_COMPANY:?}: no seed data)"
    );
    slug.to_owned()
}

/// How many companies and agreements a database given has, as the current server counts them.
async fn count_dataset(url: &str) -> String {
    let query = "{ companies(first: 0) { totalCount } agreements(first: 0) { totalCount } }";
    let (value, _) = fetch(&new_client(), url, &body(query, Value::Null))
        .await
        .unwrap_or_else(|e| panic!("counting the dataset failed: {e}"));
    let data = &value["data"];
    format!(
        "{} companies, {} agreements (a database given)",
        data["companies"]["totalCount"], data["agreements"]["totalCount"]
    )
}

// ---------------------------------------------------------------------------------------------
// Memory

#[derive(Default)]
struct Memory {
    fields: Vec<(&'static str, String)>,
}

impl Memory {
    fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("?", |(_, v)| v.as_str())
    }

    fn line(&self) -> String {
        self.fields
            .iter()
            .map(|(n, v)| format!("{n} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The lines of /proc/PID/status that say how much memory the server holds.
fn memory(pid: u32) -> Memory {
    const WANTED: [&str; 6] = [
        "VmHWM", "VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads",
    ];
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return Memory::default();
    };
    let mut fields = Vec::new();
    for name in WANTED {
        if let Some(value) = status.lines().find_map(|line| {
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
        }) {
            fields.push((name, value));
        }
    }
    Memory { fields }
}

// ---------------------------------------------------------------------------------------------
// Requests

fn new_client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .pool_max_idle_per_host(1)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client")
}

/// Only what a check needs; serde skips `data` without building it.
#[derive(Deserialize)]
struct Checked {
    #[serde(default)]
    errors: Vec<Value>,
}

/// Sends one request and checks its answer: 200 and no `errors`.
async fn send(client: &reqwest::Client, url: &str, body: &str) -> Result<(), String> {
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the body failed: {e}"))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {status}: {}", abbreviate(&bytes)));
    }
    let checked: Checked = serde_json::from_slice(&bytes)
        .map_err(|e| format!("unparsable body ({e}): {}", abbreviate(&bytes)))?;
    if checked.errors.is_empty() {
        Ok(())
    } else {
        Err(format!("errors: {}", Value::from(checked.errors)))
    }
}

/// Sends one request and returns the whole answer, for looking inside it.
async fn fetch(client: &reqwest::Client, url: &str, body: &str) -> Result<(Value, usize), String> {
    let response = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_owned())
        .send()
        .await
        .map_err(|e| format!("request failed: {e}"))?;
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| format!("reading the body failed: {e}"))?;
    if status != reqwest::StatusCode::OK {
        return Err(format!("HTTP {status}: {}", abbreviate(&bytes)));
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("unparsable body ({e}): {}", abbreviate(&bytes)))?;
    match value.get("errors") {
        Some(errors) if errors.as_array().is_some_and(|e| !e.is_empty()) => {
            Err(format!("errors: {errors}"))
        }
        _ => Ok((value, bytes.len())),
    }
}

fn abbreviate(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text.into_owned()
    }
}

/// A request body; with the operation's name when the document names it
/// (`query Name(…) { … }`), which the plain twin dispatches on.
fn body(query: &str, variables: Value) -> String {
    match operation_name(query) {
        Some(name) => {
            json!({ "query": query, "variables": variables, "operationName": name }).to_string()
        }
        None => json!({ "query": query, "variables": variables }).to_string(),
    }
}

/// The name of the query `document` (one operation) declares, if any.
fn operation_name(document: &str) -> Option<&str> {
    let rest = document.trim_start().strip_prefix("query")?;
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/// One scenario: a query and what its variables are made of.
struct Scenario {
    name: &'static str,
    /// The `Query` field it starts from; a schema without it skips the scenario.
    root: &'static str,
    /// The document; one that names its operation is sent with `operationName`.
    query: &'static str,
    variables: Variables,
}

impl Scenario {
    /// Whether the twins answer it: the operations they know.
    fn on_twins(&self) -> bool {
        matches!(
            operation_name(self.query),
            Some(twin::COMPANY_BY_SLUG | twin::AGREEMENTS_WITH_PARTIES)
        )
    }
}

/// What a scenario's variables are made of.
#[derive(Clone, Copy)]
enum Variables {
    /// `$slug`, the company of the company-by-slug scenarios: a point lookup, measured at its
    /// one size.
    Slug,
    /// `$n`, a page size: measured at `full`, its statements counted at `small` too, since a
    /// count that grows with the page is an N+1.
    Page { full: u32, small: u32 },
    /// `$n` and `$after`, the cursor `DEEP_PAGES` pages into the agreements.
    DeepPage,
    /// `$ids`, the ids of the first `PAGE` companies (`SMALL_PAGE` for the statement count).
    CompanyIds,
    /// `$from` and `$to`, the first and the last of the first `PAGE` companies by name, and
    /// `$group`, the company of the company-by-slug scenarios (a group with subsidiaries in
    /// the seed): measured at one size.
    Companies,
}

const LIST: Variables = Variables::Page {
    full: PAGE,
    small: SMALL_PAGE,
};

/// A search for `$query` (what kind of query it is: `$what`), 20 results.
macro_rules! search_scenario {
    ($query:literal, $what:literal) => {
        Scenario {
            name: concat!("search \"", $query, "\" (", $what, "), 20 results"),
            root: "search",
            query: concat!(
                "query($n: Int) { search(query: \"",
                $query,
                "\", first: $n) { totalCount nodes { __typename } } }"
            ),
            variables: Variables::Page { full: 20, small: 2 },
        }
    };
}

/// The suggestions for `$typed` (`$what`), 10 of them.
macro_rules! suggest_scenario {
    ($typed:literal, $what:literal) => {
        Scenario {
            name: concat!("suggest \"", $typed, "\" (", $what, "), 10 suggestions"),
            root: "suggest",
            query: concat!(
                "query($n: Int) { suggest(query: \"",
                $typed,
                "\", first: $n) { kind text connections node { __typename } } }"
            ),
            variables: Variables::Page { full: 10, small: 2 },
        }
    };
}

/// Every scenario, in the order they run. Each relation has a scenario of its own that selects
/// little else, so that the statements each one costs show on their own, at two page sizes.
/// The twins answer the two whose operations are named after the twins' (see `twin`).
const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: COMPANY_SCENARIO,
        root: "company",
        query: "query CompanyBySlug($slug: String!) { company(slug: $slug) { \
                id name kind country founded } }",
        variables: Variables::Slug,
    },
    Scenario {
        name: GERMAN_SCENARIO,
        root: "company",
        query: r#"query CompanyBySlugGermanSummary($slug: String!) { company(slug: $slug) {
                id name kind country founded summary(locale: "de") } }"#,
        variables: Variables::Slug,
    },
    Scenario {
        name: "100 agreements, parties + companies",
        root: "agreements",
        query: "query AgreementsWithParties($n: Int) { agreements(first: $n) { nodes { \
                slug kind status parties { role company { name country } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 agreements, parties + scopes + German summaries",
        root: "agreements",
        query: r#"query($n: Int) { agreements(first: $n) { nodes { slug scopes
                parties { company { name } } summary(locale: "de") } } }"#,
        variables: LIST,
    },
    Scenario {
        name: "20 companies with summaries",
        root: "companies",
        query: r#"query($n: Int) { companies(first: $n) { nodes { name summary(locale: "en") } } }"#,
        variables: Variables::Page { full: 20, small: 2 },
    },
    Scenario {
        name: "deep page (100 agreements, ~50 pages in)",
        root: "agreements",
        query: "query($n: Int, $after: String) { agreements(first: $n, after: $after) { nodes { \
                slug kind status parties { role company { name country } } } } }",
        variables: Variables::DeepPage,
    },
    Scenario {
        name: "search \"Medien\", 20 results",
        root: "search",
        query: r#"query($n: Int) { search(query: "Medien", first: $n) {
                totalCount nodes { __typename } } }"#,
        variables: Variables::Page { full: 20, small: 2 },
    },
    search_scenario!("Schäfer", "a whole name"),
    search_scenario!("mueller", "a whole word, spelled out"),
    search_scenario!("Me", "a 2-letter prefix"),
    search_scenario!("Med", "a 3-letter prefix"),
    search_scenario!("Medi", "a 4-letter prefix"),
    search_scenario!("Pixel Arena", "two whole words"),
    search_scenario!("Müller Bühne 1345", "a company's full name"),
    search_scenario!("Nord Ka", "a word and a prefix"),
    search_scenario!("zzqx", "nothing"),
    suggest_scenario!("k", "1 letter"),
    suggest_scenario!("Ka", "2 letters"),
    suggest_scenario!("Mül", "3 letters"),
    suggest_scenario!("Müller Bühne 13", "a name half typed"),
    suggest_scenario!("zzqx", "nothing"),
    // One relation each.
    Scenario {
        name: "100 companies, founders",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name founders { name } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, executives + people",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name \
                executives { title person { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, competitors",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name competitors { name } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, parent",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name parent { name } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, events + sources",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name \
                events { kind source { title } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, sources",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name sources { title } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, quotes + speakers",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name \
                quotes { text speaker { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 companies, subsidiaries (first 5 each)",
        root: "companies",
        query: "query($n: Int) { companies(first: $n) { nodes { name \
                subsidiaries(first: 5) { totalCount nodes { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 people, roles + companies",
        root: "people",
        query: "query($n: Int) { people(first: $n) { nodes { name \
                roles { title company { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 people, German summaries",
        root: "people",
        query: r#"query($n: Int) { people(first: $n) { nodes { name summary(locale: "de") } } }"#,
        variables: LIST,
    },
    Scenario {
        name: "100 agreements, party company names only",
        root: "agreements",
        query: "query($n: Int) { agreements(first: $n) { nodes { parties { company { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "100 agreements, quotes + speakers + companies",
        root: "agreements",
        query: "query($n: Int) { agreements(first: $n) { nodes { slug \
                quotes { speaker { name } companies { name } } } } }",
        variables: LIST,
    },
    Scenario {
        name: "stats: agreements by year, German labels",
        root: "agreementStats",
        query: r#"query { agreementStats(groupBy: [YEAR]) {
                totalCount groups { count values labels(locale: "de") } } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "stats: sports agreements by year and kind",
        root: "agreementStats",
        query: r#"query { agreementStats(groupBy: [YEAR, KIND], filter: { scopes: [
                SPORTS_EVENT_ORGANISATION, SPORTS_EVENT_PRODUCTION, SPORTS_EVENT_MARKETING,
                MOTORSPORT] }) { totalCount groups { count values } } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "stats: agreements by party country",
        root: "agreementStats",
        query: r#"query { agreementStats(groupBy: [PARTY_COUNTRY]) {
                totalCount groups { count values } } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "stats: companies by country and founding decade",
        root: "companyStats",
        query: r#"query { companyStats(groupBy: [COUNTRY, FOUNDING_DECADE]) {
                totalCount groups { count values } } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "combined filter: kinds, markets, announced after, not announced; 100 agreements",
        root: "agreements",
        query: r#"query($n: Int) { agreements(first: $n, filter: {
                kinds: [STRATEGIC_PARTNERSHIP, COOPERATION_AGREEMENT], markets: ["DE", "CN", "TH"],
                announcedAfter: "2015", not: { status: ANNOUNCED } }) { nodes { slug kind } } }"#,
        variables: LIST,
    },
    Scenario {
        name: "combined filter: a group's deals (partyGroup); 100 agreements",
        root: "agreements",
        query: r#"query($group: ID!) { agreements(first: 100, filter: { partyGroup: $group }) {
                nodes { slug kind } } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "connections within 4 hops, German sentence",
        root: "connections",
        query: r#"query($from: ID!, $to: ID!) { connections(from: $from, to: $to, maxHops: 4) {
                length hops { link to { name } } summary(locale: "de") } }"#,
        variables: Variables::Companies,
    },
    Scenario {
        name: "nodes(ids:) of 100 companies",
        root: "nodes",
        query: "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Company { name country } } }",
        variables: Variables::CompanyIds,
    },
    Scenario {
        name: "search \"Medien\", 100 results with German summaries",
        root: "search",
        query: r#"query($n: Int) { search(query: "Medien", first: $n) { totalCount nodes {
                __typename
                ... on Company { name summary(locale: "de") }
                ... on Person { name summary(locale: "de") }
                ... on Agreement { slug summary(locale: "de") } } } }"#,
        variables: LIST,
    },
];

/// What a server's scenarios need that only the server can say: ids and cursors are opaque, so
/// each binary is asked for its own.
#[derive(Default)]
struct Context {
    /// The fields of `Query`.
    roots: Vec<String>,
    deep_cursor: Option<String>,
    company_ids: Vec<String>,
    /// The global id of the seed's group, when the database holds the seed.
    group_id: Option<String>,
    /// The company of the company-by-slug scenarios, the same on every server.
    slug: String,
    /// A twin, which answers only the twin scenarios.
    twin: bool,
}

/// A scenario's request bodies.
struct Bodies {
    /// At the scenario's page size.
    full: String,
    /// At a smaller page size, for lists: the statement count must not change.
    small: Option<String>,
}

impl Context {
    /// The scenario's request bodies on this server, or why it cannot run there.
    fn bodies(&self, scenario: &Scenario) -> Result<Bodies, String> {
        if self.twin && !scenario.on_twins() {
            return Err(format!(
                "a twin answers only the operations {} and {}",
                twin::COMPANY_BY_SLUG,
                twin::AGREEMENTS_WITH_PARTIES
            ));
        }
        if !self.roots.iter().any(|root| root == scenario.root) {
            return Err(format!("the schema has no `{}` field", scenario.root));
        }
        let query = scenario.query;
        let pair = |full: Value, small: Option<Value>| Bodies {
            full: body(query, full),
            small: small.map(|small| body(query, small)),
        };
        Ok(match scenario.variables {
            Variables::Slug => pair(json!({ "slug": self.slug }), None),
            Variables::Page { full, small } => {
                pair(json!({ "n": full }), Some(json!({ "n": small })))
            }
            Variables::DeepPage => {
                let after = self
                    .deep_cursor
                    .as_deref()
                    .ok_or("the agreements fit on one page")?;
                pair(
                    json!({ "n": PAGE, "after": after }),
                    Some(json!({ "n": SMALL_PAGE, "after": after })),
                )
            }
            Variables::Companies => {
                let (Some(from), Some(to)) = (self.company_ids.first(), self.company_ids.last())
                else {
                    return Err("there are no companies".to_owned());
                };
                let group = self.group_id.as_ref().unwrap_or(from);
                pair(json!({ "from": from, "to": to, "group": group }), None)
            }
            Variables::CompanyIds => {
                if self.company_ids.is_empty() {
                    return Err("there are no companies".to_owned());
                }
                let first = |n: u32| &self.company_ids[..self.company_ids.len().min(n as usize)];
                pair(
                    json!({ "ids": first(PAGE) }),
                    Some(json!({ "ids": first(SMALL_PAGE) })),
                )
            }
        })
    }
}

/// What a scenario measured on one server.
struct Outcome {
    name: &'static str,
    statements: String,
    small_statements: Option<String>,
    first_ms: f64,
    /// Latency at one connection.
    p50: f64,
    p90: f64,
    p99: f64,
    /// Latency of the requests of the throughput run, at `CONNECTIONS` connections.
    loaded_p50: f64,
    loaded_p90: f64,
    loaded_p99: f64,
    rps: f64,
    server_cpu: String,
    client_cpu: String,
    others_cpu: String,
    /// The server's CPU time per request of the throughput run, in µs.
    cpu_per_request: Option<f64>,
    /// Other processes used more than `NOISY_PERCENT` of the CPUs during the throughput run.
    noisy: bool,
    requests: usize,
    failures: usize,
    /// The `data` of its first answers, by request body.
    answers: Answers,
}

impl Outcome {
    /// The statement count, with the small page's when it differs.
    fn statements_cell(&self) -> String {
        match &self.small_statements {
            Some(small) if *small != self.statements => {
                format!("{} (**{small} at a small page**)", self.statements)
            }
            _ => self.statements.clone(),
        }
    }
}

/// Whose answers a server's must equal.
#[derive(Clone, Copy)]
enum Check<'a> {
    /// None: the server is the reference, or the baseline, which may answer otherwise.
    Skip,
    /// The current server's, when it answered.
    Against(Option<&'a Answers>),
}

/// The `totalCount` of the response's top field, when it asked for one.
fn total_count(value: &Value) -> Option<&Value> {
    value["data"]
        .as_object()?
        .values()
        .next()?
        .get("totalCount")
}

fn statement_count(value: &Value) -> String {
    match &value["extensions"]["sqlStatements"] {
        Value::Null => "?".to_owned(),
        n => n.to_string(),
    }
}

/// Where `actual` first differs from `expected` (`path` names the position of both), if it
/// does; members compare whatever their order.
fn difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, value) in e {
                let at = format!("{path}.{key}");
                match a.get(key) {
                    Some(other) => {
                        if let Some(found) = difference(value, other, &at) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("{at} is missing")),
                }
            }
            a.keys()
                .find(|key| !e.contains_key(*key))
                .map(|key| format!("{path}.{key} is not expected"))
        }
        (Value::Array(e), Value::Array(a)) => {
            for (i, (value, other)) in e.iter().zip(a).enumerate() {
                if let Some(found) = difference(value, other, &format!("{path}[{i}]")) {
                    return Some(found);
                }
            }
            (e.len() != a.len()).then(|| format!("{path} has {} items, not {}", a.len(), e.len()))
        }
        _ if expected == actual => None,
        _ => Some(format!(
            "{path} is {} where the current server has {}",
            abbreviate(actual.to_string().as_bytes()),
            abbreviate(expected.to_string().as_bytes())
        )),
    }
}

/// Compares the `data` of `answers` with `check`'s, body by body; a difference (or no answer
/// to compare with) is a failure.
fn compare_answers(answers: &Answers, check: Check<'_>, failures: &mut Failures) {
    let Check::Against(reference) = check else {
        return;
    };
    let Some(reference) = reference else {
        let message = "data NOT COMPARED: the current server gave no answer to compare with";
        println!("  !!!!! {message}");
        failures.add(message.to_owned());
        return;
    };
    let mut same = 0;
    for (body, data) in answers {
        let found = match reference.get(body) {
            None => Some("the current server was not asked this".to_owned()),
            Some(expected) => difference(expected, data, "data"),
        };
        match found {
            None => same += 1,
            Some(found) => {
                let message = format!(
                    "data DIFFERS from the current server's: {found} (request {})",
                    abbreviate(body.as_bytes())
                );
                println!("  !!!!! {message}");
                failures.add(message);
            }
        }
    }
    if same == answers.len() {
        let bodies = if same == 1 { "body" } else { "bodies" };
        println!("  data: identical to the current server's ({same} request {bodies})");
    }
}

async fn run_scenario(
    server: &Running,
    name: &'static str,
    bodies: &Bodies,
    requests: usize,
    seconds: usize,
    check: Check<'_>,
) -> Outcome {
    let (url, server_pid) = (server.url.as_str(), server.pid());
    println!();
    if server.tag.is_empty() {
        println!("== {name}");
    } else {
        println!("== {name} [{}]", server.tag);
    }
    let client = new_client();
    let mut failures = Failures::default();
    let mut answers = Answers::new();

    // The first request, untimed by the percentiles: it may warm caches or build an index.
    let started = Instant::now();
    let first = fetch(&client, url, &bodies.full).await;
    let first_ms = ms(started.elapsed());
    let statements = match first {
        Ok((value, bytes)) => {
            let n = statement_count(&value);
            println!(
                "  first request: {first_ms:.2} ms, {bytes} bytes, extensions: {}",
                value.get("extensions").unwrap_or(&Value::Null)
            );
            if let Some(total) = total_count(&value) {
                println!("  totalCount: {total}");
            }
            answers.insert(bodies.full.clone(), value["data"].clone());
            n
        }
        Err(e) => {
            failures.add(e);
            "?".to_owned()
        }
    };
    let small_statements = match &bodies.small {
        Some(small) => match fetch(&client, url, small).await {
            Ok((value, _)) => {
                let n = statement_count(&value);
                println!("  SQL statements: {statements} at the full page, {n} at a small page");
                if n != statements {
                    println!(
                        "  !!! the statement count changes with the page size: look for an N+1"
                    );
                }
                answers.insert(small.clone(), value["data"].clone());
                Some(n)
            }
            Err(e) => {
                failures.add(e);
                None
            }
        },
        None => {
            println!("  SQL statements: {statements}");
            None
        }
    };
    compare_answers(&answers, check, &mut failures);

    // Latency at one connection.
    for _ in 0..WARM_UP {
        if let Err(e) = send(&client, url, &bodies.full).await {
            failures.add(e);
        }
    }
    let mut latencies = Vec::with_capacity(requests);
    for _ in 0..requests {
        let started = Instant::now();
        let result = send(&client, url, &bodies.full).await;
        latencies.push(ms(started.elapsed()));
        if let Err(e) = result {
            failures.add(e);
        }
    }
    latencies.sort_by(f64::total_cmp);
    let (p50, p90, p99) = (
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.90),
        percentile(&latencies, 0.99),
    );
    println!(
        "  latency at 1 connection ({requests} requests): p50 {p50:.2} ms, p90 {p90:.2} ms, \
         p99 {p99:.2} ms, max {:.2} ms",
        latencies.last().copied().unwrap_or(f64::NAN)
    );

    // Throughput at 32 connections: each task has its own client, so its own connection, and
    // times each of its requests.
    let body: Arc<str> = Arc::from(bodies.full.as_str());
    let url: Arc<str> = Arc::from(url);
    let duration = Duration::from_secs(seconds as u64);
    let cpu_before = (
        cpu_seconds("self"),
        cpu_seconds(&server_pid.to_string()),
        machine_busy_seconds(),
    );
    let started = Instant::now();
    let deadline = started + duration;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let (body, url) = (Arc::clone(&body), Arc::clone(&url));
            tokio::spawn(async move {
                let client = new_client();
                let mut latencies = Vec::new();
                let mut failures = Failures::default();
                // Bounded by the deadline; each request by the client's timeout.
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let result = send(&client, &url, &body).await;
                    latencies.push(ms(sent.elapsed()));
                    if let Err(e) = result {
                        failures.add(e);
                    }
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut loaded = Vec::new();
    for task in tasks {
        let (task_latencies, task_failures) = task.await.expect("a load task finishes");
        loaded.extend(task_latencies);
        failures.merge(task_failures);
    }
    let elapsed = started.elapsed();
    let done = loaded.len();
    let rps = done as f64 / elapsed.as_secs_f64();
    loaded.sort_by(f64::total_cmp);
    let (loaded_p50, loaded_p90, loaded_p99) = (
        percentile(&loaded, 0.50),
        percentile(&loaded, 0.90),
        percentile(&loaded, 0.99),
    );
    let server_after = cpu_seconds(&server_pid.to_string());
    let cpu = |before: Option<f64>, after: Option<f64>| match (before, after) {
        (Some(b), Some(a)) => format!("{:.0}%", 100.0 * (a - b) / elapsed.as_secs_f64()),
        _ => "?".to_owned(),
    };
    let server_cpu = cpu(cpu_before.1, server_after);
    let client_cpu = cpu(cpu_before.0, cpu_seconds("self"));
    let cpu_per_request = match (cpu_before.1, server_after) {
        (Some(b), Some(a)) if done > 0 => Some((a - b) * 1e6 / done as f64),
        _ => None,
    };
    // What the rest of the machine used meanwhile: busy time not spent by the server or here.
    let others = match (
        cpu_before,
        server_after,
        cpu_seconds("self"),
        machine_busy_seconds(),
    ) {
        ((Some(c0), Some(s0), Some(m0)), Some(s1), Some(c1), Some(m1)) => {
            Some(100.0 * ((m1 - m0) - (s1 - s0) - (c1 - c0)).max(0.0) / elapsed.as_secs_f64())
        }
        _ => None,
    };
    let others_text = others.map_or("?".to_owned(), |p| format!("{p:.0}%"));
    println!(
        "  throughput at {CONNECTIONS} connections: {rps:.0} req/s ({done} requests in {:.2} s); \
         CPU: server {server_cpu}, load generator {client_cpu}, other processes {others_text}",
        elapsed.as_secs_f64()
    );
    println!(
        "  latency at {CONNECTIONS} connections: p50 {loaded_p50:.2} ms, p90 {loaded_p90:.2} ms, \
         p99 {loaded_p99:.2} ms, max {:.2} ms; server CPU per request: {}",
        loaded.last().copied().unwrap_or(f64::NAN),
        micros(cpu_per_request)
    );
    let noisy = others.is_some_and(|p| p > NOISY_PERCENT);
    if noisy {
        println!(
            "  !!! other processes used {others_text} of the CPUs during this run: \
             the figures are low; rerun on a quiet machine"
        );
    }

    let total = 2 + usize::from(bodies.small.is_some()) + WARM_UP + requests + done;
    failures.report(name, total);
    Outcome {
        name,
        statements,
        small_statements,
        first_ms,
        p50,
        p90,
        p99,
        loaded_p50,
        loaded_p90,
        loaded_p99,
        rps,
        server_cpu,
        client_cpu,
        others_cpu: others_text,
        cpu_per_request,
        noisy,
        requests: total,
        failures: failures.count,
        answers,
    }
}

/// A CPU time per request, in µs.
fn micros(value: Option<f64>) -> String {
    value.map_or_else(|| "?".to_owned(), |us| format!("{us:.0} µs"))
}

#[derive(Default)]
struct Failures {
    count: usize,
    kept: Vec<String>,
}

impl Failures {
    fn add(&mut self, message: String) {
        self.count += 1;
        if self.kept.len() < KEPT_FAILURES {
            self.kept.push(message);
        }
    }

    fn merge(&mut self, other: Failures) {
        self.count += other.count;
        for message in other.kept {
            if self.kept.len() < KEPT_FAILURES {
                self.kept.push(message);
            }
        }
    }

    fn report(&self, scenario: &str, total: usize) {
        if self.count == 0 {
            println!("  all {total} responses: 200, no errors");
            return;
        }
        println!(
            "  !!!!! {scenario}: {} of {total} requests FAILED; its figures are not valid",
            self.count
        );
        for message in &self.kept {
            println!("  !!!!!   {message}");
        }
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg").map_or_else(
        |_| "?".to_owned(),
        |text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        },
    )
}

/// CPU time (user + system) the process `pid` ("self" for this one) has used, in seconds.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name, in parentheses, may hold spaces: count fields after its end.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // /proc reports in USER_HZ, which is 100 on Linux.
    Some((utime + stime) / 100.0)
}

/// CPU time (all CPUs, neither idle nor waiting for I/O) the machine has used since boot, in
/// seconds.
fn machine_busy_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<f64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .map(|t| t.parse().unwrap_or(0.0))
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy: f64 = ticks.iter().take(8).sum::<f64>() - ticks.get(3)? - ticks.get(4)?;
    Some(busy / 100.0)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The nearest-rank percentile of sorted samples.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn print_table(
    title: &str,
    results: &[Option<Outcome>],
    cpus: usize,
    dataset: &str,
    memory: &Memory,
) {
    println!();
    println!(
        "{title}: {dataset}; {cpus} CPUs; latency at 1 connection, throughput at {CONNECTIONS}"
    );
    println!();
    println!(
        "| scenario | statements | first | p50 | p90 | p99 | req/s at {CONNECTIONS} | CPU server / client / others |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in results.iter().flatten() {
        let failed = if r.failures > 0 {
            format!(" **{} of {} FAILED**", r.failures, r.requests)
        } else {
            String::new()
        };
        println!(
            "| {}{failed} | {} | {:.2} ms | {:.2} ms | {:.2} ms | {:.2} ms | {:.0} | {} / {} / {} |",
            r.name,
            r.statements_cell(),
            r.first_ms,
            r.p50,
            r.p90,
            r.p99,
            r.rps,
            r.server_cpu,
            r.client_cpu,
            r.others_cpu
        );
    }
    println!();
    println!(
        "server memory after the load: RssAnon {} (its own), VmHWM {} (peak, includes the \
         memory-mapped database)",
        memory.get("RssAnon"),
        memory.get("VmHWM")
    );
}

/// Baseline and current side by side, scenario by scenario, with the ratio of their
/// throughputs.
fn print_comparison(
    baseline: &Running,
    baseline_results: &[Option<Outcome>],
    current: &Running,
    current_results: &[Option<Outcome>],
) {
    println!();
    println!(
        "Comparison: {} against {}, each scenario on the {} binary first; latency at 1 \
         connection, throughput at {CONNECTIONS}",
        current.label, baseline.label, baseline.label
    );
    println!();
    println!(
        "| scenario | statements (baseline / current) | p50 (baseline / current) | \
         p99 (baseline / current) | req/s at {CONNECTIONS} (baseline / current) | req/s current / baseline |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let mut ratios = Vec::new();
    let mut noisy = false;
    for ((scenario, b), c) in SCENARIOS.iter().zip(baseline_results).zip(current_results) {
        if b.is_none() && c.is_none() {
            continue;
        }
        let pair = |cell: &dyn Fn(&Outcome) -> String| {
            let side = |o: &Option<Outcome>| o.as_ref().map_or_else(|| "skipped".to_owned(), cell);
            format!("{} / {}", side(b), side(c))
        };
        let failed = [b, c]
            .iter()
            .flat_map(|o| o.as_ref())
            .any(|o| o.failures > 0);
        let ratio = match (b, c) {
            (Some(b), Some(c)) if b.rps > 0.0 => {
                let ratio = c.rps / b.rps;
                let flag = if b.noisy || c.noisy {
                    noisy = true;
                    " !!!"
                } else {
                    ""
                };
                if !failed {
                    ratios.push(ratio);
                }
                format!("{ratio:.2}{flag}")
            }
            _ => "–".to_owned(),
        };
        println!(
            "| {}{} | {} | {} | {} | {} | {ratio} |",
            scenario.name,
            if failed { " **FAILED**" } else { "" },
            pair(&|o| o.statements_cell()),
            pair(&|o| format!("{:.2} ms", o.p50)),
            pair(&|o| format!("{:.2} ms", o.p99)),
            pair(&|o| format!("{:.0}", o.rps)),
        );
    }
    println!();
    if !ratios.is_empty() {
        let mean = (ratios.iter().map(|r| r.ln()).sum::<f64>() / ratios.len() as f64).exp();
        println!(
            "geometric mean of the req/s ratios: {mean:.2} over the {} scenarios without failures",
            ratios.len()
        );
    }
    if noisy {
        println!(
            "!!! other processes used more than {NOISY_PERCENT:.0}% of the CPUs during a run: \
             its ratio is not to be trusted"
        );
    }
    for (label, server) in [("baseline", baseline), ("current", current)] {
        if let Some(binary) = &server.binary {
            println!("{label:<9} {}", describe_binary(binary));
        }
    }
}

/// A cell of `outcome`'s, or `–` for a scenario not run.
fn cell(outcome: Option<&Outcome>, text: impl Fn(&Outcome) -> String) -> String {
    outcome.map_or_else(|| "–".to_owned(), text)
}

/// Every target's figures per request, scenario by scenario, as a Markdown table.
fn print_figures(
    servers: &[Running],
    outcomes: &[Vec<Option<Outcome>>],
    dataset: &str,
    cpus: usize,
) {
    println!();
    println!(
        "Per request, on every target: {dataset}; {cpus} CPUs; latency p50 / p90 / p99 at 1 \
         connection and during the throughput run at {CONNECTIONS}; the server's CPU time per \
         request of that run; errors include answers whose data differ from the current server's"
    );
    println!();
    println!(
        "| scenario | target | statements | req/s at {CONNECTIONS} | latency at 1 | \
         latency at {CONNECTIONS} | server CPU per request | errors |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|");
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        for (server, results) in servers.iter().zip(outcomes) {
            let Some(r) = &results[i] else { continue };
            let errors = if r.failures > 0 {
                format!("**{} of {}**", r.failures, r.requests)
            } else {
                "0".to_owned()
            };
            println!(
                "| {} | {} | {} | {:.0}{} | {:.2} / {:.2} / {:.2} ms | {:.2} / {:.2} / {:.2} ms \
                 | {} | {errors} |",
                scenario.name,
                server.label,
                r.statements_cell(),
                r.rps,
                if r.noisy { " !!!" } else { "" },
                r.p50,
                r.p90,
                r.p99,
                r.loaded_p50,
                r.loaded_p90,
                r.loaded_p99,
                micros(r.cpu_per_request),
            );
        }
    }
    if outcomes.iter().flatten().flatten().any(|r| r.noisy) {
        println!();
        println!(
            "!!! marks a run during which other processes used more than {NOISY_PERCENT:.0}% of \
             the CPUs"
        );
    }
}

/// Each target's memory after the load, as a Markdown table.
fn print_memory(servers: &[Running], loaded: &[Memory]) {
    println!();
    println!("Memory of each server after the load");
    println!();
    println!("| target | RssAnon (its own) | VmHWM (peak, includes the mapped database) |");
    println!("|---|---:|---:|");
    for (server, memory) in servers.iter().zip(loaded) {
        println!(
            "| {} | {} | {} |",
            server.label,
            memory.get("RssAnon"),
            memory.get("VmHWM")
        );
    }
}

/// dealgraph (uncached) against its bare twins and its response cache, and the German summary
/// against the plain lookup, scenario by scenario, as a Markdown table.
fn print_ratios(servers: &[Running], outcomes: &[Vec<Option<Outcome>>]) {
    let of = |label: &str, i: usize| -> Option<&Outcome> {
        let target = servers.iter().position(|s| s.label == label)?;
        outcomes[target][i].as_ref()
    };
    // A ratio of two outcomes' figures; flagged when either failed or ran on a noisy machine.
    let ratio = |a: Option<&Outcome>, b: Option<&Outcome>, figure: fn(&Outcome) -> f64| match (a, b)
    {
        (Some(a), Some(b)) if figure(b) > 0.0 => {
            let flag = if a.failures + b.failures > 0 {
                " **FAILED**"
            } else if a.noisy || b.noisy {
                " !!!"
            } else {
                ""
            };
            (
                Some(figure(a) / figure(b)),
                format!("{:.2}{flag}", figure(a) / figure(b)),
            )
        }
        _ => (None, "–".to_owned()),
    };
    let rps = |o: &Outcome| o.rps;
    let p50 = |o: &Outcome| o.p50;
    let company = SCENARIOS
        .iter()
        .position(|s| s.name == COMPANY_SCENARIO)
        .expect("the company-by-slug scenario");
    println!();
    println!(
        "Ratios: dealgraph uncached ({CURRENT}) against its bare twins and its response cache; \
         req/s at {CONNECTIONS} connections (higher is faster), p50 at 1 connection (lower is \
         faster)"
    );
    println!();
    println!(
        "| scenario | req/s {CURRENT} | req/s ÷ {TWIN_GRAPHQL} | req/s ÷ {TWIN_PLAIN} | \
         p50 ÷ {TWIN_GRAPHQL} | p50 ÷ {TWIN_PLAIN} | req/s {CACHED} ÷ {CURRENT} | \
         req/s ÷ \"{COMPANY_SCENARIO}\" (uncached / cached) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut german = None;
    for (i, scenario) in SCENARIOS.iter().enumerate() {
        let current = of(CURRENT, i);
        let cached = of(CACHED, i);
        if current.is_none() && cached.is_none() {
            continue;
        }
        let versus_company = if scenario.name == GERMAN_SCENARIO {
            let uncached = ratio(current, of(CURRENT, company), rps);
            let cached = ratio(cached, of(CACHED, company), rps);
            german = Some((uncached.0, cached.0));
            format!("{} / {}", uncached.1, cached.1)
        } else {
            "–".to_owned()
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {versus_company} |",
            scenario.name,
            cell(current, |o| format!("{:.0}", o.rps)),
            ratio(current, of(TWIN_GRAPHQL, i), rps).1,
            ratio(current, of(TWIN_PLAIN, i), rps).1,
            ratio(current, of(TWIN_GRAPHQL, i), p50).1,
            ratio(current, of(TWIN_PLAIN, i), p50).1,
            ratio(cached, current, rps).1,
        );
    }
    println!();
    println!(
        "req/s ÷ a twin's: the share of the twin's throughput dealgraph reaches; p50 ÷ a \
         twin's: how many times the twin's latency dealgraph takes"
    );
    let verdict = |r: Option<f64>| match r {
        Some(r) if r >= GERMAN_TARGET => format!("{r:.2}, met"),
        Some(r) => format!("{r:.2}, NOT met"),
        None => "not measured".to_owned(),
    };
    if let Some((uncached, cached)) = german {
        println!(
            "\"{GERMAN_SCENARIO}\" ÷ \"{COMPANY_SCENARIO}\" in req/s (the aim: at least \
             {GERMAN_TARGET}): uncached {}; cached {}",
            verdict(uncached),
            verdict(cached)
        );
    }
}
