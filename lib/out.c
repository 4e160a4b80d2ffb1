/* The buffered, checked writer of the renderers (see out.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

enum { PAD = 32 };
static const char spaces[PAD + 1] = "                                ";

void
out_fdopen(struct out *o, int fd, const char *name)
{
	tsv_writer_fdopen(&o->w, fd, name);
}

void
out_bytes(struct out *o, const char *s, size_t n)
{
	tsv_put_bytes(&o->w, s, n);
}

void
out_str(struct out *o, const char *s)
{
	tsv_put_bytes(&o->w, s, strlen(s));
}

void
out_pad(struct out *o, size_t n)
{
	size_t k;

	for (; n > 0; n -= k) {
		k = n < PAD ? n : PAD;
		tsv_put_bytes(&o->w, spaces, k);
	}
}

void
out_aligned(struct out *o, size_t before, const char *s, size_t n, size_t after)
{
	struct tsv_writer *w = &o->w;
	char *d;

	if (w->len + before + n + after > w->cap) {
		out_pad(o, before);
		tsv_put_bytes(w, s, n);
		out_pad(o, after);
		return;
	}
	d = w->buf + w->len;
	if (before <= PAD && after <= PAD && w->len + before + n + PAD <= w->cap) {
		/* the usual short padding as whole blocks of spaces, of a size the
		 * compiler knows, past the end if need be: small memsets of any size
		 * were a tenth of render-table's time */
		memcpy(d, spaces, PAD);
		memcpy(d + before, s, n);
		memcpy(d + before + n, spaces, PAD);
	} else {
		memset(d, ' ', before);
		memcpy(d + before, s, n);
		memset(d + before + n, ' ', after);
	}
	w->len += before + n + after;
}

void
out_html(struct out *o, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *ref;

		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '"': ref = "&quot;"; break;
		case '\'': ref = "&#39;"; break;
		default: continue;
		}
		tsv_put_bytes(&o->w, run, (size_t)(s - run));
		out_str(o, ref);
		run = s + 1;
	}
	tsv_put_bytes(&o->w, run, (size_t)(s - run));
}

void
out_fmt(struct out *o, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	tsv_put_bytes(&o->w, buf, n < 0 ? 0 : (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

void
out_close(struct out *o)
{
	tsv_writer_close(&o->w);
}
