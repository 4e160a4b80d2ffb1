/* --format html: a self-contained page, the table and, with a geometry, a
 * map per --cols value under it (see render.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"

static void
html_head(struct render *r)
{
	const struct render_opts *o = r->opt;
	struct out *out = &r->out;

	out_str(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	out_html(out, o->title != NULL ? o->title : "mipexr table");
	out_str(out, "</title>\n<style>\n"
	    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:1rem;color:#222}\n"
	    ".wrap{overflow-x:auto}\n"
	    "table{border-collapse:collapse;font-size:.9rem}\n"
	    "caption{caption-side:top;text-align:left;font-weight:600;padding:.4rem 0}\n"
	    "caption small{display:block;font-weight:400;color:#555}\n"
	    "th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;white-space:nowrap}\n"
	    "thead th{border-bottom:2px solid #444;text-align:left;vertical-align:bottom;white-space:normal;"
	    "min-width:3rem}\n"
	    "tbody th{text-align:left;font-weight:500;white-space:normal;min-width:9rem}\n"
	    "th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
	    "td.missing{color:#888}\n"
	    "sup{font-size:.7em;margin-left:.15em}\n"
	    "ul.legend{font-size:.8rem;color:#444;padding-left:1.2rem}\n"
	    "figure.map{margin:1rem 0}\n"
	    "figure.map svg{max-width:100%;height:auto}\n"
	    /* a map's legend as text, shown instead of the picture's on a phone */
	    ".map-legend{display:none;font-size:.9rem;color:#444}\n"
	    ".map-legend ol,.map-legend ul{list-style:none;padding:0;margin:.3rem 0}\n"
	    ".map-legend li{display:flex;align-items:center;gap:.5rem;margin:.2rem 0}\n"
	    ".map-legend p{margin:.3rem 0}\n"
	    ".swatch{flex:none;width:1.4em;height:1em;border:1px solid #888}\n"
	    ".swatch.nd{background:repeating-linear-gradient(45deg,#a8a8a8 0 1.5px,#e6e6e6 1.5px 4px)}\n"
	    /* a phone: a card a row, each figure under its column's heading */
	    "@media (max-width:40rem){\n"
	    ".wrap{overflow-x:visible}\n"
	    "table,caption,tbody,tr,th,td{display:block}\n"
	    "thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}\n"
	    "tbody tr{border-bottom:2px solid #444;padding:.3rem 0}\n"
	    "th,td{white-space:normal;border-bottom:1px solid #eee}\n"
	    "tbody th{font-weight:600}\n"
	    "td{display:flex;justify-content:space-between;gap:1rem}\n"
	    "td::before{content:attr(data-label);text-align:left;color:#444}\n"
	    "figure.map{margin:1rem 0 2rem}\n"
	    "figure.map g.legend{display:none}\n"
	    ".map-legend{display:block}\n"
	    "}\n"
	    "</style>\n</head>\n<body>\n<div class=\"wrap\">\n<table>\n<caption>");
	out_html(out, o->title != NULL ? o->title : "mipexr table");
	out_str(out, "<small>");
	out_html(out, o->source != NULL ? o->source : "Source: Eurostat; computed with mipexr");
	if (o->date != NULL) {
		out_str(out, ", ");
		out_html(out, o->date);
	}
	out_str(out, "</small></caption>\n");
}

/* A row's cell j (j > 0): the figure coloured by how the group fares, its
 * flags as a superscript, a dash when missing; its column's heading as
 * data-label, which a phone shows beside it. */
static void
html_cell(struct render *r, const struct render_table *t, const struct render_cell *c, size_t j)
{
	struct out *out = &r->out;
	char col[16];
	double g;

	out_str(out, "<td data-label=\"");
	out_html(out, t->head[j]);
	if (t->numeric_col[j] && *c->text == '\0')
		out_str(out, "\" class=\"num missing\">–");
	else if (render_goodness(c, t->kind[j], &g)) {
		render_colour(g, col, sizeof col);
		out_fmt(out, "\" class=\"num\" style=\"background:%s\">", col);
		out_html(out, c->text);
	} else {
		out_str(out, t->numeric_col[j] ? "\" class=\"num\">" : "\">");
		out_html(out, c->text);
	}
	if (*c->flags) {
		out_str(out, "<sup>");
		out_html(out, c->flags);
		out_str(out, "</sup>");
	}
	out_str(out, "</td>");
}

/* A column's heading, which may break after each '_' or ':' of an id
 * (emp_rate_birth) to keep a wide table on the screen. */
static void
heading(struct out *out, const char *s)
{
	const char *p;
	char part[256];
	size_t n;

	while ((p = strpbrk(s, "_:")) != NULL && p[1] != '\0') {
		n = (size_t)(p - s) + 1 < sizeof part ? (size_t)(p - s) + 1 : sizeof part - 1;
		memcpy(part, s, n);
		part[n] = '\0';
		out_html(out, part);
		out_str(out, "<wbr>");
		s += n;
	}
	out_html(out, s);
}

static void
html_rows(struct render *r, const struct render_table *t)
{
	struct out *out = &r->out;
	size_t i, j;

	out_str(out, "<thead>\n<tr>");
	for (j = 0; j < t->ncols; j++) {
		out_str(out, t->numeric_col[j] ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
		heading(out, t->head[j]);
		out_str(out, "</th>");
	}
	out_str(out, "</tr>\n</thead>\n<tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		out_str(out, "<tr><th scope=\"row\">");
		out_html(out, t->cell[i][0].text);
		out_str(out, "</th>");
		for (j = 1; j < t->ncols; j++)
			html_cell(r, t, &t->cell[i][j], j);
		out_str(out, "</tr>\n");
	}
	out_str(out, "</tbody>\n</table>\n</div>\n");
}

/* The map of each --cols value (or the one map) under the table, each in a
 * <figure>, from the rows of that value; the worst status in r->map_rc. */
static void
html_maps(struct render *r, const struct render_table *t)
{
	const struct render_input *in = r->map_in;
	const char *cols = r->opt->cols;
	struct render_input sub;
	struct render_keys keys = { 0 };
	size_t nk, i, k;
	int ccol = t->colcol, rc;

	for (i = 0; i < in->nrows && ccol >= 0; i++)
		render_keys_index(&keys, in->rows[i][ccol]);
	nk = ccol >= 0 ? keys.n : 1;
	sub = *in;
	sub.rows = xcalloc(in->nrows + 1, sizeof *sub.rows);
	sub.line = xcalloc(in->nrows + 1, sizeof *sub.line);
	for (k = 0; k < nk; k++) {
		sub.nrows = 0;
		for (i = 0; i < in->nrows; i++)
			if (ccol < 0 || strcmp(in->rows[i][ccol], keys.key[k]) == 0) {
				sub.rows[sub.nrows] = in->rows[i];
				sub.line[sub.nrows++] = in->line[i];
			}
		out_str(&r->out, "<figure class=\"map\">\n");
		rc = render_map(r, &sub, r->map_geo, ccol >= 0 ? render_label(r, cols, keys.key[k]) : r->opt->title, 1);
		if (rc != 0 && r->map_rc == 0)
			r->map_rc = rc;
		out_str(&r->out, "</figure>\n");
	}
	render_keys_free(&keys);
	free(sub.rows);
	free(sub.line);
}

/* The indicators' key and the flags' legend under the table. */
static void
html_tail(struct render *r, const struct render_table *t)
{
	struct out *out = &r->out;
	const char *words[26];
	size_t i, n;

	if (t->nkey > 0) {
		out_str(out, "<ul class=\"legend\">\n");
		for (i = 0; i < t->nkey; i++) {
			out_str(out, "<li><b>");
			out_html(out, t->key[i]);
			out_str(out, "</b>: ");
			out_html(out, render_key_label(r, t->key[i]));
			out_str(out, "</li>\n");
		}
		out_str(out, "</ul>\n");
	}
	if ((n = render_flag_words(t->legend, words)) > 0) {
		out_str(out, "<ul class=\"legend\">\n");
		for (i = 0; i < n; i++) {
			out_str(out, "<li>");
			out_html(out, words[i]);
			out_str(out, "</li>\n");
		}
		out_str(out, "</ul>\n");
	}
	out_str(out, "</body>\n</html>\n");
}

int
render_html(struct render *r, struct render_table *t)
{
	html_head(r);
	html_rows(r, t);
	if (r->map_geo != NULL)
		html_maps(r, t);
	html_tail(r, t);
	return r->map_rc;
}
