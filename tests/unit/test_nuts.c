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
	CHECK(nuts_code_form("ES51", 4));
	CHECK(nuts_code_form("FRK26", 5));
	CHECK(nuts_code_form("ES51x", 4));	/* the first n bytes only */
	CHECK(!nuts_code_form("FRK261", 6));
	CHECK(!nuts_code_form("es51", 4));
	CHECK(!nuts_code_form("E", 1));
	CHECK(!nuts_code_form("EU27_2020", 9));

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

	/* NUTS 2010 through the chain: EL11 → EL51 (code change, 2013), unchanged since */
	CHECK(nuts_versions[0] == 2010);
	CHECK(nuts_level_of(t, "EL11") == 2);
	resolve(t, "EL11", 2024, -1, &m);
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "EL51");
	CHECK(m.level == 2);
	CHECK(!m.boundary);
	resolve(t, "EL11", 2013, -1, &m);
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "EL51");
	/* FR92 → FRA2 (2013) → FRY2 (2016): two recodes */
	resolve(t, "FR92", 2024, -1, &m);
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "FRY2");
	/* UKI1: split in 2013, into the two halves of the table's "(part)" rows */
	resolve(t, "UKI1", 2024, -1, &m);
	CHECK(m.status == NUTS_SPLIT);
	CHECK_STR(m.code, "UKI1");
	CHECK_STR(m.message, "UKI1 was split into UKI3, UKI4 in NUTS 2013");
	/* SI01: a boundary shift; SI03 has its name, not its territory, and is never taken */
	resolve(t, "SI01", 2024, -1, &m);
	CHECK(m.status == NUTS_SPLIT);
	CHECK_STR(m.code, "SI01");
	CHECK(m.level == 2);
	CHECK(strstr(m.message, "SI01 was ") == m.message);
	CHECK(strstr(m.message, "(SI03 has the same name but not the same territory)") != NULL);
	/* FR9: a part of it (Guadeloupe, FR91) went nowhere the tables say: discontinued */
	resolve(t, "FR9", 2024, -1, &m);
	CHECK(m.status == NUTS_SPLIT);
	CHECK_STR(m.message, "FR9 was discontinued in NUTS 2013 (FRA has the same name but not the same territory)");
	/* a 2013 code is not taken back to 2010 */
	resolve(t, "SI03", 2010, -1, &m);
	CHECK(m.status == NUTS_NEWER);
	resolve(t, "SI01", 2010, -1, &m);
	CHECK(m.status == NUTS_OK);
	CHECK_STR(m.code, "SI01");
	/* a message names the code given, and every boundary shift on the way */
	resolve(t, "NL121", 2024, -1, &m);
	CHECK(m.status == NUTS_OK && m.boundary);
	CHECK_STR(m.code, "NL127");
	CHECK_STR(m.message, "NL121 became NL124 in NUTS 2016 with a boundary shift, then NL127 in NUTS 2024 "
	    "with another");
	/* and the code it became, when that one changed again: NL338 → NL33B (2016, a boundary
	 * shift) → NL365 (2024, recoded) */
	resolve(t, "NL338", 2024, -1, &m);
	CHECK(m.status == NUTS_OK && m.boundary);
	CHECK_STR(m.code, "NL365");
	CHECK_STR(m.message, "NL338 became NL33B in NUTS 2016 with a boundary shift");

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
