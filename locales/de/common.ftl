### Gemeinsames Vokabular: Ländernamen (Beschriftungen und Fließtext).

# Jede Beschriftung (hier ein Land, in den anderen Dateien ein Wert eines Vokabulars) hat
# ein Attribut `.display`: die Form, die für sich steht, in einer Liste, einem Auswahlmenü
# oder einem Filter, großgeschrieben und ohne den Artikel, den ihr ein Satz gibt. Der Wert
# ist die Form im Satz.

## Ländernamen, als Beschriftung und im Fließtext („für Thailand und China“).
country-ad = Andorra
    .display = Andorra
country-ae = die Vereinigten Arabischen Emirate
    .display = Vereinigte Arabische Emirate
country-af = Afghanistan
    .display = Afghanistan
country-ag = Antigua und Barbuda
    .display = Antigua und Barbuda
country-ai = Anguilla
    .display = Anguilla
country-al = Albanien
    .display = Albanien
country-am = Armenien
    .display = Armenien
country-ao = Angola
    .display = Angola
country-aq = Antarktis
    .display = Antarktis
country-ar = Argentinien
    .display = Argentinien
country-as = Amerikanisch-Samoa
    .display = Amerikanisch-Samoa
country-at = Österreich
    .display = Österreich
country-au = Australien
    .display = Australien
country-aw = Aruba
    .display = Aruba
country-ax = die Åland-Inseln
    .display = Åland-Inseln
country-az = Aserbaidschan
    .display = Aserbaidschan
country-ba = Bosnien und Herzegowina
    .display = Bosnien und Herzegowina
country-bb = Barbados
    .display = Barbados
country-bd = Bangladesch
    .display = Bangladesch
country-be = Belgien
    .display = Belgien
country-bf = Burkina Faso
    .display = Burkina Faso
country-bg = Bulgarien
    .display = Bulgarien
country-bh = Bahrain
    .display = Bahrain
country-bi = Burundi
    .display = Burundi
country-bj = Benin
    .display = Benin
country-bl = Saint-Barthélemy
    .display = Saint-Barthélemy
country-bm = Bermuda
    .display = Bermuda
country-bn = Brunei Darussalam
    .display = Brunei Darussalam
country-bo = Bolivien
    .display = Bolivien
country-bq = Bonaire, Sint Eustatius und Saba
    .display = Bonaire, Sint Eustatius und Saba
country-br = Brasilien
    .display = Brasilien
country-bs = die Bahamas
    .display = Bahamas
country-bt = Bhutan
    .display = Bhutan
country-bv = Bouvet-Insel
    .display = Bouvet-Insel
country-bw = Botsuana
    .display = Botsuana
country-by = Belarus
    .display = Belarus
country-bz = Belize
    .display = Belize
country-ca = Kanada
    .display = Kanada
country-cc = die Kokosinseln
    .display = Kokosinseln
country-cd = die Demokratische Republik Kongo
    .display = Demokratische Republik Kongo
country-cf = die Zentralafrikanische Republik
    .display = Zentralafrikanische Republik
country-cg = die Republik Kongo
    .display = Republik Kongo
country-ch = die Schweiz
    .display = Schweiz
country-ci = Côte d'Ivoire
    .display = Côte d'Ivoire
country-ck = die Cookinseln
    .display = Cookinseln
country-cl = Chile
    .display = Chile
country-cm = Kamerun
    .display = Kamerun
country-cn = China
    .display = China
country-co = Kolumbien
    .display = Kolumbien
country-cr = Costa Rica
    .display = Costa Rica
country-cu = Kuba
    .display = Kuba
country-cv = Kap Verde
    .display = Kap Verde
country-cw = Curaçao
    .display = Curaçao
country-cx = die Weihnachtsinseln
    .display = Weihnachtsinseln
country-cy = Zypern
    .display = Zypern
country-cz = Tschechien
    .display = Tschechien
country-de = Deutschland
    .display = Deutschland
country-dj = Dschibuti
    .display = Dschibuti
country-dk = Dänemark
    .display = Dänemark
country-dm = Dominica
    .display = Dominica
country-do = die Dominikanische Republik
    .display = Dominikanische Republik
country-dz = Algerien
    .display = Algerien
country-ec = Ecuador
    .display = Ecuador
country-ee = Estland
    .display = Estland
country-eg = Ägypten
    .display = Ägypten
country-eh = Westsahara
    .display = Westsahara
country-er = Eritrea
    .display = Eritrea
country-es = Spanien
    .display = Spanien
country-et = Äthiopien
    .display = Äthiopien
country-fi = Finnland
    .display = Finnland
country-fj = Fidschi
    .display = Fidschi
country-fk = die Falklandinseln
    .display = Falklandinseln
country-fm = Mikronesien
    .display = Mikronesien
country-fo = die Färöer-Inseln
    .display = Färöer-Inseln
country-fr = Frankreich
    .display = Frankreich
country-ga = Gabun
    .display = Gabun
country-gb = das Vereinigte Königreich
    .display = Vereinigtes Königreich
country-gd = Grenada
    .display = Grenada
country-ge = Georgien
    .display = Georgien
country-gf = Französisch-Guyana
    .display = Französisch-Guyana
country-gg = Guernsey
    .display = Guernsey
country-gh = Ghana
    .display = Ghana
country-gi = Gibraltar
    .display = Gibraltar
country-gl = Grönland
    .display = Grönland
country-gm = Gambia
    .display = Gambia
country-gn = Guinea
    .display = Guinea
country-gp = Guadeloupe
    .display = Guadeloupe
country-gq = Äquatorialguinea
    .display = Äquatorialguinea
country-gr = Griechenland
    .display = Griechenland
country-gs = die South Georgia und die Südlichen Sandwichinseln
    .display = South Georgia und die Südlichen Sandwichinseln
country-gt = Guatemala
    .display = Guatemala
country-gu = Guam
    .display = Guam
country-gw = Guinea-Bissau
    .display = Guinea-Bissau
country-gy = Guyana
    .display = Guyana
country-hk = Hongkong
    .display = Hongkong
country-hm = die Heard und McDonaldinseln
    .display = Heard und McDonaldinseln
country-hn = Honduras
    .display = Honduras
country-hr = Kroatien
    .display = Kroatien
country-ht = Haiti
    .display = Haiti
country-hu = Ungarn
    .display = Ungarn
country-id = Indonesien
    .display = Indonesien
country-ie = Irland
    .display = Irland
country-il = Israel
    .display = Israel
country-im = Insel Man
    .display = Insel Man
country-in = Indien
    .display = Indien
country-io = Britisches Territorium im Indischen Ozean
    .display = Britisches Territorium im Indischen Ozean
country-iq = Irak
    .display = Irak
country-ir = Iran
    .display = Iran
country-is = Island
    .display = Island
country-it = Italien
    .display = Italien
country-je = Jersey
    .display = Jersey
country-jm = Jamaika
    .display = Jamaika
country-jo = Jordanien
    .display = Jordanien
country-jp = Japan
    .display = Japan
country-ke = Kenia
    .display = Kenia
country-kg = Kirgisistan
    .display = Kirgisistan
country-kh = Kambodscha
    .display = Kambodscha
country-ki = Kiribati
    .display = Kiribati
country-km = die Komoren
    .display = Komoren
country-kn = St. Kitts und Nevis
    .display = St. Kitts und Nevis
country-kp = Nordkorea
    .display = Nordkorea
country-kr = Südkorea
    .display = Südkorea
country-kw = Kuwait
    .display = Kuwait
country-ky = die Cayman-Inseln
    .display = Cayman-Inseln
country-kz = Kasachstan
    .display = Kasachstan
country-la = Laos
    .display = Laos
country-lb = Libanon
    .display = Libanon
country-lc = St. Lucia
    .display = St. Lucia
country-li = Liechtenstein
    .display = Liechtenstein
country-lk = Sri Lanka
    .display = Sri Lanka
country-lr = Liberia
    .display = Liberia
country-ls = Lesotho
    .display = Lesotho
country-lt = Litauen
    .display = Litauen
country-lu = Luxemburg
    .display = Luxemburg
country-lv = Lettland
    .display = Lettland
country-ly = Libyen
    .display = Libyen
country-ma = Marokko
    .display = Marokko
country-mc = Monaco
    .display = Monaco
country-md = Moldau
    .display = Moldau
country-me = Montenegro
    .display = Montenegro
country-mf = Saint-Martin
    .display = Saint-Martin
country-mg = Madagaskar
    .display = Madagaskar
country-mh = die Marshallinseln
    .display = Marshallinseln
country-mk = Nordmazedonien
    .display = Nordmazedonien
country-ml = Mali
    .display = Mali
country-mm = Myanmar
    .display = Myanmar
country-mn = die Mongolei
    .display = Mongolei
country-mo = Macao
    .display = Macao
country-mp = Nördliche Marianen
    .display = Nördliche Marianen
country-mq = Martinique
    .display = Martinique
country-mr = Mauretanien
    .display = Mauretanien
country-ms = Montserrat
    .display = Montserrat
country-mt = Malta
    .display = Malta
country-mu = Mauritius
    .display = Mauritius
country-mv = die Malediven
    .display = Malediven
country-mw = Malawi
    .display = Malawi
country-mx = Mexiko
    .display = Mexiko
country-my = Malaysia
    .display = Malaysia
country-mz = Mosambik
    .display = Mosambik
country-na = Namibia
    .display = Namibia
country-nc = Neukaledonien
    .display = Neukaledonien
country-ne = Niger
    .display = Niger
country-nf = Norfolkinsel
    .display = Norfolkinsel
country-ng = Nigeria
    .display = Nigeria
country-ni = Nicaragua
    .display = Nicaragua
country-nl = die Niederlande
    .display = Niederlande
country-no = Norwegen
    .display = Norwegen
country-np = Nepal
    .display = Nepal
country-nr = Nauru
    .display = Nauru
country-nu = Niue
    .display = Niue
country-nz = Neuseeland
    .display = Neuseeland
country-om = Oman
    .display = Oman
country-pa = Panama
    .display = Panama
country-pe = Peru
    .display = Peru
country-pf = Französisch-Polynesien
    .display = Französisch-Polynesien
country-pg = Papua-Neuguinea
    .display = Papua-Neuguinea
country-ph = die Philippinen
    .display = Philippinen
country-pk = Pakistan
    .display = Pakistan
country-pl = Polen
    .display = Polen
country-pm = St. Pierre und Miquelon
    .display = St. Pierre und Miquelon
country-pn = Pitcairn
    .display = Pitcairn
country-pr = Puerto Rico
    .display = Puerto Rico
country-ps = Palästina
    .display = Palästina
country-pt = Portugal
    .display = Portugal
country-pw = Palau
    .display = Palau
country-py = Paraguay
    .display = Paraguay
country-qa = Katar
    .display = Katar
country-re = Réunion
    .display = Réunion
country-ro = Rumänien
    .display = Rumänien
country-rs = Serbien
    .display = Serbien
country-ru = Russland
    .display = Russland
country-rw = Ruanda
    .display = Ruanda
country-sa = Saudi-Arabien
    .display = Saudi-Arabien
country-sb = die Salomoninseln
    .display = Salomoninseln
country-sc = die Seychellen
    .display = Seychellen
country-sd = Sudan
    .display = Sudan
country-se = Schweden
    .display = Schweden
country-sg = Singapur
    .display = Singapur
country-sh = St. Helena, Ascension und Tristan da Cunha
    .display = St. Helena, Ascension und Tristan da Cunha
country-si = Slowenien
    .display = Slowenien
country-sj = Svalbard und Jan Mayen
    .display = Svalbard und Jan Mayen
country-sk = die Slowakei
    .display = Slowakei
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
country-ss = Südsudan
    .display = Südsudan
country-st = São Tomé und Príncipe
    .display = São Tomé und Príncipe
country-sv = El Salvador
    .display = El Salvador
country-sx = Sint Maarten
    .display = Sint Maarten
country-sy = Syrien
    .display = Syrien
country-sz = Eswatini
    .display = Eswatini
country-tc = die Turks- und Caicosinseln
    .display = Turks- und Caicosinseln
country-td = Tschad
    .display = Tschad
country-tf = Französische Süd- und Antarktisgebiete
    .display = Französische Süd- und Antarktisgebiete
country-tg = Togo
    .display = Togo
country-th = Thailand
    .display = Thailand
country-tj = Tadschikistan
    .display = Tadschikistan
country-tk = Tokelau
    .display = Tokelau
country-tl = Timor-Leste
    .display = Timor-Leste
country-tm = Turkmenistan
    .display = Turkmenistan
country-tn = Tunesien
    .display = Tunesien
country-to = Tonga
    .display = Tonga
country-tr = die Türkei
    .display = Türkei
country-tt = Trinidad und Tobago
    .display = Trinidad und Tobago
country-tv = Tuvalu
    .display = Tuvalu
country-tw = Taiwan
    .display = Taiwan
country-tz = Tansania
    .display = Tansania
country-ua = die Ukraine
    .display = Ukraine
country-ug = Uganda
    .display = Uganda
country-um = United States Minor Outlying Islands
    .display = United States Minor Outlying Islands
country-us = die USA
    .display = USA
country-uy = Uruguay
    .display = Uruguay
country-uz = Usbekistan
    .display = Usbekistan
country-va = die Vatikanstadt
    .display = Vatikanstadt
country-vc = St. Vincent und die Grenadinen
    .display = St. Vincent und die Grenadinen
country-ve = Venezuela
    .display = Venezuela
country-vg = die Britischen Jungferninseln
    .display = Britische Jungferninseln
country-vi = die Amerikanischen Jungferninseln
    .display = Amerikanische Jungferninseln
country-vn = Vietnam
    .display = Vietnam
country-vu = Vanuatu
    .display = Vanuatu
country-wf = Wallis und Futuna
    .display = Wallis und Futuna
country-ws = Samoa
    .display = Samoa
country-ye = Jemen
    .display = Jemen
country-yt = Mayotte
    .display = Mayotte
country-za = Südafrika
    .display = Südafrika
country-zm = Sambia
    .display = Sambia
country-zw = Simbabwe
    .display = Simbabwe

##

# Eine Anzahl im Fließtext: bis zwölf in Worten, darüber in Ziffern („acht chinesische
# Unternehmen“, „13 Partner“). Die Eins wird in den Sätzen selbst gebeugt („einem Partner“).
# Variables:
#   $n (Number) - die Anzahl
#   $digits (String) - die Anzahl in Ziffern
number-text = { $n ->
        [0] kein
        [1] ein
        [2] zwei
        [3] drei
        [4] vier
        [5] fünf
        [6] sechs
        [7] sieben
        [8] acht
        [9] neun
        [10] zehn
        [11] elf
        [12] zwölf
       *[other] { $digits }
    }

# Der gezählte Rest einer gekürzten Liste, als ihr letztes Glied: „A, B und drei weitere
# Unternehmen“, „zwischen A, B und drei weiteren Unternehmen“. Wie viele Glieder eine Liste
# nennt, bevor sie den Rest zählt, bestimmt LIST_CAP in src/summary/write.rs.
# Variables:
#   $what (String) - was die Liste aufzählt: companies, people, fields, markets oder agreements
#   $case (String) - der Fall der Liste: nominative, genitive, dative oder accusative
#   $count (Number) - wie viele nicht genannt werden
#   $count-text (String) - diese Anzahl, bis zwölf in Worten (number-text)
list-rest = { $case ->
        [dative] { $count ->
            [one] { $what ->
                [companies] einem weiteren Unternehmen
                [people] einer weiteren Person
                [fields] einem weiteren Bereich
                [markets] einem weiteren Markt
               *[agreements] einer weiteren Vereinbarung
            }
           *[other] { $count-text } { $what ->
                [companies] weiteren Unternehmen
                [people] weiteren Personen
                [fields] weiteren Bereichen
                [markets] weiteren Märkten
               *[agreements] weiteren Vereinbarungen
            }
        }
        [genitive] { $count ->
            [one] { $what ->
                [companies] eines weiteren Unternehmens
                [people] einer weiteren Person
                [fields] eines weiteren Bereichs
                [markets] eines weiteren Marktes
               *[agreements] einer weiteren Vereinbarung
            }
           *[other] { $count-text } { $what ->
                [companies] weiterer Unternehmen
                [people] weiterer Personen
                [fields] weiterer Bereiche
                [markets] weiterer Märkte
               *[agreements] weiterer Vereinbarungen
            }
        }
        [accusative] { $count ->
            [one] { $what ->
                [companies] ein weiteres Unternehmen
                [people] eine weitere Person
                [fields] einen weiteren Bereich
                [markets] einen weiteren Markt
               *[agreements] eine weitere Vereinbarung
            }
           *[other] { list-rest-plural }
        }
       *[nominative] { $count ->
            [one] { $what ->
                [companies] ein weiteres Unternehmen
                [people] eine weitere Person
                [fields] ein weiterer Bereich
                [markets] ein weiterer Markt
               *[agreements] eine weitere Vereinbarung
            }
           *[other] { list-rest-plural }
        }
    }

# Der Rest im Nominativ und Akkusativ Plural, die gleich lauten.
# Variables: wie bei list-rest
list-rest-plural = { $count-text } { $what ->
        [companies] weitere Unternehmen
        [people] weitere Personen
        [fields] weitere Bereiche
        [markets] weitere Märkte
       *[agreements] weitere Vereinbarungen
    }
