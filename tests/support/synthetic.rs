//! A generated dataset for pagination, search and statement-count tests and for benchmarks:
//! companies, people, roles and agreements with every field varied (including missing dates and
//! countries, umlauts in names, 2–3 parties per agreement), inserted straight into a migrated
//! database. Deterministic for a given seed.

use rusqlite::{Connection, params};

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
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub const COMPANY_KINDS: &[&str] = &[
    "CONGLOMERATE",
    "MEDIA_GROUP",
    "FILM_STUDIO",
    "STREAMING_SERVICE",
    "SPORTS_COMPANY",
    "MEDIA_SERVICE_PROVIDER",
    "GOVERNMENT_AGENCY",
];
pub const COUNTRIES: &[&str] = &["CN", "TH", "DE", "US"];
pub const WORDS: &[&str] = &[
    "Müller", "Straße", "Café", "Nord", "Süd", "Medien", "Bühne", "Kanal", "Pixel", "Arena",
];
pub const AGREEMENT_KINDS: &[&str] = &[
    "STRATEGIC_PARTNERSHIP",
    "COOPERATION_AGREEMENT",
    "PROGRAMME",
];
pub const STATUSES: &[&str] = &["ANNOUNCED", "SIGNED", "ACTIVE", "ENDED"];
pub const SCOPES: &[&str] = &[
    "FILM_TV_DISTRIBUTION",
    "INTELLECTUAL_PROPERTY",
    "ARTIFICIAL_INTELLIGENCE",
    "MOTORSPORT",
    "MEDIA_MARKETING",
    "TOURISM",
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

/// Inserts a generated dataset of `sizes` into `conn` (already migrated), in one transaction.
/// Returns the ids of the generated companies.
pub fn populate(conn: &mut Connection, sizes: Sizes, seed: u64) -> rusqlite::Result<Vec<i64>> {
    let mut rng = Rng::new(seed);
    let tx = conn.transaction()?;
    let mut company_ids = Vec::with_capacity(sizes.companies);
    {
        let mut insert = tx.prepare(
            "INSERT INTO companies (slug, name, sort_name, kind, country, founded, parent_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for i in 0..sizes.companies {
            let name = format!("{} {} {i}", rng.pick(WORDS), rng.pick(WORDS));
            let country = (rng.below(6) > 0).then(|| *rng.pick(COUNTRIES));
            // Every fifth company belongs to an earlier one, which makes chains of parents.
            let parent = (i > 0 && rng.below(5) == 0).then(|| company_ids[rng.below(i)]);
            insert.execute(params![
                company_slug(i),
                name,
                dealgraph::model::fold(&name),
                rng.pick(COMPANY_KINDS),
                country,
                partial_date(&mut rng),
                parent,
            ])?;
            company_ids.push(tx.last_insert_rowid());
        }
    }
    {
        let mut agreement = tx.prepare(
            "INSERT INTO agreements (slug, kind, status, announced, multi_stage) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut party = tx.prepare(
            "INSERT OR IGNORE INTO parties (agreement_id, company_id, position, role) \
             VALUES (?1, ?2, ?3, 'PARTNER')",
        )?;
        let mut scope = tx.prepare(
            "INSERT OR IGNORE INTO agreement_scopes (agreement_id, position, scope) VALUES (?1, ?2, ?3)",
        )?;
        let mut market = tx.prepare(
            "INSERT OR IGNORE INTO agreement_markets (agreement_id, position, country) \
             VALUES (?1, ?2, ?3)",
        )?;
        for i in 0..sizes.agreements {
            agreement.execute(params![
                agreement_slug(i),
                rng.pick(AGREEMENT_KINDS),
                rng.pick(STATUSES),
                partial_date(&mut rng),
                rng.below(3) == 0,
            ])?;
            let id = tx.last_insert_rowid();
            if !company_ids.is_empty() {
                for position in 0..2 + rng.below(2) {
                    party.execute(params![id, *rng.pick(&company_ids), position as i64])?;
                }
            }
            for position in 0..1 + rng.below(3) {
                scope.execute(params![id, position as i64, rng.pick(SCOPES)])?;
            }
            for position in 0..1 + rng.below(2) {
                market.execute(params![id, position as i64, rng.pick(COUNTRIES)])?;
            }
        }
    }
    tx.commit()?;
    Ok(company_ids)
}
