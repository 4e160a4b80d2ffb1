/*
 * Lambert azimuthal equal-area, oblique aspect, on the GRS 1980 ellipsoid:
 * the formulas of EPSG Guidance Note 7-2 (2019), section 3.2.5 (method 9820),
 * forward and reverse (the latter with the authalic latitude series).
 */
#include <math.h>

#include "laea.h"

#define A 6378137.0			/* GRS 1980 semi-major axis, m */
#define INVF 298.257222101		/* inverse flattening */
#define DEG (M_PI / 180.0)

static double
ecc2(void)
{
	double f = 1 / INVF;

	return 2 * f - f * f;
}

/* q of the Guidance Note: twice the authalic sphere's area term at latitude phi. */
static double
qof(double phi)
{
	double e2 = ecc2(), e = sqrt(e2), s = sin(phi);

	return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s)));
}

void
laea_init(struct laea *p, double lat0, double lon0, double fe, double fn)
{
	double e2 = ecc2(), s0;

	p->lat0 = lat0 * DEG;
	p->lon0 = lon0 * DEG;
	p->fe = fe;
	p->fn = fn;
	p->qp = qof(M_PI / 2);
	p->beta0 = asin(qof(p->lat0) / p->qp);
	p->rq = A * sqrt(p->qp / 2);
	s0 = sin(p->lat0);
	p->d = A * (cos(p->lat0) / sqrt(1 - e2 * s0 * s0)) / (p->rq * cos(p->beta0));
}

const struct laea *
laea_3035(void)
{
	static struct laea p;
	static int done;

	if (!done) {
		laea_init(&p, 52, 10, 4321000, 3210000);
		done = 1;
	}
	return &p;
}

int
laea_forward(const struct laea *p, double lat, double lon, double *x, double *y)
{
	double q, beta, dl, den, b;

	q = qof(lat * DEG);
	/* |q| can pass qp by an ulp at the poles */
	beta = asin(fmax(-1, fmin(1, q / p->qp)));
	dl = lon * DEG - p->lon0;
	den = 1 + sin(p->beta0) * sin(beta) + cos(p->beta0) * cos(beta) * cos(dl);
	if (den <= 1e-15)
		return -1;
	b = p->rq * sqrt(2 / den);
	*x = p->fe + b * p->d * cos(beta) * sin(dl);
	*y = p->fn + b / p->d * (cos(p->beta0) * sin(beta) - sin(p->beta0) * cos(beta) * cos(dl));
	return 0;
}

int
laea_inverse(const struct laea *p, double x, double y, double *lat, double *lon)
{
	double e2 = ecc2(), e4 = e2 * e2, e6 = e4 * e2, dx, dy, rho, c, bp;

	dx = (x - p->fe) / p->d;
	dy = (y - p->fn) * p->d;
	rho = sqrt(dx * dx + dy * dy);
	if (rho > 2 * p->rq * (1 + 1e-12))
		return -1;
	if (rho == 0) {
		*lat = p->lat0 / DEG;
		*lon = p->lon0 / DEG;
		return 0;
	}
	c = 2 * asin(fmin(1, rho / (2 * p->rq)));
	bp = asin(fmax(-1, fmin(1, cos(c) * sin(p->beta0) + p->d * (y - p->fn) * sin(c) * cos(p->beta0) / rho)));
	*lat = (bp + (e2 / 3 + 31 * e4 / 180 + 517 * e6 / 5040) * sin(2 * bp) +
	    (23 * e4 / 360 + 251 * e6 / 3780) * sin(4 * bp) + (761 * e6 / 45360) * sin(6 * bp)) / DEG;
	*lon = (p->lon0 + atan2((x - p->fe) * sin(c),
	    p->d * rho * cos(p->beta0) * cos(c) - p->d * p->d * (y - p->fn) * sin(p->beta0) * sin(c))) / DEG;
	return 0;
}
