### Gemeinsames Vokabular: Ländernamen (Beschriftungen und Fließtext).

## Ländernamen, als Beschriftung und im Fließtext („für Thailand und China“).
country-cn = China
country-th = Thailand
country-de = Deutschland
country-us = die USA

##
