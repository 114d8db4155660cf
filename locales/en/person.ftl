### People: role titles and the person summary.

## Role titles.
role-title-founder = founder
    .display = Founder
role-title-ceo = CEO
    .display = CEO

##

## What a person did, said after their name and grouped by verb: "founded A, B, and C", "is the
## CEO of X and Y", "was the CEO of Z". Only a single role is said with its dates.
# Variables:
#   $companies-accusative (String) - the companies, from company-reference-accusative, as a list
#   $companies-genitive (String) - the same, from company-reference-genitive, as a list
#   $companies-names (String) - the same by their names alone, as a list
#   $companies-count (Number) - how many
#   $since (String), $since-precision (String) - when the role began, formatted; none if unknown
#   $until (String), $until-precision (String) - when it ended, formatted; none if it has not
#   $next (String) - what follows in the list: comma, word or end
person-founded = founded { $companies-accusative }
person-ceo = { $since-precision ->
        [none] is the { role-title-ceo } of { $companies-genitive }
       *[other] has been the { role-title-ceo } of { $companies-genitive }{ person-since }
    }
person-former-ceo = was the { role-title-ceo } of { $companies-genitive }{ person-from-until }

##

# That a person also leads, or led, the one company they founded, said right after
# person-founded so that a pronoun names it: "founded X and leads it", "… and was its CEO until
# 2019"; other roles of the same tense join it ("leads it as well as Y").
# Variables:
#   $gender (String) - the company's, from company-gender
#   $current (String) - yes if the role goes on
#   $since, $since-precision, $until, $until-precision, $next - as for person-founded
#   $others-accusative, $others-genitive, $others-names (String), $others-count (Number) - the other
#   companies the person leads now (or led)
person-leads-founded = { $current ->
        [yes] { $others-count ->
            [0] { $since-precision ->
                [none] leads it
               *[other] has led it{ person-since }
            }
           *[other] leads it as well as { $others-accusative }
        }
       *[no] was its { role-title-ceo }{ $others-count ->
            [0] { person-from-until }
           *[other] {" "}as well as the { role-title-ceo } of { $others-genitive }
        }
    }

# " since 2020" after the role, with the comma a full date needs before a word.
# Variables: as for person-founded
person-since = {" "}since { $since }{ person-until-comma }

# " from 2015 to 2019" or " until 2019" after the role; a comma after a full date that a word
# follows ("from March 1, 2015, to …").
# Variables: as for person-founded
person-from-until = { $since-precision ->
        [none] { $until-precision ->
            [none] {""}
           *[other] {" "}until { $until }
        }
        [day] {" "}from { $since }, to { $until }
       *[other] {" "}from { $since } to { $until }
    }{ person-until-comma }

# The comma after a full date that ends a phrase a word follows: "since March 15, 2021, and is
# quoted"; where the list puts a comma of its own, none.
# Variables: as for person-founded
person-until-comma = { $next ->
        [word] { $until-precision ->
            [day] ,
            [none] { $since-precision ->
                [day] ,
               *[other] {""}
            }
           *[other] {""}
        }
       *[other] {""}
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
# they are quoted, as a list ("founded Y, is the CEO of X, and is quoted twice in the sources").
# Variables:
#   $name (String) - the person's name
#   $facts (String) - what is said of them, from the person- messages above, as a list
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
