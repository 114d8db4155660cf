//! The `Node` interface and the `node`/`nodes` queries that refetch any entity by global id.

use async_graphql::{Context, ID, Interface, Object};

use super::ids::{NodeType, decode_id};
use super::{Agreement, Company, Person, db};
use crate::db::{agreements, companies, people};
use crate::error::{AppError, AppResult};

/// The most ids one `nodes` call may name.
pub const MAX_NODES: usize = 100;

/// An entity with a global id that `node(id:)` refetches.
#[derive(Interface, Clone)]
#[graphql(field(name = "id", ty = "ID", desc = "Opaque, stable global id."))]
pub enum Node {
    /// A company.
    Company(Company),
    /// A person.
    Person(Person),
    /// An agreement.
    Agreement(Agreement),
}

async fn find(ctx: &Context<'_>, id: &str, argument: &'static str) -> AppResult<Option<Node>> {
    let (ty, slug) = decode_id(id, argument)?;
    db(ctx)?
        .read(move |conn| {
            Ok(match ty {
                NodeType::Company => {
                    companies::by_slug(conn, &slug)?.map(|r| Node::Company(Company::new(r)))
                }
                NodeType::Person => people::by_slug(conn, &slug)?.map(|r| Node::Person(Person(r))),
                NodeType::Agreement => {
                    agreements::by_slug(conn, &slug)?.map(|r| Node::Agreement(Agreement::new(r)))
                }
            })
        })
        .await
}

/// Refetching by global id.
#[derive(Default)]
pub struct NodeQuery;

#[Object]
impl NodeQuery {
    /// The entity with this global id, or null if none has it.
    async fn node(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "A global id, as returned by any entity's `id` field.")] id: ID,
    ) -> async_graphql::Result<Option<Node>> {
        Ok(find(ctx, &id, "id").await?)
    }

    /// The entities with these global ids, in the same order; null where none has the id.
    async fn nodes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Global ids, at most 100.")] ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(AppError::bad_input(
                "ids",
                format!("{} ids are more than the most, {MAX_NODES}", ids.len()),
            )
            .into());
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in &ids {
            found.push(find(ctx, id, "ids").await?);
        }
        Ok(found)
    }
}
