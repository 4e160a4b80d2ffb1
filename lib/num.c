/* strtod_l is a GNU (and BSD) extension, the portable way to parse in the C locale. */
#define _GNU_SOURCE
#include <assert.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
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

enum num_error
num_parse(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	char stackbuf[64], *buf, *end;
	double x;
	int saved;

	if (n == 0)
		return NUM_EMPTY;
	if (s[i] == '-' || s[i] == '+')
		i++;
	while (i < n && is_digit(s[i]))
		i++, digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++)
			digits++;
	if (digits == 0)
		return classify(s, n);
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == n || !is_digit(s[i]))
			return classify(s, n);
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i != n)
		return classify(s, n);
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
