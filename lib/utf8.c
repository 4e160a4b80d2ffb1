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

/* Greek and Cyrillic (U+0370-U+04FF) lower-cased, Greek tonos and dialytika
 * dropped (Ηράκλειο, ΗΡΑΚΛΕΙΟ → ηρακλειο), final sigma as sigma; 0 for a code
 * point left as it is. Always a two-byte code point, no longer than the input. */
static unsigned
greek_cyrillic_base(unsigned cp)
{
	static const struct { unsigned short from, to; } greek[] = {
		{ 0x386, 0x3b1 }, { 0x388, 0x3b5 }, { 0x389, 0x3b7 }, { 0x38a, 0x3b9 }, { 0x38c, 0x3bf },
		{ 0x38e, 0x3c5 }, { 0x38f, 0x3c9 }, { 0x390, 0x3b9 }, { 0x3aa, 0x3b9 }, { 0x3ab, 0x3c5 },
		{ 0x3ac, 0x3b1 }, { 0x3ad, 0x3b5 }, { 0x3ae, 0x3b7 }, { 0x3af, 0x3b9 }, { 0x3b0, 0x3c5 },
		{ 0x3c2, 0x3c3 }, { 0x3ca, 0x3b9 }, { 0x3cb, 0x3c5 }, { 0x3cc, 0x3bf }, { 0x3cd, 0x3c5 },
		{ 0x3ce, 0x3c9 },
	};
	size_t i;

	for (i = 0; i < sizeof greek / sizeof *greek; i++)
		if (greek[i].from == cp)
			return greek[i].to;
	if (cp >= 0x391 && cp <= 0x3a9)		/* Α-Ω */
		return cp + 0x20;
	if (cp >= 0x400 && cp <= 0x40f)		/* Ѐ-Џ */
		return cp + 0x50;
	if (cp >= 0x410 && cp <= 0x42f)		/* А-Я */
		return cp + 0x20;
	return 0;
}

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
			if ((cp = greek_cyrillic_base(cp)) != 0) {
				out[o++] = (char)(0xc0 | cp >> 6);
				out[o++] = (char)(0x80 | (cp & 0x3f));
				space = 0;
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

/* Zero-width (combining) and double-width (East Asian wide) code points:
 * the ranges terminals treat that way, enough for region names. */
static int
cp_width(unsigned cp)
{
	static const unsigned zero[][2] = {
		{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd }, { 0x0610, 0x061a },
		{ 0x064b, 0x065f }, { 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x1ab0, 0x1aff },
		{ 0x1dc0, 0x1dff }, { 0x200b, 0x200f }, { 0x20d0, 0x20ff }, { 0xfe00, 0xfe0f },
		{ 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	};
	static const unsigned wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff }, { 0x3400, 0x4dbf },
		{ 0x4e00, 0x9fff }, { 0xa000, 0xa4cf }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
		{ 0xfe30, 0xfe4f }, { 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
	};
	size_t i;

	for (i = 0; i < sizeof zero / sizeof *zero; i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof wide / sizeof *wide; i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

size_t
utf8_width(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, w = 0;
	unsigned cp;

	while (i < n) {
		if (s[i] < 0x80) {
			w++, i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0 && i + 1 < n) {
			cp = (unsigned)(s[i] & 0x1f) << 6 | (s[i + 1] & 0x3f);
			i += 2;
		} else if ((s[i] & 0xf0) == 0xe0 && i + 2 < n) {
			cp = (unsigned)(s[i] & 0x0f) << 12 | (unsigned)(s[i + 1] & 0x3f) << 6 | (s[i + 2] & 0x3f);
			i += 3;
		} else if ((s[i] & 0xf8) == 0xf0 && i + 3 < n) {
			cp = (unsigned)(s[i] & 0x07) << 18 | (unsigned)(s[i + 1] & 0x3f) << 12 |
			    (unsigned)(s[i + 2] & 0x3f) << 6 | (s[i + 3] & 0x3f);
			i += 4;
		} else {
			w++, i++;	/* not UTF-8: one column, as a terminal shows a replacement */
			continue;
		}
		w += (size_t)cp_width(cp);
	}
	return w;
}
