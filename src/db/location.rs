//! Where the database lives, as `--database` names it: a path or `sqlite:` URL (the embedded
//! SQLite file) or a `postgres://` / `postgresql://` URL (a PostgreSQL server, in libpq's URL
//! syntax, several hosts and `target_session_attrs` included). A URL is never taken for a
//! path: any other scheme is refused.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The database a command works on.
#[derive(Clone)]
pub enum Location {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL database.
    Postgres(Box<PostgresUrl>),
}

/// A PostgreSQL URL: the driver's settings parsed from it, and the URL as it may be shown
/// (without its password).
#[derive(Clone)]
pub struct PostgresUrl {
    pub config: postgres::Config,
    pub shown: String,
}

impl Location {
    /// The location as logs and messages may show it: a PostgreSQL password is left out.
    pub fn shown(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => url.shown.clone(),
        }
    }

    /// The SQLite file, if this is one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        match self {
            Location::Sqlite(path) => Some(path),
            Location::Postgres(_) => None,
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown())
    }
}

impl From<&Path> for Location {
    fn from(path: &Path) -> Self {
        Location::Sqlite(path.to_owned())
    }
}

impl From<PathBuf> for Location {
    fn from(path: PathBuf) -> Self {
        Location::Sqlite(path)
    }
}

impl From<&PathBuf> for Location {
    fn from(path: &PathBuf) -> Self {
        Location::Sqlite(path.clone())
    }
}

impl FromStr for Location {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("the database location is empty".into());
        }
        let Some((scheme, rest)) = scheme(text) else {
            return Ok(Location::Sqlite(PathBuf::from(text)));
        };
        match scheme.to_ascii_lowercase().as_str() {
            "postgres" | "postgresql" => {
                let config: postgres::Config = text
                    .parse()
                    .map_err(|e| format!("the PostgreSQL URL is invalid: {e}"))?;
                Ok(Location::Postgres(Box::new(PostgresUrl {
                    config,
                    shown: without_password(text),
                })))
            }
            "sqlite" => {
                // `sqlite:data/x.sqlite`, `sqlite:///abs/x.sqlite`, `sqlite://data/x.sqlite`.
                let path = rest.strip_prefix("//").unwrap_or(rest);
                if path.is_empty() {
                    return Err("the sqlite: URL names no file".into());
                }
                Ok(Location::Sqlite(PathBuf::from(path)))
            }
            other => Err(format!(
                "unknown database scheme `{other}:`: give a file path, a sqlite: URL or a \
                 postgres:// URL (a file whose name has a colon: ./{text})"
            )),
        }
    }
}

/// The scheme of `text` and what follows its colon, if `text` begins with one: letters, then
/// letters, digits, `+`, `-` or `.`, then `:`. One letter is a Windows drive, not a scheme.
fn scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && scheme.len() > 1
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some((scheme, rest))
}

/// `url` with the password of its user information replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((user_info, hosts)) => {
            let user = user_info.split_once(':').map_or(user_info, |(u, _)| u);
            let hidden = if user_info.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{hosts}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Location, String> {
        text.parse()
    }

    #[test]
    fn a_path_or_sqlite_url_is_a_sqlite_file() {
        for (text, path) in [
            ("data/dealgraph.sqlite", "data/dealgraph.sqlite"),
            ("/tmp/x.sqlite", "/tmp/x.sqlite"),
            ("sqlite:data/x.sqlite", "data/x.sqlite"),
            ("sqlite:///tmp/x.sqlite", "/tmp/x.sqlite"),
            ("SQLITE://rel/x.sqlite", "rel/x.sqlite"),
            ("C:/data/x.sqlite", "C:/data/x.sqlite"),
            ("./odd:name.sqlite", "./odd:name.sqlite"),
        ] {
            match parse(text) {
                Ok(Location::Sqlite(p)) => assert_eq!(p, PathBuf::from(path), "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_postgres_url_is_never_a_path() {
        for text in [
            "postgres://dealgraph@localhost/dealgraph",
            "postgresql://u:secret@h1:5432,h2:5433/db?target_session_attrs=read-write",
            "postgres:///db?host=/run/postgresql",
        ] {
            let location = parse(text).expect(text);
            assert!(matches!(location, Location::Postgres(_)), "{text}");
            assert!(!location.shown().contains("secret"), "{}", location.shown());
        }
        assert_eq!(
            parse("postgresql://u:secret@h1,h2/db")
                .expect("parses")
                .shown(),
            "postgresql://u:***@h1,h2/db"
        );
    }

    #[test]
    fn an_unknown_scheme_or_a_broken_url_is_refused() {
        for text in [
            "mysql://localhost/db",
            "http://x/y",
            "odd:name.sqlite",
            "",
            "sqlite:",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
        let err = parse("postgres://h/db?sslmode=bogus").expect_err("bad option");
        assert!(err.contains("PostgreSQL URL"), "{err}");
    }
}
