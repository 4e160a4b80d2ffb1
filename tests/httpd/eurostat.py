#!/usr/bin/env python3
"""A stand-in for Eurostat's dissemination API on 127.0.0.1, for the tests.

usage: eurostat.py ROOT PORTFILE [SECONDS]

Binds 127.0.0.1 on a free port, writes the port to PORTFILE, and serves
  <anything>/catalogue/toc/txt            ROOT/toc.txt
  <anything>/sdmx/2.1/data/DS[/KEY]       ROOT/data/DS.tsv (format=TSV) or
                                          ROOT/data/DS.csv (format=SDMX-CSV),
                                          rows cut to KEY, gzipped when
                                          compressed=true
with a Last-Modified (the file's mtime) and an ETag (a hash of the body), and
304 to If-None-Match / If-Modified-Since. Requests in absolute form (through
a proxy) are served the same and logged as such. Each request is appended to
ROOT/requests.log: "METHOD TARGET STATUS BYTES[ proxy]".

Faults on request: ROOT/faults, read at every request, one "NAME FAULT [N]"
a line (NAME a dataset or toc; the fault applies to its first N requests,
every request without N): 500, 503, 404, cut (half the body, no
Content-Length, the connection closed), html (200 with an HTML page),
slow (waits 10 s before answering), noetag (no ETag header: a client
has only Last-Modified to go by).

It stops by itself after SECONDS (default 120).
"""
import email.utils
import gzip
import hashlib
import http.server
import os
import sys
import threading
import time
import urllib.parse

ROOT = sys.argv[1]
counts = {}
lock = threading.Lock()


def fault_for(name):
    try:
        with open(os.path.join(ROOT, "faults")) as f:
            lines = [l.split() for l in f if l.strip()]
    except FileNotFoundError:
        return None
    for words in lines:
        if words[0] != name:
            continue
        with lock:
            n = counts[name] = counts.get(name, 0) + 1
        if len(words) > 2 and n > int(words[2]):
            return None
        return words[1]
    return None


def cut_rows(text, fmt, key):
    """The rows whose codes the SDMX key allows (positions joined by '.',
    codes by '+', an empty position allows all); None when the key has the
    wrong number of positions."""
    lines = text.split("\n")
    if fmt == "TSV":
        dims = lines[0].split("\t")[0].split("\\")[0].split(",")
        codes = lambda l: l.split("\t")[0].split(",")
    else:
        head = lines[0].split(",")
        first = head.index("LAST UPDATE") + 1
        last = head.index("TIME_PERIOD")
        dims = head[first:last]
        codes = lambda l: l.split(",")[first:last]
    parts = key.split(".")
    if len(parts) != len(dims):
        return None
    allow = [set(p.split("+")) if p else None for p in parts]
    keep = [lines[0]]
    for l in lines[1:]:
        if not l:
            continue
        c = codes(l)
        if all(a is None or v in a for a, v in zip(allow, c)):
            keep.append(l)
    return "\n".join(keep) + "\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def record(self, status, size):
        via = " proxy" if self.path.startswith("http://") else ""
        with lock, open(os.path.join(ROOT, "requests.log"), "a") as f:
            f.write("%s %s %d %d%s\n" % (self.command, self.target, status, size, via))

    def send(self, status, body, ctype, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.record(status, len(body))

    def error(self, status, text):
        self.send(status, text.encode(), "text/plain")

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        self.target = url.path + ("?" + url.query if url.query else "")
        query = dict(urllib.parse.parse_qsl(url.query))
        parts = url.path.split("/")
        if url.path.endswith("/catalogue/toc/txt"):
            name, fmt, key = "toc", None, ""
            source = os.path.join(ROOT, "toc.txt")
        elif "data" in parts and parts[parts.index("data") - 2:parts.index("data")] == ["sdmx", "2.1"]:
            rest = parts[parts.index("data") + 1:]
            if not rest or not rest[0]:
                return self.error(404, "no dataset")
            name, key = rest[0], "/".join(rest[1:])
            fmt = query.get("format", "")
            if fmt not in ("TSV", "SDMX-CSV"):
                return self.error(400, "format TSV or SDMX-CSV")
            source = os.path.join(ROOT, "data", name + (".tsv" if fmt == "TSV" else ".csv"))
        else:
            return self.error(404, "not found")
        fault = fault_for(name)
        if fault == "slow":
            time.sleep(10)
        if fault in ("500", "503"):
            return self.error(int(fault), "Internal error")
        if fault == "404" or not os.path.exists(source):
            return self.error(404, '{"error":{"status":404,"label":"No results found"}}')
        if fault == "html":
            page = b"<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><p>Maintenance</p></body></html>\n"
            return self.send(200, page, "text/html")
        with open(source, encoding="utf-8") as f:
            text = f.read()
        if key:
            text = cut_rows(text, fmt, key)
            if text is None:
                return self.error(400, "the key does not match the dataset's dimensions")
        body = text.encode()
        ctype = "text/plain"
        if query.get("compressed") == "true":
            body, ctype = gzip.compress(body, mtime=0), "application/octet-stream"
        mtime = int(os.stat(source).st_mtime)
        etag = '"%s"' % hashlib.md5(body).hexdigest()
        lastmod = email.utils.formatdate(mtime, usegmt=True)
        if fault == "noetag":
            etag = None
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = etag in [t.strip() for t in inm.split(",")]
        elif ims is not None:
            try:
                fresh = mtime <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.send_response(304)
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            return self.record(304, 0)
        if fault == "cut":
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return self.record(200, len(body) // 2)
        tags = [("Last-Modified", lastmod)]
        if fault != "noetag":
            tags.insert(0, ("ETag", etag))
        self.send(200, body, ctype, tags)

    do_HEAD = do_GET


def main():
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 120
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % server.server_address[1])
    os.rename(tmp, sys.argv[2])
    threading.Timer(seconds, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
