/* Reading statistical extracts (Eurostat TSV, SDMX-CSV, a region's CSV) as
 * observations in obs TSV (SPEC §4). */
#ifndef MIPEXR_IMPORT_H
#define MIPEXR_IMPORT_H

#include <stddef.h>

#include "tsv.h"

struct labels;

enum import_variant {
	EUROSTAT_TSV,		/* a,b,geo\time: the columns are periods */
	EUROSTAT_TSV_TRANSPOSED,	/* a,b,time\geo: the columns are regions */
	SDMX_CSV_1,
	SDMX_CSV_2,
	REGION_LONG,
	REGION_WIDE,
	REGION_TABLE		/* --table: a region's table as it is, its columns named */
};

extern const char *const import_variant_names[];	/* indexed by the variant */

/* How to read every input; shared by all the imports of one run, which
 * count their data errors in it. */
struct import_options {
	const char *source;	/* dataset code; NULL: from the file or the data */
	const char *geo, *time, *value, *flag, *period;	/* a region's long file */
	int wide;		/* a region's wide file: one column per period */
	int table;		/* a region's table, written as it is (REGION_TABLE) */
	int delim;		/* a region's separator; 0: detect */
	int decimal_comma;
	int thousands;		/* declared thousands separator; 0: none */
	const char *encoding;	/* iconv name; NULL: UTF-8 */
	int origin;		/* a last column "origin": the input's name and line, FILE:LINE */
	const char *sheet;	/* a workbook's sheet, by name or number; NULL: the first */
	unsigned long header_row;	/* the header's line (a sheet's row); 0: the first with --geo's column */
	const struct labels *labels;	/* local column names and value labels; NULL: none */
	unsigned long max_errors;	/* 0: no limit */
	unsigned long errors;	/* data errors so far, over all inputs: import counts them */
};

struct import_counts {
	unsigned long rows;	/* series (Eurostat TSV) or records read */
	unsigned long written;	/* observations written */
	unsigned long skipped;	/* blank rows, spreadsheet padding */
	unsigned long errors;	/* data errors reported */
	unsigned long titles;	/* rows above the header */
	unsigned long notes;	/* rows of one cell below the table */
	unsigned long hidden;	/* a workbook's hidden rows that held something */
};

struct import;

/* Opens path ("-": stdin) into *inp and reads its header, deciding the
 * variant; a named file that is a zip archive is read as a workbook (.xlsx,
 * .ods), its sheet's rows as a region's CSV records, their line the sheet's
 * row. Returns 0 when it can be read on, else EXIT_DATA or EXIT_TROUBLE
 * (reported); either way *inp is an import, to be closed, whose counts hold,
 * and which is written only after 0. opt must outlive the import. */
int import_open(struct import **inp, const char *path, struct import_options *opt);

/* The dimensions this input writes, in its order, lower-case. */
size_t import_ndims(const struct import *in);
/* Dimension i (< import_ndims), owned by in. */
const char *import_dim(const struct import *in, size_t i);

/* Streams every observation to out as rows of an obs table with nudims
 * dimension columns, dimension i of this input at position dimpos[i]. Data
 * errors are reported with their line and counted; good rows still go out.
 * Returns 0, EXIT_DATA when a row was bad, EXIT_TROUBLE when the input could
 * not be read on (reported). */
int import_write(struct import *in, struct tsv_writer *out, const size_t *dimpos, size_t nudims);

/* Rows read, written, missing and skipped so far; owned by in, valid until it is closed. */
const struct import_counts *import_counts(const struct import *in);
/* The format the header showed (Eurostat TSV, SDMX-CSV 1.0 or 2.0, CSV …). */
enum import_variant import_variant(const struct import *in);

/* The dataset code of every row, or NULL when it comes with each row (SDMX). */
const char *import_source(const struct import *in);

/* True once the data errors passed opt->max_errors: stop reading. */
int import_stopped(const struct import_options *opt);

/* Closes the file and frees the import. */
void import_close(struct import *in);

#endif
