/* Unit tests of lib/catalogue: the shipped catalogue, a written one, faults. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "diag.h"
#include "unit.h"

int
main(int argc, char **argv)
{
	struct catalogue *c;
	const struct catalogue_entry *e;
	const char *path;

	(void)argc;
	diag_init(argv[0]);

	c = catalogue_load(NULL);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_STR(catalogue_label(c, "emp_rate_birth"),
		    "Employment rate, 20-64, by country of birth");
		CHECK(catalogue_find(c, "no_such_indicator") == NULL);
		CHECK(catalogue_label(c, "no_such_indicator") == NULL);
		catalogue_free(c);
	}

	path = unit_write_file("indicator\tlabel\tarea\tsource\tselect\tgroup_dim\treference\tpolarity\tnumerator\tdenominator\n"
	    "share\tShare\tcontext\ta,b\tunit=THS;age=Y20-64\tc_birth\tNAT\t0\tc_birth=FOR\tc_birth=TOTAL\n");
	CHECK(path != NULL);
	if (path != NULL && (c = catalogue_load(path)) != NULL) {
		e = catalogue_find(c, "share");
		CHECK(e != NULL && e->polarity == '0' && e->nsources == 2);
		CHECK(e != NULL && e->select.n == 2 && e->numerator.n == 1 && e->denominator.n == 1);
		CHECK(e != NULL && catalogue_has_source(e, "b") && !catalogue_has_source(e, "c"));
		CHECK(e != NULL && strcmp(e->select.cond[1].dim, "age") == 0 &&
		    strcmp(e->select.cond[1].value, "Y20-64") == 0);
		catalogue_free(c);
	} else
		CHECK(0);
	if (path != NULL)
		remove(path);

	/* a bad polarity is refused, told with its line (the message caught and checked) */
	path = unit_write_file("indicator\tlabel\tarea\tsource\tselect\tgroup_dim\treference\tpolarity\tnumerator\tdenominator\n"
	    "x\tX\tlabour\ta\tunit=PC\tc_birth\tNAT\t*\t\t\n");
	if (path != NULL) {
		char got[512], want[512];
		struct unit_stderr cap;

		unit_stderr_begin(&cap);
		CHECK(catalogue_load(path) == NULL);
		unit_stderr_end(&cap, got, sizeof got);
		snprintf(want, sizeof want, "%s: %s:2: polarity is +, - or 0\n", diag_prog, path);
		CHECK_STR(got, want);
		remove(path);
	} else
		CHECK(0);

	return unit_done("test_catalogue");
}
