//! What a reader would stumble on in a summary, as checks the tests run over every summary a
//! shape can take and over generated data through the server: a sentence too long to follow,
//! a list that names more items than [`LIST_CAP`] lets it (or [`NESTED_LIST_CAP`] inside
//! another list), and the same verb phrase said twice
//! in one sentence ("founded A, founded B"). Pure functions of the text, so that the unit tests
//! of the shapes and the API tests share them.

use crate::l10n::Locale;
use crate::summary::write::LIST_CAP;
#[cfg(doc)]
use crate::summary::write::NESTED_LIST_CAP;

/// The most words a sentence of a summary may have, a name counted as one word (a reader takes
/// "Tourism Authority of Thailand" in as one). Press style guides ask for about twenty on
/// average and treat forty or so as the limit of a sentence read once; a full date counts as
/// three words here ("15. März 2021"). An unshortened list of eight agreements goes far past
/// it.
pub const MAX_SENTENCE_WORDS: usize = 45;

/// The verb phrases a sentence says at most once, in each language: the verbs of the
/// summaries' sentences, whole words, grouped verbs included.
pub fn verb_phrases(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::En => &[
            "founded",
            "leads",
            "has led",
            "is the CEO",
            "was the CEO",
            "was its CEO",
            "has been the CEO",
            "is quoted",
            "competes",
            "include",
            "includes",
            "comprises",
            "is part of",
            "went public",
            "agreed on",
            "entered into",
            "launched",
            "is the first",
        ],
        Locale::De => &[
            "gegründet",
            "leitet",
            "leitete",
            "ist",
            "war",
            "wird",
            "konkurriert",
            "gehören",
            "gehört",
            "umfasst",
            "umfasste",
            "hat",
            "haben",
            "vereinbarte",
            "vereinbarten",
            "betreibt",
            "betreiben",
            "startete",
            "starteten",
        ],
    }
}

/// Everything a reader would stumble on in `text` (a summary in `locale`), as messages:
/// sentences over [`MAX_SENTENCE_WORDS`] (each of `names` and of the names in `lists` read as
/// one word), a verb phrase of [`verb_phrases`] twice in one sentence, and a list of `lists`
/// (each the full list of item names a summary may name) that names more of its items in one
/// sentence than [`LIST_CAP`] shows.
pub fn reader_faults(
    locale: Locale,
    text: &str,
    lists: &[Vec<String>],
    names: &[String],
) -> Vec<String> {
    let mut faults = Vec::new();
    let mut all_names: Vec<&String> = lists.iter().flatten().chain(names).collect();
    all_names.sort();
    all_names.dedup();
    for sentence in sentences(text) {
        let words = words(sentence);
        // Each name said counts as one word, whatever its length.
        let in_names: usize = all_names
            .iter()
            .map(|name| sentence.matches(name.as_str()).count() * (name.split(' ').count() - 1))
            .sum();
        let length = words.len().saturating_sub(in_names);
        if length > MAX_SENTENCE_WORDS {
            faults.push(format!("{length} words: {sentence}"));
        }
        let spaced = format!(" {} ", words.join(" "));
        for phrase in verb_phrases(locale) {
            let count = spaced.matches(&format!(" {phrase} ")).count();
            if count > 1 {
                faults.push(format!("{phrase:?} {count} times: {sentence}"));
            }
        }
        for list in lists {
            let named = list
                .iter()
                .filter(|item| sentence.contains(item.as_str()))
                .count();
            if named > LIST_CAP.shown(list.len()) {
                faults.push(format!(
                    "{named} of a list of {} named: {sentence}",
                    list.len()
                ));
            }
        }
    }
    faults
}

/// The first sentence of a summary.
pub fn main_sentence(text: &str) -> &str {
    // Dates ("15. März 2021") carry periods followed by a space and a letter; a sentence ends
    // at a period followed by a space and an upper-case letter that is no month name.
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for w in bytes.windows(3) {
        if w[0].1 == '.' && w[1].1 == ' ' && w[2].1.is_uppercase() {
            let rest = &text[w[2].0..];
            let month = [
                "Januar",
                "Februar",
                "März",
                "April",
                "Mai",
                "Juni",
                "Juli",
                "August",
                "September",
                "Oktober",
                "November",
                "Dezember",
            ]
            .iter()
            .any(|m| rest.starts_with(m));
            if !month {
                return &text[..=w[0].0];
            }
        }
    }
    text
}

/// The sentences of a summary, split as [`main_sentence`] splits the first.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let first = main_sentence(rest);
        out.push(first.trim());
        rest = rest[first.len()..].trim_start();
    }
    out
}

/// The words of a sentence, without punctuation.
pub fn words(sentence: &str) -> Vec<&str> {
    sentence
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_verb_a_long_list_and_a_long_sentence_are_faults() {
        let en = "Ana founded A, founded B, and is quoted once in the sources.";
        assert_eq!(reader_faults(Locale::En, en, &[], &[]).len(), 1, "{en}");
        let list: Vec<String> = ["Aa", "Bb", "Cc", "Dd", "Ee"].map(String::from).to_vec();
        let de = "Sie konkurriert mit Aa, Bb, Cc, Dd und Ee.";
        assert_eq!(
            reader_faults(Locale::De, de, std::slice::from_ref(&list), &[]).len(),
            1
        );
        let de = "Sie konkurriert mit fünf Wettbewerbern, darunter Aa und Bb.";
        assert!(reader_faults(Locale::De, de, &[list], &[]).is_empty());
        let long = format!("{}.", ["Wort"; MAX_SENTENCE_WORDS + 1].join(" "));
        assert_eq!(reader_faults(Locale::De, &long, &[], &[]).len(), 1);
        let name = vec!["Wort Wort".to_owned()];
        assert!(reader_faults(Locale::De, &long, &[], &name).is_empty());
        assert_eq!(
            sentences("Am 15. März 2021 begann es. Dann endete es."),
            ["Am 15. März 2021 begann es.", "Dann endete es."]
        );
    }
}
