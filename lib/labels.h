/* A region's own words for Eurostat's: local column names for dimensions
 * (Sexo → sex) and value labels for codes (Mujeres → F), from the shipped
 * lists (data/labels.tsv) and the user's --dim options and --map file. */
#ifndef MIPEXR_LABELS_H
#define MIPEXR_LABELS_H

#include <stddef.h>

struct labels;

/* Loads data/labels.tsv (lang, dimension, code, label) and data/groups.tsv
 * through data_path(); a missing or malformed table is reported and exits 2. */
struct labels *labels_load(void);

/* Adds what a --map file says (docs/onboarding.md): "column DIM LOCAL" and
 * "code DIM CODE LABEL" lines, TAB-separated, '#' comments and blank lines
 * skipped. A label of the file replaces a shipped one. Returns 0, or -1
 * after a message "FILE:LINE: ..." (the caller exits 2). */
int labels_read_map(struct labels *l, const char *path);

/* Adds "--dim DIM=LOCAL": the column named LOCAL is dimension DIM. Returns
 * 0, or -1 when arg has no '=' or an empty side. */
int labels_add_column(struct labels *l, const char *arg);

/* The dimension a column named local (folded: case and accents) stands
 * for, or NULL. Valid as long as l. */
const char *labels_column(const struct labels *l, const char *local, size_t n);
/* The local name of dimension dim, or NULL (the last given wins). */
const char *labels_local(const struct labels *l, const char *dim);

/* True when the values of dimension dim must be codes (sex, c_birth,
 * citizen): a label is read as its code, anything else refused. */
int labels_coded(const struct labels *l, const char *dim);

/* The code of value s (n bytes) in dimension dim: s itself when it is one
 * of dim's codes, else the code of the label s folds to, else NULL. The
 * result is owned by l, or is s. */
const char *labels_code(const struct labels *l, const char *dim, const char *s, size_t n);

/* Frees l and what it returned. */
void labels_free(struct labels *l);

#endif
