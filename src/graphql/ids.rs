//! Opaque identifiers: global node ids (`id: ID!`) and pagination cursors.
//!
//! Both are URL-safe base64 of a small readable payload, so clients treat them as opaque while
//! they stay stable across restarts and databases: a node id names the type and the slug
//! (`Company:alibaba-group`), a cursor names the ordering and the row's position in it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::db::page::Key;
use crate::error::AppError;
use crate::model::{ChangeEntity, EntityKind};

/// An id: the type name and the key, as URL-safe base64 of `Type:key`.
fn encode(type_name: &str, key: &str) -> async_graphql::ID {
    async_graphql::ID(URL_SAFE_NO_PAD.encode(format!("{type_name}:{key}")))
}

/// The type name and the (non-empty) key an id carries, if it is one.
fn parts(id: &str) -> Option<(String, String)> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(id).ok()?).ok()?;
    let (ty, key) = text.split_once(':')?;
    (!key.is_empty()).then(|| (ty.to_owned(), key.to_owned()))
}

/// The global id of the entity of `kind` with `slug`.
pub fn encode_id(kind: EntityKind, slug: &str) -> async_graphql::ID {
    encode(kind.type_name(), slug)
}

/// The slug a global id names, which must be an id of an entity of `kind`; `argument` names
/// the argument in the error.
pub fn decode_id_of(
    kind: EntityKind,
    id: &str,
    argument: &'static str,
) -> Result<String, AppError> {
    match decode_id(id, argument)? {
        (k, slug) if k == kind => Ok(slug),
        _ => Err(AppError::bad_input(
            argument,
            format!("is not the id of {}", kind.with_article()),
        )),
    }
}

/// The id of the record of `entity` with the key `key` (its slug, or else its row id): the
/// ids of roles, sources, quotes, events and rivalries, which mutations and the history name.
/// Companies, people and agreements have the same ids as their global node ids.
pub fn encode_record_id(entity: ChangeEntity, key: &str) -> async_graphql::ID {
    encode(entity.type_name(), key)
}

/// The key an id of a record of `entity` names; `argument` names the argument in the error.
pub fn decode_record_id(
    entity: ChangeEntity,
    id: &str,
    argument: &'static str,
) -> Result<String, AppError> {
    match parts(id) {
        Some((ty, key)) if ty == entity.type_name() => Ok(key),
        _ => Err(AppError::bad_input(
            argument,
            format!("is not the id of a {}", entity.as_str()),
        )),
    }
}

/// The kind of record and the key any record id names; `argument` names the argument in the
/// error.
pub fn decode_any_record_id(
    id: &str,
    argument: &'static str,
) -> Result<(ChangeEntity, String), AppError> {
    parts(id)
        .and_then(|(ty, key)| Some((ChangeEntity::from_type_name(&ty)?, key)))
        .ok_or_else(|| AppError::bad_input(argument, format!("{id:?} is not a valid id")))
}

/// The kind and slug a global id names; `argument` names the argument in the error.
pub fn decode_id(id: &str, argument: &'static str) -> Result<(EntityKind, String), AppError> {
    parts(id)
        .and_then(|(ty, slug)| Some((EntityKind::from_type_name(&ty)?, slug)))
        .ok_or_else(|| AppError::bad_input(argument, format!("{id:?} is not a valid global id")))
}

#[derive(serde::Serialize, serde::Deserialize)]
struct CursorPayload {
    o: String,
    k: String,
    i: i64,
}

/// The cursor of the row at `key` in the list ordered by `ordering`.
pub fn encode_cursor(ordering: &str, key: &Key) -> String {
    let payload = CursorPayload {
        o: ordering.to_owned(),
        k: key.sort.clone(),
        i: key.id,
    };
    // Serialising a struct of strings and an integer cannot fail.
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// The position a cursor names; it must come from a list with the same `ordering`.
pub fn decode_cursor(
    cursor: &str,
    ordering: &str,
    argument: &'static str,
) -> Result<Key, AppError> {
    let bad = |why: &str| AppError::bad_input(argument, format!("{cursor:?} {why}"));
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| bad("is not a valid cursor"))?;
    let payload: CursorPayload =
        serde_json::from_slice(&bytes).map_err(|_| bad("is not a valid cursor"))?;
    if payload.o != ordering {
        return Err(bad("is a cursor of a list in another order"));
    }
    Ok(Key {
        sort: payload.k,
        id: payload.i,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_ids_round_trip() {
        let id = encode_id(EntityKind::Agreement, "a-b");
        assert_eq!(
            decode_id(&id, "id").ok(),
            Some((EntityKind::Agreement, "a-b".to_owned()))
        );
        assert_eq!(
            decode_id_of(EntityKind::Agreement, &id, "id")
                .ok()
                .as_deref(),
            Some("a-b")
        );
        let err = decode_id_of(EntityKind::Company, &id, "filter.party").expect_err("wrong kind");
        assert_eq!(err.code(), "BAD_USER_INPUT");
    }

    #[test]
    fn malformed_ids_are_bad_input() {
        let unknown_type = URL_SAFE_NO_PAD.encode("Planet:mars");
        for id in ["", "!!!", "Q29tcGFueQ", unknown_type.as_str()] {
            let err = decode_id(id, "id").expect_err(id);
            assert_eq!(err.code(), "BAD_USER_INPUT");
        }
    }

    #[test]
    fn cursors_are_tied_to_their_ordering() {
        let key = Key {
            sort: "x".into(),
            id: 7,
        };
        let cursor = encode_cursor("NAME_ASC", &key);
        assert_eq!(decode_cursor(&cursor, "NAME_ASC", "after").ok(), Some(key));
        assert!(decode_cursor(&cursor, "FOUNDED_ASC", "after").is_err());
        assert!(decode_cursor("garbage", "NAME_ASC", "after").is_err());
    }
}
