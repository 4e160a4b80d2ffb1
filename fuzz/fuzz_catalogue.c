/* libFuzzer: the indicator catalogue reader (data/indicators.tsv: columns,
 * ids, sources, selections, polarity, numerator and denominator). A catalogue
 * that loads is looked up by each of its ids. */
#include "fuzz.h"

#include "catalogue.h"
#include "diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct catalogue *c;
	const struct catalogue_entry *e;
	char path[64];
	int fd = fuzz_file(data, size, path, sizeof path);
	size_t i;

	if ((c = catalogue_load(path)) != NULL) {
		for (i = 0; i < c->n; i++) {
			e = catalogue_find(c, c->entry[i].id);
			if (e != &c->entry[i] || catalogue_label(c, e->id) != e->label ||
			    !catalogue_has_source(e, e->sources[0]))
				abort();
		}
		catalogue_free(c);
	}
	close(fd);
	return 0;
}
