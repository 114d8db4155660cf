### Shared vocabulary: country names (labels and running text).

## Country names, as labels and in running text ("in Thailand and China").
country-cn = China
country-th = Thailand
country-de = Germany
country-us = the United States

##
