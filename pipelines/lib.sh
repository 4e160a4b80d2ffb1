# Shared by the pipelines (sourced, POSIX sh). The filters are found in the
# build tree next to the pipelines, else on PATH (an installed copy).

pipelines_dir=$(cd "$(dirname "$0")" && pwd)
if [ -x "$pipelines_dir/../build/bin/mipexr-normalise" ]; then
	PATH=$pipelines_dir/../build/bin:$PATH
fi
prog=${0##*/}
log_file=

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
	name=$1 out=$2
	shift 2
	log "$name: $*"
	st=0
	"$@" >"$out" 2>"$out.err" || st=$?
	if [ -s "$out.err" ]; then
		sed "s/^/  /" "$out.err" >&2
		if [ -n "$log_file" ]; then sed "s/^/  /" "$out.err" >>"$log_file"; fi
	fi
	rm -f "$out.err"
	case " ${ok_status:-0} " in
	*" $st "*) return 0 ;;
	esac
	die_status=$st
	die "stage $name failed (exit $st)${extract:+ on $extract}"
}

# unpack EXTRACT DIR: prints the path of a readable copy; a .gz extract is
# decompressed into DIR under its own name (the dataset code stays in it)
unpack() {
	case $1 in
	*.gz)
		base=${1##*/}
		gzip -dc -- "$1" >"$2/${base%.gz}" || die "cannot decompress $1"
		printf '%s\n' "$2/${base%.gz}"
		;;
	*) printf '%s\n' "$1" ;;
	esac
}
