/*
 * --format map: a choropleth of NUTS regions. The regions of the level the
 * data holds are drawn from the GISCO geometry in EPSG:3035, mainland Europe
 * in a fixed frame, the outermost regions in insets of their own (local LAEA
 * frames, so their shapes stay true), each region a path carrying its code,
 * its colour by class and a hover title with figure and flags. render_map
 * goes in steps, each over a struct map: the rows by region, their level,
 * the classes, the layout, then the picture's parts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "laea.h"
#include "num.h"
#include "nuts.h"
#include "render.h"

/* The frame of mainland Europe in EPSG:3035 metres: Iceland and Portugal to
 * Cyprus and eastern Turkey, Crete and Malta to the North Cape. */
#define FX0 2550000.0
#define FX1 7250000.0
#define FY0 1380000.0
#define FY1 5450000.0
#define MAPW 600		/* px */
#define UNITS 10		/* path units per px */

static const struct inset {
	const char *name;
	double lon0, lon1, lat0, lat1;
} insets[] = {
	{ "Canarias", -18.5, -13.0, 27.3, 29.6 },
	{ "Madeira", -17.4, -16.2, 32.3, 33.2 },	/* not the Selvagens: they made Madeira a dot */
	{ "Açores", -31.5, -24.8, 36.7, 40.0 },
	{ "Guadeloupe", -61.9, -60.9, 15.8, 16.6 },
	{ "Martinique", -61.3, -60.7, 14.3, 14.95 },
	{ "Guyane", -54.7, -51.5, 2.0, 5.9 },
	{ "La Réunion", 55.1, 56.0, -21.5, -20.8 },
	{ "Mayotte", 44.9, 45.4, -13.1, -12.5 },
};
#define NINSETS (sizeof insets / sizeof *insets)
/* An inset's box: one a row, 220 by 120 px, for up to four used (Canarias,
 * Madeira, Açores stay legible); two a row, 104 by 60, for more. */
#define INSETS_BIG 4

/* ColorBrewer palettes, colour-blind safe: RdBu (7) for diverging classes,
 * red the worse side; for k quantile or equal classes, YlGnBu of k + 1
 * without its palest, which the pale sea and the white borders swallowed. */
static const char *const rdbu7[] = {
	"#b2182b", "#ef8a62", "#fddbc7", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac"
};
static const char *const ylgnbu[6][5] = {
	{ NULL }, { "#41b6c4" }, { "#7fcdbb", "#2c7fb8" }, { "#a1dab4", "#41b6c4", "#225ea8" },
	{ "#a1dab4", "#41b6c4", "#2c7fb8", "#253494" },
	{ "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494" },
};

/* A row of the data, by region. */
struct mrow {
	const char *code;
	const char *flags;
	size_t row;		/* in the input */
	double x;
	int has, level;
	char text[NUM_FORMAT_MAX];
};

/* Where the parts of the regions go: the main frame, an inset, or nowhere. */
struct placed {
	int w, h, perrow;	/* the boxes' size, how many a row */
	struct laea local[NINSETS];
	double ix0[NINSETS], iy1[NINSETS], ik[NINSETS];
	int used[NINSETS];
};

/* One map in the making. */
struct map {
	struct render *r;
	const struct render_input *in;
	const struct geo *geo;
	struct out *out;
	int gcol, vcol, fcol, pcol;	/* geo, the figure, flag, polarity */
	int context;		/* a gap of polarity 0: the group's share drawn instead */
	struct mrow *rows;	/* by code */
	size_t nrows;
	const char **missing, **others, **outside;	/* codes not drawn */
	size_t nmissing, nothers, noutside, nfound;
	int *drawn;		/* input rows drawn */
	double *vals;		/* their figures */
	size_t nvals;
	int level;		/* the NUTS level drawn */
	char kind, polarity;
	enum geo_classing how;
	double bound[GEO_MAXCLASSES + 1];
	size_t ncls, count[GEO_MAXCLASSES];
	struct placed pl;
	flagset legend;
	const char *title, *year, *sex, *ind, *grp;
	int mapw, maph, legend_y, bottom, height;
	char idsfx[16];		/* "" for a map alone; "-N" for the Nth map of a page */
	char *d;		/* a region's path */
	size_t dlen, dcap;
};

static int
cmp_mrow(const void *a, const void *b)
{
	return strcmp(((const struct mrow *)a)->code, ((const struct mrow *)b)->code);
}

static struct mrow *
find_mrow(const struct map *m, const char *code)
{
	struct mrow key;

	key.code = code;
	return bsearch(&key, m->rows, m->nrows, sizeof *m->rows, cmp_mrow);
}

/* Codes for a message: the first ten, then how many more. */
static void
code_list(char *buf, size_t cap, const char *const *codes, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < n && i < 10 && len < cap; i++)
		len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", codes[i]);
	if (n > 10 && len < cap)
		snprintf(buf + len, cap - len, " and %zu more", n - 10);
}

static int
part_place(const struct geo_poly *p)
{
	double lat, lon;
	size_t i;

	if (p->xmax >= FX0 && p->xmin <= FX1 && p->ymax >= FY0 && p->ymin <= FY1)
		return -1;
	if (laea_inverse(laea_3035(), (p->xmin + p->xmax) / 2, (p->ymin + p->ymax) / 2, &lat, &lon) != 0)
		return -2;
	for (i = 0; i < NINSETS; i++)
		if (lon >= insets[i].lon0 && lon <= insets[i].lon1 && lat >= insets[i].lat0 && lat <= insets[i].lat1)
			return (int)i;
	return -2;
}

/* An inset's reprojection: EPSG:3035 back to latitude and longitude, then
 * the inset's own LAEA centred on it. */
static int
to_inset(void *arg, double *x, double *y)
{
	const struct laea *local = arg;
	double lat, lon;

	if (laea_inverse(laea_3035(), *x, *y, &lat, &lon) != 0)
		return -1;
	return laea_forward(local, lat, lon, x, y);
}

static void
inset_frames(struct placed *pl)
{
	size_t i, j, c;

	for (i = 0; i < NINSETS; i++) {
		const struct inset *in = &insets[i];
		double xmin = 1e300, xmax = -1e300, ymin = 1e300, ymax = -1e300, x, y, w, h;

		laea_init(&pl->local[i], (in->lat0 + in->lat1) / 2, (in->lon0 + in->lon1) / 2, 0, 0);
		for (j = 0; j <= 8; j++) {
			double t = j / 8.0, pts[4][2] = {
				{ in->lat0, in->lon0 + t * (in->lon1 - in->lon0) },
				{ in->lat1, in->lon0 + t * (in->lon1 - in->lon0) },
				{ in->lat0 + t * (in->lat1 - in->lat0), in->lon0 },
				{ in->lat0 + t * (in->lat1 - in->lat0), in->lon1 } };

			for (c = 0; c < 4; c++) {
				laea_forward(&pl->local[i], pts[c][0], pts[c][1], &x, &y);
				xmin = fmin(xmin, x);
				xmax = fmax(xmax, x);
				ymin = fmin(ymin, y);
				ymax = fmax(ymax, y);
			}
		}
		w = xmax - xmin;
		h = ymax - ymin;
		pl->ik[i] = fmin((pl->w - 6) / w, (pl->h - 6) / h);
		/* centred in the box */
		pl->ix0[i] = xmin - ((pl->w / pl->ik[i]) - w) / 2;
		pl->iy1[i] = ymax + ((pl->h / pl->ik[i]) - h) / 2;
	}
}

/* The fewest decimals (at most 3) that print every bound exactly. */
static int
bound_decimals(const double *b, size_t n)
{
	int d;
	size_t i;
	double p;

	for (d = 0, p = 1; d < 3; d++, p *= 10) {
		for (i = 0; i < n; i++)
			if (fabs(b[i] * p - round(b[i] * p)) > 1e-6)
				break;
		if (i == n)
			return d;
	}
	return 3;
}

/* The figure's label: "ES51 Cataluña", else the geometry's name; in r->text. */
static const char *
region_label(struct render *r, const char *code, const struct geo_region *g)
{
	if (!r->opt->codes && r->nuts != NULL && nuts_label(r->nuts, code) != NULL)
		return render_label(r, "geo", code);
	if (g == NULL || *g->name == '\0' || r->opt->codes)
		return render_str(r, code);
	return render_join(r, code, " ", g->name);
}

/* The value of column col (-1: none) when every row drawn has the same, else NULL. */
static const char *
uniform(const struct map *m, int col)
{
	const struct render_input *in = m->in;
	const char *v = NULL;
	size_t i;

	if (col < 0)
		return NULL;
	for (i = 0; i < in->nrows; i++) {
		if (!m->drawn[i])
			continue;
		if (v == NULL)
			v = in->rows[i][col];
		else if (strcmp(v, in->rows[i][col]) != 0)
			return NULL;
	}
	return v != NULL && *v != '\0' ? v : NULL;
}

/* The colour of class c. */
static const char *
class_colour(const struct map *m, size_t c)
{
	if (m->how == GEO_DIVERGING)
		return rdbu7[m->polarity == '-' ? 6 - c : c];
	return ylgnbu[m->ncls][c];
}

/* One region of the map: its path filled by its figure's class (hatched
 * without one), its name, figure and flags as the hover title. */
static void
put_region(struct map *m, const struct geo_region *gr, const struct mrow *mr)
{
	struct out *out = m->out;

	out_fmt(out, "<path data-nuts=\"%s\" fill=\"", gr->code);
	if (mr != NULL && mr->has)
		out_str(out, class_colour(m, geo_class_of(mr->x, m->bound, m->ncls)));
	else
		out_fmt(out, "url(#nd%s)", m->idsfx);
	out_str(out, "\" d=\"");
	out_bytes(out, m->d, m->dlen);
	out_str(out, "\"><title>");
	out_html(out, region_label(m->r, gr->code, gr));
	out_str(out, ": ");
	out_html(out, mr != NULL && mr->has ? mr->text : "no figure");
	if (mr != NULL && *mr->flags) {
		out_str(out, " ");
		out_html(out, mr->flags);
	}
	out_str(out, "</title></path>\n");
}

/* Pairs of rows by their first row. */
static int
cmp_pair(const void *pa, const void *pb)
{
	const size_t *a = pa, *b = pb;

	return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* The level of a code: the geometry's, the NUTS table's, else by its length. */
static int
code_level(const struct map *m, const char *code)
{
	const struct geo_region *gr;

	if (nuts_is_aggregate(code))
		return -1;
	if ((gr = geo_find(m->geo, code)) != NULL)
		return gr->level;
	if (m->r->nuts != NULL && nuts_level_of(m->r->nuts, code) >= 0)
		return nuts_level_of(m->r->nuts, code);
	return strlen(code) >= 2 && strlen(code) <= 5 ? (int)strlen(code) - 2 : -1;
}

/* The rows by region, one figure each, sorted by code; a second figure for
 * a region is refused. Counts the regions of each level. */
static int
map_rows(struct map *m, size_t *nlevel)
{
	const struct render_input *in = m->in;
	const char *value = m->r->opt->values[0];
	struct render_seconds seconds = { 0 };
	enum num_error e = NUM_OK;
	size_t i, j, k;

	for (i = 0; i < in->nrows; i++) {
		const char *code = in->rows[i][m->gcol], *v = in->rows[i][m->vcol];
		struct mrow *mr = &m->rows[m->nrows++];

		mr->code = code;
		mr->row = i;
		mr->flags = m->fcol >= 0 ? in->rows[i][m->fcol] : "";
		if (*v != '\0' && (e = num_parse(v, strlen(v), &mr->x)) == NUM_OK) {
			mr->has = 1;
			num_format(mr->text, sizeof mr->text, mr->x, render_decimals(m->r, value));
		} else if (*v != '\0') {
			diag_warn_at(in->name, in->line[i], "%s '%s': \"%s\" %s", value, code, v, num_strerror(e));
			return EXIT_DATA;
		}
		mr->level = code_level(m, code);
		if (mr->level >= 0 && mr->level <= 3)
			nlevel[mr->level]++;
	}
	qsort(m->rows, m->nrows, sizeof *m->rows, cmp_mrow);
	for (i = 0; i < m->nrows; i = k) {	/* a region's rows, i to k: each after the first is a second */
		size_t first = m->rows[i].row;

		for (k = i + 1; k < m->nrows && strcmp(m->rows[k].code, m->rows[i].code) == 0; k++)
			if (m->rows[k].row < first)
				first = m->rows[k].row;
		for (j = i; j < k; j++)
			if (m->rows[j].row != first)
				render_seconds_add(&seconds, m->rows[j].row, first);
	}
	if (seconds.n > 0) {
		int skip[] = { m->gcol, m->vcol, -1 };

		qsort(seconds.pair, seconds.n, sizeof *seconds.pair, cmp_pair);	/* the first in the input */
		render_seconds_tell(in, &seconds, in->rows[seconds.pair[0][0]][m->gcol],
		    "a map shows one indicator, year, sex and group", skip);
		free(seconds.pair);
		return EXIT_DATA;
	}
	return 0;
}

/* The level drawn: the one most of the data's regions are at (ties: the
 * finer); the regions of others, or not in the geometry, said. */
static int
map_level(struct map *m, const size_t *nlevel, const char *geopath)
{
	const struct geo_region *gr;
	char msg[2048];
	size_t i, j;

	for (m->level = -1, j = 0; j < 4; j++)
		if (nlevel[j] > 0 && (m->level < 0 || nlevel[j] >= nlevel[m->level]))
			m->level = (int)j;
	if (m->level < 0) {
		diag_warn_at(m->in->name, 0, "no NUTS region in column '%s' to map", m->r->opt->rows);
		return EXIT_DATA;
	}
	for (i = 0; i < m->nrows; i++) {
		struct mrow *mr = &m->rows[i];

		if (mr->level != m->level) {
			m->others[m->nothers++] = mr->code;
			continue;
		}
		gr = geo_find(m->geo, mr->code);
		if (gr != NULL && gr->level == m->level)
			m->nfound++;
		else if (mr->has)	/* a region without a figure loses nothing (an old code's later years) */
			m->missing[m->nmissing++] = mr->code;
	}
	if (m->nmissing > 0) {
		code_list(msg, sizeof msg, m->missing, m->nmissing);
		if (m->nfound * 10 < (m->nfound + m->nmissing) * 9) {
			diag_warn("%s: %zu of the data's %zu NUTS %d regions are not in the geometry: %s; is it "
			    "the data's NUTS version (2021 or 2024)?", diag_name(geopath), m->nmissing,
			    m->nfound + m->nmissing, m->level, msg);
			return EXIT_DATA;
		}
		diag_warn("%s: not in the geometry, not drawn: %s", diag_name(geopath), msg);
	}
	if (m->nothers > 0) {
		code_list(msg, sizeof msg, m->others, m->nothers);
		diag_warn("the map is of NUTS %d regions; not drawn: %s", m->level, msg);
	}
	return 0;
}

/* The polarity of the rows drawn (one indicator: one polarity). */
static int
map_polarity(struct map *m)
{
	const struct render_input *in = m->in;
	const char *pol = NULL;
	size_t i;

	if (m->pcol < 0 || m->kind != 'g')
		return 0;
	for (i = 0; i < in->nrows; i++) {
		if (!m->drawn[i])
			continue;
		if (pol == NULL)
			pol = in->rows[i][m->pcol];
		else if (strcmp(pol, in->rows[i][m->pcol]) != 0) {
			diag_warn_at(in->name, in->line[i], "polarity %s after %s: a map shows one indicator",
			    in->rows[i][m->pcol], pol);
			return EXIT_DATA;
		}
	}
	if (pol != NULL)
		m->polarity = *pol == '-' ? '-' : *pol == '0' ? '0' : '+';
	return 0;
}

/* Which input rows are drawn, and their figures' classes. */
static int
map_classes(struct map *m)
{
	const struct render_input *in = m->in;
	const struct geo_region *gr;
	size_t i;
	int rc;

	for (i = 0; i < in->nrows; i++) {
		const char *code = in->rows[i][m->gcol];

		gr = geo_find(m->geo, code);
		m->drawn[i] = gr != NULL && gr->level == m->level;
		if (m->drawn[i] && *in->rows[i][m->vcol] != '\0')
			m->vals[m->nvals++] = find_mrow(m, code)->x;
	}
	if ((rc = map_polarity(m)) != 0)
		return rc;
	m->how = m->r->opt->classes >= 0 ? (enum geo_classing)m->r->opt->classes :
	    m->kind != 0 && m->polarity != '0' ? GEO_DIVERGING : GEO_QUANTILE;
	if (m->how == GEO_DIVERGING && m->polarity == '0') {
		diag_warn("--classes diverging: the indicator is context (polarity 0), neither better nor worse: "
		    "use quantile or equal");
		return EXIT_DATA;
	}
	if (m->nvals > 0) {
		double *sorted = xmalloc(m->nvals * sizeof *sorted);

		memcpy(sorted, m->vals, m->nvals * sizeof *sorted);
		m->ncls = geo_classes(sorted, m->nvals, m->how, 5, m->kind == 's' ? 100 : 0, m->bound);
		free(sorted);
		for (i = 0; i < m->nvals; i++)
			m->count[geo_class_of(m->vals[i], m->bound, m->ncls)]++;
	}
	return 0;
}

/* What the picture says and where its parts go: the title and subtitle,
 * the flags of the rows drawn, the insets used, the height. */
static void
map_layout(struct map *m, const char *title)
{
	const struct render_input *in = m->in;
	const char *words[26];
	size_t i, j, p;
	int nflags, nins = 0, right;
	flagset fl;

	m->title = title != NULL ? title : m->context ? "The group's own share (%)" : m->kind == 'g' ? "Gap to the reference group" :
	    m->kind == 's' ? "Parity score" : m->r->opt->values[0];
	m->ind = uniform(m, in->col.indicator);
	m->sex = uniform(m, in->col.sex);
	m->grp = uniform(m, in->col.group);
	m->year = uniform(m, in->col.time);
	for (i = 0; i < in->nrows; i++)
		if (m->drawn[i] && m->fcol >= 0 &&
		    flags_parse(in->rows[i][m->fcol], strlen(in->rows[i][m->fcol]), &fl) == 0)
			m->legend |= fl;
	for (i = 0; i < m->geo->nregions; i++) {
		if (m->geo->region[i].level != m->level)
			continue;
		for (p = 0; p < m->geo->region[i].npoly; p++) {
			int where = part_place(&m->geo->region[i].poly[p]);

			if (where >= 0)
				m->pl.used[where] = 1;
		}
	}
	m->mapw = MAPW;
	m->maph = (int)lround((FY1 - FY0) * MAPW / (FX1 - FX0));
	m->legend_y = 60;
	nflags = (int)render_flag_words(m->legend, words);
	for (j = 0; j < NINSETS; j++)
		nins += m->pl.used[j];
	m->pl.perrow = nins <= INSETS_BIG ? 1 : 2;
	m->pl.w = nins <= INSETS_BIG ? 220 : 104;
	m->pl.h = nins <= INSETS_BIG ? 120 : 60;
	inset_frames(&m->pl);
	right = m->legend_y + 8 + 18 * ((int)m->ncls + 1) + 12 + 34 + 14 * nflags + 8 +
	    (nins + m->pl.perrow - 1) / m->pl.perrow * (m->pl.h + 18);
	m->bottom = 46 + m->maph > right ? 46 + m->maph : right;
	m->height = m->bottom + 52;
}

/* The <svg> element, its patterns and clip, the title and subtitle. */
static void
map_head(struct map *m)
{
	struct out *out = m->out;
	const char *sep = "";

	out_fmt(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
	    "style=\"max-width:100%%;height:auto\" font-family=\"sans-serif\" font-size=\"11\">\n", 860, m->height,
	    860, m->height);
	out_str(out, "<title>");
	out_html(out, m->title);
	out_str(out, "</title>\n<defs>\n");
	out_fmt(out, "<pattern id=\"nd%s\" width=\"%d\" height=\"%d\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"%d\" height=\"%d\" fill=\"#e6e6e6\"/>"
	    "<path d=\"M0 0v%d\" stroke=\"#a8a8a8\" stroke-width=\"%d\"/></pattern>\n",
	    m->idsfx, 5 * UNITS, 5 * UNITS, 5 * UNITS, 5 * UNITS, 5 * UNITS, 2 * UNITS);
	out_fmt(out, "<pattern id=\"ndl%s\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" "
	    "patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"#e6e6e6\"/>"
	    "<path d=\"M0 0v5\" stroke=\"#a8a8a8\" stroke-width=\"2\"/></pattern>\n", m->idsfx);
	out_fmt(out, "<clipPath id=\"frame%s\"><rect width=\"%d\" height=\"%d\"/></clipPath>\n",
	    m->idsfx, m->mapw * UNITS, m->maph * UNITS);
	out_str(out, "</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
	out_str(out, "<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">");
	out_html(out, m->title);
	out_str(out, "</text>\n<text x=\"10\" y=\"37\" fill=\"#444\">");
	if (m->ind != NULL) {
		out_html(out, render_label(m->r, "indicator", m->ind));
		sep = ", ";
	}
	if (m->grp != NULL) {
		out_str(out, sep);
		out_html(out, render_label(m->r, "group", m->grp));
		sep = ", ";
	}
	if (m->sex != NULL) {
		out_str(out, sep);
		out_html(out, render_sex_label(m->r, m->sex));
		sep = ", ";
	}
	if (m->year != NULL) {
		out_str(out, sep);
		out_html(out, m->year);
		sep = ", ";
	}
	out_fmt(out, "%sNUTS %d regions", *sep != '\0' ? "; " : "", m->level);
	out_str(out, "</text>\n");
}

/* A mark where a region too small to draw at this scale is. */
static void
small_mark(struct map *m, const struct geo_region *gr, double k)
{
	char tmp[96];
	long cx = lround(((gr->poly[0].xmin + gr->poly[0].xmax) / 2 - FX0) * k * UNITS);
	long cy = lround((FY1 - (gr->poly[0].ymin + gr->poly[0].ymax) / 2) * k * UNITS);
	int n = snprintf(tmp, sizeof tmp, "M%ld %ldh%dv%dh%dz", cx - UNITS, cy - UNITS, 2 * UNITS, 2 * UNITS,
	    -2 * UNITS);

	m->d = xgrow(m->d, &m->dcap, (size_t)n + 1, 1);
	memcpy(m->d, tmp, (size_t)n + 1);
	m->dlen = (size_t)n;
}

/* The main frame: the regions of the level drawn with a part in it. */
static void
map_main(struct map *m)
{
	struct geo_frame mainf = { FX0, FY1, MAPW / (FX1 - FX0), UNITS };
	struct out *out = m->out;
	size_t i, p;

	out_fmt(out, "<g transform=\"translate(10 46) scale(.1)\" clip-path=\"url(#frame%s)\" fill-rule=\"evenodd\" "
	    "stroke=\"#ffffff\" stroke-width=\"%d\" stroke-linejoin=\"round\">\n", m->idsfx, UNITS / 2);
	out_fmt(out, "<rect width=\"%d\" height=\"%d\" fill=\"#eef3f7\" stroke=\"none\"/>\n", m->mapw * UNITS,
	    m->maph * UNITS);
	for (i = 0; i < m->geo->nregions; i++) {
		const struct geo_region *gr = &m->geo->region[i];
		const struct mrow *mr;
		int inframe = 0, ininset = 0, where;

		if (gr->level != m->level)
			continue;
		m->dlen = 0;
		if (m->d != NULL)
			m->d[0] = '\0';
		for (p = 0; p < gr->npoly; p++)
			if (part_place(&gr->poly[p]) == -1)
				geo_path(&m->d, &m->dlen, &m->dcap, &gr->poly[p], &mainf, NULL, NULL);
		mr = find_mrow(m, gr->code);
		if (m->dlen == 0) {
			for (p = 0; p < gr->npoly; p++) {
				where = part_place(&gr->poly[p]);
				inframe |= where == -1;
				ininset |= where >= 0;
			}
			if (!inframe) {
				if (mr != NULL && !ininset)
					m->outside[m->noutside++] = gr->code;
				continue;
			}
			small_mark(m, gr, mainf.k);
		}
		put_region(m, gr, mr);
	}
	out_str(out, "</g>\n");
	out_fmt(out, "<rect x=\"10\" y=\"46\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n", m->mapw,
	    m->maph);
}

/* The legend's words, one source for the SVG legend and the HTML one: its
 * heading, class c's range and count, the note on what the colours mean. */
static const char *
legend_heading(const struct map *m)
{
	return m->context ? "Share (%), not a gap" : m->kind == 'g' ? "Gap (percentage points)" :
	    m->kind == 's' ? "Parity score (100 = parity)" : m->r->opt->values[0];
}

static void
class_range(const struct map *m, size_t c, char *buf, size_t cap)
{
	char lo[NUM_FORMAT_MAX], hi[NUM_FORMAT_MAX];
	int dec = bound_decimals(m->bound, m->ncls + 1);

	num_format(lo, sizeof lo, m->bound[c], dec);
	num_format(hi, sizeof hi, m->bound[c + 1], dec);
	snprintf(buf, cap, "%s to %s (%zu)", lo, hi, m->count[c]);
}

/* The note's lines (one or two) into note; how many. */
static size_t
legend_note(const struct map *m, const char *note[2])
{
	if (m->how == GEO_DIVERGING) {
		note[0] = "blue: the group fares better,";
		note[1] = "red: worse than the reference";
		return 2;
	}
	note[0] = m->how == GEO_QUANTILE ? "quantile classes" : "equal-interval classes";
	return 1;
}

/* The legend in the picture: the classes, highest on top, "no figure", the
 * note, the flags. Returns the y under it. */
static int
map_legend(struct map *m)
{
	struct out *out = m->out;
	const char *words[26], *note[2];
	char range[3 * NUM_FORMAT_MAX];
	int y = m->legend_y;
	size_t k, c, n;

	out_fmt(out, "<g class=\"legend\"><text x=\"630\" y=\"%d\" font-weight=\"bold\">", y);
	out_html(out, legend_heading(m));
	out_str(out, "</text>\n");
	y += 8;
	for (k = 0; k < m->ncls; k++) {
		c = m->ncls - 1 - k;
		class_range(m, c, range, sizeof range);
		out_fmt(out, "<rect x=\"630\" y=\"%d\" width=\"18\" height=\"14\" fill=\"%s\" stroke=\"#888\" "
		    "stroke-width=\".5\"/><text x=\"654\" y=\"%d\">%s</text>\n", y, class_colour(m, c),
		    y + 11, range);
		y += 18;
	}
	out_fmt(out, "<rect x=\"630\" y=\"%d\" width=\"18\" height=\"14\" fill=\"url(#ndl%s)\" stroke=\"#888\" "
	    "stroke-width=\".5\"/><text x=\"654\" y=\"%d\">no figure</text>\n", y, m->idsfx, y + 11);
	y += 30;
	n = legend_note(m, note);
	for (k = 0; k < n; k++)
		out_fmt(out, "<text x=\"630\" y=\"%d\" fill=\"#444\">%s</text>\n", y + 14 * (int)k, note[k]);
	y += n == 2 ? 34 : 20;
	n = render_flag_words(m->legend, words);
	for (k = 0; k < n; k++) {
		out_fmt(out, "<text x=\"630\" y=\"%d\" fill=\"#444\">", y);
		out_html(out, words[k]);
		out_str(out, "</text>\n");
		y += 14;
	}
	out_str(out, "</g>\n");
	return y;
}

/* The same legend as text, under the map of an HTML page: the page shows it
 * instead of the picture's on a narrow screen, where the picture's text is
 * scaled down with it past reading (render_html's style). */
static void
map_legend_html(struct map *m)
{
	struct out *out = m->out;
	const char *words[26], *note[2];
	char range[3 * NUM_FORMAT_MAX];
	size_t k, n;

	out_str(out, "<div class=\"map-legend\"><b>");
	out_html(out, legend_heading(m));
	out_str(out, "</b>\n<ol>\n");
	for (k = 0; k < m->ncls; k++) {
		class_range(m, m->ncls - 1 - k, range, sizeof range);
		out_fmt(out, "<li><span class=\"swatch\" style=\"background:%s\"></span>%s</li>\n",
		    class_colour(m, m->ncls - 1 - k), range);
	}
	out_str(out, "<li><span class=\"swatch nd\"></span>no figure</li>\n</ol>\n<p>");
	n = legend_note(m, note);
	for (k = 0; k < n; k++)
		out_fmt(out, "%s%s", k ? " " : "", note[k]);
	out_str(out, "</p>\n");
	if ((n = render_flag_words(m->legend, words)) > 0) {
		out_str(out, "<ul>\n");
		for (k = 0; k < n; k++) {
			out_str(out, "<li>");
			out_html(out, words[k]);
			out_str(out, "</li>\n");
		}
		out_str(out, "</ul>\n");
	}
	out_str(out, "</div>\n");
}

/* The insets used, two a row under the legend from y. */
static void
map_insets(struct map *m, int y)
{
	struct out *out = m->out;
	size_t i, j, k, p;

	for (k = 0, j = 0; j < NINSETS; j++) {
		struct geo_frame f = { m->pl.ix0[j], m->pl.iy1[j], m->pl.ik[j], UNITS };
		int bx, by;

		if (!m->pl.used[j])
			continue;
		bx = 630 + (int)(k % (size_t)m->pl.perrow) * (m->pl.w + 8);
		by = y + (int)(k / (size_t)m->pl.perrow) * (m->pl.h + 18);
		k++;
		out_fmt(out, "<g class=\"inset\"><text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#444\">", bx, by + 10);
		out_html(out, insets[j].name);
		out_str(out, "</text>\n");
		out_fmt(out, "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n", bx, by + 14,
		    m->pl.w, m->pl.h, m->pl.w * UNITS, m->pl.h * UNITS);
		out_fmt(out, "<g fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"%d\" stroke-linejoin=\"round\">\n"
		    "<rect width=\"%d\" height=\"%d\" fill=\"#eef3f7\" stroke=\"#888\" stroke-width=\"%d\"/>\n",
		    UNITS / 2, m->pl.w * UNITS, m->pl.h * UNITS, UNITS);
		for (i = 0; i < m->geo->nregions; i++) {
			const struct geo_region *gr = &m->geo->region[i];

			if (gr->level != m->level)
				continue;
			m->dlen = 0;
			for (p = 0; p < gr->npoly; p++)
				if (part_place(&gr->poly[p]) == (int)j)
					geo_path(&m->d, &m->dlen, &m->dcap, &gr->poly[p], &f, to_inset, &m->pl.local[j]);
			if (m->dlen > 0)
				put_region(m, gr, find_mrow(m, gr->code));
		}
		out_str(out, "</g>\n</svg></g>\n");
	}
}

/* The source, the boundaries' credit, the regions not drawn. */
static void
map_caption(struct map *m)
{
	const struct render_opts *o = m->r->opt;
	struct out *out = m->out;
	int y = m->bottom + 18;
	char msg[2048];

	out_fmt(out, "<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">", y);
	out_str(out, "Source: ");
	out_html(out, o->source != NULL ? o->source : "Eurostat; computed with mipexr");
	if (m->year != NULL) {
		out_str(out, ", ");
		out_html(out, m->year);
	}
	if (o->date != NULL) {
		out_str(out, " (");
		out_html(out, o->date);
		out_str(out, ")");
	}
	out_str(out, ".</text>\n");
	y += 13;
	out_fmt(out, "<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">Boundaries: Eurostat – GISCO. "
	    "© EuroGeographics for the administrative boundaries</text>\n", y);
	y += 13;
	if (m->nmissing == 0 && m->noutside == 0)
		return;
	out_fmt(out, "<text x=\"10\" y=\"%d\" font-size=\"10\" fill=\"#444\">", y);
	if (m->nmissing > 0) {
		code_list(msg, sizeof msg, m->missing, m->nmissing);
		out_str(out, "Not in the boundary file: ");
		out_html(out, msg);
		out_str(out, m->noutside > 0 ? ". " : "");
	}
	if (m->noutside > 0) {
		code_list(msg, sizeof msg, m->outside, m->noutside);
		out_str(out, "Outside the map: ");
		out_html(out, msg);
	}
	out_str(out, "</text>\n");
}

/* --value gap of an indicator of polarity 0 (context, fb_share): its gap,
 * a share minus a share, says nothing; the map shows the group's share, its
 * value, in quantile classes, as the tables do (render_context_column). */
static void
map_context(struct map *m)
{
	const struct render_input *in = m->in;
	size_t i;

	if (m->kind != 'g' || m->vcol != in->col.gap || in->col.value < 0 || in->col.polarity < 0 || in->nrows == 0)
		return;
	for (i = 0; i < in->nrows; i++)
		if (in->rows[i][in->col.polarity][0] != '0')
			return;
	m->vcol = render_context_column(m->r, in, 0, m->vcol, m->kind);
	m->kind = 0;
	m->context = 1;
}

/* The rows read and checked, the classes and the layout: 0, or EXIT_DATA told. */
static int
map_prepare(struct map *m, const char *title)
{
	const struct render_input *in = m->in;
	const struct render_opts *o = m->r->opt;
	size_t nlevel[4] = { 0 };
	int rc;

	if ((m->gcol = render_column_for(in, o->rows, "--rows")) < 0 ||
	    (m->vcol = render_column_for(in, o->values[0], "--value")) < 0)
		return EXIT_DATA;
	m->fcol = in->col.flag;
	m->pcol = in->col.polarity;
	m->kind = render_kind(o->values[0]);
	m->polarity = '+';
	map_context(m);
	m->rows = xcalloc(in->nrows + 1, sizeof *m->rows);
	m->missing = xcalloc(in->nrows + 1, sizeof *m->missing);
	m->others = xcalloc(in->nrows + 1, sizeof *m->others);
	m->outside = xcalloc(in->nrows + 1, sizeof *m->outside);
	m->drawn = xcalloc(in->nrows + 1, sizeof *m->drawn);
	m->vals = xcalloc(in->nrows + 1, sizeof *m->vals);
	if ((rc = map_rows(m, nlevel)) != 0 || (rc = map_level(m, nlevel, o->geometry)) != 0 ||
	    (rc = map_classes(m)) != 0)
		return rc;
	map_layout(m, title);
	return 0;
}

int
render_map(struct render *r, const struct render_input *in, const struct geo *geo, const char *title, int embed)
{
	struct map *m = xcalloc(1, sizeof *m);
	int rc, y;

	m->r = r;
	m->in = in;
	m->geo = geo;
	m->out = &r->out;
	if ((rc = map_prepare(m, title)) == 0) {
		if (embed)
			snprintf(m->idsfx, sizeof m->idsfx, "-%d", ++r->map_seq);
		map_head(m);
		map_main(m);
		y = map_legend(m);
		map_insets(m, y + 8);
		map_caption(m);
		out_str(m->out, "</svg>\n");
		if (embed)
			map_legend_html(m);
		else
			r->shown_rows = m->nvals;
	}
	free(m->d);
	free(m->rows);
	free(m->missing);
	free(m->others);
	free(m->outside);
	free(m->drawn);
	free(m->vals);
	free(m);
	return rc;
}
