/* The indicator catalogue (data/indicators.tsv): which observations make
 * which indicator, against which reference group, with which polarity. */
#ifndef MIPEXR_CATALOGUE_H
#define MIPEXR_CATALOGUE_H

#include <stddef.h>

/* dimension=value: one condition of a selection ("unit=PC"). */
struct catalogue_cond {
	char *dim;
	char *value;
};

struct catalogue_sel {
	struct catalogue_cond *cond;
	size_t n;
};

struct catalogue_entry {
	char *id;		/* emp_rate_birth */
	char *label;		/* Employment rate, 20-64, by country of birth */
	char *area;		/* labour, education, context … */
	char **sources;		/* dataset codes (birth and citizenship twins) */
	size_t nsources;
	struct catalogue_sel select;	/* the rows that make it */
	char *group_dim;	/* c_birth or citizen */
	char *reference;	/* source code of the reference group: NAT */
	char polarity;		/* '+' higher is better, '-' lower is better, '0' context */
	struct catalogue_sel numerator;	/* shares of counts: 100 × numerator / denominator */
	struct catalogue_sel denominator;	/* empty: the value is read as it is */
	unsigned long line;	/* in the catalogue file */
};

struct catalogue {
	struct catalogue_entry *entry;
	size_t n;
	char *path;
};

/* Reads the catalogue at path (NULL: data/indicators.tsv). A catalogue with a
 * fault — a missing or unknown column, a bad polarity, a selection that does
 * not parse, an indicator twice — is reported with its line and NULL is
 * returned; the caller exits 2. */
struct catalogue *catalogue_load(const char *path);

/* The entry of an indicator id, or NULL. */
const struct catalogue_entry *catalogue_find(const struct catalogue *c, const char *id);

/* The label of an indicator id, or NULL. Valid as long as c. */
const char *catalogue_label(const struct catalogue *c, const char *id);

/* True if the entry takes rows of dataset source. */
int catalogue_has_source(const struct catalogue_entry *e, const char *source);

/* Frees c, its entries and every string in them. */
void catalogue_free(struct catalogue *c);

#endif
