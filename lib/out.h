/*
 * The bytes of a page or a table for people (text, Markdown, CSV, HTML,
 * SVG), buffered and checked: they go through a struct tsv_writer's buffer,
 * so a failed write or a closed pipe exits 2 as in every filter. What is
 * rendering (padding, HTML escapes, formatted pieces) lives here, not in
 * lib/tsv.
 */
#ifndef MIPEXR_OUT_H
#define MIPEXR_OUT_H

#include <stddef.h>

#include "tsv.h"

struct out {
	struct tsv_writer w;
};

/* Writes to fd (closed by out_close only when it is stdout); name for messages. */
void out_fdopen(struct out *o, int fd, const char *name);

/* Appends n bytes of s. */
void out_bytes(struct out *o, const char *s, size_t n);
/* Appends the NUL-terminated s. */
void out_str(struct out *o, const char *s);
/* Appends n spaces. */
void out_pad(struct out *o, size_t n);
/* Appends before spaces, the n bytes of s, then after spaces: a cell of an
 * aligned table. */
void out_aligned(struct out *o, size_t before, const char *s, size_t n, size_t after);
/* Appends s with & < > " ' as HTML (and XML) character references. */
void out_html(struct out *o, const char *s);
/* Appends a formatted piece of markup (at most 1023 bytes: longer is cut);
 * never data numbers, which go through num_format. */
void out_fmt(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Flushes and closes as tsv_writer_close: exits 2 on failure. */
void out_close(struct out *o);

#endif
