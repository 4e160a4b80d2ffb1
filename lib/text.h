/* A growable byte string, kept NUL-terminated: pieces of a line or of a
 * cell gathered before they go out. */
#ifndef MIPEXR_TEXT_H
#define MIPEXR_TEXT_H

#include <stddef.h>

struct text {
	char *s;		/* NULL until the first text_add; owned, freed by the user */
	size_t len, cap;
};

/* Appends the n bytes at s (which may hold NULs) and a NUL after them; grows
 * t->s (earlier pointers into it are invalid). Out of memory exits 2. */
void text_add(struct text *t, const char *s, size_t n);

#endif
