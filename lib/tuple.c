#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "tuple.h"

uint64_t
tuple_part_hash(const char *part)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	const unsigned char *p;

	for (p = (const unsigned char *)part; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t
tuple_combine(const uint64_t *h, size_t n)
{
	uint64_t t = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < n; i++) {	/* in order: (a, b) is not (b, a) */
		t = (t ^ h[i]) * 0xff51afd7ed558ccdULL;
		t ^= t >> 32;
	}
	return t;
}

uint64_t
tuple_hash(const char *const *part, size_t n)
{
	uint64_t h[16];
	size_t i;

	assert(n <= sizeof h / sizeof *h);
	for (i = 0; i < n; i++)
		h[i] = tuple_part_hash(part[i]);
	return tuple_combine(h, n);
}

void
tuple_index_init(struct tuple_index *t, size_t n)
{
	t->cap = 64;
	while (n * 4 > t->cap * 3)
		t->cap *= 2;
	t->slot = xcalloc(t->cap, sizeof *t->slot);
	t->len = 0;
}

void
tuple_index_reset(struct tuple_index *t, size_t n)
{
	if (t->slot == NULL || n * 4 > t->cap * 3) {
		tuple_index_free(t);
		tuple_index_init(t, n);
		return;
	}
	memset(t->slot, 0, t->cap * sizeof *t->slot);
	t->len = 0;
}

static size_t
probe(const struct tuple_index *t, uint64_t hash, tuple_same *same, const void *arg)
{
	size_t i = (size_t)hash & (t->cap - 1);

	while (t->slot[i].id != 0 && !(t->slot[i].hash == hash && same(arg, t->slot[i].id)))
		i = (i + 1) & (t->cap - 1);
	return i;
}

size_t
tuple_find(const struct tuple_index *t, uint64_t hash, tuple_same *same, const void *arg)
{
	return t->slot[probe(t, hash, same, arg)].id;
}

void
tuple_prefetch(const struct tuple_index *t, uint64_t hash)
{
	CACHE_PREFETCH(&t->slot[(size_t)hash & (t->cap - 1)]);
}

size_t
tuple_guess(const struct tuple_index *t, uint64_t hash)
{
	const struct tuple_slot *s = &t->slot[(size_t)hash & (t->cap - 1)];

	return s->hash == hash ? s->id : 0;
}

static void
grow(struct tuple_index *t)
{
	struct tuple_index n;
	size_t i, j;

	n.cap = 2 * t->cap;
	n.slot = xcalloc(n.cap, sizeof *n.slot);
	for (i = 0; i < t->cap; i++) {
		if (t->slot[i].id == 0)
			continue;
		for (j = (size_t)t->slot[i].hash & (n.cap - 1); n.slot[j].id != 0; j = (j + 1) & (n.cap - 1))
			;
		n.slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = n.slot;
	t->cap = n.cap;
}

size_t
tuple_add(struct tuple_index *t, uint64_t hash, size_t id, tuple_same *same, const void *arg)
{
	size_t i;

	assert(id != 0 && t->slot != NULL);
	if ((t->len + 1) * 4 > t->cap * 3)
		grow(t);
	i = probe(t, hash, same, arg);
	if (t->slot[i].id != 0)
		return t->slot[i].id;
	t->slot[i].hash = hash;
	t->slot[i].id = id;
	t->len++;
	return 0;
}

void
tuple_index_free(struct tuple_index *t)
{
	free(t->slot);
	t->slot = NULL;
	t->cap = t->len = 0;
}
