/* --format svg: a horizontal bar chart of the first figure column across
 * the rows, with a zero line (gaps) or a parity line at 100 (scores). */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "render.h"
#include "utf8.h"

/* The chart's frame: the figures' range (with the reference in it), the
 * labels' width, the scale. */
struct chart {
	size_t col;		/* the column charted */
	double lo, hi, ref, scale;
	int width, rowh, top, left, plotw, height;
};

/* A title's lines: cut at spaces to fit width px (14 px bold: about 8.5
 * px a character); a word longer than a line is a line of its own, the
 * eighth line the rest. Each line's start and length in start and len;
 * returns how many. */
static int
title_cut(const char *s, int width, const char **start, size_t *len)
{
	size_t max = (size_t)(width / 8.5), n = 0, w;
	const char *end, *p;

	while (*s != '\0' && n < 8) {
		for (p = s, end = NULL, w = 0;; p++) {
			if (*p == ' ' || *p == '\0') {
				if (end != NULL && w > max && n < 7)
					break;	/* this word goes on the next line */
				end = p;
				if (*p == '\0')
					break;
			}
			w += (*p & 0xc0) != 0x80;	/* characters, not bytes */
		}
		start[n] = s;
		len[n++] = (size_t)(end - s);
		s = *end == ' ' ? end + 1 : end;
	}
	return (int)n;
}

/* The title, in lines that fit the chart's width. */
static void
title_lines(struct out *out, const char *title, int width)
{
	const char *start[8];
	size_t len[8];
	char line[1024];
	int i, n = title_cut(title, width, start, len);

	out_str(out, "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">");
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "%.*s", (int)len[i], start[i]);
		if (n > 1)
			out_fmt(out, "<tspan x=\"8\" dy=\"%d\">", i == 0 ? 0 : 18);
		out_html(out, line);
		if (n > 1)
			out_str(out, "</tspan>");
	}
	out_str(out, "</text>\n");
}

static void
chart_frame(const struct render_table *t, struct chart *ch, const char *title)
{
	const char *start[8];
	size_t i, labelw = 0, w, len[8];

	ch->ref = t->kind[ch->col] == 's' ? 100 : 0;
	ch->lo = ch->hi = ch->ref;
	for (i = 0; i < t->nrows; i++) {
		const struct render_cell *c = &t->cell[i][ch->col];

		if (c->has) {
			ch->lo = c->x < ch->lo ? c->x : ch->lo;
			ch->hi = c->x > ch->hi ? c->x : ch->hi;
		}
		if ((w = utf8_width(t->cell[i][0].text, strlen(t->cell[i][0].text))) > labelw)
			labelw = w;
	}
	if (t->kind[ch->col] == 's')
		ch->lo = 0;
	if (ch->hi == ch->lo)
		ch->hi = ch->lo + 1;
	ch->width = 640;
	ch->rowh = 22;
	ch->top = 48 + 18 * (title_cut(title, ch->width - 16, start, len) - 1);
	ch->left = 16 + (int)labelw * 7;
	ch->plotw = ch->width - ch->left - 60;
	ch->height = ch->top + (int)t->nrows * ch->rowh + 40;
	ch->scale = ch->plotw / (ch->hi - ch->lo);
}

/* A cell's figure and flags, "61.2 u". */
static void
figure(struct out *out, const struct render_cell *c)
{
	out_html(out, c->text);
	if (*c->flags) {
		out_str(out, " ");
		out_html(out, c->flags);
	}
}

/* Row i: its label, its bar from the reference line, its figure. */
static void
chart_row(struct render *r, const struct render_table *t, const struct chart *ch, size_t i)
{
	const struct render_cell *c = &t->cell[i][ch->col];
	struct out *out = &r->out;
	int y = ch->top + (int)i * ch->rowh;
	double x0, x1, g;
	char col[16];

	out_fmt(out, "<g class=\"row\"><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", ch->left - 6, y + 15);
	out_html(out, t->cell[i][0].text);
	out_str(out, "</text>");
	if (c->has) {
		x0 = ch->left + ((c->x < ch->ref ? c->x : ch->ref) - ch->lo) * ch->scale;
		x1 = ch->left + ((c->x < ch->ref ? ch->ref : c->x) - ch->lo) * ch->scale;
		if (!render_goodness(c, t->kind[ch->col], &g) || g == 0)
			g = 0.6;
		render_colour(g, col, sizeof col);
		out_fmt(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>", x0, y + 3,
		    x1 - x0 > 0.5 ? x1 - x0 : 0.5, ch->rowh - 6, col);
		out_html(out, t->cell[i][0].text);
		out_str(out, ": ");
		figure(out, c);
		out_str(out, "</title></rect>");
		out_fmt(out, "<text x=\"%.1f\" y=\"%d\">", x1 + 4, y + 15);
		figure(out, c);
		out_str(out, "</text>");
	} else {	/* beside the reference line, on the side without bars */
		x0 = ch->left + (ch->ref - ch->lo) * ch->scale;
		if (x0 - ch->left > ch->plotw / 2)
			out_fmt(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\" fill=\"#888\">no figure</text>",
			    x0 - 8, y + 15);
		else
			out_fmt(out, "<text x=\"%.1f\" y=\"%d\" fill=\"#888\">no figure</text>", x0 + 8, y + 15);
	}
	out_str(out, "</g>\n");
}

int
render_svg(struct render *r, struct render_table *t)
{
	const struct render_opts *o = r->opt;
	struct out *out = &r->out;
	struct chart ch = { 0 };
	size_t i;
	int n;
	double x0;

	for (ch.col = 1; ch.col < t->ncols && !t->numeric_col[ch.col]; ch.col++)
		;
	if (ch.col == t->ncols) {
		diag_warn("svg: no column of figures to chart");
		return 0;
	}
	chart_frame(t, &ch, o->title != NULL ? o->title : t->head[ch.col]);
	n = (int)t->nrows;
	out_fmt(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" style=\"max-width:100%%;height:auto\" font-family=\"sans-serif\" "
	    "font-size=\"12\">\n", ch.width, ch.height, ch.width, ch.height);
	out_str(out, "<title>");
	out_html(out, o->title != NULL ? o->title : t->head[ch.col]);
	out_str(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	title_lines(out, o->title != NULL ? o->title : t->head[ch.col], ch.width - 16);
	for (i = 0; i < t->nrows; i++)
		chart_row(r, t, &ch, i);
	x0 = ch.left + (ch.ref - ch.lo) * ch.scale;
	out_fmt(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>\n"
	    "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n", x0, ch.top - 4, x0,
	    ch.top + n * ch.rowh, x0, ch.top + n * ch.rowh + 16, ch.ref == 100 ? "parity (100)" : "0");
	out_fmt(out, "<text x=\"%d\" y=\"%d\" fill=\"#555\">", ch.left, ch.height - 6);
	out_html(out, t->head[ch.col]);
	if (o->source != NULL) {
		out_str(out, " · ");
		out_html(out, o->source);
	}
	out_str(out, "</text>\n</svg>\n");
	return 0;
}
