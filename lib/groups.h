/* The groups of SPEC §6: Eurostat c_birth and citizen codes → canonical groups. */
#ifndef MIPEXR_GROUPS_H
#define MIPEXR_GROUPS_H

struct groups;

/* Loads data/groups.tsv (dimension, code, group) through data_path(); a
 * missing or malformed table is reported and exits 2. */
struct groups *groups_load(void);

/* The group of a code of dimension dim ("c_birth" or "citizen"):
 * "native_born", "non_eu_citizens" …, or NULL if the table has none. Valid
 * as long as g. */
const char *groups_lookup(const struct groups *g, const char *dim, const char *code);

/* The reference group of a group's dimension: native_born for birth groups,
 * nationals for citizenship groups; NULL for an unknown dimension. */
const char *groups_reference(const char *dim);

/* True for the groups both dimensions share, "total" (everyone) and
 * "unknown": not a population that birth or citizenship tells apart, so an
 * area's mean leaves them out (two would meet under one name). */
int groups_shared(const char *group);

/* Frees the table and its strings: what groups_lookup returned is invalid after. */
void groups_free(struct groups *g);

#endif
