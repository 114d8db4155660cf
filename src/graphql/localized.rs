//! Localised fields: choosing the locale of a field (its `locale` argument, else the request's
//! `Accept-Language`), the `LocalizedText` type, and the `locales` and `labels` queries.

use std::sync::Arc;

use async_graphql::{Context, Object, SimpleObject};

use super::db;
use crate::db::companies::countries_in_use;
use crate::error::{AppError, AppResult};
use crate::l10n::{Locale, Localizer, from_argument};
use crate::model::Vocabulary;
use crate::summary::Writer;

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

/// The localised label of one vocabulary value.
#[derive(SimpleObject, Debug, Clone)]
pub struct Label {
    /// Which vocabulary the value belongs to.
    pub vocabulary: Vocabulary,
    /// The value as the API spells it: an enum value such as `FILM_TV_DISTRIBUTION`, or a
    /// country code such as `TH`.
    pub value: String,
    /// The label, in running-text form, as it stands inside a sentence: English common nouns
    /// in lower case ("film and TV distribution", "the United States"), German nouns
    /// capitalised as always ("Film- und Fernsehvertrieb", "die USA").
    pub text: String,
    /// The label standing on its own, for lists, dropdowns and filters: capitalised, without
    /// the article a country takes in a sentence ("Film and TV distribution", "United
    /// States", "USA", "Vereinigtes Königreich").
    pub display: String,
}

/// The label of `value` of `vocabulary`, whose message is `id`, as `writer` writes it.
pub(crate) fn label(
    writer: &Writer<'_>,
    vocabulary: Vocabulary,
    value: String,
    id: &str,
) -> AppResult<Label> {
    Ok(Label {
        vocabulary,
        value,
        text: writer.label(id)?,
        display: writer.label_display(id)?,
    })
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
        let countries = db(ctx)?.read(countries_in_use).await?;
        // Each vocabulary once, however often the argument names it: a list of thousands of
        // repeats would otherwise answer thousands of copies.
        let mut wanted = vocabularies.unwrap_or_else(|| Vocabulary::ALL.to_vec());
        let mut seen = Vec::with_capacity(Vocabulary::ALL.len());
        wanted.retain(|v| {
            let first = !seen.contains(v);
            if first {
                seen.push(*v);
            }
            first
        });
        let mut labels = Vec::new();
        for vocabulary in wanted {
            for (value, id) in vocabulary.entries(&countries) {
                labels.push(label(&writer, vocabulary, value, &id)?);
            }
        }
        Ok(labels)
    }
}
