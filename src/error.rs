//! The application's one error type and how it becomes a GraphQL error.
//!
//! Which error to use where:
//! - resolvers, request handling and storage return [`AppError`] ([`AppResult`]); its domain
//!   variants carry a stable `extensions.code` (`NOT_FOUND`, `BAD_USER_INPUT`, `CONFLICT`);
//! - storage write functions turn a constraint their statement violates into the domain error
//!   it means (`CONFLICT` for a taken slug, `BAD_USER_INPUT` for a reference to a missing row),
//!   in the one place that knows the tables (`db::constraints::write_error`); a conflict with
//!   a value another record has, where the write can say which record, names it
//!   ([`AppError::conflict_with`], `extensions.existing`);
//! - storage failures become [`AppError::Database`] (through `?` on `crate::db::sql::Error`) and other
//!   internal failures [`AppError::Internal`]; both keep their cause, are logged once (with
//!   the cause chain) when they become a GraphQL error, and reach the client only as
//!   `INTERNAL_SERVER_ERROR` with no internals;
//! - an `AppError` becomes an `async_graphql::Error` through [`ErrorExtensions::extend`],
//!   which `?` in a resolver calls (see the `From` impl below): the code, the argument and the
//!   public message are attached there, where the error is made, never by reading its text
//!   later. (`AppError` deliberately has no `Display`: async-graphql converts every `Display`
//!   type into an error by its text alone, which would lose the code.)
//! - start-up code (main, seeding) wraps errors in `anyhow` for context.

use std::borrow::Cow;
use std::fmt;

use async_graphql::ErrorExtensions;

/// Every way a request can fail.
#[derive(Debug)]
pub enum AppError {
    /// The client named something that does not exist.
    NotFound {
        /// What was looked for, such as `company`.
        what: &'static str,
        /// The slug or id that matched nothing.
        key: String,
    },
    /// An argument's value is not acceptable.
    BadInput {
        /// The argument's name as the client wrote it, with the path to it inside an input
        /// (`filter.not.kinds`).
        argument: Cow<'static, str>,
        /// Why the value was refused.
        reason: String,
    },
    /// A value conflicts with data already stored, such as a slug another record has.
    Conflict {
        /// The input field whose value conflicts, as the client wrote it.
        field: &'static str,
        /// What it conflicts with.
        reason: String,
        /// The other record the value belongs to, when the conflict is with one.
        existing: Option<Box<Existing>>,
    },
    /// The request needs an API key it did not carry, or carried one that is unknown or
    /// revoked.
    Unauthenticated(String),
    /// What the request needs is not ready yet (the search index being built); the client
    /// may retry after `retry_after` seconds.
    Unavailable {
        /// The machine-readable code, such as `SEARCH_INDEX_BUILDING`.
        code: &'static str,
        /// What is not ready, and how far along it is.
        reason: String,
        /// Seconds after which a retry may succeed.
        retry_after: u64,
    },
    /// The database failed.
    Database(crate::db::sql::Error),
    /// Any other failure inside the server.
    Internal(String),
}

/// Results of the application's own code.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A refused argument value.
    pub fn bad_input(argument: impl Into<Cow<'static, str>>, reason: impl Into<String>) -> Self {
        Self::BadInput {
            argument: argument.into(),
            reason: reason.into(),
        }
    }

    /// A value that conflicts with stored data.
    pub fn conflict(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Conflict {
            field,
            reason: reason.into(),
            existing: None,
        }
    }

    /// The same error for an input read at `to` where it was read at `from`: a filter checked
    /// as `filter.…` that stands inside `filter.not` names `filter.not.…`.
    pub fn moved(self, from: &str, to: &str) -> Self {
        match self {
            Self::BadInput { argument, reason } => {
                let argument = match argument.strip_prefix(from) {
                    Some(rest) => Cow::Owned(format!("{to}{rest}")),
                    None => argument,
                };
                Self::BadInput { argument, reason }
            }
            other => other,
        }
    }

    /// The stable machine-readable code clients see in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Unavailable { code, .. } => code,
            Self::Database(_) | Self::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }

    /// The argument or input field at fault, for bad input and conflicts.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::BadInput { argument, .. } => Some(argument),
            Self::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The message clients see; internal errors say nothing of their cause.
    pub fn public_message(&self) -> String {
        match self {
            Self::NotFound { what, key } => format!("{what} not found: {key}"),
            Self::BadInput { argument, reason } => {
                format!("invalid value for argument `{argument}`: {reason}")
            }
            Self::Conflict { field, reason, .. } => {
                format!("conflicting value for `{field}`: {reason}")
            }
            Self::Unauthenticated(reason) | Self::Unavailable { reason, .. } => reason.clone(),
            Self::Database(_) | Self::Internal(_) => "internal server error".to_owned(),
        }
    }

    /// Logs an internal error with its cause chain; domain errors are the client's business.
    fn log(&self) {
        match self {
            Self::Database(cause) => {
                let chain = Chain(cause);
                tracing::error!(error = %chain, debug = ?cause, "database error");
            }
            Self::Internal(cause) => tracing::error!(error = %cause, "internal error"),
            _ => {}
        }
    }
}

/// An error and its sources, joined by `: `.
struct Chain<'a>(&'a (dyn std::error::Error + 'static));

impl fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl ErrorExtensions for AppError {
    /// The GraphQL error: the public message, `extensions.code` and, for bad input,
    /// `extensions.argument`. Internal errors are logged here, once, as they leave the server.
    fn extend(&self) -> async_graphql::Error {
        self.log();
        async_graphql::Error::new(self.public_message()).extend_with(|_, ext| {
            ext.set("code", self.code());
            if let Some(argument) = self.field() {
                ext.set("argument", argument);
            }
            if let Self::Unavailable { retry_after, .. } = self {
                ext.set("retryAfter", *retry_after);
            }
            if let Self::Conflict {
                existing: Some(existing),
                ..
            } = self
            {
                ext.set("existing", existing.to_value());
            }
        })
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(error: AppError) -> Self {
        error.extend()
    }
}

/// For start-up code (seeding, commands), which reports errors with `anyhow`: domain errors
/// by their message, internal ones with their cause.
impl From<AppError> for anyhow::Error {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Database(cause) => anyhow::Error::new(cause),
            AppError::Internal(cause) => anyhow::anyhow!(cause),
            other => anyhow::anyhow!(other.public_message()),
        }
    }
}

/// The stored record that a conflicting value belongs to, which a `CONFLICT` names (in its
/// message and as `extensions.existing`) so that the client can tell whether it meant that
/// record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Existing {
    /// What kind of entity it is.
    pub kind: crate::model::EntityKind,
    /// The key of its global id.
    pub key: String,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
}

impl Existing {
    /// `extensions.existing`: the record's global id, slug and name.
    fn to_value(&self) -> async_graphql::Value {
        let id = crate::graphql::ids::encode_id(self.kind, &self.key);
        async_graphql::value!({
            "id": id.0,
            "slug": self.slug.clone(),
            "name": self.name.clone(),
        })
    }
}

impl AppError {
    /// A value of the input field `field` that belongs to the other record `existing`.
    pub fn conflict_with(
        field: &'static str,
        reason: impl Into<String>,
        existing: Existing,
    ) -> Self {
        Self::Conflict {
            field,
            reason: reason.into(),
            existing: Some(Box::new(existing)),
        }
    }
}

/// The code of an error that says the database cannot be reached now: its server down,
/// restarting or failing over, or every connection busy for longer than a request waits.
pub const DATABASE_UNAVAILABLE: &str = "DATABASE_UNAVAILABLE";

/// The code of an error that says the connection to the database broke while a write was
/// committing: it may or may not have been saved. The client checks (its `clientMutationId`,
/// the record, the `changes` history) before sending it again; the server never retries it.
pub const WRITE_OUTCOME_UNKNOWN: &str = "WRITE_OUTCOME_UNKNOWN";

impl AppError {
    /// The connection broke while a write was committing (`cause`): whether it was saved is
    /// not known.
    pub fn write_outcome_unknown(cause: &dyn std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "the database connection broke while a write committed");
        Self::Unavailable {
            code: WRITE_OUTCOME_UNKNOWN,
            reason: "the connection to the database broke while the write was committing: it \
                     may or may not have been saved; read the record (or the `changes` \
                     history) before sending it again"
                .into(),
            retry_after: 1,
        }
    }

    /// The database cannot be reached now: its server is down, restarting or failing over, or
    /// every connection is busy for longer than a request waits. The cause is logged here; the
    /// client is told to retry in a second.
    fn database_unavailable(cause: &dyn std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, "the database cannot be reached");
        Self::Unavailable {
            code: DATABASE_UNAVAILABLE,
            reason: "the database cannot be reached now; retry shortly".into(),
            retry_after: 1,
        }
    }
}

impl From<crate::db::sql::Error> for AppError {
    fn from(error: crate::db::sql::Error) -> Self {
        if error.is_unavailable() {
            return Self::database_unavailable(&error);
        }
        Self::Database(error)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        Self::Internal(format!("blocking task failed: {error}"))
    }
}

/// No connection could be had from a pool in time: the database is out of reach (no new
/// connection can be made) or too busy.
impl From<r2d2::Error> for AppError {
    fn from(error: r2d2::Error) -> Self {
        Self::database_unavailable(&error)
    }
}
