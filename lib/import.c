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

#include <csv.h>

#include "diag.h"
#include "flags.h"
#include "import.h"
#include "lines.h"
#include "num.h"
#include "tsv.h"
#include "utf8.h"


const char *const import_variant_names[] = {
	"Eurostat TSV", "Eurostat TSV, transposed", "SDMX-CSV 1.0", "SDMX-CSV 2.0",
	"region CSV, long", "region CSV, wide"
};


/* A growable byte string, for the escaped pieces of an output line. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->len + n + 1, 1);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* Appends s escaped per SPEC §3. */
static void
buf_add_escaped(struct buf *b, const char *s, size_t n)
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
	struct buf conv;	/* the current line converted to UTF-8 */
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
	struct buf record;	/* storage of the current record's fields */
	size_t *fieldoff;
	unsigned long recline;	/* line where the current record began */
	int header_done;
	int in_record;		/* a record (a quoted field) runs on over lines */

	const struct import_options *opt;
	struct tsv_writer *out;
	size_t nudims;		/* dimensions of the output table */
	struct buf pre, post, scratch;	/* pieces of the output line */
	char **fixed;		/* a record's value for each output dimension */
	size_t *fixedlen, fixedcap;

	struct import_counts counts;
	int status;
	struct buf origin;	/* --origin: the name escaped and ':', a row's line after it */
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
	(*in->opt->error_count)++;
	if (in->opt->max_errors == 0 || *in->opt->error_count <= in->opt->max_errors)
		diag_warn_at(in->name, line, "%s", msg);
	if (in->status < EXIT_DATA)
		in->status = EXIT_DATA;
}

int
import_stopped(const struct import_options *opt)
{
	return opt->max_errors != 0 && *opt->error_count > opt->max_errors;
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

int
import_is_period(const char *s)
{
	size_t n = strlen(s), i;
	int k, max;

	if (n < 4)
		return 0;
	for (i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	if (n == 4)
		return 1;
	s += 4;
	if (*s == '-')
		s++;
	if ((s[0] == 'Q' && s[1] >= '1' && s[1] <= '4' && s[2] == '\0') ||
	    (s[0] == 'S' && (s[1] == '1' || s[1] == '2') && s[2] == '\0'))
		return 1;
	max = s[0] == 'W' ? 53 : 12;	/* ISO weeks; months, with or without M */
	if (s[0] == 'M' || s[0] == 'W')
		s++;
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != '\0')
		return 0;
	k = (s[0] - '0') * 10 + (s[1] - '0');
	return k >= 1 && k <= max;
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
			data_error(in, 1, "dimension '%s' appears twice in the header", name);
			free(name);
			return;
		}
	if (is_reserved(name)) {
		data_error(in, 1, "a dimension may not be named '%s' (an obs column)", name);
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

static int
thousands_grouped(const char *s, size_t n, char sep, char dec)
{
	size_t i = 0, run = 0, groups = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < n && s[i] != dec; i++) {
		if (s[i] == sep) {
			if ((groups == 0 && (run == 0 || run > 3)) || (groups > 0 && run != 3))
				return 0;
			groups++;
			run = 0;
		} else if (isdigit((unsigned char)s[i]))
			run++;
		else
			return 0;
	}
	return groups > 0 && run == 3;
}

/* Rewrites a number with declared separators into C form in b; 0 on success. */
static int
c_form(const struct import_options *opt, const char *s, size_t n, struct buf *b, const char **why)
{
	char dec = opt->decimal_comma ? ',' : '.';
	size_t i;

	b->len = 0;
	if (opt->thousands && memchr(s, opt->thousands, n) != NULL &&
	    !thousands_grouped(s, n, (char)opt->thousands, dec)) {
		*why = "has a misplaced thousands separator";
		return -1;
	}
	if (opt->decimal_comma && opt->thousands != '.' && memchr(s, '.', n) != NULL) {
		*why = "has a '.' but --decimal-comma was given (declare --thousands=.)";
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (opt->thousands && s[i] == opt->thousands)
			continue;
		buf_add(b, s[i] == dec ? "." : s + i, 1);
	}
	return 0;
}

static int
parse_cell(struct import *in, unsigned long line, const char *col, const char *s, size_t n,
    struct cell *c, struct buf *scratch)
{
	const char *v, *f, *why = NULL;
	size_t vn, fn, bad;
	flagset flags = 0;
	double x;
	enum num_error e;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && s[0] == ' ')
		s++, n--;
	v = s;
	f = memchr(s, ' ', n);
	vn = f != NULL ? (size_t)(f - s) : n;
	if (f != NULL) {
		while (*f == ' ')
			f++;
		fn = (size_t)(s + n - f);
	} else {
		f = "";
		fn = 0;
	}
	if (vn == 1 && v[0] == ':')
		vn = 0;
	else if (vn > 1 && v[0] == ':' && f[0] == '\0') {
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
	if (in->opt->decimal_comma || in->opt->thousands) {
		if (c_form(in->opt, v, vn, scratch, &why) == -1) {
			data_error(in, line, "column '%s': \"%.*s\" %s", col, (int)vn, v, why);
			return -1;
		}
		c->value = scratch->s;
		c->vlen = scratch->len;
	}
	e = num_parse(c->value, c->vlen, &x);
	if (e == NUM_COMMA && !in->opt->decimal_comma && !in->opt->thousands) {
		if (thousands_grouped(v, vn, ',', '.'))
			why = "is not a number: a thousands separator or a decimal comma? "
			    "declare it with --thousands=, or --decimal-comma";
		else
			why = "is not a number: a decimal comma needs --decimal-comma";
		data_error(in, line, "column '%s': \"%.*s\" %s", col, (int)vn, v, why);
		return -1;
	}
	if (e != NUM_OK) {
		data_error(in, line, "column '%s': \"%.*s\" %s", col, (int)vn, v, num_strerror(e));
		return -1;
	}
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
	struct buf *b = &in->pre;

	in->pre.len = in->post.len = 0;
	buf_add(&in->pre, "", 0);
	buf_add(&in->post, "", 0);
	buf_add_escaped(b, source, srclen);
	for (u = 0; u <= in->nudims; u++) {
		if (u == in->vary) {
			b = &in->post;
			if (u == in->nudims)
				break;
			continue;
		}
		buf_add(b, "\t", 1);
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
		else if (in->variant == EUROSTAT_TSV && !import_is_period(label))
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
			    &c, &in->scratch) == 0) {
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
	buf_add(&in->record, s != NULL ? s : "", s != NULL ? n : 0);
	buf_add(&in->record, "", 1);	/* keep the NUL */
	in->nfield++;
}

static void csv_header(struct import *in);
static void csv_record(struct import *in);

static void
csv_record_cb(int c, void *data)
{
	struct import *in = data;
	size_t i;

	(void)c;
	if (in->field == NULL)	/* a record of no field */
		in->field = xcalloc(1, sizeof *in->field);
	for (i = 0; i < in->nfield; i++)
		in->field[i] = in->record.s + in->fieldoff[i];
	if (!in->header_done) {
		assert(in->out == NULL);	/* read_header reads the whole header record */
		in->header_done = 1;
		csv_header(in);
	} else if (in->status != EXIT_TROUBLE && !import_stopped(in->opt))
		csv_record(in);
	in->nfield = 0;
	in->record.len = 0;
	in->in_record = 0;
}

static int
find_column(struct import *in, const char *want, const char *option)
{
	size_t i;

	for (i = 0; i < in->nfield; i++)
		if (strcmp(in->field[i], want) == 0)
			return (int)i;
	data_error(in, 1, "no column named '%s' (%s)", want, option);
	return -1;
}

static void
set_role(struct import *in, const char *col, const char *option, enum role r)
{
	int i;

	if (col != NULL && (i = find_column(in, col, option)) >= 0) {
		if (in->role[i] != R_DIM)
			data_error(in, 1, "column '%s' is given two roles", col);
		in->role[i] = r;
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
			if (in->flen[i] > 0 && strcmp(in->field[i], in->field[j]) == 0)
				data_error(in, 1, "column '%s' appears twice in the header", in->field[i]);
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
		set_role(in, in->opt->geo, "--geo", R_GEO);
		if (in->variant == REGION_LONG) {
			set_role(in, in->opt->time, "--time", R_TIME);
			set_role(in, in->opt->value, "--value", R_VALUE);
			set_role(in, in->opt->flag, "--flag", R_FLAG);
		}
		for (i = 0; i < in->ncols; i++) {
			if (in->role[i] != R_DIM)
				continue;
			if (in->flen[i] == 0)
				in->role[i] = R_IGNORE_EMPTY;
			else if (in->variant == REGION_WIDE && import_is_period(in->field[i])) {
				in->role[i] = R_PERIOD_COL;
				add_label(in, xstrdup(in->field[i]));
			}
		}
		if (in->variant == REGION_WIDE && in->nlabels == 0)
			data_error(in, 1, "--wide: no column is named like a period (2021, 2021-Q3 …)");
		for (i = 0; i < in->ncols; i++) {
			if (in->role[i] == R_GEO)
				add_dim(in, xstrdup("geo"));
			else if (in->role[i] == R_DIM)
				add_dim(in, dim_name(in->field[i], in->flen[i], i));
		}
		break;
	default:
		abort();
	}
}

static void
csv_record(struct import *in)
{
	char **fixed = in->fixed;
	size_t *fixedlen = in->fixedlen;
	size_t i, d, nl;
	const char *time = NULL, *value = "", *flag = "", *src = in->source;
	size_t timelen = 0, valuelen = 0, flaglen = 0, srclen = src != NULL ? strlen(src) : 0;
	unsigned long ln = in->recline;
	struct cell c;
	int conf = 0;
	char *srcbuf = NULL;

	for (i = 0; i < in->nfield && in->flen[i] == 0; i++)
		;
	if (i == in->nfield) {
		in->counts.skipped++;	/* spreadsheet padding */
		return;
	}
	in->counts.rows++;
	if (in->nfield != in->ncols) {
		data_error(in, ln, "ragged row: %zu field%s, the header has %zu",
		    in->nfield, in->nfield == 1 ? "" : "s", in->ncols);
		return;
	}
	for (i = 0; i < in->nudims; i++)
		fixed[i] = NULL;
	for (i = 0, d = 0; i < in->ncols; i++) {
		switch (in->role[i]) {
		case R_DIM:
		case R_GEO:
			fixed[in->dimpos[d]] = in->field[i];
			fixedlen[in->dimpos[d]] = in->flen[i];
			d++;
			break;
		case R_TIME:
			time = in->field[i];
			timelen = in->flen[i];
			break;
		case R_VALUE:
			value = in->field[i];
			valuelen = in->flen[i];
			break;
		case R_FLAG:
			flag = in->field[i];
			flaglen = in->flen[i];
			break;
		case R_IGNORE_EMPTY:
			if (in->flen[i] > 0) {
				data_error(in, ln, "\"%s\" in column %zu, which has no name", in->field[i], i + 1);
				return;
			}
			break;
		case R_SDMX_SOURCE:
			if (src == NULL) {
				src = srcbuf = source_of_dataflow(in->field[i], in->flen[i]);
				srclen = strlen(src);
			}
			break;
		case R_SDMX_CONF:
			/* SDMX confidentiality: anything but F (free) is confidential */
			conf = in->flen[i] > 0 && strcmp(in->field[i], "F") != 0;
			break;
		default:
			break;
		}
	}
	if (src == NULL || *src == '\0') {
		data_error(in, ln, "no dataset code in this row: give --source");
		goto done;
	}
	if (in->variant == REGION_WIDE) {
		build_frame(in, src, srclen, fixed, fixedlen, NULL, 0);
		for (i = 0, nl = 0; i < in->ncols; i++) {
			if (in->role[i] != R_PERIOD_COL)
				continue;
			if (parse_cell(in, ln, in->labels[nl], in->field[i], in->flen[i], &c, &in->scratch) == 0) {
				put_framed(in, nl, &c);
				in->counts.written++;
			}
			nl++;
		}
		goto done;
	}
	if (time == NULL) {
		time = in->opt->period;
		timelen = strlen(time);
	}
	if (timelen == 0) {
		data_error(in, ln, "empty time");
		goto done;
	}
	if (parse_cell(in, ln, in->variant == REGION_LONG ? in->opt->value : "OBS_VALUE", value, valuelen, &c,
	    &in->scratch) != 0)
		goto done;
	if (flaglen > 0 || conf) {
		flagset fs = 0, more = 0;
		size_t bad;

		if ((bad = flags_parse(flag, flaglen, &fs)) != 0) {
			data_error(in, ln, "column '%s': \"%s\": '%c' is not a Eurostat flag (%s)",
			    in->variant == REGION_LONG ? in->opt->flag : "OBS_FLAG", flag, flag[bad - 1], FLAGS_KNOWN);
			goto done;
		}
		flags_parse(c.flags, c.flen, &more);
		fs = flags_union(fs, more);
		if (conf)
			fs = flags_union(fs, 1u << ('c' - 'a'));
		c.flen = flags_format(fs, c.flags);
	}
	tsv_put_field(in->out, src, srclen);
	for (i = 0; i < in->nudims; i++) {
		if (fixed[i] != NULL)
			tsv_put_field(in->out, fixed[i], fixedlen[i]);
		else
			tsv_put_wire(in->out, "", 0);
	}
	tsv_put_field(in->out, time, timelen);
	put_value_flag(in, &c);
	in->counts.written++;
done:
	free(srcbuf);
}

/*
 * Opening: read the first line and decide the variant.
 */
static void
read_header(struct import *in)
{
	char *line, *tab, *bs;
	size_t len;
	int delim, rc;

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
	else if (in->opt->wide)
		in->variant = REGION_WIDE;
	else if (in->opt->geo != NULL)
		in->variant = REGION_LONG;
	else {
		data_error(in, 1, "unrecognised format: not Eurostat TSV (no '\\' in the first field), "
		    "not SDMX-CSV; for a region's own file give --geo, --time and --value, or --wide");
		return;
	}
	if (in->variant >= REGION_LONG && in->source == NULL) {
		if (strcmp(in->name, "stdin") == 0) {
			data_error(in, 1, "reading stdin: give --source ID");
			return;
		}
		in->source = source_of_path(in->path);
	}
	delim = in->variant <= SDMX_CSV_2 ? ',' : in->opt->delim != 0 ? in->opt->delim : detect_delim(line, len);
	if (delim == 0) {
		data_error(in, 1, "cannot tell the separator from the header: give -d ';' or -d ','");
		return;
	}
	csv_start(in, delim);
	/* the header record goes through libcsv like every other; a quoted name
	 * may run over several lines */
	in->recline = 1;
	for (;;) {
		if (csv_parse(&in->csv, line, len, csv_field_cb, csv_record_cb, in) != len ||
		    csv_parse(&in->csv, "\n", 1, csv_field_cb, csv_record_cb, in) != 1) {
			data_error(in, in->lr.lineno, "CSV: %s", csv_strerror(csv_error(&in->csv)));
			return;
		}
		if (in->header_done || in->status != 0)
			return;
		if ((rc = next_line(in, &line, &len)) <= 0) {
			if (rc == 0 && in->status == 0)
				data_error(in, in->lr.lineno, "CSV: the header ends inside a quoted field");
			return;
		}
	}
}

struct import *
import_open(const char *path, const struct import_options *opt)
{
	struct import *in = xcalloc(1, sizeof *in);

	assert(opt->error_count != NULL);
	in->opt = opt;
	in->path = path;
	in->name = diag_name(path);
	in->cd = (iconv_t)-1;
	if (opt->origin) {
		buf_add_escaped(&in->origin, in->name, strlen(in->name));
		buf_add(&in->origin, ":", 1);
	}
	read_header(in);
	return in;
}

int
import_status(const struct import *in)
{
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

void
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
		return;
	if (in->variant <= EUROSTAT_TSV_TRANSPOSED)
		eurostat_rows(in);
	else
		csv_feed(in);
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
	free(in);
}
