//! Gathering the facts a summary is written from, in the shape of `crate::l10n::summary`'s fact
//! structs. Companies' and agreements' facts are read for a whole page in a fixed number of
//! statements; a single entity is a page of one.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::agreements::{AgreementBundle, AgreementRow, PartyRow};
use super::companies::CompanyRow;
use super::{grouped, id_array};
use crate::error::{AppError, AppResult};
use crate::l10n::summary::{
    AgreementFacts, AgreementRef, CompanyFacts, CompanyRef, IpoFacts, PartyFacts, PersonFacts,
    PositionFacts, RoleFacts,
};
use crate::model::{PartialDate, PartyRole, RoleTitle};

fn company_ref(conn: &Connection, id: i64) -> AppResult<CompanyRef> {
    let mut stmt = conn.prepare_cached("SELECT name, kind FROM companies WHERE id = ?1")?;
    stmt.query_row(params![id], |r| {
        Ok(CompanyRef {
            name: r.get(0)?,
            kind: r.get(1)?,
        })
    })
    .optional()?
    .ok_or_else(|| AppError::Internal(format!("company {id} is referenced but missing")))
}

/// The facts of the company with `id`.
pub fn company(conn: &Connection, id: i64) -> AppResult<CompanyFacts> {
    let row = super::companies::by_id(conn, id)?
        .ok_or_else(|| AppError::Internal(format!("company {id} vanished")))?;
    companies(conn, std::slice::from_ref(&row))?
        .remove(&id)
        .ok_or_else(|| AppError::Internal(format!("no facts for company {id}")))
}

/// The facts of every company in `rows`, read in a fixed number of statements whatever their
/// number.
pub fn companies(conn: &Connection, rows: &[CompanyRow]) -> AppResult<HashMap<i64, CompanyFacts>> {
    let ids = id_array(rows.iter().map(|r| r.id));
    let parent_ids = id_array(rows.iter().filter_map(|r| r.parent_id));
    let parents = grouped(
        conn,
        "SELECT id, name, kind FROM companies WHERE id IN rarray(?1)",
        &parent_ids,
        |r| {
            Ok(CompanyRef {
                name: r.get(1)?,
                kind: r.get(2)?,
            })
        },
    )?;
    let mut roles = grouped(
        conn,
        "SELECT r.company_id, r.title, r.until, p.name FROM roles r JOIN people p ON p.id = r.person_id \
         WHERE r.company_id IN rarray(?1) ORDER BY r.company_id, p.sort_name, r.id",
        &ids,
        |r| {
            Ok((
                r.get::<_, RoleTitle>(1)?,
                r.get::<_, Option<PartialDate>>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    )?;
    let mut subsidiaries = grouped(
        conn,
        "SELECT parent_id, name FROM companies WHERE parent_id IN rarray(?1) \
         ORDER BY parent_id, sort_name, id",
        &ids,
        |r| r.get(1),
    )?;
    let mut rivals = grouped(
        conn,
        "SELECT x.me, c.name FROM ( \
           SELECT company_id AS me, competitor_id AS other FROM competitors WHERE company_id IN rarray(?1) \
           UNION SELECT competitor_id, company_id FROM competitors WHERE competitor_id IN rarray(?1)) x \
         JOIN companies c ON c.id = x.other ORDER BY x.me, c.sort_name, c.id",
        &ids,
        |r| r.get(1),
    )?;
    let mut ipos = grouped(
        conn,
        "SELECT company_id, occurred, record FROM events WHERE company_id IN rarray(?1) \
         AND kind = 'IPO' ORDER BY company_id, coalesce(occurred, ''), id",
        &ids,
        |r| {
            Ok(IpoFacts {
                date: r.get(1)?,
                record: r.get(2)?,
            })
        },
    )?;
    let mut positions = grouped(
        conn,
        "SELECT mp.company_id, mp.kind, mp.market, reporter.name FROM market_positions mp \
         LEFT JOIN companies reporter ON reporter.id = mp.reported_by \
         WHERE mp.company_id IN rarray(?1) ORDER BY mp.company_id, mp.id",
        &ids,
        |r| {
            Ok(PositionFacts {
                kind: r.get(1)?,
                market: r.get(2)?,
                reported_by: r.get(3)?,
            })
        },
    )?;
    let mut facts = HashMap::with_capacity(rows.len());
    for row in rows {
        let roles = roles.remove(&row.id).unwrap_or_default();
        let named = |title: RoleTitle| -> Vec<String> {
            roles
                .iter()
                .filter(|(t, until, _)| {
                    *t == title && (title == RoleTitle::Founder || until.is_none())
                })
                .map(|(_, _, name)| name.clone())
                .collect()
        };
        facts.insert(
            row.id,
            CompanyFacts {
                company: company_ref_of(row),
                country: row.country.clone(),
                headquarters: row.headquarters.clone(),
                founded: row.founded,
                founders: named(RoleTitle::Founder),
                parent: row
                    .parent_id
                    .and_then(|p| parents.get(&p))
                    .and_then(|p| p.first().cloned()),
                ceos: named(RoleTitle::Ceo),
                subsidiaries: subsidiaries.remove(&row.id).unwrap_or_default(),
                rivals: rivals.remove(&row.id).unwrap_or_default(),
                ipo: ipos.remove(&row.id).and_then(|i| i.into_iter().next()),
                positions: positions.remove(&row.id).unwrap_or_default(),
            },
        );
    }
    Ok(facts)
}

/// The facts of the person with `id`.
pub fn person(conn: &Connection, id: i64) -> AppResult<PersonFacts> {
    let row = super::people::by_id(conn, id)?
        .ok_or_else(|| AppError::Internal(format!("person {id} vanished")))?;
    let roles = super::people::roles_of_person(conn, id)?
        .into_iter()
        .map(|r| {
            Ok(RoleFacts {
                title: r.title,
                company: company_ref(conn, r.company_id)?,
                since: r.since,
                until: r.until,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    let count = |sql: &str| -> AppResult<usize> {
        let mut stmt = conn.prepare_cached(sql)?;
        let n: i64 = stmt.query_row(params![id], |r| r.get(0))?;
        Ok(usize::try_from(n).unwrap_or(0))
    };
    Ok(PersonFacts {
        name: row.name,
        roles,
        quotes: count("SELECT count(*) FROM quotes WHERE speaker_id = ?1")?,
        sources: count("SELECT count(*) FROM person_sources WHERE person_id = ?1")?,
    })
}

fn company_ref_of(row: &CompanyRow) -> CompanyRef {
    CompanyRef {
        name: row.name.clone(),
        kind: row.kind,
    }
}

/// An agreement as a title names it: its kind, partners and organiser.
pub fn agreement_ref_of(row: &AgreementRow, parties: &[(PartyRow, CompanyRow)]) -> AgreementRef {
    let mut partners = Vec::new();
    let mut organiser = None;
    for (party, company) in parties {
        match party.role {
            PartyRole::Organiser if organiser.is_none() => {
                organiser = Some(company_ref_of(company))
            }
            _ => partners.push(company_ref_of(company)),
        }
    }
    AgreementRef {
        kind: row.kind,
        partners,
        organiser,
    }
}

/// The facts of an agreement, from its row and its loaded bundle.
pub fn agreement_facts(row: &AgreementRow, bundle: &AgreementBundle) -> AgreementFacts {
    AgreementFacts {
        agreement: agreement_ref_of(row, &bundle.parties),
        status: row.status,
        announced: row.announced,
        signed: row.signed,
        multi_stage: row.multi_stage,
        partners: bundle
            .parties
            .iter()
            .filter(|(party, _)| party.role != PartyRole::Organiser)
            .map(|(party, company)| PartyFacts {
                company: company_ref_of(company),
                country: company.country.clone(),
                first_from_country: party.first_from_country,
            })
            .collect(),
        partner_count: row.partner_count,
        partner_country: row.partner_country.clone(),
        scopes: bundle.scopes.iter().map(|s| s.scope).collect(),
        initial_focus: bundle
            .scopes
            .iter()
            .filter(|s| s.initial_focus)
            .map(|s| s.scope)
            .collect(),
        markets: bundle.markets.clone(),
        part_of: bundle
            .part_of
            .as_ref()
            .map(|u| agreement_ref_of(&u.row, &u.parties)),
        components: bundle
            .components
            .iter()
            .map(|c| agreement_ref_of(&c.row, &c.parties))
            .collect(),
    }
}

/// Every country code the data mentions, sorted.
pub fn countries(conn: &Connection) -> AppResult<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT country FROM companies WHERE country IS NOT NULL
         UNION SELECT country FROM company_markets
         UNION SELECT country FROM agreement_markets
         UNION SELECT partner_country FROM agreements WHERE partner_country IS NOT NULL
         UNION SELECT market FROM market_positions WHERE market IS NOT NULL
         ORDER BY 1",
    )?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
