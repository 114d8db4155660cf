//! The facts of the two source articles, as the seed dataset records them, read back through
//! GraphQL.

use serde_json::{Value, json};

use crate::helpers::{field_strings, names, seed, slugs, spawn_app};

const ALIBABA_PICTURES_TB_PARTNERSHIP: &str = "alibaba-pictures-tb-media-global-partnership";
const WIGE_COOPERATION: &str = "wige-media-alibaba-sports-group-cooperation";
const TAT_PROGRAMME: &str = "tourism-authority-of-thailand-chinese-companies-programme";

const LAUTERBACH_QUOTE: &str = "Die Kooperation ist ein wichtiger Meilenstein für unsere \
    Digitalisierungs- und Internationalisierungsstrategie. Wir freuen uns, dass sich Alibaba \
    Sports entschieden hat, mit Wige europäischen Sport nach China zu bringen, in China \
    Sportstätten mit Infrastruktur auszurüsten sowie Sportevents zu produzieren und zu \
    vermarkten. Alibaba Sports ist ein idealer Partner für unsere Expansionspläne in neue und \
    hochattraktive Märkte.";
const ZHANG_QUOTE: &str =
    "ein ganz neues Sporterlebnis zu vermitteln und jeden zu einem Sportler zu machen";

/// `selection` of the entity `field(slug:)` (such as `company(slug: …)`), from a fresh server.
async fn lookup(field: &str, slug: &str, selection: &str) -> Value {
    let app = spawn_app().await;
    let query = format!("query($slug: String!) {{ {field}(slug: $slug) {{ {selection} }} }}");
    let data = app.data(&query, json!({ "slug": slug })).await;
    assert!(data[field].is_object(), "no {field} {slug}: {data:#}");
    data[field].clone()
}

async fn company(slug: &str, selection: &str) -> Value {
    lookup("company", slug, selection).await
}

async fn agreement(slug: &str, selection: &str) -> Value {
    lookup("agreement", slug, selection).await
}

fn sorted(mut items: Vec<String>) -> Vec<String> {
    items.sort();
    items
}

// Alibaba Group

#[tokio::test]
async fn alibaba_group_is_a_chinese_conglomerate_headquartered_in_hangzhou() {
    let c = company("alibaba-group", "name kind country headquarters").await;
    assert_eq!(c["name"], "Alibaba Group");
    assert_eq!(c["kind"], "CONGLOMERATE");
    assert_eq!(c["country"], "CN");
    assert_eq!(c["headquarters"], "Hangzhou");
}

#[tokio::test]
async fn alibaba_group_was_founded_by_jack_ma_in_1999() {
    let c = company("alibaba-group", "founded founders { slug name }").await;
    assert_eq!(c["founded"], "1999");
    assert_eq!(names(&c["founders"]), ["Jack Ma"]);
    assert_eq!(c["founders"][0]["slug"], "jack-ma");
}

#[tokio::test]
async fn jack_ma_is_recorded_as_the_founder_of_alibaba_group() {
    let app = spawn_app().await;
    let data = app
        .data(
            r#"{ person(slug: "jack-ma") { name roles { title company { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["person"]["name"], "Jack Ma");
    assert_eq!(
        data["person"]["roles"],
        json!([{ "title": "FOUNDER", "company": { "slug": "alibaba-group" } }])
    );
}

#[tokio::test]
async fn alibaba_groups_subsidiaries_include_pictures_sports_youku_aliexpress_and_alibaba_com() {
    let c = company(
        "alibaba-group",
        "subsidiaries(first: 100) { totalCount nodes { name parent { slug } } }",
    )
    .await;
    let found = names(&c["subsidiaries"]["nodes"]);
    for expected in [
        "Alibaba Pictures",
        "Alibaba Sports Group",
        "Youku",
        "AliExpress",
        "Alibaba.com",
    ] {
        assert!(
            found.iter().any(|n| n == expected),
            "{expected} missing from {found:?}"
        );
    }
    for node in c["subsidiaries"]["nodes"].as_array().unwrap() {
        assert_eq!(node["parent"]["slug"], "alibaba-group", "{node}");
    }
    // Exactly the companies the seed gives Alibaba Group as parent.
    let expected: Vec<String> = seed()
        .companies
        .iter()
        .filter(|c| c.get("parent").and_then(|p| p.as_str()) == Some("alibaba-group"))
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(sorted(found), sorted(expected.clone()));
    assert_eq!(c["subsidiaries"]["totalCount"], json!(expected.len()));
}

#[tokio::test]
async fn alibaba_group_went_public_in_september_2014_with_the_largest_ipo_in_history() {
    let c = company(
        "alibaba-group",
        "events { kind date record source { title } }",
    )
    .await;
    assert_eq!(
        c["events"],
        json!([{
            "kind": "IPO",
            "date": "2014-09",
            "record": true,
            "source": { "title": "Deutsche Wige Media produziert für Chinas Alibaba-Konzern" },
        }])
    );
}

// Alibaba Sports Group

#[tokio::test]
async fn alibaba_sports_group_was_founded_in_september_2015_as_a_subsidiary_of_alibaba_group() {
    let c = company(
        "alibaba-sports-group",
        "name kind country founded parent { slug name }",
    )
    .await;
    assert_eq!(c["name"], "Alibaba Sports Group");
    assert_eq!(c["kind"], "SPORTS_COMPANY");
    assert_eq!(c["country"], "CN");
    assert_eq!(c["founded"], "2015-09");
    assert_eq!(c["parent"]["slug"], "alibaba-group");
    assert_eq!(c["parent"]["name"], "Alibaba Group");
}

#[tokio::test]
async fn zhang_dazhong_is_the_ceo_of_alibaba_sports_group() {
    let c = company(
        "alibaba-sports-group",
        "executives { title person { slug name } company { slug } }",
    )
    .await;
    assert_eq!(
        c["executives"],
        json!([{
            "title": "CEO",
            "person": { "slug": "zhang-dazhong", "name": "Zhang Dazhong" },
            "company": { "slug": "alibaba-sports-group" },
        }])
    );
}

// Wige Media

#[tokio::test]
async fn wige_media_is_a_german_ag_led_by_ceo_peter_lauterbach() {
    let c = company(
        "wige-media",
        "name kind country legalForm executives { title person { name } }",
    )
    .await;
    assert_eq!(c["name"], "Wige Media");
    assert_eq!(c["kind"], "MEDIA_SERVICE_PROVIDER");
    assert_eq!(c["country"], "DE");
    assert_eq!(c["legalForm"], "AG");
    assert_eq!(
        c["executives"],
        json!([{ "title": "CEO", "person": { "name": "Peter Lauterbach" } }])
    );
}

#[tokio::test]
async fn wige_media_produces_formula_one_dtm_handball_champions_league_and_bundesliga() {
    let c = company("wige-media", "productions").await;
    assert_eq!(
        c["productions"],
        json!([
            "Formel 1",
            "DTM",
            "Handball Champions League",
            "Fußball-Bundesliga"
        ])
    );
}

#[tokio::test]
async fn wige_medias_founding_date_and_headquarters_are_unknown_and_null() {
    let c = company("wige-media", "founded headquarters parent { slug }").await;
    assert_eq!(c["founded"], Value::Null);
    assert_eq!(c["headquarters"], Value::Null);
    assert_eq!(c["parent"], Value::Null);
}

#[tokio::test]
async fn wige_medias_only_partner_is_alibaba_sports_group() {
    let c = company(
        "wige-media",
        "partners(first: 100) { totalCount nodes { slug name } }",
    )
    .await;
    assert_eq!(names(&c["partners"]["nodes"]), ["Alibaba Sports Group"]);
    assert_eq!(c["partners"]["totalCount"], 1);
}

#[tokio::test]
async fn alibaba_pictures_only_partner_is_tb_media_global() {
    let c = company("alibaba-pictures", "partners { nodes { name } }").await;
    assert_eq!(names(&c["partners"]["nodes"]), ["T&B Media Global"]);
}

// T&B Media Global

#[tokio::test]
async fn tb_media_global_is_a_thai_media_group() {
    let c = company("tb-media-global", "name kind country markets").await;
    assert_eq!(c["name"], "T&B Media Global");
    assert_eq!(c["kind"], "MEDIA_GROUP");
    assert_eq!(c["country"], "TH");
    assert_eq!(c["markets"], json!(["TH", "CN"]));
}

// The Alibaba Pictures – T&B Media Global partnership

#[tokio::test]
async fn alibaba_pictures_and_tb_media_global_announced_a_multi_stage_strategic_partnership_in_november_2023()
 {
    let a = agreement(
        ALIBABA_PICTURES_TB_PARTNERSHIP,
        "slug kind status announced multiStage",
    )
    .await;
    assert_eq!(a["slug"], ALIBABA_PICTURES_TB_PARTNERSHIP);
    assert_eq!(a["kind"], "STRATEGIC_PARTNERSHIP");
    assert_eq!(a["status"], "ANNOUNCED");
    assert_eq!(a["announced"], "2023-11");
    assert_eq!(a["multiStage"], true);
}

#[tokio::test]
async fn the_partnership_covers_its_scopes_in_the_order_the_article_names_them_in_thailand_and_china()
 {
    let a = agreement(ALIBABA_PICTURES_TB_PARTNERSHIP, "scopes markets").await;
    assert_eq!(
        a["scopes"],
        json!([
            "FILM_TV_DISTRIBUTION",
            "INTELLECTUAL_PROPERTY",
            "ARTIFICIAL_INTELLIGENCE",
            "VIRTUAL_ACTORS",
            "JOINT_FRANCHISES",
        ])
    );
    assert_eq!(a["markets"], json!(["TH", "CN"]));
}

#[tokio::test]
async fn the_partnership_is_between_alibaba_pictures_and_tb_media_global() {
    let a = agreement(
        ALIBABA_PICTURES_TB_PARTNERSHIP,
        "parties { role company { slug name } }",
    )
    .await;
    assert_eq!(
        a["parties"],
        json!([
            { "role": "PARTNER", "company": { "slug": "alibaba-pictures", "name": "Alibaba Pictures" } },
            { "role": "PARTNER", "company": { "slug": "tb-media-global", "name": "T&B Media Global" } },
        ])
    );
}

#[tokio::test]
async fn the_partnership_is_part_of_the_tourism_authority_programme_with_eight_reported_partners() {
    let a = agreement(
        ALIBABA_PICTURES_TB_PARTNERSHIP,
        "partOf { slug kind reportedPartnerCount components { slug } \
         parties { role company { slug } } }",
    )
    .await;
    let programme = &a["partOf"];
    assert_eq!(programme["slug"], TAT_PROGRAMME);
    assert_eq!(programme["kind"], "PROGRAMME");
    assert_eq!(programme["reportedPartnerCount"], 8);
    let components = field_strings(&programme["components"], "slug");
    assert!(
        components
            .iter()
            .any(|s| s == ALIBABA_PICTURES_TB_PARTNERSHIP),
        "{components:?}"
    );
    assert_eq!(
        programme["parties"],
        json!([{ "role": "ORGANISER", "company": { "slug": "tourism-authority-of-thailand" } }])
    );
}

// The Wige Media – Alibaba Sports Group cooperation

#[tokio::test]
async fn wige_media_signed_a_cooperation_agreement_with_alibaba_sports_group_starting_with_motorsport()
 {
    let a = agreement(
        WIGE_COOPERATION,
        "kind status initialFocus scopes markets parties { company { slug } }",
    )
    .await;
    assert_eq!(a["kind"], "COOPERATION_AGREEMENT");
    assert_eq!(a["status"], "SIGNED");
    assert_eq!(a["initialFocus"], json!(["MOTORSPORT"]));
    assert!(
        a["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("MOTORSPORT")),
        "{a:#}"
    );
    assert_eq!(a["markets"], json!(["CN"]));
    assert_eq!(
        a["parties"],
        json!([
            { "company": { "slug": "wige-media" } },
            { "company": { "slug": "alibaba-sports-group" } },
        ])
    );
}

#[tokio::test]
async fn wige_media_is_the_first_german_partner_of_alibaba_sports_group() {
    let a = agreement(
        WIGE_COOPERATION,
        "parties { firstFromCountry company { slug } }",
    )
    .await;
    assert_eq!(
        a["parties"],
        json!([
            { "firstFromCountry": true, "company": { "slug": "wige-media" } },
            { "firstFromCountry": false, "company": { "slug": "alibaba-sports-group" } },
        ])
    );
}

#[tokio::test]
async fn the_wige_cooperations_announcement_and_signing_dates_are_unknown_and_null() {
    let a = agreement(WIGE_COOPERATION, "announced signed partOf { slug }").await;
    assert_eq!(a["announced"], Value::Null);
    assert_eq!(a["signed"], Value::Null);
    assert_eq!(a["partOf"], Value::Null);
}

#[tokio::test]
async fn peter_lauterbach_and_zhang_dazhong_are_quoted_word_for_word_on_the_cooperation() {
    let a = agreement(
        WIGE_COOPERATION,
        "quotes { text language speaker { slug name } company { slug } agreement { slug } }",
    )
    .await;
    let quotes = a["quotes"].as_array().unwrap();
    let by = |slug: &str| -> Vec<&Value> {
        quotes
            .iter()
            .filter(|q| q["speaker"]["slug"] == slug)
            .collect()
    };

    let lauterbach = by("peter-lauterbach");
    assert_eq!(lauterbach.len(), 1, "{quotes:#?}");
    assert_eq!(lauterbach[0]["text"], LAUTERBACH_QUOTE);
    assert_eq!(lauterbach[0]["speaker"]["name"], "Peter Lauterbach");
    assert_eq!(lauterbach[0]["company"]["slug"], "wige-media");
    assert_eq!(lauterbach[0]["language"], "de");
    assert_eq!(lauterbach[0]["agreement"]["slug"], WIGE_COOPERATION);

    let zhang = by("zhang-dazhong");
    assert_eq!(zhang.len(), 1, "{quotes:#?}");
    assert_eq!(zhang[0]["text"], ZHANG_QUOTE);
    assert_eq!(zhang[0]["speaker"]["name"], "Zhang Dazhong");
    assert_eq!(zhang[0]["company"]["slug"], "alibaba-sports-group");
    assert_eq!(zhang[0]["language"], "de");
}

#[tokio::test]
async fn peter_lauterbachs_quote_is_found_through_the_person_too() {
    let app = spawn_app().await;
    let data = app
        .data(
            r#"{ person(slug: "peter-lauterbach") { quotes { text } roles { title company { slug } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["person"]["quotes"],
        json!([{ "text": LAUTERBACH_QUOTE }])
    );
    assert_eq!(
        data["person"]["roles"],
        json!([{ "title": "CEO", "company": { "slug": "wige-media" } }])
    );
}

#[tokio::test]
async fn the_wige_cooperation_is_reported_by_an_undated_german_article_with_a_kicker() {
    let a = agreement(
        WIGE_COOPERATION,
        "sources { title kicker publishedOn language url }",
    )
    .await;
    assert_eq!(
        a["sources"],
        json!([{
            "title": "Deutsche Wige Media produziert für Chinas Alibaba-Konzern",
            "kicker": "Koop bei Sportevents",
            "publishedOn": null,
            "language": "de",
            "url": null,
        }])
    );
}

#[tokio::test]
async fn the_partnership_is_reported_by_an_article_published_in_november_2023() {
    let a = agreement(
        ALIBABA_PICTURES_TB_PARTNERSHIP,
        "sources { title kicker publishedOn language }",
    )
    .await;
    assert_eq!(
        a["sources"],
        json!([{
            "title": "Medienkooperation",
            "kicker": null,
            "publishedOn": "2023-11",
            "language": "de",
        }])
    );
}

// Competitors and market positions

#[tokio::test]
async fn alibaba_group_is_set_against_netflix_disney_and_amazon() {
    let c = company("alibaba-group", "competitors { name }").await;
    assert_eq!(names(&c["competitors"]), ["Amazon", "Disney", "Netflix"]);
}

#[tokio::test]
async fn rivalry_is_symmetric_so_netflix_competes_with_alibaba_group_and_tb_media_global() {
    let c = company("netflix", "competitors { name }").await;
    let found = names(&c["competitors"]);
    for expected in ["Alibaba Group", "T&B Media Global"] {
        assert!(
            found.iter().any(|n| n == expected),
            "{expected} missing from {found:?}"
        );
    }
}

#[tokio::test]
async fn tencent_video_youku_and_iqiyi_compete_with_each_other_in_china() {
    let c = company("youku", "competitors { slug }").await;
    assert_eq!(
        sorted(field_strings(&c["competitors"], "slug")),
        ["iqiyi", "tencent-video"]
    );
}

#[tokio::test]
async fn netflix_has_the_most_subscribers_worldwide_according_to_flixpatrol() {
    let c = company(
        "netflix",
        "marketPositions { kind market reportedBy { slug name } source { title } }",
    )
    .await;
    assert_eq!(
        c["marketPositions"],
        json!([{
            "kind": "MOST_SUBSCRIBERS",
            "market": null,
            "reportedBy": { "slug": "flixpatrol", "name": "FlixPatrol" },
            "source": { "title": "Medienkooperation" },
        }])
    );
}

#[tokio::test]
async fn youku_is_among_the_most_used_services_in_china_according_to_iimedia_research() {
    let c = company(
        "youku",
        "marketPositions { kind market reportedBy { slug } }",
    )
    .await;
    assert_eq!(
        c["marketPositions"],
        json!([{ "kind": "MOST_USED", "market": "CN", "reportedBy": { "slug": "iimedia-research" } }])
    );
}

// Totals

#[tokio::test]
async fn the_totals_are_the_number_of_companies_people_and_agreements_in_the_seed_files() {
    let seed = seed();
    let app = spawn_app().await;
    let data = app
        .data(
            "{ companies { totalCount } people { totalCount } agreements { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["companies"]["totalCount"], json!(seed.companies.len()));
    assert_eq!(data["people"]["totalCount"], json!(seed.people.len()));
    assert_eq!(
        data["agreements"]["totalCount"],
        json!(seed.agreements.len())
    );
}

#[tokio::test]
async fn every_seeded_company_person_and_agreement_can_be_looked_up_by_its_slug() {
    let seed = seed();
    let app = spawn_app().await;
    for (field, records) in [
        ("company", &seed.companies),
        ("person", &seed.people),
        ("agreement", &seed.agreements),
    ] {
        for slug in slugs(records) {
            let query = format!("query($slug: String!) {{ {field}(slug: $slug) {{ slug }} }}");
            let data = app.data(&query, json!({ "slug": slug })).await;
            assert_eq!(data[field]["slug"], json!(slug), "{field} {slug}");
        }
    }
}

#[tokio::test]
async fn every_seeded_company_has_the_name_and_kind_of_its_seed_record() {
    let seed = seed();
    let app = spawn_app().await;
    for record in &seed.companies {
        let slug = record["slug"].as_str().unwrap();
        let data = app
            .data(
                "query($slug: String!) { company(slug: $slug) { name kind country founded } }",
                json!({ "slug": slug }),
            )
            .await;
        let c = &data["company"];
        assert_eq!(c["name"], record["name"].as_str().unwrap(), "{slug}");
        assert_eq!(c["kind"], record["kind"].as_str().unwrap(), "{slug}");
        let optional = |key: &str| {
            record
                .get(key)
                .and_then(|v| v.as_str())
                .map_or(Value::Null, |s| json!(s))
        };
        assert_eq!(c["country"], optional("country"), "{slug}");
        assert_eq!(c["founded"], optional("founded"), "{slug}");
    }
}
