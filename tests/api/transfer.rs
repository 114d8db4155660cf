//! `dealgraph import` and `dealgraph export`, run as the real commands, and a restart of the
//! real server: export → import into an empty database reproduces it, importing twice changes
//! nothing, an invalid file is reported record by record and writes nothing, and writes
//! outlive the server.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Output;

use serde_json::json;

use crate::helpers::{ServerProcess, spawn_app, spawn_app_at};
use crate::writes::{as_token, new_token};

/// Runs `dealgraph ARGS… --database DB` (a SQLite file or a PostgreSQL URL).
fn run(db: impl AsRef<OsStr>, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
        .args(args)
        .arg("--database")
        .arg(db)
        .output()
        .expect("the command runs")
}

fn succeeded(output: &Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The files of an export, by name, with their text.
/// Imports the record files in `dir` into the database at `db` (created if missing) with the
/// real `dealgraph import` command.
pub(crate) fn imported(db: impl AsRef<OsStr>, dir: &Path) -> String {
    succeeded(&run(db, &["import", dir.to_str().expect("a UTF-8 path")]))
}

pub(crate) fn exported(db: impl AsRef<OsStr>, dir: &Path) -> Vec<(String, String)> {
    succeeded(&run(db, &["export", dir.to_str().expect("a UTF-8 path")]));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable");
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            )
        })
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn export_then_import_into_an_empty_database_reproduces_it() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    // Something beyond the seed, with characters TOML must escape.
    as_token(
        &app,
        Some(&token),
        "mutation { createCompany(input: { name: \"Straße \\\"Quote\\\" AG\", kind: MEDIA_GROUP,
            country: \"AT\", markets: [\"AT\", \"CH\"] }) { company { id } } }",
        json!({}),
    )
    .await;
    let dir = tempfile::tempdir().expect("a folder");
    let first = exported(&app.database, &dir.path().join("first"));
    assert_eq!(first.len(), 5, "{first:?}");
    assert!(first.iter().any(|(_, t)| t.contains("Straße")));

    let empty = dir.path().join("copy.sqlite");
    let report = succeeded(&run(
        &empty,
        &["import", dir.path().join("first").to_str().expect("UTF-8")],
    ));
    assert!(report.contains("unchanged, 0 deleted"), "{report}");
    let second = exported(&empty, &dir.path().join("second"));
    assert_eq!(first, second, "export → import → export changes the files");

    // Importing the same files again changes nothing.
    let again = succeeded(&run(
        &empty,
        &["import", dir.path().join("first").to_str().expect("UTF-8")],
    ));
    assert!(
        again.starts_with("imported: 0 created, 0 updated"),
        "{again}"
    );

    // The copy serves the same data, and was not seeded on top of the import.
    let copy = spawn_app_at(&empty).await;
    let totals = "{ companies { totalCount } people { totalCount } agreements { totalCount } }";
    assert_eq!(
        copy.data(totals, json!({})).await,
        app.data(totals, json!({})).await
    );
    let changes = copy
        .data(
            "{ changes(last: 1) { nodes { actor operation } } }",
            json!({}),
        )
        .await;
    assert_eq!(changes["changes"]["nodes"][0]["actor"], "import");
    copy.stop().await;
}

#[tokio::test]
async fn an_invalid_file_is_reported_by_record_and_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("db.sqlite");
    let file = dir.path().join("news.toml");
    std::fs::write(
        &file,
        r#"[[company]]
slug = "fine-media"
name = "Fine Media"
kind = "MEDIA_GROUP"

[[company]]
slug = "bad-country"
name = "Bad Country"
kind = "MEDIA_GROUP"
country = "XX"

[[agreement]]
slug = "lonely"
kind = "STRATEGIC_PARTNERSHIP"
status = "SIGNED"
parties = [{ company = "fine-media", role = "PARTNER" }]

[[person]]
slug = "someone"
name = "Someone"
role = [{ company = "nowhere", title = "CEO" }]

[[company]]
slug = "odd"
name = "Odd"
kind = "SPACESHIP"
"#,
    )
    .expect("written");
    let app = spawn_app_at(&db).await;
    let totals = "{ companies { totalCount } people { totalCount } agreements { totalCount }
        changes { totalCount } }";
    let before = app.data(totals, json!({})).await;
    app.stop().await;

    let output = run(&db, &["import", file.to_str().expect("UTF-8")]);
    assert!(!output.status.success(), "an invalid import succeeded");
    let errors = String::from_utf8_lossy(&output.stderr);
    let name = file.display().to_string();
    for expected in [
        format!("{name}:6: company \"bad-country\": country: "),
        format!("{name}:12: agreement \"lonely\": parties: "),
        format!("{name}:18: person \"someone\": company: "),
        format!("{name}:23: company: unknown variant `SPACESHIP`"),
    ] {
        assert!(
            errors.contains(&expected),
            "{expected} missing from:\n{errors}"
        );
    }

    let app = spawn_app_at(&db).await;
    assert_eq!(
        app.data(totals, json!({})).await,
        before,
        "a refused import wrote something"
    );
    app.stop().await;
}

#[tokio::test]
async fn writes_and_their_history_outlive_a_restart() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("db.sqlite");
    let app = spawn_app_at(&db).await;
    let token = new_token(&app, "desk");
    let body = as_token(
        &app,
        Some(&token),
        "mutation { createCompany(input: { name: \"Bleibende Medien\", kind: MEDIA_GROUP }) {
            company { id } } }",
        json!({}),
    )
    .await;
    let id = body["data"]["createCompany"]["company"]["id"].clone();
    as_token(
        &app,
        Some(&token),
        "mutation($id: ID!) { updateCompany(input: { id: $id, headquarters: \"Köln\" }) {
            company { version } } }",
        json!({ "id": id }),
    )
    .await;
    app.stop().await;

    let app = spawn_app_at(&db).await;
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Company { name headquarters version
                history { nodes { operation actor } } } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        data["node"],
        json!({ "name": "Bleibende Medien", "headquarters": "Köln", "version": 2,
            "history": { "nodes": [
                { "operation": "CREATE", "actor": "desk" },
                { "operation": "UPDATE", "actor": "desk" } ] } })
    );
    // The key still works after the restart.
    let body = as_token(
        &app,
        Some(&token),
        "mutation($id: ID!) { deleteCompany(input: { id: $id, version: 2 }) { deletedId } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(body["data"]["deleteCompany"]["deletedId"], id, "{body}");
    app.stop().await;
}

#[tokio::test]
async fn a_backup_taken_under_write_load_holds_every_write_acknowledged_before_it() {
    let app = crate::helpers::spawn_sqlite_app().await;
    let token = new_token(&app, "desk");
    let writing = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let writer = {
        let (url, token) = (app.url("/graphql"), token.clone());
        let (writing, acknowledged) = (writing.clone(), acknowledged.clone());
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut n = 0;
            while writing.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let body: serde_json::Value = client
                    .post(&url)
                    .header("authorization", format!("Bearer {token}"))
                    .json(
                        &json!({ "query": "mutation($n: String!) { createPerson(input:
                        { name: $n }) { person { slug } } }",
                        "variables": { "n": format!("Backup Person {n}") } }),
                    )
                    .send()
                    .await
                    .expect("sent")
                    .json()
                    .await
                    .expect("JSON");
                if let Some(slug) = body["data"]["createPerson"]["person"]["slug"].as_str() {
                    acknowledged.lock().expect("lock").push(slug.to_owned());
                }
            }
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before: Vec<String> = acknowledged.lock().expect("lock").clone();
    assert!(!before.is_empty(), "no write landed before the backup");
    let dir = tempfile::tempdir().expect("a folder");
    let target = dir.path().join("backup.sqlite");
    let (db, to) = (app.db_path.clone(), target.clone());
    let output =
        tokio::task::spawn_blocking(move || run(&db, &["backup", to.to_str().expect("UTF-8")]))
            .await
            .expect("joined");
    succeeded(&output);
    writing.store(false, std::sync::atomic::Ordering::Relaxed);
    writer.await.expect("the writer ends");

    // Restore: serve the backup file.
    let restored = spawn_app_at(&target).await;
    for slug in &before {
        let data = restored
            .data(
                "query($s: String!) { person(slug: $s) { slug } }",
                json!({ "s": slug }),
            )
            .await;
        assert_eq!(data["person"]["slug"], slug.as_str(), "{slug} is missing");
    }
    restored.stop().await;
    // A backup never overwrites a file.
    let again = run(&app.db_path, &["backup", target.to_str().expect("UTF-8")]);
    assert!(!again.status.success());
}

#[tokio::test]
async fn json_logs_name_each_request_by_the_id_its_response_carries() {
    let dir = tempfile::tempdir().expect("a folder");
    let server = ServerProcess::start(
        &dir.path().join("db.sqlite"),
        &[],
        &[("RUST_LOG", "info,tower_http=debug")],
    );
    let response = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("x-request-id", "probe-4711")
        .json(&json!({ "query": "{ locales }" }))
        .send()
        .await
        .expect("sent");
    assert_eq!(response.headers()["x-request-id"], "probe-4711");
    let found = loop {
        let line = server.next_json();
        if line["span"]["id"] == "probe-4711" {
            break line;
        }
    };
    assert_eq!(found["span"]["path"], "/graphql", "{found}");
}

#[tokio::test]
async fn a_kill_during_writes_loses_no_acknowledged_write_and_leaves_the_file_intact() {
    let dir = tempfile::tempdir().expect("a folder");
    let db = dir.path().join("db.sqlite");
    // A key, made before the server starts.
    let token = crate::writes::token_command(&db, &["create", "desk"])
        .trim()
        .to_owned();
    let mut server = ServerProcess::start(&db, &[], &[]);
    let url = server.url("/graphql");
    // Writes from four clients; each acknowledged slug is kept.
    let acknowledged = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let mut writers = Vec::new();
    for w in 0..4 {
        let (url, token, acknowledged) = (url.clone(), token.clone(), acknowledged.clone());
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for n in 0.. {
                let sent = client
                    .post(&url)
                    .header("authorization", format!("Bearer {token}"))
                    .json(
                        &json!({ "query": "mutation($n: String!) { createPerson(input:
                        { name: $n }) { person { slug } } }",
                        "variables": { "n": format!("Crash Person {w} {n}") } }),
                    )
                    .send()
                    .await;
                let Ok(response) = sent else { break };
                let Ok(body) = response.json::<serde_json::Value>().await else {
                    break;
                };
                if let Some(slug) = body["data"]["createPerson"]["person"]["slug"].as_str() {
                    acknowledged.lock().expect("lock").push(slug.to_owned());
                }
            }
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    server.child.kill().expect("killed"); // SIGKILL: no shutdown, no checkpoint.
    let _ = server.child.wait();
    for writer in writers {
        let _ = writer.await;
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(!acknowledged.is_empty(), "no write landed before the kill");

    let conn = rusqlite::Connection::open(&db).expect("the file opens");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("checked");
    assert_eq!(check, "ok");
    drop(conn);
    let app = spawn_app_at(&db).await;
    for slug in &acknowledged {
        let data = app
            .data(
                "query($s: String!) { person(slug: $s) { slug } }",
                json!({ "s": slug }),
            )
            .await;
        assert_eq!(data["person"]["slug"], slug.as_str(), "{slug} was lost");
    }
    app.stop().await;
}

/// `dealgraph generate` fills a new database through the server's migrations, the same seed
/// giving the same data, every record of which the import accepts under the data rules; it
/// refuses a database that holds data; and a server started on the result serves it and
/// indexes it for search (the index is built on first start).
#[tokio::test]
async fn generate_fills_a_new_database_deterministically_and_a_server_serves_it() {
    let dir = tempfile::tempdir().expect("a folder");
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    let args = [
        "generate",
        "--companies",
        "60",
        "--agreements",
        "300",
        "--seed",
        "7",
    ];
    let said = succeeded(&run(&a, &args));
    assert!(
        said.contains("generated 60 companies and 300 agreements"),
        "{said}"
    );
    succeeded(&run(&b, &args));
    assert_eq!(
        exported(&a, &dir.path().join("export-a")),
        exported(&b, &dir.path().join("export-b")),
        "the same seed gives the same data"
    );
    let again = run(&a, &args);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("holds data"));
    // Every generated record keeps the data rules: the import checks each one as a mutation
    // would, and refuses the whole file for one that breaks them.
    let imported = succeeded(&run(
        dir.path().join("c.sqlite"),
        &[
            "import",
            dir.path().join("export-a").to_str().expect("UTF-8"),
        ],
    ));
    assert!(imported.contains("created"), "{imported}");

    let app = spawn_app_at(&a).await;
    let data = app
        .data(
            "{ companies { totalCount } agreements { totalCount }
               company(slug: \"alibaba-group\") { name }
               search(query: \"Medien\", first: 5) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["companies"]["totalCount"], 60, "{data}");
    assert_eq!(data["agreements"]["totalCount"], 300, "{data}");
    assert_eq!(
        data["company"],
        serde_json::Value::Null,
        "no seed data: {data}"
    );
    assert!(
        data["search"]["totalCount"].as_u64().unwrap_or(0) > 0,
        "{data}"
    );
}
