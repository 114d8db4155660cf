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
