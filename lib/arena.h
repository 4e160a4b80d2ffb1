/* A bump allocator: many small pieces that live and die together. */
#ifndef MIPEXR_ARENA_H
#define MIPEXR_ARENA_H

#include <stddef.h>

struct arena {
	char **blocks;
	size_t *sizes;		/* of each block */
	size_t nblocks, blockcap;
	size_t cur;		/* the block pieces come from now */
	size_t used;		/* of blocks[cur] */
};

/* An empty arena; it allocates nothing until the first piece. */
void arena_init(struct arena *a);

/* n bytes aligned for any type, owned by the arena, valid until arena_free.
 * Blocks double from 1 KiB to 64 KiB, so small arenas stay small; a piece
 * larger than a block gets a block of its own. Never fails (exits). */
void *arena_alloc(struct arena *a, size_t n);

/* A NUL-terminated copy of s[0..n), owned by the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t n);

/* Forgets every piece but keeps the blocks, to be filled again from the
 * first: a filter holding one block of rows at a time reuses the memory
 * (pages already in) instead of faulting fresh pages in for each. Invalidates
 * every piece. */
void arena_reset(struct arena *a);
/* Frees every piece at once. The arena is empty and usable again. */
void arena_free(struct arena *a);

#endif
