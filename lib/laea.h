/* Lambert azimuthal equal-area on the GRS 1980 ellipsoid, after EPSG Guidance
 * Note 7-2 (method 9820): EPSG:3035 (ETRS89-extended / LAEA Europe) and local
 * frames of the same projection for the map insets. */
#ifndef MIPEXR_LAEA_H
#define MIPEXR_LAEA_H

/* A projection's constants, worked out once by laea_init. */
struct laea {
	double lat0, lon0;	/* origin, radians */
	double fe, fn;		/* false easting and northing, metres */
	double qp, beta0, rq, d;
};

/* EPSG:3035: origin 52°N 10°E, false easting 4321000 m, northing 3210000 m.
 * Worked out on the first call; the constants stay put for the program's life. */
const struct laea *laea_3035(void);

/* Fills p for an origin at lat0, lon0 (degrees) with false easting fe and
 * northing fn (metres). */
void laea_init(struct laea *p, double lat0, double lon0, double fe, double fn);

/* Latitude and longitude (degrees) to easting *x and northing *y (metres).
 * The antipode of the origin has no image: returns -1 there, else 0. */
int laea_forward(const struct laea *p, double lat, double lon, double *x, double *y);

/* Easting and northing to latitude and longitude (degrees). Returns -1 for a
 * point outside the projected disc, else 0. */
int laea_inverse(const struct laea *p, double x, double y, double *lat, double *lon);

#endif
