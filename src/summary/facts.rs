//! The facts a summary is written from: the contract between storage and prose. Storage rows
//! become these structs in [`read`](super::read); the [`Writer`](super::Writer) turns them into
//! text. Each holds exactly what some sentence may say, already resolved (names, not ids).

use crate::model::{
    AgreementKind, AgreementStatus, CompanyKind, MarketPositionKind, NameArticle, PartialDate,
    RoleTitle, Scope,
};

/// A company as another entity's summary names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyRef {
    /// Its name.
    pub name: String,
    /// Its kind, which supplies the German article and case ending.
    pub kind: CompanyKind,
    /// The article its name itself takes, if any; it then names the company instead of its
    /// kind.
    pub article: Option<NameArticle>,
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
    /// The chief executives it had before.
    pub former_ceos: Vec<String>,
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
    /// The partners (every party but a programme's organisers), in order.
    pub partners: Vec<CompanyRef>,
    /// The organisations that run it, for a programme.
    pub organisers: Vec<CompanyRef>,
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

/// What links two companies of a chain, as the chain's sentence says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HopFacts {
    /// The second company is the first's parent.
    Parent,
    /// The second company is the first's subsidiary.
    Subsidiary,
    /// Both are parties to an agreement.
    Agreement {
        /// Its kind.
        kind: AgreementKind,
        /// Its status.
        status: AgreementStatus,
        /// The year it was signed, else announced, if known.
        year: Option<u16>,
    },
    /// A person holds a role at both.
    Person {
        /// The person's name.
        name: String,
        /// Their title at the first company, and whether they still hold it.
        from: (RoleTitle, bool),
        /// Their title at the second, and whether they still hold it.
        to: (RoleTitle, bool),
    },
}

/// A chain from one company to another, as its sentence says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainFacts {
    /// The companies, the first to the last.
    pub companies: Vec<CompanyRef>,
    /// What links each company to the next (one fewer than the companies).
    pub hops: Vec<HopFacts>,
}
