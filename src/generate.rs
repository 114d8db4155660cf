//! `dealgraph generate`: a synthetic dataset of any size, deterministic for a given seed, for
//! benchmarks and for the pagination, search and statement-count tests. It is inserted
//! straight into a database the server's migrations made, in one transaction, with values
//! that keep the data rules by construction (valid slugs, country codes and partial dates,
//! at least two parties, a programme's organiser, parents before their children).
//!
//! Companies (some belonging to earlier ones, which makes chains of parents) each have a founder
//! and a CEO (some with dates, some CEOs gone), business areas, markets, productions, at least one
//! rival, an IPO, a market position reported by another company, sources and a quote; every
//! third has an abbreviation, and each a Wikidata id. Agreements
//! have 2–5 different parties (a programme one organiser more), 1–4 different scopes (some with
//! an initial focus), markets, sources and a quote, and half the agreements after the first
//! programme belong to an earlier one. Kinds and countries come in proportion (media groups
//! and Germany most often), and chains of parents are at most four deep. People's names have umlauts, so do many companies'; dates come at every precision
//! or not at all, countries sometimes not at all. The sizes of everything but companies and
//! agreements follow from theirs: one person per three companies, one source per five companies
//! or agreements, one quote per company and one per agreement.

use crate::db::sql::{
    Connection, Dialect, ToSql, ToSqlOutput, Transaction, Value, params, params_from_iter,
};

use crate::model::{AgreementKind, AgreementStatus, MarketPositionKind};

/// Sizes of a generated dataset.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// How many companies.
    pub companies: usize,
    /// How many agreements.
    pub agreements: usize,
}

/// A small deterministic pseudo-random generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True one time in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// Company kinds, each as often as it is to appear: media groups and streaming services are
/// common, government agencies rare.
pub const COMPANY_KINDS: &[&str] = &[
    "MEDIA_GROUP",
    "MEDIA_GROUP",
    "MEDIA_GROUP",
    "STREAMING_SERVICE",
    "STREAMING_SERVICE",
    "SPORTS_COMPANY",
    "SPORTS_COMPANY",
    "FILM_STUDIO",
    "FILM_STUDIO",
    "ENTERTAINMENT_COMPANY",
    "MEDIA_SERVICE_PROVIDER",
    "VIDEO_PLATFORM",
    "CONGLOMERATE",
    "ECOMMERCE_COMPANY",
    "DATA_PROVIDER",
    "RESEARCH_FIRM",
    "GOVERNMENT_AGENCY",
];
/// Countries, each as often as it is to appear: the German-speaking markets first, then the
/// large ones the trade press covers, then a tail.
pub const COUNTRIES: &[&str] = &[
    "DE", "DE", "DE", "DE", "DE", "DE", "AT", "AT", "CH", "CH", "US", "US", "US", "US", "CN", "CN",
    "CN", "GB", "GB", "FR", "TH", "JP", "KR", "IN", "BR", "IT", "ES", "NL", "SE", "AE",
];
/// The words company names are made of, umlauts and ß among them.
pub const WORDS: &[&str] = &[
    "Müller", "Straße", "Café", "Nord", "Süd", "Medien", "Bühne", "Kanal", "Pixel", "Arena",
];
/// The scopes an agreement's 1–4 different scopes are drawn from.
pub const SCOPES: &[&str] = &[
    "FILM_TV_DISTRIBUTION",
    "INTELLECTUAL_PROPERTY",
    "ARTIFICIAL_INTELLIGENCE",
    "MOTORSPORT",
    "MEDIA_MARKETING",
    "TOURISM",
];
/// The business areas a company's are drawn from.
pub const BUSINESS_AREAS: &[&str] = &[
    "E_COMMERCE",
    "ENTERTAINMENT",
    "CONTENT_PRODUCTION",
    "VIDEO_STREAMING",
    "VIDEO_PRODUCTION",
    "SPORTS_MEDIA",
    "BROADCASTING_RIGHTS",
    "MARKET_RESEARCH",
];
/// People's given names, with umlauts and diaereses.
pub const GIVEN_NAMES: &[&str] = &[
    "Änne", "Björn", "Jürgen", "Sören", "Käthe", "Günther", "Anaïs", "Zoë", "Li", "Mei",
];
/// Every surname starts with "Sch", so a search for that prefix finds every generated person.
pub const SURNAMES: &[&str] = &[
    "Schäfer",
    "Schröder",
    "Schütz",
    "Schönberg",
    "Schürmann",
    "Schmölder",
    "Schulze",
    "Schwarz",
];
/// The names of companies' productions.
pub const PRODUCTIONS: &[&str] = &[
    "Nordlicht-Pokal",
    "Süd-Derby",
    "Bühnenzauber",
    "Kanal-Cup",
    "Pixel-Nächte",
    "Arena live",
];
/// Source kickers.
pub const KICKERS: &[&str] = &["Börse", "Sportrechte", "Übernahmen", "Streaming"];
/// Quote texts and their languages.
pub const QUOTES: &[(&str, &str)] = &[
    (
        "Die Kooperation ist ein wichtiger Meilenstein für unsere Strategie.",
        "de",
    ),
    ("Wir bringen europäischen Sport nach Asien.", "de"),
    ("Für unsere Zuschauer ist das ein großer Schritt.", "de"),
    ("This partnership opens new markets for both of us.", "en"),
];

fn partial_date(rng: &mut Rng) -> Option<String> {
    let year = 1990 + rng.below(35);
    match rng.below(5) {
        0 => None,
        1 => Some(format!("{year}")),
        2 => Some(format!("{year}-{:02}", 1 + rng.below(12))),
        _ => Some(format!(
            "{year}-{:02}-{:02}",
            1 + rng.below(12),
            1 + rng.below(28)
        )),
    }
}

/// The slug of generated company `i`.
pub fn company_slug(i: usize) -> String {
    format!("synthetic-company-{i:06}")
}

/// The slug of generated agreement `i`.
pub fn agreement_slug(i: usize) -> String {
    format!("synthetic-agreement-{i:07}")
}

/// The slug of generated person `i`.
pub fn person_slug(i: usize) -> String {
    format!("synthetic-person-{i:06}")
}

/// The slug of generated source `i`.
pub fn source_slug(i: usize) -> String {
    format!("synthetic-source-{i:06}")
}

/// A generated agreement, as the data added after it needs it.
struct Agreement {
    id: i64,
    /// The companies among its parties, in order.
    partners: Vec<i64>,
    /// Its first source.
    source: Option<i64>,
}

/// Inserts a generated dataset of `sizes` into `conn` (already migrated), in one transaction.
/// Returns the ids of the generated companies.
pub fn populate(conn: &Connection, sizes: Sizes, seed: u64) -> crate::db::sql::Result<Vec<i64>> {
    let tx = conn.write_transaction()?;
    let ids = fill(&tx, sizes, seed)?;
    tx.commit()?;
    Ok(ids)
}

/// [`populate`] for a database that holds no data yet, as `dealgraph generate` fills it: the
/// triggers that mark changed records for the search index are suspended meanwhile (each
/// insert would otherwise look up the agreements around it), since a database whose index
/// was never built is indexed whole when a server first starts on it. The triggers are
/// recreated from their own definitions before the transaction commits.
pub fn populate_new(
    conn: &Connection,
    sizes: Sizes,
    seed: u64,
) -> crate::db::sql::Result<Vec<i64>> {
    let tx = conn.write_transaction()?;
    // Each trigger as (what suspends it, what restores it).
    let triggers: Vec<(String, String)> = match tx.dialect() {
        Dialect::Sqlite => tx
            .prepare(
                "SELECT name, sql FROM sqlite_master \
                 WHERE type = 'trigger' AND name LIKE 'search\\_%' ESCAPE '\\'",
            )?
            .query_map([], |r| {
                let name: String = r.get(0)?;
                Ok((format!("DROP TRIGGER \"{name}\""), r.get(1)?))
            })?
            .collect::<crate::db::sql::Result<_>>()?,
        Dialect::Postgres => tx
            .prepare(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger \
                 WHERE NOT tgisinternal AND tgname LIKE 'search\\_%' ESCAPE '\\'",
            )?
            .query_map([], |r| {
                let (name, table): (String, String) = (r.get(0)?, r.get(1)?);
                Ok((
                    format!("ALTER TABLE {table} DISABLE TRIGGER \"{name}\""),
                    format!("ALTER TABLE {table} ENABLE TRIGGER \"{name}\""),
                ))
            })?
            .collect::<crate::db::sql::Result<_>>()?,
    };
    for (suspend, _) in &triggers {
        tx.execute_batch(suspend)?;
    }
    let ids = fill(&tx, sizes, seed)?;
    for (_, restore) in &triggers {
        tx.execute_batch(restore)?;
    }
    tx.commit()?;
    Ok(ids)
}

/// Inserts the dataset in `tx`.
fn fill(tx: &Transaction, sizes: Sizes, seed: u64) -> crate::db::sql::Result<Vec<i64>> {
    let mut rng = Rng::new(seed);
    // Everything but the companies' and agreements' own rows and their parties, scopes and
    // markets comes from a second generator, so a seed gives the same companies and agreements
    // whatever else is generated beside them.
    let mut more = Rng::new(seed ^ 0x9e37_79b9_7f4a_7c15);
    let company_ids = insert_companies(tx, sizes.companies, &mut rng)?;
    let sources = insert_sources(
        tx,
        (sizes.companies + sizes.agreements).div_ceil(5),
        &mut more,
    )?;
    let people = insert_people(tx, sizes.companies.div_ceil(3), &sources, &mut more)?;
    let agreements = insert_agreements(
        tx,
        sizes.agreements,
        &company_ids,
        &sources,
        &mut rng,
        &mut more,
    )?;
    insert_company_facts(tx, &company_ids, &people, &sources, &agreements, &mut more)?;
    insert_agreement_quotes(tx, &agreements, &people, &mut more)?;
    Ok(company_ids)
}

fn insert_companies(
    tx: &Transaction,
    count: usize,
    rng: &mut Rng,
) -> crate::db::sql::Result<Vec<i64>> {
    let mut insert = tx.prepare(
        "INSERT INTO companies (slug, name, sort_name, name_key, kind, country, founded, \
         parent_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
    )?;
    let mut alias = Batch::new(
        **tx,
        "INSERT INTO company_aliases (company_id, position, name, kind, language, name_key)",
        6,
        "",
    );
    let mut external = Batch::new(
        **tx,
        "INSERT INTO company_external_ids (company_id, position, scheme, value)",
        4,
        "",
    );
    let mut ids = Vec::with_capacity(count);
    // How deep each company sits in its chain of parents (1 for one without a parent).
    let mut depths: Vec<u8> = Vec::with_capacity(count);
    for i in 0..count {
        let name = format!("{} {} {i}", rng.pick(WORDS), rng.pick(WORDS));
        let country = (rng.below(6) > 0).then(|| *rng.pick(COUNTRIES));
        // Every fifth company belongs to an earlier one, which makes chains of parents, at
        // most four deep.
        let parent = (i > 0 && rng.below(5) == 0)
            .then(|| rng.below(i))
            .filter(|&p| depths[p] < MAX_CHAIN);
        let inserted: i64 = insert.query_row(
            params![
                company_slug(i),
                name,
                crate::model::fold(&name),
                crate::model::name_key(&name),
                rng.pick(COMPANY_KINDS),
                country,
                partial_date(rng),
                parent.map(|p| ids[p]),
            ],
            |r| r.get(0),
        )?;
        // Every third company has an abbreviation (its initials and number, "MS12"), and each
        // a Wikidata id; made from its number, not drawn from the random stream, so that the
        // rest of the dataset is what it was before they were added.
        if i % 3 == 0 {
            let initials: String = name
                .split(' ')
                .filter_map(|word| word.chars().next())
                .filter(|c| c.is_alphabetic())
                .collect();
            let abbreviation = format!("{initials}{i}");
            alias.push(&[
                &inserted,
                &0_i64,
                &abbreviation,
                &crate::model::AliasKind::Abbreviation,
                &None::<String>,
                &crate::model::name_key(&abbreviation),
            ])?;
        }
        external.push(&[
            &inserted,
            &0_i64,
            &crate::model::ExternalIdScheme::Wikidata,
            &format!("Q{}", 1_000_000 + i),
        ])?;
        ids.push(inserted);
        depths.push(parent.map_or(1, |p| depths[p] + 1));
    }
    alias.flush()?;
    external.flush()?;
    Ok(ids)
}

/// The deepest chain of parents: a company, its parent, theirs and one more.
const MAX_CHAIN: u8 = 4;

/// `n` different items of `items` (all of them when there are fewer).
fn distinct<T: Copy + PartialEq>(rng: &mut Rng, items: &[T], n: usize) -> Vec<T> {
    let mut picked = Vec::with_capacity(n);
    while picked.len() < n.min(items.len()) {
        let item = *rng.pick(items);
        if !picked.contains(&item) {
            picked.push(item);
        }
    }
    picked
}

fn insert_sources(
    tx: &Transaction,
    count: usize,
    rng: &mut Rng,
) -> crate::db::sql::Result<Vec<i64>> {
    let mut insert = tx.prepare(
        "INSERT INTO sources (slug, title, kicker, published_on, language, url) \
         VALUES (?1, ?2, ?3, ?4, 'de', ?5) RETURNING id",
    )?;
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let kicker = rng.one_in(3).then(|| *rng.pick(KICKERS));
        let url = rng
            .one_in(2)
            .then(|| format!("https://example.org/synthetic/{i}"));
        let inserted: i64 = insert.query_row(
            params![
                source_slug(i),
                format!("Branchenbericht Nr. {i}: Märkte im Überblick"),
                kicker,
                partial_date(rng),
                url,
            ],
            |r| r.get(0),
        )?;
        ids.push(inserted);
    }
    Ok(ids)
}

fn insert_people(
    tx: &Transaction,
    count: usize,
    sources: &[i64],
    rng: &mut Rng,
) -> crate::db::sql::Result<Vec<i64>> {
    let mut insert =
        tx.prepare("INSERT INTO people (slug, name, sort_name) VALUES (?1, ?2, ?3) RETURNING id")?;
    let mut source = Batch::new(
        **tx,
        "INSERT INTO person_sources (person_id, source_id)",
        2,
        "",
    );
    let mut ids = Vec::with_capacity(count);
    for i in 0..count {
        let name = format!("{} {}", rng.pick(GIVEN_NAMES), rng.pick(SURNAMES));
        let inserted: i64 = insert.query_row(
            params![person_slug(i), name, crate::model::fold(&name)],
            |r| r.get(0),
        )?;
        let id = inserted;
        if !sources.is_empty() {
            source.push(&[&id, &{ *rng.pick(sources) }])?;
        }
        ids.push(id);
    }
    source.flush()?;
    Ok(ids)
}

fn insert_agreements(
    tx: &Transaction,
    count: usize,
    company_ids: &[i64],
    sources: &[i64],
    rng: &mut Rng,
    more: &mut Rng,
) -> crate::db::sql::Result<Vec<Agreement>> {
    let mut agreement = tx.prepare(
        "INSERT INTO agreements (slug, kind, status, announced, multi_stage, part_of_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
    )?;
    let mut party = Batch::new(
        **tx,
        "INSERT INTO parties (agreement_id, company_id, position, role)",
        4,
        "ON CONFLICT DO NOTHING",
    );
    let mut scope = Batch::new(
        **tx,
        "INSERT INTO agreement_scopes (agreement_id, position, scope, initial_focus)",
        4,
        "ON CONFLICT DO NOTHING",
    );
    let mut market = Batch::new(
        **tx,
        "INSERT INTO agreement_markets (agreement_id, position, country)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    let mut source = Batch::new(
        **tx,
        "INSERT INTO agreement_sources (agreement_id, source_id)",
        2,
        "ON CONFLICT DO NOTHING",
    );
    let mut agreements = Vec::with_capacity(count);
    let mut programmes = Vec::new();
    for i in 0..count {
        // Kinds and statuses drawn evenly from their vocabularies.
        let kind = rng.pick(AgreementKind::ALL).as_str();
        let status = rng.pick(AgreementStatus::ALL).as_str();
        let announced = partial_date(rng);
        let multi_stage = rng.below(3) == 0;
        let part_of = (kind != "PROGRAMME" && !programmes.is_empty() && more.one_in(2))
            .then(|| *more.pick(&programmes));
        let inserted: i64 = agreement.query_row(
            params![
                agreement_slug(i),
                kind,
                status,
                announced,
                multi_stage,
                part_of
            ],
            |r| r.get(0),
        )?;
        let id = inserted;
        // Two to five different companies; a programme's organiser is one more, so that every
        // agreement has at least two parties and every programme its organiser.
        let programme = kind == "PROGRAMME";
        let count = 2 + rng.below(4) + usize::from(programme);
        let parties = distinct(rng, company_ids, count);
        let (partners, organiser) = if programme {
            let (organiser, partners) = parties
                .split_last()
                .map_or((None, &[][..]), |(o, p)| (Some(*o), p));
            (partners.to_vec(), organiser)
        } else {
            (parties, None)
        };
        for (position, company) in partners.iter().enumerate() {
            party.push(&[&id, &company, &(position as i64), &"PARTNER"])?;
        }
        if let Some(organiser) = organiser {
            party.push(&[&id, &organiser, &(partners.len() as i64), &"ORGANISER"])?;
        }
        // One to four different scopes, the first of them sometimes the initial focus.
        let focus = more.one_in(2);
        let scopes = 1 + rng.below(4);
        for (position, value) in distinct(rng, SCOPES, scopes).into_iter().enumerate() {
            let initial_focus = focus && position == 0;
            scope.push(&[&id, &(position as i64), &value, &initial_focus])?;
        }
        for position in 0..1 + rng.below(2) {
            market.push(&[&id, &(position as i64), &{ *rng.pick(COUNTRIES) }])?;
        }
        let mut first_source = None;
        if !sources.is_empty() {
            for _ in 0..1 + usize::from(more.one_in(4)) {
                let s = *more.pick(sources);
                source.push(&[&id, &s])?;
                first_source.get_or_insert(s);
            }
        }
        if kind == "PROGRAMME" {
            programmes.push(id);
        }
        agreements.push(Agreement {
            id,
            partners,
            source: first_source,
        });
    }
    for batch in [&mut party, &mut scope, &mut market, &mut source] {
        batch.flush()?;
    }
    Ok(agreements)
}

/// Roles, business areas, markets, productions, rivals, events, market positions, sources and a
/// quote for every company.
fn insert_company_facts(
    tx: &Transaction,
    company_ids: &[i64],
    people: &[i64],
    sources: &[i64],
    agreements: &[Agreement],
    rng: &mut Rng,
) -> crate::db::sql::Result<()> {
    if company_ids.is_empty() || people.is_empty() || sources.is_empty() {
        return Ok(());
    }
    let mut role = Batch::new(
        **tx,
        "INSERT INTO roles (person_id, company_id, title, since, until, source_id)",
        6,
        "ON CONFLICT DO NOTHING",
    );
    let mut area = Batch::new(
        **tx,
        "INSERT INTO company_business_areas (company_id, position, area)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    let mut market = Batch::new(
        **tx,
        "INSERT INTO company_markets (company_id, position, country)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    let mut production = Batch::new(
        **tx,
        "INSERT INTO company_productions (company_id, position, name)",
        3,
        "",
    );
    // Rivalry is stored once per pair, lower id first.
    let mut rival = Batch::new(
        **tx,
        "INSERT INTO competitors (company_id, competitor_id, source_id)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    let mut event = Batch::new(
        **tx,
        "INSERT INTO events (company_id, kind, occurred, record, source_id)",
        5,
        "",
    );
    let mut position = Batch::new(
        **tx,
        "INSERT INTO market_positions (company_id, kind, market, reported_by, source_id)",
        5,
        "",
    );
    let mut source = Batch::new(
        **tx,
        "INSERT INTO company_sources (company_id, source_id)",
        2,
        "ON CONFLICT DO NOTHING",
    );
    let mut quote = tx.prepare(
        "INSERT INTO quotes (text, language, speaker_id, agreement_id, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    )?;
    let mut quote_company = Batch::new(
        **tx,
        "INSERT INTO quote_companies (quote_id, company_id, position)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    // The first agreement each company is party to, for its quote.
    let mut first_agreement = std::collections::HashMap::new();
    for agreement in agreements {
        for company in &agreement.partners {
            first_agreement.entry(*company).or_insert(agreement.id);
        }
    }
    for (i, &id) in company_ids.iter().enumerate() {
        // Every person founds a company or more, and speaks for it.
        let founder = people[i % people.len()];
        role.push(&[
            &founder,
            &id,
            &"FOUNDER",
            &None::<String>,
            &None::<String>,
            &None::<i64>,
        ])?;
        if rng.one_in(5) {
            let cofounder = *rng.pick(people);
            role.push(&[
                &cofounder,
                &id,
                &"FOUNDER",
                &None::<String>,
                &None::<String>,
                &None::<i64>,
            ])?;
        }
        let ceo = *rng.pick(people);
        let since = if rng.one_in(4) {
            None
        } else {
            partial_date(rng)
        };
        // One CEO in four has left; the summary then names none.
        let until = rng.one_in(4).then(|| partial_date(rng)).flatten();
        let role_source = rng.one_in(2).then(|| *rng.pick(sources));
        role.push(&[&ceo, &id, &"CEO", &since, &until, &role_source])?;
        for at in 0..1 + rng.below(2) {
            area.push(&[&id, &(at as i64), &{ *rng.pick(BUSINESS_AREAS) }])?;
        }
        for at in 0..1 + rng.below(2) {
            market.push(&[&id, &(at as i64), &{ *rng.pick(COUNTRIES) }])?;
        }
        for at in 0..1 + rng.below(2) {
            production.push(&[&id, &(at as i64), &{ *rng.pick(PRODUCTIONS) }])?;
        }
        // Each company but the first picks an earlier rival, so every company has one.
        if i > 0 {
            for _ in 0..1 + usize::from(rng.one_in(3)) {
                let other = company_ids[rng.below(i)];
                let rival_source = rng.one_in(2).then(|| *rng.pick(sources));
                rival.push(&[&id.min(other), &id.max(other), &rival_source])?;
            }
        }
        event.push(&[&id, &"IPO", &partial_date(rng), &rng.one_in(10), &{
            *rng.pick(sources)
        }])?;
        let market_of_position = (!rng.one_in(3)).then(|| *rng.pick(COUNTRIES));
        let mut reporter = *rng.pick(company_ids);
        if reporter == id && company_ids.len() > 1 {
            reporter = company_ids[(i + 1) % company_ids.len()];
        }
        position.push(&[
            &id,
            &rng.pick(MarketPositionKind::ALL).as_str(),
            &market_of_position,
            &reporter,
            &{ *rng.pick(sources) },
        ])?;
        for _ in 0..1 + rng.below(2) {
            source.push(&[&id, &{ *rng.pick(sources) }])?;
        }
        let (text, language) = *rng.pick(QUOTES);
        let inserted: i64 = quote.query_row(
            params![
                text,
                language,
                founder,
                first_agreement.get(&id),
                *rng.pick(sources),
            ],
            |r| r.get(0),
        )?;
        quote_company.push(&[&inserted, &id, &0_i64])?;
    }
    for batch in [
        &mut role,
        &mut area,
        &mut market,
        &mut production,
        &mut rival,
        &mut event,
        &mut position,
        &mut source,
        &mut quote_company,
    ] {
        batch.flush()?;
    }
    Ok(())
}

/// A quote about every agreement, by someone speaking for its first party (and for the second,
/// one time in three).
fn insert_agreement_quotes(
    tx: &Transaction,
    agreements: &[Agreement],
    people: &[i64],
    rng: &mut Rng,
) -> crate::db::sql::Result<()> {
    if people.is_empty() {
        return Ok(());
    }
    let mut quote = tx.prepare(
        "INSERT INTO quotes (text, language, speaker_id, agreement_id, source_id) \
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    )?;
    let mut quote_company = Batch::new(
        **tx,
        "INSERT INTO quote_companies (quote_id, company_id, position)",
        3,
        "ON CONFLICT DO NOTHING",
    );
    for agreement in agreements {
        let (text, language) = *rng.pick(QUOTES);
        let inserted: i64 = quote.query_row(
            params![
                text,
                language,
                *rng.pick(people),
                agreement.id,
                agreement.source,
            ],
            |r| r.get(0),
        )?;
        let id = inserted;
        let speaking_for = if rng.one_in(3) { 2 } else { 1 };
        for (position, company) in agreement.partners.iter().take(speaking_for).enumerate() {
            quote_company.push(&[&id, company, &(position as i64)])?;
        }
    }
    quote_company.flush()?;
    Ok(())
}

/// Rows of one table written many to a statement, in the order they were given: on PostgreSQL
/// every statement is a round trip, and a million agreements bring some ten million rows
/// beside them. Rows that are referred to by later rows (companies, agreements, quotes) are
/// inserted one at a time instead, for their ids.
struct Batch<'c> {
    conn: Connection<'c>,
    /// `INSERT INTO table (columns…)`.
    insert: &'static str,
    /// What follows the values, such as `ON CONFLICT DO NOTHING`.
    tail: &'static str,
    columns: usize,
    values: Vec<Value>,
}

/// How many rows a [`Batch`] sends in one statement: a few hundred parameters, far below
/// either engine's limit, and round trips that no longer count.
const BATCH_ROWS: usize = 128;

impl<'c> Batch<'c> {
    fn new(conn: Connection<'c>, insert: &'static str, columns: usize, tail: &'static str) -> Self {
        Self {
            conn,
            insert,
            tail,
            columns,
            values: Vec::with_capacity(columns * BATCH_ROWS),
        }
    }

    /// Adds a row, which must have one value per column; writes the batch when it is full.
    fn push(&mut self, row: &[&dyn ToSql]) -> crate::db::sql::Result<()> {
        debug_assert_eq!(row.len(), self.columns, "{}", self.insert);
        for value in row {
            self.values.push(match value.to_sql()? {
                ToSqlOutput::Borrowed(value) => value.to_owned(),
                ToSqlOutput::Owned(value) => value,
            });
        }
        if self.values.len() >= self.columns * BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows given since the last write.
    fn flush(&mut self) -> crate::db::sql::Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.columns;
        let mut sql = format!("{} VALUES ", self.insert);
        for row in 0..rows {
            sql.push_str(if row == 0 { "(" } else { ", (" });
            for column in 0..self.columns {
                if column > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!("?{}", row * self.columns + column + 1));
            }
            sql.push(')');
        }
        sql.push(' ');
        sql.push_str(self.tail);
        // Full batches share one cached statement; the last, shorter one is prepared once.
        let statement = if rows == BATCH_ROWS {
            self.conn.prepare_cached(&sql)
        } else {
            self.conn.prepare(&sql)
        };
        statement?.execute(params_from_iter(self.values.drain(..)))?;
        Ok(())
    }
}
