### Vereinbarungen: Beschriftungen, Titel und die Zusammenfassung einer Vereinbarung.

## Arten von Vereinbarungen, als Beschriftung und im Fließtext.
agreement-kind-strategic-partnership = strategische Partnerschaft
    .display = Strategische Partnerschaft
agreement-kind-cooperation-agreement = Kooperationsvertrag
    .display = Kooperationsvertrag
agreement-kind-programme = Programm
    .display = Programm

##

## Stand einer Vereinbarung.
agreement-status-announced = angekündigt
    .display = Angekündigt
agreement-status-signed = unterzeichnet
    .display = Unterzeichnet
agreement-status-active = laufend
    .display = Laufend
agreement-status-ended = beendet
    .display = Beendet

##

## Rolle einer Partei.
party-role-partner = Partner
    .display = Partner
party-role-organiser = Träger
    .display = Träger

##

## Bereiche, im Fließtext („in den Bereichen Film- und Fernsehvertrieb und geistiges Eigentum“).
scope-film-tv-distribution = Film- und Fernsehvertrieb
    .display = Film- und Fernsehvertrieb
scope-intellectual-property = geistiges Eigentum
    .display = Geistiges Eigentum
scope-artificial-intelligence = künstliche Intelligenz
    .display = Künstliche Intelligenz
scope-virtual-actors = virtuelle Schauspieler
    .display = Virtuelle Schauspieler
scope-joint-franchises = neue gemeinsame Franchises
    .display = Neue gemeinsame Franchises
scope-tourism = Tourismus
    .display = Tourismus
scope-cultural-exchange = kultureller Austausch
    .display = Kultureller Austausch
scope-sports-event-organisation = Veranstaltung von Sportevents
    .display = Veranstaltung von Sportevents
scope-sports-event-production = Produktion von Sportevents
    .display = Produktion von Sportevents
scope-sports-event-marketing = Vermarktung von Sportevents
    .display = Vermarktung von Sportevents
scope-motorsport = Motorsport
    .display = Motorsport
scope-venue-video-technology = Ausstattung von Sportstätten mit digitaler Videotechnik
    .display = Ausstattung von Sportstätten mit digitaler Videotechnik
scope-media-marketing = mediale Vermarktung von Inhalten
    .display = Mediale Vermarktung von Inhalten
scope-automated-live-broadcasting = vollautomatisierte Live-Übertragungen
    .display = Vollautomatisierte Live-Übertragungen

##

## Bereiche mit gemeinsamem Kopf werden in Listen zusammengezogen: „Veranstaltung, Produktion und
## Vermarktung von Sportevents“ statt „Veranstaltung von Sportevents, Produktion von Sportevents
## und Vermarktung von Sportevents“. Ein solcher Bereich nennt seinen Kopf (`-head`, den Schlüssel
## einer scope-head-Nachricht) und seinen eigenen Teil (`-part`); die Nachricht des Kopfes setzt
## die Teile als Liste an ihre Stelle.
scope-sports-event-organisation-head = sports-events
scope-sports-event-organisation-part = Veranstaltung
scope-sports-event-production-head = sports-events
scope-sports-event-production-part = Produktion
scope-sports-event-marketing-head = sports-events
scope-sports-event-marketing-part = Vermarktung

# Variables:
#   $parts (String) - die Teile der Bereiche als Liste
scope-head-sports-events = { $parts } von Sportevents

##

# Wen eine Vereinbarung bindet, nach ihrem Substantiv: „zwischen A und B“, „der Behörde X mit A“.
# Variables:
#   $partners (String) - die Namen der Partner als Liste
#   $partners-count (Number) - wie viele Partner
#   $has-organiser (String) - yes oder no
#   $organiser-genitive (String) - der Träger, aus company-reference-genitive
agreement-partners-clause = { $has-organiser ->
        [yes] {" "}{ $organiser-genitive }{ $partners-count ->
            [0] {""}
           *[other] {" "}mit { $partners-dative }
        }
       *[no] { $partners-count ->
            [0] {""}
            [one] {" "}von { $partners-dative }
           *[other] {" "}zwischen { $partners-dative }
        }
    }

# Variables:
#   $kind (String) - die Art der Vereinbarung, etwa STRATEGIC_PARTNERSHIP
#   sowie die von agreement-partners-clause
agreement-title = { $kind ->
        [STRATEGIC_PARTNERSHIP] Strategische Partnerschaft
        [COOPERATION_AGREEMENT] Kooperationsvertrag
       *[PROGRAMME] Programm
    }{ agreement-partners-clause }

# Eine Vereinbarung im Fließtext (Nominativ): „die strategische Partnerschaft zwischen A und B“.
# Variables: wie bei agreement-title
agreement-reference = { $kind ->
        [STRATEGIC_PARTNERSHIP] die strategische Partnerschaft
        [COOPERATION_AGREEMENT] der Kooperationsvertrag
       *[PROGRAMME] das Programm
    }{ agreement-partners-clause }

# Das finite Verb des Hauptsatzes: mit Datum im Präteritum („Im November 2023 vereinbarten …“),
# ohne Datum im Perfekt („… haben … vereinbart“); es richtet sich in der Zahl nach dem Subjekt.
# Variables:
#   $kind (String), $status (String) - Art und Stand der Vereinbarung
#   $date-precision (String) - year, month, day oder none
#   $subject-count (Number) - wie viele das Subjekt nennt: die Träger eines Programms, sonst die
#   Partner (0, wenn es „die Parteien“ heißt)
agreement-verb = { $kind ->
        [PROGRAMME] { $date-precision ->
            [none] { $status ->
                [ENDED] { $subject-count ->
                    [one] betrieb
                   *[other] betrieben
                }
                [ACTIVE] { $subject-count ->
                    [one] betreibt
                   *[other] betreiben
                }
               *[other] { agreement-verb-have }
            }
           *[other] { $status ->
                [ANNOUNCED] { $subject-count ->
                    [one] kündigte
                   *[other] kündigten
                }
                [SIGNED] { $subject-count ->
                    [one] unterzeichnete
                   *[other] unterzeichneten
                }
                [ENDED] { $subject-count ->
                    [one] beendete
                   *[other] beendeten
                }
               *[ACTIVE] { $subject-count ->
                    [one] startete
                   *[other] starteten
                }
            }
        }
       *[other] { $date-precision ->
            [none] { $status ->
                [ACTIVE] { $subject-count ->
                    [one] ist
                   *[other] sind
                }
               *[other] { agreement-verb-have }
            }
           *[other] { $status ->
                [ANNOUNCED] { $subject-count ->
                    [one] vereinbarte
                   *[other] vereinbarten
                }
                [SIGNED] { $subject-count ->
                    [one] unterzeichnete
                   *[other] unterzeichneten
                }
                [ENDED] { $subject-count ->
                    [one] beendete
                   *[other] beendeten
                }
               *[ACTIVE] { $subject-count ->
                    [one] ging
                   *[other] gingen
                }
            }
        }
    }

# „hat“ oder „haben“, nach der Zahl des Subjekts.
# Variables: wie bei agreement-verb
agreement-verb-have = { $subject-count ->
        [one] hat
       *[other] haben
    }

# Was vom Verb ans Satzende rückt: Partizip oder abgetrennte Vorsilbe, mit Leerzeichen davor.
# Variables: wie bei agreement-verb
agreement-verb-particle = { $kind ->
        [PROGRAMME] { $date-precision ->
            [none] { $status ->
                [ANNOUNCED] {" "}angekündigt
                [SIGNED] {" "}unterzeichnet
               *[other] {""}
            }
           *[other] { $status ->
                [ANNOUNCED] {" "}an
               *[other] {""}
            }
        }
       *[other] { $date-precision ->
            [none] { $status ->
                [ANNOUNCED] {" "}vereinbart
                [SIGNED] {" "}unterzeichnet
                [ENDED] {" "}beendet
               *[ACTIVE] {" "}eingegangen
            }
           *[other] { $status ->
                [ACTIVE] {" "}ein
               *[other] {""}
            }
        }
    }

# „mit acht chinesischen Unternehmen“, „mit 13 Partnern“, „mit A und B“ (nur wenn der Träger das
# Subjekt ist: Partner, die das Subjekt sind, werden nicht noch einmal genannt).
# Variables:
#   $partner-count (Number oder „none“) - wie viele Partner die Quellen nennen
#   $partner-count-text (String) - diese Zahl, bis zwölf in Worten (number-text)
#   $has-organiser (String) - yes oder no
#   $partner-country (String) - ISO-Code des Landes der Partner oder „none“
#   $partners, $partners-count - die genannten Partner
agreement-programme-partners = { $partner-count ->
        [none] { $has-organiser ->
            [yes] { $partners-count ->
                [0] {""}
               *[other] {" "}mit { $partners-dative }
            }
           *[no] {""}
        }
       *[other] {" "}mit { $partner-country ->
            [CN] { $partner-count ->
                [one] einem chinesischen Unternehmen
               *[other] { $partner-count-text } chinesischen Unternehmen
            }
            [TH] { $partner-count ->
                [one] einem thailändischen Unternehmen
               *[other] { $partner-count-text } thailändischen Unternehmen
            }
            [DE] { $partner-count ->
                [one] einem deutschen Unternehmen
               *[other] { $partner-count-text } deutschen Unternehmen
            }
            [US] { $partner-count ->
                [one] einem US-amerikanischen Unternehmen
               *[other] { $partner-count-text } US-amerikanischen Unternehmen
            }
           *[none] { $partner-count ->
                [one] einem Partner
               *[other] { $partner-count-text } Partnern
            }
        }
    }

# Das Objekt im Akkusativ: „eine mehrstufige strategische Partnerschaft“, „einen Kooperationsvertrag“.
# Variables:
#   $kind (String) - die Art der Vereinbarung
#   $multi-stage (String) - yes oder no
agreement-object = { $kind ->
        [STRATEGIC_PARTNERSHIP] eine { $multi-stage ->
            [yes] mehrstufige strategische Partnerschaft
           *[no] strategische Partnerschaft
        }
        [COOPERATION_AGREEMENT] einen { $multi-stage ->
            [yes] mehrstufigen Kooperationsvertrag
           *[no] Kooperationsvertrag
        }
       *[PROGRAMME] ein { $multi-stage ->
            [yes] mehrstufiges Programm
           *[no] Programm
        }
    }

# Der Hauptsatz: wer was wann vereinbart hat, in welchen Bereichen, für welche Märkte.
# Variables:
#   $kind, $status, $date, $date-precision, $partners, $partners-count, $has-organiser,
#   $organiser, $organiser-start, $partner-count, $partner-count-text, $partner-country - wie oben;
#   $organiser-start ist der Träger aus company-reference-nominative-start
#   $multi-stage (String) - yes oder no
#   $scopes (String), $scopes-count (Number) - die Bereiche als Liste
#   $scopes-named (String), $scopes-count-text (String), $scopes-rest (Number) - die genannten
#   Bereiche, wie viele es in Worten sind und wie viele ungenannt bleiben
#   $markets (String), $markets-count (Number) - die Märkte als Liste
agreement-summary-main = { $date-precision ->
        [none] { agreement-subject-start } { agreement-verb } { agreement-object }
        [day] Am { $date } { agreement-verb } { agreement-subject } { agreement-object }
        [month] Im { $date } { agreement-verb } { agreement-subject } { agreement-object }
       *[year] { $date } { agreement-verb } { agreement-subject } { agreement-object }
    }{ $kind ->
        [PROGRAMME] { agreement-programme-partners }
       *[other] {""}
    }{ $scopes-rest ->
        [0] { $scopes-count ->
            [0] {""}
            [one] {" "}im Bereich { $scopes }
           *[other] {" "}in den Bereichen { $scopes }
        }
       *[other] {""}
    }{ $markets-count ->
        [0] {""}
       *[other] {" "}für { $markets }
    }{ agreement-verb-particle }{ $scopes-rest ->
        [0] {""}
       *[other] , { agreement-scopes-clause }
    }.

# Eine gekürzte Liste der Bereiche als Relativsatz am Ende des Hauptsatzes, wo „darunter“ keinen
# Einschub öffnet: „…, die fünf Bereiche umfasst, darunter Film- und Fernsehvertrieb und
# geistiges Eigentum“.
# Variables: wie bei agreement-summary-main
agreement-scopes-clause = { $kind ->
        [STRATEGIC_PARTNERSHIP] die
        [COOPERATION_AGREEMENT] der
       *[PROGRAMME] das
    } { $scopes-count-text } Bereiche { $status ->
        [ENDED] umfasste
       *[other] umfasst
    }, darunter { $scopes-named }

# Das Subjekt des Hauptsatzes nach dem Verb: der Träger eines Programms oder die Partner.
# Variables: wie bei agreement-summary-main
agreement-subject = { $kind ->
        [PROGRAMME] { $has-organiser ->
            [yes] { $organiser }
           *[no] { agreement-partners-or-parties }
        }
       *[other] { agreement-partners-or-parties }
    }

# Dasselbe am Satzanfang, großgeschrieben.
# Variables: wie bei agreement-summary-main
agreement-subject-start = { $kind ->
        [PROGRAMME] { $has-organiser ->
            [yes] { $organiser-start }
           *[no] { agreement-partners-or-parties-start }
        }
       *[other] { agreement-partners-or-parties-start }
    }

# Variables:
#   $partners (String), $partners-count (Number) - die Partner
agreement-partners-or-parties = { $partners-count ->
        [0] die Parteien
       *[other] { $partners }
    }
agreement-partners-or-parties-start = { $partners-count ->
        [0] Die Parteien
       *[other] { $partners-start }
    }

# Variables:
#   $party (String) - die Partei, die als erste aus ihrem Land dabei ist
#   $party-country (String) - ihr ISO-Ländercode oder „none“
#   $others (String), $others-count (Number) - die anderen Partner als Liste
agreement-summary-first-partner = { $party } ist der erste { $party-country ->
        [CN] chinesische Partner
        [TH] thailändische Partner
        [DE] deutsche Partner
        [US] US-amerikanische Partner
       *[none] Partner aus seinem Land
    }{ $others-count ->
        [0] {""}
       *[other] {" "}von { $others-dative }
    }.

# Variables:
#   $focus (String), $focus-count (Number) - die Bereiche, mit denen es beginnt, als Liste
agreement-summary-focus = { $focus-count ->
        [one] Zunächst steht { $focus } im Mittelpunkt.
       *[other] Zunächst stehen { $focus } im Mittelpunkt.
    }

# Variables:
#   $kind (String) - die Art dieser Vereinbarung
#   $umbrella-kind (String) - die Art der übergeordneten
#   $umbrella-has-organiser (String) - yes oder no
#   $umbrella-organiser (String) - deren Träger, aus company-reference-nominative
#   $umbrella-organiser-genitive (String) - derselbe, aus company-reference-genitive
#   $same-kind (String) - yes, wenn beide von derselben Art sind: dann nennt ein Pronomen diese,
#   damit das Substantiv nicht zweimal steht („Es ist Teil eines übergeordneten Programms“)
agreement-summary-part-of = { $same-kind ->
        [yes] { $kind ->
            [STRATEGIC_PARTNERSHIP] Sie
            [COOPERATION_AGREEMENT] Er
           *[PROGRAMME] Es
        } ist Teil { $umbrella-kind ->
            [STRATEGIC_PARTNERSHIP] einer übergeordneten strategischen Partnerschaft
            [COOPERATION_AGREEMENT] eines übergeordneten Kooperationsvertrags
           *[PROGRAMME] eines übergeordneten Programms
        }
       *[no] { $kind ->
            [STRATEGIC_PARTNERSHIP] Die Partnerschaft
            [COOPERATION_AGREEMENT] Der Kooperationsvertrag
           *[PROGRAMME] Das Programm
        } ist Teil { $umbrella-kind ->
            [STRATEGIC_PARTNERSHIP] einer strategischen Partnerschaft
            [COOPERATION_AGREEMENT] eines Kooperationsvertrags
           *[PROGRAMME] eines Programms
        }
    }{ $umbrella-has-organiser ->
        [yes] {" "}{ $umbrella-organiser-genitive }
       *[no] {""}
    }.

# Variables:
#   $components (String), $components-count (Number) - die untergeordneten Vereinbarungen,
#   jeweils aus agreement-reference, als Liste
#   $components-named (String) - die genannten davon, wenn die Liste gekürzt ist
#   $components-count-text (String) - wie viele, bis zwölf in Worten
#   $components-rest (Number) - wie viele ungenannt bleiben
agreement-summary-components = { $components-count ->
        [one] Dazu gehört { $components }.
       *[other] Dazu gehören { $components-rest ->
            [0] { $components }
           *[other] { $components-count-text } Vereinbarungen, darunter { $components-named }
        }.
    }
