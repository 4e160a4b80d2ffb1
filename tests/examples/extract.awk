# extract.awk: the examples of one document, for tests/examples/run.
# awk -v kind=md|man -v out=DIR -f extract.awk DOCUMENT writes, for each
# command k (from 1): DIR/k.cmd (its text, a sh script) and DIR/k.want (the
# output the document shows for it, one line a line), and DIR/list, a line a
# command: "k TAB script|prompt|skip TAB LINE TAB the command on one line";
# then "examples N" (the number of example blocks).
#
# Markdown (kind=md): a fenced block with the info string sh is a script; a
# fenced block (sh or no info string) or a block indented by four spaces whose
# first line starts with "$ " holds prompts. Man pages (kind=man): in .Sh
# EXAMPLES, each .Bd -literal block whose first line starts with "$ ", and each
# .Dl line that does, with mdoc's escapes undone.
# A prompt's command runs on over a line ending in \ (or in |, && or ||, as
# in sh); the lines after it, up to the next "$ ", are its output.

BEGIN {
	n = 0; nex = 0; inblk = 0; fence = 0; inex = 0; prevblank = 1
	list = out "/list"
	split("'o ó 'a á 'e é 'i í 'u ú 'A Á 'E É `a à `e è `o ò ~n ñ ~N Ñ ~a ã ~o õ ,c ç :a ä :o ö :u ü oa å aq ' dq \" ga ` ha ^ ti ~ mu × en – em — lq “ rq ” oq ‘ cq ’ <- ← -> → ba | rs \\", e, " ")
	for (i = 1; i in e; i += 2)
		glyph[e[i]] = e[i + 1]
}

# UTF-8 bytes of code point c (awk runs with LC_ALL=C: %c is one byte)
function utf8(c) {
	if (c < 128)
		return sprintf("%c", c)
	if (c < 2048)
		return sprintf("%c%c", 192 + int(c / 64), 128 + c % 64)
	if (c < 65536)
		return sprintf("%c%c%c", 224 + int(c / 4096), 128 + int(c / 64) % 64, 128 + c % 64)
	return sprintf("%c%c%c%c", 240 + int(c / 262144), 128 + int(c / 4096) % 64,
	    128 + int(c / 64) % 64, 128 + c % 64)
}

function hexval(s,   i, v) {
	v = 0
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
	return v
}

# mdoc's escapes, left to right: \e \- \& \  \(xx \[name] \[uXXXX]; one it
# does not know is left as it is (and the example fails, saying where)
function unescape(s,   r, i, c, name, j) {
	r = ""
	while ((i = index(s, "\\")) > 0) {
		r = r substr(s, 1, i - 1)
		c = substr(s, i + 1, 1)
		s = substr(s, i + 2)
		if (c == "e") r = r "\\"
		else if (c == "-") r = r "-"
		else if (c == "&") ;
		else if (c == " ") r = r " "
		else if (c == "(" && (substr(s, 1, 2) in glyph)) { r = r glyph[substr(s, 1, 2)]; s = substr(s, 3) }
		else if (c == "[" && (j = index(s, "]")) > 0) {
			name = substr(s, 1, j - 1)
			if (name ~ /^u[0-9A-Fa-f]+$/) { r = r utf8(hexval(substr(name, 2))); s = substr(s, j + 1) }
			else if (name in glyph) { r = r glyph[name]; s = substr(s, j + 1) }
			else r = r "\\["
		} else r = r "\\" c
	}
	return r s
}

function addline(text, line) { nb++; btext[nb] = text; bline[nb] = line }

function continues(s) { return s ~ /(\\|\||&&)[ \t]*$/ }

# "make check" cannot run inside make check
function is_make_check(s) { return s ~ /^[ \t]*make[ \t]+check[ \t]*(#.*)?$/ }

function oneline(s) {
	gsub(/\\\n[ \t]*/, "", s)
	gsub(/\n[ \t]*/, " ", s)
	return s
}

function emit(type, line, cmd, want, shown) {
	n++
	printf "%s", cmd > (out "/" n ".cmd"); close(out "/" n ".cmd")
	printf "%s", want > (out "/" n ".want"); close(out "/" n ".want")
	printf "%d\t%s\t%d\t%s\n", n, type, line, shown > list
}

# the block collected in btext[1..nb]: a script (type "script") or prompts
function block(type,   i, cmd, want, line, t, s) {
	if (nb == 0) return
	if (type == "script" && btext[1] !~ /^\$ /) {
		nex++; cmd = ""
		for (i = 1; i <= nb; i++) {
			t = btext[i]
			if (is_make_check(t)) t = ": make check skipped: it runs these examples"
			cmd = cmd t "\n"
		}
		emit("script", bline[1], cmd, "", "sh script")
		nb = 0
		return
	}
	if (btext[1] !~ /^\$ /) { nb = 0; return }
	nex++
	i = 1
	while (i <= nb) {
		line = bline[i]
		cmd = substr(btext[i], 3)
		while (continues(btext[i]) && i < nb) { i++; cmd = cmd "\n" btext[i] }
		i++
		want = ""
		while (i <= nb && btext[i] !~ /^\$ /) { want = want btext[i] "\n"; i++ }
		s = oneline(cmd)
		if (is_make_check(cmd)) emit("skip", line, "", "", "$ " s)
		else emit("prompt", line, cmd "\n", want, "$ " s)
	}
	nb = 0
}

kind == "md" && fence {
	if ($0 ~ /^ ? ? ?```[ \t]*$/) { block(fence == 2 ? "script" : "prompt"); fence = 0; prevblank = 0; next }
	if (fence != 3) addline($0, NR)
	next
}

kind == "md" && /^ ? ? ?```/ {
	blockend()
	info = $0; sub(/^ *```[ \t]*/, "", info); sub(/[ \t]+$/, "", info)
	fence = info == "sh" ? 2 : info == "" ? 1 : 3
	nb = 0
	next
}

# an indented block: after a blank line, four spaces; blank lines within
kind == "md" && inblk {
	if ($0 ~ /^    /) { for (; pend > 0; pend--) addline("", NR - pend); addline(substr($0, 5), NR); next }
	if ($0 ~ /^[ \t]*$/) { pend++; next }
	blockend()
}

kind == "md" && /^    / && prevblank { inblk = 1; pend = 0; nb = 0; addline(substr($0, 5), NR); prevblank = 0; next }

kind == "md" { prevblank = $0 ~ /^[ \t]*$/; next }

function blockend() {
	if (inblk) block("prompt")
	inblk = 0; pend = 0
}

kind == "man" && /^\.Sh / { inex = $0 ~ /^\.Sh[ \t]+EXAMPLES[ \t]*$/; next }
kind == "man" && !inex { next }
kind == "man" && lit {
	if ($0 ~ /^\.Ed([ \t]|$)/) { block("prompt"); lit = 0; next }
	if ($0 !~ /^\./) addline(unescape($0), NR)
	next
}
kind == "man" && /^\.Bd[ \t]+-literal/ { lit = 1; nb = 0; next }
kind == "man" && /^\.Dl[ \t]+\$ / { nb = 0; s = $0; sub(/^\.Dl[ \t]+/, "", s); addline(unescape(s), NR); block("prompt"); next }

END {
	if (kind == "md") { if (fence && fence != 3) block(fence == 2 ? "script" : "prompt"); blockend() }
	printf "examples\t%d\n", nex > list
}
