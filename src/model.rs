//! The domain vocabulary shared by storage, the seed loader and the API: every closed set of
//! values (company kinds, scopes, role titles, …), the `PartialDate` value type, and the
//! validated input texts ([`Slug`], [`CountryCode`], [`Name`]) that write functions take.
//!
//! Each vocabulary is one enum whose SCREAMING_SNAKE_CASE name is at once its GraphQL enum
//! value, its database text and its seed-file spelling, so the three can never disagree.

use std::fmt;
use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::error::{AppError, AppResult};

/// Declares a vocabulary enum with its database, seed and GraphQL spellings: each value's text
/// is written once and given to serde, async-graphql and strum (whose derives give the
/// enum's `Display`, `FromStr`, `&'static str` and list of values), plus the SQLite
/// conversions and the label ids this project adds.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $name:ident ($prefix:literal) { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, async_graphql::Enum, serde::Deserialize, serde::Serialize, strum::Display, strum::EnumString, strum::IntoStaticStr, strum::VariantArray)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] #[graphql(name = $text)] #[strum(serialize = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = <Self as strum::VariantArray>::VARIANTS;

            /// The SCREAMING_SNAKE_CASE name used in the API, the database and the seed files.
            pub fn as_str(self) -> &'static str {
                self.into()
            }

            /// The prefix of this vocabulary's label messages in `locales/*/*.ftl`.
            pub const LABEL_PREFIX: &'static str = $prefix;

            /// The id of the Fluent message that labels this value, such as
            /// `company-kind-film-studio`.
            pub fn label_id(self) -> String {
                label_id($prefix, self.as_str())
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                text.parse().map_err(|_| {
                    FromSqlError::Other(Box::new(UnknownValue {
                        vocabulary: stringify!($name),
                        value: text.to_owned(),
                    }))
                })
            }
        }
    };
}

/// Declares every vocabulary enum with [`vocabulary!`], and the `Vocabulary` enum that names
/// them (plus countries) for the `labels` query, so a new vocabulary is labelled everywhere.
macro_rules! vocabularies {
    ( $( $(#[$meta:meta])* $name:ident ($prefix:literal) $body:tt )+ ) => {
        $( vocabulary! { $(#[$meta])* $name ($prefix) $body } )+

        /// A closed set of values that has localised labels.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
        pub enum Vocabulary {
            $( #[doc = concat!("`", stringify!($name), "` values.")] $name, )+
            /// ISO 3166-1 alpha-2 codes of the countries the data mentions.
            Country,
        }

        impl Vocabulary {
            /// Every vocabulary, in declaration order, countries last.
            pub const ALL: &'static [Self] = &[$(Self::$name,)+ Self::Country];

            /// Each value of the vocabulary with the id of its label message; the country
            /// vocabulary holds `countries`.
            pub fn entries(self, countries: &[String]) -> Vec<(String, String)> {
                match self {
                    $( Self::$name => $name::ALL
                        .iter()
                        .map(|v| (v.as_str().to_owned(), v.label_id()))
                        .collect(), )+
                    Self::Country => countries
                        .iter()
                        .map(|c| (c.clone(), label_id(COUNTRY_LABEL_PREFIX, c)))
                        .collect(),
                }
            }
        }
    };
}

/// The id of the Fluent message labelling `value` (SCREAMING_SNAKE_CASE or an ISO code) in the
/// vocabulary whose messages start with `prefix`: `scope` + `FILM_TV_DISTRIBUTION` gives
/// `scope-film-tv-distribution`.
pub fn label_id(prefix: &str, value: &str) -> String {
    format!("{prefix}-{}", value.to_ascii_lowercase().replace('_', "-"))
}

/// The prefix of the country label messages, such as `country-cn`.
pub const COUNTRY_LABEL_PREFIX: &str = "country";

/// A text that names no value of a vocabulary.
#[derive(Debug, thiserror::Error)]
#[error("{value:?} is not a {vocabulary}")]
pub struct UnknownValue {
    /// The vocabulary's name, such as `CompanyKind`.
    pub vocabulary: &'static str,
    /// The text that matched none of its values.
    pub value: String,
}

vocabularies! {
    /// What kind of organisation a company is.
    CompanyKind ("company-kind") {
        /// A diversified group of businesses under one parent (German: Konzern).
        Conglomerate = "CONGLOMERATE",
        /// A group of media businesses (German: Medienkonzern, Mediengruppe).
        MediaGroup = "MEDIA_GROUP",
        /// A company that makes and distributes films.
        FilmStudio = "FILM_STUDIO",
        /// A company whose business is entertainment content across media.
        EntertainmentCompany = "ENTERTAINMENT_COMPANY",
        /// A subscription or on-demand video streaming service.
        StreamingService = "STREAMING_SERVICE",
        /// An online video platform.
        VideoPlatform = "VIDEO_PLATFORM",
        /// An online marketplace or online shop.
        OnlineMarketplace = "ONLINE_MARKETPLACE",
        /// A company that sells goods online and runs other internet businesses.
        EcommerceCompany = "ECOMMERCE_COMPANY",
        /// A company in the sports business, such as a sports platform.
        SportsCompany = "SPORTS_COMPANY",
        /// A service provider that produces video for others (German: Bewegtbild-Dienstleister).
        MediaServiceProvider = "MEDIA_SERVICE_PROVIDER",
        /// A public authority or government agency.
        GovernmentAgency = "GOVERNMENT_AGENCY",
        /// A market research firm.
        ResearchFirm = "RESEARCH_FIRM",
        /// A service that compiles and publishes data such as charts and rankings.
        DataProvider = "DATA_PROVIDER",
    }

    /// A line of business a company is active in.
    BusinessArea ("business-area") {
        /// Selling to consumers online.
        ECommerce = "E_COMMERCE",
        /// Business-to-business trade platforms.
        B2bTrade = "B2B_TRADE",
        /// Logistics.
        Logistics = "LOGISTICS",
        /// Cloud storage and computing.
        CloudStorage = "CLOUD_STORAGE",
        /// Entertainment.
        Entertainment = "ENTERTAINMENT",
        /// Producing film and television content.
        ContentProduction = "CONTENT_PRODUCTION",
        /// Family-friendly content.
        FamilyContent = "FAMILY_CONTENT",
        /// Running video streaming services.
        VideoStreaming = "VIDEO_STREAMING",
        /// Producing moving images (video) for clients, such as sports broadcasts.
        VideoProduction = "VIDEO_PRODUCTION",
        /// Sports media.
        SportsMedia = "SPORTS_MEDIA",
        /// Selling tickets.
        Ticketing = "TICKETING",
        /// Broadcasting rights.
        BroadcastingRights = "BROADCASTING_RIGHTS",
        /// Managing rights.
        RightsManagement = "RIGHTS_MANAGEMENT",
        /// Promoting tourism.
        TourismPromotion = "TOURISM_PROMOTION",
        /// Market research.
        MarketResearch = "MARKET_RESEARCH",
        /// Compiling charts and rankings.
        Rankings = "RANKINGS",
    }

    /// What a person is or was at a company.
    RoleTitle ("role-title") {
        /// Founded the company.
        Founder = "FOUNDER",
        /// Chief executive officer.
        Ceo = "CEO",
    }

    /// What kind of agreement binds the parties.
    AgreementKind ("agreement-kind") {
        /// A strategic partnership between companies.
        StrategicPartnership = "STRATEGIC_PARTNERSHIP",
        /// A cooperation contract (German: Kooperationsvertrag).
        CooperationAgreement = "COOPERATION_AGREEMENT",
        /// A programme under which an organisation works with several partners.
        Programme = "PROGRAMME",
    }

    /// How far an agreement has come.
    AgreementStatus ("agreement-status") {
        /// Announced; not yet reported as signed.
        Announced = "ANNOUNCED",
        /// Signed by the parties.
        Signed = "SIGNED",
        /// Under way.
        Active = "ACTIVE",
        /// Ended.
        Ended = "ENDED",
    }

    /// What a party is to an agreement.
    PartyRole ("party-role") {
        /// One of the partners.
        Partner = "PARTNER",
        /// The organisation that runs a programme and brings partners into it.
        Organiser = "ORGANISER",
    }

    /// A field an agreement covers.
    Scope ("scope") {
        /// Distributing film and television productions.
        FilmTvDistribution = "FILM_TV_DISTRIBUTION",
        /// Intellectual property.
        IntellectualProperty = "INTELLECTUAL_PROPERTY",
        /// Artificial intelligence.
        ArtificialIntelligence = "ARTIFICIAL_INTELLIGENCE",
        /// Virtual actors created with AI models.
        VirtualActors = "VIRTUAL_ACTORS",
        /// New joint franchises and productions.
        JointFranchises = "JOINT_FRANCHISES",
        /// Tourism.
        Tourism = "TOURISM",
        /// Cultural exchange.
        CulturalExchange = "CULTURAL_EXCHANGE",
        /// Organising sports events.
        SportsEventOrganisation = "SPORTS_EVENT_ORGANISATION",
        /// Producing sports events.
        SportsEventProduction = "SPORTS_EVENT_PRODUCTION",
        /// Marketing sports events.
        SportsEventMarketing = "SPORTS_EVENT_MARKETING",
        /// Motorsport.
        Motorsport = "MOTORSPORT",
        /// Equipping sports venues with digital video technology.
        VenueVideoTechnology = "VENUE_VIDEO_TECHNOLOGY",
        /// Marketing content in the media, including the partners' own media.
        MediaMarketing = "MEDIA_MARKETING",
        /// Fully automated live broadcasts.
        AutomatedLiveBroadcasting = "AUTOMATED_LIVE_BROADCASTING",
    }

    /// What happened to a company.
    EventKind ("event-kind") {
        /// An initial public offering: the company's shares were first listed.
        Ipo = "IPO",
    }

    /// A standing in a market that a source reports.
    MarketPositionKind ("market-position-kind") {
        /// The service with the most subscribers.
        MostSubscribers = "MOST_SUBSCRIBERS",
        /// Among the most used services.
        MostUsed = "MOST_USED",
    }
}

vocabulary! {
    /// The definite article a company's name takes in running text, as in "die Tourism
    /// Authority of Thailand" (German by its gender), for names that usually take one; most
    /// names take none. A fact of the name, not of the company's kind. Each language says it
    /// in its own way: English says "the" for the plain genders ("the Tourism Authority of
    /// Thailand") and keeps a German name's own article as part of the name ("Der Spiegel").
    NameArticle ("name-article") {
        /// German "die"; English "the".
        Feminine = "FEMININE",
        /// German "der"; English "the".
        Masculine = "MASCULINE",
        /// German "das"; English "the".
        Neuter = "NEUTER",
        /// German "die", declined; other languages keep "Die" as part of the name ("Die Zeit").
        FeminineInName = "FEMININE_IN_NAME",
        /// German "der", declined; other languages keep "Der" as part of the name ("Der
        /// Spiegel").
        MasculineInName = "MASCULINE_IN_NAME",
        /// German "das", declined; other languages keep "Das" as part of the name ("Das
        /// Erste").
        NeuterInName = "NEUTER_IN_NAME",
    }
}

impl NameArticle {
    /// The grammatical gender of the article: `FEMININE`, `MASCULINE` or `NEUTER`.
    pub fn gender(self) -> &'static str {
        match self {
            Self::Feminine | Self::FeminineInName => "FEMININE",
            Self::Masculine | Self::MasculineInName => "MASCULINE",
            Self::Neuter | Self::NeuterInName => "NEUTER",
        }
    }

    /// Whether languages without the article's grammar keep it as part of the name.
    pub fn in_name(self) -> bool {
        matches!(
            self,
            Self::FeminineInName | Self::MasculineInName | Self::NeuterInName
        )
    }
}

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, 1 to 9999.
    pub year: u16,
    /// The month, 1 to 12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// A text that is not an ISO 8601 date at year, month or day precision.
#[derive(Debug, thiserror::Error)]
#[error("{0:?} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct BadDate(pub String);

impl FromStr for PartialDate {
    type Err = BadDate;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadDate(s.to_owned());
        let number = |part: &str, len: usize| -> Result<u16, BadDate> {
            if part.len() != len || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            part.parse().map_err(|_| bad())
        };
        let mut parts = s.split('-');
        let year = number(parts.next().ok_or_else(bad)?, 4)?;
        let month = parts.next().map(|p| number(p, 2)).transpose()?;
        let day = parts.next().map(|p| number(p, 2)).transpose()?;
        if parts.next().is_some() || year == 0 {
            return Err(bad());
        }
        let month = match month {
            Some(m @ 1..=12) => Some(m as u8),
            Some(_) => return Err(bad()),
            None => None,
        };
        let day = match (month, day) {
            (Some(m), Some(d)) if d >= 1 && d <= u16::from(days_in_month(year, m)) => Some(d as u8),
            (_, Some(_)) => return Err(bad()),
            (_, None) => None,
        };
        Ok(Self { year, month, day })
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl ToSql for PartialDate {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for PartialDate {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

/// An ISO 8601 calendar date at the precision known: a year (`"2015"`), a month (`"2015-09"`) or
/// a day (`"2023-11-22"`). Dates of different precision compare by their text, so `"2015"` sorts
/// before `"2015-09"`.
#[Scalar(name = "PartialDate")]
impl ScalarType for PartialDate {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => s
                .parse()
                .map_err(|e: BadDate| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(s) if s.parse::<PartialDate>().is_ok())
    }

    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

/// Every ISO 3166-1 alpha-2 code assigned to a country or territory (249), in order, so that
/// a code that looks right but names nothing (`XX`, `UK`) is refused.
pub const COUNTRY_CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether a text is an assigned ISO 3166-1 alpha-2 country code in its canonical upper-case
/// form.
pub fn is_country_code(code: &str) -> bool {
    COUNTRY_CODES.binary_search(&code).is_ok()
}

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

/// Folds a name for ordering and matching: lower case, German umlauts and ß spelled out, other
/// accents dropped, so "Müller", "Mueller" and "MUELLER" sort and match alike.
pub fn fold(text: &str) -> String {
    // Most names and nearly every word of a summary are plain ASCII: lower-casing them is a
    // byte copy, which the search index's build does for every word of every document.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => out.push('a'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ñ' | 'ń' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ū' | 'ů' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'š' | 'ś' => out.push('s'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            other => out.push(other),
        }
    }
    out
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

// ---------------------------------------------------------------------------------------------
// Validated input: texts that obey the data's rules by construction, so every write function
// (the seed loader, mutations, imports) checks them the same way, once, when the input arrives.
// ---------------------------------------------------------------------------------------------

/// Implements `as_str`, `Display`, `AsRef<str>` and `ToSql` for a validated text newtype.
macro_rules! validated_text {
    ($name:ident) => {
        impl $name {
            /// The checked text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0.as_str()))
            }
        }

        /// Read back as stored: every write checked it on the way in.
        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    };
}

/// A stable human-readable key: 1 to [`Slug::MAX_LEN`] lower-case ASCII letters and digits,
/// words joined by single hyphens (`alibaba-pictures`, `formel-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

impl Slug {
    /// The longest slug, in characters (all ASCII, so also in bytes).
    pub const MAX_LEN: usize = 100;

    /// Checks `text` as the value of the input field `field`, which a refusal names.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        if text.len() > Self::MAX_LEN {
            return Err(AppError::bad_input(
                field,
                format!("a slug has at most {} characters", Self::MAX_LEN),
            ));
        }
        // Splitting on '-' finds leading, trailing and doubled hyphens as empty words.
        let ok = text.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !ok {
            return Err(AppError::bad_input(
                field,
                format!(
                    "{text:?} is not a slug: use lower-case ASCII letters and digits, \
                     words joined by single hyphens"
                ),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The slug a name gives when none is chosen: folded (umlauts and ß spelled out, accents
    /// dropped), every run of other characters a single hyphen, cut at [`Self::MAX_LEN`] on a
    /// word boundary. `field` is named when the name has no letter or digit to make one of.
    pub fn from_name(name: &str, field: &'static str) -> AppResult<Self> {
        let mut slug = String::with_capacity(name.len());
        for c in fold(name).chars() {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                slug.push(c);
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        if slug.len() > Self::MAX_LEN {
            slug.truncate(Self::MAX_LEN);
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() {
            return Err(AppError::bad_input(
                field,
                "the name has no letter or digit to make a slug of; give a `slug`",
            ));
        }
        Self::parse(slug, field)
    }
}

validated_text!(Slug);

/// An assigned ISO 3166-1 alpha-2 country code in its canonical upper-case form (`DE`, `CN`);
/// see [`is_country_code`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(String);

impl CountryCode {
    /// Checks `text` as the value of the input field `field`, which a refusal names.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        if !is_country_code(text) {
            // Long input is not echoed: the reason should stay a line.
            let shown: String = text.chars().take(20).collect();
            return Err(AppError::bad_input(
                field,
                format!("{shown:?} is not an ISO 3166-1 alpha-2 country code"),
            ));
        }
        Ok(Self(text.to_owned()))
    }
}

validated_text!(CountryCode);

/// A name as people write it: without surrounding white space, not empty, at most
/// [`Name::MAX_CHARS`] characters and without control characters (so no line breaks).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Name(String);

impl Name {
    /// The longest name, in characters (Unicode scalar values).
    pub const MAX_CHARS: usize = 200;

    /// Checks `text` as the value of the input field `field`, which a refusal names. Surrounding
    /// white space is dropped rather than refused: it carries no meaning and is easily typed.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::bad_input(field, "must not be empty"));
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(AppError::bad_input(
                field,
                format!("a name has at most {} characters", Self::MAX_CHARS),
            ));
        }
        if let Some(c) = text.chars().find(|c| c.is_control()) {
            return Err(AppError::bad_input(
                field,
                format!("must not contain the control character {c:?}"),
            ));
        }
        Ok(Self(text.to_owned()))
    }

    /// The name folded for ordering and matching (see [`fold`]): what `sort_name` holds.
    pub fn folded(&self) -> String {
        fold(&self.0)
    }
}

validated_text!(Name);

/// The longest quotation, headline or other running text, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// Checks running text (a quotation, a headline) as the input field `field`: not empty nor
/// only white space, at most [`MAX_TEXT_CHARS`] characters, no control characters other than
/// line breaks.
pub fn check_text(text: &str, field: &'static str) -> AppResult<()> {
    if text.trim().is_empty() {
        return Err(AppError::bad_input(field, "must not be empty"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::bad_input(
            field,
            format!("has at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::bad_input(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Checks a BCP 47 language tag as the input field `field`, as ICU4X parses it: a language of
/// two or three letters (ISO 639), optionally a script and a region (`de`, `en-GB`,
/// `zh-Hant-TW`, `es-419`), written in its canonical case, as it is stored and compared.
pub fn check_language(tag: &str, field: &'static str) -> AppResult<()> {
    let shown: String = tag.chars().take(20).collect();
    let parsed = icu_locale::LanguageIdentifier::try_from_str(tag)
        .ok()
        .filter(|id| (2..=3).contains(&id.language.as_str().len()));
    let Some(parsed) = parsed else {
        return Err(AppError::bad_input(
            field,
            format!("{shown:?} is not a language tag such as \"de\" or \"en-GB\""),
        ));
    };
    let canonical = parsed.to_string();
    if canonical != tag {
        return Err(AppError::bad_input(
            field,
            format!("{shown:?} is written {canonical:?}"),
        ));
    }
    Ok(())
}

/// Checks a web address as the input field `field`, as the `url` crate parses it (the WHATWG
/// URL standard): `http://` or `https://` with a host, no white space or control characters
/// and no further slash before the host (which the standard would silently drop), at most
/// [`MAX_TEXT_CHARS`] characters. The address is kept as written.
pub fn check_url(url: &str, field: &'static str) -> AppResult<()> {
    let ok = url.len() <= MAX_TEXT_CHARS
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
        && url
            .split_once("://")
            .is_some_and(|(_, rest)| !rest.starts_with(['/', '\\']))
        && url::Url::parse(url).is_ok_and(|parsed| {
            matches!(parsed.scheme(), "http" | "https")
                && parsed.host_str().is_some_and(|host| !host.is_empty())
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::bad_input(
            field,
            "is not an http:// or https:// address",
        ))
    }
}

/// A moment in time given to the API, such as the bounds of the history filter: an RFC 3339
/// date and time with its offset (`2026-12-07T14:00:00Z`, `2026-12-07T14:00:00+01:00`), or a
/// date alone, meaning its first instant in UTC. Held in UTC, so two instants written with
/// different offsets compare as the moments they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(jiff::Timestamp);

impl Instant {
    /// Parses `text` as the input field `field`.
    pub fn parse(text: &str, field: &'static str) -> AppResult<Self> {
        let timestamp = text
            .parse::<jiff::Timestamp>()
            .ok()
            .or_else(|| {
                // jiff reads the date of a date and time too; a time without an offset is no
                // instant, so only a date alone is taken here.
                if text.contains(['T', 't', ' ']) {
                    return None;
                }
                let date = text.parse::<jiff::civil::Date>().ok()?;
                jiff::tz::Offset::UTC.to_timestamp(date.into()).ok()
            })
            .filter(|t| jiff::tz::Offset::UTC.to_datetime(*t).year() >= 1);
        let Some(timestamp) = timestamp else {
            let shown: String = text.chars().take(40).collect();
            return Err(AppError::bad_input(
                field,
                format!(
                    "{shown:?} is not an RFC 3339 date and time with an offset, such as \
                     \"2026-12-07T14:00:00Z\" or \"2026-12-07T15:00:00+01:00\", nor a date such \
                     as \"2026-12-07\""
                ),
            ));
        };
        Ok(Self(timestamp))
    }

    /// The instant as the history stores its times (`2026-12-07T13:00:00.000Z`: UTC, to the
    /// millisecond, fixed width), so that comparing the texts compares the instants. A finer
    /// instant is rounded up to the next millisecond: a stored time is at or after it, or before
    /// it, exactly when it is at or after, or before, the rounded one.
    pub fn stored(self) -> String {
        let rounded = self
            .0
            .round(
                jiff::TimestampRound::new()
                    .smallest(jiff::Unit::Millisecond)
                    .mode(jiff::RoundMode::Ceil),
            )
            .unwrap_or(self.0);
        let t = jiff::tz::Offset::UTC.to_datetime(rounded);
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            t.subsec_nanosecond() / 1_000_000
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_parsed_as_bcp_47_and_kept_in_canonical_case() {
        for good in ["de", "en", "de-AT", "en-GB", "zh-Hant-TW", "es-419", "gsw"] {
            assert!(
                check_language(good, "language").is_ok(),
                "{good} was refused"
            );
        }
        for bad in [
            "",
            "German",
            "d",
            "de_AT",
            "de-",
            "en-gb",
            "EN",
            "de-AT-",
            "x-private",
        ] {
            assert!(
                check_language(bad, "language").is_err(),
                "{bad} was accepted"
            );
        }
    }

    #[test]
    fn urls_are_http_or_https_with_a_host() {
        for good in [
            "https://example.org",
            "http://example.org/wige?x=1#top",
            "https://www.dwdl.de/nachrichten/1/",
            "https://xn--mller-kva.de/",
        ] {
            assert!(check_url(good, "url").is_ok(), "{good} was refused");
        }
        for bad in [
            "ftp://x",
            "https://",
            "https:///path",
            "http://exa mple.org",
            "https://example.org/\n",
            "example.org",
            "javascript:alert(1)",
            "https://[::1",
        ] {
            assert!(check_url(bad, "url").is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn instants_are_held_in_utc_and_stored_as_the_history_writes_them() {
        let stored = |text: &str| Instant::parse(text, "since").map(Instant::stored).ok();
        assert_eq!(
            stored("2026-12-07T14:00:00+01:00").as_deref(),
            Some("2026-12-07T13:00:00.000Z")
        );
        assert_eq!(
            stored("2026-12-07T13:00:00Z").as_deref(),
            Some("2026-12-07T13:00:00.000Z")
        );
        assert_eq!(
            stored("2026-12-07").as_deref(),
            Some("2026-12-07T00:00:00.000Z")
        );
        // Finer than a millisecond: rounded up, so that `at >= since` keeps its meaning.
        assert_eq!(
            stored("2026-12-07T13:00:00.0005Z").as_deref(),
            Some("2026-12-07T13:00:00.001Z")
        );
        assert_eq!(
            stored("2026-12-31T23:59:59.9999Z").as_deref(),
            Some("2027-01-01T00:00:00.000Z")
        );
        for bad in [
            "",
            "yesterday",
            "2026-12-07T14:00:00",
            "2026-13-01",
            "2026-02-30T00:00:00Z",
            "14:00",
        ] {
            assert!(
                Instant::parse(bad, "since").is_err(),
                "{bad:?} was accepted"
            );
        }
    }

    #[test]
    fn partial_dates_round_trip_at_every_precision() {
        for text in ["2015", "2015-09", "2023-11-22", "2024-02-29"] {
            let date: PartialDate = text.parse().expect(text);
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn malformed_or_impossible_dates_are_refused() {
        for text in [
            "",
            "15",
            "2015-9",
            "2015-13",
            "2015-00",
            "2023-02-29",
            "2023-04-31",
            "0000",
            "2015-09-01-01",
            "2015/09",
            "20155",
            "2015-09-1",
            "+015",
        ] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn folding_spells_out_german_letters_and_drops_accents() {
        assert_eq!(fold("Müller"), "mueller");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Café"), "cafe");
        assert_eq!(fold("T&B Media Global"), "t&b media global");
    }

    #[test]
    fn entity_kinds_round_trip_their_names() {
        for kind in EntityKind::ALL {
            assert_eq!(EntityKind::from_type_name(kind.type_name()), Some(kind));
            assert_eq!(EntityKind::from_str_opt(kind.as_str()), Some(kind));
        }
    }

    #[test]
    fn vocabulary_spellings_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>().ok(), Some(*scope));
        }
        assert!("film_studio".parse::<CompanyKind>().is_err());
    }
    #[test]
    fn slugs_are_derived_from_names() {
        let slug = |name: &str| Slug::from_name(name, "name").map(|s| s.as_str().to_owned());
        assert_eq!(
            slug("Straßen Müller GmbH & Co. KG").ok().as_deref(),
            Some("strassen-mueller-gmbh-co-kg")
        );
        assert_eq!(
            slug("  Öl – Ägypten 3sat ").ok().as_deref(),
            Some("oel-aegypten-3sat")
        );
        assert_eq!(
            slug(&"Ab ".repeat(60))
                .map(|s| s.len() <= Slug::MAX_LEN && !s.ends_with('-'))
                .ok(),
            Some(true)
        );
        assert!(slug("!!!").is_err());
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_single_hyphens() {
        for text in [
            "a",
            "alibaba-pictures",
            "formel-1",
            "3sat",
            "a".repeat(Slug::MAX_LEN).as_str(),
        ] {
            let slug = Slug::parse(text, "slug").expect(text);
            assert_eq!(slug.as_str(), text);
            assert_eq!(slug.to_string(), text);
        }
        for text in [
            "",
            "-a",
            "a-",
            "a--b",
            "Not A Slug",
            "Alibaba",
            "a_b",
            "a b",
            "müller",
            "a".repeat(Slug::MAX_LEN + 1).as_str(),
        ] {
            match Slug::parse(text, "slug") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "slug"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn country_codes_are_assigned_iso_codes_in_upper_case() {
        let code = CountryCode::parse("DE", "country").expect("DE");
        assert_eq!(code.as_str(), "DE");
        assert_eq!(code.to_string(), "DE");
        assert!(COUNTRY_CODES.windows(2).all(|w| w[0] < w[1]), "sorted");
        for text in ["", "de", "D", "DEU", "Germany", "D1", "ÄÖ", "XX", "UK"] {
            match CountryCode::parse(text, "markets") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "markets"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn names_are_trimmed_non_empty_short_and_free_of_control_characters() {
        let name = Name::parse("  Müller Straße ", "name").expect("a name");
        assert_eq!(name.as_str(), "Müller Straße");
        assert_eq!(name.to_string(), "Müller Straße");
        assert_eq!(name.folded(), "mueller strasse");
        let longest = "ä".repeat(Name::MAX_CHARS);
        assert_eq!(
            Name::parse(&longest, "name").expect("longest").as_str(),
            longest
        );
        for text in [
            "",
            "   ",
            "two\nlines",
            "tab\there",
            "nul\0",
            "ä".repeat(Name::MAX_CHARS + 1).as_str(),
        ] {
            match Name::parse(text, "name") {
                Err(AppError::BadInput { argument, .. }) => assert_eq!(argument, "name"),
                other => panic!("{text:?} gave {other:?}"),
            }
        }
    }
}
