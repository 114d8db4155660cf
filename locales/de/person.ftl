### Personen: Funktionsbezeichnungen und die Zusammenfassung einer Person.

## Funktionen.
role-title-founder = Gründer
    .display = Gründer
role-title-ceo = CEO
    .display = CEO

##

# Was eine Person bei einem Unternehmen ist oder war, nach ihrem Namen gesagt: „ist CEO der X“,
# „hat die X gegründet“, „war von 2015 bis 2019 CEO der X“.
# Variables:
#   $title (String) - FOUNDER oder CEO
#   $title-label (String) - die Beschriftung der Funktion
#   $company (String) - der Name des Unternehmens
#   $company-genitive (String) - das Unternehmen, aus company-reference-genitive
#   $company-accusative (String) - das Unternehmen, aus company-reference-accusative
#   $since (String), $since-precision (String) - Beginn, formatiert; none, wenn unbekannt
#   $until (String), $until-precision (String) - Ende, formatiert; none, wenn es andauert
person-role = { $title ->
        [FOUNDER] hat { $company-accusative } gegründet
       *[other] { $until-precision ->
            [none] ist { $since-precision ->
                [none] {""}
                [day] seit dem { $since }{" "}
               *[other] seit { $since }{" "}
            }{ $title-label } { $company-genitive }
           *[other] war { $since-precision ->
                [none] {""}
                [day] vom { $since }{" "}
               *[other] von { $since }{" "}
            }{ $until-precision ->
                [day] bis zum { $until }
               *[other] bis { $until }
            } { $title-label } { $company-genitive }
        }
    }

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
# oft sie zitiert wird, als Liste („ist CEO der X, hat die Y gegründet und wird zweimal zitiert“).
# Variables:
#   $name (String) - der Name der Person
#   $facts (String) - was über sie gesagt wird, jeweils aus person-role oder person-quoted, als Liste
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
