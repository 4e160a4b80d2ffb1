#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "radix.h"

unsigned
radix_bits(size_t n)
{
	unsigned b = 0;

	while (b < 64 && n > 0 && ((n - 1) >> b) != 0)
		b++;
	return b;
}

struct radix_key *
radix_sort(struct radix_key *a, size_t n)
{
	size_t (*count)[257] = xcalloc(8, sizeof *count), i, at;
	struct radix_key *b, *t;
	unsigned byte, shift;

	/* every byte's counts in one pass: a byte whose count is n somewhere
	 * is the same in every key, and needs no pass of its own */
	for (i = 0; i < n; i++)
		for (byte = 0; byte < 8; byte++)
			count[byte][(a[i].key >> byte * 8 & 0xff) + 1]++;
	b = xcalloc(n + 1, sizeof *b);
	for (byte = 0; byte < 8 && n > 0; byte++) {	/* stable, least significant byte first */
		shift = byte * 8;
		if (count[byte][(a[0].key >> shift & 0xff) + 1] == n)
			continue;
		for (i = 1, at = 0; i < 257; i++)
			count[byte][i] = at += count[byte][i];
		for (i = 0; i < n; i++)
			b[count[byte][a[i].key >> shift & 0xff]++] = a[i];
		t = a, a = b, b = t;
	}
	free(b);
	free(count);
	return a;
}
