//! The summary writer: pure functions from an entity's facts and a locale to prose.
//!
//! Rust decides *what* to say: which sentences a summary has (no CEO, no sentence about one)
//! and which facts each gets as Fluent arguments. The `.ftl` files decide *how* each language
//! says it: word order, articles, gender and case, plurals, prepositions for dates.
//!
//! Noun phrases about another entity (a parent company in the genitive, a company named through
//! its kind) are rendered by their own messages from that entity's facts and passed in as
//! arguments, so every grammatical choice stays in Fluent. Dates, lists and numbers are
//! formatted with ICU4X before they become arguments; each date comes with a `…-precision`
//! argument (`year`, `month`, `day` or `none`) for the prepositions that depend on it.

use fluent_bundle::FluentArgs;

use super::facts::{
    AgreementFacts, AgreementRef, ChainFacts, CompanyFacts, CompanyRef, HopFacts, PersonFacts,
    RoleFacts,
};
use crate::l10n::{L10nError, Locale, Localizer};
use crate::model::{AgreementKind, AgreementStatus, PartialDate, RoleTitle, Scope};

/// How many items of a list a summary names: a list of up to [`whole`](ListCap::whole) items
/// is named whole; a longer one names its first [`named`](ListCap::named) and counts the rest,
/// in the words of the `.ftl` files ("A, B und sieben weitere Unternehmen", "mit acht
/// Wettbewerbern, darunter A und B"). Every list a summary holds goes through it; the full
/// lists stay available as the entities' fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCap {
    /// The longest list that is named whole.
    pub whole: usize,
    /// How many items a longer list names before it counts the rest; fewer than `whole`, or
    /// counting the rest would say no less than naming it.
    pub named: usize,
}

impl ListCap {
    /// How many of `total` items a summary names.
    pub fn shown(self, total: usize) -> usize {
        if total <= self.whole {
            total
        } else {
            self.named.min(total)
        }
    }
}

/// The one place that decides how long a list in a summary may grow.
pub const LIST_CAP: ListCap = ListCap { whole: 4, named: 2 };

/// How long a list whose items hold lists of their own may grow (the agreements an umbrella
/// comprises, each with its parties), and how long the lists inside its items may grow: every
/// name they say is said once per item, so both are shorter.
pub const NESTED_LIST_CAP: ListCap = ListCap { whole: 2, named: 1 };

/// A person's roles grouped by what the person did, so that each verb is said once.
#[derive(Debug, Default)]
struct RoleGroups<'r> {
    /// The founder roles, one per company.
    founded: Vec<&'r RoleFacts>,
    /// The CEO roles still held.
    current: Vec<&'r RoleFacts>,
    /// The CEO roles that ended.
    former: Vec<&'r RoleFacts>,
    /// The CEO role at the one company the person founded, said right after the founding
    /// ("founded X and leads it") so that the company is named once.
    founded_and_led: Option<&'r RoleFacts>,
    /// The CEO roles said with `founded_and_led`, of the same tense ("and leads it as well as
    /// Y"), so that its verb is said once.
    others: Vec<&'r RoleFacts>,
}

impl<'r> RoleGroups<'r> {
    fn of(roles: &'r [RoleFacts]) -> Self {
        let mut groups = Self::default();
        for role in roles {
            match role.title {
                RoleTitle::Founder => {
                    if !groups.founded.iter().any(|f| f.company == role.company) {
                        groups.founded.push(role);
                    }
                }
                RoleTitle::Ceo if role.until.is_none() => groups.current.push(role),
                RoleTitle::Ceo => groups.former.push(role),
            }
        }
        if let [founded] = groups.founded.as_slice() {
            let company = &founded.company;
            // A role still held wins over one that ended at the same company.
            let led = [&mut groups.current, &mut groups.former]
                .into_iter()
                .find_map(|list| {
                    let at = list.iter().position(|r| &r.company == company)?;
                    Some((list.remove(at), std::mem::take(list)))
                });
            if let Some((role, others)) = led {
                groups.founded_and_led = Some(role);
                groups.others = others;
            }
        }
        groups
    }
}

/// Builds summaries in one locale.
#[derive(Clone, Copy)]
pub struct Writer<'a> {
    l10n: &'a Localizer,
    locale: Locale,
    /// How long its lists may grow: [`LIST_CAP`], or [`NESTED_LIST_CAP`] inside a list.
    cap: ListCap,
}

type Args = FluentArgs<'static>;

fn precision(date: Option<PartialDate>) -> &'static str {
    match date {
        None => "none",
        Some(d) if d.day.is_some() => "day",
        Some(d) if d.month.is_some() => "month",
        Some(_) => "year",
    }
}

fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

impl<'a> Writer<'a> {
    /// A writer for `locale`.
    pub fn new(l10n: &'a Localizer, locale: Locale) -> Self {
        Self {
            l10n,
            locale,
            cap: LIST_CAP,
        }
    }

    fn message(&self, id: &str, args: &Args) -> Result<String, L10nError> {
        self.l10n.format(self.locale, id, Some(args))
    }

    /// The label of a vocabulary value, by its message id.
    pub fn label(&self, id: &str) -> Result<String, L10nError> {
        self.l10n.format(self.locale, id, None)
    }

    /// The label `id` standing on its own (in a list, a dropdown, a filter): its `.display`
    /// attribute, or the running-text form when the two do not differ.
    pub fn label_display(&self, id: &str) -> Result<String, L10nError> {
        match self.l10n.format_attribute(self.locale, id, "display")? {
            Some(display) => Ok(display),
            None => self.label(id),
        }
    }

    /// A date as the locale writes it on its own, at its precision: "2016", "März 2016".
    pub fn date_label(&self, date: PartialDate) -> Result<String, L10nError> {
        self.date(Some(date))
    }

    /// The label of a decade, by its first year (`1990`).
    pub fn decade_label(&self, first_year: &str) -> Result<String, L10nError> {
        let mut args = Args::new();
        args.set("decade", first_year.to_owned());
        self.message("stats-decade", &args)
    }

    /// The label of the group of the records whose value of `dimension` (`year`, `month`,
    /// `scope`, …) is not known.
    pub fn unknown_label(&self, dimension: &str) -> Result<String, L10nError> {
        let mut args = Args::new();
        args.set("dimension", dimension.to_owned());
        self.message("stats-unknown", &args)
    }

    fn date(&self, date: Option<PartialDate>) -> Result<String, L10nError> {
        match date {
            None => Ok(String::new()),
            Some(d) => Ok(self
                .l10n
                .formatters(self.locale)
                .date(i32::from(d.year), d.month, d.day)?
                .text),
        }
    }

    /// Sets `{name}` and `{name}-precision` for a date.
    fn set_date(
        &self,
        args: &mut Args,
        name: &str,
        date: Option<PartialDate>,
    ) -> Result<(), L10nError> {
        args.set(name.to_owned(), self.date(date)?);
        args.set(format!("{name}-precision"), precision(date));
        Ok(())
    }

    /// Sets the arguments of a list of `items` (each a `what`: `companies`, `people`, `fields`,
    /// `markets`, `agreements`), shortened by [`LIST_CAP`].
    fn set_list<S: AsRef<str>>(
        &self,
        args: &mut Args,
        name: &str,
        items: &[S],
        what: &str,
    ) -> Result<(), L10nError> {
        let shown = self.cap.shown(items.len());
        let rest = items.len() - shown;
        self.set_shown_list(args, name, &items[..shown], items.len(), rest, what)
    }

    /// Sets the arguments of a list of `total` items of which `shown` are named and `rest` are
    /// not (`shown` may say more than one item in one, as merged scopes do):
    /// - `{name}`: the named items and, when there are more, the rest counted (`list-rest`):
    ///   "A, B und drei weitere Unternehmen"; `{name}-dative` the same in the dative;
    /// - `{name}-named`: the named items alone ("A und B"), for "darunter A und B";
    /// - `{name}-count` (Number) and `{name}-count-text` (in words up to twelve): all of them;
    /// - `{name}-rest` (Number): how many are not named, 0 when the list is named whole.
    fn set_shown_list<S: AsRef<str>>(
        &self,
        args: &mut Args,
        name: &str,
        shown: &[S],
        total: usize,
        rest: usize,
        what: &str,
    ) -> Result<(), L10nError> {
        args.set(
            name.to_owned(),
            self.with_rest(shown, rest, what, "nominative")?,
        );
        args.set(
            format!("{name}-dative"),
            self.with_rest(shown, rest, what, "dative")?,
        );
        args.set(
            format!("{name}-named"),
            self.l10n.formatters(self.locale).and_list(shown),
        );
        args.set(format!("{name}-count"), total);
        args.set(format!("{name}-count-text"), self.count_text(total as i64)?);
        args.set(format!("{name}-rest"), rest);
        Ok(())
    }

    /// `shown` joined for the locale, with `rest` more `what` counted as the last item in
    /// `case` ("und drei weiteren Unternehmen").
    fn with_rest<S: AsRef<str>>(
        &self,
        shown: &[S],
        rest: usize,
        what: &str,
        case: &str,
    ) -> Result<String, L10nError> {
        let mut items: Vec<&str> = shown.iter().map(AsRef::as_ref).collect();
        let counted;
        if rest > 0 {
            let mut args = Args::new();
            args.set("what", what.to_owned());
            args.set("case", case.to_owned());
            args.set("count", rest);
            args.set("count-text", self.count_text(rest as i64)?);
            counted = self.message("list-rest", &args)?;
            items.push(&counted);
        }
        Ok(self.l10n.formatters(self.locale).and_list(&items))
    }

    /// A count as running text says it: in words up to twelve (`number-text`).
    fn count_text(&self, n: i64) -> Result<String, L10nError> {
        let mut args = Args::new();
        args.set("n", n);
        args.set("digits", self.l10n.formatters(self.locale).integer(n));
        self.message("number-text", &args)
    }

    /// The scopes as a list says them, each item with how many scopes it says: scopes that
    /// share a head (`scope-…-head`) are merged into one item at the place of the first
    /// ("organising, producing and marketing sports events"); the others keep their label.
    fn scope_items(&self, scopes: &[Scope]) -> Result<Vec<(String, usize)>, L10nError> {
        // Each item: a plain label, or a head with the parts gathered under it.
        let mut items: Vec<(Option<String>, Vec<String>)> = Vec::new();
        for scope in scopes {
            let id = scope.label_id();
            let head_id = format!("{id}-head");
            if !self.l10n.has_message(self.locale, &head_id) {
                items.push((None, vec![self.label(&id)?]));
                continue;
            }
            let head = self.label(&head_id)?;
            let part = self.label(&format!("{id}-part"))?;
            match items
                .iter_mut()
                .find(|(h, _)| h.as_deref() == Some(head.as_str()))
            {
                Some((_, parts)) => parts.push(part),
                None => items.push((Some(head), vec![part])),
            }
        }
        items
            .into_iter()
            .map(|(head, parts)| match head {
                None => Ok((parts.concat(), 1)),
                Some(head) => {
                    let mut args = Args::new();
                    args.set("parts", self.l10n.formatters(self.locale).and_list(&parts));
                    Ok((
                        self.message(&format!("scope-head-{head}"), &args)?,
                        parts.len(),
                    ))
                }
            })
            .collect()
    }

    /// Sets the arguments of a list of scopes ([`set_shown_list`](Self::set_shown_list)),
    /// shortened by [`LIST_CAP`] after those sharing a head merge (a merged item is one item
    /// to read); the count and the rest are of scopes, not of items.
    fn set_scopes(&self, args: &mut Args, name: &str, scopes: &[Scope]) -> Result<(), L10nError> {
        let items = self.scope_items(scopes)?;
        let shown = self.cap.shown(items.len());
        let named: usize = items[..shown].iter().map(|(_, n)| n).sum();
        let labels: Vec<&str> = items[..shown].iter().map(|(l, _)| l.as_str()).collect();
        let rest = scopes.len().saturating_sub(named);
        self.set_shown_list(args, name, &labels, scopes.len(), rest, "fields")
    }

    /// The arguments that name a company: its name, kind, the gender of the article its name
    /// takes (`article`, or `none`) and whether that article is part of the name in languages
    /// that do not decline it (`article-in-name`).
    fn company_args(company: &CompanyRef) -> Args {
        let mut args = Args::new();
        args.set("name", company.name.clone());
        args.set("kind", company.kind.as_str());
        args.set("article", company.article.map_or("none", |a| a.gender()));
        args.set(
            "article-in-name",
            yes_no(company.article.is_some_and(|a| a.in_name())),
        );
        args
    }

    /// The grammatical gender pronouns use for a company (`company-gender`): its name's, or
    /// its kind's noun's.
    fn gender(&self, company: &CompanyRef) -> Result<String, L10nError> {
        self.message("company-gender", &Self::company_args(company))
    }

    /// A company named through its kind in `case` (`company-reference-<case>`), such as
    /// "des Konzerns Alibaba Group", or with the article its name takes.
    fn company_ref(&self, company: &CompanyRef, case: &str) -> Result<String, L10nError> {
        self.message(
            &format!("company-reference-{case}"),
            &Self::company_args(company),
        )
    }

    /// Companies as a list, each in `case` by the messages `company-<form>-<case>`: `form`
    /// is `reference` (named through the kind, or with the article the name takes) or `name`
    /// (the name alone, with its article); `start` when the list opens a sentence, whose
    /// first item then takes the `-start` message. Shortened by [`LIST_CAP`], the rest counted
    /// in `case`.
    fn company_list<'c>(
        &self,
        companies: impl IntoIterator<Item = &'c CompanyRef>,
        form: &str,
        case: &str,
        start: bool,
    ) -> Result<String, L10nError> {
        let companies: Vec<&CompanyRef> = companies.into_iter().collect();
        let shown = self.cap.shown(companies.len());
        let items = companies[..shown]
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let suffix = if start && i == 0 { "-start" } else { "" };
                self.message(
                    &format!("company-{form}-{case}{suffix}"),
                    &Self::company_args(c),
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.with_rest(&items, companies.len() - shown, "companies", case)
    }

    fn optional_ref(&self, company: Option<&CompanyRef>, case: &str) -> Result<String, L10nError> {
        company.map_or(Ok(String::new()), |c| self.company_ref(c, case))
    }

    fn agreement_args(&self, agreement: &AgreementRef) -> Result<Args, L10nError> {
        let mut args = Args::new();
        args.set("kind", agreement.kind.as_str());
        let partners = &agreement.partners;
        args.set(
            "partners",
            self.company_list(partners, "name", "nominative", false)?,
        );
        args.set(
            "partners-start",
            self.company_list(partners, "name", "nominative", true)?,
        );
        args.set(
            "partners-dative",
            self.company_list(partners, "name", "dative", false)?,
        );
        args.set("partners-count", partners.len());
        let organisers = &agreement.organisers;
        args.set("has-organiser", yes_no(!organisers.is_empty()));
        args.set("organisers-count", organisers.len());
        args.set(
            "organiser",
            self.company_list(organisers, "reference", "nominative", false)?,
        );
        args.set(
            "organiser-start",
            self.company_list(organisers, "reference", "nominative", true)?,
        );
        args.set(
            "organiser-genitive",
            self.company_list(organisers, "reference", "genitive", false)?,
        );
        // The subject of the main sentence: a programme's organisers, else the partners.
        let subject = if agreement.kind == AgreementKind::Programme && !organisers.is_empty() {
            organisers.len()
        } else {
            agreement.partners.len()
        };
        args.set("subject-count", subject);
        Ok(args)
    }

    /// An agreement's title, such as "Strategic partnership between A and B".
    pub fn agreement_title(&self, agreement: &AgreementRef) -> Result<String, L10nError> {
        self.message("agreement-title", &self.agreement_args(agreement)?)
    }

    /// This writer with [`NESTED_LIST_CAP`], for a list of items that hold lists.
    fn nested(&self) -> Self {
        Writer {
            cap: NESTED_LIST_CAP,
            ..*self
        }
    }

    /// An agreement named as an item of a list, its own lists shortened by
    /// [`NESTED_LIST_CAP`].
    fn agreement_reference(&self, agreement: &AgreementRef) -> Result<String, L10nError> {
        let nested = self.nested();
        nested.message("agreement-reference", &nested.agreement_args(agreement)?)
    }

    /// A company's summary.
    pub fn company(&self, facts: &CompanyFacts) -> Result<String, L10nError> {
        let kind = facts.company.kind;
        let mut args = Self::company_args(&facts.company);
        args.set("kind-label", self.label(&kind.label_id())?);
        args.set("gender", self.gender(&facts.company)?);
        // The kind's noun carries its own gender, whatever the name's article.
        args.set(
            "kind-gender",
            self.message("company-kind-gender", &Self::company_args(&facts.company))?,
        );
        args.set(
            "country",
            facts.country.clone().unwrap_or_else(|| "none".into()),
        );
        args.set("has-headquarters", yes_no(facts.headquarters.is_some()));
        args.set(
            "headquarters",
            facts.headquarters.clone().unwrap_or_default(),
        );
        self.set_date(&mut args, "founded", facts.founded)?;
        self.set_list(&mut args, "founders", &facts.founders, "people")?;
        args.set("has-parent", yes_no(facts.parent.is_some()));
        args.set(
            "parent",
            self.optional_ref(facts.parent.as_ref(), "genitive")?,
        );

        let mut sentences = vec![self.message("company-summary-identity", &args)?];
        if !facts.ceos.is_empty() {
            self.set_list(&mut args, "ceos", &facts.ceos, "people")?;
            sentences.push(self.message("company-summary-ceos", &args)?);
        }
        if !facts.former_ceos.is_empty() {
            self.set_list(&mut args, "former-ceos", &facts.former_ceos, "people")?;
            sentences.push(self.message("company-summary-former-ceos", &args)?);
        }
        if !facts.subsidiaries.is_empty() {
            self.set_list(&mut args, "subsidiaries", &facts.subsidiaries, "companies")?;
            sentences.push(self.message("company-summary-subsidiaries", &args)?);
        }
        if let Some(ipo) = &facts.ipo {
            self.set_date(&mut args, "ipo", ipo.date)?;
            args.set("ipo-record", yes_no(ipo.record));
            sentences.push(self.message("company-summary-ipo", &args)?);
        }
        for position in &facts.positions {
            args.set("position", position.kind.as_str());
            args.set(
                "market",
                position.market.clone().unwrap_or_else(|| "none".into()),
            );
            args.set("has-reporter", yes_no(position.reported_by.is_some()));
            args.set("reporter", position.reported_by.clone().unwrap_or_default());
            sentences.push(self.message("company-summary-position", &args)?);
        }
        if !facts.rivals.is_empty() {
            self.set_list(&mut args, "rivals", &facts.rivals, "companies")?;
            sentences.push(self.message("company-summary-rivals", &args)?);
        }
        Ok(sentences.join(" "))
    }

    /// How two companies are connected, in a sentence that names the chain's ends and the
    /// companies between, then one sentence per hop saying what links its two companies.
    pub fn chain(&self, chain: &ChainFacts) -> Result<String, L10nError> {
        let (Some(first), Some(last)) = (chain.companies.first(), chain.companies.last()) else {
            return Ok(String::new());
        };
        let name = |company: &CompanyRef, case: &str| {
            self.message(
                &format!("company-name-{case}"),
                &Self::company_args(company),
            )
        };
        let between = &chain.companies[1..chain.companies.len() - 1];
        let mut args = Args::new();
        args.set("from", name(first, "nominative-start")?);
        args.set("to", name(last, "dative")?);
        args.set(
            "via",
            self.company_list(between, "name", "accusative", false)?,
        );
        args.set("hops", chain.hops.len());
        let mut sentences = vec![self.message("chain-summary", &args)?];
        for (pair, hop) in chain.companies.windows(2).zip(&chain.hops) {
            let [from, to] = pair else { continue };
            let mut args = Args::new();
            args.set("from", name(from, "nominative-start")?);
            args.set("to", name(to, "nominative")?);
            args.set("from-dative", name(from, "dative")?);
            args.set("to-dative", name(to, "dative")?);
            match hop {
                HopFacts::Parent => args.set("link", "PARENT"),
                HopFacts::Subsidiary => args.set("link", "SUBSIDIARY"),
                HopFacts::Agreement { kind, status, year } => {
                    args.set("link", "AGREEMENT");
                    args.set("kind", kind.as_str());
                    args.set("status", status.as_str());
                    args.set("year-known", yes_no(year.is_some()));
                    args.set("year", year.map(|y| y.to_string()).unwrap_or_default());
                }
                HopFacts::Person {
                    name: person,
                    from,
                    to,
                } => {
                    args.set("link", "PERSON");
                    args.set("person", person.clone());
                    args.set("from-title", self.label(&from.0.label_id())?);
                    args.set("from-current", yes_no(from.1));
                    args.set("to-title", self.label(&to.0.label_id())?);
                    args.set("to-current", yes_no(to.1));
                }
            }
            sentences.push(self.message("chain-hop", &args)?);
        }
        Ok(sentences.join(" "))
    }

    /// A person's summary: one sentence that names them once and says what they did, grouped
    /// by verb (`RoleGroups`: "founded A, B, and C", "is the CEO of X and Y", the current
    /// roles before the former ones), and how often they are quoted; without either, how many
    /// sources name them.
    pub fn person(&self, facts: &PersonFacts) -> Result<String, L10nError> {
        let groups = RoleGroups::of(&facts.roles);
        // Each phrase: its message and arguments; `next` (what follows it) is set once the
        // number of phrases is known.
        let mut phrases: Vec<(&str, Args)> = Vec::new();
        if !groups.founded.is_empty() {
            let mut args = Args::new();
            self.set_companies(&mut args, "companies", &groups.founded)?;
            phrases.push(("person-founded", args));
        }
        if let Some(role) = groups.founded_and_led {
            let mut args = Args::new();
            args.set("current", yes_no(role.until.is_none()));
            args.set("gender", self.gender(&role.company)?);
            self.set_dates(&mut args, role)?;
            self.set_companies(&mut args, "others", &groups.others)?;
            phrases.push(("person-leads-founded", args));
        }
        for (id, roles) in [
            ("person-ceo", &groups.current),
            ("person-former-ceo", &groups.former),
        ] {
            if roles.is_empty() {
                continue;
            }
            let mut args = Args::new();
            self.set_companies(&mut args, "companies", roles)?;
            // Dates are said for a single role; several share one verb and name no dates.
            match roles.as_slice() {
                [role] => self.set_dates(&mut args, role)?,
                _ => {
                    self.set_date(&mut args, "since", None)?;
                    self.set_date(&mut args, "until", None)?;
                }
            }
            phrases.push((id, args));
        }
        if facts.quotes > 0 {
            let mut args = Args::new();
            args.set("count", facts.quotes);
            args.set("count-text", self.count_text(facts.quotes as i64)?);
            phrases.push(("person-quoted", args));
        }
        let mut args = Args::new();
        args.set("name", facts.name.clone());
        if phrases.is_empty() {
            args.set("count", facts.sources);
            args.set("count-text", self.count_text(facts.sources as i64)?);
            return self.message("person-summary-named", &args);
        }
        let formatters = self.l10n.formatters(self.locale);
        let followers = formatters.and_list_followers(phrases.len());
        let said = phrases
            .into_iter()
            .zip(followers)
            .map(|((id, mut args), next)| {
                args.set("next", next);
                self.message(id, &args)
            })
            .collect::<Result<Vec<_>, _>>()?;
        args.set("facts", formatters.and_list(&said));
        self.message("person-summary", &args)
    }

    /// Sets `since` and `until` (with their precisions) of a role.
    fn set_dates(&self, args: &mut Args, role: &RoleFacts) -> Result<(), L10nError> {
        self.set_date(args, "since", role.since)?;
        self.set_date(args, "until", role.until)
    }

    /// Sets `{name}-accusative` and `{name}-genitive` (the companies of `roles` named through
    /// their kinds), `{name}-names` (by their names alone, in the accusative), all shortened by
    /// [`LIST_CAP`], and `{name}-count`.
    fn set_companies(
        &self,
        args: &mut Args,
        name: &str,
        roles: &[&RoleFacts],
    ) -> Result<(), L10nError> {
        let companies = roles.iter().map(|r| &r.company);
        for case in ["accusative", "genitive"] {
            args.set(
                format!("{name}-{case}"),
                self.company_list(companies.clone(), "reference", case, false)?,
            );
        }
        args.set(
            format!("{name}-names"),
            self.company_list(companies, "name", "accusative", false)?,
        );
        args.set(format!("{name}-count"), roles.len());
        Ok(())
    }

    /// An agreement's summary.
    pub fn agreement(&self, facts: &AgreementFacts) -> Result<String, L10nError> {
        let mut args = self.agreement_args(&facts.agreement)?;
        args.set("status", facts.status.as_str());
        // The date that fits the status: a signed agreement is dated by its signing.
        let date = match facts.status {
            AgreementStatus::Signed => facts.signed.or(facts.announced),
            _ => facts.announced.or(facts.signed),
        };
        self.set_date(&mut args, "date", date)?;
        args.set("multi-stage", yes_no(facts.multi_stage));
        self.set_scopes(&mut args, "scopes", &facts.scopes)?;
        let markets = facts
            .markets
            .iter()
            .map(|c| {
                self.label(&crate::model::label_id(
                    crate::model::COUNTRY_LABEL_PREFIX,
                    c,
                ))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.set_list(&mut args, "markets", &markets, "markets")?;
        match facts.partner_count {
            Some(n) => {
                args.set("partner-count", n);
                args.set("partner-count-text", self.count_text(n)?);
            }
            None => {
                args.set("partner-count", "none");
                args.set("partner-count-text", "");
            }
        }
        args.set(
            "partner-country",
            facts
                .partner_country
                .clone()
                .unwrap_or_else(|| "none".into()),
        );

        let mut sentences = vec![self.message("agreement-summary-main", &args)?];
        for party in facts.partners.iter().filter(|p| p.first_from_country) {
            let others = facts
                .partners
                .iter()
                .filter(|p| p.company != party.company)
                .map(|p| &p.company);
            args.set(
                "others-dative",
                self.company_list(others.clone(), "name", "dative", false)?,
            );
            args.set("others-count", others.count());
            args.set(
                "party",
                self.company_list([&party.company], "name", "nominative", true)?,
            );
            args.set(
                "party-country",
                party.country.clone().unwrap_or_else(|| "none".into()),
            );
            sentences.push(self.message("agreement-summary-first-partner", &args)?);
        }
        if !facts.initial_focus.is_empty() {
            self.set_scopes(&mut args, "focus", &facts.initial_focus)?;
            sentences.push(self.message("agreement-summary-focus", &args)?);
        }
        if let Some(umbrella) = &facts.part_of {
            let organisers = &umbrella.organisers;
            args.set("umbrella-kind", umbrella.kind.as_str());
            args.set("same-kind", yes_no(umbrella.kind == facts.agreement.kind));
            args.set("umbrella-has-organiser", yes_no(!organisers.is_empty()));
            args.set(
                "umbrella-organiser",
                self.company_list(organisers, "reference", "nominative", false)?,
            );
            args.set(
                "umbrella-organiser-genitive",
                self.company_list(organisers, "reference", "genitive", false)?,
            );
            sentences.push(self.message("agreement-summary-part-of", &args)?);
        }
        if !facts.components.is_empty() {
            let components = facts
                .components
                .iter()
                .map(|c| self.agreement_reference(c))
                .collect::<Result<Vec<_>, _>>()?;
            self.nested()
                .set_list(&mut args, "components", &components, "agreements")?;
            sentences.push(self.message("agreement-summary-components", &args)?);
        }
        Ok(sentences.join(" "))
    }
}

#[cfg(test)]
pub(super) mod tests {
    //! Shape changes: the sentences follow the facts that exist, in both languages.

    use super::*;
    use crate::model::{AgreementKind, CompanyKind, RoleTitle};
    use crate::summary::facts::{IpoFacts, PartyFacts, RoleFacts};

    fn l10n() -> Localizer {
        Localizer::new().expect("the embedded translations load")
    }

    /// Every label of every vocabulary, every country included, stands on its own in its
    /// display form: capitalised, without the article it takes in a sentence.
    #[test]
    fn every_label_has_a_standalone_display_form() {
        let l10n = l10n();
        let countries: Vec<String> = crate::model::COUNTRY_CODES
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        for locale in Locale::ALL {
            let writer = Writer::new(&l10n, locale);
            for vocabulary in crate::model::Vocabulary::ALL {
                for (value, id) in vocabulary.entries(&countries) {
                    let display = writer.label_display(&id).expect("a display form");
                    let first = display.chars().next().unwrap_or(' ');
                    assert!(
                        first.is_uppercase() || first.is_ascii_digit(),
                        "{locale:?} {value}: {display}"
                    );
                    for article in ["the ", "die ", "das ", "der "] {
                        assert!(
                            !display.starts_with(article),
                            "{locale:?} {value}: {display}"
                        );
                    }
                }
            }
        }
    }

    pub(crate) fn company(name: &str, kind: CompanyKind) -> CompanyRef {
        CompanyRef {
            name: name.into(),
            kind,
            article: None,
        }
    }

    pub(crate) fn bare_company(name: &str, kind: CompanyKind) -> CompanyFacts {
        CompanyFacts {
            company: company(name, kind),
            country: None,
            headquarters: None,
            founded: None,
            founders: vec![],
            parent: None,
            ceos: vec![],
            former_ceos: vec![],
            subsidiaries: vec![],
            rivals: vec![],
            ipo: None,
            positions: vec![],
        }
    }

    fn both(write: impl Fn(&Writer<'_>) -> Result<String, L10nError>) -> (String, String) {
        let l10n = l10n();
        let en = write(&Writer::new(&l10n, Locale::En)).expect("English");
        let de = write(&Writer::new(&l10n, Locale::De)).expect("German");
        (en, de)
    }

    fn date(text: &str) -> Option<PartialDate> {
        Some(text.parse().expect("a date"))
    }

    #[test]
    fn a_company_with_no_country_date_or_parent_gets_one_plain_sentence() {
        let facts = bare_company("Acme", CompanyKind::ResearchFirm);
        assert_eq!(
            both(|w| w.company(&facts)),
            (
                "Acme is a market research firm.".into(),
                "Acme ist ein Marktforschungsunternehmen.".into()
            )
        );
    }

    #[test]
    fn german_articles_and_endings_follow_the_kind_and_the_parent_is_named_through_its_kind() {
        let mut facts = bare_company("Vista", CompanyKind::MediaGroup);
        facts.country = Some("TH".into());
        facts.founded = date("2023-11-21");
        facts.founders = vec!["A".into(), "B".into()];
        facts.parent = Some(company("Nord", CompanyKind::GovernmentAgency));
        facts.ceos = vec!["C".into(), "D".into()];
        facts.subsidiaries = vec!["E".into()];
        assert_eq!(
            both(|w| w.company(&facts)),
            (
                "Vista is a Thai media group founded on November 21, 2023, by A and B and a \
                 subsidiary of Nord. Its CEOs are C and D. E is one of its subsidiaries."
                    .into(),
                "Vista ist eine thailändische Mediengruppe, gegründet am 21. November 2023 von A \
                 und B, und eine Tochtergesellschaft der Behörde Nord. CEOs sind C und D. E ist \
                 eine ihrer Tochtergesellschaften."
                    .into()
            )
        );
    }

    #[test]
    fn an_ipo_that_set_no_record_and_a_neuter_kind_change_the_pronouns() {
        let mut facts = bare_company("Kino", CompanyKind::SportsCompany);
        facts.country = Some("DE".into());
        facts.headquarters = Some("Köln".into());
        facts.ipo = Some(IpoFacts {
            date: date("2019"),
            record: false,
        });
        facts.rivals = vec!["X".into()];
        assert_eq!(
            both(|w| w.company(&facts)),
            (
                "Kino is a German sports company based in Köln. It went public in 2019. It \
                 competes with X."
                    .into(),
                "Kino ist ein deutsches Sportunternehmen mit Sitz in Köln. 2019 ging es an die \
                 Börse. Es konkurriert mit X."
                    .into()
            )
        );
    }

    #[test]
    fn a_person_with_no_role_and_no_quote_is_described_by_the_sources() {
        for (sources, en, de) in [
            (
                0,
                "Nothing more is known about Ana.",
                "Über Ana ist nichts weiter bekannt.",
            ),
            (
                1,
                "Ana is named in one source.",
                "Ana wird in einer Quelle genannt.",
            ),
            (
                3,
                "Ana is named in three sources.",
                "Ana wird in drei Quellen genannt.",
            ),
        ] {
            let facts = PersonFacts {
                name: "Ana".into(),
                roles: vec![],
                quotes: 0,
                sources,
            };
            assert_eq!(both(|w| w.person(&facts)), (en.into(), de.into()));
        }
    }

    #[test]
    fn dated_roles_say_since_and_until_at_their_precision() {
        let facts = PersonFacts {
            name: "Ana".into(),
            roles: vec![
                RoleFacts {
                    title: RoleTitle::Ceo,
                    company: company("Vista", CompanyKind::MediaGroup),
                    since: date("2020-03-01"),
                    until: None,
                },
                RoleFacts {
                    title: RoleTitle::Ceo,
                    company: company("Kino", CompanyKind::StreamingService),
                    since: date("2015"),
                    until: date("2019-09"),
                },
            ],
            quotes: 2,
            sources: 1,
        };
        assert_eq!(
            both(|w| w.person(&facts)),
            (
                "Ana has been the CEO of Vista since March 1, 2020, was the CEO of Kino from \
                 2015 to September 2019, and is quoted twice in the sources."
                    .into(),
                "Ana ist seit dem 1. März 2020 CEO der Mediengruppe Vista, war von 2015 bis \
                 September 2019 CEO des Streamingdienstes Kino und wird in den Quellen zweimal \
                 zitiert."
                    .into()
            )
        );
    }

    #[test]
    fn a_german_name_keeps_its_own_article_in_english_and_declines_it_in_german() {
        let mut facts = bare_company("Spiegel", CompanyKind::MediaGroup);
        facts.company.article = Some(crate::model::NameArticle::MasculineInName);
        facts.country = Some("DE".into());
        facts.subsidiaries = vec!["A".into()];
        assert_eq!(
            both(|w| w.company(&facts)),
            (
                "Der Spiegel is a German media group. A is one of its subsidiaries.".into(),
                "Der Spiegel ist eine deutsche Mediengruppe. A ist eine seiner \
                 Tochtergesellschaften."
                    .into()
            )
        );
        let mut programme = agreement(AgreementKind::Programme, &["B"]);
        programme.agreement.organisers = vec![facts.company.clone()];
        // Inside a sentence too ("run by Der Spiegel", never "the Spiegel").
        assert_eq!(
            both(|w| w.agreement_title(&programme.agreement)).0,
            "Programme run by Der Spiegel with B"
        );
    }

    #[test]
    fn lists_past_the_cap_name_a_few_and_count_all_in_words() {
        let mut facts = bare_company("Kino", CompanyKind::StreamingService);
        let names = |prefix: &str, n: usize| -> Vec<String> {
            (1..=n).map(|i| format!("{prefix} {i}")).collect()
        };
        facts.rivals = names("R", 8);
        facts.subsidiaries = names("T", 5);
        facts.founders = names("F", 6);
        assert_eq!(
            both(|w| w.company(&facts)),
            (
                "Kino is a streaming service founded by F 1, F 2, and four others. Its five \
                 subsidiaries include T 1 and T 2. It competes with eight companies, including R \
                 1 and R 2."
                    .into(),
                "Kino ist ein Streamingdienst, gegründet von F 1, F 2 und vier weiteren Personen. \
                 Zu seinen fünf Tochtergesellschaften gehören T 1 und T 2. Er konkurriert mit \
                 acht Wettbewerbern, darunter R 1 und R 2."
                    .into()
            )
        );
        facts.rivals.truncate(4);
        let (en, de) = both(|w| w.company(&facts));
        assert!(
            en.ends_with("It competes with R 1, R 2, R 3, and R 4."),
            "{en}"
        );
        assert!(
            de.ends_with("Er konkurriert mit R 1, R 2, R 3 und R 4."),
            "{de}"
        );

        let mut programme = agreement(AgreementKind::StrategicPartnership, &["A", "B", "C"]);
        programme.components = (0..9)
            .map(|i| AgreementRef {
                kind: AgreementKind::CooperationAgreement,
                partners: names(&format!("K{i}"), 5)
                    .iter()
                    .map(|n| company(n, CompanyKind::MediaGroup))
                    .collect(),
                organisers: vec![],
            })
            .collect();
        assert_eq!(
            both(|w| w.agreement(&programme)),
            (
                "A, B, and C have agreed on a strategic partnership. It comprises nine \
                 agreements, among them the cooperation agreement between K0 1 and four other \
                 companies."
                    .into(),
                "A, B und C haben eine strategische Partnerschaft vereinbart. Dazu gehören neun \
                 Vereinbarungen, darunter der Kooperationsvertrag zwischen K0 1 und vier \
                 weiteren Unternehmen."
                    .into()
            )
        );
    }

    #[test]
    fn a_person_s_roles_share_one_verb_each_the_current_before_the_former() {
        let role = |title, name: &str, kind, until: Option<PartialDate>| RoleFacts {
            title,
            company: company(name, kind),
            since: None,
            until,
        };
        let facts = PersonFacts {
            name: "Änne".into(),
            roles: vec![
                role(RoleTitle::Founder, "A", CompanyKind::StreamingService, None),
                role(RoleTitle::Ceo, "Y", CompanyKind::MediaGroup, date("2019")),
                role(RoleTitle::Founder, "B", CompanyKind::VideoPlatform, None),
                role(RoleTitle::Ceo, "X", CompanyKind::Conglomerate, None),
                role(RoleTitle::Founder, "C", CompanyKind::MediaGroup, None),
                role(RoleTitle::Ceo, "W", CompanyKind::MediaGroup, None),
                role(RoleTitle::Ceo, "Z", CompanyKind::FilmStudio, date("2020")),
            ],
            quotes: 1,
            sources: 1,
        };
        assert_eq!(
            both(|w| w.person(&facts)),
            (
                "Änne founded A, B, and C, is the CEO of X and W, was the CEO of Y and Z, and is \
                 quoted once in the sources."
                    .into(),
                "Änne hat A, B und C gegründet, leitet X und W, leitete Y und Z und wird in den \
                 Quellen einmal zitiert."
                    .into()
            )
        );
        let founder_and_ceo = PersonFacts {
            name: "Jack".into(),
            roles: vec![
                role(RoleTitle::Founder, "A", CompanyKind::MediaGroup, None),
                role(RoleTitle::Ceo, "A", CompanyKind::MediaGroup, None),
                role(RoleTitle::Ceo, "B", CompanyKind::Conglomerate, None),
            ],
            quotes: 0,
            sources: 1,
        };
        assert_eq!(
            both(|w| w.person(&founder_and_ceo)),
            (
                "Jack founded A and leads it as well as B.".into(),
                "Jack hat die Mediengruppe A gegründet und leitet sie sowie B.".into()
            )
        );
    }

    fn agreement(kind: AgreementKind, partners: &[&str]) -> AgreementFacts {
        AgreementFacts {
            agreement: AgreementRef {
                kind,
                partners: partners
                    .iter()
                    .map(|p| company(p, CompanyKind::MediaGroup))
                    .collect(),
                organisers: vec![],
            },
            status: AgreementStatus::Announced,
            announced: None,
            signed: None,
            multi_stage: false,
            partners: partners
                .iter()
                .map(|p| PartyFacts {
                    company: company(p, CompanyKind::MediaGroup),
                    country: None,
                    first_from_country: false,
                })
                .collect(),
            partner_count: None,
            partner_country: None,
            scopes: vec![],
            initial_focus: vec![],
            markets: vec![],
            part_of: None,
            components: vec![],
        }
    }

    #[test]
    fn an_undated_agreement_of_one_party_uses_the_perfect_and_the_singular() {
        let mut facts = agreement(AgreementKind::CooperationAgreement, &["A"]);
        facts.scopes = vec![Scope::Motorsport];
        assert_eq!(
            both(|w| w.agreement(&facts)),
            (
                "A has agreed on a cooperation agreement covering motorsport.".into(),
                "A hat einen Kooperationsvertrag im Bereich Motorsport vereinbart.".into()
            )
        );
    }

    #[test]
    fn four_parties_are_listed_and_the_date_opens_the_sentence() {
        let mut facts = agreement(AgreementKind::StrategicPartnership, &["A", "B", "C", "D"]);
        facts.status = AgreementStatus::Active;
        facts.announced = date("2024-05-07");
        facts.markets = vec!["DE".into(), "US".into()];
        facts.initial_focus = vec![];
        assert_eq!(
            both(|w| w.agreement(&facts)),
            (
                "On May 7, 2024, A, B, C, and D entered into a strategic partnership in Germany \
                 and the United States."
                    .into(),
                "Am 7. Mai 2024 gingen A, B, C und D eine strategische Partnerschaft für \
                 Deutschland und die USA ein."
                    .into()
            )
        );
        assert_eq!(
            both(|w| w.agreement_title(&facts.agreement)),
            (
                "Strategic partnership between A, B, C, and D".into(),
                "Strategische Partnerschaft zwischen A, B, C und D".into()
            )
        );
    }

    #[test]
    fn an_agreement_with_no_recorded_party_names_the_parties_generically() {
        let mut facts = agreement(AgreementKind::StrategicPartnership, &[]);
        facts.status = AgreementStatus::Signed;
        facts.signed = date("2022");
        assert_eq!(
            both(|w| w.agreement(&facts)),
            (
                "In 2022, the parties signed a strategic partnership.".into(),
                "2022 unterzeichneten die Parteien eine strategische Partnerschaft.".into()
            )
        );
        assert_eq!(
            both(|w| w.agreement_title(&facts.agreement)),
            (
                "Strategic partnership".into(),
                "Strategische Partnerschaft".into()
            )
        );
    }

    #[test]
    fn a_programme_with_an_unspecified_partner_count_and_a_date() {
        let mut facts = agreement(AgreementKind::Programme, &[]);
        facts.agreement.organisers = vec![company("Amt", CompanyKind::GovernmentAgency)];
        facts.status = AgreementStatus::Active;
        facts.announced = date("2021-06");
        facts.partner_count = Some(1);
        facts.scopes = vec![Scope::Tourism];
        assert_eq!(
            both(|w| w.agreement(&facts)),
            (
                "In June 2021, Amt launched a programme with one partner covering tourism.".into(),
                "Im Juni 2021 startete die Behörde Amt ein Programm mit einem Partner im Bereich \
                 Tourismus."
                    .into()
            )
        );
    }
}
