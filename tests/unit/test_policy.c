/* Unit tests of lib/policy: the shipped questionnaire, a written one, its
 * options and faults, and the answer check shared by validate and score. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "policy.h"
#include "unit.h"

/* Whether text loads as a questionnaire. What it says on stderr is caught
 * and checked: nothing for one that loads, else want, the message after the
 * file's name (":2: ..." for line 2). */
static int
loads(const char *text, const char *want)
{
	const char *path = unit_write_file(text);
	struct questionnaire *q;
	struct unit_stderr cap;
	char got[1024], expect[1024] = "";

	if (path == NULL)
		return -1;
	unit_stderr_begin(&cap);
	q = policy_load(path);
	unit_stderr_end(&cap, got, sizeof got);
	if (want != NULL)
		snprintf(expect, sizeof expect, "%s: %s%s\n", diag_prog, path, want);
	CHECK_STR(got, expect);
	remove(path);
	policy_free(q);
	return q != NULL;
}

#define HEAD "indicator\tarea\tdimension\tquestion\toptions\n"

static void
shipped(void)
{
	struct questionnaire *q = policy_load(NULL);
	const struct policy_question *pq;
	size_t i, d, n = 0;

	CHECK(q != NULL);
	if (q == NULL)
		return;
	CHECK(q->narea == 8);
	for (i = 0; i < q->narea; i++)	/* 2 to 4 dimensions an area */
		CHECK(q->area[i].ndims >= 2 && q->area[i].ndims <= 4);
	for (d = 0; d < q->ndim; d++) {	/* 2 or 3 indicators a dimension */
		CHECK(q->dim[d].nquestions >= 2 && q->dim[d].nquestions <= 3);
		n += q->dim[d].nquestions;
	}
	CHECK(n == q->n);
	pq = policy_find(q, "gov_str_plan", 12);
	CHECK(pq != NULL && strcmp(pq->area, "governance") == 0 && strcmp(pq->dimension, "strategy") == 0);
	CHECK(pq != NULL && strcmp(q->dim[pq->dim].row, "dimension:strategy") == 0);
	CHECK(pq != NULL && strcmp(q->area[q->dim[pq->dim].area].row, "area:governance") == 0);
	CHECK(policy_find(q, "gov_str", 7) == NULL);
	policy_free(q);
}

static void
options(void)
{
	const char *path = unit_write_file(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=37.5;c=0;x=na\n"
	    "q2\tlabour\taccess\tQ?\tyes=100;no=0\n" "q3\thealth\tcare\tQ?\ta=100;b=50\n");
	const struct policy_question *pq;
	const struct policy_option *opt = NULL;
	struct questionnaire *q;
	enum policy_fault f;
	const char *why;

	CHECK(path != NULL);
	if (path == NULL || (q = policy_load(path)) == NULL) {
		CHECK(0);
		return;
	}
	CHECK(q->n == 3 && q->ndim == 2 && q->narea == 2);
	CHECK(q->dim[0].nquestions == 2 && q->area[0].ndims == 1);
	pq = policy_find(q, "q1", 2);
	CHECK(pq != NULL && pq->nopt == 4 && pq->line == 2);
	CHECK(pq != NULL && pq->opt[1].x == 37.5 && strcmp(pq->opt[1].value, "37.5") == 0);
	CHECK(pq != NULL && pq->opt[3].na && strcmp(pq->opt[3].key, "x") == 0);
	/* the answer check: a known option, a bad one naming the options, an unknown id with the nearest */
	CHECK(policy_check(q, "q1", 2, "b", 1, &f, &pq, &opt) == NULL && opt != NULL && opt->x == 37.5);
	why = policy_check(q, "q2", 2, "maybe", 5, &f, &pq, &opt);
	CHECK(why != NULL && f == PF_OPTION);
	if (why != NULL)
		CHECK_STR(why, "column 'answer': \"maybe\" is not an option of q2 (yes=100;no=0)");
	why = policy_check(q, "q4", 2, "a", 1, &f, &pq, &opt);
	CHECK(why != NULL && f == PF_UNKNOWN && pq == NULL);
	if (why != NULL)	/* q1 to q3 are all one away: the smallest id */
		CHECK(strstr(why, "\"q4\" is not an indicator of ") != NULL && strstr(why, "(did you mean q1?)") != NULL);
	why = policy_check(q, "something_else", 14, "a", 1, &f, &pq, &opt);
	CHECK(why != NULL && strstr(why, "did you mean") == NULL);
	remove(path);
	policy_free(q);
}

/* Each fault told with its line (the header is line 1) and what is wrong. */
static void
faults(void)
{
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=0\n", NULL) == 1);
	CHECK(loads(HEAD, ": no indicator: the questionnaire is empty") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=100.5\n",
	    ":2: q1: option b: \"100.5\" is not a value from 0 to 100, nor na") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=-1\n",
	    ":2: q1: option b: \"-1\" is not a value from 0 to 100, nor na") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=5O\n",
	    ":2: q1: option b: \"5O\" is not a value from 0 to 100, nor na") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=NA\n",	/* na, lower case */
	    ":2: q1: option b: \"NA\" is not a value from 0 to 100, nor na") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=\n",
	    ":2: q1: option b: \"\" is not a value from 0 to 100, nor na") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\t=100;b=0\n",
	    ":2: q1: option key \"\" is not a word (letters, digits, '_', '-', '.')") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta b=100;b=0\n",
	    ":2: q1: option key \"a b\" is not a word (letters, digits, '_', '-', '.')") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100\n",
	    ":2: q1: one option only: a question has two at least") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\t\n",
	    ":2: q1: no options (write KEY=VALUE;KEY=VALUE, each VALUE 0 to 100 or na)") == 0);
	CHECK(loads(HEAD "dimension:x\tlabour\taccess\tQ?\ta=100;b=0\n",
	    ":2: indicator \"dimension:x\" is not a word of letters, digits, '_', '-' or '.'") == 0);
	CHECK(loads(HEAD "q1\tarea:x\taccess\tQ?\ta=100;b=0\n",
	    ":2: q1: the area and the dimension are words of letters, digits, '_', '-' or '.'") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=0\nq2\thealth\taccess\tQ?\ta=100;b=0\n",
	    ":3: dimension access is in area labour on line 2: a dimension belongs to one area") == 0);
	CHECK(loads("indicator\tarea\tdimension\tquestion\n" "q1\tlabour\taccess\tQ?\n",
	    ":1: no column 'options' (a questionnaire has the columns indicator area dimension question options)") == 0);
}

int
main(int argc, char **argv)
{
	(void)argc;
	diag_init(argv[0]);
	shipped();
	options();
	faults();
	return unit_done("test_policy");
}
