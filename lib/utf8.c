#include <stdint.h>
#include <string.h>

#include "utf8.h"

size_t
utf8_invalid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, need, k;
	uint64_t w;
	unsigned c;

	while (i < n) {
		if (n - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3;
		else
			return i;
		if (n - i <= need)
			return i;
		for (k = 1; k <= need; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
		if ((c == 0xe0 && s[i + 1] < 0xa0) ||	/* overlong */
		    (c == 0xed && s[i + 1] >= 0xa0) ||	/* surrogate */
		    (c == 0xf0 && s[i + 1] < 0x90) ||	/* overlong */
		    (c == 0xf4 && s[i + 1] >= 0x90))	/* past U+10FFFF */
			return i;
		i += need + 1;
	}
	return n;
}
