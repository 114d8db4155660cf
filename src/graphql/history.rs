//! `Change` and the root `changes` connection: the history of writes, oldest first (commit
//! order), filterable by kind of record, record and time.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Interface, Json, Object};

use super::connection::{PageArgs, connection, load};
use super::ids::encode_record_id;
use crate::db::history::{self, ChangeRow, Filter};
use crate::error::{AppError, AppResult};
use crate::model::{ChangeEntity, Instant, Operation};

connection!(ChangeConnection, ChangeEdge, Change, "changes");

/// The order of the history; a cursor is only valid in the order it was made in.
const ORDERING: &str = "changes-by-commit";

/// One recorded write.
#[derive(Clone)]
pub struct Change(Arc<ChangeRow>);

impl Change {
    fn batch(rows: Vec<ChangeRow>) -> Vec<Self> {
        rows.into_iter().map(|row| Self(Arc::new(row))).collect()
    }

    /// The record's state after the change, or else before it.
    fn state(&self) -> Option<serde_json::Value> {
        self.0
            .after
            .as_deref()
            .or(self.0.before.as_deref())
            .and_then(|text| serde_json::from_str(text).ok())
    }
}

impl Change {
    /// The id of the record changed, as the API names it.
    pub(crate) fn record_id(&self) -> Option<ID> {
        let entity = self.0.entity;
        if !entity.has_slug() {
            return Some(encode_record_id(entity, &self.0.entity_id.to_string()));
        }
        // The key of its global id; a state recorded before records had keys names it by its
        // slug, which was its key then.
        let state = self.state()?;
        let key = state.get("key").or_else(|| state.get("slug"))?.as_str()?;
        Some(encode_record_id(entity, key))
    }

    /// Whether the change is one `filter` asks for; `filter` is [`ChangeFilter::checked`], so
    /// its times are written as the stored ones and compare as instants.
    pub(crate) fn matches(&self, filter: &ChangeFilter) -> bool {
        let row = &self.0;
        filter.entity.is_none_or(|e| e == row.entity)
            && filter
                .entity_id
                .as_ref()
                .is_none_or(|id| self.record_id().as_ref() == Some(id))
            && filter.since.as_ref().is_none_or(|t| row.at >= *t)
            && filter.until.as_ref().is_none_or(|t| row.at < *t)
            && filter
                .client_mutation_id
                .as_ref()
                .is_none_or(|id| row.client_mutation_id.as_ref() == Some(id))
    }

    /// A change as stored, shared (every subscriber gets the same row).
    pub(crate) fn new(row: Arc<ChangeRow>) -> Self {
        Self(row)
    }
}

fn json(text: Option<&str>) -> Option<Json<serde_json::Value>> {
    text.and_then(|t| serde_json::from_str(t).ok()).map(Json)
}

/// A write recorded in the history, in the same transaction as the write itself.
#[Object]
impl Change {
    /// Its position in commit order: later changes have greater numbers.
    async fn sequence(&self) -> i64 {
        self.0.id
    }

    /// When it was committed (RFC 3339, UTC).
    async fn at(&self) -> &str {
        &self.0.at
    }

    /// Who made it: the name of the API key.
    async fn actor(&self) -> &str {
        &self.0.actor
    }

    /// What kind of record it changed.
    async fn entity(&self) -> ChangeEntity {
        self.0.entity
    }

    /// The id of the record (the global id it has had since it was created): a
    /// global id for a company, person or agreement, the id mutations take for the others.
    async fn entity_id(&self) -> Option<ID> {
        self.record_id()
    }

    /// What it did.
    async fn operation(&self) -> Operation {
        self.0.operation
    }

    /// The record as stored before; null for a creation.
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        json(self.0.before.as_deref())
    }

    /// The record as stored after; null for a deletion.
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        json(self.0.after.as_deref())
    }

    /// The `clientMutationId` of the mutation that made it; null when it had none (or came
    /// from `dealgraph import`). A client whose connection broke while a mutation committed
    /// (`WRITE_OUTCOME_UNKNOWN`) finds out whether it was saved with
    /// `changes(filter: { clientMutationId: … })`.
    async fn client_mutation_id(&self) -> Option<&str> {
        self.0.client_mutation_id.as_deref()
    }
}

/// Narrows `changes`.
#[derive(InputObject, Default)]
pub struct ChangeFilter {
    /// Only changes to records of this kind.
    pub entity: Option<ChangeEntity>,
    /// Only changes to this record (its id: a global id, or the id of a role, source, quote,
    /// event or rivalry; the kind follows from it).
    pub entity_id: Option<ID>,
    /// Only changes committed at or after this instant: an RFC 3339 date and time with its
    /// offset (`2026-11-24T10:00:00Z`, `2026-11-24T11:00:00+01:00`), or a date alone
    /// (`2026-11-24`), meaning its first instant in UTC. Anything else is `BAD_USER_INPUT`.
    pub since: Option<String>,
    /// Only changes committed before this instant, written as `since` is; not before `since`.
    pub until: Option<String>,
    /// Only changes made by the mutation sent with this `clientMutationId`.
    pub client_mutation_id: Option<String>,
}

impl ChangeFilter {
    /// The filter with `since` and `until` checked, and written as the history stores its
    /// times, so that they compare as instants with the stored ones.
    pub(crate) fn checked(self) -> AppResult<Self> {
        let since = self
            .since
            .as_deref()
            .map(|t| Instant::parse(t, "filter.since"))
            .transpose()?;
        let until = self
            .until
            .as_deref()
            .map(|t| Instant::parse(t, "filter.until"))
            .transpose()?;
        if let (Some(since), Some(until)) = (since, until)
            && until < since
        {
            return Err(AppError::bad_input(
                "filter.until",
                "is before filter.since: no change can be in that range",
            ));
        }
        Ok(Self {
            since: since.map(Instant::stored),
            until: until.map(Instant::stored),
            ..self
        })
    }
}

/// The fields every kind of record the API writes has, its version and its history, written
/// once and flattened into each record's type (`#[graphql(flatten)]`), so that the seven
/// types answer them alike. The [`Versioned`] interface lets a client ask for them on any.
pub(crate) struct Recorded {
    entity: ChangeEntity,
    id: i64,
    version: i64,
}

impl Recorded {
    /// The version and history of the record `id` of `entity`, now at `version`.
    pub(crate) fn new(entity: ChangeEntity, id: i64, version: i64) -> Self {
        Self {
            entity,
            id,
            version,
        }
    }
}

#[Object]
impl Recorded {
    /// How many times it has been written: 1 when created, one more with every change. Send
    /// it with an update or delete to have a concurrent change refused rather than
    /// overwritten.
    async fn version(&self) -> i64 {
        self.version
    }

    /// The changes made to it, oldest first: who changed what when, with its state before
    /// and after.
    async fn history(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
    ) -> async_graphql::Result<ChangeConnection> {
        let filter = Filter {
            entity: Some(self.entity),
            entity_id: Some(self.id),
            ..Filter::default()
        };
        Ok(page(ctx, &filter, PageArgs::new(first, after, None, None)).await?)
    }
}

/// A type whose values are records the API writes, which know their [`Recorded`] fields.
pub(crate) trait HasRecord {
    /// The record's version and history.
    fn versioned(&self) -> Recorded;
}

/// The [`Versioned`] interface's fields on every type that [`HasRecord`]: the interface
/// resolves its fields through Rust methods of each of its types, and these are the one
/// definition of them (the types' own fields are the flattened [`Recorded`]).
pub(crate) trait RecordFields {
    /// `version`.
    async fn record_version(&self, ctx: &Context<'_>) -> async_graphql::Result<i64>;
    /// `history`.
    async fn record_history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<ChangeConnection>;
}

impl<T: HasRecord + Sync> RecordFields for T {
    async fn record_version(&self, _: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(self.versioned().version)
    }

    async fn record_history(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<ChangeConnection> {
        self.versioned().history(ctx, first, after).await
    }
}

/// A record the API writes: it has a version, which updates and deletes may name, and a
/// history of its changes.
#[derive(Interface)]
#[graphql(
    field(
        name = "version",
        method = "record_version",
        ty = "i64",
        desc = "How many times it has been written: 1 when created, one more with every change. \
                Send it with an update or delete to have a concurrent change refused rather \
                than overwritten."
    ),
    field(
        name = "history",
        method = "record_history",
        ty = "ChangeConnection",
        desc = "The changes made to it, oldest first: who changed what when, with its state \
                before and after.",
        arg(
            name = "first",
            ty = "Option<i32>",
            desc = "Return at most this many items from the start (0 to 100; default 20)."
        ),
        arg(
            name = "after",
            ty = "Option<String>",
            desc = "Start after the item with this cursor."
        )
    )
)]
pub enum Versioned {
    /// A company.
    Company(super::company::Company),
    /// A person.
    Person(super::person::Person),
    /// An agreement.
    Agreement(super::agreement::Agreement),
    /// A source.
    Source(super::source::Source),
    /// A quote.
    Quote(super::source::Quote),
    /// An event in a company's history.
    Event(super::company::Event),
    /// A person's role at a company.
    Role(super::person::Role),
}

/// A page of the changes `filter` selects, oldest first.
async fn page(ctx: &Context<'_>, filter: &Filter, args: PageArgs) -> AppResult<ChangeConnection> {
    let list = history::select(history::list(), filter, false);
    Ok(load(
        ctx,
        list,
        ORDERING.to_owned(),
        &args,
        ChangeRow::read,
        Change::batch,
    )
    .await?
    .into())
}

/// The history part of `Query`.
#[derive(Default)]
pub struct HistoryQuery;

async fn load_changes(
    ctx: &Context<'_>,
    filter: ChangeFilter,
    args: PageArgs,
) -> AppResult<ChangeConnection> {
    let filter = filter.checked()?;
    let mut storage = Filter {
        entity: filter.entity,
        entity_id: None,
        since: filter.since,
        until: filter.until,
        client_mutation_id: filter.client_mutation_id,
    };
    if let Some(id) = filter.entity_id {
        // The global id names the kind; the history is keyed by storage id.
        let (kind, key) = super::ids::decode_any_record_id(&id, "filter.entityId")?;
        storage.entity = Some(kind);
        storage.entity_id = Some(if kind.has_slug() {
            super::db(ctx)?
                .read(move |conn| history::id_in_history(conn, kind, &key))
                .await?
                .unwrap_or(-1)
        } else {
            key.parse().unwrap_or(-1)
        });
    }
    page(ctx, &storage, args).await
}

#[Object]
impl HistoryQuery {
    /// Every write, oldest first: who changed which record when, with its state before and
    /// after. A deleted record's last state stays readable here.
    async fn changes(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Return at most this many items from the start (0 to 100; default 20).")]
        first: Option<i32>,
        #[graphql(desc = "Start after the item with this cursor.")] after: Option<String>,
        #[graphql(desc = "Return at most this many items from the end (0 to 100).")] last: Option<
            i32,
        >,
        #[graphql(desc = "End before the item with this cursor.")] before: Option<String>,
        #[graphql(desc = "Only changes that match every condition given.")] filter: Option<
            ChangeFilter,
        >,
    ) -> async_graphql::Result<ChangeConnection> {
        let args = PageArgs::new(first, after, last, before);
        Ok(load_changes(ctx, filter.unwrap_or_default(), args).await?)
    }
}
