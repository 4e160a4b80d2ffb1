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

/*
 * How a region's file writes its numbers, as declared on the command line:
 * the decimal separator and the thousands separator ('.', ',', ' ' for every
 * kind of space, '\'' for both apostrophes; 0 for none declared).
 */
struct num_style {
	int decimal_comma;
	int thousands;
};

/*
 * Reads all n bytes of s as a person or a spreadsheet types a number, and
 * writes it in C form ("-1234.5") to out, which must hold n + 1 bytes:
 * the decimal separator of st; thousands separators in groups of three, the
 * declared one, or one that cannot be a decimal separator (no-break space
 * U+00A0, narrow no-break space U+202F, thin space U+2009, apostrophes ' and
 * U+2019) whether declared or not; a sign '-', '+' or U+2212; a trailing '%'
 * (the number before it is the figure). A decimal separator with no digit
 * after it ("12,") is refused. Returns the length written, or (size_t)-1
 * with *why set to the end of a sentence saying what is wrong and, where an
 * option would read it, which ("is not a number: a decimal comma needs
 * --decimal-comma"). out is scratch on failure.
 */
size_t num_local(const char *s, size_t n, const struct num_style *st, char *out, const char **why);

#endif
