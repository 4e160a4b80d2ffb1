/* UTF-8 checks and display widths. */
#ifndef MIPEXR_UTF8_H
#define MIPEXR_UTF8_H

#include <stddef.h>

/* Returns the offset of the first byte that is not part of valid UTF-8
 * (overlongs, surrogates and code points past U+10FFFF included), or n. */
size_t utf8_invalid(const char *s, size_t n);

/* Folds a name for matching: ASCII lower-cased, the accents of Latin letters
 * dropped (Cataluña → cataluna, Skåne → skane, ß → ss), Greek and Cyrillic
 * lower-cased and Greek accents dropped (ΗΡΑΚΛΕΙΟ, Ηράκλειο → ηρακλειο), every
 * run of other ASCII characters one space, none at the ends. Other scripts
 * are copied.
 * out must hold n + 1 bytes; returns the folded length. */
size_t utf8_fold(const char *s, size_t n, char *out);

/* The columns s takes in a terminal: combining marks 0, East Asian wide
 * characters 2, others 1. No locale is consulted. */
size_t utf8_width(const char *s, size_t n);

#endif
