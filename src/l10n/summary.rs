//! Summary builders: pure functions from an entity's structured facts and a locale to prose.
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

use super::{L10nError, Locale, Localizer};
use crate::model::{
    AgreementKind, AgreementStatus, CompanyKind, MarketPositionKind, PartialDate, RoleTitle, Scope,
};

/// A company as another entity's summary names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRef {
    /// Its name.
    pub name: String,
    /// Its kind, which supplies the German article and case ending.
    pub kind: CompanyKind,
}

/// Everything a company's summary may mention.
#[derive(Debug, Clone)]
pub struct CompanyFacts {
    /// Its name and kind.
    pub company: CompanyRef,
    /// Its country (ISO code).
    pub country: Option<String>,
    /// Its headquarters city.
    pub headquarters: Option<String>,
    /// When it was founded.
    pub founded: Option<PartialDate>,
    /// Who founded it.
    pub founders: Vec<String>,
    /// The company it belongs to.
    pub parent: Option<CompanyRef>,
    /// Its chief executives.
    pub ceos: Vec<String>,
    /// The companies that belong to it.
    pub subsidiaries: Vec<String>,
    /// Its rivals.
    pub rivals: Vec<String>,
    /// Its initial public offering, if it had one.
    pub ipo: Option<IpoFacts>,
    /// Its reported market positions.
    pub positions: Vec<PositionFacts>,
}

/// An initial public offering.
#[derive(Debug, Clone)]
pub struct IpoFacts {
    /// When.
    pub date: Option<PartialDate>,
    /// Whether it was the largest in history.
    pub record: bool,
}

/// A reported market position.
#[derive(Debug, Clone)]
pub struct PositionFacts {
    /// What standing.
    pub kind: MarketPositionKind,
    /// Where (ISO code); none means worldwide.
    pub market: Option<String>,
    /// Who reports it.
    pub reported_by: Option<String>,
}

/// Everything a person's summary may mention.
#[derive(Debug, Clone)]
pub struct PersonFacts {
    /// The person's name.
    pub name: String,
    /// The positions they hold or held.
    pub roles: Vec<RoleFacts>,
    /// How many quotes of theirs the sources print.
    pub quotes: usize,
    /// How many sources name them.
    pub sources: usize,
}

/// A position at a company.
#[derive(Debug, Clone)]
pub struct RoleFacts {
    /// The position.
    pub title: RoleTitle,
    /// Where.
    pub company: CompanyRef,
    /// Since when.
    pub since: Option<PartialDate>,
    /// Until when.
    pub until: Option<PartialDate>,
}

/// An agreement as a title or another summary names it.
#[derive(Debug, Clone)]
pub struct AgreementRef {
    /// What kind of agreement.
    pub kind: AgreementKind,
    /// The partners (every party but the organiser), in order.
    pub partners: Vec<CompanyRef>,
    /// The organisation that runs it, for a programme.
    pub organiser: Option<CompanyRef>,
}

/// A party to an agreement, as the summary needs it.
#[derive(Debug, Clone)]
pub struct PartyFacts {
    /// The company.
    pub company: CompanyRef,
    /// Its country (ISO code).
    pub country: Option<String>,
    /// Whether it is the first partner from its country.
    pub first_from_country: bool,
}

/// Everything an agreement's summary may mention.
#[derive(Debug, Clone)]
pub struct AgreementFacts {
    /// Its kind and parties, as its title names them.
    pub agreement: AgreementRef,
    /// How far it has come.
    pub status: AgreementStatus,
    /// When it was announced.
    pub announced: Option<PartialDate>,
    /// When it was signed.
    pub signed: Option<PartialDate>,
    /// Whether it is planned in stages.
    pub multi_stage: bool,
    /// The partners with the facts the summary needs about each.
    pub partners: Vec<PartyFacts>,
    /// How many partners the sources report.
    pub partner_count: Option<i64>,
    /// Where those partners come from (ISO code).
    pub partner_country: Option<String>,
    /// The fields it covers.
    pub scopes: Vec<Scope>,
    /// The fields it starts with.
    pub initial_focus: Vec<Scope>,
    /// The markets it covers (ISO codes).
    pub markets: Vec<String>,
    /// The umbrella it belongs to.
    pub part_of: Option<AgreementRef>,
    /// The agreements that belong to it.
    pub components: Vec<AgreementRef>,
}

/// Builds summaries in one locale.
pub struct Writer<'a> {
    l10n: &'a Localizer,
    locale: Locale,
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
        Self { l10n, locale }
    }

    fn message(&self, id: &str, args: &Args) -> Result<String, L10nError> {
        self.l10n.format(self.locale, id, Some(args))
    }

    /// The label of a vocabulary value, by its message id.
    pub fn label(&self, id: &str) -> Result<String, L10nError> {
        self.l10n.format(self.locale, id, None)
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
    fn set_date(&self, args: &mut Args, name: &str, date: Option<PartialDate>) -> Result<(), L10nError> {
        args.set(name.to_owned(), self.date(date)?);
        args.set(format!("{name}-precision"), precision(date));
        Ok(())
    }

    /// Sets `{name}` (the items joined for the locale) and `{name}-count`.
    fn set_list<S: AsRef<str>>(&self, args: &mut Args, name: &str, items: &[S]) {
        args.set(name.to_owned(), self.l10n.formatters(self.locale).and_list(items));
        args.set(format!("{name}-count"), items.len());
    }

    fn labels<T: Copy>(&self, values: &[T], id: fn(T) -> String) -> Result<Vec<String>, L10nError> {
        values.iter().map(|v| self.label(&id(*v))).collect()
    }

    /// The grammatical gender of a company kind's noun (`company-kind-gender`).
    fn gender(&self, kind: CompanyKind) -> Result<String, L10nError> {
        let mut args = Args::new();
        args.set("kind", kind.as_str());
        self.message("company-kind-gender", &args)
    }

    /// A company named through its kind in `case` (`company-reference-<case>`), such as
    /// "des Konzerns Alibaba Group".
    fn company_ref(&self, company: &CompanyRef, case: &str) -> Result<String, L10nError> {
        let mut args = Args::new();
        args.set("name", company.name.clone());
        args.set("kind", company.kind.as_str());
        self.message(&format!("company-reference-{case}"), &args)
    }

    fn optional_ref(&self, company: Option<&CompanyRef>, case: &str) -> Result<String, L10nError> {
        company.map_or(Ok(String::new()), |c| self.company_ref(c, case))
    }

    fn agreement_args(&self, agreement: &AgreementRef) -> Result<Args, L10nError> {
        let mut args = Args::new();
        args.set("kind", agreement.kind.as_str());
        let names: Vec<&str> = agreement.partners.iter().map(|p| p.name.as_str()).collect();
        self.set_list(&mut args, "partners", &names);
        args.set("has-organiser", yes_no(agreement.organiser.is_some()));
        let organiser = agreement.organiser.as_ref();
        args.set("organiser", self.optional_ref(organiser, "nominative")?);
        args.set("organiser-start", self.optional_ref(organiser, "nominative-start")?);
        args.set("organiser-genitive", self.optional_ref(organiser, "genitive")?);
        Ok(args)
    }

    /// An agreement's title, such as "Strategic partnership between A and B".
    pub fn agreement_title(&self, agreement: &AgreementRef) -> Result<String, L10nError> {
        self.message("agreement-title", &self.agreement_args(agreement)?)
    }

    fn agreement_reference(&self, agreement: &AgreementRef) -> Result<String, L10nError> {
        self.message("agreement-reference", &self.agreement_args(agreement)?)
    }

    /// A company's summary.
    pub fn company(&self, facts: &CompanyFacts) -> Result<String, L10nError> {
        let mut args = Args::new();
        let kind = facts.company.kind;
        args.set("name", facts.company.name.clone());
        args.set("kind", kind.as_str());
        args.set("kind-label", self.label(&kind.label_id())?);
        args.set("gender", self.gender(kind)?);
        args.set("country", facts.country.clone().unwrap_or_else(|| "none".into()));
        args.set("has-headquarters", yes_no(facts.headquarters.is_some()));
        args.set("headquarters", facts.headquarters.clone().unwrap_or_default());
        self.set_date(&mut args, "founded", facts.founded)?;
        self.set_list(&mut args, "founders", &facts.founders);
        args.set("has-parent", yes_no(facts.parent.is_some()));
        args.set("parent", self.optional_ref(facts.parent.as_ref(), "genitive")?);

        let mut sentences = vec![self.message("company-summary-identity", &args)?];
        if !facts.ceos.is_empty() {
            self.set_list(&mut args, "ceos", &facts.ceos);
            sentences.push(self.message("company-summary-ceos", &args)?);
        }
        if !facts.subsidiaries.is_empty() {
            self.set_list(&mut args, "subsidiaries", &facts.subsidiaries);
            sentences.push(self.message("company-summary-subsidiaries", &args)?);
        }
        if let Some(ipo) = &facts.ipo {
            self.set_date(&mut args, "ipo", ipo.date)?;
            args.set("ipo-record", yes_no(ipo.record));
            sentences.push(self.message("company-summary-ipo", &args)?);
        }
        for position in &facts.positions {
            args.set("position", position.kind.as_str());
            args.set("market", position.market.clone().unwrap_or_else(|| "none".into()));
            args.set("has-reporter", yes_no(position.reported_by.is_some()));
            args.set("reporter", position.reported_by.clone().unwrap_or_default());
            sentences.push(self.message("company-summary-position", &args)?);
        }
        if !facts.rivals.is_empty() {
            self.set_list(&mut args, "rivals", &facts.rivals);
            sentences.push(self.message("company-summary-rivals", &args)?);
        }
        Ok(sentences.join(" "))
    }

    /// A person's summary.
    pub fn person(&self, facts: &PersonFacts) -> Result<String, L10nError> {
        let mut sentences = Vec::new();
        for role in &facts.roles {
            let mut args = Args::new();
            args.set("name", facts.name.clone());
            args.set("title", role.title.as_str());
            args.set("title-label", self.label(&role.title.label_id())?);
            args.set("company", role.company.name.clone());
            args.set("company-genitive", self.company_ref(&role.company, "genitive")?);
            args.set("company-accusative", self.company_ref(&role.company, "accusative")?);
            self.set_date(&mut args, "since", role.since)?;
            self.set_date(&mut args, "until", role.until)?;
            sentences.push(self.message("person-summary-role", &args)?);
        }
        let mut args = Args::new();
        args.set("name", facts.name.clone());
        if facts.quotes > 0 {
            args.set("count", facts.quotes);
            args.set("count-text", self.l10n.formatters(self.locale).integer(facts.quotes as i64));
            sentences.push(self.message("person-summary-quotes", &args)?);
        }
        if facts.roles.is_empty() && facts.quotes == 0 {
            args.set("count", facts.sources);
            args.set("count-text", self.l10n.formatters(self.locale).integer(facts.sources as i64));
            sentences.push(self.message("person-summary-named", &args)?);
        }
        Ok(sentences.join(" "))
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
        let scopes = self.labels(&facts.scopes, Scope::label_id)?;
        self.set_list(&mut args, "scopes", &scopes);
        let markets = facts
            .markets
            .iter()
            .map(|c| self.label(&crate::model::label_id(crate::model::COUNTRY_LABEL_PREFIX, c)))
            .collect::<Result<Vec<_>, _>>()?;
        self.set_list(&mut args, "markets", &markets);
        match facts.partner_count {
            Some(n) => {
                args.set("partner-count", n);
                args.set("partner-count-text", self.l10n.formatters(self.locale).integer(n));
            }
            None => {
                args.set("partner-count", "none");
                args.set("partner-count-text", "");
            }
        }
        args.set(
            "partner-country",
            facts.partner_country.clone().unwrap_or_else(|| "none".into()),
        );

        let mut sentences = vec![self.message("agreement-summary-main", &args)?];
        for party in facts.partners.iter().filter(|p| p.first_from_country) {
            let others: Vec<&str> = facts
                .partners
                .iter()
                .filter(|p| p.company != party.company)
                .map(|p| p.company.name.as_str())
                .collect();

            args.set("party", party.company.name.clone());
            args.set("party-country", party.country.clone().unwrap_or_else(|| "none".into()));
            self.set_list(&mut args, "others", &others);
            sentences.push(self.message("agreement-summary-first-partner", &args)?);
        }
        if !facts.initial_focus.is_empty() {
            let focus = self.labels(&facts.initial_focus, Scope::label_id)?;
            self.set_list(&mut args, "focus", &focus);
            sentences.push(self.message("agreement-summary-focus", &args)?);
        }
        if let Some(umbrella) = &facts.part_of {

            let organiser = umbrella.organiser.as_ref();
            args.set("umbrella-kind", umbrella.kind.as_str());
            args.set("umbrella-has-organiser", yes_no(organiser.is_some()));
            args.set("umbrella-organiser", self.optional_ref(organiser, "nominative")?);
            args.set("umbrella-organiser-genitive", self.optional_ref(organiser, "genitive")?);
            sentences.push(self.message("agreement-summary-part-of", &args)?);
        }
        if !facts.components.is_empty() {
            let components = facts
                .components
                .iter()
                .map(|c| self.agreement_reference(c))
                .collect::<Result<Vec<_>, _>>()?;
            self.set_list(&mut args, "components", &components);
            sentences.push(self.message("agreement-summary-components", &args)?);
        }
        Ok(sentences.join(" "))
    }
}
