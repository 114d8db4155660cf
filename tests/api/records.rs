//! Mutations of agreements, sources, quotes, events, rivalries and roles through the real
//! server: what they store, what they refuse (naming the field), versions, history, and that
//! summaries and search reflect them at once.

use serde_json::{Value, json};

use crate::helpers::{TestApp, global_id, spawn_app};
use crate::writes::{as_token, code, new_token};

/// Sends a mutation as `token` and returns its data, failing on any error.
async fn ok(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = as_token(app, Some(token), query, variables).await;
    assert!(body.get("errors").is_none(), "{query}: {body}");
    body["data"].clone()
}

const CREATE_AGREEMENT: &str = "mutation($input: CreateAgreementInput!) {
    createAgreement(input: $input) { agreement { id slug version kind
      parties { company { slug } role } scopes markets partOf { slug }
      title(locale: \"en\") summary(locale: \"de\") } } }";

const UPDATE_AGREEMENT: &str = "mutation($input: UpdateAgreementInput!) {
    updateAgreement(input: $input) { agreement { id slug version status
      parties { company { slug } } scopes initialFocus summary(locale: \"en\") } } }";

fn company(slug: &str) -> String {
    global_id("Company", slug)
}

#[tokio::test]
async fn an_agreement_is_created_changed_and_deleted_with_its_history() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let created = ok(
        &app,
        &token,
        CREATE_AGREEMENT,
        json!({ "input": {
            "kind": "STRATEGIC_PARTNERSHIP", "status": "ANNOUNCED", "announced": "2024-03",
            "parties": [{ "company": company("alibaba-group") },
                        { "company": company("wige-media") }],
            "scopes": ["MOTORSPORT", "MEDIA_MARKETING"], "markets": ["DE", "FR"],
            "partOf": global_id("Agreement",
                "tourism-authority-of-thailand-chinese-companies-programme") } }),
    )
    .await;
    let agreement = &created["createAgreement"]["agreement"];
    assert_eq!(
        agreement["slug"], "alibaba-group-wige-media-partnership",
        "the slug comes from the parties and the kind"
    );
    assert_eq!(agreement["version"], 1);
    assert_eq!(agreement["markets"], json!(["DE", "FR"]));
    assert_eq!(
        agreement["partOf"]["slug"],
        "tourism-authority-of-thailand-chinese-companies-programme"
    );
    let summary = agreement["summary"].as_str().unwrap_or_default();
    assert!(
        summary.contains("Alibaba Group") && summary.contains("Wige"),
        "{summary}"
    );
    assert!(
        summary.contains("Frankreich"),
        "new markets are named: {summary}"
    );
    let id = agreement["id"].clone();

    let updated = ok(
        &app,
        &token,
        UPDATE_AGREEMENT,
        json!({ "input": { "id": id, "version": 1, "status": "SIGNED",
            "scopes": ["MOTORSPORT"], "initialFocus": ["MOTORSPORT"] } }),
    )
    .await;
    let agreement = &updated["updateAgreement"]["agreement"];
    assert_eq!(agreement["version"], 2);
    assert_eq!(agreement["status"], "SIGNED");
    assert_eq!(agreement["initialFocus"], json!(["MOTORSPORT"]));
    assert_eq!(agreement["parties"].as_array().map(Vec::len), Some(2));

    let stale = as_token(
        &app,
        Some(&token),
        UPDATE_AGREEMENT,
        json!({ "input": { "id": id, "version": 1, "status": "ACTIVE" } }),
    )
    .await;
    assert_eq!(code(&stale), ("CONFLICT", "version"), "{stale}");

    let history = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Agreement { history { nodes {
                operation actor before after } } } } }",
            json!({ "id": id }),
        )
        .await;
    let nodes = &history["node"]["history"]["nodes"];
    assert_eq!(nodes[0]["operation"], "CREATE");
    assert_eq!(nodes[1]["operation"], "UPDATE");
    assert_eq!(nodes[1]["actor"], "desk");
    assert_eq!(nodes[1]["before"]["status"], "ANNOUNCED");
    assert_eq!(nodes[1]["after"]["status"], "SIGNED");
    assert_eq!(nodes[1]["after"]["scopes"], json!(["MOTORSPORT"]));

    let deleted = ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteAgreement(input: { id: $id, version: 2 }) { deletedId } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(deleted["deleteAgreement"]["deletedId"], id);
    let gone = app
        .data(
            "query($id: ID!) { node(id: $id) { id }
              changes(filter: { entityId: $id }, last: 1) { nodes { operation before } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(gone["node"].is_null());
    let last = &gone["changes"]["nodes"][0];
    assert_eq!(last["operation"], "DELETE");
    assert_eq!(
        last["before"]["slug"], "alibaba-group-wige-media-partnership",
        "the last state stays readable"
    );
}

#[tokio::test]
async fn invalid_agreements_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let two = json!([{ "company": company("alibaba-group") },
                     { "company": company("wige-media") }]);
    let programme = global_id(
        "Agreement",
        "tourism-authority-of-thailand-chinese-companies-programme",
    );
    let cases = [
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED",
                "parties": [{ "company": company("alibaba-group") }] }),
            ("BAD_USER_INPUT", "parties"),
        ),
        (
            json!({ "kind": "PROGRAMME", "status": "SIGNED",
                "parties": [{ "company": company("alibaba-group") }] }),
            ("BAD_USER_INPUT", "parties"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "markets": ["XX"] }),
            ("BAD_USER_INPUT", "markets"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "reportedPartnerCountry": "UK" }),
            ("BAD_USER_INPUT", "reportedPartnerCountry"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "signed": "2023-02-30" }),
            ("BAD_USER_INPUT", "signed"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED",
                "parties": [{ "company": company("alibaba-group") },
                            { "company": company("no-such-company") }] }),
            ("BAD_USER_INPUT", "parties"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "scopes": ["TOURISM"], "initialFocus": ["MOTORSPORT"] }),
            ("BAD_USER_INPUT", "initialFocus"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "reportedPartnerCount": -1 }),
            ("BAD_USER_INPUT", "reportedPartnerCount"),
        ),
        (
            json!({ "kind": "STRATEGIC_PARTNERSHIP", "status": "SIGNED", "parties": two,
                "slug": "wige-media-alibaba-sports-group-cooperation" }),
            ("CONFLICT", "slug"),
        ),
    ];
    for (input, expected) in cases {
        let body = as_token(
            &app,
            Some(&token),
            CREATE_AGREEMENT,
            json!({ "input": input }),
        )
        .await;
        assert_eq!(code(&body), expected, "{input}: {body}");
    }
    // A programme may have its organiser alone.
    ok(
        &app,
        &token,
        CREATE_AGREEMENT,
        json!({ "input": { "kind": "PROGRAMME", "status": "ACTIVE",
            "parties": [{ "company": company("alibaba-group"), "role": "ORGANISER" }] } }),
    )
    .await;
    // A programme cannot become part of one of its own parts.
    let cycle = as_token(
        &app,
        Some(&token),
        UPDATE_AGREEMENT,
        json!({ "input": { "id": programme, "partOf": global_id("Agreement",
            "alibaba-pictures-tb-media-global-partnership") } }),
    )
    .await;
    assert_eq!(code(&cycle), ("BAD_USER_INPUT", "partOf"), "{cycle}");
}

#[tokio::test]
async fn sources_and_quotes_are_written_and_a_cited_source_is_kept() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    for (input, expected) in [
        (
            json!({ "title": "T", "language": "German" }),
            ("BAD_USER_INPUT", "language"),
        ),
        (
            json!({ "title": "T", "language": "en-gb" }),
            ("BAD_USER_INPUT", "language"),
        ),
        (
            json!({ "title": "T", "language": "de", "url": "ftp://x" }),
            ("BAD_USER_INPUT", "url"),
        ),
        (
            json!({ "title": "T", "language": "de", "url": "https://exa mple.org" }),
            ("BAD_USER_INPUT", "url"),
        ),
        (
            json!({ "title": " ", "language": "de", "slug": "t" }),
            ("BAD_USER_INPUT", "title"),
        ),
    ] {
        let body = as_token(
            &app,
            Some(&token),
            "mutation($input: CreateSourceInput!) { createSource(input: $input) { source { id } } }",
            json!({ "input": input }),
        )
        .await;
        assert_eq!(code(&body), expected, "{input}: {body}");
    }
    let source = ok(
        &app,
        &token,
        "mutation { createSource(input: { title: \"Neue Rechte für Wige\", language: \"de\",
            publishedOn: \"2024-01-15\", url: \"https://example.org/wige\" }) {
            source { id slug version publishedOn } } }",
        json!({}),
    )
    .await;
    let source = &source["createSource"]["source"];
    assert_eq!(source["slug"], "neue-rechte-fuer-wige");
    let source_id = source["id"].clone();

    let quote = ok(
        &app,
        &token,
        "mutation($s: ID!, $p: ID!) { createQuote(input: { text: \"Wir wachsen.\",
            language: \"de\", speaker: $p, source: $s }) { quote { id version text
            speaker { slug } source { slug } } } }",
        json!({ "s": source_id, "p": global_id("Person", "zhang-dazhong") }),
    )
    .await;
    let quote = &quote["createQuote"]["quote"];
    assert_eq!(quote["speaker"]["slug"], "zhang-dazhong");
    assert_eq!(quote["source"]["slug"], "neue-rechte-fuer-wige");
    let quote_id = quote["id"].clone();

    let refused = as_token(
        &app,
        Some(&token),
        "mutation($id: ID!) { deleteSource(input: { id: $id }) { deletedId } }",
        json!({ "id": source_id }),
    )
    .await;
    assert_eq!(code(&refused), ("CONFLICT", "id"), "{refused}");

    let changed = ok(
        &app,
        &token,
        "mutation($id: ID!) { updateQuote(input: { id: $id, version: 1, speaker: null,
            companies: [\"Q29tcGFueTp3aWdlLW1lZGlh\"] }) { quote { version speaker { slug }
            companies { slug } } } }",
        json!({ "id": quote_id }),
    )
    .await;
    let quote = &changed["updateQuote"]["quote"];
    assert_eq!(quote["version"], 2);
    assert!(quote["speaker"].is_null());
    assert_eq!(quote["companies"][0]["slug"], "wige-media");

    ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteQuote(input: { id: $id }) { deletedId } }",
        json!({ "id": quote_id }),
    )
    .await;
    ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteSource(input: { id: $id, version: 1 }) { deletedId } }",
        json!({ "id": source_id }),
    )
    .await;
    let kinds = app
        .data(
            "{ changes(last: 5) { nodes { entity operation } } }",
            json!({}),
        )
        .await;
    let kinds: Vec<(String, String)> = kinds["changes"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|n| {
            (
                n["entity"].as_str().unwrap_or("").to_owned(),
                n["operation"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("SOURCE", "CREATE"),
            ("QUOTE", "CREATE"),
            ("QUOTE", "UPDATE"),
            ("QUOTE", "DELETE"),
            ("SOURCE", "DELETE"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
}

#[tokio::test]
async fn events_rivalries_and_roles_are_written_and_summaries_follow() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let wige = company("wige-media");

    let event = ok(
        &app,
        &token,
        "mutation($c: ID!) { createEvent(input: { company: $c, kind: IPO, date: \"2021\" }) {
            event { id version kind date } } }",
        json!({ "c": wige }),
    )
    .await;
    let event_id = event["createEvent"]["event"]["id"].clone();
    let summary = app
        .data(
            "{ company(slug: \"wige-media\") { events { kind } summary(locale: \"en\") } }",
            json!({}),
        )
        .await;
    assert_eq!(summary["company"]["events"][0]["kind"], "IPO", "{summary}");
    let changed = ok(
        &app,
        &token,
        "mutation($id: ID!) { updateEvent(input: { id: $id, version: 1, date: \"2021-06\" }) {
            event { version date } } }",
        json!({ "id": event_id }),
    )
    .await;
    assert_eq!(
        changed["updateEvent"]["event"],
        json!({ "version": 2, "date": "2021-06" })
    );
    ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteEvent(input: { id: $id }) { deletedId } }",
        json!({ "id": event_id }),
    )
    .await;

    const RIVALRY: &str = "mutation($a: ID!, $b: ID!) { createRivalry(input: { company: $a,
        rival: $b }) { rivalryId company { competitors { slug } } } }";
    let vars = json!({ "a": wige, "b": company("tb-media-global") });
    let rivalry = ok(&app, &token, RIVALRY, vars.clone()).await;
    let rivals = &rivalry["createRivalry"]["company"]["competitors"];
    assert!(
        rivals
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["slug"] == "tb-media-global"),
        "{rivals}"
    );
    let twice = as_token(
        &app,
        Some(&token),
        RIVALRY,
        json!({ "a": company("tb-media-global"), "b": wige }),
    )
    .await;
    assert_eq!(code(&twice), ("CONFLICT", "rival"), "{twice}");
    let itself = as_token(&app, Some(&token), RIVALRY, json!({ "a": wige, "b": wige })).await;
    assert_eq!(code(&itself), ("BAD_USER_INPUT", "rival"), "{itself}");
    ok(
        &app,
        &token,
        "mutation($a: ID!, $b: ID!) { deleteRivalry(input: { company: $b, rival: $a }) {
            deletedId } }",
        vars,
    )
    .await;

    let role = app
        .data(
            "{ person(slug: \"zhang-dazhong\") { roles { id version title until } } }",
            json!({}),
        )
        .await;
    let role_id = role["person"]["roles"][0]["id"].clone();
    let changed = ok(
        &app,
        &token,
        "mutation($id: ID!) { updateRole(input: { id: $id, until: \"2024-05\" }) {
            role { version until person { slug } } } }",
        json!({ "id": role_id }),
    )
    .await;
    assert_eq!(changed["updateRole"]["role"]["until"], "2024-05");
    let deleted = ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedId } }",
        json!({ "id": role_id }),
    )
    .await;
    assert_eq!(deleted["deleteRole"]["deletedId"], role_id);
    let history = app
        .data(
            "query($id: ID!) { changes(filter: { entityId: $id }) { nodes { operation } } }",
            json!({ "id": role_id }),
        )
        .await;
    let operations: Vec<&str> = history["changes"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["operation"].as_str())
        .collect();
    assert_eq!(operations, ["CREATE", "UPDATE", "DELETE"]);
}

#[tokio::test]
async fn two_updates_from_the_same_version_one_wins_one_conflicts() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let id = global_id("Person", "zhang-dazhong");
    let mut tasks = Vec::new();
    for name in ["Zhang Dazhong A", "Zhang Dazhong B"] {
        let (url, token, id) = (app.url("/graphql"), token.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .header("authorization", format!("Bearer {token}"))
                .json(
                    &json!({ "query": "mutation($id: ID!, $n: String!) { updatePerson(
                    input: { id: $id, version: 1, name: $n }) { person { version } } }",
                    "variables": { "id": id, "n": name } }),
                )
                .send()
                .await
                .expect("sent")
                .json::<Value>()
                .await
                .expect("JSON")
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        let body = task.await.expect("joined");
        outcomes.push(if body.get("errors").is_none() {
            "won".to_owned()
        } else {
            format!("{}/{}", code(&body).0, code(&body).1)
        });
    }
    outcomes.sort();
    assert_eq!(outcomes, ["CONFLICT/version", "won"]);
}

/// Every kind of record the API writes answers `version` and `history` alike, also through a
/// fragment on the `Versioned` interface.
#[tokio::test]
async fn every_record_type_is_versioned_with_a_history() {
    let app = spawn_app().await;
    let fields = "... on Versioned { version history(first: 1) { totalCount } }";
    let query = format!(
        "{{ company(slug: \"wige-media\") {{ {fields}
              sources {{ {fields} }} quotes {{ {fields} }} }}
           alibaba: company(slug: \"alibaba-group\") {{ events {{ {fields} }} }}
           person(slug: \"peter-lauterbach\") {{ {fields} roles {{ {fields} }} }}
           agreement(slug: \"wige-media-alibaba-sports-group-cooperation\") {{ {fields} }} }}"
    );
    let data = app.data(&query, json!({})).await;
    let company = &data["company"];
    let records = [
        company,
        &data["alibaba"]["events"][0],
        &company["sources"][0],
        &company["quotes"][0],
        &data["person"],
        &data["person"]["roles"][0],
        &data["agreement"],
    ];
    for record in records {
        // The seed's records were written once, each recorded in the history.
        assert_eq!(record["version"], 1, "{data}");
        assert_eq!(record["history"]["totalCount"], 1, "{data}");
    }
    let implementors = app
        .data(
            "{ __type(name: \"Versioned\") { kind possibleTypes { name } } }",
            json!({}),
        )
        .await;
    let mut names: Vec<&str> = implementors["__type"]["possibleTypes"]
        .as_array()
        .expect("types")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "Agreement",
            "Company",
            "Event",
            "Person",
            "Quote",
            "Role",
            "Source"
        ]
    );
}
