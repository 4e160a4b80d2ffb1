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

/* Latin-1 Supplement and Latin Extended-A (U+00C0-U+017F) without accents. */
static const char *const latin_base[] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

size_t
utf8_fold(const char *str, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0, k;
	unsigned cp;
	const char *base;
	int space = 1;	/* no space at the start */

	while (i < n) {
		if (s[i] < 0x80) {
			if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9'))
				out[o++] = (char)s[i], space = 0;
			else if (s[i] >= 'A' && s[i] <= 'Z')
				out[o++] = (char)(s[i] - 'A' + 'a'), space = 0;
			else if (!space)
				out[o++] = ' ', space = 1;
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0 && i + 1 < n) {
			cp = (unsigned)(s[i] & 0x1f) << 6 | (s[i + 1] & 0x3f);
			if (cp >= 0xc0 && cp < 0x180) {
				base = latin_base[cp - 0xc0];
				if (base[0] == ' ') {
					if (!space)
						out[o++] = ' ', space = 1;
				} else {
					for (k = 0; base[k] != '\0'; k++)
						out[o++] = base[k];
					space = 0;
				}
				i += 2;
				continue;
			}
		}
		/* other scripts stay as they are */
		out[o++] = (char)s[i++];
		space = 0;
	}
	if (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}
