/* Numbers in the C locale whatever LC_ALL says: strict parsing, fixed printing. */
#ifndef MIPEXR_NUM_H
#define MIPEXR_NUM_H

#include <stddef.h>

enum num_error {
	NUM_OK = 0,
	NUM_EMPTY,	/* "" */
	NUM_SYNTAX,	/* "6x.3" */
	NUM_SPACE,	/* " 61.2", "61.2 " */
	NUM_COMMA,	/* "58,1": a decimal comma or thousands separator */
	NUM_NONFINITE,	/* "nan", "inf" */
	NUM_HEX,	/* "0x1p3" */
	NUM_RANGE	/* "1e999", "1e-999" */
};

/* Parses all n bytes of s as a decimal number: [+-]digits[.digits][e[+-]digits].
 * Returns NUM_OK and stores *out, or the reason it is not a number. */
enum num_error num_parse(const char *s, size_t n, double *out);

/* The reason as the end of a sentence: "is not a number", "has a decimal comma". */
const char *num_strerror(enum num_error e);

/* The decimals a number is written with ("61.25" → 2, "70" → 0), or -1 when
 * it has an exponent. A sum or difference of numbers is exact at the larger
 * of their decimals, so it is printed with those (62.1 - 70.3 → -8.2, where
 * 15 significant digits of 58.1 - 64.1 still show -5.99999999999999). */
int num_decimals(const char *s, size_t n);

enum { NUM_FORMAT_MAX = 400 };

/* Prints x into buf (cap >= NUM_FORMAT_MAX) in plain decimal notation with '.',
 * never an exponent: with decimals >= 0 that many decimals, else at most 15
 * significant digits, trailing zeros dropped. -0 prints as 0. Returns the length. */
size_t num_format(char *buf, size_t cap, double x, int decimals);

#endif
