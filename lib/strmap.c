#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "strmap.h"

void
strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof *m);
}

uint64_t
strmap_hash(const char *key, size_t klen)
{
	uint64_t h = 0xcbf29ce484222325ULL;	/* FNV-1a */
	size_t i;

	for (i = 0; i < klen; i++) {
		h ^= (unsigned char)key[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

size_t
strmap_join(char *buf, size_t cap, const char *const *part, size_t n)
{
	size_t len = 0, k, i;

	assert(cap > 0);
	for (i = 0; i < n; i++) {
		k = strlen(part[i]);
		if (len + k + (i > 0) >= cap)
			return (size_t)-1;
		if (i > 0)
			buf[len++] = '\t';
		memcpy(buf + len, part[i], k);
		len += k;
	}
	buf[len] = '\0';
	return len;
}

static struct strmap_slot *
probe(struct strmap_slot *slots, size_t cap, const char *key, size_t klen, uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);

	while (slots[i].key != NULL) {
		if (slots[i].hash == h && slots[i].klen == klen &&
		    memcmp(slots[i].key, key, klen) == 0)
			break;
		i = (i + 1) & (cap - 1);
	}
	return &slots[i];
}

static void
rehash(struct strmap *m, size_t ncap)
{
	size_t i;
	struct strmap_slot *ns = xcalloc(ncap, sizeof *ns), *s;

	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		s = probe(ns, ncap, m->slots[i].key, m->slots[i].klen, m->slots[i].hash);
		*s = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	size_t ncap = m->cap ? m->cap : 64;

	while (n * 4 > ncap * 3)
		ncap *= 2;
	if (ncap > m->cap)
		rehash(m, ncap);
}

static struct strmap_slot *
slot_put(struct strmap *m, const char *key, size_t klen, uint64_t h, int *added)
{
	struct strmap_slot *s;

	if ((m->len + 1) * 4 > m->cap * 3)
		rehash(m, m->cap ? m->cap * 2 : 64);
	s = probe(m->slots, m->cap, key, klen, h);
	*added = s->key == NULL;
	if (*added) {
		s->key = arena_strndup(&m->keys, key, klen);
		s->klen = klen;
		s->hash = h;
		s->value = NULL;
		m->len++;
	}
	return s;
}

void **
strmap_put(struct strmap *m, const char *key, size_t klen, int *added)
{
	return &slot_put(m, key, klen, strmap_hash(key, klen), added)->value;
}

uint64_t
strmap_prefetch(const struct strmap *m, const char *key, size_t klen)
{
	uint64_t h = strmap_hash(key, klen);

	if (m->cap > 0)
		CACHE_PREFETCH(&m->slots[(size_t)h & (m->cap - 1)]);
	return h;
}

void **
strmap_put_hashed(struct strmap *m, const char *key, size_t klen, uint64_t hash, int *added)
{
	return &slot_put(m, key, klen, hash, added)->value;
}

const char *
strmap_intern(struct strmap *m, const char *key, size_t klen)
{
	int added;

	return slot_put(m, key, klen, strmap_hash(key, klen), &added)->key;
}

struct strmap_slot *
strmap_find(const struct strmap *m, const char *key, size_t klen)
{
	struct strmap_slot *s;

	if (m->cap == 0)
		return NULL;
	s = probe(m->slots, m->cap, key, klen, strmap_hash(key, klen));
	return s->key != NULL ? s : NULL;
}

void *
strmap_get(const struct strmap *m, const char *key, size_t klen)
{
	struct strmap_slot *s = strmap_find(m, key, klen);

	return s != NULL ? s->value : NULL;
}

void
strmap_free(struct strmap *m, void (*free_value)(void *))
{
	size_t i;

	for (i = 0; free_value != NULL && i < m->cap; i++)
		if (m->slots[i].key != NULL)
			free_value(m->slots[i].value);
	arena_free(&m->keys);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

size_t
strmap_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[128], i, j, prev, tmp;

	if (na >= 127 || nb >= 127)
		return (size_t)-1;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			tmp = row[j];
			row[j] = a[i - 1] == b[j - 1] ? prev :
			    1 + (prev < row[j] ? (prev < row[j - 1] ? prev : row[j - 1]) :
			    (row[j] < row[j - 1] ? row[j] : row[j - 1]));
			prev = tmp;
		}
	}
	return row[nb];
}
