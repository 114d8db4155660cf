//! Global ids never change: a renamed company, person, agreement or source keeps its id, its
//! old slug goes on finding it, no other record can take that slug, and an export and import
//! into another database keeps both.

use serde_json::{Value, json};

use crate::helpers::{TestApp, global_id, spawn_app, spawn_app_at};
use crate::writes::{as_token, code, new_token};

/// Sends a mutation as `token` and returns its data, failing on any error.
async fn ok(app: &TestApp, token: &str, query: &str, variables: Value) -> Value {
    let body = as_token(app, Some(token), query, variables).await;
    assert!(body.get("errors").is_none(), "{query}: {body}");
    body["data"].clone()
}

/// A kind of record with a slug: its type, its lookup field, its update mutation, and a slug
/// of the seed.
struct Kind {
    type_name: &'static str,
    lookup: &'static str,
    update: &'static str,
    seed_slug: &'static str,
}

const KINDS: [Kind; 3] = [
    Kind {
        type_name: "Company",
        lookup: "company",
        update: "updateCompany",
        seed_slug: "wige-media",
    },
    Kind {
        type_name: "Person",
        lookup: "person",
        update: "updatePerson",
        seed_slug: "peter-lauterbach",
    },
    Kind {
        type_name: "Agreement",
        lookup: "agreement",
        update: "updateAgreement",
        seed_slug: "wige-media-alibaba-sports-group-cooperation",
    },
];

/// Renames the record with global id `id` to `slug` and returns the payload's record.
async fn rename(app: &TestApp, token: &str, kind: &Kind, id: &str, slug: &str) -> Value {
    let field = kind.lookup;
    let query = format!(
        "mutation($id: ID!, $slug: String!) {{ {}(input: {{ id: $id, slug: $slug }}) {{
            {field} {{ id slug version }} }} }}",
        kind.update
    );
    ok(app, token, &query, json!({ "id": id, "slug": slug })).await[kind.update][field].clone()
}

/// The record `node(id:)` and the lookup by `slug` answer: `(id, slug)` of each, null when
/// none.
async fn found(app: &TestApp, kind: &Kind, id: &str, slug: &str) -> (Value, Value) {
    let query = format!(
        "query($id: ID!, $slug: String!) {{
            node(id: $id) {{ id ... on {} {{ slug }} }}
            {}(slug: $slug) {{ id slug }} }}",
        kind.type_name, kind.lookup
    );
    let data = app.data(&query, json!({ "id": id, "slug": slug })).await;
    (data["node"].clone(), data[kind.lookup].clone())
}

#[tokio::test]
async fn a_renamed_record_keeps_its_id_and_its_old_slug_finds_it() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    for kind in &KINDS {
        let old_id = global_id(kind.type_name, kind.seed_slug);
        let new_slug = format!("{}-renamed", kind.seed_slug);
        let renamed = rename(&app, &token, kind, &old_id, &new_slug).await;
        assert_eq!(renamed["id"], old_id.as_str(), "{}", kind.type_name);
        assert_eq!(renamed["slug"], new_slug.as_str());

        // The old id and the old slug both answer the record, whose slug is the new one.
        let expected = json!({ "id": old_id, "slug": new_slug });
        let (node, by_old_slug) = found(&app, kind, &old_id, kind.seed_slug).await;
        assert_eq!(
            node, expected,
            "node(id: old id) of a renamed {}",
            kind.type_name
        );
        assert_eq!(by_old_slug, expected, "{}(slug: old slug)", kind.lookup);
        let (_, by_new_slug) = found(&app, kind, &old_id, &new_slug).await;
        assert_eq!(by_new_slug, expected);

        // Renamed again, and back: still the same id, and every slug it had finds it.
        let third = format!("{}-again", kind.seed_slug);
        rename(&app, &token, kind, &old_id, &third).await;
        let back = rename(&app, &token, kind, &old_id, kind.seed_slug).await;
        assert_eq!(back["id"], old_id.as_str());
        for slug in [kind.seed_slug, new_slug.as_str(), third.as_str()] {
            let (_, by_slug) = found(&app, kind, &old_id, slug).await;
            assert_eq!(
                by_slug,
                json!({ "id": old_id, "slug": kind.seed_slug }),
                "{slug}"
            );
        }

        // The history names the record by the same id before and after every rename.
        let history = app
            .data(
                "query($id: ID!) { changes(filter: { entityId: $id }) { nodes { entityId } } }",
                json!({ "id": old_id }),
            )
            .await;
        let ids = history["changes"]["nodes"]
            .as_array()
            .expect("changes")
            .clone();
        assert!(ids.len() >= 3, "{history}");
        assert!(
            ids.iter().all(|c| c["entityId"] == old_id.as_str()),
            "{history}"
        );
    }
}

#[tokio::test]
async fn a_slug_a_record_once_had_is_never_given_to_another() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let wige = global_id("Company", "wige-media");
    rename(&app, &token, &KINDS[0], &wige, "wige-media-ag").await;

    // Neither a new company nor a renamed one may take the slug: links made with it lead to
    // Wige Media.
    let created = as_token(
        &app,
        Some(&token),
        "mutation { createCompany(input: { name: \"Wige Media\", slug: \"wige-media\",
            kind: MEDIA_GROUP }) { company { id } } }",
        json!({}),
    )
    .await;
    assert_eq!(code(&created), ("CONFLICT", "slug"), "{created}");
    let taken = as_token(
        &app,
        Some(&token),
        "mutation($id: ID!) { updateCompany(input: { id: $id, slug: \"wige-media\" }) {
            company { id } } }",
        json!({ "id": global_id("Company", "tb-media-global") }),
    )
    .await;
    assert_eq!(code(&taken), ("CONFLICT", "slug"), "{taken}");
    let (node, by_slug) = found(&app, &KINDS[0], &wige, "wige-media").await;
    assert_eq!(node["slug"], "wige-media-ag");
    assert_eq!(by_slug["id"], wige.as_str());
}

#[tokio::test]
async fn a_renamed_source_keeps_its_id() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let sources = app
        .data(
            "{ company(slug: \"wige-media\") { sources { id slug } } }",
            json!({}),
        )
        .await;
    let source = &sources["company"]["sources"][0];
    let (id, old_slug) = (
        source["id"].as_str().expect("an id").to_owned(),
        source["slug"].as_str().expect("a slug").to_owned(),
    );
    let renamed = ok(
        &app,
        &token,
        "mutation($id: ID!) { updateSource(input: { id: $id, slug: \"renamed-source\" }) {
            source { id slug } } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(renamed["updateSource"]["source"]["id"], id.as_str());
    assert_eq!(renamed["updateSource"]["source"]["slug"], "renamed-source");
    // Mutations still take the id: the renamed source is cited by a new quote.
    let quoted = ok(
        &app,
        &token,
        "mutation($source: ID!, $company: ID!) { createQuote(input: {
            text: \"Wir freuen uns.\", language: \"de\", companies: [$company],
            source: $source }) { quote { source { id slug } } } }",
        json!({ "source": id, "company": global_id("Company", "wige-media") }),
    )
    .await;
    assert_eq!(
        quoted["createQuote"]["quote"]["source"],
        json!({ "id": id, "slug": "renamed-source" })
    );
    assert_ne!(old_slug, "renamed-source");
}

#[tokio::test]
async fn ids_and_old_slugs_survive_an_export_and_an_import_into_another_database() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let ids: Vec<String> = KINDS
        .iter()
        .map(|kind| global_id(kind.type_name, kind.seed_slug))
        .collect();
    for (kind, id) in KINDS.iter().zip(&ids) {
        rename(
            &app,
            &token,
            kind,
            id,
            &format!("{}-renamed", kind.seed_slug),
        )
        .await;
    }
    let dir = tempfile::tempdir().expect("a folder");
    let files = dir.path().join("files");
    crate::transfer::exported(&app.database, &files);
    let copy_path = dir.path().join("copy.sqlite");
    crate::transfer::imported(&copy_path, &files);
    let copy = spawn_app_at(&copy_path).await;
    for (kind, id) in KINDS.iter().zip(&ids) {
        let expected = json!({ "id": id, "slug": format!("{}-renamed", kind.seed_slug) });
        let (node, by_old_slug) = found(&copy, kind, id, kind.seed_slug).await;
        assert_eq!(node, expected, "{} in the copy", kind.type_name);
        assert_eq!(by_old_slug, expected);
    }
    copy.stop().await;
}

#[tokio::test]
async fn a_deleted_record_frees_its_current_slug_and_keeps_its_former_ones() {
    let app = spawn_app().await;
    let token = new_token(&app, "desk");
    let created = ok(
        &app,
        &token,
        "mutation { createCompany(input: { name: \"Kurz Medien\", kind: MEDIA_GROUP }) {
            company { id slug } } }",
        json!({}),
    )
    .await;
    let id = created["createCompany"]["company"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    rename(&app, &token, &KINDS[0], &id, "kurz-medien-gmbh").await;
    let deleted = ok(
        &app,
        &token,
        "mutation($id: ID!) { deleteCompany(input: { id: $id }) { deletedId } }",
        json!({ "id": id }),
    )
    .await;
    assert_eq!(deleted["deleteCompany"]["deletedId"], id.as_str());
    let (node, by_old_slug) = found(&app, &KINDS[0], &id, "kurz-medien").await;
    assert_eq!((node, by_old_slug), (Value::Null, Value::Null));

    let create = |slug: &str| {
        format!(
            "mutation {{ createCompany(input: {{ name: \"Kurz Medien\", slug: \"{slug}\",
                kind: MEDIA_GROUP }}) {{ company {{ slug }} }} }}"
        )
    };
    let again = ok(&app, &token, &create("kurz-medien-gmbh"), json!({})).await;
    assert_eq!(
        again["createCompany"]["company"]["slug"],
        "kurz-medien-gmbh"
    );
    let former = as_token(&app, Some(&token), &create("kurz-medien"), json!({})).await;
    assert_eq!(code(&former), ("CONFLICT", "slug"), "{former}");
}
