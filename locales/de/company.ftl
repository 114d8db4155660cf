### Unternehmen: Beschriftungen, wie ein Unternehmen in anderen Sätzen genannt wird, und die
### Zusammenfassung eines Unternehmens.

## Unternehmensarten, als Beschriftung und im Fließtext (Nominativ Singular).
company-kind-conglomerate = Konzern
    .display = Konzern
company-kind-media-group = Mediengruppe
    .display = Mediengruppe
company-kind-film-studio = Filmgesellschaft
    .display = Filmgesellschaft
company-kind-entertainment-company = Unterhaltungsunternehmen
    .display = Unterhaltungsunternehmen
company-kind-streaming-service = Streamingdienst
    .display = Streamingdienst
company-kind-video-platform = Videoplattform
    .display = Videoplattform
company-kind-online-marketplace = Online-Marktplatz
    .display = Online-Marktplatz
company-kind-ecommerce-company = E-Commerce-Unternehmen
    .display = E-Commerce-Unternehmen
company-kind-sports-company = Sportunternehmen
    .display = Sportunternehmen
company-kind-media-service-provider = Mediendienstleister
    .display = Mediendienstleister
company-kind-government-agency = Behörde
    .display = Behörde
company-kind-research-firm = Marktforschungsunternehmen
    .display = Marktforschungsunternehmen
company-kind-data-provider = Datenanbieter
    .display = Datenanbieter

##

## Geschäftsfelder.
business-area-e-commerce = E-Commerce
    .display = E-Commerce
business-area-b2b-trade = B2B-Handel
    .display = B2B-Handel
business-area-logistics = Logistik
    .display = Logistik
business-area-cloud-storage = Cloudspeicher
    .display = Cloudspeicher
business-area-entertainment = Unterhaltung
    .display = Unterhaltung
business-area-content-production = Film- und Fernsehproduktion
    .display = Film- und Fernsehproduktion
business-area-family-content = familienfreundliche Inhalte
    .display = Familienfreundliche Inhalte
business-area-video-streaming = Video-Streaming
    .display = Video-Streaming
business-area-video-production = Bewegtbildproduktion
    .display = Bewegtbildproduktion
business-area-sports-media = Sportmedien
    .display = Sportmedien
business-area-ticketing = Ticketing
    .display = Ticketing
business-area-broadcasting-rights = Übertragungsrechte
    .display = Übertragungsrechte
business-area-rights-management = Rechtemanagement
    .display = Rechtemanagement
business-area-tourism-promotion = Tourismusförderung
    .display = Tourismusförderung
business-area-market-research = Marktforschung
    .display = Marktforschung
business-area-rankings = Ranglisten und Charts
    .display = Ranglisten und Charts

##

## Ereignisse und Marktstellungen.
event-kind-ipo = Börsengang
    .display = Börsengang
market-position-kind-most-subscribers = meiste Abonnenten
    .display = Meiste Abonnenten
market-position-kind-most-used = meistgenutzt
    .display = Meistgenutzt

##

## Andere Namen eines Unternehmens und die Systeme seiner Kennungen.
alias-kind-abbreviation = Abkürzung
    .display = Abkürzung
alias-kind-short-name = Kurzname
    .display = Kurzname
alias-kind-former-name = früherer Name
    .display = Früherer Name
alias-kind-trade-name = Handelsname
    .display = Handelsname
alias-kind-other-script = Name in anderer Schrift
    .display = Name in anderer Schrift
external-id-scheme-wikidata = Wikidata
    .display = Wikidata
external-id-scheme-website = Website
    .display = Website
external-id-scheme-lei = Rechtsträger-Kennung (LEI)
    .display = Rechtsträger-Kennung (LEI)
external-id-scheme-national-register = nationales Handelsregister
    .display = Nationales Handelsregister

##

# Das grammatische Geschlecht des Substantivs jeder Unternehmensart; es wählt Artikel,
# Adjektivendung und Pronomen in den Zusammenfassungen.
# Variables:
#   $kind (String) - die Unternehmensart, etwa CONGLOMERATE
company-kind-gender = { $kind ->
        [MEDIA_GROUP] feminine
        [FILM_STUDIO] feminine
        [VIDEO_PLATFORM] feminine
        [GOVERNMENT_AGENCY] feminine
        [ENTERTAINMENT_COMPANY] neuter
        [ECOMMERCE_COMPANY] neuter
        [SPORTS_COMPANY] neuter
        [RESEARCH_FIRM] neuter
       *[other] masculine
    }

## Ein Unternehmen in einem anderen Satz, über seine Art benannt, sodass kein Firmenname ein
## eigenes Geschlecht braucht: „des Konzerns Alibaba Group“; ein Name, der gewöhnlich einen
## Artikel trägt (name-article), mit diesem: „der Tourism Authority of Thailand“.
# Variables:
#   $name (String) - der Name des Unternehmens
#   $kind (String) - die Unternehmensart, etwa CONGLOMERATE
#   $article (String) - FEMININE, MASCULINE, NEUTER oder none
company-reference-nominative = { $article ->
        [FEMININE] die { $name }
        [MASCULINE] der { $name }
        [NEUTER] das { $name }
       *[none] { $kind ->
                [CONGLOMERATE] der Konzern
                [MEDIA_GROUP] die Mediengruppe
                [FILM_STUDIO] die Filmgesellschaft
                [ENTERTAINMENT_COMPANY] das Unterhaltungsunternehmen
                [STREAMING_SERVICE] der Streamingdienst
                [VIDEO_PLATFORM] die Videoplattform
                [ONLINE_MARKETPLACE] der Online-Marktplatz
                [ECOMMERCE_COMPANY] das E-Commerce-Unternehmen
                [SPORTS_COMPANY] das Sportunternehmen
                [MEDIA_SERVICE_PROVIDER] der Mediendienstleister
                [GOVERNMENT_AGENCY] die Behörde
                [RESEARCH_FIRM] das Marktforschungsunternehmen
               *[DATA_PROVIDER] der Datenanbieter
            } { $name }
    }
company-reference-genitive = { $article ->
        [FEMININE] der { $name }
        [MASCULINE] des { $name }
        [NEUTER] des { $name }
       *[none] { $kind ->
                [CONGLOMERATE] des Konzerns
                [MEDIA_GROUP] der Mediengruppe
                [FILM_STUDIO] der Filmgesellschaft
                [ENTERTAINMENT_COMPANY] des Unterhaltungsunternehmens
                [STREAMING_SERVICE] des Streamingdienstes
                [VIDEO_PLATFORM] der Videoplattform
                [ONLINE_MARKETPLACE] des Online-Marktplatzes
                [ECOMMERCE_COMPANY] des E-Commerce-Unternehmens
                [SPORTS_COMPANY] des Sportunternehmens
                [MEDIA_SERVICE_PROVIDER] des Mediendienstleisters
                [GOVERNMENT_AGENCY] der Behörde
                [RESEARCH_FIRM] des Marktforschungsunternehmens
               *[DATA_PROVIDER] des Datenanbieters
            } { $name }
    }
company-reference-accusative = { $article ->
        [FEMININE] die { $name }
        [MASCULINE] den { $name }
        [NEUTER] das { $name }
       *[none] { $kind ->
                [CONGLOMERATE] den Konzern
                [MEDIA_GROUP] die Mediengruppe
                [FILM_STUDIO] die Filmgesellschaft
                [ENTERTAINMENT_COMPANY] das Unterhaltungsunternehmen
                [STREAMING_SERVICE] den Streamingdienst
                [VIDEO_PLATFORM] die Videoplattform
                [ONLINE_MARKETPLACE] den Online-Marktplatz
                [ECOMMERCE_COMPANY] das E-Commerce-Unternehmen
                [SPORTS_COMPANY] das Sportunternehmen
                [MEDIA_SERVICE_PROVIDER] den Mediendienstleister
                [GOVERNMENT_AGENCY] die Behörde
                [RESEARCH_FIRM] das Marktforschungsunternehmen
               *[DATA_PROVIDER] den Datenanbieter
            } { $name }
    }

##

# „ein chinesischer Konzern“, „eine thailändische Mediengruppe“, „ein deutsches Unternehmen“:
# Artikel und Adjektivendung richten sich nach dem Geschlecht der Unternehmensart.
# Variables:
#   $kind-gender (String) - aus company-kind-gender
#   $kind-label (String) - die Beschriftung der Art, etwa „Konzern“
#   $country (String) - ISO-Ländercode oder „none“
company-indefinite = { $kind-gender ->
        [feminine] eine { $country ->
            [CN] chinesische { $kind-label }
            [TH] thailändische { $kind-label }
            [DE] deutsche { $kind-label }
            [US] US-amerikanische { $kind-label }
           *[none] { $kind-label }
        }
        [neuter] ein { $country ->
            [CN] chinesisches { $kind-label }
            [TH] thailändisches { $kind-label }
            [DE] deutsches { $kind-label }
            [US] US-amerikanisches { $kind-label }
           *[none] { $kind-label }
        }
       *[masculine] ein { $country ->
            [CN] chinesischer { $kind-label }
            [TH] thailändischer { $kind-label }
            [DE] deutscher { $kind-label }
            [US] US-amerikanischer { $kind-label }
           *[none] { $kind-label }
        }
    }

# Der erste Satz: was das Unternehmen ist, wo, seit wann, wem es gehört.
# Variables:
#   $name (String) - der Name des Unternehmens
#   $kind, $kind-label, $country, $kind-gender - wie bei company-indefinite; $gender aus company-gender
#   $has-headquarters (String) - yes oder no
#   $headquarters (String) - der Sitz
#   $founded (String) - das Gründungsdatum, formatiert
#   $founded-precision (String) - year, month, day oder none
#   $founders-dative (String) - die Namen der Gründer als Liste, ein gezählter Rest im Dativ
#   $founders-count (Number) - wie viele Gründer
#   $has-parent (String) - yes oder no
#   $parent (String) - die Muttergesellschaft, aus company-reference-genitive
company-summary-identity = { company-name-nominative-start } ist { company-indefinite }{ $has-headquarters ->
        [yes] {" "}mit Sitz in { $headquarters }
       *[no] {""}
    }{ $founded-precision ->
        [none] { $founders-count ->
            [0] {""}
           *[other] , gegründet von { $founders-dative }{ $has-parent ->
                [yes] ,
               *[no] {""}
            }
        }
       *[other] , gegründet { $founded-precision ->
            [day] am { $founded }
            [month] im { $founded }
           *[year] { $founded }
        }{ $founders-count ->
            [0] {""}
           *[other] {" "}von { $founders-dative }
        }{ $has-parent ->
            [yes] ,
           *[no] {""}
        }
    }{ $has-parent ->
        [yes] {" "}und eine Tochtergesellschaft { $parent }
       *[no] {""}
    }.

# Variables:
#   $ceos (String) - die Namen der Vorstandschefs als Liste
#   $ceos-count (Number) - wie viele
company-summary-ceos = { $ceos-count ->
        [one] CEO ist { $ceos }.
       *[other] CEOs sind { $ceos }.
    }

# Variables:
#   $former-ceos (String) - die Namen der früheren Vorstandschefs als Liste
#   $former-ceos-count (Number) - wie viele
company-summary-former-ceos = { $former-ceos-count ->
        [one] Zuvor war { $former-ceos } CEO.
       *[other] Zuvor waren { $former-ceos } CEOs.
    }

# Variables:
#   $gender (String) - aus company-gender: das des Namens, wenn er einen Artikel trägt, sonst das der Art
#   $subsidiaries (String) - die Namen der Tochtergesellschaften als Liste
#   $subsidiaries-named (String) - die genannten davon, wenn die Liste gekürzt ist
#   $subsidiaries-count (Number), $subsidiaries-count-text (String) - wie viele
#   $subsidiaries-rest (Number) - wie viele ungenannt bleiben
company-summary-subsidiaries = { $subsidiaries-count ->
        [one] { $subsidiaries } ist eine { $gender ->
            [feminine] ihrer
           *[other] seiner
        } Tochtergesellschaften.
       *[other] Zu { $gender ->
            [feminine] ihren
           *[other] seinen
        }{ $subsidiaries-rest ->
            [0] {""}
           *[other] {" "}{ $subsidiaries-count-text }
        } Tochtergesellschaften gehören { $subsidiaries-named }.
    }

# Variables:
#   $gender (String) - aus company-gender: das des Namens, wenn er einen Artikel trägt, sonst das der Art
#   $ipo (String) - das Datum des Börsengangs, formatiert
#   $ipo-precision (String) - year, month, day oder none
#   $ipo-record (String) - yes, wenn es der größte Börsengang der Geschichte war
company-summary-ipo = { $ipo-record ->
        [yes] { $gender ->
            [feminine] Ihr
           *[other] Sein
        } Börsengang{ $ipo-precision ->
            [none] {""}
            [day] {" "}am { $ipo }
            [month] {" "}im { $ipo }
           *[year] {" "}im Jahr { $ipo }
        } war der größte der Geschichte.
       *[no] { $ipo-precision ->
            [none] { $gender ->
                [feminine] Sie
                [neuter] Es
               *[masculine] Er
            } ist börsennotiert.
            [day] Am { $ipo } ging { company-pronoun } an die Börse.
            [month] Im { $ipo } ging { company-pronoun } an die Börse.
           *[year] { $ipo } ging { company-pronoun } an die Börse.
        }
    }

# Das Personalpronomen für das Unternehmen, klein geschrieben.
# Variables:
#   $gender (String) - aus company-gender: das des Namens, wenn er einen Artikel trägt, sonst das der Art
company-pronoun = { $gender ->
        [feminine] sie
        [neuter] es
       *[masculine] er
    }

# Wo eine Marktstellung gilt.
# Variables:
#   $market (String) - ISO-Ländercode oder „none“ für weltweit
company-market-locative = { $market ->
        [none] weltweit
        [CN] in China
        [TH] in Thailand
        [DE] in Deutschland
        [US] in den USA
       *[other] in { $market }
    }

# Variables:
#   $gender (String) - aus company-gender: das des Namens, wenn er einen Artikel trägt, sonst das der Art
#   $position (String) - MOST_SUBSCRIBERS oder MOST_USED
#   $market (String) - ISO-Ländercode oder „none“ für weltweit
#   $has-reporter (String) - yes oder no
#   $reporter (String) - wer sie meldet
#   $kind-label (String) - die Art des Unternehmens
company-summary-position = { $has-reporter ->
        [yes] Laut { $reporter } { $position ->
            [MOST_SUBSCRIBERS] hat { company-pronoun } { company-market-locative } die meisten Abonnenten.
           *[MOST_USED] gehört { company-pronoun } { company-market-locative } zu den meistgenutzten Diensten.
        }
       *[no] { $gender ->
            [feminine] Sie
            [neuter] Es
           *[masculine] Er
        } { $position ->
            [MOST_SUBSCRIBERS] hat { company-market-locative } die meisten Abonnenten.
           *[MOST_USED] gehört { company-market-locative } zu den meistgenutzten Diensten.
        }
    }

# Variables:
#   $gender (String) - aus company-gender: das des Namens, wenn er einen Artikel trägt, sonst das der Art
#   $rivals-named (String) - die Namen der genannten Konkurrenten als Liste
#   $rivals-count-text (String) - wie viele es sind, bis zwölf in Worten
#   $rivals-rest (Number) - wie viele ungenannt bleiben
company-summary-rivals = { $gender ->
        [feminine] Sie
        [neuter] Es
       *[masculine] Er
    } konkurriert mit { $rivals-rest ->
        [0] { $rivals-named }
       *[other] { $rivals-count-text } Wettbewerbern, darunter { $rivals-named }
    }.

# Dasselbe am Satzanfang, großgeschrieben: „Die Behörde Tourism Authority of Thailand“.
# Variables:
#   $name (String) - der Name des Unternehmens
#   $kind (String) - die Unternehmensart
company-reference-nominative-start = { $article ->
        [FEMININE] Die { $name }
        [MASCULINE] Der { $name }
        [NEUTER] Das { $name }
       *[none] { $kind ->
                [CONGLOMERATE] Der Konzern
                [MEDIA_GROUP] Die Mediengruppe
                [FILM_STUDIO] Die Filmgesellschaft
                [ENTERTAINMENT_COMPANY] Das Unterhaltungsunternehmen
                [STREAMING_SERVICE] Der Streamingdienst
                [VIDEO_PLATFORM] Die Videoplattform
                [ONLINE_MARKETPLACE] Der Online-Marktplatz
                [ECOMMERCE_COMPANY] Das E-Commerce-Unternehmen
                [SPORTS_COMPANY] Das Sportunternehmen
                [MEDIA_SERVICE_PROVIDER] Der Mediendienstleister
                [GOVERNMENT_AGENCY] Die Behörde
                [RESEARCH_FIRM] Das Marktforschungsunternehmen
               *[DATA_PROVIDER] Der Datenanbieter
            } { $name }
    }

## Ein Unternehmen allein mit seinem Namen, mit dem Artikel, den der Name trägt (name-article),
## falls einer: in Aufzählungen von Partnern („zwischen der Tourism Authority of Thailand und
## Youku“) und am Satzanfang.
# Variables:
#   $name (String) - der Name des Unternehmens
#   $article (String) - FEMININE, MASCULINE, NEUTER oder none
company-name-nominative = { $article ->
        [FEMININE] die { $name }
        [MASCULINE] der { $name }
        [NEUTER] das { $name }
       *[none] { $name }
    }
company-name-nominative-start = { $article ->
        [none] { $name }
       *[other] { company-name-own-article }
    }
company-name-accusative = { $article ->
        [FEMININE] die { $name }
        [MASCULINE] den { $name }
        [NEUTER] das { $name }
       *[none] { $name }
    }
company-name-dative = { $article ->
        [FEMININE] der { $name }
        [MASCULINE] dem { $name }
        [NEUTER] dem { $name }
       *[none] { $name }
    }

# Der Name mit seinem eigenen Artikel, großgeschrieben: „Der Spiegel“, „Die Tourism Authority of
# Thailand“ am Satzanfang.
# Variables:
#   $name (String) - der Name des Unternehmens
#   $article (String) - FEMININE, MASCULINE oder NEUTER
company-name-own-article = { $article ->
        [FEMININE] Die { $name }
        [MASCULINE] Der { $name }
       *[NEUTER] Das { $name }
    }

# Das grammatische Geschlecht, auf das sich Pronomen und Possessiva beziehen: das des Artikels
# des Namens, sonst das der Unternehmensart.
# Variables:
#   $article (String) - FEMININE, MASCULINE, NEUTER oder none
#   $kind (String) - die Unternehmensart
company-gender = { $article ->
        [FEMININE] feminine
        [MASCULINE] masculine
        [NEUTER] neuter
       *[none] { company-kind-gender }
    }
