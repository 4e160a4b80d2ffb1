# check.awk: does a command's output show what its document says it does?
# awk -f check.awk WANT OUTPUT prints the first line of WANT (as the document
# writes it) that is not in OUTPUT, and nothing when all are. Every shown line
# must be in the output, in the shown order (other lines may come between),
# compared with runs of blanks and TABs folded to one space and the ends
# trimmed; a shown line ending in … or ... matches a line that begins with
# what comes before it; a line that is only … or ..., or blank, matches
# anything (so it is skipped).

function fold(s) {
	gsub(/[ \t\r]+/, " ", s)
	sub(/^ /, "", s)
	sub(/ $/, "", s)
	return s
}

FILENAME == ARGV[1] {
	w = fold($0)
	if (w == "" || w == "…" || w == "...") next
	nw++; shown[nw] = $0; prefix[nw] = 0
	if (w ~ /(…|\.\.\.)$/) { sub(/(…|\.\.\.)$/, "", w); prefix[nw] = 1 }
	want[nw] = w
	next
}

i <= nw {
	g = fold($0)
	if (prefix[i] ? substr(g, 1, length(want[i])) == want[i] : g == want[i]) i++
}

BEGIN { i = 1 }
END { if (i <= nw) print shown[i] }
