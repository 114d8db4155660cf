### Personen: Funktionsbezeichnungen und die Zusammenfassung einer Person.

## Funktionen.
role-title-founder = Gründer
role-title-ceo = CEO

##

# Ein Satz je Funktion.
# Variables:
#   $name (String) - der Name der Person
#   $title (String) - FOUNDER oder CEO
#   $title-label (String) - die Beschriftung der Funktion
#   $company (String) - der Name des Unternehmens
#   $company-genitive (String) - das Unternehmen, aus company-reference-genitive
#   $company-accusative (String) - das Unternehmen, aus company-reference-accusative
#   $since (String), $since-precision (String) - Beginn, formatiert; none, wenn unbekannt
#   $until (String), $until-precision (String) - Ende, formatiert; none, wenn es andauert
person-summary-role = { $title ->
        [FOUNDER] { $name } hat { $company-accusative } gegründet.
       *[other] { $until-precision ->
            [none] { $name } ist { $since-precision ->
                [none] {""}
                [day] seit dem { $since }{" "}
               *[other] seit { $since }{" "}
            }{ $title-label } { $company-genitive }.
           *[other] { $name } war { $since-precision ->
                [none] {""}
                [day] vom { $since }{" "}
               *[other] von { $since }{" "}
            }{ $until-precision ->
                [day] bis zum { $until }
               *[other] bis { $until }
            } { $title-label } { $company-genitive }.
        }
    }

# Variables:
#   $name (String) - der Name der Person
#   $count (Number) - wie viele Zitate
#   $count-text (String) - die Anzahl, formatiert
person-summary-quotes = { $count ->
        [one] { $name } wird in den Quellen einmal zitiert.
        [2] { $name } wird in den Quellen zweimal zitiert.
       *[other] { $name } wird in den Quellen { $count-text }-mal zitiert.
    }

# Für eine Person ohne bekannte Funktion und ohne Zitat.
# Variables:
#   $name (String) - der Name der Person
#   $count (Number) - in wie vielen Quellen sie genannt wird
#   $count-text (String) - die Anzahl, formatiert
person-summary-named = { $count ->
        [0] Über { $name } ist nichts weiter bekannt.
        [one] { $name } wird in einer Quelle genannt.
       *[other] { $name } wird in { $count-text } Quellen genannt.
    }
