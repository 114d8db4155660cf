//! The closed sets of values: one enum per vocabulary (company kinds, scopes, role titles, …),
//! declared with its database, seed and GraphQL spellings at once, the ids of the Fluent
//! messages that label their values, and the ISO 3166-1 country codes.

use crate::db::sql::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

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
            fn to_sql(&self) -> crate::db::sql::Result<ToSqlOutput<'_>> {
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

    /// What kind of other name a company goes by.
    AliasKind ("alias-kind") {
        /// An abbreviation or acronym of its name, such as "TAT" for the Tourism Authority of
        /// Thailand.
        Abbreviation = "ABBREVIATION",
        /// A shorter form of its name, such as "Alibaba" for the Alibaba Group.
        ShortName = "SHORT_NAME",
        /// A name it went by before.
        FormerName = "FORMER_NAME",
        /// A name it trades under that is not its own name, such as a brand.
        TradeName = "TRADE_NAME",
        /// Its name written in another script, such as Chinese characters or Thai script.
        OtherScript = "OTHER_SCRIPT",
    }

    /// A register or other scheme that identifies companies.
    ExternalIdScheme ("external-id-scheme") {
        /// Wikidata: an item id, `Q` and digits (`Q42`).
        Wikidata = "WIKIDATA",
        /// Its website: an `http://` or `https://` address.
        Website = "WEBSITE",
        /// The Legal Entity Identifier (ISO 17442): 20 capital letters and digits, the last
        /// two check digits.
        Lei = "LEI",
        /// A national register of companies: the register and the entry as the register
        /// writes them, such as `Amtsgericht München HRB 123456`.
        NationalRegister = "NATIONAL_REGISTER",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_spellings_round_trip() {
        for scope in Scope::ALL {
            assert_eq!(scope.as_str().parse::<Scope>().ok(), Some(*scope));
        }
        assert!("film_studio".parse::<CompanyKind>().is_err());
    }
}
