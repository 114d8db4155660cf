### Auswertung: die Beschriftungen der Gruppen, die agreementStats und companyStats zählen, und
### der Satz, der sagt, wie zwei Unternehmen verbunden sind.

## Beschriftungen der Gruppen.

# Ein Jahrzehnt.
# Variables:
#   $decade (String) - sein erstes Jahr, etwa 1990
stats-decade = { $decade }er

# Die Gruppe der Einträge, deren Wert einer Dimension nicht bekannt ist.
# Variables:
#   $dimension (String) - year, month, kind, status, scope, market, party, party-country,
#   country oder founding-decade
stats-unknown = { $dimension ->
        [year] Undatiert
        [month] Monat nicht bekannt
        [scope] Kein Bereich angegeben
        [market] Kein Markt angegeben
        [party] Keine Parteien
        [party-country] Land nicht bekannt
        [country] Land nicht bekannt
        [founding-decade] Gründungsdatum nicht bekannt
       *[other] Nicht bekannt
    }

## Wie zwei Unternehmen verbunden sind: ein Satz, der die Kette nennt, dann einer je Glied.

# Variables:
#   $from (String) - das erste Unternehmen am Satzanfang (company-name-nominative-start)
#   $to (String) - das letzte Unternehmen im Dativ (company-name-dative)
#   $via (String) - die Unternehmen dazwischen im Akkusativ, als Aufzählung; leer bei einem Glied
#   $hops (Number) - wie viele Glieder die Kette hat
chain-summary = { $hops ->
        [1] { $from } ist direkt mit { $to } verbunden.
       *[other] { $from } ist über { $via } mit { $to } verbunden.
    }

# Ein Glied, als eigener Satz.
# Variables:
#   $link (String) - PARENT (das zweite Unternehmen ist die Mutter des ersten), SUBSIDIARY,
#   AGREEMENT oder PERSON
#   $from (String) - das erste Unternehmen des Glieds am Satzanfang
#   $to (String) - das zweite im Nominativ
#   $from-dative, $to-dative (String) - beide im Dativ
#   $kind (String) - AGREEMENT: die Art der Vereinbarung
#   $status (String) - AGREEMENT: ihr Stand
#   $year-known (String) - AGREEMENT: yes, wenn das Jahr bekannt ist, sonst no
#   $year (String) - AGREEMENT: das Jahr der Unterzeichnung, sonst der Ankündigung
#   $person (String) - PERSON: der Name der Person
#   $from-title, $to-title (String) - PERSON: ihre Funktionen bei beiden Unternehmen
#   $from-current, $to-current (String) - PERSON: yes, solange sie die Funktion innehat, sonst no
chain-hop = { $link ->
        [PARENT] { $from } gehört zu { $to-dative }.
        [SUBSIDIARY] { $from } ist die Muttergesellschaft von { $to-dative }.
        [PERSON] { $person } { $from-current ->
            [yes] ist
           *[no] war
        } { $from-title } bei { $from-dative } und { $to-current ->
            [yes] ist
           *[no] war
        } { $to-title } bei { $to-dative }.
       *[AGREEMENT] { $kind ->
            [PROGRAMME] { $from } und { $to } sind am selben Programm beteiligt.
           *[other] { $from } und { $to } { $status ->
                [ANNOUNCED] kündigten{ $year-known ->
                    [yes] {" "}{ $year }
                   *[no] {""}
                } { $kind ->
                    [STRATEGIC_PARTNERSHIP] eine strategische Partnerschaft
                   *[COOPERATION_AGREEMENT] einen Kooperationsvertrag
                } an.
               *[other] schlossen{ $year-known ->
                    [yes] {" "}{ $year }
                   *[no] {""}
                } { $kind ->
                    [STRATEGIC_PARTNERSHIP] eine strategische Partnerschaft
                   *[COOPERATION_AGREEMENT] einen Kooperationsvertrag
                }.
            }
        }
    }
