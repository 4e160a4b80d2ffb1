# Shared by the pipelines (sourced, POSIX sh). The filters are found in the
# build tree next to the pipelines, else on PATH (an installed copy).

pipelines_dir=$(cd "$(dirname "$0")" && pwd)
if [ -x "$pipelines_dir/../build/bin/mipexr-normalise" ]; then
	PATH=$pipelines_dir/../build/bin:$PATH
fi
prog=${0##*/}
# the log file of a refresh; refresh-one is told it with -l
log_file=

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

# log MESSAGE...: a timestamped line on stderr (and in $log_file when set)
log() {
	line="$(date -u +%Y-%m-%dT%H:%M:%SZ) $prog: $*"
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
	log "$_stage_name: $*"
	_stage_status=0
	"$@" >"$_stage_out" 2>"$_stage_out.err" || _stage_status=$?
	if [ -s "$_stage_out.err" ]; then
		sed "s/^/  /" "$_stage_out.err" >&2
		if [ -n "$log_file" ]; then sed "s/^/  /" "$_stage_out.err" >>"$log_file"; fi
	fi
	rm -f "$_stage_out.err"
	case " ${ok_status:-0} " in
	*" $_stage_status "*) return 0 ;;
	esac
	die_status=$_stage_status
	die "stage $_stage_name failed (exit $_stage_status)${extract:+ on $extract}"
}

# unpack EXTRACT DIR: prints the path of a readable copy; a .gz extract is
# decompressed into DIR under its own name (the dataset code stays in it)
unpack() {
	case $1 in
	*.gz)
		_unpack_base=${1##*/}
		gzip -dc -- "$1" >"$2/${_unpack_base%.gz}" || die "cannot decompress $1"
		printf '%s\n' "$2/${_unpack_base%.gz}"
		;;
	*) printf '%s\n' "$1" ;;
	esac
}

# safe_id KIND ID: true when ID may go into a file name (no slash, not empty,
# no leading dot); otherwise a warning is logged and false returned
safe_id() {
	case $2 in
	'' | .* | */*) log "warning: $1 \"$2\" cannot name a file: skipped"; return 1 ;;
	esac
	return 0
}

# latest_year FILE: the latest period in the time column
latest_year() {
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "time") t = i; next }
		$t > y { y = $t } END { print y }' "$1"
}

# select_table gaps|scores FILE YEAR SEX GROUP: the rows of one year, sex and
# group: the indicators' rows (for gaps) or the area and overall rows (scores)
select_table() {
	awk -F'\t' -v OFS='\t' -v what="$1" -v year="$3" -v sex="$4" -v group="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		$c["time"] == year && $c["sex"] == sex && $c["group"] == group &&
		(($c["indicator"] ~ /^(area:|overall$)/) == (what == "scores"))' "$2"
}
