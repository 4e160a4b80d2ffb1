/*
 * An index of tuples held elsewhere: the rows of a table, the frames of a
 * score. Open addressing on a hash of the tuple's fields; the caller says
 * whether a stored tuple equals the one sought. It stores no key, 16 bytes a
 * tuple, where a strmap would copy every key.
 */
#ifndef MIPEXR_TUPLE_H
#define MIPEXR_TUPLE_H

#include <stddef.h>
#include <stdint.h>

struct tuple_slot {
	uint64_t hash;
	size_t id;		/* the caller's number of the tuple; 0: empty */
};

struct tuple_index {
	struct tuple_slot *slot;
	size_t cap, len;
};

/* Does the tuple numbered id equal the one sought (arg)? */
typedef int tuple_same(const void *arg, size_t id);

/* The hash of n (at most 16) strings as one tuple: ("ab", "c") and ("a", "bc")
 * differ. It is tuple_combine of their tuple_part_hash. */
uint64_t tuple_hash(const char *const *part, size_t n);
/* The hash of one string of a tuple. */
uint64_t tuple_part_hash(const char *part);
/* The hash of a tuple from its parts' tuple_part_hash, in order: for a caller
 * that hashes each field of a row once and the row's tuples several times. */
uint64_t tuple_combine(const uint64_t *h, size_t n);

/* An empty index with room for n tuples before it grows. */
void tuple_index_init(struct tuple_index *t, size_t n);

/* Empties t, keeping its slots when they have room for n tuples, else as
 * tuple_index_init: a filter indexing one block of rows at a time reuses
 * the memory. */
void tuple_index_reset(struct tuple_index *t, size_t n);
/* The id of the stored tuple with this hash that same() accepts, or 0. */
size_t tuple_find(const struct tuple_index *t, uint64_t hash, tuple_same *same, const void *arg);

/* The id in the slot a tuple of this hash is looked for first, if that
 * slot's hash is this one, else 0. Unchecked, a guess for prefetching the
 * tuple: tuple_find says which it is. */
size_t tuple_guess(const struct tuple_index *t, uint64_t hash);
/* Starts bringing the slot a tuple of this hash would be in into the cache,
 * so that work done before tuple_find hides the miss. Changes nothing. */
void tuple_prefetch(const struct tuple_index *t, uint64_t hash);
/* As tuple_find; when there is none, stores id (> 0) and returns 0. */
size_t tuple_add(struct tuple_index *t, uint64_t hash, size_t id, tuple_same *same, const void *arg);

/* Frees the slots; the tuples were never the index's. */
void tuple_index_free(struct tuple_index *t);

#endif
