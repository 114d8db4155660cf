//! Gathering the facts a summary is written from: one blocking call per entity reads everything
//! its summary may mention, in the shape of `crate::l10n::summary`'s fact structs.

use rusqlite::{Connection, OptionalExtension, params};

use super::agreements::{self, AgreementBundle, AgreementRow, PartyRow};
use super::companies::CompanyRow;
use super::rows_for;
use crate::error::{AppError, AppResult};
use crate::l10n::summary::{
    AgreementFacts, AgreementRef, CompanyFacts, CompanyRef, IpoFacts, PartyFacts, PersonFacts,
    PositionFacts, RoleFacts,
};
use crate::model::{EventKind, PartyRole, RoleTitle};

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

fn names(conn: &Connection, sql: &str, id: i64) -> AppResult<Vec<String>> {
    rows_for(conn, sql, id, |r| r.get(0))
}

/// The facts of the company with `id`.
pub fn company(conn: &Connection, id: i64) -> AppResult<CompanyFacts> {
    let row = super::companies::by_id(conn, id)?
        .ok_or_else(|| AppError::Internal(format!("company {id} vanished")))?;
    let parent = row.parent_id.map(|p| company_ref(conn, p)).transpose()?;
    let ceos = super::people::roles_at_company(conn, id)?
        .into_iter()
        .filter(|r| r.title == RoleTitle::Ceo && r.until.is_none())
        .map(|r| r.person_id)
        .collect::<Vec<_>>();
    let ceos = ceos
        .into_iter()
        .map(|p| {
            super::people::by_id(conn, p)?
                .map(|p| p.name)
                .ok_or_else(|| AppError::Internal(format!("person {p} vanished")))
        })
        .collect::<AppResult<Vec<_>>>()?;
    let ipo = super::companies::events(conn, id)?
        .into_iter()
        .find(|e| e.kind == EventKind::Ipo)
        .map(|e| IpoFacts {
            date: e.occurred,
            record: e.record,
        });
    let positions = super::companies::market_positions(conn, id)?
        .into_iter()
        .map(|p| {
            Ok(PositionFacts {
                kind: p.kind,
                market: p.market,
                reported_by: p
                    .reported_by
                    .map(|r| company_ref(conn, r).map(|c| c.name))
                    .transpose()?,
            })
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok(CompanyFacts {
        company: CompanyRef {
            name: row.name,
            kind: row.kind,
        },
        country: row.country,
        headquarters: row.headquarters,
        founded: row.founded,
        founders: super::people::founders(conn, id)?
            .into_iter()
            .map(|p| p.name)
            .collect(),
        parent,
        ceos,
        subsidiaries: names(
            conn,
            "SELECT name FROM companies WHERE parent_id = ?1 ORDER BY sort_name, id",
            id,
        )?,
        rivals: super::companies::competitors(conn, id)?
            .into_iter()
            .map(|c| c.name)
            .collect(),
        ipo,
        positions,
    })
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

/// The facts of the agreement with `id`.
pub fn agreement(conn: &Connection, id: i64) -> AppResult<AgreementFacts> {
    let row = agreements::by_id(conn, id)?
        .ok_or_else(|| AppError::Internal(format!("agreement {id} vanished")))?;
    let bundle = agreements::bundles(conn, std::slice::from_ref(&row))?
        .remove(&id)
        .unwrap_or_default();
    Ok(agreement_facts(&row, &bundle))
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
