/* --format csv: for spreadsheets, through libcsv (see render.h). A figure's
 * flags go in a column of their own after it, so that the figure stays a
 * number. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"

int
render_csv(struct render *r, struct render_table *t)
{
	unsigned char *after = xcalloc(t->ncols + 1, 1);
	size_t n = t->ncols + render_flag_after(t, after), i, j, k;
	const char **head = xcalloc(n + 1, sizeof *head);

	for (j = k = 0; j < t->ncols; j++) {
		head[k++] = t->head[j];
		if (after[j])
			head[k++] = "flag";
	}
	render_csv_head(r, head, n);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			render_csv_field(r, t->cell[i][j].text, j == 0);
			if (after[j])
				render_csv_field(r, t->cell[i][j].flags, 0);
		}
		out_str(&r->out, "\r\n");
	}
	free(head);
	free(after);
	return 0;
}
