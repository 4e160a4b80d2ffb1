/* --format text and md: aligned columns (see render.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "utf8.h"

/* A cell as shown: its text and flags, escaped for Markdown; in *buf or *md. */
static const char *
shown(const struct render *r, const struct render_cell *c, size_t *len, char **buf, size_t *cap, char **md,
    size_t *mdcap)
{
	const char *ct = render_cell_text(c, buf, cap);

	if (r->opt->markdown)
		return render_md_cell(ct, strlen(ct), len, md, mdcap);
	*len = strlen(ct);
	return ct;
}

/* The width of each column: its heading's, its widest cell's; a figure
 * without flags keeps the room of the longest flags of its column. Caches
 * each cell's width. */
static void
measure(const struct render *r, struct render_table *t, size_t *w, size_t *maxf, char **buf, size_t *cap,
    char **md, size_t *mdcap)
{
	size_t i, j, cw, n;
	const char *ct;

	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++)
			if (*t->cell[i][j].flags && strlen(t->cell[i][j].flags) + 1 > maxf[j])
				maxf[j] = strlen(t->cell[i][j].flags) + 1;
	for (j = 0; j < t->ncols; j++) {
		ct = r->opt->markdown ? render_md_cell(t->head[j], strlen(t->head[j]), &n, md, mdcap) : t->head[j];
		w[j] = utf8_width(ct, strlen(ct));
	}
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < t->ncols; j++) {
			struct render_cell *c = &t->cell[i][j];

			ct = shown(r, c, &n, buf, cap, md, mdcap);
			cw = utf8_width(ct, n);
			c->width = cw < UINT32_MAX ? (uint32_t)cw : UINT32_MAX;
			c->width_is_len = cw == n && cw < UINT32_MAX;	/* both once: a table is written after it is measured */
			if (t->numeric_col[j])	/* a figure without flags keeps their room */
				cw += maxf[j] - (*c->flags ? strlen(c->flags) + 1 : 0);
			if (cw > w[j])
				w[j] = cw;
		}
}

/* Aligned columns; figures right-aligned with their decimal points in line
 * (same decimals per column), flags after them; widths counted in columns. */
int
render_text(struct render *r, struct render_table *t)
{
	size_t *w = xcalloc(t->ncols, sizeof *w), *maxf = xcalloc(t->ncols, sizeof *maxf), i, j, cw, n;
	char *buf = NULL, *md = NULL;
	size_t bufcap = 0, mdcap = 0;
	const char *ct;

	measure(r, t, w, maxf, &buf, &bufcap, &md, &mdcap);
	render_text_head(r, t->head, t->ncols, w, t->numeric_col);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			const struct render_cell *c = &t->cell[i][j];
			size_t fw = *c->flags ? strlen(c->flags) + 1 : 0;

			ct = shown(r, c, &n, &buf, &bufcap, &md, &mdcap);
			cw = c->width_is_len ? c->width : utf8_width(ct, n);
			render_text_cell(r, j, t->ncols, t->numeric_col[j], ct, n, cw, w[j],
			    t->numeric_col[j] ? maxf[j] - fw : 0);
		}
		render_text_row_end(r);
	}
	render_text_tail(r, t);
	free(w);
	free(maxf);
	free(buf);
	free(md);
	return 0;
}
