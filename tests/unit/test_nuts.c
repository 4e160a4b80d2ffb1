/* Unit tests of lib/nuts and lib/groups against the committed data/ tables. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "groups.h"
#include "nuts.h"
#include "unit.h"

static void
resolve(const struct nuts *t, const char *geo, int target, int level, struct nuts_match *m)
{
	memset(m, 0, sizeof *m);
	nuts_resolve(t, geo, target, level, m);
}

int
main(int argc, char **argv)
{
	struct nuts *t;
	struct groups *g;
	struct nuts_match m;

	(void)argc;
	diag_init(argv[0]);
	t = nuts_load();
	CHECK_STR(nuts_label(t, "ES51"), "Cataluña");
	CHECK_STR(nuts_label(t, "ITF4"), "Puglia");
	CHECK(nuts_label(t, "XX99") == NULL);
	CHECK(nuts_level_of(t, "ES") == 0);
	CHECK(nuts_level_of(t, "ES51") == 2);
	CHECK(nuts_level_of(t, "PL12") == 2);	/* a 2013 code still has its level */
	CHECK(nuts_level_of(t, "XX99") == -1);
	CHECK(nuts_is_aggregate("EU27_2020"));
	CHECK(nuts_is_aggregate("EU28"));
	CHECK(!nuts_is_aggregate("ES51"));

	resolve(t, "FR24", 2024, -1, &m);	/* recoded in 2016 */
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "FRB0");
	CHECK(m.level == 2);

	resolve(t, "cataluna", 2024, -1, &m);	/* case and accents folded */
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "ES51");

	resolve(t, "PL12", 2024, -1, &m);	/* split into PL91, PL92 in 2016 */
	CHECK(m.status == NUTS_SPLIT);
	CHECK(strstr(m.message, "PL91") != NULL && strstr(m.message, "PL92") != NULL);

	resolve(t, "EU27_2020", 2024, -1, &m);
	CHECK(m.status == NUTS_AGGREGATE);
	CHECK_STR(m.code, "EU27_2020");

	resolve(t, "Atlantis", 2024, -1, &m);
	CHECK(m.status == NUTS_UNKNOWN);
	nuts_free(t);

	g = groups_load();
	CHECK_STR(groups_lookup(g, "c_birth", "NAT"), "native_born");
	CHECK_STR(groups_lookup(g, "citizen", "FOR"), "foreign_citizens");
	CHECK(groups_lookup(g, "c_birth", "NOPE") == NULL);
	CHECK_STR(groups_reference("c_birth"), "native_born");
	CHECK_STR(groups_reference("citizen"), "nationals");
	groups_free(g);
	return unit_done("test_nuts");
}
