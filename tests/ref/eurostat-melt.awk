# An independent reading of Eurostat TSV (old, current, transposed) into obs
# TSV, for checking mipexr-normalise: it shares no code with it.
# usage: awk -v source=ID -f eurostat-melt.awk FILE
BEGIN { FS = "\t"; OFS = "\t" }
{ sub(/\r$/, "") }
NR == 1 {
	split($1, parts, "\\")
	nk = split(parts[1], keys, ",")
	coldim = tolower(parts[2])
	transposed = coldim != "time" && coldim != "time_period"
	for (i = 2; i <= NF; i++) { label[i] = $i; gsub(/ /, "", label[i]) }
	line = "source"
	for (k = 1; k <= nk; k++) {
		name = tolower(keys[k])
		if (transposed && (name == "time" || name == "time_period")) { tk = k; continue }
		line = line OFS name
	}
	if (transposed) line = line OFS coldim
	print line, "time", "value", "flag"
	next
}
{
	split($1, kv, ",")
	for (i = 2; i <= NF; i++) {
		cell = $i
		gsub(/^ +| +$/, "", cell)
		sp = index(cell, " ")
		if (sp) { v = substr(cell, 1, sp - 1); f = substr(cell, sp + 1); gsub(/ /, "", f) }
		else { v = cell; f = "" }
		if (v == ":") v = ""
		# flags sorted, each once
		fs = ""
		for (c = 97; c <= 122; c++) { ch = sprintf("%c", c); if (index(f, ch)) fs = fs ch }
		line = source
		for (k = 1; k <= nk; k++) if (!(transposed && k == tk)) line = line OFS kv[k]
		if (transposed) line = line OFS label[i] OFS kv[tk]
		else line = line OFS label[i]
		print line, v, fs
	}
}
