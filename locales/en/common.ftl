### Shared vocabulary: country names (labels and running text).

# Every label (a country here, a vocabulary value in the other files) has a `.display`
# attribute: the form that stands on its own, in a list, a dropdown or a filter,
# capitalised and without the article a sentence gives it. The value is the form used
# inside sentences.

## Country names, as labels and in running text ("in Thailand and China").
country-ad = Andorra
    .display = Andorra
country-ae = the United Arab Emirates
    .display = United Arab Emirates
country-af = Afghanistan
    .display = Afghanistan
country-ag = Antigua and Barbuda
    .display = Antigua and Barbuda
country-ai = Anguilla
    .display = Anguilla
country-al = Albania
    .display = Albania
country-am = Armenia
    .display = Armenia
country-ao = Angola
    .display = Angola
country-aq = Antarctica
    .display = Antarctica
country-ar = Argentina
    .display = Argentina
country-as = American Samoa
    .display = American Samoa
country-at = Austria
    .display = Austria
country-au = Australia
    .display = Australia
country-aw = Aruba
    .display = Aruba
country-ax = the Åland Islands
    .display = Åland Islands
country-az = Azerbaijan
    .display = Azerbaijan
country-ba = Bosnia and Herzegovina
    .display = Bosnia and Herzegovina
country-bb = Barbados
    .display = Barbados
country-bd = Bangladesh
    .display = Bangladesh
country-be = Belgium
    .display = Belgium
country-bf = Burkina Faso
    .display = Burkina Faso
country-bg = Bulgaria
    .display = Bulgaria
country-bh = Bahrain
    .display = Bahrain
country-bi = Burundi
    .display = Burundi
country-bj = Benin
    .display = Benin
country-bl = Saint Barthélemy
    .display = Saint Barthélemy
country-bm = Bermuda
    .display = Bermuda
country-bn = Brunei Darussalam
    .display = Brunei Darussalam
country-bo = Bolivia
    .display = Bolivia
country-bq = Bonaire, Sint Eustatius and Saba
    .display = Bonaire, Sint Eustatius and Saba
country-br = Brazil
    .display = Brazil
country-bs = the Bahamas
    .display = Bahamas
country-bt = Bhutan
    .display = Bhutan
country-bv = Bouvet Island
    .display = Bouvet Island
country-bw = Botswana
    .display = Botswana
country-by = Belarus
    .display = Belarus
country-bz = Belize
    .display = Belize
country-ca = Canada
    .display = Canada
country-cc = the Cocos (Keeling) Islands
    .display = Cocos (Keeling) Islands
country-cd = the Democratic Republic of the Congo
    .display = Democratic Republic of the Congo
country-cf = the Central African Republic
    .display = Central African Republic
country-cg = the Republic of the Congo
    .display = Republic of the Congo
country-ch = Switzerland
    .display = Switzerland
country-ci = Côte d'Ivoire
    .display = Côte d'Ivoire
country-ck = the Cook Islands
    .display = Cook Islands
country-cl = Chile
    .display = Chile
country-cm = Cameroon
    .display = Cameroon
country-cn = China
    .display = China
country-co = Colombia
    .display = Colombia
country-cr = Costa Rica
    .display = Costa Rica
country-cu = Cuba
    .display = Cuba
country-cv = Cabo Verde
    .display = Cabo Verde
country-cw = Curaçao
    .display = Curaçao
country-cx = Christmas Island
    .display = Christmas Island
country-cy = Cyprus
    .display = Cyprus
country-cz = Czechia
    .display = Czechia
country-de = Germany
    .display = Germany
country-dj = Djibouti
    .display = Djibouti
country-dk = Denmark
    .display = Denmark
country-dm = Dominica
    .display = Dominica
country-do = the Dominican Republic
    .display = Dominican Republic
country-dz = Algeria
    .display = Algeria
country-ec = Ecuador
    .display = Ecuador
country-ee = Estonia
    .display = Estonia
country-eg = Egypt
    .display = Egypt
country-eh = Western Sahara
    .display = Western Sahara
country-er = Eritrea
    .display = Eritrea
country-es = Spain
    .display = Spain
country-et = Ethiopia
    .display = Ethiopia
country-fi = Finland
    .display = Finland
country-fj = Fiji
    .display = Fiji
country-fk = the Falkland Islands
    .display = Falkland Islands
country-fm = Micronesia
    .display = Micronesia
country-fo = the Faroe Islands
    .display = Faroe Islands
country-fr = France
    .display = France
country-ga = Gabon
    .display = Gabon
country-gb = the United Kingdom
    .display = United Kingdom
country-gd = Grenada
    .display = Grenada
country-ge = Georgia
    .display = Georgia
country-gf = French Guiana
    .display = French Guiana
country-gg = Guernsey
    .display = Guernsey
country-gh = Ghana
    .display = Ghana
country-gi = Gibraltar
    .display = Gibraltar
country-gl = Greenland
    .display = Greenland
country-gm = the Gambia
    .display = Gambia
country-gn = Guinea
    .display = Guinea
country-gp = Guadeloupe
    .display = Guadeloupe
country-gq = Equatorial Guinea
    .display = Equatorial Guinea
country-gr = Greece
    .display = Greece
country-gs = the South Georgia and the South Sandwich Islands
    .display = South Georgia and the South Sandwich Islands
country-gt = Guatemala
    .display = Guatemala
country-gu = Guam
    .display = Guam
country-gw = Guinea-Bissau
    .display = Guinea-Bissau
country-gy = Guyana
    .display = Guyana
country-hk = Hong Kong
    .display = Hong Kong
country-hm = the Heard Island and McDonald Islands
    .display = Heard Island and McDonald Islands
country-hn = Honduras
    .display = Honduras
country-hr = Croatia
    .display = Croatia
country-ht = Haiti
    .display = Haiti
country-hu = Hungary
    .display = Hungary
country-id = Indonesia
    .display = Indonesia
country-ie = Ireland
    .display = Ireland
country-il = Israel
    .display = Israel
country-im = Isle of Man
    .display = Isle of Man
country-in = India
    .display = India
country-io = British Indian Ocean Territory
    .display = British Indian Ocean Territory
country-iq = Iraq
    .display = Iraq
country-ir = Iran
    .display = Iran
country-is = Iceland
    .display = Iceland
country-it = Italy
    .display = Italy
country-je = Jersey
    .display = Jersey
country-jm = Jamaica
    .display = Jamaica
country-jo = Jordan
    .display = Jordan
country-jp = Japan
    .display = Japan
country-ke = Kenya
    .display = Kenya
country-kg = Kyrgyzstan
    .display = Kyrgyzstan
country-kh = Cambodia
    .display = Cambodia
country-ki = Kiribati
    .display = Kiribati
country-km = the Comoros
    .display = Comoros
country-kn = Saint Kitts and Nevis
    .display = Saint Kitts and Nevis
country-kp = North Korea
    .display = North Korea
country-kr = South Korea
    .display = South Korea
country-kw = Kuwait
    .display = Kuwait
country-ky = the Cayman Islands
    .display = Cayman Islands
country-kz = Kazakhstan
    .display = Kazakhstan
country-la = Laos
    .display = Laos
country-lb = Lebanon
    .display = Lebanon
country-lc = Saint Lucia
    .display = Saint Lucia
country-li = Liechtenstein
    .display = Liechtenstein
country-lk = Sri Lanka
    .display = Sri Lanka
country-lr = Liberia
    .display = Liberia
country-ls = Lesotho
    .display = Lesotho
country-lt = Lithuania
    .display = Lithuania
country-lu = Luxembourg
    .display = Luxembourg
country-lv = Latvia
    .display = Latvia
country-ly = Libya
    .display = Libya
country-ma = Morocco
    .display = Morocco
country-mc = Monaco
    .display = Monaco
country-md = Moldova
    .display = Moldova
country-me = Montenegro
    .display = Montenegro
country-mf = Saint Martin
    .display = Saint Martin
country-mg = Madagascar
    .display = Madagascar
country-mh = the Marshall Islands
    .display = Marshall Islands
country-mk = North Macedonia
    .display = North Macedonia
country-ml = Mali
    .display = Mali
country-mm = Myanmar
    .display = Myanmar
country-mn = Mongolia
    .display = Mongolia
country-mo = Macao
    .display = Macao
country-mp = the Northern Mariana Islands
    .display = Northern Mariana Islands
country-mq = Martinique
    .display = Martinique
country-mr = Mauritania
    .display = Mauritania
country-ms = Montserrat
    .display = Montserrat
country-mt = Malta
    .display = Malta
country-mu = Mauritius
    .display = Mauritius
country-mv = the Maldives
    .display = Maldives
country-mw = Malawi
    .display = Malawi
country-mx = Mexico
    .display = Mexico
country-my = Malaysia
    .display = Malaysia
country-mz = Mozambique
    .display = Mozambique
country-na = Namibia
    .display = Namibia
country-nc = New Caledonia
    .display = New Caledonia
country-ne = Niger
    .display = Niger
country-nf = Norfolk Island
    .display = Norfolk Island
country-ng = Nigeria
    .display = Nigeria
country-ni = Nicaragua
    .display = Nicaragua
country-nl = the Netherlands
    .display = Netherlands
country-no = Norway
    .display = Norway
country-np = Nepal
    .display = Nepal
country-nr = Nauru
    .display = Nauru
country-nu = Niue
    .display = Niue
country-nz = New Zealand
    .display = New Zealand
country-om = Oman
    .display = Oman
country-pa = Panama
    .display = Panama
country-pe = Peru
    .display = Peru
country-pf = French Polynesia
    .display = French Polynesia
country-pg = Papua New Guinea
    .display = Papua New Guinea
country-ph = the Philippines
    .display = Philippines
country-pk = Pakistan
    .display = Pakistan
country-pl = Poland
    .display = Poland
country-pm = Saint Pierre and Miquelon
    .display = Saint Pierre and Miquelon
country-pn = Pitcairn
    .display = Pitcairn
country-pr = Puerto Rico
    .display = Puerto Rico
country-ps = Palestine
    .display = Palestine
country-pt = Portugal
    .display = Portugal
country-pw = Palau
    .display = Palau
country-py = Paraguay
    .display = Paraguay
country-qa = Qatar
    .display = Qatar
country-re = Réunion
    .display = Réunion
country-ro = Romania
    .display = Romania
country-rs = Serbia
    .display = Serbia
country-ru = Russia
    .display = Russia
country-rw = Rwanda
    .display = Rwanda
country-sa = Saudi Arabia
    .display = Saudi Arabia
country-sb = the Solomon Islands
    .display = Solomon Islands
country-sc = the Seychelles
    .display = Seychelles
country-sd = Sudan
    .display = Sudan
country-se = Sweden
    .display = Sweden
country-sg = Singapore
    .display = Singapore
country-sh = Saint Helena, Ascension and Tristan da Cunha
    .display = Saint Helena, Ascension and Tristan da Cunha
country-si = Slovenia
    .display = Slovenia
country-sj = Svalbard and Jan Mayen
    .display = Svalbard and Jan Mayen
country-sk = Slovakia
    .display = Slovakia
country-sl = Sierra Leone
    .display = Sierra Leone
country-sm = San Marino
    .display = San Marino
country-sn = Senegal
    .display = Senegal
country-so = Somalia
    .display = Somalia
country-sr = Suriname
    .display = Suriname
country-ss = South Sudan
    .display = South Sudan
country-st = Sao Tome and Principe
    .display = Sao Tome and Principe
country-sv = El Salvador
    .display = El Salvador
country-sx = Sint Maarten
    .display = Sint Maarten
country-sy = Syria
    .display = Syria
country-sz = Eswatini
    .display = Eswatini
country-tc = the Turks and Caicos Islands
    .display = Turks and Caicos Islands
country-td = Chad
    .display = Chad
country-tf = French Southern Territories
    .display = French Southern Territories
country-tg = Togo
    .display = Togo
country-th = Thailand
    .display = Thailand
country-tj = Tajikistan
    .display = Tajikistan
country-tk = Tokelau
    .display = Tokelau
country-tl = Timor-Leste
    .display = Timor-Leste
country-tm = Turkmenistan
    .display = Turkmenistan
country-tn = Tunisia
    .display = Tunisia
country-to = Tonga
    .display = Tonga
country-tr = Türkiye
    .display = Türkiye
country-tt = Trinidad and Tobago
    .display = Trinidad and Tobago
country-tv = Tuvalu
    .display = Tuvalu
country-tw = Taiwan
    .display = Taiwan
country-tz = Tanzania
    .display = Tanzania
country-ua = Ukraine
    .display = Ukraine
country-ug = Uganda
    .display = Uganda
country-um = the United States Minor Outlying Islands
    .display = United States Minor Outlying Islands
country-us = the United States
    .display = United States
country-uy = Uruguay
    .display = Uruguay
country-uz = Uzbekistan
    .display = Uzbekistan
country-va = Vatican City
    .display = Vatican City
country-vc = Saint Vincent and the Grenadines
    .display = Saint Vincent and the Grenadines
country-ve = Venezuela
    .display = Venezuela
country-vg = the British Virgin Islands
    .display = British Virgin Islands
country-vi = the U.S. Virgin Islands
    .display = U.S. Virgin Islands
country-vn = Vietnam
    .display = Vietnam
country-vu = Vanuatu
    .display = Vanuatu
country-wf = Wallis and Futuna
    .display = Wallis and Futuna
country-ws = Samoa
    .display = Samoa
country-ye = Yemen
    .display = Yemen
country-yt = Mayotte
    .display = Mayotte
country-za = South Africa
    .display = South Africa
country-zm = Zambia
    .display = Zambia
country-zw = Zimbabwe
    .display = Zimbabwe

##

# A count in running text: in words up to twelve, in digits beyond ("eight Chinese companies",
# "13 partners").
# Variables:
#   $n (Number) - the count
#   $digits (String) - the count formatted in digits
number-text = { $n ->
        [0] no
        [1] one
        [2] two
        [3] three
        [4] four
        [5] five
        [6] six
        [7] seven
        [8] eight
        [9] nine
        [10] ten
        [11] eleven
        [12] twelve
       *[other] { $digits }
    }

# The counted rest of a shortened list, as its last item: "A, B, and three other companies".
# How many items a list names before it counts the rest is LIST_CAP in src/summary/write.rs.
# Variables:
#   $what (String) - what the list names: companies, people, fields, markets or agreements
#   $case (String) - the list's case (English has none)
#   $count (Number) - how many are not named
#   $count-text (String) - that count, in words up to twelve (number-text)
list-rest = { $count ->
        [one] one other { $what ->
            [companies] company
            [people] person
            [fields] field
            [markets] market
           *[agreements] agreement
        }
       *[other] { $count-text } { $what ->
            [people] others
           *[other] { list-rest-plural }
        }
    }

# The rest's plural noun, after the count.
# Variables: as for list-rest
list-rest-plural = other { $what ->
        [companies] companies
        [fields] fields
        [markets] markets
       *[agreements] agreements
    }
