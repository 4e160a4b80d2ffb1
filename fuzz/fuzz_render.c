/*
 * libFuzzer: the renderers of mipexr-render-table (lib/render*.c) on fuzzed
 * scored input: every format, plain and pivot, sorted and cut, the map and
 * the page with maps. The input is the TSV. A plain text, Markdown or CSV
 * table streamed (render_stream) must be byte for byte the table drawn
 * whole (render_plain, render_text or render_csv): two ways to the same
 * output, each the other's check.
 */
#include "fuzz.h"
#include <string.h>
#include <sys/stat.h>

#include "catalogue.h"
#include "diag.h"
#include "geo.h"
#include "nuts.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once: the labels and the pilots' boundaries. */
static struct nuts *nuts;
static struct catalogue *cat;
static struct geo geo;
static int geo_ok;

static void
setup(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	diag_init("fuzz_render");
	nuts = nuts_load();
	cat = catalogue_load(NULL);
	geo_ok = geo_load(&geo, MIPEXR_SRCDATA "/../tests/fixtures/geo/pilots-60M-2024-3035.geojson") == 0;
}

/* A memory file for the output, emptied. */
static int
sink(void)
{
	int fd = memfd_create("out", 0);

	if (fd == -1)
		abort();
	return fd;
}

static char *
slurp(int fd, size_t *n)
{
	struct stat st;
	char *s;

	if (fstat(fd, &st) == -1)
		abort();
	*n = (size_t)st.st_size;
	s = xmalloc(*n + 1);
	if (*n > 0 && pread(fd, s, *n, 0) != (ssize_t)*n)
		abort();
	return s;
}

/* One rendering of path with o into fd: streamed, or read whole and drawn
 * by fn (NULL: the map). Returns its status. */
static int
run(const char *path, const struct render_opts *o, int fd, int stream, int (*fn)(struct render *, struct render_table *))
{
	struct render r;
	struct render_input in = { 0 };
	struct render_table t = { 0 };
	int rc;

	render_init(&r, o);
	render_where_add(&r.where, "sex=T");
	out_fdopen(&r.out, fd, "fuzz");
	if (!o->codes) {	/* render_load_labels' work, done once */
		r.nuts = nuts;
		r.cat = cat;
	}
	if (stream)
		rc = render_stream(&r, path, &in);
	else if ((rc = render_read(&r, path, &in)) == 0) {
		render_where_end(&r.where);
		if (fn == NULL)
			rc = geo_ok ? render_map(&r, &in, &geo, o->title, 0) : 0;
		else {
			if (fn == render_html && geo_ok && o->rows != NULL) {
				r.map_in = &in;
				r.map_geo = &geo;
			}
			rc = o->rows != NULL ? render_pivot(&r, &in, &t) : render_plain(&r, &in, &t);
			if (rc == 0 && (rc = render_sort_top(&r, &t)) == 0) {
				render_legend(&t);
				rc = fn(&r, &t);
			}
		}
	}
	out_close(&r.out);
	render_table_free(&t);
	render_input_free(&in);
	r.nuts = NULL;
	r.cat = NULL;
	render_free(&r);
	return rc;
}

/* A plain table streamed and drawn whole: the same bytes, or abort. */
static void
same_both_ways(const char *path, const struct render_opts *o, int (*fn)(struct render *, struct render_table *))
{
	int a = sink(), b = sink(), ra, rb;
	size_t na, nb;
	char *sa, *sb;

	ra = run(path, o, a, 1, NULL);
	rb = run(path, o, b, 0, fn);
	sa = slurp(a, &na);
	sb = slurp(b, &nb);
	if (ra == 0 && rb == 0 && (na != nb || memcmp(sa, sb, na) != 0))
		abort();
	free(sa);
	free(sb);
	close(a);
	close(b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const tables[])(struct render *, struct render_table *) = {
		render_text, render_text, render_csv, render_html, render_svg, render_xlsx, NULL
	};
	struct render_opts o;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path), out;
	size_t f;

	setup();
	for (f = 0; f < 3; f++) {	/* plain: text, Markdown, CSV; labelled, then codes, -p 2 --top 3 */
		o = (struct render_opts){ .decimals = -1, .top = -1, .classes = -1, .markdown = f == 1, .csv = f == 2 };
		same_both_ways(path, &o, tables[f]);
		o.codes = 1;
		o.excel = f == 2;
		o.decimals = 2;
		o.top = 3;
		same_both_ways(path, &o, tables[f]);
	}
	for (f = 0; f < sizeof tables / sizeof *tables; f++) {	/* pivots, sorted; the map */
		o = (struct render_opts){ .decimals = -1, .top = -1, .classes = -1, .markdown = f == 1, .csv = f == 2,
		    .rows = "geo", .cols = f == 4 || tables[f] == NULL ? NULL : "indicator", .values = { "gap" },
		    .nvalues = 1, .sort = f == 4 ? NULL : "geo", .title = "A | title\nof two lines",
		    .source = "S & <s>", .date = "2024", .geometry = "pilots" };
		if (tables[f] == NULL)
			o.sort = NULL;
		out = sink();
		run(path, &o, out, 0, tables[f]);
		close(out);
		if (f < 3) {	/* two --value, sorted by a figure column */
			o.values[1] = "score";
			o.nvalues = 2;
			o.sort = NULL;
			o.top = 2;
			out = sink();
			run(path, &o, out, 0, tables[f]);
			close(out);
		}
	}
	close(fd);
	return 0;
}
