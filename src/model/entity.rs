//! The kinds of record: the entities with a global id and a search document
//! ([`EntityKind`]), the kinds of record a change in the history is about ([`ChangeEntity`]),
//! and what a change did ([`Operation`]).

/// The kinds of entity that have a global id and a search document: companies, people and
/// agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum EntityKind {
    /// A company.
    Company,
    /// A person.
    Person,
    /// An agreement.
    Agreement,
}

impl EntityKind {
    /// Every kind.
    pub const ALL: [Self; 3] = [Self::Company, Self::Person, Self::Agreement];

    /// The GraphQL type name, which global ids carry: `Company`.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Company => "Company",
            Self::Person => "Person",
            Self::Agreement => "Agreement",
        }
    }

    /// The kind a GraphQL type name stands for.
    pub fn from_type_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.type_name() == name)
    }

    /// The name storage uses: `company`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Person => "person",
            Self::Agreement => "agreement",
        }
    }

    /// The noun with its indefinite article, for messages: `a company`, `an agreement`.
    pub fn with_article(self) -> &'static str {
        match self {
            Self::Company => "a company",
            Self::Person => "a person",
            Self::Agreement => "an agreement",
        }
    }

    /// The kind a storage name stands for.
    pub fn from_str_opt(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// What kind of record a change in the history is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, async_graphql::Enum)]
pub enum ChangeEntity {
    /// A company.
    Company,
    /// A person.
    Person,
    /// A person's role at a company.
    Role,
    /// An agreement.
    Agreement,
    /// A source (an article or other publication).
    Source,
    /// A quotation.
    Quote,
    /// An event in a company's history.
    Event,
    /// Two companies set against each other.
    Rivalry,
}

impl ChangeEntity {
    /// Every kind.
    pub const ALL: [Self; 8] = [
        Self::Company,
        Self::Person,
        Self::Role,
        Self::Agreement,
        Self::Source,
        Self::Quote,
        Self::Event,
        Self::Rivalry,
    ];

    /// The name storage uses: `company`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Company => "company",
            Self::Person => "person",
            Self::Role => "role",
            Self::Agreement => "agreement",
            Self::Source => "source",
            Self::Quote => "quote",
            Self::Event => "event",
            Self::Rivalry => "rivalry",
        }
    }

    /// The GraphQL type name, which ids carry: `Company`.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Company => "Company",
            Self::Person => "Person",
            Self::Role => "Role",
            Self::Agreement => "Agreement",
            Self::Source => "Source",
            Self::Quote => "Quote",
            Self::Event => "Event",
            Self::Rivalry => "Rivalry",
        }
    }

    /// The kind of entity with a global id this is, if it is one.
    pub fn entity_kind(self) -> Option<EntityKind> {
        match self {
            Self::Company => Some(EntityKind::Company),
            Self::Person => Some(EntityKind::Person),
            Self::Agreement => Some(EntityKind::Agreement),
            _ => None,
        }
    }

    /// Whether its records are named by slug (else by their row id).
    pub fn has_slug(self) -> bool {
        matches!(
            self,
            Self::Company | Self::Person | Self::Agreement | Self::Source
        )
    }

    /// The kind a storage name stands for.
    pub fn from_str_opt(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }

    /// The kind a GraphQL type name stands for.
    pub fn from_type_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.type_name() == name)
    }
}

impl From<EntityKind> for ChangeEntity {
    fn from(kind: EntityKind) -> Self {
        match kind {
            EntityKind::Company => Self::Company,
            EntityKind::Person => Self::Person,
            EntityKind::Agreement => Self::Agreement,
        }
    }
}

/// What a change did to its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
pub enum Operation {
    /// The record was created.
    Create,
    /// The record was changed.
    Update,
    /// The record was deleted.
    Delete,
}

impl Operation {
    /// The name storage uses: `CREATE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
        }
    }

    /// The operation a storage name stands for.
    pub fn from_str_opt(text: &str) -> Option<Self> {
        [Self::Create, Self::Update, Self::Delete]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_kinds_round_trip_their_names() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_type_name(kind.type_name()), Some(kind));
            assert_eq!(EntityKind::from_str_opt(kind.as_str()), Some(kind));
        }
    }
}
