/* strtod_l is a GNU (and BSD) extension, the portable way to parse in the C locale. */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "num.h"

static locale_t
c_locale(void)
{
	static locale_t loc;

	if (loc == (locale_t)0 && (loc = newlocale(LC_ALL_MASK, "C", (locale_t)0)) == (locale_t)0)
		diag_die(EXIT_TROUBLE, "cannot create the C locale");
	return loc;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static enum num_error
classify(const char *s, size_t n)
{
	size_t i;
	int comma = 0, other = 0;

	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return NUM_SPACE;
	for (i = 0; i < n; i++) {
		if (s[i] == ',')
			comma = 1;
		else if (!is_digit(s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '+')
			other = 1;
	}
	if (comma && !other)
		return NUM_COMMA;
	i = s[0] == '-' || s[0] == '+';
	if (n - i >= 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
		return NUM_HEX;
	if ((n - i == 3 && strncasecmp(s + i, "nan", 3) == 0) ||
	    (n - i == 3 && strncasecmp(s + i, "inf", 3) == 0) ||
	    (n - i == 8 && strncasecmp(s + i, "infinity", 8) == 0))
		return NUM_NONFINITE;
	return NUM_SYNTAX;
}

/* The powers of ten that are doubles exactly. */
static const double exact_pow10[23] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * One scan checks the grammar and gathers the significant digits. With at most
 * 15 of them the mantissa is an exact double, and so is 10^k for k <= 22, so
 * one IEEE division or multiplication gives the correctly rounded result, the
 * same as strtod (Clinger's fast path). Statistical tables are almost all of
 * this kind; the rest go to strtod_l in the C locale.
 */
enum num_error
num_parse(const char *s, size_t n, double *out)
{
	uint64_t m = 0;
	size_t i = 0, digits = 0;
	int neg = 0, sig = 0, scale = 0, exp = 0, eneg = 0;
	char stackbuf[64], *buf, *end;
	double x;
	int saved;

	if (n == 0)
		return NUM_EMPTY;
	if (s[i] == '-' || s[i] == '+')
		neg = s[i++] == '-';
	for (; i < n && is_digit(s[i]); i++, digits++)
		if (m != 0 || s[i] != '0') {
			sig++;
			m = m * 10 + (uint64_t)(s[i] - '0');
		}
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++, digits++) {
			scale++;
			if (m != 0 || s[i] != '0') {
				sig++;
				m = m * 10 + (uint64_t)(s[i] - '0');
			}
		}
	if (digits == 0)
		return classify(s, n);
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			eneg = s[i++] == '-';
		if (i == n || !is_digit(s[i]))
			return classify(s, n);
		for (; i < n && is_digit(s[i]); i++)
			if (exp < 100000)
				exp = exp * 10 + (s[i] - '0');
	}
	if (i != n)
		return classify(s, n);
	exp = (eneg ? -exp : exp) - scale;
	if (sig <= 15 && exp >= -22 && exp <= 22) {	/* m may have wrapped only past 19 digits */
		x = (double)m;
		x = exp < 0 ? x / exact_pow10[-exp] : x * exact_pow10[exp];
		*out = neg ? -x : x;
		return NUM_OK;
	}
	/* s need not be NUL-terminated; strtod_l needs a terminated copy */
	buf = n < sizeof stackbuf ? stackbuf : xmalloc(n + 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	saved = errno;
	errno = 0;
	x = strtod_l(buf, &end, c_locale());
	assert(end == buf + n);
	if (errno == ERANGE && (isinf(x) || x == 0)) {
		if (buf != stackbuf)
			free(buf);
		errno = saved;
		return NUM_RANGE;
	}
	errno = saved;
	if (buf != stackbuf)
		free(buf);
	*out = x;
	return NUM_OK;
}

int
num_decimals(const char *s, size_t n)
{
	const char *dot = memchr(s, '.', n);

	if (memchr(s, 'e', n) != NULL || memchr(s, 'E', n) != NULL)
		return -1;
	return dot != NULL ? (int)(n - (size_t)(dot - s) - 1) : 0;
}

const char *
num_strerror(enum num_error e)
{
	switch (e) {
	case NUM_OK: return "is a number";
	case NUM_EMPTY: return "is empty, not a number";
	case NUM_SYNTAX: return "is not a number";
	case NUM_SPACE: return "is not a number (leading or trailing space)";
	case NUM_COMMA: return "is not a number (a decimal comma or thousands separator)";
	case NUM_NONFINITE: return "is not a finite number";
	case NUM_HEX: return "is not a number (hexadecimal)";
	case NUM_RANGE: return "is out of range";
	}
	return "is not a number";
}

static const long double pow10_ld[19] = {
	1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L,
	1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L
};

/*
 * |x|·10^decimals (decimals 0 to 18) rounded to an integer as printf's %.*f
 * rounds the exact binary value, when long double arithmetic can tell: the
 * product's relative error is below LDBL_EPSILON, so unless its fraction
 * lies within that error of one half the rounding is the same. Returns 0 to
 * leave it to printf (a near-tie, or too large).
 */
static int
round_scaled(double x, int decimals, uint64_t *u)
{
	long double y = fabsl((long double)x) * pow10_ld[decimals], whole, frac;

	assert(decimals >= 0 && decimals <= 18);
	if (!(y < 1e18L))
		return 0;
	whole = floorl(y);
	frac = y - whole;
	if (fabsl(frac - 0.5L) <= y * LDBL_EPSILON * 4 + LDBL_MIN)
		return 0;
	*u = (uint64_t)whole + (frac > 0.5L);
	return 1;
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* u/10^decimals in buf, "-" first if neg and u is not 0, written in place
 * from its end. Returns the length. */
static size_t
put_scaled(char *buf, int neg, uint64_t u, int decimals)
{
	static const uint64_t pow10_u64[20] = {
		1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL, 10000000ULL,
		100000000ULL, 1000000000ULL, 10000000000ULL, 100000000000ULL, 1000000000000ULL,
		10000000000000ULL, 100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
		100000000000000000ULL, 1000000000000000000ULL, 10000000000000000000ULL
	};
	size_t d = (size_t)decimals, nd, len, i;
	char *p;

	for (nd = 1; nd < 20 && u >= pow10_u64[nd]; nd++)
		;
	if (nd <= d)
		nd = d + 1;	/* 0.05: a digit before the point */
	len = (neg && u != 0) + nd + (d > 0);
	p = buf + len;
	*p = '\0';
	for (i = 0; i + 2 <= d; i += 2, u /= 100) {	/* two digits a division: ratios have 15 */
		p -= 2;
		memcpy(p, digit_pairs + 2 * (u % 100), 2);
	}
	if (i < d) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (d > 0)
		*--p = '.';
	for (; u >= 100; u /= 100) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * (u % 100), 2);
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + 2 * u, 2);
	} else
		*--p = (char)('0' + u);
	if (p > buf)
		*--p = '-';
	assert(p == buf);
	return len;
}

/*
 * Output is mostly computed figures, and printf's multi-precision path was a
 * fifth of score's time: these do the common cases exactly as printf would,
 * and return 0 for printf to do the rest.
 */
static size_t
format_fixed(char *buf, double x, int decimals)
{
	uint64_t u;

	return round_scaled(x, decimals, &u) ? put_scaled(buf, x < 0, u, decimals) : 0;
}

/* floor(log10(ax)) for ax > 0 and not subnormal, from its binary exponent
 * and one comparison: exact from 10^-1 to 10^22, maybe one off outside
 * (10^-k is no double). */
static int
decimal_exponent(double ax)
{
	uint64_t bits;
	int e2, e10, k;

	memcpy(&bits, &ax, sizeof bits);
	e2 = (int)(bits >> 52 & 0x7ff) - 1023;	/* 2^e2 <= ax < 2^(e2+1) */
	/* floor(e2·log10 2): 78913/2^18 is log10 2 closely enough for |e2| < 1650 */
	e10 = e2 >= 0 ? (e2 * 78913) >> 18 : -((-e2 * 78913 + (1 << 18) - 1) >> 18);
	k = e10 + 1;	/* floor(log10 ax) is e10 or k */
	if (k >= 0 ? k <= 22 && ax >= exact_pow10[k] : k >= -22 && ax * exact_pow10[-k] >= 1)
		e10 = k;
	return e10;
}

/* %.15g without an exponent, trailing zeros dropped. */
static size_t
format_significant(char *buf, double x)
{
	int decimals = 14 - decimal_exponent(fabs(x));
	uint64_t u;

	if (decimals < 0 || decimals > 18 || !round_scaled(x, decimals, &u))
		return 0;
	/* 15 digits, or 10^15 when rounding reached the next power of ten; the
	 * exponent may be one off near a power of ten, and then printf decides */
	if (u < 100000000000000ULL || u > 1000000000000000ULL)
		return 0;
	for (; decimals > 0 && u % 10 == 0; decimals--)
		u /= 10;	/* trailing zeros dropped, and the point with the last */
	return put_scaled(buf, x < 0, u, decimals);
}

size_t
num_format(char *buf, size_t cap, double x, int decimals)
{
	locale_t old;
	int n, exp10, prec;
	char *p;

	assert(cap >= NUM_FORMAT_MAX);
	if (!isfinite(x)) {
		/* computed values are finite by construction; never print nan */
		assert(!"num_format: non-finite value");
		buf[0] = '\0';
		return 0;
	}
	if (x == 0)
		x = 0;	/* -0 prints as 0 */
	if ((n = (int)(decimals >= 0 ? format_fixed(buf, x, decimals > 15 ? 15 : decimals) :
	    x == 0 ? 0 : format_significant(buf, x))) > 0)
		return (size_t)n;
	old = uselocale(c_locale());
	if (decimals >= 0) {
		if (decimals > 15)
			decimals = 15;
		n = snprintf(buf, cap, "%.*f", decimals, x);
		/* a value that rounds to zero prints without its sign */
		if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1) {
			memmove(buf, buf + 1, (size_t)n);
			n--;
		}
	} else {
		n = snprintf(buf, cap, "%.15g", x);
		if ((p = strchr(buf, 'e')) != NULL) {
			/* the exponent of the rounded value decides the decimals */
			exp10 = atoi(p + 1);
			prec = exp10 >= 14 ? 0 : 14 - exp10;
			n = snprintf(buf, cap, "%.*f", prec, x);
			if (strchr(buf, '.') != NULL) {
				p = buf + n - 1;
				while (*p == '0')
					*p-- = '\0';
				if (*p == '.')
					*p-- = '\0';
				n = (int)(p - buf + 1);
			}
		}
		if (strcmp(buf, "-0") == 0) {
			buf[0] = '0';
			buf[1] = '\0';
			n = 1;
		}
	}
	uselocale(old);
	assert(n > 0 && (size_t)n < cap);
	return (size_t)n;
}

/* The kinds of thousands separator a spreadsheet writes. */
enum sep_kind { SEP_NONE, SEP_DOT, SEP_COMMA, SEP_SPACE, SEP_WIDE_SPACE, SEP_APOSTROPHE };

/* The separator at s (n bytes left) and its length in *len, or SEP_NONE. */
static enum sep_kind
sep_at(const char *s, size_t n, size_t *len)
{
	*len = 1;
	if (s[0] == '.')
		return SEP_DOT;
	if (s[0] == ',')
		return SEP_COMMA;
	if (s[0] == ' ')
		return SEP_SPACE;
	if (s[0] == '\'')
		return SEP_APOSTROPHE;
	*len = 2;
	if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0)	/* U+00A0 */
		return SEP_WIDE_SPACE;
	*len = 3;
	if (n >= 3 && (memcmp(s, "\xe2\x80\xaf", 3) == 0 || memcmp(s, "\xe2\x80\x89", 3) == 0))
		return SEP_WIDE_SPACE;	/* U+202F, U+2009 */
	if (n >= 3 && memcmp(s, "\xe2\x80\x99", 3) == 0)	/* U+2019 */
		return SEP_APOSTROPHE;
	return SEP_NONE;
}

/* Whether a separator of kind k may group thousands under st. */
static int
sep_allowed(enum sep_kind k, const struct num_style *st)
{
	switch (k) {
	case SEP_DOT: return st->thousands == '.';
	case SEP_COMMA: return st->thousands == ',';
	case SEP_SPACE: return st->thousands == ' ';
	default: return 1;	/* never a decimal separator: unambiguous */
	}
}

static const char *
sep_refused(enum sep_kind k, const struct num_style *st, int grouped)
{
	if (k == SEP_COMMA && !st->thousands)
		return grouped ? "is not a number: a thousands separator or a decimal comma? "
		    "declare it with --thousands=, or --decimal-comma" :
		    "is not a number: a decimal comma needs --decimal-comma";
	if (k == SEP_DOT && st->decimal_comma && !st->thousands)
		return "has a '.' but --decimal-comma was given (declare --thousands=.)";
	if (k == SEP_SPACE && !st->thousands)
		return grouped ? "has a space inside: a thousands separator? declare it with --thousands space" :
		    "has a space inside: not a number";
	return grouped ? "has another thousands separator than --thousands declares" :
	    "has a misplaced thousands separator";
}

/* Strips a trailing '%' and the spaces before it; returns the new length. */
static size_t
strip_percent(const char *s, size_t n)
{
	size_t len;

	if (n == 0 || s[n - 1] != '%')
		return n;
	n--;
	for (;;) {
		if (n >= 1 && s[n - 1] == ' ')
			len = 1;
		else if (n >= 2 && memcmp(s + n - 2, "\xc2\xa0", 2) == 0)
			len = 2;
		else if (n >= 3 && memcmp(s + n - 3, "\xe2\x80\xaf", 3) == 0)
			len = 3;
		else
			return n;
		n -= len;
	}
}

size_t
num_local(const char *s, size_t n, const struct num_style *st, char *out, const char **why)
{
	char dec = st->decimal_comma ? ',' : '.';
	enum sep_kind kind = SEP_NONE, k;
	size_t i = 0, w = 0, run = 0, groups = 0, len;
	int point = 0, bad = 0, misplaced = 0;
	double x;
	enum num_error e;

	n = strip_percent(s, n);
	if (n > 0 && (s[0] == '-' || s[0] == '+'))
		out[w++] = s[i++];
	else if (n >= 3 && memcmp(s, "\xe2\x88\x92", 3) == 0) {	/* U+2212 */
		out[w++] = '-';
		i = 3;
	}
	for (; i < n; i += len) {
		len = 1;
		if (is_digit(s[i])) {
			out[w++] = s[i];
			run++;
			continue;
		}
		if (s[i] == dec && !point) {
			point = 1;
			out[w++] = '.';
			if (groups > 0 && run != 3)
				misplaced = 1;
			if (i + 1 == n) {
				*why = "ends with its decimal separator: a figure cut short?";
				return (size_t)-1;
			}
			continue;
		}
		if ((k = sep_at(s + i, n - i, &len)) == SEP_NONE || point) {
			/* not a number a person types: num_parse says why */
			bad = 1;
			break;
		}
		if (k == SEP_WIDE_SPACE && st->thousands == ' ')
			k = SEP_SPACE;	/* --thousands space: every kind of space */
		if (kind != SEP_NONE && k != kind)
			misplaced = 1;	/* two kinds in one number */
		kind = k;
		if ((groups == 0 && (run == 0 || run > 3)) || (groups > 0 && run != 3))
			misplaced = 1;
		groups++;
		run = 0;
	}
	if (!bad && groups > 0 && !point && run != 3)
		misplaced = 1;
	if (!bad && kind != SEP_NONE && (misplaced || !sep_allowed(kind, st))) {
		*why = sep_refused(kind, st, !misplaced);
		return (size_t)-1;
	}
	if (bad) {
		memcpy(out, s, n);
		w = n;
	}
	e = num_parse(out, w, &x);
	if (e == NUM_COMMA)
		*why = sep_refused(SEP_COMMA, st, 0);
	else if (e != NUM_OK)
		*why = num_strerror(e);
	if (e != NUM_OK)
		return (size_t)-1;
	out[w] = '\0';
	return w;
}
