/* Unit tests of lib/policy: the shipped questionnaire, a written one, its
 * options and faults, and the answer check shared by validate and score. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "policy.h"
#include "unit.h"

static const char *
write_file(const char *text)
{
	static char path[] = "/tmp/test_policy.XXXXXX";
	FILE *f;
	int fd;

	strcpy(path + strlen(path) - 6, "XXXXXX");
	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return NULL;
	fputs(text, f);
	fclose(f);
	return path;
}

/* Whether text loads as a questionnaire (the fault, if any, goes to stderr). */
static int
loads(const char *text)
{
	const char *path = write_file(text);
	struct questionnaire *q;

	if (path == NULL)
		return -1;
	q = policy_load(path);
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
	const char *path = write_file(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=37.5;c=0;x=na\n"
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

static void
faults(void)
{
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=0\n") == 1);
	CHECK(loads(HEAD) == 0);				/* no indicator */
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=100.5\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=-1\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=5O\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=NA\n") == 0);	/* na, lower case */
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\t=100;b=0\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta b=100;b=0\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\t\n") == 0);
	CHECK(loads(HEAD "dimension:x\tlabour\taccess\tQ?\ta=100;b=0\n") == 0);
	CHECK(loads(HEAD "q1\tarea:x\taccess\tQ?\ta=100;b=0\n") == 0);
	CHECK(loads(HEAD "q1\tlabour\taccess\tQ?\ta=100;b=0\nq2\thealth\taccess\tQ?\ta=100;b=0\n") == 0);
	CHECK(loads("indicator\tarea\tdimension\tquestion\n" "q1\tlabour\taccess\tQ?\n") == 0);
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
