### People: role titles and the person summary.

## Role titles.
role-title-founder = founder
role-title-ceo = CEO

##

# One sentence per role.
# Variables:
#   $name (String) - the person's name
#   $title (String) - FOUNDER or CEO
#   $title-label (String) - the title's label
#   $company (String) - the company's name
#   $company-genitive (String) - the company, from company-reference-genitive
#   $company-accusative (String) - the company, from company-reference-accusative
#   $since (String), $since-precision (String) - when the role began, formatted; none if unknown
#   $until (String), $until-precision (String) - when it ended, formatted; none if it has not
person-summary-role = { $title ->
        [FOUNDER] { $name } founded { $company-accusative }.
       *[other] { $until-precision ->
            [none] { $since-precision ->
                [none] { $name } is the { $title-label } of { $company-genitive }.
               *[other] { $name } has been the { $title-label } of { $company-genitive } since { $since }.
            }
           *[other] { $since-precision ->
                [none] { $name } was the { $title-label } of { $company-genitive } until { $until }.
               *[other] { $name } was the { $title-label } of { $company-genitive } from { $since } to { $until }.
            }
        }
    }

# Variables:
#   $name (String) - the person's name
#   $count (Number) - how many quotes
#   $count-text (String) - the count, formatted
person-summary-quotes = { $count ->
        [one] { $name } is quoted once in the sources.
        [2] { $name } is quoted twice in the sources.
       *[other] { $name } is quoted { $count-text } times in the sources.
    }

# For a person with no known role and no quote.
# Variables:
#   $name (String) - the person's name
#   $count (Number) - how many sources name the person
#   $count-text (String) - the count, formatted
person-summary-named = { $count ->
        [0] Nothing more is known about { $name }.
        [one] { $name } is named in one source.
       *[other] { $name } is named in { $count-text } sources.
    }
