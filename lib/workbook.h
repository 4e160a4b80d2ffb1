/* One sheet of a spreadsheet workbook (.xlsx, .ods, .xls) as a person sees
 * it: a grid of text, read with libzip and libxml2's streaming reader, or
 * FreeXL for an .xls. */
#ifndef MIPEXR_WORKBOOK_H
#define MIPEXR_WORKBOOK_H

#include <stddef.h>

enum { SHEET_HIDDEN_SHOWN = 4 };	/* hidden rows whose numbers are kept */

struct sheet {
	char *name;		/* the sheet's name */
	const char *format;	/* "xlsx", "ods", "xls" */
	size_t nrows, ncols;	/* the rows shown, hidden ones left out */
	unsigned long *line;	/* each row's number in the sheet, from 1 */
	char **cell;		/* nrows × ncols, row by row; NULL: empty */
	unsigned char *stored;	/* nrows × ncols: 1 where a number is stored */
	unsigned long nhidden;	/* hidden rows with something in them, left out */
	unsigned long hidden[SHEET_HIDDEN_SHOWN];	/* the first of their numbers */
	const char *unseen;	/* what the format hides from the reader, to tell; or NULL */
};

/* True when the file at path begins as a zip archive or an OLE2 file (.xls) does. */
int workbook_sniff(const char *path);

/*
 * Reads one sheet of the workbook at path: want is its name, or its number
 * from 1, or NULL for the first. A stored number is written as num_format
 * writes it (at most 15 significant digits, as the spreadsheet keeps them:
 * 0.1+0.2 is 0.3), a percentage as the figure a person reads (0.612 shown
 * 61.2% is 61.2), a date ISO 8601 (2024-03-31), text as text (rich text
 * joined, an ODS cell's paragraphs joined by a space). A merged cell's value
 * is in every cell it covers. Returns the sheet, owned by the caller (free
 * it with sheet_free), or NULL with the reason in err (cap bytes).
 */
struct sheet *sheet_read(const char *path, const char *want, char *err, size_t cap);

/* sheet_read for an .xls (sheet_read calls it for an OLE2 file): the same
 * grid, but FreeXL shows no hidden rows, merged cells or percent formats
 * (said in unseen); a date or date-time is its date, a time HH:MM:SS. */
struct sheet *sheet_read_xls(const char *path, const char *want, char *err, size_t cap);

/* Frees s and everything in it; NULL is allowed. */
void sheet_free(struct sheet *s);

#endif
