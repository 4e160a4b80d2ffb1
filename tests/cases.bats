#!/usr/bin/env bats
# The case folders: tests/cases/<group>/<case>/ holds
#   cmd     a sh script run in the case folder (required)
#   stdin   its standard input (else /dev/null)
#   stdout  the expected standard output (absent: must be empty)
#   stderr  the expected standard error (absent: must be empty)
#   status  the expected exit status (absent: 0)
# cmd sees PATH with the filters first, and $FIXTURES, $DATA, $SAMPLES, $TOP
# and a private scratch directory $TMPDIR.

setup_file() {
	TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
	export TOP
}

run_case() {
	local dir=$1 out err want_status got_status tmp
	tmp=$(mktemp -d "$BATS_TMPDIR/case.XXXXXX")
	out=$tmp/.stdout err=$tmp/.stderr
	local input=/dev/null
	[ -f "$dir/stdin" ] && input=$dir/stdin
	got_status=0
	(cd "$dir" && PATH="$MIPEXR_BIN:$PATH" FIXTURES="$TOP/tests/fixtures" \
	    DATA="$TOP/data" SAMPLES="$TOP/samples" TOP="$TOP" TMPDIR="$tmp" \
	    LC_ALL=C.UTF-8 sh ./cmd <"$input" >"$out" 2>"$err") || got_status=$?
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	local ok=0
	if [ "$got_status" != "$want_status" ]; then
		echo "--- $dir: exit status $got_status, want $want_status"
		ok=1
	fi
	if ! diff -u "${dir}/stdout" "$out" >"$tmp/.diff" 2>/dev/null; then
		if [ -f "$dir/stdout" ] || [ -s "$out" ]; then
			echo "--- $dir: stdout differs"; head -40 "$tmp/.diff"; ok=1
		fi
	fi
	if ! diff -u "${dir}/stderr" "$err" >"$tmp/.diff" 2>/dev/null; then
		if [ -f "$dir/stderr" ] || [ -s "$err" ]; then
			echo "--- $dir: stderr differs"; head -40 "$tmp/.diff"; ok=1
		fi
	fi
	rm -rf "$tmp"
	return $ok
}

run_group() {
	local group=$1 dir n=0 bad=0
	[ -d "$TOP/tests/cases/$group" ] || skip "no cases for $group yet"
	for dir in "$TOP/tests/cases/$group"/*/; do
		dir=${dir%/}
		[ -f "$dir/cmd" ] || { echo "--- $dir: no cmd file"; bad=$((bad + 1)); continue; }
		n=$((n + 1))
		run_case "$dir" || bad=$((bad + 1))
	done
	echo "# $group: $n cases, $bad failed" >&3
	[ "$bad" -eq 0 ]
}

@test "every case group has a test here" {
	local g
	for g in "$TOP"/tests/cases/*/; do
		g=${g%/}; g=${g##*/}
		grep -q "run_group $g;" "$BATS_TEST_FILENAME" || { echo "group $g is not run"; return 1; }
	done
}

@test "build and install" { run_group build; }
@test "normalise" { run_group normalise; }
@test "workbooks" { run_group workbooks; }
@test "harmonise-codes" { run_group harmonise-codes; }
@test "validate" { run_group validate; }
@test "score" { run_group score; }
@test "compare" { run_group compare; }
@test "render-table" { run_group render-table; }
@test "pipelines" { run_group pipelines; }
@test "reference data" { run_group data; }
@test "fetch" { run_group fetch; }
@test "bad input, every filter" { run_group badinput; }
@test "examples in the docs" { run_group examples; }
