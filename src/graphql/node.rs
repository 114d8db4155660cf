//! The `Node` interface and the `node`/`nodes` queries that refetch any entity by global id.
//! `nodes` reads every id of a kind in one statement, so its entities form one batch per kind.

use async_graphql::{Context, ID, Interface, Object};

use super::ids::decode_id;
use super::{Agreement, Company, Person, db};
use crate::db::{agreements, companies, people};
use crate::error::{AppError, AppResult};
use crate::model::EntityKind;

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

/// The entities the ids name, in order (`None` where none has the id); `argument` names the
/// argument in errors.
async fn find(
    ctx: &Context<'_>,
    ids: &[ID],
    argument: &'static str,
) -> AppResult<Vec<Option<Node>>> {
    let wanted = ids
        .iter()
        .map(|id| decode_id(id, argument))
        .collect::<AppResult<Vec<_>>>()?;
    let keys = |kind: EntityKind| -> Vec<String> {
        wanted
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, key)| key.clone())
            .collect()
    };
    let (company_keys, person_keys, agreement_keys) = (
        keys(EntityKind::Company),
        keys(EntityKind::Person),
        keys(EntityKind::Agreement),
    );
    let (found_companies, found_people, found_agreements) = db(ctx)?
        .read(move |conn| {
            Ok((
                companies::by_keys(conn, &company_keys)?,
                people::by_keys(conn, &person_keys)?,
                agreements::by_keys(conn, &agreement_keys)?,
            ))
        })
        .await?;
    let found_companies = super::loader::keyed_objects(found_companies, Company::batch);
    let found_people = super::loader::keyed_objects(found_people, Person::batch);
    let found_agreements = super::loader::keyed_objects(found_agreements, Agreement::batch);
    Ok(wanted
        .iter()
        .map(|(kind, key)| match kind {
            EntityKind::Company => found_companies.get(key).cloned().map(Node::Company),
            EntityKind::Person => found_people.get(key).cloned().map(Node::Person),
            EntityKind::Agreement => found_agreements.get(key).cloned().map(Node::Agreement),
        })
        .collect())
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
        Ok(find(ctx, &[id], "id").await?.pop().flatten())
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
        Ok(find(ctx, &ids, "ids").await?)
    }
}
