//! Other names and identifiers of companies, through the real server: the seed's aliases,
//! search and suggestions by alias, the `CONFLICT` a name another company has meets on create
//! (and `differentFrom`, which answers it), lookups by identifier, the refusals of bad names
//! and identifiers, the history of a change of aliases, and export and import.

use serde_json::{Value, json};

use crate::helpers::{
    TestApp, assert_bad_input, global_id, spawn_app, spawn_app_at, spawn_app_with, write_behind,
};
use crate::transfer::{exported, imported};
use crate::writes::{as_token, code, new_token};

const NAMES: &str = "aliases { name kind language } externalIds { scheme value url }";

const CREATE: &str = "mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
    company { id slug name aliases { name kind language } externalIds { scheme value url } } } }";

const UPDATE: &str = "mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
    company { id slug version aliases { name kind language } externalIds { scheme value url } }
    } }";

/// The aliases and identifiers of the company `slug`.
async fn names_of(app: &TestApp, slug: &str) -> Value {
    app.data(
        &format!("query($slug: String!) {{ company(slug: $slug) {{ {NAMES} }} }}"),
        json!({ "slug": slug }),
    )
    .await["company"]
        .clone()
}

/// Runs a mutation that must succeed; returns its data.
async fn ok(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = as_token(app, Some(token), query, variables).await;
    assert!(body.get("errors").is_none(), "{query}: {body:#}");
    body["data"].clone()
}

/// The `(type, slug)` of the first results of searching `query`.
async fn found(app: &TestApp, query: &str) -> Vec<(String, String)> {
    let data = app
        .data(
            "query($q: String!) { search(query: $q, first: 10) { nodes { __typename
                ... on Company { slug } ... on Person { slug } ... on Agreement { slug } } } }",
            json!({ "q": query }),
        )
        .await;
    data["search"]["nodes"]
        .as_array()
        .unwrap_or_else(|| panic!("no results: {data}"))
        .iter()
        .map(|n| {
            (
                n["__typename"].as_str().unwrap_or_default().to_owned(),
                n["slug"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The slugs of the companies suggested for `typed`.
async fn suggested(app: &TestApp, typed: &str) -> Vec<String> {
    let data = app
        .data(
            "query($q: String!) { suggest(query: $q, kinds: [COMPANY]) {
                node { ... on Company { slug } } } }",
            json!({ "q": typed }),
        )
        .await;
    data["suggest"]
        .as_array()
        .unwrap_or_else(|| panic!("no suggestions: {data}"))
        .iter()
        .map(|s| s["node"]["slug"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn company(slug: &str) -> String {
    global_id("Company", slug)
}

#[tokio::test]
async fn the_seed_gives_the_aliases_the_articles_give() {
    let app = spawn_app().await;
    assert_eq!(
        names_of(&app, "tourism-authority-of-thailand").await,
        json!({ "aliases": [{ "name": "TAT", "kind": "ABBREVIATION", "language": null }],
                "externalIds": [] })
    );
    assert_eq!(
        names_of(&app, "alibaba-group").await,
        json!({ "aliases": [{ "name": "Alibaba", "kind": "SHORT_NAME", "language": null }],
                "externalIds": [] })
    );
    assert_eq!(
        names_of(&app, "youku").await,
        json!({ "aliases": [], "externalIds": [] })
    );
    // The kinds and schemes have labels in every locale.
    let labels = app
        .data(
            "{ de: labels(vocabularies: [ALIAS_KIND, EXTERNAL_ID_SCHEME], locale: \"de\") {
                 value display }
               en: labels(vocabularies: [ALIAS_KIND], locale: \"en\") { value display } }",
            json!({}),
        )
        .await;
    assert!(
        labels["de"].as_array().is_some_and(
            |l| l.contains(&json!({ "value": "ABBREVIATION", "display": "Abkürzung" }))
        ),
        "{labels}"
    );
    assert!(
        labels["en"]
            .as_array()
            .is_some_and(|l| l.contains(&json!({ "value": "SHORT_NAME", "display": "Short name" }))),
        "{labels}"
    );
    app.stop().await;
}

#[tokio::test]
async fn search_and_suggestions_find_a_company_by_an_alias_folded_as_names_are() {
    let app = spawn_app().await;
    let tat = (
        "Company".to_owned(),
        "tourism-authority-of-thailand".to_owned(),
    );
    // "TAT" is no word of the name: only the alias finds it.
    for query in ["TAT", "tat"] {
        assert_eq!(found(&app, query).await.first(), Some(&tat), "{query}");
    }
    assert_eq!(
        suggested(&app, "TAT").await,
        vec!["tourism-authority-of-thailand".to_owned()]
    );
    let alibaba = ("Company".to_owned(), "alibaba-group".to_owned());
    assert!(found(&app, "Alibaba").await.contains(&alibaba));

    // An alias given while the server runs is found at once, umlauts folded both ways.
    let token = new_token(&app, "desk");
    ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": company("tourism-authority-of-thailand"), "aliases": [
            { "name": "TAT", "kind": "ABBREVIATION" },
            { "name": "Thailändisches Fremdenverkehrsamt", "kind": "TRADE_NAME", "language": "de" }
        ] } }),
    )
    .await;
    for query in [
        "Fremdenverkehrsamt",
        "thailaendisches",
        "Thailandisches frem",
    ] {
        assert_eq!(found(&app, query).await.first(), Some(&tat), "{query}");
    }
    assert!(
        suggested(&app, "thailänd")
            .await
            .contains(&"tourism-authority-of-thailand".to_owned())
    );

    // An alias taken away no longer finds it.
    ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": company("tourism-authority-of-thailand"), "aliases": [] } }),
    )
    .await;
    assert!(!found(&app, "TAT").await.contains(&tat));
    assert!(found(&app, "Fremdenverkehrsamt").await.is_empty());
    app.stop().await;
}

#[tokio::test]
async fn a_name_another_company_has_is_a_conflict_naming_it_unless_said_to_differ() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let total = "{ companies { totalCount } }";
    let before = app.data(total, json!({})).await;

    // The new name is another company's alias.
    let body = as_token(
        &app,
        Some(&token),
        CREATE,
        json!({ "input": { "name": "TAT", "kind": "GOVERNMENT_AGENCY" } }),
    )
    .await;
    assert_eq!(code(&body), ("CONFLICT", "name"), "{body:#}");
    assert_eq!(
        body["errors"][0]["message"],
        "conflicting value for `name`: \"TAT\" is a name of the company \"Tourism Authority of \
         Thailand\" (tourism-authority-of-thailand) already; if this is another company, list \
         that company's id in `differentFrom`"
    );
    assert_eq!(
        body["errors"][0]["extensions"]["existing"],
        json!({ "id": company("tourism-authority-of-thailand"),
                "slug": "tourism-authority-of-thailand",
                "name": "Tourism Authority of Thailand" })
    );

    // Another company's name, folded as search folds names.
    for name in ["WIGE-MEDIA", "wige media", "Wige  Media"] {
        let body = as_token(
            &app,
            Some(&token),
            CREATE,
            json!({ "input": { "name": name, "slug": "another-wige", "kind": "MEDIA_GROUP" } }),
        )
        .await;
        assert_eq!(code(&body), ("CONFLICT", "name"), "{name}: {body:#}");
        assert_eq!(
            body["errors"][0]["extensions"]["existing"]["slug"],
            "wige-media"
        );
    }

    // A new alias that is another company's alias.
    let input = json!({ "name": "Alibaba Holdings Europe", "kind": "ECOMMERCE_COMPANY",
        "aliases": [{ "name": "ALIBABA", "kind": "SHORT_NAME", "language": "en" }] });
    let body = as_token(&app, Some(&token), CREATE, json!({ "input": input })).await;
    assert_eq!(code(&body), ("CONFLICT", "aliases"), "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["existing"]["slug"],
        "alibaba-group"
    );
    assert_eq!(
        app.data(total, json!({})).await,
        before,
        "nothing is written"
    );

    // The client says it is another company: it is created, and both are found by the name.
    let mut input = input;
    input["differentFrom"] = json!([company("alibaba-group")]);
    let created = ok(&app, &token, CREATE, json!({ "input": input })).await;
    let created = &created["createCompany"]["company"];
    assert_eq!(created["slug"], "alibaba-holdings-europe");
    assert_eq!(
        created["aliases"],
        json!([{ "name": "ALIBABA", "kind": "SHORT_NAME", "language": "en" }])
    );
    let hits = found(&app, "Alibaba").await;
    for slug in ["alibaba-group", "alibaba-holdings-europe"] {
        assert!(
            hits.contains(&("Company".to_owned(), slug.to_owned())),
            "{hits:?}"
        );
    }

    // Saying it differs from one company does not answer a clash with another.
    let body = as_token(
        &app,
        Some(&token),
        CREATE,
        json!({ "input": { "name": "TAT", "kind": "GOVERNMENT_AGENCY",
            "aliases": [{ "name": "Wige Media", "kind": "TRADE_NAME" }],
            "differentFrom": [company("tourism-authority-of-thailand")] } }),
    )
    .await;
    assert_eq!(code(&body), ("CONFLICT", "aliases"), "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["existing"]["slug"],
        "wige-media"
    );
    app.stop().await;
}

#[tokio::test]
async fn an_update_checks_only_the_names_it_gives() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let created = ok(
        &app,
        &token,
        CREATE,
        json!({ "input": { "name": "Neue Bühne Medien", "kind": "MEDIA_GROUP" } }),
    )
    .await;
    let id = created["createCompany"]["company"]["id"].clone();

    let add_tat = json!({ "id": id, "aliases": [{ "name": "TAT", "kind": "ABBREVIATION" }] });
    let body = as_token(&app, Some(&token), UPDATE, json!({ "input": add_tat })).await;
    assert_eq!(code(&body), ("CONFLICT", "aliases"), "{body:#}");
    let mut add_tat = add_tat;
    add_tat["differentFrom"] = json!([company("tourism-authority-of-thailand")]);
    ok(&app, &token, UPDATE, json!({ "input": add_tat })).await;

    // The alias it has is not checked again when something else changes.
    let body = ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": id, "headquarters": "Köln",
            "aliases": [{ "name": "TAT", "kind": "ABBREVIATION" },
                        { "name": "NBM", "kind": "ABBREVIATION" }] } }),
    )
    .await;
    assert_eq!(body["updateCompany"]["company"]["version"], 3);

    // A rename to another company's name is checked.
    let body = as_token(
        &app,
        Some(&token),
        UPDATE,
        json!({ "input": { "id": id, "name": "Youku" } }),
    )
    .await;
    assert_eq!(code(&body), ("CONFLICT", "name"), "{body:#}");
    assert_eq!(body["errors"][0]["extensions"]["existing"]["slug"], "youku");
    app.stop().await;
}

#[tokio::test]
async fn a_company_is_found_by_an_identifier_that_belongs_to_it_alone() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let ids = json!([
        { "scheme": "WIKIDATA", "value": "Q4200042" },
        { "scheme": "LEI", "value": "5493001KJTIIGC8Y1R12" },
        { "scheme": "WEBSITE", "value": "https://www.example.com/alibaba" },
        { "scheme": "NATIONAL_REGISTER", "value": "Hangzhou AMR 913300007" },
    ]);
    let updated = ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": company("alibaba-group"), "externalIds": ids } }),
    )
    .await;
    assert_eq!(
        updated["updateCompany"]["company"]["externalIds"],
        json!([
            { "scheme": "WIKIDATA", "value": "Q4200042",
              "url": "https://www.wikidata.org/wiki/Q4200042" },
            { "scheme": "LEI", "value": "5493001KJTIIGC8Y1R12",
              "url": "https://search.gleif.org/#/record/5493001KJTIIGC8Y1R12" },
            { "scheme": "WEBSITE", "value": "https://www.example.com/alibaba",
              "url": "https://www.example.com/alibaba" },
            { "scheme": "NATIONAL_REGISTER", "value": "Hangzhou AMR 913300007", "url": null },
        ])
    );

    let lookup = "query($id: ExternalIdInput!) { company(externalId: $id) { slug } }";
    for id in ids.as_array().into_iter().flatten() {
        let data = app.data(lookup, json!({ "id": id })).await;
        assert_eq!(data["company"]["slug"], "alibaba-group", "{id}");
    }
    let nobody = app
        .data(
            lookup,
            json!({ "id": { "scheme": "WIKIDATA", "value": "Q4200043" } }),
        )
        .await;
    assert!(nobody["company"].is_null());
    // The same value in another scheme is another identifier.
    let other_scheme = app
        .data(
            lookup,
            json!({ "id": { "scheme": "WEBSITE", "value": "https://www.example.com/other" } }),
        )
        .await;
    assert!(other_scheme["company"].is_null());

    // Another company cannot have it, even one said to be different.
    let body = as_token(
        &app,
        Some(&token),
        CREATE,
        json!({ "input": { "name": "Ali Cloud Neu", "kind": "ECOMMERCE_COMPANY",
            "externalIds": [{ "scheme": "WIKIDATA", "value": "Q4200042" }],
            "differentFrom": [company("alibaba-group")] } }),
    )
    .await;
    assert_eq!(code(&body), ("CONFLICT", "externalIds"), "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["existing"]["slug"],
        "alibaba-group"
    );
    let body = as_token(
        &app,
        Some(&token),
        UPDATE,
        json!({ "input": { "id": company("youku"),
            "externalIds": [{ "scheme": "LEI", "value": "5493001KJTIIGC8Y1R12" }] } }),
    )
    .await;
    assert_eq!(code(&body), ("CONFLICT", "externalIds"), "{body:#}");

    // Exactly one of `slug` and `externalId`.
    let both = app
        .graphql(
            "{ company(slug: \"youku\", externalId: { scheme: WIKIDATA, value: \"Q1\" }) { slug } }",
            json!({}),
        )
        .await;
    assert_bad_input(&both, "externalId");
    let neither = app.graphql("{ company { slug } }", json!({})).await;
    assert_bad_input(&neither, "slug");
    let malformed = app
        .graphql(
            "{ company(externalId: { scheme: LEI, value: \"5493001KJTIIGC8Y1R13\" }) { slug } }",
            json!({}),
        )
        .await;
    assert_bad_input(&malformed, "externalId.value");
    app.stop().await;
}

#[tokio::test]
async fn bad_names_and_identifiers_are_refused_naming_the_argument() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let alias = |name: &str, language: Value| json!([{ "name": name, "kind": "ABBREVIATION", "language": language }]);
    let external = |scheme: &str, value: &str| json!([{ "scheme": scheme, "value": value }]);
    let cases = [
        ("aliases", alias("", Value::Null), "aliases.name"),
        ("aliases", alias("   ", Value::Null), "aliases.name"),
        ("aliases", alias("!?", Value::Null), "aliases.name"),
        ("aliases", alias("NM", json!("xx")), "aliases.language"),
        ("aliases", alias("NM", json!("DE")), "aliases.language"),
        ("aliases", alias("NM", json!("de-AT")), "aliases.language"),
        ("aliases", alias("neue  MEDIEN", Value::Null), "aliases"),
        (
            "aliases",
            json!([{ "name": "NM", "kind": "ABBREVIATION" },
                   { "name": "nm", "kind": "TRADE_NAME" }]),
            "aliases",
        ),
        (
            "externalIds",
            external("WIKIDATA", "42"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("WIKIDATA", "q42"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("WIKIDATA", "Q042"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("WIKIDATA", "Q4 2"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("LEI", "5493001KJTIIGC8Y1R13"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("LEI", "5493001KJTIIGC8Y1R1"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("LEI", "5493001kjtiigc8y1r12"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("WEBSITE", "ftp://example.org"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("WEBSITE", "www.example.org"),
            "externalIds.value",
        ),
        (
            "externalIds",
            external("NATIONAL_REGISTER", ""),
            "externalIds.value",
        ),
        (
            "externalIds",
            json!([{ "scheme": "WIKIDATA", "value": "Q42" },
                   { "scheme": "WIKIDATA", "value": "Q42" }]),
            "externalIds",
        ),
        (
            "differentFrom",
            json!([global_id("Person", "jack-ma")]),
            "differentFrom",
        ),
        (
            "differentFrom",
            json!([company("no-such-company")]),
            "differentFrom",
        ),
    ];
    for (field, value, argument) in cases {
        let mut input = json!({ "name": "Neue Medien", "kind": "MEDIA_GROUP" });
        input[field] = value.clone();
        let body = as_token(&app, Some(&token), CREATE, json!({ "input": input })).await;
        assert_eq!(
            code(&body),
            ("BAD_USER_INPUT", argument),
            "{field}: {value}: {body:#}"
        );
        // The same on update, but for the alias that repeats the new company's name, which
        // is fine for Youku.
        if value[0]["name"] == "neue  MEDIEN" {
            continue;
        }
        let mut input = json!({ "id": company("youku") });
        input[field] = value.clone();
        let body = as_token(&app, Some(&token), UPDATE, json!({ "input": input })).await;
        assert_eq!(
            code(&body),
            ("BAD_USER_INPUT", argument),
            "update {field}: {value}: {body:#}"
        );
    }
    assert_eq!(
        names_of(&app, "youku").await,
        json!({ "aliases": [], "externalIds": [] }),
        "nothing is written"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_history_records_a_change_of_aliases_and_identifiers() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let id = company("tourism-authority-of-thailand");
    ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": id, "aliases": [
                { "name": "TAT", "kind": "ABBREVIATION" },
                { "name": "การท่องเที่ยวแห่งประเทศไทย", "kind": "OTHER_SCRIPT", "language": "th" }],
            "externalIds": [{ "scheme": "WEBSITE", "value": "https://www.tourismthailand.org" }] } }),
    )
    .await;
    let history = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Company { history { nodes {
                operation actor before after } } } } }",
            json!({ "id": id }),
        )
        .await;
    let nodes = history["node"]["history"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let last = nodes
        .last()
        .unwrap_or_else(|| panic!("no history: {history}"));
    assert_eq!(last["operation"], "UPDATE");
    assert_eq!(last["actor"], "desk");
    assert_eq!(
        last["before"]["aliases"],
        json!([{ "name": "TAT", "kind": "ABBREVIATION", "language": null }])
    );
    assert_eq!(last["before"]["externalIds"], json!([]));
    assert_eq!(
        last["after"]["aliases"][1],
        json!({ "name": "การท่องเที่ยวแห่งประเทศไทย", "kind": "OTHER_SCRIPT", "language": "th" })
    );
    assert_eq!(
        last["after"]["externalIds"],
        json!([{ "scheme": "WEBSITE", "value": "https://www.tourismthailand.org" }])
    );
    // The seed's creation has the alias already.
    assert_eq!(nodes[0]["operation"], "CREATE");
    assert_eq!(nodes[0]["after"]["aliases"][0]["name"], "TAT");
    app.stop().await;
}

#[tokio::test]
async fn export_and_import_keep_aliases_and_identifiers() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    ok(
        &app,
        &token,
        UPDATE,
        json!({ "input": { "id": company("alibaba-group"),
            "aliases": [{ "name": "Alibaba", "kind": "SHORT_NAME" },
                        { "name": "阿里巴巴集团", "kind": "OTHER_SCRIPT", "language": "zh" }],
            "externalIds": [{ "scheme": "WIKIDATA", "value": "Q4200042" },
                            { "scheme": "LEI", "value": "5493001KJTIIGC8Y1R12" }] } }),
    )
    .await;
    let dir = tempfile::tempdir().expect("a folder");
    let files = exported(&app.database, &dir.path().join("export"));
    let companies = files
        .iter()
        .find(|(name, _)| name == "02-companies.toml")
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    for text in ["TAT", "阿里巴巴集团", "Q4200042", "5493001KJTIIGC8Y1R12"] {
        assert!(companies.contains(text), "{text} is not exported");
    }

    let copy_path = dir.path().join("copy.sqlite");
    imported(&copy_path, &dir.path().join("export"));
    let copy = spawn_app_at(&copy_path).await;
    for slug in ["alibaba-group", "tourism-authority-of-thailand", "youku"] {
        assert_eq!(
            names_of(&copy, slug).await,
            names_of(&app, slug).await,
            "{slug}"
        );
    }
    let data = copy
        .data(
            "{ company(externalId: { scheme: LEI, value: \"5493001KJTIIGC8Y1R12\" }) { slug } }",
            json!({}),
        )
        .await;
    assert_eq!(data["company"]["slug"], "alibaba-group");
    assert_eq!(
        found(&copy, "阿里巴巴集团")
            .await
            .first()
            .map(|(_, s)| s.as_str()),
        Some("alibaba-group")
    );
    copy.stop().await;

    // An identifier two companies of a file claim is refused, naming the one that has it.
    let file = dir.path().join("clash.toml");
    std::fs::write(
        &file,
        "[[company]]\nslug = \"q-one\"\nname = \"Q One\"\nkind = \"MEDIA_GROUP\"\n\
         external_ids = [{ scheme = \"WIKIDATA\", value = \"Q7\" }]\n\n\
         [[company]]\nslug = \"q-two\"\nname = \"Q Two\"\nkind = \"MEDIA_GROUP\"\n\
         external_ids = [{ scheme = \"WIKIDATA\", value = \"Q7\" }]\n",
    )
    .expect("written");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealgraph"))
        .args(["import", file.to_str().expect("UTF-8"), "--database"])
        .arg(dir.path().join("clash.sqlite"))
        .output()
        .expect("the command runs");
    assert!(!output.status.success());
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(
        report.contains("q-two") && report.contains("\"Q One\" (q-one)"),
        "{report}"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_company_stored_without_its_name_key_gets_it_when_the_database_is_next_opened() {
    // As a company stored before name keys were kept: its name clashes with nothing.
    let app = spawn_app().await;
    // First: the command that makes the key opens the database, which gives the key back.
    let token = new_token(&app, "desk");
    write_behind(
        &app,
        "UPDATE companies SET name_key = NULL WHERE slug = 'wige-media'",
    )
    .await;
    let create = |slug: &str| json!({ "input": { "name": "WIGE MEDIA", "slug": slug, "kind": "MEDIA_GROUP" } });
    ok(&app, &token, CREATE, create("wige-media-neu")).await;

    // A server that opens the database gives it its key again.
    let second = spawn_app_with(dealgraph::config::ServeArgs::new(
        "127.0.0.1:0".parse().expect("an address"),
        app.database
            .parse::<dealgraph::db::Location>()
            .expect("the database"),
    ))
    .await;
    let body = as_token(&second, Some(&token), CREATE, create("wige-media-zwei")).await;
    assert_eq!(code(&body), ("CONFLICT", "name"), "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["existing"]["slug"], "wige-media",
        "the first in id order"
    );
    second.stop().await;
    app.stop().await;
}
