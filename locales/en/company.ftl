### Companies: labels of company vocabularies, how a company is named inside other sentences,
### and the company summary.

## Company kinds, as labels and in running text ("a Chinese conglomerate").
company-kind-conglomerate = conglomerate
    .display = Conglomerate
company-kind-media-group = media group
    .display = Media group
company-kind-film-studio = film studio
    .display = Film studio
company-kind-entertainment-company = entertainment company
    .display = Entertainment company
company-kind-streaming-service = streaming service
    .display = Streaming service
company-kind-video-platform = video platform
    .display = Video platform
company-kind-online-marketplace = online marketplace
    .display = Online marketplace
company-kind-ecommerce-company = e-commerce company
    .display = E-commerce company
company-kind-sports-company = sports company
    .display = Sports company
company-kind-media-service-provider = media service provider
    .display = Media service provider
company-kind-government-agency = government agency
    .display = Government agency
company-kind-research-firm = market research firm
    .display = Market research firm
company-kind-data-provider = data provider
    .display = Data provider

##

## Lines of business.
business-area-e-commerce = e-commerce
    .display = E-commerce
business-area-b2b-trade = B2B trade
    .display = B2B trade
business-area-logistics = logistics
    .display = Logistics
business-area-cloud-storage = cloud storage
    .display = Cloud storage
business-area-entertainment = entertainment
    .display = Entertainment
business-area-content-production = film and TV production
    .display = Film and TV production
business-area-family-content = family-friendly content
    .display = Family-friendly content
business-area-video-streaming = video streaming
    .display = Video streaming
business-area-video-production = video production
    .display = Video production
business-area-sports-media = sports media
    .display = Sports media
business-area-ticketing = ticketing
    .display = Ticketing
business-area-broadcasting-rights = broadcasting rights
    .display = Broadcasting rights
business-area-rights-management = rights management
    .display = Rights management
business-area-tourism-promotion = tourism promotion
    .display = Tourism promotion
business-area-market-research = market research
    .display = Market research
business-area-rankings = charts and rankings
    .display = Charts and rankings

##

## Events and market positions.
event-kind-ipo = IPO
    .display = IPO
market-position-kind-most-subscribers = most subscribers
    .display = Most subscribers
market-position-kind-most-used = among the most used
    .display = Among the most used

##

## Other names of a company, and the schemes of its identifiers.
alias-kind-abbreviation = abbreviation
    .display = Abbreviation
alias-kind-short-name = short name
    .display = Short name
alias-kind-former-name = former name
    .display = Former name
alias-kind-trade-name = trade name
    .display = Trade name
alias-kind-other-script = name in another script
    .display = Name in another script
external-id-scheme-wikidata = Wikidata
    .display = Wikidata
external-id-scheme-website = website
    .display = Website
external-id-scheme-lei = Legal Entity Identifier (LEI)
    .display = Legal Entity Identifier (LEI)
external-id-scheme-national-register = national company register
    .display = National company register

##

# English nouns have no grammatical gender; companies are "it".
# Variables:
#   $kind (String) - the company kind, such as CONGLOMERATE
company-kind-gender = neuter

## A company named inside another sentence. English needs no case forms.
# Variables:
#   $name (String) - the company's name
#   $kind (String) - the company kind, such as CONGLOMERATE
company-reference-nominative = { company-name-nominative }
company-reference-genitive = { company-name-nominative }
company-reference-accusative = { company-name-nominative }

##

# "a Chinese conglomerate", "an American streaming service", "an online marketplace".
# Variables:
#   $kind (String) - the company kind, such as ONLINE_MARKETPLACE
#   $kind-label (String) - the kind's label, such as "online marketplace"
#   $country (String) - ISO country code, or "none"
company-indefinite = { $country ->
        [CN] a Chinese { $kind-label }
        [TH] a Thai { $kind-label }
        [DE] a German { $kind-label }
        [US] an American { $kind-label }
       *[none] { $kind ->
            [ONLINE_MARKETPLACE] an { $kind-label }
            [ENTERTAINMENT_COMPANY] an { $kind-label }
            [ECOMMERCE_COMPANY] an { $kind-label }
           *[other] a { $kind-label }
        }
    }

# The first sentence: what the company is, where, since when, whose.
# Variables:
#   $name (String) - the company's name
#   $kind, $kind-label, $country - as for company-indefinite
#   $gender (String) - from company-gender
#   $has-headquarters (String) - yes or no
#   $headquarters (String) - the headquarters city
#   $founded (String) - the founding date, formatted
#   $founded-precision (String) - year, month, day or none
#   $founders (String) - the founders' names as a list
#   $founders-count (Number) - how many founders
#   $has-parent (String) - yes or no
#   $parent (String) - the parent company, from company-reference-genitive
company-summary-identity = { company-name-nominative-start } is { company-indefinite }{ $has-headquarters ->
        [yes] {" "}based in { $headquarters }
       *[no] {""}
    }{ $founded-precision ->
        [none] { $founders-count ->
            [0] {""}
           *[other] { $has-headquarters ->
                [yes] ,
               *[no] {""}
            } founded by { $founders }
        }
       *[other] { $has-headquarters ->
            [yes] ,
           *[no] {""}
        } founded { $founded-precision ->
            [day] on
           *[other] in
        } { $founded }{ $founded-precision ->
            [day] { $founders-count ->
                [0] { $has-parent ->
                    [yes] ,
                   *[no] {""}
                }
               *[other] ,
            }
           *[other] {""}
        }{ $founders-count ->
            [0] {""}
           *[other] {" "}by { $founders }
        }
    }{ $has-parent ->
        [yes] {" "}and a subsidiary of { $parent }
       *[no] {""}
    }.

# Variables:
#   $ceos (String) - the chief executives' names as a list
#   $ceos-count (Number) - how many
company-summary-ceos = { $ceos-count ->
        [one] Its CEO is { $ceos }.
       *[other] Its CEOs are { $ceos }.
    }

# Variables:
#   $former-ceos (String) - the names of its former chief executives as a list
#   $former-ceos-count (Number) - how many
company-summary-former-ceos = { $former-ceos-count ->
        [one] { $former-ceos } was previously its CEO.
       *[other] { $former-ceos } were previously its CEOs.
    }

# Variables:
#   $subsidiaries (String) - the subsidiaries' names as a list
#   $subsidiaries-named (String) - those of them named when the list is shortened
#   $subsidiaries-count (Number), $subsidiaries-count-text (String) - how many
#   $subsidiaries-rest (Number) - how many are not named
company-summary-subsidiaries = { $subsidiaries-count ->
        [one] { $subsidiaries } is one of its subsidiaries.
       *[other] Its{ $subsidiaries-rest ->
            [0] {""}
           *[other] {" "}{ $subsidiaries-count-text }
        } subsidiaries include { $subsidiaries-named }.
    }

# Variables:
#   $ipo (String) - the date of the IPO, formatted
#   $ipo-precision (String) - year, month, day or none
#   $ipo-record (String) - yes if it was the largest IPO in history
company-summary-ipo = { $ipo-record ->
        [yes] Its IPO{ $ipo-precision ->
            [none] {""}
            [day] {" "}on { $ipo },
           *[other] {" "}in { $ipo }
        } was the largest in history.
       *[no] { $ipo-precision ->
            [none] It is listed on the stock exchange.
            [day] It went public on { $ipo }.
           *[other] It went public in { $ipo }.
        }
    }

# Where a market position applies.
# Variables:
#   $market (String) - ISO country code, or "none" for worldwide
company-market-locative = { $market ->
        [none] worldwide
        [CN] in China
        [TH] in Thailand
        [DE] in Germany
        [US] in the United States
       *[other] in { $market }
    }

# Variables:
#   $position (String) - MOST_SUBSCRIBERS or MOST_USED
#   $market (String) - ISO country code, or "none" for worldwide
#   $has-reporter (String) - yes or no
#   $reporter (String) - who reports it
#   $kind-label (String) - the company's kind
company-summary-position = { $has-reporter ->
        [yes] According to { $reporter }, it
       *[no] It
    } { $position ->
        [MOST_SUBSCRIBERS] has the most subscribers of any { $kind-label } { company-market-locative }
       *[MOST_USED] is one of the most used services { company-market-locative }
    }.

# Variables:
#   $rivals-named (String) - the names of the rivals named, as a list
#   $rivals-count-text (String) - how many there are, in words up to twelve
#   $rivals-rest (Number) - how many are not named
company-summary-rivals = It competes with { $rivals-rest ->
        [0] { $rivals-named }
       *[other] { $rivals-count-text } companies, including { $rivals-named }
    }.

# The pronoun for the company, in lower case.
# Variables:
#   $gender (String) - from company-gender
company-pronoun = it

# The same at the start of a sentence.
# Variables:
#   $name (String) - the company's name
#   $kind (String) - the company kind
company-reference-nominative-start = { company-name-nominative-start }

## A company by its name alone, with "the" when its name takes an article (name-article): in
## lists of partners ("between the Tourism Authority of Thailand and Youku") and at the start of
## a sentence. A German name's own article is part of the name in English ("Der Spiegel"), never
## "the". English has no cases; the dative is the nominative.
# Variables:
#   $name (String) - the company's name
#   $article (String) - FEMININE, MASCULINE, NEUTER or none
#   $article-in-name (String) - yes when the article is part of the name in English
company-name-nominative = { $article-in-name ->
        [yes] { company-name-own-article }
       *[no] { $article ->
            [none] { $name }
           *[other] the { $name }
        }
    }
company-name-nominative-start = { $article-in-name ->
        [yes] { company-name-own-article }
       *[no] { $article ->
            [none] { $name }
           *[other] The { $name }
        }
    }

# A German name's own article, kept as part of the name: "Der Spiegel", "Die Zeit".
# Variables:
#   $name (String), $article (String) - as above
company-name-own-article = { $article ->
        [FEMININE] Die { $name }
        [MASCULINE] Der { $name }
       *[NEUTER] Das { $name }
    }
company-name-accusative = { company-name-nominative }
company-name-dative = { company-name-nominative }

# The gender pronouns refer to; English companies are "it".
# Variables:
#   $article (String), $kind (String) - as above
company-gender = { company-kind-gender }
