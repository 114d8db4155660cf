//! A throwaway PostgreSQL server for the tests: made once per test run with `initdb` under a
//! temporary folder, on a free loopback port, as the `postgres` user when the tests run as root
//! (initdb refuses root), and stopped when the test process ends (a watcher stops it once the
//! process is gone). Each test gets a database of its own. Nothing is assumed to be running: a
//! test that needs PostgreSQL and cannot start it fails.
//!
//! The server's programs are found in `DEALGRAPH_TEST_POSTGRES_BIN`, else in the newest
//! `/usr/lib/postgresql/*/bin` (Debian's `postgresql-15`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dealgraph::db::Location;

/// How long the server may take to start.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// The server of this test run.
pub struct Server {
    port: u16,
    /// Kept so that the folder outlives the run (it is removed by the watcher).
    _dir: PathBuf,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static DATABASES: AtomicUsize = AtomicUsize::new(0);

/// The server of this test run, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(start)
}

impl Server {
    /// The URL of the database `name` on this server.
    pub fn url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// A new, empty database of its own.
    pub fn new_database(&self) -> Location {
        self.create("")
    }

    /// A new database holding what the template holds (see [`Server::template`]): made with
    /// `CREATE DATABASE … TEMPLATE`, a copy of its files, so a test starts on what a first
    /// start makes without migrating, seeding and indexing again.
    pub fn copy_of_template(&self) -> Location {
        let template = self.template();
        self.create(&format!("TEMPLATE {template}"))
    }

    /// Creates a database of its own with `options`, and names it.
    fn create(&self, options: &str) -> Location {
        let name = format!(
            "test_{}_{}",
            std::process::id(),
            DATABASES.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
            .expect("the test PostgreSQL server takes connections");
        // A template still held by a connection closing a moment ago is refused for a while.
        let started = Instant::now();
        while let Err(e) = admin.batch_execute(&format!("CREATE DATABASE {name} {options}")) {
            assert!(
                started.elapsed() < START_TIMEOUT,
                "a test database is created: {e}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.url(&name).parse().expect("a PostgreSQL URL")
    }

    /// The template database of this run: migrated, seeded and its search index built, once,
    /// by the server's own code.
    fn template(&self) -> &'static str {
        static TEMPLATE: OnceLock<()> = OnceLock::new();
        const NAME: &str = "dealgraph_template";
        TEMPLATE.get_or_init(|| {
            let url = self.url(NAME);
            let mut admin = postgres::Client::connect(&self.url("postgres"), postgres::NoTls)
                .expect("the test PostgreSQL server takes connections");
            admin
                .batch_execute(&format!("CREATE DATABASE {NAME}"))
                .expect("the template database is created");
            // On a thread of its own, outside any runtime: the driver blocks on a runtime of
            // its own, which a test's runtime may not do; and the database is closed before the
            // template is copied, so that no connection is left open on it.
            std::thread::spawn(move || {
                let location: Location = url.parse().expect("a PostgreSQL URL");
                let (db, _) = dealgraph::db::Db::open(location, 1)
                    .expect("the template database opens and is seeded");
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime");
                let l10n = std::sync::Arc::new(
                    dealgraph::l10n::Localizer::new().expect("the translations load"),
                );
                runtime
                    .block_on(dealgraph::search::ensure_current(&db, l10n))
                    .expect("the template's search index is built");
                drop(runtime);
                drop(db);
            })
            .join()
            .expect("building the template database does not panic");
        });
        NAME
    }
}

/// The folder of PostgreSQL's programs.
fn bin_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("DEALGRAPH_TEST_POSTGRES_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path().join("bin"))
                .filter(|bin| bin.join("initdb").exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort_by_key(|p| {
        p.parent()
            .and_then(Path::file_name)
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().expect(
        "PostgreSQL's programs are installed (Debian: apt-get install postgresql-15; or set \
         DEALGRAPH_TEST_POSTGRES_BIN)",
    )
}

/// Whether this process runs as root, which initdb refuses.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs `script` with `sh`, as the `postgres` user when this process is root.
fn run_as_server_user(script: &str) -> std::process::Child {
    let mut command = if is_root() {
        let mut c = Command::new("su");
        c.args(["postgres", "-s", "/bin/sh", "-c", script]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", script]);
        c
    };
    // Not the test's own output: a server left holding it would keep a reader of the test's
    // output waiting after the tests end.
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("a shell starts")
}

fn start() -> Server {
    let bin = bin_dir();
    let dir = std::env::temp_dir().join(format!("dealgraph-test-postgres-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder for the test server");
    if is_root() {
        let status = Command::new("chown")
            .args(["postgres:postgres", &dir.display().to_string()])
            .status()
            .expect("chown runs");
        assert!(
            status.success(),
            "the test server's folder is given to postgres"
        );
    }
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let (bin, data, log) = (
        bin.display().to_string(),
        dir.join("data").display().to_string(),
        dir.join("log").display().to_string(),
    );
    let dir_text = dir.display().to_string();
    let initdb = run_as_server_user(&format!(
        "{bin}/initdb -D {data} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >{log} 2>&1"
    ))
    .wait()
    .expect("initdb runs");
    assert!(
        initdb.success(),
        "initdb failed: {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );
    // The server runs until this process is gone, then stops and its folder is removed.
    // Durability is of no use to a throwaway server: fsync off makes its writes quick.
    let parent = std::process::id();
    // The watcher outlives this process by design: it is what stops the server.
    #[allow(clippy::zombie_processes)]
    let _watcher = run_as_server_user(&format!(
        "{bin}/postgres -D {data} -p {port} -c listen_addresses=127.0.0.1 \
         -c unix_socket_directories={dir_text} -c fsync=off -c synchronous_commit=off \
         -c full_page_writes=off -c max_connections=300 >>{log} 2>&1 & pid=$!; \
         while [ -d /proc/{parent} ] && kill -0 $pid 2>/dev/null; do sleep 1; done; \
         kill -INT $pid 2>/dev/null; wait $pid; rm -rf {dir_text}"
    ));
    let started = Instant::now();
    let url = format!("postgres://postgres@127.0.0.1:{port}/postgres");
    while postgres::Client::connect(&url, postgres::NoTls).is_err() {
        assert!(
            started.elapsed() < START_TIMEOUT,
            "the test PostgreSQL server did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Server { port, _dir: dir }
}
