/* Saying a thing once, with a count: the kinds of fault (or of anything said
 * about many rows) a filter meets while it reads, each told once at the end
 * with its first row, how many rows and a few more of their places. */
#ifndef MIPEXR_TALLY_H
#define MIPEXR_TALLY_H

#include <stddef.h>
#include <stdint.h>

/* Places kept besides the first: "also lines 7, 9 and 12 …". */
#define TALLY_MORE 3

struct tally_kind {
	char *place;		/* "FILE:LINE" of the first row, owned */
	char *text;		/* what is told, owned; set with tally_text */
	unsigned long n;	/* rows counted */
	uint64_t order;		/* its place among the messages: its first row's */
	size_t seq;		/* made seq-th: kinds of one order keep it */
	int counted;		/* the text says the count itself: tally_tell adds none */
	char *more[TALLY_MORE];	/* the places of the next rows, owned */
	size_t nmore;
};

struct tally {
	struct tally_kind *kind;
	size_t n, cap;
};

/* An empty tally: it allocates nothing until the first kind. */
void tally_init(struct tally *t);

/* Counts a row of the kind whose index + 1 is in *slot (0: none yet; a kind
 * is made, with place as its first place and order as its order, and *slot
 * set). place is copied; it may be NULL for a kind already made, whose
 * places are then not wanted. Returns the kind, valid until the next
 * tally_count: when its n is 1 it is new, and its text to be set. */
struct tally_kind *tally_count(struct tally *t, size_t *slot, uint64_t order, const char *place);

/* Sets (or replaces) k's text, printf-style. */
void tally_text(struct tally_kind *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The places of k's rows after the first, as text in buf (cap bytes):
 * "lines 7, 9 and 12", "line 7", or "a.csv:7, b.csv:2 …" when they are not
 * all in the first's file; " …" when there were more. Returns buf. */
const char *tally_more(const struct tally_kind *k, char *buf, size_t cap);

/* Tells every kind with diag_warn_at at its first place, by order (then as
 * made), each under diag_hold_key(order) for a filter holding its messages:
 * its text, and for more than one row (unless counted) "; N rows in all:
 * also " and tally_more. Frees nothing. */
void tally_tell(struct tally *t);

/* Frees every kind; the tally is empty and usable again. */
void tally_free(struct tally *t);

#endif
