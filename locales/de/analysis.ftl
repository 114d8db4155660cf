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
