/* --format csv: for spreadsheets, through libcsv (see render.h). */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "render.h"

int
render_csv(struct render *r, struct render_table *t)
{
	size_t i, j, cap = 0;
	char *buf = NULL;

	render_csv_head(r, t->head, t->ncols);
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++) {
			const struct render_cell *c = &t->cell[i][j];

			if (*c->flags == '\0')
				render_csv_field(r, c->text, j == 0);
			else {	/* "61.2 u"; a missing figure's flags alone, " u" */
				buf = xgrow(buf, &cap, strlen(c->text) + strlen(c->flags) + 2, 1);
				strcpy(buf, c->text);
				strcat(buf, " ");
				strcat(buf, c->flags);
				render_csv_field(r, buf, j == 0);
			}
		}
		out_str(&r->out, "\r\n");
	}
	free(buf);
	return 0;
}
