### Agreements: labels of agreement vocabularies, titles, and the agreement summary.

## Agreement kinds, as labels and in running text.
agreement-kind-strategic-partnership = strategic partnership
    .display = Strategic partnership
agreement-kind-cooperation-agreement = cooperation agreement
    .display = Cooperation agreement
agreement-kind-programme = programme
    .display = Programme

##

## Agreement statuses.
agreement-status-announced = announced
    .display = Announced
agreement-status-signed = signed
    .display = Signed
agreement-status-active = active
    .display = Active
agreement-status-ended = ended
    .display = Ended

##

## What a party is to an agreement.
party-role-partner = partner
    .display = Partner
party-role-organiser = organiser
    .display = Organiser

##

## Scopes, in running text ("covering film and TV distribution and intellectual property").
scope-film-tv-distribution = film and TV distribution
    .display = Film and TV distribution
scope-intellectual-property = intellectual property
    .display = Intellectual property
scope-artificial-intelligence = artificial intelligence
    .display = Artificial intelligence
scope-virtual-actors = virtual actors
    .display = Virtual actors
scope-joint-franchises = new joint franchises
    .display = New joint franchises
scope-tourism = tourism
    .display = Tourism
scope-cultural-exchange = cultural exchange
    .display = Cultural exchange
scope-sports-event-organisation = organising sports events
    .display = Organising sports events
scope-sports-event-production = producing sports events
    .display = Producing sports events
scope-sports-event-marketing = marketing sports events
    .display = Marketing sports events
scope-motorsport = motorsport
    .display = Motorsport
scope-venue-video-technology = equipping sports venues with digital video technology
    .display = Equipping sports venues with digital video technology
scope-media-marketing = media marketing of content
    .display = Media marketing of content
scope-automated-live-broadcasting = fully automated live broadcasts
    .display = Fully automated live broadcasts

##

## Scopes that share a head word combine in a list: "organising, producing and marketing sports
## events", not "organising sports events, producing sports events and marketing sports events".
## Such a scope names its head (`-head`, the key of a scope-head- message) and its own part
## (`-part`); the head's message puts the parts, as a list, where they go.
scope-sports-event-organisation-head = sports-events
scope-sports-event-organisation-part = organising
scope-sports-event-production-head = sports-events
scope-sports-event-production-part = producing
scope-sports-event-marketing-head = sports-events
scope-sports-event-marketing-part = marketing

# Variables:
#   $parts (String) - the scopes' parts as a list
scope-head-sports-events = { $parts } sports events

##

# Who an agreement binds, after its noun: "between A and B", "run by X with A".
# Variables:
#   $partners (String) - the partners' names as a list
#   $partners-count (Number) - how many partners
#   $has-organiser (String) - yes or no
#   $organiser (String) - the organiser, from company-reference-nominative
agreement-partners-clause = { $has-organiser ->
        [yes] {" "}run by { $organiser }{ $partners-count ->
            [0] {""}
           *[other] {" "}with { $partners-dative }
        }
       *[no] { $partners-count ->
            [0] {""}
            [one] {" "}of { $partners-dative }
           *[other] {" "}between { $partners-dative }
        }
    }

# Variables:
#   $kind (String) - the agreement kind, such as STRATEGIC_PARTNERSHIP
#   and those of agreement-partners-clause
agreement-title = { $kind ->
        [STRATEGIC_PARTNERSHIP] Strategic partnership
        [COOPERATION_AGREEMENT] Cooperation agreement
       *[PROGRAMME] Programme
    }{ agreement-partners-clause }

# An agreement named in running text: "the strategic partnership between A and B".
# Variables: as for agreement-title
agreement-reference = { $kind ->
        [STRATEGIC_PARTNERSHIP] the strategic partnership
        [COOPERATION_AGREEMENT] the cooperation agreement
       *[PROGRAMME] the programme
    }{ agreement-partners-clause }

# The verb of the main sentence, after the subject; it agrees with the subject in number.
# Variables:
#   $kind (String), $status (String) - the agreement's kind and status
#   $date-precision (String) - year, month, day or none
#   $subject-count (Number) - how many the subject names: a programme's organisers, else the
#   partners (0 when it says "the parties")
agreement-verb = { $date-precision ->
        [none] { $kind ->
            [PROGRAMME] { $status ->
                [ANNOUNCED] { agreement-verb-have } announced
                [SIGNED] { agreement-verb-have } signed
                [ENDED] ran
               *[ACTIVE] { $subject-count ->
                    [one] runs
                   *[other] run
                }
            }
           *[other] { agreement-verb-have } { $status ->
                [ANNOUNCED] agreed on
                [SIGNED] signed
                [ENDED] ended
               *[ACTIVE] entered into
            }
        }
       *[other] { $kind ->
            [PROGRAMME] { $status ->
                [ANNOUNCED] announced
                [SIGNED] signed
                [ENDED] ended
               *[ACTIVE] launched
            }
           *[other] { $status ->
                [ANNOUNCED] agreed on
                [SIGNED] signed
                [ENDED] ended
               *[ACTIVE] entered into
            }
        }
    }

# "has" or "have", by the subject's number.
# Variables: as for agreement-verb
agreement-verb-have = { $subject-count ->
        [one] has
       *[other] have
    }

# The part of a separable verb that goes to the end of the sentence; English has none.
# Variables: as for agreement-verb
agreement-verb-particle = {""}

# "with eight Chinese companies", "with 13 partners", "with A and B" (only when the organiser
# is the subject: partners that are the subject are not named again).
# Variables:
#   $partner-count (Number or "none") - how many partners the sources report
#   $partner-count-text (String) - that number, in words up to twelve (number-text)
#   $has-organiser (String) - yes or no
#   $partner-country (String) - ISO code of the partners' country, or "none"
#   $partners, $partners-count - the partners named
agreement-programme-partners = { $partner-count ->
        [none] { $has-organiser ->
            [yes] { $partners-count ->
                [0] {""}
               *[other] {" "}with { $partners-dative }
            }
           *[no] {""}
        }
       *[other] {" "}with { $partner-country ->
            [CN] { $partner-count ->
                [one] one Chinese company
               *[other] { $partner-count-text } Chinese companies
            }
            [TH] { $partner-count ->
                [one] one Thai company
               *[other] { $partner-count-text } Thai companies
            }
            [DE] { $partner-count ->
                [one] one German company
               *[other] { $partner-count-text } German companies
            }
            [US] { $partner-count ->
                [one] one American company
               *[other] { $partner-count-text } American companies
            }
           *[none] { $partner-count ->
                [one] one partner
               *[other] { $partner-count-text } partners
            }
        }
    }

# The object of the main sentence: "a multi-stage strategic partnership".
# Variables:
#   $kind (String) - the agreement kind
#   $multi-stage (String) - yes or no
agreement-object = a{ $multi-stage ->
        [yes] {" "}multi-stage
       *[no] {""}
    } { $kind ->
        [STRATEGIC_PARTNERSHIP] strategic partnership
        [COOPERATION_AGREEMENT] cooperation agreement
       *[PROGRAMME] programme
    }

# The subject of the main sentence: a programme's organiser, or the partners.
# Variables:
#   $kind, $has-organiser, $organiser, $organiser-start, $partners, $partners-count - as above;
#   $organiser-start is the organiser from company-reference-nominative-start
agreement-subject = { $kind ->
        [PROGRAMME] { $has-organiser ->
            [yes] { $organiser }
           *[no] { agreement-partners-or-parties }
        }
       *[other] { agreement-partners-or-parties }
    }

# The same at the start of a sentence.
# Variables: as for agreement-subject
agreement-subject-start = { $kind ->
        [PROGRAMME] { $has-organiser ->
            [yes] { $organiser-start }
           *[no] { agreement-partners-or-parties-start }
        }
       *[other] { agreement-partners-or-parties-start }
    }

# Variables:
#   $partners (String), $partners-count (Number) - the partners
agreement-partners-or-parties = { $partners-count ->
        [0] the parties
       *[other] { $partners }
    }
agreement-partners-or-parties-start = { $partners-count ->
        [0] The parties
       *[other] { $partners-start }
    }

# The main sentence: who agreed on what, when, covering what, where.
# Variables:
#   $kind, $status, $partners, $partners-count, $has-organiser, $organiser, $organiser-start,
#   $partner-count, $partner-count-text, $partner-country - as above
#   $date (String), $date-precision (String) - when it was agreed, formatted; none if unknown
#   $multi-stage (String) - yes or no
#   $scopes (String), $scopes-count (Number) - the scope labels as a list
#   $scopes-named (String), $scopes-count-text (String), $scopes-rest (Number) - the scopes
#   named, how many there are in words, and how many are not named
#   $markets (String), $markets-count (Number) - the market names as a list
agreement-summary-main = { $date-precision ->
        [none] { agreement-subject-start }
        [day] On { $date }, { agreement-subject }
       *[other] In { $date }, { agreement-subject }
    } { agreement-verb } { agreement-object }{ $kind ->
        [PROGRAMME] { agreement-programme-partners }
       *[other] {""}
    }{ $scopes-rest ->
        [0] { $scopes-count ->
            [0] {""}
           *[other] {" "}covering { $scopes }
        }
       *[other] {""}
    }{ $markets-count ->
        [0] {""}
       *[other] {" "}in { $markets }
    }{ $scopes-rest ->
        [0] {""}
       *[other] {" "}{ agreement-scopes-clause }
    }{ agreement-verb-particle }.

# A shortened list of scopes, after the markets at the end of the main sentence, where
# "including" opens no aside: "… in China covering seven fields, including motorsport".
# Variables: as for agreement-summary-main
agreement-scopes-clause = covering { $scopes-count-text } fields, including { $scopes-named }

# Variables:
#   $party (String) - the party that is the first from its country
#   $party-country (String) - its ISO country code, or "none"
#   $others (String), $others-count (Number) - the other partners as a list
agreement-summary-first-partner = { $party } is the first { $party-country ->
        [CN] Chinese partner
        [TH] Thai partner
        [DE] German partner
        [US] American partner
       *[none] partner from its country
    }{ $others-count ->
        [0] {""}
       *[other] {" "}of { $others-dative }
    }.

# Variables:
#   $focus (String), $focus-count (Number) - the scopes it starts with, as a list
agreement-summary-focus = Initially, the focus is on { $focus }.

# Variables:
#   $kind (String) - this agreement's kind
#   $umbrella-kind (String) - the umbrella's kind
#   $umbrella-has-organiser (String) - yes or no
#   $umbrella-organiser (String) - the umbrella's organiser, from company-reference-nominative
#   $umbrella-organiser-genitive (String) - the same, from company-reference-genitive
#   $same-kind (String) - yes if both are of one kind: the noun is then said once ("The
#   programme is part of a larger one")
agreement-summary-part-of = { $kind ->
        [STRATEGIC_PARTNERSHIP] The partnership
        [COOPERATION_AGREEMENT] The agreement
       *[PROGRAMME] The programme
    } is part of { $same-kind ->
        [yes] a larger one
       *[no] { $umbrella-kind ->
            [STRATEGIC_PARTNERSHIP] a strategic partnership
            [COOPERATION_AGREEMENT] a cooperation agreement
           *[PROGRAMME] a programme
        }
    }{ $umbrella-has-organiser ->
        [yes] {" "}run by { $umbrella-organiser }
       *[no] {""}
    }.

# Variables:
#   $components (String), $components-count (Number) - the component agreements, each from
#   agreement-reference, as a list
#   $components-named (String) - those of them named when the list is shortened
#   $components-count-text (String) - how many, in words up to twelve
#   $components-rest (Number) - how many are not named
agreement-summary-components = { $components-rest ->
        [0] It includes { $components }.
       *[other] It comprises { $components-count-text } agreements, among them { $components-named }.
    }
