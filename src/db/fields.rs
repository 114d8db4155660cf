//! The plain fields of a kind of record — the columns of its own table that hold values, not
//! references — declared once with [`columns!`]: the struct, with its serde form (the record
//! files and the history name each field as the struct does), the list of its columns, how a
//! row is read into it, and its part of the `INSERT`, `UPDATE` and read-back statements.
//! Columns are named by the struct's fields, so the struct and the SQL cannot get out of step.

use std::fmt;
use std::sync::OnceLock;

use crate::db::sql::{Connection, OptionalExtension, ToSql};

use super::constraints::{Reference, execute, insert};
use super::rows::Columns;
use crate::error::{AppError, AppResult};

/// A struct of plain fields, each stored in the column of its name in [`Fields::TABLE`].
/// Implemented by [`columns!`].
pub trait Fields: Sized {
    /// The table whose columns the fields are.
    const TABLE: &'static str;
    /// The column names, in the order of the struct's fields.
    const NAMES: &'static [&'static str];
    /// Reads the fields from a row selected with [`Fields::NAMES`], from its next column on.
    fn read(row: &mut Columns<'_, '_>) -> crate::db::sql::Result<Self>;
    /// The values, in the order of [`Fields::NAMES`].
    fn values(&self) -> Vec<&dyn ToSql>;

    /// The columns for table alias `alias`: `a.kind, a.status, …`.
    fn select(alias: &str) -> String {
        Self::NAMES
            .iter()
            .map(|name| format!("{alias}.{name}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Inserts a row of these fields and the `extra` columns (before them); returns its id.
    /// `references` name the input fields of foreign keys, as [`insert`] takes them.
    fn insert(
        &self,
        conn: &Connection,
        extra: &[(&str, &dyn ToSql)],
        references: &[Reference],
    ) -> AppResult<i64> {
        let names: Vec<&str> = extra
            .iter()
            .map(|(n, _)| *n)
            .chain(Self::NAMES.iter().copied())
            .collect();
        let marks: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
            Self::TABLE,
            names.join(", "),
            marks.join(", ")
        );
        let values: Vec<&dyn ToSql> = extra.iter().map(|(_, v)| *v).chain(self.values()).collect();
        insert(conn, &sql, values.as_slice(), references)
    }

    /// Rewrites the row `id` with these fields and the `extra` columns.
    fn update(
        &self,
        conn: &Connection,
        id: i64,
        extra: &[(&str, &dyn ToSql)],
        references: &[Reference],
    ) -> AppResult<()> {
        let names: Vec<&str> = extra
            .iter()
            .map(|(n, _)| *n)
            .chain(Self::NAMES.iter().copied())
            .collect();
        let sets: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, name)| format!("{name} = ?{}", i + 1))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE id = ?{}",
            Self::TABLE,
            sets.join(", "),
            names.len() + 1
        );
        let mut values: Vec<&dyn ToSql> =
            extra.iter().map(|(_, v)| *v).chain(self.values()).collect();
        values.push(&id);
        execute(conn, &sql, values.as_slice(), references).map(drop)
    }

    /// The fields of the row `id` as stored, with `before`'s columns read first by `head`;
    /// `what` names the record in a `NOT_FOUND`.
    fn stored<H>(
        conn: &Connection,
        id: i64,
        what: &'static str,
        before: &[&str],
        head: fn(&mut Columns<'_, '_>) -> crate::db::sql::Result<H>,
    ) -> AppResult<(H, Self)> {
        let names: Vec<&str> = before
            .iter()
            .copied()
            .chain(Self::NAMES.iter().copied())
            .collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE id = ?1",
            names.join(", "),
            Self::TABLE
        );
        conn.prepare_cached(&sql)?
            .query_row([id], |row| {
                let mut columns = Columns::new(row);
                Ok((head(&mut columns)?, Self::read(&mut columns)?))
            })
            .optional()?
            .ok_or_else(|| AppError::NotFound {
                what,
                key: id.to_string(),
            })
    }
}

/// A list of columns made once, on first use, and shown as SQL: what a row type's `COLUMNS`
/// is when part of it comes from a [`Fields`] struct.
pub struct ColumnList {
    text: OnceLock<String>,
    make: fn() -> String,
}

impl ColumnList {
    /// The list `make` writes.
    pub const fn new(make: fn() -> String) -> Self {
        Self {
            text: OnceLock::new(),
            make,
        }
    }

    /// The list as SQL.
    pub fn as_str(&'static self) -> &'static str {
        self.text.get_or_init(self.make)
    }
}

impl fmt::Display for ColumnList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text.get_or_init(self.make))
    }
}

/// Declares a struct of plain fields stored in the columns of the same names of a table, and
/// implements [`Fields`] for it. Field attributes (docs, serde) are kept.
macro_rules! columns {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:literal {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty ),+
        }

        impl $crate::db::fields::Fields for $name {
            const TABLE: &'static str = $table;
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),+];

            fn read(row: &mut $crate::db::rows::Columns<'_, '_>) -> crate::db::sql::Result<Self> {
                Ok(Self { $( $field: row.next()? ),+ })
            }

            fn values(&self) -> Vec<&dyn crate::db::sql::ToSql> {
                vec![$( &self.$field as &dyn crate::db::sql::ToSql ),+]
            }
        }
    };
}

pub(crate) use columns;

/// How names are read from the record files: trimmed, as [`crate::model::Name::parse`] trims
/// what the API is given, so that a name reads the same whichever way it came in. Each is a
/// serde `deserialize_with` for a field of that shape.
pub mod trimmed {
    use serde::{Deserialize, Deserializer};

    /// A name.
    pub fn one<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(String::deserialize(d)?.trim().to_owned())
    }

    /// An optional name.
    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        Ok(Option::<String>::deserialize(d)?.map(|t| t.trim().to_owned()))
    }

    /// A list of names.
    pub fn all<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(Vec::<String>::deserialize(d)?
            .into_iter()
            .map(|t| t.trim().to_owned())
            .collect())
    }
}

/// Declares a row type: the columns that identify a record and refer to others, each a field
/// of the column's name, then its plain fields ([`Fields`]), which the row dereferences to (so
/// `row.name` reads the field). From the one list it makes the static column list for a table
/// alias, in the struct's order, and the function that reads a row selected with it, so the
/// two cannot get out of step.
macro_rules! row {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty, )+
        }
        fields $fields:ty;
        columns $vis:vis static $columns:ident as $alias:literal;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )+
            /// Its plain fields.
            pub fields: $fields,
        }

        impl std::ops::Deref for $name {
            type Target = $fields;

            fn deref(&self) -> &$fields {
                &self.fields
            }
        }

        #[doc = concat!(
            "The columns [`", stringify!($name), "::read`] reads, for table alias `", $alias,
            "`: its own, then its plain fields."
        )]
        $vis static $columns: $crate::db::fields::ColumnList =
            $crate::db::fields::ColumnList::new(|| {
                let mut columns = vec![$(concat!($alias, ".", stringify!($field)).to_owned()),+];
                columns.push(<$fields as $crate::db::fields::Fields>::select($alias));
                columns.join(", ")
            });

        impl $name {
            #[doc = concat!(
                "Reads a row selected with its column list (`", stringify!($columns),
                "`), from its next column on."
            )]
            pub fn read(row: &mut $crate::db::rows::Columns<'_, '_>) -> crate::db::sql::Result<Self> {
                Ok(Self {
                    $( $field: row.next()?, )+
                    fields: <$fields as $crate::db::fields::Fields>::read(row)?,
                })
            }
        }
    };
}

pub(crate) use row;
