# An independent reading of Eurostat SDMX-CSV (1.0 and 2.0) into obs TSV, for
# checking mipexr-normalise: dimensions are the lower-case code columns, the
# dataset code comes from DATAFLOW or STRUCTURE_ID. Needs gawk (FPAT).
# usage: gawk -f sdmx-melt.awk FILE
BEGIN { FPAT = "([^,]*)|(\"[^\"]*\")"; OFS = "\t" }
{ sub(/\r$/, "") }
NR == 1 {
	line = "source"
	for (i = 1; i <= NF; i++) {
		col[$i] = i
		if ($i ~ /^[a-z][a-z0-9_]*$/) { dim[++nd] = i; line = line OFS $i }
	}
	print line, "time", "value", "flag"
	src = ("DATAFLOW" in col) ? col["DATAFLOW"] : col["STRUCTURE_ID"]
	next
}
{
	s = tolower($src); sub(/^[^:]*:/, "", s); sub(/[($].*/, "", s)
	line = s
	for (d = 1; d <= nd; d++) line = line OFS $(dim[d])
	f = ("OBS_FLAG" in col) ? $(col["OBS_FLAG"]) : ""
	if (("CONF_STATUS" in col) && $(col["CONF_STATUS"]) != "" && $(col["CONF_STATUS"]) != "F") f = f "c"
	print line, $(col["TIME_PERIOD"]), $(col["OBS_VALUE"]), f
}
