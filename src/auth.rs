//! API keys: making tokens, storing only their hashes, and checking the token a request
//! carries.
//!
//! Reads are public; every mutation needs `Authorization: Bearer <token>`. A token is 32 random
//! bytes from the operating system, written as `dg_` and 43 URL-safe base64 characters. Only its
//! SHA-256 hash is stored, so a copy of the database does not give away any key. A presented
//! token's hash is compared with every active key's hash in constant time, so neither the
//! comparison nor which key matched shows in the time taken.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::db::{Db, tokens};
use crate::error::{AppError, AppResult};

/// What every token starts with, so that a leaked one is easy to recognise in logs and scans.
pub const TOKEN_PREFIX: &str = "dg_";

/// Who makes a write: the name of the API key, or of the command-line tool that made it; and
/// the `clientMutationId` of the mutation, if it had one, which the history records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String, pub Option<String>);

/// A new random token.
pub fn new_token() -> AppResult<String> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(format!("no randomness from the system: {e}")))?;
    Ok(format!("{TOKEN_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// The hash stored for `token`: SHA-256, in lower-case hex.
pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0_u8, |acc, (x, y)| acc | (x ^ y));
    // Keeps the compiler from turning the fold into an early-exit comparison.
    std::hint::black_box(difference) == 0
}

/// The key whose token is `token`, among `keys` (names and hashes). Every key is compared,
/// whichever matches.
fn find_key(keys: &[(String, String)], token: &str) -> Option<String> {
    let presented = hash(token);
    let mut found = None;
    for (name, stored) in keys {
        if constant_time_eq(stored.as_bytes(), presented.as_bytes()) {
            found = Some(name.clone());
        }
    }
    found
}

/// The token of an `Authorization` header value: `Bearer <token>` (the scheme in any case).
pub fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The actor whose token `token` is, or `UNAUTHENTICATED`: no token, an unknown one, or a
/// revoked one. Looked up on every mutation, so a revocation takes effect at once, also for a
/// server that is running.
pub async fn authenticate(db: &Db, token: Option<&str>) -> AppResult<Actor> {
    let Some(token) = token else {
        return Err(AppError::Unauthenticated(
            "this operation needs an API key: send `Authorization: Bearer <token>` \
             (create one with `dealgraph token create NAME`)"
                .into(),
        ));
    };
    let keys = db.read(tokens::active_hashes).await?;
    find_key(&keys, token)
        .map(|name| Actor(name, None))
        .ok_or_else(|| {
            AppError::Unauthenticated("the API key is unknown or has been revoked".into())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_prefixed_and_hash_to_hex() {
        let (a, b) = (new_token().expect("a"), new_token().expect("b"));
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 43);
        let h = hash(&a);
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(h, hash(&a));
    }

    #[test]
    fn only_the_matching_active_key_is_found() {
        let keys = vec![
            ("desk".to_owned(), hash("dg_one")),
            ("import".to_owned(), hash("dg_two")),
        ];
        assert_eq!(find_key(&keys, "dg_two").as_deref(), Some("import"));
        assert_eq!(find_key(&keys, "dg_three"), None);
        assert!(!constant_time_eq(b"ab", b"abc"));
        assert!(constant_time_eq(b"abc", b"abc"));
    }

    #[test]
    fn bearer_tokens_are_taken_from_the_header() {
        assert_eq!(bearer("Bearer dg_x"), Some("dg_x"));
        assert_eq!(bearer("bearer   dg_x "), Some("dg_x"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer("dg_x"), None);
    }
}
