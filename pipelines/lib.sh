# Shared by the pipelines (sourced, POSIX sh). The filters are found in the
# build tree next to the pipelines, else on PATH (an installed copy).

pipelines_dir=$(cd "$(dirname "$0")" && pwd)
if [ -x "$pipelines_dir/../build/bin/mipexr-normalise" ]; then
	PATH=$pipelines_dir/../build/bin:$PATH
fi
prog=${0##*/}
# the log file of a refresh; refresh-one is told it with -l
log_file=
# quiet=1: stage does not log its command line, and a filter's messages go
# out as they are, not indented under it (outcomes without -v), each line
# once when said names a file to keep them in
quiet=0 said=

# usage [STATUS]: the script's usage_text; -h (status 0) prints it on stdout,
# a bad call (status 2, the default) on stderr
usage() {
	if [ "${1:-2}" -eq 0 ]; then
		usage_text
		exit 0
	fi
	usage_text >&2
	exit 2
}

# log MESSAGE...: a timestamped line on stderr (and in $log_file when set);
# quiet, the line without its time
log() {
	if [ "$quiet" = 1 ]; then line="$prog: $*"; else line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $prog: $*"; fi
	printf '%s\n' "$line" >&2
	if [ -n "$log_file" ]; then printf '%s\n' "$line" >>"$log_file"; fi
}

die() {
	log "error: $*"
	exit "${die_status:-1}"
}

# stage NAME OUTPUT COMMAND...: runs COMMAND with stdout to OUTPUT and its
# stderr logged; a failure names the stage and ends the pipeline with the
# stage's own exit status. Exit 1 of validate and compare is not data loss
# but is still a failure here unless the caller says otherwise with ok_status.
stage() {
	# sh has no local variables: these names are the function's own
	_stage_name=$1 _stage_out=$2
	shift 2
	[ "$quiet" = 1 ] || log "$_stage_name: $*"
	_stage_status=0
	"$@" >"$_stage_out" 2>"$_stage_out.err" || _stage_status=$?
	if [ -s "$_stage_out.err" ]; then
		if [ "$quiet" = 1 ] && [ -n "$said" ]; then
			# a thing is said once: a line a stage said before is not said again
			# (the same "not drawn" under every map)
			awk 'FILENAME == ARGV[1] { seen[$0] = 1; next } !seen[$0]++' "$said" "$_stage_out.err" >&2
			cat "$_stage_out.err" >>"$said"
		elif [ "$quiet" = 1 ]; then
			cat "$_stage_out.err" >&2
		else
			sed "s/^/  /" "$_stage_out.err" >&2
		fi
		if [ -n "$log_file" ]; then sed "s/^/  /" "$_stage_out.err" >>"$log_file"; fi
	fi
	rm -f "$_stage_out.err"
	case " ${ok_status:-0} " in
	*" $_stage_status "*) return 0 ;;
	esac
	die_status=$_stage_status
	die "stage $_stage_name failed (exit $_stage_status)${extract:+ on $extract}"
}

# safe_id KIND ID: true when ID may go into a file name (no slash, not empty,
# no leading dot); otherwise a warning is logged and false returned
safe_id() {
	case $2 in
	'' | .* | */*) log "warning: $1 \"$2\" cannot name a file: skipped"; return 1 ;;
	esac
	return 0
}

# data_file NAME: a reference file of the toolkit's data/, where the filters
# find it (MIPEXR_DATA, the source tree beside the pipelines, an installed
# share/mipexr)
data_file() {
	if [ -n "${MIPEXR_DATA:-}" ]; then
		printf '%s\n' "$MIPEXR_DATA/$1"
	elif [ -r "$pipelines_dir/../data/$1" ]; then
		printf '%s\n' "$(cd "$pipelines_dir/../data" && pwd)/$1"
	else
		_bin=$(command -v mipexr-score) || return 1
		printf '%s\n' "${_bin%/*}/../share/mipexr/$1"
	fi
}

# catalogue_file [CATALOGUE]: the catalogue score reads: the one given, else
# the toolkit's data/indicators.tsv
catalogue_file() {
	if [ -n "${1:-}" ]; then
		printf '%s\n' "$1"
	else
		data_file indicators.tsv
	fi
}

# The citation under every table that shows a national MIPEX score
# (data/SOURCES.md)
mipex_citation="Migrant Integration Policy Index (MIPEX), CIDOB and MPG, www.mipex.eu"

# has_column FILE NAME: true when the TSV's header has the column
has_column() {
	head -n 1 "$1" | tr '\t' '\n' | grep -qxF -- "$2"
}

# policy_overall POLICY NAME: the overall rows of policy rows, of each
# region's latest period, each with an origin naming NAME, the region and the
# period (when the rows have none), for compare's messages
policy_overall() {
	awk -F'\t' -v OFS='\t' -v name="$2" '
		FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; add = !("origin" in c)
			if (NR > FNR) print $0 (add ? "\torigin" : ""); next }
		$c["indicator"] != "overall" || $c["group"] != "policy" { next }
		NR == FNR { if (!($c["geo"] in last) || $c["time"] > last[$c["geo"]]) last[$c["geo"]] = $c["time"]; next }
		$c["time"] == last[$c["geo"]] { print $0 (add ? "\t" name " " $c["geo"] " " $c["time"] : "") }' "$1" "$1"
}

# policy_pairs POLICY OUTCOMES YEAR SEX GROUP NOTES: for each region of the
# policy rows, its area scores of its latest period beside the outcome parity
# scores of the same areas (OUTCOMES: compared rows) of YEAR, SEX and GROUP,
# for the areas that have both: the rows of both, in one table with the
# columns indicator area geo time sex group score coverage pair (pair: "AREA:
# policy" or "AREA: outcome", for a chart). What could not be paired goes to
# NOTES, a line per area and reason: the policy areas without an outcome
# score in some regions (with how many and which), those without one in any
# region (one line for all), the outcome areas without a policy score
pair_columns="indicator area geo time sex group score coverage"
policy_pairs() {
	awk -F'\t' -v OFS='\t' -v year="$3" -v sex="$4" -v grp="$5" -v notes="$6" -v cols="$pair_columns" '
		FNR == 1 { delete c; for (i = 1; i <= NF; i++) c[$i] = i; next }
		FILENAME == ARGV[1] {
			if ($c["group"] != "policy" || $c["indicator"] !~ /^area:/) next
			g = $c["geo"]
			if (!(g in latest) || $c["time"] > latest[g]) latest[g] = $c["time"]
			prow[g, $c["indicator"], $c["time"]] = row()
			parea[$c["indicator"]] = 1
			next
		}
		$c["time"] == year && $c["sex"] == sex && $c["group"] == grp && $c["indicator"] ~ /^area:/ {
			orow[$c["geo"], $c["indicator"]] = row()
			ogeo[$c["geo"]] = 1
			oarea[$c["indicator"]] = 1
		}
		function row(   k, out, i) {
			out = ""
			for (i = 1; i <= ncols; i++) out = out (i > 1 ? "\t" : "") (name[i] in c ? $c[name[i]] : "")
			return out
		}
		BEGIN { ncols = split(cols, name, " ") }
		# isort(arr, n): arr[1..n] sorted in place (insertion: the lists are short)
		function isort(arr, n,   i, j, v) {
			for (i = 2; i <= n; i++) { v = arr[i]; for (j = i - 1; j > 0 && arr[j] > v; j--) arr[j + 1] = arr[j]; arr[j + 1] = v }
		}
		# names(set): the keys of set, sorted, "A, B, C …" past three, and how many in nn
		function names(set,   k, arr, n, i, out) {
			n = 0
			for (k in set) arr[++n] = k
			isort(arr, n)
			out = ""
			for (i = 1; i <= n && i <= 3; i++) out = out (i > 1 ? ", " : "") arr[i]
			nn = n
			return out (n > 3 ? " …" : "")
		}
		# lacking(kind, ind, g): area ind of region g is not paired, for a reason (kind)
		function lacking(kind, ind, g) {
			if (!((kind, ind) in why)) { why[kind, ind] = 1; reason[++m] = kind SUBSEP ind }
			lack[kind, ind, g] = 1
		}
		END {
			for (i = 1; i <= ncols; i++) printf "%s\t", name[i]
			print "pair"
			n = 0
			for (k in prow) { split(k, p, SUBSEP); if (p[3] == latest[p[1]]) key[++n] = p[1] SUBSEP p[2] }
			isort(key, n)
			for (i = 1; i <= n; i++) {
				split(key[i], p, SUBSEP); g = p[1]; ind = p[2]; a = ind; sub(/^area:/, "", a)
				regions[g] = 1
				if (!(g in ogeo)) continue
				split(prow[g, ind, latest[g]], pf, "\t"); split((g, ind) in orow ? orow[g, ind] : "", of, "\t")
				if (pf[7] == "") lacking("policy", ind, g)
				else if (of[7] == "") lacking("outcome", ind, g)
				else {
					print prow[g, ind, latest[g]], a ": policy"
					print orow[g, ind], a ": outcome"
					paired[g] = 1
				}
			}
			isort(reason, m)
			na = 0
			for (i = 1; i <= m; i++) {
				split(reason[i], r, SUBSEP)
				if (r[1] == "outcome" && !(r[2] in oarea)) {
					a = r[2]; sub(/^area:/, "", a); noarea = noarea (na++ ? ", " : "") a
					continue
				}
				delete set
				for (k in lack) { split(k, p, SUBSEP); if (p[1] == r[1] && p[2] == r[2]) set[p[3]] = 1 }
				list = names(set); a = r[2]; sub(/^area:/, "", a)
				if (r[1] == "policy")
					printf "policy area %s: no policy score (nothing answered below it) in %d region%s (%s): not paired\n", a, nn, nn == 1 ? "" : "s", list >notes
				else
					printf "policy area %s: no outcome parity score of the %s (%s, sex %s) in %d region%s (%s): not paired\n", a, grp, year, sex, nn, nn == 1 ? "" : "s", list >notes
			}
			if (na > 0)
				printf "policy area%s %s: no outcome score of %s in any region (%s, %s, sex %s): not paired\n", na == 1 ? "" : "s", noarea, na == 1 ? "that area" : "those areas", grp, year, sex >notes
			delete set
			for (k in oarea) if (!(k in parea)) { a = k; sub(/^area:/, "", a); set[a] = 1 }
			list = names(set)
			if (nn > 0) printf "outcome area%s %s: no policy score in any region: not paired\n", nn == 1 ? "" : "s", list >notes
			delete set
			for (g in regions) if (!(g in ogeo)) set[g] = 1
			list = names(set)
			if (nn > 0) printf "no outcome parity score of the %s (%s, sex %s) in %d region%s with policy scores (%s): no policy-beside-outcome table\n", grp, year, sex, nn, nn == 1 ? "" : "s", list >notes
			delete set
			for (g in regions) if (g in ogeo && !(g in paired)) set[g] = 1
			list = names(set)
			if (nn > 0) printf "no area with both a policy and an outcome score in %d region%s (%s): no policy-beside-outcome table\n", nn, nn == 1 ? "" : "s", list >notes
		}' "$1" "$2"
}
# not_given CATALOGUE HARMONISED: one line naming the catalogue's indicators
# none of whose datasets is among the harmonised rows' sources (score says
# nothing of those: they were not asked for by the extracts), or nothing
not_given() {
	awk -F'\t' 'FNR == 1 { for (i = 1; i <= NF; i++) c[FILENAME, $i] = i; next }
		FILENAME == ARGV[2] { have[$c[ARGV[2], "source"]] = 1; next }
		{ ind[++n] = $c[ARGV[1], "indicator"]; src[n] = $c[ARGV[1], "source"] }
		END {
			for (i = 1; i <= n; i++) {
				k = split(src[i], s, ","); found = 0
				for (j = 1; j <= k; j++) if (s[j] in have) found = 1
				if (!found) { list = list (m++ ? ", " : "") ind[i] " (" src[i] ")" }
			}
			if (m) printf "%d of %d indicators not computed, none of their datasets given: %s\n", m, n, list
		}' "$1" "$2"
}

# latest_year FILE: the latest period in the time column
latest_year() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "time") t = i; next }
		$t > y { y = $t } END { print y }' "$1"
}

# gap_rows FILE: the first row of a table selected by select_table gaps that
# has a gap, or nothing
gap_rows() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "gap") g = i; next } $g != "" { print; exit }' "$1"
}

# select_figures FILE YEAR SEX: the indicators' rows of one year and sex,
# every group, with a column figure = "indicator group" to pivot on
select_figures() {
	awk -F'\t' -v OFS='\t' -v year="$2" -v sex="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print $0, "figure"; next }
		$c["time"] == year && $c["sex"] == sex && $c["indicator"] !~ /^(area:|overall$)/ {
			print $0, $c["indicator"] " " $c["group"] }' "$1"
}

# select_table gaps|scores FILE YEAR SEX GROUP: the rows of one year, sex and
# group: the indicators' rows (for gaps) or the area and overall rows (scores)
select_table() {
	awk -F'\t' -v OFS='\t' -v what="$1" -v year="$3" -v sex="$4" -v group="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		$c["time"] == year && $c["sex"] == sex && $c["group"] == group &&
		(($c["indicator"] ~ /^(area:|overall$)/) == (what == "scores"))' "$2"
}
