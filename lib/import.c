/*
 * Reading statistical extracts as observations: Eurostat TSV (old, current,
 * transposed), SDMX-CSV 1.0 and 2.0, and a region's own CSV or TSV, long or
 * wide. The TSV variants are split with memchr; CSV goes through libcsv.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <csv.h>

#include "diag.h"
#include "flags.h"
#include "import.h"
#include "schema.h"
#include "lines.h"
#include "num.h"
#include "tsv.h"
#include "labels.h"
#include "strmap.h"
#include "tally.h"
#include "text.h"
#include "utf8.h"
#include "workbook.h"


const char *const import_variant_names[] = {
	"Eurostat TSV", "Eurostat TSV, transposed", "SDMX-CSV 1.0", "SDMX-CSV 2.0",
	"region CSV, long", "region CSV, wide", "region table"
};

enum { TITLE_MAX = 10 };	/* rows looked at for the header below a title */

/* A row with one cell below the table, held until the next row says
 * whether it was a note (nothing follows) or inside the table. */
struct held {
	unsigned long line;
	size_t nfield;
	char *buf;		/* the fields, each NUL-terminated */
	size_t *flen;
	unsigned char *stored;
};


/* Appends s escaped per SPEC §3. */
static void
buf_add_escaped(struct text *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + 2 * n + 1, 1);
	b->len += tsv_escape(b->s + b->len, s, n);
	b->s[b->len] = '\0';
}

/* One input file, what its header said, and where its observations go. */
struct import {
	const char *path;
	const char *name;
	struct line_reader lr;
	int opened;
	iconv_t cd;
	struct text conv;	/* the current line converted to UTF-8 */
	enum import_variant variant;
	char *source;		/* from --source or the file name; NULL: per row (SDMX) */

	/* dimensions this input writes, in its order, and their union positions */
	char **dims;
	size_t ndims;
	size_t *dimpos;

	/* Eurostat TSV and wide CSV: the column labels (periods or regions) */
	char **labels;
	char **wirelabels;	/* the same, escaped for output */
	size_t *wirelen;
	size_t nlabels;
	size_t nkeys;		/* Eurostat: values in the series key */
	size_t keytime;		/* transposed: index of time in the key */
	size_t vary;		/* union position of the dimension the columns vary */

	/* CSV variants: the role of each column */
	int *role;
	size_t ncols;

	struct csv_parser csv;
	int csv_ready;
	char **field;		/* the current CSV record */
	size_t *flen, nfield, fieldcap;
	struct text record;	/* storage of the current record's fields */
	size_t *fieldoff;
	unsigned long recline;	/* line where the current record began */
	int header_done;
	int in_record;		/* a record (a quoted field) runs on over lines */

	struct import_options *opt;
	struct tsv_writer *out;
	size_t nudims;		/* dimensions of the output table */
	struct text pre, post, scratch;	/* pieces of the output line */
	char **fixed;		/* a record's value for each output dimension */
	size_t *fixedlen, fixedcap;

	/* a workbook's sheet, and the next of its rows to read */
	struct sheet *sheet;
	size_t sheetrow;
	unsigned char *stored;	/* the current record's cells that are stored numbers; NULL: none */

	unsigned long hline;	/* the header's line */
	unsigned long nblank_top;	/* blank rows above the header */
	unsigned long title_line;	/* the first row above the header, or 0 */
	char *title;		/* its text */
	struct held *held;
	size_t nheld, heldcap;
	flagset *lflags;	/* wide: the flag a period column's header gives its values */
	size_t *lab;		/* wide: per period column, its label's index */
	long *cover;		/* wide: per column, the period column whose header spans it, or -1 */
	char **head;		/* wide, spanning periods: the header's cells, for the second row */
	int second_pending;	/* the header's periods span columns: the next row may name a dimension */
	int held_data;		/* a row of data read with the header, held for import_write */
	char **subcode;		/* per column: the code a second header row gives it, or NULL */
	size_t subdim;		/* the dimension the second header row names (index in dims) */
	const char **coded;	/* per column: the dimension whose codes it holds, or NULL */
	char **colname;		/* per coded column: its name in the header */
	struct tally unmapped;	/* labels that map to no code, one kind each */
	struct strmap unmapped_slot;	/* "column\tvalue" → its tally slot */

	struct import_counts counts;
	int status;
	struct text origin;	/* --origin: the name escaped and ':', a row's line after it */
};

enum role {			/* a CSV column's role */
	R_DIM, R_GEO, R_TIME, R_VALUE, R_FLAG, R_PERIOD_COL, R_IGNORE_EMPTY,
	R_SDMX_SOURCE, R_SDMX_SKIP, R_SDMX_LABEL, R_SDMX_CONF
};

/* Reports a data error at the input's current line; stops the input past max_errors. */
static void
data_error(struct import *in, unsigned long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
data_error(struct import *in, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	in->counts.errors++;
	in->opt->errors++;
	if (in->opt->max_errors == 0 || in->opt->errors <= in->opt->max_errors)
		diag_warn_at(in->name, line, "%s", msg);
	if (in->status < EXIT_DATA)
		in->status = EXIT_DATA;
}

int
import_stopped(const struct import_options *opt)
{
	return opt->max_errors != 0 && opt->errors > opt->max_errors;
}

static char *
lower_name(const char *s, size_t n)
{
	char *p = xstrndup(s, n);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (char)tolower((unsigned char)p[i]);
	return p;
}

/* A spreadsheet's column name as a dimension name: ASCII lower-cased, runs of
 * anything but letters and digits as one '_' ("Country code" → country_code,
 * "Kön" → kön). */
static char *
dim_name(const char *s, size_t n, size_t col)
{
	char *p = xmalloc(n + 24), *w = p;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || c >= 0x80)	/* letters of other scripts stay */
			*w++ = (char)tolower(c);
		else if (w > p && w[-1] != '_')
			*w++ = '_';
	}
	while (w > p && w[-1] == '_')
		w--;
	*w = '\0';
	if (w == p)
		snprintf(p, n + 24, "col%zu", col + 1);
	return p;
}

static int
is_reserved(const char *name)
{
	return strcmp(name, "source") == 0 || strcmp(name, "time") == 0 ||
	    strcmp(name, "value") == 0 || strcmp(name, "flag") == 0;
}

static int
is_time_name(const char *s)
{
	return strcasecmp(s, "time") == 0 || strcasecmp(s, "time_period") == 0;
}

/* The dataset code of a file name: "lfst_r_lfe2emprc.tsv.gz" → "lfst_r_lfe2emprc". */
static char *
source_of_path(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	dot = strchr(base, '.');
	return xstrndup(base, dot != NULL ? (size_t)(dot - base) : strlen(base));
}

/* The dataset code of an SDMX dataflow: "ESTAT:UNE_RT_A$DEFAULTVIEW(1.0)" → "une_rt_a". */
static char *
source_of_dataflow(const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n), *end = s + n, *p;

	if (colon != NULL)
		s = colon + 1;
	for (p = s; p < end && *p != '(' && *p != '$'; p++)
		;
	return lower_name(s, (size_t)(p - s));
}

static void
add_dim(struct import *in, char *name)
{
	size_t i;

	for (i = 0; i < in->ndims; i++)
		if (strcmp(in->dims[i], name) == 0) {
			data_error(in, in->hline, "dimension '%s' appears twice in the header", name);
			free(name);
			return;
		}
	if (in->variant != REGION_TABLE && is_reserved(name)) {
		data_error(in, in->hline, "a dimension may not be named '%s' (an obs column)", name);
		free(name);
		return;
	}
	in->dims = xrealloc(in->dims, (in->ndims + 1) * sizeof *in->dims);
	in->dims[in->ndims++] = name;
}

/*
 * Reading lines: CR before LF dropped, NUL refused, the encoding converted
 * or UTF-8 checked, the BOM of the first line dropped. Returns 1 for a line,
 * 0 at the end (or on a read error, recorded in status), -1 for a line that
 * was reported and must be skipped.
 */
static int
next_line(struct import *in, char **line, size_t *len)
{
	int rc;
	size_t bad;

	rc = line_reader_next(&in->lr, line, len);
	if (rc == -1) {
		diag_warn("%s: read error: %s", in->name, line_reader_strerror(&in->lr));
		in->status = EXIT_TROUBLE;
		return 0;
	}
	if (rc == 0)
		return 0;
	if (*len > 0 && (*line)[*len - 1] == '\r')
		(*line)[--*len] = '\0';
	if (memchr(*line, '\0', *len) != NULL) {
		data_error(in, in->lr.lineno, "NUL byte");
		return -1;
	}
	if (in->cd != (iconv_t)-1) {
		char *ip = *line, *op;
		size_t il = *len, ol;

		in->conv.len = 0;
		in->conv.s = xgrow(in->conv.s, &in->conv.cap, *len * 4 + 8, 1);
		op = in->conv.s;
		ol = in->conv.cap - 1;
		iconv(in->cd, NULL, NULL, NULL, NULL);
		if (iconv(in->cd, &ip, &il, &op, &ol) == (size_t)-1) {
			data_error(in, in->lr.lineno, "cannot convert from %s: %s",
			    in->opt->encoding, strerror(errno));
			return -1;
		}
		*op = '\0';
		*line = in->conv.s;
		*len = (size_t)(op - in->conv.s);
	} else if ((bad = utf8_invalid(*line, *len)) != *len) {
		data_error(in, in->lr.lineno,
		    "invalid UTF-8 at byte %zu (give the file's encoding, e.g. --encoding latin1)",
		    bad + 1);
		return -1;
	}
	if (in->lr.lineno == 1 && *len >= 3 && memcmp(*line, "\xef\xbb\xbf", 3) == 0) {
		*line += 3;
		*len -= 3;
	}
	if (memchr(*line, '\r', *len) != NULL && in->variant <= EUROSTAT_TSV_TRANSPOSED) {
		data_error(in, in->lr.lineno, "CR inside a line");
		return -1;
	}
	return 1;
}

/*
 * Values: "61.2", "12.7 b", "17.5 bu", ": c", ":", "" (missing). The number is
 * checked and, where separators were declared, rewritten in C form.
 */
struct cell {
	const char *value;	/* the value to write (maybe rewritten), "" if missing */
	size_t vlen;
	char flags[27];
	size_t flen;
};

/* The flags after a value: the last word of the cell when it is letters
 * ("61.2 b", ": c", "1 234,5 p"); returns where it starts, or n for none. */
static size_t
flag_word(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && isalpha((unsigned char)s[i - 1]))
		i--;
	if (i == n || i == 0 || s[i - 1] != ' ')
		return n;
	return i;
}

static int
parse_cell(struct import *in, unsigned long line, const char *col, const char *s, size_t n,
    struct cell *c, int stored)
{
	const char *v, *f, *why = NULL;
	size_t vn, fn, bad;
	flagset flags = 0;
	double x;
	struct num_style st = { in->opt->decimal_comma, in->opt->thousands };

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && s[0] == ' ')
		s++, n--;
	v = s;
	vn = flag_word(s, n);
	f = s + vn;
	fn = n - vn;
	while (vn > 0 && v[vn - 1] == ' ')
		vn--;
	if (vn == 1 && v[0] == ':')
		vn = 0;
	else if (vn > 1 && v[0] == ':' && fn == 0) {
		/* ":c" written without the space */
		f = v + 1;
		fn = vn - 1;
		vn = 0;
	}
	if ((bad = flags_parse(f, fn, &flags)) != 0) {
		data_error(in, line, "column '%s': \"%.*s\": '%c' is not a Eurostat flag (%s)",
		    col, (int)n, s, f[bad - 1], FLAGS_KNOWN);
		return -1;
	}
	c->flen = flags_format(flags, c->flags);
	c->value = v;
	c->vlen = vn;
	if (vn == 0)
		return 0;
	/* the common case, a number in C form with no separator declared, needs no copy */
	if (stored || (!st.decimal_comma && !st.thousands && v[vn - 1] != '.' &&
	    num_parse(v, vn, &x) == NUM_OK))
		return 0;
	in->scratch.s = xgrow(in->scratch.s, &in->scratch.cap, vn + 1, 1);
	if ((in->scratch.len = num_local(v, vn, &st, in->scratch.s, &why)) == (size_t)-1) {
		in->scratch.len = 0;
		data_error(in, line, "column '%s': \"%.*s\" %s", col, (int)vn, v, why);
		return -1;
	}
	c->value = in->scratch.s;
	c->vlen = in->scratch.len;
	return 0;
}

/* Writing observations. */

static void
put_value_flag(struct import *in, const struct cell *c)
{
	char num[24];
	unsigned long line = in->variant <= EUROSTAT_TSV_TRANSPOSED ? in->lr.lineno : in->recline;

	/* a checked number holds no byte that needs escaping */
	tsv_put_wire(in->out, c->value, c->vlen);
	tsv_put_wire(in->out, c->flags, c->flen);
	if (in->opt->origin) {
		tsv_put_wire(in->out, in->origin.s, in->origin.len);
		tsv_put_bytes(in->out, num, (size_t)snprintf(num, sizeof num, "%lu", line));
	}
	tsv_end_row(in->out);
}

/* Builds the escaped fields of one observation around the varying position
 * in->vary: pre holds the fields before it, post those after it up to time.
 * fixed[u] is the value of union dimension u, time the period (NULL when it
 * varies). */
static void
build_frame(struct import *in, const char *source, size_t srclen, char **fixed, size_t *fixedlen,
    const char *time, size_t timelen)
{
	size_t u;
	struct text *b = &in->pre;

	in->pre.len = in->post.len = 0;
	text_add(&in->pre, "", 0);
	text_add(&in->post, "", 0);
	buf_add_escaped(b, source, srclen);
	for (u = 0; u <= in->nudims; u++) {
		if (u == in->vary) {
			b = &in->post;
			if (u == in->nudims)
				break;
			continue;
		}
		text_add(b, "\t", 1);
		if (u == in->nudims)
			buf_add_escaped(b, time, timelen);
		else if (fixed[u] != NULL)
			buf_add_escaped(b, fixed[u], fixedlen[u]);
	}
}

/* Takes label (a column's period or region) into the list, with its escaped form. */
static void
add_label(struct import *in, char *label)
{
	size_t n = strlen(label);

	in->labels = xrealloc(in->labels, (in->nlabels + 1) * sizeof *in->labels);
	in->wirelabels = xrealloc(in->wirelabels, (in->nlabels + 1) * sizeof *in->wirelabels);
	in->wirelen = xrealloc(in->wirelen, (in->nlabels + 1) * sizeof *in->wirelen);
	in->lflags = xrealloc(in->lflags, (in->nlabels + 1) * sizeof *in->lflags);
	in->lflags[in->nlabels] = 0;
	in->wirelabels[in->nlabels] = xmalloc(2 * n + 1);
	in->wirelen[in->nlabels] = tsv_escape(in->wirelabels[in->nlabels], label, n);
	in->labels[in->nlabels++] = label;
}

static void
put_framed(struct import *in, size_t label, const struct cell *c)
{
	tsv_put_wire(in->out, in->pre.s, in->pre.len);
	tsv_put_wire(in->out, in->wirelabels[label], in->wirelen[label]);
	if (in->post.len > 0)
		tsv_put_bytes(in->out, in->post.s, in->post.len);
	put_value_flag(in, c);
}

/*
 * Eurostat TSV: "unit,sex,geo\TIME_PERIOD<TAB>2014 <TAB>2015 " then
 * "PC,F,ES51<TAB>61.2 <TAB>: c".
 */
static void
eurostat_header(struct import *in, char *line, size_t len)
{
	char *tab = memchr(line, '\t', len), *bs, *p, *comma, *end;
	size_t i, nkeys = 0;
	char *coldim, *label, *name, *timename = NULL;

	(void)len;
	*tab = '\0';
	bs = strchr(line, '\\');
	coldim = lower_name(bs + 1, strlen(bs + 1));
	*bs = '\0';
	in->keytime = (size_t)-1;
	for (p = line;; p = comma + 1) {
		comma = strchr(p, ',');
		end = comma != NULL ? comma : p + strlen(p);
		name = lower_name(p, (size_t)(end - p));
		if (!is_time_name(coldim) && is_time_name(name)) {
			if (timename != NULL) {	/* else the second would be read as the next dimension */
				data_error(in, 1, "the series key has two time dimensions, '%s' and '%s'",
				    timename, name);
				free(name);
			} else {
				in->keytime = nkeys;
				timename = name;
			}
		} else
			add_dim(in, name);
		nkeys++;
		if (comma == NULL)
			break;
	}
	in->nkeys = nkeys;
	free(timename);
	if (is_time_name(coldim)) {
		in->variant = EUROSTAT_TSV;
		free(coldim);
	} else {
		in->variant = EUROSTAT_TSV_TRANSPOSED;
		if (in->keytime == (size_t)-1)
			data_error(in, 1, "no time dimension: neither the series key nor the columns "
			    "(after '\\') are 'time' or 'TIME_PERIOD'");
		add_dim(in, coldim);
	}
	/* the column labels, trailing spaces trimmed */
	for (p = tab + 1;; p = comma + 1) {
		comma = strchr(p, '\t');
		end = comma != NULL ? comma : p + strlen(p);
		while (end > p && end[-1] == ' ')
			end--;
		while (p < end && *p == ' ')
			p++;
		label = xstrndup(p, (size_t)(end - p));
		if (*label == '\0')
			data_error(in, 1, "column %zu of the header is empty", in->nlabels + 2);
		else if (in->variant == EUROSTAT_TSV && !schema_is_period(label))
			data_error(in, 1, "column '%s' is not a period (2021, 2021-Q3, 2021-05 …)", label);
		add_label(in, label);
		if (comma == NULL)
			break;
	}
	for (i = 0; i < in->nlabels; i++) {
		size_t j;

		for (j = 0; j < i; j++)
			if (strcmp(in->labels[i], in->labels[j]) == 0) {
				data_error(in, 1, "column '%s' appears twice in the header", in->labels[i]);
				break;
			}
	}
}

static void
eurostat_rows(struct import *in)
{
	char *line, *p, *tab, *comma = NULL, **key, **fixed;
	size_t len, i, k, *keylen, *fixedlen, ncells;
	struct cell c;
	unsigned long ln;
	int rc;

	key = xcalloc(in->nkeys, sizeof *key);
	keylen = xcalloc(in->nkeys, sizeof *keylen);
	fixed = in->fixed;
	fixedlen = in->fixedlen;
	while (!import_stopped(in->opt) && (rc = next_line(in, &line, &len)) != 0) {
		ln = in->lr.lineno;
		if (rc < 0)
			continue;
		if (len == 0) {
			in->counts.skipped++;
			continue;
		}
		in->counts.rows++;
		tab = memchr(line, '\t', len);
		if (tab == NULL) {
			data_error(in, ln, "no TAB: a series key without values");
			continue;
		}
		*tab = '\0';
		for (k = 0, p = line; k < in->nkeys; k++, p = comma + 1) {
			comma = strchr(p, ',');
			key[k] = p;
			keylen[k] = comma != NULL ? (size_t)(comma - p) : strlen(p);
			if (comma == NULL) {
				k++;
				break;
			}
		}
		if (k != in->nkeys || comma != NULL) {
			for (k = 1, p = line; (p = strchr(p, ',')) != NULL; p++)
				k++;
			data_error(in, ln, "series key \"%s\" has %zu value%s, the header names %zu dimensions",
			    line, k, k == 1 ? "" : "s", in->nkeys);
			continue;
		}
		for (i = 0; i < in->nudims; i++)
			fixed[i] = NULL;
		for (k = 0, i = 0; k < in->nkeys; k++) {
			if (k == in->keytime)
				continue;
			fixed[in->dimpos[i]] = key[k];
			fixedlen[in->dimpos[i]] = keylen[k];
			i++;
		}
		if (in->variant == EUROSTAT_TSV)
			build_frame(in, in->source, strlen(in->source), fixed, fixedlen, NULL, 0);
		else
			build_frame(in, in->source, strlen(in->source), fixed, fixedlen,
			    key[in->keytime], keylen[in->keytime]);
		/* a ragged series is refused whole: a missing cell would shift the
		 * values after it to the wrong periods */
		for (ncells = 1, p = tab + 1; (p = memchr(p, '\t', (size_t)(line + len - p))) != NULL; p++)
			ncells++;
		if (ncells != in->nlabels) {
			data_error(in, ln, "ragged row: %zu value%s, the header has %zu column%s",
			    ncells, ncells == 1 ? "" : "s", in->nlabels, in->nlabels == 1 ? "" : "s");
			continue;
		}
		for (ncells = 0, p = tab + 1;; p = tab + 1, ncells++) {
			tab = memchr(p, '\t', (size_t)(line + len - p));
			if (tab != NULL)
				*tab = '\0';
			if (parse_cell(in, ln, in->labels[ncells], p, tab != NULL ? (size_t)(tab - p) : strlen(p),
			    &c, 0) == 0) {
				put_framed(in, ncells, &c);
				in->counts.written++;
			}
			if (tab == NULL)
				break;
		}
	}
	free(key);
	free(keylen);
}

/*
 * CSV variants, read with libcsv one line at a time so that every record
 * knows its line.
 */
static void csv_field_cb(void *s, size_t n, void *data);
static void csv_record_cb(int c, void *data);

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
detect_delim(const char *line, size_t len)
{
	size_t i, semi = 0, comma = 0, tab = 0;
	int quoted = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '"')
			quoted = !quoted;
		else if (!quoted && line[i] == ';')
			semi++;
		else if (!quoted && line[i] == ',')
			comma++;
		else if (!quoted && line[i] == '\t')
			tab++;
	}
	if (tab > semi && tab > comma)
		return '\t';
	if (semi > comma)
		return ';';
	if (comma > semi)
		return ',';
	return 0;
}

static void
csv_start(struct import *in, int delim)
{
	if (csv_init(&in->csv, CSV_STRICT | CSV_APPEND_NULL) != 0)
		diag_die(EXIT_TROUBLE, "cannot start the CSV parser");
	csv_set_delim(&in->csv, (unsigned char)delim);
	csv_set_space_func(&in->csv, no_space);
	in->csv_ready = 1;
}

/* Feeds lines to libcsv until end of input; records arrive in csv_record_cb. */
static void
csv_feed(struct import *in)
{
	char *line;
	size_t len;
	int rc;

	while (!import_stopped(in->opt) && (rc = next_line(in, &line, &len)) != 0) {
		if (rc < 0)
			continue;
		if (len == 0 && !in->in_record) {
			/* a blank line between records: libcsv would drop it unseen */
			in->counts.skipped++;
			continue;
		}
		if (!in->in_record)	/* a record begins: its line, however many it runs over */
			in->recline = in->lr.lineno;
		in->in_record = 1;	/* until the record callback ends it */
		if (csv_parse(&in->csv, line, len, csv_field_cb, csv_record_cb, in) != len ||
		    csv_parse(&in->csv, "\n", 1, csv_field_cb, csv_record_cb, in) != 1)
			goto bad;
	}
	if (import_stopped(in->opt))
		return;
	if (csv_fini(&in->csv, csv_field_cb, csv_record_cb, in) != 0)
		goto bad;
	return;
bad:
	data_error(in, in->lr.lineno, "CSV: %s (a quote inside an unquoted field, or an unclosed quote?)",
	    csv_strerror(csv_error(&in->csv)));
}

static void
csv_field_cb(void *s, size_t n, void *data)
{
	struct import *in = data;

	if (in->nfield == in->fieldcap) {	/* the arrays of a record grow together, now and then */
		in->fieldoff = xgrow(in->fieldoff, &in->fieldcap, in->nfield + 1, sizeof *in->fieldoff);
		in->flen = xrealloc(in->flen, in->fieldcap * sizeof *in->flen);
		in->field = xrealloc(in->field, (in->fieldcap + 1) * sizeof *in->field);
	}
	in->fieldoff[in->nfield] = in->record.len;
	in->flen[in->nfield] = n;
	text_add(&in->record, s != NULL ? s : "", s != NULL ? n : 0);
	text_add(&in->record, "", 1);	/* keep the NUL */
	in->nfield++;
}

static void csv_header(struct import *in);
static void csv_record(struct import *in);
static void table_record(struct import *in);

/* One record of the body: an observation, or a table's row. */
static void
a_record(struct import *in)
{
	if (in->variant == REGION_TABLE)
		table_record(in);
	else
		csv_record(in);
}

static int
field_stored(const struct import *in, size_t i)
{
	return in->stored != NULL && in->stored[i];
}

/* Whether column i is named want: as written, or folded (case, accents). */
static int
column_is(const struct import *in, size_t i, const char *want)
{
	char a[256], b[256];
	size_t n = strlen(want);

	if (strcmp(in->field[i], want) == 0)
		return 1;
	if (in->flen[i] >= sizeof a || n >= sizeof b)
		return 0;
	return utf8_fold(in->field[i], in->flen[i], a) == utf8_fold(want, n, b) &&
	    memcmp(a, b, utf8_fold(want, n, b)) == 0;
}

static size_t
filled(const struct import *in)
{
	size_t i, n = 0;

	for (i = 0; i < in->nfield; i++)
		n += in->flen[i] > 0;
	return n;
}

/* A region's record, counted: 0 for an empty one (spreadsheet padding,
 * skipped) or a ragged one (told); 1 for a row to read. */
static int
row_counted(struct import *in)
{
	if (filled(in) == 0) {
		in->counts.skipped++;
		return 0;
	}
	in->counts.rows++;
	if (in->nfield != in->ncols) {
		data_error(in, in->recline, "ragged row: %zu field%s, the header has %zu",
		    in->nfield, in->nfield == 1 ? "" : "s", in->ncols);
		return 0;
	}
	return 1;
}

/* The first non-empty field of the record, for a message. */
static const char *
first_text(const struct import *in)
{
	size_t i;

	for (i = 0; i < in->nfield; i++)
		if (in->flen[i] > 0)
			return in->field[i];
	return "";
}

static void
header_missing(struct import *in)
{
	unsigned long n = in->counts.titles;

	data_error(in, in->title_line != 0 ? in->title_line : 1,
	    "no column named '%s' (--geo) in the first %lu row%s: "
	    "if the header is further down, give --header-row N", in->opt->geo, n, n == 1 ? "" : "s");
}

/* A record before the header: blank, a title, or the header. */
static void
before_header(struct import *in)
{
	size_t i;
	int header = in->variant < REGION_LONG;

	if (filled(in) == 0) {
		in->nblank_top++;
		return;
	}
	if (in->opt->header_row != 0)
		header = in->recline >= in->opt->header_row;
	else
		for (i = 0; !header && i < in->nfield; i++)
			header = column_is(in, i, in->opt->geo);
	if (header) {
		in->header_done = 1;
		in->hline = in->recline;
		in->counts.skipped += in->nblank_top;
		if (in->counts.titles > 0 && in->opt->header_row == 0)
			diag_warn_at(in->name, in->title_line, "warning: %lu row%s above the header skipped as a title "
			    "(\"%s\"); the header is line %lu (--header-row %lu)", in->counts.titles,
			    in->counts.titles == 1 ? "" : "s", in->title, in->hline, in->hline);
		csv_header(in);
		return;
	}
	if (in->counts.titles++ == 0) {
		in->title_line = in->recline;
		in->title = xstrdup(first_text(in));
	}
	if (in->counts.titles >= TITLE_MAX && in->opt->header_row == 0)
		header_missing(in);
}

static void
hold(struct import *in)
{
	struct held *h;
	size_t i, len = 0;

	in->held = xgrow(in->held, &in->heldcap, in->nheld + 1, sizeof *in->held);
	h = &in->held[in->nheld++];
	h->line = in->recline;
	h->nfield = in->nfield;
	for (i = 0; i < in->nfield; i++)
		len += in->flen[i] + 1;
	h->buf = xmalloc(len + 1);
	h->flen = xcalloc(in->nfield + 1, sizeof *h->flen);
	h->stored = in->stored != NULL ? xcalloc(in->nfield + 1, 1) : NULL;
	for (i = 0, len = 0; i < in->nfield; i++) {
		memcpy(h->buf + len, in->field[i], in->flen[i] + 1);
		len += in->flen[i] + 1;
		h->flen[i] = in->flen[i];
		if (h->stored != NULL)
			h->stored[i] = in->stored[i];
	}
}

/* The rows held were inside the table: read them now, in their order. */
static void
replay(struct import *in)
{
	char **field = in->field;
	size_t *flen = in->flen, nfield = in->nfield, i, j, off;
	unsigned long line = in->recline;
	unsigned char *stored = in->stored;

	for (i = 0; i < in->nheld; i++) {
		struct held *h = &in->held[i];
		char **ptr = xcalloc(h->nfield + 1, sizeof *ptr);

		for (j = 0, off = 0; j < h->nfield; off += h->flen[j] + 1, j++)
			ptr[j] = h->buf + off;
		in->field = ptr;
		in->flen = h->flen;
		in->nfield = h->nfield;
		in->recline = h->line;
		in->stored = h->stored;
		if (in->status != EXIT_TROUBLE && !import_stopped(in->opt))
			a_record(in);
		free(ptr);
		free(h->buf);
		free(h->flen);
		free(h->stored);
	}
	in->nheld = 0;
	in->field = field;
	in->flen = flen;
	in->nfield = nfield;
	in->recline = line;
	in->stored = stored;
}

/* At the end: the rows held are notes below the table. */
static void
notes_end(struct import *in)
{
	size_t i;

	if (in->nheld == 0)
		return;
	in->counts.notes = in->nheld;
	diag_warn_at(in->name, in->held[0].line, "warning: %zu row%s of one cell below the table skipped as notes (\"%s\"%s)",
	    in->nheld, in->nheld == 1 ? "" : "s", in->held[0].buf, in->nheld > 1 ? " …" : "");
	for (i = 0; i < in->nheld; i++) {
		free(in->held[i].buf);
		free(in->held[i].flen);
		free(in->held[i].stored);
	}
	in->nheld = 0;
}

/*
 * A second header row under a wide header whose periods span columns
 * ("2022" over Hombres | Mujeres): docs/onboarding.md says the rule.
 */
static const char *const second_dims[] = { "sex", "c_birth", "citizen" };
enum { NSECOND = sizeof second_dims / sizeof second_dims[0] };

/* Whether a cell holds a figure as a table's body does: a number (stored,
 * in C form or as typed), missing (":", ": c") or empty. */
static int
is_figure(struct import *in, const char *s, size_t n, int stored)
{
	struct num_style st = { in->opt->decimal_comma, in->opt->thousands };
	const char *why;
	size_t vn;
	double x;

	if (stored)
		return 1;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	vn = flag_word(s, n);
	while (vn > 0 && s[vn - 1] == ' ')
		vn--;
	if (vn == 0 || s[0] == ':' || num_parse(s, vn, &x) == NUM_OK)
		return 1;
	in->scratch.s = xgrow(in->scratch.s, &in->scratch.cap, vn + 1, 1);
	return num_local(s, vn, &st, in->scratch.s, &why) != (size_t)-1;
}

/* The row under the header is a second header row: the same length, its
 * --geo cell empty or the header's (merged down), and a cell under a
 * spanning period that is text, not a figure. */
static int
looks_second(struct import *in)
{
	size_t i;
	int text = 0;

	if (in->nfield != in->ncols)
		return 0;
	for (i = 0; i < in->ncols; i++) {
		if (in->role[i] == R_GEO && in->flen[i] > 0 && strcmp(in->field[i], in->head[i]) != 0)
			return 0;
		if (in->cover[i] >= 0 && in->flen[i] > 0 && !is_figure(in, in->field[i], in->flen[i], field_stored(in, i)))
			text = 1;
	}
	return text;
}

/* No second header row: a period repeated is a column named twice. */
static void
no_second(struct import *in)
{
	size_t i;

	for (i = 1; i < in->ncols; i++)
		if (in->role[i] == R_PERIOD_COL && in->cover[i] != (long)i)
			data_error(in, in->hline, "column '%s' appears twice in the header", in->head[i]);
}

static int
dim_taken(const struct import *in, const char *dim)
{
	size_t i;

	for (i = 0; i < in->ndims; i++)
		if (strcmp(in->dims[i], dim) == 0)
			return 1;
	return 0;
}

/* Column i of the second row names a figure column. */
static int
second_named(const struct import *in, size_t i)
{
	return in->cover[i] >= 0 && in->flen[i] > 0;
}

/* The dimension the second row's names are labels of: the one of
 * second_dims, not a column already, that reads them all. Returns its
 * index, or -1 after saying why (each name it cannot read told once). */
static int
second_dim(struct import *in)
{
	const struct labels *lab = in->opt->labels;
	size_t i, j, d, fit[NSECOND] = { 0 }, named = 0, count;
	int best = -1, all = -1, nall = 0;
	char more[32];

	for (i = 0; i < in->ncols; i++) {
		if (!second_named(in, i))
			continue;
		named++;
		for (d = 0; d < NSECOND; d++)
			fit[d] += labels_code(lab, second_dims[d], in->field[i], in->flen[i]) != NULL;
	}
	for (d = 0; d < NSECOND; d++) {
		if (dim_taken(in, second_dims[d]))
			continue;
		if (fit[d] == named && nall++ == 0)
			all = (int)d;
		if (fit[d] > 0 && (best < 0 || fit[d] > fit[best]))
			best = (int)d;
	}
	if (nall == 1)
		return all;
	for (d = 0; best < 0 && nall == 0 && d < NSECOND; d++)
		if (dim_taken(in, second_dims[d]) && named > 0 && fit[d] == named) {
			data_error(in, in->recline, "second header row: its names are labels of %s, "
			    "which a column of the header gives already", second_dims[d]);
			return -1;
		}
	if (nall > 1) {
		data_error(in, in->recline, "second header row: its names fit %s and %s alike: "
		    "write that row's cells as the codes of the one meant", second_dims[all],
		    second_dims[all == 0 ? 1 : 2]);
		return -1;
	}
	for (i = 0; i < in->ncols; i++) {
		if (!second_named(in, i) ||
		    (best >= 0 && labels_code(lab, second_dims[best], in->field[i], in->flen[i]) != NULL))
			continue;
		for (j = 0; j < i && !(second_named(in, j) && strcmp(in->field[j], in->field[i]) == 0); j++)
			;
		if (j < i)
			continue;	/* told at its first column */
		for (j = i, count = 0; j < in->ncols; j++)
			count += second_named(in, j) && strcmp(in->field[j], in->field[i]) == 0;
		snprintf(more, sizeof more, " and %zu more", count - 1);
		data_error(in, in->recline, "second header row: \"%s\" (column %zu%s) is no label of %s: "
		    "a --map line \"code<TAB>%s<TAB>CODE<TAB>%s\" reads it (--dim cannot: it names columns, "
		    "and this row names values)", in->field[i], i + 1, count > 1 ? more : "",
		    best >= 0 ? second_dims[best] : "sex, c_birth or citizen",
		    best >= 0 ? second_dims[best] : "DIM", in->field[i]);
	}
	return -1;
}

/* The second header row's cells outside the figure columns, and the
 * figure columns it leaves unnamed (those at the end of the row, under a
 * period's span, are empty columns). 0, or -1 after saying why. */
static int
second_shape(struct import *in)
{
	size_t i, last = 0, gap = 0, ngap = 0;
	int bad = 0;

	for (i = 0; i < in->ncols; i++)
		if (second_named(in, i))
			last = i;
	for (i = 0; i < in->ncols; i++) {
		if (in->cover[i] < 0 && in->flen[i] > 0 && strcmp(in->field[i], in->head[i]) != 0) {
			data_error(in, in->recline, "second header row: \"%s\" in column %zu, under no period: "
			    "the row names the columns under the periods only", in->field[i], i + 1);
			bad = 1;
		} else if (in->cover[i] >= 0 && in->flen[i] == 0 &&
		    (i < last || in->role[i] == R_PERIOD_COL) && ngap++ == 0)
			gap = i;
	}
	if (ngap > 0) {
		data_error(in, in->recline, "second header row: column %zu, under %s, has no name%s: "
		    "every column under a period needs its own (Hombres, Mujeres, Total …)", gap + 1,
		    in->labels[in->lab[in->cover[gap]]], ngap > 1 ? " (and other columns)" : "");
		bad = 1;
	}
	return bad ? -1 : 0;
}

/* Column i repeats the period and name of an earlier column: told, 1. */
static int
second_twice(struct import *in, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (in->subcode[j] != NULL && strcmp(in->subcode[j], in->subcode[i]) == 0 &&
		    strcmp(in->labels[in->lab[j]], in->labels[in->lab[i]]) == 0) {
			data_error(in, in->recline, "second header row: columns %zu and %zu are both %s \"%s\"",
			    j + 1, i + 1, in->labels[in->lab[i]], in->field[i]);
			return 1;
		}
	return 0;
}

/* The second header row read: each column under a period gets the period
 * and the code of its name in the dimension the names are labels of. */
static void
read_second(struct import *in)
{
	const struct labels *lab = in->opt->labels;
	size_t i;
	int d, twice = 0;

	if (second_shape(in) != 0 || (d = second_dim(in)) < 0)
		return;
	in->subcode = xcalloc(in->ncols + 1, sizeof *in->subcode);
	for (i = 0; i < in->ncols; i++) {
		if (!second_named(in, i))
			continue;
		in->role[i] = R_PERIOD_COL;
		in->lab[i] = in->lab[in->cover[i]];
		in->subcode[i] = xstrdup(labels_code(lab, second_dims[d], in->field[i], in->flen[i]));
		twice |= second_twice(in, i);
	}
	if (twice)
		return;
	in->subdim = in->ndims;
	add_dim(in, xstrdup(second_dims[d]));
}

/* The record under a header whose periods span columns: a second header
 * row, or the table's first row (held for import_write), or blank. */
static void
second_row(struct import *in)
{
	size_t n = filled(in);

	if (n == 0) {
		in->counts.skipped++;
		return;
	}
	in->second_pending = 0;
	if (looks_second(in)) {
		read_second(in);
		return;
	}
	no_second(in);
	hold(in);
	in->held_data = n > 1;
}

/* One record of the CSV or the sheet, its fields in field, flen, nfield. */
static void
take_record(struct import *in)
{
	if (!in->header_done) {
		assert(in->out == NULL);	/* read_header reads the whole header record */
		before_header(in);
		return;
	}
	if (in->second_pending) {
		second_row(in);
		return;
	}
	if (in->status == EXIT_TROUBLE || import_stopped(in->opt))
		return;
	if (in->variant >= REGION_LONG && filled(in) == 1) {
		hold(in);
		return;
	}
	if (in->nheld > 0)
		replay(in);
	a_record(in);
}

static void
csv_record_cb(int c, void *data)
{
	struct import *in = data;
	size_t i;

	(void)c;
	/* trailing columns with no name may be left out of a row, or be empty */
	while (in->header_done && in->nfield < in->ncols && in->role[in->nfield] == R_IGNORE_EMPTY)
		csv_field_cb(NULL, 0, in);
	while (in->header_done && in->nfield > in->ncols && in->flen[in->nfield - 1] == 0)
		in->nfield--;
	if (in->field == NULL)	/* a record of no field */
		in->field = xcalloc(1, sizeof *in->field);
	for (i = 0; i < in->nfield; i++)
		in->field[i] = in->record.s + in->fieldoff[i];
	take_record(in);
	in->nfield = 0;
	in->record.len = 0;
	in->in_record = 0;
}

/* Feeds a workbook's rows; with header, only until the header is read. */
static void
sheet_feed(struct import *in, int header)
{
	struct sheet *sh = in->sheet;
	size_t i;

	in->field = xgrow(in->field, &in->fieldcap, sh->ncols + 1, sizeof *in->field);
	in->flen = xrealloc(in->flen, in->fieldcap * sizeof *in->flen);
	while (in->sheetrow < sh->nrows && !(header && in->header_done && !in->second_pending) &&
	    (header ? in->status == 0 : in->status != EXIT_TROUBLE) &&
	    !import_stopped(in->opt)) {
		char **cell = sh->cell + in->sheetrow * sh->ncols;

		for (i = 0; i < sh->ncols; i++) {
			in->field[i] = cell[i] != NULL ? cell[i] : "";
			in->flen[i] = strlen(in->field[i]);
		}
		in->nfield = sh->ncols;
		in->stored = sh->stored + in->sheetrow * sh->ncols;
		in->recline = sh->line[in->sheetrow++];
		take_record(in);
	}
	in->stored = NULL;
}

static int
find_column(struct import *in, const char *want, const char *option)
{
	size_t i;

	for (i = 0; i < in->nfield; i++)
		if (column_is(in, i, want))
			return (int)i;
	data_error(in, in->hline, "no column named '%s' (%s)", want, option);
	return -1;
}

static void
set_role(struct import *in, const char *col, const char *option, enum role r)
{
	int i;

	if (col != NULL && (i = find_column(in, col, option)) >= 0) {
		if (in->role[i] != R_DIM)
			data_error(in, in->hline, "column '%s' is given two roles", col);
		in->role[i] = r;
	}
}

/* The length of the longest period a header begins with ("2023 (p)" → 4),
 * or 0; the period must end where a digit or letter does not follow. */
static size_t
period_prefix(const char *s, size_t n)
{
	char buf[16];
	size_t k;

	for (k = n < 10 ? n : 10; k >= 4; k--) {
		memcpy(buf, s, k);
		buf[k] = '\0';
		if (schema_is_period(buf) && (k == n || !isdigit((unsigned char)s[k])))
			return k;
	}
	return 0;
}

/* The flags of a footnote mark on a period header: " (p)", " p", "e": each
 * a Eurostat flag letter. Returns 0, or -1 for a mark that is no flag. */
static int
mark_flags(const char *s, size_t n, flagset *f)
{
	while (n > 0 && s[0] == ' ')
		s++, n--;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')')
		s++, n -= 2;
	if (n == 0 || n > 4)
		return -1;
	*f = 0;
	return flags_parse(s, n, f) == 0 && memchr(s, ' ', n) == NULL ? 0 : -1;
}

/* A wide file's header column i: a period (with the flag of its mark), or
 * not; a period with a mark that is no flag is refused. */
static void
wide_column(struct import *in, size_t i)
{
	const char *f = in->field[i];
	size_t n = in->flen[i], k = period_prefix(f, n), rest;
	flagset fl = 0;

	if (k == 0)
		return;
	rest = n - k;
	while (rest > 0 && f[n - rest] == ' ')
		rest--;
	if (rest > 12)	/* "2021 census population": a name, not a period with a mark */
		return;
	if (rest > 0 && mark_flags(f + k, n - k, &fl) != 0) {
		data_error(in, in->hline, "column '%s': the mark after the period is not a Eurostat flag (%s): "
		    "rename the column '%.*s', or '%.*s p' when the mark means provisional",
		    f, FLAGS_KNOWN, (int)k, f, (int)k, f);
		in->role[i] = R_IGNORE_EMPTY;
		return;
	}
	in->role[i] = R_PERIOD_COL;
	add_label(in, xstrndup(f, k));
	in->lflags[in->nlabels - 1] = fl;
	in->lab[i] = in->nlabels - 1;
}

/* Wide: which period heads each column. A period repeated in the next
 * columns (a merged cell spread by the reader, or written again) or
 * followed by columns with no name (a CSV export of a merged cell) spans
 * them: then the next row may be a second header row, naming a dimension
 * per column (second_row). */
static void
wide_spans(struct import *in)
{
	size_t i;

	in->cover = xcalloc(in->ncols + 1, sizeof *in->cover);
	for (i = 0; i < in->ncols; i++) {
		in->cover[i] = in->role[i] == R_PERIOD_COL ? (long)i : -1;
		if (i == 0 || in->cover[i - 1] < 0)
			continue;
		if (in->role[i] == R_IGNORE_EMPTY || (in->role[i] == R_PERIOD_COL &&
		    strcmp(in->field[i], in->field[in->cover[i - 1]]) == 0)) {
			in->cover[i] = in->cover[i - 1];
			in->second_pending = 1;
		}
	}
	if (!in->second_pending)
		return;
	in->head = xcalloc(in->ncols + 1, sizeof *in->head);
	for (i = 0; i < in->ncols; i++)
		in->head[i] = xstrdup(in->field[i]);
}

/* A region's header: the columns named by the options, the periods of a
 * wide file, dimensions named by --dim or --map, the rest as they are. */
static void
region_header(struct import *in)
{
	const struct labels *lab = in->opt->labels;
	const char *d;
	size_t i, n;

	set_role(in, in->opt->geo, "--geo", R_GEO);
	if (in->variant == REGION_TABLE)
		set_role(in, in->opt->time, "--time", R_TIME);
	if (in->variant == REGION_LONG) {
		set_role(in, in->opt->time, "--time", R_TIME);
		set_role(in, in->opt->value, "--value", R_VALUE);
		set_role(in, in->opt->flag, "--flag", R_FLAG);
	}
	if (in->variant == REGION_WIDE)
		in->lab = xcalloc(in->ncols + 1, sizeof *in->lab);
	for (i = 0; i < in->ncols; i++) {
		if (in->role[i] != R_DIM)
			continue;
		if (in->flen[i] == 0)
			in->role[i] = R_IGNORE_EMPTY;
		else if (in->variant == REGION_WIDE)
			wide_column(in, i);
	}
	if (in->variant == REGION_WIDE && in->nlabels == 0 && in->status == 0)
		data_error(in, in->hline, "--wide: no column is named like a period (2021, 2021-Q3 …)");
	if (in->variant == REGION_WIDE)
		wide_spans(in);
	in->coded = xcalloc(in->ncols + 1, sizeof *in->coded);
	in->colname = xcalloc(in->ncols + 1, sizeof *in->colname);
	for (i = 0; i < in->ncols; i++) {
		if (in->role[i] == R_GEO)
			add_dim(in, xstrdup("geo"));
		else if (in->role[i] == R_TIME && in->variant == REGION_TABLE)
			add_dim(in, xstrdup("time"));
		else if (in->role[i] == R_DIM) {
			d = lab != NULL ? labels_column(lab, in->field[i], in->flen[i]) : NULL;
			n = in->ndims;
			add_dim(in, d != NULL ? xstrdup(d) : dim_name(in->field[i], in->flen[i], i));
			if (in->ndims > n && lab != NULL && labels_coded(lab, in->dims[n])) {
				in->coded[i] = in->dims[n];
				in->colname[i] = xstrdup(in->field[i]);
			}
		}
	}
}

static void
csv_header(struct import *in)
{
	size_t i, j;
	const char *f;

	in->ncols = in->nfield;
	in->role = xcalloc(in->ncols, sizeof *in->role);
	for (i = 0; i < in->ncols; i++)
		for (j = 0; j < i; j++)
			if (in->flen[i] > 0 && strcmp(in->field[i], in->field[j]) == 0 &&
			    !(in->variant == REGION_WIDE && strcmp(in->field[i], in->field[i - 1]) == 0 &&
			    period_prefix(in->field[i], in->flen[i]) > 0))
				data_error(in, in->hline, "column '%s' appears twice in the header", in->field[i]);
	switch (in->variant) {
	case SDMX_CSV_1:
	case SDMX_CSV_2:
		/* dimensions stand between the structure columns and TIME_PERIOD */
		for (i = 0; i < in->ncols; i++) {
			f = in->field[i];
			if (strcmp(f, "DATAFLOW") == 0 || strcmp(f, "STRUCTURE_ID") == 0)
				in->role[i] = R_SDMX_SOURCE;
			else if (strcmp(f, "STRUCTURE") == 0 || strcmp(f, "LAST UPDATE") == 0 ||
			    strcmp(f, "STRUCTURE_NAME") == 0 || strcmp(f, "ACTION") == 0)
				in->role[i] = R_SDMX_SKIP;
			else if (strcmp(f, "TIME_PERIOD") == 0)
				in->role[i] = R_TIME;
			else if (strcmp(f, "OBS_VALUE") == 0)
				in->role[i] = R_VALUE;
			else if (strcmp(f, "OBS_FLAG") == 0)
				in->role[i] = R_FLAG;
			else if (strcmp(f, "CONF_STATUS") == 0)
				in->role[i] = R_SDMX_CONF;
			else if (in->variant == SDMX_CSV_2 && i > 0 && in->role[i - 1] != R_SDMX_SKIP &&
			    in->role[i - 1] != R_SDMX_SOURCE && in->role[i - 1] != R_SDMX_LABEL) {
				/* SDMX-CSV 2.0 with labels: each code column is followed by its label */
				int lower = 0, upper = 0, space = strchr(f, ' ') != NULL;

				for (j = 0; f[j] != '\0'; j++) {
					lower |= islower((unsigned char)f[j]);
					upper |= isupper((unsigned char)f[j]);
				}
				in->role[i] = space || (lower && upper) ? R_SDMX_LABEL : R_DIM;
			} else
				in->role[i] = R_DIM;
			if (in->role[i] == R_DIM)
				add_dim(in, lower_name(in->field[i], in->flen[i]));
		}
		for (i = 0, j = 0; i < in->ncols; i++)
			j |= 1u << in->role[i];
		if (!(j & 1u << R_TIME) || !(j & 1u << R_VALUE))
			data_error(in, 1, "SDMX-CSV without TIME_PERIOD or OBS_VALUE column");
		break;
	case REGION_LONG:
	case REGION_WIDE:
	case REGION_TABLE:
		region_header(in);
		break;
	default:
		abort();
	}
}

/* A value of a coded column that is neither a code nor a known label:
 * its row is refused, and each such value told once, with its rows. */
static void
unmapped(struct import *in, size_t i, const char *v, size_t n)
{
	char key[600], place[600];
	const char *dim = in->coded[i];
	struct tally_kind *k;
	void **slot;
	int added, klen;

	klen = snprintf(key, sizeof key, "%zu\t%.*s", i, (int)n, v);
	slot = strmap_put(&in->unmapped_slot, key, klen < (int)sizeof key ? (size_t)klen : sizeof key - 1, &added);
	if (added)
		*slot = xcalloc(1, sizeof(size_t));
	snprintf(place, sizeof place, "%s:%lu", in->name, in->recline);
	k = tally_count(&in->unmapped, *slot, in->recline, place);
	if (k->n == 1)
		tally_text(k, "column '%s' (%s): \"%.*s\" is neither a code of %s nor a label known for it: "
		    "row rejected (a --map line \"code<TAB>%s<TAB>CODE<TAB>%.*s\" reads it)",
		    in->colname[i], dim, (int)n, v, dim, dim, (int)n, v);
	in->counts.errors++;
	in->opt->errors++;
	if (in->status < EXIT_DATA)
		in->status = EXIT_DATA;
}

/* Column i's value as its code: 1, or 0 when it maps to none (told). */
static int
to_code(struct import *in, size_t i, char **v, size_t *n)
{
	const char *code = *n > 0 ? labels_code(in->opt->labels, in->coded[i], *v, *n) : NULL;

	if (code == NULL) {
		unmapped(in, i, *v, *n);
		return 0;
	}
	if (code != *v) {
		*v = (char *)code;
		*n = strlen(code);
	}
	return 1;
}

static void
add_flags(struct cell *c, flagset f)
{
	flagset fs = 0;

	flags_parse(c->flags, c->flen, &fs);
	c->flen = flags_format(flags_union(fs, f), c->flags);
}

/* What a CSV record gives beside its dimensions (which go into in->fixed). */
struct record {
	const char *time, *value, *flag, *src;
	size_t timelen, valuelen, flaglen, srclen;
	int conf, rejected, valuecol;
	char *srcbuf;		/* src when made from the row's dataflow: to free */
};

/* The record's fields by their roles: dimensions into in->fixed (coded ones
 * to their codes: a label without one rejects the row, rec->rejected), the
 * rest into rec. 0, or -1 after a data error. */
static int
record_roles(struct import *in, struct record *rec)
{
	size_t i, d, *fixedlen = in->fixedlen;
	char **fixed = in->fixed;

	for (i = 0; i < in->nudims; i++)
		fixed[i] = NULL;
	for (i = 0, d = 0; i < in->ncols; i++) {
		switch (in->role[i]) {
		case R_DIM:
		case R_GEO:
			fixed[in->dimpos[d]] = in->field[i];
			fixedlen[in->dimpos[d]] = in->flen[i];
			if (in->coded != NULL && in->coded[i] != NULL &&
			    !to_code(in, i, &fixed[in->dimpos[d]], &fixedlen[in->dimpos[d]]))
				rec->rejected = 1;
			d++;
			break;
		case R_TIME:
			rec->time = in->field[i];
			rec->timelen = in->flen[i];
			break;
		case R_VALUE:
			rec->valuecol = (int)i;
			rec->value = in->field[i];
			rec->valuelen = in->flen[i];
			break;
		case R_FLAG:
			rec->flag = in->field[i];
			rec->flaglen = in->flen[i];
			break;
		case R_IGNORE_EMPTY:
			if (in->flen[i] > 0) {
				data_error(in, in->recline, "\"%s\" in column %zu, which has no name", in->field[i], i + 1);
				return -1;
			}
			break;
		case R_SDMX_SOURCE:
			if (rec->src == NULL) {
				rec->src = rec->srcbuf = source_of_dataflow(in->field[i], in->flen[i]);
				rec->srclen = strlen(rec->src);
			}
			break;
		case R_SDMX_CONF:
			/* SDMX confidentiality: anything but F (free) is confidential */
			rec->conf = in->flen[i] > 0 && strcmp(in->field[i], "F") != 0;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* A wide record: one observation per period column. */
static void
put_wide_record(struct import *in, const struct record *rec)
{
	struct cell c;
	size_t i, nl;

	if (in->subcode == NULL)
		build_frame(in, rec->src, rec->srclen, in->fixed, in->fixedlen, NULL, 0);
	for (i = 0; i < in->ncols; i++) {
		if (in->role[i] != R_PERIOD_COL)
			continue;
		nl = in->lab[i];
		if (in->subcode != NULL) {	/* a second header row: this column's code */
			in->fixed[in->dimpos[in->subdim]] = in->subcode[i];
			in->fixedlen[in->dimpos[in->subdim]] = strlen(in->subcode[i]);
			build_frame(in, rec->src, rec->srclen, in->fixed, in->fixedlen, NULL, 0);
		}
		if (parse_cell(in, in->recline, in->labels[nl], in->field[i], in->flen[i], &c,
		    field_stored(in, i)) == 0) {
			if (in->lflags[nl] != 0 && c.vlen > 0)
				add_flags(&c, in->lflags[nl]);
			put_framed(in, nl, &c);
			in->counts.written++;
		}
	}
}

/* A long record (a region's or SDMX-CSV): one observation, its time from
 * its column or --period, its flags from its column and its confidentiality. */
static void
put_long_record(struct import *in, struct record *rec)
{
	unsigned long ln = in->recline;
	struct cell c;
	size_t i;

	if (rec->time == NULL) {
		rec->time = in->opt->period;
		rec->timelen = strlen(rec->time);
	}
	if (rec->timelen == 0) {
		data_error(in, ln, "empty time");
		return;
	}
	if (parse_cell(in, ln, in->variant == REGION_LONG ? in->opt->value : "OBS_VALUE", rec->value,
	    rec->valuelen, &c, rec->valuecol >= 0 && field_stored(in, (size_t)rec->valuecol)) != 0)
		return;
	if (rec->flaglen > 0 || rec->conf) {
		flagset fs = 0, more = 0;
		size_t bad;

		if ((bad = flags_parse(rec->flag, rec->flaglen, &fs)) != 0) {
			data_error(in, ln, "column '%s': \"%s\": '%c' is not a Eurostat flag (%s)",
			    in->variant == REGION_LONG ? in->opt->flag : "OBS_FLAG", rec->flag,
			    rec->flag[bad - 1], FLAGS_KNOWN);
			return;
		}
		flags_parse(c.flags, c.flen, &more);
		fs = flags_union(fs, more);
		if (rec->conf)
			fs = flags_union(fs, 1u << ('c' - 'a'));
		c.flen = flags_format(fs, c.flags);
	}
	tsv_put_field(in->out, rec->src, rec->srclen);
	for (i = 0; i < in->nudims; i++) {
		if (in->fixed[i] != NULL)
			tsv_put_field(in->out, in->fixed[i], in->fixedlen[i]);
		else
			tsv_put_wire(in->out, "", 0);
	}
	tsv_put_field(in->out, rec->time, rec->timelen);
	put_value_flag(in, &c);
	in->counts.written++;
}

static void
csv_record(struct import *in)
{
	struct record rec = { .value = "", .flag = "", .valuecol = -1 };

	if (!row_counted(in))
		return;
	rec.src = in->source;
	rec.srclen = rec.src != NULL ? strlen(rec.src) : 0;
	if (record_roles(in, &rec) == 0 && !rec.rejected) {
		if (rec.src == NULL || *rec.src == '\0')
			data_error(in, in->recline, "no dataset code in this row: give --source");
		else if (in->variant == REGION_WIDE)
			put_wide_record(in, &rec);
		else
			put_long_record(in, &rec);
	}
	free(rec.srcbuf);
}

/* A table's row (--table): its cells as they are, a label of a coded column
 * as its code, the origin last. */
static void
table_record(struct import *in)
{
	char num[24];
	size_t i, d;
	int rejected = 0;

	if (!row_counted(in))
		return;
	for (i = 0; i < in->nudims; i++)
		in->fixed[i] = NULL;
	for (i = 0, d = 0; i < in->ncols; i++) {
		if (in->role[i] == R_IGNORE_EMPTY) {
			if (in->flen[i] > 0) {
				data_error(in, in->recline, "\"%s\" in column %zu, which has no name", in->field[i], i + 1);
				return;
			}
			continue;
		}
		in->fixed[in->dimpos[d]] = in->field[i];
		in->fixedlen[in->dimpos[d]] = in->flen[i];
		if (in->coded[i] != NULL && in->flen[i] > 0 &&
		    !to_code(in, i, &in->fixed[in->dimpos[d]], &in->fixedlen[in->dimpos[d]]))
			rejected = 1;
		d++;
	}
	if (rejected)
		return;
	for (i = 0; i < in->nudims; i++)
		tsv_put_field(in->out, in->fixed[i] != NULL ? in->fixed[i] : "", in->fixed[i] != NULL ? in->fixedlen[i] : 0);
	if (in->opt->origin) {
		tsv_put_wire(in->out, in->origin.s, in->origin.len);
		tsv_put_bytes(in->out, num, (size_t)snprintf(num, sizeof num, "%lu", in->recline));
	}
	tsv_end_row(in->out);
	in->counts.written++;
}

/*
 * Opening: read the first line and decide the variant.
 */
/* A name that says workbook: read as one, so that a broken one is told as such. */
static int
workbook_named(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot != NULL && (strcasecmp(dot, ".xlsx") == 0 || strcasecmp(dot, ".xlsm") == 0 ||
	    strcasecmp(dot, ".ods") == 0 || strcasecmp(dot, ".xls") == 0);
}

/* A region's own layout, as the options say (wide, a plain table, long): sets
 * in->variant and returns 1, or 0 when the options name none. */
static int
region_variant(struct import *in)
{
	if (in->opt->wide)
		in->variant = REGION_WIDE;
	else if (in->opt->table)
		in->variant = REGION_TABLE;
	else if (in->opt->geo != NULL)
		in->variant = REGION_LONG;
	else
		return 0;
	return 1;
}

static void read_workbook(struct import *in);

static void
read_header(struct import *in)
{
	char *line, *tab, *bs;
	size_t len;
	int delim, rc;

	if (workbook_sniff(in->path) || workbook_named(in->path)) {
		read_workbook(in);
		return;
	}
	if (line_reader_open(&in->lr, in->path) == -1) {
		diag_warn("%s: %s", in->name, strerror(errno));
		in->status = EXIT_TROUBLE;
		return;
	}
	in->opened = 1;
	if (in->opt->encoding != NULL && (in->cd = iconv_open("UTF-8", in->opt->encoding)) == (iconv_t)-1) {
		diag_warn("%s: cannot read encoding %s: %s", in->name, in->opt->encoding, strerror(errno));
		in->status = EXIT_TROUBLE;
		return;
	}
	if (in->opt->source != NULL)
		in->source = xstrdup(in->opt->source);
	if ((rc = next_line(in, &line, &len)) <= 0) {
		if (rc == 0 && in->status == 0)
			data_error(in, 1, "empty input: no header");
		return;
	}
	tab = memchr(line, '\t', len);
	bs = memchr(line, '\\', tab != NULL ? (size_t)(tab - line) : len);
	if (in->opt->geo == NULL && !in->opt->wide && tab != NULL && bs != NULL) {
		if (in->source == NULL) {
			if (strcmp(in->name, "stdin") == 0) {
				data_error(in, 1, "reading stdin: give --source ID (the dataset code)");
				return;
			}
			in->source = source_of_path(in->path);
		}
		eurostat_header(in, line, len);
		return;
	}
	if (in->opt->geo == NULL && !in->opt->wide &&
	    (strncmp(line, "DATAFLOW,", 9) == 0 || strncmp(line, "\"DATAFLOW\",", 11) == 0))
		in->variant = SDMX_CSV_1;
	else if (in->opt->geo == NULL && !in->opt->wide &&
	    (strncmp(line, "STRUCTURE,", 10) == 0 || strncmp(line, "\"STRUCTURE\",", 12) == 0))
		in->variant = SDMX_CSV_2;
	else if (region_variant(in))
		;
	else {
		data_error(in, 1, "unrecognised format: not Eurostat TSV (no '\\' in the first field), "
		    "not SDMX-CSV; for a region's own file give --geo, --time and --value, or --wide");
		return;
	}
	if (in->variant >= REGION_LONG && in->variant != REGION_TABLE && in->source == NULL) {
		if (strcmp(in->name, "stdin") == 0) {
			data_error(in, 1, "reading stdin: give --source ID");
			return;
		}
		in->source = source_of_path(in->path);
	}
	delim = in->variant <= SDMX_CSV_2 ? ',' : in->opt->delim != 0 ? in->opt->delim : detect_delim(line, len);
	/* a title above the header, with no separator: a row of one cell */
	while (delim == 0 && in->variant >= REGION_LONG && in->counts.titles + in->nblank_top < TITLE_MAX) {
		if (len == 0)
			in->nblank_top++;
		else if (in->counts.titles++ == 0) {
			in->title_line = in->lr.lineno;
			in->title = xstrndup(line, len);
		}
		if ((rc = next_line(in, &line, &len)) <= 0) {
			if (rc == 0 && in->status == 0)
				header_missing(in);
			return;
		}
		delim = detect_delim(line, len);
	}
	if (delim == 0) {
		data_error(in, 1, "cannot tell the separator from the header: give -d ';' or -d ','");
		return;
	}
	csv_start(in, delim);
	/* the header record goes through libcsv like every other; a quoted name
	 * may run over several lines, a title may come first */
	for (;;) {
		if (!in->in_record)
			in->recline = in->lr.lineno;
		in->in_record = 1;
		if (csv_parse(&in->csv, line, len, csv_field_cb, csv_record_cb, in) != len ||
		    csv_parse(&in->csv, "\n", 1, csv_field_cb, csv_record_cb, in) != 1) {
			data_error(in, in->lr.lineno, "CSV: %s", csv_strerror(csv_error(&in->csv)));
			return;
		}
		if ((in->header_done && !in->second_pending) || in->status != 0)
			return;
		if ((rc = next_line(in, &line, &len)) <= 0) {
			if (rc == 0 && in->status == 0 && in->in_record)
				data_error(in, in->lr.lineno, "CSV: the header ends inside a quoted field");
			else if (rc == 0 && in->status == 0 && !in->header_done)
				header_missing(in);
			return;
		}
	}
}

/* A workbook: its sheet read whole, then its rows until the header. */
static void
read_workbook(struct import *in)
{
	char err[512];
	struct sheet *sh;
	size_t r, i;

	if ((sh = in->sheet = sheet_read(in->path, in->opt->sheet, err, sizeof err)) == NULL) {
		diag_warn("%s: %s", in->name, err);
		in->status = EXIT_TROUBLE;
		return;
	}
	if (sh->unseen != NULL)
		diag_warn("%s: warning: sheet '%s': %s", in->name, sh->name, sh->unseen);
	if (sh->nhidden > 0) {
		char rows[128];
		size_t n = 0;

		for (i = 0; i < sh->nhidden && i < SHEET_HIDDEN_SHOWN; i++)
			n += (size_t)snprintf(rows + n, sizeof rows - n, "%s%lu", i > 0 ? ", " : "", sh->hidden[i]);
		in->counts.hidden = sh->nhidden;
		diag_warn("%s: warning: sheet '%s': %lu hidden row%s skipped (row%s %s%s)", in->name, sh->name,
		    sh->nhidden, sh->nhidden == 1 ? "" : "s", sh->nhidden == 1 ? "" : "s", rows,
		    sh->nhidden > SHEET_HIDDEN_SHOWN ? " …" : "");
	}
	for (r = 0; r < sh->nrows && sh->cell[r * sh->ncols] == NULL; r++)
		;
	if (in->opt->source != NULL)
		in->source = xstrdup(in->opt->source);
	if (!in->opt->wide && in->opt->geo == NULL && r < sh->nrows &&
	    (strcmp(sh->cell[r * sh->ncols], "DATAFLOW") == 0 || strcmp(sh->cell[r * sh->ncols], "STRUCTURE") == 0))
		in->variant = strcmp(sh->cell[r * sh->ncols], "DATAFLOW") == 0 ? SDMX_CSV_1 : SDMX_CSV_2;
	else if (region_variant(in))
		;
	else {
		data_error(in, 1, "a workbook is read as SDMX-CSV (DATAFLOW or STRUCTURE first) or as a region's "
		    "table: give --geo, --time and --value, or --wide --geo");
		return;
	}
	if (in->variant >= REGION_LONG && in->source == NULL)
		in->source = source_of_path(in->path);
	sheet_feed(in, 1);
	if (!in->header_done && in->status == 0) {
		if (in->variant >= REGION_LONG)
			header_missing(in);
		else
			data_error(in, 1, "empty sheet: no header");
	}
}

int
import_open(struct import **inp, const char *path, struct import_options *opt)
{
	struct import *in = *inp = xcalloc(1, sizeof *in);

	in->opt = opt;
	in->path = path;
	in->name = diag_name(path);
	in->cd = (iconv_t)-1;
	in->hline = 1;
	tally_init(&in->unmapped);
	strmap_init(&in->unmapped_slot);
	if (opt->origin) {
		buf_add_escaped(&in->origin, in->name, strlen(in->name));
		text_add(&in->origin, ":", 1);
	}
	read_header(in);
	if (in->second_pending) {	/* nothing under the header */
		in->second_pending = 0;
		no_second(in);
	}
	return in->status;
}

size_t
import_ndims(const struct import *in)
{
	return in->ndims;
}

const char *
import_dim(const struct import *in, size_t i)
{
	assert(i < in->ndims);
	return in->dims[i];
}

int
import_write(struct import *in, struct tsv_writer *out, const size_t *dimpos, size_t nudims)
{
	size_t i;

	assert(in->status == 0);
	in->out = out;
	in->nudims = nudims;
	in->dimpos = xcalloc(in->ndims + 1, sizeof *in->dimpos);
	for (i = 0; i < in->ndims; i++) {
		assert(dimpos[i] < nudims);
		in->dimpos[i] = dimpos[i];
	}
	in->fixed = xcalloc(nudims + 1, sizeof *in->fixed);
	in->fixedlen = xcalloc(nudims + 1, sizeof *in->fixedlen);
	if (in->variant == EUROSTAT_TSV || in->variant == REGION_WIDE)
		in->vary = nudims;	/* the period varies across the columns */
	else if (in->variant == EUROSTAT_TSV_TRANSPOSED)
		in->vary = in->dimpos[in->ndims - 1];	/* the column dimension */
	if (import_stopped(in->opt))
		return 0;
	if (in->held_data) {	/* the table's first row, read with the header */
		in->held_data = 0;
		replay(in);
	}
	if (in->variant <= EUROSTAT_TSV_TRANSPOSED)
		eurostat_rows(in);
	else if (in->sheet != NULL)
		sheet_feed(in, 0);
	else
		csv_feed(in);
	notes_end(in);
	tally_tell(&in->unmapped);
	return in->status;
}

const struct import_counts *
import_counts(const struct import *in)
{
	return &in->counts;
}

enum import_variant
import_variant(const struct import *in)
{
	return in->variant;
}

const char *
import_source(const struct import *in)
{
	return in->source;
}

void
import_close(struct import *in)
{
	size_t i;

	if (in->opened)
		line_reader_close(&in->lr);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	if (in->csv_ready)
		csv_free(&in->csv);
	for (i = 0; i < in->ndims; i++)
		free(in->dims[i]);
	for (i = 0; i < in->nlabels; i++) {
		free(in->labels[i]);
		free(in->wirelabels[i]);
	}
	free(in->wirelabels);
	free(in->wirelen);
	free(in->dims);
	free(in->labels);
	free(in->dimpos);
	free(in->role);
	free(in->field);
	free(in->flen);
	free(in->fieldoff);
	free(in->record.s);
	free(in->conv.s);
	free(in->source);
	free(in->fixed);
	free(in->fixedlen);
	free(in->pre.s);
	free(in->post.s);
	free(in->origin.s);
	free(in->scratch.s);
	for (i = 0; i < in->ncols && in->colname != NULL; i++)
		free(in->colname[i]);
	free(in->colname);
	free(in->coded);
	for (i = 0; i < in->ncols && in->head != NULL; i++)
		free(in->head[i]);
	for (i = 0; i < in->ncols && in->subcode != NULL; i++)
		free(in->subcode[i]);
	free(in->head);
	free(in->subcode);
	free(in->lab);
	free(in->cover);
	free(in->lflags);
	free(in->title);
	for (i = 0; i < in->nheld; i++) {
		free(in->held[i].buf);
		free(in->held[i].flen);
		free(in->held[i].stored);
	}
	free(in->held);
	tally_free(&in->unmapped);
	strmap_free(&in->unmapped_slot, free);
	sheet_free(in->sheet);
	free(in);
}
