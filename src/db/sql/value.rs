//! Values crossing the storage seam: what a statement is given ([`ToSql`]) and what a row
//! holds ([`FromSql`]), in the types every engine has (null, integer, real, text, blob) plus
//! the lists that pass many ids or texts as one parameter ([`Array`]). Domain types implement
//! these two traits once, whatever engine stores them.

use std::fmt;

/// A list of ids or texts bound as one parameter, for `… IN rarray(?1)`: one cached statement
/// serves lists of any length (SQLite's `rarray` table, PostgreSQL's arrays).
#[derive(Debug, Clone, PartialEq)]
pub enum Array {
    /// Ids and other integers.
    Integers(Vec<i64>),
    /// Texts, such as slugs.
    Texts(Vec<String>),
}

/// A value owned.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
    Array(Array),
}

/// A value borrowed from a row or from a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    Array(&'a Array),
}

impl Value {
    /// This value, borrowed.
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Value::Null => ValueRef::Null,
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(r) => ValueRef::Real(*r),
            Value::Text(t) => ValueRef::Text(t),
            Value::Blob(b) => ValueRef::Blob(b),
            Value::Array(a) => ValueRef::Array(a),
        }
    }
}

impl<'a> ValueRef<'a> {
    /// The text this value holds, or [`FromSqlError::InvalidType`].
    pub fn as_str(&self) -> FromSqlResult<&'a str> {
        match *self {
            ValueRef::Text(t) => Ok(t),
            _ => Err(FromSqlError::InvalidType),
        }
    }

    /// The integer this value holds, or [`FromSqlError::InvalidType`].
    pub fn as_i64(&self) -> FromSqlResult<i64> {
        match *self {
            ValueRef::Integer(i) => Ok(i),
            _ => Err(FromSqlError::InvalidType),
        }
    }

    /// This value, owned.
    pub fn to_owned(&self) -> Value {
        match *self {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(r) => Value::Real(r),
            ValueRef::Text(t) => Value::Text(t.to_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_owned()),
            ValueRef::Array(a) => Value::Array(a.clone()),
        }
    }
}

/// Why a column's value could not be read as the type asked for.
#[derive(Debug)]
pub enum FromSqlError {
    /// The value is of another type (text where an integer was asked for).
    InvalidType,
    /// The integer does not fit the type asked for.
    OutOfRange(i64),
    /// The value is of the right type but not one the domain type accepts.
    Other(Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl fmt::Display for FromSqlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FromSqlError::InvalidType => f.write_str("the column holds a value of another type"),
            FromSqlError::OutOfRange(i) => write!(f, "the integer {i} is out of range"),
            FromSqlError::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for FromSqlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FromSqlError::Other(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// The result of reading one column.
pub type FromSqlResult<T> = Result<T, FromSqlError>;

/// A parameter's value, borrowed where it can be.
#[derive(Debug, Clone, PartialEq)]
pub enum ToSqlOutput<'a> {
    Borrowed(ValueRef<'a>),
    Owned(Value),
}

impl ToSqlOutput<'_> {
    /// The value, borrowed.
    pub fn value(&self) -> ValueRef<'_> {
        match self {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => v.as_ref(),
        }
    }
}

impl<'a> From<&'a str> for ToSqlOutput<'a> {
    fn from(t: &'a str) -> Self {
        ToSqlOutput::Borrowed(ValueRef::Text(t))
    }
}

impl From<String> for ToSqlOutput<'_> {
    fn from(t: String) -> Self {
        ToSqlOutput::Owned(Value::Text(t))
    }
}

impl From<i64> for ToSqlOutput<'_> {
    fn from(i: i64) -> Self {
        ToSqlOutput::Borrowed(ValueRef::Integer(i))
    }
}

/// A value a statement can be given.
pub trait ToSql {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>>;
}

/// A value a column can be read as.
pub trait FromSql: Sized {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self>;
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        match self {
            Some(v) => v.to_sql(),
            None => Ok(ToSqlOutput::Borrowed(ValueRef::Null)),
        }
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        (**self).to_sql()
    }
}

impl ToSql for str {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(self)))
    }
}

impl ToSql for String {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(self)))
    }
}

impl ToSql for [u8] {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self)))
    }
}

impl ToSql for Vec<u8> {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Blob(self)))
    }
}

impl ToSql for f64 {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Real(*self)))
    }
}

impl ToSql for bool {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*self))))
    }
}

impl ToSql for Value {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(self.as_ref()))
    }
}

impl ToSql for Array {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Array(self)))
    }
}

impl ToSql for ToSqlOutput<'_> {
    fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(self.value()))
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> super::Result<ToSqlOutput<'_>> {
                let i = i64::try_from(*self).map_err(|_| {
                    super::Error::Other(format!("the integer {self} is out of range"))
                })?;
                Ok(ToSqlOutput::Borrowed(ValueRef::Integer(i)))
            }
        }

        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let i = value.as_i64()?;
                <$t>::try_from(i).map_err(|_| FromSqlError::OutOfRange(i))
            }
        }
    )*};
}

integers!(i64, i32, u32, u64, usize, u16, u8, i16);

impl FromSql for String {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromSql for Vec<u8> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Blob(b) => Ok(b.to_owned()),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

impl FromSql for f64 {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Real(r) => Ok(r),
            // An integer column read as a real, as SQLite converts them.
            #[allow(clippy::cast_precision_loss)]
            ValueRef::Integer(i) => Ok(i as f64),
            _ => Err(FromSqlError::InvalidType),
        }
    }
}

impl FromSql for bool {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(|i| i != 0)
    }
}

impl FromSql for Value {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Ok(value.to_owned())
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value {
            ValueRef::Null => Ok(None),
            v => T::column_result(v).map(Some),
        }
    }
}
