/* A string-keyed hash map (open addressing). Iteration order is not defined:
 * anything printed from a map must be sorted first. */
#ifndef MIPEXR_STRMAP_H
#define MIPEXR_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

struct strmap_slot {
	const char *key;	/* NUL-terminated copy owned by the map; NULL: empty slot */
	size_t klen;
	uint64_t hash;
	void *value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, len;
	struct arena keys;	/* key storage, freed with the map */
};

/* An empty map; it allocates nothing until the first key. */
void strmap_init(struct strmap *m);

/* Finds key or inserts it (copying the key, value NULL); sets *added. Returns
 * the value's slot, valid until the next insertion. */
void **strmap_put(struct strmap *m, const char *key, size_t klen, int *added);

/* The hash of key; its slot is fetched into the cache meanwhile, so that
 * work done before strmap_put_hashed hides the miss. Changes nothing. */
uint64_t strmap_prefetch(const struct strmap *m, const char *key, size_t klen);
/* strmap_put with the hash strmap_prefetch gave for key. */
void **strmap_put_hashed(struct strmap *m, const char *key, size_t klen, uint64_t hash, int *added);
/* Makes room for n keys in all, so that inserting them does not rehash.
 * Invalidates the slots returned so far. */
void strmap_reserve(struct strmap *m, size_t n);

/* The value stored for key, or NULL (also for a key stored with value NULL:
 * use strmap_find to tell them apart). */
void *strmap_get(const struct strmap *m, const char *key, size_t klen);

/* The slot of key, or NULL. Valid until the next insertion. */
struct strmap_slot *strmap_find(const struct strmap *m, const char *key, size_t klen);

/* The map's own copy of key, inserted if new: equal strings get one pointer,
 * valid until strmap_free. For interning the codes a filter keeps many of. */
const char *strmap_intern(struct strmap *m, const char *key, size_t klen);

/* Frees the map, its keys, and each value with free_value unless NULL. */
void strmap_free(struct strmap *m, void (*free_value)(void *));

/* Joins n strings with TABs into buf (cap bytes, NUL-terminated): the key
 * of a composite, such as indicator, geo, time. Returns its length, or
 * (size_t)-1 when it does not fit. Codes hold no TAB, so keys are unique. */
size_t strmap_join(char *buf, size_t cap, const char *const *part, size_t n);

/* FNV-1a of klen bytes, the map's hash; no allocation. */
uint64_t strmap_hash(const char *key, size_t klen);

/* The edit distance (Levenshtein, byte by byte) of a[0..na) and b[0..nb),
 * for "did you mean": (size_t)-1 when either is 127 bytes or longer. */
size_t strmap_distance(const char *a, size_t na, const char *b, size_t nb);

#endif
