### People: role titles and the person summary.

## Role titles.
role-title-founder = founder
    .display = Founder
role-title-ceo = CEO
    .display = CEO

##

# What a person does or did at a company, said after their name: "is the CEO of X",
# "founded X", "was the CEO of X from 2015 to 2019".
# Variables:
#   $title (String) - FOUNDER or CEO
#   $title-label (String) - the title's label
#   $company (String) - the company's name
#   $company-genitive (String) - the company, from company-reference-genitive
#   $company-accusative (String) - the company, from company-reference-accusative
#   $since (String), $since-precision (String) - when the role began, formatted; none if unknown
#   $until (String), $until-precision (String) - when it ended, formatted; none if it has not
person-role = { $title ->
        [FOUNDER] founded { $company-accusative }
       *[other] { $until-precision ->
            [none] { $since-precision ->
                [none] is the { $title-label } of { $company-genitive }
               *[other] has been the { $title-label } of { $company-genitive } since { $since }
            }
           *[other] { $since-precision ->
                [none] was the { $title-label } of { $company-genitive } until { $until }
               *[other] was the { $title-label } of { $company-genitive } from { $since } to { $until }
            }
        }
    }

# How often the sources quote a person, said after their name.
# Variables:
#   $count (Number) - how many quotes
#   $count-text (String) - the count, in words up to twelve (number-text)
person-quoted = { $count ->
        [one] is quoted once in the sources
        [2] is quoted twice in the sources
       *[other] is quoted { $count-text } times in the sources
    }

# What is known of a person, in one sentence that names them once: their roles and how often
# they are quoted, as a list ("is the CEO of X, founded Y and is quoted twice in the sources").
# Variables:
#   $name (String) - the person's name
#   $facts (String) - what is said of them, each from person-role or person-quoted, as a list
person-summary = { $name } { $facts }.

# For a person with no known role and no quote.
# Variables:
#   $name (String) - the person's name
#   $count (Number) - how many sources name the person
#   $count-text (String) - the count, in words up to twelve (number-text)
person-summary-named = { $count ->
        [0] Nothing more is known about { $name }.
        [one] { $name } is named in one source.
       *[other] { $name } is named in { $count-text } sources.
    }
