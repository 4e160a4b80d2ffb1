# Sourced by the cases that fetch: httpd_start ROOT starts tests/httpd/eurostat.py
# on 127.0.0.1 serving ROOT (a copy of tests/fixtures/fetch, say), waits for
# its port and sets $api to its base; it is stopped when the case's shell
# exits. No proxy of the environment is used for 127.0.0.1.
unset http_proxy https_proxy HTTPS_PROXY all_proxy ALL_PROXY
no_proxy=127.0.0.1,localhost
export no_proxy
# short waits, so that a fault costs a second, not minutes
MIPEXR_FETCH_TRIES=${MIPEXR_FETCH_TRIES:-3}
MIPEXR_FETCH_BACKOFF=${MIPEXR_FETCH_BACKOFF:-0.1}
MIPEXR_FETCH_TIMEOUT=${MIPEXR_FETCH_TIMEOUT:-2}
export MIPEXR_FETCH_TRIES MIPEXR_FETCH_BACKOFF MIPEXR_FETCH_TIMEOUT

httpd_start() {
	_root=$1
	rm -f "$_root/port"
	python3 "$TOP/tests/httpd/eurostat.py" "$_root" "$_root/port" 60 2>"$_root/httpd.err" &
	httpd_pid=$!
	trap 'kill $httpd_pid 2>/dev/null; wait $httpd_pid 2>/dev/null' EXIT
	_i=0
	while [ ! -s "$_root/port" ]; do
		_i=$((_i + 1))
		if [ "$_i" -gt 100 ] || ! kill -0 "$httpd_pid" 2>/dev/null; then
			echo "httpd_start: the test server did not start:" >&2
			cat "$_root/httpd.err" >&2
			exit 2
		fi
		sleep 0.05
	done
	port=$(cat "$_root/port")
	api=http://127.0.0.1:$port/eurostat/api/dissemination
}

# requests: the requests the server has had, one a line, and forgets them
requests() { cat "$1/requests.log" 2>/dev/null; rm -f "$1/requests.log"; }

# serve: a copy of tests/fixtures/fetch in ./srv served; the catalogue of
# its two datasets in ./catalogue.tsv
serve() {
	cp -R "$TOP/tests/fixtures/fetch" srv
	mv srv/catalogue.tsv catalogue.tsv
	httpd_start srv
}

# sums DIR...: the md5 of every file under the DIRs (links followed), to see
# that nothing moved
sums() { find -L "$@" -type f -exec md5sum {} + | sort -k 2; }

# bump DATASET DATE: the table of contents says DATASET was updated on DATE
bump() {
	awk -F'\t' -v OFS='\t' -v ds="\"$1\"" -v d="\"$2\"" '$2 == ds { $4 = d } { print }' srv/toc.txt >srv/toc.new &&
		mv srv/toc.new srv/toc.txt
}

# said FILE: fetch's lines of a log, without their time, the server's port,
# the date of a kept file and the sizes of the downloads (zlib's output may
# differ by a byte between versions)
said() {
	grep -o 'fetch: .*' "$1" | sed -e 's|127\.0\.0\.1:[0-9]*|127.0.0.1:PORT|' -e 's/: [0-9]* bytes/: N bytes/' \
		-e 's/the file fetched [0-9]*-[0-9]*-[0-9]*T[0-9:]*Z/the file fetched (its date)/'
}

# asked: the requests since the last call, method, target and status
asked() { requests srv | cut -d' ' -f1-3 | sed 's|/eurostat/api/dissemination||'; }
