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

# catalogue_file [CATALOGUE]: the catalogue score reads: the one given, else
# the toolkit's data/indicators.tsv, where mipexr-score finds it (MIPEXR_DATA,
# the source tree beside the pipelines, an installed share/mipexr)
catalogue_file() {
	if [ -n "${1:-}" ]; then
		printf '%s\n' "$1"
	elif [ -n "${MIPEXR_DATA:-}" ]; then
		printf '%s\n' "$MIPEXR_DATA/indicators.tsv"
	elif [ -r "$pipelines_dir/../data/indicators.tsv" ]; then
		printf '%s\n' "$pipelines_dir/../data/indicators.tsv"
	else
		_bin=$(command -v mipexr-score) || return 1
		printf '%s\n' "${_bin%/*}/../share/mipexr/indicators.tsv"
	fi
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
