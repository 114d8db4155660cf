//! The Fluent side of localisation: the `.ftl` files embedded from
//! `locales/<tag>/*.ftl`, the per-locale bundles built from them once at
//! start-up ([`Localizer`]), and the parity check that keeps the German and
//! English files in step.
//!
//! Formatting fails loudly instead of degrading: a missing message, a missing
//! variable or an unknown term is an [`L10nError`], so a client never sees
//! Fluent's fallback text such as `{$name}`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource};
use fluent_syntax::ast;
use fluent_syntax::parser::{self, ParserError};
use include_dir::{Dir, include_dir};

use crate::l10n::format::Formatters;
use crate::l10n::{L10nError, Locale};

/// The translation files, compiled into the binary so a deployment cannot
/// run with missing or stale ones.
static LOCALES_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/locales");

/// One `.ftl` file as (file name, e.g. "common.ftl"; its source text).
pub type FtlFile = (String, String);

/// Everything needed to render text in every supported locale: one Fluent
/// bundle and one set of ICU4X formatters per [`Locale`].
///
/// Built once at start-up and shared read-only (e.g. in an `Arc`) by all
/// requests; it is `Send + Sync`.
pub struct Localizer {
    /// Indexed by [`Locale::index`]; holds exactly one entry per locale.
    locales: Vec<LocaleResources>,
}

struct LocaleResources {
    bundle: FluentBundle<FluentResource>,
    formatters: Formatters,
}

impl Localizer {
    /// Builds the bundles from the embedded `locales/<tag>/*.ftl` files.
    ///
    /// Fails if a locale has no files, a file is not UTF-8 or has a syntax
    /// error, or an id is defined twice in a locale; the error names the
    /// file and the id. Parity between locales is checked separately by
    /// [`check_parity`].
    pub fn new() -> Result<Self, L10nError> {
        let mut sources = Vec::with_capacity(Locale::ALL.len());
        for locale in Locale::ALL {
            let mut files = Vec::new();
            for (name, file) in embedded(locale) {
                let Some(source) = file.contents_utf8() else {
                    return Err(L10nError::NotUtf8 { locale, file: name });
                };
                files.push((name, source.to_owned()));
            }
            sources.push((locale, files));
        }
        Self::from_files(&sources)
    }

    /// Builds the bundles from `.ftl` sources given in memory, one entry per
    /// locale; [`Localizer::new`] uses this with the embedded files, tests
    /// with deliberately broken ones. Same checks as [`Localizer::new`].
    pub fn from_files(sources: &[(Locale, Vec<FtlFile>)]) -> Result<Self, L10nError> {
        let mut locales = Vec::with_capacity(Locale::ALL.len());
        for locale in Locale::ALL {
            let files = sources
                .iter()
                .find(|(candidate, _)| *candidate == locale)
                .map(|(_, files)| files.as_slice())
                .unwrap_or_default();
            locales.push(LocaleResources {
                bundle: build_bundle(locale, files)?,
                formatters: Formatters::new(locale)?,
            });
        }
        Ok(Self { locales })
    }

    /// Formats the value of message `id` in `locale`.
    ///
    /// Errors if the message does not exist, has no value (only
    /// attributes), or resolving it reports anything (unknown variable,
    /// term, message or function); the partial text is then discarded.
    pub fn format(
        &self,
        locale: Locale,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, L10nError> {
        let (bundle, message) = self.message(locale, id)?;
        let pattern = message.value().ok_or_else(|| L10nError::NoValue {
            locale,
            id: id.to_owned(),
        })?;
        resolve(bundle, locale, id, pattern, args)
    }

    /// The bundle of `locale` and its message `id`.
    fn message<'a>(
        &'a self,
        locale: Locale,
        id: &str,
    ) -> Result<
        (
            &'a FluentBundle<FluentResource>,
            fluent_bundle::FluentMessage<'a>,
        ),
        L10nError,
    > {
        let bundle = &self.resources(locale).bundle;
        let message = bundle
            .get_message(id)
            .ok_or_else(|| L10nError::MissingMessage {
                locale,
                id: id.to_owned(),
            })?;
        Ok((bundle, message))
    }

    /// The attribute `attribute` of the message `id` (`.display` of a label), formatted;
    /// `None` when the message has no such attribute.
    pub fn format_attribute(
        &self,
        locale: Locale,
        id: &str,
        attribute: &str,
    ) -> Result<Option<String>, L10nError> {
        let (bundle, message) = self.message(locale, id)?;
        match message.get_attribute(attribute) {
            Some(found) => resolve(bundle, locale, id, found.value(), None).map(Some),
            None => Ok(None),
        }
    }

    /// Whether `locale` has a message `id` (with or without a value).
    pub fn has_message(&self, locale: Locale, id: &str) -> bool {
        self.resources(locale).bundle.has_message(id)
    }

    /// The ICU4X formatters of `locale`, for values passed into messages.
    pub fn formatters(&self, locale: Locale) -> &Formatters {
        &self.resources(locale).formatters
    }

    fn resources(&self, locale: Locale) -> &LocaleResources {
        // `from_files` pushes one entry per Locale::ALL in order, so the
        // index is always in bounds.
        &self.locales[locale.index()]
    }
}

impl fmt::Debug for Localizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Localizer")
            .field("locales", &Locale::ALL)
            .finish_non_exhaustive()
    }
}

fn build_bundle(
    locale: Locale,
    files: &[FtlFile],
) -> Result<FluentBundle<FluentResource>, L10nError> {
    if files.is_empty() {
        return Err(L10nError::NoFiles { locale });
    }
    let mut bundle = FluentBundle::new_concurrent(vec![locale.langid()]);
    // Isolation marks (U+2068/U+2069) only help bidi text; in German and
    // English they are invisible junk in API responses.
    bundle.set_use_isolating(false);
    // NUMBER() for plural and ordinal selection in messages.
    bundle.add_builtins().map_err(|err| L10nError::Bundle {
        locale,
        file: "(built-in functions)".to_owned(),
        details: err.to_string(),
    })?;
    for (name, source) in files {
        let resource =
            FluentResource::try_new(source.clone()).map_err(|(_, errors)| L10nError::Parse {
                locale,
                file: name.clone(),
                details: describe_parse_errors(source, &errors),
            })?;
        if let Err(errors) = bundle.add_resource(resource) {
            return Err(bundle_error(locale, name, errors));
        }
    }
    Ok(bundle)
}

fn bundle_error(locale: Locale, file: &str, errors: Vec<FluentError>) -> L10nError {
    let duplicate = errors.iter().find_map(|err| match err {
        FluentError::Overriding { kind, id } => Some((kind.to_string(), id.clone())),
        _ => None,
    });
    match duplicate {
        Some((kind, id)) => L10nError::Duplicate {
            locale,
            file: file.to_owned(),
            kind,
            id,
        },
        None => L10nError::Bundle {
            locale,
            file: file.to_owned(),
            details: join_errors(&errors),
        },
    }
}

fn resolve(
    bundle: &FluentBundle<FluentResource>,
    locale: Locale,
    id: &str,
    pattern: &ast::Pattern<&str>,
    args: Option<&FluentArgs>,
) -> Result<String, L10nError> {
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if errors.is_empty() {
        Ok(text.into_owned())
    } else {
        Err(L10nError::Resolve {
            locale,
            id: id.to_owned(),
            details: join_errors(&errors),
        })
    }
}

fn join_errors(errors: &[FluentError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

fn describe_parse_errors(source: &str, errors: &[ParserError]) -> String {
    errors
        .iter()
        .map(|err| format!("line {}: {err}", error_line(source, err)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Line of the entry a syntax error broke. The error's own position is
/// where the parser gave up, often the end of the file, which would point
/// far away from the typo.
fn error_line(source: &str, err: &ParserError) -> usize {
    let offset = err
        .slice
        .as_ref()
        .map_or(err.pos.start, |slice| slice.start);
    line_of(source, offset)
}

/// 1-based line number of a byte offset, tolerant of offsets past the end.
fn line_of(source: &str, offset: usize) -> usize {
    let bytes = source.as_bytes();
    let before = bytes.get(..offset).unwrap_or(bytes);
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// The `.ftl` files directly in `locales/<tag>/` as (file name, file),
/// sorted by name; subfolders are not part of a locale.
fn embedded(locale: Locale) -> Vec<(String, &'static include_dir::File<'static>)> {
    let Some(dir) = LOCALES_DIR.get_dir(locale.tag()) else {
        return Vec::new();
    };
    let mut files: Vec<_> = dir
        .files()
        .filter(|file| file.path().extension().is_some_and(|ext| ext == "ftl"))
        .filter_map(|file| {
            let name = file.path().file_name()?.to_string_lossy().into_owned();
            Some((name, file))
        })
        .collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The embedded `.ftl` files of `locale` as (file name, source), sorted by
/// name. Invalid UTF-8 is replaced (U+FFFD) here; [`Localizer::new`] and
/// [`check_parity`] report it as an error instead.
pub fn files(locale: Locale) -> Vec<FtlFile> {
    embedded(locale)
        .into_iter()
        .map(|(name, file)| (name, String::from_utf8_lossy(file.contents()).into_owned()))
        .collect()
}

/// Ids of all messages (not terms) in the embedded files of `locale`,
/// including those in files that also contain syntax errors.
pub fn message_ids(locale: Locale) -> BTreeSet<String> {
    message_ids_of(&files(locale))
}

fn message_ids_of(files: &[FtlFile]) -> BTreeSet<String> {
    files
        .iter()
        .flat_map(|(_, source)| summarize(source).messages.into_keys())
        .collect()
}

/// Checks the embedded files: every locale folder exists and has the same
/// file names as the default locale's, every file parses, and each file
/// defines the same message ids, message values, attributes and term ids in
/// every locale. Returns every problem found, one readable line each.
pub fn check_parity() -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let mut order = vec![Locale::DEFAULT];
    order.extend(Locale::ALL.into_iter().filter(|l| *l != Locale::DEFAULT));
    let mut sets = Vec::with_capacity(order.len());
    for locale in order {
        let embedded = embedded(locale);
        if embedded.is_empty() {
            problems.push(format!("{locale}: no .ftl files in locales/{locale}/"));
        }
        for (name, file) in &embedded {
            if file.contents_utf8().is_none() {
                problems.push(format!("{locale}/{name}: not valid UTF-8"));
            }
        }
        sets.push((locale.tag(), files(locale)));
    }
    for dir in LOCALES_DIR.dirs() {
        let name = dir.path().to_string_lossy();
        if !Locale::ALL.iter().any(|locale| locale.tag() == name) {
            problems.push(format!(
                "locales/{name}/ is not a supported locale and would never be used"
            ));
        }
    }
    if let Err(more) = check_parity_of(&sets) {
        problems.extend(more);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Compares sets of `.ftl` files given as (locale label, files): the first
/// set is the reference, every other set must have the same file names and,
/// per file, the same message ids, the same messages with and without a
/// value, the same attributes per message and the same term ids. Every file
/// must parse, and no id may be defined twice within one set.
///
/// Term attributes are not compared: they carry grammatical facts (gender,
/// case) that legitimately exist in one language only.
pub fn check_parity_of(sets: &[(&str, Vec<FtlFile>)]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let summaries: Vec<(&str, BTreeMap<&str, Summary>)> = sets
        .iter()
        .map(|(label, files)| {
            let mut by_file = BTreeMap::new();
            for (name, source) in files {
                let summary = summarize(source);
                for problem in &summary.problems {
                    problems.push(format!("{label}/{name}: {problem}"));
                }
                by_file.insert(name.as_str(), summary);
            }
            report_cross_file_duplicates(label, &by_file, &mut problems);
            (*label, by_file)
        })
        .collect();

    if let Some(((reference, reference_files), others)) = summaries.split_first() {
        for (label, files) in others {
            compare(reference, reference_files, label, files, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// What the parity check needs to know about one file.
#[derive(Default)]
struct Summary {
    /// Message id → (has a value, attribute names).
    messages: BTreeMap<String, (bool, BTreeSet<String>)>,
    terms: BTreeSet<String>,
    problems: Vec<String>,
}

fn summarize(source: &str) -> Summary {
    let mut summary = Summary::default();
    let resource = match parser::parse(source) {
        Ok(resource) => resource,
        Err((resource, errors)) => {
            for err in &errors {
                summary.problems.push(format!(
                    "line {}: Fluent syntax error: {err}",
                    error_line(source, err)
                ));
            }
            resource
        }
    };
    for entry in resource.body {
        match entry {
            ast::Entry::Message(message) => {
                let id = message.id.name.to_owned();
                let attributes = attribute_names(&message.attributes);
                let shape = (message.value.is_some(), attributes);
                if summary.messages.insert(id.clone(), shape).is_some() {
                    summary
                        .problems
                        .push(format!("message \"{id}\" is defined twice"));
                }
            }
            ast::Entry::Term(term) => {
                let id = term.id.name.to_owned();
                if !summary.terms.insert(id.clone()) {
                    summary
                        .problems
                        .push(format!("term \"-{id}\" is defined twice"));
                }
            }
            _ => {}
        }
    }
    summary
}

fn attribute_names(attributes: &[ast::Attribute<&str>]) -> BTreeSet<String> {
    attributes
        .iter()
        .map(|attribute| attribute.id.name.to_owned())
        .collect()
}

fn report_cross_file_duplicates(
    label: &str,
    files: &BTreeMap<&str, Summary>,
    problems: &mut Vec<String>,
) {
    let mut first_seen: BTreeMap<String, &str> = BTreeMap::new();
    for (name, summary) in files {
        let ids = summary
            .messages
            .keys()
            .cloned()
            .chain(summary.terms.iter().map(|term| format!("-{term}")));
        for id in ids {
            if let Some(earlier) = first_seen.insert(id.clone(), name) {
                problems.push(format!(
                    "{label}: \"{id}\" is defined in both {earlier} and {name}"
                ));
            }
        }
    }
}

fn compare(
    reference: &str,
    reference_files: &BTreeMap<&str, Summary>,
    label: &str,
    files: &BTreeMap<&str, Summary>,
    problems: &mut Vec<String>,
) {
    for name in reference_files.keys() {
        if !files.contains_key(name) {
            problems.push(format!(
                "{label}/{name} is missing (it exists as {reference}/{name})"
            ));
        }
    }
    for name in files.keys() {
        if !reference_files.contains_key(name) {
            problems.push(format!(
                "{reference}/{name} is missing (it exists as {label}/{name})"
            ));
        }
    }
    for (name, left) in reference_files {
        let Some(right) = files.get(name) else {
            continue;
        };
        let ids = left.messages.keys().chain(right.messages.keys());
        for id in ids.collect::<BTreeSet<_>>() {
            match (left.messages.get(id), right.messages.get(id)) {
                (Some(_), None) => problems.push(format!(
                    "message \"{id}\" is in {reference}/{name} but not in {label}/{name}"
                )),
                (None, Some(_)) => problems.push(format!(
                    "message \"{id}\" is in {label}/{name} but not in {reference}/{name}"
                )),
                (Some((left_value, left_attrs)), Some((right_value, right_attrs))) => {
                    if left_value != right_value {
                        let has = |value: &bool| if *value { "has" } else { "has no" };
                        problems.push(format!(
                            "message \"{id}\" {} value in {reference}/{name} but {} value in {label}/{name}",
                            has(left_value),
                            has(right_value)
                        ));
                    }
                    for attribute in left_attrs.difference(right_attrs) {
                        problems.push(format!(
                            "attribute \"{id}.{attribute}\" is in {reference}/{name} but not in {label}/{name}"
                        ));
                    }
                    for attribute in right_attrs.difference(left_attrs) {
                        problems.push(format!(
                            "attribute \"{id}.{attribute}\" is in {label}/{name} but not in {reference}/{name}"
                        ));
                    }
                }
                (None, None) => {}
            }
        }
        for term in left.terms.difference(&right.terms) {
            problems.push(format!(
                "term \"-{term}\" is in {reference}/{name} but not in {label}/{name}"
            ));
        }
        for term in right.terms.difference(&left.terms) {
            problems.push(format!(
                "term \"-{term}\" is in {label}/{name} but not in {reference}/{name}"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::l10n::FluentValue;

    // Fixtures instead of the embedded files, so these tests keep working
    // whatever messages the real locales/ folder holds.
    const DE: &str = r#"
hello = Hallo { $name }
deal-count =
    { $count ->
        [one] ein Deal
       *[other] { $count_text } Deals
    }
signed-on =
    { $precision ->
        [day] Unterzeichnet am { $date }
        [month] Unterzeichnet im { $date }
       *[year] Unterzeichnet { $date }
    }
-brand = DealGraph
welcome = Willkommen bei { -brand }
    .title = Startseite
"#;

    const EN: &str = r#"
hello = Hello { $name }
deal-count =
    { $count ->
        [one] one deal
       *[other] { $count_text } deals
    }
signed-on =
    { $precision ->
        [day] Signed on { $date }
       *[other] Signed in { $date }
    }
-brand = DealGraph
welcome = Welcome to { -brand }
    .title = Home
"#;

    fn localizer() -> Localizer {
        in_memory(DE, EN).expect("the fixtures build")
    }

    fn file(name: &str, source: &str) -> FtlFile {
        (name.to_owned(), source.to_owned())
    }

    fn in_memory(de: &str, en: &str) -> Result<Localizer, L10nError> {
        Localizer::from_files(&[
            (Locale::De, vec![file("common.ftl", de)]),
            (Locale::En, vec![file("common.ftl", en)]),
        ])
    }

    #[test]
    fn localizer_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Localizer>();
        assert_send_sync::<std::sync::Arc<Localizer>>();
    }

    #[test]
    fn embedded_files_build() {
        let l10n = Localizer::new().expect("the embedded .ftl files build");
        for locale in Locale::ALL {
            assert!(!files(locale).is_empty(), "{locale} has files");
            for id in message_ids(locale) {
                assert!(l10n.has_message(locale, &id), "{locale}: {id}");
            }
        }
    }

    #[test]
    fn message_ids_leave_out_terms() {
        let ids = message_ids_of(&[file("common.ftl", EN)]);
        assert!(ids.contains("hello"));
        assert!(ids.contains("welcome"));
        assert!(!ids.iter().any(|id| id.contains("brand")));
    }

    #[test]
    fn formats_with_arguments_and_no_isolation_marks() {
        let l10n = localizer();
        let mut args = FluentArgs::new();
        args.set("name", "Zoë");
        let de = l10n
            .format(Locale::De, "hello", Some(&args))
            .expect("formats");
        let en = l10n
            .format(Locale::En, "hello", Some(&args))
            .expect("formats");
        assert_eq!(de, "Hallo Zoë");
        assert_eq!(en, "Hello Zoë");
        for text in [de, en] {
            assert!(!text.contains(['\u{2068}', '\u{2069}']), "{text:?}");
        }
    }

    #[test]
    fn formatted_values_and_precision_feed_messages() {
        let l10n = localizer();
        let cases = [
            (
                Locale::De,
                2023,
                Some(11),
                Some(21),
                "Unterzeichnet am 21. November 2023",
            ),
            (
                Locale::De,
                2015,
                Some(9),
                None,
                "Unterzeichnet im September 2015",
            ),
            (Locale::De, 2014, None, None, "Unterzeichnet 2014"),
            (
                Locale::En,
                2023,
                Some(11),
                Some(21),
                "Signed on November 21, 2023",
            ),
            (Locale::En, 2015, Some(9), None, "Signed in September 2015"),
            (Locale::En, 2014, None, None, "Signed in 2014"),
        ];
        for (locale, year, month, day, expected) in cases {
            let date = l10n
                .formatters(locale)
                .date(year, month, day)
                .expect("valid date");
            let mut args = FluentArgs::new();
            args.set("date", date.text);
            args.set("precision", date.precision);
            let text = l10n
                .format(locale, "signed-on", Some(&args))
                .expect("formats");
            assert_eq!(text, expected);
        }

        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(1_234_567));
        args.set("count_text", l10n.formatters(Locale::De).integer(1_234_567));
        assert_eq!(
            l10n.format(Locale::De, "deal-count", Some(&args))
                .expect("formats"),
            "1.234.567 Deals"
        );
        let mut args = FluentArgs::new();
        args.set("count", 1);
        args.set("count_text", "1");
        assert_eq!(
            l10n.format(Locale::En, "deal-count", Some(&args))
                .expect("formats"),
            "one deal"
        );
    }

    #[test]
    fn terms_resolve_inside_messages() {
        let l10n = localizer();
        assert_eq!(
            l10n.format(Locale::De, "welcome", None).expect("formats"),
            "Willkommen bei DealGraph"
        );
    }

    #[test]
    fn missing_variable_is_an_error() {
        let l10n = localizer();
        let err = l10n.format(Locale::En, "hello", None).unwrap_err();
        assert!(
            matches!(&err, L10nError::Resolve { locale: Locale::En, id, .. } if id == "hello"),
            "{err:?}"
        );
        assert!(err.to_string().contains("name"), "{err}");

        let mut wrong = FluentArgs::new();
        wrong.set("nome", "typo");
        assert!(l10n.format(Locale::De, "hello", Some(&wrong)).is_err());
    }

    #[test]
    fn missing_message_and_valueless_message_are_errors() {
        let l10n = in_memory(
            "only-attrs =\n    .title = T\n",
            "only-attrs =\n    .title = T\n",
        )
        .expect("valid resources");
        assert!(matches!(
            l10n.format(Locale::De, "nope", None),
            Err(L10nError::MissingMessage { .. })
        ));
        assert!(matches!(
            l10n.format(Locale::De, "only-attrs", None),
            Err(L10nError::NoValue { .. })
        ));
    }

    #[test]
    fn unknown_term_or_message_reference_is_an_error() {
        let l10n = in_memory("a = { -nope }\nb = { other }\n", "a = A\nb = B\n")
            .expect("references are only checked when formatting");
        let err = l10n.format(Locale::De, "a", None).unwrap_err();
        assert!(err.to_string().contains("-nope"), "{err}");
        assert!(l10n.format(Locale::De, "b", None).is_err());
        assert_eq!(l10n.format(Locale::En, "a", None).expect("formats"), "A");
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let err = in_memory("ok = fine\nbad = { \n", "ok = fine\n").unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(
                err,
                L10nError::Parse {
                    locale: Locale::De,
                    ..
                }
            ),
            "{text}"
        );
        assert!(text.starts_with("de/common.ftl: "), "{text}");
        assert!(text.contains("line 2"), "{text}");
    }

    #[test]
    fn duplicate_id_names_file_and_id() {
        let err = Localizer::from_files(&[
            (
                Locale::De,
                vec![file("a.ftl", "x = 1\n"), file("b.ftl", "x = 2\n")],
            ),
            (Locale::En, vec![file("a.ftl", "x = 1\n")]),
        ])
        .unwrap_err();
        assert_eq!(err.to_string(), "de/b.ftl: duplicate message id \"x\"");

        let err = in_memory("x = 1\n", "x = 1\nx = 2\n").unwrap_err();
        assert!(
            matches!(&err, L10nError::Duplicate { locale: Locale::En, id, .. } if id == "x"),
            "{err:?}"
        );
    }

    #[test]
    fn locale_without_files_is_an_error() {
        let err =
            Localizer::from_files(&[(Locale::En, vec![file("a.ftl", "x = 1\n")])]).unwrap_err();
        assert!(
            matches!(err, L10nError::NoFiles { locale: Locale::De }),
            "{err:?}"
        );
    }

    #[test]
    fn embedded_locales_are_in_parity() {
        assert_eq!(check_parity(), Ok(()));
        assert_eq!(message_ids(Locale::De), message_ids(Locale::En));
        let names = |locale| {
            files(locale)
                .into_iter()
                .map(|(name, _)| name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(Locale::De), names(Locale::En));
    }

    #[test]
    fn every_country_a_write_accepts_has_a_name_in_both_locales() {
        let l10n = Localizer::new().expect("the embedded .ftl files build");
        for code in crate::model::COUNTRY_CODES {
            let id = crate::model::label_id(crate::model::COUNTRY_LABEL_PREFIX, code);
            for locale in [Locale::De, Locale::En] {
                assert!(l10n.has_message(locale, &id), "{id} missing in {locale:?}");
            }
        }
    }

    #[test]
    fn unbalanced_pair_is_reported() {
        let en = vec![
            file(
                "common.ftl",
                "hello = Hello\nbye = Bye\nwelcome = Welcome\n    .title = Home\n-brand = DealGraph\n",
            ),
            file("deals.ftl", "deal = Deal\n"),
        ];
        let de = vec![
            file(
                "common.ftl",
                "hello = Hallo\nextra = Nur deutsch\nwelcome = Willkommen\n    .tooltip = Start\n",
            ),
            file("people.ftl", "person = Person\n"),
        ];
        let problems = check_parity_of(&[("en", en), ("de", de)]).unwrap_err();
        let expected = [
            "de/deals.ftl is missing (it exists as en/deals.ftl)",
            "en/people.ftl is missing (it exists as de/people.ftl)",
            "message \"bye\" is in en/common.ftl but not in de/common.ftl",
            "message \"extra\" is in de/common.ftl but not in en/common.ftl",
            "attribute \"welcome.title\" is in en/common.ftl but not in de/common.ftl",
            "attribute \"welcome.tooltip\" is in de/common.ftl but not in en/common.ftl",
            "term \"-brand\" is in en/common.ftl but not in de/common.ftl",
        ];
        for line in expected {
            assert!(
                problems.iter().any(|p| p == line),
                "missing problem {line:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    }

    #[test]
    fn parity_reports_syntax_errors_value_mismatch_and_duplicates() {
        let en = vec![
            file("a.ftl", "x = X\ny = Y\n"),
            file("b.ftl", "y = again\n"),
        ];
        let de = vec![
            file("a.ftl", "x =\n    .attr = only an attribute\ny = { \n"),
            file("b.ftl", "y = noch mal\n"),
        ];
        let problems = check_parity_of(&[("en", en), ("de", de)]).unwrap_err();
        let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
        assert!(
            has("de/a.ftl: line 3: Fluent syntax error: Expected an inline expression"),
            "{problems:#?}"
        );
        assert!(
            has("en: \"y\" is defined in both a.ftl and b.ftl"),
            "{problems:#?}"
        );
        assert!(
            has("message \"x\" has value in en/a.ftl but has no value in de/a.ftl"),
            "{problems:#?}"
        );
        assert!(has("attribute \"x.attr\" is in de/a.ftl"), "{problems:#?}");
    }
}
