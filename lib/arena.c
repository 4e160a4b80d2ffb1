#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"

#define ARENA_FIRST 1024
#define ARENA_MAX 65536

void
arena_init(struct arena *a)
{
	memset(a, 0, sizeof *a);
}

static void *
alloc(struct arena *a, size_t n, size_t align)
{
	size_t at = (a->used + align - 1) & ~(align - 1), size;

	if (a->nblocks == 0 || at + n > a->size) {
		size = a->size == 0 ? ARENA_FIRST : a->size < ARENA_MAX / 2 ? 2 * a->size : ARENA_MAX;
		if (n > size)
			size = n;
		a->blocks = xgrow(a->blocks, &a->blockcap, a->nblocks + 1, sizeof *a->blocks);
		a->blocks[a->nblocks++] = xmalloc(size);
		a->size = size;
		a->total += size;
		at = 0;
	}
	a->used = at + n;
	return a->blocks[a->nblocks - 1] + at;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, alignof(max_align_t));
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc(a, n + 1, 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
arena_reset(struct arena *a)
{
	size_t i;

	if (a->nblocks > 1) {
		for (i = 0; i < a->nblocks; i++)
			free(a->blocks[i]);
		a->blocks[0] = xmalloc(a->total);
		a->nblocks = 1;
		a->size = a->total;
	}
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	arena_init(a);
}
