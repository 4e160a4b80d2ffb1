#include "text.h"

#include <string.h>

#include "diag.h"

void
text_add(struct text *t, const char *s, size_t n)
{
	t->s = xgrow(t->s, &t->cap, t->len + n + 1, 1);
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}
