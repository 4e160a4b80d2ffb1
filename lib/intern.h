/*
 * Numbered texts: the distinct texts of one column (geo, time, a group's
 * code …) numbered in the order met, so that a row kept in memory names
 * each of its texts in 4 bytes; once all are read, intern_rank ranks the
 * numbers in strcmp order, so that rows sort by their texts without
 * comparing strings. Where equal pointers suffice (no number, no rank),
 * strmap_intern is the simpler tool.
 */
#ifndef MIPEXR_INTERN_H
#define MIPEXR_INTERN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "strmap.h"

#define INTERN_RECENT 32

struct intern {
	struct strmap map;	/* text → its number, as the value */
	const char **text;	/* by number: the map's copies */
	uint32_t *rank;		/* by number, once intern_rank has run */
	size_t n, cap;
	/* the texts met lately, in slots picked by a cheap hash of their ends
	 * (intern_recent_slot): codes repeat (a few groups and sexes, a few
	 * dozen years), so most are found here without being hashed whole */
	const char *recent[INTERN_RECENT];
	size_t recent_len[INTERN_RECENT];
	uint32_t recent_id[INTERN_RECENT];
};

/* An empty table; it allocates nothing until the first text. */
void intern_init(struct intern *t);

/* The slot of a text among the recent ones: its length and three of its
 * bytes. For a caller keeping such a cache of its own beside a strmap. */
static inline size_t
intern_recent_slot(const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *)text;

	return len == 0 ? 0 : (len * 7 + u[0] * 3 + u[len - 1] + u[len / 2] * 5) % INTERN_RECENT;
}

/* intern_id of a text not among the recent ones. */
uint32_t intern_lookup(struct intern *t, const char *text, size_t len, size_t slot);

/* The number of text[0..len), numbered now if new (more than UINT32_MAX
 * texts exit 2). The text is copied; intern_text gives the copy, valid
 * until intern_free. Inline: it is called for each field of each row. */
static inline uint32_t
intern_id(struct intern *t, const char *text, size_t len)
{
	size_t k = intern_recent_slot(text, len);

	if (t->recent[k] != NULL && t->recent_len[k] == len && memcmp(t->recent[k], text, len) == 0)
		return t->recent_id[k];
	return intern_lookup(t, text, len, k);
}

/* The text numbered id (< t->n). */
static inline const char *
intern_text(const struct intern *t, uint32_t id)
{
	return t->text[id];
}

/* Ranks the numbers in the strcmp order of their texts: t->rank[id], 0 to
 * t->n - 1. Texts numbered after it have no rank until it runs again. */
void intern_rank(struct intern *t);

/* Frees the texts, numbers and ranks. */
void intern_free(struct intern *t);

#endif
