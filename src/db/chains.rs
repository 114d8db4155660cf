//! How two companies are connected: the shortest chains between them through agreements
//! (co-parties), ownership (parent and subsidiary) and people (a person with roles at both),
//! found by a breadth-first search from both ends at once, a statement per step.
//!
//! Searching from both ends keeps a step's frontier small: at a million agreements a company
//! has about a hundred neighbours, so a chain of four hops is found after reading the
//! neighbours of about two hundred companies, where a search from one end would read those of
//! some ten thousand. The search expands the smaller frontier first and stops at the first
//! step where the two sides meet, or when it has seen more companies than
//! [`Limits::max_visited`], which bounds its time and memory whatever the graph's shape.

use std::collections::{BTreeMap, HashMap};

use crate::db::sql::Connection;

use super::rows::id_array;
use crate::error::AppResult;

/// What makes one hop of a chain, seen from the hop's first company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Link {
    /// The next company is this one's parent.
    Parent,
    /// The next company is this one's subsidiary.
    Subsidiary,
    /// Both are parties to this agreement.
    Agreement(i64),
    /// This person holds the first role at this company and the second at the next.
    Person {
        /// The person.
        person: i64,
        /// Their role at the hop's first company.
        from_role: i64,
        /// Their role at the next.
        to_role: i64,
    },
}

impl Link {
    /// The same link seen from the other company.
    fn reversed(self) -> Self {
        match self {
            Self::Parent => Self::Subsidiary,
            Self::Subsidiary => Self::Parent,
            Self::Agreement(id) => Self::Agreement(id),
            Self::Person {
                person,
                from_role,
                to_role,
            } => Self::Person {
                person,
                from_role: to_role,
                to_role: from_role,
            },
        }
    }
}

/// One hop: from a company to the next, and what links them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hop {
    /// The company the hop starts at.
    pub from: i64,
    /// The company it reaches.
    pub to: i64,
    /// What links the two.
    pub link: Link,
}

/// A chain of hops from the first company to the last.
pub type Chain = Vec<Hop>;

/// How far a search may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The most hops a chain may have.
    pub max_hops: usize,
    /// The most chains answered.
    pub first: usize,
    /// The most companies the search may see before it gives up.
    pub max_visited: usize,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The shortest chains, at most `first` of them; none when the companies are not connected
    /// within `max_hops`.
    Chains(Vec<Chain>),
    /// The search saw more than `max_visited` companies without finding a chain.
    TooBroad {
        /// How many companies it had seen.
        visited: usize,
    },
}

/// One side of the search: each company seen, its distance from this side's end, and the
/// companies one hop nearer the end it is reached from (with the link, seen from the company
/// nearer the start of the chain).
#[derive(Default)]
struct Side {
    seen: HashMap<i64, (usize, Vec<(i64, Link)>)>,
    frontier: Vec<i64>,
    depth: usize,
}

impl Side {
    fn new(start: i64) -> Self {
        let mut seen = HashMap::new();
        seen.insert(start, (0, Vec::new()));
        Self {
            seen,
            frontier: vec![start],
            depth: 0,
        }
    }

    /// Takes one step: reads the neighbours of the frontier, which become the new frontier.
    /// `forward` tells which way the chain runs through this side, so that links are kept as
    /// the chain reads them.
    fn step(&mut self, conn: &Connection, forward: bool) -> AppResult<()> {
        let depth = self.depth + 1;
        let mut next = Vec::new();
        for (near, far, link) in neighbours(conn, &self.frontier)? {
            let (from, link) = if forward {
                (near, link)
            } else {
                (near, link.reversed())
            };
            match self.seen.get_mut(&far) {
                None => {
                    self.seen.insert(far, (depth, vec![(from, link)]));
                    next.push(far);
                }
                Some((d, preds)) if *d == depth => preds.push((from, link)),
                Some(_) => {}
            }
        }
        next.sort_unstable();
        for company in &next {
            if let Some((_, preds)) = self.seen.get_mut(company) {
                preds.sort();
            }
        }
        self.frontier = next;
        self.depth = depth;
        Ok(())
    }

    /// Up to `most` ways from this side's end to `company`, each in the order the chain runs
    /// (`forward`: from the end to the company; else from the company to the end).
    fn paths(&self, company: i64, forward: bool, most: usize) -> Vec<Chain> {
        let Some((_, preds)) = self.seen.get(&company) else {
            return Vec::new();
        };
        if preds.is_empty() {
            return vec![Vec::new()];
        }
        let mut out = Vec::new();
        for &(other, link) in preds {
            for mut path in self.paths(other, forward, most) {
                let hop = if forward {
                    Hop {
                        from: other,
                        to: company,
                        link,
                    }
                } else {
                    Hop {
                        from: company,
                        to: other,
                        link,
                    }
                };
                if forward {
                    path.push(hop);
                } else {
                    path.insert(0, hop);
                }
                out.push(path);
                if out.len() >= most {
                    return out;
                }
            }
        }
        out
    }
}

/// The shortest chains from `from` to `to` (two different companies' ids) within `limits`.
pub fn shortest(conn: &Connection, from: i64, to: i64, limits: Limits) -> AppResult<Found> {
    let mut start = Side::new(from);
    let mut end = Side::new(to);
    while start.depth + end.depth < limits.max_hops {
        // The smaller frontier is the cheaper step.
        let forward = start.frontier.len() <= end.frontier.len();
        let (side, other) = if forward {
            (&mut start, &end)
        } else {
            (&mut end, &start)
        };
        side.step(conn, forward)?;
        if side.frontier.is_empty() {
            return Ok(Found::Chains(Vec::new()));
        }
        // Where the sides meet, the chains are shortest through the companies nearest the
        // other end.
        let meets: BTreeMap<usize, Vec<i64>> = side
            .frontier
            .iter()
            .filter_map(|c| other.seen.get(c).map(|(d, _)| (*d, *c)))
            .fold(BTreeMap::new(), |mut all, (d, c)| {
                all.entry(d).or_insert_with(Vec::new).push(c);
                all
            });
        if let Some((_, meeting)) = meets.into_iter().next() {
            let mut chains = Vec::new();
            for company in meeting {
                let firsts = start.paths(company, true, limits.first);
                let lasts = end.paths(company, false, limits.first);
                for first in &firsts {
                    for last in &lasts {
                        chains.push(first.iter().chain(last).copied().collect());
                        if chains.len() >= limits.first {
                            return Ok(Found::Chains(chains));
                        }
                    }
                }
            }
            return Ok(Found::Chains(chains));
        }
        let visited = start.seen.len() + end.seen.len();
        if visited > limits.max_visited {
            return Ok(Found::TooBroad { visited });
        }
    }
    Ok(Found::Chains(Vec::new()))
}

/// Every link from each of `ids` to another company, one per pair of companies: ownership
/// before an agreement before a person, and of several agreements or people the first
/// recorded. One statement.
fn neighbours(conn: &Connection, ids: &[i64]) -> AppResult<Vec<(i64, i64, Link)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.parent_id, 0, 0, 0, 0 FROM companies c \
           WHERE c.id IN rarray(?1) AND c.parent_id IS NOT NULL \
         UNION ALL SELECT c.parent_id, c.id, 1, 0, 0, 0 FROM companies c \
           WHERE c.parent_id IN rarray(?1) \
         UNION ALL SELECT p1.company_id, p2.company_id, 2, p1.agreement_id, 0, 0 FROM parties p1 \
           JOIN parties p2 ON p2.agreement_id = p1.agreement_id AND p2.company_id <> p1.company_id \
           WHERE p1.company_id IN rarray(?1) \
         UNION ALL SELECT r1.company_id, r2.company_id, 3, r1.person_id, r1.id, r2.id FROM roles r1 \
           JOIN roles r2 ON r2.person_id = r1.person_id AND r2.company_id <> r1.company_id \
           WHERE r1.company_id IN rarray(?1)",
    )?;
    let rows = stmt.query_map([id_array(ids.iter().copied())], |r| {
        let (near, far, kind): (i64, i64, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let (a, b, c): (i64, i64, i64) = (r.get(3)?, r.get(4)?, r.get(5)?);
        let link = match kind {
            0 => Link::Parent,
            1 => Link::Subsidiary,
            2 => Link::Agreement(a),
            _ => Link::Person {
                person: a,
                from_role: b,
                to_role: c,
            },
        };
        Ok((near, far, link))
    })?;
    let mut best: HashMap<(i64, i64), Link> = HashMap::new();
    for row in rows {
        let (near, far, link) = row?;
        best.entry((near, far))
            .and_modify(|kept| *kept = (*kept).min(link))
            .or_insert(link);
    }
    let mut out: Vec<(i64, i64, Link)> = best.into_iter().map(|((n, f), l)| (n, f, l)).collect();
    out.sort_unstable();
    Ok(out)
}
