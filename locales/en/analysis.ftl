### Analysis: the labels of the groups agreementStats and companyStats count, and the sentence
### that says how two companies are connected.

## Group labels.

# A decade.
# Variables:
#   $decade (String) - its first year, such as 1990
stats-decade = { $decade }s

# The group of the records whose value of a dimension is not known.
# Variables:
#   $dimension (String) - year, month, kind, status, scope, market, party, party-country,
#   country or founding-decade
stats-unknown = { $dimension ->
        [year] Undated
        [month] Month not known
        [scope] No field given
        [market] No market given
        [party] No parties
        [party-country] Country not known
        [country] Country not known
        [founding-decade] Founding date not known
       *[other] Not known
    }

## How two companies are connected: a sentence naming the chain, then one per hop.

# Variables:
#   $from (String) - the first company, opening the sentence (company-name-nominative-start)
#   $to (String) - the last company (company-name-dative)
#   $via (String) - the companies between, as a list; empty for a single hop
#   $hops (Number) - how many hops the chain has
chain-summary = { $hops ->
        [1] { $from } is connected directly to { $to }.
       *[other] { $from } is connected to { $to } through { $via }.
    }

# One hop, a sentence of its own.
# Variables:
#   $link (String) - PARENT (the second company is the first's parent), SUBSIDIARY, AGREEMENT
#   or PERSON
#   $from (String) - the hop's first company, opening the sentence
#   $to (String) - its second company
#   $from-dative, $to-dative (String) - the two in the dative
#   $kind (String) - AGREEMENT: the agreement's kind
#   $status (String) - AGREEMENT: its status
#   $year-known (String) - AGREEMENT: yes when the year is known, else no
#   $year (String) - AGREEMENT: the year it was signed, else announced
#   $person (String) - PERSON: the person's name
#   $from-title, $to-title (String) - PERSON: their titles at the two companies
#   $from-current, $to-current (String) - PERSON: yes while that role is held, else no
chain-hop = { $link ->
        [PARENT] { $from } belongs to { $to-dative }.
        [SUBSIDIARY] { $from } is the parent company of { $to-dative }.
        [PERSON] { $person } { $from-current ->
            [yes] is
           *[no] was
        } { $from-title } at { $from-dative } and { $to-current ->
            [yes] is
           *[no] was
        } { $to-title } at { $to-dative }.
       *[AGREEMENT] { $kind ->
            [PROGRAMME] { $from } and { $to } take part in the same programme.
           *[other] { $from } and { $to } { $status ->
                [ANNOUNCED] announced
               *[other] concluded
            } { $kind ->
                [STRATEGIC_PARTNERSHIP] a strategic partnership
               *[COOPERATION_AGREEMENT] a cooperation agreement
            }{ $year-known ->
                [yes] {" "}in { $year }
               *[no] {""}
            }.
        }
    }
