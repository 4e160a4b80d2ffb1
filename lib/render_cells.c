/* What the formats share to write a cell: text and Markdown cells, CSV
 * fields, the colours of figures (see render.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "catalogue.h"
#include "diag.h"
#include "render.h"
#include "utf8.h"

const char *
render_cell_text(const struct render_cell *c, char **buf, size_t *cap)
{
	const char *text = c->numeric && *c->text == '\0' ? "–" : c->text;
	size_t nt, nf;

	if (*c->flags == '\0')
		return text;
	nt = strlen(text);
	nf = strlen(c->flags);
	*buf = xgrow(*buf, cap, nt + nf + 2, 1);
	memcpy(*buf, text, nt);
	(*buf)[nt] = ' ';
	memcpy(*buf + nt + 1, c->flags, nf + 1);
	return *buf;
}

const char *
render_md_cell(const char *s, size_t n, size_t *len, char **buf, size_t *cap)
{
	size_t i, k = 0;

	for (i = 0; i < n && s[i] != '|' && s[i] != '\n' && s[i] != '\r'; i++)
		;
	if (i == n) {
		*len = n;
		return s;
	}
	*buf = xgrow(*buf, cap, 4 * n + 1, 1);	/* "<br>" is the longest */
	for (i = 0; i < n; i++) {
		if (s[i] == '|') {
			(*buf)[k++] = '\\';
			(*buf)[k++] = '|';
		} else if (s[i] == '\n' || s[i] == '\r') {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				continue;	/* CR LF: one break */
			memcpy(*buf + k, "<br>", 4);
			k += 4;
		} else
			(*buf)[k++] = s[i];
	}
	(*buf)[k] = '\0';
	*len = k;
	return *buf;
}

void
render_text_head(struct render *r, const char *const *head, size_t ncols, const size_t *w,
    const int *numeric_col)
{
	int markdown = r->opt->markdown;
	struct out *o = &r->out;
	size_t j, cw, len, cap = 0;
	const char *h;
	char *buf = NULL;

	if (r->opt->title != NULL && !markdown) {
		out_str(o, r->opt->title);
		out_str(o, "\n\n");
	} else if (r->opt->title != NULL) {
		out_str(o, "**");
		out_str(o, r->opt->title);
		out_str(o, "**\n\n");
	}
	for (j = 0; j < ncols; j++) {
		h = markdown ? render_md_cell(head[j], strlen(head[j]), &len, &buf, &cap) : head[j];
		cw = utf8_width(h, strlen(h));
		out_str(o, markdown ? (j == 0 ? "| " : " | ") : (j == 0 ? "" : "  "));
		if (numeric_col[j])
			out_pad(o, w[j] - cw);
		out_str(o, h);
		if (!numeric_col[j] && (markdown || j + 1 < ncols))
			out_pad(o, w[j] - cw);
	}
	out_str(o, markdown ? " |\n" : "\n");
	for (j = 0; j < ncols; j++) {
		out_str(o, markdown ? "|" : j == 0 ? "" : "  ");
		for (cw = 0; cw < w[j] + (markdown ? 2 : 0); cw++)
			out_str(o, markdown && numeric_col[j] && cw + 1 == w[j] + 2 ? ":" : "-");
	}
	out_str(o, markdown ? "|\n" : "\n");
	free(buf);
}

void
render_text_row_end(struct render *r)
{
	if (r->opt->markdown)
		out_bytes(&r->out, " |\n", 3);
	else
		out_bytes(&r->out, "\n", 1);
}

void
render_text_tail(struct render *r, const struct render_table *t)
{
	int markdown = r->opt->markdown;
	struct out *o = &r->out;
	const char *words[26];
	size_t i, n;

	if (t->nkey > 0) {
		out_str(o, markdown ? "\nIndicators:\n\n" : "\nIndicators:\n");
		for (i = 0; i < t->nkey; i++) {
			out_str(o, markdown ? "- " : "  ");
			out_str(o, t->key[i]);
			out_str(o, ": ");
			out_str(o, render_key_label(r, t->key[i]));
			out_str(o, "\n");
		}
	}
	if ((n = render_flag_words(t->legend, words)) > 0) {
		out_str(o, markdown ? "\nFlags:\n\n" : "\nFlags:\n");
		for (i = 0; i < n; i++) {
			out_str(o, markdown ? "- " : "  ");
			out_str(o, words[i]);
			out_str(o, "\n");
		}
	}
	if (r->opt->source != NULL) {
		out_str(o, "\nSource: ");
		out_str(o, r->opt->source);
		out_str(o, "\n");
	}
}

size_t
render_flag_after(const struct render_table *t, unsigned char *after)
{
	size_t i, j, n = 0;

	for (j = 0; j < t->ncols; j++) {
		after[j] = 0;
		for (i = 0; i < t->nrows && !after[j]; i++)
			after[j] = t->numeric_col[j] && *t->cell[i][j].flags != '\0';
		n += after[j];
	}
	return n;
}

/* Whether a text field would start a formula in a spreadsheet (OWASP's
 * list: = + - @ TAB CR first); a number is not text, nor a sign alone (the
 * polarity column's + and -). */
static int
csv_formula(const char *s, size_t n)
{
	double x;

	if (n == 0 || (*s != '=' && *s != '+' && *s != '-' && *s != '@' && *s != '\t' && *s != '\r'))
		return 0;
	if (n == 1 && (*s == '+' || *s == '-'))
		return 0;
	return num_parse(s, n, &x) != NUM_OK;
}

void
render_csv_field(struct render *r, const char *s, int first)
{
	int excel = r->opt->excel;
	size_t n = strlen(s), need, k = 0;
	char *buf, *dot;
	double x;

	if (!first)
		out_str(&r->out, excel ? ";" : ",");
	need = 2 * n + 4;
	buf = NULL;
	if (csv_formula(s, n)) {	/* shown as text: '=1+2 */
		buf = xmalloc(need);
		buf[0] = '\'';
		memcpy(buf + 1, s, n + 1);
		s = buf;
		n++;
	} else if (excel && (dot = memchr(s, '.', n)) != NULL && num_parse(s, n, &x) == NUM_OK) {
		buf = xmalloc(need);	/* the decimal comma that goes with ';' */
		memcpy(buf, s, n + 1);
		buf[dot - s] = ',';
		s = buf;
	}
	if (strpbrk(s, excel ? ";\"\r\n" : ",\"\r\n") == NULL)
		out_bytes(&r->out, s, n);
	else {
		char *q = xmalloc(need);

		k = csv_write(q, need, s, n);
		out_bytes(&r->out, q, k);
		free(q);
	}
	free(buf);
}

void
render_csv_head(struct render *r, const char *const *head, size_t ncols)
{
	size_t j;

	if (r->opt->excel)
		out_str(&r->out, "\xef\xbb\xbf");
	for (j = 0; j < ncols; j++)
		render_csv_field(r, head[j], j == 0);
	out_str(&r->out, "\r\n");
}

/*
 * How good a figure is for the group, -1 (far worse than the reference) to
 * 1 (far better): a gap by the indicator's polarity, a score against parity
 * (100). Colours follow it on a diverging scale, colour-blind safe
 * (ColorBrewer RdBu end points), white at parity.
 */
int
render_goodness(const struct render_cell *c, char kind, double *g)
{
	if (!c->has || kind == 0)
		return 0;
	if (kind == 's')
		*g = (c->x - 100) / 50;
	else if (c->polarity == '+' || c->polarity == '-')
		*g = (c->polarity == '+' ? c->x : -c->x) / 20;
	else
		return 0;
	if (*g > 1)
		*g = 1;
	if (*g < -1)
		*g = -1;
	return 1;
}

void
render_colour(double g, char *buf, size_t cap)
{
	/* white (247,247,247) to blue (33,102,172) or red (178,24,43) */
	double a = fabs(g);
	int r = g > 0 ? 33 : 178, gr = g > 0 ? 102 : 24, b = g > 0 ? 172 : 43;

	snprintf(buf, cap, "#%02x%02x%02x", (int)lround(247 + (r - 247) * a * 0.8),
	    (int)lround(247 + (gr - 247) * a * 0.8), (int)lround(247 + (b - 247) * a * 0.8));
}
