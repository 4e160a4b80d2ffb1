/* UTF-8 checks and display widths. */
#ifndef MIPEXR_UTF8_H
#define MIPEXR_UTF8_H

#include <stddef.h>

/* Returns the offset of the first byte that is not part of valid UTF-8
 * (overlongs, surrogates and code points past U+10FFFF included), or n. */
size_t utf8_invalid(const char *s, size_t n);

#endif
