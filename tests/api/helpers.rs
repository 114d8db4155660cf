//! Starting the real server in-process on a fresh database, talking to it over HTTP, and the
//! helpers the test modules share (ids, slugs, page walks, statement counts).
//!
//! Set `TEST_LOG=1` to see the server's logs beside a failing test's output: the first server
//! started installs a `tracing` subscriber that writes through libtest's capture, so a passing
//! test stays quiet and a failing one shows what the server logged. `RUST_LOG` filters them
//! (default `info`; `RUST_LOG=debug` adds every request). Unset, empty or `0` leaves them off.

use std::future::Future;
use std::io::{IsTerminal, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tracing_subscriber::EnvFilter;

use dealgraph::app::Server;
use dealgraph::config::ServeArgs;
use dealgraph::db::Db;
use dealgraph::l10n::Localizer;

use crate::synthetic::{self, Sizes};

/// The media types a modern GraphQL client accepts, the new one first.
pub const ACCEPT_BOTH: &str = "application/graphql-response+json, application/json;q=0.9";
/// The GraphQL-over-HTTP response media type.
pub const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// How long a stopped server may take to finish.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// A server running in this process, and a client for it.
pub struct TestApp {
    /// Where the server listens.
    pub addr: SocketAddr,
    /// The SQLite file the server serves (empty on PostgreSQL).
    pub db_path: PathBuf,
    /// The database as `--database` names it: the SQLite file, or the PostgreSQL URL.
    pub database: String,
    /// A plain-HTTP client.
    pub client: reqwest::Client,
    /// Kept alive so the database outlives the server; `None` when the caller owns the folder.
    _dir: Option<TempDir>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// Starts the server on a free port over a fresh copy of the template database (migrated,
/// seeded and indexed) in a new temporary folder.
pub async fn spawn_app() -> TestApp {
    spawn_app_tuned(|_| {}).await
}

/// The template database: migrated, seeded and with its search index built, once per test run,
/// as the bytes of one SQLite file (no write-ahead log). Each test writes them into a file of
/// its own, so a test starts on what a first start makes without migrating, seeding and
/// indexing again; tests of the first start itself use [`spawn_app_at`] on a new path.
fn template() -> &'static [u8] {
    static TEMPLATE: OnceLock<Vec<u8>> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        // Built on a thread and runtime of its own: the caller is a test's runtime, which a
        // nested runtime may not block.
        std::thread::spawn(build_template)
            .join()
            .expect("building the template database does not panic")
    })
}

fn build_template() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("template.sqlite");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let (db, _) = Db::open(&path, 1).expect("the template database opens and is seeded");
        let l10n = std::sync::Arc::new(Localizer::new().expect("the translations load"));
        dealgraph::search::ensure_current(&db, l10n)
            .await
            .expect("the template's search index is built");
    });
    // One file with every page: the backup API copies through the write-ahead log.
    let copy = dir.path().join("copy.sqlite");
    dealgraph::db::backup::backup(&path, &copy).expect("the template is copied");
    std::fs::read(&copy).expect("the template is read")
}

/// Writes a copy of the template database at `path`.
fn copy_template(path: &Path) {
    std::fs::write(path, template()).expect("the template is copied");
}

/// Whether the tests' servers run on PostgreSQL (`DEALGRAPH_TEST_ENGINE=postgres`) rather than
/// on SQLite files (the default). The tests of what is particular to a file (restarts,
/// imports into new files, backups) run on SQLite either way.
pub fn on_postgres() -> bool {
    std::env::var("DEALGRAPH_TEST_ENGINE").is_ok_and(|engine| engine == "postgres")
}

/// A database of its own holding the template: a copy of the SQLite template in `dir`, or on
/// PostgreSQL a database made from the PostgreSQL template.
async fn template_copy(dir: &Path, postgres: bool) -> dealgraph::db::Location {
    if postgres {
        tokio::task::spawn_blocking(|| crate::postgres::server().copy_of_template())
            .await
            .expect("a copy of the PostgreSQL template")
    } else {
        let path = dir.join("db.sqlite");
        copy_template(&path);
        path.into()
    }
}

/// Starts the server on a free port over the database at `path` (created and seeded if missing).
/// The caller keeps the folder alive.
pub async fn spawn_app_at(path: &Path) -> TestApp {
    spawn_app_with(ServeArgs::new(
        "127.0.0.1:0".parse().expect("a socket address"),
        path.to_owned(),
    ))
    .await
}

/// Starts the server over a fresh copy of the template database in a new temporary folder,
/// with `tune` applied to the default settings.
pub async fn spawn_app_tuned(tune: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let dir = tempfile::tempdir().expect("creating a temporary folder");
    let location = template_copy(dir.path(), on_postgres()).await;
    let mut args = ServeArgs::new("127.0.0.1:0".parse().expect("a socket address"), location);
    tune(&mut args);
    let mut app = spawn_app_with(args).await;
    app._dir = Some(dir);
    app
}

/// Starts the server over a fresh copy of the SQLite template whatever engine the tests run on:
/// for the tests of what only a SQLite file has (its backups).
pub async fn spawn_sqlite_app() -> TestApp {
    let dir = tempfile::tempdir().expect("creating a temporary folder");
    let path = dir.path().join("db.sqlite");
    copy_template(&path);
    let mut app = spawn_app_at(&path).await;
    app._dir = Some(dir);
    app
}

/// Starts the server with `args` (its database created and seeded if missing). The caller
/// keeps the database's folder alive.
pub async fn spawn_app_with(args: ServeArgs) -> TestApp {
    let app = start_app(args).await;
    app.wait_until_ready().await;
    app
}

/// Starts the server with `args` and returns at once, without waiting for its search index
/// (for the tests of what happens before it is built).
pub async fn start_app(args: ServeArgs) -> TestApp {
    capture_logs();
    let location = args.database.location.clone();
    let server = Server::bind(&args).await.expect("the server binds");
    let addr = server.local_addr().expect("the server has an address");
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async move {
        // A dropped sender stops the server as well.
        let _ = rx.await;
    }));
    TestApp {
        addr,
        db_path: location
            .sqlite_path()
            .map(Path::to_owned)
            .unwrap_or_default(),
        database: location.shown(),
        client: reqwest::Client::new(),
        _dir: None,
        shutdown: Some(tx),
        task: Some(task),
    }
}

/// Starts the server on a new PostgreSQL database of the test run's server
/// ([`crate::postgres`]), which it migrates and seeds, and waits until it answers.
pub async fn spawn_postgres() -> TestApp {
    spawn_postgres_tuned(|_| {}).await
}

/// [`spawn_postgres`] with `tune` applied to the default settings.
pub async fn spawn_postgres_tuned(tune: impl FnOnce(&mut ServeArgs)) -> TestApp {
    let location = tokio::task::spawn_blocking(|| crate::postgres::server().new_database())
        .await
        .expect("a PostgreSQL database");
    let mut args = ServeArgs::new("127.0.0.1:0".parse().expect("a socket address"), location);
    tune(&mut args);
    let app = start_app(args).await;
    let started = std::time::Instant::now();
    while app.get("/healthz").await.status() != 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server on PostgreSQL did not come up"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app
}

/// Runs `sql` (statements without parameters) on the server's database through a connection of
/// its own, as another program changing the data would.
pub async fn write_behind(app: &TestApp, sql: &str) {
    let (database, sql) = (app.database.clone(), sql.to_owned());
    // On a blocking thread: the PostgreSQL driver may not block a thread that drives tasks.
    tokio::task::spawn_blocking(move || {
        let location: dealgraph::db::Location = database.parse().expect("the server's database");
        if location.sqlite_path().is_none() {
            postgres::Client::connect(&database, postgres::NoTls)
                .and_then(|mut client| client.batch_execute(&sql))
                .expect("changing the data");
        } else {
            let conn = rusqlite::Connection::open(&database).expect("opening the database");
            conn.busy_timeout(Duration::from_secs(5))
                .expect("setting a busy timeout");
            conn.execute_batch(&sql).expect("changing the data");
        }
    })
    .await
    .expect("the write ran");
}

/// The seed the generated datasets of the tests are made with.
const SYNTHETIC_SEED: u64 = 7;

/// Starts the server over the seed data plus a generated dataset of `sizes` (see
/// `dealgraph::generate`), reporting each response's SQL statement count, without the
/// response cache.
pub async fn spawn_synthetic(sizes: Sizes) -> TestApp {
    spawn_synthetic_on(sizes, on_postgres()).await
}

/// [`spawn_synthetic`] on a SQLite file whatever engine the tests run on: for the tests that
/// check the server against SQL they run on the file themselves (`db_path`).
pub async fn spawn_synthetic_sqlite(sizes: Sizes) -> TestApp {
    spawn_synthetic_on(sizes, false).await
}

async fn spawn_synthetic_on(sizes: Sizes, postgres: bool) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let location = template_copy(dir.path(), postgres).await;
    // Opened on a blocking thread, as the server opens it: a PostgreSQL client may not connect
    // on a thread that drives tasks.
    let opening = location.clone();
    let (db, _) =
        tokio::task::spawn_blocking(move || dealgraph::db::Db::open_with(opening, 1, false))
            .await
            .expect("the copy opens")
            .expect("the copy opens");
    // The template's index is complete; the generated records are written into it here, as
    // the first search would, so that the tests can compare the index with what they find.
    let l10n = Localizer::new().expect("the translations load");
    db.with_writer(move |conn| {
        synthetic::populate(conn, sizes, SYNTHETIC_SEED)?;
        let tx = conn.write_transaction()?;
        dealgraph::search::index::refresh(&tx, &l10n)?;
        tx.commit()?;
        Ok(())
    })
    .await
    .expect("the generated data loads and is indexed");
    db.checkpoint().await.expect("checkpointed");
    drop(db);
    let mut args = ServeArgs::new("127.0.0.1:0".parse().expect("an address"), location);
    args.expose_statement_counts = true;
    // Statement counts are of answers made afresh: a cached answer repeats the count of the
    // request that made it.
    args.response_cache_bytes = 0;
    let mut app = spawn_app_with(args).await;
    app._dir = Some(dir);
    app
}

/// With `TEST_LOG` set (to anything but empty or `0`), sends the server's logs to libtest's
/// capture, once per test binary.
fn capture_logs() {
    static INSTALL: Once = Once::new();
    let wanted = std::env::var("TEST_LOG").is_ok_and(|v| !v.is_empty() && v != "0");
    if !wanted {
        return;
    }
    INSTALL.call_once(|| {
        let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
        // `try_init` fails only when a subscriber is already set, which then keeps the logs.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .with_ansi(std::io::stdout().is_terminal())
            .try_init();
    });
}

impl TestApp {
    /// The absolute URL of `path_and_query` on this server.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{}", self.addr, path_and_query)
    }

    /// Runs a GraphQL query over POST and returns the response body as JSON; asserts nothing
    /// about the status or the errors.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        let response = self
            .client
            .post(self.url("/graphql"))
            .header(ACCEPT, ACCEPT_BOTH)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("the request is sent");
        let text = response.text().await.expect("the body is read");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {text}"))
    }

    /// Runs a GraphQL query that must succeed and returns its `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        let body = self.graphql(query, variables).await;
        assert!(
            body.get("errors").is_none(),
            "the query failed: {body:#}\nquery: {query}"
        );
        body["data"].clone()
    }

    /// POSTs `body` to `/graphql` as it is, with the given `Content-Type` and `Accept` (each
    /// left out when `None`).
    pub async fn post_graphql(
        &self,
        content_type: Option<&str>,
        accept: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        let mut request = self.client.post(self.url("/graphql")).body(body);
        if let Some(content_type) = content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        if let Some(accept) = accept {
            request = request.header(ACCEPT, accept);
        }
        request.send().await.expect("the request is sent")
    }

    /// GETs `path_and_query` (already URL-encoded).
    pub async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.client
            .get(self.url(path_and_query))
            .send()
            .await
            .expect("the request is sent")
    }

    /// GETs `path_and_query` with an `Accept` header.
    pub async fn get_accepting(&self, path_and_query: &str, accept: &str) -> reqwest::Response {
        self.client
            .get(self.url(path_and_query))
            .header(ACCEPT, accept)
            .send()
            .await
            .expect("the request is sent")
    }

    /// Sends `head` (the request line and headers, without the blank line) and `body` over a
    /// plain socket, for requests reqwest cannot make (reqwest always adds `Accept: */*`).
    pub async fn raw_http(&self, head: &str, body: &str) -> RawResponse {
        let addr = self.addr;
        let request = format!(
            "{head}\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(addr).expect("connecting");
            stream
                .set_read_timeout(Some(Duration::from_secs(10)))
                .expect("setting a timeout");
            stream.write_all(request.as_bytes()).expect("writing");
            let mut bytes = Vec::new();
            stream.read_to_end(&mut bytes).expect("reading");
            RawResponse::parse(&String::from_utf8_lossy(&bytes))
        })
        .await
        .expect("the raw request finishes")
    }

    /// Waits until `/readyz` answers 200: the database answers and the search index is built
    /// (searches before that are refused with `SEARCH_INDEX_BUILDING`).
    pub async fn wait_until_ready(&self) {
        let started = std::time::Instant::now();
        while self.get("/readyz").await.status() != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "the server did not become ready"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the server and waits until it has finished, so the database file is free.
    pub async fn stop(mut self) {
        // Idle keep-alive connections are this client's; close them first.
        self.client = reqwest::Client::new();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let finished = tokio::time::timeout(STOP_TIMEOUT, task)
                .await
                .expect("the server stops in time")
                .expect("the server task does not panic");
            finished.expect("the server stops without an error");
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// A response read from a plain socket.
#[derive(Debug)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, as text (the server does not chunk these small responses).
    pub body: String,
}

impl RawResponse {
    fn parse(text: &str) -> Self {
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((text, ""));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {status_line:?}"));
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Self {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    /// The value of the header `name` (lower case), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The value of the `Content-Type` header of `response`, without parameters.
pub fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Reads `response`'s body as JSON.
pub async fn json_body(response: reqwest::Response) -> Value {
    let text = response.text().await.expect("the body is read");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("the body is not JSON ({e}): {text}"))
}

/// Asserts that the first error of `body` has `extensions.code` equal to `code`.
#[track_caller]
pub fn assert_error_code(body: &Value, code: &str) {
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        json!(code),
        "expected the first error to have code {code}: {body:#}"
    );
}

/// Asserts that the first error of `body` is `BAD_USER_INPUT` about `argument`.
#[track_caller]
pub fn assert_bad_input(body: &Value, argument: &str) {
    assert_error_code(body, "BAD_USER_INPUT");
    assert_eq!(
        body["errors"][0]["extensions"]["argument"],
        json!(argument),
        "expected the error to name the argument {argument}: {body:#}"
    );
}

/// The global id of the entity of `type_name` with `slug` (`base64url-no-pad("Type:slug")`),
/// built independently of the server.
pub fn global_id(type_name: &str, slug: &str) -> String {
    base64_url_no_pad(format!("{type_name}:{slug}").as_bytes())
}

/// A response body without its `extensions` (such as the cost every answer reports), to
/// compare the rest whole.
pub fn without_extensions(mut body: Value) -> Value {
    if let Some(object) = body.as_object_mut() {
        object.remove("extensions");
    }
    body
}

/// URL-safe base64 without padding, written out so the tests do not share the server's encoder.
pub fn base64_url_no_pad(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Percent-encodes `text` for a URL query string.
pub fn url_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The seed dataset as the files in `db/seed` hold it, merged.
pub struct Seed {
    /// Every `[[company]]` record.
    pub companies: Vec<toml::Table>,
    /// Every `[[person]]` record.
    pub people: Vec<toml::Table>,
    /// Every `[[agreement]]` record.
    pub agreements: Vec<toml::Table>,
}

/// Reads the seed dataset from the repository, so expected numbers follow the data.
pub fn seed() -> Seed {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("db/seed");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("reading db/seed")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut seed = Seed {
        companies: Vec::new(),
        people: Vec::new(),
        agreements: Vec::new(),
    };
    for file in files {
        let text = std::fs::read_to_string(&file).expect("reading a seed file");
        let table: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("{} is not TOML: {e}", file.display()));
        let records = |key: &str| -> Vec<toml::Table> {
            table
                .get(key)
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
                .unwrap_or_default()
        };
        seed.companies.extend(records("company"));
        seed.people.extend(records("person"));
        seed.agreements.extend(records("agreement"));
    }
    seed
}

/// The `slug`s of `records`.
pub fn slugs(records: &[toml::Table]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["slug"].as_str().expect("a slug").to_owned())
        .collect()
}

/// `name`s of the companies of a JSON list of nodes.
pub fn names(nodes: &Value) -> Vec<String> {
    field_strings(nodes, "name")
}

/// The string field `field` of every object in the JSON array `nodes`.
pub fn field_strings(nodes: &Value, field: &str) -> Vec<String> {
    nodes
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {nodes}"))
        .iter()
        .map(|n| {
            n[field]
                .as_str()
                .unwrap_or_else(|| panic!("no {field} in {n}"))
                .to_owned()
        })
        .collect()
}

/// The `slug`s of a JSON list of nodes.
pub fn slugs_of(nodes: &Value) -> Vec<String> {
    field_strings(nodes, "slug")
}

/// The global id the server gives the entity `field(slug:)`, such as `company(slug: …)`.
pub async fn id_of(app: &TestApp, field: &str, slug: &str) -> String {
    let query = format!("query($slug: String!) {{ {field}(slug: $slug) {{ id }} }}");
    let data = app.data(&query, json!({ "slug": slug })).await;
    data[field]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} {slug}: {data}"))
        .to_owned()
}

/// Which way a walk through a connection goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the start, following `endCursor` while `hasNextPage`.
    Forwards,
    /// From the end, following `startCursor` while `hasPreviousPage`.
    Backwards,
}

/// Walks a connection from one end to the other: `page(cursor)` fetches the connection object
/// after (forwards) or before (backwards) `cursor`, which is `null` the first time. Returns the
/// pages in the order fetched; fails when the walk takes more than `most_pages`, so a walk that
/// never ends fails instead of hanging.
pub async fn walk_pages<F, Fut>(direction: Direction, most_pages: usize, mut page: F) -> Vec<Value>
where
    F: FnMut(Value) -> Fut,
    Fut: Future<Output = Value>,
{
    let (more, cursor_field) = match direction {
        Direction::Forwards => ("hasNextPage", "endCursor"),
        Direction::Backwards => ("hasPreviousPage", "startCursor"),
    };
    let mut pages = Vec::new();
    let mut cursor = Value::Null;
    loop {
        assert!(
            pages.len() < most_pages,
            "the walk does not end within {most_pages} pages"
        );
        let connection = page(cursor).await;
        let goes_on = connection["pageInfo"][more] == true;
        cursor = connection["pageInfo"][cursor_field].clone();
        if goes_on {
            assert!(
                cursor.is_string(),
                "a page with more beyond it has a cursor to continue from: {connection}"
            );
        }
        pages.push(connection);
        if !goes_on {
            return pages;
        }
    }
}

/// The SQL statements a query cost, as the server reports them; the query must succeed.
pub async fn statements(app: &TestApp, query: &str) -> u64 {
    let body = app.graphql(query, json!({})).await;
    assert!(body.get("errors").is_none(), "{body}");
    statement_count(&body)
}

/// The statement count a response reports in `extensions.sqlStatements`.
pub fn statement_count(body: &Value) -> u64 {
    body["extensions"]["sqlStatements"]
        .as_u64()
        .unwrap_or_else(|| panic!("no statement count: {body}"))
}

/// The real `dealgraph` binary serving `database` on a free port with JSON logs, for tests
/// of the process itself (signals, memory, logs).
pub struct ServerProcess {
    pub child: std::process::Child,
    /// `host:port` it listens on.
    pub addr: String,
    /// Its log lines, as they come.
    pub lines: std::sync::mpsc::Receiver<String>,
}

impl ServerProcess {
    /// Starts the binary with `extra` arguments and `env`, and waits for its address.
    pub fn start(database: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        use std::io::{BufRead, BufReader};

        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
            .args(["serve", "--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(extra)
            .arg("--database")
            .arg(database)
            .envs(env.iter().copied())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().expect("stderr");
        let (lines_tx, lines) = std::sync::mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if lines_tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut process = Self {
            child,
            addr: String::new(),
            lines,
        };
        process.addr = loop {
            let line = process.next_json();
            if let Some(addr) = line["fields"]["addr"].as_str() {
                break addr.to_owned();
            }
        };
        process
    }

    /// The next log line, as JSON.
    pub fn next_json(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("a log line");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// The URL of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
