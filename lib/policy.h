/* Policy indicators the MIPEX way (docs/method.md, "Policy indicators"): a
 * questionnaire whose every indicator is a question with options valued 0 to
 * 100 or na, a region's answers to it, and their scores by indicator,
 * dimension, area and overall, in the scored stage with group "policy". */
#ifndef MIPEXR_POLICY_H
#define MIPEXR_POLICY_H

#include <stddef.h>

#include "arena.h"
#include "strmap.h"

struct policy_option {
	const char *key;	/* the answer that picks it: "a" */
	const char *value;	/* as written: "100", "50", "na" */
	int na;			/* not applicable: left out of every mean */
	double x;		/* the value, 0 to 100, unless na */
};

struct policy_question {
	const char *id, *area, *dimension, *question;
	const char *options;	/* as written, for messages: "a=100;b=50;c=0;x=na" */
	struct policy_option *opt;
	size_t nopt;
	size_t dim;		/* its dimension's index in questionnaire.dim */
	unsigned long line;	/* in the questionnaire file */
};

struct policy_dimension {
	const char *name, *row;	/* "funding", "dimension:funding" */
	size_t area;		/* its area's index in questionnaire.area */
	size_t nquestions;	/* defined in it: M of its coverage */
	unsigned long line;	/* where it first appears */
};

struct policy_area {
	const char *name, *row;	/* "governance", "area:governance" */
	size_t ndims;		/* defined in it */
};

struct questionnaire {
	char *path;		/* as given, or the shipped one's */
	struct policy_question *q;	/* in the file's order */
	size_t n;
	struct policy_dimension *dim;	/* in the order first met */
	size_t ndim;
	struct policy_area *area;	/* in the order first met */
	size_t narea;
	struct strmap by_id;	/* indicator id → its index + 1 */
	struct arena text;	/* every string above but path */
};

/* The columns of a questionnaire, in the order a file has them. */
#define POLICY_COLUMNS "indicator area dimension question options"

/* Whether the TSV file at path has the columns of a questionnaire
 * (question and options): how mipexr-score tells one given with -c from an
 * indicator catalogue. 1 or 0; -1 when it cannot be read or has no proper
 * header, reported (the caller exits 2). Reads the header only. */
int policy_is_questionnaire(const char *path);

/*
 * Reads the questionnaire at path (NULL: data/policy/questionnaire.tsv).
 * Every fault is reported with its line: a column missing or unknown, an
 * indicator id that is not a word or is given twice, an empty area,
 * dimension or question, a dimension in two areas, options that do not parse
 * (KEY=VALUE;…, VALUE 0 to 100 or na, two at least, one not na, no key
 * twice); then NULL is returned and the caller exits 2. The result is the
 * caller's, freed with policy_free.
 */
struct questionnaire *policy_load(const char *path);

/* The question of indicator id (n bytes), or NULL. Valid as long as q. */
const struct policy_question *policy_find(const struct questionnaire *q, const char *id, size_t n);

/* The kinds of fault policy_check finds. */
enum policy_fault { PF_UNKNOWN, PF_OPTION };

/*
 * Checks an answer (the option key answer, n bytes) to indicator id (idlen
 * bytes). Returns NULL and the option in *opt when it is one of the
 * question's options; else a message for the user ("column 'indicator':
 * \"lab_acess\" is not an indicator of FILE (did you mean lab_access?)",
 * "column 'answer': \"d\" is not an option of lab_access (a=100;b=50;c=0)"),
 * valid until the next call, with its kind in *fault. The question, when
 * there is one, goes in *pq.
 */
const char *policy_check(const struct questionnaire *q, const char *id, size_t idlen, const char *answer,
    size_t n, enum policy_fault *fault, const struct policy_question **pq, const struct policy_option **opt);

/*
 * mipexr-score with a questionnaire: reads the answers files (NULL-ended
 * list; "-" stdin) against q, writes the policy rows of the scored stage on
 * fd 1 (with coverage), decimals as score's -p (-1: 15 significant digits),
 * and tells each kind of fault once. Returns the exit status: 0, 1 some
 * answers refused (left out: missing, never 0), 2 trouble.
 */
int policy_score(const struct questionnaire *q, char *const *files, int decimals, int verbose);

/* Frees q and everything in it. */
void policy_free(struct questionnaire *q);

#endif
