#include <string.h>

#include "flags.h"

size_t
flags_parse(const char *s, size_t n, flagset *out)
{
	flagset f = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 'a' || s[i] > 'z' || strchr(FLAGS_KNOWN, s[i]) == NULL)
			return i + 1;
		f |= 1u << (s[i] - 'a');
	}
	*out = f;
	return 0;
}

size_t
flags_format(flagset f, char *buf)
{
	size_t n = 0;

	while (f != 0) {
		buf[n++] = (char)('a' + __builtin_ctz(f));
		f &= f - 1;
	}
	buf[n] = '\0';
	return n;
}
