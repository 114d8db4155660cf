//! Reading the facts of many entities at once: each function reads related rows through the
//! storage layer's batched readers (a fixed number of statements, whatever the number of
//! entities) and resolves them into the fact structs of [`facts`](super::facts).

use std::collections::HashMap;

use crate::db::sql::Connection;

use super::facts::{
    AgreementFacts, AgreementRef, CompanyFacts, CompanyRef, IpoFacts, PartyFacts, PersonFacts,
    PositionFacts, RoleFacts,
};
use crate::db::agreements::{self, AgreementRow, PartyName};
use crate::db::companies::{self, CompanyRow};
use crate::db::events;
use crate::db::market_positions;
use crate::db::people::{self, PersonRow};
use crate::db::rivalries;
use crate::db::rows::unique_ids;
use crate::error::AppResult;
use crate::model::{AgreementKind, EventKind, PartyRole, RoleTitle};

/// A company as another entity's sentence names it.
pub fn company_ref(row: &CompanyRow) -> CompanyRef {
    CompanyRef {
        name: row.name.clone(),
        kind: row.kind,
        article: row.name_article,
    }
}

/// The facts of every company in `rows`: six statements, whatever their number.
pub fn companies(conn: &Connection, rows: &[CompanyRow]) -> AppResult<HashMap<i64, CompanyFacts>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = people::role_holders_at(conn, &ids)?;
    let mut positions = market_positions::position_reports_of(conn, &ids)?;
    let parents = companies::by_ids(conn, &unique_ids(rows.iter().filter_map(|r| r.parent_id)))?;
    let mut subsidiaries = companies::subsidiary_names_of(conn, &ids)?;
    let mut rivals = rivalries::competitor_names_of(conn, &ids)?;
    let mut ipos = events::events_of_kind(conn, &ids, EventKind::Ipo)?;

    let mut facts = HashMap::with_capacity(rows.len());
    for row in rows {
        let roles = roles.remove(&row.id).unwrap_or_default();
        // Founders stay founders; of the other roles only those still held are named.
        let named = |title: RoleTitle| -> Vec<String> {
            roles
                .iter()
                .filter(|r| r.title == title && (title == RoleTitle::Founder || !r.ended))
                .map(|r| r.name.clone())
                .collect()
        };
        facts.insert(
            row.id,
            CompanyFacts {
                company: company_ref(row),
                country: row.country.clone(),
                headquarters: row.headquarters.clone(),
                founded: row.founded,
                founders: named(RoleTitle::Founder),
                parent: row.parent_id.and_then(|p| parents.get(&p)).map(company_ref),
                ceos: named(RoleTitle::Ceo),
                former_ceos: roles
                    .iter()
                    .filter(|r| r.title == RoleTitle::Ceo && r.ended)
                    .map(|r| r.name.clone())
                    .collect(),
                subsidiaries: subsidiaries.remove(&row.id).unwrap_or_default(),
                rivals: rivals.remove(&row.id).unwrap_or_default(),
                ipo: ipos
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .next()
                    .map(|e| IpoFacts {
                        date: e.occurred,
                        record: e.record,
                    }),
                positions: positions
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| PositionFacts {
                        kind: p.position.kind,
                        market: p.position.fields.market,
                        reported_by: p.reported_by,
                    })
                    .collect(),
            },
        );
    }
    Ok(facts)
}

/// The facts of every person in `rows`.
pub fn people(conn: &Connection, rows: &[PersonRow]) -> AppResult<HashMap<i64, PersonFacts>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = people::roles_of_people(conn, &ids)?;
    let company_ids = unique_ids(roles.values().flatten().map(|r| r.company_id));
    let companies = companies::by_ids(conn, &company_ids)?;
    let counts = people::quote_and_source_counts(conn, &ids)?;
    Ok(rows
        .iter()
        .map(|row| {
            let (quotes, sources) = counts.get(&row.id).copied().unwrap_or_default();
            let roles = roles
                .remove(&row.id)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|r| {
                    companies.get(&r.company_id).map(|c| RoleFacts {
                        title: r.title,
                        company: company_ref(c),
                        since: r.since,
                        until: r.until,
                    })
                })
                .collect();
            (
                row.id,
                PersonFacts {
                    name: row.name.clone(),
                    roles,
                    quotes,
                    sources,
                },
            )
        })
        .collect())
}

/// A party's company as a summary names it.
fn party_company(party: &PartyName) -> CompanyRef {
    CompanyRef {
        name: party.name.clone(),
        kind: party.kind,
        article: party.name_article,
    }
}

/// An agreement as a title names it: its kind, partners and, for a programme, organisers (in
/// any other kind of agreement every party is a partner).
pub fn agreement_ref(row: &AgreementRow, parties: &[PartyName]) -> AgreementRef {
    let mut partners = Vec::new();
    let mut organisers = Vec::new();
    for party in parties {
        if row.kind == AgreementKind::Programme && party.role == PartyRole::Organiser {
            organisers.push(party_company(party));
        } else {
            partners.push(party_company(party));
        }
    }
    AgreementRef {
        kind: row.kind,
        partners,
        organisers,
    }
}

/// The references (for titles) of every agreement in `rows`: one statement.
pub fn agreement_refs(
    conn: &Connection,
    rows: &[AgreementRow],
) -> AppResult<HashMap<i64, AgreementRef>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let parties = agreements::party_names_of(conn, &ids)?;
    Ok(rows
        .iter()
        .map(|row| {
            let parties = parties.get(&row.id).map_or(&[][..], Vec::as_slice);
            (row.id, agreement_ref(row, parties))
        })
        .collect())
}

/// The facts of every agreement in `rows`: its parties, scopes and markets, and the umbrella
/// and components it is named with, in a fixed number of statements.
pub fn agreements(
    conn: &Connection,
    rows: &[AgreementRow],
) -> AppResult<HashMap<i64, AgreementFacts>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let umbrella_ids = unique_ids(rows.iter().filter_map(|r| r.part_of_id));
    let umbrellas = agreements::by_ids(conn, &umbrella_ids)?;
    let components = agreements::components_of(conn, &ids)?;
    let all = unique_ids(
        ids.iter()
            .copied()
            .chain(umbrella_ids.iter().copied())
            .chain(components.values().flatten().map(|c| c.id)),
    );
    let parties = agreements::party_names_of(conn, &all)?;
    let mut scopes = agreements::scopes_of(conn, &ids)?;
    let mut markets = agreements::markets_of(conn, &ids)?;
    let parties_of = |id: i64| parties.get(&id).map_or(&[][..], Vec::as_slice);
    Ok(rows
        .iter()
        .map(|row| {
            let own = parties_of(row.id);
            let scopes = scopes.remove(&row.id).unwrap_or_default();
            let facts = AgreementFacts {
                agreement: agreement_ref(row, own),
                status: row.status,
                announced: row.announced,
                signed: row.signed,
                multi_stage: row.multi_stage,
                partners: own
                    .iter()
                    .filter(|party| {
                        row.kind != AgreementKind::Programme || party.role != PartyRole::Organiser
                    })
                    .map(|party| PartyFacts {
                        company: party_company(party),
                        country: party.country.clone(),
                        first_from_country: party.first_from_country,
                    })
                    .collect(),
                partner_count: row.partner_count.map(i64::from),
                partner_country: row.partner_country.clone(),
                initial_focus: scopes
                    .iter()
                    .filter(|s| s.initial_focus)
                    .map(|s| s.scope)
                    .collect(),
                scopes: scopes.iter().map(|s| s.scope).collect(),
                markets: markets.remove(&row.id).unwrap_or_default(),
                part_of: row
                    .part_of_id
                    .and_then(|id| umbrellas.get(&id))
                    .map(|u| agreement_ref(u, parties_of(u.id))),
                components: components
                    .get(&row.id)
                    .map(|cs| {
                        cs.iter()
                            .map(|c| agreement_ref(c, parties_of(c.id)))
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            (row.id, facts)
        })
        .collect())
}
