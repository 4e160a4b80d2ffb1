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

static void
chart_frame(const struct render_table *t, struct chart *ch)
{
	size_t i, labelw = 0, w;

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
	ch->top = 48;
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
	} else
		out_fmt(out, "<text x=\"%d\" y=\"%d\" fill=\"#888\">no figure</text>", ch->left + 4, y + 15);
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
	chart_frame(t, &ch);
	n = (int)t->nrows;
	out_fmt(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n", ch.width, ch.height, ch.width,
	    ch.height);
	out_str(out, "<title>");
	out_html(out, o->title != NULL ? o->title : t->head[ch.col]);
	out_str(out, "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	out_str(out, "<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">");
	out_html(out, o->title != NULL ? o->title : t->head[ch.col]);
	out_str(out, "</text>\n");
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
