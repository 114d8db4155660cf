//! Every shape a summary can take, generated: agreements of every kind, status, mix of party
//! roles, number of parties and date precision, with and without scopes, markets, umbrella and
//! components; companies with and without each fact; people with no role, one, several,
//! current and former, quoted or not. Each summary is checked in both languages for what a
//! reader would stumble on: a verb that does not agree with its subject, a party named twice in
//! one sentence, a placeholder or an empty list left in the text, isolation marks, doubled
//! spaces, and German equal to English; and, with long lists as generated data at scale has
//! them, for what [`readable`](crate::summary::readable) names: a sentence too long, a list past
//! the cap, a verb phrase said twice in one sentence.

use crate::l10n::{Locale, Localizer};
use crate::model::{
    AgreementKind, AgreementStatus, CompanyKind, MarketPositionKind, NameArticle, PartialDate,
    RoleTitle, Scope,
};
use crate::summary::Writer;
use crate::summary::facts::{
    AgreementFacts, AgreementRef, CompanyFacts, CompanyRef, IpoFacts, PartyFacts, PersonFacts,
    PositionFacts, RoleFacts,
};
use crate::summary::readable::{main_sentence, reader_faults, sentences, words};
use crate::summary::write::tests::{bare_company, company as named};

/// Company names that are no part of each other, no verb and no period.
const NAMES: [&str; 16] = [
    "Adler Medien",
    "Birke Studios",
    "Condor Sport",
    "Delta Kanal",
    "Eiche Film",
    "Falke Digital",
    "Garten Rundfunk",
    "Habicht Bild",
    "Insel Ton",
    "Jaguar Netz",
    "Kiefer Werke",
    "Linde Presse",
    "Milan Verlag",
    "Nashorn Bühne",
    "Otter Straße",
    "Panda Pixel",
];

fn company(name: &str, index: usize) -> CompanyRef {
    let kinds = [
        CompanyKind::MediaGroup,
        CompanyKind::GovernmentAgency,
        CompanyKind::SportsCompany,
        CompanyKind::Conglomerate,
        CompanyKind::StreamingService,
    ];
    CompanyRef {
        name: name.to_owned(),
        kind: kinds[index % kinds.len()],
        // Every seventh company's name takes an article of its own.
        article: [
            Some(NameArticle::Feminine),
            None,
            None,
            Some(NameArticle::Masculine),
            None,
            None,
            Some(NameArticle::Neuter),
        ][index % 7],
    }
}

fn date(precision: usize) -> Option<PartialDate> {
    let text = ["", "2021", "2021-03", "2021-03-15"][precision % 4];
    text.parse().ok()
}

/// Which of a programme's parties organise it.
#[derive(Debug, Clone, Copy)]
enum Roles {
    /// The first party organises, the others are partners.
    Both,
    /// Every party organises.
    Organisers,
    /// Every party is a partner.
    Partners,
    /// No party is recorded.
    None,
}

/// One generated agreement and what its main sentence's subject is.
struct Shape {
    facts: AgreementFacts,
    /// The names in the subject of the main sentence (empty: "the parties").
    subject: Vec<String>,
    /// Every name of a party, an umbrella organiser or a component's party.
    names: Vec<String>,
}

/// Every agreement shape: kind × status × roles × 1 to 5 parties × date precision, each with a
/// varying mix of scopes, markets, umbrella, components, reported partner count and first
/// partners.
fn agreement_shapes() -> Vec<Shape> {
    let mut shapes = Vec::new();
    let mut n = 0_usize;
    for &kind in AgreementKind::ALL {
        for &status in AgreementStatus::ALL {
            for roles in [Roles::Both, Roles::Organisers, Roles::Partners, Roles::None] {
                for count in 1..=5 {
                    for precision in 0..4 {
                        // Three variants of each, with other scopes, markets and relations.
                        for _ in 0..3 {
                            n += 1;
                            shapes.push(agreement_shape(kind, status, roles, count, precision, n));
                        }
                    }
                }
            }
        }
    }
    shapes
}

/// Words that make distinct item names, none part of another.
const GREEK: [&str; 12] = [
    "Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa",
    "Lambda", "Omega",
];

/// `n` item names, `prefix` followed by a word of [`GREEK`].
fn items(prefix: &str, n: usize) -> Vec<String> {
    GREEK
        .iter()
        .take(n)
        .map(|w| format!("{prefix} {w}"))
        .collect()
}

/// Agreements with long lists, as generated data at scale has them: eight parties, nine
/// components of five parties each, every scope and six markets, for each kind, status, mix
/// of roles and date precision.
fn long_agreement_shapes() -> Vec<Shape> {
    let places = [
        "Nord", "Süd", "Ost", "West", "Berg", "Tal", "See", "Wald", "Feld",
    ];
    let mut shapes = Vec::new();
    let mut n = 0;
    for &kind in AgreementKind::ALL {
        for &status in AgreementStatus::ALL {
            for roles in [Roles::Both, Roles::Organisers, Roles::Partners] {
                for precision in 0..4 {
                    n += 1;
                    let mut shape = agreement_shape(kind, status, roles, 8, precision, n);
                    let facts = &mut shape.facts;
                    facts.scopes = Scope::ALL.to_vec();
                    facts.initial_focus = Scope::ALL[..n % 7].to_vec();
                    facts.markets = ["DE", "FR", "CN", "US", "IT", "JP"]
                        .map(String::from)
                        .to_vec();
                    facts.components = places
                        .iter()
                        .enumerate()
                        .map(|(i, place)| AgreementRef {
                            kind: AgreementKind::ALL[(n + i) % AgreementKind::ALL.len()],
                            partners: items(place, 5)
                                .iter()
                                .enumerate()
                                .map(|(j, name)| company(name, n + j))
                                .collect(),
                            organisers: vec![],
                        })
                        .collect();
                    let mut names = shape.partner_names();
                    names.extend(shape.lists().concat());
                    shape.names = names;
                    shapes.push(shape);
                }
            }
        }
    }
    shapes
}

impl Shape {
    /// The partners' names, as the main sentence lists them.
    fn partner_names(&self) -> Vec<String> {
        self.facts
            .agreement
            .partners
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    /// The lists of names its summary may name in a sentence: the organisers, the partners
    /// but the first from their country (whom the first-partner sentence names apart from
    /// the others), and each component's partners.
    fn lists(&self) -> Vec<Vec<String>> {
        let names = |companies: &[CompanyRef]| companies.iter().map(|c| c.name.clone()).collect();
        let facts = &self.facts;
        let others: Vec<String> = facts
            .partners
            .iter()
            .filter(|p| !p.first_from_country)
            .map(|p| p.company.name.clone())
            .collect();
        let mut lists: Vec<Vec<String>> = vec![names(&facts.agreement.organisers), others];
        lists.extend(facts.components.iter().map(|c| names(&c.partners)));
        lists
    }
}

fn agreement_shape(
    kind: AgreementKind,
    status: AgreementStatus,
    roles: Roles,
    count: usize,
    precision: usize,
    n: usize,
) -> Shape {
    let parties: Vec<CompanyRef> = match roles {
        Roles::None => Vec::new(),
        _ => (0..count).map(|i| company(NAMES[i], i + n)).collect(),
    };
    // Only programmes have organisers; in other kinds every party is a partner.
    let organisers: Vec<CompanyRef> = match (kind, roles) {
        (AgreementKind::Programme, Roles::Both) => parties[..1].to_vec(),
        (AgreementKind::Programme, Roles::Organisers) => parties.clone(),
        _ => Vec::new(),
    };
    let partners: Vec<CompanyRef> = parties
        .iter()
        .filter(|p| !organisers.contains(p))
        .cloned()
        .collect();
    let subject: Vec<String> = if kind == AgreementKind::Programme && !organisers.is_empty() {
        organisers.iter().map(|c| c.name.clone()).collect()
    } else {
        partners.iter().map(|c| c.name.clone()).collect()
    };
    let scope_sets: [&[Scope]; 4] = [
        &[],
        &[Scope::Tourism],
        &[
            Scope::SportsEventOrganisation,
            Scope::Motorsport,
            Scope::SportsEventMarketing,
        ],
        &[
            Scope::FilmTvDistribution,
            Scope::SportsEventProduction,
            Scope::SportsEventOrganisation,
            Scope::ArtificialIntelligence,
        ],
    ];
    let scopes = scope_sets[n % 4].to_vec();
    let initial_focus = scopes.iter().take(n % 3).copied().collect();
    let markets = [
        vec![],
        vec!["DE".to_owned()],
        vec!["FR".into(), "CN".into()],
    ][n % 3]
        .clone();
    let umbrella = n.is_multiple_of(5).then(|| AgreementRef {
        kind: AgreementKind::Programme,
        partners: vec![],
        organisers: vec![company(NAMES[14], n)],
    });
    let components = (0..n % 3)
        .map(|i| AgreementRef {
            kind: AgreementKind::ALL[(n + i) % AgreementKind::ALL.len()],
            partners: vec![company(NAMES[10 + 2 * i], n), company(NAMES[11 + 2 * i], n)],
            organisers: vec![],
        })
        .collect::<Vec<_>>();
    let mut names: Vec<String> = parties.iter().map(|c| c.name.clone()).collect();
    names.extend(
        umbrella
            .iter()
            .flat_map(|u| u.organisers.iter().map(|c| c.name.clone())),
    );
    names.extend(
        components
            .iter()
            .flat_map(|c| c.partners.iter().map(|p| p.name.clone())),
    );
    let countries = [None, Some("DE"), Some("CN"), Some("FR")];
    let facts = AgreementFacts {
        agreement: AgreementRef {
            kind,
            partners: partners.clone(),
            organisers,
        },
        status,
        announced: date(precision),
        signed: date(precision),
        multi_stage: n.is_multiple_of(2),
        partners: partners
            .iter()
            .enumerate()
            .map(|(i, c)| PartyFacts {
                company: c.clone(),
                country: countries[(n + i) % 4].map(str::to_owned),
                first_from_country: partners.len() > 1 && i == 0 && n % 4 == 1,
            })
            .collect(),
        partner_count: [None, Some(1), Some(8), Some(13)][n % 4],
        partner_country: [None, Some("CN".to_owned())][n % 2].clone(),
        scopes,
        initial_focus,
        markets,
        part_of: umbrella,
        components,
    };
    Shape {
        facts,
        subject,
        names,
    }
}

/// The faults any summary may show; none expected.
fn faults(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (bad, why) in [
        ("{", "a placeholder"),
        ("}", "a placeholder"),
        ("\u{2068}", "an isolation mark"),
        ("\u{2069}", "an isolation mark"),
        ("  ", "a doubled space"),
        (" ,", "a space before a comma"),
        (" .", "a space before a period"),
        (",.", "an empty list"),
        (",,", "an empty list"),
        ("..", "a doubled period"),
        (" none", "a selector value"),
        (" yes", "a selector value"),
    ] {
        if text.contains(bad) {
            found.push(format!("{why} ({bad:?})"));
        }
    }
    if text.is_empty() || !text.ends_with('.') {
        found.push("no final period".into());
    }
    found
}

/// The verbs whose form shows the subject's number, in each language.
fn number_verbs(locale: Locale) -> (&'static [&'static str], &'static [&'static str]) {
    match locale {
        Locale::En => (&["has", "runs", "is"], &["have", "run", "are"]),
        Locale::De => (
            &[
                "ist",
                "hat",
                "betreibt",
                "betrieb",
                "vereinbarte",
                "unterzeichnete",
                "beendete",
                "ging",
                "kündigte",
                "startete",
            ],
            &[
                "sind",
                "haben",
                "betreiben",
                "betrieben",
                "vereinbarten",
                "unterzeichneten",
                "beendeten",
                "gingen",
                "kündigten",
                "starteten",
            ],
        ),
    }
}

#[test]
fn every_agreement_shape_reads_well_in_both_languages() {
    let l10n = Localizer::new().expect("the embedded translations load");
    let mut shapes = agreement_shapes();
    assert!(shapes.len() >= 2800, "{} shapes", shapes.len());
    shapes.extend(long_agreement_shapes());
    let mut problems = Vec::new();
    for shape in &shapes {
        let mut texts = Vec::new();
        for locale in [Locale::En, Locale::De] {
            let text = match Writer::new(&l10n, locale).agreement(&shape.facts) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(format!("{locale:?}: {e:?} for {:?}", shape.facts));
                    continue;
                }
            };
            for fault in faults(&text) {
                problems.push(format!("{locale:?}: {fault}: {text}"));
            }
            let writer = Writer::new(&l10n, locale);
            let mut lists = shape.lists();
            lists.push(
                shape
                    .facts
                    .markets
                    .iter()
                    .filter_map(|c| writer.label(&format!("country-{}", c.to_lowercase())).ok())
                    .collect(),
            );
            for fault in reader_faults(locale, &text, &lists, &shape.names) {
                problems.push(format!("{locale:?}: {fault}"));
            }
            // The first-partner sentence names a party and the others, two lists; the main
            // sentence names the partners as one.
            let partners = [shape.partner_names()];
            for fault in reader_faults(locale, main_sentence(&text), &partners, &shape.names) {
                problems.push(format!("{locale:?}: {fault}"));
            }
            for sentence in sentences(&text) {
                for name in &shape.names {
                    if sentence.matches(name.as_str()).count() > 1 {
                        problems.push(format!("{locale:?}: {name} twice: {sentence}"));
                    }
                }
            }
            // The first verb that shows a number is the main verb; it agrees with the subject.
            let (singular, plural) = number_verbs(locale);
            let main = main_sentence(&text);
            if let Some(verb) = words(main)
                .into_iter()
                .find(|w| singular.contains(w) || plural.contains(w))
            {
                let one = shape.subject.len() == 1;
                let fits = if one {
                    singular.contains(&verb)
                } else {
                    plural.contains(&verb)
                };
                if !fits {
                    problems.push(format!(
                        "{locale:?}: {verb:?} after a subject of {} ({:?}): {main}",
                        shape.subject.len(),
                        shape.subject
                    ));
                }
            }
            texts.push(text);
        }
        if texts.len() == 2 && texts[0] == texts[1] {
            problems.push(format!("German equals English: {}", texts[0]));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems, the first: {:#?}",
        problems.len(),
        &problems[..problems.len().min(12)]
    );
}

/// Every company shape: each kind, each fact present or not.
fn company_shapes() -> Vec<CompanyFacts> {
    let kinds = CompanyKind::ALL;
    let mut shapes = Vec::new();
    for (n, kind) in kinds.iter().cycle().take(13 * 16).enumerate() {
        let has = |bit: usize| (n >> bit) & 1 == 1;
        shapes.push(CompanyFacts {
            company: company(NAMES[n % 8], n),
            country: [None, Some("DE"), Some("CN"), Some("FR"), Some("US")][n % 5]
                .map(str::to_owned),
            headquarters: has(0).then(|| "Köln".to_owned()),
            founded: date(n % 4),
            founders: (0..n % 3).map(|i| format!("Gründerin {i}")).collect(),
            parent: has(1).then(|| company(NAMES[8 + n % 4], n + 1)),
            ceos: (0..n % 3).map(|i| format!("Chefin {i}")).collect(),
            former_ceos: (0..(n / 5) % 3).map(|i| format!("Altchef {i}")).collect(),
            subsidiaries: (0..(n / 3) % 4).map(|i| NAMES[12 + i].to_owned()).collect(),
            rivals: (0..(n / 2) % 3).map(|i| format!("Rivale {i}")).collect(),
            ipo: has(2).then(|| IpoFacts {
                date: date(n / 4),
                record: has(3),
            }),
            positions: if has(3) {
                vec![PositionFacts {
                    kind: if has(0) {
                        MarketPositionKind::MostUsed
                    } else {
                        MarketPositionKind::MostSubscribers
                    },
                    market: has(1).then(|| "CN".to_owned()),
                    reported_by: has(2).then(|| "Marktforscher".to_owned()),
                }]
            } else {
                vec![]
            },
        });
        let _ = kind;
    }
    // Long lists, as generated data at scale has them, with and without the other facts.
    for (n, base) in shapes.clone().into_iter().step_by(7).enumerate() {
        shapes.push(CompanyFacts {
            founders: items("Gründerin", 3 + n % 4),
            ceos: items("Chefin", 1 + n % 6),
            former_ceos: items("Altchef", n % 7),
            subsidiaries: items("Tochter", 2 + n % 9),
            rivals: items("Rivale", 1 + n % 12),
            ..base
        });
    }
    shapes
}

/// The lists of names a company's summary may name.
fn company_lists(facts: &CompanyFacts) -> Vec<Vec<String>> {
    vec![
        facts.founders.clone(),
        facts.ceos.clone(),
        facts.former_ceos.clone(),
        facts.subsidiaries.clone(),
        facts.rivals.clone(),
    ]
}

#[test]
fn every_company_shape_reads_well_in_both_languages() {
    let l10n = Localizer::new().expect("the embedded translations load");
    let mut problems = Vec::new();
    for facts in company_shapes() {
        let texts: Vec<String> = [Locale::En, Locale::De]
            .into_iter()
            .filter_map(|locale| match Writer::new(&l10n, locale).company(&facts) {
                Ok(text) => Some(text),
                Err(e) => {
                    problems.push(format!("{locale:?}: {e:?}"));
                    None
                }
            })
            .collect();
        for (text, locale) in texts.iter().zip([Locale::En, Locale::De]) {
            for fault in faults(text) {
                problems.push(format!("{fault}: {text}"));
            }
            for fault in reader_faults(locale, text, &company_lists(&facts), &[]) {
                problems.push(format!("{locale:?}: {fault}"));
            }
        }
        if texts.len() == 2 && texts[0] == texts[1] {
            problems.push(format!("German equals English: {}", texts[0]));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Every person shape: no role, one, several, current and former, founder and CEO of
/// different companies, quoted or not.
fn person_shapes() -> Vec<PersonFacts> {
    let mut shapes = Vec::new();
    for n in 0..96 {
        let roles = (0..n % 4)
            .map(|i| RoleFacts {
                title: if (n + i) % 2 == 0 {
                    RoleTitle::Ceo
                } else {
                    RoleTitle::Founder
                },
                company: company(NAMES[i], n + i),
                since: date(n / 4 + i),
                until: date((n / 16 + i) % 3),
            })
            .collect();
        shapes.push(PersonFacts {
            name: "Maria Beispiel".into(),
            roles,
            quotes: [0, 1, 2, 5, 13, 0][n % 6],
            sources: n % 3,
        });
    }
    // Many roles, as a person of generated data at scale has them: founder of several
    // companies (one of which the person also leads or led), CEO of several, formerly of
    // several, in every mix.
    let role = |title, name: &str, i: usize, until| RoleFacts {
        title,
        company: company(name, i),
        since: date(i),
        until,
    };
    for n in 0..48 {
        let founded = items("Firma", n % 7);
        let current = items("Sender", (n / 7) % 5);
        let former = items("Verlag", (n / 3) % 4);
        let mut roles: Vec<RoleFacts> = Vec::new();
        for (i, name) in founded.iter().enumerate() {
            roles.push(role(RoleTitle::Founder, name, i + n, None));
        }
        for (i, name) in current.iter().enumerate() {
            roles.push(role(RoleTitle::Ceo, name, i + n, None));
        }
        for (i, name) in former.iter().enumerate() {
            roles.push(role(RoleTitle::Ceo, name, i + n, date(1 + (n + i) % 3)));
        }
        if let Some(first) = founded.first().filter(|_| n % 2 == 0) {
            let until = (n % 4 == 0).then(|| date(3)).flatten();
            roles.push(role(RoleTitle::Ceo, first, n, until));
        }
        shapes.push(PersonFacts {
            name: "Maria Beispiel".into(),
            roles,
            quotes: n % 3,
            sources: 1,
        });
    }
    shapes
}

/// The lists of company names a person's summary may name, by what the person did.
fn person_lists(facts: &PersonFacts) -> Vec<Vec<String>> {
    let names = |keep: &dyn Fn(&RoleFacts) -> bool| {
        facts
            .roles
            .iter()
            .filter(|r| keep(r))
            .map(|r| r.company.name.clone())
            .collect()
    };
    let founded: Vec<String> = names(&|r| r.title == RoleTitle::Founder);
    // A founded company the person also leads is named once, in the founding; it is left out
    // of the other lists so that one name is not counted in two lists of one sentence.
    let led = |current: bool| -> Vec<String> {
        names(&|r| r.title == RoleTitle::Ceo && r.until.is_none() == current)
            .into_iter()
            .filter(|name: &String| !founded.contains(name))
            .collect()
    };
    vec![led(true), led(false), founded.clone()]
}

#[test]
fn every_person_shape_names_the_person_once_in_both_languages() {
    let l10n = Localizer::new().expect("the embedded translations load");
    let mut problems = Vec::new();
    for facts in person_shapes() {
        let mut texts = Vec::new();
        for locale in [Locale::En, Locale::De] {
            let text = match Writer::new(&l10n, locale).person(&facts) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(format!("{locale:?}: {e:?}"));
                    continue;
                }
            };
            for fault in faults(&text) {
                problems.push(format!("{fault}: {text}"));
            }
            for fault in reader_faults(locale, &text, &person_lists(&facts), &[]) {
                problems.push(format!("{locale:?}: {fault}"));
            }
            if text.matches("Maria Beispiel").count() != 1 {
                problems.push(format!("{locale:?}: the name is not said once: {text}"));
            }
            texts.push(text);
        }
        if texts.len() == 2 && texts[0] == texts[1] {
            problems.push(format!("German equals English: {}", texts[0]));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

/// `shape` with no name taking an article of its own.
fn plain(mut shape: Shape) -> Shape {
    let facts = &mut shape.facts;
    let refs = facts
        .agreement
        .partners
        .iter_mut()
        .chain(facts.agreement.organisers.iter_mut())
        .chain(facts.partners.iter_mut().map(|p| &mut p.company))
        .chain(
            facts
                .part_of
                .iter_mut()
                .flat_map(|u| u.organisers.iter_mut()),
        )
        .chain(
            facts
                .components
                .iter_mut()
                .flat_map(|c| c.partners.iter_mut()),
        );
    for company in refs {
        company.article = None;
    }
    shape
}

/// One representative of each agreement shape: its name and how it is made.
fn representatives() -> Vec<(&'static str, Shape)> {
    use AgreementKind::{CooperationAgreement, Programme, StrategicPartnership};
    use AgreementStatus::{Active, Announced, Ended, Signed};
    let mut article = plain(agreement_shape(Programme, Active, Roles::Both, 3, 2, 8));
    let organiser = &mut article.facts.agreement.organisers[0];
    organiser.name = "Tourism Authority of Thailand".into();
    organiser.article = Some(NameArticle::Feminine);
    for partner in [
        &mut article.facts.agreement.partners[0],
        &mut article.facts.partners[0].company,
    ] {
        partner.name = "Premier League".into();
        partner.article = Some(NameArticle::Feminine);
    }
    let representatives = vec![
        (
            "partnership, two partners, dated to the month",
            agreement_shape(StrategicPartnership, Announced, Roles::Partners, 2, 2, 3),
        ),
        (
            "cooperation, three partners, undated, first partner",
            agreement_shape(CooperationAgreement, Signed, Roles::Partners, 3, 0, 1),
        ),
        (
            "partnership, one partner, undated, active",
            agreement_shape(StrategicPartnership, Active, Roles::Partners, 1, 0, 4),
        ),
        (
            "programme, organiser and partners, undated, active",
            agreement_shape(Programme, Active, Roles::Both, 3, 0, 4),
        ),
        (
            "programme, partners only, undated, active",
            agreement_shape(Programme, Active, Roles::Partners, 2, 0, 6),
        ),
        (
            "programme, two organisers, dated to the day, announced",
            agreement_shape(Programme, Announced, Roles::Organisers, 2, 3, 7),
        ),
        (
            "programme, no parties, dated to the year, ended, part of another",
            agreement_shape(Programme, Ended, Roles::None, 2, 1, 10),
        ),
        (
            "programme, one organiser, reported partners, signed",
            agreement_shape(Programme, Signed, Roles::Organisers, 1, 0, 2),
        ),
    ];
    let mut all: Vec<(&'static str, Shape)> = representatives
        .into_iter()
        .map(|(name, shape)| (name, plain(shape)))
        .collect();
    all.push((
        "programme whose organiser's and a partner's names take an article",
        article,
    ));
    all
}

/// The reviewed texts of [`representatives`], in the same order: English, then German.
const REVIEWED: [(&str, &str); 9] = [
    (
        "In March 2021, Adler Medien and Birke Studios agreed on a strategic partnership covering film and TV distribution, producing and organising sports events, and artificial intelligence.",
        "Im März 2021 vereinbarten Adler Medien und Birke Studios eine strategische Partnerschaft in den Bereichen Film- und Fernsehvertrieb, Produktion und Veranstaltung von Sportevents und künstliche Intelligenz.",
    ),
    (
        "Adler Medien, Birke Studios, and Condor Sport have signed a cooperation agreement covering tourism in Germany. Adler Medien is the first German partner of Birke Studios and Condor Sport. Initially, the focus is on tourism. It includes the cooperation agreement between Kiefer Werke and Linde Presse.",
        "Adler Medien, Birke Studios und Condor Sport haben einen Kooperationsvertrag im Bereich Tourismus für Deutschland unterzeichnet. Adler Medien ist der erste deutsche Partner von Birke Studios und Condor Sport. Zunächst steht Tourismus im Mittelpunkt. Dazu gehört der Kooperationsvertrag zwischen Kiefer Werke und Linde Presse.",
    ),
    (
        "Adler Medien has entered into a multi-stage strategic partnership in Germany. It includes the cooperation agreement between Kiefer Werke and Linde Presse.",
        "Adler Medien ist eine mehrstufige strategische Partnerschaft für Deutschland eingegangen. Dazu gehört der Kooperationsvertrag zwischen Kiefer Werke und Linde Presse.",
    ),
    (
        "Adler Medien runs a multi-stage programme with Birke Studios and Condor Sport in Germany. It includes the cooperation agreement between Kiefer Werke and Linde Presse.",
        "Der Streamingdienst Adler Medien betreibt ein mehrstufiges Programm mit Birke Studios und Condor Sport für Deutschland. Dazu gehört der Kooperationsvertrag zwischen Kiefer Werke und Linde Presse.",
    ),
    (
        "Adler Medien and Birke Studios run a multi-stage programme with eight partners covering organising and marketing sports events and motorsport.",
        "Adler Medien und Birke Studios betreiben ein mehrstufiges Programm mit acht Partnern in den Bereichen Veranstaltung und Vermarktung von Sportevents und Motorsport.",
    ),
    (
        "On March 15, 2021, Adler Medien and Birke Studios announced a programme with 13 Chinese companies covering film and TV distribution, producing and organising sports events, and artificial intelligence in Germany. Initially, the focus is on film and TV distribution. It includes the cooperation agreement between Kiefer Werke and Linde Presse.",
        "Am 15. März 2021 kündigten das Sportunternehmen Adler Medien und der Konzern Birke Studios ein Programm mit 13 chinesischen Unternehmen in den Bereichen Film- und Fernsehvertrieb, Produktion und Veranstaltung von Sportevents und künstliche Intelligenz für Deutschland an. Zunächst steht Film- und Fernsehvertrieb im Mittelpunkt. Dazu gehört der Kooperationsvertrag zwischen Kiefer Werke und Linde Presse.",
    ),
    (
        "In 2021, the parties ended a multi-stage programme with eight partners covering organising and marketing sports events and motorsport in Germany. Initially, the focus is on organising sports events. The programme is part of a larger one run by Otter Straße. It includes the cooperation agreement between Kiefer Werke and Linde Presse.",
        "2021 beendeten die Parteien ein mehrstufiges Programm mit acht Partnern in den Bereichen Veranstaltung und Vermarktung von Sportevents und Motorsport für Deutschland. Zunächst steht Veranstaltung von Sportevents im Mittelpunkt. Es ist Teil eines übergeordneten Programms der Mediengruppe Otter Straße. Dazu gehört der Kooperationsvertrag zwischen Kiefer Werke und Linde Presse.",
    ),
    (
        "Adler Medien has signed a multi-stage programme with eight partners covering organising and marketing sports events and motorsport in France and China. Initially, the focus is on organising sports events and motorsport. It includes the programme between Kiefer Werke and Linde Presse and the strategic partnership between Milan Verlag and Nashorn Bühne.",
        "Das Sportunternehmen Adler Medien hat ein mehrstufiges Programm mit acht Partnern in den Bereichen Veranstaltung und Vermarktung von Sportevents und Motorsport für Frankreich und China unterzeichnet. Zunächst stehen Veranstaltung von Sportevents und Motorsport im Mittelpunkt. Dazu gehören das Programm zwischen Kiefer Werke und Linde Presse und die strategische Partnerschaft zwischen Milan Verlag und Nashorn Bühne.",
    ),
    (
        "In March 2021, the Tourism Authority of Thailand launched a multi-stage programme with the Premier League and Condor Sport in France and China. It includes the programme between Kiefer Werke and Linde Presse and the strategic partnership between Milan Verlag and Nashorn Bühne.",
        "Im März 2021 startete die Tourism Authority of Thailand ein mehrstufiges Programm mit der Premier League und Condor Sport für Frankreich und China. Dazu gehören das Programm zwischen Kiefer Werke und Linde Presse und die strategische Partnerschaft zwischen Milan Verlag und Nashorn Bühne.",
    ),
];

#[test]
fn each_representative_shape_reads_exactly_as_reviewed() {
    let l10n = Localizer::new().expect("the embedded translations load");
    for ((name, shape), (en, de)) in representatives().into_iter().zip(REVIEWED) {
        let say = |locale| Writer::new(&l10n, locale).agreement(&shape.facts);
        assert_eq!(say(Locale::En).expect("English").as_str(), en, "{name}");
        assert_eq!(say(Locale::De).expect("German").as_str(), de, "{name}");
    }
}

/// One representative of each company and person shape, with its reviewed texts (English,
/// then German).
fn other_representatives() -> Vec<(&'static str, CompanyFacts)> {
    let bare = bare_company("Adler Medien", CompanyKind::MediaGroup);
    let full = CompanyFacts {
        company: CompanyRef {
            article: Some(NameArticle::Feminine),
            ..named("Premier League", CompanyKind::SportsCompany)
        },
        country: Some("GB".into()),
        headquarters: Some("London".into()),
        founded: date(2),
        founders: vec!["Ada Gründerin".into()],
        parent: Some(CompanyRef {
            name: "Tourism Authority of Thailand".into(),
            kind: CompanyKind::GovernmentAgency,
            article: Some(NameArticle::Feminine),
        }),
        ceos: vec!["Chefin Eins".into()],
        former_ceos: vec!["Altchef Eins".into(), "Altchef Zwei".into()],
        subsidiaries: vec!["Birke Studios".into(), "Condor Sport".into()],
        rivals: vec!["Delta Kanal".into()],
        ipo: Some(IpoFacts {
            date: date(1),
            record: false,
        }),
        positions: vec![PositionFacts {
            kind: MarketPositionKind::MostSubscribers,
            market: None,
            reported_by: Some("Eiche Film".into()),
        }],
    };
    vec![
        ("company with no fact but its kind", bare),
        (
            "company with every fact, its name and its parent's taking an article",
            full,
        ),
    ]
}

const REVIEWED_COMPANIES: [(&str, &str); 2] = [
    (
        "Adler Medien is a media group.",
        "Adler Medien ist eine Mediengruppe.",
    ),
    (
        "The Premier League is a sports company based in London, founded in March 2021 by Ada Gründerin and a subsidiary of the Tourism Authority of Thailand. Its CEO is Chefin Eins. Altchef Eins and Altchef Zwei were previously its CEOs. Its subsidiaries include Birke Studios and Condor Sport. It went public in 2021. According to Eiche Film, it has the most subscribers of any sports company worldwide. It competes with Delta Kanal.",
        "Die Premier League ist ein Sportunternehmen mit Sitz in London, gegründet im März 2021 von Ada Gründerin, und eine Tochtergesellschaft der Tourism Authority of Thailand. CEO ist Chefin Eins. Zuvor waren Altchef Eins und Altchef Zwei CEOs. Zu ihren Tochtergesellschaften gehören Birke Studios und Condor Sport. 2021 ging sie an die Börse. Laut Eiche Film hat sie weltweit die meisten Abonnenten. Sie konkurriert mit Delta Kanal.",
    ),
];

fn people_representatives() -> Vec<(&'static str, PersonFacts)> {
    let role = |title, name: &str, since, until| RoleFacts {
        title,
        company: CompanyRef {
            name: name.into(),
            kind: CompanyKind::Conglomerate,
            article: None,
        },
        since: date(since),
        until: date(until),
    };
    vec![
        (
            "person with no role and no quote",
            PersonFacts {
                name: "Maria Beispiel".into(),
                roles: vec![],
                quotes: 0,
                sources: 2,
            },
        ),
        (
            "founder and former CEO, quoted twice",
            PersonFacts {
                name: "Maria Beispiel".into(),
                roles: vec![
                    role(RoleTitle::Founder, "Adler Medien", 0, 0),
                    role(RoleTitle::Ceo, "Adler Medien", 1, 2),
                ],
                quotes: 2,
                sources: 1,
            },
        ),
        (
            "CEO since a day, quoted thirteen times",
            PersonFacts {
                name: "Maria Beispiel".into(),
                roles: vec![role(RoleTitle::Ceo, "Birke Studios", 3, 0)],
                quotes: 13,
                sources: 3,
            },
        ),
    ]
}

const REVIEWED_PEOPLE: [(&str, &str); 3] = [
    (
        "Maria Beispiel is named in two sources.",
        "Maria Beispiel wird in zwei Quellen genannt.",
    ),
    (
        "Maria Beispiel founded Adler Medien, was its CEO from 2021 to March 2021, and is quoted twice in the sources.",
        "Maria Beispiel hat den Konzern Adler Medien gegründet, leitete ihn von 2021 bis März 2021 und wird in den Quellen zweimal zitiert.",
    ),
    (
        "Maria Beispiel has been the CEO of Birke Studios since March 15, 2021, and is quoted 13 times in the sources.",
        "Maria Beispiel ist seit dem 15. März 2021 CEO des Konzerns Birke Studios und wird in den Quellen 13 Mal zitiert.",
    ),
];

#[test]
fn each_company_and_person_shape_reads_exactly_as_reviewed() {
    let l10n = Localizer::new().expect("the embedded translations load");
    for ((name, facts), (en, de)) in other_representatives().into_iter().zip(REVIEWED_COMPANIES) {
        let say = |locale| Writer::new(&l10n, locale).company(&facts);
        assert_eq!(say(Locale::En).expect("English").as_str(), en, "{name}");
        assert_eq!(say(Locale::De).expect("German").as_str(), de, "{name}");
    }
    for ((name, facts), (en, de)) in people_representatives().into_iter().zip(REVIEWED_PEOPLE) {
        let say = |locale| Writer::new(&l10n, locale).person(&facts);
        assert_eq!(say(Locale::En).expect("English").as_str(), en, "{name}");
        assert_eq!(say(Locale::De).expect("German").as_str(), de, "{name}");
    }
}
