/*
 * mipexr-render-table: any stage's TSV as a table or chart for people: aligned
 * text, Markdown, CSV for spreadsheets, a self-contained HTML page, an SVG bar
 * chart, a map. Codes get their names, figures their flags, missing cells a
 * dash. The formats are lib/render_*.c (lib/render.h); this is the command
 * line and the table of formats.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "geo.h"
#include "opt.h"
#include "render.h"

static const char usage_text[] =
	"[-hv] [--format text|md|csv|html|svg|xlsx|map] [--rows COL --cols COL --value COL ...]\n"
	"[--geometry GEOJSON] [--classes quantile|equal|diverging]\n"
	"[--where COL=VALUE ...] [--sort COL] [--top N] [-p DECIMALS] [--codes] [--excel]\n"
	"[--title TEXT] [--source TEXT] [--date YYYY-MM-DD] [--max-errors N] [file]";

/* The formats: a table's renderer, or the map's (which draws the input's
 * rows, not a table); text, Markdown and CSV also stream a plain table. */
static const struct format {
	const char *name;
	int (*draw)(struct render *, struct render_table *);
	int markdown, csv;	/* the style of render_text and render_stream */
	int streams;		/* a plain table without --sort: render_stream */
} formats[] = {
	{ "text", render_text, 0, 0, 1 },
	{ "md", render_text, 1, 0, 1 },
	{ "csv", render_csv, 0, 1, 1 },
	{ "html", render_html, 0, 0, 0 },
	{ "svg", render_svg, 0, 0, 0 },
	{ "xlsx", render_xlsx, 0, 0, 0 },
	{ "map", NULL, 0, 0, 0 },
};
#define NFORMATS (sizeof formats / sizeof *formats)

static const struct format *
format_named(const char *name)
{
	char list[256];
	size_t i, len = 0;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	for (i = 0; i < NFORMATS && len < sizeof list; i++)
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
		    i == 0 ? "" : i + 1 == NFORMATS ? " or " : ", ", formats[i].name);
	diag_die(EXIT_TROUBLE, "--format %s: %s", name, list);
}

/* The options that go together, or exit 2. */
static void
check_options(const struct format *f, struct render_opts *o)
{
	int map = f->draw == NULL;
	const char *bad;
	size_t badlen;

	if (map && o->rows == NULL)
		o->rows = "geo";
	if ((o->rows == NULL) != (o->nvalues == 0) || (o->cols != NULL && o->rows == NULL))
		diag_die(EXIT_TROUBLE, "a pivot needs --rows and --value (and may have --cols)");
	if (f->draw == render_svg && o->rows == NULL)
		diag_die(EXIT_TROUBLE, "--format svg charts one --value across --rows");
	if (map) {
		if (o->geometry == NULL || o->nvalues != 1 || o->cols != NULL)
			diag_die(EXIT_TROUBLE, "--format map colours regions by one --value, from --geometry GEOJSON");
	} else if (f->draw == render_html && o->geometry != NULL) {
		if (o->rows == NULL || strcmp(o->rows, "geo") != 0 || o->nvalues != 1)
			diag_die(EXIT_TROUBLE, "--format html --geometry maps one --value across --rows geo");
	} else if (o->geometry != NULL || o->classes >= 0)
		diag_die(EXIT_TROUBLE, "--geometry and --classes go with --format map or html");
	if (o->excel && !f->csv)
		diag_die(EXIT_TROUBLE, "--excel goes with --format csv");
	if (o->title != NULL && render_title_fields(o->title, &bad, &badlen) < 0)
		diag_die(EXIT_TROUBLE, "--title: %.*s is none of {group}, {sex}, {time}, {indicator}, {geo}", (int)badlen, bad);
	o->markdown = f->markdown;
	o->csv = f->csv;
}

/* The input read whole, drawn as a table (or a map) on r->out. */
static int
draw(struct render *r, const struct format *f, const char *path, struct render_input *in, struct render_opts *o)
{
	struct render_table t = { 0 };
	struct geo geo = { 0 };
	int rc, where_rc, loaded = 0;

	if ((rc = render_read(r, path, in)) != 0 || (rc = render_load_labels(r)) != 0 ||
	    (rc = render_title(r, in, &o->title)) != 0)
		return rc;
	where_rc = render_where_end(&r->where);
	if (o->geometry != NULL) {
		if ((rc = geo_load(&geo, o->geometry)) != 0)
			return rc;
		loaded = 1;
	}
	if (f->draw == NULL)
		rc = render_map(r, in, &geo, o->title, 0);
	else {
		if (loaded) {
			r->map_in = in;
			r->map_geo = &geo;
		}
		rc = o->rows != NULL ? render_pivot(r, in, &t) : render_plain(r, in, &t);
		if (rc == 0)
			rc = render_sort_top(r, &t);
		if (rc == 0) {
			render_legend(&t);
			rc = f->draw(r, &t);
			r->shown_rows = t.nrows;
			r->shown_cols = t.ncols;
			if (rc == 0 && t.bad_figures > 0)
				rc = EXIT_DATA;
		}
	}
	render_table_free(&t);
	if (loaded)
		geo_free(&geo);
	return rc != 0 ? rc : where_rc;
}

/* -v: the format, the rows read and left out, what was shown. */
static void
tell(const struct render *r, const struct format *f)
{
	const struct render_where *w = &r->where;
	char where[64] = "", shown[64];

	if (w->n > 0)
		snprintf(where, sizeof where, ", %zu left out by --where", w->rows - w->selected);
	if (f->draw == NULL)
		snprintf(shown, sizeof shown, "%zu %s coloured", r->shown_rows,
		    r->shown_rows == 1 ? "region" : "regions");
	else
		snprintf(shown, sizeof shown, "%zu %s of %zu %s shown", r->shown_rows,
		    r->shown_rows == 1 ? "row" : "rows", r->shown_cols, r->shown_cols == 1 ? "column" : "columns");
	diag_warn("--format %s: %zu %s read%s; %s", f->name, w->rows, w->rows == 1 ? "row" : "rows", where, shown);
}

/* --classes NAME. */
static int
classes_named(const char *name)
{
	if (strcmp(name, "quantile") == 0)
		return GEO_QUANTILE;
	if (strcmp(name, "equal") == 0)
		return GEO_EQUAL;
	if (strcmp(name, "diverging") == 0)
		return GEO_DIVERGING;
	diag_die(EXIT_TROUBLE, "--classes %s: quantile, equal or diverging", name);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "rows", required_argument, NULL, 'r' },
		{ "cols", required_argument, NULL, 'c' },
		{ "value", required_argument, NULL, 'V' },
		{ "sort", required_argument, NULL, 's' },
		{ "top", required_argument, NULL, 't' },
		{ "decimals", required_argument, NULL, 'p' },
		{ "codes", no_argument, NULL, 'C' },
		{ "excel", no_argument, NULL, 'x' },
		{ "title", required_argument, NULL, 'T' },
		{ "source", required_argument, NULL, 'S' },
		{ "date", required_argument, NULL, 'D' },
		{ "geometry", required_argument, NULL, 'g' },
		{ "classes", required_argument, NULL, 'k' },
		{ "where", required_argument, NULL, 'w' },
		{ "max-errors", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct render_opts o = { .decimals = -1, .top = -1, .classes = -1 };
	const struct format *f = &formats[0];
	struct render r;
	struct render_input in = { 0 };
	const char *path;
	int ch, rc, verbose = 0;
	unsigned long max_errors = 20, top;

	opt_init(argv[0], usage_text);
	render_init(&r, &o);
	while ((ch = getopt_long(argc, argv, "hp:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f': f = format_named(optarg); break;
		case 'r': o.rows = optarg; break;
		case 'c': o.cols = optarg; break;
		case 'V':
			if (o.nvalues == RENDER_MAXVALUES)
				diag_die(EXIT_TROUBLE, "at most %d --value columns", RENDER_MAXVALUES);
			o.values[o.nvalues++] = optarg;
			break;
		case 's': o.sort = optarg; break;
		case 't':	/* more than LONG_MAX rows is every row */
			top = opt_count(optarg, "--top", ULONG_MAX);
			o.top = top > LONG_MAX ? LONG_MAX : (long)top;
			break;
		case 'p': o.decimals = opt_decimals(optarg, "-p"); break;
		case 'C': o.codes = 1; break;
		case 'x': o.excel = 1; break;
		case 'T': o.title = optarg; break;
		case 'S': o.source = optarg; break;
		case 'D': o.date = optarg; break;
		case 'g': o.geometry = optarg; break;
		case 'k': o.classes = classes_named(optarg); break;
		case 'w': render_where_add(&r.where, optarg); break;
		case 'm': max_errors = diag_cap_parse(optarg, "--max-errors"); break;
		case 'v': verbose = 1; break;
		case 'h': opt_help();
		default: opt_usage();
		}
	}
	path = opt_files(&argc, argv, 1)[0];
	check_options(f, &o);
	diag_cap(max_errors);
	out_fdopen(&r.out, 1, "stdout");
	/* a title with placeholders needs every row before the first line */
	if (f->streams && o.rows == NULL && o.sort == NULL &&
	    (o.title == NULL || render_title_fields(o.title, NULL, NULL) == 0))
		rc = render_stream(&r, path, &in);
	else
		rc = draw(&r, f, path, &in, &o);
	out_close(&r.out);
	diag_cap_end();
	if (verbose && rc != EXIT_TROUBLE)
		tell(&r, f);
	render_input_free(&in);
	render_free(&r);
	return rc;
}
