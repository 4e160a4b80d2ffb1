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
