//! Summaries and titles: the exact text of every seed entity in both languages, how the locale
//! is chosen (argument, Accept-Language, default), and the labels of every vocabulary value.

use serde_json::{Value, json};

use dealgraph::l10n::Locale;
use dealgraph::summary::readable::{main_sentence, reader_faults};

use crate::helpers::{assert_error_code, spawn_app};

// Reviewed as a journalist in each language would review them; a change to a message or to the
// seed data shows up here as a precise diff.
const COMPANY_SUMMARIES: &[(&str, &str, &str)] = &[
    (
        "alibaba-group",
        "Alibaba Group is a Chinese conglomerate based in Hangzhou, founded in 1999 by Jack Ma. Its five subsidiaries include Alibaba Pictures and Alibaba Sports Group. Its IPO in September 2014 was the largest in history. It competes with Amazon, Disney, and Netflix.",
        "Alibaba Group ist ein chinesischer Konzern mit Sitz in Hangzhou, gegründet 1999 von Jack Ma. Zu seinen fünf Tochtergesellschaften gehören Alibaba Pictures und Alibaba Sports Group. Sein Börsengang im September 2014 war der größte der Geschichte. Er konkurriert mit Amazon, Disney und Netflix.",
    ),
    (
        "alibaba-pictures",
        "Alibaba Pictures is a Chinese film studio and a subsidiary of Alibaba Group.",
        "Alibaba Pictures ist eine chinesische Filmgesellschaft und eine Tochtergesellschaft des Konzerns Alibaba Group.",
    ),
    (
        "alibaba-sports-group",
        "Alibaba Sports Group is a Chinese sports company founded in September 2015 and a subsidiary of Alibaba Group. Its CEO is Zhang Dazhong.",
        "Alibaba Sports Group ist ein chinesisches Sportunternehmen, gegründet im September 2015, und eine Tochtergesellschaft des Konzerns Alibaba Group. CEO ist Zhang Dazhong.",
    ),
    (
        "alibaba-com",
        "Alibaba.com is an online marketplace and a subsidiary of Alibaba Group.",
        "Alibaba.com ist ein Online-Marktplatz und eine Tochtergesellschaft des Konzerns Alibaba Group.",
    ),
    (
        "aliexpress",
        "AliExpress is an online marketplace and a subsidiary of Alibaba Group. It competes with Amazon.",
        "AliExpress ist ein Online-Marktplatz und eine Tochtergesellschaft des Konzerns Alibaba Group. Er konkurriert mit Amazon.",
    ),
    (
        "amazon",
        "Amazon is an American e-commerce company. It competes with Alibaba Group, AliExpress, and T&B Media Global.",
        "Amazon ist ein US-amerikanisches E-Commerce-Unternehmen. Es konkurriert mit Alibaba Group, AliExpress und T&B Media Global.",
    ),
    (
        "disney",
        "Disney is an American entertainment company. It competes with Alibaba Group and T&B Media Global.",
        "Disney ist ein US-amerikanisches Unterhaltungsunternehmen. Es konkurriert mit Alibaba Group und T&B Media Global.",
    ),
    (
        "flixpatrol",
        "FlixPatrol is a data provider.",
        "FlixPatrol ist ein Datenanbieter.",
    ),
    (
        "iimedia-research",
        "iiMedia Research is a market research firm.",
        "iiMedia Research ist ein Marktforschungsunternehmen.",
    ),
    (
        "iqiyi",
        "iQiyi is a streaming service. According to iiMedia Research, it is one of the most used services in China. It competes with Tencent Video and Youku.",
        "iQiyi ist ein Streamingdienst. Laut iiMedia Research gehört er in China zu den meistgenutzten Diensten. Er konkurriert mit Tencent Video und Youku.",
    ),
    (
        "netflix",
        "Netflix is an American streaming service. According to FlixPatrol, it has the most subscribers of any streaming service worldwide. It competes with Alibaba Group and T&B Media Global.",
        "Netflix ist ein US-amerikanischer Streamingdienst. Laut FlixPatrol hat er weltweit die meisten Abonnenten. Er konkurriert mit Alibaba Group und T&B Media Global.",
    ),
    (
        "tb-media-global",
        "T&B Media Global is a Thai media group. It competes with Amazon, Disney, and Netflix.",
        "T&B Media Global ist eine thailändische Mediengruppe. Sie konkurriert mit Amazon, Disney und Netflix.",
    ),
    (
        "tencent-video",
        "Tencent Video is a streaming service. According to iiMedia Research, it is one of the most used services in China. It competes with iQiyi and Youku.",
        "Tencent Video ist ein Streamingdienst. Laut iiMedia Research gehört er in China zu den meistgenutzten Diensten. Er konkurriert mit iQiyi und Youku.",
    ),
    (
        "tourism-authority-of-thailand",
        "The Tourism Authority of Thailand is a Thai government agency.",
        "Die Tourism Authority of Thailand ist eine thailändische Behörde.",
    ),
    (
        "wige-media",
        "Wige Media is a German media service provider. Its CEO is Peter Lauterbach.",
        "Wige Media ist ein deutscher Mediendienstleister. CEO ist Peter Lauterbach.",
    ),
    (
        "youku",
        "Youku is a video platform and a subsidiary of Alibaba Group. According to iiMedia Research, it is one of the most used services in China. It competes with iQiyi and Tencent Video.",
        "Youku ist eine Videoplattform und eine Tochtergesellschaft des Konzerns Alibaba Group. Laut iiMedia Research gehört sie in China zu den meistgenutzten Diensten. Sie konkurriert mit iQiyi und Tencent Video.",
    ),
];

const PERSON_SUMMARIES: &[(&str, &str, &str)] = &[
    (
        "jack-ma",
        "Jack Ma founded Alibaba Group.",
        "Jack Ma hat den Konzern Alibaba Group gegründet.",
    ),
    (
        "peter-lauterbach",
        "Peter Lauterbach is the CEO of Wige Media and is quoted once in the sources.",
        "Peter Lauterbach ist CEO des Mediendienstleisters Wige Media und wird in den Quellen einmal zitiert.",
    ),
    (
        "zhang-dazhong",
        "Zhang Dazhong is the CEO of Alibaba Sports Group and is quoted once in the sources.",
        "Zhang Dazhong ist CEO des Sportunternehmens Alibaba Sports Group und wird in den Quellen einmal zitiert.",
    ),
];

const AGREEMENT_SUMMARIES: &[(&str, &str, &str)] = &[
    (
        "alibaba-pictures-tb-media-global-partnership",
        "In November 2023, Alibaba Pictures and T&B Media Global agreed on a multi-stage strategic partnership in Thailand and China covering five fields, including film and TV distribution and intellectual property. The partnership is part of a programme run by the Tourism Authority of Thailand.",
        "Im November 2023 vereinbarten Alibaba Pictures und T&B Media Global eine mehrstufige strategische Partnerschaft für Thailand und China, die fünf Bereiche umfasst, darunter Film- und Fernsehvertrieb und geistiges Eigentum. Die Partnerschaft ist Teil eines Programms der Tourism Authority of Thailand.",
    ),
    (
        "tourism-authority-of-thailand-chinese-companies-programme",
        "The Tourism Authority of Thailand runs a programme with eight Chinese companies covering tourism and cultural exchange in Thailand and China. It includes the strategic partnership between Alibaba Pictures and T&B Media Global.",
        "Die Tourism Authority of Thailand betreibt ein Programm mit acht chinesischen Unternehmen in den Bereichen Tourismus und kultureller Austausch für Thailand und China. Dazu gehört die strategische Partnerschaft zwischen Alibaba Pictures und T&B Media Global.",
    ),
    (
        "wige-media-alibaba-sports-group-cooperation",
        "Wige Media and Alibaba Sports Group have signed a cooperation agreement in China covering seven fields, including organising, producing, and marketing sports events and motorsport. Wige Media is the first German partner of Alibaba Sports Group. Initially, the focus is on motorsport.",
        "Wige Media und Alibaba Sports Group haben einen Kooperationsvertrag für China unterzeichnet, der sieben Bereiche umfasst, darunter Veranstaltung, Produktion und Vermarktung von Sportevents und Motorsport. Wige Media ist der erste deutsche Partner von Alibaba Sports Group. Zunächst steht Motorsport im Mittelpunkt.",
    ),
];

const AGREEMENT_TITLES: &[(&str, &str, &str)] = &[
    (
        "alibaba-pictures-tb-media-global-partnership",
        "Strategic partnership between Alibaba Pictures and T&B Media Global",
        "Strategische Partnerschaft zwischen Alibaba Pictures und T&B Media Global",
    ),
    (
        "tourism-authority-of-thailand-chinese-companies-programme",
        "Programme run by the Tourism Authority of Thailand",
        "Programm der Tourism Authority of Thailand",
    ),
    (
        "wige-media-alibaba-sports-group-cooperation",
        "Cooperation agreement between Wige Media and Alibaba Sports Group",
        "Kooperationsvertrag zwischen Wige Media und Alibaba Sports Group",
    ),
];

/// Checks `summaries` and `summary(locale:)` of every entity of one type against `table`.
async fn check_summaries(query_field: &str, table: &[(&str, &str, &str)]) {
    let app = spawn_app().await;
    for (slug, en, de) in table {
        let query = format!(
            "query($slug: String!) {{ entity: {query_field}(slug: $slug) {{
                summaries {{ locale text }}
                de: summary(locale: \"de\")
                en: summary(locale: \"en\")
            }} }}"
        );
        let data = app.data(&query, json!({ "slug": slug })).await;
        let entity = &data["entity"];
        assert_eq!(entity["en"], *en, "English summary of {slug}");
        assert_eq!(entity["de"], *de, "German summary of {slug}");
        assert_eq!(
            entity["summaries"],
            json!([{ "locale": "de", "text": de }, { "locale": "en", "text": en }]),
            "summaries of {slug}"
        );
    }
}

#[tokio::test]
async fn every_seed_company_has_its_reviewed_summary_in_both_languages() {
    check_summaries("company", COMPANY_SUMMARIES).await;
}

#[tokio::test]
async fn every_seed_person_has_its_reviewed_summary_in_both_languages() {
    check_summaries("person", PERSON_SUMMARIES).await;
}

#[tokio::test]
async fn every_seed_agreement_has_its_reviewed_summary_in_both_languages() {
    check_summaries("agreement", AGREEMENT_SUMMARIES).await;
}

#[tokio::test]
async fn the_tables_cover_every_seed_entity() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ companies(first: 100) { totalCount } people(first: 100) { totalCount }
               agreements(first: 100) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(data["companies"]["totalCount"], COMPANY_SUMMARIES.len());
    assert_eq!(data["people"]["totalCount"], PERSON_SUMMARIES.len());
    assert_eq!(data["agreements"]["totalCount"], AGREEMENT_SUMMARIES.len());
}

#[tokio::test]
async fn every_seed_agreement_has_its_title_in_both_languages() {
    let app = spawn_app().await;
    for (slug, en, de) in AGREEMENT_TITLES {
        let data = app
            .data(
                "query($slug: String!) { agreement(slug: $slug) {
                    en: title(locale: \"en\") de: title(locale: \"de\") titles { locale text } } }",
                json!({ "slug": slug }),
            )
            .await;
        assert_eq!(data["agreement"]["en"], *en);
        assert_eq!(data["agreement"]["de"], *de);
        assert_eq!(
            data["agreement"]["titles"],
            json!([{ "locale": "de", "text": de }, { "locale": "en", "text": en }])
        );
    }
}

#[tokio::test]
async fn no_summary_contains_isolation_marks_placeholders_or_message_ids() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ companies(first: 100) { nodes { summaries { text } } }
               people(first: 100) { nodes { summaries { text } } }
               agreements(first: 100) { nodes { summaries { text } titles { text } } } }",
            json!({}),
        )
        .await;
    let mut texts = Vec::new();
    collect_strings(&data, &mut texts);
    assert!(texts.len() > 40, "{texts:?}");
    for text in texts {
        for bad in ['\u{2068}', '\u{2069}', '{', '}', '$'] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        for bad in ["-summary-", "company-kind-", "scope-", "null", "none", "  "] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        assert!(text.ends_with('.') || !text.contains(". "), "{text}");
    }
}

/// Every string in a JSON value.
fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

/// The locale a `summary` without argument comes out in, and the response's language headers.
async fn summary_with_accept_language(accept_language: Option<&str>) -> (String, String, String) {
    let app = spawn_app().await;
    let mut request = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": "{ company(slug: \"alibaba-pictures\") { summary } }" }));
    if let Some(value) = accept_language {
        request = request.header("Accept-Language", value);
    }
    let response = request.send().await.expect("sent");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let language = header("content-language");
    let vary: Vec<&str> = response
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let vary = vary.join(", ");
    let body: Value = response.json().await.expect("JSON");
    let summary = body["data"]["company"]["summary"]
        .as_str()
        .unwrap_or_else(|| panic!("no summary: {body}"))
        .to_owned();
    let locale = if summary.contains(" ist eine ") {
        "de"
    } else {
        "en"
    };
    assert!(
        summary == COMPANY_SUMMARIES[1].1 || summary == COMPANY_SUMMARIES[1].2,
        "{summary}"
    );
    (locale.to_owned(), language, vary)
}

#[tokio::test]
async fn accept_language_picks_the_locale_with_quality_values_respected() {
    let cases: &[(Option<&str>, &str)] = &[
        (None, "en"),
        (Some("de"), "de"),
        (Some("de-AT"), "de"),
        (Some("de-CH, en;q=0.5"), "de"),
        (Some("en;q=0.4, de;q=0.9"), "de"),
        (Some("fr, de;q=0.8"), "de"),
        (Some("fr"), "en"),
        (Some("en-GB"), "en"),
        (Some("*"), "en"),
        (Some("de;q=0"), "en"),
        (Some("garbage;;;,,,"), "en"),
        (Some(""), "en"),
    ];
    for (header, expected) in cases {
        let (locale, content_language, vary) = summary_with_accept_language(*header).await;
        assert_eq!(locale, *expected, "Accept-Language: {header:?}");
        assert_eq!(
            content_language, *expected,
            "Content-Language for {header:?}"
        );
        assert!(vary.contains("Accept-Language"), "Vary: {vary}");
    }
}

#[tokio::test]
async fn the_locale_argument_wins_over_accept_language() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("Accept-Language", "de")
        .json(&json!({ "query": "{ company(slug: \"wige-media\") {
            en: summary(locale: \"en-GB\") at: summary(locale: \"de-AT\")
            fr: summary(locale: \"fr\") plain: summary } }" }))
        .send()
        .await
        .expect("sent");
    let body: Value = response.json().await.expect("JSON");
    let company = &body["data"]["company"];
    let en = "Wige Media is a German media service provider. Its CEO is Peter Lauterbach.";
    let de = "Wige Media ist ein deutscher Mediendienstleister. CEO ist Peter Lauterbach.";
    assert_eq!(company["en"], en);
    assert_eq!(company["at"], de);
    assert_eq!(
        company["fr"], en,
        "a well-formed tag with no match gets English"
    );
    assert_eq!(
        company["plain"], de,
        "without the argument the header decides"
    );
}

#[tokio::test]
async fn a_malformed_locale_tag_is_bad_user_input() {
    let app = spawn_app().await;
    for tag in ["", "not a tag!", "123", "x"] {
        let body = app
            .graphql(
                "query($tag: String) { company(slug: \"wige-media\") { summary(locale: $tag) } }",
                json!({ "tag": tag }),
            )
            .await;
        assert_error_code(&body, "BAD_USER_INPUT");
        assert_eq!(
            body["errors"][0]["extensions"]["argument"], "locale",
            "{body}"
        );
    }
}

#[tokio::test]
async fn the_available_locales_are_listed() {
    let app = spawn_app().await;
    let data = app.data("{ locales }", json!({})).await;
    assert_eq!(data["locales"], json!(["de", "en"]));
}

#[tokio::test]
async fn every_vocabulary_value_has_a_label_in_both_languages() {
    let app = spawn_app().await;
    let query = "query($locale: String) { labels(locale: $locale) { vocabulary value text } }";
    let de = app.data(query, json!({ "locale": "de" })).await;
    let en = app.data(query, json!({ "locale": "en" })).await;
    let (de, en) = (
        de["labels"].as_array().expect("labels").clone(),
        en["labels"].as_array().expect("labels").clone(),
    );
    assert_eq!(de.len(), en.len());
    // Every enum value of every vocabulary, from introspection, must have a label.
    let schema = app
        .data(
            "{ __schema { types { name kind enumValues { name } } } }",
            json!({}),
        )
        .await;
    let enum_value_count = |name: &str| {
        schema["__schema"]["types"]
            .as_array()
            .expect("types")
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["enumValues"].as_array().expect("values").len())
            .unwrap_or_else(|| panic!("no enum {name}"))
    };
    for (vocabulary, enum_name) in [
        ("COMPANY_KIND", "CompanyKind"),
        ("BUSINESS_AREA", "BusinessArea"),
        ("ROLE_TITLE", "RoleTitle"),
        ("AGREEMENT_KIND", "AgreementKind"),
        ("AGREEMENT_STATUS", "AgreementStatus"),
        ("PARTY_ROLE", "PartyRole"),
        ("SCOPE", "Scope"),
        ("EVENT_KIND", "EventKind"),
        ("MARKET_POSITION_KIND", "MarketPositionKind"),
    ] {
        for labels in [&de, &en] {
            let count = labels
                .iter()
                .filter(|l| l["vocabulary"] == vocabulary)
                .count();
            assert_eq!(count, enum_value_count(enum_name), "{vocabulary}");
        }
    }
    let countries: Vec<&Value> = en.iter().filter(|l| l["vocabulary"] == "COUNTRY").collect();
    let codes: Vec<&str> = countries
        .iter()
        .filter_map(|l| l["value"].as_str())
        .collect();
    assert_eq!(codes, ["CN", "DE", "TH", "US"]);
    for label in de.iter().chain(&en) {
        let text = label["text"].as_str().expect("text");
        assert!(!text.trim().is_empty(), "{label}");
        assert!(
            !text.starts_with("company-kind") && !text.starts_with("scope-"),
            "{label}"
        );
    }
    let find = |labels: &[Value], vocabulary: &str, value: &str| {
        labels
            .iter()
            .find(|l| l["vocabulary"] == vocabulary && l["value"] == value)
            .map(|l| l["text"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(
        find(&de, "SCOPE", "FILM_TV_DISTRIBUTION"),
        "Film- und Fernsehvertrieb"
    );
    assert_eq!(
        find(&en, "SCOPE", "FILM_TV_DISTRIBUTION"),
        "film and TV distribution"
    );
    assert_eq!(find(&de, "COMPANY_KIND", "MEDIA_GROUP"), "Mediengruppe");
    assert_eq!(find(&en, "ROLE_TITLE", "FOUNDER"), "founder");
    assert_eq!(find(&de, "COUNTRY", "TH"), "Thailand");
    assert_eq!(find(&de, "COUNTRY", "DE"), "Deutschland");
}

#[tokio::test]
async fn labels_can_be_asked_for_one_vocabulary() {
    let app = spawn_app().await;
    let data = app
        .data(
            "{ labels(vocabularies: [AGREEMENT_STATUS], locale: \"de\") { value text } }",
            json!({}),
        )
        .await;
    assert_eq!(
        data["labels"],
        json!([
            { "value": "ANNOUNCED", "text": "angekündigt" },
            { "value": "SIGNED", "text": "unterzeichnet" },
            { "value": "ACTIVE", "text": "laufend" },
            { "value": "ENDED", "text": "beendet" },
        ])
    );
}

/// What no summary may contain: a placeholder, an isolation mark, a doubled space, a space
/// before punctuation, an empty list.
fn faults(text: &str) -> Vec<&'static str> {
    [
        ("{", "a placeholder"),
        ("\u{2068}", "an isolation mark"),
        ("  ", "a doubled space"),
        (" ,", "a space before a comma"),
        (" .", "a space before a period"),
        (",.", "an empty list"),
    ]
    .into_iter()
    .filter(|(bad, _)| text.contains(bad))
    .map(|(_, why)| why)
    .collect()
}

#[tokio::test]
async fn generated_agreements_companies_and_people_read_well_through_the_server() {
    let app = crate::helpers::spawn_synthetic(crate::synthetic::Sizes {
        companies: 300,
        agreements: 400,
    })
    .await;
    let mut problems = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app
            .data(
                "query($after: String) { agreements(first: 100, after: $after) {
                    pageInfo { hasNextPage endCursor }
                    nodes { slug parties { role company { name } }
                      en: summary(locale: \"en\") de: summary(locale: \"de\") } } }",
                json!({ "after": after }),
            )
            .await;
        let page = &data["agreements"];
        for node in page["nodes"].as_array().into_iter().flatten() {
            let (en, de) = (
                node["en"].as_str().unwrap_or_default(),
                node["de"].as_str().unwrap_or_default(),
            );
            if en == de {
                problems.push(format!("German equals English: {en}"));
            }
            // A programme's organisers and its partners are two lists.
            let parties = |role: &str| -> Vec<String> {
                node["parties"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["role"] == role)
                    .filter_map(|p| p["company"]["name"].as_str().map(str::to_owned))
                    .collect()
            };
            let parties = [parties("PARTNER"), parties("ORGANISER")];
            for (text, locale) in [(en, Locale::En), (de, Locale::De)] {
                for fault in faults(text) {
                    problems.push(format!("{fault}: {text}"));
                }
                // The first-partner sentence names a party apart from the others; the main
                // sentence names the parties as one list.
                problems.extend(reader_faults(locale, text, &[], &parties.concat()));
                problems.extend(reader_faults(locale, main_sentence(text), &parties, &[]));
                // No party twice in one sentence (a sentence ends at ". " and a capital).
                for sentence in text.split(". ") {
                    for party in node["parties"].as_array().into_iter().flatten() {
                        let name = party["company"]["name"].as_str().unwrap_or_default();
                        // Names that contain another's are not counted twice by this check.
                        if !name.is_empty() && sentence.matches(name).count() > 1 {
                            problems.push(format!("{name} twice: {sentence}"));
                        }
                    }
                }
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    // Each list a company's or a person's summary may name, from the full lists the API
    // keeps beside the summary.
    let lists = [
        (
            "companies",
            "founders { name } subsidiaries(first: 100) { nodes { name } } competitors { name }",
        ),
        ("people", "roles { title company { name } }"),
    ];
    for (list, fields) in lists {
        let data = app
            .data(
                &format!(
                    "{{ {list}(first: 100) {{ nodes {{ en: summary(locale: \"en\")
                        de: summary(locale: \"de\") {fields} }} }} }}"
                ),
                json!({}),
            )
            .await;
        for node in data[list]["nodes"].as_array().into_iter().flatten() {
            let names = |path: &[&str]| -> Vec<String> {
                let mut values = vec![node];
                for key in path {
                    values = values
                        .into_iter()
                        .flat_map(|v| match &v[*key] {
                            Value::Array(items) => items.iter().collect(),
                            other => vec![other],
                        })
                        .collect();
                }
                values
                    .into_iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            };
            let role_companies = names(&["roles", "company", "name"]);
            let names_lists = [
                names(&["founders", "name"]),
                names(&["subsidiaries", "nodes", "name"]),
                names(&["competitors", "name"]),
            ];
            for (text, locale) in [(&node["en"], Locale::En), (&node["de"], Locale::De)] {
                let text = text.as_str().unwrap_or_default();
                for fault in faults(text) {
                    problems.push(format!("{fault}: {text}"));
                }
                // A person's companies are checked by the shapes, whose roles are known by
                // verb; here every person's sentence is checked for length and verbs.
                problems.extend(reader_faults(locale, text, &names_lists, &role_companies));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems, the first: {:#?}",
        problems.len(),
        &problems[..problems.len().min(10)]
    );
}

/// Labels come in two forms: `text` stands inside a sentence, `display` on its own (a
/// dropdown, a filter, a table heading): capitalised, a country without its article.
#[tokio::test]
async fn labels_have_a_standalone_display_form_beside_the_running_text_form() {
    let app = spawn_app().await;
    let query =
        "query($locale: String) { labels(locale: $locale) { vocabulary value text display } }";
    let mut seen = 0;
    for locale in ["de", "en"] {
        let data = app.data(query, json!({ "locale": locale })).await;
        for label in data["labels"].as_array().expect("labels") {
            let display = label["display"].as_str().expect("display");
            let first = display.chars().next().expect("not empty");
            assert!(
                first.is_uppercase() || first.is_ascii_digit(),
                "{locale}: {label}"
            );
            for article in ["the ", "die ", "das ", "der "] {
                assert!(!display.starts_with(article), "{locale}: {label}");
            }
            seen += 1;
        }
    }
    assert!(seen > 100, "{seen}");
    let pick = |data: &Value, value: &str| {
        data["labels"]
            .as_array()
            .and_then(|l| l.iter().find(|l| l["value"] == value).cloned())
            .unwrap_or_else(|| panic!("no label {value}"))
    };
    let de = app.data(query, json!({ "locale": "de" })).await;
    let en = app.data(query, json!({ "locale": "en" })).await;
    assert_eq!(pick(&de, "US")["text"], "die USA");
    assert_eq!(pick(&de, "US")["display"], "USA");
    assert_eq!(pick(&en, "US")["text"], "the United States");
    assert_eq!(pick(&en, "US")["display"], "United States");
    assert_eq!(
        pick(&en, "STRATEGIC_PARTNERSHIP")["text"],
        "strategic partnership"
    );
    assert_eq!(
        pick(&en, "STRATEGIC_PARTNERSHIP")["display"],
        "Strategic partnership"
    );
    assert_eq!(
        pick(&de, "STRATEGIC_PARTNERSHIP")["display"],
        "Strategische Partnerschaft"
    );
    assert_eq!(pick(&de, "CN")["display"], "China");
}
