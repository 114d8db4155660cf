//! The application's one error type and how it reaches clients.
//!
//! Which error to use where:
//! - resolvers and request handling return [`AppError`]; its domain variants carry a stable
//!   `extensions.code` (`NOT_FOUND`, `BAD_USER_INPUT`, `CONFLICT`);
//! - storage code returns [`AppError::Database`] (through `?` on `rusqlite::Error`) and other
//!   internal failures as [`AppError::Internal`]; both are logged with their cause chain and reach
//!   the client only as `INTERNAL_SERVER_ERROR` with no internals;
//! - storage write functions turn a constraint their statement violates into the domain error it
//!   means (`CONFLICT` for a taken slug, `BAD_USER_INPUT` for a reference to a missing row), in
//!   one place that knows the tables (`db::write_error`), never by matching messages later;
//! - resolvers return `async_graphql::Result` and use `?` on an `AppResult`: async-graphql keeps
//!   the `AppError` as the error's source, and the HTTP layer turns it into `extensions.code`
//!   and a public message (see [`AppError::extensions`]);
//! - start-up code (main, seeding) wraps errors in `anyhow` for context.

/// Every way a request can fail.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The client named something that does not exist.
    #[error("{what} not found: {key}")]
    NotFound {
        /// What was looked for, such as `company`.
        what: &'static str,
        /// The slug or id that matched nothing.
        key: String,
    },
    /// An argument's value is not acceptable.
    #[error("invalid value for argument `{argument}`: {reason}")]
    BadInput {
        /// The argument's name as the client wrote it.
        argument: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// A value conflicts with data already stored, such as a slug another record has.
    #[error("conflicting value for `{field}`: {reason}")]
    Conflict {
        /// The input field whose value conflicts, as the client wrote it.
        field: &'static str,
        /// What it conflicts with.
        reason: String,
    },
    /// The database failed.
    #[error("database error")]
    Database(#[from] rusqlite::Error),
    /// Any other failure inside the server.
    #[error("internal server error")]
    Internal(String),
}

/// Results of the application's own code.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A refused argument value.
    pub fn bad_input(argument: &'static str, reason: impl Into<String>) -> Self {
        Self::BadInput {
            argument,
            reason: reason.into(),
        }
    }

    /// A value that conflicts with stored data.
    pub fn conflict(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Conflict {
            field,
            reason: reason.into(),
        }
    }

    /// The argument or input field at fault, for bad input and conflicts.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::BadInput { argument, .. } => Some(argument),
            Self::Conflict { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The stable machine-readable code clients see in `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "NOT_FOUND",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::Conflict { .. } => "CONFLICT",
            Self::Database(_) | Self::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }
}

impl AppError {
    /// The `extensions` clients see: the code and, for bad input and conflicts, the argument
    /// (or input field) at fault. Internal errors are logged here with their cause, once, as
    /// they leave the server.
    pub fn extensions(&self) -> async_graphql::ErrorExtensionValues {
        match self {
            Self::Database(cause) => {
                tracing::error!(error = %cause, debug = ?cause, "database error")
            }
            Self::Internal(cause) => tracing::error!(error = %cause, "internal error"),
            _ => {}
        }
        let mut ext = async_graphql::ErrorExtensionValues::default();
        ext.set("code", self.code());
        if let Some(field) = self.field() {
            ext.set("argument", field);
        }
        ext
    }

    /// The message clients see; internal errors say nothing of their cause.
    pub fn public_message(&self) -> String {
        match self {
            Self::Database(_) | Self::Internal(_) => "internal server error".to_owned(),
            other => other.to_string(),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(error: tokio::task::JoinError) -> Self {
        Self::Internal(format!("blocking task failed: {error}"))
    }
}

impl From<r2d2::Error> for AppError {
    fn from(error: r2d2::Error) -> Self {
        Self::Internal(format!("no database connection: {error}"))
    }
}
