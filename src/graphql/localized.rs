//! Localised fields: choosing the locale of a field (its `locale` argument, else the request's
//! `Accept-Language`), the `LocalizedText` type, and the `locales` and `labels` queries.

use std::sync::Arc;

use async_graphql::{Context, Enum, Object, SimpleObject};

use super::db;
use crate::db::summaries;
use crate::error::{AppError, AppResult};
use crate::l10n::summary::Writer;
use crate::l10n::{Locale, Localizer, from_argument};
use crate::model::{
    AgreementKind, AgreementStatus, BusinessArea, COUNTRY_LABEL_PREFIX, CompanyKind, EventKind,
    MarketPositionKind, PartyRole, RoleTitle, Scope, label_id,
};

/// The locale negotiated from the request's `Accept-Language` header.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

/// The localiser of the request.
pub(crate) fn localizer<'a>(ctx: &Context<'a>) -> AppResult<&'a Arc<Localizer>> {
    ctx.data::<Arc<Localizer>>()
        .map_err(|_| AppError::Internal("the schema has no localiser".into()))
}

/// The locale of a localised field: its `locale` argument when given (a malformed tag is
/// `BAD_USER_INPUT`; a well-formed one with no match gets English), else the request's.
pub(crate) fn field_locale(ctx: &Context<'_>, argument: Option<&str>) -> AppResult<Locale> {
    match argument {
        Some(tag) => from_argument(tag).map_err(|e| AppError::bad_input("locale", e.to_string())),
        None => Ok(ctx
            .data_opt::<RequestLocale>()
            .map_or(Locale::DEFAULT, |r| r.0)),
    }
}

/// A summary writer for the field's locale.
pub(crate) fn writer<'a>(ctx: &Context<'a>, argument: Option<&str>) -> AppResult<Writer<'a>> {
    Ok(Writer::new(localizer(ctx)?, field_locale(ctx, argument)?))
}

/// Writes a text in every locale with `write`.
pub(crate) fn in_every_locale(
    ctx: &Context<'_>,
    write: impl Fn(&Writer<'_>) -> Result<String, crate::l10n::L10nError>,
) -> AppResult<Vec<LocalizedText>> {
    let l10n = localizer(ctx)?;
    Locale::ALL
        .iter()
        .map(|&locale| {
            Ok(LocalizedText {
                locale: locale.tag().to_owned(),
                text: write(&Writer::new(l10n, locale))?,
            })
        })
        .collect()
}

/// A text in one locale.
#[derive(SimpleObject, Debug, Clone)]
pub struct LocalizedText {
    /// The locale's BCP 47 tag, such as `de`.
    pub locale: String,
    /// The text.
    pub text: String,
}

/// A closed set of values that has localised labels.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    /// `CompanyKind` values.
    CompanyKind,
    /// `BusinessArea` values.
    BusinessArea,
    /// `RoleTitle` values.
    RoleTitle,
    /// `AgreementKind` values.
    AgreementKind,
    /// `AgreementStatus` values.
    AgreementStatus,
    /// `PartyRole` values.
    PartyRole,
    /// `Scope` values.
    Scope,
    /// `EventKind` values.
    EventKind,
    /// `MarketPositionKind` values.
    MarketPositionKind,
    /// ISO 3166-1 alpha-2 codes of the countries the data mentions.
    Country,
}

fn values<T: Copy>(all: &[T], name: fn(T) -> &'static str, prefix: &str) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (name(*v).to_owned(), label_id(prefix, name(*v))))
        .collect()
}

impl Vocabulary {
    const ALL: [Vocabulary; 10] = [
        Self::CompanyKind,
        Self::BusinessArea,
        Self::RoleTitle,
        Self::AgreementKind,
        Self::AgreementStatus,
        Self::PartyRole,
        Self::Scope,
        Self::EventKind,
        Self::MarketPositionKind,
        Self::Country,
    ];

    /// Each value with the id of its label message; countries are those in `countries`.
    fn entries(self, countries: &[String]) -> Vec<(String, String)> {
        match self {
            Self::CompanyKind => values(
                CompanyKind::ALL,
                CompanyKind::as_str,
                CompanyKind::LABEL_PREFIX,
            ),
            Self::BusinessArea => values(
                BusinessArea::ALL,
                BusinessArea::as_str,
                BusinessArea::LABEL_PREFIX,
            ),
            Self::RoleTitle => values(RoleTitle::ALL, RoleTitle::as_str, RoleTitle::LABEL_PREFIX),
            Self::AgreementKind => values(
                AgreementKind::ALL,
                AgreementKind::as_str,
                AgreementKind::LABEL_PREFIX,
            ),
            Self::AgreementStatus => values(
                AgreementStatus::ALL,
                AgreementStatus::as_str,
                AgreementStatus::LABEL_PREFIX,
            ),
            Self::PartyRole => values(PartyRole::ALL, PartyRole::as_str, PartyRole::LABEL_PREFIX),
            Self::Scope => values(Scope::ALL, Scope::as_str, Scope::LABEL_PREFIX),
            Self::EventKind => values(EventKind::ALL, EventKind::as_str, EventKind::LABEL_PREFIX),
            Self::MarketPositionKind => values(
                MarketPositionKind::ALL,
                MarketPositionKind::as_str,
                MarketPositionKind::LABEL_PREFIX,
            ),
            Self::Country => countries
                .iter()
                .map(|c| (c.clone(), label_id(COUNTRY_LABEL_PREFIX, c)))
                .collect(),
        }
    }
}

/// The localised label of one vocabulary value.
#[derive(SimpleObject, Debug, Clone)]
pub struct Label {
    /// Which vocabulary the value belongs to.
    pub vocabulary: Vocabulary,
    /// The value as the API spells it: an enum value such as `FILM_TV_DISTRIBUTION`, or a
    /// country code such as `TH`.
    pub value: String,
    /// The label, in running-text form: English common nouns in lower case ("film and TV
    /// distribution"), German nouns capitalised as always ("Film- und Fernsehvertrieb").
    pub text: String,
}

/// The locales and the labels.
#[derive(Default)]
pub struct LocalizedQuery;

#[Object]
impl LocalizedQuery {
    /// The locales that summaries, titles and labels can be rendered in.
    async fn locales(&self) -> Vec<String> {
        Locale::ALL.iter().map(|l| l.tag().to_owned()).collect()
    }

    /// Localised labels of every value of the given vocabularies (all when none is given).
    async fn labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Only these vocabularies; all when not given.")] vocabularies: Option<
            Vec<Vocabulary>,
        >,
        #[graphql(
            desc = "A BCP 47 language tag such as `de` or `en-GB`; without it the request's \
                          Accept-Language header decides, else English."
        )]
        locale: Option<String>,
    ) -> async_graphql::Result<Vec<Label>> {
        let writer = writer(ctx, locale.as_deref())?;
        let countries = db(ctx)?.read(summaries::countries).await?;
        let wanted = vocabularies.unwrap_or_else(|| Vocabulary::ALL.to_vec());
        let mut labels = Vec::new();
        for vocabulary in wanted {
            for (value, id) in vocabulary.entries(&countries) {
                let text = writer.label(&id).map_err(AppError::from)?;
                labels.push(Label {
                    vocabulary,
                    value,
                    text,
                });
            }
        }
        Ok(labels)
    }
}
