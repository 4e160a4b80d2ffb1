/* Unit tests of lib/laea and lib/geo: EPSG:3035 against published points,
 * GISCO's own EPSG:3035 vertices, reading GeoJSON, path data, class bounds. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo.h"
#include "laea.h"
#include "unit.h"

#ifndef FIXTURES
#define FIXTURES MIPEXR_SRCDATA "/../tests/fixtures/geo/"
#endif

static void
test_laea(void)
{
	const struct laea *p = laea_3035();
	double x, y, lat, lon;

	/* EPSG Guidance Note 7-2, the worked example of method 9820:
	 * ETRS89 / LAEA Europe, 50°N 5°E → E 3962799.45 m, N 2999718.85 m */
	CHECK(laea_forward(p, 50, 5, &x, &y) == 0);
	CHECK(fabs(x - 3962799.45) < 0.005);
	CHECK(fabs(y - 2999718.85) < 0.005);
	/* and back (the reverse example of the same note) */
	CHECK(laea_inverse(p, 3962799.45, 2999718.85, &lat, &lon) == 0);
	CHECK(fabs(lat - 50) < 1e-7);
	CHECK(fabs(lon - 5) < 1e-7);
	/* the origin is the false easting and northing */
	CHECK(laea_forward(p, 52, 10, &x, &y) == 0);
	CHECK(fabs(x - 4321000) < 1e-6 && fabs(y - 3210000) < 1e-6);
	/* the central meridian maps to x = FE, north up */
	CHECK(laea_forward(p, 60, 10, &x, &y) == 0);
	CHECK(fabs(x - 4321000) < 1e-6 && y > 3210000);
	/* east of the meridian is east; the projection is symmetric about it */
	{
		double xe, ye, xw, yw;

		laea_forward(p, 45, 20, &xe, &ye);
		laea_forward(p, 45, 0, &xw, &yw);
		CHECK(xe > 4321000 && fabs((xe - 4321000) - (4321000 - xw)) < 1e-6 && fabs(ye - yw) < 1e-6);
	}
	/* round trips far from the origin: Canarias, Guadeloupe, Svalbard */
	CHECK(laea_forward(p, 28.1, -15.4, &x, &y) == 0 && laea_inverse(p, x, y, &lat, &lon) == 0);
	CHECK(fabs(lat - 28.1) < 1e-7 && fabs(lon + 15.4) < 1e-9);
	CHECK(laea_forward(p, 16.2, -61.5, &x, &y) == 0 && laea_inverse(p, x, y, &lat, &lon) == 0);
	CHECK(fabs(lat - 16.2) < 1e-7 && fabs(lon + 61.5) < 1e-9);
	CHECK(laea_forward(p, 78.2, 15.6, &x, &y) == 0 && laea_inverse(p, x, y, &lat, &lon) == 0);
	CHECK(fabs(lat - 78.2) < 1e-7 && fabs(lon - 15.6) < 1e-9);
	/* the antipode has no image; a point past the disc has no inverse */
	CHECK(laea_forward(p, -52, -170, &x, &y) != 0);
	CHECK(laea_inverse(p, 4321000 + 2.6e7, 3210000, &lat, &lon) != 0);
}

/* GISCO publishes the same generalised boundaries in EPSG:4326 (to three
 * decimals) and EPSG:3035: Osttirol's vertices, projected here, land on
 * GISCO's own EPSG:3035 vertices within what the rounding to 0.001° allows
 * (0.0005° is 56 m north-south, 38 m east-west at 47°N). */
static void
test_gisco_points(void)
{
	struct geo a, b;
	const struct geo_region *ra, *rb;
	size_t i, j, far = 0;
	double worst = 0;

	CHECK(geo_load(&a, FIXTURES "AT333-60M-2021-4326.geojson") == 0);
	CHECK(geo_load(&b, FIXTURES "AT333-60M-2024-3035.geojson") == 0);
	CHECK(a.crs == 4326 && b.crs == 3035);
	ra = geo_find(&a, "AT333");
	rb = geo_find(&b, "AT333");
	CHECK(ra != NULL && rb != NULL);
	if (ra == NULL || rb == NULL)
		return;
	CHECK(ra->level == 3 && strcmp(ra->name, "Osttirol") == 0);
	CHECK(ra->poly[0].npts[0] == 7 && rb->poly[0].npts[0] == 7);
	for (i = 0; i < ra->poly[0].npts[0]; i++) {
		double best = 1e300;

		for (j = 0; j < rb->poly[0].npts[0]; j++) {
			double dx = ra->poly[0].ring[0][2 * i] - rb->poly[0].ring[0][2 * j];
			double dy = ra->poly[0].ring[0][2 * i + 1] - rb->poly[0].ring[0][2 * j + 1];

			best = fmin(best, sqrt(dx * dx + dy * dy));
		}
		worst = fmax(worst, best);
		if (best > 68)
			far++;
	}
	CHECK(far == 0);
	CHECK(worst > 1);	/* a real comparison, not a copy */
	geo_free(&a);
	geo_free(&b);
}

static void
test_load_and_paths(void)
{
	struct geo g;
	const struct geo_region *r;
	struct geo_frame f = { 4000000, 3100000, 1.0 / 1000, 1 };
	char *buf = NULL;
	size_t len = 0, cap = 0;

	CHECK(geo_load(&g, FIXTURES "square-hole.geojson") == 0);
	CHECK(g.crs == 3035 && g.nregions == 2);
	CHECK(geo_find(&g, "XX03") == NULL);
	r = geo_find(&g, "XX01");
	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK_STR(r->name, "Square with a hole");	/* the trailing space cut */
	CHECK(r->level == 2 && r->npoly == 1 && r->poly[0].nrings == 2);
	CHECK(r->poly[0].xmin == 4000000 && r->poly[0].xmax == 4100000);
	CHECK(r->poly[0].ymin == 3000000 && r->poly[0].ymax == 3100000);
	/* outer ring (0,100) (100,100) (100,0) (0,0); the hole (40,60) (40,40)
	 * (60,40) (60,60): two subpaths, evenodd leaves the hole empty */
	CHECK(geo_path(&buf, &len, &cap, &r->poly[0], &f, NULL, NULL) == 2);
	CHECK_STR(buf, "M0 100l100 0 0-100-100 0zM40 60l0-20 20 0 0 20z");
	/* tenths of a kilometre */
	len = 0;
	f.scale = 10;
	geo_path(&buf, &len, &cap, &r->poly[0], &f, NULL, NULL);
	CHECK_STR(buf, "M0 1000l1000 0 0-1000-1000 0zM400 600l0-200 200 0 0 200z");
	/* an island of 10 km stays; one of less than a metre rounds away */
	r = geo_find(&g, "XX02");
	CHECK(r != NULL && r->npoly == 2);
	len = 0;
	f.scale = 1;
	CHECK(geo_path(&buf, &len, &cap, &r->poly[0], &f, NULL, NULL) == 1);
	CHECK_STR(buf, "M200 100l10 0 0-10z");
	len = 0;
	buf[0] = '\0';
	CHECK(geo_path(&buf, &len, &cap, &r->poly[1], &f, NULL, NULL) == 0);
	CHECK_STR(buf, "");
	free(buf);
	geo_free(&g);
}

static void
test_classes(void)
{
	double v[16], b[GEO_MAXCLASSES + 1];
	size_t i;

	/* 1..10 in quintiles: cuts at ranks 2, 4, 6, 8 */
	for (i = 0; i < 10; i++)
		v[i] = (double)(10 - i);
	CHECK(geo_classes(v, 10, GEO_QUANTILE, 5, 0, b) == 5);
	CHECK(b[0] == 1 && b[1] == 2 && b[2] == 4 && b[3] == 6 && b[4] == 8 && b[5] == 10);
	CHECK(geo_class_of(1, b, 5) == 0 && geo_class_of(2, b, 5) == 0 && geo_class_of(2.5, b, 5) == 1);
	CHECK(geo_class_of(10, b, 5) == 4 && geo_class_of(8, b, 5) == 3);
	/* 7 values in 3 quantile classes: ranks ceil(7/3) = 3 and ceil(14/3) = 5 */
	double w[] = { 5, 1, 7, 3, 2, 6, 4 };
	CHECK(geo_classes(w, 7, GEO_QUANTILE, 3, 0, b) == 3);
	CHECK(b[0] == 1 && b[1] == 3 && b[2] == 5 && b[3] == 7);
	/* ties merge cuts: 1 1 1 1 5 in quintiles is [1, 1] and (1, 5] */
	double t[] = { 1, 1, 5, 1, 1 };
	CHECK(geo_classes(t, 5, GEO_QUANTILE, 5, 0, b) == 2);
	CHECK(b[0] == 1 && b[1] == 1 && b[2] == 5);
	/* equal intervals: 0 to 10 in 4 */
	double e[] = { 10, 0, 3 };
	CHECK(geo_classes(e, 3, GEO_EQUAL, 4, 0, b) == 4);
	CHECK(b[0] == 0 && b[1] == 2.5 && b[2] == 5 && b[3] == 7.5 && b[4] == 10);
	/* one value: one class */
	double one[] = { 4.2 };
	CHECK(geo_classes(one, 1, GEO_QUANTILE, 5, 0, b) == 1 && b[0] == 4.2 && b[1] == 4.2);
	/* diverging around 0: the farthest gap -5.8, 2m/7 = 1.66, width 2:
	 * -7 -5 -3 -1 1 3 5 7 */
	double g[] = { -3.4, -2.5, -5.8, 0.4 };
	CHECK(geo_classes(g, 4, GEO_DIVERGING, 7, 0, b) == 7);
	CHECK(b[0] == -7 && b[1] == -5 && b[2] == -3 && b[3] == -1 && b[4] == 1 && b[5] == 3 && b[6] == 5 && b[7] == 7);
	CHECK(geo_class_of(-5.8, b, 7) == 0 && geo_class_of(-3.4, b, 7) == 1 && geo_class_of(-2.5, b, 7) == 2);
	CHECK(geo_class_of(0.4, b, 7) == 3);
	/* diverging around 100 (scores): farthest 39.29 off, 2m/7 = 11.2, width 20:
	 * 30 50 70 90 110 130 150 170 */
	double s[] = { 95.58, 96.79, 93.13, 58.01, 39.29 };
	CHECK(geo_classes(s, 5, GEO_DIVERGING, 7, 100, b) == 7);
	CHECK(b[0] == 30 && b[1] == 50 && b[3] == 90 && b[4] == 110 && b[7] == 170);
	/* exactly 2m/7 a round number: m 3.5, width 1 */
	double r[] = { 3.5, -1 };
	CHECK(geo_classes(r, 2, GEO_DIVERGING, 7, 0, b) == 7 && b[0] == -3.5 && b[7] == 3.5);
	/* all at the centre */
	double z[] = { 0, 0 };
	CHECK(geo_classes(z, 2, GEO_DIVERGING, 7, 0, b) == 1);
}

int
main(void)
{
	test_laea();
	test_gisco_points();
	test_load_and_paths();
	test_classes();
	return unit_done("test_geo");
}
