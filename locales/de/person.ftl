### Personen: Funktionsbezeichnungen und die Zusammenfassung einer Person.

## Funktionen.
role-title-founder = Gründer
    .display = Gründer
role-title-ceo = CEO
    .display = CEO

##

## Was eine Person getan hat, nach ihrem Namen gesagt und nach dem Verb gruppiert: „hat A, B und
## C gegründet“, „leitet X und Y“, „war CEO der Z“, „leitete Z und W“. Ein Datum nennt nur eine einzelne Funktion.
# Variables:
#   $companies-accusative (String) - die Unternehmen, aus company-reference-accusative, als Liste
#   $companies-genitive (String) - dieselben, aus company-reference-genitive, als Liste
#   $companies-names (String) - dieselben allein mit ihren Namen, im Akkusativ, als Liste: mehrere
#   Unternehmen werden nicht über ihre Art genannt, damit die Aufzählung lesbar bleibt
#   $companies-count (Number) - wie viele
#   $since (String), $since-precision (String) - Beginn, formatiert; none, wenn unbekannt
#   $until (String), $until-precision (String) - Ende, formatiert; none, wenn es andauert
#   $next (String) - was in der Aufzählung folgt: comma, word oder end
person-founded = hat { $companies-count ->
        [one] { $companies-accusative }
       *[other] { $companies-names }
    } gegründet
person-ceo = { $companies-count ->
        [one] ist{ person-since } { role-title-ceo } { $companies-genitive }
       *[other] leitet { $companies-names }
    }
person-former-ceo = { $companies-count ->
        [one] war{ person-from-until } { role-title-ceo } { $companies-genitive }
       *[other] leitete { $companies-names }
    }

##

# Dass eine Person das einzige Unternehmen, das sie gegründet hat, auch leitet oder geleitet
# hat, gleich nach person-founded gesagt, sodass ein Pronomen es nennt: „hat die Mediengruppe X
# gegründet und leitet sie seit 2020“, „… und leitete ihn bis 2019“; weitere Funktionen derselben
# Zeit hängen sich an („leitet sie sowie den Konzern Y“).
# Variables:
#   $gender (String) - das des Unternehmens, aus company-gender
#   $current (String) - yes, wenn die Funktion andauert
#   $since, $since-precision, $until, $until-precision, $next - wie bei person-founded
#   $others-accusative, $others-genitive, $others-names (String), $others-count (Number) - die
#   übrigen Unternehmen, die die Person derzeit (oder früher) leitet
person-leads-founded = { $current ->
        [yes] leitet
       *[no] leitete
    } { $gender ->
        [feminine] sie
        [neuter] es
       *[masculine] ihn
    }{ $others-count ->
        [0] { $current ->
            [yes] { person-since }
           *[no] { person-from-until }
        }
       *[other] {" "}sowie { $others-names }
    }

# „ seit 2020“, mit Leerzeichen davor; nichts ohne Datum.
# Variables: wie bei person-founded
person-since = { $since-precision ->
        [none] {""}
        [day] {" "}seit dem { $since }
       *[other] {" "}seit { $since }
    }

# „ von 2015 bis 2019“ oder „ bis 2019“, mit Leerzeichen davor.
# Variables: wie bei person-founded
person-from-until = { $since-precision ->
        [none] {""}
        [day] {" "}vom { $since }
       *[other] {" "}von { $since }
    }{ $until-precision ->
        [none] {""}
        [day] {" "}bis zum { $until }
       *[other] {" "}bis { $until }
    }{ person-until-comma }

# Das Komma, das das Englische nach einem vollen Datum vor einem weiteren Wort setzt; das
# Deutsche setzt keines.
# Variables: wie bei person-founded
person-until-comma = {""}

# Wie oft die Quellen eine Person zitieren, nach ihrem Namen gesagt.
# Variables:
#   $count (Number) - wie viele Zitate
#   $count-text (String) - die Anzahl, bis zwölf in Worten (number-text)
person-quoted = { $count ->
        [one] wird in den Quellen einmal zitiert
        [2] wird in den Quellen zweimal zitiert
       *[other] wird in den Quellen { $count-text } Mal zitiert
    }

# Was über eine Person bekannt ist, in einem Satz, der sie einmal nennt: ihre Funktionen und wie
# oft sie zitiert wird, als Liste („hat die Y gegründet, ist CEO der X und wird zweimal zitiert“).
# Variables:
#   $name (String) - der Name der Person
#   $facts (String) - was über sie gesagt wird, aus den person-Nachrichten oben, als Liste
person-summary = { $name } { $facts }.

# Für eine Person ohne bekannte Funktion und ohne Zitat.
# Variables:
#   $name (String) - der Name der Person
#   $count (Number) - in wie vielen Quellen sie genannt wird
#   $count-text (String) - die Anzahl, bis zwölf in Worten (number-text)
person-summary-named = { $count ->
        [0] Über { $name } ist nichts weiter bekannt.
        [one] { $name } wird in einer Quelle genannt.
       *[other] { $name } wird in { $count-text } Quellen genannt.
    }
