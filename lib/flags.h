/* Eurostat observation-status flags (SPEC §3) as a set of letters. */
#ifndef MIPEXR_FLAGS_H
#define MIPEXR_FLAGS_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t flagset;	/* bit i: letter 'a' + i */

/* The letters Eurostat uses: b c d e f n p r s u z. */
#define FLAGS_KNOWN "bcdefnprsuz"

/* Parses n bytes of letters (repeats allowed) into *out. Returns 0, or the
 * 1-based position of the first byte that is not a known flag letter. */
size_t flags_parse(const char *s, size_t n, flagset *out);

/* Writes the set's letters sorted, each once, NUL-terminated, into buf
 * (at least 27 bytes). Returns the length. */
size_t flags_format(flagset f, char *buf);

/* The flags of a figure computed from figures flagged a and b. */
static inline flagset
flags_union(flagset a, flagset b)
{
	return a | b;
}

/* Is letter (a to z) among f? */
static inline int
flags_has(flagset f, char letter)
{
	return letter >= 'a' && letter <= 'z' && (f >> (letter - 'a') & 1u);
}

#endif
