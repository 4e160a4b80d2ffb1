# Shared functions of the benchmark scripts (sourced by bench/run).
# bench_measure LABEL CMD...: runs CMD (a shell string, stdout to /dev/null)
# $BENCH_RUNS times and records the median wall seconds and the peak RSS (KiB)
# in BENCH_SECS and BENCH_RSS. Runs of different tools should alternate: call
# bench_compare, which interleaves them.

BENCH_RUNS=${BENCH_RUNS:-5}

# one run: prints "seconds rss_kib"
bench_once() {
	/usr/bin/time -f '%e %M' -o "$WORK/.time" sh -c "$1" >/dev/null 2>"$WORK/.err" ||
		{ echo "bench: failed: $1" >&2; sed 's/^/  /' "$WORK/.err" >&2; return 1; }
	cat "$WORK/.time"
}

# bench_compare TASK MB "mipexr cmd" "mawk cmd" "miller cmd"
# Alternates the three commands BENCH_RUNS times; prints one table row:
# task, MB, median seconds of each, MB/s of mipexr, ratios to mawk and Miller, peak RSS of each.
bench_compare() {
	task=$1 mb=$2 ours=$3 awk=$4 mlr=$5
	: >"$WORK/.ours"; : >"$WORK/.awk"; : >"$WORK/.mlr"
	i=0
	while [ "$i" -lt "$BENCH_RUNS" ]; do
		bench_once "$ours" >>"$WORK/.ours" || return 1
		bench_once "$awk" >>"$WORK/.awk" || return 1
		[ -z "$mlr" ] || bench_once "$mlr" >>"$WORK/.mlr" || return 1
		i=$((i + 1))
	done
	med() { sort -n -k1,1 "$1" | awk '{ t[NR] = $1; if ($2 > r) r = $2 } END { if (NR == 0) { print "- -"; exit } printf "%.3f %d\n", t[int((NR + 1) / 2)], r / 1024 }'; }
	set -- $(med "$WORK/.ours") $(med "$WORK/.awk") $(med "$WORK/.mlr")
	awk -v task="$task" -v mb="$mb" -v ot="$1" -v orss="$2" -v at="$3" -v arss="$4" -v mt="$5" -v mrss="$6" 'BEGIN {
		mbs = ot > 0 ? sprintf("%.0f", mb / ot) : "-"
		ra = ot > 0 && at > 0 ? sprintf("%.2f", ot / at) : "-"
		rm = mt != "-" && mt > 0 ? sprintf("%.3f", ot / mt) : "-"
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s MB | %s MB | %s MB |\n", task, mb, ot, at, mt, mbs, ra, rm, orss, arss, mrss
	}'
}

bench_header() {
	echo "| task | input MB | mipexr s | mawk s | Miller s | mipexr MB/s | time / mawk | time / Miller | mipexr RSS | mawk RSS | Miller RSS |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
}
