/* A stable radix sort of 64-bit keys, each with the number of what it sorts:
 * for rows whose order is their texts' ranks (intern_rank) packed in a key. */
#ifndef MIPEXR_RADIX_H
#define MIPEXR_RADIX_H

#include <stddef.h>
#include <stdint.h>

struct radix_key {
	uint64_t key;
	size_t n;		/* the caller's: a row's number, say */
};

/* The bits that hold the numbers 0 to n - 1: none for n <= 1. */
unsigned radix_bits(size_t n);

/* Sorts the n keys of a by key, keys that are equal in their order in a.
 * a must come from malloc: it is sorted in place or freed, and the sorted
 * array returned, owned by the caller. A byte equal in every key costs no
 * pass. */
struct radix_key *radix_sort(struct radix_key *a, size_t n);

#endif
