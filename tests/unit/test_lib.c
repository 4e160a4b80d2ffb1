/* Unit tests of lib/: numbers, flags, UTF-8, the TSV splitter, the map. */
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "arena.h"
#include "diag.h"
#include "lines.h"
#include "flags.h"
#include "intern.h"
#include "num.h"
#include "out.h"
#include "radix.h"
#include "schema.h"
#include "strmap.h"
#include "tally.h"
#include "text.h"
#include "tsv.h"
#include "tuple.h"
#include "utf8.h"
#include "unit.h"

static enum num_error
parse(const char *s, double *x)
{
	return num_parse(s, strlen(s), x);
}

static const char *
fmt(double x, int decimals)
{
	static char buf[NUM_FORMAT_MAX];

	num_format(buf, sizeof buf, x, decimals);
	return buf;
}

static void
test_num_parse(void)
{
	double x = 0;

	CHECK(parse("61.2", &x) == NUM_OK && x == 61.2);
	CHECK(parse("-8.2", &x) == NUM_OK && x == -8.2);
	CHECK(parse("0", &x) == NUM_OK && x == 0);
	CHECK(parse("-0", &x) == NUM_OK && x == 0);
	CHECK(parse(".5", &x) == NUM_OK && x == 0.5);
	CHECK(parse("5.", &x) == NUM_OK && x == 5);
	CHECK(parse("1e3", &x) == NUM_OK && x == 1000);
	CHECK(parse("2.5E-2", &x) == NUM_OK && x == 0.025);
	CHECK(parse("329295.6", &x) == NUM_OK && x == 329295.6);
	CHECK(parse("", &x) == NUM_EMPTY);
	CHECK(parse("6x.3", &x) == NUM_SYNTAX);
	CHECK(parse("20X1", &x) == NUM_SYNTAX);
	CHECK(parse("-", &x) == NUM_SYNTAX);
	CHECK(parse(".", &x) == NUM_SYNTAX);
	CHECK(parse("1e", &x) == NUM_SYNTAX);
	CHECK(parse("1.2.3", &x) == NUM_SYNTAX);
	CHECK(parse("58,1", &x) == NUM_COMMA);
	CHECK(parse("1,234.5", &x) == NUM_COMMA);
	CHECK(parse(" 61.2", &x) == NUM_SPACE);
	CHECK(parse("61.2 ", &x) == NUM_SPACE);
	CHECK(parse("nan", &x) == NUM_NONFINITE);
	CHECK(parse("NaN", &x) == NUM_NONFINITE);
	CHECK(parse("inf", &x) == NUM_NONFINITE);
	CHECK(parse("-Infinity", &x) == NUM_NONFINITE);
	CHECK(parse("0x1p3", &x) == NUM_HEX);
	CHECK(parse("1e999", &x) == NUM_RANGE);
	CHECK(parse("-1e999", &x) == NUM_RANGE);
	CHECK(parse("1e-999", &x) == NUM_RANGE);
	/* not NUL-terminated: only n bytes count */
	CHECK(num_parse("12.5xyz", 4, &x) == NUM_OK && x == 12.5);
}

/* The fast path of num_parse must agree with strtod to the bit. */
static void
test_num_fast_path(void)
{
	char buf[64];
	double x, y;
	int i, n, bad = 0, k;
	unsigned seed = 12345;

	for (i = 0; i < 200000; i++) {
		seed = seed * 1103515245 + 12345;
		n = 0;
		if (seed & 1)
			buf[n++] = '-';
		for (k = 0; k < (int)(seed >> 8) % 9 + 1; k++)
			buf[n++] = (char)('0' + (seed >> (k + 3)) % 10);
		if (seed & 2) {
			buf[n++] = '.';
			for (k = 0; k < (int)(seed >> 12) % 9; k++)
				buf[n++] = (char)('0' + (seed >> (k + 5) ^ (unsigned)i) % 10);
		}
		if ((seed & 12) == 12)
			n += snprintf(buf + n, sizeof buf - (size_t)n, "e%d", (int)(seed >> 20) % 50 - 25);
		buf[n] = '\0';
		y = strtod(buf, NULL);
		if (num_parse(buf, (size_t)n, &x) != NUM_OK || memcmp(&x, &y, sizeof x) != 0) {
			if (bad++ < 5)
				fprintf(stderr, "fast path: %s parsed %.17g, strtod %.17g\n", buf, x, y);
		}
	}
	CHECK(bad == 0);
}

/* What num_local makes of a number as typed; "!" when it is refused. */
static const char *
local(const char *s, int decimal_comma, int thousands)
{
	static char out[64];
	struct num_style st = { decimal_comma, thousands };
	const char *why = NULL;
	size_t n = num_local(s, strlen(s), &st, out, &why);

	if (n == (size_t)-1)
		return why != NULL ? "!" : "?";
	return out;
}

static void
test_num_local(void)
{
	CHECK_STR(local("1 234,5", 1, ' '), "1234.5");
	CHECK_STR(local("1\xc2\xa0" "234,5", 1, ' '), "1234.5");
	CHECK_STR(local("1\xe2\x80\xaf" "234\xe2\x80\xaf" "567", 1, ' '), "1234567");
	CHECK_STR(local("1\xc2\xa0" "234,5", 1, 0), "1234.5");	/* unambiguous undeclared */
	CHECK_STR(local("1'234.5", 0, 0), "1234.5");
	CHECK_STR(local("1\xe2\x80\x99" "234.5", 0, '\''), "1234.5");
	CHECK_STR(local("1.234.567,8", 1, '.'), "1234567.8");
	CHECK_STR(local("1,234,567.8", 0, ','), "1234567.8");
	CHECK_STR(local("\xe2\x88\x92" "0,9", 1, 0), "-0.9");
	CHECK_STR(local("61,2 %", 1, 0), "61.2");
	CHECK_STR(local("61.2%", 0, 0), "61.2");
	CHECK_STR(local("61,2\xc2\xa0%", 1, 0), "61.2");
	CHECK_STR(local("-12", 0, 0), "-12");
	CHECK_STR(local("12,", 1, 0), "!");
	CHECK_STR(local("12.", 0, 0), "!");
	CHECK_STR(local("1 234,5", 1, 0), "!");	/* a plain space must be declared */
	CHECK_STR(local("1 23,4", 1, ' '), "!");
	CHECK_STR(local("1234 567", 1, ' '), "!");
	CHECK_STR(local("1.234,5", 1, 0), "!");
	CHECK_STR(local("1,5", 0, 0), "!");
	CHECK_STR(local("1,234", 0, 0), "!");
	CHECK_STR(local("1.234 567", 0, ' '), "!");
	CHECK_STR(local("1\xc2\xa0" "234 567", 1, 0), "!");	/* two kinds */
	CHECK_STR(local("nan", 0, 0), "!");
	CHECK_STR(local("%", 0, 0), "!");
	CHECK_STR(local("", 0, 0), "!");
}

static void
test_num_format(void)
{
	CHECK_STR(fmt(62.1 - 70.3, -1), "-8.2");
	CHECK_STR(fmt(0.1 + 0.2, -1), "0.3");
	CHECK_STR(fmt(100, -1), "100");
	CHECK_STR(fmt(-0.0, -1), "0");
	CHECK_STR(fmt(1.0 / 3, -1), "0.333333333333333");
	CHECK_STR(fmt(2.0 / 3 * 100, -1), "66.6666666666667");
	CHECK_STR(fmt(1e20, -1), "100000000000000000000");
	CHECK_STR(fmt(1.5e-7, -1), "0.00000015");
	CHECK_STR(fmt(123456789012345678.0, -1), "123456789012345680");
	CHECK_STR(fmt(9.9999999999999999, -1), "10");
	CHECK_STR(fmt(61.25, 1), "61.2");	/* an exact tie rounds to even, as printf does */
	CHECK_STR(fmt(-0.04, 1), "0.0");
	CHECK_STR(fmt(-8.2, 2), "-8.20");
	CHECK_STR(fmt(3, 0), "3");
}

/* printf's own rounding, the reference the fast paths of num_format must
 * match: %.*f with "-0.00" unsigned, or %.15g for values printf shows without
 * an exponent. Run in the C locale. */
static int
printf_reference(char *buf, size_t cap, double x, int decimals)
{
	int n;

	if (x == 0)
		x = 0;	/* num_format prints -0 as 0 */
	if (decimals >= 0) {
		n = snprintf(buf, cap, "%.*f", decimals, x);
		if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1)
			memmove(buf, buf + 1, (size_t)n--);
		return 1;
	}
	snprintf(buf, cap, "%.15g", x);
	return strchr(buf, 'e') == NULL;
}

/* Counts x printed with decimals by num_format in *compared, and in *bad
 * when that is not what printf prints (the first few told). */
static void
same_as_printf(double x, int decimals, unsigned long *compared, unsigned long *bad)
{
	char got[NUM_FORMAT_MAX], want[NUM_FORMAT_MAX];

	if (!printf_reference(want, sizeof want, x, decimals))
		return;
	num_format(got, sizeof got, x, decimals);
	++*compared;
	if (strcmp(got, want) != 0 && (*bad)++ < 5)
		fprintf(stderr, "num_format(%.17g, %d): got %s, printf %s\n", x, decimals, got, want);
}

static void
test_num_format_vs_printf(void)
{
	static const double scale[] = { 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1000, 1e5, 1e9, 1e13, 1e14, 1e15, 1e16 };
	unsigned long seed = 20261125, i, bad = 0, compared = 0;
	double x;
	int d;

	for (i = 0; i < 150000; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		switch (i % 4) {
		case 0:	/* any double of a magnitude */
			x = (double)(seed >> 11) / 9007199254740992.0 * scale[(seed >> 3) % 15];
			break;
		case 1:	/* figures as written: k/10^j, many exact ties for fewer decimals */
			x = (double)((seed >> 20) % 2000000) / scale[6 + (seed >> 5) % 4] / 10;
			break;
		case 2:	/* halves and quarters: exact binary ties */
			x = (double)((seed >> 20) % 100000) / 8.0;
			break;
		default:	/* differences of figures, as gaps are */
			x = (double)((seed >> 20) % 1000) / 10 - (double)((seed >> 40) % 1000) / 10;
		}
		if (seed & 1)
			x = -x;
		for (d = -1; d <= 15; d += 1 + (int)(seed >> 60) % 3)
			same_as_printf(x, d, &compared, &bad);
	}
	/* next to powers of ten, where the decimal exponent of a 15-digit figure
	 * changes: 10^k and the doubles a few steps either side */
	for (d = -12; d <= 17; d++) {
		double p10 = pow(10, d), y;
		int k, t;

		for (t = -4; t <= 4; t++) {
			y = p10;
			for (k = 0; k < (t < 0 ? -t : t); k++)
				y = nextafter(y, t < 0 ? 0 : INFINITY);
			for (k = -1; k <= 4; k++)
				same_as_printf(y, k, &compared, &bad);
		}
	}
	CHECK(compared > 500000);
	CHECK(bad == 0);
}

static void
test_locale(void)
{
	char buf[64];
	double x = 0;

	/* strtod and printf follow LC_NUMERIC; the library must not */
	if (setlocale(LC_ALL, "de_DE.UTF-8") == NULL) {
		CHECK(!"the de_DE.UTF-8 locale is missing (scripts/deps generates it)");
		return;
	}
	snprintf(buf, sizeof buf, "%.1f", 61.2);
	CHECK_STR(buf, "61,2");	/* the locale is really in force */
	CHECK(parse("61.2", &x) == NUM_OK && x == 61.2);
	CHECK(parse("61,2", &x) == NUM_COMMA);
	CHECK_STR(fmt(61.2, -1), "61.2");
	CHECK_STR(fmt(61.2, 2), "61.20");
	CHECK_STR(fmt(1e-7, -1), "0.0000001");
	setlocale(LC_ALL, "C");
}

static void
test_flags(void)
{
	flagset f = 0, g = 0;
	char buf[27];

	CHECK(flags_parse("bu", 2, &f) == 0);
	CHECK(flags_format(f, buf) == 2);
	CHECK_STR(buf, "bu");
	CHECK(flags_parse("ub", 2, &g) == 0);
	CHECK(f == g);
	CHECK(flags_parse("", 0, &f) == 0 && f == 0);
	CHECK(flags_parse("ep", 2, &g) == 0);
	flags_format(flags_union(f, g), buf);
	CHECK_STR(buf, "ep");
	CHECK(flags_parse("bx", 2, &f) == 2);
	CHECK(flags_parse("B", 1, &f) == 1);
	CHECK(flags_parse("a", 1, &f) == 1);	/* not a Eurostat letter */
	CHECK(flags_parse("zz", 2, &f) == 0 && flags_has(f, 'z') && !flags_has(f, 'b'));
	flags_parse("us", 2, &f);
	flags_parse("bcu", 3, &g);
	flags_format(flags_union(f, g), buf);
	CHECK_STR(buf, "bcsu");
}

static void
test_utf8(void)
{
	CHECK(utf8_invalid("Cataluña", strlen("Cataluña")) == strlen("Cataluña"));
	CHECK(utf8_invalid("Região Autónoma dos Açores", 28) == 28);
	CHECK(utf8_invalid("Sk\xe5ne", 5) == 2);		/* Latin-1 å */
	CHECK(utf8_invalid("\xc0\xaf", 2) == 0);		/* overlong */
	CHECK(utf8_invalid("\xed\xa0\x80", 3) == 0);		/* surrogate */
	CHECK(utf8_invalid("\xf4\x90\x80\x80", 4) == 0);	/* > U+10FFFF */
	CHECK(utf8_invalid("ab\xc3", 3) == 2);			/* truncated */
	CHECK(utf8_invalid("abcdefgh\xe2\x82\xac", 11) == 11);	/* euro sign after 8 ASCII */
	CHECK(utf8_width("Região Autónoma dos Açores", strlen("Região Autónoma dos Açores")) == 26);
	CHECK(utf8_width("Skåne län", strlen("Skåne län")) == 9);
	CHECK(utf8_width("Ska\xcc\x8ane", 7) == 5);		/* a + combining ring */
	CHECK(utf8_width("\xe6\x9d\xb1\xe4\xba\xac", 6) == 4);	/* two CJK characters */
	CHECK(utf8_width("\xce\x91\xcf\x84\xcf\x84\xce\xb9\xce\xba\xce\xae", 12) == 6);	/* Greek */
	{
		char out[64];

		utf8_fold("CATALUÑA", strlen("CATALUÑA"), out);
		CHECK_STR(out, "cataluna");
		utf8_fold("  Skåne  län ", strlen("  Skåne  län "), out);
		CHECK_STR(out, "skane lan");
		utf8_fold("Região Autónoma dos Açores", strlen("Região Autónoma dos Açores"), out);
		CHECK_STR(out, "regiao autonoma dos acores");
		utf8_fold("Straße/Œuvre-Ærø", strlen("Straße/Œuvre-Ærø"), out);
		CHECK_STR(out, "strasse oeuvre aero");
		utf8_fold("ΗΡΑΚΛΕΙΟ", strlen("ΗΡΑΚΛΕΙΟ"), out);	/* Greek capitals, no tonos */
		CHECK_STR(out, "ηρακλειο");
		utf8_fold("Ηράκλειο", strlen("Ηράκλειο"), out);
		CHECK_STR(out, "ηρακλειο");
		utf8_fold("Νότιος Τομέας Αθηνών, Ϊ ΰ ς", strlen("Νότιος Τομέας Αθηνών, Ϊ ΰ ς"), out);
		CHECK_STR(out, "νοτιοσ τομεασ αθηνων ι υ σ");
		utf8_fold("СЕВЕРОЗАПАДЕН Ѐ", strlen("СЕВЕРОЗАПАДЕН Ѐ"), out);
		CHECK_STR(out, "северозападен ѐ");
	}
}

static void
test_tsv_split(void)
{
	char line[] = "a\\tb\tc\\\\d\t\te\\n";
	char *f[8];
	size_t fl[8], n;
	const char *bad;

	n = tsv_split(line, strlen(line), f, fl, 8, &bad);
	CHECK(bad == NULL && n == 4);
	CHECK_STR(f[0], "a\tb");
	CHECK(fl[0] == 3);
	CHECK_STR(f[1], "c\\d");
	CHECK_STR(f[2], "");
	CHECK_STR(f[3], "e\n");
	char badline[] = "a\\x\tb";
	n = tsv_split(badline, strlen(badline), f, fl, 8, &bad);
	CHECK(n == 0 && bad != NULL);
	char trailing[] = "a\\";
	tsv_split(trailing, strlen(trailing), f, fl, 8, &bad);
	CHECK(bad != NULL);
	CHECK(tsv_check_text("a\rb", 3) != NULL);
	CHECK(tsv_check_text("a\0b", 3) != NULL);
	CHECK(tsv_check_text("ok", 2) == NULL);
}

/* tsv_name_index: the first column of that name, exactly; -1 for none */
static void
test_tsv_name_index(void)
{
	char *names[] = { "geo", "flag", "value", "flag", "Flag" };

	CHECK(tsv_name_index(names, 5, "geo") == 0);
	CHECK(tsv_name_index(names, 5, "flag") == 1);
	CHECK(tsv_name_index(names, 5, "Flag") == 4);
	CHECK(tsv_name_index(names, 5, "fla") == -1);
	CHECK(tsv_name_index(names, 2, "value") == -1);
	CHECK(tsv_name_index(names, 0, "geo") == -1);
}

/* tsv_next quiet: a bad line's message kept, with its line, for tsv_report */
static void
test_reader_quiet(void)
{
	char path[] = "/tmp/mipexr-unit-XXXXXX";
	const char text[] = "geo\tvalue\nES51\t61.2\nPT20\n\nSE224\t70.1\n"
	    "Açores\t\n\xff\t1\nES\\t51\t\\\\\nPT\r\t1\nIT\tx\\q\n";
	struct tsv_reader r;
	int fd = mkstemp(path);

	CHECK(fd >= 0 && write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
	close(fd);
	CHECK(tsv_open(&r, path) == 0);
	r.quiet = 1;
	CHECK(tsv_next(&r) == TSV_ROW && r.line == 2 && r.ascii);
	CHECK(tsv_next(&r) == TSV_BAD && r.why_line == 3);
	CHECK_STR(r.why, "ragged row: 1 field, the header has 2");
	CHECK(tsv_next(&r) == TSV_BAD && r.why_line == 4);
	CHECK_STR(r.why, "blank line");
	CHECK(tsv_next(&r) == TSV_ROW && r.line == 5 && strcmp(r.field[0], "SE224") == 0);
	/* UTF-8 in one pass; the rest the careful way, with what is wrong */
	CHECK(tsv_next(&r) == TSV_ROW && strcmp(r.field[0], "Açores") == 0 && r.flen[0] == 7 && r.flen[1] == 0);
	CHECK(!r.ascii);
	CHECK(tsv_next(&r) == TSV_BAD && r.why_line == 7);
	CHECK_STR(r.why, "invalid UTF-8");
	CHECK(tsv_next(&r) == TSV_ROW && strcmp(r.field[0], "ES\t51") == 0 && strcmp(r.field[1], "\\") == 0);
	CHECK(!r.ascii);	/* escapes go the careful way, which does not look */
	CHECK(tsv_next(&r) == TSV_BAD && strncmp(r.why, "CR in a field", 13) == 0);
	CHECK(tsv_next(&r) == TSV_BAD && strncmp(r.why, "bad escape", 10) == 0 && r.why_line == 10);
	CHECK(tsv_next(&r) == TSV_END && r.nbad == 5);
	tsv_close(&r);
	unlink(path);
}

/* tsv_next against tsv_split, the careful way, on random lines of 0 to 99
 * bytes: TABs on either side of every 16-byte step, UTF-8, escapes, CR, NUL
 * and bytes that are not UTF-8 anywhere in the line. */
static void
test_reader_random(void)
{
	static const char *const piece[] = { "a", "b7", "\t", "\t", "\t", "é", "ES51", "\\t", "\\\\", "\r",
		"\xff", "61.2", "" };
	char path[] = "/tmp/mipexr-unit-XXXXXX", line[128], copy[128], *f[8];
	size_t fl[8], len, nf, i, j, rows = 0, bad = 0, n = 20000;
	unsigned seed = 2026;
	struct tsv_reader r;
	const char *why;
	FILE *fp;
	int fd = mkstemp(path);
	enum tsv_status st;

	fp = fd >= 0 ? fdopen(fd, "w") : NULL;
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	fputs("c1\tc2\tc3\tc4\tc5\n", fp);
	for (i = 0; i < n; i++) {
		len = 0;
		do {
			seed = seed * 1103515245 + 12345;
			/* mostly plain bytes and TABs; now and then an escape, CR, NUL or 0xff */
			j = (seed >> 16) % 100 < 92 ? (seed >> 8) % 7 : 7 + (seed >> 8) % 5;
			if ((seed >> 20) % 400 == 0) {
				line[len++] = '\0';
				continue;
			}
			memcpy(line + len, piece[j], strlen(piece[j]));
			len += strlen(piece[j]);
		} while (len < 99 - 8 && (seed >> 24) % 24 != 0);
		if (len == 0)
			line[len++] = 'x';	/* no blank lines: tsv_next's own case */
		line[len] = '\n';
		fwrite(line, 1, len + 1, fp);
	}
	CHECK(fclose(fp) == 0);
	CHECK(tsv_open(&r, path) == 0);
	r.quiet = 1;
	/* read the file again by hand, line by line, for what each row should be */
	fp = fopen(path, "r");
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	CHECK(fgets(line, sizeof line, fp) != NULL);
	for (i = 0; i < n; i++) {
		int careful, high, valid;

		for (len = 0; len < sizeof line - 1 && (j = (size_t)fgetc(fp)) != '\n'; len++)
			line[len] = (char)j;
		memcpy(copy, line, len);
		copy[len] = '\0';
		careful = memchr(line, '\\', len) != NULL;
		high = 0;
		for (j = 0; j < len; j++)
			high |= (unsigned char)line[j] >= 0x80;
		valid = tsv_check_text(line, len) == NULL;
		nf = valid ? tsv_split(copy, len, f, fl, 8, &why) : 0;
		st = tsv_next(&r);
		if (valid && nf == 5 && why == NULL) {
			int same = st == TSV_ROW && r.ascii == (!careful && !high) && r.plain == !careful;

			for (j = 0; same && j < 5; j++)
				same = r.flen[j] == fl[j] && memcmp(r.field[j], f[j], fl[j]) == 0 && r.field[j][fl[j]] == '\0';
			rows += same;
			bad += !same;
		} else
			bad += st != TSV_BAD;
	}
	CHECK(bad == 0);
	CHECK(rows > 200);	/* enough lines of five fields to tell */
	CHECK(tsv_next(&r) == TSV_END);
	fclose(fp);
	tsv_close(&r);
	unlink(path);
}

static void
test_writer(void)
{
	char path[] = "/tmp/mipexr-unit-XXXXXX", *big, *line;
	struct tsv_writer w;
	struct line_reader lr;
	size_t i, n = 300000, len;
	char *f[2];
	size_t fl[2];
	const char *bad;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	big = malloc(n);
	for (i = 0; i < n; i++)
		big[i] = "ab\t\\c\nd\r"[i % 8];
	tsv_writer_fdopen(&w, fd, path);
	w.owns_fd = 1;
	tsv_put_field(&w, big, n);	/* larger than the buffer: written in pieces */
	tsv_put_str(&w, "x");
	tsv_end_row(&w);
	tsv_writer_close(&w);
	CHECK(line_reader_open(&lr, path) == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 1);
	CHECK(tsv_split(line, len, f, fl, 2, &bad) == 2 && bad == NULL);
	CHECK(fl[0] == n && memcmp(f[0], big, n) == 0);
	CHECK_STR(f[1], "x");
	CHECK(line_reader_next(&lr, &line, &len) == 0);
	line_reader_close(&lr);
	unlink(path);
	free(big);
}

/* tsv_put_row_copy: a row read plain, copied, written as it was read; a row
 * with escapes is not plain. A field wider than the writer's buffer too. */
static void
test_writer_row_copy(void)
{
	char in[] = "/tmp/mipexr-unit-XXXXXX", out[] = "/tmp/mipexr-unit-XXXXXX", *line, *big;
	size_t n = 100000, len, k;
	struct tsv_reader r;
	struct tsv_writer w;
	struct line_reader lr;
	struct arena a;
	char **copy;
	FILE *fp;
	int fd = mkstemp(in), ofd = mkstemp(out);

	fp = fd >= 0 && ofd >= 0 ? fdopen(fd, "w") : NULL;
	CHECK(fp != NULL);
	if (fp == NULL)
		return;
	big = malloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	fprintf(fp, "geo\tvalue\tflag\nES51\t61.2\t\n\tCataluña\tb\nPT20\t%s\tu\nES\\t51\t1\t\n", big);
	CHECK(fclose(fp) == 0);
	arena_init(&a);
	tsv_writer_fdopen(&w, ofd, out);
	w.owns_fd = 1;
	CHECK(tsv_open(&r, in) == 0);
	for (k = 0; tsv_next(&r) == TSV_ROW; k++) {
		CHECK(r.plain == (k < 3));	/* the fourth has an escape */
		if (!r.plain)
			continue;
		copy = tsv_row_copy(&r, &a);
		tsv_put_row_copy(&w, copy, r.ncols);
		tsv_put_str(&w, "+");	/* a field after it gets its TAB */
		tsv_end_row(&w);
	}
	CHECK(k == 4);
	tsv_close(&r);
	tsv_writer_close(&w);
	CHECK(line_reader_open(&lr, out) == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 1);
	CHECK_STR(line, "ES51\t61.2\t\t+");
	CHECK(line_reader_next(&lr, &line, &len) == 1);
	CHECK_STR(line, "\tCataluña\tb\t+");
	CHECK(line_reader_next(&lr, &line, &len) == 1 && len == n + 9);
	CHECK(strncmp(line, "PT20\t", 5) == 0 && memcmp(line + 5, big, n) == 0 && strcmp(line + 5 + n, "\tu\t+") == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 0);
	line_reader_close(&lr);
	arena_free(&a);
	free(big);
	unlink(in);
	unlink(out);
}

/* out_aligned (lib/out): spaces, text, spaces; in the buffer, or past its end */
static void
test_writer_aligned(void)
{
	char path[] = "/tmp/mipexr-unit-XXXXXX", *line, *want;
	struct out o;
	struct line_reader lr;
	size_t len, i, n = 200000, ok = 1, wl;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	out_fdopen(&o, fd, path);
	o.w.owns_fd = 1;
	out_aligned(&o, 2, "61.2", 4, 0);
	out_aligned(&o, 0, "ES51", 4, 3);
	out_aligned(&o, 0, "", 0, 0);
	out_bytes(&o, "\n", 1);
	out_aligned(&o, n, "x", 1, n);	/* wider than the buffer */
	out_bytes(&o, "\n", 1);
	/* paddings either side of the short ones written as whole blocks, cells
	 * either side of the buffer's end: the same bytes as written by hand */
	want = xmalloc(40000 * 90 + 1);
	for (i = 0, wl = 0; i < 40000; i++) {
		size_t before = i % 37, after = i * 7 % 41, k = i % 9;

		out_aligned(&o, before, "abcdefghij", k, after);
		memset(want + wl, ' ', before);
		memcpy(want + wl + before, "abcdefghij", k);
		memset(want + wl + before + k, ' ', after);
		wl += before + k + after;
	}
	want[wl] = '\0';
	out_bytes(&o, "\n", 1);
	out_close(&o);
	CHECK(line_reader_open(&lr, path) == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 1);
	CHECK_STR(line, "  61.2ES51   ");
	CHECK(line_reader_next(&lr, &line, &len) == 1 && len == 2 * n + 1);
	for (i = 0; i < len; i++)
		if (line[i] != (i == n ? 'x' : ' '))
			ok = 0;
	CHECK(ok);
	CHECK(line_reader_next(&lr, &line, &len) == 1 && len == wl && memcmp(line, want, wl) == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 0);
	line_reader_close(&lr);
	unlink(path);
	free(want);
}

/* gzip input: two members, a line across the reader's buffer, no final LF */
/* line_reader_readahead on a pipe: what is ready is taken in without
 * waiting, the current line stays put, and the lines come out as written;
 * on a file it does nothing */
static void
test_lines_readahead(void)
{
	char *line, *first, copy[32], path[] = "/tmp/test_lines.XXXXXX";
	struct line_reader lr;
	size_t len, end, n = 0;
	int fds[2], fd, ok = 1;

	CHECK(pipe(fds) == 0);
	CHECK(write(fds[1], "geo\tvalue\nES51\t61.2\n", 20) == 20);
	line_reader_fdopen(&lr, fds[0], "pipe");
	CHECK(line_reader_next(&lr, &line, &len) == 1 && strcmp(line, "geo\tvalue") == 0);
	first = line;
	strcpy(copy, line);
	CHECK(write(fds[1], "PT20\t55.0\nSE224\t", 16) == 16);	/* the last line not yet whole */
	end = lr.end;
	line_reader_readahead(&lr, 1 << 20);
	CHECK(lr.end == end + 16 && line == first && strcmp(line, copy) == 0);
	line_reader_readahead(&lr, 1 << 20);	/* nothing ready: it does not wait */
	CHECK(lr.end == end + 16);
	CHECK(write(fds[1], "70.1\n", 5) == 5);
	close(fds[1]);
	while (line_reader_next(&lr, &line, &len) == 1) {
		n++;
		if ((n == 1 && strcmp(line, "ES51\t61.2") != 0) || (n == 2 && strcmp(line, "PT20\t55.0") != 0) ||
		    (n == 3 && strcmp(line, "SE224\t70.1") != 0))
			ok = 0;
	}
	CHECK(n == 3 && ok && lr.cap > 1 << 20);	/* the room asked for, made on a later read */
	line_reader_close(&lr);
	close(fds[0]);

	fd = mkstemp(path);
	CHECK(fd != -1 && write(fd, "geo\nES51\n", 9) == 9);
	close(fd);
	CHECK(line_reader_open(&lr, path) == 0);
	CHECK(line_reader_next(&lr, &line, &len) == 1);
	end = lr.end;
	line_reader_readahead(&lr, 1 << 20);
	CHECK(lr.end == end && lr.ahead == 0);
	line_reader_close(&lr);
	unlink(path);
}

static void
test_lines_gzip(void)
{
	char path[] = "/tmp/test_lines.XXXXXX", *line, *big = xmalloc(300001);
	struct line_reader lr;
	size_t len, n = 0, bigseen = 0;
	gzFile gz;
	int fd = mkstemp(path);

	CHECK(fd != -1);
	memset(big, 'x', 300000);
	big[300000] = '\0';
	gz = gzdopen(dup(fd), "wb");
	gzprintf(gz, "geo\tvalue\nES51\t61.2\n");
	gzputs(gz, big);
	gzputs(gz, "\n");
	gzclose(gz);
	lseek(fd, 0, SEEK_END);
	gz = gzdopen(fd, "ab");	/* a second member */
	gzprintf(gz, "PT20\t55.0");
	gzclose(gz);
	CHECK(line_reader_open(&lr, path) == 0);
	while (line_reader_next(&lr, &line, &len) == 1) {
		n++;
		if (len == 300000 && line[0] == 'x' && line[299999] == 'x')
			bigseen = 1;
		if (n == 4)
			CHECK(strcmp(line, "PT20\t55.0") == 0 && lr.missing_newline);
	}
	CHECK(n == 4 && bigseen);
	line_reader_close(&lr);
	unlink(path);
	free(big);
}

static void
test_arena(void)
{
	struct arena a;
	char *p, *q, *big;
	double *d;
	size_t i, n;

	arena_init(&a);
	p = arena_strndup(&a, "PT20\tAçores", 4);
	CHECK(strcmp(p, "PT20") == 0);
	d = arena_alloc(&a, sizeof *d);
	CHECK(((uintptr_t)d & (_Alignof(max_align_t) - 1)) == 0);
	*d = 61.2;
	for (i = 0; i < 10000; i++)	/* across many blocks: earlier pieces stay put */
		q = arena_strndup(&a, "ES51", 4);
	CHECK(strcmp(q, "ES51") == 0 && strcmp(p, "PT20") == 0 && *d == 61.2);
	big = arena_alloc(&a, 200000);	/* larger than a block */
	memset(big, 'x', 200000);
	CHECK(strcmp(arena_strndup(&a, "SE224", 5), "SE224") == 0);
	arena_free(&a);
	CHECK(a.nblocks == 0);
	CHECK(strcmp(arena_strndup(&a, "ITF4", 4), "ITF4") == 0);	/* usable again */
	for (i = 0; i < 10000; i++)
		arena_strndup(&a, "ES51", 4);
	CHECK((n = a.nblocks) > 1);
	arena_reset(&a);	/* the blocks kept, filled again from the first */
	CHECK(a.nblocks == n && a.cur == 0 && a.used == 0);
	p = a.blocks[0];
	q = arena_strndup(&a, "ES62", 4);
	CHECK(q == p && strcmp(q, "ES62") == 0);
	for (i = 0; i < 10000; i++)	/* the same pieces again: no new block */
		q = arena_strndup(&a, "ES62", 4);
	CHECK(a.nblocks == n && p == a.blocks[0] && strcmp(q, "ES62") == 0);
	d = arena_alloc(&a, sizeof *d);
	CHECK(((uintptr_t)d & (_Alignof(max_align_t) - 1)) == 0);
	arena_reset(&a);	/* a piece larger than every kept block: a block of its own, at the end */
	big = arena_alloc(&a, 300000);
	CHECK(a.nblocks == n + 1 && big == a.blocks[n] && a.cur == n);
	memset(big, 'y', 300000);
	q = arena_strndup(&a, "ITC4", 4);	/* after it, a new block: the kept ones are behind */
	CHECK(a.nblocks == n + 2 && strcmp(q, "ITC4") == 0 && big[299999] == 'y');
	arena_reset(&a);
	for (i = 0; i < 20000; i++)	/* 100 kB: the kept small blocks, then the big one */
		q = arena_strndup(&a, "PT20", 4);
	CHECK(strcmp(q, "PT20") == 0 && a.nblocks == n + 2 && a.cur == n);
	for (i = 0; i < 200000; i++)	/* 1 MB more: the last kept block, then new ones */
		q = arena_strndup(&a, "PT20", 4);
	CHECK(strcmp(q, "PT20") == 0 && a.nblocks > n + 2);
	arena_free(&a);
	arena_reset(&a);	/* an empty arena: nothing to keep */
	CHECK(a.nblocks == 0 && strcmp(arena_strndup(&a, "SE224", 5), "SE224") == 0);
	arena_free(&a);
}

/* tuples of test_tuple: (geo, time) */
static const char *tuple_rows[20000][2];

static int
tuple_row_is(const void *arg, size_t id)
{
	const char *const *want = arg;

	return strcmp(tuple_rows[id - 1][0], want[0]) == 0 && strcmp(tuple_rows[id - 1][1], want[1]) == 0;
}

static void
test_tuple(void)
{
	static char text[20000][2][16];
	const char *ab[] = { "ab", "c" }, *a_bc[] = { "a", "bc" }, *want[2];
	struct tuple_index t;
	size_t i, bad = 0;

	CHECK(tuple_hash(ab, 2) != tuple_hash(a_bc, 2));
	{	/* hashed field by field, combined later: the same hash; in order */
		uint64_t h[] = { tuple_part_hash("ab"), tuple_part_hash("c") }, r[] = { h[1], h[0] };

		CHECK(tuple_combine(h, 2) == tuple_hash(ab, 2) && tuple_combine(r, 2) != tuple_hash(ab, 2));
	}
	tuple_index_init(&t, 10);	/* grows well past its first room */
	for (i = 0; i < 20000; i++) {
		snprintf(text[i][0], 16, "ES%zu", i % 1000);
		snprintf(text[i][1], 16, "%zu", 2000 + i / 1000);
		tuple_rows[i][0] = text[i][0];
		tuple_rows[i][1] = text[i][1];
		if (tuple_add(&t, tuple_hash(tuple_rows[i], 2), i + 1, tuple_row_is, tuple_rows[i]) != 0)
			bad++;
	}
	CHECK(bad == 0 && t.len == 20000);
	{	/* the guess is the tuple's id where it sits first, else 0; never another's */
		size_t guessed = 0, wrong = 0, g;

		for (i = 0; i < 20000; i++) {
			tuple_prefetch(&t, tuple_hash(tuple_rows[i], 2));
			g = tuple_guess(&t, tuple_hash(tuple_rows[i], 2));
			guessed += g == i + 1;
			wrong += g != 0 && g != i + 1;
		}
		CHECK(wrong == 0 && guessed > 10000);
	}
	want[0] = "ES7";
	want[1] = "2003";	/* row 3007 */
	CHECK(tuple_find(&t, tuple_hash(want, 2), tuple_row_is, want) == 3008);
	CHECK(tuple_add(&t, tuple_hash(want, 2), 99999, tuple_row_is, want) == 3008);	/* a second: the first's id */
	want[1] = "1999";
	CHECK(tuple_find(&t, tuple_hash(want, 2), tuple_row_is, want) == 0);
	i = t.cap;
	tuple_index_reset(&t, 100);	/* room enough: the same slots, emptied */
	CHECK(t.cap == i && t.len == 0);
	want[1] = "2003";
	CHECK(tuple_find(&t, tuple_hash(want, 2), tuple_row_is, want) == 0);
	CHECK(tuple_add(&t, tuple_hash(want, 2), 3008, tuple_row_is, want) == 0 &&
	    tuple_find(&t, tuple_hash(want, 2), tuple_row_is, want) == 3008);
	tuple_index_reset(&t, 4 * i);	/* more than it has room for: larger */
	CHECK(t.cap > i && t.len == 0 && tuple_find(&t, tuple_hash(want, 2), tuple_row_is, want) == 0);
	tuple_index_free(&t);
}

static void
test_strmap(void)
{
	struct strmap m;
	char key[32];
	int added, i, ok = 1;
	void **v;

	strmap_init(&m);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "ES%d", i);
		v = strmap_put(&m, key, strlen(key), &added);
		if (!added)
			ok = 0;
		*v = (void *)(long)(i + 1);
	}
	CHECK(ok);
	CHECK(m.len == 10000);
	v = strmap_put(&m, "ES42", 4, &added);
	CHECK(!added && *v == (void *)43L);
	CHECK(strmap_get(&m, "ES9999", 6) == (void *)10000L);
	CHECK(strmap_get(&m, "ES10000", 7) == NULL);
	CHECK(strmap_find(&m, "", 0) == NULL);
	/* the hashed pair: the same map as strmap_put's */
	v = strmap_put_hashed(&m, "ES42", 4, strmap_prefetch(&m, "ES42", 4), &added);
	CHECK(!added && *v == (void *)43L);
	v = strmap_put_hashed(&m, "PT20", 4, strmap_prefetch(&m, "PT20", 4), &added);
	CHECK(added && m.len == 10001);
	*v = (void *)7L;
	CHECK(strmap_get(&m, "PT20", 4) == (void *)7L);
	strmap_free(&m, NULL);
	CHECK(strmap_prefetch(&m, "SE224", 5) == strmap_hash("SE224", 5));	/* an empty map too */
	v = strmap_put_hashed(&m, "SE224", 5, strmap_hash("SE224", 5), &added);
	CHECK(added && strmap_get(&m, "SE224", 5) == NULL && m.len == 1);
	strmap_free(&m, NULL);
}

/* diag_hold: messages come out in the order of their keys, equal keys in
 * the order they came, the line and file prefixes as diag_warn_at's; many
 * messages and one longer than diag_release's block come out whole. */
static void
test_diag_hold(void)
{
	struct unit_stderr cap;
	char *got, *want, *longer;
	size_t n, wl, i, size = 400000;

	longer = xmalloc(70001);
	memset(longer, 'x', 70000);
	longer[70000] = '\0';
	unit_stderr_begin(&cap);
	diag_warn("not held");
	diag_warn_at("z.tsv", 9, "%s", longer);	/* longer than the buffer of one message */
	diag_hold();
	diag_hold_key(5);
	diag_warn_at("b.tsv", 7, "five %s", "first");
	diag_hold_key(1);
	diag_warn_at("a.tsv", 2, "one");
	diag_hold_key(5);
	diag_warn_at("b.tsv", 0, "five second");
	diag_hold_key(3);
	diag_warn("three %d", 3);
	for (i = 3000; i > 0; i--) {	/* 100 kB, keys in the reverse order of telling */
		diag_hold_key(10 + i);
		diag_warn_at("c.tsv", i, "row %zu", i);
	}
	diag_hold_key(7);
	diag_warn("%s", longer);
	diag_release();
	diag_warn_at("c.tsv", 1, "after");
	got = xmalloc(size);
	n = unit_stderr_end(&cap, got, size);
	want = xmalloc(size);
	wl = (size_t)snprintf(want, size, "mipexr: not held\nmipexr: z.tsv:9: %s\nmipexr: a.tsv:2: one\n"
	    "mipexr: three 3\nmipexr: b.tsv:7: five first\nmipexr: b.tsv: five second\nmipexr: %s\n",
	    longer, longer);
	for (i = 1; i <= 3000; i++)
		wl += (size_t)snprintf(want + wl, size - wl, "mipexr: c.tsv:%zu: row %zu\n", i, i);
	wl += (size_t)snprintf(want + wl, size - wl, "mipexr: c.tsv:1: after\n");
	CHECK(n == wl && memcmp(got, want, wl) == 0);
	free(got);
	free(want);
	free(longer);
}

/* diag_cap: the messages with a place past the cap are counted, not
 * written, held ones too, in the order of their release; messages without a
 * place always go out; diag_cap_end tells how many were held back. */
static void
test_diag_cap(void)
{
	struct unit_stderr cap;
	char got[1024];
	unsigned long over;
	const char *want = "mipexr: a.tsv:1: first\nmipexr: summary\nmipexr: h.tsv:2: held 2\n"
	    "mipexr: 3 more messages not shown (--max-errors 2)\nmipexr: b.tsv:9: uncapped\n";

	unit_stderr_begin(&cap);
	diag_cap(2);
	diag_warn_at("a.tsv", 1, "first");
	diag_warn("summary");
	diag_hold();
	diag_hold_key(3);
	diag_warn_at("h.tsv", 3, "held 3");
	diag_hold_key(2);
	diag_warn_at("h.tsv", 2, "held 2");
	diag_hold_key(4);
	diag_warn_at("h.tsv", 4, "held 4");
	diag_release();
	diag_warn_at("a.tsv", 5, "after");
	over = diag_cap_end();
	diag_cap(0);
	diag_warn_at("b.tsv", 9, "uncapped");
	CHECK(diag_cap_end() == 0);
	unit_stderr_end(&cap, got, sizeof got);
	CHECK(over == 3);
	CHECK_STR(got, want);
}

/* tsv_origin_split and tsv_place: FILE:LINE split at the last ':', the
 * origin field preferred to the reader's own place when it is there. */
static void
test_origin(void)
{
	struct tsv_reader r;
	char path[] = "/tmp/mipexr-unit-XXXXXX", buf[64];
	const char *text = "geo\torigin\nES51\tmy:file.csv:12\nES62\t\n";
	size_t len;
	unsigned long line;
	int fd = mkstemp(path), origin;

	CHECK(tsv_origin_split("a.csv:12", 8, &len, &line) == 0 && len == 5 && line == 12);
	CHECK(tsv_origin_split("c:\\x:3:4", 8, &len, &line) == 0 && len == 6 && line == 4);
	CHECK(tsv_origin_split("a.csv", 5, &len, &line) == -1);
	CHECK(tsv_origin_split("a.csv:", 6, &len, &line) == -1);
	CHECK(tsv_origin_split(":7", 2, &len, &line) == -1);
	CHECK(tsv_origin_split("a:7x", 4, &len, &line) == -1);
	CHECK(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK(tsv_open(&r, path) == 0);
	origin = tsv_column(&r, "origin");
	CHECK(tsv_next(&r) == TSV_ROW);
	CHECK_STR(tsv_place(&r, origin, buf, sizeof buf), "my:file.csv:12");
	CHECK(tsv_next(&r) == TSV_ROW);	/* empty origin: the reader's place */
	CHECK(strstr(tsv_place(&r, origin, buf, sizeof buf), ":3") != NULL);
	CHECK(strstr(tsv_place(&r, -1, buf, sizeof buf), ":3") != NULL);
	CHECK(strlen(tsv_place(&r, -1, buf, 4)) == 3);	/* cut, never over */
	tsv_close(&r);
	unlink(path);
}

/* tally: a kind made by its first row, counted, its next places kept (three);
 * told in the order of the first rows, with the count and the places: their
 * lines when all are in the first's file. */
static void
test_tally(void)
{
	struct tally t;
	struct tally_kind *k;
	size_t a = 0, b = 0, c = 0, d = 0;
	struct unit_stderr cap;
	char got[1024], buf[64];
	const char *want = "mipexr: x.tsv:2: two\n"
	    "mipexr: x.tsv:3: three; 5 rows in all: also lines 4, 6, 9 …\n"
	    "mipexr: x.tsv:5: five; 3 rows in all: also a.csv:7 and x.tsv:8\n"
	    "mipexr: x.tsv:5: 2 rows said here\n";

	tally_init(&t);
	k = tally_count(&t, &a, 3, "x.tsv:3");
	CHECK(a == 1 && k->n == 1);
	tally_text(k, "th%s", "ree");
	k = tally_count(&t, &b, 2, "x.tsv:2");
	CHECK(b == 2 && k->n == 1);
	tally_text(k, "two");
	tally_count(&t, &a, 4, "x.tsv:4");
	tally_text(tally_count(&t, &c, 5, "x.tsv:5"), "five");
	tally_count(&t, &a, 6, "x.tsv:6");
	tally_count(&t, &c, 7, "a.csv:7");
	tally_count(&t, &c, 8, "x.tsv:8");
	tally_count(&t, &a, 9, "x.tsv:9");
	k = tally_count(&t, &a, 10, "x.tsv:10");
	CHECK(k->n == 5 && k->nmore == 3 && k->order == 3);
	CHECK_STR(tally_more(k, buf, sizeof buf), "lines 4, 6, 9 …");
	CHECK(strlen(tally_more(k, buf, 8)) == 7);	/* cut, never over */
	k = tally_count(&t, &d, 5, "x.tsv:5");
	tally_count(&t, &d, 6, "x.tsv:6");
	k = &t.kind[d - 1];
	CHECK_STR(tally_more(k, buf, sizeof buf), "line 6");
	k->counted = 1;
	tally_text(k, "%lu rows said here", k->n);
	unit_stderr_begin(&cap);
	tally_tell(&t);
	unit_stderr_end(&cap, got, sizeof got);
	CHECK_STR(got, want);
	tally_free(&t);
	CHECK(t.n == 0 && t.kind == NULL);
}

/* schema_check says the kind of each fault, so that a filter tells each kind
 * once: one value of every kind the built-in schemas can find. */
static void
test_schema_faults(void)
{
	struct schema *s;
	enum schema_fault f = SF_KINDS;
	size_t i;
	static const struct {
		const char *stage, *column, *value;
		enum schema_fault want;
	} t[] = {
		{ "obs", "source", "", SF_EMPTY }, { "obs", "source", "a b", SF_NOT_CODE },
		{ "obs", "value", "1,5", SF_NOT_NUMBER }, { "obs", "value", "nan", SF_NOT_NUMBER },
		{ "obs", "time", "2021-13", SF_NOT_PERIOD }, { "obs", "flag", "q", SF_FLAG },
		{ "harmonised", "nuts_level", "7", SF_CODES }, { "harmonised", "country", "es", SF_PATTERN },
		{ "scored", "score", "125", SF_ABOVE }, { "scored", "score", "-1", SF_BELOW },
		{ "compared", "rank", "1.5", SF_NOT_INTEGER },
	};

	for (i = 0; i < sizeof t / sizeof *t; i++) {
		const struct schema_field *field = NULL;
		size_t j;

		s = schema_builtin(t[i].stage);
		CHECK(s != NULL);
		for (j = 0; s != NULL && j < s->n; j++)
			if (strcmp(s->field[j].column, t[i].column) == 0)
				field = &s->field[j];
		CHECK(field != NULL);
		if (field != NULL) {
			CHECK(schema_check(s, field, t[i].value, strlen(t[i].value), &f) != NULL);
			CHECK(f == t[i].want);
			CHECK(schema_check(s, field, t[i].value, strlen(t[i].value), NULL) != NULL);
		}
		schema_free(s);
	}
	s = schema_builtin("obs");
	CHECK(schema_check(s, &s->field[1], "2021", 4, &f) == NULL);	/* time: a period */
	schema_free(s);
}

/* intern: numbers in the order met, the same number for the same text
 * (through the recent slots or the map), ranks in strcmp order */
static void
test_intern(void)
{
	static const char *const codes[] = { "ES51", "2021", "ITF4", "", "ES51", "AT", "2021", "ITF4" };
	struct intern t;
	uint32_t id[8];
	size_t i;
	char buf[16];

	intern_init(&t);
	for (i = 0; i < 8; i++)
		id[i] = intern_id(&t, codes[i], strlen(codes[i]));
	CHECK(id[0] == 0 && id[1] == 1 && id[2] == 2 && id[3] == 3 && id[5] == 4);
	CHECK(id[4] == id[0] && id[6] == id[1] && id[7] == id[2] && t.n == 5);
	strcpy(buf, "ITF4");	/* not the pointer interned: the text counts */
	CHECK(intern_id(&t, buf, 4) == id[2]);
	CHECK(intern_id(&t, "ITF41", 3) == intern_id(&t, "ITF", 3) && t.n == 6);
	CHECK_STR(intern_text(&t, id[5]), "AT");
	for (i = 0; i < 200; i++) {	/* more texts than recent slots */
		snprintf(buf, sizeof buf, "X%zu", i);
		intern_id(&t, buf, strlen(buf));
	}
	CHECK(t.n == 206 && intern_id(&t, "X7", 2) == 6 + 7 && intern_id(&t, "ES51", 4) == 0);
	intern_rank(&t);
	/* "" < "2021" < "AT" < "ES51" < "ITF" < "ITF4" < "X0" ... */
	CHECK(t.rank[id[3]] == 0 && t.rank[id[1]] == 1 && t.rank[id[5]] == 2 && t.rank[id[0]] == 3);
	CHECK(t.rank[5] == 4 && t.rank[id[2]] == 5);
	for (i = 1; i < t.n; i++)
		CHECK((strcmp(intern_text(&t, (uint32_t)i - 1), intern_text(&t, (uint32_t)i)) < 0) ==
		    (t.rank[i - 1] < t.rank[i]));
	intern_free(&t);
}

static int
cmp_radix(const void *pa, const void *pb)
{
	const struct radix_key *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;	/* stable: by number */
}

/* radix_sort against qsort by key then number: random keys, keys with
 * bytes equal in all, equal keys in their order; and its edge cases */
static void
test_radix(void)
{
	static const uint64_t mask[] = { UINT64_MAX, 0xff00ff0000ULL, 0x7, 0xffULL << 56 | 1 };
	struct radix_key *a, *want;
	size_t n = 5000, i, k, bad;
	uint64_t x = 88172645463325252ULL;

	CHECK(radix_bits(0) == 0 && radix_bits(1) == 0 && radix_bits(2) == 1 && radix_bits(256) == 8 &&
	    radix_bits(257) == 9);
	for (k = 0; k < sizeof mask / sizeof *mask; k++) {
		a = xcalloc(n, sizeof *a);
		want = xcalloc(n, sizeof *want);
		for (i = 0; i < n; i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			a[i].key = (x & mask[k]) | 0x100000000ULL;	/* one bit set in all */
			a[i].n = i;
		}
		memcpy(want, a, n * sizeof *a);
		qsort(want, n, sizeof *want, cmp_radix);
		a = radix_sort(a, n);
		for (i = 0, bad = 0; i < n; i++)
			bad += a[i].key != want[i].key || a[i].n != want[i].n;
		CHECK(bad == 0);
		free(a);
		free(want);
	}
	a = radix_sort(xcalloc(1, sizeof *a), 0);
	free(a);
	a = xcalloc(1, sizeof *a);
	a->key = 42;
	a = radix_sort(a, 1);
	CHECK(a->key == 42);
	free(a);
}

/* text_add: pieces appended, NULs kept, NUL-terminated, growing past its capacity. */
static void
test_text(void)
{
	struct text t = { NULL, 0, 0 };
	size_t i;

	text_add(&t, "", 0);
	CHECK(t.s != NULL && t.len == 0 && t.s[0] == '\0');
	text_add(&t, "ES51", 4);
	text_add(&t, "\0x", 2);
	CHECK(t.len == 6 && memcmp(t.s, "ES51\0x", 7) == 0);
	for (i = 0; i < 1000; i++)
		text_add(&t, "ab", 2);
	CHECK(t.len == 2006 && t.s[2005] == 'b' && t.s[2006] == '\0');
	free(t.s);
}

int
main(void)
{
	test_num_parse();
	test_num_fast_path();
	test_num_format();
	test_num_local();
	test_num_format_vs_printf();
	test_flags();
	test_utf8();
	test_tsv_split();
	test_tsv_name_index();
	test_lines_gzip();
	test_reader_quiet();
	test_lines_readahead();
	test_arena();
	test_tuple();
	test_strmap();
	test_reader_random();
	test_writer();
	test_writer_aligned();
	test_writer_row_copy();
	test_locale();
	test_diag_hold();
	test_diag_cap();
	test_origin();
	test_tally();
	test_schema_faults();
	test_intern();
	test_radix();
	test_text();
	return unit_done("test_lib");
}
