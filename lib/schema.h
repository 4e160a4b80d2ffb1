/* Schemas for mipexr-validate: the built-in ones of each stage (SPEC §4) and
 * a user's schema file. */
#ifndef MIPEXR_SCHEMA_H
#define MIPEXR_SCHEMA_H

#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

enum field_type { T_TEXT, T_CODE, T_INTEGER, T_NUMBER, T_YEAR, T_PERIOD, T_FLAG, T_NUTS };

struct schema_field {
	char *column;
	enum field_type type;
	int required;		/* the column must be there and never empty */
	pcre2_code *pattern;	/* anchored at both ends, UTF; or NULL */
	char *pattern_text;
	int has_min, has_max;
	double min, max;
	char **codes;		/* allowed values, sorted; NULL: any */
	size_t ncodes;
	unsigned long line;	/* in the schema file; 0 for built-in fields */
};

struct schema {
	char *name;		/* "obs" or the file name */
	struct schema_field *field;
	size_t n;
	char **key;		/* the unique key's columns; NULL: none */
	size_t nkey;
	int key_rest;		/* the key is every column but those named in key */
	unsigned long key_line;	/* of the key row in the schema file; 0 for built-ins */
	pcre2_match_data *md;
};

/* The built-in schema of a stage ("obs", "harmonised", "scored", "compared")
 * or of policy answers ("answers": geo time indicator answer [source comment],
 * one answer a geo, time and indicator), or NULL for another name. */
struct schema *schema_builtin(const char *stage);

/* Reads a schema file: columns column, type, required, pattern, min, max,
 * codes; a row of type "key" names the unique key's columns in column,
 * comma-separated. A fault is reported with its line and NULL returned
 * (the caller exits 2). */
struct schema *schema_load(const char *path);

/* The kinds of fault schema_check finds: a filter says each kind once. */
enum schema_fault {
	SF_EMPTY, SF_NOT_CODE, SF_NOT_NUMBER, SF_NOT_INTEGER, SF_BELOW, SF_ABOVE, SF_NOT_YEAR,
	SF_BEFORE, SF_AFTER, SF_NOT_PERIOD, SF_FLAG, SF_NOT_NUTS, SF_PATTERN, SF_CODES,
	SF_KINDS	/* how many */
};

/* Checks one value against field f. Returns NULL, or a message ("is not a
 * number", "is not one of T, F, M") that stays valid until the next call,
 * with its kind in *fault unless fault is NULL. */
const char *schema_check(struct schema *s, const struct schema_field *f, const char *v, size_t n,
    enum schema_fault *fault);

/* The name of a type ("number"). */
const char *schema_type_name(enum field_type t);

/* Frees s, its fields, codes and compiled patterns. */
void schema_free(struct schema *s);

/* True for a period label as Eurostat writes them: 2021, 2021-Q3, 2021Q3,
 * 2021-S1, 2021-05, 2021M05, 2021-W07. */
int schema_is_period(const char *s);

#endif
