//! The bare twins of dealgraph's stack, which the benchmark measures beside it so that its
//! figures can be read against a floor: how fast the same answer can be made from the same
//! SQL with nothing else around it.
//!
//! Each twin is this benchmark's own executable, started again as a separate process with
//! `--twin plain|graphql --database PATH --listen ADDR` (see [`Args::from_command_line`], which
//! `main` checks before anything else). Both open the database read-only with the settings of
//! dealgraph's read pool (`dealgraph::db::configure`: busy timeout, the `rarray` module, the
//! ranking function, the statement-counting trace, `foreign_keys`, `synchronous = NORMAL`, a
//! 256 MiB `mmap_size`, 128 cached statements), as many connections as dealgraph's default pool
//! (`DEALGRAPH_READERS`, else twice the CPUs), each read waiting for a permit on the async side
//! and then running on tokio's blocking pool, as dealgraph's reads do. They run on the same
//! tokio runtime as `#[tokio::main]` builds, behind the same hyper connection loop as
//! `dealgraph::app::Server::run` (HTTP/1, header timeout), with mimalloc as the allocator (set
//! in the benchmark's root). What they leave out is everything else: middleware, limits, cost
//! analysis, localisation, the response cache, loaders.
//!
//! They answer two operations, named in the request's `operationName`, with the statements
//! dealgraph runs for them, their text built from the library's own column lists:
//! - [`COMPANY_BY_SLUG`] (`$slug`): the company by slug, one statement;
//! - [`AGREEMENTS_WITH_PARTIES`] (`$n`): the first page of agreements by slug (the keyset
//!   statement of `db::page::List::page`, which reads one row more than the page), then the
//!   parties of the whole page with their companies (`db::agreements::parties_of`, one `IN
//!   rarray(?1)` join): two statements whatever the page size.
//!
//! - **plain** (`POST /graphql`): the body is parsed with serde as `{query, variables,
//!   operationName}`, the query text skipped over, not parsed: the operation name picks the
//!   statements, and the answer is serialized with serde from structs of the fields that
//!   operation selects.
//! - **graphql** (`POST /graphql`): a minimal async-graphql schema (`company(slug:)`,
//!   `agreements(first:)` with `nodes { slug kind status parties { role company { … } } }`)
//!   whose types use dealgraph's own enums and `PartialDate`; `agreements` reads the page and,
//!   when the query selects them, the page's parties in one blocking call, and stores them in
//!   the nodes before returning (no loader).
//!
//! Both answer `GET /healthz` with 200, and report the statements a request ran in
//! `extensions.sqlStatements`, as dealgraph does with `--expose-statement-counts`.

use std::collections::HashMap;
use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use async_graphql::{Context, EmptyMutation, EmptySubscription, ID, Object, Schema, SimpleObject};
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dealgraph::db::{agreements, companies};
use dealgraph::model::{AgreementKind, AgreementStatus, CompanyKind, PartialDate, PartyRole};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

/// The operation name of the company-by-slug request (variable `$slug`).
pub const COMPANY_BY_SLUG: &str = "CompanyBySlug";
/// The operation name of the page-of-agreements request (variable `$n`, the page size).
pub const AGREEMENTS_WITH_PARTIES: &str = "AgreementsWithParties";

/// The page size when a request gives none, as dealgraph's `DEFAULT_PAGE_SIZE`.
const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page, as dealgraph's `MAX_PAGE_SIZE`.
const MAX_PAGE_SIZE: usize = 100;

/// Which twin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// axum and serde, no GraphQL.
    Plain,
    /// axum and a minimal async-graphql schema.
    Graphql,
}

impl Kind {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Graphql => "graphql",
        }
    }

    /// The twin named `text`.
    fn parse(text: &str) -> Option<Self> {
        match text {
            "plain" => Some(Self::Plain),
            "graphql" => Some(Self::Graphql),
            _ => None,
        }
    }
}

/// What a twin process is started with.
#[derive(Debug)]
pub struct Args {
    kind: Kind,
    database: PathBuf,
    listen: SocketAddr,
}

impl Args {
    /// The twin's arguments when this process was started as one (`--twin` among its
    /// arguments), else `None`. Other arguments (`cargo bench` passes `--bench`) are ignored.
    pub fn from_command_line() -> Option<Self> {
        Self::parse(std::env::args_os().skip(1))
    }

    /// [`Args::from_command_line`] over `args`.
    fn parse(args: impl IntoIterator<Item = OsString>) -> Option<Self> {
        let mut args = args.into_iter();
        let (mut kind, mut database, mut listen) = (None, None, None);
        while let Some(arg) = args.next() {
            let mut value = |name: &str| {
                args.next()
                    .unwrap_or_else(|| panic!("twin: {name} needs a value"))
            };
            match arg.to_str() {
                Some("--twin") => {
                    let text = value("--twin");
                    kind = Some(
                        text.to_str()
                            .and_then(Kind::parse)
                            .unwrap_or_else(|| panic!("twin: --twin {text:?}: plain or graphql")),
                    );
                }
                Some("--database") => database = Some(PathBuf::from(value("--database"))),
                Some("--listen") => {
                    let text = value("--listen");
                    listen = Some(
                        text.to_str()
                            .and_then(|t| t.parse().ok())
                            .unwrap_or_else(|| panic!("twin: --listen {text:?}: an address")),
                    );
                }
                _ => {}
            }
        }
        let kind = kind?;
        Some(Self {
            kind,
            database: database.expect("twin: --database PATH is required"),
            listen: listen.expect("twin: --listen ADDR is required"),
        })
    }
}

/// The command that starts the twin `kind` on `database`, listening on `listen`: this very
/// executable again.
pub fn command(kind: Kind, database: &Path, listen: SocketAddr) -> Command {
    let exe = std::env::current_exe().expect("the path of the benchmark's executable");
    let mut command = Command::new(exe);
    command
        .arg("--twin")
        .arg(kind.name())
        .arg("--database")
        .arg(database)
        .arg("--listen")
        .arg(listen.to_string());
    command
}

/// Runs the twin until the process is killed.
pub fn run(args: &Args) {
    // As `#[tokio::main]` builds it, as dealgraph's `main` does.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("twin: a tokio runtime");
    runtime.block_on(async {
        let pool = Arc::new(Pool::open(&args.database, readers()));
        let router = match args.kind {
            Kind::Plain => Router::new()
                .route("/graphql", post(plain))
                .with_state(pool),
            Kind::Graphql => {
                let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
                    .data(pool)
                    .finish();
                Router::new()
                    .route("/graphql", post(graphql))
                    .with_state(schema)
            }
        }
        .route("/healthz", get(|| async { "ok" }));
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .unwrap_or_else(|e| panic!("twin: listening on {}: {e}", args.listen));
        serve(listener, router).await;
    });
}

/// The read pool's size, as dealgraph's `ServeArgs::readers` decides it.
fn readers() -> usize {
    match std::env::var("DEALGRAPH_READERS") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|_| panic!("twin: DEALGRAPH_READERS {text:?} is not a number")),
        Err(_) => std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
    }
}

/// dealgraph's connection loop (`Server::run`) without its graceful shutdown: HTTP/1 with a
/// header timeout, each connection on a task of its own.
async fn serve(listener: tokio::net::TcpListener, router: Router) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::service::TowerToHyperService;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(10))
        .max_headers(1_024);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(error) => {
                eprintln!("twin: accepting a connection failed: {error}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        tokio::spawn(async move {
            let _ = connection.await;
        });
    }
}

// ---------------------------------------------------------------------------------------------
// The database

/// The text of the company-by-slug statement (`db::companies::by_slug`).
fn company_sql() -> String {
    format!(
        "SELECT {} FROM companies c WHERE c.slug = ?1",
        companies::COLUMNS
    )
}

/// The text of the first page of agreements by slug, ascending (`db::page::List::page` over
/// `db::agreements::list()`); its one parameter is the page size plus one.
fn page_sql() -> String {
    format!(
        "SELECT a.slug AS sort_key, a.id AS row_id, {} FROM agreements a \
         ORDER BY sort_key ASC, row_id ASC LIMIT ?",
        agreements::COLUMNS
    )
}

/// The text of the parties of many agreements with their companies
/// (`db::agreements::parties_of`); its one parameter is an `rarray` of agreement ids.
fn parties_sql() -> String {
    format!(
        "SELECT p.agreement_id AS owner, p.agreement_id, p.company_id, p.role, \
         p.first_from_country, {} \
         FROM parties p JOIN companies c ON c.id = p.company_id \
         WHERE p.agreement_id IN rarray(?1) ORDER BY p.agreement_id, p.position",
        companies::COLUMNS
    )
}

/// Where the columns a twin reads are in each statement's rows, found by name once, so that
/// the statements can select what dealgraph's select (the library's column lists) in any order.
struct Layout {
    company_sql: String,
    page_sql: String,
    parties_sql: String,
    /// In the company-by-slug statement.
    company: CompanyColumns,
    /// In the page statement.
    agreement: AgreementColumns,
    /// In the parties statement: the owner (an agreement id) and the role.
    owner: usize,
    role: usize,
    /// In the parties statement.
    party_company: CompanyColumns,
}

/// The positions of a company's columns in a statement's rows.
#[derive(Clone, Copy)]
struct CompanyColumns {
    slug: usize,
    name: usize,
    kind: usize,
    country: usize,
    founded: usize,
}

/// The positions of an agreement's columns in the page statement's rows.
#[derive(Clone, Copy)]
struct AgreementColumns {
    id: usize,
    slug: usize,
    kind: usize,
    status: usize,
}

impl Layout {
    /// Prepares the statements on `conn` and finds their columns.
    fn find(conn: &Connection) -> Self {
        let (company_sql, page_sql, parties_sql) = (company_sql(), page_sql(), parties_sql());
        let index = |sql: &str, names: &[&str]| -> Vec<usize> {
            let stmt = conn
                .prepare_cached(sql)
                .unwrap_or_else(|e| panic!("twin: preparing {sql}: {e}"));
            names
                .iter()
                .map(|name| {
                    stmt.column_index(name)
                        .unwrap_or_else(|e| panic!("twin: no column {name} in {sql}: {e}"))
                })
                .collect()
        };
        let company_names = ["slug", "name", "kind", "country", "founded"];
        let company = |i: &[usize]| CompanyColumns {
            slug: i[0],
            name: i[1],
            kind: i[2],
            country: i[3],
            founded: i[4],
        };
        let by_slug = index(&company_sql, &company_names);
        let page = index(&page_sql, &["id", "slug", "kind", "status"]);
        let mut party_names = vec!["owner", "role"];
        party_names.extend(company_names);
        let parties = index(&parties_sql, &party_names);
        Self {
            company: company(&by_slug),
            agreement: AgreementColumns {
                id: page[0],
                slug: page[1],
                kind: page[2],
                status: page[3],
            },
            owner: parties[0],
            role: parties[1],
            party_company: company(&parties[2..]),
            company_sql,
            page_sql,
            parties_sql,
        }
    }
}

/// The read connections, one permit each.
struct Pool {
    connections: Mutex<Vec<Connection>>,
    /// Taken on the async side before a read goes to a blocking thread, as dealgraph's reads
    /// do, so that no blocking thread waits for a connection.
    permits: Arc<Semaphore>,
    layout: Layout,
}

impl Pool {
    /// Opens `size` read-only connections to `path`.
    fn open(path: &Path, size: usize) -> Self {
        let size = size.max(1);
        let connections: Vec<Connection> = (0..size)
            .map(|_| {
                let conn = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .unwrap_or_else(|e| panic!("twin: opening {}: {e}", path.display()));
                dealgraph::db::configure(&conn).expect("twin: configuring a connection");
                conn
            })
            .collect();
        let layout = Layout::find(&connections[0]);
        Self {
            connections: Mutex::new(connections),
            permits: Arc::new(Semaphore::new(size)),
            layout,
        }
    }

    /// Runs `read` on a connection on a blocking thread; adds the statements it started to
    /// `statements`.
    async fn read<T, F>(self: &Arc<Self>, statements: &AtomicU64, read: F) -> Result<T, String>
    where
        T: Send + 'static,
        F: FnOnce(&Connection, &Layout) -> rusqlite::Result<T> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_| "the connection permits are closed".to_owned())?;
        let pool = Arc::clone(self);
        let (result, count) = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let conn = pool
                .connections
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop()
                .expect("a free connection for every permit");
            let (result, count) = dealgraph::db::count::counted(|| read(&conn, &pool.layout));
            pool.connections
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(conn);
            (result, count)
        })
        .await
        .map_err(|e| format!("a read panicked: {e}"))?;
        statements.fetch_add(count, Ordering::Relaxed);
        result.map_err(|e| format!("database: {e}"))
    }
}

/// The page size `first` asks for, checked as dealgraph checks it.
fn page_size(first: Option<i32>) -> Result<usize, String> {
    match first {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(n) if n < 0 => Err(format!("first: {n} is negative")),
        Some(n) if n as usize > MAX_PAGE_SIZE => Err(format!(
            "first: {n} is more than the largest page, {MAX_PAGE_SIZE}"
        )),
        Some(n) => Ok(n as usize),
    }
}

/// The global id of the company with `slug`, as dealgraph's `ids::encode_id` makes it.
fn company_id(slug: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("Company:{slug}"))
}

/// Reads the first `n` rows of the page statement with `row`, and the agreement id of each.
fn first_page<T>(
    conn: &Connection,
    layout: &Layout,
    n: usize,
    row: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<i64>, Vec<T>)> {
    let mut stmt = conn.prepare_cached(&layout.page_sql)?;
    // One row more than the page, as dealgraph reads it to know whether a next page exists.
    let limit = i64::try_from(n + 1).unwrap_or(i64::MAX);
    let mut rows = stmt.query([limit])?;
    let (mut ids, mut nodes) = (Vec::with_capacity(n), Vec::with_capacity(n));
    while let Some(r) = rows.next()? {
        if nodes.len() == n {
            break;
        }
        ids.push(r.get(layout.agreement.id)?);
        nodes.push(row(r)?);
    }
    Ok((ids, nodes))
}

/// Runs the parties statement for the agreements `ids` and hands each row, with the position
/// of its agreement in `ids`, to `add`.
fn each_party(
    conn: &Connection,
    layout: &Layout,
    ids: &[i64],
    mut add: impl FnMut(usize, &rusqlite::Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let positions: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let array = Rc::new(
        ids.iter()
            .map(|id| rusqlite::types::Value::Integer(*id))
            .collect::<Vec<_>>(),
    );
    let mut stmt = conn.prepare_cached(&layout.parties_sql)?;
    let mut rows = stmt.query([array])?;
    while let Some(row) = rows.next()? {
        let owner: i64 = row.get(layout.owner)?;
        if let Some(&i) = positions.get(&owner) {
            add(i, row)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// plain: axum and serde

/// A GraphQL-over-HTTP request body, as the plain twin reads it.
#[derive(Deserialize)]
struct PlainRequest {
    /// Not parsed, nor kept: the operation name says what is asked.
    #[serde(rename = "query")]
    _query: serde::de::IgnoredAny,
    #[serde(default)]
    variables: Option<PlainVariables>,
    #[serde(rename = "operationName")]
    operation_name: Option<String>,
}

/// The variables of both operations.
#[derive(Deserialize, Default)]
struct PlainVariables {
    slug: Option<String>,
    n: Option<i32>,
}

/// An answer: `data` and the statement count.
#[derive(Serialize)]
struct PlainResponse<T> {
    data: T,
    extensions: PlainExtensions,
}

/// `extensions` of an answer.
#[derive(Serialize)]
struct PlainExtensions {
    #[serde(rename = "sqlStatements")]
    sql_statements: u64,
}

/// `data` of [`COMPANY_BY_SLUG`].
#[derive(Serialize)]
struct CompanyData {
    company: Option<PlainCompany>,
}

/// `company { id name kind country founded }`.
#[derive(Serialize)]
struct PlainCompany {
    id: String,
    name: String,
    kind: String,
    country: Option<String>,
    founded: Option<String>,
}

/// `data` of [`AGREEMENTS_WITH_PARTIES`].
#[derive(Serialize)]
struct AgreementsData {
    agreements: PlainConnection,
}

/// `agreements { nodes }`.
#[derive(Serialize)]
struct PlainConnection {
    nodes: Vec<PlainAgreement>,
}

/// `{ slug kind status parties }`.
#[derive(Serialize)]
struct PlainAgreement {
    slug: String,
    kind: String,
    status: String,
    parties: Vec<PlainParty>,
}

/// `parties { role company }`.
#[derive(Serialize)]
struct PlainParty {
    role: String,
    company: PlainPartyCompany,
}

/// `company { name country }` of a party.
#[derive(Serialize)]
struct PlainPartyCompany {
    name: String,
    country: Option<String>,
}

/// An answer of `errors` only, with `status`.
fn refusal(status: StatusCode, message: String) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message }] });
    (status, Json(body)).into_response()
}

/// `POST /graphql` of the plain twin: dispatches on the operation name.
async fn plain(State(pool): State<Arc<Pool>>, Json(request): Json<PlainRequest>) -> Response {
    let statements = AtomicU64::new(0);
    let variables = request.variables.unwrap_or_default();
    let answer = |result: Result<Response, String>| {
        result.unwrap_or_else(|e| refusal(StatusCode::INTERNAL_SERVER_ERROR, e))
    };
    match request.operation_name.as_deref() {
        Some(COMPANY_BY_SLUG) => {
            let Some(slug) = variables.slug else {
                return refusal(StatusCode::BAD_REQUEST, "$slug is required".into());
            };
            let company = pool
                .read(&statements, move |conn, layout| {
                    let columns = layout.company;
                    conn.prepare_cached(&layout.company_sql)?
                        .query_row([&slug], |r| {
                            let slug: String = r.get(columns.slug)?;
                            Ok(PlainCompany {
                                id: company_id(&slug),
                                name: r.get(columns.name)?,
                                kind: parsed(r, columns.kind)?,
                                country: r.get(columns.country)?,
                                founded: r.get(columns.founded)?,
                            })
                        })
                        .optional()
                })
                .await;
            answer(company.map(|company| {
                Json(PlainResponse {
                    data: CompanyData { company },
                    extensions: PlainExtensions {
                        sql_statements: statements.load(Ordering::Relaxed),
                    },
                })
                .into_response()
            }))
        }
        Some(AGREEMENTS_WITH_PARTIES) => {
            let n = match page_size(variables.n) {
                Ok(n) => n,
                Err(e) => return refusal(StatusCode::BAD_REQUEST, e),
            };
            let nodes = pool
                .read(&statements, move |conn, layout| {
                    let columns = layout.agreement;
                    let (ids, mut nodes) = first_page(conn, layout, n, |r| {
                        Ok(PlainAgreement {
                            slug: r.get(columns.slug)?,
                            kind: parsed(r, columns.kind)?,
                            status: parsed(r, columns.status)?,
                            parties: Vec::new(),
                        })
                    })?;
                    if !ids.is_empty() {
                        let company = layout.party_company;
                        each_party(conn, layout, &ids, |i, r| {
                            nodes[i].parties.push(PlainParty {
                                role: parsed(r, layout.role)?,
                                company: PlainPartyCompany {
                                    name: r.get(company.name)?,
                                    country: r.get(company.country)?,
                                },
                            });
                            Ok(())
                        })?;
                    }
                    Ok(nodes)
                })
                .await;
            answer(nodes.map(|nodes| {
                Json(PlainResponse {
                    data: AgreementsData {
                        agreements: PlainConnection { nodes },
                    },
                    extensions: PlainExtensions {
                        sql_statements: statements.load(Ordering::Relaxed),
                    },
                })
                .into_response()
            }))
        }
        other => refusal(
            StatusCode::BAD_REQUEST,
            format!(
                "the plain twin answers only the operations {COMPANY_BY_SLUG} and \
                 {AGREEMENTS_WITH_PARTIES}, not {other:?}"
            ),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// graphql: axum and a minimal async-graphql schema

/// The graphql twin's schema.
type TwinSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// The statements of the request being executed, in its data.
struct Statements(Arc<AtomicU64>);

/// `POST /graphql` of the graphql twin: executes the request, adds its statement count.
async fn graphql(State(schema): State<TwinSchema>, request: GraphQLRequest) -> GraphQLResponse {
    let statements = Arc::new(AtomicU64::new(0));
    let request = request
        .into_inner()
        .data(Statements(Arc::clone(&statements)));
    let mut response = schema.execute(request).await;
    response.extensions.insert(
        "sqlStatements".to_owned(),
        async_graphql::Value::from(statements.load(Ordering::Relaxed)),
    );
    response.into()
}

/// The twin's `Query`.
struct Query;

/// A company, with the fields the twin scenarios select.
#[derive(Clone)]
struct Company {
    slug: String,
    name: String,
    kind: CompanyKind,
    country: Option<String>,
    founded: Option<PartialDate>,
}

impl Company {
    /// Reads a company from the `columns` of `row`.
    fn read(row: &rusqlite::Row<'_>, columns: CompanyColumns) -> rusqlite::Result<Self> {
        Ok(Self {
            slug: row.get(columns.slug)?,
            name: row.get(columns.name)?,
            kind: parsed(row, columns.kind)?,
            country: row.get(columns.country)?,
            founded: row
                .get::<_, Option<String>>(columns.founded)?
                .map(|text| text.parse())
                .transpose()
                .map_err(|_| {
                    rusqlite::Error::FromSqlConversionFailure(
                        columns.founded,
                        rusqlite::types::Type::Text,
                        "an invalid date".into(),
                    )
                })?,
        })
    }
}

#[Object]
impl Company {
    async fn id(&self) -> ID {
        ID(company_id(&self.slug))
    }

    async fn name(&self) -> &str {
        &self.name
    }

    async fn kind(&self) -> CompanyKind {
        self.kind
    }

    async fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }

    async fn founded(&self) -> Option<PartialDate> {
        self.founded
    }
}

/// A page of agreements.
#[derive(SimpleObject)]
struct AgreementConnection {
    nodes: Vec<Agreement>,
}

/// An agreement with its parties, read before it is returned.
#[derive(SimpleObject)]
struct Agreement {
    slug: String,
    kind: AgreementKind,
    status: AgreementStatus,
    parties: Vec<Party>,
}

/// A company's part in an agreement.
#[derive(SimpleObject)]
struct Party {
    role: PartyRole,
    company: Option<Company>,
}

#[Object]
impl Query {
    async fn company(
        &self,
        ctx: &Context<'_>,
        slug: String,
    ) -> async_graphql::Result<Option<Company>> {
        let (pool, statements) = request_data(ctx);
        Ok(pool
            .read(statements, move |conn, layout| {
                conn.prepare_cached(&layout.company_sql)?
                    .query_row([&slug], |r| Company::read(r, layout.company))
                    .optional()
            })
            .await?)
    }

    async fn agreements(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
    ) -> async_graphql::Result<AgreementConnection> {
        let n = page_size(first)?;
        let with_parties = ctx.look_ahead().field("nodes").field("parties").exists();
        let (pool, statements) = request_data(ctx);
        let nodes = pool
            .read(statements, move |conn, layout| {
                let columns = layout.agreement;
                let (ids, mut nodes) = first_page(conn, layout, n, |r| {
                    Ok(Agreement {
                        slug: r.get(columns.slug)?,
                        kind: parsed(r, columns.kind)?,
                        status: parsed(r, columns.status)?,
                        parties: Vec::new(),
                    })
                })?;
                if with_parties && !ids.is_empty() {
                    each_party(conn, layout, &ids, |i, r| {
                        nodes[i].parties.push(Party {
                            role: parsed(r, layout.role)?,
                            company: Some(Company::read(r, layout.party_company)?),
                        });
                        Ok(())
                    })?;
                }
                Ok(nodes)
            })
            .await?;
        Ok(AgreementConnection { nodes })
    }
}

/// The pool (the schema's data) and the request's statement counter.
fn request_data<'a>(ctx: &Context<'a>) -> (&'a Arc<Pool>, &'a AtomicU64) {
    (
        ctx.data_unchecked::<Arc<Pool>>(),
        &ctx.data_unchecked::<Statements>().0,
    )
}

/// The vocabulary value in the column `index` of `row`, read as its text and parsed, as the
/// server's own reading does.
fn parsed<T: std::str::FromStr>(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("an unknown value {text:?}").into(),
        )
    })
}
