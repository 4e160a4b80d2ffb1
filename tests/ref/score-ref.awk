# An independent scorer for checking mipexr-score: reads a catalogue (rows
# without numerator/denominator) and a harmonised TSV, prints the scored rows
# unsorted (pipe through sort). It shares no code with the program.
# usage: awk -f score-ref.awk CATALOGUE HARMONISED | LC_ALL=C sort -t "$tab" -k1,1 -k3,3 -k6,6 -k7,7 -k8,8
BEGIN { FS = OFS = "\t" }
function decimals(s) { return index(s, ".") ? length(s) - index(s, ".") : 0 }
function union(a, b,    i, c, out) {
	out = ""
	for (i = 97; i <= 122; i++) { c = sprintf("%c", i); if (index(a, c) || index(b, c)) out = out c }
	return out
}
function num(x) { x = sprintf("%.15g", x); return x == "-0" ? "0" : x }
FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
FILENAME == ARGV[1] {
	n++; id[n] = $col[FILENAME, "indicator"]; area[n] = $col[FILENAME, "area"]
	src[n] = $col[FILENAME, "source"]; sel[n] = $col[FILENAME, "select"]
	gdim[n] = $col[FILENAME, "group_dim"]; ref[n] = $col[FILENAME, "reference"]; pol[n] = $col[FILENAME, "polarity"]
	next
}
{
	for (k = 1; k <= n; k++) {
		if ($col[FILENAME, "source"] != src[k]) continue
		m = split(sel[k], conds, ";"); ok = 1
		for (j = 1; j <= m; j++) { split(conds[j], kv, "="); if ($col[FILENAME, kv[1]] != kv[2]) ok = 0 }
		if (!ok) continue
		key = k SUBSEP $col[FILENAME, "geo"] SUBSEP $col[FILENAME, "time"] SUBSEP $col[FILENAME, "sex"]
		code = $col[FILENAME, gdim[k]]
		cells[key] = cells[key] " " code
		val[key, code] = $col[FILENAME, "value"]; flg[key, code] = $col[FILENAME, "flag"]
		grp[key, code] = $col[FILENAME, "group"]; ctry[key] = $col[FILENAME, "country"]; lvl[key] = $col[FILENAME, "nuts_level"]
	}
}
END {
	for (key in cells) {
		split(key, p, SUBSEP); k = p[1]
		r = ref[k]; rv = ((key, r) in val) ? val[key, r] : ""; rf = ((key, r) in flg) ? flg[key, r] : ""
		rg = ((key, r) in grp) ? grp[key, r] : (gdim[k] == "c_birth" ? "native_born" : "nationals")
		c = split(substr(cells[key], 2), codes, " ")
		for (i = 1; i <= c; i++) {
			code = codes[i]; v = val[key, code]
			gap = ratio = score = ""
			if (v != "" && rv != "") {
				d = decimals(v) > decimals(rv) ? decimals(v) : decimals(rv)
				gap = sprintf("%." d "f", v - rv); if (gap ~ /^-0(\.0*)?$/) sub(/^-/, "", gap)
				if (rv + 0 != 0) ratio = num(v / rv)
				if (code != r && pol[k] != "0") {
					if (pol[k] == "+") score = v + 0 >= rv + 0 ? 100 : num(100 * v / rv)
					else score = v + 0 <= rv + 0 ? 100 : num(100 * rv / v)
				}
			}
			print id[k], area[k], p[2], ctry[key], lvl[key], p[3], p[4], grp[key, code], v, union(flg[key, code], rf), rg, rv, gap, ratio, score, pol[k]
		}
	}
}
