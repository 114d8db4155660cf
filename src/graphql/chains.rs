//! `connections(from:, to:)`: how two companies are connected, as the shortest chains of
//! companies between them, each hop with the agreement, ownership link or person that makes
//! it, and a sentence for the whole chain in German and English. The search is
//! `crate::db::chains`'; this module checks the arguments and loads what the chains name.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::{Context, Enum, ErrorExtensions, ID, Object};

use super::agreement::Agreement;
use super::company::Company;
use super::db;
use super::ids::decode_id_of;
use super::localized::writer;
use super::person::{Person, Role};
use crate::db::chains::{self, Found, Hop, Link};
use crate::db::{agreements, companies, people};
use crate::error::{AppError, AppResult};
use crate::model::EntityKind;
use crate::summary::read::company_ref;
use crate::summary::{ChainFacts, HopFacts};

/// The most hops a chain may have.
pub const MAX_HOPS: i32 = 6;
/// The hops a chain may have when `maxHops` is not given.
pub const DEFAULT_HOPS: i32 = 4;
/// The most chains one answer holds.
pub const MAX_CHAINS: i32 = 20;
/// The chains answered when `first` is not given.
pub const DEFAULT_CHAINS: i32 = 3;
/// The most companies one search may see before it gives up: its bound on time and memory.
pub const MAX_VISITED: usize = 200_000;

/// What makes a hop.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainLink {
    /// The hop's second company is the first's parent.
    Parent,
    /// The hop's second company is the first's subsidiary.
    Subsidiary,
    /// The two are parties to an agreement (`agreement`).
    Agreement,
    /// A person holds a role at both (`person`, `roles`).
    Person,
}

/// Everything the chains of one answer name, read together.
struct Named {
    companies: HashMap<i64, Company>,
    agreements: HashMap<i64, Agreement>,
    people: HashMap<i64, Person>,
    roles: HashMap<i64, Role>,
}

impl Named {
    /// The company `id`, which a chain names.
    fn company(&self, id: i64) -> AppResult<&Company> {
        self.companies
            .get(&id)
            .ok_or_else(|| AppError::Internal(format!("company {id} of a chain is missing")))
    }
}

/// One hop of a chain: from a company to the next, and what links them.
pub struct ChainHop {
    hop: Hop,
    named: Arc<Named>,
}

/// One hop of a chain: from a company to the next, and what links them.
#[Object]
impl ChainHop {
    /// The company the hop starts at.
    async fn from(&self) -> async_graphql::Result<Company> {
        Ok(self.named.company(self.hop.from)?.clone())
    }

    /// The company the hop reaches (its `kind` says what it is).
    async fn to(&self) -> async_graphql::Result<Company> {
        Ok(self.named.company(self.hop.to)?.clone())
    }

    /// What links the two.
    async fn link(&self) -> ChainLink {
        match self.hop.link {
            Link::Parent => ChainLink::Parent,
            Link::Subsidiary => ChainLink::Subsidiary,
            Link::Agreement(_) => ChainLink::Agreement,
            Link::Person { .. } => ChainLink::Person,
        }
    }

    /// The agreement both are parties to, for an `AGREEMENT` hop (the first recorded, when
    /// they share several).
    async fn agreement(&self) -> Option<Agreement> {
        match self.hop.link {
            Link::Agreement(id) => self.named.agreements.get(&id).cloned(),
            _ => None,
        }
    }

    /// The person with a role at both, for a `PERSON` hop.
    async fn person(&self) -> Option<Person> {
        match self.hop.link {
            Link::Person { person, .. } => self.named.people.get(&person).cloned(),
            _ => None,
        }
    }

    /// The person's role at the hop's first company, then at the second, for a `PERSON`
    /// hop; empty otherwise.
    async fn roles(&self) -> Vec<Role> {
        match self.hop.link {
            Link::Person {
                from_role, to_role, ..
            } => [from_role, to_role]
                .iter()
                .filter_map(|id| self.named.roles.get(id).cloned())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A chain of companies, each linked to the next.
pub struct CompanyChain {
    hops: Vec<Hop>,
    named: Arc<Named>,
}

impl CompanyChain {
    /// The ids of the companies, first to last.
    fn company_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = self.hops.iter().map(|h| h.from).collect();
        ids.extend(self.hops.last().map(|h| h.to));
        ids
    }

    fn facts(&self) -> AppResult<ChainFacts> {
        let companies = self
            .company_ids()
            .into_iter()
            .map(|id| Ok(company_ref(self.named.company(id)?.row())))
            .collect::<AppResult<Vec<_>>>()?;
        let missing = |what: &str| AppError::Internal(format!("the {what} of a chain is missing"));
        let hops = self
            .hops
            .iter()
            .map(|hop| {
                Ok(match hop.link {
                    Link::Parent => HopFacts::Parent,
                    Link::Subsidiary => HopFacts::Subsidiary,
                    Link::Agreement(id) => {
                        let row = self
                            .named
                            .agreements
                            .get(&id)
                            .ok_or_else(|| missing("agreement"))?
                            .row();
                        HopFacts::Agreement {
                            kind: row.kind,
                            status: row.status,
                            year: row.signed.or(row.announced).map(|d| d.year),
                        }
                    }
                    Link::Person {
                        person,
                        from_role,
                        to_role,
                    } => {
                        let role = |id: i64| {
                            self.named
                                .roles
                                .get(&id)
                                .map(|r| (r.row().title, r.row().until.is_none()))
                                .ok_or_else(|| missing("role"))
                        };
                        HopFacts::Person {
                            name: self
                                .named
                                .people
                                .get(&person)
                                .ok_or_else(|| missing("person"))?
                                .row()
                                .name
                                .clone(),
                            from: role(from_role)?,
                            to: role(to_role)?,
                        }
                    }
                })
            })
            .collect::<AppResult<Vec<_>>>()?;
        Ok(ChainFacts { companies, hops })
    }
}

/// A chain of companies from `from` to `to` of `connections`, each linked to the next.
#[Object]
impl CompanyChain {
    /// How many hops the chain has.
    async fn length(&self) -> usize {
        self.hops.len()
    }

    /// The companies, from the first to the last.
    async fn companies(&self) -> async_graphql::Result<Vec<Company>> {
        Ok(self
            .company_ids()
            .into_iter()
            .map(|id| self.named.company(id).cloned())
            .collect::<AppResult<Vec<_>>>()?)
    }

    /// Each hop, in order.
    async fn hops(&self) -> Vec<ChainHop> {
        self.hops
            .iter()
            .map(|&hop| ChainHop {
                hop,
                named: self.named.clone(),
            })
            .collect()
    }

    /// The chain in a sentence, then a sentence per hop: "Alibaba Group ist über Alibaba Sports
    /// Group mit Wige Media verbunden. Alibaba Group ist die Muttergesellschaft von Alibaba
    /// Sports Group. …"
    async fn summary(
        &self,
        ctx: &Context<'_>,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                    Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<String> {
        let writer = writer(ctx, locale.as_deref())?;
        Ok(writer.chain(&self.facts()?).map_err(AppError::from)?)
    }
}

/// How companies are connected.
#[derive(Default)]
pub struct ChainQuery;

#[Object]
impl ChainQuery {
    /// The shortest chains that connect two companies through agreements (co-parties),
    /// ownership (parent and subsidiary) and people (a role at both); empty when none is
    /// within `maxHops`.
    async fn connections(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The global id of the company the chains start at.")] from: ID,
        #[graphql(desc = "The global id of the company they reach; another than `from`.")] to: ID,
        #[graphql(desc = "The most hops a chain may have (1 to 6; default 4).")] max_hops: Option<
            i32,
        >,
        #[graphql(
            desc = "Return at most this many chains, all of the shortest length found \
                          (1 to 20; default 3)."
        )]
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<CompanyChain>> {
        let from = decode_id_of(EntityKind::Company, &from, "from")?;
        let to = decode_id_of(EntityKind::Company, &to, "to")?;
        if from == to {
            return Err(AppError::bad_input(
                "to",
                "names the same company as `from`: give two different companies",
            )
            .into());
        }
        let max_hops = max_hops.unwrap_or(DEFAULT_HOPS);
        if !(1..=MAX_HOPS).contains(&max_hops) {
            return Err(AppError::bad_input(
                "maxHops",
                format!("is {max_hops}; give 1 to {MAX_HOPS}"),
            )
            .into());
        }
        let first = first.unwrap_or(DEFAULT_CHAINS);
        if !(1..=MAX_CHAINS).contains(&first) {
            return Err(AppError::bad_input(
                "first",
                format!("is {first}; give 1 to {MAX_CHAINS}"),
            )
            .into());
        }
        let limits = chains::Limits {
            max_hops: max_hops as usize,
            first: first as usize,
            max_visited: MAX_VISITED,
        };
        let found = db(ctx)?
            .read(move |conn| {
                let ends = companies::by_keys(conn, &[&from, &to])?;
                let id = |key: &String| {
                    ends.get(key)
                        .map(|r| r.id)
                        .ok_or_else(|| AppError::NotFound {
                            what: "company",
                            key: key.clone(),
                        })
                };
                let (from, to) = (id(&from)?, id(&to)?);
                let chains = match chains::shortest(conn, from, to, limits)? {
                    Found::Chains(chains) => chains,
                    Found::TooBroad { visited } => return Ok(Err(visited)),
                };
                // Everything the chains name, in four statements.
                let mut company_ids = Vec::new();
                let (mut agreement_ids, mut person_ids, mut role_ids) =
                    (Vec::new(), Vec::new(), Vec::new());
                for hop in chains.iter().flatten() {
                    company_ids.extend([hop.from, hop.to]);
                    match hop.link {
                        Link::Agreement(id) => agreement_ids.push(id),
                        Link::Person {
                            person,
                            from_role,
                            to_role,
                        } => {
                            person_ids.push(person);
                            role_ids.extend([from_role, to_role]);
                        }
                        Link::Parent | Link::Subsidiary => {}
                    }
                }
                let rows = (
                    companies::by_ids(conn, &company_ids)?,
                    agreements::by_ids(conn, &agreement_ids)?,
                    people::by_ids(conn, &person_ids)?,
                    people::roles_by_ids(conn, &role_ids)?,
                );
                Ok(Ok((chains, rows)))
            })
            .await?;
        let (chains, (companies, agreements, people, roles)) = match found {
            Ok(found) => found,
            Err(visited) => {
                return Err(async_graphql::Error::new(format!(
                    "the search saw {visited} companies without finding a chain; at most \
                     {MAX_VISITED} are searched: ask for fewer hops"
                ))
                .extend_with(|_, e| {
                    e.set("code", "QUERY_TOO_LARGE");
                    e.set("limit", "connections");
                    e.set("actual", visited as u64);
                    e.set("maximum", MAX_VISITED as u64);
                }));
            }
        };
        let named = Arc::new(Named {
            companies: Company::by_id(companies),
            agreements: Agreement::by_id(agreements),
            people: Person::by_id(people),
            roles: Role::by_id(roles),
        });
        Ok(chains
            .into_iter()
            .map(|hops| CompanyChain {
                hops,
                named: named.clone(),
            })
            .collect())
    }
}
