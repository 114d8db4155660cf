//! Folding and query parsing: how text is spelled in the index, and how a client's query
//! becomes an FTS5 expression that is always plain words, never operators.

use crate::error::{AppError, AppResult};
use crate::model::{fold, name_key};

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// A client's query, checked and split into folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchQuery {
    words: Vec<String>,
}

impl MatchQuery {
    /// Checks `text` (at most [`MAX_QUERY_CHARS`] characters, at least one letter or digit) and
    /// splits it into folded words; everything that is not a letter or digit separates words.
    /// Errors are `BAD_USER_INPUT` naming the argument `query`.
    pub fn parse(text: &str) -> AppResult<Self> {
        let length = text.chars().count();
        if length > MAX_QUERY_CHARS {
            return Err(AppError::bad_input(
                "query",
                format!("{length} characters are more than the most, {MAX_QUERY_CHARS}"),
            ));
        }
        let words: Vec<String> = name_key(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if words.is_empty() {
            return Err(AppError::bad_input(
                "query",
                format!("{text:?} has no letter or digit to search for"),
            ));
        }
        Ok(Self { words })
    }

    /// The folded words, in order.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The words joined by spaces: two queries with the same words are the same search.
    pub fn normalized(&self) -> String {
        self.words.join(" ")
    }

    /// The FTS5 expression of the words as prefixes, each matched as `matches` says (one per
    /// word, in order; a word without one is a prefix), all of which must match; and, for each
    /// phrase of it in the order the phrases are written, the query word it stands for and
    /// how many documents that word's words are in (added up), so that a prefix is ranked as
    /// one word, as FTS5 ranks a prefix term. Every word and term is quoted, so none is ever an
    /// operator.
    pub fn expression(&self, matches: &[WordMatch]) -> (String, Vec<(usize, i64)>) {
        let mut parts = Vec::with_capacity(self.words.len());
        let mut counts = Vec::new();
        for (i, word) in self.words.iter().enumerate() {
            match matches.get(i) {
                Some(WordMatch::Words(terms)) if !terms.is_empty() => {
                    let any: Vec<String> = terms.iter().map(|(t, _)| quoted(t)).collect();
                    let documents = terms.iter().map(|(_, n)| *n).sum::<i64>();
                    counts.extend(terms.iter().map(|_| (i, documents)));
                    parts.push(if any.len() == 1 {
                        any.concat()
                    } else {
                        format!("({})", any.join(" OR "))
                    });
                }
                Some(WordMatch::Prefix(n)) => {
                    parts.push(format!("{}*", quoted(word)));
                    counts.push((i, *n));
                }
                _ => {
                    parts.push(format!("{}*", quoted(word)));
                    counts.push((i, 0));
                }
            }
        }
        // FTS5 takes no implicit AND next to a parenthesised group: the ANDs are written out.
        (parts.join(" AND "), counts)
    }

    /// The FTS5 expression of every word as a whole word, all of which must match.
    pub fn whole_words(&self) -> String {
        self.words
            .iter()
            .map(|w| quoted(w))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How one word of a query is matched as a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WordMatch {
    /// As any of these words of the index, which it begins, each with the number of documents
    /// it is in. FTS5 walks each such word lazily; none means that no word of the index
    /// begins with it.
    Words(Vec<(String, i64)>),
    /// As the prefix itself, which FTS5 expands (too many words begin with it to list them,
    /// or it is not plain ASCII, whose words FTS5 spells as its tokenizer does); the documents
    /// of its words, added up.
    Prefix(i64),
}

/// `word` as an FTS5 string: in double quotes, any double quote doubled.
fn quoted(word: &str) -> String {
    format!("\"{}\"", word.replace('"', "\"\""))
}

/// `text` as the index stores it: every word folded the German way ("Müller" → "mueller") and,
/// where that differs, also with bare vowels ("muller").
pub fn index_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let spelled_out = fold(word);
        out.push_str(&spelled_out);
        if let Some(bare) = bare_vowels(word).filter(|bare| *bare != spelled_out) {
            out.push(' ');
            out.push_str(&bare);
        }
    }
    out
}

/// `text` folded with umlauts as bare vowels ("Müller" → "muller"); `None` when it has no
/// umlaut, the only letters that spell differently so.
fn bare_vowels(text: &str) -> Option<String> {
    if !text.contains(['ä', 'ö', 'ü', 'Ä', 'Ö', 'Ü']) {
        return None;
    }
    let bare: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            other => other,
        })
        .collect();
    Some(fold(&bare))
}

/// The spellings under which a name is suggested: its words folded the German way ("Müller
/// Bühne" → "mueller buehne") and, where that differs, with bare vowels ("muller buhne"), so
/// that what a user types finds it as search would.
pub fn name_spellings(name: &str) -> Vec<String> {
    let mut spellings = vec![name_key(name)];
    if let Some(bare) = bare_vowels(name).map(|b| name_key(&b))
        && bare != spellings[0]
    {
        spellings.push(bare);
    }
    spellings.retain(|s| !s.is_empty());
    spellings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expression(query: &str) -> String {
        MatchQuery::parse(query)
            .unwrap_or_else(|e| panic!("{query:?} is refused: {e:?}"))
            .expression(&[])
            .0
    }

    fn refused_argument(query: &str) -> String {
        match MatchQuery::parse(query) {
            Err(AppError::BadInput { argument, .. }) => argument.into_owned(),
            other => panic!("{query:?} is not refused as bad input: {other:?}"),
        }
    }

    #[test]
    fn words_become_folded_quoted_prefix_terms() {
        assert_eq!(expression("Alib"), r#""alib"*"#);
        assert_eq!(expression("Müller Straße"), r#""mueller"* AND "strasse"*"#);
        assert_eq!(
            expression("  gegründet,  Café "),
            r#""gegruendet"* AND "cafe"*"#
        );
        assert_eq!(expression("T&B Media"), r#""t"* AND "b"* AND "media"*"#);
        assert_eq!(expression("2023"), r#""2023"*"#);
    }

    #[test]
    fn fts_syntax_in_a_query_is_text() {
        for (query, expected) in [
            (r#""Alibaba""#, r#""alibaba"*"#),
            ("Alibaba*", r#""alibaba"*"#),
            ("(Alibaba", r#""alibaba"*"#),
            ("NEAR(a b)", r#""near"* AND "a"* AND "b"*"#),
            ("Alibaba OR", r#""alibaba"* AND "or"*"#),
            ("-Alibaba", r#""alibaba"*"#),
            ("+Alibaba", r#""alibaba"*"#),
            ("title:x", r#""title"* AND "x"*"#),
            ("^Ali", r#""ali"*"#),
            ("AND", r#""and"*"#),
            ("NOT x", r#""not"* AND "x"*"#),
            (r#"a"b"#, r#""a"* AND "b"*"#),
            ("{name}: x", r#""name"* AND "x"*"#),
        ] {
            assert_eq!(expression(query), expected, "query {query:?}");
        }
    }

    #[test]
    fn every_expression_is_only_quoted_words_of_letters_and_digits() {
        let queries = [
            r#"" * ( ) : ^ - + NEAR AND OR NOT { } [ ] , . ; ' ` ~ \ / | = < > ? ! @ # $ % & x"#,
            "Ärger über Öl – “Zitat” «guillemets» 北京 Москва",
            "\u{0}\t\n\r x",
        ];
        for query in queries {
            let expression = expression(query);
            for term in expression.split(" AND ") {
                let word = term
                    .strip_prefix('"')
                    .and_then(|t| t.strip_suffix("\"*"))
                    .unwrap_or_else(|| panic!("{term:?} in {expression:?} is not \"word\"*"));
                assert!(
                    !word.is_empty() && word.chars().all(char::is_alphanumeric),
                    "{word:?} in {expression:?}"
                );
            }
        }
    }

    #[test]
    fn a_query_without_letters_or_digits_is_bad_input() {
        for query in ["", "   ", "***", r#""""#, "-+^:()", "\u{2014}"] {
            assert_eq!(refused_argument(query), "query", "query {query:?}");
        }
    }

    #[test]
    fn a_query_longer_than_200_characters_is_bad_input() {
        assert_eq!(refused_argument(&"a".repeat(201)), "query");
        assert!(MatchQuery::parse(&"a".repeat(200)).is_ok());
        // Characters, not bytes: 200 umlauts are 400 bytes.
        assert!(MatchQuery::parse(&"ü".repeat(200)).is_ok());
    }

    #[test]
    fn queries_with_the_same_words_are_the_same_search() {
        let a = MatchQuery::parse("Müller, Straße!").unwrap();
        let b = MatchQuery::parse("\"mueller\" strasse*").unwrap();
        assert_eq!(a.normalized(), b.normalized());
        assert_eq!(a.words(), ["mueller", "strasse"]);
    }

    #[test]
    fn indexed_text_spells_out_umlauts_and_also_keeps_bare_vowels() {
        assert_eq!(
            index_text("Müller-Straße  Café Öl\nJack"),
            "mueller-strasse muller-strasse cafe oel ol jack"
        );
        assert_eq!(index_text("gegründet,"), "gegruendet, gegrundet,");
        assert_eq!(index_text(""), "");
    }

    #[test]
    fn a_prefix_is_written_as_the_words_it_begins_with_their_counts() {
        let query = MatchQuery::parse("Medi Bühne 13").expect("a query");
        let (expression, counts) = query.expression(&[
            WordMatch::Words(vec![("media".into(), 7), ("medien".into(), 9)]),
            WordMatch::Words(vec![("buehne".into(), 4)]),
            WordMatch::Prefix(120),
        ]);
        assert_eq!(
            expression,
            r#"("media" OR "medien") AND "buehne" AND "13"*"#
        );
        assert_eq!(counts, [(0, 16), (0, 16), (1, 4), (2, 120)]);
        // A word no word of the index begins stays a prefix, which matches nothing.
        let (expression, counts) = query.expression(&[WordMatch::Words(Vec::new())]);
        assert_eq!(expression, r#""medi"* AND "buehne"* AND "13"*"#);
        assert_eq!(counts, [(0, 0), (1, 0), (2, 0)]);
    }

    #[test]
    fn a_name_is_suggested_under_both_spellings_of_its_umlauts() {
        assert_eq!(
            name_spellings("Müller-Bühne 1345"),
            ["mueller buehne 1345", "muller buhne 1345"]
        );
        assert_eq!(name_spellings("Alibaba Group"), ["alibaba group"]);
        assert_eq!(name_spellings("Straße  &  Co."), ["strasse co"]);
        assert!(name_spellings("—").is_empty());
    }
}
