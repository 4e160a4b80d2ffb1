/* The NUTS reference tables (data/nuts_*.tsv, data/aliases.tsv): code lookup,
 * recoding between versions, and region names in many languages. */
#ifndef MIPEXR_NUTS_H
#define MIPEXR_NUTS_H

#include <stddef.h>

/* The classification versions known, oldest first. */
#define NUTS_VERSIONS 5
extern const int nuts_versions[NUTS_VERSIONS];	/* 2010, 2013, 2016, 2021, 2024 */

/* The index in nuts_versions of a version written s ("2021"), or -1: four
 * digits exactly ("2021x", " 2021" are none). */
int nuts_version_index(const char *s);

struct nuts;

/* Loads data/nuts_regions.tsv, nuts_changes.tsv and aliases.tsv through
 * data_path(). A missing or malformed table is reported and exits 2.
 * The caller frees the tables with nuts_free. */
struct nuts *nuts_load(void);

/* Adds the aliases of a user's file (columns name, code, kind; kind "name" or
 * "regex", a PCRE2 pattern matched caseless against the whole text). Returns
 * 0, or EXIT_TROUBLE after reporting "prog: FILE:LINE: ...". */
int nuts_add_aliases(struct nuts *t, const char *path);

/* Frees the tables: every name, label and match pointing into them is invalid after. */
void nuts_free(struct nuts *t);

/* The region's name (national name; Latin script where Eurostat gives one)
 * for a code of the newest version that has it, or NULL. Valid as long as t. */
const char *nuts_label(const struct nuts *t, const char *code);

/* 0-3 for a code of any version, or -1 if unknown. */
int nuts_level_of(const struct nuts *t, const char *code);

/* True for the EU and euro-area aggregates: EU27_2020, EU28, EU15, EA20 … */
int nuts_is_aggregate(const char *code);

/* True when the n bytes at s have the form of a NUTS code: two capital
 * letters, then up to three capitals or digits (ES, ES51, FRK26), whether
 * any version has it or not. */
int nuts_code_form(const char *s, size_t n);

enum nuts_status {
	NUTS_OK,		/* code holds the region in the target version */
	NUTS_AGGREGATE,		/* an EU or euro-area aggregate, code unchanged */
	NUTS_UNKNOWN,		/* no such code or name; message may suggest one */
	NUTS_AMBIGUOUS,		/* a name of several regions; message lists them */
	NUTS_SPLIT,		/* split, merged or discontinued; message names the successors,
				 * and a region of the same name that is not the same territory */
	NUTS_NEWER		/* a code of a later version than the target */
};

struct nuts_match {
	enum nuts_status status;
	char code[16];		/* the target code; for NUTS_SPLIT the code as it came */
	int level;		/* 0-3; -1 for aggregates and failures */
	int boundary;		/* recoded across a boundary shift */
	char message[640];	/* why, for every status but NUTS_OK and NUTS_AGGREGATE; the
				 * boundary shift for NUTS_OK with boundary set */
};

/* Resolves geo, a NUTS code of any version or a region's name in any of the
 * known spellings, to NUTS version target (one of nuts_versions). level
 * >= 0 keeps only names of regions of that level (a name of another level's
 * region is NUTS_UNKNOWN, the message naming it). Never fails: the outcome
 * is in m. Names are matched folded (utf8_fold), so case and accents do not
 * matter; a name no region has is tried once more inverted back ("Rioja,
 * La" as "La Rioja"). */
void nuts_resolve(const struct nuts *t, const char *geo, int target, int level, struct nuts_match *m);

#endif
