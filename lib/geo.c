/*
 * GISCO NUTS GeoJSON through jansson: the whole file is parsed (a 20M file of
 * every level is 2.5 MB), each Polygon or MultiPolygon feature becomes a
 * region of rings in EPSG:3035 metres, and the tree is dropped.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "diag.h"
#include "geo.h"
#include "laea.h"

static void
free_region(struct geo_region *r)
{
	size_t i, j;

	for (i = 0; i < r->npoly; i++) {
		for (j = 0; j < r->poly[i].nrings; j++)
			free(r->poly[i].ring[j]);
		free(r->poly[i].ring);
		free(r->poly[i].npts);
	}
	free(r->poly);
	free(r->code);
	free(r->name);
}

void
geo_free(struct geo *g)
{
	size_t i;

	for (i = 0; i < g->nregions; i++)
		free_region(&g->region[i]);
	free(g->region);
	memset(g, 0, sizeof *g);
}

static int
cmp_region(const void *a, const void *b)
{
	return strcmp(((const struct geo_region *)a)->code, ((const struct geo_region *)b)->code);
}

const struct geo_region *
geo_find(const struct geo *g, const char *code)
{
	struct geo_region key;

	key.code = (char *)code;
	return bsearch(&key, g->region, g->nregions, sizeof *g->region, cmp_region);
}

/* What a load is reading, for messages. */
struct ctx {
	const char *file;
	size_t feature;		/* 1-based */
	const char *code;
	int crs;
	int crs_given;
};

static void
bad(const struct ctx *c, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof msg, fmt, arg);
	if (c->code != NULL)
		diag_warn_at(c->file, 0, "feature %zu (%s): %s", c->feature, c->code, msg);
	else
		diag_warn_at(c->file, 0, "feature %zu: %s", c->feature, msg);
}

/* The crs member: EPSG:4326 (or OGC CRS84) or EPSG:3035, else refused. */
static int
read_crs(json_t *root, struct ctx *c)
{
	json_t *crs = json_object_get(root, "crs"), *name;
	const char *s, *p;

	c->crs = 4326;
	if (crs == NULL || json_is_null(crs))
		return 0;
	c->crs_given = 1;
	name = json_object_get(json_object_get(crs, "properties"), "name");
	if (!json_is_string(name)) {
		diag_warn_at(c->file, 0, "a crs member without properties.name: give the map EPSG:4326 or EPSG:3035");
		return -1;
	}
	s = json_string_value(name);
	p = strrchr(s, ':');
	if (strstr(s, "CRS84") != NULL)
		return 0;
	if (strstr(s, "EPSG") != NULL && p != NULL && strcmp(p + 1, "4326") == 0)
		return 0;
	if (strstr(s, "EPSG") != NULL && p != NULL && strcmp(p + 1, "3035") == 0) {
		c->crs = 3035;
		return 0;
	}
	diag_warn_at(c->file, 0, "crs %s: the map reads EPSG:4326 (longitude, latitude) or EPSG:3035 "
	    "(ETRS89 LAEA Europe); GISCO publishes both", s);
	return -1;
}

/* A linear ring: [[x, y], ...], at least four positions, closed. */
static int
read_ring(json_t *a, struct ctx *c, double **out, size_t *nout)
{
	size_t n = json_array_size(a), i;
	double *p, x, y;
	char where[64];

	if (!json_is_array(a) || n < 4) {
		bad(c, "%s", "a ring needs an array of at least four positions");
		return -1;
	}
	p = xmalloc(2 * n * sizeof *p);
	for (i = 0; i < n; i++) {
		json_t *pos = json_array_get(a, i), *jx = json_array_get(pos, 0), *jy = json_array_get(pos, 1);

		if (!json_is_array(pos) || !json_is_number(jx) || !json_is_number(jy)) {
			snprintf(where, sizeof where, "%zu", i + 1);
			bad(c, "position %s of a ring is not [x, y]", where);
			free(p);
			return -1;
		}
		x = json_number_value(jx);
		y = json_number_value(jy);
		if (c->crs == 4326) {
			if (fabs(x) > 180 || fabs(y) > 90) {
				snprintf(where, sizeof where, "%.10g, %.10g", x, y);
				bad(c, c->crs_given ? "[%s] is not a longitude and latitude (EPSG:4326)" :
				    "[%s] is not a longitude and latitude: without a crs member the file is read as "
				    "RFC 7946 WGS 84 (EPSG:4326); name EPSG:3035 in a crs member", where);
				free(p);
				return -1;
			}
			if (laea_forward(laea_3035(), y, x, &p[2 * i], &p[2 * i + 1]) != 0) {
				bad(c, "%s", "a point at the antipode of EPSG:3035's origin");
				free(p);
				return -1;
			}
		} else {
			if (fabs(x) > 2e7 || fabs(y) > 2e7) {
				snprintf(where, sizeof where, "%.10g, %.10g", x, y);
				bad(c, "[%s] is outside EPSG:3035", where);
				free(p);
				return -1;
			}
			p[2 * i] = x;
			p[2 * i + 1] = y;
		}
	}
	if (p[0] != p[2 * n - 2] || p[1] != p[2 * n - 1]) {
		bad(c, "%s", "a ring that does not end where it starts");
		free(p);
		return -1;
	}
	*out = p;
	*nout = n;
	return 0;
}

/* A Polygon's coordinates: an outer ring, then holes. */
static int
read_poly(json_t *a, struct ctx *c, struct geo_poly *poly)
{
	size_t i, j, n = json_array_size(a);

	memset(poly, 0, sizeof *poly);
	if (!json_is_array(a) || n == 0) {
		bad(c, "%s", "a polygon needs an array of rings");
		return -1;
	}
	poly->ring = xcalloc(n, sizeof *poly->ring);
	poly->npts = xcalloc(n, sizeof *poly->npts);
	for (i = 0; i < n; i++) {
		if (read_ring(json_array_get(a, i), c, &poly->ring[i], &poly->npts[i]) != 0) {
			for (j = 0; j < i; j++)
				free(poly->ring[j]);
			free(poly->ring);
			free(poly->npts);
			memset(poly, 0, sizeof *poly);
			return -1;
		}
		poly->nrings++;
	}
	poly->xmin = poly->xmax = poly->ring[0][0];
	poly->ymin = poly->ymax = poly->ring[0][1];
	for (j = 0; j < poly->npts[0]; j++) {
		double x = poly->ring[0][2 * j], y = poly->ring[0][2 * j + 1];

		poly->xmin = fmin(poly->xmin, x);
		poly->xmax = fmax(poly->xmax, x);
		poly->ymin = fmin(poly->ymin, y);
		poly->ymax = fmax(poly->ymax, y);
	}
	return 0;
}

static const char *
prop_string(json_t *props, json_t *feature, const char *const *keys)
{
	json_t *v;

	for (; *keys != NULL; keys++) {
		if (strcmp(*keys, "#id") == 0)
			v = json_object_get(feature, "id");
		else
			v = json_object_get(props, *keys);
		if (json_is_string(v) && json_string_length(v) > 0)
			return json_string_value(v);
	}
	return NULL;
}

static int
read_feature(json_t *f, struct ctx *c, struct geo_region *r)
{
	static const char *const code_keys[] = { "NUTS_ID", "#id", "id", NULL };
	static const char *const name_keys[] = { "NAME_LATN", "NUTS_NAME", "na", NULL };
	json_t *props = json_object_get(f, "properties"), *geom, *coords, *lv;
	const char *code, *name, *type;
	size_t i, n, len;

	memset(r, 0, sizeof *r);
	if ((code = prop_string(props, f, code_keys)) == NULL) {
		bad(c, "%s", "no NUTS_ID property (nor an id): is this a GISCO NUTS file?");
		return -1;
	}
	c->code = code;
	r->code = xstrdup(code);
	name = prop_string(props, f, name_keys);
	r->name = xstrdup(name != NULL ? name : "");
	for (len = strlen(r->name); len > 0 && r->name[len - 1] == ' '; len--)
		r->name[len - 1] = '\0';
	lv = json_object_get(props, "LEVL_CODE");
	if (json_is_integer(lv))
		r->level = (int)json_integer_value(lv);
	else
		r->level = strlen(code) < 2 ? -1 : (int)strlen(code) - 2;
	geom = json_object_get(f, "geometry");
	type = json_string_value(json_object_get(geom, "type"));
	coords = json_object_get(geom, "coordinates");
	if (type == NULL) {
		bad(c, "%s", "no geometry");
		goto fail;
	}
	if (strcmp(type, "Polygon") == 0) {
		r->poly = xcalloc(1, sizeof *r->poly);
		if (read_poly(coords, c, &r->poly[0]) != 0)
			goto fail;
		r->npoly = 1;
	} else if (strcmp(type, "MultiPolygon") == 0) {
		n = json_array_size(coords);
		if (!json_is_array(coords) || n == 0) {
			bad(c, "%s", "a MultiPolygon needs an array of polygons");
			goto fail;
		}
		r->poly = xcalloc(n, sizeof *r->poly);
		for (i = 0; i < n; i++) {
			if (read_poly(json_array_get(coords, i), c, &r->poly[i]) != 0)
				goto fail;
			r->npoly++;
		}
	} else {
		bad(c, "geometry %s: a region is a Polygon or a MultiPolygon", type);
		goto fail;
	}
	return 0;
fail:
	free_region(r);
	memset(r, 0, sizeof *r);
	return -1;
}

int
geo_load(struct geo *g, const char *path)
{
	json_error_t e;
	json_t *root, *features;
	struct ctx c = { 0 };
	const char *type;
	size_t i, n;
	FILE *fp;

	memset(g, 0, sizeof *g);
	c.file = path;
	if ((fp = fopen(path, "r")) == NULL) {
		diag_warn("%s: %s", path, strerror(errno));
		return EXIT_TROUBLE;
	}
	root = json_loadf(fp, JSON_REJECT_DUPLICATES, &e);
	if (ferror(fp)) {
		diag_warn("%s: %s", path, strerror(errno));
		fclose(fp);
		json_decref(root);
		return EXIT_TROUBLE;
	}
	fclose(fp);
	if (root == NULL) {
		diag_warn_at(path, (unsigned long)(e.line > 0 ? e.line : 0),
		    "not GeoJSON: %s (column %d)", e.text, e.column);
		return EXIT_DATA;
	}
	type = json_string_value(json_object_get(root, "type"));
	features = json_object_get(root, "features");
	if (type == NULL || strcmp(type, "FeatureCollection") != 0 || !json_is_array(features)) {
		diag_warn_at(path, 0, "not a GeoJSON FeatureCollection of NUTS regions");
		json_decref(root);
		return EXIT_DATA;
	}
	if (read_crs(root, &c) != 0) {
		json_decref(root);
		return EXIT_DATA;
	}
	g->crs = c.crs;
	n = json_array_size(features);
	g->region = xcalloc(n + 1, sizeof *g->region);
	for (i = 0; i < n; i++) {
		c.feature = i + 1;
		c.code = NULL;
		if (read_feature(json_array_get(features, i), &c, &g->region[g->nregions]) != 0) {
			json_decref(root);
			geo_free(g);
			return EXIT_DATA;
		}
		g->nregions++;
	}
	json_decref(root);
	qsort(g->region, g->nregions, sizeof *g->region, cmp_region);
	for (i = 1; i < g->nregions; i++)
		if (strcmp(g->region[i - 1].code, g->region[i].code) == 0) {
			diag_warn_at(path, 0, "region %s comes twice", g->region[i].code);
			geo_free(g);
			return EXIT_DATA;
		}
	return 0;
}

static void
put(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
	*buf = xgrow(*buf, cap, *len + n + 1, 1);
	memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

size_t
geo_path(char **buf, size_t *len, size_t *cap, const struct geo_poly *poly,
    const struct geo_frame *f, int (*xform)(void *, double *, double *), void *arg)
{
	size_t r, i, npts, rings = 0;
	long px, py, x0, y0, *pt, ncap;
	char tmp[64];
	int m;

	for (r = 0; r < poly->nrings; r++) {
		/* the ring's points in output units, repeats dropped */
		ncap = (long)poly->npts[r];
		pt = xmalloc(2 * (size_t)ncap * sizeof *pt);
		npts = 0;
		for (i = 0; i < poly->npts[r]; i++) {
			double x = poly->ring[r][2 * i], y = poly->ring[r][2 * i + 1];

			if (xform != NULL && xform(arg, &x, &y) != 0)
				continue;
			px = lround((x - f->x0) * f->k * f->scale);
			py = lround((f->y1 - y) * f->k * f->scale);
			if (npts > 0 && pt[2 * npts - 2] == px && pt[2 * npts - 1] == py)
				continue;
			pt[2 * npts] = px;
			pt[2 * npts + 1] = py;
			npts++;
		}
		/* the closing point repeats the first: z draws that side */
		if (npts > 1 && pt[0] == pt[2 * npts - 2] && pt[1] == pt[2 * npts - 1])
			npts--;
		if (npts < 3) {
			free(pt);
			continue;
		}
		m = snprintf(tmp, sizeof tmp, "M%ld %ld", pt[0], pt[1]);
		put(buf, len, cap, tmp, (size_t)m);
		x0 = pt[0];
		y0 = pt[1];
		for (i = 1; i < npts; i++) {
			long dx = pt[2 * i] - x0, dy = pt[2 * i + 1] - y0;

			/* SVG path data: a minus sign separates numbers by itself */
			m = snprintf(tmp, sizeof tmp, "%s%s%ld%s%ld", i == 1 ? "l" : "",
			    i == 1 || dx < 0 ? "" : " ", dx, dy < 0 ? "" : " ", dy);
			put(buf, len, cap, tmp, (size_t)m);
			x0 = pt[2 * i];
			y0 = pt[2 * i + 1];
		}
		put(buf, len, cap, "z", 1);
		rings++;
		free(pt);
	}
	return rings;
}

size_t
geo_class_of(double x, const double *bound, size_t c)
{
	size_t i;

	for (i = 0; i + 1 < c; i++)
		if (x <= bound[i + 1])
			return i;
	return c - 1;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

size_t
geo_classes(double *v, size_t n, enum geo_classing how, size_t k, double centre, double *bound)
{
	size_t i, c;
	double m, w, p;

	qsort(v, n, sizeof *v, cmp_double);
	if (k < 1)
		k = 1;
	if (k > GEO_MAXCLASSES)
		k = GEO_MAXCLASSES;
	if (how == GEO_DIVERGING) {
		m = fmax(fabs(v[0] - centre), fabs(v[n - 1] - centre));
		if (m == 0) {
			bound[0] = bound[1] = centre;
			return 1;
		}
		/* the least of 1, 2, 5 × 10^j at or above 2m/7 */
		p = pow(10, floor(log10(2 * m / 7)));
		w = p;
		if (w < 2 * m / 7)
			w = 2 * p;
		if (w < 2 * m / 7)
			w = 5 * p;
		if (w < 2 * m / 7)
			w = 10 * p;
		for (i = 0; i <= 7; i++)
			bound[i] = centre + w * ((double)i - 3.5);
		return 7;
	}
	bound[0] = v[0];
	if (v[0] == v[n - 1]) {
		bound[1] = v[0];
		return 1;
	}
	c = 0;
	for (i = 1; i < k; i++) {
		double b;

		if (how == GEO_EQUAL)
			b = v[0] + (v[n - 1] - v[0]) * (double)i / (double)k;
		else
			b = v[(i * n + k - 1) / k - 1];	/* rank ceil(i n / k) */
		if ((b > bound[c] || c == 0) && b < v[n - 1])
			bound[++c] = b;
	}
	bound[++c] = v[n - 1];
	return c;
}
