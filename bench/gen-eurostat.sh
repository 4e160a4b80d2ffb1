#!/bin/sh
# Deterministic generator of a current-format Eurostat TSV extract:
# N series (default 250000, about 45 MB) × 24 years, with trailing spaces,
# flags ('12.7 b', '17.5 bu') and missing cells (': ', ': c'). Needs gawk.
# usage: sh gen-eurostat.sh [N] > extract.tsv
N=${1:-250000}
gawk -v n="$N" 'BEGIN {
	srand(7)
	nc = split("AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK", C, " ")
	ns = split("T F M", S, " ")
	nb = split("NAT FOR EU27_2020_FOR NEU27_2020_FOR TOTAL", B, " ")
	printf "freq,unit,sex,age,c_birth,geo\\TIME_PERIOD"
	for (y = 2000; y <= 2023; y++) printf "\t%d ", y
	printf "\n"
	for (k = 0; k < n; k++) {
		printf "A,PC,%s,Y20-64,%s,%s%d%d", S[k % ns + 1], B[int(k / ns) % nb + 1], C[int(rand() * nc) + 1], int(rand() * 9) + 1, int(rand() * 9) + 1
		for (y = 0; y < 24; y++) {
			r = rand()
			if (r < 0.1) printf "\t: "
			else if (r < 0.12) printf "\t: c"
			else if (r < 0.2) printf "\t%.1f b", rand() * 100
			else if (r < 0.22) printf "\t%.1f bu", rand() * 100
			else printf "\t%.1f ", rand() * 100
		}
		printf "\n"
	}
}'
