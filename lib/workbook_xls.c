/*
 * Excel 97-2003 workbooks (.xls, BIFF in an OLE2 compound file), read with
 * FreeXL. FreeXL gives each cell's value and type (a number, text, or a
 * date it found by the cell's format), and nothing else of the format: it
 * does not say which rows are hidden, which cells are merged, nor which
 * numbers a percent format shows. The grid is the one the .xlsx reader
 * gives, without those; sheet.unseen tells the user so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freexl.h>

#include "diag.h"
#include "num.h"
#include "workbook.h"

/* What FreeXL's error codes mean to the user. */
static const char *
xls_error(int rc)
{
	switch (rc) {
	case FREEXL_FILE_NOT_FOUND:
		return "cannot open the file";
	case FREEXL_INSUFFICIENT_MEMORY:
		return "out of memory reading the .xls";
	case FREEXL_INVALID_CFBF_HEADER:
	case FREEXL_CFBF_INVALID_SIGNATURE:
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND:
		return "not a workbook: an OLE2 file without an Excel 97-2003 workbook in it";
	case FREEXL_UNSUPPORTED_CHARSET:
	case FREEXL_INVALID_CHARACTER:
		return "a damaged .xls: text in a character set that cannot be read";
	default:
		return "a damaged .xls: its records cannot be read";
	}
}

/* The text a cell shows, into buf; NULL when empty. *number is set for a
 * stored number. */
static const char *
xls_cell_text(const FreeXL_CellValue *v, char *buf, size_t cap, int *number)
{
	*number = 0;
	switch (v->type) {
	case FREEXL_CELL_INT:
		*number = 1;
		num_format(buf, cap, v->value.int_value, -1);
		return buf;
	case FREEXL_CELL_DOUBLE:
		*number = 1;
		num_format(buf, cap, v->value.double_value, -1);
		return buf;
	case FREEXL_CELL_DATETIME:	/* the date, as the .xlsx reader gives it */
		snprintf(buf, cap, "%.10s", v->value.text_value != NULL ? v->value.text_value : "");
		return buf;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_TIME:
		return v->value.text_value;
	default:
		return NULL;
	}
}

/* Picks the sheet wanted (as sheet_read does) and makes it active; returns
 * its name (owned by the caller), or NULL with the reason in err. */
static char *
xls_pick(const void *h, const char *want, char *err, size_t cap)
{
	unsigned int n = 0, i;
	const char *name;

	if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &n) != FREEXL_OK)
		n = 0;
	for (i = 0; i < n && i < 65535; i++) {
		if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK || name == NULL)
			name = "";
		if (want == NULL || strcmp(name, want) == 0 || strtoul(want, NULL, 10) == i + 1) {
			if (freexl_select_active_worksheet(h, (unsigned short)i) != FREEXL_OK)
				break;
			return xstrdup(name);
		}
	}
	if (i < n)
		snprintf(err, cap, "%s", xls_error(FREEXL_CRAFTED_FILE));
	else if (want != NULL)
		snprintf(err, cap, "no sheet '%s' in the workbook (%u sheets)", want, n);
	else
		snprintf(err, cap, "a workbook without a sheet");
	return NULL;
}

/* The active sheet's cells into s: two passes, the first for the extent
 * of what is not empty (FreeXL's dimensions count formatted empty cells). */
static void
xls_grid(const void *h, struct sheet *s)
{
	char buf[NUM_FORMAT_MAX];
	FreeXL_CellValue v;
	unsigned int rows = 0, r, maxrow = 0;
	unsigned short cols = 0, c, maxcol = 0;
	const char *t;
	int number, pass;

	if (freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK)
		rows = cols = 0;
	for (pass = 0; pass < 2; pass++) {
		for (r = 0; r < rows && (pass == 0 || r < maxrow); r++)
			for (c = 0; c < cols && (pass == 0 || c < maxcol); c++) {
				if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK ||
				    (t = xls_cell_text(&v, buf, sizeof buf, &number)) == NULL || *t == '\0')
					continue;
				if (pass == 0) {
					maxrow = r + 1;
					maxcol = c + 1 > maxcol ? c + 1 : maxcol;
					continue;
				}
				s->cell[(size_t)r * maxcol + c] = xstrdup(t);
				s->stored[(size_t)r * maxcol + c] = (unsigned char)number;
			}
		if (pass == 0) {
			s->nrows = maxrow;
			s->ncols = maxcol;
			s->cell = xcalloc((size_t)maxrow * maxcol + 1, sizeof *s->cell);
			s->stored = xcalloc((size_t)maxrow * maxcol + 1, 1);
			s->line = xcalloc((size_t)maxrow + 1, sizeof *s->line);
			for (r = 0; r < maxrow; r++)
				s->line[r] = r + 1;
		}
	}
}

struct sheet *
sheet_read_xls(const char *path, const char *want, char *err, size_t cap)
{
	const void *h = NULL;
	struct sheet *s = NULL;
	unsigned int info;
	char *name;
	int rc;

	if ((rc = freexl_open(path, &h)) != FREEXL_OK)
		snprintf(err, cap, "%s", xls_error(rc));
	else if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED)
		snprintf(err, cap, "the .xls is protected by a password: save it without one");
	else if ((name = xls_pick(h, want, err, cap)) != NULL) {
		s = xcalloc(1, sizeof *s);
		s->name = name;
		s->format = "xls";
		s->unseen = "an .xls shows this reader no hidden rows, merged cells or percent "
		    "formats (hidden rows are read, a merged cell's value is in its first cell "
		    "only, 61.2% is read 0.612): save it as .xlsx to read it as it is shown";
		xls_grid(h, s);
	}
	freexl_close(h);
	return s;
}
