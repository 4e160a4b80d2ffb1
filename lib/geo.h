/* NUTS region boundaries from Eurostat GISCO GeoJSON, held in EPSG:3035
 * metres, with what a choropleth needs: SVG path data and class bounds. */
#ifndef MIPEXR_GEO_H
#define MIPEXR_GEO_H

#include <stddef.h>

/* One polygon: an outer ring, then its holes. Rings are closed (the last
 * point repeats the first) and hold x, y pairs in EPSG:3035 metres. */
struct geo_poly {
	double **ring;
	size_t *npts;		/* points of each ring */
	size_t nrings;
	double xmin, ymin, xmax, ymax;
};

struct geo_region {
	char *code;		/* NUTS_ID (or the feature's id) */
	char *name;		/* NAME_LATN, NUTS_NAME or na; trailing spaces cut; may be "" */
	int level;		/* LEVL_CODE, else from the code's length */
	struct geo_poly *poly;
	size_t npoly;
};

struct geo {
	struct geo_region *region;	/* sorted by code */
	size_t nregions;
	int crs;		/* the file's: 4326 (projected on loading) or 3035 */
};

/* Reads the FeatureCollection in path: EPSG:3035 coordinates as they are,
 * EPSG:4326 (also a file without a crs member, as RFC 7946 has it) projected
 * to EPSG:3035. Returns 0; or reports "prog: FILE: ..." (not JSON, not a
 * FeatureCollection, another CRS, a feature without a code or a polygon,
 * bad coordinates) and returns EXIT_DATA, or EXIT_TROUBLE when path cannot
 * be read. On failure g holds nothing to free. */
int geo_load(struct geo *g, const char *path);

/* Frees what geo_load allocated. */
void geo_free(struct geo *g);

/* The region coded code, or NULL. Valid as long as g. */
const struct geo_region *geo_find(const struct geo *g, const char *code);

/* A map frame: a point x, y (metres) is drawn at ((x - x0) * k, (y1 - y) * k)
 * in units of 1/scale (scale 10: tenths), rounded. */
struct geo_frame {
	double x0, y1, k;
	int scale;
};

/* Appends to *buf (size *len, capacity *cap; grown with xgrow) the SVG path
 * data of poly's rings through frame f: "M x y l dx dy … z" per ring, points
 * that round onto the one before left out, rings that shrink below three
 * points left out. xform, when not NULL, maps each point first (the insets'
 * reprojection); it returns nonzero to leave a point out. Returns the number
 * of rings written. */
size_t geo_path(char **buf, size_t *len, size_t *cap, const struct geo_poly *poly,
    const struct geo_frame *f, int (*xform)(void *, double *, double *), void *arg);

enum geo_classing { GEO_QUANTILE, GEO_EQUAL, GEO_DIVERGING };

enum { GEO_MAXCLASSES = 9 };

/* Class bounds of the n values v (n > 0; v is sorted in place) into bound[],
 * which must hold GEO_MAXCLASSES + 1: returns the number of classes c, with
 * class i spanning bound[i] to bound[i + 1], a value on a bound belonging to
 * the lower class. Quantile: k classes cut at the smallest value whose share
 * of values at or below it reaches i/k (equal cuts merge). Equal: k classes
 * of equal width from the least to the greatest value. Diverging: 7 classes
 * of a round width w (1, 2 or 5 times a power of 10, the least at or above
 * 2m/7, m the farthest value from centre) centred on centre: bounds at
 * centre ± w/2, ± 3w/2, ± 5w/2, ± 7w/2. One class when all values are equal. */
size_t geo_classes(double *v, size_t n, enum geo_classing how, size_t k, double centre, double *bound);

/* The class (0 to c - 1) of x among the c classes of bound[]. */
size_t geo_class_of(double x, const double *bound, size_t c);

#endif
