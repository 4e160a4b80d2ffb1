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

	while (a->nblocks == 0 || at + n > a->sizes[a->cur]) {
		if (a->cur + 1 < a->nblocks) {	/* a block kept by arena_reset */
			a->cur++;
			at = 0;
			continue;
		}
		size = a->nblocks == 0 ? ARENA_FIRST : a->sizes[a->nblocks - 1] < ARENA_MAX / 2 ?
		    2 * a->sizes[a->nblocks - 1] : ARENA_MAX;
		if (n > size)
			size = n;
		a->blocks = xgrow(a->blocks, &a->blockcap, a->nblocks + 1, sizeof *a->blocks);
		a->sizes = xrealloc(a->sizes, a->blockcap * sizeof *a->sizes);
		a->blocks[a->nblocks] = xmalloc(size);
		a->sizes[a->nblocks] = size;
		a->cur = a->nblocks++;
		at = 0;
		break;
	}
	a->used = at + n;
	return a->blocks[a->cur] + at;
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
	a->cur = 0;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
	free(a->sizes);
	arena_init(a);
}
